"""Generated cases for function exercises: seeded inputs, a size order, and shrinking.

A :class:`~mesh_lab.learning.engine.FunctionExercise` declared with ``generated=`` compares the
learner's function with the reference solution on inputs drawn by that generator from a
``random.Random`` seeded by the exercise id (:func:`stable_seed`), so every learner and every run sees
the same inputs. The first failing input is made as small as possible (:func:`shrink_failing`) before
it is shown: a learner reads a five-item graph more easily than a fifty-item one.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

MAX_SHRINK_STEPS = 300
MAX_SHRINK_SECONDS = 3.0


def stable_seed(text: str) -> int:
    """A seed that is the same in every Python process (``hash()`` of a str is salted per process)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def as_args(value: Any) -> tuple:
    """A generator may return one argument or a tuple of arguments; always a tuple."""
    return value if isinstance(value, tuple) else (value,)


def size_of(value: Any, _depth: int = 0) -> float:
    """A simple size order: numbers by magnitude, text by length, containers by items (recursively)."""
    if _depth > 6:
        return 1
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, (int, float)):
        return abs(value) if math.isfinite(value) else 1e18
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, Mapping):
        return len(value) + sum(size_of(k, _depth + 1) + size_of(v, _depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) + sum(size_of(item, _depth + 1) for item in value)
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and shape:
        return math.prod(shape) + shape[0]
    return 1


def size_key(args: tuple) -> tuple[float, int]:
    """Sort key of an args tuple: its size, then the length of its text form."""
    try:
        text_length = len(repr(args))
    except Exception:
        text_length = 0
    return size_of(args), text_length


def default_shrink(args: tuple) -> Iterator[tuple]:
    """Smaller versions of ``args``: one argument at a time made smaller (see :func:`smaller_values`)."""
    for index, value in enumerate(args):
        for smaller in smaller_values(value):
            yield args[:index] + (smaller,) + args[index + 1:]


def smaller_values(value: Any) -> Iterator[Any]:
    """Candidate values smaller than ``value``: fewer items, shorter text, numbers closer to 0."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        yield from dict.fromkeys(v for v in (0, value // 2, value - 1 if value > 0 else value + 1) if abs(v) < abs(value))
    elif isinstance(value, float):
        yield from dict.fromkeys(v for v in (0.0, float(round(value)), value / 2) if abs(v) < abs(value))
    elif isinstance(value, str):
        if value:
            yield ""
            yield value[: len(value) // 2]
            yield from (value[:i] + value[i + 1:] for i in range(min(len(value), 8)))
    elif isinstance(value, Mapping):
        yield from _smaller_mappings(value)
    elif isinstance(value, (list, tuple)):
        yield from _smaller_sequences(value)
    elif isinstance(value, (set, frozenset)):
        yield from (type(value)(item for item in value if item is not removed) for removed in list(value))
    elif _is_frame(value) and len(value) > 0:
        yield value.iloc[: len(value) // 2]
        yield from (value.drop(index=value.index[i]) for i in range(min(len(value), 20)))


def _smaller_sequences(value: list | tuple) -> Iterator[Any]:
    kind = type(value)
    if value:
        yield kind()
    if len(value) > 1:
        yield kind(value[: len(value) // 2])
        yield kind(value[len(value) // 2:])
    for i in range(len(value)):
        yield kind(value[:i] + value[i + 1:])
    for i, item in enumerate(value):
        for smaller in smaller_values(item):
            yield kind(value[:i] + kind((smaller,)) + value[i + 1:])


def _smaller_mappings(value: Mapping) -> Iterator[dict]:
    keys = list(value)
    for key in keys:
        yield {k: v for k, v in value.items() if k != key}
    for key in keys:
        for smaller in smaller_values(value[key]):
            yield {**value, key: smaller}


def _is_frame(value: Any) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "iloc")


def shrink_failing(args: tuple, fails: Callable[[tuple], bool],
                   shrink: Callable[[tuple], Iterable[tuple]] | None = None,
                   max_steps: int = MAX_SHRINK_STEPS, max_seconds: float = MAX_SHRINK_SECONDS) -> tuple:
    """The smallest failing input found by greedy shrinking from ``args`` (which fails).

    ``shrink(args)`` yields candidate smaller inputs (default :func:`default_shrink`); a candidate is
    kept when it is smaller by :func:`size_key` and ``fails(candidate)`` is True. Stops after
    ``max_steps`` tries or ``max_seconds``.
    """
    shrinker = shrink or default_shrink
    current, steps, deadline = args, 0, time.monotonic() + max_seconds
    improved = True
    while improved and steps < max_steps and time.monotonic() < deadline:
        improved = False
        for candidate in shrinker(current):
            steps += 1
            if steps > max_steps or time.monotonic() > deadline:
                break
            candidate = as_args(candidate)
            if size_key(candidate) < size_key(current) and fails(candidate):
                current, improved = candidate, True
                break
    return current
