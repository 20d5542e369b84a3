"""Exercises of ``notebooks/data_mesh/01_what_is_data_mesh.ipynb``.

Bind them with ``from mesh_lab.exercises.data_mesh_01 import *``. The small examples the exercises
talk about (the group project numbers, a lineage map, a tiny broken payments frame) are exported too,
so the notebook can show them. Every expected answer is computed, never typed in.
"""

from __future__ import annotations

import dis
import random
import re
from collections.abc import Iterator

import networkx as nx
import numpy as np
import pandas as pd

from mesh_lab.learning import (
    ChoiceExercise,
    FunctionExercise,
    Mistake,
    Option,
    Quiz,
    ValueExercise,
    ____,
    answers_equal,
    code_objects,
    names_used,
)
from mesh_lab.simulate import compare, queue_backlog

# --------------------------------------------------------------------------------------------------
# 🧑‍🎓 the group project in numbers
# --------------------------------------------------------------------------------------------------

TEAMMATES = 4
EDITS_PER_TEAMMATE_PER_DAY = 3
OWNER_MERGES_PER_DAY = 8
SCHOOL_DAYS = 5


def edits_waiting(teammates: int = TEAMMATES, edits_each: float = EDITS_PER_TEAMMATE_PER_DAY,
                  merges_per_day: float = OWNER_MERGES_PER_DAY, days: int = SCHOOL_DAYS) -> float:
    """Edits still waiting for the one owner after ``days`` (the simulation's backlog equation).

    A whole number of edits comes back as an ``int``, so a message about a wrong answer says
    "expected an int" (a count of edits), never "expected a float".
    """
    arrivals = np.full(days, float(teammates * edits_each))
    waiting = float(queue_backlog(arrivals, merges_per_day)[-1])
    return int(waiting) if waiting.is_integer() else waiting


def _days_do_not_match(answer) -> bool:
    """Edits in over one number of days, merges over another (``4*3*5 - 8*4``), both between 2 and 10."""
    daily_in, daily_out = TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY, OWNER_MERGES_PER_DAY
    return isinstance(answer, (int, float)) and answer >= 0 and any(
        answer == daily_in * d_in - daily_out * d_out
        for d_in in range(2, 11) for d_out in range(2, 11) if d_in != d_out)


def slower_plan(**values) -> str:
    """🧑‍🎓 Which plan makes a change wait longer on average, ``"central"`` or ``"mesh"``, in the simulation
    with these values (the simulator's starting values by default): the answer to the teen prediction."""
    key = "mean time-to-data (weeks)"
    summary = compare(**values)
    return "central" if summary.loc[key, "central"] > summary.loc[key, "mesh"] else "mesh"


# --------------------------------------------------------------------------------------------------
# 👨‍💻 lineage: who breaks when a product breaks
# --------------------------------------------------------------------------------------------------

SAMPLE_INPUTS: dict[str, list[str]] = {
    "payments.transactions": [],
    "catalog.products": [],
    "logistics.delivery_events": [],
    "analytics.daily_revenue": ["payments.transactions", "catalog.products"],
    "finance.monthly_report": ["analytics.daily_revenue"],
    "marketing.campaign_roi": ["analytics.daily_revenue", "logistics.delivery_events"],
}
"""Each product → the products it is built from (the sample mesh plus two imagined consumers)."""

_CHAIN = {"a.x": [], "b.y": ["a.x"], "c.z": ["b.y"]}
_DIAMOND = {"a.x": [], "b.y": ["a.x"], "c.z": ["a.x"], "d.w": ["b.y", "c.z"]}


def reference_blast_radius(inputs: dict[str, list[str]], broken: str) -> list[str]:
    """Every product downstream of ``broken``, sorted (computed with networkx)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(inputs)
    graph.add_edges_from((source, product) for product, sources in inputs.items() for source in sources)
    return sorted(nx.descendants(graph, broken))


def _blast_case(inputs: dict[str, list[str]], broken: str):
    return ((inputs, broken), reference_blast_radius(inputs, broken))


_DEEP: dict[str, list[str]] = {
    "shop.orders": [],
    "finance.fx_rates": [],
    "sales.clean_orders": ["shop.orders"],
    "sales.daily": ["sales.clean_orders", "finance.fx_rates"],
    "ops.alerts": ["sales.clean_orders"],
    "sales.weekly": ["sales.daily"],
    "finance.report": ["sales.weekly", "sales.daily"],
    "board.dashboard": ["finance.report", "ops.alerts"],
    "board.archive": ["board.dashboard"],
}
"""A mesh five steps deep with diamonds (sales.daily → finance.report directly and through sales.weekly;
sales.clean_orders → board.dashboard through finance and through ops): a search that stops after a
fixed number of steps, or lists a product once per path, shows it here."""

_LONG_CHAIN: dict[str, list[str]] = {f"etl.step{i:02d}": ([f"etl.step{i - 1:02d}"] if i else []) for i in range(16)}
"""A chain of 16 products: a search that stops after any fixed number of rounds below 15 shows it here."""

_DOMAIN_WORDS = ("shop", "sales", "finance", "ops", "board", "crm", "stock")


def random_lineage(rng: random.Random) -> tuple[dict[str, list[str]], str]:
    """A random lineage map and a broken product in it (the generated cases of ``q5``).

    2–16 products; each is built from 0–3 products declared before it, mostly recent ones, so long
    chains and diamonds are common. The map's order is shuffled, so lineage order is not dict order.
    """
    n = rng.randint(2, 16)
    names = [f"{rng.choice(_DOMAIN_WORDS)}.p{index}" for index in range(n)]
    inputs = {}
    for index, name in enumerate(names):
        recent = names[max(0, index - 3):index]
        inputs[name] = sorted(rng.sample(recent, k=rng.randint(0, len(recent)))) if recent else []
    items = list(inputs.items())
    rng.shuffle(items)
    return dict(items), rng.choice(names)


def fewer_products(args: tuple[dict[str, list[str]], str]) -> Iterator[tuple[dict[str, list[str]], str]]:
    """Smaller versions of a generated lineage map: each one product (never the broken one) shorter."""
    inputs, broken = args
    for gone in inputs:
        if gone != broken:
            smaller = {p: [s for s in sources if s != gone] for p, sources in inputs.items() if p != gone}
            yield smaller, broken


# --------------------------------------------------------------------------------------------------
# 👨‍💻 fixing a broken frame
# --------------------------------------------------------------------------------------------------

CURRENCIES = ("EUR", "SEK", "GBP", "USD")
"""Every currency of ``payments.transactions`` (its contract's ``validValues``)."""
VALID_STATUSES = ("captured", "authorized", "refunded", "failed")
"""Every status of ``payments.transactions``."""


def tiny_transactions() -> pd.DataFrame:
    """Eight clean payments shaped like ``payments.transactions`` (a few of its columns).

    They hold every currency and every status of the real data, so a fix that only knows some of them
    (``.replace({"sek": "SEK"})``) fails here as it fails on the real data; and two different payments
    that look alike but for their id (TX-100005 and TX-100008: 9.50 USD, failed), so removing duplicates
    by any other column than transaction_id loses a real payment here as on the real data.
    """
    return pd.DataFrame({
        "transaction_id": [f"TX-10000{i}" for i in range(1, 9)],
        "amount": [157.98, 61.99, 22.08, 23.78, 9.5, 310.0, 45.0, 9.5],
        "currency": ["EUR", "SEK", "GBP", "GBP", "USD", "EUR", "SEK", "USD"],
        "status": ["captured", "captured", "refunded", "captured", "failed", "authorized", "refunded", "failed"],
    })


def broken_tiny_transactions() -> pd.DataFrame:
    """The tiny payments with the notebook's three faults, in every form the real broken data show.

    Currencies in lower case (``"eur"``, ``"sek"``, ``"gbp"``, ``"usd"``) and as ``" Sek"`` (a space and a
    capital); statuses as ``"CAPTURED"`` and ``" Refunded"``; one payment (TX-100005) twice.
    """
    broken = tiny_transactions()
    broken["currency"] = ["eur", "sek", "gbp", " Gbp", "usd", "EUR", " Sek", "USD"]
    broken["status"] = ["CAPTURED", "captured", " Refunded", "captured", "failed", " Authorized", "refunded",
                        "FAILED"]
    return pd.concat([broken, broken.iloc[[4]]])


TINY_CLEAN = tiny_transactions()
TINY_BROKEN = broken_tiny_transactions()
_COMMON_PRICES = (9.5, 19.99, 49.0)
_MESSY_FORMS = (str.lower, str.upper, str.title, lambda text: " " + text.title(), lambda text: text + " ")


def random_payments(rng: random.Random) -> tuple[pd.DataFrame]:
    """A random broken payments frame for ``fix_transactions`` (the generated cases of ``q4``).

    1–8 payments with any currency and status, each value clean or messy (lower/upper/title case, a
    space before or after), and 0–2 payments written twice (exact copies, like a retry).
    """
    n = rng.randint(1, 8)
    clean = pd.DataFrame({
        "transaction_id": [f"TX-{rng.randint(100000, 199999)}-{i}" for i in range(n)],
        # a common price half of the time: different payments often share an amount
        "amount": [rng.choice(_COMMON_PRICES) if rng.random() < 0.5 else round(rng.uniform(1, 500), 2)
                   for _ in range(n)],
        "currency": [rng.choice(CURRENCIES) for _ in range(n)],
        "status": [rng.choice(VALID_STATUSES) for _ in range(n)],
    })
    for column in ("currency", "status"):
        clean[column] = [rng.choice(_MESSY_FORMS)(value) if rng.random() < 0.5 else value
                         for value in clean[column]]
    repeats = [rng.randrange(n) for _ in range(rng.randint(0, 2))]
    return (pd.concat([clean, clean.iloc[repeats]]).reset_index(drop=True),)


def fewer_payments(args: tuple[pd.DataFrame]):
    """Smaller versions of a generated payments frame: each one row shorter."""
    (frame,) = args
    for position in range(len(frame)):
        yield (frame.drop(index=frame.index[position]).reset_index(drop=True),)


# --------------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------------

q1 = ChoiceExercise(
    id="data_mesh_01.q1",
    level="kid",
    prompt="Why is it easy to share bricks between the rooms?",
    var="kid_answer",
    options={
        "a": "Each room has its own box.",
        "b": "Every box has the same kind of label.",
        "c": "All the bricks are in one giant box.",
    },
    correct="b",
    why={
        "a": "Own boxes keep each room tidy. But to share, you must read the other room’s box too. "
             "That is easy only when all labels look the same.",
        "b": "Yes! Same labels everywhere, so anyone can find and share a brick. "
             "In Data Mesh the “labels” are shared standards.",
        "c": "One giant box is the messy picture on the left. Nobody can find anything in it.",
    },
    starter="kid_answer = ____",
    solution='kid_answer = "b"',
    hints=["Look at the right-hand picture. What is the same on every box?",
           "Each room has its own box, but that alone does not help you read another room’s box."],
)

q2 = ValueExercise(
    id="data_mesh_01.q2",
    level="teen",
    prompt="How many edits are still waiting for the one owner after 5 school days?",
    var="waiting",
    expected=edits_waiting,
    starter="waiting = ____",
    solution="waiting = TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS - OWNER_MERGES_PER_DAY * SCHOOL_DAYS",
    hints=["Each day, how many edits come in? How many can the owner merge?",
           "Every day the pile grows by (4 × 3) − 8 edits. Now count 5 days."],
    mistakes=[
        Mistake(name="forgot_the_owner_merges", when=lambda a: a == TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS,
                example="waiting = TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS",
                message="That is every edit sent in 5 days. But the owner merges 8 a day, so those are not "
                        "waiting any more. Only the extra edits pile up."),
        Mistake(name="counted_the_merges", when=lambda a: a == OWNER_MERGES_PER_DAY * SCHOOL_DAYS,
                example="waiting = OWNER_MERGES_PER_DAY * SCHOOL_DAYS",
                message="That is how many edits the owner *merged*. The question is how many are still "
                        "waiting: what came in minus what got merged."),
        Mistake(name="one_day_only", when=lambda a: a == TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY - OWNER_MERGES_PER_DAY,
                example="waiting = TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY - OWNER_MERGES_PER_DAY",
                message="That is the pile after one day. The pile keeps growing every day: add up all 5."),
        Mistake(name="took_away_the_merges_once",
                when=lambda a: a == TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS - OWNER_MERGES_PER_DAY,
                example="waiting = TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS - OWNER_MERGES_PER_DAY",
                message="You took away the owner’s 8 merges only once. But the owner merges 8 edits every "
                        "day, for 5 days: take away the merges of all 5 days."),
        Mistake(name="days_do_not_match", when=_days_do_not_match,
                example="waiting = 4 * 3 * 5 - 8 * 4",
                message="You counted the edits that came in and the merges over different numbers of days. "
                        "Both happen on every one of the 5 school days: multiply both by SCHOOL_DAYS."),
        Mistake(name="below_zero", when=lambda a: a < 0,
                example="waiting = OWNER_MERGES_PER_DAY * SCHOOL_DAYS - TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS",
                message="A pile of edits can’t be less than zero. Check what you took away from what: "
                        "the edits that came in (all 5 days) minus the edits the owner merged (all 5 days)."),
        Mistake(name="text_not_number", when=lambda a: isinstance(a, str),
                example='waiting = "20 edits"',
                message="That is text, because it has quotes around it, so Python can’t count with it. "
                        "Write just the number, or the calculation, without quotes."),
        Mistake(name="printed_instead_of_stored", when=lambda a: a is None,
                example="waiting = print(TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY)",
                message="`waiting` is empty (None). `print(...)` only shows a number on the screen, it "
                        "doesn’t keep it. Write `waiting = ` followed by your calculation, without print."),
    ],
    correct_message="Right: 12 edits arrive a day, 8 get merged, so 4 more wait every day. The owner is the "
                    "bottleneck, and it only gets worse with more teammates.",
)

q3 = ChoiceExercise(
    id="data_mesh_01.q3",
    level="teen",
    prompt="Which Data Mesh pillar is the team’s shared file-naming rule?",
    var="pillar_answer",
    options={
        "a": "Domain ownership",
        "b": "Data as a product",
        "c": "Self-serve platform",
        "d": "Federated governance",
    },
    correct="d",
    why={
        "a": "Domain ownership is *who* owns each section (the slides team owns the slides). "
             "A rule every team follows is something else.",
        "b": "Data as a product is each team making its section good to use for others. "
             "The naming rule is shared by all teams, agreed together.",
        "c": "The shared Drive folder is the platform: the tool that makes owning a section easy. "
             "A rule about names is not a tool.",
        "d": "Yes: a rule all teams agree on together and all follow is federated governance.",
    },
    starter="pillar_answer = ____",
    solution='pillar_answer = "d"',
    hints=["Who made the rule, and who has to follow it?",
           "The rule was agreed by all the teams together and applies to everyone."],
)

def _fixed(function) -> pd.DataFrame:
    """What the learner's ``fix_transactions`` makes of the broken tiny frame (mistake predicates)."""
    return function(TINY_BROKEN)


def _is_table(value) -> bool:
    return isinstance(value, pd.DataFrame)


def _raises(function, error: type[Exception], *words: str) -> bool:
    """Does ``function(TINY_BROKEN)`` raise ``error`` with one of ``words`` in its message?"""
    try:
        function(TINY_BROKEN)
    except error as exc:
        return not words or any(word in str(exc) for word in words)
    except Exception:
        return False
    return False


def _same_rows(found: pd.DataFrame, expected: pd.DataFrame, columns: list[str]) -> bool:
    """The same values in ``columns``, whatever the row order and the index."""
    def rows(frame):
        return sorted(map(tuple, frame[columns].astype(str).to_numpy().tolist()))
    return rows(found) == rows(expected)


def _global_names(function) -> set[str]:
    """Names the function reads from outside itself (the notebook's globals, builtins)."""
    return {instruction.argval for code in code_objects(function) for instruction in dis.get_instructions(code)
            if instruction.opname in {"LOAD_GLOBAL", "LOAD_NAME"}}


def _unchanged(function, column: str) -> bool:
    """Does ``column`` come back holding exactly the broken values it went in with?"""
    return set(_fixed(function)[column]) == set(TINY_BROKEN[column])


def _invalid_currencies(function) -> list[str]:
    return [c for c in _fixed(function)["currency"] if not re.fullmatch("[A-Z]{3}", str(c))]


def _invalid_statuses(function) -> list[str]:
    return [s for s in _fixed(function)["status"] if s not in VALID_STATUSES]


_UNSEEN_FORMS = pd.DataFrame({
    "transaction_id": ["TX-300001", "TX-300002", "TX-300003", "TX-300004"],
    "amount": [1.0, 2.0, 3.0, 4.0],
    "currency": ["Eur", "sEK ", " gbp", "USD "],
    "status": ["Captured ", " AUTHORIZED", "refunded", "FAILED"],
})
"""Every currency and status in a messy form that neither TINY_BROKEN nor the examples show."""


def _fixed_some_codes_only(function) -> bool:
    """Some broken currency codes came out right, others did not (a list of replacements), on the tiny
    frame or on forms it never showed."""
    found = _fixed(function).drop_duplicates(subset="transaction_id").set_index("transaction_id")["currency"]
    broken = TINY_BROKEN.drop_duplicates(subset="transaction_id").set_index("transaction_id")["currency"]
    repaired = [tid for tid, code in broken.items() if code not in CURRENCIES and found.get(tid) in CURRENCIES]
    return bool(repaired) and bool(_invalid_currencies(function)) or _listed_forms(function, "currency", CURRENCIES)


def _listed_forms(function, column: str, valid: tuple[str, ...]) -> bool:
    """A list of replacements (``.replace``/``.map``) that misses forms the tiny frame never showed."""
    if not {"replace", "map"} & names_used(function):
        return False
    return not set(function(_UNSEEN_FORMS)[column]) <= set(valid)


def _dropped_both_copies(function) -> bool:
    """The repeated payment is gone altogether; every other payment is still there."""
    found = set(_fixed(function)["transaction_id"])
    repeated = set(TINY_BROKEN.loc[TINY_BROKEN["transaction_id"].duplicated(), "transaction_id"])
    return found == set(TINY_CLEAN["transaction_id"]) - repeated


def reference_fix(frame: pd.DataFrame) -> pd.DataFrame:
    """The repair ``q4`` asks for (its solution), used to compute the answer of extra cases."""
    fixed = frame.copy()
    fixed["currency"] = fixed["currency"].str.strip().str.upper()
    fixed["status"] = fixed["status"].str.strip().str.lower()
    return fixed.drop_duplicates(subset="transaction_id")


_OTHER_BROKEN = pd.DataFrame({
    "transaction_id": ["TX-200001", "TX-200002", "TX-200003", "TX-200002"],
    "amount": [12.0, 99.99, 5.25, 99.99],
    "currency": ["Usd", "gbp ", "SEK", "gbp "],
    "status": ["Failed", "authorized", " CAPTURED", "authorized"],
})
"""A second broken frame, so a function that repairs only the tiny frame it has seen does not pass."""

def _lost_a_look_alike(function) -> bool:
    """TX-100008 (9.50 USD, failed, like TX-100005) is gone: duplicates removed by other columns than the id."""
    found = set(_fixed(function)["transaction_id"])
    return "TX-100008" not in found and "TX-100005" in found


_NOTEBOOK_FRAMES = {"data", "TINY_BROKEN", "TINY_CLEAN", "tx", "report"}
_FIX_HEAD = "def fix_transactions(frame):\n    fixed = frame.copy()\n"
_FIX_CURRENCY = "    fixed[\"currency\"] = fixed[\"currency\"].str.strip().str.upper()\n"
_FIX_STATUS = "    fixed[\"status\"] = fixed[\"status\"].str.strip().str.lower()\n"
_FIX_RETURN = "    return fixed.drop_duplicates(subset=\"transaction_id\")\n"

q4 = FunctionExercise(
    id="data_mesh_01.q4",
    level="tech",
    prompt="Write fix_transactions(frame): repair the three faults so the contract passes again.",
    func="fix_transactions",
    cases=[((TINY_BROKEN,), TINY_CLEAN), ((TINY_CLEAN,), TINY_CLEAN),
           ((_OTHER_BROKEN,), reference_fix(_OTHER_BROKEN))],
    # The contract says nothing about row order or the index: any order of the repaired rows passes.
    unordered=True,
    # The producer's raw frame must stay as it arrived; a fix returns a new frame.
    forbid_mutation=True,
    # Beside the fixed cases: random broken frames, every currency and status in any messy form.
    generated=random_payments,
    shrink=fewer_payments,
    starter=(
        "def fix_transactions(frame):\n"
        "    fixed = frame.copy()\n"
        "    # 1. currency codes are upper case, no spaces: \"sek\" and \" Sek\" → \"SEK\"\n"
        "    # 2. status is lower case, no spaces: \" Refunded\" → \"refunded\"\n"
        "    # 3. each payment appears once\n"
        "    return ____\n"
    ),
    solution=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS + _FIX_RETURN,
    hints=[
        "pandas text columns have `.str.strip()`, `.str.upper()` and `.str.lower()`; they return a new "
        "column, so assign it back: `fixed[\"status\"] = fixed[\"status\"].str....`.",
        "Fix the values first, then `drop_duplicates(subset=\"transaction_id\")`: the contract says "
        "transaction_id is unique, and the default keep=\"first\" keeps one copy.",
    ],
    mistakes=[
        Mistake(name="used_the_global_broken", when=lambda f: "broken" in _global_names(f),
                example="def fix_transactions(frame):\n    return broken.drop_duplicates()\n",
                message="Your function reads the notebook's global `broken`, not its argument `frame`. "
                        "It must repair whatever frame it is given (the check gives it a tiny one), so work on "
                        "`frame`: start with `fixed = frame.copy()` and use `fixed` from there on."),
        Mistake(name="no_copy_made", when=lambda f: "fixed" in _global_names(f),
                example="def fix_transactions(frame):\n" + _FIX_CURRENCY + _FIX_STATUS + _FIX_RETURN,
                message="Your function uses `fixed` but never sets it: that `fixed` is a frame left in the "
                        "notebook by an earlier cell, not the frame you were given. Start with "
                        "`fixed = frame.copy()`."),
        Mistake(name="used_a_notebook_frame", when=lambda f: bool(_NOTEBOOK_FRAMES & _global_names(f)),
                example=("def fix_transactions(frame):\n    fixed = data.copy()\n" + _FIX_CURRENCY
                         + _FIX_STATUS + _FIX_RETURN),
                message="Your function reads a frame of the notebook (`data`, `TINY_BROKEN`, …) instead of "
                        "its argument `frame`. It must repair whatever frame it is given: start with "
                        "`fixed = frame.copy()`."),
        Mistake(name="forgot_to_return", when=lambda f: _fixed(f) is None,
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS,
                message="Your function returns nothing (None): it repairs `fixed` but never hands it back. "
                        "End it with `return fixed.drop_duplicates(...)` (or `return fixed`)."),
        Mistake(name="not_a_table", when=lambda f: not _is_table(_fixed(f)),
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS
                + "    return fixed.drop_duplicates(subset=\"transaction_id\").to_dict(\"records\")\n",
                message="Return the repaired table itself, a pandas DataFrame, not text, a list, a dict or a "
                        "number: the contract validates a frame."),
        Mistake(name="string_method_without_str",
                when=lambda f: _raises(f, AttributeError, "upper", "lower", "strip", "title"),
                example=_FIX_HEAD + "    fixed[\"currency\"] = fixed[\"currency\"].upper()\n    return fixed\n",
                message="A column is a whole Series, not one string, so it has no `.upper()`. Put `.str` in "
                        "between to apply it to every value: `fixed[\"currency\"].str.upper()`."),
        Mistake(name="unknown_column", when=lambda f: _raises(f, KeyError),
                example=_FIX_HEAD + "    fixed[\"currency\"] = fixed[\"Currency\"].str.upper()\n    return fixed\n",
                message="Your function asks for a column that does not exist (a KeyError). The columns are "
                        "transaction_id, amount, currency and status, all lower case: check the spelling."),
        Mistake(name="changed_the_columns",
                when=lambda f: _is_table(_fixed(f)) and set(_fixed(f).columns) != set(TINY_CLEAN.columns),
                example=_FIX_HEAD + "    fixed[\"Currency\"] = fixed[\"currency\"].str.upper()\n" + _FIX_STATUS
                + _FIX_RETURN,
                message="The columns changed: the repaired frame must have exactly transaction_id, amount, "
                        "currency and status. Did a typo create a new column (`fixed[\"Currency\"]` is not "
                        "`fixed[\"currency\"]`), or did you drop one?"),
        Mistake(name="currency_not_assigned",
                when=lambda f: "upper" in names_used(f) and _unchanged(f, "currency"),
                example=_FIX_HEAD + "    fixed[\"currency\"].str.strip().str.upper()\n" + _FIX_STATUS + _FIX_RETURN,
                message="You call `.str.upper()`, but the currency column came back unchanged: the result "
                        "was not assigned back. A pandas string method returns a new column and leaves the "
                        "old one alone; store it: `fixed[\"currency\"] = fixed[\"currency\"].str....`."),
        Mistake(name="status_not_assigned",
                when=lambda f: "lower" in names_used(f) and _unchanged(f, "status"),
                example=_FIX_HEAD + _FIX_CURRENCY + "    fixed[\"status\"].str.strip().str.lower()\n" + _FIX_RETURN,
                message="You call `.str.lower()`, but the status column came back unchanged: the result was "
                        "not assigned back. A pandas string method returns a new column; store it: "
                        "`fixed[\"status\"] = fixed[\"status\"].str....`."),
        Mistake(name="dedupe_not_assigned",
                when=lambda f: "drop_duplicates" in names_used(f) and len(_fixed(f)) == len(TINY_BROKEN),
                example=(_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS
                         + "    fixed.drop_duplicates(subset=\"transaction_id\")\n    return fixed\n"),
                message="You call `drop_duplicates`, but the repeated payment is still there twice: the "
                        "result was not assigned back. `drop_duplicates` returns a new frame; return it "
                        "(`return fixed.drop_duplicates(...)`) or store it (`fixed = fixed.drop_duplicates(...)`)."),
        Mistake(name="nothing_fixed", when=lambda f: answers_equal(_fixed(f), TINY_BROKEN),
                example="def fix_transactions(frame):\n    fixed = frame.copy()\n    return fixed\n",
                message="Your function gives the frame back unchanged: all three faults are still there. "
                        "Change `fixed` before you return it (upper-case currency, clean status, drop the "
                        "duplicate)."),
        Mistake(name="deduplicated_on_other_columns", when=_lost_a_look_alike,
                example=(_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS
                         + "    return fixed.drop_duplicates(subset=[\"amount\", \"currency\", \"status\"])\n"),
                message="You removed a real payment that only looks like another one: two customers can pay "
                        "the same amount in the same currency (here 9.50 USD, failed, twice). A payment is "
                        "repeated only when its transaction_id repeats, the column the contract says is "
                        "unique: `drop_duplicates(subset=\"transaction_id\")`."),
        Mistake(name="deduplicated_by_index",
                when=lambda f: "index" in names_used(f) and len(f(_OTHER_BROKEN)) == len(_OTHER_BROKEN),
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS + "    return fixed[~fixed.index.duplicated()]\n",
                message="You remove rows whose index repeats. The index is only pandas’ row label: a retry that "
                        "writes a payment twice can arrive with a new label. A payment is repeated when its "
                        "transaction_id repeats: `drop_duplicates(subset=\"transaction_id\")`."),
        Mistake(name="dropped_both_copies", when=_dropped_both_copies,
                example=(_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS
                         + "    return fixed.drop_duplicates(subset=\"transaction_id\", keep=False)\n"),
                message="The payment that was written twice is now gone altogether: `keep=False` drops *both* "
                        "copies, so a real payment disappears from the revenue. Keep one copy: "
                        "`drop_duplicates(subset=\"transaction_id\")` (keep=\"first\" is the default)."),
        Mistake(name="kept_the_duplicate", when=lambda f: len(_fixed(f)) == len(TINY_CLEAN) + 1,
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS + "    return fixed\n",
                message="One payment is still there twice, so revenue would count it twice. The contract's "
                        "duplicateValues rule on transaction_id catches it: drop the duplicate."),
        Mistake(name="dropped_rows_instead_of_fixing", when=lambda f: len(_fixed(f)) < len(TINY_CLEAN),
                example=("def fix_transactions(frame):\n"
                         "    good = frame[frame[\"currency\"].str.isupper()]\n"
                         "    good = good.assign(status=good[\"status\"].str.strip().str.lower())\n"
                         "    return good.drop_duplicates(subset=\"transaction_id\")\n"),
                message="You threw away payments whose values looked wrong. Dropping rows makes the report "
                        "green but the revenue wrong. These values can be repaired (\"sek\" means SEK), so "
                        "repair them and keep every payment."),
        Mistake(name="replaced_some_statuses", when=lambda f: _listed_forms(f, "status", VALID_STATUSES),
                example=(_FIX_HEAD + _FIX_CURRENCY + "    fixed[\"status\"] = fixed[\"status\"].replace({\"CAPTURED\": "
                         "\"captured\", \" Refunded\": \"refunded\", \" Authorized\": \"authorized\"})\n" + _FIX_RETURN),
                message="You repair statuses from a list of the forms you saw (\"CAPTURED\", \" Refunded\"), "
                        "but other payments write them in other ways (\"Failed \", \" AUTHORIZED\"). "
                        "`.str.strip().str.lower()` repairs every form, even ones you never saw."),
        Mistake(name="status_spaces_left",
                when=lambda f: _invalid_statuses(f) and all(s.strip() in VALID_STATUSES for s in _invalid_statuses(f)),
                example=_FIX_HEAD + _FIX_CURRENCY + "    fixed[\"status\"] = fixed[\"status\"].str.lower()\n"
                + _FIX_RETURN,
                message="Some statuses still start with a space (\" refunded\"): lower case alone keeps it. "
                        "Strip the spaces too: `.str.strip().str.lower()`."),
        Mistake(name="status_case_left",
                when=lambda f: _invalid_statuses(f) and all(s.lower() in VALID_STATUSES for s in _invalid_statuses(f)),
                example=_FIX_HEAD + _FIX_CURRENCY + "    fixed[\"status\"] = fixed[\"status\"].str.strip()\n"
                + _FIX_RETURN,
                message="The spaces are gone, but some statuses still have capital letters (\"CAPTURED\", "
                        "\"Refunded\"), and the contract allows only lower case: `.str.strip().str.lower()`."),
        Mistake(name="status_still_messy", when=lambda f: bool(_invalid_statuses(f)),
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_RETURN,
                message="Some statuses still read like \" Refunded\" or \"CAPTURED\". The contract allows "
                        "only captured, authorized, refunded and failed: strip spaces, then lower-case."),
        Mistake(name="currency_spaces_left",
                when=lambda f: _invalid_currencies(f) and all(c.strip() in CURRENCIES for c in _invalid_currencies(f)),
                example=_FIX_HEAD + "    fixed[\"currency\"] = fixed[\"currency\"].str.upper()\n" + _FIX_STATUS
                + _FIX_RETURN,
                message="Some currency codes still have a space (\" SEK\"): upper case alone keeps it, and the "
                        "contract's pattern ^[A-Z]{3}$ allows three capital letters only. Strip first: "
                        "`.str.strip().str.upper()`."),
        Mistake(name="replaced_some_codes", when=_fixed_some_codes_only,
                example=_FIX_HEAD + "    fixed[\"currency\"] = fixed[\"currency\"].replace({\"sek\": \"SEK\", "
                "\"usd\": \"USD\"})\n" + _FIX_STATUS + _FIX_RETURN,
                message="You repaired some currency codes one by one, but others are still broken. The "
                        "payments hold EUR, SEK, GBP and USD, written in any case and with spaces (\"eur\", "
                        "\" Gbp\"): a list of replacements fixes only what you listed. "
                        "`.str.strip().str.upper()` fixes every code, even ones you never saw."),
        Mistake(name="currency_still_lower_case", when=lambda f: bool(_invalid_currencies(f)),
                example=_FIX_HEAD + _FIX_STATUS + _FIX_RETURN,
                message="Some currencies are still not three capital letters (\"sek\", \" Gbp\"). The contract's "
                        "pattern is ^[A-Z]{3}$: use `.str.strip().str.upper()`."),
        Mistake(name="dropped_a_row_by_position",
                when=lambda f: len(f(TINY_CLEAN)) < len(TINY_CLEAN),
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS + "    return fixed.iloc[:-1]\n",
                message="On data that is already clean, your function removed a real payment. The duplicate "
                        "is not always the last row: drop rows by their transaction_id "
                        "(`drop_duplicates(subset=\"transaction_id\")`), not by position."),
        Mistake(name="changed_good_values",
                when=lambda f: not _same_rows(_fixed(f), TINY_CLEAN, ["transaction_id", "amount"]),
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS + "    fixed[\"amount\"] = fixed[\"amount\"].round()\n"
                + _FIX_RETURN,
                message="You changed values that were fine: transaction_id and amount must come out exactly "
                        "as they went in. Repair only currency and status, and drop the duplicate."),
    ],
    correct_message="Fixed. Now run the contract on the real data again: a green report is the proof, "
                    "not your eyes.",
)

_UNSORTED = {"z.orders": [], "m.invoices": ["z.orders"], "b.refunds": ["m.invoices"], "k.returns": ["z.orders"]}
"""A mesh whose downstream products are not found in alphabetical order (a search must sort them)."""

def _within_steps(inputs: dict[str, list[str]], broken: str, steps: int) -> list[str]:
    """The products at most ``steps`` arrows downstream of ``broken``, sorted (a search stopped early)."""
    found, frontier = set(), {broken}
    for _ in range(steps):
        frontier = {p for p, sources in inputs.items() for f in frontier if f in sources} - found
        found |= frontier
    return sorted(found)


def _stopped_early(function) -> bool:
    """Direct consumers found, but not every product further down (the deep mesh, the long chain)."""
    for inputs, broken in ((_DEEP, "shop.orders"), (_LONG_CHAIN, "etl.step00")):
        found = set(function(inputs, broken))
        if set(_within_steps(inputs, broken, 1)) <= found < set(reference_blast_radius(inputs, broken)):
            return True
    return False


def _one_pass_in_listed_order(function) -> bool:
    """Right when every product is listed after its inputs, wrong when the same mesh is listed backwards."""
    backwards = dict(reversed(list(_DEEP.items())))
    right = reference_blast_radius(_DEEP, "shop.orders")
    return function(_DEEP, "shop.orders") == right and function(backwards, "shop.orders") != right


_BLAST_HEAD = "def blast_radius(inputs, broken):\n"
_BLAST_SEARCH = (
    "    affected, frontier = [], [broken]\n"
    "    while frontier:\n"
    "        current = frontier.pop(0)\n"
    "        for product, sources in inputs.items():\n"
    "            if current in sources and product not in affected:\n"
    "                affected.append(product)\n"
    "                frontier.append(product)\n"
)

q5 = FunctionExercise(
    id="data_mesh_01.q5",
    level="tech",
    prompt="Write blast_radius(inputs, broken): every product downstream of a broken one, sorted.",
    func="blast_radius",
    cases=[
        _blast_case(SAMPLE_INPUTS, "payments.transactions"),
        _blast_case(SAMPLE_INPUTS, "logistics.delivery_events"),
        _blast_case(SAMPLE_INPUTS, "finance.monthly_report"),
        _blast_case(_DIAMOND, "a.x"),
        _blast_case(_CHAIN, "b.y"),
        _blast_case(_UNSORTED, "z.orders"),
        _blast_case(_DEEP, "shop.orders"),
        _blast_case(_DEEP, "sales.clean_orders"),
        _blast_case(_DEEP, "finance.fx_rates"),
        _blast_case(_LONG_CHAIN, "etl.step00"),
    ],
    # Finding the blast radius must not damage the lineage map it reads.
    forbid_mutation=True,
    # Beside the fixed cases: random meshes, deep and with diamonds, listed in any order.
    generated=random_lineage,
    shrink=fewer_products,
    starter=(
        "def blast_radius(inputs, broken):\n"
        "    \"\"\"inputs maps each product to the products it is built from.\"\"\"\n"
        "    affected = set()\n"
        "    # find every product built from `broken`, then every product built from those, …\n"
        "    return ____\n"
    ),
    solution=(
        "def blast_radius(inputs, broken):\n"
        "    \"\"\"inputs maps each product to the products it is built from.\"\"\"\n"
        "    affected = set()\n"
        "    frontier = [broken]\n"
        "    while frontier:\n"
        "        current = frontier.pop()\n"
        "        for product, sources in inputs.items():\n"
        "            if current in sources and product not in affected:\n"
        "                affected.add(product)\n"
        "                frontier.append(product)\n"
        "    return sorted(affected)\n"
    ),
    hints=[
        "Start with the products whose inputs contain `broken`. Then do the same for each of them.",
        "Keep a `frontier` list of products still to look at and a set `affected` of what you found; "
        "stop when the frontier is empty. Return `sorted(affected)`.",
    ],
    mistakes=[
        Mistake(name="forgot_to_return", when=lambda f: f(_CHAIN, "a.x") is None,
                example=_BLAST_HEAD + _BLAST_SEARCH,
                message="Your function returns nothing (None): it finds the products but never hands them "
                        "back. End it with `return sorted(affected)`."),
        Mistake(name="direct_consumers_only", when=lambda f: f(_CHAIN, "a.x") == ["b.y"],
                example=("def blast_radius(inputs, broken):\n"
                         "    return sorted(p for p, sources in inputs.items() if broken in sources)\n"),
                message="You found the direct consumers only. A break travels further: if b.y is built "
                        "from a.x and c.z from b.y, a broken a.x breaks c.z too. Repeat until nothing new."),
        Mistake(name="returned_a_set",
                when=lambda f: isinstance(f(_CHAIN, "a.x"), (set, frozenset)),
                example=_BLAST_HEAD + "    affected, frontier = set(), [broken]\n" + _BLAST_SEARCH.split("\n", 1)[1]
                .replace("affected.append", "affected.add") + "    return affected\n",
                message="You return a set, and a set has no order: the question asks for a sorted list, "
                        "so the same mesh always gives the same list to read and compare. Return "
                        "`sorted(affected)`."),
        Mistake(name="stopped_after_two_steps",
                when=lambda f: f(_DEEP, "shop.orders") == _within_steps(_DEEP, "shop.orders", 2),
                example=("def blast_radius(inputs, broken):\n"
                         "    first = [p for p, s in inputs.items() if broken in s]\n"
                         "    second = [p for p, s in inputs.items() for f in first if f in s]\n"
                         "    return sorted(set(first + second))\n"),
                message="You look two steps downstream, then stop. A break travels as far as the lineage "
                        "goes: in a mesh five steps deep (shop.orders → sales.clean_orders → sales.daily → "
                        "sales.weekly → finance.report → board.dashboard), a broken shop.orders breaks the "
                        "dashboard too. Keep a frontier of products still to look at, and repeat until it "
                        "is empty."),
        Mistake(name="stopped_too_early", when=_stopped_early,
                example=("def blast_radius(inputs, broken):\n"
                         "    found = {broken}\n"
                         "    for _ in range(3):\n"
                         "        found |= {p for p, s in inputs.items() if set(s) & found}\n"
                         "    return sorted(found - {broken})\n"),
                message="You found the products near the break but stopped before the far ones: your search "
                        "goes a fixed number of steps. Lineage can be any depth; keep going until a round "
                        "finds nothing new (a `while` loop over a frontier, not a `for` over a count)."),
        Mistake(name="one_pass_in_listed_order", when=_one_pass_in_listed_order,
                example=("def blast_radius(inputs, broken):\n"
                         "    affected = {broken}\n"
                         "    for product, sources in inputs.items():\n"
                         "        if set(sources) & affected:\n"
                         "            affected.add(product)\n"
                         "    return sorted(affected - {broken})\n"),
                message="Your search goes through the map once, in the order it is listed. That works only "
                        "when every product is listed after the products it is built from; a real lineage "
                        "map has no such order (here a product came before its input, so you missed it). "
                        "Keep a frontier of products still to look at, and repeat until it is empty."),
        Mistake(name="walked_upstream", when=lambda f: f(_CHAIN, "c.z") == ["a.x", "b.y"],
                example=("def blast_radius(inputs, broken):\n"
                         "    found, todo = set(), list(inputs[broken])\n"
                         "    while todo:\n"
                         "        p = todo.pop()\n"
                         "        found.add(p)\n"
                         "        todo += inputs[p]\n"
                         "    return sorted(found)\n"),
                message="You walked *upstream*: those are the products `broken` is built from. The blast "
                        "radius is downstream: the products built from it, whose owners you must warn."),
        Mistake(name="counted_the_broken_product", when=lambda f: "a.x" in f(_CHAIN, "a.x"),
                example=("def blast_radius(inputs, broken):\n"
                         "    found, todo = [broken], [broken]\n"
                         "    while todo:\n"
                         "        current = todo.pop()\n"
                         "        for p, sources in inputs.items():\n"
                         "            if current in sources and p not in found:\n"
                         "                found.append(p)\n"
                         "                todo.append(p)\n"
                         "    return sorted(found)\n"),
                message="Your list includes the broken product itself. The blast radius is the *other* "
                        "products that break because of it; leave `broken` out."),
        Mistake(name="listed_a_product_twice",
                when=lambda f: len(f(_DIAMOND, "a.x")) != len(set(f(_DIAMOND, "a.x"))),
                example=("def blast_radius(inputs, broken):\n"
                         "    found = []\n"
                         "    for p, sources in inputs.items():\n"
                         "        if broken in sources:\n"
                         "            found += [p] + blast_radius(inputs, p)\n"
                         "    return sorted(found)\n"),
                message="A product reachable by two paths (a diamond: b.y and c.z both feed d.w) appears "
                        "twice. Collect the products in a set, then sort."),
        Mistake(name="not_sorted",
                when=lambda f: (isinstance(found := f(_UNSORTED, "z.orders"), list)
                                and found != sorted(found)
                                and sorted(found) == reference_blast_radius(_UNSORTED, "z.orders")),
                example=_BLAST_HEAD + _BLAST_SEARCH + "    return affected\n",
                message="The right products, but not in sorted (A to Z) order. Return `sorted(affected)`, "
                        "so the same mesh always gives the same list to read and compare."),
    ],
    correct_message="Correct. That is `Catalog.downstream()`: before you change a product, this list is "
                    "who you must warn.",
)


q6 = ChoiceExercise(
    id="data_mesh_01.q6",
    level="tech",
    prompt="Which organisation is the strongest fit for Data Mesh?",
    var="fit_answer",
    options={
        "a": "A 30-person start-up: one product, one database, two analysts, definitions that rarely change.",
        "b": "40 domains, definitions change every sprint, the central data team is six months behind, and "
             "leadership funds a platform team and a governance guild.",
        "c": "40 domains and a drowning central team; the plan is to rename the central team “the mesh team” "
             "and keep it building every pipeline, with no platform budget.",
        "d": "A bank whose regulator demands one central team sign off every report, with no exceptions.",
    },
    correct="b",
    why={
        "a": "Few teams, low change rate, no bottleneck: a central warehouse is simpler and cheaper. "
             "Mesh adds coordination cost that this company would not get back.",
        "b": "Many domains, a high change rate, a central bottleneck, and the investment in platform and "
             "governance that makes ownership cheap and consistent: the rule of thumb in full.",
        "c": "That is the classic pitfall: “mesh” in name only. The same central team still does all the "
             "work, and there is no platform to make domain ownership affordable.",
        "d": "A regulator’s sign-off does not rule mesh out: regulated banks and insurers adopt mesh and "
             "build such controls into federated governance (a sign-off step, audit trails and lineage that "
             "the platform enforces for every product). But nothing here says the central team is a "
             "bottleneck or that definitions change fast, so nothing says mesh would pay off. Option b "
             "shows the problem and the investment.",
    },
    starter="fit_answer = ____",
    solution='fit_answer = "b"',
    hints=["Read the rule of thumb: two conditions for the problem, two for the solution.",
           "Look for: many domains, high change rate, a bottleneck, and money for platform and governance."],
)

# --------------------------------------------------------------------------------------------------
# More checks per level (issue 9: a learner who stops after a level has practised and been checked)
# --------------------------------------------------------------------------------------------------

LEGO_BOXES: dict[str, list[str]] = {
    "kitchen": ["red brick", "white brick", "little cup"],
    "bedroom": ["blue brick", "window", "bed"],
    "garage": ["black brick", "wheel", "steering wheel"],
    "garden": ["green brick", "flower", "tree"],
}
"""👶 Each room's box and what is in it: the label is the room's name."""


def box_with(piece: str) -> str:
    """The label of the box that holds ``piece``."""
    return next(room for room, pieces in LEGO_BOXES.items() if piece in pieces)


q7 = ChoiceExercise(
    id="data_mesh_01.q7",
    level="kid",
    prompt="The kitchen box has a torn label. Who should fix it?",
    var="who_fixes",
    options={
        "a": "The garage. They are good at fixing things.",
        "b": "The kitchen. It is their box.",
        "c": "Nobody. Tip all the bricks into one giant box.",
    },
    correct="b",
    why={
        "a": "The garage does not know what is in the kitchen box. The kitchen does. "
             "So the kitchen fixes its own label.",
        "b": "Yes! The kitchen owns the box, so the kitchen fixes it. In Data Mesh, the team that owns "
             "the data fixes its data.",
        "c": "Then nobody can find a brick again. That is the messy giant box from the picture.",
    },
    starter="who_fixes = ____",
    solution='who_fixes = "b"',
    hints=["Whose box is it?", "The one who owns the box knows what is inside it."],
)

q8 = ValueExercise(
    id="data_mesh_01.q8",
    level="kid",
    prompt="You need a wheel. Which box do you open?",
    var="box",
    expected=lambda: box_with("wheel"),
    starter="box = ____",
    solution='box = "garage"',
    hints=["Read each list. Which one has a wheel in it?",
           "Write the label in quote marks, just like the other labels: \"kitchen\"."],
    mistakes=[
        Mistake(name="picked_a_label_without_a_wheel",
                when=lambda a: isinstance(a, str) and a.strip().lower() in set(LEGO_BOXES) - {box_with("wheel")},
                example='box = "kitchen"',
                message="There is no wheel in that box. Read the list of each box again. Find the word wheel."),
        Mistake(name="label_with_capitals_or_spaces",
                when=lambda a: isinstance(a, str) and a != box_with("wheel") and a.strip().lower() == box_with("wheel"),
                example='box = "Garage"',
                message="Right box! Now write the label just as it is on the box: small letters, no spaces."),
        Mistake(name="named_the_piece",
                when=lambda a: isinstance(a, str) and any(a.strip().lower() in pieces for pieces in LEGO_BOXES.values()),
                example='box = "wheel"',
                message="That is the piece you need. The question asks for the box it is in. Write the label "
                        "of that box."),
        Mistake(name="not_a_label",
                when=lambda a: isinstance(a, str) and a.strip().lower() not in LEGO_BOXES
                and not any(a.strip().lower() in pieces for pieces in LEGO_BOXES.values()),
                example='box = "toy box"',
                message="No box has that label. The labels are kitchen, bedroom, garage and garden. "
                        "Pick the one with the wheel in it."),
        Mistake(name="a_number", when=lambda a: isinstance(a, (int, float)),
                example="box = 1",
                message="A number is not a label. Write the name on the box, in quote marks."),
        Mistake(name="more_than_one_box", when=lambda a: isinstance(a, (list, tuple, set)),
                example='box = ["kitchen", "garage"]',
                message="The labels tell you where the wheel is. So you open just one box. Write one label."),
    ],
    correct_message="Yes! You read the labels and opened one box. No digging! In Data Mesh, labels are how "
                    "people find data.",
)

TEAMS = 3
EDITS_PER_TEAM_PER_DAY = TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY // TEAMS
TEAM_MERGES_PER_DAY = 5


def edits_waiting_plan2(teams: int = TEAMS, edits_each: float = EDITS_PER_TEAM_PER_DAY,
                        merges_per_day: float = TEAM_MERGES_PER_DAY, days: int = SCHOOL_DAYS) -> int:
    """🧑‍🎓 Plan 2: every team merges its own section's edits; the edits waiting after ``days``, all teams."""
    arrivals = np.full(days, float(edits_each))
    return int(teams * queue_backlog(arrivals, merges_per_day)[-1])


q9 = ValueExercise(
    id="data_mesh_01.q9",
    level="teen",
    prompt="Plan 2: each team merges its own edits. How many edits wait after 5 school days?",
    var="waiting_plan2",
    expected=edits_waiting_plan2,
    starter="waiting_plan2 = ____",
    solution="waiting_plan2 = max(0, EDITS_PER_TEAM_PER_DAY - TEAM_MERGES_PER_DAY) * SCHOOL_DAYS * TEAMS",
    hints=["Look at one team. How many edits come in each day, and how many can it merge?",
           "A team that can merge more than comes in ends each day with an empty pile."],
    mistakes=[
        Mistake(name="below_zero", when=lambda a: isinstance(a, (int, float)) and a < 0,
                example="waiting_plan2 = (EDITS_PER_TEAM_PER_DAY - TEAM_MERGES_PER_DAY) * SCHOOL_DAYS * TEAMS",
                message="A pile of edits can’t be less than zero. When a team can merge more edits than come "
                        "in, its pile is simply empty at the end of the day; the spare time is not saved up."),
        Mistake(name="plan_1_numbers",
                when=lambda a: a == TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS - OWNER_MERGES_PER_DAY * SCHOOL_DAYS,
                example="waiting_plan2 = TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS - "
                        "OWNER_MERGES_PER_DAY * SCHOOL_DAYS",
                message="That number is Plan 1’s pile (one owner merging for everyone), and also every edit "
                        "one team gets in 5 days if it merged none. In Plan 2 each team merges its own edits: "
                        "take TEAM_MERGES_PER_DAY away, day by day."),
        Mistake(name="merges_minus_edits",
                when=lambda a: a in {(TEAM_MERGES_PER_DAY - EDITS_PER_TEAM_PER_DAY) * SCHOOL_DAYS * k for k in (1, TEAMS)},
                example="waiting_plan2 = (TEAM_MERGES_PER_DAY - EDITS_PER_TEAM_PER_DAY) * SCHOOL_DAYS",
                message="That counts the spare merging time (merges minus edits), not edits. Spare time is not "
                        "saved up, and it is not a pile of edits: how many edits are left over at the end of "
                        "each day?"),
        Mistake(name="forgot_the_merges",
                when=lambda a: a in (EDITS_PER_TEAM_PER_DAY * SCHOOL_DAYS * TEAMS, EDITS_PER_TEAM_PER_DAY * SCHOOL_DAYS),
                example="waiting_plan2 = EDITS_PER_TEAM_PER_DAY * SCHOOL_DAYS * TEAMS",
                message="That counts every edit sent in, as if nobody merged any. Each team merges "
                        "TEAM_MERGES_PER_DAY edits a day: take those away, day by day."),
        Mistake(name="text_not_number", when=lambda a: isinstance(a, str),
                example='waiting_plan2 = "none"',
                message="That is text, because it has quotes around it. Write just the number, or the "
                        "calculation, without quotes."),
    ],
    correct_message="Right: each team gets 4 edits a day and can merge 5, so no pile grows. Split the work "
                    "by owner and the capacity grows with the teams.",
)

q10 = ChoiceExercise(
    id="data_mesh_01.q10",
    level="tech",
    prompt="The payments contract says transaction_id is unique. Which pillar is that rule?",
    var="rule_answer",
    options={
        "a": "Federated governance: it is a rule in a contract, checked as code.",
        "b": "Data as a product: it is the payments team’s own quality promise about its product.",
        "c": "Self-serve platform: the platform runs the check.",
    },
    correct="b",
    why={
        "a": "Being checked as code does not make a rule governance. Governance is organisation-wide "
             "policy that every product follows (every product has an owner, a contract and an SLA; "
             "personal data is tagged; ids use one format), agreed by the domains together. A unique "
             "transaction_id is one product’s promise. Data Mesh 05 shows governance as code.",
        "b": "Right: a product’s contract and its quality rules are the “data as a product” pillar. "
             "Governance is the organisation-wide policy all products share (Data Mesh 05).",
        "c": "The platform runs the check, but the rule is not the platform’s: the payments team wrote it "
             "about its own data. The platform is the paved road that makes such checks cheap.",
    },
    starter="rule_answer = ____",
    solution='rule_answer = "b"',
    hints=["Who wrote this rule, and about whose data?",
           "Governance is a rule for every product of the organisation; this one is about one product."],
)

quiz4 = Quiz(
    id="data_mesh_01.quiz4",
    level="teen",
    question="Which one is a data product?",
    options=[
        Option("a", "A table in the warehouse that nobody owns",
               why="No: nobody owns it, nobody promises anything about it. That is a “mystery table”."),
        Option("b", "payments.transactions, with an owner, a contract and an SLA", correct=True,
               why="Yes: an owner, a contract that says what each column means, and an SLA that says "
                   "how fresh it is. Others can use it without asking."),
        Option("c", "A screenshot of a dashboard sent in a chat",
               why="No: a picture of numbers has no owner, no contract and no promise of freshness."),
    ],
    starter="quiz4.show()",
    solution='quiz4.answer("b")',
)

quiz1 = Quiz(
    id="data_mesh_01.quiz1",
    level="kid",
    question="What does Data Mesh keep the same for everyone?",
    options=[
        Option("a", "Who owns each box", why="No: each room (domain) owns its own box. That part differs."),
        Option("b", "The labels and rules", correct=True,
               why="Yes: each team owns its own data, but everyone uses the same labels and rules."),
        Option("c", "One giant box", why="No: one giant box is the mess Data Mesh moves away from."),
    ],
    starter="quiz1.show()",
    solution='quiz1.answer("b")',
)

quiz2 = Quiz(
    id="data_mesh_01.quiz2",
    level="teen",
    question="Governance in a mesh is too weak. What happens?",
    options=[
        Option("a", "Everything gets slow again", why="That is what happens when governance is too *strict*."),
        Option("b", "Teams drift apart: same word, different meaning (chaos)", correct=True,
               why="Right: weak governance → chaos (inconsistent semantics); overly strict → slow again."),
        Option("c", "Nothing: domains know their data best",
               why="Domains know their own data, but without shared rules their products do not fit together."),
    ],
    starter="quiz2.show()",
    solution='quiz2.answer("b")',
)

quiz3 = Quiz(
    id="data_mesh_01.quiz3",
    level="tech",
    question="Which of these is NOT one of the four principles of Data Mesh?",
    options=[
        Option("a", "Domain-oriented ownership", why="It is one: data is owned where the knowledge lives."),
        Option("b", "Data as a product", why="It is one: contract + SLA + quality, not random tables."),
        Option("c", "A central data team that builds every pipeline", correct=True,
               why="Correct: that is the centralised model Data Mesh moves away from."),
        Option("d", "Federated computational governance",
               why="It is one: shared standards, agreed together and enforced by the platform."),
        Option("e", "Self-serve data platform", why="It is one: it makes owning data cheap for domains."),
    ],
    starter="quiz3.show()",
    solution='quiz3.answer("c")',
)

__all__ = [
    "____", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "quiz1", "quiz2", "quiz3", "quiz4",
    "LEGO_BOXES", "TEAMMATES", "EDITS_PER_TEAMMATE_PER_DAY", "OWNER_MERGES_PER_DAY", "SCHOOL_DAYS",
    "TEAMS", "EDITS_PER_TEAM_PER_DAY", "TEAM_MERGES_PER_DAY", "slower_plan",
    "SAMPLE_INPUTS", "CURRENCIES", "VALID_STATUSES", "TINY_CLEAN", "TINY_BROKEN",
]
