"""A per-check timeout for the pytest smoke suite: ``--check-timeout SECONDS``.

Load it with ``-p mesh_lab.smoke_tests.check_timeout`` (``mesh_lab.smoke.pytest_smoke_command`` does
when you pass ``check_timeout_s``). A smoke test still running after that many seconds **fails** with a
message naming the timeout, so a hung endpoint costs seconds, not the CI job's whole time limit.

This is the idea of the ``pytest-timeout`` plugin (``--timeout=SECONDS``, what most teams install), in a
few lines and with no dependency: a ``SIGALRM`` timer around each test's call. Where there is no such
signal (Windows) or pytest does not run in the main thread, tests run without it; ``pytest-timeout``'s
``--timeout-method=thread`` covers those cases.
"""

from __future__ import annotations

import signal
import threading

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("mesh-lab smoke").addoption(
        "--check-timeout", type=float, default=None, metavar="SECONDS",
        help="fail a smoke test still running after SECONDS (a per-check timeout)")


def _can_time_out() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    seconds = item.config.getoption("--check-timeout")
    if not seconds or seconds <= 0 or not _can_time_out():
        return (yield)

    def too_slow(signum, frame):
        pytest.fail(f"{item.name} was still running after its {seconds:g} s timeout (--check-timeout): "
                    "a smoke check must answer fast", pytrace=False)

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return (yield)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
