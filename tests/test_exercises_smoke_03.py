"""Smoke 03's exercises say true things: their data come from the kit, measured, not typed in by hand."""

from __future__ import annotations

import pytest

from mesh_lab.contracts import load_contract
from mesh_lab.data_smoke import detection_matrix, freshness_sla, matrix_table
from mesh_lab.datasets import product_paths
from mesh_lab.exercises import smoke_03
from mesh_lab.learning.selftest import run_as_learner

CONTRACT = load_contract(product_paths("payments.transactions")[1])
REAL_FAULTS = ["none", "missing file", "empty file", "dropped column", "renamed column", "stale data", "late day",
               "volume drop", "duplicates", "null spike"]


def test_the_constants_are_the_contracts():
    assert smoke_03.PAYMENTS_COLUMNS == CONTRACT.columns()
    column, limit = freshness_sla(CONTRACT)
    assert column == "created_at" and limit.total_seconds() / 60 == smoke_03.MAX_AGE_MINUTES
    floors = [r.raw.get("mustBeGreaterThan") for r in CONTRACT.quality_rules() if r.raw.get("metric") == "rowCount"]
    assert floors == [smoke_03.MIN_ROWS - 1]


@pytest.mark.parametrize("fault", REAL_FAULTS)
def test_each_snapshot_is_what_the_smoke_tier_reads_from_the_broken_file(fault):
    assert smoke_03.peek(fault) == smoke_03.SNAPSHOTS[fault]


def test_the_reference_smoke_check_agrees_with_the_smoke_tier_on_real_files():
    reference = smoke_03.q5.reference()
    table = matrix_table(detection_matrix(faults=[f for f in REAL_FAULTS if f != "none"]))
    for fault in REAL_FAULTS:
        smoke_caught = table.loc[fault, "smoke"] in ("caught", "FALSE ALARM")
        assert reference(smoke_03.peek(fault)) is (not smoke_caught), fault


def test_the_cheapest_tier_is_read_from_the_measured_matrix():
    table = matrix_table(detection_matrix(faults=list(smoke_03.CHEAPEST_TIER)))
    for fault, tier in smoke_03.CHEAPEST_TIER.items():
        assert table.loc[fault, tier] == "caught", fault
        expected = "smoke" if table.loc[fault, "smoke"] == "caught" else tier
        assert tier == expected and (tier == "smoke" or table.loc[fault, "SLA"] == "missed"), fault


def test_the_lunchboxes_and_the_gate_order():
    assert smoke_03.lunchboxes_to_fix() == ["blue", "green", "yellow", "orange"]
    assert smoke_03.quick_look("purple").passed and not smoke_03.LUNCHBOXES["purple"]["every crumb fresh"]
    assert "stop" in repr(smoke_03.quick_look("blue"))
    with pytest.raises(ValueError, match="lunchboxes are"):
        smoke_03.quick_look("pink")
    assert smoke_03.gate_order() == ["lint the contract", "smoke", "full validation"]


@pytest.mark.parametrize("code, status", [
    # answers that fit the fixed cases' spirit but not the idea are refused; equivalent ones accepted
    ('def smoke_check(p):\n    return set(PAYMENTS_COLUMNS) <= set(p["columns"]) and p["rows"] >= MIN_ROWS '
     'and p["age_minutes"] <= MAX_AGE_MINUTES\n', "correct"),
    ('def smoke_check(p):\n    return p["exists"] and all(c in p["columns"] for c in PAYMENTS_COLUMNS) '
     'and p["rows"] >= MIN_ROWS and p["age_minutes"] <= 59.9\n', "incorrect"),
    ('def smoke_check(p):\n    return p["exists"] and all(c in p["columns"] for c in PAYMENTS_COLUMNS) '
     'and p["rows"] >= 100 and p["age_minutes"] <= MAX_AGE_MINUTES\n', "incorrect"),
    ('def smoke_check(p):\n    return p["exists"] and all(c in p["columns"] for c in PAYMENTS_COLUMNS)\n', "incorrect"),
])
def test_q5_as_a_learner(code, status):
    assert run_as_learner(smoke_03.q5, code).status == status
