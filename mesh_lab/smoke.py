"""Smoke testing: a small, fast suite of checks that answers "does it basically work?".

- ``SmokeCheck``: a name, a category (boot, health, db, journey, data), a function and a
  timeout. The function takes one argument, a ``Target`` (the thing under test, with tiny HTTP
  helpers). It passes by returning (optionally a message) and fails by raising
  ``AssertionError`` or ``SmokeFailure``. Any other exception is an ``error`` result; a check
  still running after its timeout is a ``fail``. Neither ever crashes or hangs the run.
- ``SmokeSuite``: ordered checks, fail-fast by default (later checks are ``skipped`` after a
  failure), with a time budget: the run warns (``SmokeBudgetWarning``) when it outgrows it.
- ``SmokeRun``: per check status, duration and message; ``.passed``, ``.to_frame()`` and an
  HTML view.

``default_suite()`` smoke-tests the demo service (``mesh_lab.service``): the app boots,
``/health`` is green, the database is reachable, and login → dashboard works.

>>> run = smoke_release("broken_login")          # doctest: +SKIP
>>> run.passed
False
"""

from __future__ import annotations

import argparse
import ctypes
import html
import inspect
import json as jsonlib
import os
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from urllib.parse import quote, urlsplit

from mesh_lab import report
from mesh_lab.errors import MeshLabError
from mesh_lab.service import DEMO_USER, RELEASES, BootError, DemoService

__all__ = [
    "CATEGORIES",
    "STATUSES",
    "SmokeFailure",
    "SmokeBudgetWarning",
    "Response",
    "Target",
    "SmokeCheck",
    "SmokeResult",
    "SmokeRun",
    "SmokeSuite",
    "default_suite",
    "default_checks",
    "smoke_release",
    "release_matrix",
    "pytest_smoke_args",
    "pytest_smoke_command",
    "run_pytest_smoke",
    "check_app_boots",
    "check_health_green",
    "check_database_reachable",
    "check_login_dashboard",
    "main",
]

CATEGORIES = ("boot", "health", "db", "journey", "data")
STATUSES = ("pass", "fail", "error", "skipped")
ICONS = {"pass": "✅", "fail": "❌", "error": "💥", "skipped": "⏭️"}
BOOT_WAIT_S = 1.0
"""How long the boot check waits for the app to become ready."""
DEFAULT_BUDGET_S = 5.0
"""The default suite's time budget: a smoke suite for one small service should take seconds."""
LOOPBACK = {"127.0.0.1", "localhost"}


class SmokeFailure(AssertionError):
    """Raise this (or use ``assert``) inside a check to make it fail with a message."""


class CheckTimedOut(BaseException):
    """Raised inside a check's worker thread that outlived its timeout, so the thread ends."""


def _stop_worker(worker: threading.Thread) -> None:
    """Stop a check that is still running after its timeout (``while True: pass`` would spin forever).

    Python cannot kill a thread; CPython can raise an exception in it at its next Python instruction.
    A check blocked in C (a long ``time.sleep``) ends when that call returns and uses no CPU meanwhile.
    """
    set_async_exc = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
    if set_async_exc is not None and worker.ident is not None and worker.is_alive():
        set_async_exc(ctypes.c_ulong(worker.ident), ctypes.py_object(CheckTimedOut))


class SmokeBudgetWarning(UserWarning):
    """A smoke run took longer than its suite's time budget."""


# --------------------------------------------------------------------------- HTTP helpers

@dataclass
class Response:
    """What a ``Target`` request got back: status, headers, body and how long it took."""

    status: int
    headers: Message
    body: bytes
    elapsed_ms: float
    url: str = ""

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        """The body parsed as JSON; a body that is not JSON fails the check."""
        try:
            return jsonlib.loads(self.body)
        except ValueError:
            raise SmokeFailure(f"{self.url} answered {self.status} with a body that is not JSON: "
                               f"{self.text[:80]!r}") from None

    def __repr__(self) -> str:
        return f"<Response {self.status} from {self.url} in {self.elapsed_ms:.1f} ms>"


# Never use a proxy: the kit only ever talks to 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Target:
    """The thing a smoke check talks to: a base URL on this machine, maybe a ``DemoService``.

    ``get(path)`` and ``post(path, json=...)`` return a ``Response`` for every HTTP status
    (a 500 is an answer, not an exception). A refused or timed-out connection raises
    ``SmokeFailure``, so the check fails with a readable message.
    """

    def __init__(self, base_url: str | None = None, *, service: DemoService | None = None,
                 timeout_s: float = 2.0):
        if base_url is None and service is None:
            raise MeshLabError("Target needs a base_url (like 'http://127.0.0.1:8000') or a service")
        if base_url is not None:
            base_url = _checked_base_url(base_url)
        self._base_url = base_url
        self.service = service
        self.timeout_s = timeout_s

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` of the service under test."""
        if self._base_url is not None:
            return self._base_url
        if not self.service.running:
            raise SmokeFailure(f"the {self.service.release!r} service is not running (it never booted)")
        return self.service.base_url

    def with_timeout(self, timeout_s: float) -> Target:
        """A copy of this target whose requests give up after ``timeout_s`` seconds."""
        copy = Target(self._base_url, service=self.service, timeout_s=timeout_s)
        return copy

    def __deepcopy__(self, memo) -> Target:
        return self  # a handle on a live service; copying it would not copy the service

    def __copy__(self) -> Target:
        return self

    def get(self, path: str, headers: dict | None = None) -> Response:
        """``GET base_url + path``."""
        return self.request("GET", path, headers=headers)

    def post(self, path: str, json=None, headers: dict | None = None) -> Response:
        """``POST base_url + path`` with ``json`` as the body."""
        return self.request("POST", path, json=json, headers=headers)

    def request(self, method: str, path: str, *, json=None, headers: dict | None = None) -> Response:
        """Send one request and return the ``Response`` whatever its status."""
        url = self.base_url + _checked_path(path)
        data = None
        all_headers = dict(headers or {})
        if json is not None:
            data = jsonlib.dumps(json).encode("utf-8")
            all_headers.setdefault("Content-Type", "application/json")
        request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
        started = time.perf_counter()
        try:
            with _OPENER.open(request, timeout=self.timeout_s) as answer:
                status, answer_headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as answer:
            with answer:
                status, answer_headers, body = answer.code, answer.headers, answer.read()
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SmokeFailure(f"could not reach {url}: {reason}") from None
        elapsed_ms = (time.perf_counter() - started) * 1000
        return Response(status, answer_headers, body, round(elapsed_ms, 2), url)

    def __repr__(self) -> str:
        where = self._base_url or f"DemoService {self.service.release!r}"
        return f"Target({where})"


def _checked_path(path: str) -> str:
    """``/health`` as given; ``health`` gets its ``/``; spaces and non-ASCII letters are %-encoded."""
    if not isinstance(path, str):
        raise MeshLabError(f"a request path is text such as '/health', got {type(path).__name__}")
    if not path.startswith("/"):
        path = "/" + path
    return quote(path, safe="/?&=%#:@+,;~*!'()$[]")


def _checked_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme != "http" or not parts.hostname:
        raise MeshLabError(f"base URL must look like 'http://127.0.0.1:8000', got {base_url!r}")
    if parts.hostname not in LOOPBACK:
        raise MeshLabError(f"the kit only smoke-tests services on this machine (127.0.0.1), "
                           f"not {parts.hostname!r}. Start one with DemoService() and use its base_url.")
    return base_url.rstrip("/")


def as_target(thing: Target | DemoService | str) -> Target:
    """Turn a ``Target``, a ``DemoService`` or a base URL into a ``Target``."""
    if isinstance(thing, Target):
        return thing
    if isinstance(thing, DemoService):
        return Target(service=thing)
    if isinstance(thing, str):
        return Target(thing)
    if callable(getattr(thing, "with_timeout", None)):  # any other target a suite's checks understand
        return thing                                     # (e.g. a data product's file: mesh_lab.data_smoke)
    raise MeshLabError(f"smoke-test what? Expected a DemoService, a Target or a base URL string, "
                       f"got {type(thing).__name__}")


# --------------------------------------------------------------------------- checks and results

@dataclass(frozen=True)
class SmokeResult:
    """The outcome of one check in one run."""

    name: str
    category: str
    status: str
    duration_ms: float
    message: str = ""

    @property
    def icon(self) -> str:
        return ICONS[self.status]


@dataclass
class SmokeCheck:
    """One smoke check: ``func(target)`` passes by returning and fails by raising ``AssertionError``."""

    name: str
    category: str
    func: Callable[[Target], object]
    timeout: float = 2.0
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise MeshLabError(f"a smoke check needs a name (a short text such as 'health is green'), "
                               f"got {self.name!r}")
        if self.category not in CATEGORIES:
            raise MeshLabError(f"check {self.name!r}: category must be one of {', '.join(CATEGORIES)}, "
                               f"got {self.category!r}")
        if not callable(self.func):
            raise MeshLabError(f"check {self.name!r}: func must be a function taking a target, "
                               f"got {type(self.func).__name__}")
        if not _positive_seconds(self.timeout):
            raise MeshLabError(f"check {self.name!r}: timeout must be a positive number of seconds (and finite), "
                               f"got {self.timeout!r}")
        if not self.description:
            doc_lines = (getattr(self.func, "__doc__", None) or "").strip().splitlines()
            self.description = doc_lines[0] if doc_lines else ""

    def __repr__(self) -> str:
        return f"SmokeCheck({self.name!r}, category={self.category!r}, timeout={self.timeout:g})"

    def run(self, target: Target | DemoService | str) -> SmokeResult:
        """Run the check in a worker thread; never raises, never waits past the timeout."""
        target = as_target(target).with_timeout(self.timeout)
        outcome: dict[str, object] = {}

        def work() -> None:
            try:
                outcome["value"] = self.func(target)
            except BaseException as exc:  # noqa: BLE001 (every exception becomes a result)
                outcome["exc"] = exc

        worker = threading.Thread(target=work, name=f"smoke-check:{self.name}", daemon=True)
        started = time.perf_counter()
        worker.start()
        worker.join(self.timeout)
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        if worker.is_alive():
            _stop_worker(worker)
            return self._result("fail", duration_ms, f"timed out after {self.timeout:g} s "
                                                     f"(the check was still waiting)")
        if "exc" in outcome:
            return self._result_from_exception(outcome["exc"], duration_ms)
        value = outcome.get("value")
        if inspect.isawaitable(value) or inspect.isgenerator(value):
            if inspect.iscoroutine(value) or inspect.isgenerator(value):
                value.close()  # never started: closing it keeps Python from warning about it
            return self._result("error", duration_ms, f"the check is {'async' if inspect.isawaitable(value) else 'a generator'} "
                                "so its body never ran; write it as a plain def that returns or raises")
        if value is False:
            return self._result("fail", duration_ms, "the check returned False: a check fails by raising "
                                "(use assert …, e.g. assert answer.status == 200) and passes by returning")
        return self._result("pass", duration_ms, "" if value is None else _message(value))

    def _result(self, status: str, duration_ms: float, message: str) -> SmokeResult:
        return SmokeResult(self.name, self.category, status, duration_ms, message)

    def _result_from_exception(self, exc: BaseException, duration_ms: float) -> SmokeResult:
        if isinstance(exc, AssertionError):
            return self._result("fail", duration_ms, _message(exc) or _failed_assert_line(exc))
        if isinstance(exc, SystemExit):
            return self._result("error", duration_ms, f"the check called sys.exit({exc.code!r}); a check "
                                "must return (pass) or raise AssertionError (fail), never exit")
        return self._result("error", duration_ms,
                            f"the check itself crashed: {type(exc).__name__}: {_message(exc)}")


def _positive_seconds(value) -> bool:
    """A finite number of seconds > 0 (not a bool: ``True`` is not a timeout)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < float("inf")


MAX_MESSAGE_CHARS = 500
"""A check's message is cut to this length: a result line, not a log file."""


def _message(value: object) -> str:
    """``str(value)`` cut to ``MAX_MESSAGE_CHARS``; never raises, even for an object whose str() does."""
    try:
        text = str(value)
    except Exception as exc:  # noqa: BLE001 (a broken __str__ must not crash the run)
        text = f"<{type(value).__name__} whose text cannot be shown: {type(exc).__name__}>"
    if len(text) > MAX_MESSAGE_CHARS:
        text = text[:MAX_MESSAGE_CHARS - 1] + "…"
    return text


def _failed_assert_line(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if frames and frames[-1].line:
        return f"failed: {frames[-1].line}"
    return "assertion failed"


# --------------------------------------------------------------------------- the run

@dataclass
class SmokeRun:
    """All results of one run of a suite, in order."""

    suite: str
    target: str
    results: list[SmokeResult]
    duration_ms: float
    budget_s: float
    fail_fast: bool

    @property
    def passed(self) -> bool:
        """True when every check passed (nothing failed, errored or was skipped)."""
        return bool(self.results) and all(r.status == "pass" for r in self.results)

    @property
    def failures(self) -> list[SmokeResult]:
        """The results that failed or errored."""
        return [r for r in self.results if r.status in {"fail", "error"}]

    @property
    def first_failure(self) -> SmokeResult | None:
        """The first failed or errored check, or ``None``."""
        failures = self.failures
        return failures[0] if failures else None

    @property
    def over_budget(self) -> bool:
        """True when the run took longer than the suite's budget."""
        return self.duration_ms > self.budget_s * 1000

    def status_of(self, name: str) -> str:
        """The status of the check called ``name``."""
        for result in self.results:
            if result.name == name:
                return result.status
        raise KeyError(f"no check called {name!r} in this run; checks: {[r.name for r in self.results]}")

    def statuses(self) -> dict[str, str]:
        """``{check name: status}`` in suite order."""
        return {r.name: r.status for r in self.results}

    def to_frame(self):
        """The results as a pandas DataFrame (one row per check)."""
        import pandas as pd

        columns = ["name", "category", "status", "duration_ms", "message"]
        return pd.DataFrame([[getattr(r, c) for c in columns] for r in self.results], columns=columns)

    def summary(self) -> str:
        """One line: verdict, counts and time."""
        if not self.results:
            return (f"smoke FAILED ❌ the suite has no checks, and a suite that checks nothing proves nothing: "
                    f"add SmokeCheck(...) to it (in {self.duration_ms:.0f} ms)")
        counts = {s: sum(r.status == s for r in self.results) for s in STATUSES}
        shown = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        verdict = "PASSED ✅" if self.passed else "FAILED ❌"
        budget = f" — over its {self.budget_s:g} s budget ⏰" if self.over_budget else ""
        return f"smoke {verdict} {shown} in {self.duration_ms:.0f} ms{budget}"

    def __repr__(self) -> str:
        lines = [f"SmokeRun {self.suite!r} against {self.target}", self.summary()]
        width = max((len(r.name) for r in self.results), default=4)
        for r in self.results:
            lines.append(f"  {r.icon} {r.name:<{width}}  {r.category:<7} {r.status:<7} "
                         f"{r.duration_ms:8.1f} ms  {r.message}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(r.icon, r.name, r.category, report.status_html(r.status), f"{r.duration_ms:.1f} ms", r.message)
                for r in self.results]
        table = report.table_html(["", "check", "category", "status", "time", "message"], rows,
                                  html_columns=["status"], numeric_columns=["time"])
        detail = f"suite {self.suite} · {self.target} · {'fail-fast' if self.fail_fast else 'run all'}"
        return f"<div>{report.verdict_html(report.status_of(self.passed), self.summary(), detail)}{table}</div>"


# --------------------------------------------------------------------------- the suite

@dataclass
class SmokeSuite:
    """Ordered smoke checks with fail-fast and a time budget."""

    name: str
    checks: list[SmokeCheck] = field(default_factory=list)
    fail_fast: bool = True
    budget_s: float = DEFAULT_BUDGET_S

    def __post_init__(self) -> None:
        if isinstance(self.checks, SmokeCheck):
            raise MeshLabError(f"suite {self.name!r}: checks must be a list of SmokeCheck, got one check "
                               "on its own; write checks=[SmokeCheck(...)]")
        if self.checks is None or isinstance(self.checks, (str, bytes, dict)) or \
                not isinstance(self.checks, Iterable):
            raise MeshLabError(f"suite {self.name!r}: checks must be a list of SmokeCheck, "
                               f"got {type(self.checks).__name__}")
        self.checks = list(self.checks)
        if not all(isinstance(c, SmokeCheck) for c in self.checks):
            raise MeshLabError(f"suite {self.name!r}: every check must be a SmokeCheck")
        names = [c.name for c in self.checks]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise MeshLabError(f"suite {self.name!r}: check names must be unique, repeated: {duplicates}")
        if not _positive_seconds(self.budget_s):
            raise MeshLabError(f"suite {self.name!r}: budget_s must be a positive number of seconds (and finite), "
                               f"got {self.budget_s!r}")

    @property
    def worst_case_s(self) -> float:
        """How long the suite could take if every check ran into its timeout."""
        return sum(c.timeout for c in self.checks)

    def run(self, target: Target | DemoService | str, fail_fast: bool | None = None,
            warn: bool = True) -> SmokeRun:
        """Run the checks in order against ``target`` and return the ``SmokeRun``.

        ``target`` may be a ``DemoService`` (a stopped one is booted by the boot check), a
        ``Target`` or a base URL. With ``fail_fast`` (default: the suite's), checks after the
        first failure are ``skipped``.
        """
        target = as_target(target)
        fail_fast = self.fail_fast if fail_fast is None else fail_fast
        results: list[SmokeResult] = []
        started = time.perf_counter()
        stopped_by: SmokeResult | None = None
        for check in self.checks:
            if stopped_by is not None:
                results.append(SmokeResult(check.name, check.category, "skipped", 0.0,
                                           f"skipped: {stopped_by.name!r} failed first (fail-fast)"))
                continue
            result = check.run(target)
            results.append(result)
            if fail_fast and result.status in {"fail", "error"}:
                stopped_by = result
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        run = SmokeRun(self.name, _describe(target), results, duration_ms, self.budget_s, fail_fast)
        if warn and run.over_budget:
            warnings.warn(SmokeBudgetWarning(
                f"smoke suite {self.name!r} took {duration_ms / 1000:.2f} s, over its budget of "
                f"{self.budget_s:g} s. A smoke suite that outgrows its budget is not smoke testing "
                f"anymore: move slow or edge-case checks to the regression suite."), stacklevel=2)
        return run

    def __repr__(self) -> str:
        lines = [f"SmokeSuite {self.name!r}: {len(self.checks)} checks, "
                 f"{'fail-fast' if self.fail_fast else 'run all'}, budget {self.budget_s:g} s"]
        lines += [f"  {i}. {c.name} [{c.category}, timeout {c.timeout:g} s] {c.description}"
                  for i, c in enumerate(self.checks, 1)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        items = "".join(f"<li><b>{html.escape(c.name)}</b> <code>{c.category}</code> "
                        f"(timeout {c.timeout:g} s) {html.escape(c.description)}</li>" for c in self.checks)
        return (f"<div style='font-family:sans-serif'>🔥 <b>SmokeSuite {html.escape(self.name)}</b> — "
                f"{'fail-fast' if self.fail_fast else 'run all'}, budget {self.budget_s:g} s"
                f"<ol>{items}</ol></div>")


def _describe(target: Target) -> str:
    if not isinstance(target, Target):
        return str(target)
    if target.service is not None:
        where = target.service.base_url if target.service.running else "not running"
        return f"DemoService {target.service.release!r} ({where})"
    return target.base_url


# --------------------------------------------------------------------------- the default suite

def check_app_boots(target: Target) -> str:
    """The app starts and answers /version."""
    if target.service is not None:
        try:
            target.service.start()
        except BootError as exc:
            raise SmokeFailure(f"the app did not start: {exc}") from None
    deadline = time.monotonic() + BOOT_WAIT_S
    while True:
        answer = target.get("/version")
        if answer.status == 200:
            info = answer.json()
            return f"up: release {info.get('release')!r}, version {info.get('version')}"
        if time.monotonic() >= deadline:
            raise SmokeFailure(f"not ready after {BOOT_WAIT_S:g} s: /version answered {answer.status} "
                               f"{answer.json().get('error', '')}".rstrip())
        time.sleep(0.05)


def check_health_green(target: Target) -> str:
    """/health answers 200 with status pass (or warn)."""
    answer = target.get("/health")
    body = answer.json()
    status = body.get("status")
    assert answer.status == 200, f"/health answered {answer.status}: {_why_unhealthy(body)}"
    content_type = answer.headers.get("Content-Type", "")
    assert content_type.startswith("application/health+json"), \
        f"/health should answer application/health+json, got {content_type!r}"
    assert status in {"pass", "warn"}, f"/health status is {status!r}, expected 'pass'"
    return f"status {status}"


def _why_unhealthy(body: object) -> str:
    """The cause an unhealthy IETF health answer gives: each failing entry of its ``checks``, named.

    ``{"checks": {"database:responseTime": [{"status": "fail", "output": "cannot open …"}]}}`` →
    ``database check failed (orders-db: cannot open …)``, so fail-fast names the real cause.
    """
    if not isinstance(body, dict):
        return "its body is not a health answer"
    checks = body.get("checks")
    causes = []
    for key, entries in (checks.items() if isinstance(checks, dict) else ()):
        for entry in entries if isinstance(entries, list) else [entries]:
            if isinstance(entry, dict) and entry.get("status") == "fail":
                component = str(key).split(":", 1)[0]
                where = ": ".join(str(part) for part in (entry.get("componentId"), entry.get("output")) if part)
                causes.append(f"{component} check failed" + (f" ({where})" if where else ""))
    if causes:
        return "; ".join(causes)
    output = body.get("output")
    return f"status {body.get('status')!r}" + (f", {output}" if output else "")


def check_database_reachable(target: Target) -> str:
    """The database check inside /health passes."""
    body = target.get("/health").json()
    datastores = [c for entries in body.get("checks", {}).values() for c in entries
                  if c.get("componentType") == "datastore"]
    assert datastores, "/health reports no database (datastore) check"
    db = datastores[0]
    assert db.get("status") in {"pass", "warn"}, \
        f"database check is {db.get('status')!r}: {db.get('output', 'no details')}"
    return f"database answered in {db.get('observedValue')} {db.get('observedUnit', '')}".rstrip()


def check_login_dashboard(target: Target) -> str:
    """The key user journey: log in, then open the dashboard."""
    login = target.post("/login", json=DEMO_USER)
    assert login.status == 200, f"login answered {login.status}: {login.json().get('error', '')}"
    token = login.json().get("token")
    assert token, "login answered 200 but gave no token"
    dashboard = target.get("/dashboard", headers={"Authorization": f"Bearer {token}"})
    assert dashboard.status == 200, \
        f"logged in, but the dashboard answered {dashboard.status}: {dashboard.json().get('error', '')}"
    board = dashboard.json()
    assert "orders" in board, f"the dashboard has no orders: {board}"
    return f"logged in as {board.get('user')!r}, dashboard shows {board['orders']} orders"


def default_checks() -> list[SmokeCheck]:
    """The four checks of the default suite, in fail-fast order (cheapest and most basic first)."""
    return [
        SmokeCheck("app boots", "boot", check_app_boots, timeout=BOOT_WAIT_S + 1.0,
                   description=f"The app starts, then gets {BOOT_WAIT_S:g} s to answer /version "
                               f"(the {BOOT_WAIT_S + 1.0:g} s timeout adds 1 s to start the process)."),
        SmokeCheck("health is green", "health", check_health_green, timeout=1.0),
        SmokeCheck("database reachable", "db", check_database_reachable, timeout=1.0),
        SmokeCheck("login → dashboard", "journey", check_login_dashboard, timeout=2.0),
    ]


def default_suite(fail_fast: bool = True, budget_s: float = DEFAULT_BUDGET_S) -> SmokeSuite:
    """The demo service's smoke suite: boot, /health green, database reachable, login → dashboard."""
    return SmokeSuite("demo service", default_checks(), fail_fast=fail_fast, budget_s=budget_s)


def smoke_release(release: str, seed: int = 0, *, suite: SmokeSuite | None = None,
                  fail_fast: bool | None = None, environment: str = "live") -> SmokeRun:
    """Deploy ``release`` on 127.0.0.1, run the suite (default: ``default_suite()``), stop it."""
    service = DemoService(release, seed=seed, environment=environment)
    try:
        return (suite or default_suite()).run(service, fail_fast=fail_fast)
    finally:
        service.stop()


def release_matrix(releases: Iterable[str] | None = None, seed: int = 0, *, fail_fast: bool = False):
    """Smoke every release and return a DataFrame: one row per release, one column per check."""
    import pandas as pd

    rows = {}
    for release in releases or RELEASES:
        rows[release] = smoke_release(release, seed=seed, fail_fast=fail_fast).statuses()
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "release"
    return frame


# --------------------------------------------------------------------------- pytest, as teams run it

SMOKE_TESTS_DIR = Path(__file__).resolve().parent / "smoke_tests"


CHECK_TIMEOUT_PLUGIN = "mesh_lab.smoke_tests.check_timeout"
"""The pytest plugin behind ``--check-timeout`` (a per-check timeout, like ``pytest-timeout``'s ``--timeout``)."""


def pytest_smoke_args(*, junit_xml: str | Path | None = None, check_timeout_s: float | None = None) -> list[str]:
    """The options that make ``pytest`` a smoke gate in CI.

    ``-m smoke`` (only the smoke tests), ``-x`` (the same as ``--maxfail=1``: stop at the first failure),
    with ``check_timeout_s`` a per-check timeout (``--check-timeout``), with ``junit_xml`` a JUnit XML
    report (``--junitxml``) that CI systems show test by test.
    """
    args = ["-m", "smoke", "-x"]
    if check_timeout_s is not None:
        if not _positive_seconds(check_timeout_s):
            raise MeshLabError(f"check_timeout_s must be a positive number of seconds, got {check_timeout_s!r}")
        args += ["-p", CHECK_TIMEOUT_PLUGIN, "--check-timeout", f"{check_timeout_s:g}"]
    if junit_xml is not None:
        args += ["--junitxml", str(junit_xml)]
    return args


def pytest_smoke_command(base_url: str | None = None, *, release: str | None = None,
                         extra_args: Sequence[str] = (), junit_xml: str | Path | None = None,
                         check_timeout_s: float | None = None) -> list[str]:
    """The command line that runs the packaged pytest smoke suite: ``pytest -m smoke -x``.

    ``junit_xml`` and ``check_timeout_s``: see :func:`pytest_smoke_args`.
    """
    smoke_args = pytest_smoke_args(junit_xml=junit_xml, check_timeout_s=check_timeout_s)
    command = [sys.executable, "-m", "pytest", str(SMOKE_TESTS_DIR), *smoke_args[:3], "-q",
               "-p", "no:cacheprovider", "--rootdir", str(SMOKE_TESTS_DIR), *smoke_args[3:]]
    if base_url:
        command += ["--base-url", base_url]
    if release:
        command += ["--release", release]
    return command + list(extra_args)


def run_pytest_smoke(base_url: str | None = None, *, release: str | None = None,
                     extra_args: Sequence[str] = (), timeout_s: float = 60.0, junit_xml: str | Path | None = None,
                     check_timeout_s: float | None = None) -> subprocess.CompletedProcess:
    """Run ``pytest -m smoke -x`` in a subprocess (as CI would) and return its output and exit code.

    Without ``base_url`` the tests start their own ``DemoService`` (``release``, default healthy).
    ``junit_xml`` writes a JUnit XML report there; ``check_timeout_s`` fails any check that runs longer.
    Third-party pytest plugins are not auto-loaded (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``): the
    smoke suite needs none, and it starts ten times faster without them.
    """
    command = pytest_smoke_command(base_url, release=release, extra_args=extra_args, junit_xml=junit_xml,
                                   check_timeout_s=check_timeout_s)
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False, env=env)


# --------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab smoke --release NAME [--all] [--run-all] [--seed N]``, or
    ``python -m mesh_lab smoke --product ID [--csv PATH] [--now TIME]`` for a data product's smoke tier."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m mesh_lab smoke",
                                     description="Deploy the demo service on 127.0.0.1 and smoke-test it.")
    parser.add_argument("--product", help="smoke a data product instead (python -m mesh_lab smoke --product ID)")
    parser.add_argument("--release", default="healthy", choices=list(RELEASES),
                        help="the release to deploy (default: healthy)")
    parser.add_argument("--all", action="store_true", help="smoke every release, one after the other")
    parser.add_argument("--run-all", action="store_true", help="run every check, even after a failure")
    parser.add_argument("--seed", type=int, default=0, help="seed of the flaky release (default 0)")
    parser.add_argument("--base-url", help="smoke a service that is already running on 127.0.0.1")
    args = parser.parse_args(argv)
    fail_fast = not args.run_all
    if args.base_url:
        jobs = [lambda: default_suite().run(args.base_url, fail_fast=fail_fast)]
    else:
        releases = list(RELEASES) if args.all else [args.release]
        jobs = [lambda r=r: smoke_release(r, seed=args.seed, fail_fast=fail_fast) for r in releases]
    runs = []
    for job in jobs:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SmokeBudgetWarning)
            try:
                runs.append(job())
            except MeshLabError as exc:
                print(f"mesh_lab smoke: {exc}", file=sys.stderr)
                return 2
        print(repr(runs[-1]))
        for warning in caught:
            print(f"⏰ {warning.message}")
        print()
    if len(runs) > 1:
        print("\n".join(f"{'✅' if r.passed else '❌'} {r.target}" for r in runs))
    return 0 if all(r.passed for r in runs) else 1
