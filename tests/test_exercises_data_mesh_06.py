"""What the generic selftest cannot see in ``mesh_lab.exercises.data_mesh_06``: verdicts as a learner gets
them, including wrong answers that fit the fixed cases but not the idea, expected answers computed from
the core (change the core, the answer changes), and messages that never reveal the answer."""

from __future__ import annotations

import pytest

from mesh_lab.diagnosis import INVEST_FIRST, SCALE_UP, diagnose
from mesh_lab.exercises import data_mesh_06 as ex
from mesh_lab.learning.engine import recording
from mesh_lab.learning.selftest import run_as_learner


@pytest.fixture(autouse=True)
def _no_progress_records():
    with recording(False):
        yield


def verdict(exercise, code: str):
    return run_as_learner(exercise, code)


# computed answers ------------------------------------------------------------------------------------

def test_kid_answer_comes_from_the_houses():
    assert ex.houses_that_need_labels() == ["the big farm house", "the school"]
    assert ex.houses_that_need_labels({"a": (5, 9, 10), "b": (4, 9, 99), "c": (9, 9, 9)}) == ["a"]


def test_teen_queue_grows_by_arrivals_minus_capacity_and_never_goes_negative():
    assert ex.requests_waiting() == 64
    assert ex.requests_waiting(stalls=2, per_stall=3, capacity=20) == 0


def test_tech_answers_come_from_the_simulation():
    assert ex.changes_per_week_without_platform() == pytest.approx(8 / 3.3, abs=1e-6)
    assert ex.weeks_saved_by_renaming() == 0.0
    assert diagnose(SCALE_UP).verdict == INVEST_FIRST


def test_case_inputs_cover_both_bars_and_a_regulated_case():
    args = [a for a, _ in ex.q5.cases]
    assert any(r for _, _, r in args) and any(not r for _, _, r in args)
    assert any(g == (0.0, 0.0) for _, g in ex.q5.cases) and any(min(g) > 0 for _, g in ex.q5.cases)


# the learner's verdicts ------------------------------------------------------------------------------

GAP_HEAD = "def readiness_gap(platform_maturity, governance_capacity, regulated):\n"


@pytest.mark.parametrize(("code", "status", "mistake"), [
    (GAP_HEAD + "    bar = 0.8 if regulated else 0.6\n"
                "    return max(0, 0.6 - platform_maturity), max(0, bar - governance_capacity)\n", "correct", None),
    (GAP_HEAD + "    p = 0.6 - platform_maturity if platform_maturity < 0.6 else 0\n"
                "    g_bar = READY_REGULATED if regulated else READY\n"
                "    g = g_bar - governance_capacity if governance_capacity < g_bar else 0\n"
                "    return [p, g]\n", "correct", None),
    # fits the fixed cases only if it rounds: the generated inputs (e.g. 0.59) tell
    (GAP_HEAD + "    bar = 0.8 if regulated else 0.6\n"
                "    return round(max(0, 0.6 - platform_maturity), 1), round(max(0, bar - governance_capacity), 1)\n",
     "incorrect", None),
    (GAP_HEAD + "    return max(0, 0.6 - platform_maturity), max(0, 0.6 - governance_capacity)\n",
     "incorrect", "ignored_regulation"),
    (GAP_HEAD + "    bar = 0.8 if regulated else 0.6\n"
                "    return max(0, bar - platform_maturity), max(0, bar - governance_capacity)\n",
     "incorrect", "regulation_raises_platform"),
])
def test_readiness_gap_verdicts(code, status, mistake):
    result = verdict(ex.q5, code)
    assert (result.status, result.mistake) == (status, mistake), result.message


def test_a_rounding_gap_function_is_shown_the_input_that_fails():
    code = (GAP_HEAD + "    bar = 0.8 if regulated else 0.6\n"
                       "    return round(max(0, 0.6 - platform_maturity), 1), round(max(0, bar - governance_capacity), 1)\n")
    assert "readiness_gap(" in verdict(ex.q5, code).message


@pytest.mark.parametrize(("code", "status", "mistake"), [
    ('need_labels = ["the school", "the big farm house"]', "correct", None),
    ('need_labels = ["the big farm house", "the school", "the Green house"]', "incorrect", "a_small_house"),
    ('need_labels = ["the big farm house"]', "incorrect", "only_one_house"),
    ('need_labels = ["the school", "the big farm house", "the school"]', "incorrect", "same_house_twice"),
    ("waiting_after_4_weeks = 16 * 4", "correct", None),
    ("waiting_after_4_weeks = 12 * 3 - 20", "incorrect", "one_week_only"),
    ("waiting_after_4_weeks = 36 * 4 - 20", "incorrect", None),
    ("changes_per_week = 8 / 3.3", "correct", None),
    ("changes_per_week = 8 / (1 + 2 * 0.9)", "incorrect", "forgot_governance"),
    ("weeks_saved = 0", "correct", None),
    ("weeks_saved = 7.187 - 3.371", "incorrect", "the_real_mesh"),
])
def test_value_verdicts(code, status, mistake):
    exercise = {"need_labels": ex.q2, "waiting_after_4_weeks": ex.q3, "changes_per_week": ex.q6,
                "weeks_saved": ex.q7}[code.split(" =")[0]]
    result = verdict(exercise, code)
    assert (result.status, result.mistake) == (status, mistake), result.message


def test_incorrect_value_messages_never_reveal_the_answer():
    for exercise, code in [(ex.q3, "waiting_after_4_weeks = 12 * 3 * 4"), (ex.q3, "waiting_after_4_weeks = 50"),
                           (ex.q6, "changes_per_week = 8 / (1 + 2 * 0.1 + 0.5)"), (ex.q7, "weeks_saved = 3")]:
        message = verdict(exercise, code).message
        assert str(exercise.expected) not in message and "2.42" not in message, message


def record(**changes: str) -> str:
    return ex._record(**changes)


@pytest.mark.parametrize(("code", "status", "mistake", "words"), [
    (ex._RECORD_STARTER, "not_attempted", None, "Fill in"),
    (ex._record_code({**{k: ex.____ for k in ex.RECORD_FIELDS}, "context": "Nine domains, a ten-week backlog."}),
     "incorrect", None, "Still blank: decision, consequences, alternatives"),
    (record(), "correct", None, ""),
    (record(decision="Not yet: we wait a year, then invest in the platform and governance."),
     "incorrect", None, "names “not yet”"),
    (record(context="Busy."), "incorrect", None, "too short"),
    # short fields are named before any consistency mistake (no culture, no other road) is guessed at
    ('decision_record = {"context": "a", "decision": "b", "consequences": "c", "alternatives": "d"}',
     "incorrect", None, "Finish each field first"),
    (record(decision="Strong fit, once we fund the platform and governance: fit if you invest first."),
     "correct", None, ""),
    (record(decision="Fit if you invest first: rename the data team to platform team, fund platform, governance."),
     "incorrect", "renamed_the_central_team", "mesh in name only"),
])
def test_decision_record_verdicts(code, status, mistake, words):
    result = verdict(ex.q8, code)
    assert (result.status, result.mistake) == (status, mistake), result.message
    assert words in result.message


def test_decision_record_check_follows_the_diagnosis(monkeypatch):
    """Change the diagnosis (the scale-up becomes ready): the same record is no longer consistent."""
    ready = SCALE_UP.__class__(**{**SCALE_UP.__dict__, "platform_maturity": 0.9, "governance_capacity": 0.9})
    monkeypatch.setattr(ex.q8, "organisation", ready)
    result = verdict(ex.q8, record())
    assert result.status == "incorrect" and "does not name the diagnosis's verdict" in result.message
