"""Exercises of ``notebooks/smoke_testing/01_what_is_smoke_testing.ipynb``.

Bind them with ``from mesh_lab.exercises.smoke_01 import *``. The data the exercises talk about
(the toys, the candidate checks, the scenarios) is exported too, so the notebook can show it.

``q6`` is a :class:`SmokeCheckExercise`: the learner writes a real smoke check, and every case
deploys a real release of the demo service on 127.0.0.1 and runs the check against it, exactly as
:class:`mesh_lab.smoke.SmokeCheck` runs checks in a suite. A check still running at its timeout is
reported once (not once per release and per mistake) and its thread is stopped, so a
``while True: pass`` cannot keep slowing the learner's kernel.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Mapping
from typing import Any

from mesh_lab.learning import (
    FunctionExercise,
    Mistake,
    Option,
    OrderExercise,
    Quiz,
    ValueExercise,
    ____,
    names_used,
    string_constants,
)
from mesh_lab.learning.service_checks import SERVICE_PATHS, SmokeCheckExercise, check_outcome
from mesh_lab.service import DEMO_USER
from mesh_lab.toys import REEL_CHECKS, REELS, TOYS, press_power_button, preview_reel

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


def reels_posted_broken(checks: tuple[str, ...] = ("sound",)) -> list[str]:
    """The Reels that go live with a problem when the preview only looks at ``checks`` (q8, computed)."""
    return [name for name in REELS if preview_reel(name, checks).posted_broken]


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

def _only_health(f) -> bool:
    outcome = check_outcome(f, "broken_login")
    return outcome.status == "pass" and bool(outcome.paths) and set(outcome.paths) == {"/health"}


def _forgot_token(f) -> bool:
    outcome = check_outcome(f, "healthy")
    dashboard_calls = [h for _, path, h in outcome.requests if path == "/dashboard"]
    return outcome.status == "fail" and bool(dashboard_calls) and not any(
        "authorization" in {k.lower() for k in h} for h in dashboard_calls)


def _token_without_bearer(f) -> bool:
    outcome = check_outcome(f, "healthy")
    sent = [str(v) for _, path, h in outcome.requests if path == "/dashboard"
            for k, v in h.items() if k.lower() == "authorization"]
    return outcome.status == "fail" and bool(sent) and not any(v.startswith("Bearer ") for v in sent)


def _headers_not_a_dict(f) -> bool:
    outcome = check_outcome(f, "healthy")
    return any("(not a dict)" in h for _, _, h in outcome.requests)


def _get_instead_of_post(f) -> bool:
    outcome = check_outcome(f, "healthy")
    return outcome.status != "pass" and any(m == "GET" and p == "/login" for m, p, _ in outcome.requests)


def _unknown_path(f) -> bool:
    outcome = check_outcome(f, "healthy")
    return outcome.status != "pass" and any(p.split("?")[0] not in SERVICE_PATHS for p in outcome.paths)


def _wrong_test_account(f) -> bool:
    outcome = check_outcome(f, "healthy")
    logins = [body for (method, path, _), body in zip(outcome.requests, outcome.bodies, strict=True)
              if method == "POST" and path == "/login"]
    return outcome.status != "pass" and bool(logins) and all(body != DEMO_USER for body in logins)


def _status_as_text(f) -> bool:
    has_text_status = any(re.fullmatch(r"[1-5][0-9][0-9]", text) for text in string_constants(f))
    return has_text_status and check_outcome(f, "healthy").status == "fail"


def _never_opened_dashboard(f) -> bool:
    outcome = check_outcome(f, "missing_migration")
    return outcome.status == "pass" and "/login" in outcome.paths and "/dashboard" not in outcome.paths


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
    setup="from mesh_lab.toys import press_power_button",
    hints=[
        "Press the button on each toy in the toy box above, one by one.",
        'Or ask Python: press_power_button("dino"). Put the names of the toys that stay dark in a list.',
    ],
    mistakes=[
        Mistake(
            name="not_a_list", when=lambda a: isinstance(a, str),
            example='toys_to_fix = "race car, music box"',
            message='Make a list: square brackets, and each name in its own quotes, like ["robot", "dino"].',
        ),
        Mistake(
            name="name_not_in_toy_box", when=lambda a: any(not isinstance(t, str) or t not in TOYS for t in a),
            example='toys_to_fix = ["Race car", "Music box", "Spaceship"]',
            message="One name is not written like in the toy box. Copy each name just as it is, in small "
                    f"letters and with no emoji. The toys are: {', '.join(TOYS)}.",
        ),
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
            name="working_toy_listed", when=lambda a: any(press_power_button(t).turns_on for t in a),
            example='toys_to_fix = ["race car", "music box", "spaceship", "robot"]',
            message="One toy on your list does turn on: its light comes on when you press the button. "
                    "Only list the toys that stay dark.",
        ),
        Mistake(
            name="same_toy_twice", when=lambda a: len(list(a)) != len(set(a)),
            example='toys_to_fix = ["race car", "music box", "spaceship", "race car"]',
            message="You wrote one toy two times. Write each toy only once.",
        ),
        Mistake(
            name="empty_list", when=lambda a: len(a) == 0,
            example="toys_to_fix = []",
            message="Your list is empty, but some toys stay dark! Press each button, then write down the "
                    "toys that do not turn on.",
        ),
        Mistake(
            name="missed_one",
            when=lambda a: set(a) < set(toys_that_do_not_turn_on()) and len(toys_that_do_not_turn_on()) - len(set(a)) == 1,
            example='toys_to_fix = ["race car", "music box"]',
            message="Good start: those toys stay dark. One more toy does not turn on. Press every button.",
        ),
        Mistake(
            name="missed_two",
            when=lambda a: set(a) < set(toys_that_do_not_turn_on()) and len(toys_that_do_not_turn_on()) - len(set(a)) == 2,
            example='toys_to_fix = ["spaceship"]',
            message="Good start: that toy stays dark. Two more toys do not turn on. Press every button, "
                    "one by one.",
        ),
    ],
    correct_message="Yes! Three toys stay dark, so you stop and fix them first. That quick press is a "
                    "smoke test.",
)

q7 = ValueExercise(
    id="smoke_01.q7",
    level="kid",
    prompt="The dino turns on, but its roar button is stuck. Did the dino pass the smoke test? "
           "Write True or False.",
    var="dino_passed",
    expected=lambda: press_power_button("dino").turns_on,
    starter="dino_passed = ____",
    solution="dino_passed = True",
    setup="from mesh_lab.toys import press_power_button",
    hints=[
        "A smoke test asks one thing only: does it turn on?",
        'Press the dino’s button: press_power_button("dino"). Does the light come on? Then it passed.',
    ],
    mistakes=[
        Mistake(
            name="roar_counts", when=False,
            example="dino_passed = False",
            message="The dino’s light came on. That is all a smoke test asks. The stuck roar is a real "
                    "problem. A bigger test will find it later.",
        ),
        Mistake(
            name="answer_in_quotes", when=lambda a: isinstance(a, str),
            example='dino_passed = "yes"',
            message="Write True or False with no quotes. Start with a big T or a big F.",
        ),
        Mistake(
            name="answer_is_a_number", when=lambda a: isinstance(a, (int, float)) and not isinstance(a, bool),
            example="dino_passed = 1",
            message="Write the word True or the word False, not a number.",
        ),
        Mistake(
            name="not_true_or_false", when=lambda a: not isinstance(a, bool),
            example='dino_passed = press_power_button("dino")',
            message="Write just one word: True or False. No quotes and no brackets.",
        ),
    ],
    correct_message="Yes! The dino turns on, so it passed. The smoke test cannot see the stuck roar. "
                    "That is fine: it only asks if the toy works at all.",
)

_ALL_OK = {"sound": True, "video": True, "captions": True}
_NONE_OK = {"sound": False, "video": False, "captions": False}


def _raises(function: Callable, kind: type[BaseException]) -> bool:
    """True when ``function(preview)`` raises ``kind`` on a preview where everything works."""
    try:
        function(dict(_ALL_OK))
    except kind:
        return True
    return False


_TWO_OF_THREE = ({"sound": False, "video": True, "captions": True},
                 {"sound": True, "video": False, "captions": True},
                 {"sound": True, "video": True, "captions": False})
_TRUE_FALSE_WORDS = {"true", "false"}


def _random_preview(rng: random.Random) -> tuple[dict[str, bool]]:
    """q2's generated input: each of the three checks passed or failed at random, keys in any order."""
    names = ["sound", "video", "captions"]
    rng.shuffle(names)
    return ({name: rng.random() < 0.6 for name in names},)


def _no_smaller_preview(args: tuple) -> tuple:
    """q2's inputs cannot shrink: a preview always has its three checks (fewer keys is not a preview)."""
    return ()


def _error_on_a_good_preview(function: Callable) -> BaseException | None:
    """The exception ``function`` raises on a preview where everything works, or None."""
    try:
        function(dict(_ALL_OK))
    except Exception as exc:  # noqa: BLE001 (any error is what we look at)
        return exc
    return None


def _type_error_about(function: Callable, words: str) -> bool:
    """True when ``function`` raises a TypeError whose message holds ``words``."""
    error = _error_on_a_good_preview(function)
    return isinstance(error, TypeError) and words in str(error)


def _returns_the_checks(function: Callable) -> bool:
    """``return preview`` or ``return preview.values()``: the checks themselves, not a verdict."""
    answer = function(dict(_ALL_OK))
    return not isinstance(answer, (bool, str, int, float)) and answer is not None and hasattr(answer, "__len__")


def _first_check_only(function: Callable) -> bool:
    """A ``return`` inside the loop: the answer is whatever the first check of the dict says."""
    previews = [{"video": True, "sound": False, "captions": False}, {"captions": False, "sound": True, "video": True},
                {"sound": True, "captions": False, "video": False}, {"video": False, "sound": True, "captions": True}]
    return all(function(dict(p)) is next(iter(p.values())) for p in previews)


def _returns_text(function: Callable, words_for_bools: bool) -> bool:
    """True when ``function`` answers with text: "True"/"False" (``words_for_bools``) or other words."""
    answers = [function(dict(_ALL_OK)), function(dict(_NONE_OK))]
    if not any(isinstance(a, str) for a in answers):
        return False
    said_true_false = all(a.strip().lower() in _TRUE_FALSE_WORDS for a in answers if isinstance(a, str))
    return said_true_false == words_for_bools


def _returns_number(function: Callable) -> bool:
    """True when ``function`` answers 1/0 (a number) instead of True/False."""
    answers = [function(dict(_ALL_OK)), function(dict(_NONE_OK))]
    return any(isinstance(a, (int, float)) and not isinstance(a, bool) for a in answers)


def _all_of_the_keys(function: Callable) -> bool:
    """``all(preview)``: all() on a dict walks its keys (non-empty names, always true), not its values."""
    names = names_used(function)
    looks_at_values = bool({"values", "items", "get"} & names)
    return ("all" in names and not looks_at_values and function(dict(_NONE_OK)) is True
            and function({"": True, **_ALL_OK}) is False)


def _two_of_three_is_enough(function: Callable) -> bool:
    """Says “post” whenever two of the three checks pass (``sum(preview.values()) >= 2``)."""
    return all(function(dict(preview)) is True for preview in _TWO_OF_THREE)


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
    time_limit_s=2.0,
    generated=_random_preview,
    shrink=_no_smaller_preview,
    mistakes=[
        Mistake(
            name="keys_without_quotes", when=lambda f: _raises(f, NameError),
            example="def ready_to_post(preview):\n    return preview[sound] and preview[video] and preview[captions]\n",
            message='Put the names of the checks in quotes: preview["sound"]. Without quotes, Python looks '
                    "for a variable called sound, and there is none.",
        ),
        Mistake(
            name="wrong_key", when=lambda f: _raises(f, KeyError),
            example='def ready_to_post(preview):\n    return preview["Sound"] and preview["video"] and preview["captions"]\n',
            message='Your function asks the preview for a key it does not have. The keys are exactly "sound", '
                    '"video" and "captions", in small letters.',
        ),
        Mistake(
            name="dot_instead_of_brackets",
            when=lambda f: isinstance(_error_on_a_good_preview(f), AttributeError),
            example="def ready_to_post(preview):\n    return preview.sound and preview.video and preview.captions\n",
            message='A dict’s entries are read with square brackets and quotes: preview["sound"], not '
                    "preview.sound (a dot looks for an attribute, and a dict has no attribute called sound).",
        ),
        Mistake(
            name="values_without_parentheses",
            when=lambda f: _type_error_about(f, "'builtin_function_or_method' object is not iterable"),
            example="def ready_to_post(preview):\n    return all(preview.values)\n",
            message="preview.values without parentheses is the method itself, not the values. Call it: "
                    "preview.values().",
        ),
        Mistake(
            name="square_brackets_on_a_function",
            when=lambda f: _type_error_about(f, "'builtin_function_or_method' object is not subscriptable"),
            example="def ready_to_post(preview):\n    return all[preview.values()]\n",
            message="all is a function: call it with round brackets, all(preview.values()). Square brackets "
                    "read an entry, as in preview[\"sound\"].",
        ),
        Mistake(
            name="printed_instead_of_returned", when=lambda f: f(dict(_ALL_OK)) is None,
            example="def ready_to_post(preview):\n    print(all(preview.values()))\n",
            message="Your function shows its answer (or does nothing) but does not give it back, so it returns "
                    "None. Use return: return all(preview.values()) hands the answer to whoever asked.",
        ),
        Mistake(
            name="no_return_when_not_ready",
            when=lambda f: f(dict(_ALL_OK)) is True and f(dict(_NONE_OK)) is None,
            example="def ready_to_post(preview):\n    if all(preview.values()):\n        return True\n",
            message="When a check fails, your function reaches its end without a return, so it gives back "
                    "None. Add return False at the end, or return all(preview.values()) in one line.",
        ),
        Mistake(
            name="returned_the_checks", when=_returns_the_checks,
            example="def ready_to_post(preview):\n    return preview.values()\n",
            message="Your function gives back the checks themselves (the dict, or its values), not a verdict. "
                    "Turn them into one True or False: all(preview.values()) is True only when every check "
                    "passed.",
        ),
        Mistake(
            name="words_not_bool", when=lambda f: _returns_text(f, words_for_bools=False),
            example="def ready_to_post(preview):\n    return 'yes' if all(preview.values()) else 'no'\n",
            message='Your function answers with a word in quotes, like "yes" or "no". The deploy script '
                    "asks a yes-or-no question in Python, so it needs the value True or False (no quotes). "
                    "all(preview.values()) already gives you one: return it.",
        ),
        Mistake(
            name="text_not_bool", when=lambda f: _returns_text(f, words_for_bools=True),
            example='def ready_to_post(preview):\n    return "True" if all(preview.values()) else "False"\n',
            message='You return the text "True" or "False" (in quotes). Text is never the value False: '
                    '"False" in quotes counts as true in an if. Return True or False, without quotes: '
                    "all(...) already gives you one.",
        ),
        Mistake(
            name="number_not_bool", when=_returns_number,
            example="def ready_to_post(preview):\n    return 1 if all(preview.values()) else 0\n",
            message="You return a number (1 or 0). Return the value True or False instead: that is what "
                    "a yes-or-no question gives back in Python, and all(...) already gives you one.",
        ),
        Mistake(
            name="upside_down", when=lambda f: f(dict(_ALL_OK)) is False and f(dict(_NONE_OK)) is True,
            example="def ready_to_post(preview):\n    return not all(preview.values())\n",
            message="Your answer is upside down: it says “don’t post” when everything works, and “post” when "
                    "everything is broken. Drop the not.",
        ),
        Mistake(
            name="all_of_the_keys", when=_all_of_the_keys,
            example="def ready_to_post(preview):\n    return all(preview)\n",
            message="all(preview) walks the dict's keys (the names \"sound\", \"video\", \"captions\"), not "
                    "its values. A name that is not empty counts as true, so your function says “post” even "
                    "when nothing works. Ask all() about the values: all(preview.values()).",
        ),
        Mistake(
            name="always_post", when=lambda f: f(dict(_NONE_OK)) is True,
            example="def ready_to_post(preview):\n    return True\n",
            message="Your function says “post” even when nothing works: no sound, no video, no captions. "
                    "It must look at the preview: True only when all three checks are True.",
        ),
        Mistake(
            name="never_post", when=lambda f: f(dict(_ALL_OK)) is False,
            example="def ready_to_post(preview):\n    return False\n",
            message="Your function never says “post”, not even when everything works. A check that always "
                    "fails is as useless as one that always passes: return True when all three are True.",
        ),
        Mistake(
            name="first_check_only", when=_first_check_only,
            example="def ready_to_post(preview):\n    for passed in preview.values():\n        return passed\n",
            message="Your function answers after looking at the first check only: a return inside the loop "
                    "ends the function at once. Return False inside the loop when a check failed, and True "
                    "after the loop, or simply return all(preview.values()).",
        ),
        Mistake(
            name="any_instead_of_all",
            when=lambda f: f({"sound": True, "video": False, "captions": False}) is True,
            example="def ready_to_post(preview):\n    return any(preview.values())\n",
            message="One working check is not enough: your function says “post” when only the sound "
                    "works. Use all (every check passed), not any (at least one passed).",
        ),
        Mistake(
            name="two_of_three_is_enough", when=_two_of_three_is_enough,
            example="def ready_to_post(preview):\n    return sum(preview.values()) >= 2\n",
            message="Your function says “post” when 2 of the 3 checks pass. Passing 2 of 3 checks is not "
                    "passing: the check that failed still goes live, as a muted, frozen or wrongly captioned "
                    "Reel. Post only when every check passed.",
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

q8 = ValueExercise(
    id="smoke_01.q8",
    level="teen",
    prompt="You are in a hurry and only check the sound. Which Reels go live broken?",
    var="posted_broken",
    expected=lambda: reels_posted_broken(("sound",)),
    unordered=True,
    starter="posted_broken = ____",
    solution='posted_broken = ["skate", "vlog"]',
    setup="from mesh_lab.toys import preview_reel",
    hints=[
        f"Try each Reel with only the sound check: preview_reel(\"skate\", checks=[\"sound\"]). The Reels are "
        f"{', '.join(REELS)}.",
        "A Reel goes live broken when its problem is one you did not look for. A muted Reel is caught: "
        "you did check the sound.",
    ],
    mistakes=[
        Mistake(
            name="not_a_list", when=lambda a: isinstance(a, str),
            example='posted_broken = "skate, vlog"',
            message="That is one piece of text. Put each Reel’s name in its own quotes, inside a list: "
                    '["…", "…"].',
        ),
        Mistake(
            name="a_count_not_names", when=lambda a: isinstance(a, (int, float)),
            example="posted_broken = 3",
            message="Write the Reels’ names in a list, not how many there are: [\"…\", \"…\"].",
        ),
        Mistake(
            name="checks_not_reels", when=lambda a: bool(set(a)) and set(a) <= set(REEL_CHECKS),
            example='posted_broken = ["video", "captions"]',
            message="Those are the names of the checks. The question asks which Reels go live broken: "
                    f"write the Reels’ names ({', '.join(REELS)}).",
        ),
        Mistake(
            name="unknown_reel", when=lambda a: any(not isinstance(r, str) or r not in REELS for r in a),
            example='posted_broken = ["Skate", "Vlog"]',
            message=f"Use the Reels’ names as preview_reel knows them, in small letters and with no emoji: "
                    f"{', '.join(REELS)}.",
        ),
        Mistake(
            name="muted_reel_listed", when=lambda a: bool({"recipe", "pet"} & set(a)),
            example='posted_broken = ["recipe", "pet", "skate", "vlog"]',
            message="You checked the sound, so a muted Reel is caught: the recipe and the pet Reel get fixed "
                    "first and never go live. Only the problems you did not look for go live.",
        ),
        Mistake(
            name="fine_reel_listed", when=lambda a: "dance" in a,
            example='posted_broken = ["dance", "skate", "vlog"]',
            message="The dance Reel has no problem at all: it goes live fine. List only the Reels that go "
                    "live with a problem.",
        ),
        Mistake(
            name="empty_list", when=lambda a: len(a) == 0,
            example="posted_broken = []",
            message="Checking only the sound leaves two checks out, and some Reels have exactly those "
                    "problems. Preview each Reel with checks=[\"sound\"] and read what happens.",
        ),
        Mistake(
            name="same_reel_twice", when=lambda a: len(list(a)) != len(set(a)),
            example='posted_broken = ["skate", "vlog", "skate"]',
            message="You wrote one Reel two times. Write each Reel only once.",
        ),
        Mistake(
            name="missed_one",
            when=lambda a: set(a) < set(reels_posted_broken(("sound",))),
            example='posted_broken = ["skate"]',
            message="Good start: that Reel does go live broken. One more does too. Preview every Reel with "
                    "only the sound check.",
        ),
    ],
    correct_message="Right: the frozen skate video and the wrong vlog captions go live, because you never "
                    "looked. A smoke test only finds what it checks.",
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
            name="not_a_tier_name", when=lambda a: any(v not in TIER_NAMES for v in a.values()),
            example='tiers = {"a": "health", "b": "smoke", "c": "regression", "d": "health", "e": "smoke"}',
            message="Give every scenario one of the three labels of TIER_NAMES, spelt exactly: "
                    "'health check', 'smoke test' or 'regression suite' (small letters, with the space).",
        ),
        Mistake(
            name="probe_is_smoke",
            when=lambda a: any(a.get(key) in TIER_NAMES and a[key] != "health check" for key in ("a", "d")),
            example='tiers = {"a": "smoke test", "b": "smoke test", "c": "regression suite",\n'
                    '         "d": "health check", "e": "smoke test"}',
            message="A probe on one endpoint every few seconds, run by the load balancer or the "
                    "orchestrator for as long as the server lives, is a health check. It asks “is this "
                    "instance alive right now?”, not “does the new build work?”.",
        ),
        Mistake(
            name="long_suite_is_smoke", when=lambda a: a.get("c") in {"smoke test", "health check"},
            example='tiers = {"a": "health check", "b": "smoke test", "c": "smoke test",\n'
                    '         "d": "health check", "e": "smoke test"}',
            message="40 minutes and edge cases like emoji in names: if it takes more than a few minutes or "
                    "covers many edge cases, it’s not smoke testing anymore (and far more than a health "
                    "check). That is a regression suite.",
        ),
        Mistake(
            name="journey_is_health_check",
            when=lambda a: a.get("b") == "health check" or a.get("e") == "health check",
            example='tiers = {"a": "health check", "b": "health check", "c": "regression suite",\n'
                    '         "d": "health check", "e": "smoke test"}',
            message="Logging in and opening a page walks a user journey once, right after a change: that "
                    "is a smoke test. A health check never logs in; that’s why broken_login fools it.",
        ),
        Mistake(
            name="journey_check_is_regression",
            when=lambda a: a.get("b") == "regression suite" or a.get("e") == "regression suite",
            example='tiers = {"a": "health check", "b": "smoke test", "c": "regression suite",\n'
                    '         "d": "health check", "e": "regression suite"}',
            message="Scenarios b and e walk one login and one page, in seconds, right after a change: that "
                    "is a smoke test. A big migration is a reason to run the smoke test; a regression suite "
                    "would run every feature and edge case for tens of minutes.",
        ),
    ],
    correct_message="Right: health checks watch a live instance, smoke tests gate a change, regression "
                    "suites prove nothing old broke.",
)

def _runs_before_its_needs(order) -> bool:
    """True when a check comes before one of the checks it needs."""
    position = {name: i for i, name in enumerate(order)}
    return any(position[need] > position[name] for name in order for need in FAIL_FAST_CHECKS[name]["needs"])


q4 = OrderExercise(
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
            name="set_has_no_order", when=lambda a: isinstance(a, (set, frozenset)),
            example='smoke_order = {"boot", "health", "db", "login_dashboard"}',
            message="A set has no order: Python may give its items back in any order, so a suite could not "
                    "run them fail-fast. Use a list, in square brackets: [\"…\", \"…\", \"…\", \"…\"].",
        ),
        Mistake(
            name="not_a_list", when=lambda a: isinstance(a, str),
            example='smoke_order = "boot, health, db, login_dashboard"',
            message="That is one piece of text. Put each check’s name in its own quotes, inside a list: "
                    "[\"…\", \"…\", \"…\", \"…\"].",
        ),
        Mistake(
            name="unknown_check_name", when=lambda a: any(name not in FAIL_FAST_CHECKS for name in a),
            example='smoke_order = ["app boots", "health is green", "database reachable", "login → dashboard"]',
            message="Use the names of FAIL_FAST_CHECKS (the row names of the table), spelt exactly: "
                    f"{', '.join(repr(n) for n in sorted(FAIL_FAST_CHECKS))}.",
        ),
        Mistake(
            name="each_check_once", when=lambda a: sorted(a) != sorted(FAIL_FAST_CHECKS),
            example='smoke_order = ["boot", "boot", "health", "db"]',
            message="Each of the four checks goes in the list exactly once.",
        ),
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
            name="journey_before_its_needs", when=_runs_before_its_needs,
            example='smoke_order = ["boot", "login_dashboard", "health", "db"]',
            message="A check runs before a check it needs (look at 'needs': login_dashboard needs db). If the "
                    "database were down, the journey would fail with a confusing error before db could name "
                    "the real cause.",
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

def _covered(suite) -> set[str]:
    """The critical paths a chosen set of candidates covers (``boot``, ``health``, ``db``, …)."""
    return {SMOKE_CANDIDATES[name]["covers"] for name in suite}


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
            name="empty_suite", when=lambda a: not isinstance(a, str) and len(a) == 0,
            example="smoke_suite = {}",
            message="Your suite is empty. Name the checks that belong, inside the braces: {\"…\", \"…\"}. "
                    "(Careful: {} on its own is an empty dict; an empty set is set().)",
        ),
        Mistake(
            name="not_a_set", when=lambda a: isinstance(a, str),
            example='smoke_suite = "boot, health, db_connect, login_api"',
            message="That is one piece of text. Put each check’s name in its own quotes, inside braces: "
                    "{\"…\", \"…\"}.",
        ),
        Mistake(
            name="unknown_candidate", when=lambda a: any(name not in SMOKE_CANDIDATES for name in a),
            example='smoke_suite = {"boot", "health", "db", "login"}',
            message="Use the names of SMOKE_CANDIDATES (the row names of the table), spelt exactly, "
                    "underscores included: "
                    f"{', '.join(repr(n) for n in SMOKE_CANDIDATES)}.",
        ),
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
        Mistake(
            name="missing_boot", when=lambda a: "boot" not in _covered(a),
            example='smoke_suite = {"health", "db_connect", "login_api"}',
            message="Your suite has no boot check. If the new build does not even start, every other check "
                    "fails with “connection refused” and none of them says why. The boot check runs first "
                    "and names the cause in 2 s: the app did not start.",
        ),
        Mistake(
            name="missing_health", when=lambda a: "health" not in _covered(a),
            example='smoke_suite = {"boot", "db_connect", "login_api"}',
            message="Your suite has no health check. /health answers in 0.1 s and it is what the load "
                    "balancer trusts: when it is red, the instance gets no traffic at all. Add health.",
        ),
        Mistake(
            name="missing_db_check", when=lambda a: "db" not in _covered(a),
            example='smoke_suite = {"boot", "health", "login_api"}',
            message="Your suite has no database check. The typical smoke checks are boot, health, DB "
                    "connect and one key journey: db_connect runs one real query, so a database the app "
                    "cannot use is named in half a second, where the journey only says that login failed.",
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
            name="headers_not_a_dict", when=_headers_not_a_dict,
            example=(
                "def check_login_journey(target):\n"
                '    login = target.post("/login", json=DEMO_USER)\n'
                '    assert login.status == 200, f"login answered {login.status}"\n'
                '    token = login.json()["token"]\n'
                '    dashboard = target.get("/dashboard", headers=f"Bearer {token}")\n'
                '    assert dashboard.status == 200, f"dashboard answered {dashboard.status}"\n'
            ),
            message="headers= takes a dict: a header has a name and a value. Write "
                    'headers={"Authorization": f"Bearer {token}"}, not only the text "Bearer …".',
        ),
        Mistake(
            name="get_instead_of_post", when=_get_instead_of_post,
            example=(
                "def check_login_journey(target):\n"
                '    login = target.get("/login")\n'
                '    assert login.status == 200, f"login answered {login.status}"\n'
            ),
            message="Logging in sends the user and the password, so it is a POST: "
                    'target.post("/login", json=DEMO_USER). A GET on /login answers 405 (method not allowed).',
        ),
        Mistake(
            name="unknown_path", when=_unknown_path,
            example=(
                "def check_login_journey(target):\n"
                '    login = target.post("/login", json=DEMO_USER)\n'
                '    assert login.status == 200, f"login answered {login.status}"\n'
                '    token = login.json()["token"]\n'
                '    dashboard = target.get("/dashbaord", headers={"Authorization": f"Bearer {token}"})\n'
                '    assert dashboard.status == 200, f"dashboard answered {dashboard.status}"\n'
            ),
            message="Your check asks for a path the service does not have, so it answers 404 even on the "
                    f"healthy release. Check the spelling: the service answers {', '.join(SERVICE_PATHS)}.",
        ),
        Mistake(
            name="wrong_test_account", when=_wrong_test_account,
            example=(
                "def check_login_journey(target):\n"
                '    login = target.post("/login", json={"user": "ada", "password": "secret"})\n'
                '    assert login.status == 200, f"login answered {login.status}"\n'
                '    token = login.json()["token"]\n'
                '    dashboard = target.get("/dashboard", headers={"Authorization": f"Bearer {token}"})\n'
                '    assert dashboard.status == 200, f"dashboard answered {dashboard.status}"\n'
            ),
            message="Your login is refused even on the healthy release: those are not the test account’s "
                    "user and password. Send the test account itself: json=DEMO_USER.",
        ),
        Mistake(
            name="status_as_text", when=_status_as_text,
            example=(
                "def check_login_journey(target):\n"
                '    login = target.post("/login", json=DEMO_USER)\n'
                '    assert login.status == "200", f"login answered {login.status}"\n'
                '    token = login.json()["token"]\n'
                '    dashboard = target.get("/dashboard", headers={"Authorization": f"Bearer {token}"})\n'
                '    assert dashboard.status == 200, f"dashboard answered {dashboard.status}"\n'
            ),
            message='You compare the status with the text "200" (in quotes), so the check fails even when '
                    "the answer is 200. A status is a number: write login.status == 200, without quotes.",
        ),
        Mistake(
            name="token_without_bearer", when=_token_without_bearer,
            example=(
                "def check_login_journey(target):\n"
                '    login = target.post("/login", json=DEMO_USER)\n'
                '    assert login.status == 200, f"login answered {login.status}"\n'
                '    token = login.json()["token"]\n'
                '    dashboard = target.get("/dashboard", headers={"Authorization": token})\n'
                '    assert dashboard.status == 200, f"dashboard answered {dashboard.status}"\n'
            ),
            message="You send the token, but without the word Bearer in front, so the dashboard answers 401 "
                    'even on the healthy release. The header is {"Authorization": f"Bearer {token}"}.',
        ),
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
            name="never_opened_dashboard", when=_never_opened_dashboard,
            example=(
                "def check_login_journey(target):\n"
                '    login = target.post("/login", json=DEMO_USER)\n'
                '    assert login.status == 200, f"login answered {login.status}"\n'
            ),
            message="Your check stops after logging in. On missing_migration, login works and the dashboard "
                    "fails (its table is missing), so your check passes a broken release. The journey is "
                    "login → dashboard: open /dashboard with the token and assert that it answers 200.",
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

quiz5 = Quiz(
    id="smoke_01.quiz5",
    level="teen",
    question="Your team’s smoke suite keeps growing: now it also tries 200 odd passwords. What do you do?",
    options=[
        Option("a", "Keep them: more checks, more safety.",
               why="More checks make it slow and flaky. The smoke suite must stay small and fast."),
        Option("b", "Move them to the regression suite: odd passwords are edge cases, not smoke.", correct=True,
               why="Yes: if it covers many edge cases, it’s not smoke testing anymore."),
        Option("c", "Delete the smoke suite: the regression suite checks everything anyway.",
               why="The regression suite takes tens of minutes. The smoke suite stops a broken deploy in seconds."),
    ],
)

quiz6 = Quiz(
    id="smoke_01.quiz6",
    level="tech",
    question="Your Kubernetes liveness probe calls /health, and /health checks the database. The database "
             "is down for two minutes. What happens?",
    options=[
        Option("a", "Nothing: the pods wait until the database is back.",
               why="A failing liveness probe does not wait: Kubernetes restarts the container."),
        Option("b", "Every pod fails liveness and is restarted, again and again, though none of them is broken.",
               correct=True,
               why="Yes: a known anti-pattern. Liveness asks only “is this process stuck?”; dependency checks "
                   "belong in the readiness probe, which takes a pod out of rotation without restarting it."),
        Option("c", "Kubernetes restarts the database.",
               why="The probe belongs to your app’s pods: Kubernetes restarts them, never the database."),
    ],
)

__all__ = [
    "____",
    "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "quiz1", "quiz2", "quiz3", "quiz4", "quiz5", "quiz6",
    "TIER_NAMES", "TIER_SCENARIOS", "FAIL_FAST_CHECKS", "SMOKE_BUDGET_S", "SMOKE_CANDIDATES",
    "SMOKE_CRITICAL_PATHS", "check_outcome",
]
