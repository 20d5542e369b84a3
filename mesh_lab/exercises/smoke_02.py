"""Exercises of ``notebooks/smoke_testing/02_smoke_tests_in_ci_cd.ipynb``.

Bind them with ``from mesh_lab.exercises.smoke_02 import *``. The data the exercises talk about (the
moments to check a toy, the Reel edits, the friend's “quick check”, the probe questions, the flakiness
scenario, the creeping suite) is exported too, so the notebook can show it.

``q5`` is graded by running the flakiness simulation on the learner's policy with fixed seeds: any
policy that meets the goal is right, and a wrong one is told what it did (false alarms a week, faults
that escaped) in numbers from that run.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
from collections.abc import Mapping
from typing import Any

import pandas as pd

from mesh_lab.creep import CREEP_BUDGET_S, CREEP_CHECKS, CreepCheck, split_suite
from mesh_lab.flakiness import FlakinessError, compare_policies, parse_policy, simulate_flakiness
from mesh_lab.learning import Mistake, Option, Quiz, Result, ValueExercise, ____, is_blank
from mesh_lab.learning.answers import short_repr
from mesh_lab.toys import TOYS, Toy

# --------------------------------------------------------------------------------------------------
# 👶 the toy after new batteries and after a repair
# --------------------------------------------------------------------------------------------------


def with_new_batteries(name: str) -> Toy:
    """The toy ``name`` with fresh batteries in it."""
    return dataclasses.replace(TOYS[name], battery="full")


def after_repair(name: str, *, forgot_the_battery: bool = False) -> Toy:
    """The toy ``name`` after a grown-up fixed its wires (and maybe forgot to put the battery back)."""
    return dataclasses.replace(TOYS[name], wires_ok=True, battery="missing" if forgot_the_battery else TOYS[name].battery)


TOY_MOMENTS: dict[str, str] = {
    "a": "You put new batteries in the race car.",
    "b": "Grandpa fixed the loose wire in the spaceship.",
    "c": "You gave the robot a new name: Bolt.",
    "d": "You played with the dino for five minutes.",
    "e": "Mom put a new lid on the music box's battery box.",
}
_CHECK_AGAIN = {"a", "b", "e"}  # something inside the toy changed

# --------------------------------------------------------------------------------------------------
# 🧑‍🎓 the Reel after every edit, and the friend's “quick check”
# --------------------------------------------------------------------------------------------------

REEL_EDITS: dict[str, str] = {
    "a": "You cut the last two seconds.",
    "b": "You swapped the song.",
    "c": "You fixed a typo in one caption.",
    "d": "You renamed the draft in your drafts folder.",
    "e": "You replied to a comment on last week's post.",
    "f": "You added a colour filter.",
}
_PREVIEW_AGAIN = {"a", "b", "c", "f"}  # the Reel itself changed

QUICK_CHECK_BUDGET_S = 60
"""How long a quick check before posting may take, in seconds."""

FRIEND_CHECKS: dict[str, dict[str, Any]] = {
    "first_5_seconds": {"seconds": 5, "covers": "sound and video", "basic": True},
    "read_captions": {"seconds": 15, "covers": "captions", "basic": True},
    "whole_film": {"seconds": 600, "covers": "every scene", "basic": False},
    "every_font": {"seconds": 90, "covers": "the font of every caption", "basic": False},
    "last_week": {"seconds": 120, "covers": "is it better than last week's?", "basic": False},
    "ask_three_friends": {"seconds": 900, "covers": "will people like it?", "basic": False},
}
"""Your friend's “quick check”, as it grew Reel after Reel: seconds, and what each step looks at."""

_FRIEND_ADDED_ON_REEL = {"first_5_seconds": 1, "read_captions": 1, "every_font": 2, "last_week": 3,
                        "whole_film": 4, "ask_three_friends": 5}
FRIEND_GROWTH: tuple[CreepCheck, ...] = tuple(
    CreepCheck(name, check["seconds"], _FRIEND_ADDED_ON_REEL[name], check["basic"], check["covers"])
    for name, check in FRIEND_CHECKS.items())
"""The friend's check as a creeping suite: the two quick steps from the first Reel, one more each Reel after."""


def quick_check(checks: Mapping[str, Mapping[str, Any]], budget_s: float) -> set[str]:
    """The steps that keep a quick check quick: the basic ones, if they fit the budget together."""
    basic = {name for name, check in checks.items() if check["basic"]}
    if sum(checks[name]["seconds"] for name in basic) > budget_s:
        raise ValueError("the basic steps alone are over the budget")
    return basic


# --------------------------------------------------------------------------------------------------
# 👨‍💻 probes, flakiness, creep
# --------------------------------------------------------------------------------------------------

PROBE_LABELS = ("started", "ready", "live", "smoke test")

PROBE_QUESTIONS: dict[str, str] = {
    "process": "The process answers HTTP at all (it is not stuck).",
    "database": "The database answers a query.",
    "migration": "The start-up migrations have finished.",
    "journey": "A user can log in and open the dashboard.",
}
_PROBE_ANSWERS = {"process": "live", "database": "ready", "migration": "started", "journey": "smoke test"}

FLAKE_SCENARIO: Mapping[str, Any] = types.MappingProxyType(
    {"weeks": 12, "runs_per_week": 40, "fault_rate": 0.02, "intermittent_share": 0.0})
"""q5's scenario: the default suite (its UI check flakes 3 % of runs), 40 runs a week, solid faults.

Read-only: a learner who plays with it in the notebook must not change how q5 is graded (with
``fault_rate`` 0, quarantine would pass). Copy it to play: ``dict(FLAKE_SCENARIO, fault_rate=0.05)``."""
FLAKE_SEEDS = (0, 1, 2)
ALARMS_PER_WEEK_LIMIT = 1.0


def policy_outcomes(policy: str, seeds=FLAKE_SEEDS, **scenario: Any) -> list[dict[str, float]]:
    """Per seed: false alarms per week and real faults escaped, for ``policy`` in q5's scenario."""
    settings = {**FLAKE_SCENARIO, **scenario}
    outcomes = []
    for seed in seeds:
        weeks = simulate_flakiness(_policy_text(policy), seed=seed, **settings)
        outcomes.append({"seed": seed, "alarms": round(float(weeks["false_alarms"].mean()), 2),
                         "escaped": int(weeks["faults_escaped"].sum()), "caught": int(weeks["faults_caught"].sum())})
    return outcomes


def compare_over_seeds(policies=("no-rerun", "rerun-1", "rerun-2", "quarantine"), seeds=FLAKE_SEEDS,
                       **scenario: Any) -> pd.DataFrame:
    """``compare_policies`` on q5's scenario for each of ``seeds``: alarms averaged, faults summed."""
    settings = {**FLAKE_SCENARIO, **scenario}
    runs = pd.concat([compare_policies(policies, seed=seed, **settings) for seed in seeds])
    table = runs.groupby("policy", sort=False).agg({"false alarms / week": "mean", "faults caught": "sum",
                                                   "faults escaped": "sum", "minutes / week": "mean",
                                                   "max quarantined": "max"})
    return table.round(2).reset_index()


@functools.lru_cache(maxsize=16)
def _graded_outcomes(policy_text: str) -> tuple[dict[str, float], ...]:
    """``policy_outcomes`` in q5's own scenario and seeds, computed once per policy (a check runs it often)."""
    return tuple(policy_outcomes(policy_text))


def meets_the_goal(policy: str) -> bool:
    """Under one false alarm a week and no real fault escaped, for every seed of q5."""
    return all(o["alarms"] < ALARMS_PER_WEEK_LIMIT and o["escaped"] == 0
               for o in _graded_outcomes(_policy_text(policy)))


def _policy_text(answer: Any) -> str:
    """A policy as the lab spells it: ``" Rerun-1 "`` → ``"rerun-1"``."""
    return str(answer).strip().lower()


def _is_policy(answer: Any) -> bool:
    if not isinstance(answer, str):
        return False
    try:
        parse_policy(_policy_text(answer))
    except FlakinessError:
        return False
    return True


def _worst(policy: str, key: str) -> float:
    return max(o[key] for o in _graded_outcomes(_policy_text(policy)))


def _rerun_count(answer: Any) -> int | None:
    """N of a policy spelt ``rerun-N`` (any N, even one the lab refuses), else None."""
    found = re.fullmatch(r"rerun-(\d+)", _policy_text(answer)) if isinstance(answer, str) else None
    return int(found.group(1)) if found else None


def _too_many_alarms(answer: Any) -> bool:
    return _is_policy(answer) and _worst(answer, "alarms") >= ALARMS_PER_WEEK_LIMIT


def _let_a_fault_through(answer: Any) -> bool:
    return _is_policy(answer) and _worst(answer, "escaped") > 0


class PolicyExercise(ValueExercise):
    """A flakiness policy, graded by running ``simulate_flakiness`` on it with fixed seeds.

    Every policy that meets the goal is correct (there is more than one); a policy that misses it is
    told what happened in that run.
    """

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        answer = namespace.get(self.var, ____)
        if is_blank(answer):
            return super()._evaluate(namespace)
        if _is_policy(answer) and meets_the_goal(answer):
            return Result("correct", self._praise(answer))
        result = self._incorrect(answer, self._compare, self._what_happened(answer))
        if result.mistake is not None:  # what the learner wrote, and the run's own numbers
            result.detail = self._what_happened(answer)
        return result

    def _praise(self, answer: str) -> str:
        """The correct message, for the policy the learner chose: more reruns meet the goal too, at a price."""
        reruns = _rerun_count(answer)
        if reruns is None or reruns == 1:
            return self.correct_message
        return (f"{_policy_text(answer)!r} meets the goal: here every real fault is solid and fails all "
                f"{reruns + 1} attempts. But each extra rerun costs minutes on every red run, and hides more "
                "intermittent real faults (a race, a timeout under load): they pass on a retry just like a "
                "flake. One rerun already meets the goal; see “What a rerun hides” below.")

    @staticmethod
    def _what_happened(answer: Any) -> str:
        if not _is_policy(answer):
            return f"{short_repr(answer)} is not a policy the lab knows."
        outcomes = _graded_outcomes(_policy_text(answer))
        return (f"What {_policy_text(answer)!r} did: " + "; ".join(
            f"seed {o['seed']}: {o['alarms']:g} false alarms a week, {o['escaped']} real fault(s) escaped"
            for o in outcomes) + ".")


# --------------------------------------------------------------------------------------------------
# The exercises
# --------------------------------------------------------------------------------------------------

def _as_letters(answer: Any) -> set[str]:
    return {str(item).strip().lower() for item in answer}


def _not_a_collection(answer: Any) -> bool:
    """Not a list, tuple or set: a text, a number, a dict, None …"""
    return not isinstance(answer, (list, tuple, set, frozenset))


def _spaces_inside_quotes(answer: Any) -> bool:
    return any(isinstance(item, str) and item != item.strip() for item in answer)


def _letters_in_one_text(answer: Any) -> bool:
    """``["a, b, e"]`` or ``["abe"]``: several letters inside one pair of quotes."""
    return any(isinstance(item, str) and len(item.strip()) > 1 and re.fullmatch(r"[a-fA-F ,;]+", item.strip())
               for item in answer)


def _repeated_item(answer: Any) -> bool:
    return isinstance(answer, (list, tuple)) and len(answer) != len({str(item) for item in answer})


q1 = ValueExercise(
    id="smoke_02.q1",
    level="kid",
    prompt="After which of these do you press the power button again? Write their letters.",
    var="check_again",
    expected=lambda: set(_CHECK_AGAIN),
    unordered=True,
    starter="check_again = ____",
    solution='check_again = ["a", "b", "e"]',
    hints=[
        "Ask: did something inside the toy change? Then press the button again.",
        "New batteries, a fixed wire and a new lid all change the toy. A name does not.",
    ],
    mistakes=[
        Mistake(
            name="not_a_list", when=_not_a_collection,
            example='check_again = "a, b, e"',
            message='Make a list: square brackets, and each letter in its own quotes, like ["a", "c"].',
        ),
        Mistake(
            name="capital_letters", when=lambda a: not isinstance(a, str) and any(str(x) != str(x).lower() for x in a),
            example='check_again = ["A", "B", "E"]',
            message='Write the letters small, like "a", not "A".',
        ),
        Mistake(
            name="empty", when=lambda a: not isinstance(a, str) and len(a) == 0,
            example='check_again = []',
            message='Your list is empty. Some of these change the toy! Write their letters.',
        ),
        Mistake(
            name="spaces_in_quotes", when=_spaces_inside_quotes,
            example='check_again = [" a", "b", "e"]',
            message='Take the spaces out of the quotes: write "a", not " a" or "a ".',
        ),
        Mistake(
            name="letters_in_one_text", when=_letters_in_one_text,
            example='check_again = ["a, b, e"]',
            message='Each letter needs its own quotes: ["a", "b"], not ["a, b"].',
        ),
        Mistake(
            name="not_a_letter", when=lambda a: not _as_letters(a) <= set(TOY_MOMENTS),
            example='check_again = ["batteries", "wire"]',
            message=f"Use the letters of the list: {', '.join(TOY_MOMENTS)}.",
        ),
        Mistake(
            name="new_name", when=lambda a: "c" in _as_letters(a),
            example='check_again = ["a", "b", "c", "e"]',
            message="A new name does not change what is inside the robot. Bolt works just like before. "
                    "No need to press again.",
        ),
        Mistake(
            name="just_played", when=lambda a: "d" in _as_letters(a),
            example='check_again = ["a", "b", "d", "e"]',
            message="You just played with the dino. Nothing inside it changed. You checked it when it was "
                    "new, so you can keep playing.",
        ),
        Mistake(
            name="forgot_batteries", when=lambda a: "a" not in _as_letters(a),
            example='check_again = ["b", "e"]',
            message="New batteries change the toy! Maybe they are in the wrong way round. Press the button "
                    "to see.",
        ),
        Mistake(
            name="forgot_a_repair", when=lambda a: "b" not in _as_letters(a),
            example='check_again = ["a", "e"]',
            message="A fix is a change too. After a repair, one part may still be loose, or the battery may "
                    "be out. Press the button after every repair.",
        ),
        Mistake(
            name="forgot_the_lid", when=lambda a: "e" not in _as_letters(a),
            example='check_again = ["a", "b"]',
            message="Mom's new lid is a change too! A new lid can push the battery loose. Press the button "
                    "after every change, even a small one.",
        ),
        Mistake(
            name="letter_twice", when=_repeated_item,
            example='check_again = ["a", "b", "e", "e"]',
            message="One letter is in your list twice. Write each letter once.",
        ),
    ],
    correct_message="Yes! Something inside changed, so you press the button again. New parts, new check.",
)

q2 = ValueExercise(
    id="smoke_02.q2",
    level="teen",
    prompt="After which edits do you preview the Reel again before posting? Write their letters.",
    var="preview_again",
    expected=lambda: set(_PREVIEW_AGAIN),
    unordered=True,
    starter="preview_again = ____",
    solution='preview_again = ["a", "b", "c", "f"]',
    hints=[
        "Ask of each edit: did the Reel itself change?",
        "Cutting, a new song, a caption fix and a filter all change what people will see or hear.",
    ],
    mistakes=[
        Mistake(
            name="not_a_list", when=_not_a_collection,
            example='preview_again = "a, b, c, f"',
            message='Make a list of letters, each in its own quotes: ["a", "b"].',
        ),
        Mistake(
            name="capital_letters", when=lambda a: not isinstance(a, str) and any(str(x) != str(x).lower() for x in a),
            example='preview_again = ["A", "B", "C", "F"]',
            message='Write the letters small, like "a", not "A".',
        ),
        Mistake(
            name="empty", when=lambda a: not isinstance(a, str) and len(a) == 0,
            example='preview_again = []',
            message='Your list is empty, but some of these edits change the Reel. Write their letters.',
        ),
        Mistake(
            name="spaces_in_quotes", when=_spaces_inside_quotes,
            example='preview_again = ["a ", "b", "c", "f"]',
            message='Take the spaces out of the quotes: "a", not "a " or " a".',
        ),
        Mistake(
            name="letters_in_one_text", when=_letters_in_one_text,
            example='preview_again = ["a, b, c, f"]',
            message='Give each letter its own quotes: ["a", "b"], not ["a, b"].',
        ),
        Mistake(
            name="not_a_letter", when=lambda a: not _as_letters(a) <= set(REEL_EDITS),
            example='preview_again = ["song", "filter"]',
            message=f"Use the letters of the edits: {', '.join(REEL_EDITS)}.",
        ),
        Mistake(
            name="renamed_draft", when=lambda a: "d" in _as_letters(a),
            example='preview_again = ["a", "b", "c", "d", "f"]',
            message="Renaming the draft changes the file name on your phone, not the Reel anyone sees. "
                    "Nothing to preview.",
        ),
        Mistake(
            name="other_post", when=lambda a: "e" in _as_letters(a),
            example='preview_again = ["a", "b", "c", "e", "f"]',
            message="Replying to a comment on last week's post does not touch this Reel.",
        ),
        Mistake(
            name="tiny_caption_fix", when=lambda a: "c" not in _as_letters(a),
            example='preview_again = ["a", "b", "f"]',
            message="A typo fix is small, but it is still an edit: one slip and the caption now covers "
                    "your face, or shows at the wrong time. Every edit gets a preview.",
        ),
        Mistake(
            name="missed_an_edit", when=lambda a: not {"a", "b", "f"} <= _as_letters(a),
            example='preview_again = ["a", "c"]',
            message="One of the edits you left out changes what people see or hear. Cutting, a new song "
                    "and a filter all change the Reel: preview after each.",
        ),
        Mistake(
            name="letter_twice", when=_repeated_item,
            example='preview_again = ["a", "b", "c", "f", "f"]',
            message="One letter is in your list twice. Each edit needs one preview: write each letter once.",
        ),
    ],
    correct_message="Right: every edit to the Reel gets a quick preview, even a tiny one. Renames and other "
                    "posts don't touch it.",
)

q3 = ValueExercise(
    id="smoke_02.q3",
    level="teen",
    prompt="Which steps of FRIEND_CHECKS keep the quick check quick (under QUICK_CHECK_BUDGET_S) and still "
           "check the sound, the video and the captions?",
    var="quick_steps",
    expected=lambda: quick_check(FRIEND_CHECKS, QUICK_CHECK_BUDGET_S),
    unordered=True,
    starter="quick_steps = {____}",
    solution='quick_steps = {"first_5_seconds", "read_captions"}',
    setup="from mesh_lab.exercises.smoke_02 import FRIEND_CHECKS, QUICK_CHECK_BUDGET_S",
    hints=[
        "A quick check asks: does it basically work? Sound, video, captions.",
        "Keep the steps that look at sound, video or captions, and add up their seconds: under 60?",
    ],
    mistakes=[
        Mistake(
            name="not_a_set", when=lambda a: isinstance(a, str),
            example='quick_steps = "first_5_seconds, read_captions"',
            message='That is one piece of text. Put each step in its own quotes, inside braces: {"…", "…"}.',
        ),
        Mistake(
            name="not_names", when=_not_a_collection,
            example='quick_steps = {"first_5_seconds": 5, "read_captions": 15}',
            message='Write just the step names, each in its own quotes, inside braces: {"…", "…"}. No numbers, '
                    "no colons.",
        ),
        Mistake(
            name="empty", when=lambda a: not isinstance(a, str) and len(a) == 0,
            example="quick_steps = set()",
            message="No steps at all: then the Reel goes live unchecked. Name the steps that check sound, "
                    "video and captions.",
        ),
        Mistake(
            name="unknown_step", when=lambda a: any(name not in FRIEND_CHECKS for name in a),
            example='quick_steps = {"sound", "captions"}',
            message=f"Use the step names of FRIEND_CHECKS, spelt exactly: {', '.join(FRIEND_CHECKS)}.",
        ),
        Mistake(
            name="whole_film", when=lambda a: "whole_film" in a,
            example='quick_steps = {"first_5_seconds", "read_captions", "whole_film"}',
            message="Watching the whole film takes 10 minutes. That is not a quick check anymore: in a hurry "
                    "you'd skip it, and then you check nothing.",
        ),
        Mistake(
            name="taste_not_basics", when=lambda a: bool({"last_week", "ask_three_friends"} & set(a)),
            example='quick_steps = {"first_5_seconds", "read_captions", "ask_three_friends"}',
            message="“Is it better than last week's?” and “will people like it?” are about taste, not "
                    "“does it basically work?”. They are slow too. Leave them out.",
        ),
        Mistake(
            name="every_font", when=lambda a: "every_font" in a,
            example='quick_steps = {"first_5_seconds", "read_captions", "every_font"}',
            message="Checking the font of every caption is a detail: 90 s alone is over the budget. "
                    "Reading the captions once already checks they are there and right.",
        ),
        Mistake(
            name="no_captions", when=lambda a: "read_captions" not in a,
            example='quick_steps = {"first_5_seconds"}',
            message="Nobody looks at the captions now. Wrong captions go live, and your followers see them "
                    "first.",
        ),
        Mistake(
            name="no_sound_or_video", when=lambda a: "first_5_seconds" not in a,
            example='quick_steps = {"read_captions"}',
            message="Nobody plays the Reel now, so a muted or frozen video goes live. Five seconds with the "
                    "sound on checks both.",
        ),
    ],
    correct_message="Yes: 20 seconds for sound, video and captions. The rest is a different, slower check.",
)

q4 = ValueExercise(
    id="smoke_02.q4",
    level="tech",
    prompt="Which probe (or the smoke test) asks each question of PROBE_QUESTIONS? Use the labels of PROBE_LABELS.",
    var="asked_by",
    expected=lambda: dict(_PROBE_ANSWERS),
    starter='asked_by = {"process": ____, "database": ____, "migration": ____, "journey": ____}',
    solution='asked_by = {"process": "live", "database": "ready", "migration": "started", "journey": "smoke test"}',
    setup="from mesh_lab.exercises.smoke_02 import PROBE_QUESTIONS, PROBE_LABELS",
    hints=[
        "live: is the process itself fine? ready: can it serve now, dependencies included? started: is the "
        "start-up work done?",
        "Which of them ever logs in? None: a probe asks one cheap question, over and over.",
    ],
    mistakes=[
        Mistake(
            name="not_a_dict", when=lambda a: not isinstance(a, Mapping),
            example='asked_by = ["live", "ready", "started", "smoke test"]',
            message='Keep the shape of the starter: a dict, {"process": "…", "database": "…", …}, with one '
                    "label for each question.",
        ),
        Mistake(
            name="wrong_keys", when=lambda a: set(a) != set(PROBE_QUESTIONS),
            example='asked_by = {"Process": "live", "database": "ready", "migration": "started", '
                    '"journey": "smoke test"}',
            message="Keep the four keys of the starter as they are: 'process', 'database', 'migration', "
                    "'journey'. Only fill in the blanks after the colons.",
        ),
        Mistake(
            name="not_a_label", when=lambda a: any(v not in PROBE_LABELS for v in a.values()),
            example='asked_by = {"process": "liveness", "database": "readiness", "migration": "startup", '
                    '"journey": "smoke"}',
            message=f"Use the labels of PROBE_LABELS, spelt exactly: {', '.join(repr(x) for x in PROBE_LABELS)}.",
        ),
        Mistake(
            name="database_in_liveness", when=lambda a: a.get("database") == "live",
            example='asked_by = {"process": "live", "database": "live", "migration": "started", '
                    '"journey": "smoke test"}',
            message="A liveness probe that checks the database restarts every pod when the database is down "
                    "for two minutes, though none of them is broken, and the restarts add load when it comes "
                    "back. The database belongs in readiness: out of rotation, no restart.",
        ),
        Mistake(
            name="journey_in_a_probe", when=lambda a: a.get("journey") in {"live", "ready", "started"},
            example='asked_by = {"process": "live", "database": "ready", "migration": "started", "journey": "ready"}',
            message="No probe walks a user journey: broken_login and config_change answer every probe with "
                    "200 while nobody can log in. Logging in is the smoke test's job, once per build and deploy.",
        ),
        Mistake(
            name="database_in_startup", when=lambda a: a.get("database") == "started",
            example='asked_by = {"process": "live", "database": "started", "migration": "started", '
                    '"journey": "smoke test"}',
            message="A startup probe stops asking once it has passed, but a database can go down any time "
                    "after that. Readiness keeps asking, and takes the pod out of rotation while it is down.",
        ),
        Mistake(
            name="migration_in_readiness", when=lambda a: a.get("migration") == "ready",
            example='asked_by = {"process": "live", "database": "ready", "migration": "ready", '
                    '"journey": "smoke test"}',
            message="Readiness does fail while the migration runs (nothing is ready before it has started), "
                    "but “has start-up finished?” is the startup probe's own question: it holds liveness and "
                    "readiness back until then, so a long migration is not killed halfway.",
        ),
        Mistake(
            name="migration_in_liveness", when=lambda a: a.get("migration") == "live",
            example='asked_by = {"process": "live", "database": "ready", "migration": "live", '
                    '"journey": "smoke test"}',
            message="If liveness waited for the migration, Kubernetes would kill the pod halfway through a "
                    "long migration, again and again. A startup probe holds the other probes back until "
                    "start-up is done.",
        ),
        Mistake(
            name="probe_question_to_smoke_test",
            when=lambda a: "smoke test" in {a.get("process"), a.get("database"), a.get("migration")},
            example='asked_by = {"process": "live", "database": "smoke test", "migration": "started", '
                    '"journey": "smoke test"}',
            message="The smoke test runs once, after a build or a deploy. A database that goes down an hour "
                    "later, a process stuck at night, a migration still running: those need a question asked "
                    "over and over while the pod runs. That is a probe's job.",
        ),
        Mistake(
            name="process_in_readiness", when=lambda a: a.get("process") != "live",
            example='asked_by = {"process": "ready", "database": "ready", "migration": "started", '
                    '"journey": "smoke test"}',
            message="“Is the process itself stuck?” is the liveness question: the one probe whose failure "
                    "restarts the container.",
        ),
    ],
    correct_message="Right: live = the process, ready = can serve (dependencies), started = start-up done, "
                    "and only the smoke test walks a journey.",
)

q5 = PolicyExercise(
    id="smoke_02.q5",
    level="tech",
    prompt="Choose a policy that keeps false alarms under one a week without letting a real fault through "
           "(FLAKE_SCENARIO, seeds 0, 1 and 2).",
    var="my_policy",
    expected="rerun-1",
    starter="my_policy = ____",
    solution='my_policy = "rerun-1"',
    hints=[
        "Look at the comparison table above (compare_over_seeds): which policies raise under one false alarm "
        "a week?",
        "Of those, which let no real fault escape? A quarantined check no longer blocks anything.",
    ],
    mistakes=[
        Mistake(
            name="not_text", when=lambda a: not isinstance(a, str),
            example='my_policy = ["rerun-1"]',
            message='Write one policy as text, in quotes and nothing around it: my_policy = "…".',
        ),
        Mistake(
            name="reruns_out_of_range", when=lambda a: _rerun_count(a) is not None and not _is_policy(a),
            example='my_policy = "rerun-10"',
            message="The lab reruns a failing check 1 to 5 times: 'rerun-1' … 'rerun-5' ('rerun-0' would be "
                    "'no-rerun'). And each extra rerun hides more intermittent real faults.",
        ),
        Mistake(
            name="not_a_policy", when=lambda a: not _is_policy(a),
            example='my_policy = "rerun 1"',
            message="The lab does not know that spelling. Use one of its policies exactly, dash included: "
                    "'no-rerun', 'rerun-1' … 'rerun-5' or 'quarantine'.",
        ),
        Mistake(
            name="too_many_false_alarms", when=_too_many_alarms,
            example='my_policy = "no-rerun"',
            message="Without a rerun every flake of the UI check stops the pipeline: well over one false alarm "
                    "a week in this scenario (the numbers are below). After a month of those, people click "
                    "“re-run job” without reading, and then a real failure gets the same treatment.",
        ),
        Mistake(
            name="quarantine_let_a_fault_through", when=_let_a_fault_through,
            example='my_policy = "quarantine"',
            message="Quarantine quiets the alarms, but a quarantined check no longer blocks: on some seeds a "
                    "real fault landed in a check while it sat in quarantine, and the release went out. Where "
                    "nothing escaped, that was luck, not safety: the blind spot was there all the same. "
                    "Quarantine needs an owner and an expiry, and it is never free.",
        ),
    ],
    correct_message="Yes: one rerun turns a flake into a pass, and a solid fault still fails both attempts. "
                    "Here every real fault is solid, so the rerun hid none. An intermittent real fault (a race, "
                    "a timeout under load) would pass on the retry just like a flake: see “What a rerun hides” "
                    "below.",
)

q6 = ValueExercise(
    id="smoke_02.q6",
    level="tech",
    prompt="The suite of CREEP_CHECKS has grown for eight sprints. Within CREEP_BUDGET_S, which checks stay "
           "in the smoke suite? (The rest move to regression.)",
    var="keep_in_smoke",
    expected=lambda: split_suite(CREEP_CHECKS, CREEP_BUDGET_S)[0],
    unordered=True,
    starter="keep_in_smoke = {____}",
    solution='keep_in_smoke = {"boot", "health", "db", "login_dashboard", "version_matches"}',
    setup="from mesh_lab.exercises.smoke_02 import CREEP_CHECKS, CREEP_BUDGET_S",
    hints=[
        "Keep a check when it answers “does it basically work?”: boot, health, database, one key journey.",
        "A check that a deploy went out as meant (the right version running) is basic too, and takes 1 s.",
    ],
    mistakes=[
        Mistake(
            name="not_a_set", when=lambda a: isinstance(a, str),
            example='keep_in_smoke = "boot, health, db"',
            message='That is one piece of text. Put each check in its own quotes, inside braces: {"…", "…"}.',
        ),
        Mistake(
            name="not_names", when=_not_a_collection,
            example="keep_in_smoke = 5",
            message='Write the names of the checks you keep, each in its own quotes, inside braces: {"…", "…"}.',
        ),
        Mistake(
            name="empty", when=lambda a: len(a) == 0,
            example="keep_in_smoke = set()",
            message="No checks at all: then nothing stops a broken release. Keep the checks that answer "
                    "“does it basically work?”.",
        ),
        Mistake(
            name="unknown_check", when=lambda a: any(name not in {c.name for c in CREEP_CHECKS} for name in a),
            example='keep_in_smoke = {"boot", "health", "database", "login"}',
            message="Use the check names of CREEP_CHECKS, spelt exactly: "
                    f"{', '.join(c.name for c in CREEP_CHECKS)}.",
        ),
        Mistake(
            name="over_budget",
            when=lambda a: sum(c.seconds for c in CREEP_CHECKS if c.name in a) > CREEP_BUDGET_S,
            example='keep_in_smoke = {"boot", "health", "db", "login_dashboard", "version_matches", '
                    '"three_browsers", "load_200_logins"}',
            message="Your suite takes longer than the budget of three minutes: it's not smoke testing "
                    "anymore, and SmokeSuite would warn on every run.",
        ),
        Mistake(
            name="kept_edge_cases", when=lambda a: bool({c.name for c in CREEP_CHECKS if not c.basic} & set(a)),
            example='keep_in_smoke = {"boot", "health", "db", "login_dashboard", "version_matches", '
                    '"password_edge_cases"}',
            message="It fits the budget, but one check you kept covers edge cases or details (odd passwords, "
                    "languages, pages, browsers, load), not “does it basically work?”. Move it to regression: "
                    "every check in smoke is one more that can flake.",
        ),
        Mistake(
            name="no_journey", when=lambda a: "login_dashboard" not in a,
            example='keep_in_smoke = {"boot", "health", "db", "version_matches"}',
            message="Without login → dashboard, broken_login and config_change pass: every probe and /health "
                    "stay green while nobody can log in.",
        ),
        Mistake(
            name="dropped_a_basic", when=lambda a: not {"boot", "health", "db"} <= set(a),
            example='keep_in_smoke = {"health", "db", "login_dashboard", "version_matches"}',
            message="You dropped one of boot, health or db: seconds each, and each names a cause the journey "
                    "alone would hide behind “login failed”.",
        ),
        Mistake(
            name="no_version_check", when=lambda a: "version_matches" not in a,
            example='keep_in_smoke = {"boot", "health", "db", "login_dashboard"}',
            message="version_matches takes 1 s and catches a deploy that silently left the old release "
                    "running: everything green, and your fix is not live. That is basic.",
        ),
    ],
    correct_message="Five checks, 17 seconds: smoke again. The other seven go to the regression suite, run "
                    "nightly or before a release.",
)

quiz1 = Quiz(
    id="smoke_02.quiz1",
    level="kid",
    question="Grandpa fixed the robot's arm. What do you do before you play?",
    options=[
        Option("a", "Play right away. Grandpa is good at fixing.",
               why="Even a good fix can go wrong. Maybe the battery is still out."),
        Option("b", "Press the power button once. Does it turn on?", correct=True,
               why="Yes! After a fix, a quick press tells you it works at all."),
        Option("c", "Test every button and every move for an hour.",
               why="That takes too long. One press is the quick check. Play finds the rest."),
    ],
)

quiz2 = Quiz(
    id="smoke_02.quiz2",
    level="kid",
    question="Sometimes the robot's light stays dark. You press again, and it works. The robot is fine. "
             "What is wrong?",
    options=[
        Option("a", "The robot is broken. Throw it away.",
               why="The robot works. It is the button that fibs."),
        Option("b", "The button is wobbly. It fibs now and then. Fix the button.", correct=True,
               why="Yes! A check that fibs is a problem too. Fix it, so a dark light means broken again."),
        Option("c", "Never press the button again.",
               why="Then you would not see when the robot is really broken."),
    ],
)

quiz3 = Quiz(
    id="smoke_02.quiz3",
    level="teen",
    question="Your friend's “quick check” before posting now means watching the whole 10-minute film. "
             "What is the problem?",
    options=[
        Option("a", "None: more checking is always safer.",
               why="A 10-minute check gets skipped when you are in a hurry, and then nothing is checked."),
        Option("b", "It is not a quick check anymore. Keep the quick one to sound, video and captions; watch "
                    "the whole film once, before the big premiere.", correct=True,
               why="Yes: a quick check stays quick, so you do it after every edit. Slow checks have their "
                   "own time."),
        Option("c", "Stop checking: it takes too long.",
               why="Then a muted Reel goes live. Make the check small again instead."),
    ],
)

quiz4 = Quiz(
    id="smoke_02.quiz4",
    level="tech",
    question="Your gate reruns a failing check up to two times (rerun-2). Which real faults does that hide?",
    options=[
        Option("a", "None: a rerun only hides flakes.",
               why="A rerun cannot tell a flake from an intermittent real fault: both pass on a retry."),
        Option("b", "Intermittent ones (a race, a timeout under load): they pass on a retry just like a flake. "
                    "Solid faults fail every attempt and stay red.", correct=True,
               why="Right. So report every check that passed only on a rerun, and give the flaky ones an owner."),
        Option("c", "Solid ones: a check that fails every time gets skipped.",
               why="A solid fault fails every attempt, so it still blocks the pipeline."),
    ],
)

quiz5 = Quiz(
    id="smoke_02.quiz5",
    level="teen",
    question="When should the smoke suite run?",
    options=[
        Option("a", "Only when the code changes.",
               why="A new setting or a database change can break it with no new code at all: config_change "
                   "changes one setting, and nobody can log in."),
        Option("b", "After every build, after every deploy, and after big config or migration changes.",
               correct=True, why="Yes: any change to what runs, or where it runs, gets its smoke test."),
        Option("c", "Once a week, on Friday afternoon.",
               why="Then a broken release is live for days before anyone checks."),
    ],
)

quiz6 = Quiz(
    id="smoke_02.quiz6",
    level="tech",
    question="A pod's readiness probe fails; its liveness probe passes. What does Kubernetes do?",
    options=[
        Option("a", "Restarts the container.",
               why="Restarts come from a failing liveness probe; this one passes."),
        Option("b", "Stops sending it traffic (it leaves the Service's endpoints) and leaves it running until "
                    "it is ready again.", correct=True,
               why="Right: not ready means no traffic, not a restart. That is db_unreachable: live, not ready."),
        Option("c", "Nothing: readiness is only shown on a dashboard.",
               why="Readiness decides which pods get traffic, and a rollout waits for it."),
    ],
)

__all__ = [
    "____",
    "q1", "q2", "q3", "q4", "q5", "q6", "quiz1", "quiz2", "quiz3", "quiz4", "quiz5", "quiz6",
    "with_new_batteries", "after_repair", "TOY_MOMENTS", "REEL_EDITS", "FRIEND_CHECKS", "FRIEND_GROWTH",
    "QUICK_CHECK_BUDGET_S", "PROBE_QUESTIONS", "PROBE_LABELS", "FLAKE_SCENARIO", "FLAKE_SEEDS",
    "policy_outcomes", "compare_over_seeds", "CREEP_CHECKS", "CREEP_BUDGET_S",
]
