"""Exercises whose answer is a smoke check: the learner's ``check(target)`` runs against real releases.

Every case deploys a release of the demo service on 127.0.0.1 and runs the learner's check as a
:class:`mesh_lab.smoke.SmokeCheck`, exactly as a suite runs checks. A check still running at its
timeout is reported once (not once per release and per mistake) and its thread is stopped, so a
``while True: pass`` cannot keep slowing the learner's kernel. Any notebook's exercises may use it.
"""

from __future__ import annotations

import contextlib
import html
import re
import types
from collections.abc import Callable, Mapping
from typing import Any

from mesh_lab import report
from mesh_lab.learning.engine import FunctionExercise, Result, uses_blank
from mesh_lab.service import DemoService
from mesh_lab.smoke import SmokeCheck, Target

SERVICE_PATHS = ("/health", "/login", "/dashboard", "/version")
"""The paths the demo service answers (see the table in the notebook)."""


class RecordingTarget(Target):
    """A :class:`mesh_lab.smoke.Target` that remembers every request: (method, path, headers).

    It also keeps the JSON bodies sent (``bodies``) and refuses ``headers`` that are not a mapping
    with a message that says what to write instead.
    """

    def __init__(self, base_url: str, requests: list | None = None, timeout_s: float = 2.0,
                 bodies: list | None = None):
        super().__init__(base_url, timeout_s=timeout_s)
        self.requests = [] if requests is None else requests
        self.bodies = [] if bodies is None else bodies

    def with_timeout(self, timeout_s: float) -> RecordingTarget:
        """A copy with another timeout that records into the same lists."""
        return RecordingTarget(self.base_url, self.requests, timeout_s, self.bodies)

    def request(self, method: str, path: str, *, json=None, headers: dict | None = None):
        """Record the request, then send it."""
        if headers is not None and not isinstance(headers, Mapping):
            self.requests.append((method, path, {"(not a dict)": type(headers).__name__}))
            self.bodies.append(json)
            raise TypeError(f"headers must be a dict such as {{\"Authorization\": f\"Bearer {{token}}\"}}, "
                            f"not a {type(headers).__name__}")
        self.requests.append((method, path, dict(headers or {})))
        self.bodies.append(json)
        return super().request(method, path, json=json, headers=headers)


class CheckOutcome(types.SimpleNamespace):
    """What happened when a check ran against a release: ``status``, ``message``, ``requests``."""

    @property
    def paths(self) -> list[str]:
        """The paths the check asked for, in order."""
        return [path for _, path, _ in self.requests]

    @property
    def timed_out(self) -> bool:
        """True when the check was still running at its timeout and was stopped."""
        return self.status == "fail" and self.message.startswith("timed out")

    def __repr__(self) -> str:
        lines = [f"{self.release}: your check → {self.status}" + (f" ({self.message})" if self.message else "")]
        for method, path, headers in self.requests:
            token = " with Authorization" if any(k.lower() == "authorization" for k in headers) else ""
            lines.append(f"  {method} {path}{token}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<li><code>{html.escape(line.strip())}</code></li>" for line in repr(self).splitlines()[1:])
        status = self.status if self.status in ("pass", "fail") else "error"
        verdict = report.verdict_html(status, f"{self.release}: your check → {self.status}", self.message)
        return f"<div>{verdict}<ul>{rows}</ul></div>"


_POOLS: list[dict[str, Any]] = []


@contextlib.contextmanager
def _service_pool():
    """Reuse one running service per release while one answer is checked; stop them all after."""
    pool: dict[str, Any] = {}
    _POOLS.append(pool)
    try:
        yield pool
    finally:
        _POOLS.pop()
        for service in pool.values():
            service.stop()


def _running_service(release: str, stack: contextlib.ExitStack) -> DemoService:
    if _POOLS:
        pool = _POOLS[-1]
        if release not in pool:
            pool[release] = DemoService(release).start()
        return pool[release]
    return stack.enter_context(DemoService(release))


_CHECK_NAME = "your check"


def check_outcome(check: Callable, release: str, timeout_s: float = 3.0) -> CheckOutcome:
    """Deploy ``release``, run ``check(target)`` as a real ``SmokeCheck``, and report what happened."""
    check = getattr(check, "__wrapped__", check)
    if uses_blank(check):
        return CheckOutcome(release=release, status="not attempted", requests=[], bodies=[],
                            message="your check still has ____ in it: fill in every blank, run its cell, "
                                    "then try again")
    with contextlib.ExitStack() as stack:
        service = _running_service(release, stack)
        target = RecordingTarget(service.base_url, timeout_s=timeout_s)
        # SmokeCheck.run stops a check that outlives its timeout, so nothing keeps spinning.
        result = SmokeCheck(_CHECK_NAME, "journey", check, timeout=timeout_s).run(target)
        return CheckOutcome(release=release, status=result.status, message=result.message,
                            requests=target.requests, bodies=target.bodies)


_EXPECTED_WORDS = {"pass": "pass", "fail": "fail (raise AssertionError)"}


class SmokeCheckExercise(FunctionExercise):
    """The learner writes a smoke check ``func(target)``; each case is ``((release,), "pass" | "fail")``.

    Every case deploys that release of the demo service and runs the check as a ``SmokeCheck``;
    the check must pass against the healthy release and fail against the broken ones.
    """

    kind = "smoke_check"

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        function = namespace.get(self.func)
        if callable(function) and uses_blank(function):
            return Result("not_attempted", f"`{self.func}` still has ____ in it: fill in every blank, "
                                           "run the cell, then check again.")
        with _service_pool():
            return super()._evaluate(namespace)

    def _run_case(self, function: Callable, args: tuple, expected: Any) -> Result | None:
        (release,) = args
        outcome = check_outcome(function, release)
        if outcome.status == expected:
            return None
        if outcome.timed_out:  # the other releases, and the mistakes, would each wait as long again
            return Result("incorrect", f"Against {release!r} your check was still running after "
                                       f"{_timeout_words(outcome.message)}, so it was stopped. Is there a loop "
                                       "that never ends, or a long sleep? A smoke check must answer in seconds.")
        if outcome.status == "error":
            crash = outcome.message.removeprefix("the check itself crashed: ")
            fallback = f"Against {release!r} your check crashed instead of passing or failing: {crash}"
        else:
            said = outcome.message.removeprefix("failed: ")
            fallback = (f"Against {release!r} your check should {_EXPECTED_WORDS[expected]}, but it "
                        f"{'passed' if outcome.status == 'pass' else 'failed'}"
                        f"{': ' + said if said else ''}.")
        for mistake in self.mistakes:
            if mistake.matches(function, self._compare):
                return Result("incorrect", mistake.message, mistake=mistake.name)
        return Result("error" if outcome.status == "error" else "incorrect", fallback)


def _timeout_words(message: str) -> str:
    found = re.search(r"after ([0-9.]+ s)", message)
    return found.group(1) if found else "its timeout"
