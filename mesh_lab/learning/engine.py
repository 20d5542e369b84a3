"""The exercise engine: exercises that check themselves.

A notebook binds its exercises with ``from mesh_lab.exercises.<key> import *``. Each exercise reads the
learner's variable (or function) from the notebook and answers with a :class:`Result`: ``not_attempted``,
``incorrect`` (a declared misconception gets its own message; anything else gets a specific one),
``correct`` or ``error`` (the learner's own exception, summarised — never a crashed cell).

A function exercise may also compare the learner's function with its reference solution on seeded
generated inputs (``generated=``; see :mod:`mesh_lab.learning.generated`). In a Jupyter kernel a check
whose exercise cell failed says so instead of grading a stale value (see :mod:`mesh_lab.learning.cells`).

See ``docs/exercise-api.md`` for how notebook authors declare exercises.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import pkgutil
import random
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import mesh_lab.learning.cells as cells
from mesh_lab.display import Code, StatusBox, escape, show, status_html, status_text
from mesh_lab.errors import MeshLabError
from mesh_lab.learning.answers import (
    ____,
    answers_equal,
    describe,
    explain_difference,
    is_blank,
    normalise_key,
    not_an_option,
    short_repr,
    summarise_exception,
)
from mesh_lab.learning.generated import as_args, shrink_failing, size_key, stable_seed
from mesh_lab.learning.progress import record as record_progress
from mesh_lab.learning.sandbox import DEFAULT_TIME_LIMIT_S, SafeFunction, TooSlow, copied, time_limit
from mesh_lab.report import note_html

LEVELS = ("kid", "teen", "tech")
STATUSES = ("not_attempted", "incorrect", "correct", "error")

__all__ = [
    "____",
    "ChoiceExercise",
    "Exercise",
    "ExerciseError",
    "FunctionExercise",
    "Mistake",
    "Option",
    "OrderExercise",
    "Result",
    "ValueExercise",
    "all_exercises",
    "answers_equal",
    "describe",
    "explain_difference",
    "get_exercise",
    "is_blank",
    "recording",
    "reference_namespace",
    "registry",
]


class ExerciseError(MeshLabError):
    """An exercise is declared wrongly, or a name asked for does not exist."""


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@dataclass
class Result:
    """What a check found: ``status`` (not_attempted | incorrect | correct | error) and a message.

    ``mistake`` names the declared misconception that matched, if any; ``detail`` holds a short
    traceback summary for ``error`` results.
    """

    status: str
    message: str
    mistake: str | None = None
    exercise_id: str = ""
    detail: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ExerciseError(f"Result status {self.status!r} is not one of {', '.join(STATUSES)}.")

    @property
    def correct(self) -> bool:
        """True when the answer is correct."""
        return self.status == "correct"

    def __repr__(self) -> str:
        return status_text(self.status, self.message, self.exercise_id, self.detail)

    def _repr_html_(self) -> str:
        return status_html(self.status, self.message, self.exercise_id, self.detail)


@dataclass
class Mistake:
    """A known misconception: ``when`` (a value, or a predicate over the answer) → ``message``.

    ``example`` is code that makes this mistake; the selftest runs it and requires ``incorrect`` with
    this mistake's name.
    """

    name: str
    when: Any
    message: str
    example: str = ""

    def matches(self, answer: Any, compare: Callable[[Any, Any], bool]) -> bool:
        """Does ``answer`` show this mistake? Exceptions inside a predicate mean “no match”."""
        try:
            if callable(self.when) and not isinstance(self.when, type):
                return bool(self.when(answer))
            return compare(answer, self.when)
        except Exception:
            return False


@dataclass
class Option:
    """One option of a quiz: ``key`` (``"a"``), its text, whether it is correct and why."""

    key: str
    text: str
    correct: bool = False
    why: str = ""


# --------------------------------------------------------------------------------------------------
# Registry and progress
# --------------------------------------------------------------------------------------------------

_REGISTRY: dict[str, Exercise] = {}
_RECORDING = [True]


def registry() -> dict[str, Exercise]:
    """The registered exercises by id (only modules imported so far; see :func:`all_exercises`)."""
    return dict(_REGISTRY)


def registered_counts() -> dict[str, int]:
    """Exercises per notebook key, after importing every exercise module (those that import)."""
    import_exercise_modules()
    counts: dict[str, int] = {}
    for exercise in _REGISTRY.values():
        counts[exercise.notebook] = counts.get(exercise.notebook, 0) + 1
    return counts


def exercise_module_names() -> list[str]:
    """Names of every exercise module: every module of ``mesh_lab.exercises`` is one notebook's exercises."""
    package = importlib.import_module("mesh_lab.exercises")
    return sorted(f"mesh_lab.exercises.{info.name}" for info in pkgutil.iter_modules(package.__path__))


def import_exercise_modules() -> dict[str, BaseException]:
    """Import every exercise module; return the modules that failed to import with their error."""
    failures: dict[str, BaseException] = {}
    for name in exercise_module_names():
        try:
            importlib.import_module(name)
        except Exception as exc:
            failures[name] = exc
    return failures


def all_exercises() -> list[Exercise]:
    """Every exercise of the kit, sorted by id, after importing every exercise module.

    Raises :class:`ExerciseError` naming the modules that cannot be imported.
    """
    failures = import_exercise_modules()
    if failures:
        names = "; ".join(f"{name}: {type(exc).__name__}: {exc}" for name, exc in failures.items())
        raise ExerciseError(f"Some exercise modules cannot be imported: {names}. Fix them and try again.")
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


def get_exercise(exercise_id: str) -> Exercise:
    """The exercise with this id (imports every exercise module first if needed)."""
    if exercise_id not in _REGISTRY:
        import_exercise_modules()
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise ExerciseError(f"No exercise with id {exercise_id!r}. Known ids: {known}.") from None


class recording:
    """Context manager switching progress recording off (``with recording(False): ...``)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __enter__(self) -> recording:
        self._previous = _RECORDING[0]
        _RECORDING[0] = self.enabled
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _RECORDING[0] = self._previous


def record_event(exercise_id: str, event: str, **fields: Any) -> None:
    """Record an event in the learner's progress file; never let a problem there break a cell."""
    if not _RECORDING[0]:
        return
    try:
        record_progress(exercise_id, event, **fields)
    except Exception as exc:  # the learner's cell must not crash because of bookkeeping
        warnings.warn(f"Could not record progress for {exercise_id}: {exc}", RuntimeWarning, stacklevel=3)


def _caller_namespace() -> dict:
    """The globals of the first caller outside the exercise modules (the notebook's namespace)."""
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(("mesh_lab.exercises.", "mesh_lab.learning.")):
        frame = frame.f_back
    return frame.f_globals


def _declaring_module() -> str:
    """The module that declares an exercise: the first caller outside this file and outside the
    ``__init__`` of any exercise subclass."""
    frame = sys._getframe(1)
    while frame is not None and (
        frame.f_globals.get("__name__") == __name__
        or (frame.f_code.co_name == "__init__" and isinstance(frame.f_locals.get("self"), Exercise))
    ):
        frame = frame.f_back
    return frame.f_globals.get("__name__", "") if frame is not None else ""


def reference_namespace(exercise: Exercise) -> dict[str, Any]:
    """A fresh namespace like a notebook's after ``from <exercise module> import *``."""
    namespace: dict[str, Any] = {"__name__": "__mesh_lab_reference__", "____": ____}
    if exercise.module:
        with contextlib.suppress(ImportError):
            module = importlib.import_module(exercise.module)
            public = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
            namespace.update({name: getattr(module, name) for name in public if hasattr(module, name)})
    return namespace


# --------------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------------

_LEVEL_HINT_LABEL = {"kid": "Little hint", "teen": "Hint", "tech": "Hint"}


class Exercise:
    """Base class of every exercise: id, level, prompt, starter, solution, hints and mistakes."""

    kind = "exercise"

    def __init__(
        self,
        *,
        id: str,
        level: str,
        prompt: str,
        starter: str,
        solution: str,
        setup: str = "",
        hints: Iterable[str | Mapping[str, str]] = (),
        mistakes: Iterable[Mistake] = (),
        correct_message: str = "",
        tolerance: float | None = None,
        unordered: bool = False,
        register: bool = True,
    ):
        self.id = id
        self.level = level
        self.prompt = prompt
        self.starter = starter
        self.solution_code = solution
        self.setup = setup
        self.hints = list(hints)
        self.mistakes = list(mistakes)
        self.correct_message = correct_message or "Well done."
        self.tolerance = tolerance
        self.unordered = unordered
        self.module = _declaring_module()
        self.last_result: Result | None = None
        self._hints_shown = 0
        self._validate_declaration()
        if register:
            self._register()

    # -- declaration -------------------------------------------------------------------------------
    def _validate_declaration(self) -> None:
        where = f"exercise {self.id!r}" + (f" in {self.module}" if self.module else "")
        if not isinstance(self.id, str) or self.id.count(".") != 1 or not all(self.id.split(".")):
            raise ExerciseError(f"{where}: id must look like '<notebook key>.<name>', e.g. 'start_here.q1'.")
        if self.level not in LEVELS:
            raise ExerciseError(f"{where}: level {self.level!r} must be one of {', '.join(LEVELS)}.")
        for name in ("prompt", "starter", "solution_code"):
            if not isinstance(getattr(self, name), str):
                raise ExerciseError(f"{where}: {name.replace('_code', '')} must be a string of text/code.")
        if any(not isinstance(m, Mistake) for m in self.mistakes):
            raise ExerciseError(f"{where}: mistakes must be Mistake(name=..., when=..., message=...) objects.")
        names = [m.name for m in self.mistakes]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ExerciseError(f"{where}: mistake names must be unique; repeated: {', '.join(duplicates)}.")

    def _register(self) -> None:
        existing = _REGISTRY.get(self.id)
        if existing is not None and existing.module != self.module:
            raise ExerciseError(
                f"Exercise id {self.id!r} is declared twice: in {existing.module} and in {self.module}. "
                "Give one of them another name."
            )
        _REGISTRY[self.id] = self

    @property
    def notebook(self) -> str:
        """The notebook key, the part of the id before the dot (``start_here``)."""
        return self.id.split(".", 1)[0]

    # -- checking ------------------------------------------------------------------------------------
    def evaluate(self, namespace: Mapping[str, Any]) -> Result:
        """Check the answer found in ``namespace`` and return a :class:`Result` (shows nothing)."""
        try:
            result = self._evaluate(namespace)
        except Exception as exc:  # a bug in the answer's own objects, never a crashed cell
            result = Result("error", "Checking your answer raised an error.", detail=summarise_exception(exc))
        result.exercise_id = self.id
        return result

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        raise NotImplementedError

    def watched_names(self) -> list[str]:
        """The names the learner's exercise cell sets: the exercise's variable or function, and every
        name its starter assigns."""
        own = [getattr(self, attribute, None) for attribute in ("var", "func")]
        names = [name for name in own if isinstance(name, str)]
        return names + sorted(cells.assigned_names(self.starter) - set(names))

    def failed_cell_result(self, namespace: Mapping[str, Any] | None = None) -> Result | None:
        """An ``error`` result when the last cell that tried to set this exercise's names failed
        (seen by the kernel's :data:`mesh_lab.learning.cells.WATCH`); ``None`` otherwise."""
        names = self.watched_names()
        failed = cells.WATCH.failure(names)
        if failed is None:
            return None
        message = cells.explain_failure(failed, names, cells.known_names_of(namespace or {}))
        return Result("error", message, exercise_id=self.id)

    def check(self, namespace: Mapping[str, Any] | None = None) -> None:
        """Check the learner's answer (read from the notebook) and show the result.

        In a kernel, when the last cell that tried to set this exercise's variable failed, the check
        says so (the error and its likely fix) instead of grading a value left from before.
        """
        namespace = _caller_namespace() if namespace is None else namespace
        result = self.failed_cell_result(namespace) or self.evaluate(namespace)
        self.last_result = result
        record_event(self.id, "check", status=result.status, mistake=result.mistake)
        show(result)

    def _incorrect(self, answer: Any, compare: Callable[[Any, Any], bool], fallback: str) -> Result:
        for mistake in self.mistakes:
            if mistake.matches(answer, compare):
                return Result("incorrect", mistake.message, mistake=mistake.name)
        return Result("incorrect", fallback)

    def _correct(self) -> Result:
        return Result("correct", self.correct_message)

    # -- help ----------------------------------------------------------------------------------------
    def hint_text(self, n: int | None = None) -> str:
        """The text of hint ``n`` (1-based; the next one when ``None``), worded for the exercise's level."""
        if not self.hints:
            return "There is no hint for this one. Re-read the question, or look at .solution()."
        number = self._hints_shown + 1 if n is None else n
        if not isinstance(number, int) or number < 1:
            raise ExerciseError(f"hint number must be 1 or more (found {n!r}).")
        if number > len(self.hints):
            if n is not None:
                raise ExerciseError(f"{self.id} has {len(self.hints)} hint(s); hint({n}) does not exist.")
            return f"That was the last hint. Still stuck? {self._name_for_messages()}.solution() shows the answer."
        hint = self.hints[number - 1]
        text = hint.get(self.level) or next(iter(hint.values())) if isinstance(hint, Mapping) else str(hint)
        return f"{_LEVEL_HINT_LABEL[self.level]} {number}/{len(self.hints)}: {text}"

    def hint(self, n: int | None = None) -> None:
        """Show the next hint, or hint ``n`` (1-based)."""
        try:
            text = self.hint_text(n)
        except ExerciseError as exc:
            show(StatusBox("info", str(exc), self.id))
            return
        if self.hints and (n is None or n <= len(self.hints)):
            number = self._hints_shown + 1 if n is None else n
            if number <= len(self.hints):
                self._hints_shown = max(self._hints_shown, number)
                record_event(self.id, "hint", number=number)
        show(StatusBox("hint", text, self.id))

    def solution(self) -> None:
        """Show the reference solution as highlighted code."""
        record_event(self.id, "solution")
        show(Code(self.solution_code, title=f"💡 Solution — {self.id}"))

    def restore(self, namespace: dict | None = None) -> None:
        """Run the reference solution in the notebook so that later cells work again."""
        namespace = _caller_namespace() if namespace is None else namespace
        namespace.setdefault("____", ____)
        with recording(False):
            if self.setup:
                exec(compile(self.setup, f"<{self.id} setup>", "exec"), namespace)
            exec(compile(self.solution_code, f"<{self.id} solution>", "exec"), namespace)
        cells.WATCH.forget(self.watched_names())
        record_event(self.id, "restore")
        show(StatusBox("info", f"Restored known-good values for {self.id}. You can carry on.", self.id))

    def _name_for_messages(self) -> str:
        return self.id.split(".", 1)[1]

    # -- looks ---------------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r}, level={self.level!r}): {self.prompt}"

    def _repr_html_(self) -> str:
        return (
            f"<div><b>{escape(self.id)}</b> <i>({escape(self.level)})</i>: {escape(self.prompt)}<br>"
            f"{note_html('Try <code>.check()</code>, <code>.hint()</code>, <code>.solution()</code>.')}</div>"
        )


class ValueExercise(Exercise):
    """An answer stored in a variable: compared with ``expected`` (a value, or a callable computing it)."""

    kind = "value"

    def __init__(self, *, var: str, expected: Any, **kwargs: Any):
        self.var = var
        self._expected = expected
        super().__init__(**kwargs)

    @property
    def expected(self) -> Any:
        """The expected value, computed on first use when declared as a callable."""
        if callable(self._expected) and not isinstance(self._expected, type):
            self._expected = self._expected()
        return self._expected

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        if self.var not in namespace or is_blank(namespace[self.var]):
            return Result(
                "not_attempted",
                f"Fill in `{self.var}` in the cell above (replace ____), run it, then run this check again.",
            )
        answer = namespace[self.var]
        try:
            expected = self.expected
        except Exception as exc:
            return Result("error", "The exercise could not compute its expected answer (a kit bug).",
                          detail=summarise_exception(exc))
        if answers_equal(answer, expected, self.tolerance, self.unordered):
            return self._correct()
        return self._incorrect(
            answer, self._compare, explain_difference(answer, expected, self.tolerance, self.unordered)
        )

    def _compare(self, found: Any, expected: Any) -> bool:
        return answers_equal(found, expected, self.tolerance, self.unordered)


class OrderExercise(ValueExercise):
    """A value exercise whose answer is an order: a list or a tuple, never a set or a string.

    The engine compares a set with a list ignoring order; for a fail-fast order that would call a
    set (which has no order) correct, so anything that is not a sequence is incorrect here.
    """

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        answer = namespace.get(self.var, ____)
        if not is_blank(answer) and not isinstance(answer, (list, tuple)):
            return self._incorrect(answer, self._compare,
                                   f"An order is a list in square brackets; found {describe(answer)}.")
        return super()._evaluate(namespace)


class FunctionExercise(Exercise):
    """The learner defines a function; it is run on ``cases`` (args tuple → expected result)."""

    kind = "function"

    def __init__(self, *, func: str, cases: Iterable[tuple[Any, Any]], forbid_mutation: bool = False,
                 time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
                 generated: Callable[[random.Random], Any] | None = None, generated_n: int = 60,
                 shrink: Callable[[tuple], Iterable[tuple]] | None = None, **kwargs: Any):
        self.func = func
        self.cases = [(args if isinstance(args, tuple) else (args,), expected) for args, expected in cases]
        self.forbid_mutation = forbid_mutation
        self.time_limit_s = time_limit_s
        self.generated = generated
        self.generated_n = generated_n
        self.shrink = shrink
        self._reference: Callable | None = None
        self._generated_cases: list[tuple[tuple, bool, Any]] | None = None
        super().__init__(**kwargs)
        if not self.cases:
            raise ExerciseError(f"exercise {self.id!r}: a FunctionExercise needs at least one case.")
        if generated is not None and not callable(generated):
            raise ExerciseError(f"exercise {self.id!r}: generated= must be a function of a random.Random "
                                "that returns one input (a tuple of arguments).")
        if not isinstance(generated_n, int) or generated_n < 0:
            raise ExerciseError(f"exercise {self.id!r}: generated_n must be a whole number ≥ 0.")

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        function = namespace.get(self.func)
        if function is None or function is ____:
            return Result("not_attempted", f"Define `{self.func}` in the cell above, run it, then check again.")
        if not callable(function):
            return Result("incorrect", f"Expected a function named `{self.func}`, found {describe(function)}.")
        if self._is_starter(function):
            return Result("not_attempted", f"Fill in the body of `{self.func}` (replace ____), run it, "
                                           "then check again.")
        for args, expected in self.cases:
            outcome = self._run_case(function, args, expected)
            if outcome is not None:
                return outcome
        return self._run_generated(function) or self._correct()

    def _call_text(self, args: tuple) -> str:
        return f"{self.func}({', '.join(short_repr(a, 80) for a in args)})"

    def _run_case(self, function: Callable, args: tuple, expected: Any) -> Result | None:
        call = self._call_text(args)
        arguments = copied(args)
        try:
            with time_limit(self.time_limit_s):
                returned = function(*arguments)
        except TooSlow:
            return Result("error", f"{call} was still running after {self.time_limit_s:g} s, so it was stopped. "
                                   "Is there a loop that never ends?")
        except Exception as exc:
            declared = self._declared_mistake(function, None, check_values=False)
            if declared is not None:
                return declared
            return Result("error", f"{call} raised {type(exc).__name__}: {exc}", detail=summarise_exception(exc))
        if is_blank(returned):
            return Result("not_attempted", f"`{self.func}` still returns ____: fill in the blank, run the cell, "
                                           "then check again.")
        if self.forbid_mutation and not answers_equal(arguments, args):
            # A declared misconception may explain *why* it changed its input (``fixed = frame`` is no copy).
            changed = Result("incorrect", f"{call} changed its input. Build a new value instead of changing "
                                          "the one you were given.", mistake=None)
            return self._declared_mistake(function, returned) or changed
        if answers_equal(returned, expected, self.tolerance, self.unordered):
            return None
        fallback = (f"{call} returned {short_repr(returned)}. "
                    + explain_difference(returned, expected, self.tolerance, self.unordered, reveal=True))
        return self._incorrect_function(function, returned, fallback)

    # -- generated cases -----------------------------------------------------------------------------
    def generated_inputs(self) -> list[tuple]:
        """The ``generated_n`` inputs drawn from ``generated`` with the exercise's stable seed."""
        if self.generated is None:
            return []
        rng = random.Random(stable_seed(self.id))
        return [as_args(self.generated(rng)) for _ in range(self.generated_n)]

    def reference(self) -> Callable:
        """The reference function: ``setup`` then ``solution`` run in a fresh namespace (built once)."""
        if self._reference is None:
            namespace = reference_namespace(self)
            with recording(False), contextlib.redirect_stdout(io.StringIO()):
                if self.setup:
                    exec(compile(self.setup, f"<{self.id} setup>", "exec"), namespace)
                exec(compile(self.solution_code, f"<{self.id} solution>", "exec"), namespace)
            function = namespace.get(self.func)
            if not callable(function):
                raise ExerciseError(f"exercise {self.id!r}: its solution does not define a function "
                                    f"named {self.func!r}.")
            self._reference = function
        return self._reference

    def reference_output(self, args: tuple) -> tuple[bool, Any]:
        """(True, what the reference returns for ``args``), or (False, the exception it raised)."""
        try:
            with time_limit(self.time_limit_s), contextlib.redirect_stdout(io.StringIO()):
                return True, self.reference()(*copied(args))
        except Exception as exc:
            return False, exc

    def _learner_output(self, function: Callable, args: tuple) -> tuple[str, Any]:
        """("returned", value), ("raised", exception) or ("too_slow", None) for one generated input."""
        try:
            with time_limit(self.time_limit_s), contextlib.redirect_stdout(io.StringIO()):
                return "returned", function(*copied(args))
        except TooSlow:
            return "too_slow", None
        except Exception as exc:
            return "raised", exc

    def generated_cases(self) -> list[tuple[tuple, bool, Any]]:
        """``(args, ok, reference output)`` for every generated input, computed once and kept."""
        if self._generated_cases is None:
            self._generated_cases = [(args, *self.reference_output(args)) for args in self.generated_inputs()]
        return self._generated_cases

    def _mismatch(self, function: Callable, args: tuple, reference: tuple[bool, Any] | None = None) -> str:
        """How the learner's function fares on ``args`` against the reference: "" when it agrees (or the
        reference cannot handle this input, which is not the learner's fault), else "returned",
        "raised" or "too_slow"."""
        ok, expected = self.reference_output(args) if reference is None else reference
        if not ok:
            return ""
        kind, returned = self._learner_output(function, args)
        if kind == "returned" and answers_equal(returned, expected, self.tolerance, self.unordered):
            return ""
        return kind

    def _run_generated(self, function: Callable) -> Result | None:
        """Compare with the reference on the generated inputs; report the smallest failing one."""
        if self.generated is None or self.generated_n == 0:
            return None
        try:
            cases = self.generated_cases()
        except Exception as exc:
            return Result("error", "The exercise could not make its extra test inputs (a kit bug).",
                          detail=summarise_exception(exc))
        failing = []
        for args, ok, expected in cases:
            kind = self._mismatch(function, args, (ok, expected))
            if kind == "too_slow":
                return self._generated_failure(function, args)  # each slow call costs the whole time limit
            if kind:
                failing.append(args)
        if not failing:
            return None
        smallest = shrink_failing(min(failing, key=size_key),
                                  lambda a: self._mismatch(function, a) in ("returned", "raised"), self.shrink)
        return self._generated_failure(function, smallest)

    def _generated_failure(self, function: Callable, args: tuple) -> Result:
        call = self._call_text(args)
        lead = f"Your function passes the examples, but not this input: {call}"
        kind, returned = self._learner_output(function, args)
        if kind == "too_slow":
            return Result("error", f"{lead} was still running after {self.time_limit_s:g} s, so it was stopped. "
                                   "Is there a loop that never ends?")
        if kind == "raised":
            declared = self._declared_mistake(function, None, check_values=False)
            return declared or Result("error", f"{lead} raised {type(returned).__name__}: {returned}",
                                      detail=summarise_exception(returned))
        _, expected = self.reference_output(args)
        fallback = (f"{lead} returned {short_repr(returned)}. "
                    + explain_difference(returned, expected, self.tolerance, self.unordered, reveal=True))
        result = self._incorrect_function(function, returned, fallback)
        if result.mistake is None:  # show the small tables themselves: "<a table of 1 rows>" says nothing
            result.detail = _small_tables(args, returned)
        return result

    def _incorrect_function(self, function: Callable, returned: Any, fallback: str) -> Result:
        return self._declared_mistake(function, returned) or Result("incorrect", fallback)

    def _declared_mistake(self, function: Callable, returned: Any, check_values: bool = True) -> Result | None:
        """The first declared mistake matching: predicates get the function (with copied arguments),
        plain values are compared with what the failing case returned."""
        safe = SafeFunction(function, self.time_limit_s)
        for mistake in self.mistakes:
            if callable(mistake.when) and not isinstance(mistake.when, type):
                matched = mistake.matches(safe, self._compare)
            else:
                matched = check_values and mistake.matches(returned, self._compare)
            if matched:
                return Result("incorrect", mistake.message, mistake=mistake.name)
        return None

    def _compare(self, found: Any, expected: Any) -> bool:
        return answers_equal(found, expected, self.tolerance, self.unordered)

    def _is_starter(self, function: Callable) -> bool:
        if uses_blank(function):
            return True
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            return False
        return _normalise_code(source) in _normalise_code(self.starter) and "def " in source


def _small_tables(args: tuple, returned: Any, max_rows: int = 12) -> str:
    """The text of every small pandas table among the arguments and the returned value."""
    parts = []
    for label, value in [*((f"argument {i}", a) for i, a in enumerate(args, 1)), ("your function returned", returned)]:
        if hasattr(value, "to_string") and hasattr(value, "columns") and len(value) <= max_rows:
            parts.append(f"{label}:\n{value.to_string()}")
    return "\n\n".join(parts)


def code_objects(function: Callable) -> list:
    """The code of a function and of every function nested in it (a wrapped function's own code)."""
    code = getattr(getattr(function, "__wrapped__", function), "__code__", None)
    stack, found = ([code] if code is not None else []), []
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(const for const in current.co_consts if inspect.iscode(const))
    return found


def names_used(function: Callable) -> set[str]:
    """Every global and attribute name the function's code uses, nested code included
    (``upper`` for ``.str.upper()``): what mistake predicates look for in a learner's function."""
    return {name for code in code_objects(function) for name in code.co_names}


def uses_blank(function: Callable) -> bool:
    """True if the function's code (nested functions included) still mentions ``____``."""
    return "____" in names_used(function)


def string_constants(function: Callable) -> list[str]:
    """Every string literal in the function's code, nested functions included."""
    return [const for code in code_objects(function) for const in code.co_consts if isinstance(const, str)]


def _normalise_code(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip().splitlines() if line.strip())


class ChoiceExercise(Exercise):
    """Pick one option by its key: ``q3_answer = "b"``. Each wrong option is a declared mistake."""

    kind = "choice"

    def __init__(self, *, var: str, options: Mapping[str, str], correct: str,
                 why: Mapping[str, str] | None = None, **kwargs: Any):
        self.var = var
        self.options = {str(k).lower(): v for k, v in options.items()}
        self.correct = str(correct).lower()
        self.why = {str(k).lower(): v for k, v in (why or {}).items()}
        kwargs.setdefault("correct_message", self.why.get(self.correct, ""))
        declared = list(kwargs.pop("mistakes", []))
        kwargs["mistakes"] = self._option_mistakes() + declared
        super().__init__(**kwargs)
        if self.correct not in self.options:
            raise ExerciseError(f"exercise {self.id!r}: correct={correct!r} is not one of the options "
                                f"{', '.join(self.options)}.")

    def _option_mistakes(self) -> list[Mistake]:
        return [
            Mistake(name=f"option_{key}", when=key, example=f"{self.var} = {key!r}",
                    message=self.why.get(key) or f"Option {key} is not the best answer. Read the others again.")
            for key in self.options if key != self.correct
        ]

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        if self.var not in namespace or is_blank(namespace[self.var]):
            return Result("not_attempted", f"Set `{self.var}` to the letter of your choice, e.g. "
                                           f"{self.var} = \"{next(iter(self.options))}\", then check again.")
        choice = normalise_key(namespace[self.var], self.options)
        if choice not in self.options:
            return Result("incorrect", not_an_option(namespace[self.var], self.options))
        if choice == self.correct:
            return self._correct()
        return self._incorrect(choice, lambda a, b: a == b, f"Option {choice} is not the best answer.")


cells.install()  # in a Jupyter kernel, watch for failed exercise cells (no-op elsewhere)
