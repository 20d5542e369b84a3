"""What the generic selftest cannot see in ``mesh_lab.exercises.data_mesh_05``: verdicts as a learner gets
them, including wrong answers that fit the fixed cases but not the idea, expected answers computed from
the core (change the core, the answer changes), and messages that never reveal the answer."""

from __future__ import annotations

import random

import pytest

from mesh_lab.exercises import data_mesh_05 as ex
from mesh_lab.governance import GLOBAL_POLICIES, govern
from mesh_lab.learning.engine import recording
from mesh_lab.learning.selftest import run_as_learner
from mesh_lab.mesh import sample_mesh


@pytest.fixture(autouse=True)
def _no_progress_records():
    with recording(False):
        yield


def verdict(exercise, code: str):
    return run_as_learner(exercise, code)


# computed answers -------------------------------------------------------------------------------

def test_kid_answer_comes_from_the_label_rules():
    assert ex.boxes_breaking_a_rule() == ["castle box", "farm box"]
    assert ex.kid_broken_rules({"box": "b", "room": "", "inside": "", "tiny_pieces": True}) == [
        "what is inside", "which room", "red dot"]


def test_teen_answer_comes_from_the_naming_rule():
    assert ex.files_breaking_the_naming_rule() == ["Design-Logo-FINAL", "Research_Survey_v1", "slides_results_final"]
    assert not ex.follows_naming_rule("design", "slides_logo_v1"), "a file must start with its own team's name"


def test_score_keeper_is_the_policy_every_sample_product_breaks():
    assert ex.policies_every_product_breaks() == ["personal-data-classified"]
    report = govern(sample_mesh(), [p for p in GLOBAL_POLICIES if p.id != "personal-data-classified"])
    assert ex.policies_every_product_breaks(report) == []


def test_the_flagged_payments_columns_come_from_the_policy():
    assert ex.unclassified_payments_columns() == ("transaction_id", "sku", "quantity", "amount", "currency",
                                                  "status", "payment_method", "created_at")


def test_the_reference_classification_makes_the_policy_pass_on_a_copy():
    mesh = sample_mesh()
    namespace: dict = {}
    exec(ex.q6.solution_code, namespace)
    classified = ex.with_classification(mesh["payments.transactions"].contract, namespace["classification"])
    report = govern(ex.mesh_with(mesh, classified), products=["payments.transactions"])
    assert "personal-data-classified" not in set(report.violations["policy"])
    assert mesh["payments.transactions"].contract.raw["schema"][0]["properties"][0].get("classification") is None, (
        "the sample contract itself must not change")


def test_required_version_comes_from_diff_and_the_texts_quote_the_contract():
    assert ex.required_version() == "2.0.0"
    assert ex.CURRENT_VERSION == str(sample_mesh()["payments.transactions"].contract.raw["version"])
    assert ex.q9.solution_code.strip() == f'new_version = "{ex.required_version()}"'


def test_the_domain_policy_solution_loads_and_applies_to_payments_only():
    namespace: dict = {}
    exec(ex.q8.solution_code, namespace)
    policy = ex.policy_from_text(namespace["payments_policy_yaml"])
    assert (policy.scope, policy.lifecycle) == ("payments", "warn")
    report = govern(sample_mesh(), GLOBAL_POLICIES + [policy])
    hit = report.violations[report.violations["policy"] == policy.id]
    assert set(hit["product"]) == {"payments.transactions"} and report.passed
    column = report.matrix()[policy.id]
    assert column.isna().sum() == 3, "n/a for the three other domains"


def test_generated_contracts_are_reproducible_and_shrink_to_smaller_ones():
    first = [ex.random_contract(random.Random(7)) for _ in range(5)]
    again = [ex.random_contract(random.Random(7)) for _ in range(5)]
    assert first == again
    (two,) = ex.simpler_contracts((ex.TWO_TABLES,)).__next__()
    assert len(two.raw["schema"]) == 1


# the learner's verdicts -------------------------------------------------------------------------

@pytest.mark.parametrize(("exercise", "code", "status", "mistake"), [
    ("q2", 'broken_boxes = ["farm box", "castle box"]', "correct", None),
    ("q2", 'broken_boxes = ["castle box", "farm box", "castle box"]', "incorrect", "same_box_twice"),
    ("q2", 'broken_boxes = ["Castle box", "farm box"]', "incorrect", "names_with_capitals_or_spaces"),
    ("q3", 'bad_names = ["slides_results_final", "research_survey_v1", "design-logo-final"]', "incorrect", None),
    ("q3", 'bad_names = ["Design-Logo-FINAL", "Research_Survey_v1", "slides_results_final"]', "correct", None),
    ("q5", 'score_keeper = "personal-data-classified "', "incorrect", "spelling"),
    ("q5", 'score_keeper = "description"', "incorrect", None),
    ("q9", 'new_version = "3.0.0"', "incorrect", "skipped_a_major"),
    ("q9", 'new_version = 2.0', "incorrect", "not_semantic"),
])
def test_value_answers_get_the_right_verdict(exercise, code, status, mistake):
    result = verdict(getattr(ex, exercise), code)
    assert (result.status, result.mistake) == (status, mistake), result.message


def classification(**changes: str) -> str:
    levels = {**ex._SOLVED_LEVELS, **changes}
    return "classification = " + repr({k: v for k, v in levels.items() if v})


@pytest.mark.parametrize(("code", "status", "mistake"), [
    (classification(), "correct", None),
    (classification(transaction_id="Internal"), "correct", None),
    (classification(customer_id="confidential"), "correct", None),
    (classification(customer_id="public"), "incorrect", "lowered_personal_data"),
    (classification(amount="public"), "incorrect", "money_made_public"),
    ("classification = " + repr({c: "public" for c in ex._SOLVED_LEVELS}), "incorrect", "money_made_public"),
    ("classification = " + repr({c: "sensitive" for c in ex._SOLVED_LEVELS}), "incorrect", "everything_locked"),
    (classification(status="PII"), "incorrect", "not_a_level"),
    (classification(sku=""), "incorrect", "left_a_column_out"),
    ('classification = ["internal"] * 8', "incorrect", None),
])
def test_classification_verdicts(code, status, mistake):
    result = verdict(ex.q6, code)
    assert (result.status, result.mistake) == (status, mistake), result.message


def test_a_classification_with_one_blank_names_it():
    code = ex.q6.solution_code.replace('"quantity": "internal"', '"quantity": ____')
    result = verdict(ex.q6, code)
    assert result.status == "incorrect" and "quantity" in result.message


def described(condition: str) -> str:
    return ex.q7.starter.replace("if ____:", f"if {condition}:")


@pytest.mark.parametrize(("code", "status", "mistake"), [
    (described('not str(column.get("description") or "").strip()'), "correct", None),
    (described('not (column.get("description") or "").strip()'), "correct", None),
    (described('column.get("description") is None'), "incorrect", "only_missing_key"),
    (described('not column.get("description")'), "incorrect", "blank_counts_as_described"),
    (described('len(str(column.get("description"))) < 3'), "incorrect", "blank_counts_as_described"),
    (described('column.get("description")'), "incorrect", "returned_the_described"),
])
def test_undescribed_columns_verdicts(code, status, mistake):
    result = verdict(ex.q7, code)
    assert (result.status, result.mistake) == (status, mistake), result.message


def test_a_function_that_only_fits_the_fixed_cases_is_caught_by_the_generated_ones():
    fitted = ex.q7.starter.replace(
        "            if ____:\n                missing.append(column[\"name\"])\n",
        "            if column[\"name\"] in (\"note\", \"sku\", \"a\", \"b\"):\n"
        "                missing.append(column[\"name\"])\n")
    result = verdict(ex.q7, fitted)
    assert result.status == "incorrect", result.message
    assert "undescribed_columns(<contract" in result.message, "the failing generated input is shown"


def test_a_function_that_crashes_on_a_missing_key_is_an_error_that_shows_the_input():
    result = verdict(ex.q7, described('not column["description"].strip()'))
    assert result.status == "error" and "no description key" in result.message


@pytest.mark.parametrize(("change", "status", "mistake"), [
    ({}, "correct", None),
    ({"scope: payments": "scope: global"}, "incorrect", "scope_global"),
    ({"scope: payments": "scope: Payments"}, "incorrect", "another_domain"),
    ({"id: payments-finance-tag": "id: sla-declared"}, "incorrect", "reused_a_global_id"),
    ({"lifecycle: warn": "lifecycle: enforced"}, "incorrect", "not_at_warn"),
    ({"lifecycle: warn": "lifecycle: draft"}, "incorrect", "not_at_warn"),
    ({"require_tag: finance": "require_tag: Finance"}, "incorrect", "tag_spelling"),
    ({"require_tag: finance": "require_field: finance"}, "incorrect", "wrong_rule"),
    ({"require_tag: finance": "require_classification: finance"}, "incorrect", "wrong_rule"),
    ({"id: payments-finance-tag": "id: Payments Finance"}, "incorrect", None),
    ({"  require_tag: finance": "require_tag: finance"}, "incorrect", None),
])
def test_domain_policy_verdicts(change, status, mistake):
    code = ex.q8.solution_code
    for old, new in change.items():
        assert old in code, old
        code = code.replace(old, new)
    result = verdict(ex.q8, code)
    assert (result.status, result.mistake) == (status, mistake), result.message


def test_a_refused_domain_policy_says_why_in_the_kits_words():
    code = ex.q8.solution_code.replace("id: payments-finance-tag", "id: Payments Finance")
    assert "lower-case words joined by '-'" in verdict(ex.q8, code).message


def test_a_policy_with_a_blank_left_names_its_line():
    code = ex.q8.solution_code.replace("scope: payments", "scope: ____")
    result = verdict(ex.q8, code)
    assert result.status == "incorrect" and "line 3 (`scope: ____`)" in result.message


# messages never reveal the answer ------------------------------------------------------------------

@pytest.mark.parametrize(("exercise", "code"), [
    ("q5", 'score_keeper = "interoperable"'),
    ("q5", 'score_keeper = "description"'),
    ("q9", 'new_version = "1.3.0"'),
    ("q9", 'new_version = "3.0.0"'),
])
def test_incorrect_messages_do_not_reveal_the_answer(exercise, code):
    exercise = getattr(ex, exercise)
    result = verdict(exercise, code)
    assert result.status == "incorrect"
    assert str(exercise.expected) not in result.message


def test_every_mistake_of_the_module_has_an_example():
    for exercise in (ex.q2, ex.q3, ex.q5, ex.q6, ex.q7, ex.q8, ex.q9):
        assert all(m.example for m in exercise.mistakes), exercise.id


def test_six_or_more_checked_exercises_and_one_per_level():
    exercises = [getattr(ex, f"q{n}") for n in range(1, 11)]
    assert {e.level for e in exercises} == {"kid", "teen", "tech"}
    assert all(e.generated is not None for e in exercises if e.kind == "function")
