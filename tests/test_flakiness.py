"""The flakiness lab: deterministic per seed, and each policy behaves as stated."""

from __future__ import annotations

import pytest

from mesh_lab.flakiness import (
    DEFAULT_SUITE,
    FlakinessError,
    FlakyCheck,
    compare_policies,
    parse_policy,
    simulate_flakiness,
)


def totals(policy, **options):
    frame = simulate_flakiness(policy, **options)
    return frame[["false_alarms", "faults_caught", "faults_escaped"]].sum().to_dict(), frame


def test_the_same_seed_gives_the_same_weeks_and_another_seed_does_not():
    assert simulate_flakiness("rerun-1", seed=5).equals(simulate_flakiness("rerun-1", seed=5))
    assert not simulate_flakiness("rerun-1", seed=5).equals(simulate_flakiness("rerun-1", seed=6))


def test_every_policy_faces_the_same_faults():
    for policy in ("no-rerun", "rerun-1", "rerun-3", "quarantine"):
        counts, _ = totals(policy, seed=2)
        assert counts["faults_caught"] + counts["faults_escaped"] == totals("no-rerun", seed=2)[0]["faults_caught"] \
            + totals("no-rerun", seed=2)[0]["faults_escaped"]


def test_without_rerun_every_flake_is_a_false_alarm_and_reruns_hide_them():
    flaky = [FlakyCheck("ui", 0.2, 5.0)]
    plain, _ = totals("no-rerun", checks=flaky, fault_rate=0.0)
    once, _ = totals("rerun-1", checks=flaky, fault_rate=0.0)
    twice, _ = totals("rerun-2", checks=flaky, fault_rate=0.0)
    assert plain["false_alarms"] > once["false_alarms"] > twice["false_alarms"]
    assert plain["false_alarms"] == pytest.approx(0.2 * 12 * 40, rel=0.25)


def test_a_rerun_also_hides_an_intermittent_real_fault():
    steady = [FlakyCheck("db", 0.0, 1.0)]
    plain, _ = totals("no-rerun", checks=steady, fault_rate=0.2, intermittent_share=1.0, seed=1)
    rerun, _ = totals("rerun-2", checks=steady, fault_rate=0.2, intermittent_share=1.0, seed=1)
    assert rerun["faults_escaped"] > plain["faults_escaped"] > 0


def test_a_solid_fault_is_always_caught_unless_its_check_is_quarantined():
    flaky = [FlakyCheck("ui", 0.3, 5.0)]
    options = dict(checks=flaky, fault_rate=0.05, intermittent_share=0.0, seed=4)
    rerun, _ = totals("rerun-2", **options)
    quarantine, weeks = totals("quarantine", **options)
    assert rerun["faults_escaped"] == 0
    assert weeks["quarantined"].max() == 1 and quarantine["faults_escaped"] > 0


def test_reruns_cost_pipeline_minutes():
    flaky = [FlakyCheck("ui", 0.3, 60.0)]
    plain = simulate_flakiness("no-rerun", checks=flaky, fault_rate=0)["minutes"].sum()
    rerun = simulate_flakiness("rerun-3", checks=flaky, fault_rate=0)["minutes"].sum()
    assert rerun > plain


def test_compare_policies_has_a_row_per_policy():
    frame = compare_policies(weeks=4)
    assert list(frame["policy"]) == ["no-rerun", "rerun-1", "rerun-2", "quarantine"]
    assert frame.loc[0, "false alarms / week"] > frame.loc[2, "false alarms / week"]


@pytest.mark.parametrize("policy", ["retry", "rerun-0", "rerun-9", "", None])
def test_unknown_policies_are_clear_errors(policy):
    with pytest.raises(FlakinessError, match="policy"):
        parse_policy(policy)


@pytest.mark.parametrize("options, message", [
    ({"weeks": 0}, "weeks"), ({"fault_rate": 2}, "fault_rate"), ({"checks": []}, "at least one check"),
])
def test_bad_parameters_are_clear_errors(options, message):
    with pytest.raises(FlakinessError, match=message):
        simulate_flakiness("no-rerun", **options)


def test_a_check_needs_a_probability_and_a_cost():
    with pytest.raises(FlakinessError, match="flake_rate"):
        FlakyCheck("x", 1.5, 1)
    with pytest.raises(FlakinessError, match="seconds"):
        FlakyCheck("x", 0.1, 0)
    assert len(DEFAULT_SUITE) == 5
