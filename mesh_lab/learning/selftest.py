"""Prove every exercise: its starter is “not attempted”, its solution is correct, and each declared
mistake fails with its own message.

``python -m mesh_lab exercises`` lists the exercises; ``--selftest`` proves them, one line per exercise
and a closing line ``N passed, M failed`` (exit code 1 on any failure). The selftest runs in a temporary
workspace with progress recording off, so it never touches the learner's files.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mesh_lab.learning.answers import answers_equal, short_repr
from mesh_lab.learning.engine import (
    Exercise,
    FunctionExercise,
    Result,
    import_exercise_modules,
    recording,
    reference_namespace,
    registry,
)
from mesh_lab.learning.quiz import Quiz
from mesh_lab.paths import WORKSPACE_ENV


@dataclass
class Outcome:
    """The selftest of one exercise: what was proved and what went wrong."""

    exercise_id: str
    description: str = ""
    problems: list[str] = field(default_factory=list)
    proved: int = 0

    @property
    def passed(self) -> bool:
        """True when nothing went wrong."""
        return not self.problems

    def line(self) -> str:
        """One line for the report."""
        if self.passed:
            return f"PASS {self.exercise_id} ({self.description}): {self.proved} checks"
        return f"FAIL {self.exercise_id} ({self.description}): " + "; ".join(self.problems)


def exercise_namespace(exercise: Exercise) -> dict[str, Any]:
    """A fresh namespace like a notebook's after ``from <module> import *`` (quizzes get a fresh copy)."""
    namespace = reference_namespace(exercise)
    namespace["__name__"] = "__mesh_lab_selftest__"
    if isinstance(exercise, Quiz):
        clone = exercise.fresh_copy()
        for name, value in list(namespace.items()):
            if value is exercise:
                namespace[name] = clone
        namespace.setdefault(exercise.id.split(".", 1)[1], clone)
        namespace["__quiz__"] = clone
    return namespace


def run_as_learner(exercise: Exercise, code: str) -> Result:
    """Run ``setup`` then ``code`` in a fresh namespace and evaluate the exercise there.

    An exception raised by the code becomes an ``error`` result naming where it came from.
    """
    namespace = exercise_namespace(exercise)
    for label, source in (("setup", exercise.setup), ("code", code)):
        if not source:
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(source, f"<{exercise.id} {label}>", "exec"), namespace)
        except Exception as exc:
            return Result("error", f"the {label} raised {type(exc).__name__}: {exc}", exercise_id=exercise.id)
    target = namespace.get("__quiz__", exercise)
    return target.evaluate(namespace)


def selftest_exercise(exercise: Exercise) -> Outcome:
    """Prove one exercise: starter → not attempted, solution → correct, each mistake → itself."""
    outcome = Outcome(exercise.id, f"{exercise.level}, {exercise.kind}")
    expect(outcome, "starter", run_as_learner(exercise, exercise.starter), "not_attempted")
    expect(outcome, "solution", run_as_learner(exercise, exercise.solution_code), "correct")
    for mistake in exercise.mistakes:
        if not mistake.example:
            outcome.problems.append(f"mistake {mistake.name!r} has no example code")
            continue
        result = run_as_learner(exercise, mistake.example)
        label = f"mistake {mistake.name!r}"
        if expect(outcome, label, result, "incorrect") and result.mistake != mistake.name:
            found = f"mistake {result.mistake!r}" if result.mistake else "no declared mistake"
            outcome.problems.append(f"{label}: its example was reported as {found}")
        elif result.status == "incorrect" and result.message != mistake.message:
            outcome.problems.append(f"{label}: shown message differs from its declared message")
    outcome.problems.extend(message_problems(exercise))
    if isinstance(exercise, FunctionExercise) and exercise.generated is not None:
        generated = generated_problems(exercise)
        outcome.problems.extend(generated)
        outcome.proved += not generated
    return outcome


def generated_problems(exercise: FunctionExercise) -> list[str]:
    """Generated cases must be usable: the same inputs on every run, and a reference that answers each
    of them, the same way twice (deep-copied arguments, so it cannot feed on its own changes)."""
    try:
        inputs = exercise.generated_inputs()
        again = exercise.generated_inputs()
    except Exception as exc:
        return [f"generated: the generator raised {type(exc).__name__}: {exc}"]
    if not inputs and exercise.generated_n:
        return ["generated: the generator made no inputs"]
    if not answers_equal(list(inputs), list(again)):
        return ["generated: the generator gives other inputs on a second run (use only the rng it is given)"]
    for args in inputs:
        first_ok, first = exercise.reference_output(args)
        second_ok, second = exercise.reference_output(args)
        call = exercise._call_text(args)
        if not first_ok:
            return [f"generated: the reference solution raised {type(first).__name__}: {first} on {call}"]
        if not second_ok or not answers_equal(first, second, exercise.tolerance, exercise.unordered):
            return [f"generated: the reference solution does not agree with itself on {call} "
                    f"({short_repr(first)} then {short_repr(second)})"]
    return []


def expect(outcome: Outcome, label: str, result: Result, status: str) -> bool:
    """Record whether ``result`` has ``status``; return True if it does."""
    if result.status == status:
        outcome.proved += 1
        return True
    outcome.problems.append(f"{label}: expected {status}, got {result.status} ({result.message})")
    return False


def message_problems(exercise: Exercise) -> list[str]:
    """Every declared mistake must have its own, non-empty message, different from the praise."""
    problems = []
    seen: dict[str, str] = {}
    for mistake in exercise.mistakes:
        text = (mistake.message or "").strip()
        if not text:
            problems.append(f"mistake {mistake.name!r} has an empty message")
        elif text in seen:
            problems.append(f"mistakes {seen[text]!r} and {mistake.name!r} share one message")
        elif text == exercise.correct_message.strip():
            problems.append(f"mistake {mistake.name!r} uses the correct-answer message")
        seen.setdefault(text, mistake.name)
    return problems


@contextlib.contextmanager
def isolated_workspace() -> Iterator[str]:
    """A temporary workspace and no progress recording, restored afterwards."""
    previous = os.environ.get(WORKSPACE_ENV)
    with tempfile.TemporaryDirectory(prefix="mesh-lab-selftest-") as folder:
        os.environ[WORKSPACE_ENV] = folder
        try:
            with recording(False):
                yield folder
        finally:
            if previous is None:
                os.environ.pop(WORKSPACE_ENV, None)
            else:
                os.environ[WORKSPACE_ENV] = previous


def run_selftest(exercises: Iterable[Exercise] | None = None) -> list[Outcome]:
    """Selftest the given exercises (default: every registered exercise, import failures included)."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    outcomes: list[Outcome] = []
    if exercises is None:
        failures = import_exercise_modules()
        outcomes += [
            Outcome(name, "module", [f"cannot be imported: {type(exc).__name__}: {exc}"])
            for name, exc in failures.items()
        ]
        exercises = [registry()[key] for key in sorted(registry())]
    with isolated_workspace():
        outcomes += [selftest_exercise(exercise) for exercise in exercises]
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    """One line per exercise and the closing line ``N passed, M failed``."""
    passed = sum(o.passed for o in outcomes)
    lines = [o.line() for o in outcomes]
    lines.append(f"{passed} passed, {len(outcomes) - passed} failed")
    return "\n".join(lines)


def listing(exercises: list[Exercise]) -> str:
    """A plain-text list of exercises with a count of declared misconceptions."""
    lines = [
        f"{e.id:<32} {e.level:<5} {e.kind:<8} hints={len(e.hints)} mistakes={len(e.mistakes)}  {e.prompt}"
        for e in exercises
    ]
    mistakes = sum(len(e.mistakes) for e in exercises)
    lines.append(f"{len(exercises)} exercises, {mistakes} declared misconceptions")
    return "\n".join(lines)


def _selected(module_name: str, only: str | None) -> bool:
    """Is an exercise module concerned by ``--only PREFIX``? (module key and id prefix overlap)"""
    key = module_name.rsplit(".", 1)[-1]
    return not only or key.startswith(only) or only.startswith(key)


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab exercises [--selftest] [--only PREFIX]``."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab exercises",
                                     description="List the kit's exercises, or prove each one with --selftest.")
    parser.add_argument("--selftest", action="store_true", help="prove every exercise (exit 1 on any failure)")
    parser.add_argument("--only", metavar="PREFIX", help="only exercises whose id starts with PREFIX")
    args = parser.parse_args(argv)
    failures = {name: exc for name, exc in import_exercise_modules().items() if _selected(name, args.only)}
    exercises = [e for key, e in sorted(registry().items()) if not args.only or key.startswith(args.only)]
    if args.only and not exercises and not failures:
        print(f"no exercise matches {args.only!r}: an exercise id looks like 'smoke_01.q2'; "
              "run `python -m mesh_lab exercises` to list them.")
        return 2
    if not args.selftest:
        for name, exc in failures.items():
            print(f"cannot import {name}: {type(exc).__name__}: {exc}")
        print(listing(exercises))
        return 1 if failures else 0
    outcomes = [Outcome(name, "module", [f"cannot be imported: {type(exc).__name__}: {exc}"])
                for name, exc in failures.items()]
    outcomes += run_selftest(exercises)
    print(report(outcomes))
    return 0 if all(o.passed for o in outcomes) else 1
