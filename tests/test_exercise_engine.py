"""The exercise engine: placeholders, comparisons, mistakes, learner errors, help, display, registry."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mesh_lab.learning import engine
from mesh_lab.learning.engine import (
    ChoiceExercise,
    ExerciseError,
    FunctionExercise,
    Mistake,
    Result,
    ValueExercise,
    ____,
    answers_equal,
    describe,
    is_blank,
)


def value_exercise(**overrides):
    options = dict(
        id="t.q1", level="kid", prompt="How many?", var="answer", expected=42,
        starter="answer = ____", solution="answer = 42", hints=["Count them.", "It is 6 × 7."],
        mistakes=[Mistake(name="off_by_one", when=41, example="answer = 41", message="One too few.")],
        correct_message="Yes, 42.", register=False,
    )
    options.update(overrides)
    return ValueExercise(**options)


def double_exercise(**overrides):
    options = dict(
        id="t.q2", level="tech", prompt="Double it.", func="double",
        cases=[((2,), 4), ((0,), 0), ((-3,), -6)],
        starter="def double(x):\n    return ____\n", solution="def double(x):\n    return 2 * x\n",
        mistakes=[Mistake(name="squares", when=lambda f: f(3) == 9,
                          example="def double(x):\n    return x * x\n", message="That squares.")],
        register=False,
    )
    options.update(overrides)
    return FunctionExercise(**options)


def run(code: str) -> dict:
    namespace = {"____": ____}
    exec(code, namespace)
    return namespace


# -- the placeholder --------------------------------------------------------------------------------

def test_placeholder_survives_arithmetic_and_is_falsy():
    assert (____ + 1) is ____ and (2 * ____) is ____ and ____() is ____ and ____[0] is ____
    assert not ____ and repr(____) == "____"
    assert ____ != 0 and ____ == ____


def test_is_blank_finds_placeholders_inside_containers():
    assert is_blank(____) and is_blank([1, ____]) and is_blank({"a": (1, ____)}) and is_blank({____: 1})
    assert not is_blank([1, 2]) and not is_blank("____") and not is_blank(None)


@pytest.mark.parametrize("namespace", [{}, {"answer": ____}, {"answer": [1, ____, 3]}, {"answer": ____ * 3}])
def test_missing_or_placeholder_value_is_not_attempted(namespace):
    result = value_exercise().evaluate(namespace)
    assert result.status == "not_attempted"
    assert "answer" in result.message


def test_function_returning_placeholder_is_not_attempted():
    assert double_exercise().evaluate(run("def double(x):\n    return ____\n")).status == "not_attempted"


def test_untouched_starter_function_is_not_attempted_even_without_placeholder(tmp_path):
    exercise = double_exercise(starter="def double(x):\n    pass\n")
    module = tmp_path / "learner_cell.py"  # inspect.getsource needs a real file, like IPython's cells
    module.write_text("def double(x):\n    pass\n")
    namespace = {}
    exec(compile(module.read_text(), str(module), "exec"), namespace)
    assert exercise.evaluate(namespace).status == "not_attempted"
    module.write_text("def double(x):\n    return x + x\n")
    namespace = {}
    exec(compile(module.read_text(), str(module), "exec"), namespace)
    assert exercise.evaluate(namespace).status == "correct"


# -- comparisons ------------------------------------------------------------------------------------

def test_floats_use_a_tiny_default_tolerance():
    exercise = value_exercise(expected=0.3, mistakes=[])
    assert exercise.evaluate({"answer": 0.1 + 0.2}).status == "correct"
    assert exercise.evaluate({"answer": 0.31}).status == "incorrect"


def test_explicit_tolerance_accepts_close_numbers_and_rejects_far_ones():
    exercise = value_exercise(expected=3.14159, tolerance=0.01, mistakes=[])
    assert exercise.evaluate({"answer": 3.14}).status == "correct"
    assert exercise.evaluate({"answer": np.float64(3.1416)}).status == "correct"
    far = exercise.evaluate({"answer": 3.0})
    assert far.status == "incorrect" and "too low" in far.message


def test_bool_is_not_accepted_for_a_number():
    assert value_exercise(expected=1, mistakes=[]).evaluate({"answer": True}).status == "incorrect"


def test_unordered_collections_ignore_order_but_not_content():
    exercise = value_exercise(expected=["a", "b", "c"], unordered=True, mistakes=[])
    assert exercise.evaluate({"answer": ["c", "a", "b"]}).status == "correct"
    assert exercise.evaluate({"answer": ("b", "c", "a")}).status == "correct"
    assert exercise.evaluate({"answer": ["a", "b", "b"]}).status == "incorrect"


def test_ordered_collections_say_when_only_the_order_is_wrong():
    result = value_exercise(expected=[1, 2, 3], mistakes=[]).evaluate({"answer": [3, 2, 1]})
    assert result.status == "incorrect" and "order" in result.message


def test_sets_compare_with_lists_ignoring_order():
    assert answers_equal([2, 1], {1, 2}) and not answers_equal([1, 1], {1, 2})


def test_unexpected_answer_names_the_expected_and_found_kinds():
    result = value_exercise(expected=["x", "y", "z"], mistakes=[]).evaluate({"answer": 3})
    assert result.status == "incorrect" and result.mistake is None
    message = result.message.lower()
    assert "expected a list" in message and "found an int" in message
    assert "3 str" not in message, "the expected count is part of the answer: not before solution()"


def test_describe_is_short_and_specific():
    assert describe([1, 2]) == "a list of 2 int"
    assert describe([1, "a"]) == "a list of 2 items (int, str)"
    assert describe({}) == "a dict with 0 keys"
    assert describe(pd.DataFrame({"a": [1, 2]})) == "a DataFrame with 2 rows × 1 columns"
    assert describe(None) == "None" and describe(1.5) == "a float"


def test_text_answers_get_case_and_space_hints():
    exercise = value_exercise(expected="payments", mistakes=[])
    assert "case" in exercise.evaluate({"answer": "Payments"}).message
    assert "spaces" in exercise.evaluate({"answer": "payments "}).message


def test_dict_answers_count_missing_keys_without_naming_them_and_quote_extra_ones():
    exercise = value_exercise(expected={"a": 1, "b": 2}, mistakes=[])
    result = exercise.evaluate({"answer": {"a": 1}})
    assert result.status == "incorrect" and "1 key missing" in result.message and "'b'" not in result.message
    extra = exercise.evaluate({"answer": {"a": 1, "b": 2, "zz": 3}})
    assert "'zz'" in extra.message and "should not be there" in extra.message
    wrong = exercise.evaluate({"answer": {"a": 1, "b": 7}})
    assert "'b' → 7" in wrong.message and " 2" not in wrong.message


def test_frames_are_compared_with_pandas_testing():
    frame = pd.DataFrame({"domain": ["payments", "catalog"], "rows": [10, 20]})
    exercise = value_exercise(expected=lambda: frame.copy(), mistakes=[])
    assert exercise.evaluate({"answer": frame.copy()}).status == "correct"
    as_objects = frame.astype({"domain": object, "rows": "int32"})
    assert exercise.evaluate({"answer": as_objects}).status == "correct"  # dtypes are not the lesson
    changed = frame.assign(rows=[10, 21])
    result = exercise.evaluate({"answer": changed})
    assert result.status == "incorrect" and "rows" in result.message
    assert exercise.evaluate({"answer": frame.to_dict()}).status == "incorrect"


def test_unordered_frames_ignore_row_order():
    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    exercise = value_exercise(expected=frame, unordered=True, mistakes=[])
    assert exercise.evaluate({"answer": frame.iloc[::-1]}).status == "correct"
    assert value_exercise(expected=frame, mistakes=[]).evaluate({"answer": frame.iloc[::-1]}).status == "incorrect"


def test_series_are_compared_with_tolerance():
    exercise = value_exercise(expected=pd.Series([1.0, 2.0]), tolerance=1e-3, mistakes=[])
    assert exercise.evaluate({"answer": pd.Series([1.0001, 2.0], name="x")}).status == "correct"
    assert exercise.evaluate({"answer": pd.Series([1.1, 2.0])}).status == "incorrect"


def test_expected_callable_is_computed_lazily_once():
    calls = []
    exercise = value_exercise(expected=lambda: calls.append(1) or 42)
    assert calls == []
    exercise.evaluate({"answer": 42})
    exercise.evaluate({"answer": 42})
    assert calls == [1]


# -- mistakes ---------------------------------------------------------------------------------------

def test_declared_mistake_gets_its_own_message():
    result = value_exercise().evaluate({"answer": 41})
    assert (result.status, result.mistake, result.message) == ("incorrect", "off_by_one", "One too few.")


def test_mistake_predicate_that_raises_means_no_match():
    exercise = value_exercise(mistakes=[
        Mistake(name="boom", when=lambda a: a.upper() == "X", message="never"),
        Mistake(name="big", when=lambda a: a > 100, message="Too big."),
    ])
    assert exercise.evaluate({"answer": 500}).mistake == "big"
    assert exercise.evaluate({"answer": 7}).mistake is None


def test_correct_answer_wins_over_a_matching_mistake_predicate():
    exercise = value_exercise(mistakes=[Mistake(name="any_number", when=lambda a: True, message="m")])
    assert exercise.evaluate({"answer": 42}).status == "correct"


def test_function_mistake_predicate_and_fallback_message():
    exercise = double_exercise()
    assert exercise.evaluate(run(exercise.solution_code)).status == "correct"
    squares = exercise.evaluate(run("def double(x):\n    return x * x\n"))
    assert (squares.status, squares.mistake) == ("incorrect", "squares")
    plus_one = exercise.evaluate(run("def double(x):\n    return x + 1\n"))
    assert plus_one.mistake is None and "double(2) returned 3. 3 is too low" in plus_one.message
    assert "expected" not in plus_one.message.lower() and "4" not in plus_one.message


def test_function_value_mistake_is_compared_with_the_failing_output():
    exercise = double_exercise(mistakes=[Mistake(name="constant", when=0, message="Always 0?")])
    assert exercise.evaluate(run("def double(x):\n    return 0\n")).mistake == "constant"


# -- the learner's exceptions and mutation ----------------------------------------------------------

def test_learner_exception_is_an_error_result_with_a_short_traceback():
    result = double_exercise().evaluate(run("def double(x):\n    return x / 0\n"))
    assert result.status == "error"
    assert "ZeroDivisionError" in result.message and "double(2)" in result.message
    assert "line 2, in double" in result.detail
    assert "engine.py" not in result.detail


def test_check_never_raises_on_learner_exception(capsys):
    double_exercise().check(run("def double(x):\n    raise RuntimeError('oops')\n"))
    assert "RuntimeError: oops" in capsys.readouterr().out


def test_weird_answer_objects_do_not_crash_evaluate():
    class Hostile:
        def __eq__(self, other):
            raise RuntimeError("no comparing me")

        def __repr__(self):
            raise RuntimeError("no printing me")

    assert value_exercise().evaluate({"answer": Hostile()}).status == "incorrect"


def test_function_arguments_are_deep_copied_so_mutation_cannot_leak():
    shared = [3, 1, 2]
    exercise = FunctionExercise(
        id="t.sort", level="teen", prompt="Sort it.", func="sorted_copy",
        cases=[((shared,), [1, 2, 3]), ((shared,), [1, 2, 3])],
        starter="def sorted_copy(items):\n    return ____\n",
        solution="def sorted_copy(items):\n    return sorted(items)\n", register=False,
    )
    mutating = run("def sorted_copy(items):\n    items.sort()\n    items.append(99)\n    return items[:3]\n")
    assert exercise.evaluate(mutating).status == "correct"  # each call got a fresh copy
    assert shared == [3, 1, 2]


def test_forbid_mutation_reports_a_function_that_changes_its_input():
    exercise = FunctionExercise(
        id="t.sort2", level="tech", prompt="Sort without changing the input.", func="sorted_copy",
        cases=[(([3, 1, 2],), [1, 2, 3])], forbid_mutation=True,
        starter="def sorted_copy(items):\n    return ____\n",
        solution="def sorted_copy(items):\n    return sorted(items)\n", register=False,
    )
    assert exercise.evaluate(run(exercise.solution_code)).status == "correct"
    result = exercise.evaluate(run("def sorted_copy(items):\n    items.sort()\n    return items\n"))
    assert result.status == "incorrect" and "changed its input" in result.message


def test_mistake_predicates_cannot_mutate_shared_arguments():
    data = [1, 2]
    exercise = double_exercise(mistakes=[
        Mistake(name="appends", when=lambda f: f(data) is None, message="m")])
    exercise.evaluate(run("def double(x):\n    x.append(0)\n    return None\n"))
    assert data == [1, 2]


def test_non_callable_function_answer_is_incorrect_with_a_clear_message():
    result = double_exercise().evaluate({"double": 3})
    assert result.status == "incorrect" and "function named `double`" in result.message


# -- choices ----------------------------------------------------------------------------------------

def choice_exercise():
    return ChoiceExercise(
        id="t.q3", level="teen", prompt="Which?", var="pick", options={"a": "A", "b": "B", "c": "C"},
        correct="b", why={"a": "A is wrong because …", "b": "B is right.", "c": "C is wrong because …"},
        starter="pick = ____", solution='pick = "b"', register=False,
    )


def test_choice_wrong_options_are_declared_mistakes():
    exercise = choice_exercise()
    assert [m.name for m in exercise.mistakes] == ["option_a", "option_c"]
    result = exercise.evaluate({"pick": "a"})
    assert (result.status, result.mistake, result.message) == ("incorrect", "option_a", "A is wrong because …")


def test_choice_accepts_case_and_brackets_and_lists_valid_keys():
    exercise = choice_exercise()
    assert exercise.evaluate({"pick": " (B) "}).status == "correct"
    assert exercise.evaluate({"pick": "B"}).message == "B is right."
    invalid = exercise.evaluate({"pick": "z"})
    assert invalid.status == "incorrect" and '"a", "b" or "c"' in invalid.message
    assert "quote marks" in invalid.message
    assert exercise.evaluate({}).status == "not_attempted"


def test_choice_accepts_a_trailing_full_stop_and_the_option_text():
    exercise = ChoiceExercise(
        id="t.q9", level="kid", prompt="Which?", var="pick",
        options={"a": "Each room has its own box.", "b": "Every box has the same label."}, correct="b",
        starter="pick = ____", solution='pick = "b"', register=False,
    )
    assert exercise.evaluate({"pick": "b."}).status == "correct"
    assert exercise.evaluate({"pick": "every box has the  same label"}).status == "correct"
    assert exercise.evaluate({"pick": "Each room has its own box."}).mistake == "option_a"


def test_a_frame_argument_is_described_not_dumped():
    import pandas as pd

    exercise = FunctionExercise(
        id="t.q10", level="tech", prompt="Count rows", func="count",
        cases=[((pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6]}),), 3)],
        starter="def count(frame):\n    return ____\n", solution="def count(frame):\n    return len(frame)\n",
        register=False,
    )
    namespace = {}
    exec("def count(frame):\n    return 0\n", namespace)
    message = exercise.evaluate(namespace).message
    assert "count(<a table of 3 rows × 2 columns>)" in message, message


def test_an_error_summary_keeps_the_learners_lines_not_library_internals():
    import pandas as pd

    exercise = FunctionExercise(
        id="t.q11", level="tech", prompt="Pick a column", func="pick",
        cases=[((pd.DataFrame({"a": [1]}),), 1)],
        starter="def pick(frame):\n    return ____\n", solution="def pick(frame):\n    return int(frame['a'].iloc[0])\n",
        register=False,
    )
    namespace = {}
    exec("def pick(frame):\n    return frame['nope']\n", namespace)
    result = exercise.evaluate(namespace)
    assert result.status == "error"
    assert "in pick" in result.detail and "KeyError" in result.message
    assert "site-packages" not in result.detail and "__getitem__" not in result.detail, result.detail


# -- help: hints, solution, restore -----------------------------------------------------------------

def test_hints_come_one_after_another_and_by_number(capsys):
    exercise = value_exercise()
    assert exercise.hint_text() == "Little hint 1/2: Count them."
    exercise.hint()
    exercise.hint()
    exercise.hint()
    out = capsys.readouterr().out
    assert "1/2: Count them." in out and "2/2: It is 6 × 7." in out and "last hint" in out
    assert exercise.hint_text(2) == "Little hint 2/2: It is 6 × 7."
    with pytest.raises(ExerciseError, match="has 2 hint"):
        exercise.hint_text(3)
    exercise.hint(3)  # shown as a note, never raised in a notebook
    assert "does not exist" in capsys.readouterr().out


def test_hints_can_be_worded_per_level():
    kid = value_exercise(hints=[{"kid": "Count the Lego boxes.", "tech": "len(products)"}])
    tech = value_exercise(level="tech", hints=[{"kid": "Count the Lego boxes.", "tech": "len(products)"}])
    assert kid.hint_text(1).endswith("Count the Lego boxes.")
    assert tech.hint_text(1) == "Hint 1/1: len(products)"


def test_solution_is_shown_as_code_and_highlighted_in_html(capsys):
    exercise = value_exercise()
    exercise.solution()
    assert "answer = 42" in capsys.readouterr().out
    from mesh_lab.display import Code

    html = Code(exercise.solution_code)._repr_html_()
    assert "<span" in html and "42" in html


def test_restore_runs_setup_and_solution_in_the_callers_globals(capsys):
    exercise = value_exercise(setup="base = 40", solution="answer = base + 2")
    namespace = {"ex": exercise}
    exec("ex.restore()", namespace)
    assert namespace["answer"] == 42 and namespace["base"] == 40
    exec("ex.check()", namespace)
    assert "Correct" in capsys.readouterr().out


def test_check_reads_the_callers_globals_and_prints_plain_text(capsys):
    namespace = {"ex": value_exercise(), "answer": 41}
    exec("ex.check()", namespace)
    out = capsys.readouterr().out
    assert out.startswith("❌ Not quite — t.q1") and "One too few." in out and "<div" not in out
    assert namespace["ex"].last_result.mistake == "off_by_one"


# -- display and progress ---------------------------------------------------------------------------

@pytest.mark.parametrize("status, icon", [("correct", "✅"), ("incorrect", "❌"), ("not_attempted", "✏️"),
                                          ("error", "💥")])
def test_results_have_icon_colour_html_and_plain_text(status, icon):
    result = Result(status, "message <b>", exercise_id="t.q1")
    assert repr(result).startswith(icon)
    html = result._repr_html_()
    assert icon in html and "border-left" in html and "message &lt;b&gt;" in html


def test_unknown_status_is_refused():
    with pytest.raises(ExerciseError, match="not one of"):
        Result("maybe", "?")


def test_checks_and_hints_are_recorded_in_the_workspace(_isolated_workspace, capsys):
    exercise = value_exercise()
    exercise.check({"answer": 41})
    exercise.hint()
    exercise.check({"answer": 42})
    entry = json.loads((_isolated_workspace / "progress.json").read_text())["exercises"]["t.q1"]
    assert entry["checks"] == 2 and entry["correct"] is True and entry["hints"] == 1
    assert entry["mistakes"] == {"off_by_one": 1}


def test_evaluate_records_nothing(_isolated_workspace):
    value_exercise().evaluate({"answer": 42})
    assert not (_isolated_workspace / "progress.json").exists()


def test_recording_can_be_switched_off(_isolated_workspace, capsys):
    with engine.recording(False):
        value_exercise().check({"answer": 42})
    assert not (_isolated_workspace / "progress.json").exists()


def test_unwritable_progress_warns_but_check_still_shows(monkeypatch, tmp_path, capsys):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the workspace should be")
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(blocker))
    with pytest.warns(RuntimeWarning, match="Could not record progress"):
        value_exercise().check({"answer": 42})
    assert "Correct" in capsys.readouterr().out


# -- declaration and registry -----------------------------------------------------------------------

@pytest.mark.parametrize("bad, match", [
    ({"id": "no_dot"}, "id must look like"),
    ({"level": "expert"}, "level 'expert'"),
    ({"mistakes": [Mistake("m", 1, "x"), Mistake("m", 2, "y")]}, "repeated: m"),
])
def test_bad_declarations_are_refused_with_a_clear_message(bad, match):
    with pytest.raises(ExerciseError, match=match):
        value_exercise(**bad)


def test_registration_and_duplicate_ids(monkeypatch):
    monkeypatch.setattr(engine, "_REGISTRY", {})
    exercise = value_exercise(id="zz_test.q1", register=True)
    assert engine.registry() == {"zz_test.q1": exercise}
    assert engine.get_exercise("zz_test.q1") is exercise
    again = value_exercise(id="zz_test.q1", register=True)  # re-running the same module replaces it
    assert engine.get_exercise("zz_test.q1") is again
    again.module = "somewhere.else"
    with pytest.raises(ExerciseError, match="declared twice"):
        value_exercise(id="zz_test.q1", register=True)
    with pytest.raises(ExerciseError, match="No exercise with id 'zz_test.nope'"):
        engine.get_exercise("zz_test.nope")


def test_all_exercises_imports_every_exercise_module():
    exercises = engine.all_exercises()
    modules = {e.module for e in exercises}
    assert set(engine.exercise_module_names()) >= modules
    assert [e.id for e in exercises] == sorted(e.id for e in exercises)
    assert "mesh_lab.learning.engine" not in engine.exercise_module_names()


def test_function_with_a_blank_anywhere_in_its_body_is_not_attempted():
    exercise = double_exercise()
    namespace = run("def double(x):\n    if ____:\n        return 0\n    return 2 * x\n")
    assert exercise.evaluate(namespace).status == "not_attempted"
    nested = run("def double(x):\n    def inner():\n        return ____\n    return 2 * x\n")
    assert exercise.evaluate(nested).status == "not_attempted"


def test_check_called_through_a_subclass_still_reads_the_notebook(capsys):
    module = {"__name__": "mesh_lab.exercises.fake_subclass", "ValueExercise": ValueExercise}
    exec("class Louder(ValueExercise):\n    def check(self, namespace=None):\n"
         "        return super().check(namespace)\n", module)
    exercise = module["Louder"](id="t.q9", level="kid", prompt="p", var="answer", expected=1, starter="answer = ____",
                      solution="answer = 1", register=False)
    namespace = {"ex": exercise, "answer": 1}
    exec("ex.check()", namespace)
    assert "Correct" in capsys.readouterr().out


def test_declaring_module_is_where_the_exercise_is_created_not_where_its_class_is():
    kinds = {"__name__": "mesh_lab.exercises._kinds_for_test", "ValueExercise": ValueExercise}
    exec("class Kind(ValueExercise):\n    def __init__(self, **kw):\n        super().__init__(**kw)\n", kinds)
    notebook = {"__name__": "mesh_lab.exercises.nb_for_test", "Kind": kinds["Kind"]}
    exec("q = Kind(id='t.q8', level='kid', prompt='p', var='a', expected=1, starter='a = ____', "
         "solution='a = 1', register=False)", notebook)
    assert notebook["q"].module == "mesh_lab.exercises.nb_for_test"


def test_mistakes_must_be_mistake_objects():
    with pytest.raises(ExerciseError, match="must be Mistake"):
        value_exercise(mistakes=[("off_by_one", 41)])


def test_a_function_that_never_returns_is_stopped_with_a_clear_error():
    exercise = double_exercise(time_limit_s=0.2, mistakes=[])
    result = exercise.evaluate(run("def double(x):\n    while True:\n        pass\n"))
    assert result.status == "error" and "loop that never ends" in result.message
    import signal

    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_a_looping_function_does_not_hang_a_mistake_predicate():
    exercise = double_exercise(time_limit_s=0.2)  # its predicate calls f(3)
    namespace = run("def double(x):\n    if x == 3:\n        while True:\n            pass\n    return x + 2\n")
    result = exercise.evaluate(namespace)
    assert result.status == "incorrect" and result.mistake is None


def test_arguments_that_cannot_be_copied_are_passed_as_they_are():
    import threading

    lock = threading.Lock()  # cannot be deep-copied
    exercise = FunctionExercise(id="t.lock", level="tech", prompt="p", func="is_free", cases=[((lock,), True)],
                                starter="def is_free(lock):\n    return ____\n",
                                solution="def is_free(lock):\n    return not lock.locked()\n", register=False)
    assert exercise.evaluate(run(exercise.solution_code)).status == "correct"


def test_in_a_kernel_results_go_through_ipython_display(monkeypatch, capsys):
    import IPython.display

    from mesh_lab import display

    shown = []
    monkeypatch.setattr(display, "in_ipython", lambda: True)
    monkeypatch.setattr(IPython.display, "display", shown.append)
    value_exercise().check({"answer": 42})
    assert capsys.readouterr().out == ""
    assert isinstance(shown[0], Result) and shown[0].correct
    assert "✅" in shown[0]._repr_html_()


def test_a_set_is_not_an_ordered_answer():
    exercise = ValueExercise(
        id="t.q12", level="tech", prompt="Order the checks", var="order", expected=["boot", "health", "journey"],
        starter="order = ____", solution='order = ["boot", "health", "journey"]', register=False,
    )
    result = exercise.evaluate({"order": {"boot", "health", "journey"}})
    assert result.status == "incorrect"
    assert "A set has no order" in result.message and "square brackets" in result.message
    assert exercise.evaluate({"order": ["boot", "health", "journey"]}).status == "correct"


def test_an_unordered_list_answer_still_accepts_a_set():
    exercise = ValueExercise(
        id="t.q13", level="kid", prompt="Which toys?", var="toys", expected=["dino", "robot"], unordered=True,
        starter="toys = ____", solution='toys = ["dino", "robot"]', register=False,
    )
    assert exercise.evaluate({"toys": {"robot", "dino"}}).status == "correct"


def test_a_declared_mistake_can_explain_why_the_input_changed():
    def appends_in_place(f):
        items = [1, 2]
        f.__wrapped__(items)  # predicates get a copying wrapper; reach the raw function to see mutation
        return items == [1, 2, 3]

    exercise = FunctionExercise(
        id="t.q14", level="tech", prompt="Return the list with 3 added", func="add_three",
        cases=[(([1, 2],), [1, 2, 3])], forbid_mutation=True,
        starter="def add_three(items):\n    return ____\n",
        solution="def add_three(items):\n    return [*items, 3]\n",
        mistakes=[Mistake(name="appended_in_place", when=appends_in_place,
                          example="def add_three(items):\n    items.append(3)\n    return items\n",
                          message="items.append changes the caller's list: build a new one with [*items, 3].")],
        register=False,
    )
    namespace = {}
    exec("def add_three(items):\n    items.append(3)\n    return items\n", namespace)
    result = exercise.evaluate(namespace)
    assert (result.status, result.mistake) == ("incorrect", "appended_in_place")
    namespace = {}
    exec("def add_three(items):\n    items.insert(0, 3)\n    return [1, 2, 3]\n", namespace)
    result = exercise.evaluate(namespace)
    assert result.status == "incorrect" and result.mistake is None and "changed its input" in result.message


# -- messages quote the learner and never reveal the expected value --------------------------------

def test_a_wrong_list_names_the_learners_extra_items_but_not_the_missing_answer():
    exercise = value_exercise(expected=["race car", "music box", "robot"], unordered=True, mistakes=[])
    result = exercise.evaluate({"answer": ["race car", "teddy"]})
    assert result.status == "incorrect" and "'teddy'" in result.message and "2 items are missing" in result.message
    assert "music box" not in result.message and "robot" not in result.message


def test_a_wrong_set_does_not_reveal_the_missing_member():
    exercise = value_exercise(expected={"boot", "health", "db_connect", "login_api"}, mistakes=[])
    result = exercise.evaluate({"answer": {"health", "db_connect", "login_api"}})
    assert result.status == "incorrect" and "boot" not in result.message and "missing" in result.message


@pytest.mark.parametrize("expected, answer", [
    (42, 41), ("payments", "orders"), ([1, 2, 3], [1, 2, 4]), ({"a": 1, "b": 2}, {"a": 1, "b": 5}),
    (["x", "y"], ["x"]),
])
def test_value_messages_never_show_the_expected_value(expected, answer):
    result = value_exercise(expected=expected, mistakes=[]).evaluate({"answer": answer})
    assert result.status == "incorrect"
    assert "expected" not in result.message.lower() or "expected a" in result.message.lower()
    hidden = {repr(expected), str(expected)} | ({repr(v) for v in expected.values()} if isinstance(expected, dict)
                                                 else {repr(v) for v in expected if v not in answer}
                                                 if isinstance(expected, list) else set())
    assert not any(text in result.message for text in hidden), result.message


def test_a_wrong_frame_names_the_column_and_quotes_the_learners_value_only():
    frame = pd.DataFrame({"domain": ["payments", "catalog"], "rows": [10, 20]})
    exercise = value_exercise(expected=frame, mistakes=[])
    result = exercise.evaluate({"answer": frame.assign(rows=[10, 21])})
    assert "Column 'rows' is not right: row 1 holds 21" in result.message and "20" not in result.message
    fewer = exercise.evaluate({"answer": frame.iloc[:1]})
    assert "Your table has 1 row; the right one has 2." in fewer.message
    renamed = exercise.evaluate({"answer": frame.rename(columns={"rows": "count"})})
    assert "column 'count' should not be there" in renamed.message.lower() and "'rows' is missing" in renamed.message


def test_a_function_message_shows_the_failing_call_and_what_is_missing_but_not_the_whole_answer():
    exercise = FunctionExercise(
        id="t.down", level="tech", prompt="Downstream", func="down",
        cases=[(({"a": [], "b": ["a"], "c": ["b"]}, "a"), ["b", "c"])],
        starter="def down(g, x):\n    return ____\n", solution="def down(g, x):\n    return ['b', 'c']\n",
        register=False,
    )
    result = exercise.evaluate(run("def down(g, x):\n    return ['b']\n"))
    assert "down({'a': [], 'b': ['a'], 'c': ['b']}, 'a') returned ['b']" in result.message
    assert "Missing ['c']" in result.message and "expected" not in result.message.lower()


def test_a_table_with_rows_missing_or_repeated_names_the_row_by_its_key():
    expected = pd.DataFrame({"transaction_id": ["T1", "T2", "T3"], "amount": [5, 7, 9]})
    exercise = FunctionExercise(
        id="t.rows", level="tech", prompt="Dedupe", func="dedupe", cases=[((expected.iloc[[0, 1, 1, 2]],), expected)],
        starter="def dedupe(frame):\n    return ____\n",
        solution="def dedupe(frame):\n    return frame.drop_duplicates().reset_index(drop=True)\n", register=False)
    both_dropped = exercise.evaluate(run("def dedupe(frame):\n    return frame.drop_duplicates(keep=False)\n"))
    assert "the row for transaction_id 'T2' is missing" in both_dropped.message, both_dropped.message
    kept = exercise.evaluate(run("def dedupe(frame):\n    return frame\n"))
    assert "the row for transaction_id 'T2' appears 2 times" in kept.message, kept.message
    value = value_exercise(expected=expected, mistakes=[]).evaluate({"answer": expected.iloc[[0, 2]]})
    assert "Your table has 2 rows; the right one has 3." in value.message and "T2" not in value.message
