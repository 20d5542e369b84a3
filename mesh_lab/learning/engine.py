"""The exercise engine: exercises that check themselves.

A notebook binds its exercises with ``from mesh_lab.exercises.<key> import *``. Each exercise reads the
learner's variable (or function) from the notebook and answers with a :class:`Result`: ``not_attempted``,
``incorrect`` (a declared misconception gets its own message; anything else gets a specific one),
``correct`` or ``error`` (the learner's own exception, summarised — never a crashed cell).

See ``docs/exercise-api.md`` for how notebook authors declare exercises.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import inspect
import pkgutil
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from mesh_lab.display import Code, StatusBox, escape, show, status_html, status_text
from mesh_lab.errors import MeshLabError
from mesh_lab.exercises._answers import (
    ____,
    _short_repr,
    answers_equal,
    describe,
    explain_difference,
    is_blank,
    summarise_exception,
)

LEVELS = ("kid", "teen", "tech")
STATUSES = ("not_attempted", "incorrect", "correct", "error")
DEFAULT_TIME_LIMIT_S = 10.0

__all__ = [
    "____",
    "ChoiceExercise",
    "Exercise",
    "ExerciseError",
    "FunctionExercise",
    "Mistake",
    "Option",
    "Quiz",
    "Result",
    "ValueExercise",
    "all_exercises",
    "answers_equal",
    "describe",
    "explain_difference",
    "get_exercise",
    "is_blank",
    "recording",
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
_NOT_EXERCISE_MODULES = {"engine", "selftest"}
_RECORDING = [True]


def registry() -> dict[str, Exercise]:
    """The registered exercises by id (only modules imported so far; see :func:`all_exercises`)."""
    return dict(_REGISTRY)


def exercise_module_names() -> list[str]:
    """Names of every exercise module of the ``mesh_lab.exercises`` package."""
    package = importlib.import_module("mesh_lab.exercises")
    return sorted(
        f"mesh_lab.exercises.{info.name}"
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_") and info.name not in _NOT_EXERCISE_MODULES
    )


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


def _record(exercise_id: str, event: str, **fields: Any) -> None:
    """Record an event in the learner's progress file; never let a problem there break a cell."""
    if not _RECORDING[0]:
        return
    try:
        from mesh_lab import progress

        progress.record(exercise_id, event, **fields)
    except Exception as exc:  # the learner's cell must not crash because of bookkeeping
        warnings.warn(f"Could not record progress for {exercise_id}: {exc}", RuntimeWarning, stacklevel=3)


def _caller_namespace() -> dict:
    """The globals of the first caller outside the exercise modules (the notebook's namespace)."""
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("mesh_lab.exercises."):
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

    def check(self, namespace: Mapping[str, Any] | None = None) -> None:
        """Check the learner's answer (read from the notebook) and show the result."""
        namespace = _caller_namespace() if namespace is None else namespace
        result = self.evaluate(namespace)
        self.last_result = result
        _record(self.id, "check", status=result.status, mistake=result.mistake)
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
                _record(self.id, "hint", number=number)
        show(StatusBox("hint", text, self.id))

    def solution(self) -> None:
        """Show the reference solution as highlighted code."""
        _record(self.id, "solution")
        show(Code(self.solution_code, title=f"💡 Solution — {self.id}"))

    def restore(self, namespace: dict | None = None) -> None:
        """Run the reference solution in the notebook so that later cells work again."""
        namespace = _caller_namespace() if namespace is None else namespace
        namespace.setdefault("____", ____)
        with recording(False):
            if self.setup:
                exec(compile(self.setup, f"<{self.id} setup>", "exec"), namespace)
            exec(compile(self.solution_code, f"<{self.id} solution>", "exec"), namespace)
        _record(self.id, "restore")
        show(StatusBox("info", f"Restored known-good values for {self.id}. You can carry on.", self.id))

    def _name_for_messages(self) -> str:
        return self.id.split(".", 1)[1]

    # -- looks ---------------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r}, level={self.level!r}): {self.prompt}"

    def _repr_html_(self) -> str:
        return (
            f"<div><b>{escape(self.id)}</b> <i>({escape(self.level)})</i>: {escape(self.prompt)}<br>"
            f"<small>Try <code>.check()</code>, <code>.hint()</code>, <code>.solution()</code>.</small></div>"
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


class TooSlow(TimeoutError):
    """The learner's function ran longer than the exercise's time limit."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TooSlow` in the block after ``seconds`` (main thread on POSIX only; else no limit).

    Only used when nobody else handles ``SIGALRM``, and the previous state is always restored.
    """
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )
    if not usable:
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise TooSlow(f"still running after {seconds:g} s")

    signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def copied(args: Any) -> Any:
    """A deep copy of ``args``, or ``args`` itself when it cannot be copied (a live connection…)."""
    try:
        return copy.deepcopy(args)
    except Exception:
        return args


class _SafeFunction:
    """Wraps the learner's function for mistake predicates: every call gets deep-copied arguments
    and the exercise's time limit."""

    def __init__(self, func: Callable, seconds: float | None = DEFAULT_TIME_LIMIT_S):
        self.__wrapped__ = func
        self.__name__ = getattr(func, "__name__", "function")
        self.seconds = seconds

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with time_limit(self.seconds):
            return self.__wrapped__(*copied(args), **copied(kwargs))


class FunctionExercise(Exercise):
    """The learner defines a function; it is run on ``cases`` (args tuple → expected result)."""

    kind = "function"

    def __init__(self, *, func: str, cases: Iterable[tuple[Any, Any]], forbid_mutation: bool = False,
                 time_limit_s: float | None = DEFAULT_TIME_LIMIT_S, **kwargs: Any):
        self.func = func
        self.cases = [(args if isinstance(args, tuple) else (args,), expected) for args, expected in cases]
        self.forbid_mutation = forbid_mutation
        self.time_limit_s = time_limit_s
        super().__init__(**kwargs)
        if not self.cases:
            raise ExerciseError(f"exercise {self.id!r}: a FunctionExercise needs at least one case.")

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
        return self._correct()

    def _run_case(self, function: Callable, args: tuple, expected: Any) -> Result | None:
        call = f"{self.func}({', '.join(_short_repr(a, 80) for a in args)})"
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
        fallback = (f"{call} returned {_short_repr(returned)}; expected {_short_repr(expected)}. "
                    + explain_difference(returned, expected, self.tolerance, self.unordered))
        return self._incorrect_function(function, returned, fallback)

    def _incorrect_function(self, function: Callable, returned: Any, fallback: str) -> Result:
        return self._declared_mistake(function, returned) or Result("incorrect", fallback)

    def _declared_mistake(self, function: Callable, returned: Any, check_values: bool = True) -> Result | None:
        """The first declared mistake matching: predicates get the function (with copied arguments),
        plain values are compared with what the failing case returned."""
        safe = _SafeFunction(function, self.time_limit_s)
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


def uses_blank(function: Callable) -> bool:
    """True if the function's code (nested functions included) still mentions ``____``."""
    code = getattr(getattr(function, "__wrapped__", function), "__code__", None)
    stack = [code] if code is not None else []
    while stack:
        current = stack.pop()
        if "____" in current.co_names:
            return True
        stack.extend(const for const in current.co_consts if inspect.iscode(const))
    return False


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


def normalise_key(value: Any, options: Mapping[str, str] | None = None) -> str:
    """``"B"``, ``" b "``, ``"(b)"``, ``"b)"`` and ``"b."`` all become ``"b"``.

    With ``options`` (key -> text), typing an option's own text also picks it.
    """
    key = str(value).strip().strip("().").strip().lower()
    if options and key not in options:
        by_text = {" ".join(str(text).lower().split()).rstrip("."): k for k, text in options.items()}
        key = by_text.get(" ".join(key.split()).rstrip("."), key)
    return key


def not_an_option(value: Any, keys: Iterable[str]) -> str:
    """The message for an answer that names no option, in words a kid can follow."""
    letters = list(keys)
    listed = ", ".join(f'"{k}"' for k in letters[:-1]) + f' or "{letters[-1]}"' if len(letters) > 1 else f'"{letters[0]}"'
    return (f"{_short_repr(value)} is not one of the choices. Answer with one letter: {listed}, "
            f"in quote marks, like \"{letters[0]}\".")


# --------------------------------------------------------------------------------------------------
# Quizzes
# --------------------------------------------------------------------------------------------------


class Quiz(Exercise):
    """A multiple-choice question: a widget in JupyterLab, ``quiz.answer("b")`` anywhere."""

    kind = "quiz"

    def __init__(self, *, id: str, level: str, question: str, options: Iterable[Option],
                 starter: str = "", solution: str = "", **kwargs: Any):
        self.question = question
        self.options = list(options)
        self.answered: str | None = None
        self._check_options(id)
        name = id.split(".", 1)[-1]
        starter = starter or f"{name}.show()"
        solution = solution or f"{name}.answer({self.correct_key!r})"
        kwargs.setdefault("correct_message", self._option(self.correct_key).why)
        declared = list(kwargs.pop("mistakes", []))
        kwargs["mistakes"] = self._option_mistakes(name) + declared
        super().__init__(id=id, level=level, prompt=question, starter=starter, solution=solution, **kwargs)

    def _check_options(self, quiz_id: str) -> None:
        keys = [normalise_key(o.key) for o in self.options]
        if len(set(keys)) != len(keys) or len(keys) < 2:
            raise ExerciseError(f"quiz {quiz_id!r}: needs two or more options with distinct keys (found {keys}).")
        if sum(1 for o in self.options if o.correct) != 1:
            raise ExerciseError(f"quiz {quiz_id!r}: exactly one option must have correct=True.")
        for option in self.options:
            option.key = normalise_key(option.key)

    def _option_mistakes(self, name: str) -> list[Mistake]:
        return [
            Mistake(name=f"option_{o.key}", when=o.key, example=f"{name}.answer({o.key!r})",
                    message=o.why or f"Option {o.key} is not the best answer.")
            for o in self.options if not o.correct
        ]

    @property
    def correct_key(self) -> str:
        """The key of the correct option."""
        return next(o.key for o in self.options if o.correct)

    @property
    def keys(self) -> list[str]:
        """The option keys, in order."""
        return [o.key for o in self.options]

    def _option(self, key: str) -> Option:
        return next(o for o in self.options if o.key == key)

    def grade(self, key: Any) -> Result:
        """The result of choosing ``key`` (records nothing, shows nothing)."""
        if key is None or is_blank(key):
            result = Result("not_attempted", f"Pick an option, then press Check (or call "
                                             f"{self._name_for_messages()}.answer(\"{self.keys[0]}\")).")
        else:
            choice = normalise_key(key, self._texts())
            if choice not in self.keys:
                result = Result("incorrect", not_an_option(key, self.keys))
            elif choice == self.correct_key:
                result = self._correct()
            else:
                result = self._incorrect(choice, lambda a, b: a == b, f"Option {choice} is not the best answer.")
        result.exercise_id = self.id
        return result

    def _texts(self) -> dict[str, str]:
        return {option.key: option.text for option in self.options}

    def answer(self, key: Any) -> Result:
        """Answer without widgets: ``quiz.answer("b")`` shows why that option is right or wrong."""
        result = self.grade(key)
        choice = normalise_key(key, self._texts())
        if result.status in {"correct", "incorrect"} and choice in self.keys:
            self.answered = choice
        self.last_result = result
        _record(self.id, "answer", status=result.status, mistake=result.mistake, choice=choice)
        show(result)
        return None

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        return self.grade(self.answered)

    def check(self, namespace: Mapping[str, Any] | None = None) -> None:
        """Show the result of the last answer given (by widget or by :meth:`answer`)."""
        super().check({} if namespace is None else namespace)

    def restore(self, namespace: dict | None = None) -> None:
        """A quiz has no variables to restore; says so."""
        show(StatusBox("info", "A quiz has nothing to restore: just pick an answer.", self.id))

    def fresh_copy(self) -> Quiz:
        """An unanswered copy that is not registered (used by the selftest)."""
        clone = copy.copy(self)
        clone.answered = None
        clone.last_result = None
        return clone

    def widget(self) -> QuizWidget:
        """The quiz as an ipywidgets shell (radio buttons, a Check button, feedback)."""
        return QuizWidget(self)

    def show(self) -> None:
        """Show the quiz as a widget in JupyterLab, or as text with instructions elsewhere."""
        from mesh_lab.display import in_ipython

        if in_ipython():
            show(_WidgetWithText(self.widget().box, repr(self)))
        else:
            print(repr(self))

    def _ipython_display_(self) -> None:
        self.show()

    def __repr__(self) -> str:
        lines = [f"❓ {self.question}"]
        lines += [f"  {o.key}) {o.text}" for o in self.options]
        name = self._name_for_messages()
        lines.append(f"Answer with {name}.answer(\"{self.keys[0]}\") (one of: {', '.join(self.keys)}).")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        items = "".join(f"<li><b>{escape(o.key)})</b> {escape(o.text)}</li>" for o in self.options)
        return f"<div><b>❓ {escape(self.question)}</b><ul style='list-style:none'>{items}</ul></div>"


class _WidgetWithText:
    """A widget whose plain-text form is readable (terminals, nbval, screen readers)."""

    def __init__(self, widget: Any, text: str):
        self.widget = widget
        self.text = text

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = self.text
        return bundle

    def __repr__(self) -> str:
        return self.text


@dataclass
class QuizWidget:
    """A quiz's widget: ``choices`` (RadioButtons), ``button`` (Check) and ``feedback`` (HTML).

    Headless-testable: set ``choices.value`` and call ``button.click()`` (or :meth:`on_check`).
    """

    quiz: Quiz
    choices: Any = field(init=False)
    button: Any = field(init=False)
    feedback: Any = field(init=False)
    box: Any = field(init=False)

    def __post_init__(self) -> None:
        import ipywidgets as widgets

        self.choices = widgets.RadioButtons(
            options=[(f"{o.key}) {o.text}", o.key) for o in self.quiz.options],
            value=None,
            layout=widgets.Layout(width="max-content"),
        )
        self.button = widgets.Button(description="Check", icon="check", button_style="primary")
        self.feedback = widgets.HTML(value="")
        self.button.on_click(self.on_check)
        question = widgets.HTML(value=f"<b>❓ {escape(self.quiz.question)}</b>")
        self.box = widgets.VBox([question, self.choices, self.button, self.feedback])

    def on_check(self, _button: Any = None) -> Result:
        """Grade the selected option, record it, and show why it is right or wrong."""
        key = self.choices.value
        result = self.quiz.grade(key)
        if result.status != "not_attempted":
            self.quiz.answered = normalise_key(key)
            _record(self.quiz.id, "answer", status=result.status, mistake=result.mistake, choice=self.quiz.answered)
        self.quiz.last_result = result
        self.feedback.value = result._repr_html_() + (self._all_reasons() if result.correct else "")
        return result

    def _all_reasons(self) -> str:
        rows = "".join(
            f"<li>{'✅' if o.correct else '❌'} <b>{escape(o.key)})</b> {escape(o.why)}</li>"
            for o in self.quiz.options if o.why
        )
        return f"<details><summary>Why each option is right or wrong</summary><ul>{rows}</ul></details>" if rows else ""
