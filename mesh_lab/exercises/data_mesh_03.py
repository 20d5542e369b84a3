"""Exercises of ``notebooks/data_mesh/03_data_as_a_product.ipynb``.

Bind them with ``from mesh_lab.exercises.data_mesh_03 import *``. The examples the exercises talk about
are exported too: the 👶 toy box, the 🧑‍🎓 study guides, and for the 👨‍💻 level a new product,
``loyalty.points`` (its data come from a seeded generator and are written to the workspace, never to
``data/``), six changes to the payments contract, and the evolution the payments team wants to ship.
Every expected answer is computed (by counting, by :func:`mesh_lab.evolution.diff`, by
:func:`mesh_lab.sla.check_sla`), never typed in.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from mesh_lab.contracts import Contract, contract_from_yaml, load_contract
from mesh_lab.datasets import REFERENCE_TIME, product_paths
from mesh_lab.errors import ContractError
from mesh_lab.evolution import LEVELS, Change, ContractDiff, diff
from mesh_lab.learning import (
    ChoiceExercise,
    FunctionExercise,
    Mistake,
    Option,
    Quiz,
    Result,
    ValueExercise,
    ____,
    describe,
    is_blank,
)
from mesh_lab.lint import lint_text
from mesh_lab.paths import workspace, write_atomically
from mesh_lab.platform import infer_properties
from mesh_lab.sla import check_sla, duration
from mesh_lab.validation import read_product, validate

# --------------------------------------------------------------------------------------------------
# 👶 the toy box
# --------------------------------------------------------------------------------------------------

BOX_PROMISE: dict[str, int] = {"wheel": 4, "door": 2, "roof": 1, "window": 2}
"""👶 What the label of the toy box promises: 9 pieces."""
PIECES_IN_BOX: list[str] = ["wheel", "wheel", "wheel", "door", "door", "roof", "window"]
"""👶 What you find when you open the box and count."""


def missing_pieces(promise: Mapping[str, int] = BOX_PROMISE, found: list[str] = PIECES_IN_BOX) -> int:
    """How many pieces the box promised that are not in it."""
    return sum(max(0, count - found.count(piece)) for piece, count in promise.items())


# --------------------------------------------------------------------------------------------------
# 🧑‍🎓 study guides in the class Drive
# --------------------------------------------------------------------------------------------------

STUDY_GUIDES: dict[str, dict[str, Any]] = {
    "ada_biology": {"in the class folder": True, "says who made it": True, "says what it covers": True,
                    "shows when it was updated": True},
    "ben_history": {"in the class folder": False, "says who made it": True, "says what it covers": True,
                    "shows when it was updated": True},
    "cleo_maths": {"in the class folder": True, "says who made it": True, "says what it covers": True,
                   "shows when it was updated": True},
    "dev_chemistry": {"in the class folder": True, "says who made it": False, "says what it covers": True,
                      "shows when it was updated": False},
    "eli_english": {"in the class folder": True, "says who made it": True, "says what it covers": False,
                    "shows when it was updated": True},
}
"""🧑‍🎓 Five study guides and what each one does for a classmate who wants to use it."""


def guides_others_can_use(guides: Mapping[str, Mapping[str, bool]] = STUDY_GUIDES) -> list[str]:
    """The guides a classmate can find, trust and use without asking: every box ticked."""
    return sorted(name for name, facts in guides.items() if all(facts.values()))


def _guides_missing(fact: str) -> set[str]:
    return {name for name, facts in STUDY_GUIDES.items() if not facts[fact]}


def _names(answer) -> set[str] | None:
    if isinstance(answer, (list, tuple, set)) and all(isinstance(a, str) for a in answer):
        return {a.strip() for a in answer}
    return None


def _includes(answer, names: set[str]) -> bool:
    found = _names(answer)
    return found is not None and bool(found & names)


# --------------------------------------------------------------------------------------------------
# 👨‍💻 a new product: loyalty.points (data generator, written to the workspace)
# --------------------------------------------------------------------------------------------------

POINTS_ID = "loyalty.points"
POINTS_REASONS = ("purchase", "review", "birthday")
#: the newest entry is this old at the reference time
POINTS_NEWEST_AGE = pd.Timedelta(minutes=35)
#: the feed has been running this long at the reference time
POINTS_HISTORY = pd.Timedelta(days=13, hours=12)
#: the feed's outage: it starts this long before the reference time and lasts OUTAGE_LENGTH
OUTAGE_BEFORE_REFERENCE = pd.Timedelta(hours=50)
OUTAGE_LENGTH = pd.Timedelta(hours=9)


def points_frame(seed: int = 3) -> pd.DataFrame:
    """The data of ``loyalty.points``: one row per loyalty-point entry, every 20–90 minutes, with one
    9-hour outage of the feed two days before the reference time. Seeded: the same rows on every run."""
    rng = random.Random(seed)
    newest = REFERENCE_TIME - POINTS_NEWEST_AGE
    outage_start = REFERENCE_TIME - OUTAGE_BEFORE_REFERENCE
    stamps, moment = [], REFERENCE_TIME - POINTS_HISTORY
    while moment < newest:
        if stamps and stamps[-1] < outage_start < moment:  # the feed goes quiet: one row as it stops,
            stamps.append(outage_start)                    # the next one when it comes back
            moment = outage_start + OUTAGE_LENGTH
        stamps.append(moment)
        moment += pd.Timedelta(minutes=rng.randint(20, 90))
    stamps.append(newest)
    rows = [{"entry_id": f"LP-{index:05d}", "customer_id": f"CU-{rng.randint(0, 2999):05d}",
             "points": rng.choice([5, 10, 25, 50, 100, 250]), "reason": rng.choice(POINTS_REASONS),
             "created_at": stamp.strftime("%Y-%m-%dT%H:%M:%SZ")} for index, stamp in enumerate(stamps, start=1)]
    return pd.DataFrame(rows)


def write_points_csv(seed: int = 3) -> Path:
    """Write the data of ``loyalty.points`` to ``<workspace>/data_mesh_03/loyalty_points.csv``; return the path."""
    folder = workspace() / "data_mesh_03"
    folder.mkdir(parents=True, exist_ok=True)
    return write_atomically(folder / "loyalty_points.csv", points_frame(seed).to_csv(index=False))


@functools.lru_cache(maxsize=1)
def _inferred_types() -> tuple[tuple[str, str], ...]:
    text = points_frame().astype(str)
    return tuple((prop["name"], prop["logicalType"]) for prop in infer_properties(text))


def expected_types() -> dict[str, str]:
    """Each column of the points data → the logical type its values have (what the platform infers)."""
    return dict(_inferred_types())


POINTS_CONTRACT = """\
apiVersion: v3.1.0
kind: DataContract
id: loyalty.points
name: points
version: 1.0.0
status: active
domain: loyalty
description:
  purpose: Every loyalty-point entry of the shop, one row per entry.
team:
  name: loyalty-team
schema:
  - name: points
    properties:
      - name: entry_id
        logicalType: string
        required: true
        unique: true
        logicalTypeOptions:
          pattern: "^LP-[0-9]{5}$"
      - name: customer_id
        logicalType: string
        required: true
      - name: points
        logicalType: integer
        required: true
        logicalTypeOptions:
          minimum: 1
      - name: reason
        logicalType: string
        required: true
      - name: created_at
        logicalType: timestamp
        required: true
slaProperties:
  - property: latency
    value: 2
    unit: h
    element: points.created_at
  - property: frequency
    value: 12
    unit: h
    element: points.created_at
  - property: retention
    value: 14
    unit: d
    element: points.created_at
"""
"""A contract of ``loyalty.points`` that lints clean, validates and keeps its SLAs at the reference time
(the solution of ``q5``, and the product on the 👨‍💻 SLA clock with a tighter frequency)."""


def clock_contract() -> Contract:
    """``loyalty.points`` as the SLA clock shows it: freshness 2 h, frequency 6 h, retention 14 d."""
    document = contract_from_yaml(POINTS_CONTRACT, "<loyalty.points>").to_dict()
    for item in document["slaProperties"]:
        if item["property"] == "frequency":
            item["value"] = 6
    return Contract.from_dict(document, source="<loyalty.points on the SLA clock>")


def delivered_by(frame: pd.DataFrame, now, column: str = "created_at") -> pd.DataFrame:
    """The rows of ``frame`` that existed at ``now`` (what the product held at that moment)."""
    stamps = pd.to_datetime(frame[column], utc=True)
    return frame[stamps <= pd.Timestamp(now)].reset_index(drop=True)


def minutes_until_stale(contract: Contract | None = None, frame: pd.DataFrame | None = None,
                        now=REFERENCE_TIME) -> float:
    """Minutes from ``now`` until the freshness (``latency``) SLA goes red, if no new row arrives."""
    contract = contract or clock_contract()
    frame = points_frame() if frame is None else frame
    item = next(s for s in contract.sla_properties if s.property == "latency")
    newest = pd.to_datetime(frame["created_at"], utc=True).max()
    return (newest + duration(item.value, item.unit) - pd.Timestamp(now)) / pd.Timedelta(minutes=1)


def green_at(now=REFERENCE_TIME) -> int:
    """How many of the clock's timed SLAs are met at ``now`` (the answer to the clock's prediction)."""
    frame = points_frame()
    report = check_sla(clock_contract(), delivered_by(frame, now), now=now)
    timed = report.frame[report.frame["property"].isin(["latency", "frequency", "retention"])]
    return int(timed["passed"].eq(True).sum())


# --------------------------------------------------------------------------------------------------
# 👨‍💻 evolution: six changes to payments.transactions
# --------------------------------------------------------------------------------------------------

def payments_contract() -> Contract:
    """The payments contract as consumers know it today (version 1.2.0)."""
    return load_contract(product_paths("payments.transactions")[1])


def _column(document: dict, name: str) -> dict:
    return next(p for p in document["schema"][0]["properties"] if p["name"] == name)


def _add_optional_column(doc: dict) -> None:
    doc["schema"][0]["properties"].append({"name": "coupon_code", "logicalType": "string",
                                           "description": "The coupon used, if any."})


def _require_payment_method(doc: dict) -> None:
    _column(doc, "payment_method")["required"] = True


def _lower_quantity_maximum(doc: dict) -> None:
    _column(doc, "quantity")["logicalTypeOptions"]["maximum"] = 50


def _allow_a_new_currency(doc: dict) -> None:
    _column(doc, "currency")["quality"][0]["arguments"]["validValues"].append("NOK")


def _stop_authorized_status(doc: dict) -> None:
    _column(doc, "status")["quality"][0]["arguments"]["validValues"].remove("authorized")


def _slower_freshness(doc: dict) -> None:
    next(s for s in doc["slaProperties"] if s["property"] == "latency")["value"] = 4


CHANGES: dict[str, tuple[str, Callable[[dict], None]]] = {
    "A": ("add an optional column coupon_code", _add_optional_column),
    "B": ("make payment_method required", _require_payment_method),
    "C": ("lower the maximum quantity from 100 to 50", _lower_quantity_maximum),
    "D": ("allow a new currency, NOK", _allow_a_new_currency),
    "E": ("stop allowing the status 'authorized'", _stop_authorized_status),
    "F": ("promise freshness within 4 hours instead of 1", _slower_freshness),
}
"""👨‍💻 Six changes the payments team might make, one at a time, to its contract."""


def changed_contract(letter: str, base: Contract | None = None) -> Contract:
    """The payments contract with change ``letter`` of :data:`CHANGES` applied (a new Contract)."""
    document = (base or payments_contract()).to_dict()
    CHANGES[letter][1](document)
    return Contract.from_dict(document, source=f"<payments.transactions, change {letter}>")


def change_levels() -> dict[str, str]:
    """Each change's level as :func:`mesh_lab.evolution.diff` grades it (the answer of ``q7``)."""
    base = payments_contract()
    return {letter: diff(base, changed_contract(letter, base)).highest for letter in CHANGES}


def changes_table() -> pd.DataFrame:
    """The six changes as a table: letter and what changes (the levels are for you to predict)."""
    return pd.DataFrame([{"change": letter, "what": text} for letter, (text, _) in CHANGES.items()])


def all_changes_at_once() -> Contract:
    """Every change of :data:`CHANGES` in one new version (to diff against today's contract)."""
    document = payments_contract().to_dict()
    for _, apply in CHANGES.values():
        apply(document)
    return Contract.from_dict(document, source="<payments.transactions, every change>")


def _levels_of(answer) -> dict[str, str] | None:
    if not isinstance(answer, Mapping):
        return None
    return {str(k).strip().upper(): str(v).strip().lower() for k, v in answer.items()}


def _said(letters: str, level_test: Callable[[str], bool]) -> Callable[[Any], bool]:
    """A predicate: the answer gives one of ``letters`` a level for which ``level_test`` holds."""
    def predicate(answer) -> bool:
        levels = _levels_of(answer)
        return levels is not None and any(level_test(levels.get(letter, "")) for letter in letters)
    return predicate


# --------------------------------------------------------------------------------------------------
# Exercises that grade a contract
# --------------------------------------------------------------------------------------------------

class _ContractAnswer(ValueExercise):
    """A value exercise whose answer is a contract (YAML text, a dict or a Contract), checked by what
    the kit does with it — lint, validate, check_sla, diff — rather than by equality with one text."""

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        answer = namespace.get(self.var, ____)
        if is_blank(answer) or (isinstance(answer, str) and "____" in answer):
            return Result("not_attempted", f"Fill in every ____ of `{self.var}` in the cell above, run it, "
                                           "then run this check again.")
        problem = self.problem(answer)
        if problem is None:
            return self._correct()
        return self._incorrect(answer, lambda a, b: False, problem)

    def problem(self, answer) -> str | None:
        """What is wrong with the answer, in words that quote it (None when nothing is)."""
        raise NotImplementedError


def _as_document(answer) -> tuple[dict | None, str | None]:
    """(the answer as a dict, None) or (None, what stops the kit reading it)."""
    if isinstance(answer, Contract):
        return answer.to_dict(), None
    if isinstance(answer, Mapping):
        return dict(answer), None
    if isinstance(answer, str):
        problems = [p for p in lint_text(answer, "<your contract>") if p.severity == "error"]
        if problems:
            return None, _lint_message(problems)
        return contract_from_yaml(answer, "<your contract>").to_dict(), None
    return None, (f"A contract is YAML text (in triple quotes) or a dict; you gave {describe(answer)} "
                  f"({str(answer)[:60]!r}).")


def _lint_message(problems) -> str:
    shown = "; ".join(getattr(p, "message", None) or str(p) for p in problems[:3])
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return f"The contract does not lint clean yet: {shown}{more}. Fix these, run the cell, check again."


def _lint_errors(answer) -> list:
    return [p for p in lint_text(answer, "<your contract>") if p.severity == "error"] if isinstance(answer, str) else []


def _raw_document(answer) -> dict:
    """The answer as a plain dict, read leniently (YAML that does not lint is still read), or {}."""
    if isinstance(answer, Contract):
        return answer.to_dict()
    if isinstance(answer, str):
        try:
            answer = yaml.safe_load(answer)
        except yaml.YAMLError:
            return {}
    return dict(answer) if isinstance(answer, Mapping) else {}


def _properties(answer) -> dict[str, dict]:
    schema = _raw_document(answer).get("schema")
    first = schema[0] if isinstance(schema, list) and schema and isinstance(schema[0], dict) else {}
    return {str(p.get("name")): p for p in first.get("properties") or [] if isinstance(p, dict)}


def _declared_type(answer, column: str) -> str | None:
    return _properties(answer).get(column, {}).get("logicalType")


def _flag(value) -> bool:
    return value is True or str(value).strip().lower() == "true"


def _slas(answer) -> list[dict]:
    found = _raw_document(answer).get("slaProperties")
    return [s for s in found if isinstance(s, dict)] if isinstance(found, list) else []


class _NewProductContract(_ContractAnswer):
    """``q5``: a contract of loyalty.points that lints clean, describes every column with its real type,
    keys the entries, promises freshness, and that the data meet (rules and SLAs)."""

    def problem(self, answer) -> str | None:
        document, unreadable = _as_document(answer)
        if unreadable:
            return unreadable
        try:
            contract = Contract.from_dict(document, source="<your contract>")
        except ContractError as exc:
            return _lint_message(exc.problems or [exc])
        for check in (_id_problem, _owner_problem, _columns_problem, _types_problem, _key_problem,
                      _freshness_problem, _validation_problem, _sla_problem):
            found = check(contract)
            if found:
                return found
        return None


def _id_problem(contract: Contract) -> str | None:
    if contract.id != POINTS_ID:
        return (f"Your contract's id is {contract.id!r}; the product is {POINTS_ID!r} (domain loyalty, name "
                "points): that id is its address in the mesh.")
    return None


def _owner_problem(contract: Contract) -> str | None:
    if not contract.owner:
        return "Your contract names no owning team: add `team:` with a `name:`, so consumers know who answers."
    return None


def _columns_problem(contract: Contract) -> str | None:
    declared = set(contract.columns()) if contract.schema_objects else set()
    data = set(points_frame().columns)
    if data - declared:
        return (f"The data have column(s) your contract does not describe: {', '.join(sorted(data - declared))}. "
                "A product describes every column it serves.")
    if declared - data:
        return (f"Your contract declares column(s) the data do not have: {', '.join(sorted(declared - data))}. "
                f"The columns are {', '.join(points_frame().columns)}.")
    return None


def _types_problem(contract: Contract) -> str | None:
    types = expected_types()
    wrong = [f"{p.name} is {p.logical_type!r} but its values are {types[p.name]}s"
             for p in contract.properties() if p.logical_type != types.get(p.name)]
    if wrong:
        return f"Some logicalTypes do not match the data: {'; '.join(wrong)}. Look at the CSV's values."
    return None


def _key_problem(contract: Contract) -> str | None:
    entry = next(p for p in contract.properties() if p.name == "entry_id")
    if not (entry.required and (entry.unique or entry.primary_key)):
        return ("entry_id identifies each row: make it `required: true` and `unique: true` (or `primaryKey: "
                "true`), so consumers can join on it and duplicates fail the contract.")
    return None


#: a freshness promise longer than this says nothing a consumer of an hourly feed can plan on
LOOSEST_USEFUL_FRESHNESS = pd.Timedelta(days=1)


def _freshness_problem(contract: Contract) -> str | None:
    promises = [s for s in contract.sla_properties
                if s.property in ("latency", "freshness") and s.element and "created_at" in str(s.element)]
    elsewhere = [str(s.element) for s in contract.sla_properties
                 if s.property in ("latency", "freshness") and "created_at" not in str(s.element)]
    if not promises and elsewhere:
        return (f"Your freshness SLA is measured on {elsewhere[0]!r}. Freshness is the age of the newest row, "
                "so it needs the column that says when each row was made: element points.created_at.")
    if not promises:
        return ("Your contract promises nothing about freshness: add an SLA under slaProperties with "
                "property latency, a value and unit, and element points.created_at.")
    if all((duration(s.value, s.unit) or pd.Timedelta.max) > LOOSEST_USEFUL_FRESHNESS for s in promises):
        found = ", ".join(f"{s.value} {s.unit}" for s in promises)
        return (f"Your freshness promise ({found}) is longer than a day, for a feed that delivers every hour "
                "or so: it is always kept, so it tells a consumer nothing. Promise hours.")
    return None


def _validation_problem(contract: Contract) -> str | None:
    checked = validate(read_product(contract, csv_path=write_points_csv()), contract)
    if checked.passed:
        return None
    failed = checked.failed_rules
    first = "; ".join(f"{r['rule']} on {r['column']}" for r in failed.head(3).to_dict("records"))
    return f"The data do not pass your contract: {checked.headline()} ({first}). Promise what the data keep."


def _sla_problem(contract: Contract) -> str | None:
    report = check_sla(contract, read_product(contract, csv_path=write_points_csv()))
    if report.passed:
        return None
    broken = report.breaches.iloc[0]
    return (f"The product breaks your SLA {broken['property']} {broken['target']}: {broken['message']}. "
            "Promise only what the product can keep.")


# the fields of the starter that the learner completes
_STARTER_HEAD = '''my_contract = """
apiVersion: v3.1.0
kind: DataContract
id: loyalty.points
name: points
version: 1.0.0
status: active
domain: loyalty
team:
  name: ____
schema:
  - name: points
    properties:
      - name: entry_id
        logicalType: ____
'''


def _contract_text(text: str) -> str:
    return f'my_contract = """\n{text}"""\n'


def _replace(old: str, new: str) -> str:
    return _contract_text(POINTS_CONTRACT.replace(old, new, 1))


q5 = _NewProductContract(
    id="data_mesh_03.q5",
    level="tech",
    prompt="Write the contract of loyalty.points until it lints clean and its data validate.",
    var="my_contract",
    expected=POINTS_CONTRACT,
    starter=(_STARTER_HEAD
             + "        # … describe every column of the CSV: name, logicalType, required, unique …\n"
             + "slaProperties:\n"
             + "  - property: latency\n"
             + "    value: ____\n"
             + "    unit: h\n"
             + "    element: points.created_at\n"
             + '"""\n'),
    solution=_contract_text(POINTS_CONTRACT),
    hints=["Open the CSV (`points_data.head()`): five columns. Each needs `- name:` and `logicalType:` "
           "(string, integer, number, boolean, date or timestamp).",
           "entry_id identifies each row: `required: true` and `unique: true`. For latency, look at how old "
           "the newest row is and how long the feed went quiet: promise what it keeps.",
           "`infer_properties(points_data.astype(str))` shows what the platform would guess for each column."],
    mistakes=[
        Mistake(name="tabs_in_yaml", when=lambda a: isinstance(a, str) and "\t" in a,
                example=_replace("      - name: points\n", "      - name: points\n\t"),
                message="Your YAML has a tab character in it. YAML indents with spaces only: replace each tab "
                        "with spaces, lined up with the line above."),
        Mistake(name="points_as_text", when=lambda a: _declared_type(a, "points") == "string",
                example=_replace("      - name: points\n        logicalType: integer",
                                 "      - name: points\n        logicalType: string"),
                message="You declared points as a string. Its values are whole numbers (5, 10, 250): declare "
                        "`logicalType: integer`, so consumers can add them up (and a `minimum` works only on "
                        "numbers: that is what lint says)."),
        Mistake(name="time_as_text", when=lambda a: _declared_type(a, "created_at") == "string",
                example=_replace("      - name: created_at\n        logicalType: timestamp",
                                 "      - name: created_at\n        logicalType: string"),
                message="You declared created_at as a string. Its values are moments in time "
                        "(2026-03-02T05:25:00Z): declare `logicalType: timestamp`, or no freshness SLA can "
                        "be measured on it."),
        Mistake(name="no_key", when=lambda a: bool(_properties(a).get("entry_id"))
                and not _flag(_properties(a)["entry_id"].get("unique"))
                and not _flag(_properties(a)["entry_id"].get("primaryKey")),
                example=_replace("        unique: true\n", ""),
                message="entry_id is the key of each row, but your contract lets it repeat. Add "
                        "`unique: true` (or `primaryKey: true`): a duplicate entry would count points twice."),
        Mistake(name="no_freshness_promise", when=lambda a: bool(_properties(a))
                and not any(s.get("property") in ("latency", "freshness") for s in _slas(a)),
                example=_replace("  - property: latency\n    value: 2\n    unit: h\n    element: points.created_at\n",
                                 ""),
                message="Your contract says nothing about freshness. A consumer cannot tell stale data from "
                        "fresh: add a latency SLA on points.created_at."),
        Mistake(name="freshness_that_means_nothing",
                when=lambda a: any(s.get("property") in ("latency", "freshness")
                                   and (duration(s.get("value"), s.get("unit")) or pd.Timedelta(0))
                                   > LOOSEST_USEFUL_FRESHNESS for s in _slas(a))
                and not any(s.get("property") in ("latency", "freshness")
                            and (duration(s.get("value"), s.get("unit")) or pd.Timedelta.max)
                            <= LOOSEST_USEFUL_FRESHNESS for s in _slas(a)),
                example=_replace("    value: 2\n    unit: h", "    value: 30\n    unit: d"),
                message="A freshness promise of days, for a feed that delivers every hour, is always kept and "
                        "so tells a consumer nothing. Promise what they can plan on: a few hours."),
        Mistake(name="promised_more_than_the_feed_keeps",
                when=lambda a: any(s.get("property") == "frequency"
                                   and (duration(s.get("value"), s.get("unit")) or OUTAGE_LENGTH) < OUTAGE_LENGTH
                                   for s in _slas(a)),
                example=_replace("  - property: frequency\n    value: 12", "  - property: frequency\n    value: 6"),
                message="Your frequency SLA promises new data more often than the feed delivered: two days ago "
                        "it went quiet for 9 hours. A promise the product already broke is not a promise. "
                        "Promise what it keeps (or leave frequency out)."),
    ],
    correct_message="It lints clean, its data validate and its SLAs hold: loyalty.points is a product, not a "
                    "random table. Anyone can find it, read what each column means, and trust the promises.",
)


# --------------------------------------------------------------------------------------------------
# 👨‍💻 evolve the payments contract without breaking anyone
# --------------------------------------------------------------------------------------------------

def _version(answer) -> str | None:
    document = answer if isinstance(answer, Mapping) else None
    return None if document is None else document.get("version")


def _evolution_column(answer, name: str) -> dict | None:
    if not isinstance(answer, Mapping):
        return None
    try:
        return next((p for p in answer["schema"][0]["properties"] if p.get("name") == name), None)
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


_VERSION_SHAPE = re.compile(r"\d+\.\d+\.\d+")


def _badly_written_version(answer) -> bool:
    """A version that is text but not three whole numbers with dots ("v1.3.0", "1.3", "1.3.0 ")."""
    version = _version(answer)
    return isinstance(version, str) and not _VERSION_SHAPE.fullmatch(version)


def _next_versions(version: str) -> set[str]:
    """The versions one step after ``version`` without a new major: the next patch and the next minor."""
    major, minor, patch = (int(part) for part in version.split("."))
    return {f"{major}.{minor}.{patch + 1}", f"{major}.{minor + 1}.0"}


def _skipped_a_version(answer) -> bool:
    """A well-written version of the same major that is not one step after today's (1.4.0, 1.3.1)."""
    version, today = _version(answer), str(payments_contract().version)
    if not isinstance(version, str) or not _VERSION_SHAPE.fullmatch(version) or version == today:
        return False
    return version.split(".")[0] == today.split(".")[0] and version not in _next_versions(today)


def _is_deprecated(column: Mapping | None) -> bool:
    if not isinstance(column, Mapping):
        return False
    tags = [str(t).lower() for t in column.get("tags") or []]
    return "deprecated" in tags or str(column.get("description", "")).lower().startswith("deprecated")


class _SafeEvolution(_ContractAnswer):
    """``q8``: the next version adds coupon_code (optional), deprecates payment_method (kept), and
    carries a version bump that is enough and not a needless major."""

    def problem(self, answer) -> str | None:
        if isinstance(answer, Contract):
            answer = answer.to_dict()
        if not isinstance(answer, Mapping):
            return (f"`{self.var}` should be the new contract as a dict (the cell builds it); found "
                    f"{describe(answer)} ({str(answer)[:60]!r}).")
        try:
            new = Contract.from_dict(dict(answer), source="<your new version>")
        except ContractError as exc:
            return _lint_message(exc.problems or [exc])
        result = diff(payments_contract(), new)
        if result.breaking:
            first = result.breaking[0]
            return (f"Your new version breaks consumers: {first.rule} at {first.path} ({first.message}). "
                    "Add and deprecate now; break only in a new major version.")
        coupon = _evolution_column(answer, "coupon_code")
        if coupon is None:
            return "The new version has no column coupon_code yet: append it to the properties."
        if coupon.get("logicalType") is None:
            return "coupon_code has no logicalType: say what its values are (coupon codes are text)."
        if coupon.get("logicalType") != "string":
            return (f"coupon_code has logicalType {coupon.get('logicalType')!r}; coupon codes are text such as "
                    "\"SPRING10\": make it a string.")
        if _flag(coupon.get("required")):
            return "coupon_code is required in your version; most payments have no coupon, so make it optional."
        if not _is_deprecated(_evolution_column(answer, "payment_method")):
            return ("payment_method is still there but not marked as going away: add the tag \"deprecated\" "
                    "so consumers see it in the contract before it disappears.")
        if not result.version_ok:
            return (f"Version {new.version!r} is not bumped enough for these changes: the diff asks for at "
                    f"least a {result.required_bump} bump.")
        if _badly_written_version(answer):
            return (f"Version {new.version!r} is not three whole numbers with dots: write it like the version "
                    "of today's contract.")
        if _skipped_a_version(answer):
            return (f"Version {new.version!r} skips a version: consumers would look for the releases in "
                    "between. Bump one step from today's version.")
        if str(new.version).split(".")[0] != str(payments_contract().version).split(".")[0]:
            return (f"Version {new.version!r} is a new major version, but nothing in it breaks anyone. A major "
                    "tells every consumer to check their code; keep it for the release that removes the column.")
        return None


_EVOLVE_HEAD = ("new = payments_contract().to_dict()          # today's contract, version 1.2.0, as a dict\n"
                "columns = new[\"schema\"][0][\"properties\"]\n")
_EVOLVE_ADD = ("# 1. add coupon_code, an optional string column\n"
               "columns.append({\"name\": \"coupon_code\", \"logicalType\": \"string\", \"required\": False})\n")
_EVOLVE_DEPRECATE = ("# 2. payment_method is going away: deprecate it now, remove it in 2.0.0\n"
                     "method = next(c for c in columns if c[\"name\"] == \"payment_method\")\n"
                     "method[\"tags\"] = [\"deprecated\"]\n")


def _evolve(version: str, add: str = _EVOLVE_ADD, deprecate: str = _EVOLVE_DEPRECATE) -> str:
    return _EVOLVE_HEAD + add + deprecate + f"# 3. the version this release needs\nnew[\"version\"] = {version}\n"


q8 = _SafeEvolution(
    id="data_mesh_03.q8",
    level="tech",
    prompt="Ship the next payments contract: add coupon_code, deprecate payment_method, bump the version.",
    var="new",
    expected=None,
    starter=(_EVOLVE_HEAD
             + "# 1. add coupon_code, an optional string column\n"
             + "columns.append(____)\n"
             + "# 2. payment_method is going away: deprecate it now, remove it in 2.0.0\n"
             + "method = next(c for c in columns if c[\"name\"] == \"payment_method\")\n"
             + "method[\"tags\"] = ____\n"
             + "# 3. the version this release needs\n"
             + "new[\"version\"] = ____\n"),
    solution=_evolve('"1.3.0"'),
    hints=["A column is a dict: `{\"name\": …, \"logicalType\": \"string\", \"required\": False}`.",
           "Deprecate with a tag: `[\"deprecated\"]`. Run `diff(payments_contract(), new)` to see how the kit "
           "grades your release, and which bump it needs.",
           "Nothing breaks, so the major number stays 1: a minor bump (1.3.0) says “something new”."],
    mistakes=[
        Mistake(name="removed_the_column",
                when=lambda a: isinstance(a, Mapping) and _evolution_column(a, "payment_method") is None,
                example=_EVOLVE_HEAD + _EVOLVE_ADD
                + "columns.remove(next(c for c in columns if c[\"name\"] == \"payment_method\"))\n"
                + "new[\"version\"] = \"1.3.0\"\n",
                message="You removed payment_method. Every query that selects it fails today: that is a "
                        "breaking change (field-removed). Deprecate it now (a tag), tell its consumers, and "
                        "remove it in 2.0.0."),
        Mistake(name="coupon_required", when=lambda a: _flag((_evolution_column(a, "coupon_code") or {}).get("required")),
                example=_evolve('"1.3.0"', add="columns.append({\"name\": \"coupon_code\", \"logicalType\": "
                                               "\"string\", \"required\": True})\n"),
                message="You made coupon_code required, so every payment must carry a coupon. Most have "
                        "none: make it optional (`\"required\": False`)."),
        Mistake(name="not_bumped", when=lambda a: _version(a) == "1.2.0",
                example=_evolve('"1.2.0"'),
                message="The version is still 1.2.0. Consumers cache and pin versions: a changed contract "
                        "needs a new version number, or nobody can tell the two apart."),
        Mistake(name="major_for_a_safe_change",
                when=lambda a: isinstance(_version(a), str) and _version(a).startswith("2."),
                example=_evolve('"2.0.0"'),
                message="2.0.0 is a major version: it tells every consumer “something breaks, check your "
                        "code”. Nothing in this release breaks anyone. Keep the major for the release that "
                        "removes payment_method."),
        Mistake(name="version_as_number", when=lambda a: isinstance(_version(a), (int, float)),
                example=_evolve("1.3"),
                message="You wrote the version as a number (1.3). A version is text with three parts, in "
                        "quotes: \"1.3.0\"."),
        Mistake(name="version_not_three_numbers", when=_badly_written_version,
                example=_evolve('"v1.3.0"'),
                message="A contract version is three whole numbers with dots, in quotes, like today's "
                        "\"1.2.0\": no “v” in front, no part left out."),
        Mistake(name="skipped_a_version", when=_skipped_a_version,
                example=_evolve('"1.4.0"'),
                message="That version skips one: consumers who see it look for the releases in between. Bump "
                        "one step from 1.2.0 (the patch or the minor number), not two."),
        Mistake(name="tags_not_a_list",
                when=lambda a: isinstance((_evolution_column(a, "payment_method") or {}).get("tags"), str),
                example=_evolve('"1.3.0"', deprecate="method = next(c for c in columns if c[\"name\"] == "
                                                     "\"payment_method\")\nmethod[\"tags\"] = \"deprecated\"\n"),
                message="`tags` is a list of words, even for one word: put it in square brackets, "
                        "[\"deprecated\"]."),
        Mistake(name="not_deprecated",
                when=lambda a: isinstance(a, Mapping) and _evolution_column(a, "payment_method") is not None
                and not _is_deprecated(_evolution_column(a, "payment_method")),
                example=_evolve('"1.3.0"', deprecate="method = next(c for c in columns if c[\"name\"] == "
                                                     "\"payment_method\")\nmethod[\"tags\"] = []\n"),
                message="payment_method is not marked as going away. Its consumers read the contract, not "
                        "your mind: tag it [\"deprecated\"] now, so they have a release to move off it."),
    ],
    correct_message="Nothing breaks: a new optional column and a deprecation tag, under a new version that is "
                    "not a major (diff accepts a patch; semantic versioning prefers a minor for something new). "
                    "The removal waits for 2.0.0, when the consumers the lineage names have moved.",
)


# --------------------------------------------------------------------------------------------------
# 👨‍💻 the version a release needs
# --------------------------------------------------------------------------------------------------

def reference_next_version(version: str, levels: list[str]) -> str:
    """The version after a release whose changes have ``levels``, as :class:`ContractDiff` bumps it
    (the answer of ``q9``): error → major, warning → minor, info → patch, nothing → unchanged."""
    changes = [Change(level, "rule", "path", None, None, "") for level in levels]
    return ContractDiff("x.y", version, version, changes).suggested_version or version


def random_release(rng: random.Random) -> tuple[str, list[str]]:
    """A random version (each part 0–12) and the levels of 0–4 changes (the generated cases of ``q9``)."""
    version = ".".join(str(rng.randint(0, 12)) for _ in range(3))
    return version, [rng.choice(LEVELS) for _ in range(rng.randint(0, 4))]


def smaller_releases(args: tuple[str, list[str]]):
    """Smaller versions of a generated release: one change fewer, or smaller version parts."""
    version, levels = args
    for index in range(len(levels)):
        yield version, levels[:index] + levels[index + 1:]
    parts = [int(p) for p in version.split(".")]
    for index, part in enumerate(parts):
        if part:
            yield ".".join(str(p - (i == index)) for i, p in enumerate(parts)), levels


_NEXT_HEAD = ("def next_version(version, levels):\n"
              "    major, minor, patch = (int(part) for part in version.split(\".\"))\n")
_NEXT_MAJOR = "    if \"error\" in levels:\n        return f\"{major + 1}.0.0\"\n"
_NEXT_MINOR = "    if \"warning\" in levels:\n        return f\"{major}.{minor + 1}.0\"\n"
_NEXT_PATCH = "    if \"info\" in levels:\n        return f\"{major}.{minor}.{patch + 1}\"\n"
_NEXT_SAME = "    return version\n"


def _next_returns(function, version: str, levels: list[str]) -> Any:
    return function(version, list(levels))


q9 = FunctionExercise(
    id="data_mesh_03.q9",
    level="tech",
    prompt="Write next_version(version, levels): the version a release with changes at these levels needs.",
    func="next_version",
    cases=[(("1.2.0", ["info", "error"]), "2.0.0"), (("1.2.3", ["warning", "info"]), "1.3.0"),
           (("1.9.9", ["info"]), "1.9.10"), (("1.9.0", ["warning"]), "1.10.0"), (("0.1.0", []), "0.1.0"),
           (("2.3.4", ["error", "warning"]), "3.0.0")],
    generated=random_release,
    shrink=smaller_releases,
    forbid_mutation=True,
    starter=(_NEXT_HEAD
             + "    # error → a new major, warning → a new minor, info → a new patch, no change → the same\n"
             + "    return ____\n"),
    solution=_NEXT_HEAD + _NEXT_MAJOR + _NEXT_MINOR + _NEXT_PATCH + _NEXT_SAME,
    hints=["The most severe change decides: check for \"error\" first, then \"warning\", then \"info\".",
           "A new major resets minor and patch to 0 (1.2.3 → 2.0.0); a new minor resets patch (1.2.3 → 1.3.0).",
           "Build the text with an f-string: `f\"{major + 1}.0.0\"`. Parts are numbers: 1.9.0 → 1.10.0."],
    mistakes=[
        Mistake(name="not_text", when=lambda f: not isinstance(_next_returns(f, "1.2.0", ["error"]), str),
                example=_NEXT_HEAD + "    return (major + 1, 0, 0)\n",
                message="Return the version as text, like \"2.0.0\": a contract's `version` is a string."),
        Mistake(name="kept_minor_on_a_major", when=lambda f: _next_returns(f, "1.2.3", ["error"]) == "2.2.3",
                example=_NEXT_HEAD + "    if \"error\" in levels:\n        return f\"{major + 1}.{minor}.{patch}\"\n"
                + _NEXT_MINOR + _NEXT_PATCH + _NEXT_SAME,
                message="next_version(\"1.2.3\", [\"error\"]) kept the minor and patch numbers. A new major "
                        "starts again from .0.0: they count changes within one major."),
        Mistake(name="kept_patch_on_a_minor", when=lambda f: _next_returns(f, "1.2.3", ["warning"]) == "1.3.3",
                example=_NEXT_HEAD + _NEXT_MAJOR
                + "    if \"warning\" in levels:\n        return f\"{major}.{minor + 1}.{patch}\"\n"
                + _NEXT_PATCH + _NEXT_SAME,
                message="next_version(\"1.2.3\", [\"warning\"]) kept the patch number. A new minor starts its "
                        "patches again at 0."),
        Mistake(name="bumped_without_a_change",
                when=lambda f: isinstance(_next_returns(f, "1.2.0", []), str) and _next_returns(f, "1.2.0", []) != "1.2.0",
                example=_NEXT_HEAD + _NEXT_MAJOR + _NEXT_MINOR + "    return f\"{major}.{minor}.{patch + 1}\"\n",
                message="next_version(\"1.2.0\", []) made a new version, but the release changes nothing. "
                        "No change, no new number: return the version as it is."),
        Mistake(name="one_bump_per_change", when=lambda f: _next_returns(f, "1.2.0", ["info", "info"]) == "1.2.2",
                example=(_NEXT_HEAD + "    for level in levels:\n"
                         "        if level == \"error\":\n            major, minor, patch = major + 1, 0, 0\n"
                         "        elif level == \"warning\":\n            minor, patch = minor + 1, 0\n"
                         "        else:\n            patch += 1\n"
                         "    return f\"{major}.{minor}.{patch}\"\n"),
                message="Two safe changes made two patch bumps (1.2.0 → 1.2.2). A release gets one new version, "
                        "set by its most severe change, however many changes it holds."),
        Mistake(name="minor_for_an_error", when=lambda f: _next_returns(f, "1.2.3", ["error"]) == "1.3.0",
                example=_NEXT_HEAD + "    if \"error\" in levels:\n        return f\"{major}.{minor + 1}.0\"\n"
                + _NEXT_MINOR + _NEXT_PATCH + _NEXT_SAME,
                message="next_version(\"1.2.3\", [\"error\"]) gave a new minor for a breaking change. A minor "
                        "says “something new”; a change that may break consumers needs a new major."),
        Mistake(name="patch_for_a_warning", when=lambda f: _next_returns(f, "1.2.3", ["warning"]) == "1.2.4",
                example=_NEXT_HEAD + _NEXT_MAJOR + "    if \"warning\" in levels:\n        return "
                "f\"{major}.{minor}.{patch + 1}\"\n" + _NEXT_PATCH + _NEXT_SAME,
                message="next_version(\"1.2.3\", [\"warning\"]) gave a new patch. A warning is more than a "
                        "fix: a person should look, so it gets a new minor."),
        Mistake(name="no_bump_for_info", when=lambda f: _next_returns(f, "1.2.3", ["info"]) == "1.2.3",
                example=_NEXT_HEAD + _NEXT_MAJOR + _NEXT_MINOR + _NEXT_SAME,
                message="next_version(\"1.2.3\", [\"info\"]) kept the version. A safe change is still a "
                        "change: it gets a new patch number, so consumers can tell the two apart."),
        Mistake(name="max_of_the_words",
                when=lambda f: _next_returns(f, "1.2.0", ["error", "warning"]) == "1.3.0"
                and _next_returns(f, "1.2.0", ["error"]) == "2.0.0",
                example=(_NEXT_HEAD + "    level = max(levels) if levels else None\n"
                         + (_NEXT_MAJOR + _NEXT_MINOR + _NEXT_PATCH).replace("\" in levels", "\" == level")
                         + _NEXT_SAME),
                message="next_version(\"1.2.0\", [\"error\", \"warning\"]) gave a minor bump for a breaking "
                        "release: the warning won over the error. Look for \"error\" first, then \"warning\", "
                        "then \"info\" (and `max` will not do it: it compares the words alphabetically, "
                        "\"warning\" > \"info\" > \"error\")."),
        Mistake(name="first_change_decides",
                when=lambda f: _next_returns(f, "1.2.0", ["error"]) == "2.0.0"
                and (_next_returns(f, "1.2.0", ["info", "error"]) != "2.0.0"
                     or _next_returns(f, "1.2.0", ["error", "info"]) != "2.0.0"),
                example=(_NEXT_HEAD + "    level = levels[0] if levels else None\n"
                         + (_NEXT_MAJOR + _NEXT_MINOR + _NEXT_PATCH).replace("\" in levels", "\" == level")
                         + _NEXT_SAME),
                message="The level of one change decided the version, but a release with one breaking change "
                        "among safe ones is a breaking release. The most severe change decides: look for "
                        "\"error\" anywhere in levels first."),
    ],
    correct_message="Right: the most severe change sets the bump, and a bump resets what comes after it. "
                    "That is `ContractDiff.suggested_version`.",
)


# --------------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------------

q1 = ChoiceExercise(
    id="data_mesh_03.q1",
    level="kid",
    prompt="Which toy can your friend play with without asking you anything?",
    var="kid_answer",
    options={
        "a": "A pile of pieces on the floor.",
        "b": "A box with a label, a page of steps, and “all 9 pieces inside”.",
        "c": "A box with no label. You know what is in it.",
    },
    correct="b",
    why={
        "a": "A pile has no label and no steps. Your friend does not know what it is or how to build it.",
        "b": "Yes! The label says what it is. The steps say how to build it. The promise says all the "
             "pieces are there. That is a product.",
        "c": "You know what is inside, but your friend does not. They would have to ask you.",
    },
    starter="kid_answer = ____",
    solution='kid_answer = "b"',
    hints=["Your friend is alone. What does the box need to tell them?",
           "Look for the box that says what it is, how to build it, and what is inside."],
)

q2 = ValueExercise(
    id="data_mesh_03.q2",
    level="kid",
    prompt="The box promises 9 pieces. How many are missing?",
    var="missing",
    expected=missing_pieces,
    starter="missing = ____",
    solution="missing = 9 - len(PIECES_IN_BOX)",
    hints=["Count the pieces in PIECES_IN_BOX. The label says 9.",
           "Missing = what the box promised minus what you found."],
    mistakes=[
        Mistake(name="counted_what_is_there", when=len(PIECES_IN_BOX),
                example="missing = len(PIECES_IN_BOX)",
                message="That is how many pieces are in the box. The question asks how many are not there."),
        Mistake(name="wrote_the_promise", when=sum(BOX_PROMISE.values()),
                example="missing = 9",
                message="That is how many pieces the box promised. Now take away the ones you found."),
        Mistake(name="below_zero", when=lambda a: isinstance(a, (int, float)) and not isinstance(a, bool) and a < 0,
                example="missing = len(PIECES_IN_BOX) - 9",
                message="You can’t miss less than zero pieces. Start with the promise, then take away what "
                        "you found."),
        Mistake(name="number_in_quotes", when=lambda a: isinstance(a, str) and a.strip().isdigit(),
                example='missing = "2"',
                message="You put the number in quote marks, so Python sees text. Write the number without "
                        "quote marks."),
        Mistake(name="named_the_pieces", when=lambda a: isinstance(a, (str, list, tuple, set, dict)),
                example='missing = ["wheel", "window"]',
                message="The question asks how many. Write a number, not the names."),
    ],
    correct_message="Yes! The box promised 9 and had 7. A good product keeps its promise, and checking it "
                    "is easy when the promise is written down.",
)

q3 = ChoiceExercise(
    id="data_mesh_03.q3",
    level="teen",
    prompt="Which study guide can classmates find, trust and use without asking its author?",
    var="guide_answer",
    options={
        "a": "notes_final_v2(3).docx in the author’s own Drive, shared by a link in last month’s chat.",
        "b": "“Biology – Unit 3 study guide” in the class folder: who made it, which chapters it covers, "
             "and “updated every Friday”.",
        "c": "A photo of the author’s notebook, posted in the group chat.",
    },
    correct="b",
    why={
        "a": "Nobody can find it (a link in an old chat), and its name says nothing about what it covers. "
             "Others would have to ask.",
        "b": "Right: findable (the class folder), trustworthy (an author and an update promise), usable "
             "(it says what it covers). That is data as a product.",
        "c": "A photo can’t be searched, has no owner to ask when it is wrong, and goes stale silently.",
    },
    starter="guide_answer = ____",
    solution='guide_answer = "b"',
    hints=["Imagine you need it tonight and the author is asleep.",
           "Where is it, who stands behind it, and does it say what it covers?"],
)

q4 = ValueExercise(
    id="data_mesh_03.q4",
    level="teen",
    prompt="Which study guides can others find, trust and use without asking? List their names.",
    var="usable_guides",
    expected=guides_others_can_use,
    unordered=True,
    starter="usable_guides = ____",
    solution='usable_guides = ["ada_biology", "cleo_maths"]',
    hints=["A guide counts only when every one of its four facts is True.",
           "Read each row of the table: one False is enough to leave a guide out."],
    mistakes=[
        Mistake(name="kept_one_nobody_can_find", when=lambda a: _includes(a, _guides_missing("in the class folder")),
                example='usable_guides = ["ada_biology", "ben_history", "cleo_maths"]',
                message="ben_history is not in the class folder: nobody can find it without asking Ben. "
                        "Discoverable comes first."),
        Mistake(name="kept_one_with_no_owner", when=lambda a: _includes(a, _guides_missing("says who made it")),
                example='usable_guides = ["ada_biology", "cleo_maths", "dev_chemistry"]',
                message="dev_chemistry does not say who made it or when it was updated. Who fixes a mistake "
                        "in it? Without an owner and a date, you can’t trust it."),
        Mistake(name="kept_one_that_hides_what_it_covers",
                when=lambda a: _includes(a, _guides_missing("says what it covers")),
                example='usable_guides = ["ada_biology", "cleo_maths", "eli_english"]',
                message="eli_english does not say what it covers. A reader must open it, or ask Eli, to "
                        "know if it is the right guide."),
        Mistake(name="a_count", when=lambda a: isinstance(a, int) and not isinstance(a, bool),
                example="usable_guides = 2",
                message="That says how many. The question asks which ones: their names, in a list."),
        Mistake(name="same_guide_twice",
                when=lambda a: isinstance(a, (list, tuple)) and len(set(map(str, a))) < len(a),
                example='usable_guides = ["ada_biology", "cleo_maths", "ada_biology"]',
                message="You wrote one guide two times. Write each guide once."),
        Mistake(name="names_with_capitals_or_spaces",
                when=lambda a: _names(a) is not None and sorted({n.lower() for n in _names(a)})
                == guides_others_can_use() and len(a) == len(guides_others_can_use()),
                example='usable_guides = ["Ada_biology", "cleo_maths "]',
                message="Right guides! Now write each name exactly as the table does: small letters, no "
                        "spaces before or after."),
        Mistake(name="one_name_not_a_list", when=lambda a: isinstance(a, str),
                example='usable_guides = "ada_biology"',
                message="That is one name. Put every guide that qualifies in a list: "
                        "`[\"name1\", \"name2\"]`."),
    ],
    correct_message="Right: only the guides that tick every box. One missing fact is enough to make "
                    "classmates ask you, and then it is not a product.",
)

q6 = ValueExercise(
    id="data_mesh_03.q6",
    level="tech",
    prompt="Now is the reference time and the feed has stopped. In how many minutes does freshness go red?",
    var="minutes_left",
    expected=lambda: round(minutes_until_stale()),
    starter="minutes_left = ____",
    solution="minutes_left = 2 * 60 - 35",
    hints=["Freshness (latency) counts from the newest row, not from now.",
           "The newest row is 35 minutes old; the promise is 2 hours."],
    mistakes=[
        Mistake(name="counted_from_now", when=120, example="minutes_left = 2 * 60",
                message="120 minutes counts from now. But freshness counts from the newest row, and that "
                        "row is already 35 minutes old."),
        Mistake(name="the_age_of_the_newest_row", when=35, example="minutes_left = 35",
                message="35 minutes is how old the newest row is. How long until it is older than the "
                        "promise?"),
        Mistake(name="added_the_age", when=155, example="minutes_left = 2 * 60 + 35",
                message="You added the age of the newest row. Its 35 minutes are already used up: take them "
                        "away from the 2 hours."),
        Mistake(name="subtracted_the_wrong_way",
                when=lambda a: isinstance(a, (int, float)) and not isinstance(a, bool) and a < 0,
                example="minutes_left = 35 - 2 * 60",
                message="A negative number of minutes would mean it went red already. You took the promise away "
                        "from the age: start from the promise and take away the age of the newest row."),
        Mistake(name="answered_in_hours", when=lambda a: isinstance(a, (int, float)) and 1 <= a <= 2.5,
                example="minutes_left = 1.4",
                message="That looks like hours. The question asks for minutes: 1 hour is 60 minutes."),
        Mistake(name="used_the_frequency", when=lambda a: a in (6 * 60 - 35, 6 * 60),
                example="minutes_left = 6 * 60 - 35",
                message="6 hours is the frequency promise (the largest gap allowed between rows). Freshness is "
                        "the latency SLA: 2 hours."),
    ],
    correct_message="Yes: 2 hours from the newest row, 35 minutes of it gone. On the clock, that is where "
                    "the freshness bar turns red.",
)

q7 = ValueExercise(
    id="data_mesh_03.q7",
    level="tech",
    prompt="Give each change A–F its level: \"error\" (breaking), \"warning\" or \"info\".",
    var="my_levels",
    expected=change_levels,
    starter='my_levels = {"A": ____, "B": ____, "C": ____, "D": ____, "E": ____, "F": ____}',
    solution='my_levels = {"A": "info", "B": "error", "C": "error", "D": "info", "E": "error", "F": "warning"}',
    hints=["Ask of each change: could a consumer’s query, check or code fail tomorrow?",
           "Adding or loosening is safe; tightening or removing breaks; a weaker promise is worth a warning."],
    mistakes=[
        Mistake(name="right_levels_other_spelling", when=lambda a: _levels_of(a) == change_levels(),
                example='my_levels = {"a": "Info", "b": "Error", "c": "Error", "d": "Info", "e": "Error", '
                        '"f": "Warning"}',
                message="Every level is right! Now write them exactly as diff does: capital letters A–F for "
                        "the changes, lower-case levels (\"error\", \"warning\", \"info\"), no extra spaces."),
        Mistake(name="not_a_level", when=lambda a: _levels_of(a) is not None
                and not set(_levels_of(a).values()) <= {"error", "warning", "info"},
                example='my_levels = {"A": "safe", "B": "breaking", "C": "breaking", "D": "safe", '
                        '"E": "breaking", "F": "warning"}',
                message="Use the kit’s three words: \"error\" (breaking), \"warning\" (may break: a person should "
                        "look) or \"info\" (safe)."),
        Mistake(name="adding_is_breaking", when=_said("AD", lambda level: level == "error"),
                example='my_levels = {"A": "error", "B": "error", "C": "error", "D": "error", "E": "error", '
                        '"F": "warning"}',
                message="A new optional column (A) or one more allowed value (D) breaks no one: every row and "
                        "query that worked still works. Additions are info."),
        Mistake(name="tightening_is_safe", when=_said("BC", lambda level: level in ("info", "warning")),
                example='my_levels = {"A": "info", "B": "info", "C": "warning", "D": "info", "E": "error", '
                        '"F": "warning"}',
                message="Making a column required (B) or lowering a maximum (C) tightens the contract: rows that "
                        "passed yesterday can fail today. Tightening is an error."),
        Mistake(name="removing_a_value_is_safe", when=_said("E", lambda level: level != "error"),
                example='my_levels = {"A": "info", "B": "error", "C": "error", "D": "info", "E": "info", '
                        '"F": "warning"}',
                message="Removing an allowed value (E) breaks the rows that hold it, and the dashboards that "
                        "count them: an error."),
        Mistake(name="weaker_promise_is_nothing", when=_said("F", lambda level: level == "info"),
                example='my_levels = {"A": "info", "B": "error", "C": "error", "D": "info", "E": "error", '
                        '"F": "info"}',
                message="A weaker freshness promise (F) can break a consumer who planned on hourly data. Not "
                        "every consumer, so not an error: the kit warns."),
        Mistake(name="not_a_dict", when=lambda a: not isinstance(a, Mapping),
                example='my_levels = ["info", "error", "error", "info", "error", "warning"]',
                message="Keep the dict: a letter, a colon, a level in quotes, for each change."),
    ],
    correct_message="All six right. Additions are safe, tightening and removing break, a weaker SLA is a "
                    "warning: that is exactly how `diff` grades them.",
)

quiz1 = Quiz(
    id="data_mesh_03.quiz1",
    level="kid",
    question="What does the promise on a toy box tell you?",
    options=[
        Option("a", "That the box is red", why="No: the colour is not a promise."),
        Option("b", "That all the pieces are inside", correct=True,
               why="Yes! And you can count them to check the promise."),
        Option("c", "Who is best at building", why="No: the box can’t tell you that."),
    ],
    starter="quiz1.show()",
    solution='quiz1.answer("b")',
)

quiz2 = Quiz(
    id="data_mesh_03.quiz2",
    level="teen",
    question="A guide says “updated every Friday”. It is Tuesday; the last update was two Fridays ago. What now?",
    options=[
        Option("a", "Nothing: a guide never changes", why="Guides change when the class moves on. "
               "That is why the promise is there."),
        Option("b", "The promise is broken: tell the author, and don’t trust it is up to date", correct=True,
               why="Right: the promise lets you see it is stale, and the author’s name says whom to tell. "
                   "That is an SLA."),
        Option("c", "Fix it yourself without telling anyone", why="Then your copy and the guide drift "
               "apart. The owner fixes the guide, so everyone gets the fix."),
    ],
    starter="quiz2.show()",
    solution='quiz2.answer("b")',
)

quiz3 = Quiz(
    id="data_mesh_03.quiz3",
    level="tech",
    question="A consumer finds payments.transactions by searching the catalog for “payments”. Which "
             "product quality is that?",
    options=[
        Option("a", "Discoverable", correct=True,
               why="Yes: the catalog lists it with owner, tags and description, so it can be found."),
        Option("b", "Addressable", why="Addressable is the stable id (payments.transactions) and the servers "
               "in the contract: where to read it once found."),
        Option("c", "Secure", why="Secure is who may read it: roles, approvers and the classification of "
               "each column."),
        Option("d", "Interoperable", why="Interoperable is fitting with other products: shared id formats "
               "and foreign keys such as sku → catalog.products."),
    ],
    starter="quiz3.show()",
    solution='quiz3.answer("a")',
)

quiz4 = Quiz(
    id="data_mesh_03.quiz4",
    level="kid",
    question="Which three things make a toy box easy to use?",
    options=[
        Option("a", "A label, the steps, and the promise that all pieces are there", correct=True,
               why="Yes! Then anyone can use it without asking you."),
        Option("b", "A big box, lots of tape, a bow", why="Those make a nice gift. They don’t help you build."),
        Option("c", "Nothing: you just tip it out", why="Then nobody knows what it is or if pieces are missing."),
    ],
    starter="quiz4.show()",
    solution='quiz4.answer("a")',
)

quiz5 = Quiz(
    id="data_mesh_03.quiz5",
    level="tech",
    question="Three products read payments.transactions. You must drop a column. What do you ship?",
    options=[
        Option("a", "Drop it in 1.3.0: it is only one column", why="Removing a column is breaking: every "
               "query that selects it fails. That is never a minor release."),
        Option("b", "Deprecate it in 1.3.0, tell the consumers lineage names, remove it in 2.0.0", correct=True,
               why="Yes: a deprecation they can see, a conversation with the owners `diff` lists, and a major "
                   "version for the break."),
        Option("c", "Keep the column forever", why="Then the product can never evolve. Versioning exists so "
               "it can, without surprising anyone."),
    ],
    starter="quiz5.show()",
    solution='quiz5.answer("b")',
)

__all__ = [
    "____", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "quiz1", "quiz2", "quiz3", "quiz4", "quiz5",
    "BOX_PROMISE", "PIECES_IN_BOX", "STUDY_GUIDES", "POINTS_ID", "POINTS_CONTRACT", "CHANGES",
    "points_frame", "write_points_csv", "clock_contract", "delivered_by", "green_at", "minutes_until_stale",
    "payments_contract", "changed_contract", "change_levels", "changes_table", "all_changes_at_once",
]
