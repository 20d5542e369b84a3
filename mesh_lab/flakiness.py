"""The flakiness lab: weeks of pipeline runs through a smoke gate whose checks sometimes lie.

A **flaky** check fails now and then with nothing wrong (Google, 2016: about 1.5 % of test runs were
flaky, and about 16 % of tests showed some flakiness). Teams then stop trusting the gate. This seeded
model lets a learner choose a policy and see the price:

* each run, each check fails spuriously with its ``flake_rate`` (independently per attempt);
* now and then a **real fault** arrives (``fault_rate`` per run) in one check: a *solid* fault fails
  every attempt; an *intermittent* one (``intermittent_share`` of faults) fails each attempt with
  probability ``INTERMITTENT_FAIL``;
* the policy decides what a failure means:

  - ``no-rerun``: any failure blocks the run;
  - ``rerun-N``: a failing check is run again up to N times; it blocks only if every attempt fails.
    A rerun hides a flake — and hides an intermittent real fault just as well: both pass on retry;
  - ``quarantine``: a check that flaked (failed, then passed on rerun) ``QUARANTINE_AFTER`` times in a
    week is quarantined for ``expiry_weeks``: it still runs, but its failures no longer block, so a
    real fault in it escapes.

Outputs per week: false alarms (runs blocked with nothing wrong), real faults caught and escaped,
pipeline minutes (every attempt costs its check's seconds) and checks in quarantine.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mesh_lab.errors import MeshLabError

INTERMITTENT_FAIL = 0.5
QUARANTINE_AFTER = 2
POLICY = re.compile(r"^(no-rerun|rerun-(\d+)|quarantine)$")


class FlakinessError(MeshLabError, ValueError):
    """A parameter of the flakiness lab is outside what the model understands."""


@dataclass(frozen=True)
class FlakyCheck:
    """A check of the smoke gate: its name, how often it fails with nothing wrong, and its cost in seconds."""

    name: str
    flake_rate: float
    seconds: float

    def __post_init__(self) -> None:
        if not (isinstance(self.flake_rate, (int, float)) and 0 <= self.flake_rate < 1):
            raise FlakinessError(f"check {self.name!r}: flake_rate is a probability from 0 to below 1, "
                                 f"found {self.flake_rate!r}")
        if not (isinstance(self.seconds, (int, float)) and 0 < self.seconds < 3600):
            raise FlakinessError(f"check {self.name!r}: seconds must be a positive number, found {self.seconds!r}")


DEFAULT_SUITE = (
    FlakyCheck("boot", 0.001, 4.0),
    FlakyCheck("health", 0.002, 0.5),
    FlakyCheck("db", 0.005, 1.0),
    FlakyCheck("login → dashboard", 0.03, 6.0),   # the UI journey: timing-dependent, the usual flake
    FlakyCheck("search", 0.01, 3.0),
)


def parse_policy(policy: str) -> tuple[str, int]:
    """``("rerun", 2)`` for ``"rerun-2"``; a clear error for anything else."""
    found = POLICY.match(str(policy))
    if not found:
        raise FlakinessError(f"policy {policy!r}: use 'no-rerun', 'rerun-N' (N = 1…5) or 'quarantine'")
    if found.group(2) is not None:
        reruns = int(found.group(2))
        if not 1 <= reruns <= 5:
            raise FlakinessError(f"policy {policy!r}: rerun between 1 and 5 times")
        return "rerun", reruns
    return found.group(1), (1 if found.group(1) == "quarantine" else 0)


def simulate_flakiness(policy: str = "no-rerun", checks=DEFAULT_SUITE, *, weeks: int = 12,
                       runs_per_week: int = 40, fault_rate: float = 0.02, intermittent_share: float = 0.3,
                       expiry_weeks: int = 2, seed: int = 0) -> pd.DataFrame:
    """One row per week: runs, false alarms, faults caught and escaped, minutes, checks quarantined.

    The same seed draws the same flakes and faults for every policy (common random numbers), so a
    difference between policies comes from the policy, not from luck.
    """
    kind, reruns = parse_policy(policy)
    checks = list(checks)
    if not checks:
        raise FlakinessError("a suite needs at least one check")
    for name, value, low, high in [("weeks", weeks, 1, 520), ("runs_per_week", runs_per_week, 1, 1000),
                                   ("expiry_weeks", expiry_weeks, 1, 52)]:
        if not isinstance(value, int) or not low <= value <= high:
            raise FlakinessError(f"{name} must be a whole number from {low} to {high}, found {value!r}")
    for name, value in [("fault_rate", fault_rate), ("intermittent_share", intermittent_share)]:
        if not isinstance(value, (int, float)) or not 0 <= value <= 1 or math.isnan(value):
            raise FlakinessError(f"{name} is a probability from 0 to 1, found {value!r}")
    rng = np.random.default_rng(seed)
    n_checks, attempts = len(checks), 1 + max(reruns, 1) if kind != "no-rerun" else 1
    max_attempts = 6
    flake_rates = np.array([c.flake_rate for c in checks])
    seconds = np.array([c.seconds for c in checks])
    runs = weeks * runs_per_week
    # every random number is drawn up front, the same for every policy
    flake_draws = rng.random((runs, n_checks, max_attempts)) < flake_rates[None, :, None]
    fault_arrives = rng.random(runs) < fault_rate
    fault_check = rng.integers(n_checks, size=runs)
    fault_intermittent = rng.random(runs) < intermittent_share
    fault_draws = rng.random((runs, max_attempts)) < INTERMITTENT_FAIL
    quarantined_until = np.zeros(n_checks, dtype=int)
    rows = []
    for week in range(weeks):
        flaked_this_week = np.zeros(n_checks, dtype=int)
        counts = {"false_alarms": 0, "faults_caught": 0, "faults_escaped": 0, "minutes": 0.0}
        quarantined = quarantined_until > week
        for run in range(week * runs_per_week, (week + 1) * runs_per_week):
            failing = flake_draws[run].copy()
            real = fault_arrives[run]
            if real:
                failing[fault_check[run]] = fault_draws[run] if fault_intermittent[run] else True
            allowed = attempts if kind != "no-rerun" else 1
            fails_all = failing[:, :allowed].all(axis=1)
            first_fail = failing[:, 0]
            used = np.where(first_fail, np.minimum(np.argmin(failing[:, :allowed], axis=1) + 1, allowed), 1)
            used = np.where(fails_all, allowed, used)
            counts["minutes"] += float((used * seconds).sum()) / 60
            flaked = first_fail & ~fails_all
            flaked_this_week += flaked
            blocking = fails_all & ~(quarantined if kind == "quarantine" else np.zeros(n_checks, bool))
            blocked = bool(blocking.any())
            if real:
                counts["faults_caught" if blocked else "faults_escaped"] += 1
            elif blocked:
                counts["false_alarms"] += 1
        if kind == "quarantine":
            newly = (flaked_this_week >= QUARANTINE_AFTER) & ~quarantined
            quarantined_until[newly] = week + 1 + expiry_weeks
        rows.append({"week": week + 1, "policy": policy, "runs": runs_per_week, **counts,
                     "minutes": round(counts["minutes"], 1),
                     "quarantined": int((quarantined_until > week + 1).sum()) if kind == "quarantine" else 0})
    return pd.DataFrame(rows, columns=["week", "policy", "runs", "false_alarms", "faults_caught", "faults_escaped",
                                       "minutes", "quarantined"])


def compare_policies(policies=("no-rerun", "rerun-1", "rerun-2", "quarantine"), **options) -> pd.DataFrame:
    """Per policy: false alarms per week, real faults caught and escaped, minutes per week."""
    rows = []
    for policy in policies:
        weeks = simulate_flakiness(policy, **options)
        rows.append({"policy": policy, "false alarms / week": round(weeks["false_alarms"].mean(), 2),
                     "faults caught": int(weeks["faults_caught"].sum()),
                     "faults escaped": int(weeks["faults_escaped"].sum()),
                     "minutes / week": round(weeks["minutes"].mean(), 1),
                     "max quarantined": int(weeks["quarantined"].max())})
    return pd.DataFrame(rows)
