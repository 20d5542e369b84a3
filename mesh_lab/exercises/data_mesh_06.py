"""Exercises of ``notebooks/data_mesh/06_is_data_mesh_right_for_you.ipynb``.

Bind them with ``from mesh_lab.exercises.data_mesh_06 import *``. The small examples the exercises talk
about (the houses, the festival queue, the case studies, the decision record to fill) are exported too,
so the notebook can show them. Every expected answer is computed from :mod:`mesh_lab.diagnosis` and
:mod:`mesh_lab.simulate`, never typed in.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from mesh_lab.diagnosis import (
    BANK,
    CASE_STUDIES,
    KEEP_CENTRAL,
    READY,
    READY_REGULATED,
    RECORD_FIELDS,
    SCALE_UP,
    SEED,
    STARTUP,
    STRONG_FIT,
    VERDICTS,
    Organisation,
    decision_record_problems,
    diagnose,
    governance_extremes,
    mesh_without_platform,
    new_diagram_only,
    org_params,
    readiness_gap,
    record_field_problems,
    renamed_platform_team,
    what_if,
)
from mesh_lab.learning import (
    ChoiceExercise,
    FunctionExercise,
    Mistake,
    Option,
    Quiz,
    Result,
    ValueExercise,
    ____,
    is_blank,
    is_number,
)
from mesh_lab.simulate import OrgParams

# --------------------------------------------------------------------------------------------------
# 👶 houses and label makers
# --------------------------------------------------------------------------------------------------

HOUSES: dict[str, tuple[int, int, int]] = {
    "Pip's flat": (1, 1, 0),
    "the Green house": (3, 3, 1),
    "the big farm house": (8, 24, 20),
    "the school": (12, 40, 50),
}
"""👶 Each house: (rooms, toy boxes, toys that move from room to room each week)."""

MANY_ROOMS = 5
MANY_MOVES = 10


def houses_that_need_labels(houses: Mapping[str, tuple[int, int, int]] = HOUSES) -> list[str]:
    """The houses with many rooms (5+) where many toys move each week (10+): a label maker helps."""
    return sorted(name for name, (rooms, _, moves) in houses.items() if rooms >= MANY_ROOMS and moves >= MANY_MOVES)


def _names(answer: Any) -> set[str]:
    items = [answer] if isinstance(answer, str) else list(answer) if isinstance(answer, (list, tuple, set)) else []
    return {str(item).strip().lower() for item in items}


_SMALL = {name.lower() for name in HOUSES} - {name.lower() for name in houses_that_need_labels()}

# --------------------------------------------------------------------------------------------------
# 🧑‍🎓 the festival's one organiser
# --------------------------------------------------------------------------------------------------

FESTIVAL_STALLS = 12
REQUESTS_PER_STALL = 3
ORGANISER_CAPACITY = 20
FESTIVAL_WEEKS = 4


def requests_waiting(stalls: int = FESTIVAL_STALLS, per_stall: int = REQUESTS_PER_STALL,
                     capacity: int = ORGANISER_CAPACITY, weeks: int = FESTIVAL_WEEKS) -> int:
    """Requests waiting for the one organiser after ``weeks``: the queue grows by arrivals − capacity."""
    waiting = 0
    for _ in range(weeks):
        waiting = max(0, waiting + stalls * per_stall - capacity)
    return waiting


def _near(value: Any, target: float, within: float = 0.01) -> bool:
    return is_number(value) and abs(value - target) <= within


# --------------------------------------------------------------------------------------------------
# 👨‍💻 readiness gap (code exercise)
# --------------------------------------------------------------------------------------------------

_BOUNDARY = (0.0, 0.3, READY - 0.01, READY, READY + 0.01, READY_REGULATED, 1.0)


def random_readiness(rng: random.Random) -> tuple[float, float, bool]:
    """A random (platform maturity, governance capacity, regulated) for ``readiness_gap``; often on a bar."""
    def level() -> float:
        return rng.choice([*_BOUNDARY, round(rng.random(), 2), round(rng.random(), 2)])
    return level(), level(), rng.random() < 0.5


def _gap(function, *args) -> tuple:
    found = function(*args)
    return tuple(found) if isinstance(found, (list, tuple)) else (found,)


_GAP_STARTER = (
    "def readiness_gap(platform_maturity, governance_capacity, regulated):\n"
    "    platform_gap = ____\n"
    "    governance_gap = ____\n"
    "    return platform_gap, governance_gap\n"
)
_GAP_SOLUTION = (
    "def readiness_gap(platform_maturity, governance_capacity, regulated):\n"
    "    governance_bar = READY_REGULATED if regulated else READY\n"
    "    platform_gap = max(0.0, READY - platform_maturity)\n"
    "    governance_gap = max(0.0, governance_bar - governance_capacity)\n"
    "    return platform_gap, governance_gap\n"
)


def _gap_code(platform: str, governance: str, bar: str = "READY_REGULATED if regulated else READY") -> str:
    return ("def readiness_gap(platform_maturity, governance_capacity, regulated):\n"
            f"    governance_bar = {bar}\n    platform_gap = {platform}\n    governance_gap = {governance}\n"
            "    return platform_gap, governance_gap\n")


def _pair_near(found: tuple, target: tuple[float, float]) -> bool:
    return len(found) == 2 and all(_near(a, b, 1e-6) for a, b in zip(found, target, strict=True))


_GOOD_PLATFORM = "max(0.0, READY - platform_maturity)"
_GOOD_GOVERNANCE = "max(0.0, governance_bar - governance_capacity)"

_GAP_CASES = [(args, readiness_gap(*args)) for args in [
    (0.4, 0.45, False), (0.75, 0.85, True), (0.2, 0.3, False), (0.7, 0.7, True), (0.7, 0.7, False),
    (0.9, 0.9, False), (READY, READY, False), (0.0, 0.0, True)]]

# --------------------------------------------------------------------------------------------------
# 👨‍💻 the anti-patterns' numbers
# --------------------------------------------------------------------------------------------------

NO_PLATFORM = OrgParams(domain_capacity=8.0, platform_maturity=0.1, governance_strictness=0.5)
"""A domain team without a platform: 8 effort units a week, maturity 0.1, strictness 0.5."""


def changes_per_week_without_platform() -> float:
    """Changes one domain team of :data:`NO_PLATFORM` finishes per week (the simulation's equation)."""
    return round(NO_PLATFORM.mesh_capacity(), 6)


def _capacity_with(cost: float) -> float:
    return NO_PLATFORM.domain_capacity / cost


def _renamed_times() -> tuple[float, float, float]:
    table = renamed_platform_team()
    return tuple(float(v) for v in table["mean time-to-data (weeks)"])


def weeks_saved_by_renaming() -> float:
    """Mean time-to-data of the central team minus that of the renamed "platform team" (scale-up)."""
    central, renamed, _ = _renamed_times()
    return round(central - renamed, 6)


# --------------------------------------------------------------------------------------------------
# 👨‍💻 the decision record
# --------------------------------------------------------------------------------------------------

SOLVED_RECORD = {
    "context": "Nine domains, three change requests per domain a week, and a central backlog of ten weeks: "
               "the central data team is the bottleneck.",
    "decision": "Fit if you invest first: we fund the self-serve platform to maturity 0.6 and a governance "
                "council to capacity 0.6, then move payments and catalog to domain ownership.",
    "consequences": "Domain teams take on data work, a culture shift that needs training and time; the "
                    "platform and shared standards keep duplicated work and drift down.",
    "alternatives": "Keep the central team and hire more people: the queue stays central and far from the "
                    "knowledge.",
}
"""One record that passes for the scale-up (the reference solution)."""


def _record_code(record: Mapping[str, Any]) -> str:
    lines = [f"    {key!r}: {'____' if value is ____ else repr(value)},\n" for key, value in record.items()]
    return "decision_record = {\n" + "".join(lines) + "}\n"


def _record(**changes: Any) -> str:
    return _record_code({**SOLVED_RECORD, **changes})


_RECORD_STARTER = _record_code({key: ____ for key in RECORD_FIELDS})


def _field(answer: Any, key: str) -> str:
    value = answer.get(key) if isinstance(answer, Mapping) else None
    return " ".join(value.lower().replace("—", " ").replace("-", " ").split()) if isinstance(value, str) else ""


def _names_verdict(answer: Any, verdict: str) -> bool:
    return " ".join(verdict.replace("—", " ").split()) in _field(answer, "decision")


class DecisionRecordExercise(ValueExercise):
    """The learner fills a one-page decision record (a dict); it is correct when
    :func:`mesh_lab.diagnosis.decision_record_problems` finds nothing for ``organisation``."""

    def __init__(self, *, organisation: Organisation, **kwargs: Any):
        self.organisation = organisation
        super().__init__(**kwargs)

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        answer = namespace.get(self.var, ____)
        if answer is ____ or (isinstance(answer, Mapping) and all(v is ____ for v in answer.values())):
            return Result("not_attempted", f"Fill in the fields of `{self.var}` in the cell above (replace each "
                                           "____ with a sentence in quotes), run it, then check again.")
        if isinstance(answer, Mapping) and is_blank(answer):
            blank = ", ".join(key for key, value in answer.items() if is_blank(value))
            return Result("incorrect", f"Still blank: {blank}. Write each field as a sentence in quotes.")
        unfinished = record_field_problems(dict(answer)) if isinstance(answer, Mapping) else []
        if unfinished:
            return Result("incorrect", "Finish each field first:\n" + "\n".join(f"• {p}" for p in unfinished))
        problems = decision_record_problems(dict(answer) if isinstance(answer, Mapping) else answer,
                                            diagnose(self.organisation))
        if not problems:
            return self._correct()
        fallback = "Your record is not complete yet:\n" + "\n".join(f"• {p}" for p in problems[:5])
        return self._incorrect(answer, lambda found, expected: False, fallback)


# --------------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------------

q1 = ChoiceExercise(
    id="data_mesh_06.q1",
    level="kid",
    prompt="Pip's flat has one room and one toy box. Should Pip buy a label maker?",
    var="buy_label_maker",
    options={
        "a": "Yes. Every home needs a label maker.",
        "b": "No. With one box, Pip always knows where the toys are.",
        "c": "Yes, and Pip should buy three of them.",
    },
    correct="b",
    why={
        "a": "A label maker costs money and time. In one room with one box, it helps nobody find anything.",
        "b": "Yes! One box is easy. Labels help when there are many rooms and toys move around.",
        "c": "Three label makers for one box? That is a lot of work for no help at all.",
    },
    starter="buy_label_maker = ____",
    solution='buy_label_maker = "b"',
    hints=["How many boxes does Pip have?", "Do you need a label to find a toy in your only box?"],
)

q2 = ValueExercise(
    id="data_mesh_06.q2",
    level="kid",
    prompt="Which houses need a label maker? Many rooms (5 or more) and many toys that move (10 or more).",
    var="need_labels",
    expected=houses_that_need_labels,
    unordered=True,
    starter="need_labels = ____",
    solution='need_labels = ["the big farm house", "the school"]',
    hints=["Look at the table. Find the houses with 5 rooms or more.",
           "Of those, keep the ones where 10 toys or more move each week."],
    mistakes=[
        Mistake(name="a_small_house", when=lambda a: bool(_names(a) & _SMALL),
                example='need_labels = ["Pip\'s flat", "the school"]',
                message="One of your houses is small. It has few rooms, and its toys stay put. "
                        "It does not need a label maker yet."),
        Mistake(name="a_number", when=is_number, example="need_labels = 2",
                message="That says how many. Write which ones: the names of the houses, in a list."),
        Mistake(name="only_one_house",
                when=lambda a: len(_names(a)) == 1 and _names(a) < {n.lower() for n in houses_that_need_labels()},
                example='need_labels = ["the school"]',
                message="Yes, that house needs labels! But it is not the only one. Look at every house."),
        Mistake(name="one_text_for_two_houses",
                when=lambda a: isinstance(a, str) and all(n.lower() in a.lower() for n in houses_that_need_labels()),
                example='need_labels = "the big farm house, the school"',
                message="Right houses! But that is one long text. Give each name its own quote marks, "
                        "inside square brackets."),
        Mistake(name="same_house_twice",
                when=lambda a: isinstance(a, (list, tuple)) and len({str(i).strip().lower() for i in a}) < len(a),
                example='need_labels = ["the school", "the big farm house", "the school"]',
                message="You wrote one house two times. Write each house once."),
        Mistake(name="names_with_capitals",
                when=lambda a: isinstance(a, (list, tuple, set))
                and sorted(_names(a)) == [n.lower() for n in houses_that_need_labels()],
                example='need_labels = ["The big farm house", "the school"]',
                message="Right houses! Now write each name just as it is in the table: same small letters."),
    ],
    correct_message="Yes! Big houses where toys move a lot need labels. In a company, labels are shared "
                    "rules. They pay off when there are many teams and things change a lot.",
)

q3 = ValueExercise(
    id="data_mesh_06.q3",
    level="teen",
    prompt="12 stalls each send 3 requests a week to one organiser, who handles 20 a week. "
           "How many requests are waiting after 4 weeks?",
    var="waiting_after_4_weeks",
    expected=requests_waiting,
    starter="waiting_after_4_weeks = ____",
    solution="waiting_after_4_weeks = (12 * 3 - 20) * 4",
    hints=["Each week, how many requests come in? How many does the organiser finish?",
           "What is left over each week piles up. Add it up over 4 weeks."],
    mistakes=[
        Mistake(name="forgot_the_organiser", when=FESTIVAL_STALLS * REQUESTS_PER_STALL * FESTIVAL_WEEKS,
                example="waiting_after_4_weeks = 12 * 3 * 4",
                message="That is every request sent in 4 weeks. The organiser finishes 20 a week: take "
                        "those away."),
        Mistake(name="one_week_only", when=requests_waiting(weeks=1), example="waiting_after_4_weeks = 12 * 3 - 20",
                message="That is what piles up in one week. The queue keeps growing: count all 4 weeks."),
        Mistake(name="one_stall", when=lambda a: is_number(a) and a <= 0,
                example="waiting_after_4_weeks = (3 - 20) * 4",
                message="A queue never goes below zero, and 12 stalls send requests, not one. Count all "
                        "12 stalls × 3 requests each week."),
        Mistake(name="capacity_times_weeks", when=ORGANISER_CAPACITY * FESTIVAL_WEEKS,
                example="waiting_after_4_weeks = 20 * 4",
                message="That is how many the organiser finishes in 4 weeks. The question is how many are "
                        "still waiting."),
        Mistake(name="text_not_number", when=lambda a: isinstance(a, str), example='waiting_after_4_weeks = "64"',
                message="That is text, because it has quotes around it. Write the number or the sum, "
                        "without quotes."),
    ],
    correct_message="Right: 16 more requests come in each week than one person can handle, so the pile "
                    "grows every week. That is a bottleneck, just like a drowning central data team.",
)

q4 = ChoiceExercise(
    id="data_mesh_06.q4",
    level="teen",
    prompt="Which plan makes the school festival work?",
    var="festival_plan",
    options={
        "a": "One organiser does every job for every stall.",
        "b": "Each stall team runs its own stall, with shared rules (poster size, times) and a shared kit room.",
        "c": "Each stall does whatever it likes. No shared rules.",
        "d": "The head teacher signs off every poster and every change before it happens.",
    },
    correct="b",
    why={
        "a": "That is the queue you just counted: one person becomes the bottleneck.",
        "b": "Yes. Teams own their part, shared rules keep it consistent, and the kit room (the platform) "
             "saves every team from building the same things.",
        "c": "Then posters clash and times overlap: weak rules bring chaos.",
        "d": "Now everything waits for one person again: rules that are too strict make it slow again.",
    },
    starter="festival_plan = ____",
    solution='festival_plan = "b"',
    hints=["Which plan has no single person that everything waits for?",
           "Which plan still keeps the festival looking like one festival?"],
)

q5 = FunctionExercise(
    id="data_mesh_06.q5",
    level="tech",
    prompt="Write readiness_gap(platform_maturity, governance_capacity, regulated): how far each is below "
           "its bar (0 when at or above it).",
    func="readiness_gap",
    cases=_GAP_CASES,
    generated=random_readiness,
    tolerance=1e-6,
    starter=_GAP_STARTER,
    solution=_GAP_SOLUTION,
    hints=[f"The platform bar is READY ({READY}). The governance bar is READY ({READY}), or READY_REGULATED "
           f"({READY_REGULATED}) when the organisation is regulated.",
           "A gap is never negative: `max(0.0, bar - level)`."],
    mistakes=[
        Mistake(name="negative_gap", when=lambda f: min(_gap(f, 0.9, 0.9, False)) < 0,
                example=_gap_code("READY - platform_maturity", "governance_bar - governance_capacity"),
                message="readiness_gap(0.9, 0.9, False) gives a negative gap. Above the bar there is nothing "
                        "left to invest: the gap is 0. Use `max(0.0, bar - level)`."),
        Mistake(name="sign_flipped", when=lambda f: _gap(f, 0.2, 0.5, False)[0] < 0,
                example=_gap_code("platform_maturity - READY", "governance_capacity - governance_bar"),
                message="readiness_gap(0.2, 0.5, False) gives a negative platform gap, but 0.2 is below the "
                        "bar. The gap is bar − level: how much must still be added."),
        Mistake(name="swapped", when=lambda f: _pair_near(_gap(f, 0.2, 0.5, False), (0.1, 0.4)),
                example=("def readiness_gap(platform_maturity, governance_capacity, regulated):\n"
                         "    governance_bar = READY_REGULATED if regulated else READY\n"
                         f"    return {_GOOD_GOVERNANCE}, {_GOOD_PLATFORM}\n"),
                message="readiness_gap(0.2, 0.5, False) returns the two gaps the other way round. Return "
                        "(platform_gap, governance_gap)."),
        Mistake(name="ignored_regulation", when=lambda f: _gap(f, 0.7, 0.7, True)[1] == 0,
                example=_gap_code(_GOOD_PLATFORM, _GOOD_GOVERNANCE, bar="READY"),
                message="readiness_gap(0.7, 0.7, True) finds no governance gap. A regulated organisation "
                        "builds its controls into governance, so its bar is READY_REGULATED."),
        Mistake(name="regulation_raises_platform", when=lambda f: _gap(f, 0.7, 0.9, True)[0] > 0,
                example=_gap_code("max(0.0, governance_bar - platform_maturity)", _GOOD_GOVERNANCE),
                message="readiness_gap(0.7, 0.9, True) finds a platform gap. Regulation raises the "
                        "governance bar only: the platform bar stays READY."),
        Mistake(name="not_a_pair", when=lambda f: len(_gap(f, 0.2, 0.5, False)) != 2,
                example=("def readiness_gap(platform_maturity, governance_capacity, regulated):\n"
                         "    return max(0.0, READY - platform_maturity) + max(0.0, READY - governance_capacity)\n"),
                message="Return two numbers, the platform gap and the governance gap: "
                        "`return platform_gap, governance_gap`."),
    ],
    correct_message="Correct: this is `mesh_lab.diagnosis.readiness_gap`, what `diagnose` lists as the "
                    "investments before a mesh.",
)

q6 = ValueExercise(
    id="data_mesh_06.q6",
    level="tech",
    prompt="By the simulation's equation: how many changes per week does one domain team finish without a "
           "platform (domain_capacity 8, platform_maturity 0.1, governance_strictness 0.5)?",
    var="changes_per_week",
    expected=changes_per_week_without_platform,
    tolerance=0.01,
    starter="changes_per_week = ____",
    solution="changes_per_week = 8 / (1 + 2 * (1 - 0.1) + 0.5)",
    hints=["The effort of one change is cost = 1 + 2·(1 − platform_maturity) + governance_strictness.",
           "Changes per week = domain_capacity / cost."],
    mistakes=[
        Mistake(name="maturity_not_its_lack", when=lambda a: _near(a, _capacity_with(1 + 2 * 0.1 + 0.5)),
                example="changes_per_week = 8 / (1 + 2 * 0.1 + 0.5)",
                message="The cost grows with what the platform *lacks*: 2·(1 − maturity), not 2·maturity. "
                        "A low maturity makes every change dearer."),
        Mistake(name="forgot_the_two", when=lambda a: _near(a, _capacity_with(1 + (1 - 0.1) + 0.5)),
                example="changes_per_week = 8 / (1 + (1 - 0.1) + 0.5)",
                message="Missing platform costs double in the model: 2·(1 − maturity)."),
        Mistake(name="forgot_governance", when=lambda a: _near(a, _capacity_with(1 + 2 * (1 - 0.1))),
                example="changes_per_week = 8 / (1 + 2 * (1 - 0.1))",
                message="Governance also costs effort: add governance_strictness to the cost."),
        Mistake(name="the_cost_not_the_changes", when=lambda a: _near(a, NO_PLATFORM.mesh_cost()),
                example="changes_per_week = 1 + 2 * (1 - 0.1) + 0.5",
                message="That is the effort of one change. Divide the team's 8 units a week by it."),
        Mistake(name="text_not_number", when=lambda a: isinstance(a, str), example='changes_per_week = "2.4"',
                message="That is text (it has quotes). Write the number or the calculation without quotes."),
    ],
    correct_message="Right: each change costs 3.3 units, so 8 units finish about 2.4 changes. With a mature "
                    "platform (0.8) the same team finishes 4.4: the platform is what makes ownership cheap.",
)

q7 = ValueExercise(
    id="data_mesh_06.q7",
    level="tech",
    prompt="How many weeks of mean time-to-data does renaming the central team “platform team” save?",
    var="weeks_saved",
    expected=weeks_saved_by_renaming,
    tolerance=0.01,
    setup="renamed = renamed_platform_team()",
    starter="weeks_saved = ____",
    solution='weeks_saved = renamed["mean time-to-data (weeks)"][0] - renamed["mean time-to-data (weeks)"][1]',
    hints=["Compare the first two rows of the table: before and after the rename.",
           "Same capacity, same queue: what changes?"],
    mistakes=[
        Mistake(name="the_real_mesh", when=lambda a: _near(a, _renamed_times()[0] - _renamed_times()[2]),
                example='weeks_saved = renamed["mean time-to-data (weeks)"][0] - renamed["mean time-to-data (weeks)"][2]',
                message="That is what a real mesh saves (row 3). The rename is row 2: the same team, the same "
                        "queue, under a new name."),
        Mistake(name="a_time_not_a_saving", when=lambda a: any(_near(a, t) for t in _renamed_times()),
                example='weeks_saved = renamed["mean time-to-data (weeks)"][1]',
                message="That is a time-to-data, not a saving. Subtract: before the rename minus after it."),
        Mistake(name="negative_saving", when=lambda a: _near(a, _renamed_times()[2] - _renamed_times()[0]),
                example='weeks_saved = renamed["mean time-to-data (weeks)"][2] - renamed["mean time-to-data (weeks)"][0]',
                message="That compares the real mesh with the central team, and backwards. The question is "
                        "about the rename: row 1 minus row 2."),
        Mistake(name="text_not_number", when=lambda a: isinstance(a, str), example='weeks_saved = "none"',
                message="Write a number of weeks (it may be 0), without quotes."),
    ],
    correct_message="Right: nothing. A new name with the same capacity and the same queue is mesh in name "
                    "only: “calling it mesh but still having a central team do all work”.",
)

q8 = DecisionRecordExercise(
    id="data_mesh_06.q8",
    level="tech",
    prompt="Write the one-page decision record for the scale-up: context, decision, consequences, "
           "alternatives, consistent with its diagnosis.",
    var="decision_record",
    expected="a record consistent with diagnose(SCALE_UP)",
    organisation=SCALE_UP,
    starter=_RECORD_STARTER,
    solution=_record_code(SOLVED_RECORD),
    hints=["Run `decision_record_problems(decision_record, diagnose(SCALE_UP))`: it lists what is missing.",
           "Name the verdict in the decision, the investments it asks for, the culture shift in the "
           "consequences, and the other road (keeping it central) in the alternatives."],
    mistakes=[
        Mistake(name="not_a_dict", when=lambda a: not isinstance(a, Mapping),
                example='decision_record = "We adopt data mesh."',
                message="A decision record has four fields: write it as a dict with the keys context, "
                        "decision, consequences and alternatives."),
        Mistake(name="renamed_the_central_team", when=lambda a: "renam" in _field(a, "decision"),
                example=_record(decision="Fit if you invest first: we rename the central team to platform team "
                                         "and invest in the platform and governance."),
                message="Renaming the central team changes nothing: same capacity, same queue (you measured "
                        "0 weeks saved). That is mesh in name only. Decide what really changes."),
        Mistake(name="called_it_a_strong_fit",
                when=lambda a: _names_verdict(a, STRONG_FIT) and not _names_verdict(a, diagnose(SCALE_UP).verdict),
                example=_record(decision="Strong fit: we move every domain to ownership now and build the "
                                         "platform and governance later."),
                message="The diagnosis is not “strong fit”: platform 0.4 and governance 0.45 are below the "
                        "bar. A mesh before the platform and governance is the chaos you saw. Name the "
                        "verdict diagnose gives."),
        Mistake(name="kept_it_central",
                when=lambda a: _names_verdict(a, KEEP_CENTRAL) and not _names_verdict(a, diagnose(SCALE_UP).verdict),
                example=_record(decision="No — keep it central: we keep the central data team, and hire two "
                                         "more people."),
                message="The scale-up's central team is ten weeks behind, with nine domains changing fast: "
                        "the diagnosis does not say keep it central. Name the verdict diagnose gives."),
        Mistake(name="no_investment",
                when=lambda a: _names_verdict(a, diagnose(SCALE_UP).verdict)
                and not all(k in _field(a, "decision") + _field(a, "consequences") for k in ("platform", "governance")),
                example=_record(decision="Fit if you invest first: we move payments and catalog to domain "
                                         "ownership next quarter."),
                message="The diagnosis asks for investment first. Say what you will invest in: the "
                        "platform and the governance, and to what level."),
        Mistake(name="no_culture", when=lambda a: isinstance(a, Mapping) and "culture" not in _field(a, "consequences")
                and bool(_field(a, "consequences")),
                example=_record(consequences="Domain teams build their own pipelines on the platform and "
                                             "publish contracts for every product."),
                message="Moving ownership to domains is a culture shift, and the seed calls it non-trivial. "
                        "Name it in the consequences."),
        Mistake(name="no_other_road",
                when=lambda a: isinstance(a, Mapping) and bool(_field(a, "alternatives"))
                and "central" not in _field(a, "alternatives"),
                example=_record(alternatives="Buy a data catalogue product and see if it helps later."),
                message="The alternatives name the other road you weighed: keeping it central (more people "
                        "in the central team). Say why you did not take it."),
    ],
    correct_message="A decision record that matches the diagnosis: the verdict, the investment first, the "
                    "culture shift, and the road not taken. Keep it beside the architecture diagram: it says "
                    "why the diagram is allowed to change.",
)

# --------------------------------------------------------------------------------------------------
# Quizzes
# --------------------------------------------------------------------------------------------------

quiz1 = Quiz(
    id="data_mesh_06.quiz1",
    level="kid",
    question="The big farm house buys a label maker. It stays in a drawer. Is the house tidy now?",
    options=[
        Option("a", "Yes. They have a label maker now.",
               why="Having it is not using it. The boxes still have no labels."),
        Option("b", "No. Nobody uses it, so nothing changed.", correct=True,
               why="Yes! A tool in a drawer does not tidy a house. People must use it, every day."),
        Option("c", "Only on Sundays.", why="The label maker never leaves the drawer, on Sundays too."),
    ],
)

quiz2 = Quiz(
    id="data_mesh_06.quiz2",
    level="teen",
    question="Two friends make a project together. Do they need a rule book and a shared kit room?",
    options=[
        Option("a", "Yes, every project needs them.",
               why="For two people, that is more work than the project. They can just talk."),
        Option("b", "No. Two people can just talk and agree.", correct=True,
               why="Right: rules and a kit room pay off when many teams share work, not for two friends."),
        Option("c", "Yes, and a head teacher to sign off every page.",
               why="That makes a tiny project slow for no reason."),
    ],
)

quiz3 = Quiz(
    id="data_mesh_06.quiz3",
    level="tech",
    question="Which one is a sign of “mesh in name only”?",
    options=[
        Option("a", "Domains publish products with contracts, on a self-serve platform.",
               why="That is a working mesh."),
        Option("b", "The central team is now called the platform team, and every change still waits in "
                    "its queue.", correct=True,
               why="Yes: same capacity, same queue, same time-to-data. The seed: calling it mesh but still "
                   "having a central team do all work."),
        Option("c", "A governance council sets a few shared standards and automates them.",
               why="That is federated governance, one of the four pillars."),
    ],
)

quiz4 = Quiz(
    id="data_mesh_06.quiz4",
    level="teen",
    question="The festival has shared rules, but no kit room. Each stall builds its own lights and tables. "
             "What goes wrong?",
    options=[
        Option("a", "Nothing.", why="Twelve stalls each build the same lights: a lot of double work."),
        Option("b", "Every stall is slower and does the same work twice.", correct=True,
               why="Right: without a shared kit room (a platform), owning your stall costs too much."),
        Option("c", "The posters clash.", why="The shared rules still keep posters the same."),
    ],
)

quiz5 = Quiz(
    id="data_mesh_06.quiz5",
    level="tech",
    question="A bank is regulated. What does that mean for Data Mesh?",
    options=[
        Option("a", "It rules Data Mesh out.",
               why="No: regulation asks for controls, and governance as code can enforce them at publish."),
        Option("b", "Mesh is possible, with controls built into governance, so the governance bar is higher.",
               correct=True,
               why="Yes: access, retention and audit rules become enforced policies; diagnose raises the "
                   "governance bar to 0.8."),
        Option("c", "Regulation does not matter.",
               why="It does: weak governance in a bank is not just chaos, it is a finding from the regulator."),
    ],
)

__all__ = [
    "____", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "quiz1", "quiz2", "quiz3", "quiz4", "quiz5",
    "HOUSES", "houses_that_need_labels", "FESTIVAL_STALLS", "REQUESTS_PER_STALL", "ORGANISER_CAPACITY",
    "FESTIVAL_WEEKS", "requests_waiting",
    "Organisation", "diagnose", "STARTUP", "SCALE_UP", "BANK", "CASE_STUDIES", "VERDICTS", "SEED", "READY",
    "READY_REGULATED", "org_params", "what_if", "mesh_without_platform", "governance_extremes",
    "renamed_platform_team", "new_diagram_only", "decision_record_problems", "NO_PLATFORM", "OrgParams",
]
