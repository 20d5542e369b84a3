"""Exercises of ``notebooks/data_mesh/01_what_is_data_mesh.ipynb``.

Bind them with ``from mesh_lab.exercises.data_mesh_01 import *``. The small examples the exercises
talk about (the group project numbers, a lineage map, a tiny broken payments frame) are exported too,
so the notebook can show them. Every expected answer is computed, never typed in.
"""

from __future__ import annotations

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
)
from mesh_lab.simulate import queue_backlog

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


# --------------------------------------------------------------------------------------------------
# 👨‍💻 fixing a broken frame
# --------------------------------------------------------------------------------------------------

VALID_STATUSES = ("captured", "authorized", "refunded", "failed")


def tiny_transactions() -> pd.DataFrame:
    """Six clean payments shaped like ``payments.transactions`` (a few of its columns)."""
    return pd.DataFrame({
        "transaction_id": [f"TX-10000{i}" for i in range(1, 7)],
        "amount": [157.98, 61.99, 22.08, 23.78, 9.5, 310.0],
        "currency": ["EUR", "SEK", "GBP", "GBP", "USD", "EUR"],
        "status": ["captured", "captured", "refunded", "captured", "failed", "authorized"],
    })


def break_transactions(frame: pd.DataFrame) -> pd.DataFrame:
    """The three faults of the notebook: lower-case currencies, messy statuses, one payment twice."""
    broken = frame.copy()
    rows = broken.index
    broken.loc[rows[1::3], "currency"] = broken.loc[rows[1::3], "currency"].str.lower()
    broken.loc[rows[2::4], "status"] = " " + broken.loc[rows[2::4], "status"].str.title()
    broken.loc[rows[0::5], "status"] = broken.loc[rows[0::5], "status"].str.upper()
    return pd.concat([broken, broken.iloc[[len(broken) // 2]]])


TINY_CLEAN = tiny_transactions()
TINY_BROKEN = break_transactions(TINY_CLEAN)

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


_FIX_HEAD = "def fix_transactions(frame):\n    fixed = frame.copy()\n"
_FIX_CURRENCY = "    fixed[\"currency\"] = fixed[\"currency\"].str.upper()\n"
_FIX_STATUS = "    fixed[\"status\"] = fixed[\"status\"].str.strip().str.lower()\n"

q4 = FunctionExercise(
    id="data_mesh_01.q4",
    level="tech",
    prompt="Write fix_transactions(frame): repair the three faults so the contract passes again.",
    func="fix_transactions",
    cases=[((TINY_BROKEN,), TINY_CLEAN), ((TINY_CLEAN,), TINY_CLEAN)],
    # The contract says nothing about row order or the index: any order of the repaired rows passes.
    unordered=True,
    # The producer's raw frame must stay as it arrived; a fix returns a new frame.
    forbid_mutation=True,
    starter=(
        "def fix_transactions(frame):\n"
        "    fixed = frame.copy()\n"
        "    # 1. currency codes are upper case: \"sek\" → \"SEK\"\n"
        "    # 2. status is lower case, no spaces: \" Refunded\" → \"refunded\"\n"
        "    # 3. each payment appears once\n"
        "    return ____\n"
    ),
    solution=(
        "def fix_transactions(frame):\n"
        "    fixed = frame.copy()\n"
        "    fixed[\"currency\"] = fixed[\"currency\"].str.upper()\n"
        "    fixed[\"status\"] = fixed[\"status\"].str.strip().str.lower()\n"
        "    return fixed.drop_duplicates(subset=\"transaction_id\")\n"
    ),
    hints=[
        "pandas text columns have `.str.upper()`, `.str.strip()` and `.str.lower()`.",
        "Fix the values first, then `drop_duplicates(subset=\"transaction_id\")`: the contract says "
        "transaction_id is unique.",
    ],
    mistakes=[
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
                + "    return fixed.drop_duplicates(subset=\"transaction_id\")\n",
                message="The columns changed: the repaired frame must have exactly transaction_id, amount, "
                        "currency and status. Did a typo create a new column (`fixed[\"Currency\"]` is not "
                        "`fixed[\"currency\"]`), or did you drop one?"),
        Mistake(name="nothing_fixed", when=lambda f: answers_equal(_fixed(f), TINY_BROKEN),
                example="def fix_transactions(frame):\n    fixed = frame.copy()\n    return fixed\n",
                message="Your function gives the frame back unchanged: all three faults are still there. "
                        "Change `fixed` before you return it (upper-case currency, clean status, drop the "
                        "duplicate)."),
        Mistake(name="kept_the_duplicate", when=lambda f: len(_fixed(f)) == len(TINY_CLEAN) + 1,
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS + "    return fixed\n",
                message="One payment is still there twice, so revenue would count it twice. The contract's "
                        "duplicateValues rule on transaction_id catches it: drop the duplicate."),
        Mistake(name="dropped_rows_instead_of_fixing", when=lambda f: len(_fixed(f)) < len(TINY_CLEAN),
                example=("def fix_transactions(frame):\n"
                         "    good = frame[frame[\"currency\"].str.isupper()]\n"
                         "    good = good.assign(status=good[\"status\"].str.strip().str.lower())\n"
                         "    return good.drop_duplicates(subset=\"transaction_id\")\n"),
                message="You threw away real payments. Dropping rows makes the report green but the revenue "
                        "wrong. These values can be repaired (\"sek\" means SEK), so repair them."),
        Mistake(name="status_still_messy",
                when=lambda f: not set(_fixed(f)["status"]) <= set(VALID_STATUSES),
                example=_FIX_HEAD + _FIX_CURRENCY + "    return fixed.drop_duplicates(subset=\"transaction_id\")\n",
                message="Some statuses still read like \" Refunded\" or \"CAPTURED\". The contract allows "
                        "only captured, authorized, refunded and failed: strip spaces, then lower-case."),
        Mistake(name="currency_still_lower_case",
                when=lambda f: not _fixed(f)["currency"].str.fullmatch("[A-Z]{3}").all(),
                example=_FIX_HEAD + _FIX_STATUS + "    return fixed.drop_duplicates(subset=\"transaction_id\")\n",
                message="Some currencies are still lower case (\"sek\"). The contract's pattern is "
                        "^[A-Z]{3}$: use `.str.upper()`."),
        Mistake(name="dropped_a_row_by_position",
                when=lambda f: len(f(TINY_CLEAN)) < len(TINY_CLEAN),
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS + "    return fixed.iloc[:-1]\n",
                message="On data that is already clean, your function removed a real payment. The duplicate "
                        "is not always the last row: drop rows by their transaction_id "
                        "(`drop_duplicates(subset=\"transaction_id\")`), not by position."),
        Mistake(name="changed_good_values",
                when=lambda f: not _same_rows(_fixed(f), TINY_CLEAN, ["transaction_id", "amount"]),
                example=_FIX_HEAD + _FIX_CURRENCY + _FIX_STATUS + "    fixed[\"amount\"] = fixed[\"amount\"].round()\n"
                + "    return fixed.drop_duplicates(subset=\"transaction_id\")\n",
                message="You changed values that were fine: transaction_id and amount must come out exactly "
                        "as they went in. Repair only currency and status, and drop the duplicate."),
    ],
    correct_message="Fixed. Now run the contract on the real data again: a green report is the proof, "
                    "not your eyes.",
)

_UNSORTED = {"z.orders": [], "m.invoices": ["z.orders"], "b.refunds": ["m.invoices"], "k.returns": ["z.orders"]}
"""A mesh whose downstream products are not found in alphabetical order (a search must sort them)."""

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
    ],
    # Finding the blast radius must not damage the lineage map it reads.
    forbid_mutation=True,
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
        "d": "A mandated central sign-off removes domain ownership. Federated governance needs room for "
             "domains to decide; here the constraint rules mesh out (or confines it to non-regulated data).",
    },
    starter="fit_answer = ____",
    solution='fit_answer = "b"',
    hints=["Read the rule of thumb: two conditions for the problem, two for the solution.",
           "Look for: many domains, high change rate, a bottleneck, and money for platform and governance."],
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
    "____", "q1", "q2", "q3", "q4", "q5", "q6", "quiz1", "quiz2", "quiz3",
    "TEAMMATES", "EDITS_PER_TEAMMATE_PER_DAY", "OWNER_MERGES_PER_DAY", "SCHOOL_DAYS",
    "SAMPLE_INPUTS", "VALID_STATUSES", "TINY_CLEAN", "TINY_BROKEN", "break_transactions",
]
