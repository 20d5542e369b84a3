"""The pytest plugin behind the smoke suite: ``--base-url``, ``--release`` and the ``smoke_target`` fixture.

The suite's ``conftest.py`` uses it, so ``pytest mesh_lab/smoke_tests -m smoke -x --base-url URL``
works as is. To get the options from anywhere (``pytest -m smoke -x --base-url URL`` at the
project root), load it as a plugin: ``-p mesh_lab.smoke_tests.plugin``. Loading it twice is fine.
"""

from __future__ import annotations

import os

import pytest

from mesh_lab.errors import MeshLabError
from mesh_lab.service import RELEASES, DemoService
from mesh_lab.smoke import Target

BASE_URL_ENV = "MESH_LAB_BASE_URL"
RELEASE_ENV = "MESH_LAB_RELEASE"


def _add_option(group, name: str, **kwargs) -> None:
    try:
        group.addoption(name, **kwargs)
    except ValueError:
        pass  # already added: this plugin loaded twice, or pytest-base-url defines --base-url (same dest)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mesh-lab smoke")
    _add_option(group, "--base-url", default=None,
                help=f"smoke a running service at this URL on 127.0.0.1 (or set ${BASE_URL_ENV})")
    _add_option(group, "--release", default=None, choices=list(RELEASES),
                help=f"without a base URL: the DemoService release to start (or ${RELEASE_ENV}; default healthy)")


def pytest_configure(config: pytest.Config) -> None:
    # Registered here too, so the suite works with --strict-markers outside this repository.
    config.addinivalue_line("markers", "smoke: fast checks against a running demo service")
    base_url = smoke_base_url(config)
    if base_url:
        try:
            Target(base_url)
        except MeshLabError as exc:  # a bad URL is a usage error, reported once, before any test
            raise pytest.UsageError(str(exc)) from None


def smoke_base_url(config: pytest.Config) -> str | None:
    """The base URL from ``--base-url`` or ``$MESH_LAB_BASE_URL`` (``None`` when neither is set)."""
    return config.getoption("--base-url", default=None) or os.environ.get(BASE_URL_ENV)


@pytest.fixture(scope="session")
def smoke_target(request: pytest.FixtureRequest):
    """What the smoke tests talk to: the given base URL, or a DemoService started for the session."""
    base_url = smoke_base_url(request.config)
    if base_url:
        yield Target(base_url)
        return
    release = request.config.getoption("--release", default=None) or os.environ.get(RELEASE_ENV) or "healthy"
    service = DemoService(release)  # test_app_boots boots it, like a deploy would
    try:
        yield Target(service=service)
    finally:
        service.stop()
