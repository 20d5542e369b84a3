"""The diagnosis of Data Mesh 06: verdicts, reasons tied to the seed, what-ifs, anti-patterns and the
decision record, each able to fail if the rule it states changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mesh_lab.diagnosis import (
    BANK,
    CASE_STUDIES,
    INVEST_FIRST,
    KEEP_CENTRAL,
    NOT_YET,
    READY,
    READY_REGULATED,
    SCALE_UP,
    SEED,
    STARTUP,
    STRONG_FIT,
    Diagnosis,
    DiagnosisError,
    Organisation,
    decision_record_problems,
    decision_record_template,
    diagnose,
    governance_extremes,
    mesh_without_platform,
    new_diagram_only,
    org_params,
    readiness_gap,
    renamed_platform_team,
    what_if,
)

ROOT = Path(__file__).resolve().parent.parent
TIME, BACKLOG, CONSISTENCY, DUPLICATED = ("mean time-to-data (weeks)", "final backlog (changes)", "consistency",
                                          "duplicated work (changes/week)")


def org(**changes) -> Organisation:
    """A strong-need, ready organisation with some fields changed."""
    base = Organisation(name="test org", teams=10, domains=8, change_rate=3.0, central_backlog_weeks=6.0,
                        platform_maturity=0.7, governance_capacity=0.7)
    return replace(base, **changes)


# the case studies ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("case", "verdict"), [(STARTUP, KEEP_CENTRAL), (SCALE_UP, INVEST_FIRST), (BANK, STRONG_FIT)])
def test_each_case_study_gets_its_verdict(case, verdict):
    assert diagnose(case).verdict == verdict


def test_the_regulated_bank_is_not_ruled_out_but_its_governance_bar_is_higher():
    bank = diagnose(BANK)
    assert bank.verdict == STRONG_FIT
    assert any(r.factor == "regulation" and "not ruled out" in r.finding for r in bank.reasons)
    weaker = replace(BANK, governance_capacity=0.7)
    assert diagnose(weaker).verdict == INVEST_FIRST
    assert diagnose(replace(weaker, regulated=False)).verdict == STRONG_FIT


def test_the_scale_up_is_told_what_to_invest_in():
    assert diagnose(SCALE_UP).investments == {"platform": pytest.approx(0.2), "governance": pytest.approx(0.15)}
    assert diagnose(BANK).investments == {}


# the verdict table -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "verdict"), [
    ({}, STRONG_FIT),
    ({"domains": 3}, KEEP_CENTRAL),
    ({"teams": 4}, KEEP_CENTRAL),
    ({"change_rate": 1.0, "central_backlog_weeks": 1.0}, KEEP_CENTRAL),
    ({"change_rate": 1.0}, NOT_YET),
    ({"central_backlog_weeks": 1.0}, NOT_YET),
    ({"platform_maturity": 0.5}, INVEST_FIRST),
    ({"governance_capacity": 0.5}, INVEST_FIRST),
    ({"platform_maturity": 0.2, "governance_capacity": 0.2}, NOT_YET),
    ({"platform_maturity": 0.2, "governance_capacity": 0.4}, INVEST_FIRST),
    ({"platform_maturity": READY, "governance_capacity": READY}, STRONG_FIT),
])
def test_verdict_follows_need_and_readiness(changes, verdict):
    assert diagnose(org(**changes)).verdict == verdict


def test_every_reason_quotes_the_seed_word_for_word():
    seed = (ROOT.parent / "shared" / "seeds" / "data-mesh-and-smoke-testing.md")
    text = seed.read_text(encoding="utf-8") if seed.exists() else None
    for case in CASE_STUDIES:
        for reason in diagnose(case).reasons:
            assert reason.seed in SEED.values()
            if text is not None:
                assert reason.seed in text, reason.seed


def test_reasons_name_the_seed_points_the_verdict_rests_on():
    quoted = {r.seed for r in diagnose(SCALE_UP).reasons}
    for key in ("when to use", "bottleneck", "platform + governance", "culture", "governance extremes",
                "rule of thumb"):
        assert SEED[key] in quoted, key
    assert SEED["central in disguise"] in {r.seed for r in diagnose(org(teams=5, domains=8)).reasons}


def test_diagnosis_shows_readably():
    found = diagnose(SCALE_UP)
    assert repr(found).startswith("scale-up whose central team is drowning: fit if you invest first")
    assert "fit if you invest first" in found._repr_html_()
    assert list(found.reasons_frame().columns) == ["factor", "weighs", "finding", "seed"]
    assert set(found.scores) == {"scale", "change rate", "bottleneck", "platform", "governance"}
    assert all(0 <= v <= 1 for v in found.scores.values())


def test_readiness_gap_is_never_negative_and_regulation_raises_only_governance():
    assert readiness_gap(0.9, 0.9, False) == (0.0, 0.0)
    assert readiness_gap(0.7, 0.7, True) == (0.0, pytest.approx(READY_REGULATED - 0.7))
    assert readiness_gap(0.2, 0.5, False) == (pytest.approx(0.4), pytest.approx(0.1))


# bad input -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "words"), [
    ({"teams": 0}, "teams"),
    ({"teams": 2.5}, "whole number"),
    ({"domains": "many"}, "domains"),
    ({"platform_maturity": 1.5}, "platform_maturity"),
    ({"governance_capacity": float("nan")}, "governance_capacity"),
    ({"central_backlog_weeks": -1}, "central_backlog_weeks"),
    ({"regulated": "yes"}, "regulated"),
    ({"name": ""}, "name"),
    ({"change_rate": True}, "change_rate"),
])
def test_bad_organisation_is_a_clear_error(changes, words):
    with pytest.raises(DiagnosisError) as caught:
        org(**changes)
    assert words in str(caught.value) and "Fix" in str(caught.value)


def test_diagnose_refuses_what_is_not_an_organisation():
    with pytest.raises(DiagnosisError, match="Organisation"):
        diagnose({"teams": 3})


# what-ifs --------------------------------------------------------------------------------------------

def test_org_params_maps_the_organisation():
    params = org_params(SCALE_UP)
    assert params.n_domains == SCALE_UP.domains and params.change_requests == SCALE_UP.change_rate
    assert params.platform_maturity == SCALE_UP.platform_maturity
    assert params.central_capacity < SCALE_UP.domains * SCALE_UP.change_rate  # a drowning team
    assert org_params(STARTUP).central_capacity > STARTUP.domains * STARTUP.change_rate  # a team that keeps up
    assert org_params(SCALE_UP, platform_maturity=0.9).platform_maturity == 0.9


def test_what_ifs_agree_with_the_verdicts():
    startup, scale_up = what_if(STARTUP), what_if(SCALE_UP)
    assert startup.loc[TIME, "central"] < startup.loc[TIME, "mesh"]
    assert scale_up.loc[TIME, "mesh"] < scale_up.loc[TIME, "central"]
    invested = what_if(SCALE_UP, platform_maturity=0.7)
    assert invested.loc[TIME, "mesh"] < scale_up.loc[TIME, "mesh"]


# anti-patterns ---------------------------------------------------------------------------------------

def test_mesh_without_a_platform_is_slower_and_duplicates_more():
    with_platform, without = mesh_without_platform().to_dict("records")
    assert with_platform["healthy"] and not without["healthy"]
    assert without[TIME] > 2 * with_platform[TIME]
    assert without[DUPLICATED] > with_platform[DUPLICATED]


def test_governance_too_weak_is_chaos_and_too_strict_is_slow():
    weak, balanced, strict = governance_extremes().to_dict("records")
    assert weak[CONSISTENCY] < balanced[CONSISTENCY] < strict[CONSISTENCY]
    assert weak[TIME] < balanced[TIME] < strict[TIME]
    assert balanced["healthy"] and not weak["healthy"] and not strict["healthy"]


def test_renaming_the_central_team_changes_no_number():
    central, renamed, mesh = renamed_platform_team().to_dict("records")
    assert {k: v for k, v in central.items() if k != "scenario"} == {k: v for k, v in renamed.items() if k != "scenario"}
    assert mesh[TIME] < central[TIME]


def test_a_new_diagram_and_nothing_else_is_slow_and_inconsistent():
    invested, diagram = new_diagram_only().to_dict("records")
    assert diagram[TIME] > 10 * invested[TIME]
    assert diagram[BACKLOG] > invested[BACKLOG]
    assert diagram[CONSISTENCY] < invested[CONSISTENCY]


# the decision record ---------------------------------------------------------------------------------

GOOD = {
    "context": "Nine domains, three changes a week each, a ten-week central backlog.",
    "decision": "Fit if you invest first: fund the platform and a governance council, then move two domains.",
    "consequences": "A culture shift for the domain teams, who learn to own data products.",
    "alternatives": "Keep the central team and hire more people into its queue.",
}


def test_a_complete_consistent_record_has_no_problems():
    assert decision_record_problems(GOOD, diagnose(SCALE_UP)) == []


def test_template_is_blank_in_every_field():
    problems = decision_record_problems(decision_record_template(), diagnose(SCALE_UP))
    assert len(problems) == 4 and all("blank" in p for p in problems)


@pytest.mark.parametrize(("changes", "words"), [
    ({"context": "Too busy."}, "context: “Too busy.” is too short"),
    ({"decision": "Strong fit: fund the platform and governance, move every domain now."}, "names “strong fit”"),
    ({"decision": "Fit if you invest first: we move two domains next quarter, nothing else."}, "invest in the platform"),
    ({"decision": "Fit if you invest first: rename the central team platform team; governance later."},
     "renaming the central team"),
    ({"consequences": "Domain teams build pipelines and publish their contracts."}, "culture shift"),
    ({"alternatives": "Buy a data catalogue product and wait for a year."}, "(“central”)"),
    ({"owner": "me"}, "not a field"),
])
def test_each_gap_in_a_record_is_named(changes, words):
    problems = decision_record_problems({**GOOD, **changes}, diagnose(SCALE_UP))
    assert any(words in p for p in problems), problems


def test_record_for_keep_central_must_weigh_mesh_and_need_not_name_culture():
    record = {"context": "Three teams, three domains, a backlog of half a week.",
              "decision": "No — keep it central: one small data team keeps up with every change.",
              "consequences": "We revisit this when the backlog passes four weeks.",
              "alternatives": "Data mesh now: too much platform work for three teams."}
    assert decision_record_problems(record, diagnose(STARTUP)) == []
    assert any("“mesh”" in p for p in decision_record_problems({**record, "alternatives": "Hire a consultant to "
                                                                 "decide for us next year."}, diagnose(STARTUP)))


def test_record_misuse_is_reported_or_raised():
    assert "must be a dict" in decision_record_problems("we adopt mesh", diagnose(SCALE_UP))[0]
    with pytest.raises(DiagnosisError, match="Diagnosis"):
        decision_record_problems(GOOD, "fit if you invest first")
    assert isinstance(diagnose(SCALE_UP), Diagnosis)
