"""Generated cases: an answer that fits the fixed examples but not the idea gets ❌ with the smallest
failing input shown; declared mistakes keep their own messages; the inputs are the same on every run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mesh_lab.learning import ExerciseError, FunctionExercise, Mistake, ____
from mesh_lab.learning.generated import default_shrink, shrink_failing, size_key, stable_seed


def run(code: str) -> dict:
    namespace = {"____": ____}
    exec(code, namespace)
    return namespace


def random_graph(rng):
    """A dependency graph (product → products it reads) of depth up to 5 with diamonds."""
    names = [f"p{i}" for i in range(rng.randint(2, 8))]
    inputs = {name: sorted({rng.choice(names[:i]) for _ in range(rng.randint(0, 2))}) if i else []
              for i, name in enumerate(names)}
    return inputs, rng.choice(names)


BLAST_SOLUTION = """\
def blast_radius(inputs, broken):
    hit, todo = set(), [broken]
    while todo:
        current = todo.pop()
        for product, sources in inputs.items():
            if current in sources and product not in hit:
                hit.add(product)
                todo.append(product)
    return sorted(hit)
"""
TWO_STEPS = """\
def blast_radius(inputs, broken):
    first = [p for p, s in inputs.items() if broken in s]
    second = [p for p, s in inputs.items() for f in first if f in s]
    return sorted(set(first + second))
"""


def blast_exercise(**overrides):
    options = dict(
        id="t.blast", level="tech", prompt="Everything downstream of a broken product.", func="blast_radius",
        cases=[(({"a": [], "b": ["a"], "c": ["b"]}, "a"), ["b", "c"]), (({"a": [], "b": []}, "a"), [])],
        starter="def blast_radius(inputs, broken):\n    return ____\n", solution=BLAST_SOLUTION,
        generated=random_graph, register=False,
    )
    options.update(overrides)
    return FunctionExercise(**options)


def test_an_answer_that_fits_the_fixed_cases_but_not_the_idea_fails_on_a_generated_input():
    exercise = blast_exercise()
    assert exercise.evaluate(run(BLAST_SOLUTION)).status == "correct"
    result = exercise.evaluate(run(TWO_STEPS))
    assert result.status == "incorrect", result
    assert "passes the examples, but not this input: blast_radius(" in result.message
    assert "returned" in result.message and "missing" in result.message.lower()


def test_without_generated_cases_the_two_step_answer_would_pass():
    assert blast_exercise(generated=None).evaluate(run(TWO_STEPS)).status == "correct"


def test_the_reported_input_is_shrunk_to_the_smallest_failing_one():
    exercise = blast_exercise()
    result = exercise.evaluate(run(TWO_STEPS))
    # The smallest graph where looking two steps is not enough is a chain of three links.
    shown = result.message.split("this input: ", 1)[1].split(" returned", 1)[0]
    namespace = {}
    args = eval(shown.removeprefix("blast_radius"), namespace)  # noqa: S307 - our own repr
    graph = args[0]
    assert sum(len(v) for v in graph.values()) == 3 and len(graph) <= 4, shown


def test_declared_mistakes_still_get_their_own_message_first():
    exercise = blast_exercise(mistakes=[Mistake(
        name="two_steps_only", message="You look two steps down; a break travels all the way.",
        when=lambda f: f({"a": [], "b": ["a"], "c": ["b"], "d": ["c"]}, "a") == ["b", "c"], example=TWO_STEPS)])
    result = exercise.evaluate(run(TWO_STEPS))
    assert (result.status, result.mistake) == ("incorrect", "two_steps_only")


def test_a_learner_function_that_raises_on_a_generated_input_is_an_error_naming_that_input():
    exercise = blast_exercise()
    code = BLAST_SOLUTION.replace("    hit, todo", "    if len(inputs) > 3:\n        raise KeyError('big')\n    hit, todo")
    result = exercise.evaluate(run(code))
    assert result.status == "error" and "KeyError" in result.message and "this input: blast_radius(" in result.message


def test_generated_arguments_are_deep_copied_for_every_call():
    exercise = blast_exercise()
    clears_its_input = BLAST_SOLUTION.replace("    return sorted(hit)", "    inputs.clear()\n    return sorted(hit)")
    # Each call (the learner's and the reference's) gets its own copy: clearing it hurts no later call.
    assert exercise.evaluate(run(clears_its_input)).status == "correct"


def test_the_inputs_are_the_same_in_every_process_and_depend_on_the_id():
    exercise = blast_exercise()
    assert exercise.generated_inputs() == exercise.generated_inputs()
    assert blast_exercise(id="t.other").generated_inputs() != exercise.generated_inputs()
    code = "from mesh_lab.learning.generated import stable_seed; print(stable_seed('t.blast'))"
    other_process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                   env={"PYTHONHASHSEED": "123"})
    assert int(other_process.stdout) == stable_seed("t.blast")


def test_the_reference_runs_in_a_fresh_namespace_with_setup():
    with_setup = FunctionExercise(
        id="t.add", level="tech", prompt="Add STEP.", func="add", cases=[((1,), 3)], setup="STEP = 2",
        starter="def add(x):\n    return ____\n", solution="def add(x):\n    return x + STEP\n",
        generated=lambda rng: (rng.randint(-50, 50),), register=False)
    assert with_setup.evaluate(run("def add(x):\n    return x + 2\n")).status == "correct"
    wrong = with_setup.evaluate(run("def add(x):\n    return 3 if x == 1 else x\n"))
    assert wrong.status == "incorrect" and "add(0) returned 0" in wrong.message  # shrunk to the smallest int


def test_a_slow_learner_function_on_a_generated_input_is_stopped():
    exercise = blast_exercise(time_limit_s=0.3)
    code = BLAST_SOLUTION.replace("    hit, todo", "    while len(inputs) > 6:\n        pass\n    hit, todo")
    result = exercise.evaluate(run(code))
    assert result.status == "error" and "loop that never ends" in result.message


def test_messages_for_generated_failures_never_print_the_reference_output_whole():
    exercise = FunctionExercise(
        id="t.total", level="tech", prompt="Sum.", func="total", cases=[(([1, 2],), 3)],
        starter="def total(xs):\n    return ____\n", solution="def total(xs):\n    return sum(xs)\n",
        generated=lambda rng: ([rng.randint(1, 9) for _ in range(rng.randint(1, 6))],), register=False)
    result = exercise.evaluate(run("def total(xs):\n    return 3\n"))
    assert result.status == "incorrect" and "expected" not in result.message.lower()
    assert "is too low" in result.message or "is too high" in result.message


@pytest.mark.parametrize("bad, match", [({"generated": 3}, "generated= must be a function"),
                                        ({"generated_n": -1}, "generated_n")])
def test_bad_generated_declarations_are_refused(bad, match):
    with pytest.raises(ExerciseError, match=match):
        blast_exercise(**bad)


def test_shrinking_helpers():
    assert size_key(([1, 2, 3],)) > size_key(([1],))
    assert ([],) in list(default_shrink(([5, 6],)))
    assert shrink_failing((100,), lambda args: args[0] > 7) == (8,)
    custom = shrink_failing(([9, 9, 9],), lambda args: len(args[0]) >= 2, shrink=lambda a: [(a[0][1:],)])
    assert custom == ([9, 9],)


def test_a_small_table_on_a_generated_input_is_shown_not_described():
    import pandas as pd

    def frames(rng):
        return (pd.DataFrame({"x": [rng.randint(-3, 3) for _ in range(rng.randint(1, 4))]}),)

    exercise = FunctionExercise(
        id="zz_gen.tables", level="tech", prompt="Keep the rows where x is positive.", func="positive",
        cases=[((pd.DataFrame({"x": [1, 2]}),), pd.DataFrame({"x": [1, 2]}))],
        generated=frames, starter="def positive(frame):\n    return ____",
        solution="def positive(frame):\n    return frame[frame['x'] > 0]", register=False)
    namespace = {}
    exec("def positive(frame):\n    return frame", namespace)  # passes the fixed case, keeps negatives
    result = exercise.evaluate(namespace)
    assert result.status == "incorrect" and "not this input" in result.message
    assert "argument 1:" in result.detail and "your function returned:" in result.detail
    assert "x" in result.detail and "<a table" not in result.detail
