"""Matplotlib figures (presentation layer). One module per topic: ``kit``, ``mesh``, ``smoke``."""
