"""What the generic selftest cannot see in ``mesh_lab.exercises.data_mesh_03``: the expected answers are
computed (by counting, ``diff``, ``check_sla``), the new product's data are seeded and written only to
the workspace, and the contract exercises give the verdict a learner needs, including for answers that
pass a narrow check but miss the idea."""

from __future__ import annotations

import pandas as pd
import pytest

from mesh_lab.contracts import contract_from_yaml
from mesh_lab.datasets import REFERENCE_TIME
from mesh_lab.evolution import diff
from mesh_lab.exercises import data_mesh_03 as ex
from mesh_lab.learning.engine import recording
from mesh_lab.learning.selftest import run_as_learner, run_selftest
from mesh_lab.paths import PROJECT_ROOT


@pytest.fixture(autouse=True)
def _workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(tmp_path / "ws"))
    with recording(False):
        yield tmp_path / "ws"


def _contract_code(text: str) -> str:
    return f'my_contract = """\n{text}"""\n'


# computed answers --------------------------------------------------------------------------------

def test_missing_pieces_counts_against_the_promise():
    assert ex.missing_pieces() == 2
    assert ex.missing_pieces({"wheel": 4}, ["wheel"] * 5) == 0, "extra pieces do not make up for missing ones"
    assert ex.missing_pieces({"wheel": 2, "roof": 1}, ["wheel", "wheel", "wheel"]) == 1


def test_usable_guides_need_every_fact():
    assert ex.guides_others_can_use() == ["ada_biology", "cleo_maths"]
    changed = {**ex.STUDY_GUIDES, "eli_english": {k: True for k in ex.STUDY_GUIDES["eli_english"]}}
    assert ex.guides_others_can_use(changed) == ["ada_biology", "cleo_maths", "eli_english"]


def test_change_levels_are_what_diff_says():
    base = ex.payments_contract()
    levels = ex.change_levels()
    assert levels == {"A": "info", "B": "error", "C": "error", "D": "info", "E": "error", "F": "warning"}
    for letter, level in levels.items():
        assert diff(base, ex.changed_contract(letter, base)).highest == level
    assert diff(base, ex.all_changes_at_once()).required_bump == "major"


def test_points_data_are_seeded_with_one_nine_hour_outage():
    frame = ex.points_frame()
    pd.testing.assert_frame_equal(frame, ex.points_frame())
    stamps = pd.to_datetime(frame["created_at"], utc=True)
    assert stamps.is_monotonic_increasing and frame["entry_id"].is_unique
    gaps = stamps.diff().dropna()
    assert gaps.max() == ex.OUTAGE_LENGTH and (gaps > pd.Timedelta(minutes=90)).sum() == 1
    assert REFERENCE_TIME - stamps.max() == ex.POINTS_NEWEST_AGE
    assert not ex.points_frame(seed=4).equals(frame)


def test_points_csv_goes_to_the_workspace_never_to_the_project(_workspace):
    path = ex.write_points_csv()
    assert path.parent == _workspace / "data_mesh_03" and path.exists()
    assert not path.resolve().is_relative_to(PROJECT_ROOT / "data")
    pd.testing.assert_frame_equal(pd.read_csv(path), ex.points_frame())


def test_clock_answers_come_from_check_sla():
    assert ex.minutes_until_stale() == 85
    assert ex.green_at(REFERENCE_TIME) == 2, "fresh and kept, but the outage broke frequency"
    assert ex.green_at(REFERENCE_TIME - pd.Timedelta(days=3)) == 3, "before the outage every SLA holds"
    later = REFERENCE_TIME + pd.Timedelta(days=1)
    assert ex.green_at(later) == 0 and ex.minutes_until_stale(now=later) < 0


def test_the_reference_contract_lints_validates_and_keeps_its_slas():
    contract = contract_from_yaml(ex.POINTS_CONTRACT)
    assert ex.q5.problem(ex.POINTS_CONTRACT) is None
    assert ex.clock_contract().sla_properties[1].value == 6 and contract.sla_properties[1].value == 12


# the learner's verdicts ----------------------------------------------------------------------------

def test_every_exercise_of_the_module_passes_its_selftest():
    names = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "quiz1", "quiz2", "quiz3", "quiz4", "quiz5"]
    outcomes = run_selftest([getattr(ex, name) for name in names])
    assert len(outcomes) == 14
    assert all(o.passed for o in outcomes), [o.line() for o in outcomes if not o.passed]


@pytest.mark.parametrize(("change", "words"), [
    (("  name: loyalty-team\n", "  name: ''\n"), "no owning team"),
    (("id: loyalty.points", "id: loyalty.point"), "'loyalty.points'"),
    (("      - name: reason\n        logicalType: string\n        required: true\n", ""), "reason"),
    (("    value: 2\n    unit: h", "    value: 10\n    unit: min"), "latency"),
    (("          minimum: 1\n", "          minimum: 30\n"), "do not pass your contract"),
])
def test_contract_answers_that_miss_the_idea_are_told_what_is_wrong(change, words):
    result = run_as_learner(ex.q5, _contract_code(ex.POINTS_CONTRACT.replace(*change)))
    assert result.status == "incorrect" and words in result.message, result.message


def test_a_contract_describing_only_the_key_names_the_columns_it_forgot():
    head, rest = ex.POINTS_CONTRACT.split("      - name: customer_id")
    only_key = head + "slaProperties:" + rest.split("slaProperties:")[1]
    result = run_as_learner(ex.q5, _contract_code(only_key))
    assert result.status == "incorrect"
    assert "created_at, customer_id, points, reason" in result.message


def test_a_contract_with_an_unknown_field_quotes_the_lint_problem():
    result = run_as_learner(ex.q5, _contract_code(ex.POINTS_CONTRACT.replace("required: true", "requird: true", 1)))
    assert result.status == "incorrect" and "requird" in result.message and "lint" in result.message


def test_the_starter_and_a_half_filled_contract_are_not_attempted():
    assert run_as_learner(ex.q5, ex.q5.starter).status == "not_attempted"
    half = ex.q5.starter.replace("name: ____", "name: loyalty-team")
    assert run_as_learner(ex.q5, half).status == "not_attempted"


def test_a_dict_contract_is_graded_like_yaml():
    code = f"import yaml\nmy_contract = yaml.safe_load({ex.POINTS_CONTRACT!r})\n"
    assert run_as_learner(ex.q5, code).status == "correct"


def test_minutes_left_accepts_the_number_however_written():
    assert run_as_learner(ex.q6, "minutes_left = 85.0").status == "correct"
    wrong = run_as_learner(ex.q6, "minutes_left = 60")
    assert wrong.status == "incorrect" and "85" not in wrong.message, "never reveal the answer"


def test_levels_accept_any_key_order_and_explain_a_mix_up():
    code = 'my_levels = {"F": "warning", "E": "error", "D": "info", "C": "error", "B": "error", "A": "info"}'
    assert run_as_learner(ex.q7, code).status == "correct"
    result = run_as_learner(ex.q7, code.replace('"F": "warning"', '"F": "error"'))
    assert result.status == "incorrect" and "warning" not in result.message, "never reveal the answer"


_EVOLVE = ex._EVOLVE_HEAD + ex._EVOLVE_ADD + ex._EVOLVE_DEPRECATE


def test_a_patch_or_a_minor_bump_is_enough_for_a_safe_release():
    assert run_as_learner(ex.q8, _EVOLVE + 'new["version"] = "1.2.1"\n').status == "correct"
    assert run_as_learner(ex.q8, _EVOLVE + 'new["version"] = "1.3.0"\n').status == "correct"


def test_deprecation_in_the_description_counts():
    code = (ex._EVOLVE_HEAD + ex._EVOLVE_ADD
            + 'next(c for c in columns if c["name"] == "payment_method")["description"] = "Deprecated: use '
              'payment_channel; removed in 2.0.0."\nnew["version"] = "1.3.0"\n')
    assert run_as_learner(ex.q8, code).status == "correct"


def test_a_release_that_also_tightens_a_rule_is_caught_by_diff():
    code = (_EVOLVE + 'next(c for c in columns if c["name"] == "quantity")["logicalTypeOptions"]["maximum"] = 50\n'
            + 'new["version"] = "1.3.0"\n')
    result = run_as_learner(ex.q8, code)
    assert result.status == "incorrect" and "validation-constraint-changed" in result.message


def test_renaming_the_column_is_removing_it():
    code = (ex._EVOLVE_HEAD + ex._EVOLVE_ADD
            + 'next(c for c in columns if c["name"] == "payment_method")["name"] = "payment_channel"\n'
            + 'new["version"] = "1.3.0"\n')
    result = run_as_learner(ex.q8, code)
    assert result.status == "incorrect" and result.mistake == "removed_the_column"


def test_the_evolution_starter_is_not_attempted_and_a_number_is_not_a_contract():
    assert run_as_learner(ex.q8, ex.q8.starter).status == "not_attempted"
    result = run_as_learner(ex.q8, "new = 3")
    assert result.status == "incorrect" and "3" in result.message


def test_next_version_reference_is_contract_diffs_bump():
    assert ex.reference_next_version("1.2.3", ["info", "error"]) == "2.0.0"
    assert ex.reference_next_version("1.9.3", ["warning"]) == "1.10.0"
    assert ex.reference_next_version("1.2.3", []) == "1.2.3"
    inputs = ex.q9.generated_inputs()
    assert any(not levels for _, levels in inputs) and any(len(set(levels)) == 3 for _, levels in inputs)


def test_next_version_that_only_knows_the_fixed_releases_is_caught():
    lookup = ("def next_version(version, levels):\n"
              "    return {(\"1.2.0\", (\"info\", \"error\")): \"2.0.0\", (\"1.2.3\", (\"warning\", \"info\")): \"1.3.0\",\n"
              "            (\"1.9.9\", (\"info\",)): \"1.9.10\", (\"1.9.0\", (\"warning\",)): \"1.10.0\",\n"
              "            (\"0.1.0\", ()): \"0.1.0\", (\"2.3.4\", (\"error\", \"warning\")): \"3.0.0\"}"
              "[(version, tuple(levels))]\n")
    result = run_as_learner(ex.q9, lookup)
    assert result.status in ("incorrect", "error") and "passes the examples, but not this input" in result.message


def test_next_version_with_max_of_the_words_is_told_why():
    code = ex.q9.solution_code.replace('    major, minor', '    levels = [max(levels)] if levels else []\n    major, minor')
    result = run_as_learner(ex.q9, code)
    assert result.status == "incorrect" and result.mistake == "max_of_the_words"


def test_a_freshness_promise_nobody_can_plan_on_is_not_enough():
    loose = ex.POINTS_CONTRACT.replace("    value: 2\n    unit: h", "    value: 2\n    unit: w")
    result = run_as_learner(ex.q5, _contract_code(loose))
    assert result.status == "incorrect" and result.mistake == "freshness_that_means_nothing"
    assert ex.q5.problem(loose) and "longer than a day" in ex.q5.problem(loose)


def test_a_coupon_code_that_is_a_number_is_caught():
    code = ex.q8.solution_code.replace('"logicalType": "string", "required": False',
                                       '"logicalType": "integer", "required": False')
    result = run_as_learner(ex.q8, code)
    assert result.status == "incorrect" and "'integer'" in result.message


# playing the learner: wrong answers that used to get a ✅ or the wrong message ------------------------

@pytest.mark.parametrize("version", ['"1.4.0"', '"1.3.1"'])
def test_a_version_that_skips_one_is_not_correct(version):
    result = run_as_learner(ex.q8, _EVOLVE + f'new["version"] = {version}\n')
    assert (result.status, result.mistake) == ("incorrect", "skipped_a_version"), result.message


@pytest.mark.parametrize("version", ['"v1.3.0"', '"1.3"'])
def test_a_version_not_written_as_three_numbers_is_told_so(version):
    result = run_as_learner(ex.q8, _EVOLVE + f'new["version"] = {version}\n')
    assert (result.status, result.mistake) == ("incorrect", "version_not_three_numbers"), result.message
    assert "major" not in result.message and "not bumped enough" not in result.message


def test_a_deprecated_tag_written_as_text_is_told_to_be_a_list():
    code = _EVOLVE.replace('method["tags"] = ["deprecated"]', 'method["tags"] = "deprecated"') + 'new["version"] = "1.3.0"\n'
    result = run_as_learner(ex.q8, code)
    assert (result.status, result.mistake) == ("incorrect", "tags_not_a_list"), result.message


def test_the_praise_for_a_patch_release_does_not_call_it_a_minor():
    result = run_as_learner(ex.q8, _EVOLVE + 'new["version"] = "1.2.1"\n')
    assert result.status == "correct" and "under a minor bump" not in result.message


def test_next_version_that_changes_its_input_is_not_correct():
    code = ex.q9.solution_code.replace('    major, minor', '    levels.sort()\n    major, minor')
    result = run_as_learner(ex.q9, code)
    assert result.status == "incorrect" and "changed its input" in result.message


@pytest.mark.parametrize(("old", "new", "mistake"), [
    ('return f"{major + 1}.0.0"', 'return f"{major}.{minor + 1}.0"', "minor_for_an_error"),
    ('return f"{major}.{minor + 1}.0"', 'return f"{major}.{minor}.{patch + 1}"', "patch_for_a_warning"),
])
def test_next_version_wrong_bumps_are_named(old, new, mistake):
    code = ex.q9.solution_code.replace(old, new, 1)
    result = run_as_learner(ex.q9, code)
    assert (result.status, result.mistake) == ("incorrect", mistake), result.message
    assert "alphabetically" not in result.message


def test_a_freshness_sla_on_the_wrong_column_says_which_column():
    text = ex.POINTS_CONTRACT.replace("    unit: h\n    element: points.created_at",
                                      "    unit: h\n    element: points.entry_id", 1)
    result = run_as_learner(ex.q5, _contract_code(text))
    assert result.status == "incorrect" and "points.entry_id" in result.message


@pytest.mark.parametrize(("code", "mistake"), [
    ('usable_guides = ["ada_biology", "cleo_maths", "ada_biology"]', "same_guide_twice"),
    ('usable_guides = ["Ada_biology", "cleo_maths"]', "names_with_capitals_or_spaces"),
    ("usable_guides = 2", "a_count"),
])
def test_study_guide_slips_are_named(code, mistake):
    result = run_as_learner(ex.q4, code)
    assert (result.status, result.mistake) == ("incorrect", mistake), result.message
    assert "should not be there" not in result.message and "list of 2" not in result.message


def test_a_negative_minutes_left_is_told_it_subtracted_the_wrong_way():
    result = run_as_learner(ex.q6, "minutes_left = 35 - 2 * 60")
    assert (result.status, result.mistake) == ("incorrect", "subtracted_the_wrong_way"), result.message
    assert "85" not in result.message
