"""Smoke creep: a smoke suite that gains a check every sprint until it is not smoke testing anymore.

Every sprint someone adds “just one more check” to the smoke suite. Each one is reasonable; together
they outgrow the suite's time budget — the seed's rule of thumb: *if it takes more than a few minutes or
covers many edge cases, it's not smoke testing anymore*. This module holds the story as data:

* :data:`CREEP_CHECKS` — the demo service's smoke suite, sprint by sprint, each check marked ``basic``
  when it answers “does it basically work?” (boot, health, database, one key journey);
* :func:`suite_growth` — per sprint: checks, seconds, and whether the suite is over its budget;
* :func:`split_suite` — the checks to keep within a budget, and the ones to move to regression;
* :func:`creeping_suite` — a real :class:`mesh_lab.smoke.SmokeSuite` of a sprint whose checks take their
  time (scaled down), so its run raises the real ``SmokeBudgetWarning`` once it outgrows the budget.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from mesh_lab.errors import MeshLabError
from mesh_lab.smoke import SmokeCheck, SmokeSuite

__all__ = ["CreepCheck", "CREEP_CHECKS", "CREEP_BUDGET_S", "suite_growth", "split_suite", "creeping_suite"]

CREEP_BUDGET_S = 180.0
"""The team's budget for the smoke suite: three minutes (“more than a few minutes … not smoke anymore”)."""


@dataclass(frozen=True)
class CreepCheck:
    """A check added to the smoke suite in ``sprint``: its seconds, and whether it is a basic check."""

    name: str
    seconds: float
    sprint: int
    basic: bool
    what: str = ""

    def __post_init__(self) -> None:
        if not (isinstance(self.seconds, (int, float)) and self.seconds > 0):
            raise MeshLabError(f"check {self.name!r}: seconds must be a positive number, found {self.seconds!r}")
        if not (isinstance(self.sprint, int) and self.sprint >= 1):
            raise MeshLabError(f"check {self.name!r}: sprint must be a whole number from 1, found {self.sprint!r}")


CREEP_CHECKS: tuple[CreepCheck, ...] = (
    CreepCheck("boot", 5, 1, True, "the app starts and answers /version"),
    CreepCheck("health", 1, 1, True, "/health is green"),
    CreepCheck("db", 2, 1, True, "one query reaches the database"),
    CreepCheck("login_dashboard", 8, 1, True, "log in, open the dashboard (API)"),
    CreepCheck("report_pages", 45, 2, False, "every report page renders"),
    CreepCheck("version_matches", 1, 3, True, "/version shows the release just deployed"),
    CreepCheck("password_edge_cases", 60, 3, False, "200 odd passwords: empty, emoji, 1 kB long"),
    CreepCheck("csv_export_10k", 40, 4, False, "export 10,000 orders to CSV and compare"),
    CreepCheck("three_browsers", 90, 5, False, "log in with Chrome, Firefox and Safari"),
    CreepCheck("every_language", 50, 6, False, "the dashboard in 12 languages"),
    CreepCheck("pagination", 30, 7, False, "page through every list"),
    CreepCheck("load_200_logins", 120, 8, False, "200 users log in at once"),
)
"""The demo service's smoke suite as it grew over eight sprints."""


def _checks(checks: Iterable[CreepCheck]) -> list[CreepCheck]:
    checks = list(checks)
    if not all(isinstance(c, CreepCheck) for c in checks):
        raise MeshLabError("checks must be CreepCheck objects (see mesh_lab.creep.CREEP_CHECKS)")
    return checks


def suite_growth(checks: Iterable[CreepCheck] = CREEP_CHECKS, budget_s: float = CREEP_BUDGET_S) -> pd.DataFrame:
    """One row per sprint: checks in the suite, its seconds, its basic checks' seconds, over budget or not."""
    checks = _checks(checks)
    rows = []
    for sprint in range(1, max((c.sprint for c in checks), default=0) + 1):
        suite = [c for c in checks if c.sprint <= sprint]
        seconds = sum(c.seconds for c in suite)
        rows.append({"sprint": sprint, "checks": len(suite), "seconds": seconds,
                     "basic seconds": sum(c.seconds for c in suite if c.basic),
                     "added": ", ".join(c.name for c in checks if c.sprint == sprint),
                     "over budget": seconds > budget_s})
    return pd.DataFrame(rows, columns=["sprint", "checks", "seconds", "basic seconds", "added", "over budget"])


def split_suite(checks: Iterable[CreepCheck] = CREEP_CHECKS,
                budget_s: float = CREEP_BUDGET_S) -> tuple[set[str], set[str]]:
    """``(smoke, regression)``: keep the basic checks (they must fit the budget), move the rest."""
    checks = _checks(checks)
    smoke = {c.name for c in checks if c.basic}
    seconds = sum(c.seconds for c in checks if c.basic)
    if seconds > budget_s:
        raise MeshLabError(f"the basic checks alone take {seconds:g} s, over the {budget_s:g} s budget: "
                           "make them faster (an API call, not a browser) before anything else")
    return smoke, {c.name for c in checks if not c.basic}


def creeping_suite(sprint: int, checks: Iterable[CreepCheck] = CREEP_CHECKS, budget_s: float = CREEP_BUDGET_S,
                   time_scale: float = 0.001) -> SmokeSuite:
    """The real smoke suite of ``sprint``: each check sleeps ``seconds × time_scale``, as does the budget.

    With the default scale a second of the story is a millisecond here, so the run takes a blink, and
    ``SmokeSuite.run`` warns (``SmokeBudgetWarning``) exactly when the story's suite is over budget.
    """
    checks = [c for c in _checks(checks) if c.sprint <= sprint]
    if not checks:
        raise MeshLabError(f"no check had been added by sprint {sprint!r}: sprints start at 1")
    smoke_checks = [SmokeCheck(c.name, "journey" if not c.basic else "health", _sleeper(c.seconds * time_scale),
                               timeout=c.seconds * time_scale + 1.0, description=c.what) for c in checks]
    return SmokeSuite(f"sprint {sprint}", smoke_checks, fail_fast=True, budget_s=budget_s * time_scale)


def _sleeper(seconds: float):
    def check(_target) -> str:
        time.sleep(seconds)
        return f"took {seconds * 1000:.0f} ms"
    return check
