"""Exercises of ``notebooks/smoke_testing/01_what_is_smoke_testing.ipynb``.

Bind them with ``from mesh_lab.exercises.smoke_01 import *``. The data the exercises talk about
(the toys, the candidate checks, the scenarios) is exported too, so the notebook can show it.

``q6`` is a :class:`SmokeCheckExercise`: the learner writes a real smoke check, and every case
deploys a real release of the demo service on 127.0.0.1 and runs the check against it, exactly as
:class:`mesh_lab.smoke.SmokeCheck` runs checks in a suite.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import types
from collections.abc import Callable, Mapping
from typing import Any

from mesh_lab.exercises.engine import (
    FunctionExercise,
    Mistake,
    Option,
    Quiz,
    Result,
    ValueExercise,
    ____,
)
from mesh_lab.service import DemoService
from mesh_lab.smoke import SmokeCheck, Target
from mesh_lab.widgets.smoke import TOYS, press_power_button

# --------------------------------------------------------------------------------------------------
# The data the exercises are about
# --------------------------------------------------------------------------------------------------

TIER_NAMES = ("health check", "smoke test", "regression suite")

TIER_SCENARIOS: dict[str, str] = {
    "a": "Every 10 seconds the load balancer calls GET /health on each server and stops sending "
         "traffic to any server that answers 503.",
    "b": "Right after a deploy, a script checks that the app boots, /health is green, the database "
         "answers and a test user can log in and open the dashboard. It takes 20 seconds; a failure "
         "rolls the deploy back.",
    "c": "Before each release, 1,800 tests cover every feature, every bug fixed last year and odd "
         "inputs such as emoji in user names. It takes 40 minutes.",
    "d": "Kubernetes calls /healthz every 5 seconds and restarts the container when it stops answering.",
    "e": "After a big database migration, CI starts the new build, logs in once and opens the orders "
         "page before any customer is let in.",
}
_TIER_OF_SCENARIO = {"a": "health check", "b": "smoke test", "c": "regression suite",
                     "d": "health check", "e": "smoke test"}

FAIL_FAST_CHECKS: dict[str, dict[str, Any]] = {
    "login_dashboard": {"seconds": 1.2, "needs": ["boot", "db"]},
    "db": {"seconds": 0.08, "needs": ["boot"]},
    "boot": {"seconds": 0.4, "needs": []},
    "health": {"seconds": 0.02, "needs": ["boot"]},
}
"""Four smoke checks: how long each takes and which checks must pass before it means anything."""

SMOKE_BUDGET_S = 60
"""The team’s budget for the whole smoke suite, in seconds."""

SMOKE_CRITICAL_PATHS = ("boot", "health", "db", "key journey")
"""What a smoke suite must cover (the seed’s typical checks)."""

SMOKE_CANDIDATES: dict[str, dict[str, Any]] = {
    "boot": {"seconds": 2.0, "covers": "boot", "what": "the app starts and answers /version"},
    "health": {"seconds": 0.1, "covers": "health", "what": "/health answers 200 with status pass"},
    "db_connect": {"seconds": 0.5, "covers": "db", "what": "one query reaches the database"},
    "login_api": {"seconds": 3.0, "covers": "key journey", "what": "log in and open the dashboard via the API"},
    "login_browser": {"seconds": 95.0, "covers": "key journey",
                      "what": "a real browser clicks through login and the dashboard"},
    "password_edge_cases": {"seconds": 150.0, "covers": "edge cases",
                            "what": "200 odd passwords: empty, emoji, 1 kB long, …"},
    "load_test": {"seconds": 600.0, "covers": "performance", "what": "1,000 users log in at once"},
    "full_regression": {"seconds": 2400.0, "covers": "every feature",
                        "what": "the whole regression suite, 1,800 tests"},
}
"""Checks a team could put in its smoke suite: seconds, what each covers, and how."""


def toys_that_do_not_turn_on() -> list[str]:
    """The names of the toys whose power button does nothing (the answer of q1, computed)."""
    return [name for name, toy in TOYS.items() if not press_power_button(toy).turns_on]


def fail_fast_order(checks: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Order checks for fail-fast: each after the checks it needs; among the ready ones, cheapest first."""
    done: list[str] = []
    waiting = dict(checks)
    while waiting:
        ready = [name for name, c in waiting.items() if all(n in done for n in c["needs"])]
        if not ready:
            raise ValueError(f"these checks need each other in a circle: {sorted(waiting)}")
        cheapest = min(ready, key=lambda name: (waiting[name]["seconds"], name))
        done.append(cheapest)
        del waiting[cheapest]
    return done


def best_smoke_suite(candidates: Mapping[str, Mapping[str, Any]], budget_s: float,
                     critical: tuple[str, ...] = SMOKE_CRITICAL_PATHS) -> set[str]:
    """The smallest-time set of candidates covering every critical path once, within the budget.

    Only critical-path checks are considered (edge cases and full suites are not smoke). Among the
    sets covering the most critical paths within ``budget_s``, the fastest wins.
    """
    smoke_kind = [name for name, c in candidates.items() if c["covers"] in critical]
    best: tuple[int, float, set[str]] = (-1, 0.0, set())
    for size in range(len(smoke_kind) + 1):
        for chosen in itertools.combinations(smoke_kind, size):
            seconds = sum(candidates[name]["seconds"] for name in chosen)
            covered = {candidates[name]["covers"] for name in chosen}
            if seconds > budget_s or len(covered) != len(chosen):
                continue
            if (len(covered), -seconds) > (best[0], -best[1]):
                best = (len(covered), seconds, set(chosen))
    return best[2]


# --------------------------------------------------------------------------------------------------
# A smoke check as an exercise: run the learner’s check against real releases
# --------------------------------------------------------------------------------------------------

class RecordingTarget(Target):
    """A :class:`mesh_lab.smoke.Target` that remembers every request: (method, path, headers)."""

    def __init__(self, base_url: str, requests: list | None = None, timeout_s: float = 2.0):
        super().__init__(base_url, timeout_s=timeout_s)
        self.requests = [] if requests is None else requests

    def with_timeout(self, timeout_s: float) -> RecordingTarget:
        """A copy with another timeout that records into the same list."""
        return RecordingTarget(self.base_url, self.requests, timeout_s)

    def request(self, method: str, path: str, *, json=None, headers: dict | None = None):
        """Record the request, then send it."""
        self.requests.append((method, path, dict(headers or {})))
        return super().request(method, path, json=json, headers=headers)


class CheckOutcome(types.SimpleNamespace):
    """What happened when a check ran against a release: ``status``, ``message``, ``requests``."""

    @property
    def paths(self) -> list[str]:
        """The paths the check asked for, in order."""
        return [path for _, path, _ in self.requests]

    def __repr__(self) -> str:
        lines = [f"{self.release}: your check → {self.status}" + (f" ({self.message})" if self.message else "")]
        for method, path, headers in self.requests:
            token = " with Authorization" if any(k.lower() == "authorization" for k in headers) else ""
            lines.append(f"  {method} {path}{token}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        color = {"pass": "#2e7d32", "fail": "#c62828"}.get(self.status, "#ef6c00")
        rows = "".join(f"<li><code>{html.escape(line.strip())}</code></li>" for line in repr(self).splitlines()[1:])
        return (f'<div style="border-left:6px solid {color};padding:4px 10px"><b>{html.escape(self.release)}</b>: '
                f"your check → <b>{html.escape(self.status)}</b> {html.escape(self.message)}<ul>{rows}</ul></div>")


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


def check_outcome(check: Callable, release: str, timeout_s: float = 3.0) -> CheckOutcome:
    """Deploy ``release``, run ``check(target)`` as a real ``SmokeCheck``, and report what happened."""
    check = getattr(check, "__wrapped__", check)
    with contextlib.ExitStack() as stack:
        service = _running_service(release, stack)
        target = RecordingTarget(service.base_url, timeout_s=timeout_s)
        result = SmokeCheck("your check", "journey", check, timeout=timeout_s).run(target)
        return CheckOutcome(release=release, status=result.status, message=result.message,
                            requests=target.requests)


def _uses_blank(function: Callable) -> bool:
    """True when the function’s code still refers to the ``____`` placeholder."""
    code = getattr(function, "__code__", None)
    stack = [code] if code is not None else []
    while stack:
        current = stack.pop()
        if "____" in current.co_names:
            return True
        stack.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    return False


_EXPECTED_WORDS = {"pass": "pass", "fail": "fail (raise AssertionError)"}


class SmokeCheckExercise(FunctionExercise):
    """The learner writes a smoke check ``func(target)``; each case is ``((release,), "pass" | "fail")``.

    Every case deploys that release of the demo service and runs the check as a ``SmokeCheck``;
    the check must pass against the healthy release and fail against the broken ones.
    """

    kind = "smoke_check"

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        function = namespace.get(self.func)
        if callable(function) and _uses_blank(function):
            return Result("not_attempted", f"`{self.func}` still has ____ in it: fill in every blank, "
                                           "run the cell, then check again.")
        with _service_pool():
            return super()._evaluate(namespace)

    def _run_case(self, function: Callable, args: tuple, expected: Any) -> Result | None:
        (release,) = args
        outcome = check_outcome(function, release)
        if outcome.status == expected:
            return None
        if outcome.status == "error":
            fallback = (f"Against {release!r} your check crashed instead of passing or failing: "
                        f"{outcome.message}")
        else:
            fallback = (f"Against {release!r} your check should {_EXPECTED_WORDS[expected]}, but it "
                        f"{'passed' if outcome.status == 'pass' else 'failed'}"
                        f"{': ' + outcome.message if outcome.message else ''}.")
        for mistake in self.mistakes:
            if mistake.matches(function, self._compare):
                return Result("incorrect", mistake.message, mistake=mistake.name)
        return Result("error" if outcome.status == "error" else "incorrect", fallback)


def _only_health(f) -> bool:
    outcome = check_outcome(f, "broken_login")
    return outcome.status == "pass" and bool(outcome.paths) and set(outcome.paths) == {"/health"}


def _forgot_token(f) -> bool:
    outcome = check_outcome(f, "healthy")
    dashboard_calls = [h for _, path, h in outcome.requests if path == "/dashboard"]
    return outcome.status == "fail" and bool(dashboard_calls) and not any(
        "authorization" in {k.lower() for k in h} for h in dashboard_calls)


def _never_asserted(f) -> bool:
    outcome = check_outcome(f, "broken_login")
    return outcome.status == "pass" and "/login" in outcome.paths


def _crashed_on_broken_login(f) -> bool:
    return check_outcome(f, "healthy").status == "pass" and check_outcome(f, "broken_login").status == "error"


# --------------------------------------------------------------------------------------------------
# The exercises
# --------------------------------------------------------------------------------------------------

q1 = ValueExercise(
    id="smoke_01.q1",
    level="kid",
    prompt="Press the power button of every toy. Which toys do NOT turn on?",
    var="toys_to_fix",
    expected=toys_that_do_not_turn_on,
    unordered=True,
    starter="toys_to_fix = ____",
    solution='toys_to_fix = ["race car", "music box", "spaceship"]',
    setup="from mesh_lab.widgets.smoke import press_power_button",
    hints=[
        "Press the button on each toy in the toy box above, one by one.",
        'Or ask Python: press_power_button("dino"). Put the names of the toys that stay dark in a list.',
    ],
    mistakes=[
        Mistake(
            name="all_toys", when=lambda a: set(a) == set(TOYS),
            example='toys_to_fix = ["robot", "race car", "music box", "dino", "spaceship"]',
            message="Not every toy is broken! Press each button once. Only list the toys that stay dark.",
        ),
        Mistake(
            name="dino_is_broken", when=lambda a: "dino" in a,
            example='toys_to_fix = ["race car", "music box", "spaceship", "dino"]',
            message="The dino does turn on: its light comes on. Its roar button is stuck, but one press "
                    "of the power button cannot show that. A smoke test only asks: does it turn on at all?",
        ),
        Mistake(
            name="missed_one", when=lambda a: len(set(a)) == 2 and set(a) < set(toys_that_do_not_turn_on()),
            example='toys_to_fix = ["race car", "music box"]',
            message="Good start: those two stay dark. One more toy does not turn on. Press every button.",
        ),
    ],
    correct_message="Yes! Three toys stay dark, so you stop and fix them first. That quick press is a "
                    "smoke test.",
)

q2 = FunctionExercise(
    id="smoke_01.q2",
    level="teen",
    prompt="Write ready_to_post(preview): True only when the sound, the video and the captions all work.",
    func="ready_to_post",
    cases=[
        (({"sound": True, "video": True, "captions": True},), True),
        (({"sound": False, "video": True, "captions": True},), False),
        (({"sound": True, "video": False, "captions": True},), False),
        (({"sound": True, "video": True, "captions": False},), False),
        (({"sound": False, "video": False, "captions": False},), False),
    ],
    starter='def ready_to_post(preview):\n    """True when every check of the preview passed."""\n    return ____\n',
    solution='def ready_to_post(preview):\n    """True when every check of the preview passed."""\n'
             '    return preview["sound"] and preview["video"] and preview["captions"]\n',
    hints=[
        "preview is a dict like {\"sound\": True, \"video\": False, \"captions\": True}.",
        "All three must be True. Python’s and, or the built-in all(...), does exactly that.",
    ],
    mistakes=[
        Mistake(
            name="any_instead_of_all",
            when=lambda f: f({"sound": True, "video": False, "captions": False}) is True,
            example="def ready_to_post(preview):\n    return any(preview.values())\n",
            message="One working check is not enough: your function says “post” when only the sound "
                    "works. Use all (every check passed), not any (at least one passed).",
        ),
        Mistake(
            name="forgot_captions",
            when=lambda f: f({"sound": True, "video": True, "captions": False}) is True,
            example='def ready_to_post(preview):\n    return preview["sound"] and preview["video"]\n',
            message="You skipped the captions. Wrong captions go live with the post, and your "
                    "followers notice first. Check all three.",
        ),
        Mistake(
            name="forgot_sound",
            when=lambda f: f({"sound": False, "video": True, "captions": True}) is True,
            example='def ready_to_post(preview):\n    return preview["video"] and preview["captions"]\n',
            message="You skipped the sound. A muted Reel looks fine in a preview you don’t listen to. "
                    "Check all three.",
        ),
    ],
    correct_message="That’s a smoke test: one quick look at the basics before you go live.",
)

q3 = ValueExercise(
    id="smoke_01.q3",
    level="tech",
    prompt="Label each scenario a–e: 'health check', 'smoke test' or 'regression suite'.",
    var="tiers",
    expected=lambda: dict(_TIER_OF_SCENARIO),
    starter='tiers = {"a": ____, "b": ____, "c": ____, "d": ____, "e": ____}',
    solution='tiers = {"a": "health check", "b": "smoke test", "c": "regression suite",\n'
             '         "d": "health check", "e": "smoke test"}',
    hints=[
        "Ask of each: how much does it cover, how long does it take, and when does it run?",
        "One endpoint, every few seconds, forever → health check. A few critical paths right after a "
        "build or deploy → smoke test. Everything, for many minutes → regression suite.",
    ],
    mistakes=[
        Mistake(
            name="probe_is_smoke", when=lambda a: a.get("a") == "smoke test" or a.get("d") == "smoke test",
            example='tiers = {"a": "smoke test", "b": "smoke test", "c": "regression suite",\n'
                    '         "d": "health check", "e": "smoke test"}',
            message="A probe on one endpoint every few seconds, run by the load balancer or the "
                    "orchestrator for as long as the server lives, is a health check. It asks “is this "
                    "instance alive right now?”, not “does the new build work?”.",
        ),
        Mistake(
            name="long_suite_is_smoke", when=lambda a: a.get("c") == "smoke test",
            example='tiers = {"a": "health check", "b": "smoke test", "c": "smoke test",\n'
                    '         "d": "health check", "e": "smoke test"}',
            message="40 minutes and edge cases like emoji in names: if it takes more than a few minutes or "
                    "covers many edge cases, it’s not smoke testing anymore. That is a regression suite.",
        ),
        Mistake(
            name="journey_is_health_check",
            when=lambda a: a.get("b") == "health check" or a.get("e") == "health check",
            example='tiers = {"a": "health check", "b": "health check", "c": "regression suite",\n'
                    '         "d": "health check", "e": "smoke test"}',
            message="Logging in and opening a page walks a user journey once, right after a change: that "
                    "is a smoke test. A health check never logs in; that’s why broken_login fools it.",
        ),
    ],
    correct_message="Right: health checks watch a live instance, smoke tests gate a change, regression "
                    "suites prove nothing old broke.",
)

q4 = ValueExercise(
    id="smoke_01.q4",
    level="tech",
    prompt="Put the four checks of FAIL_FAST_CHECKS in the order a fail-fast smoke suite should run them.",
    var="smoke_order",
    expected=lambda: fail_fast_order(FAIL_FAST_CHECKS),
    starter="smoke_order = [____, ____, ____, ____]",
    solution='smoke_order = ["boot", "health", "db", "login_dashboard"]',
    setup="from mesh_lab.exercises.smoke_01 import FAIL_FAST_CHECKS",
    hints=[
        "A check can only mean something once the checks it needs have passed (look at 'needs').",
        "Start with the check that needs nothing. Then, among the checks that are ready, the cheapest first.",
    ],
    mistakes=[
        Mistake(
            name="journey_first", when=lambda a: a[0] == "login_dashboard",
            example='smoke_order = ["login_dashboard", "boot", "health", "db"]',
            message="The journey is the most valuable check, but it is the slowest and needs everything "
                    "else. If the app did not boot, you would wait for its timeout and read a confusing "
                    "error, when a 0.4 s boot check says it straight away.",
        ),
        Mistake(
            name="boot_not_first", when=lambda a: a[0] != "boot",
            example='smoke_order = ["health", "boot", "db", "login_dashboard"]',
            message="Nothing works if the app does not boot: every other check would fail with “connection "
                    "refused” and hide the real cause. Boot goes first.",
        ),
        Mistake(
            name="slow_before_fast", when=lambda a: list(a).index("db") < list(a).index("health"),
            example='smoke_order = ["boot", "db", "health", "login_dashboard"]',
            message="health and db both need only boot. Run the cheaper one (health, 0.02 s) first: fail "
                    "fast means the cheapest check that can fail runs first.",
        ),
    ],
    correct_message="Dependencies first, then cheapest first: a broken release fails in the first second.",
)

q5 = ValueExercise(
    id="smoke_01.q5",
    level="tech",
    prompt="Pick the checks of SMOKE_CANDIDATES that belong in a smoke suite with a 60 s budget.",
    var="smoke_suite",
    expected=lambda: best_smoke_suite(SMOKE_CANDIDATES, SMOKE_BUDGET_S),
    unordered=True,
    starter="smoke_suite = {____}",
    solution='smoke_suite = {"boot", "health", "db_connect", "login_api"}',
    setup="from mesh_lab.exercises.smoke_01 import SMOKE_CANDIDATES, SMOKE_BUDGET_S",
    hints=[
        "A smoke suite covers the critical paths: boot, health, database, one key user journey.",
        "Cover each critical path once, with the fastest check that does it, and stay under SMOKE_BUDGET_S.",
    ],
    mistakes=[
        Mistake(
            name="added_full_regression", when=lambda a: "full_regression" in a,
            example='smoke_suite = {"boot", "health", "db_connect", "login_api", "full_regression"}',
            message="The full regression suite takes 40 minutes. Adding it “to be safe” turns the smoke "
                    "suite into the regression suite: slow, and it no longer fails fast. Run it elsewhere "
                    "(nightly, before a release).",
        ),
        Mistake(
            name="added_load_test", when=lambda a: "load_test" in a,
            example='smoke_suite = {"boot", "health", "db_connect", "login_api", "load_test"}',
            message="A load test asks “is it fast under pressure?”, not “does it basically work?”. "
                    "It takes 10 minutes: it belongs in a performance stage, not in the smoke suite.",
        ),
        Mistake(
            name="added_edge_cases", when=lambda a: "password_edge_cases" in a,
            example='smoke_suite = {"boot", "health", "db_connect", "login_api", "password_edge_cases"}',
            message="200 odd passwords are edge cases. If it covers many edge cases, it’s not smoke "
                    "testing anymore: move them to the regression suite.",
        ),
        Mistake(
            name="browser_journey", when=lambda a: "login_browser" in a,
            example='smoke_suite = {"boot", "health", "db_connect", "login_browser"}',
            message="The browser test covers the same journey as login_api but takes 95 s: over the 60 s "
                    "budget, and browser tests are the first to turn flaky. Keep the smoke suite minimal "
                    "and stable: login_api covers the journey in 3 s.",
        ),
        Mistake(
            name="no_journey", when=lambda a: "login_api" not in a and "login_browser" not in a,
            example='smoke_suite = {"boot", "health", "db_connect"}',
            message="Without a key user journey, broken_login sails through: /health is green while "
                    "nobody can log in. A smoke suite walks one core journey.",
        ),
    ],
    correct_message="Minimal, fast, critical-path only: boot, health, database, one journey in about 6 s.",
)

q6 = SmokeCheckExercise(
    id="smoke_01.q6",
    level="tech",
    prompt="Write check_login_journey(target): a smoke check that passes on healthy and fails on broken_login.",
    func="check_login_journey",
    cases=[(("healthy",), "pass"), (("broken_login",), "fail"), (("missing_migration",), "fail"),
           (("db_unreachable",), "fail")],
    starter=(
        "def check_login_journey(target):\n"
        '    """Fail unless the demo user can log in and then open the dashboard."""\n'
        '    login = target.post("/login", json=____)\n'
        '    assert login.status == ____, f"login answered {login.status}"\n'
        '    token = login.json()["token"]\n'
        '    dashboard = target.get("/dashboard", headers=____)\n'
        '    assert dashboard.status == 200, f"dashboard answered {dashboard.status}"\n'
    ),
    solution=(
        "def check_login_journey(target):\n"
        '    """Fail unless the demo user can log in and then open the dashboard."""\n'
        '    login = target.post("/login", json=DEMO_USER)\n'
        '    assert login.status == 200, f"login answered {login.status}"\n'
        '    token = login.json()["token"]\n'
        '    dashboard = target.get("/dashboard", headers={"Authorization": f"Bearer {token}"})\n'
        '    assert dashboard.status == 200, f"dashboard answered {dashboard.status}"\n'
    ),
    setup="from mesh_lab.service import DEMO_USER",
    hints=[
        "Log in with the test account DEMO_USER; the answer’s JSON holds a token.",
        'Send the token to the dashboard in the header {"Authorization": f"Bearer {token}"}, and assert '
        "that both answers are 200.",
    ],
    mistakes=[
        Mistake(
            name="only_checked_health", when=_only_health,
            example='def check_login_journey(target):\n    assert target.get("/health").status == 200\n',
            message="You only checked /health. On broken_login, /health is green because the process runs "
                    "and the database answers, yet nobody can log in. A smoke test walks the journey itself.",
        ),
        Mistake(
            name="forgot_the_token", when=_forgot_token,
            example=(
                "def check_login_journey(target):\n"
                '    login = target.post("/login", json=DEMO_USER)\n'
                '    assert login.status == 200, f"login answered {login.status}"\n'
                '    dashboard = target.get("/dashboard")\n'
                '    assert dashboard.status == 200, f"dashboard answered {dashboard.status}"\n'
            ),
            message="Your check fails even on the healthy release: the dashboard answers 401 because the "
                    "request carries no token. Send headers={\"Authorization\": f\"Bearer {token}\"}. A "
                    "smoke check that fails on a good release is noise, and noise gets ignored.",
        ),
        Mistake(
            name="never_asserted", when=_never_asserted,
            example=(
                "def check_login_journey(target):\n"
                '    login = target.post("/login", json=DEMO_USER)\n'
                '    token = login.json().get("token")\n'
                '    target.get("/dashboard", headers={"Authorization": f"Bearer {token}"})\n'
            ),
            message="Your check calls login and the dashboard but never asserts anything, so it passes on "
                    "broken_login too. A check fails only when you assert: assert login.status == 200.",
        ),
        Mistake(
            name="crashed_instead_of_failing", when=_crashed_on_broken_login,
            example=(
                "def check_login_journey(target):\n"
                '    token = target.post("/login", json=DEMO_USER).json()["token"]\n'
                '    dashboard = target.get("/dashboard", headers={"Authorization": f"Bearer {token}"})\n'
                '    assert dashboard.status == 200, f"dashboard answered {dashboard.status}"\n'
            ),
            message="On broken_login your check crashed (there is no token in a 401 answer) instead of "
                    "failing with a clear message. The smoke report then says “error in the check”, not "
                    "“login is broken”. Assert login.status == 200 before you read the token.",
        ),
    ],
    correct_message="Your check catches broken_login, where /health stays green: that’s why a smoke suite "
                    "walks one core journey.",
)

quiz1 = Quiz(
    id="smoke_01.quiz1",
    level="kid",
    question="You press the button and the toy does not turn on. What do you do?",
    options=[
        Option("a", "Play with it anyway.", why="It does not even turn on, so there is nothing to play with yet."),
        Option("b", "Stop and fix it first.", correct=True,
               why="Yes! If it does not start, you stop and fix it first. That’s a smoke test."),
        Option("c", "Test every other button on it first.",
               why="Why test the other buttons? Nothing works until it turns on. Fix that first."),
    ],
)

quiz2 = Quiz(
    id="smoke_01.quiz2",
    level="teen",
    question="Your preview looks fine: sound, video and captions all work. What does that tell you?",
    options=[
        Option("a", "The Reel will go viral.",
               why="A preview can’t tell you that. It only checks that the basics work."),
        Option("b", "It basically works, so it’s safe to post. It doesn’t say people will love it.",
               correct=True,
               why="Right: a smoke test is a fast sanity check, not a guarantee of quality."),
        Option("c", "Nothing. Previews are a waste of time.",
               why="A 30-second preview catches a muted or frozen Reel before your followers do."),
    ],
)

quiz3 = Quiz(
    id="smoke_01.quiz3",
    level="tech",
    question="After deploying broken_login, /health is green. What does that prove?",
    options=[
        Option("a", "The release works; promote it.",
               why="broken_login has a green /health and nobody can log in. Health is not a user journey."),
        Option("b", "The process is up and reaches its database; nothing about whether users can log in.",
               correct=True,
               why="Exactly. A health check watches an instance; only the login → dashboard check catches it."),
        Option("c", "Login works, because /health checks the database that login uses.",
               why="The database is fine; the password check changed. /health never tries to log in."),
    ],
)

quiz4 = Quiz(
    id="smoke_01.quiz4",
    level="tech",
    question="Your smoke suite has grown to 400 tests and takes 25 minutes. What is it now?",
    options=[
        Option("a", "A very thorough smoke suite: more checks catch more bugs.",
               why="More checks make it slow and flaky. Smoke is about failing fast, not catching everything."),
        Option("b", "A regression suite in disguise: trim it back to the critical path.", correct=True,
               why="Rule of thumb: more than a few minutes or many edge cases, and it’s not smoke anymore."),
        Option("c", "A health check.",
               why="A health check is one endpoint answered in milliseconds, probed all the time."),
    ],
)

__all__ = [
    "____",
    "q1", "q2", "q3", "q4", "q5", "q6", "quiz1", "quiz2", "quiz3", "quiz4",
    "TIER_NAMES", "TIER_SCENARIOS", "FAIL_FAST_CHECKS", "SMOKE_BUDGET_S", "SMOKE_CANDIDATES",
    "SMOKE_CRITICAL_PATHS", "check_outcome",
]
