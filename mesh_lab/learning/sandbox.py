"""The sandbox around a learner's code: a time limit, and copies of the arguments it is given.

A learner's function may loop for ever or change its input; the checks still have to finish and
compare against the values the learner was given.
"""

from __future__ import annotations

import contextlib
import copy
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

DEFAULT_TIME_LIMIT_S = 10.0


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


class SafeFunction:
    """Wraps the learner's function for mistake predicates: every call gets deep-copied arguments
    and the exercise's time limit."""

    def __init__(self, func: Callable, seconds: float | None = DEFAULT_TIME_LIMIT_S):
        self.__wrapped__ = func
        self.__name__ = getattr(func, "__name__", "function")
        self.seconds = seconds

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with time_limit(self.seconds):
            return self.__wrapped__(*copied(args), **copied(kwargs))


