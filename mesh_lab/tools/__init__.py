"""Authoring tools for the kit's maintainers (not needed by learners)."""
