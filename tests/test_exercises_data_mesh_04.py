"""What the generic selftest cannot see in ``mesh_lab.exercises.data_mesh_04``: verdicts as a learner gets
them (wrong answers that fit the fixed cases but not the idea included), expected answers computed from the
core, messages that never reveal the answer, and the helpers that act on the learner's workspace: they
stay inside it and let the notebook run again."""

from __future__ import annotations

import json

import pytest

from mesh_lab.errors import MeshLabError
from mesh_lab.exercises import data_mesh_04 as ex
from mesh_lab.learning.engine import recording
from mesh_lab.learning.selftest import run_as_learner
from mesh_lab.lint import lint
from mesh_lab.platform import load_registry, mesh_folder, publish, request_access, scaffold, workspace_catalog
from mesh_lab.simulate import OrgParams


@pytest.fixture(autouse=True)
def _no_progress_records():
    with recording(False):
        yield


def verdict(exercise, code: str):
    return run_as_learner(exercise, code)


# computed answers -------------------------------------------------------------------------------

def test_kid_and_teen_answers_come_from_their_tables():
    assert ex.steps_saved() == len(ex.WITHOUT_KIT) - len(ex.WITH_KIT) == 3
    assert ex.steps_saved(["a", "b"], ["a"]) == 1
    assert ex.steps_left_to_you() == [6, 7]
    assert list(ex.template_frame().columns) == ["step"], "the table must not give away who does each step"


def test_steps_table_sets_every_manual_step_beside_what_the_platform_does():
    table = ex.steps_table()
    assert len(table) == len(ex.MANUAL_STEPS) == 8
    assert table["with the platform"].str.len().gt(0).all()
    assert len(ex.PLATFORM_COMMANDS) < len(table)


def test_maturity_sweep_shows_mesh_without_a_platform_is_no_faster():
    sweep = ex.maturity_sweep()
    assert list(sweep["platform_maturity"]) == list(ex.MATURITIES)
    assert sweep["mesh_weeks"].iloc[0] >= sweep["central_weeks"].iloc[0], "the pitfall the notebook teaches"
    assert sweep["mesh_weeks"].iloc[-1] < 2 < sweep["central_weeks"].iloc[-1]
    assert sweep["mesh_weeks"].is_monotonic_decreasing
    assert sweep["mesh_duplicated_work"].iloc[-1] == 0
    assert sweep["mesh_cost"].tolist() == pytest.approx([OrgParams(platform_maturity=m).mesh_cost()
                                                         for m in ex.MATURITIES])
    assert ex.mesh_weeks_without_platform() == sweep["mesh_weeks"].iloc[0]


def test_reference_changes_per_week_is_the_simulation_capacity():
    for maturity, strictness in [(0.0, 0.0), (0.3, 0.7), (1.0, 1.0)]:
        params = OrgParams(domain_capacity=6.0, platform_maturity=maturity, governance_strictness=strictness)
        assert ex.reference_changes_per_week(6.0, maturity, strictness) == pytest.approx(params.mesh_capacity())


def test_blast_radius_in_memory_matches_the_platform_after_a_real_request(_isolated_workspace):
    """The exercise's expected answer is built in memory; the real platform must agree with it, on a
    first run and on a re-run in the same workspace (start_again)."""
    for _ in range(2):
        ex.start_again()
        folder = scaffold("marketing", "campaign_clicks", from_csv=ex.write_clicks_csv())
        assert publish(folder).published
        request = request_access("catalog.products", ex.PRODUCT_ID, "join clicks with product prices")
        assert request.status == "approved"
        assert workspace_catalog().downstream("catalog.products") == ex.blast_radius_now()
    assert ex.blast_radius_now() == ["analytics.daily_revenue", ex.PRODUCT_ID]


def test_the_notebook_story_fails_the_gate_then_passes(_isolated_workspace):
    ex.start_again()
    folder = scaffold("marketing", "campaign_clicks", from_csv=ex.write_clicks_csv())
    ex.set_in_contract(folder, "schema[0].properties[3].classification", "restricted")
    ex.set_in_contract(folder, "version", "1.0")
    ex.append_rows(folder, ex.LATE_DELIVERY)
    refused = publish(folder)
    failed = {step.name.split(":")[0]: [f["path"] for f in step.failures] for step in refused.steps if not step.passed}
    assert failed == {"governance": ["version"], "validation": ["schema[0].properties[0].logicalTypeOptions.pattern"]}
    ex.set_in_contract(folder, "version", "1.0.0")
    ex.remove_rows(folder, "click_id", "ck-7")
    assert publish(folder).published
    asked = request_access(ex.PRODUCT_ID, "growth-team", "see which campaigns bring new customers")
    assert asked.status == "pending", "visitor_email is restricted now: the owner decides"


# helpers that touch the workspace -------------------------------------------------------------

def test_start_again_removes_only_its_own_product_and_withdraws_its_requests(_isolated_workspace):
    ex.start_again()
    mine = scaffold("marketing", "campaign_clicks", from_csv=ex.write_clicks_csv())
    other = scaffold("marketing", "newsletter_opens")
    registry = {"products": {ex.PRODUCT_ID: str(mine / "campaign_clicks.odcs.yaml"),
                             "marketing.newsletter_opens": str(other / "newsletter_opens.odcs.yaml")},
                "requests": [{"number": 1, "product": "catalog.products", "consumer": ex.PRODUCT_ID,
                              "status": "approved"},
                             {"number": 2, "product": "catalog.products", "consumer": "marketing.newsletter_opens",
                              "status": "approved"}]}
    (mesh_folder() / "registry.json").write_text(json.dumps(registry))
    assert "removed" in ex.start_again()
    assert not mine.exists() and other.exists()
    after = load_registry()
    assert list(after["products"]) == ["marketing.newsletter_opens"]
    assert [(r["number"], r["status"]) for r in after["requests"]] == [(1, "withdrawn"), (2, "approved")]
    assert "fresh start" in ex.start_again()


@pytest.mark.parametrize("bad", ["marketing", "../marketing.x", "marketing/x.y", ""])
def test_start_again_refuses_what_is_not_a_product_id(_isolated_workspace, bad):
    with pytest.raises(MeshLabError, match="not a product id"):
        ex.start_again(bad)


def test_set_in_contract_sets_an_existing_field_and_keeps_the_contract_lint_clean(_isolated_workspace):
    ex.start_again()
    folder = scaffold("marketing", "campaign_clicks", from_csv=ex.write_clicks_csv())
    change = ex.set_in_contract(folder, "schema[0].properties[3].classification", "restricted")
    assert change == "schema[0].properties[3].classification: 'internal' → 'restricted'"
    text = (folder / "campaign_clicks.odcs.yaml").read_text()
    assert text.startswith("# Scaffolded by the Mesh Lab platform") and "classification: restricted" in text
    assert [p for p in lint([folder / "campaign_clicks.odcs.yaml"]) if p.severity == "error"] == []
    for path in ("owner", "schema[0].properties[9].name", "schema[0].nope"):
        with pytest.raises(MeshLabError, match="has no"):
            ex.set_in_contract(folder, path, "x")
    for path in ("schema[0]..name", "version[", "1version"):
        with pytest.raises(MeshLabError, match="not a contract path"):
            ex.set_in_contract(folder, path, "x")


def test_rows_are_appended_and_removed_in_the_products_data(_isolated_workspace):
    ex.start_again()
    folder = scaffold("marketing", "campaign_clicks", from_csv=ex.write_clicks_csv())
    assert len(ex.append_rows(folder, ex.LATE_DELIVERY)) == 7
    kept = ex.remove_rows(folder, "click_id", "ck-7")
    assert len(kept) == 6 and "ck-7" not in (folder / "campaign_clicks.csv").read_text()
    with pytest.raises(MeshLabError, match="no column 'id'"):
        ex.remove_rows(folder, "id", "x")


def test_every_helper_writes_inside_the_workspace(_isolated_workspace):
    assert ex.write_clicks_csv().is_relative_to(_isolated_workspace)
    assert mesh_folder().is_relative_to(_isolated_workspace)


# the learner's verdicts -------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "status", "mistake"), [
    ("steps_saved_by_kit = 5 - 2", "correct", None),
    ("steps_saved_by_kit = 3", "correct", None),
    ("steps_saved_by_kit = 5", "incorrect", "steps_without_kit"),
    ("steps_saved_by_kit = 2", "incorrect", "steps_with_kit"),
    ("steps_saved_by_kit = 5 + 2", "incorrect", "added_them"),
    ('steps_saved_by_kit = "3"', "incorrect", "wrote_words"),
    ("steps_saved_by_kit = 2 - 5", "incorrect", "small_minus_big"),
])
def test_kid_steps_saved(code, status, mistake):
    result = verdict(ex.q2, code)
    assert (result.status, result.mistake) == (status, mistake), result.message


def test_a_wrong_step_count_never_shows_the_answer():
    result = verdict(ex.q2, "steps_saved_by_kit = 4")
    assert result.status == "incorrect" and "3" not in result.message


@pytest.mark.parametrize(("code", "status", "mistake"), [
    ("still_mine = [6, 7]", "correct", None),
    ("still_mine = [7, 6]", "correct", None),
    ("still_mine = []", "incorrect", "template_does_everything"),
    ("still_mine = [1, 2, 3, 4, 5, 6, 7]", "incorrect", "template_does_nothing"),
    ("still_mine = [3, 6, 7]", "incorrect", "kept_a_template_step"),
    ("still_mine = 2", "incorrect", "a_count_not_the_steps"),
    ("still_mine = [6]", "incorrect", None),
    ('still_mine = ["6", "7"]', "incorrect", "numbers_as_text"),
    ("still_mine = [6, 7, 7]", "incorrect", "same_step_twice"),
    ("still_mine = (6, 7)", "correct", None),
])
def test_teen_steps_still_mine(code, status, mistake):
    result = verdict(ex.q3, code)
    assert (result.status, result.mistake) == (status, mistake), result.message
    if status == "incorrect":
        assert "[6, 7]" not in result.message


CHANGES = ("def changes_per_week(domain_capacity, platform_maturity, governance_strictness):\n"
           "    return domain_capacity / (1 + 2 * (1 - platform_maturity) + governance_strictness)\n")


@pytest.mark.parametrize(("code", "status", "mistake"), [
    (CHANGES, "correct", None),
    (CHANGES.replace("1 + 2 * (1 - platform_maturity)", "3 - 2 * platform_maturity"), "correct", None),
    (CHANGES.replace("(1 - platform_maturity)", "platform_maturity"), "incorrect", "maturity_backwards"),
    (CHANGES.replace(" + governance_strictness", ""), "incorrect", "forgot_strictness"),
    (CHANGES.replace("domain_capacity / (", "domain_capacity * ("), "incorrect", "multiplied_by_the_cost"),
    (CHANGES.replace("return domain_capacity / ", "return "), "incorrect", "returned_the_cost"),
    (CHANGES.replace("domain_capacity / (1 + 2 * (1 - platform_maturity) + governance_strictness)",
                     "domain_capacity / 1 + 2 * (1 - platform_maturity) + governance_strictness"),
     "incorrect", "no_brackets"),
])
def test_tech_changes_per_week(code, status, mistake):
    result = verdict(ex.q5, code)
    assert (result.status, result.mistake) == (status, mistake), result.message


def test_a_function_that_fits_the_four_teams_but_not_the_equation_fails_on_a_generated_team():
    answers = {args: expected for args, expected in ex.q5.cases}
    code = (f"KNOWN = {answers!r}\n"
            "def changes_per_week(domain_capacity, platform_maturity, governance_strictness):\n"
            "    return KNOWN.get((domain_capacity, platform_maturity, governance_strictness), domain_capacity / 2)\n")
    result = verdict(ex.q5, code)
    assert result.status == "incorrect" and "passes the examples, but not this input" in result.message


def test_generated_teams_reach_both_ends_of_each_knob():
    import random

    rng = random.Random(3)
    teams = [ex.random_team(rng) for _ in range(200)]
    assert {0.0, 1.0} <= {m for _, m, _ in teams} and {0.0, 1.0} <= {s for _, _, s in teams}
    assert all(1 <= c <= 20 for c, _, _ in teams)
    assert all(smaller != (8.5, 0.37, 0.42) for smaller in ex.simpler_teams((8.5, 0.37, 0.42)))


@pytest.mark.parametrize(("code", "status", "mistake"), [
    ('blast_radius = after.downstream("catalog.products")', "correct", None),
    ('blast_radius = ["marketing.campaign_clicks", "analytics.daily_revenue"]', "correct", None),
    ('blast_radius = before.downstream("catalog.products")', "incorrect", "before_the_request"),
    ('blast_radius = after.downstream("catalog.products", direct=True)', "correct", None),
    ('blast_radius = ["marketing.campaign_clicks"]', "incorrect", "only_the_new_reader"),
    ('blast_radius = after.upstream("catalog.products")', "incorrect", "upstream_not_downstream"),
    ('blast_radius = ["catalog.products", *after.downstream("catalog.products")]', "incorrect", "included_itself"),
    ('blast_radius = ["analytics.daily_revenue", "payments.transactions"]', "incorrect", None),
    ('blast_radius = after.downstream("payments.transactions")', "incorrect", "before_the_request"),
])
def test_tech_blast_radius(code, status, mistake):
    result = verdict(ex.q6, code)
    assert (result.status, result.mistake) == (status, mistake), result.message


def test_choice_exercises_explain_every_wrong_option():
    for exercise in (ex.q1, ex.q4, ex.q7):
        for key in exercise.options:
            result = verdict(exercise, f"{exercise.var} = {key!r}")
            assert result.correct == (key == exercise.correct)
            assert result.message.strip(), f"{exercise.id} option {key} says nothing"
