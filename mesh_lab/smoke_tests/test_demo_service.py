"""Smoke tests for the demo service: boot, /health green, database reachable, login → dashboard.

Ordered cheapest and most basic first; run with ``pytest -m smoke -x`` so the first failure
stops the run (fail fast). Each test calls the same check the ``SmokeSuite`` uses, so the
notebook's suite and CI's pytest run can never disagree.
"""

from __future__ import annotations

import pytest

from mesh_lab.smoke import (
    check_app_boots,
    check_database_reachable,
    check_health_green,
    check_login_dashboard,
)

pytestmark = pytest.mark.smoke


def test_app_boots(smoke_target):
    """The app starts and answers /version."""
    check_app_boots(smoke_target)


def test_health_is_green(smoke_target):
    """/health answers 200, application/health+json, status pass."""
    check_health_green(smoke_target)


def test_database_reachable(smoke_target):
    """The database check inside /health passes."""
    check_database_reachable(smoke_target)


def test_login_then_dashboard(smoke_target):
    """The key user journey works: log in, then open the dashboard."""
    check_login_dashboard(smoke_target)
