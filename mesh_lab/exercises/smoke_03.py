"""Exercises of ``notebooks/smoke_testing/03_smoke_testing_data_products.ipynb``.

Bind them with ``from mesh_lab.exercises.smoke_03 import *``. The things the exercises talk about (the
lunchboxes, the photo album's problems, what the smoke tier reads from a product file) are exported
too, so the notebook can show them.

``q5`` grades the learner's ``smoke_check(product)`` on what the smoke tier reads from the payments
file — is it there, its columns, its rows, the age of its newest payment — with each fault of the
fault library, and on seeded generated snapshots besides.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mesh_lab.data_smoke import ProductFile, as_moment
from mesh_lab.learning import FunctionExercise, Mistake, Option, OrderExercise, Quiz, ValueExercise, ____

# --------------------------------------------------------------------------------------------------
# 👶 The lunchbox check
# --------------------------------------------------------------------------------------------------

LUNCHBOX_CHECKS = ("there", "closed", "food", "today")
"""The quick check before school: is the lunchbox there, is it closed, is there food, is it today's food?"""

LUNCHBOXES: dict[str, dict[str, bool]] = {
    "red": {"there": True, "closed": True, "food": True, "today": True, "every crumb fresh": True},
    "blue": {"there": False, "closed": False, "food": False, "today": False, "every crumb fresh": False},
    "green": {"there": True, "closed": False, "food": True, "today": True, "every crumb fresh": True},
    "yellow": {"there": True, "closed": True, "food": False, "today": False, "every crumb fresh": False},
    "purple": {"there": True, "closed": True, "food": True, "today": True, "every crumb fresh": False},
    "orange": {"there": True, "closed": True, "food": True, "today": False, "every crumb fresh": False},
}
"""Six lunchboxes. ``every crumb fresh`` is what only a slow look at every crumb can see."""


@dataclass(frozen=True)
class LunchboxLook:
    """What a quick look at one lunchbox finds."""

    name: str
    found: dict[str, bool]

    @property
    def passed(self) -> bool:
        """True when all four quick checks pass."""
        return all(self.found.values())

    def __repr__(self) -> str:
        marks = "  ".join(f"{'✅' if ok else '❌'} {check}" for check, ok in self.found.items())
        verdict = "ready for school 🎒" if self.passed else "stop: fix it before school"
        return f"{self.name} lunchbox: {marks}  →  {verdict}"


def quick_look(name: str) -> LunchboxLook:
    """Look at one lunchbox the quick way: there, closed, food, today's food. No crumb is checked."""
    if name not in LUNCHBOXES:
        raise ValueError(f"there is no {name!r} lunchbox; the lunchboxes are: {', '.join(LUNCHBOXES)}")
    box = LUNCHBOXES[name]
    return LunchboxLook(name, {check: box[check] for check in LUNCHBOX_CHECKS})


def lunchboxes_to_fix() -> list[str]:
    """The lunchboxes that fail the quick look (q1's answer, computed)."""
    return [name for name in LUNCHBOXES if not quick_look(name).passed]


# --------------------------------------------------------------------------------------------------
# 🧑‍🎓 The group chat's photo album
# --------------------------------------------------------------------------------------------------

ALBUM_PROBLEMS: dict[str, str] = {
    "a": "The album was deleted by mistake.",
    "b": "The upload stopped halfway: the spinner never finished.",
    "c": "The album is there, but no photo from today's trip is in it.",
    "d": "One photo is blurry.",
    "e": "The same photo was uploaded twice.",
    "f": "A photo has the wrong date on it.",
}
"""Things that go wrong with the class trip's shared album."""

_QUICK_LOOK_SEES = {"a", "b", "c"}


# --------------------------------------------------------------------------------------------------
# 👨‍💻 The smoke tier on a product
# --------------------------------------------------------------------------------------------------

PAYMENTS_COLUMNS = ["transaction_id", "customer_id", "sku", "quantity", "amount", "currency", "status",
                    "payment_method", "created_at"]
"""The columns the payments.transactions contract promises."""
MIN_ROWS = 101
"""The contract's rowCount rule: more than 100 payments (a normal day has hundreds)."""
MAX_AGE_MINUTES = 60
"""The contract's freshness SLA: the newest payment is at most an hour old."""


def product_snapshot(csv_path, now=None) -> dict[str, Any]:
    """What the smoke tier reads from a payments file: is it there, its columns, its rows, and the age in
    minutes of its newest ``created_at`` (``None`` when there is no such time to read)."""
    from pathlib import Path

    from mesh_lab.contracts import load_contract
    from mesh_lab.data_smoke import newest_timestamp
    from mesh_lab.datasets import product_paths

    product = ProductFile(load_contract(product_paths("payments.transactions")[1]), Path(csv_path), as_moment(now))
    if not product.path.exists():
        return {"exists": False, "columns": [], "rows": 0, "age_minutes": None}
    columns = product.header()
    newest = newest_timestamp(product, "created_at") if "created_at" in columns and product.row_count() else None
    age = None if newest is None else round((product.now - newest).total_seconds() / 60, 1)
    return {"exists": True, "columns": list(columns), "rows": product.row_count(), "age_minutes": age}


def peek(fault: str = "none", seed: int = 0) -> dict[str, Any]:
    """The snapshot of the payments file with ``fault`` injected (``"none"``: the file as it is).
    The broken copy is written to a temporary folder, never to ``data/``."""
    import tempfile
    from pathlib import Path

    from mesh_lab.contracts import load_contract
    from mesh_lab.datasets import product_paths
    from mesh_lab.faults import inject

    csv_path, contract_path = product_paths("payments.transactions")
    if fault == "none":
        return product_snapshot(csv_path)
    broken = inject(fault, csv_path.read_text(encoding="utf-8"), load_contract(contract_path), seed)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "transactions.csv"
        if broken is not None:
            target.write_text(broken, encoding="utf-8")
        return product_snapshot(target)


def _snap(exists=True, columns=None, rows=4000, age=19.8) -> dict[str, Any]:
    return {"exists": exists, "columns": list(PAYMENTS_COLUMNS if columns is None else columns), "rows": rows,
            "age_minutes": age}


_RENAMED = [c.upper() if c == "transaction_id" else c for c in PAYMENTS_COLUMNS]
_DROPPED = [c for c in PAYMENTS_COLUMNS if c != "transaction_id"]
SNAPSHOTS: dict[str, dict[str, Any]] = {
    "none": _snap(),
    "missing file": {"exists": False, "columns": [], "rows": 0, "age_minutes": None},
    "empty file": _snap(columns=[], rows=0, age=None),
    "dropped column": _snap(columns=_DROPPED),
    "renamed column": _snap(columns=_RENAMED),
    "stale data": _snap(age=4339.8),
    "late day": _snap(rows=3934, age=1464.3),
    "volume drop": _snap(rows=80, age=711.3),
    "a short delivery": _snap(rows=80),
    "duplicates": _snap(rows=4400),
    "null spike": _snap(),
    "an hour old, to the minute": _snap(age=60.0),
    "a minute too old": _snap(age=61.0),
    "half a minute too old": _snap(age=60.5),
    "just enough rows": _snap(rows=101),
    "columns in another order": _snap(columns=list(reversed(PAYMENTS_COLUMNS))),
    "an extra column": _snap(columns=[*PAYMENTS_COLUMNS, "note"]),
}
"""What the smoke tier reads from the payments file, for each fault of the library (``peek(fault)``
reads them from real broken files) and a few edge cases."""


def _random_snapshot(rng: random.Random) -> tuple[dict[str, Any]]:
    """q5's generated input: a file that is there or not, with columns dropped, renamed or added, a row
    count around the contract's minimum, and an age around the freshness SLA."""
    if rng.random() < 0.08:
        return ({"exists": False, "columns": [], "rows": 0, "age_minutes": None},)
    columns = list(PAYMENTS_COLUMNS)
    rng.shuffle(columns)
    change = rng.random()
    if change < 0.2:
        columns.pop(rng.randrange(len(columns)))
    elif change < 0.35:
        index = rng.randrange(len(columns))
        columns[index] = columns[index].upper()
    elif change < 0.45:
        columns.append("note")
    rows = rng.choice([0, 1, 50, 100, 101, 102, 4000, 4400])
    age = None if rows == 0 else rng.choice([0.5, 19.8, 59.9, 60.0, 60.1, 61.0, 1445.3, 4339.8])
    return ({"exists": True, "columns": columns, "rows": rows, "age_minutes": age},)


def _no_smaller_snapshot(args: tuple) -> tuple:
    """A snapshot always has its four keys: smaller is not a snapshot."""
    return ()


def _says(function: Callable, fault: str) -> Any:
    return function(dict(SNAPSHOTS[fault]))


def _passes(fault: str) -> Callable[[Callable], bool]:
    return lambda f: _says(f, fault) is True


def _crashes_on_missing_file(function: Callable) -> bool:
    try:
        function(dict(SNAPSHOTS["missing file"]))
    except TypeError:
        return True
    return False


def _counts_columns(function: Callable) -> bool:
    return _says(function, "renamed column") is True and _says(function, "dropped column") is False


def _needs_exact_order(function: Callable) -> bool:
    return _says(function, "none") is True and _says(function, "columns in another order") is False


# --------------------------------------------------------------------------------------------------
# The exercises
# --------------------------------------------------------------------------------------------------

q1 = ValueExercise(
    id="smoke_03.q1",
    level="kid",
    prompt="Give each lunchbox a quick look. Which lunchboxes are NOT ready for school?",
    var="boxes_to_fix",
    expected=lunchboxes_to_fix,
    unordered=True,
    starter="boxes_to_fix = ____",
    solution='boxes_to_fix = ["blue", "green", "yellow", "orange"]',
    hints=[
        'Look at each box: quick_look("red"), quick_look("blue"), and so on.',
        "A box is ready only when all four marks are ✅. Put the names of the other boxes in a list.",
    ],
    mistakes=[
        Mistake(name="not_a_list", when=lambda a: isinstance(a, str), example='boxes_to_fix = "blue, green"',
                message='Make a list: square brackets, and each name in its own quotes, like ["red", "pink"].'),
        Mistake(name="not_a_lunchbox", when=lambda a: any(not isinstance(n, str) or n not in LUNCHBOXES for n in a),
                example='boxes_to_fix = ["Blue", "Green", "Yellow", "Orange"]',
                message="One name is not a lunchbox. Write each colour in small letters. The lunchboxes are: "
                        f"{', '.join(LUNCHBOXES)}."),
        Mistake(name="purple_is_not_ready", when=lambda a: "purple" in a,
                example='boxes_to_fix = ["blue", "green", "yellow", "orange", "purple"]',
                message="Look at purple again: all four marks are ✅. One crumb is old, but a quick look "
                        "cannot see crumbs. By the quick check, purple is ready."),
        Mistake(name="red_is_not_ready", when=lambda a: "red" in a,
                example='boxes_to_fix = ["red", "blue", "green", "yellow", "orange"]',
                message="The red box has all four marks ✅. It is ready for school."),
        Mistake(name="same_box_twice", when=lambda a: len(list(a)) != len(set(a)),
                example='boxes_to_fix = ["blue", "blue", "green", "yellow", "orange"]',
                message="You wrote one box two times. Write each box only once."),
        Mistake(name="missed_some", when=lambda a: set(a) < set(lunchboxes_to_fix()),
                example='boxes_to_fix = ["blue", "green"]',
                message="Good start: those boxes are not ready. But more boxes have a ❌. Look at every box."),
    ],
    correct_message="Yes! Four boxes have a ❌, so they get fixed before school. That quick look is a smoke test.",
)

q2 = ValueExercise(
    id="smoke_03.q2",
    level="kid",
    prompt="One crumb in the purple lunchbox is old. Did purple pass the quick look? Write True or False.",
    var="purple_passed",
    expected=lambda: quick_look("purple").passed,
    starter="purple_passed = ____",
    solution="purple_passed = True",
    hints=["The quick look checks four things: there, closed, food, today. Does it check crumbs?",
           'Run quick_look("purple"). Are all four marks ✅? Then it passed.'],
    mistakes=[
        Mistake(name="crumb_counts", when=False, example="purple_passed = False",
                message="The quick look never checks crumbs. Purple is there, closed, full, and has today's "
                        "food. So it passed. Only a slow check of every crumb finds the old crumb."),
        Mistake(name="answer_in_quotes", when=lambda a: isinstance(a, str), example='purple_passed = "yes"',
                message="Write True or False with no quotes. Start with a big T or a big F."),
        Mistake(name="not_true_or_false", when=lambda a: not isinstance(a, bool), example="purple_passed = 1",
                message="Write just one word: True or False."),
    ],
    correct_message="Yes! Purple passed. The quick look cannot see one old crumb. That is fine: it only asks "
                    "if the lunch is basically OK.",
)

q3 = FunctionExercise(
    id="smoke_03.q3",
    level="teen",
    prompt="Write album_ok(album): True only when the album is there, the upload finished, and there is "
           "at least one photo from today.",
    func="album_ok",
    cases=[
        (({"there": True, "upload_done": True, "photos_today": 12},), True),
        (({"there": False, "upload_done": False, "photos_today": 0},), False),
        (({"there": True, "upload_done": False, "photos_today": 7},), False),
        (({"there": True, "upload_done": True, "photos_today": 0},), False),
        (({"there": True, "upload_done": True, "photos_today": 1},), True),
    ],
    starter='def album_ok(album):\n    """True when a quick look says the album basically works."""\n    return ____\n',
    solution='def album_ok(album):\n    """True when a quick look says the album basically works."""\n'
             '    return album["there"] and album["upload_done"] and album["photos_today"] > 0\n',
    hints=['album is a dict like {"there": True, "upload_done": False, "photos_today": 7}.',
           "All three must hold: and joins them. “At least one photo” is photos_today > 0."],
    time_limit_s=2.0,
    generated=lambda rng: ({"there": rng.random() < 0.8, "upload_done": rng.random() < 0.7,
                            "photos_today": rng.choice([0, 0, 1, 2, 5, 40])},),
    shrink=_no_smaller_snapshot,
    mistakes=[
        Mistake(name="zero_photos_is_fine",
                when=lambda f: f({"there": True, "upload_done": True, "photos_today": 0}) is True,
                example='def album_ok(album):\n    return album["there"] and album["upload_done"] '
                        'and album["photos_today"] >= 0\n',
                message="An album with 0 photos from today passes your check. But the trip was today: no new "
                        "photo means the upload is broken. Ask for more than 0."),
        Mistake(name="ignores_the_upload",
                when=lambda f: f({"there": True, "upload_done": False, "photos_today": 7}) is True,
                example='def album_ok(album):\n    return album["there"] and album["photos_today"] > 0\n',
                message="Your check says OK while the upload is still stuck halfway. Check upload_done too."),
        Mistake(name="ignores_there",
                when=lambda f: f({"there": False, "upload_done": True, "photos_today": 3}) is True,
                example='def album_ok(album):\n    return album["upload_done"] and album["photos_today"] > 0\n',
                message="Your check says OK for an album that is not there. Check album[\"there\"] too."),
        Mistake(name="printed_instead_of_returned",
                when=lambda f: f({"there": True, "upload_done": True, "photos_today": 3}) is None,
                example='def album_ok(album):\n    print(album["there"] and album["upload_done"])\n',
                message="Your function gives back None. Use return to hand the answer back."),
        Mistake(name="answers_in_words",
                when=lambda f: isinstance(f({"there": True, "upload_done": True, "photos_today": 3}), str),
                example='def album_ok(album):\n    return "yes"\n',
                message="Return True or False, not words: a pipeline reads a yes/no, not a sentence."),
    ],
    correct_message="Right: there, finished, something from today. Three quick looks, and you never opened a "
                    "single photo.",
)

q4 = ValueExercise(
    id="smoke_03.q4",
    level="teen",
    prompt="Which problems of ALBUM_PROBLEMS does the quick look (there? upload done? photos from today?) "
           "NOT find? Give a set of letters.",
    var="quick_look_misses",
    expected=lambda: set(ALBUM_PROBLEMS) - _QUICK_LOOK_SEES,
    unordered=True,
    starter="quick_look_misses = {____}",
    solution='quick_look_misses = {"d", "e", "f"}',
    hints=["The quick look asks only three things. Which problems would still let all three say yes?",
           "To find a blurry photo, you must open that photo. The quick look opens none."],
    mistakes=[
        Mistake(name="not_a_set", when=lambda a: isinstance(a, str), example='quick_look_misses = "d, e"',
                message='Write a set of letters: curly brackets, each letter in quotes, like {"a", "b"}.'),
        Mistake(name="not_a_letter", when=lambda a: any(k not in ALBUM_PROBLEMS for k in a),
                example='quick_look_misses = {"D", "E", "F"}',
                message=f"Use the small letters of ALBUM_PROBLEMS: {', '.join(ALBUM_PROBLEMS)}."),
        Mistake(name="thinks_it_misses_the_upload", when=lambda a: "b" in a,
                example='quick_look_misses = {"b", "d", "e", "f"}',
                message="A stuck upload is exactly what “did the upload finish?” sees. The quick look finds b."),
        Mistake(name="thinks_it_misses_today", when=lambda a: "c" in a,
                example='quick_look_misses = {"c", "d", "e", "f"}',
                message="“Are there photos from today?” finds c: there are none."),
        Mistake(name="thinks_it_misses_a_deleted_album", when=lambda a: "a" in a,
                example='quick_look_misses = {"a", "d", "e", "f"}',
                message="“Is the album there?” is the very first question. It finds a."),
        Mistake(name="missed_one", when=lambda a: set(a) < {"d", "e", "f"},
                example='quick_look_misses = {"d", "e"}',
                message="Those are missed, yes. One more problem needs you to look inside a photo."),
    ],
    correct_message="Yes: blurry, twice, wrong date. To see those you check every photo. That is slow, "
                    "and it is a different job.",
)

q5 = FunctionExercise(
    id="smoke_03.q5",
    level="tech",
    prompt="Write smoke_check(product) for payments.transactions: True only when the file is there, has every "
           "column of PAYMENTS_COLUMNS, at least MIN_ROWS rows, and its newest payment is at most "
           "MAX_AGE_MINUTES old.",
    func="smoke_check",
    cases=[((dict(SNAPSHOTS[name]),), expected) for name, expected in [
        ("none", True), ("missing file", False), ("empty file", False), ("dropped column", False),
        ("renamed column", False), ("stale data", False), ("late day", False), ("volume drop", False), ("a short delivery", False),
        ("duplicates", True), ("null spike", True), ("an hour old, to the minute", True),
        ("a minute too old", False), ("half a minute too old", False), ("just enough rows", True),
        ("columns in another order", True), ("an extra column", True)]],
    starter='def smoke_check(product):\n    """True when the product basically works: there, every column, enough rows, fresh."""\n'
            "    return ____\n",
    solution='def smoke_check(product):\n    """True when the product basically works: there, every column, enough rows, fresh."""\n'
             '    return (product["exists"]\n'
             '            and all(column in product["columns"] for column in PAYMENTS_COLUMNS)\n'
             '            and product["rows"] >= MIN_ROWS\n'
             '            and product["age_minutes"] <= MAX_AGE_MINUTES)\n',
    hints=['product is what the smoke tier reads, e.g. peek("renamed column"): '
           '{"exists": True, "columns": [...], "rows": 4000, "age_minutes": 19.8}.',
           "Four conditions joined by and, in fail-fast order: a file that is not there has no age to compare."],
    time_limit_s=2.0,
    generated=_random_snapshot,
    shrink=_no_smaller_snapshot,
    mistakes=[
        Mistake(name="always_true", when=_passes("missing file"),
                example='def smoke_check(product):\n    return True\n',
                message="Your check says True when there is no file at all. Start with product[\"exists\"]."),
        Mistake(name="crashes_on_a_missing_file", when=_crashes_on_missing_file,
                example='def smoke_check(product):\n    return (product["age_minutes"] <= MAX_AGE_MINUTES '
                        'and product["exists"])\n',
                message="On a missing file your check crashes (comparing None with a number) instead of "
                        "saying False. Check exists first: `and` stops at the first False, so the later "
                        "checks never run on a file that is not there. That is fail-fast."),
        Mistake(name="counts_columns", when=_counts_columns,
                example='def smoke_check(product):\n    return (product["exists"] and len(product["columns"]) '
                        '== len(PAYMENTS_COLUMNS)\n            and product["rows"] >= MIN_ROWS '
                        'and product["age_minutes"] <= MAX_AGE_MINUTES)\n',
                message="A renamed column (transaction_id arrived as TRANSACTION_ID) passes your check: you count "
                        "the columns instead of looking for each one by name."),
        Mistake(name="needs_exact_order", when=_needs_exact_order,
                example='def smoke_check(product):\n    return (product["exists"] and product["columns"] == '
                        'PAYMENTS_COLUMNS\n            and product["rows"] >= MIN_ROWS '
                        'and product["age_minutes"] <= MAX_AGE_MINUTES)\n',
                message="Your check fails a file whose columns come in another order, or with one extra "
                        "column. Consumers read columns by name: ask that each promised column is there."),
        Mistake(name="forgot_the_columns", when=_passes("dropped column"),
                example='def smoke_check(product):\n    return (product["exists"] and product["rows"] >= MIN_ROWS '
                        'and product["age_minutes"] <= MAX_AGE_MINUTES)\n',
                message="A file without its transaction_id column passes your check. Every consumer that reads "
                        "transaction_id breaks: ask that each column of PAYMENTS_COLUMNS is in product[\"columns\"]."),
        Mistake(name="any_row_will_do", when=_passes("a short delivery"),
                example='def smoke_check(product):\n    return (product["exists"] and all(c in product["columns"] '
                        'for c in PAYMENTS_COLUMNS)\n            and product["rows"] > 0 and '
                        'product["age_minutes"] <= MAX_AGE_MINUTES)\n',
                message="A fresh file with only 80 payments passes your check: 2 % of a normal delivery. The contract "
                        "promises more than 100 rows (MIN_ROWS): a volume check uses that floor, not zero."),
        Mistake(name="forgot_freshness", when=_passes("stale data"),
                example='def smoke_check(product):\n    return (product["exists"] and all(c in product["columns"] '
                        'for c in PAYMENTS_COLUMNS)\n            and product["rows"] >= MIN_ROWS)\n',
                message="Three-day-old data pass your check. Every column is there and every row is valid, "
                        "but nothing is new. Compare age_minutes with MAX_AGE_MINUTES."),
        Mistake(name="exact_row_count", when=lambda f: _says(f, "duplicates") is False and _says(f, "none") is True,
                example='def smoke_check(product):\n    return (product["exists"] and all(c in product["columns"] '
                        'for c in PAYMENTS_COLUMNS)\n            and product["rows"] == 4000 '
                        'and product["age_minutes"] <= MAX_AGE_MINUTES)\n',
                message="Your check fails a file with more rows than usual. The contract sets a floor, not an "
                        "exact count. (Those 4,400 rows hold duplicates: that is full validation's job.)"),
        Mistake(name="more_than_the_floor", when=lambda f: _says(f, "just enough rows") is False,
                example='def smoke_check(product):\n    return (product["exists"] and all(c in product["columns"] '
                        'for c in PAYMENTS_COLUMNS)\n            and product["rows"] > MIN_ROWS '
                        'and product["age_minutes"] <= MAX_AGE_MINUTES)\n',
                message="A file with exactly MIN_ROWS rows fails your check. MIN_ROWS is the smallest good "
                        "count (“more than 100” is 101 or more): use >=."),
        Mistake(name="a_little_late_is_fine", when=_passes("half a minute too old"),
                example='def smoke_check(product):\n    return (product["exists"] and all(c in product["columns"] '
                        'for c in PAYMENTS_COLUMNS)\n            and product["rows"] >= MIN_ROWS '
                        'and product["age_minutes"] < MAX_AGE_MINUTES + 1)\n',
                message="Data 60.5 minutes old pass your check, but the SLA allows at most 60 minutes. Compare "
                        "with MAX_AGE_MINUTES itself."),
        Mistake(name="an_hour_is_too_old", when=lambda f: _says(f, "an hour old, to the minute") is False,
                example='def smoke_check(product):\n    return (product["exists"] and all(c in product["columns"] '
                        'for c in PAYMENTS_COLUMNS)\n            and product["rows"] >= MIN_ROWS '
                        'and product["age_minutes"] < MAX_AGE_MINUTES)\n',
                message="Data exactly 60 minutes old fail your check. “At most an hour” allows 60: use <=."),
        Mistake(name="printed_instead_of_returned", when=lambda f: _says(f, "none") is None,
                example='def smoke_check(product):\n    print(product["exists"])\n',
                message="Your function gives back None. Use return: a gate reads the value you return."),
    ],
    correct_message="That is the smoke tier: four questions about the file, answered from its header, a newline "
                    "count and one column. It passes duplicates and null spikes: those are full validation's.",
)

CHEAPEST_TIER: dict[str, str] = {"stale data": "smoke", "duplicates": "full validation",
                                 "renamed column": "smoke", "null spike": "full validation",
                                 "late day": "smoke"}
"""For each fault, the cheapest tier that catches it (tests/test_exercises_smoke_03.py checks this
against the detection matrix, measured)."""
TIER_CHOICES = ("smoke", "full validation", "SLA")

q6 = ValueExercise(
    id="smoke_03.q6",
    level="tech",
    prompt="For each fault, name the cheapest tier that catches it: 'smoke', 'full validation' or 'SLA'.",
    var="tier_for",
    expected=lambda: dict(CHEAPEST_TIER),
    starter='tier_for = {"stale data": ____, "duplicates": ____, "renamed column": ____,\n'
            '            "null spike": ____, "late day": ____}',
    solution='tier_for = {"stale data": "smoke", "duplicates": "full validation", "renamed column": "smoke",\n'
             '            "null spike": "full validation", "late day": "smoke"}',
    hints=["Read the matrix above: which columns are green on each row? Of those, which tier took the fewest ms?",
           "The smoke tier reads the header, counts rows and reads one column. What can it see from those?"],
    mistakes=[
        Mistake(name="unknown_tier", when=lambda a: any(v not in TIER_CHOICES for v in dict(a).values()),
                example='tier_for = {"stale data": "Smoke", "duplicates": "validation", "renamed column": "smoke", '
                        '"null spike": "validation", "late day": "smoke"}',
                message=f"Each answer is one of {', '.join(repr(t) for t in TIER_CHOICES)}, written exactly so."),
        Mistake(name="validation_for_stale", when=lambda a: dict(a).get("stale data") == "full validation",
                example='tier_for = {"stale data": "full validation", "duplicates": "full validation", '
                        '"renamed column": "smoke", "null spike": "full validation", "late day": "smoke"}',
                message="Full validation misses stale data: every value is still valid, only old. Validation "
                        "has no clock. The matrix shows it red on that row."),
        Mistake(name="sla_for_freshness", when=lambda a: "SLA" in (dict(a).get("stale data"), dict(a).get("late day")),
                example='tier_for = {"stale data": "SLA", "duplicates": "full validation", "renamed column": "smoke", '
                        '"null spike": "full validation", "late day": "SLA"}',
                message="The SLA check catches it too, but it reads the whole file first. The smoke tier reads "
                        "one column and catches it in a few ms: ask for the cheapest tier."),
        Mistake(name="smoke_for_values", when=lambda a: "smoke" in (dict(a).get("duplicates"), dict(a).get("null spike")),
                example='tier_for = {"stale data": "smoke", "duplicates": "smoke", "renamed column": "smoke", '
                        '"null spike": "smoke", "late day": "smoke"}',
                message="The smoke tier never reads the values: duplicates and empty cells look like any other "
                        "rows to a newline count. Only full validation opens every value."),
        Mistake(name="sla_for_schema", when=lambda a: dict(a).get("renamed column") == "SLA",
                example='tier_for = {"stale data": "smoke", "duplicates": "full validation", "renamed column": "SLA", '
                        '"null spike": "full validation", "late day": "smoke"}',
                message="The SLA check misses a renamed column (its promises are about time and completeness). "
                        "The header alone shows it."),
    ],
    correct_message="Cheapest first: the smoke tier for what the header, the row count and the newest time "
                    "show; full validation for what hides in the values.",
)

GATE_STEPS: dict[str, dict[str, Any]] = {
    "full validation": {"seconds": 2.0, "needs": ["lint the contract", "smoke"],
                        "what": "every value against every rule"},
    "smoke": {"seconds": 0.1, "needs": ["lint the contract"], "what": "there, columns, rows, fresh"},
    "lint the contract": {"seconds": 0.05, "needs": [], "what": "the contract is valid ODCS"},
}
"""The steps of a product's publish gate: seconds on a million rows, what each needs first, what it checks."""


def gate_order(steps: Mapping[str, Mapping[str, Any]] = GATE_STEPS) -> list[str]:
    """Each step after the steps it needs; among the ready ones, the cheapest first (q7's answer)."""
    done: list[str] = []
    waiting = dict(steps)
    while waiting:
        ready = [n for n, s in waiting.items() if all(x in done for x in s["needs"])]
        chosen = min(ready, key=lambda n: (waiting[n]["seconds"], n))
        done.append(chosen)
        del waiting[chosen]
    return done


q7 = OrderExercise(
    id="smoke_03.q7",
    level="tech",
    prompt="Put the three steps of GATE_STEPS in the order a product's publish gate runs them.",
    var="gate",
    expected=gate_order,
    starter="gate = [____, ____, ____]",
    solution='gate = ["lint the contract", "smoke", "full validation"]',
    hints=["A step can only run once the steps it needs have passed (look at 'needs').",
           "Fail fast: among the steps that are ready, the cheapest first."],
    mistakes=[
        Mistake(name="not_a_list", when=lambda a: isinstance(a, (str, set, frozenset)),
                example='gate = {"lint the contract", "smoke", "full validation"}',
                message='An order is a list in square brackets: ["…", "…", "…"]. A set has no order.'),
        Mistake(name="unknown_step", when=lambda a: any(s not in GATE_STEPS for s in a),
                example='gate = ["lint", "smoke", "validation"]',
                message=f"Use the names of GATE_STEPS exactly: {', '.join(repr(s) for s in GATE_STEPS)}."),
        Mistake(name="each_step_once", when=lambda a: sorted(a) != sorted(GATE_STEPS),
                example='gate = ["smoke", "smoke", "full validation"]',
                message="Each of the three steps goes in the list exactly once."),
        Mistake(name="validation_before_smoke", when=lambda a: a.index("full validation") < a.index("smoke"),
                example='gate = ["lint the contract", "full validation", "smoke"]',
                message="Full validation takes seconds on a big file and then fails on a missing file with a "
                        "confusing error. The smoke tier takes milliseconds and says “no file at …”: it goes first."),
        Mistake(name="data_before_contract", when=lambda a: a[0] != "lint the contract",
                example='gate = ["smoke", "lint the contract", "full validation"]',
                message="The smoke checks come from the contract (its columns, its row floor, its freshness "
                        "SLA). With a broken contract there is nothing to check against: lint it first."),
    ],
    correct_message="Contract, then smoke, then full validation: a missing or stale file is stopped in "
                    "milliseconds, and the slow tier runs only on data that basically work.",
)

quiz1 = Quiz(
    id="smoke_03.quiz1",
    level="kid",
    question="You have two minutes before the school bus comes. How do you check your lunchbox?",
    options=[
        Option("a", "Look at every crumb.", why="That takes far too long. You would miss the bus!"),
        Option("b", "Is it there, is it closed, is there food, is it today's food?", correct=True,
               why="Yes! Four quick looks. If one fails, you fix it before you go."),
        Option("c", "Don't check. Just go.", why="Then you find the empty box at lunch time, when it is too late."),
    ],
)

quiz2 = Quiz(
    id="smoke_03.quiz2",
    level="teen",
    question="The album is there, the upload finished, and there are 40 photos from today. What do you know?",
    options=[
        Option("a", "Every photo is sharp and has the right date.",
               why="The quick look opened no photo. It cannot know that."),
        Option("b", "The album basically works: people can open it and see today's photos.", correct=True,
               why="Right. The quick look says “it works”, not “every photo is perfect”."),
        Option("c", "Nothing at all.", why="It tells you a lot: the album is there, complete and up to date."),
    ],
)

quiz3 = Quiz(
    id="smoke_03.quiz3",
    level="tech",
    question="Which fault can a data smoke tier (header, row count, newest timestamp) never catch?",
    options=[
        Option("a", "The file was never written.", why="The first check, file readable, catches it in 1 ms."),
        Option("b", "Yesterday's load ran twice, so 10 % of the rows are duplicates.", correct=True,
               why="Yes: the header is right, the row count is above the floor, the newest time is fresh. Only "
                   "a tier that reads the values (uniqueness) sees it."),
        Option("c", "The pipeline re-sent three-day-old data.", why="The newest timestamp shows it: fresh within SLA fails."),
    ],
)

quiz4 = Quiz(
    id="smoke_03.quiz4",
    level="tech",
    question="A consumer's dashboard refreshes every 5 minutes from your product. Which tier runs before each refresh?",
    options=[
        Option("a", "Full validation of every row, every 5 minutes.",
               why="Seconds to minutes of work every 5 minutes, on data that mostly did not change. Run it when "
                   "the data change (on publish), not on every read."),
        Option("b", "The smoke tier: milliseconds, and it stops a missing, truncated or stale file.", correct=True,
               why="Right: cheap enough to run all the time. Full validation runs on every publish, the SLA on a "
                   "clock."),
        Option("c", "None: the publish gate already validated the data.",
               why="The gate ran at publish time. Since then the file may be gone, or no new data arrived: "
                   "that is freshness, and only a check at read time sees it."),
    ],
)

quiz5 = Quiz(
    id="smoke_03.quiz5",
    level="teen",
    question="Your friend checks every photo in the album before telling the group “it's up”. It takes an hour. "
             "What is that?",
    options=[
        Option("a", "A quick look, done well.", why="An hour is not quick: that is checking every photo."),
        Option("b", "A full check: useful, but not the quick “does it basically work?” look.", correct=True,
               why="Yes: if it takes an hour and looks at every detail, it's not smoke testing anymore."),
        Option("c", "The only safe way to share an album.",
               why="Most days a ten-second look is enough to say “it's up”; the full check can come later."),
    ],
)

quiz6 = Quiz(
    id="smoke_03.quiz6",
    level="tech",
    question="In data-downtime terms, which pillar does a 98 % drop in row count belong to, and which tier "
             "catches it first?",
    options=[
        Option("a", "Distribution; full validation.", why="The values are fine; there are just too few rows."),
        Option("b", "Volume; the smoke tier's row floor.", correct=True,
               why="Yes: volume. The contract's rowCount floor turns it into a 10 ms smoke check."),
        Option("c", "Lineage; the SLA.", why="Lineage tells you who is hit downstream; the row count says it broke."),
    ],
)

__all__ = [
    "____",
    "q1", "q2", "q3", "q4", "q5", "q6", "q7", "quiz1", "quiz2", "quiz3", "quiz4", "quiz5", "quiz6",
    "LUNCHBOXES", "LUNCHBOX_CHECKS", "quick_look", "ALBUM_PROBLEMS", "PAYMENTS_COLUMNS", "MIN_ROWS",
    "MAX_AGE_MINUTES", "SNAPSHOTS", "peek", "product_snapshot", "CHEAPEST_TIER", "TIER_CHOICES",
    "GATE_STEPS", "gate_order",
]
