"""The smoke suite's options (``--base-url``, ``--release``) and fixture, from ``plugin.py``."""

from mesh_lab.smoke_tests.plugin import pytest_addoption, pytest_configure, smoke_target  # noqa: F401
