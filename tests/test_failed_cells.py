"""A check run after its exercise cell failed says so: the error, the likely fix, never a stale grade."""

from __future__ import annotations

import json

import pytest

from mesh_lab.learning import ChoiceExercise, FunctionExercise, Mistake, ValueExercise, cells
from mesh_lab.learning.cells import CellWatch, FailedCell, assigned_names, explain_failure


def ran(source: str, namespace: dict | None = None) -> BaseException | None:
    """Run a cell like a kernel would; return the exception it raised, if any."""
    try:
        exec(compile(source, "<cell>", "exec"), {} if namespace is None else namespace)
    except Exception as exc:
        return exc
    return None


@pytest.fixture
def watch(monkeypatch):
    """A fresh kernel watch, as if the engine had been imported in a kernel."""
    fresh = CellWatch()
    monkeypatch.setattr(cells, "WATCH", fresh)
    return fresh


def kid_exercise():
    return ValueExercise(id="t.kid", level="kid", prompt="Which box?", var="kid_answer", expected="b",
                         starter="kid_answer = ____", solution='kid_answer = "b"', register=False)


def feed(watch: CellWatch, source: str, namespace: dict) -> None:
    watch.observe(source, ran(source, namespace))


# -- which names a cell sets -------------------------------------------------------------------------

def test_assigned_names_reads_cells_that_cannot_be_parsed():
    assert assigned_names("seconds = 5 x 3") == {"seconds"}
    assert assigned_names("toys_to_fix = [race car, music box]") == {"toys_to_fix"}
    assert assigned_names("a, b = 1, 2\nc += 1\nd: int = 4\ndef f(x):\n    local = 1\nclass K:\n    y = 2") == \
        {"a", "b", "c", "d", "f", "K"}
    assert assigned_names("if True:\n    inside_if = 1") == {"inside_if"}
    assert assigned_names("x == 3\nprint(x)\nitems['k'] = 1\n# z = 1") == set()


# -- the watch, fed with (cell, error) events -------------------------------------------------------

def test_a_failed_cell_is_remembered_and_a_later_success_clears_it(watch):
    namespace = {}
    feed(watch, "kid_answer = b", namespace)
    assert isinstance(watch.failure(["kid_answer"]), FailedCell)
    assert watch.failure(["other"]) is None
    feed(watch, 'kid_answer = "b"', namespace)
    assert watch.failure(["kid_answer"]) is None


def test_cells_that_only_read_the_name_do_not_count(watch):
    feed(watch, "kid_answer = b", {})
    feed(watch, "print(kid_answer)", {"kid_answer": "b"})  # runs, sets nothing: the failure stays
    assert watch.failure(["kid_answer"]) is not None


def test_the_post_run_cell_callback_reads_ipython_results(watch):
    class Info:
        raw_cell = "seconds = 5 x 3"

    class ExecutionResult:
        info = Info()
        error_before_exec = SyntaxError("invalid syntax")
        error_in_exec = None

    watch.on_post_run_cell(ExecutionResult())
    assert watch.failure(["seconds"]).error is ExecutionResult.error_before_exec


# -- what the check says ----------------------------------------------------------------------------

def test_name_error_after_a_correct_value_is_an_error_not_a_stale_correct(watch, capsys, _isolated_workspace):
    namespace = {"q": kid_exercise()}
    feed(watch, 'kid_answer = "b "', namespace)
    feed(watch, 'kid_answer = "b"', namespace)
    feed(watch, "kid_answer = b", namespace)  # NameError: the old "b" is still in the namespace
    exec("q.check()", namespace)
    result = namespace["q"].last_result
    assert result.status == "error", result
    assert "NameError: name 'b' is not defined" in result.message
    assert 'Did you mean the text "b"?' in result.message and 'kid_answer = "b"' in result.message
    assert "not attempted" not in result.message.lower()
    entry = json.loads((_isolated_workspace / "progress.json").read_text())["exercises"]["t.kid"]
    assert entry["last_status"] == "error" and entry["mistakes"] == {} and entry["correct"] is False


def test_syntax_error_with_x_for_times_suggests_a_star(watch):
    exercise = ValueExercise(id="t.sec", level="kid", prompt="How long?", var="seconds", expected=15,
                             starter="seconds = ____", solution="seconds = 5 * 3", register=False)
    feed(watch, "seconds = 5 x 3", {})
    result = exercise.failed_cell_result({})
    assert result.status == "error" and "SyntaxError" in result.message
    assert "use a star *, not x: seconds = 5 * 3" in result.message


def test_unquoted_words_in_a_list_suggest_quotes_on_each_item(watch):
    exercise = ValueExercise(id="t.toys", level="kid", prompt="Which toys?", var="toys_to_fix",
                             expected=["race car", "music box"], starter="toys_to_fix = ____",
                             solution='toys_to_fix = ["race car", "music box"]', register=False)
    feed(watch, "toys_to_fix = [race car, music box]", {})
    message = exercise.failed_cell_result({}).message
    assert 'toys_to_fix = ["race car", "music box"]' in message and "quote marks" in message


def test_unknown_names_suggest_a_typo_fix_or_digits():
    number = FailedCell("seconds = five", ran("seconds = five"))
    assert "Write the number with digits: 5" in explain_failure(number, ["seconds"])
    typo = FailedCell("seconds = totl * 3", ran("seconds = totl * 3"))
    assert "Is it a typo of `total`?" in explain_failure(typo, ["seconds"], known_names=["total"])


def test_an_unknown_variable_name_suggests_running_the_cells_above():
    failed = FailedCell("total = checks_count * 3", ran("total = checks_count * 3"))
    message = explain_failure(failed, ["total"])
    assert "run the cells above first" in message
    single = explain_failure(FailedCell("kid_answer = b", ran("kid_answer = b")), ["kid_answer"])
    assert "cells above" not in single  # one letter: almost surely meant as text


def test_a_runtime_error_names_its_line():
    failed = FailedCell("a = 1\nseconds = a / 0", ran("a = 1\nseconds = a / 0"))
    message = explain_failure(failed, ["seconds"])
    assert "Line 2: seconds = a / 0" in message and "ZeroDivisionError: division by zero" in message


def test_a_function_whose_cell_failed_is_not_graded_from_its_old_definition(watch):
    exercise = FunctionExercise(id="t.dbl", level="tech", prompt="Double it.", func="double",
                                cases=[((2,), 4)], starter="def double(x):\n    return ____\n",
                                solution="def double(x):\n    return 2 * x\n", register=False)
    namespace = {}
    feed(watch, "def double(x):\n    return 2 * x\n", namespace)
    feed(watch, "def double(x)\n    return x + x\n", namespace)  # missing colon: old double survives
    exec("q = exercise\nq.check()", {**namespace, "exercise": exercise})
    assert exercise.last_result.status == "error" and "SyntaxError" in exercise.last_result.message


def test_a_choice_cell_that_failed_then_was_fixed_is_graded_again(watch):
    exercise = ChoiceExercise(id="t.pick", level="kid", prompt="Which?", var="pick", options={"a": "A", "b": "B"},
                              correct="b", starter="pick = ____", solution='pick = "b"', register=False,
                              mistakes=[Mistake(name="never", when=lambda a: False, message="m")])
    namespace = {"exercise": exercise}
    feed(watch, "pick = b", namespace)
    exec("exercise.check()", namespace)
    assert exercise.last_result.status == "error"
    feed(watch, 'pick = "b"', namespace)
    exec("exercise.check()", namespace)  # re-running the old check after the fix
    assert exercise.last_result.status == "correct"


def test_without_a_kernel_nothing_changes(capsys):
    assert cells.install() is False  # no IPython shell here: nothing registered
    namespace = {"q": kid_exercise(), "kid_answer": "b"}
    exec("q.check()", namespace)
    assert namespace["q"].last_result.status == "correct"


def test_install_registers_once_per_shell(watch):
    class Events:
        def __init__(self):
            self.callbacks = []

        def register(self, event, callback):
            self.callbacks.append((event, callback))

        def unregister(self, event, callback):
            self.callbacks.remove((event, callback))

    class Shell:
        events = Events()

    shell = Shell()
    assert cells.install(shell) and cells.install(shell)
    assert shell.events.callbacks == [("post_run_cell", watch.on_post_run_cell)]


def test_restore_clears_the_failure_it_repairs(watch, capsys):
    exercise = kid_exercise()
    namespace = {"q": exercise}
    feed(watch, "kid_answer = b", namespace)
    exec("q.restore()\nq.check()", namespace)
    assert exercise.last_result.status == "correct"


@pytest.mark.parametrize("line, fixed", [("dino_passed = true", "dino_passed = True"),
                                         ("ready = false", "ready = False"), ("x = none", "x = None")])
def test_lower_case_true_false_none_get_the_capital_letter_not_quotes(line, fixed):
    from mesh_lab.learning.cells import likely_fix

    try:
        exec(line, {})
    except NameError as error:
        advice = likely_fix(error, line)
    assert fixed in advice and "quote" in advice and '"' not in advice


@pytest.mark.parametrize("line, fixed", [("my_policy = rerun-1", 'my_policy = "rerun-1"'),
                                         ("my_policy = no-rerun", 'my_policy = "no-rerun"')])
def test_a_name_with_a_dash_is_quoted_whole(line, fixed):
    from mesh_lab.learning.cells import likely_fix

    try:
        exec(line, {})
    except NameError as error:
        advice = likely_fix(error, line)
    assert fixed in advice and "subtraction" in advice
