"""Every registered exercise proves itself; and the selftest really fails on a broken exercise."""

from __future__ import annotations

import pytest

from mesh_lab.learning import FunctionExercise, Mistake, Option, Quiz, ValueExercise, engine, selftest

IMPORT_FAILURES = engine.import_exercise_modules()
REGISTERED = [engine.registry()[key] for key in sorted(engine.registry())]


def test_every_exercise_module_imports():
    problems = {name: f"{type(exc).__name__}: {exc}" for name, exc in IMPORT_FAILURES.items()}
    assert problems == {}


@pytest.mark.parametrize("exercise", REGISTERED, ids=[e.id for e in REGISTERED])
def test_registered_exercise_proves_itself(exercise):
    outcome = selftest.selftest_exercise(exercise)
    assert outcome.problems == []


@pytest.mark.parametrize("exercise", REGISTERED, ids=[e.id for e in REGISTERED])
def test_registered_exercise_has_hints_and_a_known_level(exercise):
    assert exercise.level in engine.LEVELS
    assert exercise.hints or isinstance(exercise, Quiz), f"{exercise.id} gives no hint"


def good_value(**overrides):
    options = dict(
        id="zz_test.q1", level="kid", prompt="How many rooms?", var="rooms", expected=3,
        starter="rooms = ____", solution="rooms = 3", hints=["Count them."],
        mistakes=[Mistake(name="counted_hall", when=4, example="rooms = 4", message="The hall is not a room.")],
        register=False,
    )
    options.update(overrides)
    return ValueExercise(**options)


def test_a_good_exercise_passes_with_every_check_counted():
    outcome = selftest.selftest_exercise(good_value())
    assert outcome.passed and outcome.proved == 3
    assert outcome.line() == "PASS zz_test.q1 (kid, value): 3 checks"


def test_selftest_fails_when_the_reference_solution_is_broken():
    outcome = selftest.selftest_exercise(good_value(solution="rooms = 5"))
    assert not outcome.passed
    assert "solution: expected correct, got incorrect" in outcome.line()


def test_selftest_fails_when_the_solution_raises():
    outcome = selftest.selftest_exercise(good_value(solution="rooms = 1 / 0"))
    assert "solution: expected correct, got error" in outcome.line() and "ZeroDivisionError" in outcome.line()


def test_selftest_fails_when_the_starter_already_counts_as_an_answer():
    outcome = selftest.selftest_exercise(good_value(starter="rooms = 0"))
    assert "starter: expected not_attempted, got incorrect" in outcome.line()


def test_selftest_fails_when_a_mistake_example_is_not_that_mistake():
    wrong_example = good_value(mistakes=[Mistake(name="counted_hall", when=4, example="rooms = 7", message="m")])
    assert "mistake 'counted_hall': its example was reported as no declared mistake" in \
        selftest.selftest_exercise(wrong_example).line()
    no_example = good_value(mistakes=[Mistake(name="counted_hall", when=4, message="m")])
    assert "has no example" in selftest.selftest_exercise(no_example).line()


def test_selftest_fails_when_two_mistakes_share_a_message():
    shared = good_value(mistakes=[
        Mistake(name="four", when=4, example="rooms = 4", message="Count again."),
        Mistake(name="two", when=2, example="rooms = 2", message="Count again."),
    ])
    assert "share one message" in selftest.selftest_exercise(shared).line()


def test_selftest_proves_function_choice_and_quiz_exercises():
    function = FunctionExercise(
        id="zz_test.f", level="tech", prompt="Double.", func="double", cases=[((2,), 4), ((3,), 6)],
        starter="def double(x):\n    return ____\n", solution="def double(x):\n    return 2 * x\n",
        mistakes=[Mistake(name="squares", when=lambda f: f(3) == 9, example="def double(x):\n    return x * x\n",
                          message="That squares.")], register=False)
    quiz = Quiz(id="zz_test.quiz1", level="kid", question="Q?", register=False,
                options=[Option("a", "A", why="No."), Option("b", "B", correct=True, why="Yes.")])
    outcomes = selftest.run_selftest([function, quiz])
    assert [o.line() for o in outcomes] == [
        "PASS zz_test.f (tech, function): 3 checks",
        "PASS zz_test.quiz1 (kid, quiz): 3 checks",
    ]
    assert quiz.answered is None  # the selftest answered a copy, not the learner's quiz


def test_selftest_writes_no_progress(_isolated_workspace):
    selftest.run_selftest([good_value()])
    assert not (_isolated_workspace / "progress.json").exists()


@pytest.fixture
def registered_test_exercises(monkeypatch):
    monkeypatch.setattr(engine, "_REGISTRY", {})
    monkeypatch.setattr(engine, "import_exercise_modules", lambda: {})
    monkeypatch.setattr(selftest, "import_exercise_modules", lambda: {})
    good_value(register=True)
    return good_value


def test_cli_selftest_reports_one_line_each_and_the_closing_line(registered_test_exercises, capsys):
    assert selftest.main(["--selftest"]) == 0
    assert capsys.readouterr().out.splitlines() == ["PASS zz_test.q1 (kid, value): 3 checks", "1 passed, 0 failed"]


def test_cli_selftest_exits_1_when_a_solution_is_broken(registered_test_exercises, capsys):
    registered_test_exercises(id="zz_test.q2", solution="rooms = 2", register=True)
    assert selftest.main(["--selftest"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "1 passed, 1 failed"
    assert lines[1].startswith("FAIL zz_test.q2")


def test_cli_counts_an_unimportable_module_as_a_failure(registered_test_exercises, monkeypatch, capsys):
    monkeypatch.setattr(selftest, "import_exercise_modules",
                        lambda: {"mesh_lab.exercises.broken": SyntaxError("bad")})
    assert selftest.main(["--selftest"]) == 1
    out = capsys.readouterr().out
    assert "FAIL mesh_lab.exercises.broken (module): cannot be imported: SyntaxError: bad" in out
    assert out.splitlines()[-1] == "1 passed, 1 failed"


def test_cli_lists_exercises_and_counts_misconceptions(registered_test_exercises, capsys):
    assert selftest.main([]) == 0
    out = capsys.readouterr().out
    assert "zz_test.q1" in out and out.splitlines()[-1] == "1 exercises, 1 declared misconceptions"


def test_cli_only_that_matches_nothing_fails_and_says_so(registered_test_exercises, capsys):
    assert selftest.main(["--selftest", "--only", "zzz"]) != 0
    assert "no exercise matches 'zzz'" in capsys.readouterr().out
    assert selftest.main(["--only", "zzz"]) != 0  # listing nothing is no success either
    assert "no exercise matches 'zzz'" in capsys.readouterr().out


def test_cli_only_filters_by_prefix(registered_test_exercises, capsys):
    registered_test_exercises(id="other.q1", register=True)
    assert selftest.main(["--selftest", "--only", "zz_test"]) == 0
    assert capsys.readouterr().out.splitlines() == ["PASS zz_test.q1 (kid, value): 3 checks", "1 passed, 0 failed"]


def test_module_command_exits_non_zero_when_only_matches_nothing():
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "mesh_lab", "exercises", "--selftest", "--only", "zzz"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode != 0 and "no exercise matches 'zzz'" in done.stdout


# -- generated cases --------------------------------------------------------------------------------

def dedupe_exercise(**overrides):
    options = dict(
        id="t.dedupe", level="tech", prompt="Remove repeats, keep the first order.", func="dedupe",
        cases=[(([1, 2, 2],), [1, 2])],
        starter="def dedupe(items):\n    return ____\n",
        solution="def dedupe(items):\n    return list(dict.fromkeys(items))\n",
        generated=lambda rng: ([rng.randint(0, 9) for _ in range(rng.randint(0, 10))],),
        mistakes=[Mistake(name="sorted_set", when=lambda f: f([2, 1]) == [1, 2],
                          example="def dedupe(items):\n    return sorted(set(items))\n",
                          message="A set forgets the order: keep the first time you see each item.")],
        register=False,
    )
    options.update(overrides)
    return FunctionExercise(**options)


def test_selftest_proves_generated_cases_and_counts_them():
    plain = selftest.selftest_exercise(dedupe_exercise(generated=None, mistakes=[]))
    outcome = selftest.selftest_exercise(dedupe_exercise(mistakes=[]))
    assert outcome.passed, outcome.problems
    assert outcome.proved == plain.proved + 1
    assert selftest.selftest_exercise(dedupe_exercise()).passed


def test_selftest_fails_when_the_reference_raises_on_a_generated_input():
    outcome = selftest.selftest_exercise(dedupe_exercise(
        solution="def dedupe(items):\n    if not items:\n        raise ValueError('empty')\n"
                 "    return list(dict.fromkeys(items))\n"))
    assert any("reference solution raised ValueError" in p for p in outcome.problems), outcome.problems


def test_selftest_fails_when_the_reference_does_not_agree_with_itself():
    outcome = selftest.selftest_exercise(dedupe_exercise(
        setup="import itertools\n_calls = itertools.count()",
        solution="def dedupe(items):\n    return list(dict.fromkeys(items)) + ([0] if next(_calls) % 2 else [])\n"))
    assert any("does not agree with itself" in p for p in outcome.problems), outcome.problems


def test_selftest_fails_when_the_generator_is_not_seeded_by_its_rng():
    import random as global_random

    outcome = selftest.selftest_exercise(dedupe_exercise(
        generated=lambda rng: ([global_random.randint(0, 9) for _ in range(5)],)))
    assert any("other inputs on a second run" in p for p in outcome.problems), outcome.problems


def test_selftest_fails_when_a_mistake_example_is_caught_by_generated_cases_first():
    # The example passes the fixed case but not generated ones: without its own predicate it would get the
    # generic message, and the selftest must say so.
    outcome = selftest.selftest_exercise(dedupe_exercise(mistakes=[
        Mistake(name="sorted_set", when=lambda f: False, example="def dedupe(items):\n    return sorted(set(items))\n",
                message="A set forgets the order.")]))
    assert any("mistake 'sorted_set'" in p for p in outcome.problems), outcome.problems
