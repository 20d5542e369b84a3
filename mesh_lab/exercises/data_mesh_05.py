"""Exercises of ``notebooks/data_mesh/05_federated_governance.ipynb``.

Bind them with ``from mesh_lab.exercises.data_mesh_05 import *``. The small examples the exercises talk
about (the Lego boxes and their label rules, the group project's file names, the helpers that put a
changed contract into a copy of the mesh) are exported too, so the notebook can show them. Every expected
answer is computed from :mod:`mesh_lab.governance` and :mod:`mesh_lab.evolution`, never typed in.
"""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

import pandas as pd
import yaml

from mesh_lab.contracts import Contract
from mesh_lab.evolution import diff
from mesh_lab.governance import (
    CLASSIFICATIONS,
    GLOBAL_POLICIES,
    LIFECYCLE,
    RULES,
    GovernanceError,
    Policy,
    Violation,
    breaking_change_policy,
    govern,
    policy_from_document,
    strictness,
    strictness_experiment,
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
    words,
)
from mesh_lab.mesh import Catalog, sample_mesh

# --------------------------------------------------------------------------------------------------
# 👶 the label rules every room agreed on
# --------------------------------------------------------------------------------------------------

LABEL_RULES = {
    "what is inside": "The label says what is inside.",
    "which room": "The label says which room the box is from.",
    "red dot": "A box with tiny pieces gets a red dot, so the baby never gets it.",
}
"""👶 The three label rules one kid from each room agreed on together."""

KID_BOXES: list[dict[str, Any]] = [
    {"box": "cars box", "room": "kitchen", "inside": "cars", "tiny_pieces": False, "red_dot": False},
    {"box": "castle box", "room": "garage", "inside": "castle", "tiny_pieces": True, "red_dot": False},
    {"box": "space box", "room": "bedroom", "inside": "rockets", "tiny_pieces": True, "red_dot": True},
    {"box": "farm box", "room": "", "inside": "animals", "tiny_pieces": False, "red_dot": False},
]
"""👶 One box per room and what its label says."""


def kid_broken_rules(box: Mapping[str, Any]) -> list[str]:
    """The label rules (keys of :data:`LABEL_RULES`) that ``box`` breaks."""
    broken = []
    if not str(box.get("inside") or "").strip():
        broken.append("what is inside")
    if not str(box.get("room") or "").strip():
        broken.append("which room")
    if box.get("tiny_pieces") and not box.get("red_dot"):
        broken.append("red dot")
    return broken


def boxes_breaking_a_rule(boxes: Iterable[Mapping[str, Any]] = KID_BOXES) -> list[str]:
    """The names of the boxes whose label breaks at least one agreed rule, sorted."""
    return sorted(box["box"] for box in boxes if kid_broken_rules(box))


_ROOMS = {box["room"] for box in KID_BOXES if box["room"]}
_GOOD_BOXES = {box["box"] for box in KID_BOXES if not kid_broken_rules(box)}

# --------------------------------------------------------------------------------------------------
# 🧑‍🎓 the council's file-naming rule
# --------------------------------------------------------------------------------------------------

NAMING_RULE = re.compile(r"^(?P<team>[a-z]+)_(?P<topic>[a-z]+)_v(?P<number>[0-9]+)$")
"""🧑‍🎓 The shared rule: ``<team>_<topic>_v<number>``, small letters, e.g. ``research_sources_v2``."""

TEAM_RULES = {
    "slides": "every slide file has speaker notes",
    "research": "every research file lists its sources",
    "design": "every picture is a PNG file",
}
"""🧑‍🎓 Each team's own extra rule: it applies to that team's section only."""

PROJECT_FILES: list[tuple[str, str]] = [
    ("slides", "slides_intro_v1"),
    ("slides", "slides_results_final"),
    ("research", "research_sources_v2"),
    ("research", "Research_Survey_v1"),
    ("design", "design_logo_v3"),
    ("design", "Design-Logo-FINAL"),
]
"""🧑‍🎓 The files in the shared Drive: (team whose section holds it, file name)."""


def follows_naming_rule(team: str, name: str) -> bool:
    """Whether ``name`` follows the council's rule and starts with its own team's name."""
    match = NAMING_RULE.match(name)
    return bool(match) and match["team"] == team


def files_breaking_the_naming_rule(files: Iterable[tuple[str, str]] = PROJECT_FILES) -> list[str]:
    """The names of the files that break the shared naming rule, sorted."""
    return sorted(name for team, name in files if not follows_naming_rule(team, name))


_GOOD_FILES = {name.lower() for team, name in PROJECT_FILES if follows_naming_rule(team, name)}
_TEAMS = set(TEAM_RULES)

# --------------------------------------------------------------------------------------------------
# 👨‍💻 governance on the sample mesh
# --------------------------------------------------------------------------------------------------


def policy_table(policies: Iterable[Policy] = GLOBAL_POLICIES) -> pd.DataFrame:
    """One row per policy: id, title, severity, lifecycle and scope."""
    return pd.DataFrame([{"id": p.id, "title": p.title, "severity": p.severity, "lifecycle": p.lifecycle,
                          "scope": p.scope} for p in policies])


def decision_record(policy: Policy) -> pd.DataFrame:
    """A policy's rationale as a small table: context, decision, consequences, automation, monitoring."""
    return pd.DataFrame({"part": list(policy.rationale), "text": list(policy.rationale.values())})


def mesh_with(mesh: Catalog, *contracts: Contract) -> Catalog:
    """A copy of ``mesh`` in which each product whose id matches one of ``contracts`` carries that contract.

    The files are not touched: this is how the notebook breaks a product in memory.
    """
    changed = {contract.id: contract for contract in contracts}
    return Catalog(replace(p, contract=changed[p.id]) if p.id in changed else p for p in mesh)


def with_classification(contract: Contract, classification: Mapping[str, str]) -> Contract:
    """A copy of ``contract`` whose columns named in ``classification`` carry that classification."""
    copy = contract.copy()
    for table in copy.raw.get("schema") or []:
        for column in table.get("properties") or []:
            if column.get("name") in classification:
                column["classification"] = classification[column["name"]]
    return copy


def policies_every_product_breaks(report=None) -> list[str]:
    """The ids of the policies that every product of the report violates, sorted."""
    report = govern(sample_mesh()) if report is None else report
    products = [product for product, _ in report.products]
    by_policy = report.violations.groupby("policy")["product"].agg(set)
    return sorted(policy for policy, hit in by_policy.items() if set(products) <= hit)


def _score_keeper() -> str:
    (only,) = policies_every_product_breaks()
    return only


_ENFORCED_IDS = frozenset(p.id for p in GLOBAL_POLICIES if p.lifecycle == "enforced")
_TITLES = {p.title.lower(): p.id for p in GLOBAL_POLICIES}

# --------------------------------------------------------------------------------------------------
# 👨‍💻 a global policy of your own: every column says what it means
# --------------------------------------------------------------------------------------------------


class DemoContract(Contract):
    """A small contract made up for the exercise: equal when the documents are equal, shown by its columns."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Contract) and self.raw == other.raw

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        tables = []
        for table in self.raw.get("schema") or []:
            columns = ", ".join(f"{c['name']}: {c['description']!r}" if "description" in c else
                                f"{c['name']}: (no description key)" for c in table.get("properties") or [])
            tables.append(f"{table['name']}[{columns}]")
        return f"<contract {'; '.join(tables) or 'with no tables'}>"


def _contract(*tables: list[tuple[str, Any]]) -> DemoContract:
    """A minimal contract with one schema object per table; each column is (name, description), where
    the description ``...`` means "no description key at all"."""
    schema = []
    for number, table in enumerate(tables, 1):
        columns = []
        for name, description in table:
            column: dict[str, Any] = {"name": name, "logicalType": "string"}
            if description is not ...:
                column["description"] = description
            columns.append(column)
        schema.append({"name": f"table_{number}", "properties": columns})
    return DemoContract({"apiVersion": "v3.1.0", "kind": "DataContract", "id": "demo.product", "version": "1.0.0",
                     "status": "active", "schema": schema}, source="<a generated contract>")


def reference_undescribed(contract: Contract) -> list[str]:
    """The names of the columns without a description (missing, empty or only spaces), in order."""
    return [column.get("name") for table in contract.raw.get("schema") or []
            for column in table.get("properties") or [] if not str(column.get("description") or "").strip()]


NO_KEY = _contract([("order_id", "The order."), ("note", ...)])
EMPTY_TEXT = _contract([("order_id", "The order."), ("note", "")])
ONLY_SPACES = _contract([("order_id", "The order."), ("note", "   ")])
TWO_TABLES = _contract([("order_id", "The order.")], [("line_id", "One line."), ("sku", None)])
ALL_DESCRIBED = _contract([("order_id", "The order."), ("sku", "What was bought.")])
_CASE_CONTRACTS = [ALL_DESCRIBED, NO_KEY, EMPTY_TEXT, ONLY_SPACES, TWO_TABLES,
                   _contract([("a", None), ("b", ...), ("c", "C.")])]

_NAMES = ["order_id", "sku", "amount", "created_at", "status", "country", "carrier", "note"]
_DESCRIPTIONS = ["What it means.", "", "   ", None, ..., "Another sentence."]


def random_contract(rng: random.Random) -> tuple[Contract]:
    """A random contract for ``undescribed_columns`` (the generated cases of ``q7``): one or two tables
    of 0–4 columns, each described, empty, blank, ``None`` or without the key."""
    tables = []
    for _ in range(rng.choice([1, 1, 2])):
        names = rng.sample(_NAMES, k=rng.randint(0, 4))
        tables.append([(name, rng.choice(_DESCRIPTIONS)) for name in names])
    return (_contract(*tables),)


def simpler_contracts(args: tuple[Contract]) -> Iterator[tuple[Contract]]:
    """Smaller versions of a generated contract: one table or one column fewer."""
    (contract,) = args
    tables = [[(c["name"], c.get("description", ...)) for c in t["properties"]] for t in contract.raw["schema"]]
    if len(tables) > 1:
        for index in range(len(tables)):
            yield (_contract(*(tables[:index] + tables[index + 1:])),)
    for t, table in enumerate(tables):
        for c in range(len(table)):
            yield (_contract(*(tables[:t] + [table[:c] + table[c + 1:]] + tables[t + 1:])),)


def _returns(function, contract: Contract) -> Any:
    return function(contract.copy())


# --------------------------------------------------------------------------------------------------
# 👨‍💻 a domain policy in YAML
# --------------------------------------------------------------------------------------------------

POLICY_DOMAIN = "payments"
POLICY_TAG = "finance"

_POLICY_STARTER = '''payments_policy_yaml = """
id: ____
title: Every payments product is tagged finance
scope: ____
lifecycle: warn
rationale:
  context: Auditors must find every product that holds money movements.
  decision: Payments products carry the tag finance.
  consequences: One more tag per product; an audit finds them all with one search.
  automation: The publish gate reads the tags.
  monitoring: The payments scorecard.
rule:
  ____: finance
"""
'''
_POLICY_SOLUTION = (_POLICY_STARTER.replace("id: ____", "id: payments-finance-tag")
                    .replace("scope: ____", "scope: payments").replace("  ____: finance", "  require_tag: finance"))


def _text_of(code: str) -> str:
    namespace: dict[str, Any] = {}
    exec(code, namespace)
    return namespace["payments_policy_yaml"]


STARTER_POLICY = _text_of(_POLICY_STARTER)


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip("\n") + "\n"


def _document(text: Any) -> dict:
    """The policy text as a mapping ({} when it is not text or not readable YAML)."""
    if not isinstance(text, str):
        return {}
    try:
        document = yaml.safe_load(_clean(text))
    except yaml.YAMLError:
        return {}
    return document if isinstance(document, dict) else {}


def policy_from_text(text: str, source: str = "<policy text>") -> Policy:
    """A domain policy from YAML text (a ``*.policy.yaml`` file's content), via :func:`policy_from_document`."""
    try:
        document = yaml.safe_load(_clean(text))
    except yaml.YAMLError as exc:
        raise GovernanceError(f"{source}: not readable YAML ({type(exc).__name__}); check the indentation") from None
    return policy_from_document(document, source)


def domain_policy_problem(text: Any) -> str:
    """What the kit says about a domain policy written as YAML text ("" when it loads as a policy)."""
    if not isinstance(text, str):
        return "write the policy as YAML text between triple quotes: payments_policy_yaml = \"\"\"…\"\"\""
    try:
        document = yaml.safe_load(_clean(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return f"YAML cannot read your policy{where}: check the indentation and the colons"
    try:
        policy_from_document(document, "your policy")
    except GovernanceError as exc:
        return str(exc)
    except (AttributeError, TypeError, ValueError) as exc:  # the kit does not yet check a rule's argument types
        return f"your policy: its rule's value has the wrong shape ({type(exc).__name__}: {exc})"
    return ""


def _rule(text: Any) -> dict:
    rule = _document(text).get("rule")
    return rule if isinstance(rule, dict) else {}


class DomainPolicyExercise(ValueExercise):
    """The learner writes a domain policy as YAML text; it is correct when :func:`policy_from_document`
    accepts it, its scope is the payments domain and its rule requires the finance tag."""

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        answer = namespace.get(self.var, ____)
        if is_blank(answer) or (isinstance(answer, str) and _clean(answer) == _clean(STARTER_POLICY)):
            return Result("not_attempted", f"Fill in the blanks ____ of `{self.var}` in the cell above, run it, "
                                           "then run this check again.")
        if isinstance(answer, str) and "____" in answer:
            lines = [f"line {n} (`{line.strip()}`)" for n, line in enumerate(_clean(answer).splitlines(), 1)
                     if "____" in line]
            return Result("incorrect", f"Your policy still holds a blank ____ on {', '.join(lines)}: "
                                       "replace each one, run the cell, then check again.")
        problem = domain_policy_problem(answer)
        document = _document(answer)
        if (not problem and document.get("scope") == POLICY_DOMAIN and _rule(answer) == {"require_tag": POLICY_TAG}
                and document.get("lifecycle", "warn") == "warn"):
            return self._correct()
        fallback = (f"The kit refuses your policy: {problem}" if problem else
                    f"It loads, with scope {document.get('scope')!r} and rule {_rule(answer)!r}.")
        return self._incorrect(answer, lambda found, expected: False, fallback)


# --------------------------------------------------------------------------------------------------
# 👨‍💻 classify the payments columns
# --------------------------------------------------------------------------------------------------

PERSONAL_COLUMNS = ("customer_id",)
BUSINESS_SECRETS = ("amount",)
"""Columns of payments.transactions that must not be public: what each customer paid is revenue data."""
"""Columns of payments.transactions that identify a person (pseudonymous is still personal data)."""
_PROTECTED = ("restricted", "confidential", "sensitive")


@cache
def unclassified_payments_columns() -> tuple[str, ...]:
    """The columns of payments.transactions that the ``personal-data-classified`` policy flags."""
    report = govern(sample_mesh(), products=["payments.transactions"])
    rows = report.violations[report.violations["policy"] == "personal-data-classified"]
    return tuple(message.split("'")[1] for message in rows["message"])


def _levels(answer: Any) -> dict[str, str]:
    return {str(k): str(v).strip().lower() for k, v in answer.items()} if isinstance(answer, dict) else {}


def classification_findings(answer: Any) -> list[str]:
    """What is wrong with a classification (column → level) of payments.transactions (empty: it is right).

    Every flagged column gets a level the policy knows; a personal column is never lowered below
    restricted; and not everything is locked away (that is what "unclassified" already means).
    """
    if not isinstance(answer, dict):
        return ["write a dict: {\"column\": \"level\", …}"]
    levels = _levels(answer)
    findings = [f"{column!r} has no classification yet" for column in unclassified_payments_columns()
                if column not in levels]
    findings += [f"{column!r}: {level!r} is not a classification ({', '.join(CLASSIFICATIONS)})"
                 for column, level in levels.items() if level not in CLASSIFICATIONS]
    findings += [f"{column!r} identifies a customer: keep it restricted or confidential"
                 for column in PERSONAL_COLUMNS if column in levels and levels[column] not in _PROTECTED]
    findings += [f"{column!r} is what each customer paid: not for the public" for column in BUSINESS_SECRETS
                 if levels.get(column) == "public"]
    if levels and all(level in _PROTECTED for level in levels.values()):
        findings.append("every column is locked away")
    return findings


class ClassificationExercise(ValueExercise):
    """The learner classifies the unclassified payments columns; correct when
    :func:`classification_findings` finds nothing and the policy passes on the classified copy."""

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        answer = namespace.get(self.var, ____)
        if answer is ____ or (isinstance(answer, dict) and all(is_blank(v) for v in answer.values())):
            return Result("not_attempted", f"Fill in a level for each column of `{self.var}` (replace ____), "
                                           "run the cell, then check again.")
        if isinstance(answer, dict) and any(is_blank(v) for v in answer.values()):
            blanks = sorted(str(k) for k, v in answer.items() if is_blank(v))
            return Result("incorrect", f"Still blank: {', '.join(blanks)}. Give each column a level.")
        findings = classification_findings(answer)
        if not findings:
            return self._correct()
        fallback = "Not yet:\n" + "\n".join(f"• {finding}" for finding in findings[:4])
        return self._incorrect(answer, lambda found, expected: False, fallback)


_CLASSIFICATION_STARTER = (
    "classification = {\n"
    + "".join(f'    "{column}": ____,\n' for column in ("transaction_id", "sku", "quantity", "amount", "currency",
                                                         "status", "payment_method", "created_at"))
    + "}\n"
)
_SOLVED_LEVELS = {"transaction_id": "internal", "sku": "public", "quantity": "internal", "amount": "confidential",
                  "currency": "public", "status": "internal", "payment_method": "internal", "created_at": "internal"}
_CLASSIFICATION_SOLUTION = (
    "classification = {\n" + "".join(f'    "{k}": "{v}",\n' for k, v in _SOLVED_LEVELS.items()) + "}\n")


def _classification_with(**levels: str) -> str:
    merged = {**_SOLVED_LEVELS, **levels}
    return "classification = {\n" + "".join(f'    "{k}": "{v}",\n' for k, v in merged.items() if v) + "}\n"


# --------------------------------------------------------------------------------------------------
# 👨‍💻 a breaking change needs a new major version
# --------------------------------------------------------------------------------------------------

DROPPED_COLUMN = "payment_method"


def without_column(contract: Contract, column: str = DROPPED_COLUMN) -> Contract:
    """A copy of ``contract`` with ``column`` removed from every table (a breaking change)."""
    copy = contract.copy()
    for table in copy.raw.get("schema") or []:
        table["properties"] = [p for p in table.get("properties") or [] if p.get("name") != column]
    return copy


def required_version() -> str:
    """The version payments.transactions needs once :data:`DROPPED_COLUMN` is removed (from ``diff``)."""
    before = sample_mesh()["payments.transactions"].contract
    return diff(before, without_column(before)).suggested_version


@cache
def _current_version() -> str:
    return str(sample_mesh()["payments.transactions"].contract.raw["version"])


def _bump(part: int) -> str:
    """The current version with MAJOR (0), MINOR (1) or PATCH (2) bumped (read on first use)."""
    numbers = [int(n) for n in _current_version().split(".")]
    numbers[part] += 1
    return ".".join(str(n) if i <= part else "0" for i, n in enumerate(numbers))


CURRENT_VERSION = "1.2.0"
"""The version of payments.transactions in ``data/`` (a test checks it against the contract): the
exercise's texts quote it, and reading the contract at import would slow the notebook's first cell."""


# --------------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------------

q1 = ChoiceExercise(
    id="data_mesh_05.q1",
    level="kid",
    prompt="Who made the label rules?",
    var="who_made_rules",
    options={
        "a": "Mum. She made them alone.",
        "b": "One kid from each room. They made them together.",
        "c": "Each room made its own rules.",
    },
    correct="b",
    why={
        "a": "Mum did not make them. One kid from each room met, and they agreed on them together.",
        "b": "Yes! One kid from each room met. They agreed on the rules together. So every room says yes to them.",
        "c": "Then each room would write labels its own way. Nobody could read the other rooms' boxes.",
    },
    starter="who_made_rules = ____",
    solution='who_made_rules = "b"',
    hints=["Read the story again. Who met?", "Did one room decide, or did all the rooms decide?"],
)

q2 = ValueExercise(
    id="data_mesh_05.q2",
    level="kid",
    prompt="Which boxes break a label rule? Write their names in a list.",
    var="broken_boxes",
    expected=boxes_breaking_a_rule,
    unordered=True,
    starter="broken_boxes = ____",
    solution='broken_boxes = ["castle box", "farm box"]',
    hints=["Look at the picture. Which boxes have a red cross?",
           'Write each name in quote marks, in square brackets: ["cars box", "space box"].'],
    mistakes=[
        Mistake(name="wrote_rooms", when=lambda a: bool(words(a) & _ROOMS),
                example='broken_boxes = ["garage"]',
                message="That is a room. The question asks for the boxes. Write the box names, like \"cars box\"."),
        Mistake(name="a_number", when=is_number, example="broken_boxes = 2",
                message="That says how many. Write which ones: the box names, in a list."),
        Mistake(name="a_good_box", when=lambda a: bool(words(a) & _GOOD_BOXES),
                example='broken_boxes = ["castle box", "space box"]',
                message="One of your boxes follows every rule. Its label is green. Look again: which labels "
                        "are red?"),
        Mistake(name="one_text_for_two_boxes",
                when=lambda a: isinstance(a, str) and all(box in a.lower() for box in boxes_breaking_a_rule()),
                example='broken_boxes = "castle box, farm box"',
                message="Right boxes! But that is one long text. Give each name its own quote marks, inside "
                        "square brackets: [\"one box\", \"another box\"]."),
        Mistake(name="same_box_twice",
                when=lambda a: isinstance(a, (list, tuple)) and len(set(map(str, a))) < len(a),
                example='broken_boxes = ["castle box", "farm box", "castle box"]',
                message="You wrote one box two times. Write each box once."),
        Mistake(name="names_with_capitals_or_spaces",
                when=lambda a: isinstance(a, (list, tuple, set)) and len(a) == len(boxes_breaking_a_rule())
                and sorted(words(a)) == boxes_breaking_a_rule(),
                example='broken_boxes = ["Castle box", "farm box"]',
                message="Right boxes! Now write each name just as it is on the box: small letters, no extra "
                        "spaces."),
        Mistake(name="only_one_box",
                when=lambda a: len(words(a)) == 1 and words(a) < set(boxes_breaking_a_rule()),
                example='broken_boxes = ["castle box"]',
                message="That box breaks a rule, yes! But it is not the only one. Check every label."),
    ],
    correct_message="Yes! The castle box has tiny pieces but no red dot. The farm box does not say its room. "
                    "The rules are the same for every room, so anyone can spot it.",
)

q3 = ValueExercise(
    id="data_mesh_05.q3",
    level="teen",
    prompt="Which files break the council's naming rule? A list of file names.",
    var="bad_names",
    expected=files_breaking_the_naming_rule,
    unordered=True,
    starter="bad_names = ____",
    solution='bad_names = ["slides_results_final", "Research_Survey_v1", "Design-Logo-FINAL"]',
    hints=["The rule: the team's name, an underscore, the topic, an underscore, then v and a number. "
           "Small letters only.",
           "Check three things for each file: small letters? the own team's name first? a version like v2 "
           "at the end?"],
    mistakes=[
        Mistake(name="listed_the_good_ones", when=lambda a: bool(words(a) & _GOOD_FILES),
                example='bad_names = ["design_logo_v3", "Design-Logo-FINAL"]',
                message="One of your files follows the rule: the team's name, the topic and a version, in small "
                        "letters. Leave it out."),
        Mistake(name="missed_final",
                when=lambda a: words(a) == {n.lower() for n in files_breaking_the_naming_rule()} - {
                    "slides_results_final"},
                example='bad_names = ["Research_Survey_v1", "Design-Logo-FINAL"]',
                message="Nearly. Look at slides_results_final: it has small letters, but where is its version "
                        "number? “final” is not a version."),
        Mistake(name="changed_the_names",
                when=lambda a: isinstance(a, (list, tuple, set)) and len(a) == len(files_breaking_the_naming_rule())
                and all(isinstance(n, str) for n in a) and not set(a) & set(files_breaking_the_naming_rule())
                and not words(a) & _GOOD_FILES and not words(a) <= _TEAMS,
                example='bad_names = ["slides_results_v1", "research_survey_v1", "design_logo_v1"]',
                message="Those look like the names *fixed*. The question asks which files break the rule: "
                        "copy their names just as they are in the Drive now."),
        Mistake(name="teams_not_files", when=lambda a: bool(words(a)) and words(a) <= _TEAMS,
                example='bad_names = ["design", "research"]',
                message="Those are teams. The question asks for the file names."),
        Mistake(name="a_number", when=is_number, example="bad_names = 3",
                message="That says how many. Write which ones: the file names, in a list."),
        Mistake(name="one_text",
                when=lambda a: isinstance(a, str) and "," in a,
                example='bad_names = "slides_results_final, Research_Survey_v1, Design-Logo-FINAL"',
                message="That is one long text. Give each file name its own quote marks, inside square "
                        "brackets."),
    ],
    correct_message="Right: no version, capital letters, dashes. The council's robot can spot all three, "
                    "for every team, without a meeting.",
)

q4 = ChoiceExercise(
    id="data_mesh_05.q4",
    level="teen",
    prompt="The council adds a new rule. How should the Drive's robot start?",
    var="robot_start",
    options={
        "a": "Block every file that breaks it, from today, one day before the deadline.",
        "b": "Warn first, so each team can fix its files. Block once the teams are ready.",
        "c": "Never check it. Teams will follow it anyway.",
    },
    correct="b",
    why={
        "a": "Then half the project is stuck on the last day, and people start to hate the rules. Too strict, "
             "too soon, makes everything slow.",
        "b": "Yes. A warning shows the problem without stopping the work. When teams are ready, the robot "
             "blocks. That is how a rule grows up: draft, then warn, then enforced.",
        "c": "A rule nobody checks is a wish. Soon every team names files its own way again: chaos.",
    },
    starter="robot_start = ____",
    solution='robot_start = "b"',
    hints=["What happens to the work when the robot blocks a file?",
           "Is there a way to show a problem without stopping anyone?"],
)

q5 = ValueExercise(
    id="data_mesh_05.q5",
    level="tech",
    prompt="Which policy keeps every product of the sample mesh below 5? Its id, as text.",
    var="score_keeper",
    expected=_score_keeper,
    setup="mesh = sample_mesh()\nreport = govern(mesh)",
    starter="score_keeper = ____",
    solution='score_keeper = "personal-data-classified"',
    hints=["Look at the heatmap: which column is not green in any row?",
           "Or compute it: `report.violations[\"policy\"].unique()`."],
    mistakes=[
        Mistake(name="an_enforced_policy", when=lambda a: isinstance(a, str) and a.strip() in _ENFORCED_IDS,
                example='score_keeper = "interoperable"',
                message="That policy is enforced: if any product broke it, `report.passed` would be False. "
                        "It passes everywhere. Look for a policy at warn."),
        Mistake(name="wrote_the_title", when=lambda a: isinstance(a, str) and a.strip().lower() in _TITLES,
                example=f'score_keeper = "{GLOBAL_POLICIES[3].title}"',
                message="That is the policy's title. Give its id, the short name in the heatmap's columns."),
        Mistake(name="spelling", when=lambda a: isinstance(a, str) and a != _score_keeper()
                and a.strip().lower().replace("_", "-") == _score_keeper(),
                example='score_keeper = "Personal_Data_Classified"',
                message="Right policy! Write its id exactly as the heatmap shows it: small letters, words "
                        "joined by '-'."),
        Mistake(name="a_list", when=lambda a: isinstance(a, (list, tuple, set)),
                example='score_keeper = ["personal-data-classified"]',
                message="One policy, as text: write it in quote marks, without square brackets."),
        Mistake(name="a_score", when=is_number, example="score_keeper = 4.4",
                message="That is a score. The question asks which policy costs the points: its id."),
    ],
    correct_message="Right: every column must carry a classification, and most do not, so they count as "
                    "sensitive. The policy is at warn, so it lowers the score without blocking anyone: "
                    "the domains get time to classify.",
)

_DESCRIBED_STARTER = (
    "def undescribed_columns(contract):\n"
    "    missing = []\n"
    "    for table in contract.raw.get(\"schema\") or []:\n"
    "        for column in table.get(\"properties\") or []:\n"
    "            if ____:\n"
    "                missing.append(column[\"name\"])\n"
    "    return missing\n"
)
_DESCRIBED_SOLUTION = _DESCRIBED_STARTER.replace(
    "if ____:", "if not str(column.get(\"description\") or \"\").strip():")


def _described_with(condition: str) -> str:
    return _DESCRIBED_STARTER.replace("if ____:", f"if {condition}:")


q7 = FunctionExercise(
    id="data_mesh_05.q7",
    level="tech",
    prompt="Write undescribed_columns(contract): the names of the columns with no description.",
    func="undescribed_columns",
    cases=[((contract,), reference_undescribed(contract)) for contract in _CASE_CONTRACTS],
    unordered=True,
    generated=random_contract,
    shrink=simpler_contracts,
    starter=_DESCRIBED_STARTER,
    solution=_DESCRIBED_SOLUTION,
    hints=["`column.get(\"description\")` is None when the key is missing.",
           "A description of only spaces says nothing either: `str(... or \"\").strip()` is empty for None, "
           "\"\" and \"   \"."],
    mistakes=[
        Mistake(name="only_missing_key", when=lambda f: _returns(f, EMPTY_TEXT) == [],
                example=_described_with("\"description\" not in column"),
                message="`description: \"\"` has the key but says nothing: a consumer learns nothing from it. "
                        "Count a column as undescribed when its description is missing *or empty*."),
        Mistake(name="blank_counts_as_described",
                when=lambda f: _returns(f, ONLY_SPACES) == [] and _returns(f, EMPTY_TEXT) != [],
                example=_described_with("not column.get(\"description\")"),
                message="A description of only spaces (\"   \") passes your check, but it says nothing. "
                        "Strip the text first: `str(column.get(\"description\") or \"\").strip()`."),
        Mistake(name="first_table_only",
                when=lambda f: _returns(f, TWO_TABLES) == [] and _returns(f, NO_KEY) == ["note"],
                example=("def undescribed_columns(contract):\n"
                         "    table = contract.raw[\"schema\"][0]\n"
                         "    return [c[\"name\"] for c in table[\"properties\"] "
                         "if not str(c.get(\"description\") or \"\").strip()]\n"),
                message="A contract can describe several tables: `schema` is a list. Loop over every table, "
                        "not only `schema[0]`."),
        Mistake(name="returned_the_described",
                when=lambda f: _returns(f, ALL_DESCRIBED) == ["order_id", "sku"],
                example=_described_with("column.get(\"description\")"),
                message="Your function lists the columns that *have* a description. The policy needs the "
                        "ones without: turn the condition round."),
    ],
    correct_message="Correct: missing, empty and blank descriptions all count. Wrap it in a Policy and the "
                    "platform checks every product, in every domain, at every publish.",
)

q8 = DomainPolicyExercise(
    id="data_mesh_05.q8",
    level="tech",
    prompt="Complete the payments domain's policy: payments products carry the tag finance.",
    var="payments_policy_yaml",
    expected="a payments policy that requires the tag finance",
    starter=_POLICY_STARTER,
    solution=_POLICY_SOLUTION,
    hints=["`id`: a new name of your own, lower-case words joined by '-' (not a global policy's id). "
           "`scope`: the domain the policy is for.",
           f"The rule is one of {', '.join(RULES)}: which one checks a tag?"],
    mistakes=[
        Mistake(name="not_text", when=lambda a: not isinstance(a, str),
                example='payments_policy_yaml = {"id": "payments-finance-tag"}',
                message="Write the policy as YAML text between triple quotes, the way it stands in a "
                        "`*.policy.yaml` file: payments_policy_yaml = \"\"\" … \"\"\"."),
        Mistake(name="reused_a_global_id",
                when=lambda a: _document(a).get("id") in {p.id for p in GLOBAL_POLICIES},
                example=_POLICY_SOLUTION.replace("id: payments-finance-tag", "id: owner-declared"),
                message="owner-declared is a global policy: a domain cannot replace it (that could weaken it). "
                        "Give your policy a new id, e.g. payments-finance-tag."),
        Mistake(name="scope_global", when=lambda a: _document(a).get("scope") == "global",
                example=_POLICY_SOLUTION.replace("scope: payments", "scope: global"),
                message="Global policies are set by the council of all domains and the platform, not by one "
                        "domain. A domain policy's scope is its own domain: payments."),
        Mistake(name="another_domain",
                when=lambda a: bool(_document(a).get("scope")) and _document(a).get("scope") not in (
                    POLICY_DOMAIN, "global"),
                example=_POLICY_SOLUTION.replace("scope: payments", "scope: catalog"),
                message="This is the payments team's own rule. Scope it to payments: the other domains keep "
                        "their own decisions."),
        Mistake(name="tried_an_exemption", when=lambda a: "exempt" in _document(a) or "disable" in _document(a),
                example=_POLICY_SOLUTION + 'payments_policy_yaml += "exempt: [sla-declared]\\n"\n',
                message="A domain policy can only add rules. Switching a global policy off is for the council "
                        "to decide, for everyone: take it there."),
        Mistake(name="not_at_warn", when=lambda a: _document(a).get("lifecycle", "warn") != "warn",
                example=_POLICY_SOLUTION.replace("lifecycle: warn", "lifecycle: enforced"),
                message="A brand-new rule enforced at once blocks every payments product today (none carries "
                        "the tag yet), and a draft is never counted. Start it at warn: the products show on the "
                        "scorecard while the team adds the tag, then the council enforces it."),
        Mistake(name="tag_spelling",
                when=lambda a: str(_rule(a).get("require_tag", "")).strip().lower() == POLICY_TAG
                and _rule(a).get("require_tag") != POLICY_TAG,
                example=_POLICY_SOLUTION.replace("require_tag: finance", "require_tag: Finance"),
                message="Tags are compared exactly, and the kit writes them in small letters: require `finance`."),
        Mistake(name="wrong_rule",
                when=lambda a: bool(_rule(a)) and "require_tag" not in _rule(a),
                example=_POLICY_SOLUTION.replace("require_tag: finance", "require_column: finance"),
                message="That rule looks for something else (a column, a field or a classification). Tags are "
                        "checked by `require_tag`."),
    ],
    correct_message="Correct: a policy the payments domain owns, for its own products, that adds a rule and "
                    "weakens none. It starts at warn, like every new rule.",
)

q6 = ClassificationExercise(
    id="data_mesh_05.q6",
    level="tech",
    prompt="Classify the unclassified columns of payments.transactions.",
    var="classification",
    expected="a level for every flagged column",
    starter=_CLASSIFICATION_STARTER,
    solution=_CLASSIFICATION_SOLUTION,
    hints=[f"Each level is one of: {', '.join(CLASSIFICATIONS)} (in quote marks).",
           "Ask of each column: could it, alone or joined, point at a person? customer_id already says "
           "restricted. Money amounts are business secrets; a currency code is public."],
    mistakes=[
        Mistake(name="not_a_level",
                when=lambda a: any(level not in CLASSIFICATIONS for level in _levels(a).values()),
                example=_classification_with(amount="secret"),
                message="The policy knows five levels: " + ", ".join(CLASSIFICATIONS) + ". Any other word "
                        "counts as unclassified, so the column is still flagged."),
        Mistake(name="lowered_personal_data",
                when=lambda a: any(c in _levels(a) and _levels(a)[c] not in _PROTECTED for c in PERSONAL_COLUMNS),
                example=_classification_with(customer_id="internal"),
                message="customer_id points at a person, even as a code (pseudonymous data are still personal "
                        "data). Keep it restricted: lowering it would open it to everyone in the company."),
        Mistake(name="money_made_public",
                when=lambda a: any(_levels(a).get(c) == "public" for c in BUSINESS_SECRETS),
                example=_classification_with(amount="public"),
                message="`amount` is what each customer paid: with the timestamps it shows the shop's revenue "
                        "to anyone. Keep it internal or confidential; open only what is harmless, like the "
                        "currency code."),
        Mistake(name="everything_locked",
                when=lambda a: bool(_levels(a)) and all(v in _PROTECTED for v in _levels(a).values()),
                example=_classification_with(**{k: "restricted" for k in _SOLVED_LEVELS}),
                message="Every column restricted is what “unclassified counts as sensitive” already does: "
                        "nobody reads anything without approval. Classify what is really personal or secret, "
                        "and open the rest."),
        Mistake(name="left_a_column_out",
                when=lambda a: isinstance(a, dict) and bool(set(unclassified_payments_columns()) - set(_levels(a))),
                example=_classification_with(created_at=""),
                message="A column is missing from your dict, so it stays unclassified and still counts as "
                        "sensitive. Give every flagged column a level."),
    ],
    correct_message="Classified: the policy passes for payments.transactions, and readers can now get the "
                    "open columns without asking, while customer_id stays restricted.",
)

q9 = ValueExercise(
    id="data_mesh_05.q9",
    level="tech",
    prompt=f"payments.transactions drops {DROPPED_COLUMN}. Which version must it publish?",
    var="new_version",
    expected=required_version,
    starter="new_version = ____",
    solution='new_version = "2.0.0"',
    hints=["Removing a column breaks the consumers that read it.",
           "Semantic versions: MAJOR.MINOR.PATCH. A breaking change bumps MAJOR and resets the rest to 0."],
    mistakes=[
        Mistake(name="minor_bump", when=lambda a: a == _bump(1), example='new_version = "1.3.0"',
                message="A minor version promises nothing breaks. Removing a column breaks every consumer that "
                        "reads it: that is a new MAJOR version."),
        Mistake(name="patch_bump", when=lambda a: a == _bump(2), example='new_version = "1.2.1"',
                message="A patch is for fixes that change no promise. Removing a column breaks consumers: bump "
                        "MAJOR."),
        Mistake(name="unchanged", when=lambda a: a == _current_version(), example=f'new_version = "{CURRENT_VERSION}"',
                message="That is the version today. `breaking-change-major` flags exactly this: a breaking "
                        "change under the same version."),
        Mistake(name="kept_minor_and_patch",
                when=lambda a: isinstance(a, str) and a.startswith(_bump(0).split(".")[0] + ".") and a != _bump(0),
                example='new_version = "2.2.0"',
                message="Right major! A new major version starts its minor and patch again at 0."),
        Mistake(name="skipped_a_major",
                when=lambda a: isinstance(a, str) and re.fullmatch(r"\d+\.\d+\.\d+", a.strip()) is not None
                and int(a.split(".")[0]) > int(_bump(0).split(".")[0]),
                example='new_version = "3.0.0"',
                message="One breaking change is one step of the major number, counted from today's version."),
        Mistake(name="not_semantic",
                when=lambda a: not (isinstance(a, str) and re.fullmatch(r"\d+\.\d+\.\d+", a.strip())),
                example='new_version = "v2"',
                message="Write a semantic version as text: three numbers with dots, like \"1.2.0\"."),
    ],
    correct_message="Right: a breaking change is a new major version, so consumers see it coming and can "
                    "move when they are ready.",
)

q10 = ChoiceExercise(
    id="data_mesh_05.q10",
    level="tech",
    prompt="Enforcing every policy makes time-to-data several times longer. What does a federated "
           "governance do?",
    var="balance",
    options={
        "a": "Keep every policy at warn: speed matters most.",
        "b": "Enforce the few policies that keep products safe and interoperable, automate them in the "
             "platform, keep the others at warn, and leave the rest to the domains.",
        "c": "Enforce every policy, and add a review board to check the products by hand as well.",
        "d": "Let each domain choose which global policies it follows.",
    },
    correct="b",
    why={
        "a": "Fast, but consistency drops: names, time zones and personal data drift apart between domains, "
             "and consumers translate every join. Weak governance → chaos.",
        "b": "Yes: few global rules, checked as code (cheap when the platform does it), enforced once the "
             "domains can meet them; everything else is a local decision. Consistency where it matters, "
             "speed everywhere else.",
        "c": "A board reading every product is the central bottleneck again: strict governance → slow.",
        "d": "Then a global policy is a suggestion, and the products stop fitting together. A domain may add "
             "rules, never drop one.",
    },
    starter="balance = ____",
    solution='balance = "b"',
    hints=["Compare the two rows of the experiment: what does each extreme cost?",
           "Which policies must hold everywhere for products to join safely? Who checks them, a person or code?"],
)

# --------------------------------------------------------------------------------------------------
# Quizzes
# --------------------------------------------------------------------------------------------------

quiz1 = Quiz(
    id="data_mesh_05.quiz1",
    level="kid",
    question="The garage does not like red dots. Can the garage stop using them?",
    options=[
        Option("a", "Yes. It is their room.",
               why="But the baby can go into every room. The rooms made the red dot rule together."),
        Option("b", "No. A room can add its own rules, but not drop a rule all rooms agreed on.", correct=True,
               why="Yes! The garage can add a rule for its own boxes. It cannot drop a shared one."),
        Option("c", "Yes, when the baby is asleep.",
               why="The baby wakes up! The red dot must always be there."),
    ],
)

quiz2 = Quiz(
    id="data_mesh_05.quiz2",
    level="teen",
    question="Who sets the file-naming rule for the whole project?",
    options=[
        Option("a", "The teacher, alone.",
               why="Then the teams did not agree to it, and one person must answer every question: a bottleneck."),
        Option("b", "A council: one rep from each team, plus the person who runs the Drive.", correct=True,
               why="Right: the teams agree on the few shared rules, and the Drive's keeper makes the robot "
                   "check them. Each team keeps its own extra rules."),
        Option("c", "Each team, for its own section.",
               why="Then the sections don't fit together at the end: that is what a shared rule is for."),
    ],
)

quiz3 = Quiz(
    id="data_mesh_05.quiz3",
    level="teen",
    question="The robot blocks every file for every small rule. What happens to the project?",
    options=[
        Option("a", "It is tidy and fast.",
               why="Tidy, yes. Fast, no: every blocked file waits for a fix."),
        Option("b", "It is tidy, but slow: work waits for every fix.", correct=True,
               why="Yes. Weak rules give chaos; too strict rules make everything slow again."),
        Option("c", "Nothing changes.",
               why="Blocking stops the work until the file is fixed. That changes a lot."),
    ],
)

quiz4 = Quiz(
    id="data_mesh_05.quiz4",
    level="tech",
    question="What is federated computational governance?",
    options=[
        Option("a", "A central board reviews every product by hand before it is published.",
               why="That is central governance: a queue in front of every product, the bottleneck the mesh "
                   "exists to remove."),
        Option("b", "Domain reps and the platform team agree on a few global policies; the platform checks "
                    "them as code in every product; domains decide everything else and may add local rules.",
               correct=True,
               why="Yes: federated (the domains decide together), computational (the platform automates the "
                   "checks), and local decisions stay with the domains."),
        Option("c", "Each domain writes its own standards, and consumers translate between them.",
               why="Then nothing joins without translation: no interoperability. That is the chaos side."),
    ],
)

__all__ = [
    "____", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "quiz1", "quiz2", "quiz3", "quiz4",
    "LABEL_RULES", "KID_BOXES", "kid_broken_rules", "NAMING_RULE", "TEAM_RULES", "PROJECT_FILES",
    "follows_naming_rule", "sample_mesh", "govern", "GLOBAL_POLICIES", "LIFECYCLE", "CLASSIFICATIONS", "RULES",
    "Policy", "Violation", "GovernanceError", "policy_from_document", "breaking_change_policy", "strictness",
    "strictness_experiment", "policy_table", "decision_record", "mesh_with", "with_classification",
    "policy_from_text", "domain_policy_problem", "classification_findings", "without_column", "DROPPED_COLUMN", "diff",
]
