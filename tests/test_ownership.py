"""Domain ownership: the who-owns-what map, accountability as code, mystery tables, knowledge distance."""

from __future__ import annotations

import copy

import pytest
import yaml

from mesh_lab.mesh import sample_mesh
from mesh_lab.ownership import (
    SOURCE_DOMAINS,
    STALE_DAYS,
    OwnershipError,
    WarehouseTable,
    central_warehouse,
    defect_rate,
    hours_to_fix,
    knowledge_distance,
    ownership_map,
    ownership_problems,
    ticket_ping_pong,
    triage,
)

PAYMENTS = yaml.safe_load(open("data/payments/transactions.odcs.yaml", encoding="utf-8"))


def test_the_map_reads_team_owner_approvers_and_support_from_each_contract():
    table = ownership_map(sample_mesh()).set_index("product")
    row = table.loc["payments.transactions"]
    assert (row["team"], row["owner"], row["approvers"]) == ("payments-team", "Priya Shah", "payments-team lead")
    assert (row["ask"], row["report issues"]) == ("#payments-data", "payments-data-incidents")
    assert set(table.index) == set(sample_mesh().ids)


def test_a_complete_ownership_block_has_no_problem():
    assert ownership_problems(PAYMENTS) == []


@pytest.mark.parametrize("edit, expected", [
    (lambda d: d["team"].pop("name"), "team: no team name"),
    (lambda d: d["team"]["members"][0].__setitem__("role", "member"), "nobody has `role: owner`"),
    (lambda d: d.__setitem__("support", [s for s in d["support"] if s["scope"] != "issues"]), "report broken data"),
    (lambda d: d.__setitem__("support", [s for s in d["support"] if s["scope"] != "interactive"]), "no place to ask"),
    (lambda d: d.pop("roles"), "nobody approves access"),
])
def test_each_missing_piece_of_ownership_is_named_with_its_fix(edit, expected):
    document = copy.deepcopy(PAYMENTS)
    edit(document)
    problems = ownership_problems(document)
    assert len(problems) == 1 and expected in problems[0], problems


def test_odd_documents_get_a_sentence_not_a_crash():
    assert ownership_problems("text") == ["the contract is not a mapping: write it as `key: value` lines"]
    assert len(ownership_problems({"team": "payments"})) == 5


def test_the_warehouse_is_seeded_and_holds_mystery_tables():
    first, again = central_warehouse(seed=7), central_warehouse(seed=7)
    assert first == again and first != central_warehouse(seed=8)
    assert any(t.mystery for t in first) and not all(t.mystery for t in first)
    assert len({t.name for t in first}) == len(first)


def test_triage_gives_each_table_to_the_domain_of_its_source_system():
    for table in central_warehouse(n_tables=60, seed=1):
        decision = triage(table)
        assert decision["owner"] == SOURCE_DOMAINS[table.source_system]
        if table.consumers:
            assert decision["action"] == "publish"
        elif table.days_since_change >= STALE_DAYS:
            assert decision["action"] == "deprecate"
        else:
            assert decision["action"] == "ask"


def test_triage_of_an_unknown_source_system_says_how_to_fix():
    table = WarehouseTable("x", "mainframe", None, False, (), 10)
    with pytest.raises(OwnershipError, match="add it to SOURCE_DOMAINS"):
        triage(table)


def test_knowledge_distance_costs_grow_with_the_stated_equations():
    assert defect_rate(0) == pytest.approx(0.03) and defect_rate(1) == pytest.approx(0.15)
    assert hours_to_fix(0) == pytest.approx(2.0) and hours_to_fix(1) == pytest.approx(12.0)
    frame = knowledge_distance(seed=11)
    assert frame["changes"].nunique() == 1, "every distance faces the same changes"
    assert frame["defects"].is_monotonic_increasing and frame["hours_lost"].is_monotonic_increasing
    assert frame.equals(knowledge_distance(seed=11))
    for row in frame.itertuples():
        assert row.hours_lost == pytest.approx(row.defects * row.hours_per_fix, abs=0.1)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan"), "far", True])
def test_a_distance_outside_0_to_1_is_a_clear_error(bad):
    with pytest.raises(OwnershipError, match="from 0"):
        defect_rate(bad)


def test_the_ticket_takes_longer_and_more_hops_through_a_central_team():
    central, domain = ticket_ping_pong("central"), ticket_ping_pong("domain")
    assert len(central.hops) > len(domain.hops) and central.total_hours > domain.total_hours
    assert "payments team" in {h["who"] for h in central.hops}, "the central team must ask the domain anyway"
    assert "7 hops" in repr(central) and "hours until the fix is live" in central._repr_html_()
    with pytest.raises(OwnershipError, match="'central' or 'domain'"):
        ticket_ping_pong("mesh")
