"""Exercises of ``notebooks/data_mesh/02_domain_ownership.ipynb``.

Bind them with ``from mesh_lab.exercises.data_mesh_02 import *``. The small examples the exercises talk
about (the toy boxes, the two routes of a wrong slide, the mystery-table helpers, the ownership block
to complete) are exported too, so the notebook can show them. Every expected answer is computed from
:mod:`mesh_lab.ownership`, never typed in.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

import yaml

from mesh_lab.contracts import parse_yaml
from mesh_lab.errors import ContractError
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
from mesh_lab.lint import lint_text
from mesh_lab.mesh import sample_mesh
from mesh_lab.ownership import (
    SOURCE_DOMAINS,
    STALE_DAYS,
    WarehouseTable,
    central_warehouse,
    defect_rate,
    hours_to_fix,
    knowledge_distance,
    ownership_problems,
    triage,
)

# --------------------------------------------------------------------------------------------------
# 👶 boxes with a name
# --------------------------------------------------------------------------------------------------

TOY_BOXES: dict[str, str | None] = {
    "kitchen box": "Mia",
    "garage box": "Leo",
    "hall box": None,
    "bedroom box": "Sam",
    "attic box": None,
}
"""👶 Each box and the name on it (``None``: nobody's name, so nobody keeps it tidy)."""


def boxes_without_a_name(boxes: Mapping[str, str | None] = TOY_BOXES) -> list[str]:
    """The labels of the boxes nobody keeps tidy, sorted."""
    return sorted(box for box, keeper in boxes.items() if not keeper)


_KEEPERS = {keeper.lower() for keeper in TOY_BOXES.values() if keeper}
_NAMED = {box for box, keeper in TOY_BOXES.items() if keeper}


# --------------------------------------------------------------------------------------------------
# 🧑‍🎓 a wrong slide in the group project
# --------------------------------------------------------------------------------------------------

VIA_DECK_OWNER: list[tuple[str, int]] = [
    ("you message Alex, who owns the whole deck", 5),
    ("your message waits until Alex has time", 180),
    ("Alex asks Sam what the number should be", 60),
    ("Alex fixes the slide", 20),
]
"""🧑‍🎓 Route 1: every fix goes through the one owner of the whole deck (step, minutes)."""

VIA_SLIDE_MAKER: list[tuple[str, int]] = [
    ("you message Sam, who made the slide", 5),
    ("Sam fixes it: Sam knows what the number should be", 10),
]
"""🧑‍🎓 Route 2: the person who made the slide fixes it (step, minutes)."""


def route_minutes(route: list[tuple[str, int]]) -> int:
    """Minutes from your message to the fixed slide along ``route``."""
    return sum(minutes for _, minutes in route)


def _route_without(*dropped: int) -> int:
    return sum(minutes for index, (_, minutes) in enumerate(VIA_DECK_OWNER) if index not in dropped)


# --------------------------------------------------------------------------------------------------
# 👨‍💻 who owns what
# --------------------------------------------------------------------------------------------------

def unaccountable_products() -> list[str]:
    """The sample mesh's products whose contract fails :func:`ownership_problems`, sorted."""
    return sorted(product.id for product in sample_mesh() if ownership_problems(product.contract.raw))


@cache
def _team_names() -> frozenset[str]:
    """The sample mesh's team names (read on first use: loading the mesh lints its contracts)."""
    return frozenset(f"{product.domain}-team" for product in sample_mesh())


# --------------------------------------------------------------------------------------------------
# 👨‍💻 mystery tables
# --------------------------------------------------------------------------------------------------

WAREHOUSE = central_warehouse()
"""The central warehouse of the notebook (seeded): twelve tables, many of them mystery tables."""

ACTIONS = ("publish", "deprecate", "ask")


def reference_triage(table: WarehouseTable) -> tuple[str, str]:
    """(owning domain, action) of one table: :func:`mesh_lab.ownership.triage` as a pair."""
    decided = triage(table)
    return decided["owner"], decided["action"]


def _table(system: str = "wms", owner: str | None = None, contract: bool = False, consumers: tuple[str, ...] = (),
           days: int = 30, name: str = "tmp_stock") -> WarehouseTable:
    return WarehouseTable(name=name, source_system=system, owner=owner, has_contract=contract,
                          consumers=consumers, days_since_change=days, columns=("stock_id", "created_at", "status"))


HELD_BY_BI = _table("wms", owner="bi-team", consumers=("growth",), days=400, name="old_picks")
"""Held by the BI team today, read by growth, built from the warehouse system (logistics)."""
STALE_BUT_READ = _table("crm", consumers=("finance-analytics",), days=700, name="bak_customers")
"""Not changed for almost two years, but finance-analytics still reads it."""
EXACTLY_STALE = _table("pricing", days=STALE_DAYS, name="tmp_prices")
"""Nobody reads it and it has not changed for exactly ``STALE_DAYS`` days."""
RECENT_MYSTERY = _table("refunds", days=12, name="final_refunds")
"""A mystery table (no owner, contract or consumer) that changed 12 days ago: someone still writes it."""
ONE_DAY_TOO_YOUNG = _table("pricing", days=STALE_DAYS - 1, name="tmp_prices_b")
"""Nobody reads it and it changed one day less than ``STALE_DAYS`` days ago (not stale yet)."""
ONE_DAY_TOO_OLD = _table("pricing", days=STALE_DAYS + 1, name="tmp_prices_c")
"""Nobody reads it and it has not changed for one day more than ``STALE_DAYS`` days (stale)."""
LONG_FORGOTTEN = _table("pricing", days=3 * STALE_DAYS, name="old_prices")
"""Nobody reads it and it has not changed for three times ``STALE_DAYS`` days (clearly stale)."""
READ_WITHOUT_CONTRACT = _table("carrier_api", consumers=("bi-team",), days=90, name="v2_tracking")
"""Read by the BI team, no contract yet."""
STALE_WITH_CONTRACT = _table("wms", owner="growth", contract=True, days=400, name="old_stock")
"""Held by growth, with a contract, but nobody reads it and it has not changed for 400 days."""
_CASE_TABLES = [HELD_BY_BI, STALE_WITH_CONTRACT, STALE_BUT_READ, EXACTLY_STALE, RECENT_MYSTERY, READ_WITHOUT_CONTRACT,
                *WAREHOUSE[:6]]

_SUBJECTS = {"checkout": "orders", "psp_gateway": "payments", "refunds": "refunds", "pim": "products",
             "pricing": "prices", "wms": "stock", "carrier_api": "parcels", "crm": "customers",
             "newsletter": "opens"}


def random_table(rng: random.Random) -> tuple[WarehouseTable]:
    """A random warehouse table for ``triage_table`` (the generated cases of ``q6``).

    Any source system, current owner (or none), contract, 0–2 consumers; the age is often right at
    ``STALE_DAYS`` (one day before, on, after) so that ``>`` for ``>=`` shows.
    """
    system = rng.choice(sorted(SOURCE_DOMAINS))
    days = rng.choice([STALE_DAYS - 1, STALE_DAYS, STALE_DAYS + 1, rng.randint(1, 720), rng.randint(1, 720)])
    consumers = tuple(sorted(set(rng.sample(["bi-team", "finance-analytics", "growth"], k=rng.randint(0, 2)))))
    owner = rng.choice([None, None, "bi-team", "finance-analytics", "growth"])
    name = f"{rng.choice(['tmp', 'final', 'old', 'v2', 'bak'])}_{_SUBJECTS[system]}"
    return (_table(system, owner=owner, contract=bool(owner) and rng.random() < 0.5, consumers=consumers,
                   days=days, name=name),)


def simpler_tables(args: tuple[WarehouseTable]) -> Iterator[tuple[WarehouseTable]]:
    """Simpler versions of a generated table: fewer consumers, no current owner, no contract."""
    (table,) = args
    for index in range(len(table.consumers)):
        yield (replace(table, consumers=table.consumers[:index] + table.consumers[index + 1:]),)
    if table.owner is not None:
        yield (replace(table, owner=None, has_contract=False),)
    elif table.has_contract:
        yield (replace(table, has_contract=False),)


def _decided(function, table: WarehouseTable) -> tuple:
    """What the learner's function decides for ``table``, as a tuple (a list counts as a tuple)."""
    found = function(table)
    return tuple(found) if isinstance(found, (list, tuple)) else (found,)


def _action(function, table: WarehouseTable):
    decided = _decided(function, table)
    return decided[1] if len(decided) == 2 else None


def _owner(function, table: WarehouseTable):
    decided = _decided(function, table)
    return decided[0] if len(decided) == 2 else None


# --------------------------------------------------------------------------------------------------
# 👨‍💻 the cost of knowledge distance
# --------------------------------------------------------------------------------------------------

def hours_per_change(distance: float) -> float:
    """Expected hours lost per change at ``distance``: defect rate × hours to fix one defect."""
    return defect_rate(distance) * hours_to_fix(distance)


def far_to_near_ratio() -> float:
    """How many times more hours a change costs at distance 1 than at distance 0, by the equations."""
    return round(hours_per_change(1.0) / hours_per_change(0.0), 6)


def _simulated_ratio() -> float:
    frame = knowledge_distance(distances=(0.0, 1.0))
    return float(frame["hours_lost"].iloc[1] / frame["hours_lost"].iloc[0])


def _near(value: Any, target: float) -> bool:
    return is_number(value) and abs(value - target) <= 0.05


def _is_inverse(value: Any, target: float) -> bool:
    """Is ``value`` ``1 / target``: a ratio written upside down?"""
    return is_number(value) and abs(value * target - 1) <= 0.01


# --------------------------------------------------------------------------------------------------
# 👨‍💻 accountability as code: an ownership block
# --------------------------------------------------------------------------------------------------

OWNING_DOMAIN = "catalog"
OWNERSHIP_KEYS = ("team", "support", "roles")
SUPPORT_SCOPES = ("interactive", "announcements", "issues", "notifications")
_CONTRACT_HEAD = textwrap.dedent("""\
    apiVersion: v3.1.0
    kind: DataContract
    id: catalog.products
    name: products
    version: 1.3.0
    status: active
""")

_BLOCK_STARTER = '''ownership_yaml = """
team:
  name: ____
  members:
    - username: jonas.berg@meshlab.example
      name: Jonas Berg
      role: ____
support:
  - channel: "#catalog-data"
    tool: slack
    scope: interactive
  - channel: ____
    tool: email
    scope: ____
roles:
  - role: catalog_reader
    access: read
    firstLevelApprovers: ____
"""
'''


def _block_of(code: str) -> str:
    """The YAML text an ``ownership_yaml = \"\"\"…\"\"\"`` cell holds."""
    namespace: dict[str, Any] = {}
    exec(code, namespace)
    return namespace["ownership_yaml"]


STARTER_BLOCK = _block_of(_BLOCK_STARTER)


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip("\n") + "\n"


def _lines_with_blanks(text: str) -> list[int]:
    return [number for number, line in enumerate(_clean(text).splitlines(), 1) if "____" in line]


def ownership_findings(text: str) -> list[str]:
    """What is wrong with an ownership block written as YAML text (empty: lint-clean and accountable).

    The block is read as YAML (a syntax error names its line), may hold only ``team``, ``support`` and
    ``roles``, is linted against the ODCS v3.1.0 schema inside a contract (lines are the block's own)
    and must pass :func:`mesh_lab.ownership.ownership_problems`.
    """
    if not isinstance(text, str):
        return ["write the block as YAML text between triple quotes: ownership_yaml = \"\"\"…\"\"\""]
    block = _clean(text)
    try:
        document, _ = parse_yaml(block, "your block")
    except ContractError as exc:
        return [str(exc)]
    if not isinstance(document, dict):
        return ["the block is not a mapping: write `team:`, `support:` and `roles:` lines"]
    findings = [f"`{key}` is not part of the ownership block: keep only team, support and roles"
                for key in document if key not in OWNERSHIP_KEYS]
    if findings:
        return findings
    findings += [f"line {p.line}: {p.path}: expected {p.expected}, found {p.found}" if p.line
                 else f"{p.path}: expected {p.expected}, found {p.found}"
                 for p in lint_text(block + _CONTRACT_HEAD, "your block") if p.severity == "error"]
    return findings + ownership_problems(document)


def _unreadable(text: Any) -> str:
    """The YAML reader's complaint about the block ("" when it reads, or when it is not text at all)."""
    if not isinstance(text, str):
        return ""
    try:
        parse_yaml(_clean(text), "your block")
    except ContractError as exc:
        return str(exc)
    return ""


def _parsed(text: Any) -> dict:
    """The block as a mapping ({} when it cannot be read)."""
    try:
        document = yaml.safe_load(_clean(text))
    except Exception:
        return {}
    return document if isinstance(document, dict) else {}


def _team(text: Any) -> dict:
    team = _parsed(text).get("team")
    return team if isinstance(team, dict) else {}


def _members(text: Any) -> list[dict]:
    return [m for m in _team(text).get("members") or [] if isinstance(m, dict)]


def _scopes(text: Any) -> list:
    return [s.get("scope") for s in _parsed(text).get("support") or [] if isinstance(s, dict)]


def _team_name(text: Any) -> str:
    return str(_team(text).get("name") or "").lower()


_CENTRAL_WORDS = ("central", "data-team", "data team", "bi-team", "bi team", "warehouse", "platform")


class OwnershipBlockExercise(ValueExercise):
    """The learner writes an ownership block (YAML text); it is correct when it lints clean, passes
    :func:`ownership_findings` and names the owning domain's team."""

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        answer = namespace.get(self.var, ____)
        if is_blank(answer) or (isinstance(answer, str) and _clean(answer) == _clean(STARTER_BLOCK)):
            return Result("not_attempted", f"Fill in the blanks ____ of `{self.var}` in the cell above, run it, "
                                           "then run this check again.")
        if isinstance(answer, str) and _lines_with_blanks(answer):
            lines = ", ".join(map(str, _lines_with_blanks(answer)))
            return Result("incorrect", f"Line {lines} of your block still holds a blank ____: replace each "
                                       "one with a value, run the cell, then check again.")
        unreadable = _unreadable(answer)
        if unreadable:
            return Result("incorrect", f"YAML cannot read your block: {unreadable}. Check the indentation "
                                       "(two spaces per level, `- ` before each list item) and the colons.")
        findings = ownership_findings(answer)
        if not findings and OWNING_DOMAIN in _team_name(answer):
            return self._correct()
        fallback = ("Your block is not accountable yet:\n" + "\n".join(f"• {f}" for f in findings[:4])
                    if findings else f"Your team is “{_team_name(answer)}”.")
        return self._incorrect(answer, lambda found, expected: False, fallback)


# --------------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------------

q1 = ChoiceExercise(
    id="data_mesh_02.q1",
    level="kid",
    prompt="A wheel from the garage box is broken. Who do you tell?",
    var="who_to_tell",
    options={
        "a": "Leo. His name is on the garage box.",
        "b": "Mum. She is the boss of the whole house.",
        "c": "Nobody. Put the wheel in a box with no name.",
    },
    correct="a",
    why={
        "a": "Yes! Leo keeps the garage box. He knows what goes in it, so he can fix it fast.",
        "b": "Mum is busy with every room. She would have to ask Leo about his box anyway. "
             "Tell Leo: his name is on the box.",
        "c": "Then the wheel is lost. A box with no name is where lost toys go.",
    },
    starter="who_to_tell = ____",
    solution='who_to_tell = "a"',
    hints=["Look at the name tag on the garage box.", "The one who keeps the box knows what is in it."],
)

q2 = ValueExercise(
    id="data_mesh_02.q2",
    level="kid",
    prompt="Which boxes have no name on them? Write their labels in a list.",
    var="no_name",
    expected=boxes_without_a_name,
    unordered=True,
    starter="no_name = ____",
    solution='no_name = ["hall box", "attic box"]',
    hints=["Look at the picture. Which tags are red?",
           'Write each label in quote marks, in square brackets: ["kitchen box", "garage box"].'],
    mistakes=[
        Mistake(name="wrote_the_names", when=lambda a: bool(words(a) & _KEEPERS),
                example='no_name = ["Mia", "Leo"]',
                message="Those are the names on the tags. The question asks for the boxes with no name. "
                        "Write the labels of those boxes."),
        Mistake(name="a_number", when=is_number, example="no_name = 2",
                message="That says how many. Write which ones: the labels, in a list."),
        Mistake(name="a_box_with_a_name", when=lambda a: bool(words(a) & _NAMED),
                example='no_name = ["hall box", "kitchen box"]',
                message="One of your boxes has a name tag. Look again: which tags say “no name”?"),
        Mistake(name="labels_with_capitals_or_spaces",
                when=lambda a: isinstance(a, (list, tuple, set)) and len(a) == len(boxes_without_a_name())
                and sorted(words(a)) == boxes_without_a_name(),
                example='no_name = ["Hall box", "attic box"]',
                message="Right boxes! Now write each label just as it is on the box: small letters, no extra "
                        "spaces."),
        Mistake(name="wrote_what_the_tags_say",
                when=lambda a: isinstance(a, (list, tuple, set)) and bool(a) and all(i is None for i in a),
                example="no_name = [None, None]",
                message="None is what the tags of those boxes say: no name. The question asks which boxes: "
                        "write their labels, in quote marks."),
        Mistake(name="labels_without_box",
                when=lambda a: isinstance(a, (list, tuple, set)) and bool(words(a))
                and {f"{w} box" for w in words(a)} == set(boxes_without_a_name()),
                example='no_name = ["hall", "attic"]',
                message="Right boxes! Write each whole label, just as it is on the box: the word “box” is "
                        "part of it."),
        Mistake(name="same_box_twice",
                when=lambda a: isinstance(a, (list, tuple)) and len(set(map(str, a))) < len(a),
                example='no_name = ["hall box", "attic box", "hall box"]',
                message="You wrote one box two times. Write each box once."),
        Mistake(name="one_text_for_two_boxes",
                when=lambda a: isinstance(a, str) and all(box in a.lower() for box in boxes_without_a_name()),
                example='no_name = "hall box, attic box"',
                message="Right boxes! But that is one long text. Give each label its own quote marks, inside "
                        "square brackets: [\"one box\", \"another box\"]."),
        Mistake(name="only_one_box",
                when=lambda a: len(words(a)) == 1 and words(a) < set(boxes_without_a_name()),
                example='no_name = "hall box"',
                message="That box has no name, yes! But it is not the only one. Look at every box."),
    ],
    correct_message="Yes! Nobody keeps those boxes tidy. That is where lost toys end up. In a company, "
                    "data that nobody owns is called a mystery table.",
)

q3 = ValueExercise(
    id="data_mesh_02.q3",
    level="teen",
    prompt="How many minutes from your message to the fixed slide, through the deck owner?",
    var="minutes_via_owner",
    expected=lambda: route_minutes(VIA_DECK_OWNER),
    starter="minutes_via_owner = ____",
    solution="minutes_via_owner = 5 + 180 + 60 + 20",
    hints=["Add up every step of route 1, waiting included.",
           "Waiting is part of the time: your slide is wrong the whole time the message waits."],
    mistakes=[
        Mistake(name="forgot_the_wait", when=_route_without(1), example="minutes_via_owner = 5 + 60 + 20",
                message="You left out the 180 minutes your message waits for Alex. Waiting counts: the slide "
                        "stays wrong all that time."),
        Mistake(name="forgot_asking_sam", when=_route_without(2), example="minutes_via_owner = 5 + 180 + 20",
                message="You left out the hour Alex spends asking Sam. Alex can't fix the number alone: "
                        "only Sam knows what it should be."),
        Mistake(name="only_the_fix", when=_route_without(0, 1, 2), example="minutes_via_owner = 20",
                message="That is only the last step. Count the whole trip, from your message to the fix."),
        Mistake(name="route_two", when=route_minutes(VIA_SLIDE_MAKER), example="minutes_via_owner = 5 + 10",
                message="That is route 2, where Sam fixes it. The question is about route 1, through Alex."),
        Mistake(name="the_difference",
                when=route_minutes(VIA_DECK_OWNER) - route_minutes(VIA_SLIDE_MAKER),
                example="minutes_via_owner = (5 + 180 + 60 + 20) - (5 + 10)",
                message="That is how much longer route 1 takes than route 2. The question asks for route 1 "
                        "on its own."),
        Mistake(name="in_hours", when=lambda a: _near(a, route_minutes(VIA_DECK_OWNER) / 60),
                example="minutes_via_owner = (5 + 180 + 60 + 20) / 60",
                message="That looks like hours. The steps are in minutes: give minutes."),
        Mistake(name="text_not_number", when=lambda a: isinstance(a, str), example='minutes_via_owner = "265"',
                message="That is text, because it has quotes around it. Write the number or the sum, "
                        "without quotes."),
    ],
    correct_message="Right: over four hours, most of it waiting. Sam would have fixed it in 15 minutes. "
                    "The fix is fastest where the knowledge is.",
)

q4 = ChoiceExercise(
    id="data_mesh_02.q4",
    level="teen",
    prompt="Why does Sam fix the slide so much faster than Alex?",
    var="why_faster",
    options={
        "a": "Sam types faster than Alex.",
        "b": "Sam knows what the slide should say, so there is nobody to ask and no queue to wait in.",
        "c": "Sam’s slide was an easy one.",
    },
    correct="b",
    why={
        "a": "Alex’s typing takes 20 minutes of more than four hours. The time goes into waiting and "
             "asking, not typing.",
        "b": "Yes. The person who made it knows what it means. Every step in between is waiting or asking. "
             "That is why Data Mesh puts ownership where the knowledge is.",
        "c": "It is the same slide on both routes. Only the route is different.",
    },
    starter="why_faster = ____",
    solution='why_faster = "b"',
    hints=["Look at the steps of route 1. Which ones are not fixing?",
           "Which steps would vanish if the person who knows did the fix?"],
)

q5 = ValueExercise(
    id="data_mesh_02.q5",
    level="tech",
    prompt="Which products of the sample mesh fail ownership_problems? A list of product ids.",
    var="unaccountable",
    expected=unaccountable_products,
    unordered=True,
    setup="mesh = sample_mesh()",
    starter="unaccountable = ____",
    solution="unaccountable = [p.id for p in mesh if ownership_problems(p.contract.raw)]",
    hints=["Look at the red cards in the picture, or loop over the mesh: `for p in mesh: ...`.",
           "`ownership_problems(p.contract.raw)` is an empty list for an accountable contract."],
    mistakes=[
        Mistake(name="the_accountable_one", when=lambda a: words(a) == {"payments.transactions"},
                example='unaccountable = ["payments.transactions"]',
                message="payments.transactions is the one that passes: its card is green, its problems list "
                        "is empty. The question asks for the products that fail."),
        Mistake(name="included_payments", when=lambda a: "payments.transactions" in words(a),
                example='unaccountable = ["payments.transactions", "catalog.products"]',
                message="payments.transactions has a team, an owner, a place to ask, a place to report and "
                        "approvers: `ownership_problems` finds nothing. Leave it out."),
        Mistake(name="team_names", when=lambda a: bool(words(a) & _team_names()),
                example='unaccountable = ["catalog-team", "logistics-team"]',
                message="Those are team names. Give the product ids (`catalog.products`), the way "
                        "`ownership_map` names them in its product column."),
        Mistake(name="products_not_ids",
                when=lambda a: isinstance(a, (list, tuple, set)) and any(hasattr(item, "contract") for item in a),
                example="unaccountable = [p for p in mesh if ownership_problems(p.contract.raw)]",
                message="Those are the DataProduct objects themselves. The question asks for their ids: "
                        "take `p.id` of each product."),
        Mistake(name="domains_not_products",
                when=lambda a: bool(words(a)) and words(a) <= {p.split(".")[0] for p in unaccountable_products()},
                example='unaccountable = ["catalog", "logistics", "analytics"]',
                message="Those are domains. A product id is `<domain>.<product>`, like `catalog.products`: "
                        "a domain may own several products, and each contract is checked on its own."),
        Mistake(name="a_count", when=is_number, example="unaccountable = 3",
                message="That says how many. Give which ones: a list of product ids."),
    ],
    correct_message="Right: three of the four products leave a consumer with no place to report broken data "
                    "and nobody who approves access. Each has an owner, but the owner is not reachable for "
                    "the things that matter when data break.",
)

_TRIAGE_STARTER = (
    "def triage_table(table):\n"
    "    owner = ____    # the domain that runs table.source_system (SOURCE_DOMAINS)\n"
    "    action = ____   # \"publish\", \"deprecate\" or \"ask\"\n"
    "    return owner, action\n"
)
_TRIAGE_SOLUTION = (
    "def triage_table(table):\n"
    "    owner = SOURCE_DOMAINS[table.source_system]\n"
    "    if table.consumers:\n"
    "        action = \"publish\"\n"
    "    elif table.days_since_change >= STALE_DAYS:\n"
    "        action = \"deprecate\"\n"
    "    else:\n"
    "        action = \"ask\"\n"
    "    return owner, action\n"
)


def _triage_with(owner: str, action: str) -> str:
    return f"def triage_table(table):\n    owner = {owner}\n{action}    return owner, action\n"


_GOOD_OWNER = "SOURCE_DOMAINS[table.source_system]"
_GOOD_ACTION = _TRIAGE_SOLUTION.split("\n", 2)[2].rsplit("    return", 1)[0]

q6 = FunctionExercise(
    id="data_mesh_02.q6",
    level="tech",
    prompt="Write triage_table(table): return (owning domain, action) for one warehouse table.",
    func="triage_table",
    cases=[((table,), reference_triage(table)) for table in _CASE_TABLES],
    generated=random_table,
    shrink=simpler_tables,
    starter=_TRIAGE_STARTER,
    solution=_TRIAGE_SOLUTION,
    hints=["The owner comes from where the data are made: `SOURCE_DOMAINS[table.source_system]`. Not "
           "`table.owner`: that is whoever holds the table today.",
           f"Someone reads it (`table.consumers`) → \"publish\". Nobody reads it and it has not changed for "
           f"STALE_DAYS ({STALE_DAYS}) days or more → \"deprecate\". Otherwise → \"ask\"."],
    mistakes=[
        Mistake(name="swapped_the_pair",
                when=lambda f: _decided(f, HELD_BY_BI)[0] in ACTIONS and _owner(f, HELD_BY_BI) is not None,
                example=_TRIAGE_SOLUTION.replace("return owner, action", "return action, owner"),
                message="Your pair is the wrong way round: the action came first. Return the owner first, then "
                        "the action: `return owner, action`."),
        Mistake(name="kept_the_current_owner", when=lambda f: _owner(f, HELD_BY_BI) == "bi-team",
                example=_triage_with("table.owner", _GOOD_ACTION),
                message="`table.owner` is the team that happens to hold the table today (here the BI team), "
                        "not the people who know what it means. The knowledge lives with the domain that runs "
                        "the source system: `SOURCE_DOMAINS[table.source_system]`."),
        Mistake(name="returned_the_source_system", when=lambda f: _owner(f, HELD_BY_BI) == "wms",
                example=_triage_with("table.source_system", _GOOD_ACTION),
                message="\"wms\" is the system the data come from. The owner is the domain that runs it: "
                        "look it up in SOURCE_DOMAINS."),
        Mistake(name="deprecated_a_table_someone_reads",
                when=lambda f: _action(f, STALE_BUT_READ) == "deprecate",
                example=_triage_with(_GOOD_OWNER, "    if table.days_since_change >= STALE_DAYS:\n"
                                                  "        action = \"deprecate\"\n    elif table.consumers:\n"
                                                  "        action = \"publish\"\n    else:\n"
                                                  "        action = \"ask\"\n"),
                message="bak_customers has not changed for 700 days, but finance-analytics still reads it: "
                        "deprecating it breaks them. Check for consumers first: a table someone reads becomes "
                        "a product."),
        Mistake(name="contract_decides_publish",
                when=lambda f: _action(f, READ_WITHOUT_CONTRACT) in ("ask", "deprecate")
                and _action(f, STALE_BUT_READ) != "deprecate",
                example=_triage_with(_GOOD_OWNER, "    if table.consumers and table.has_contract:\n"
                                                  "        action = \"publish\"\n"
                                                  "    elif table.consumers:\n        action = \"ask\"\n"
                                                  "    elif table.days_since_change >= STALE_DAYS:\n"
                                                  "        action = \"deprecate\"\n    else:\n"
                                                  "        action = \"ask\"\n"),
                message="v2_tracking has a reader but no contract. That is exactly why it must be published: "
                        "publishing means its new owner writes the contract. Someone reads it → \"publish\"."),
        Mistake(name="another_stale_number",
                when=lambda f: (_action(f, ONE_DAY_TOO_OLD) == "ask" and _action(f, LONG_FORGOTTEN) == "deprecate")
                or (_action(f, ONE_DAY_TOO_YOUNG) == "deprecate" and _action(f, RECENT_MYSTERY) == "ask"),
                example=_triage_with(_GOOD_OWNER, _GOOD_ACTION.replace(">= STALE_DAYS", ">= 365")),
                message=f"A table nobody reads that has not changed for {STALE_DAYS + 1} days is stale, and one "
                        f"of {STALE_DAYS - 1} days is not yet: your function switches to \"deprecate\" at "
                        "another age. Compare with the name STALE_DAYS, not a number of your own."),
        Mistake(name="stale_boundary", when=lambda f: _action(f, EXACTLY_STALE) == "ask",
                example=_triage_with(_GOOD_OWNER, _GOOD_ACTION.replace(">=", ">")),
                message=f"tmp_prices has not changed for exactly {STALE_DAYS} days and nobody reads it: that "
                        f"is stale already. “{STALE_DAYS} days or more” is `>= STALE_DAYS` (not `>`; its "
                        "opposite is `< STALE_DAYS`, not `<=`)."),
        Mistake(name="mystery_means_deprecate", when=lambda f: _action(f, RECENT_MYSTERY) == "deprecate",
                example=_triage_with(_GOOD_OWNER, "    if table.consumers:\n        action = \"publish\"\n"
                                                  "    elif table.mystery:\n        action = \"deprecate\"\n"
                                                  "    else:\n        action = \"ask\"\n"),
                message="final_refunds is a mystery table, but it changed 12 days ago: some job still writes "
                        "it, and someone may need it. Deprecate only what has not changed for STALE_DAYS "
                        "days; otherwise the new owner asks around first."),
        Mistake(name="contract_keeps_a_stale_table",
                when=lambda f: _action(f, STALE_WITH_CONTRACT) == "ask" and _action(f, EXACTLY_STALE) == "deprecate",
                example=_triage_with(_GOOD_OWNER, "    if table.consumers:\n        action = \"publish\"\n"
                                                  "    elif table.days_since_change >= STALE_DAYS and not "
                                                  "table.has_contract:\n        action = \"deprecate\"\n"
                                                  "    else:\n        action = \"ask\"\n"),
                message="old_stock has a holder (growth) and a contract, but nobody reads it and it has not "
                        "changed for 400 days. Neither makes a table useful: no consumers and stale → "
                        "\"deprecate\"."),
        Mistake(name="returned_nothing", when=lambda f: _decided(f, HELD_BY_BI) == (None,),
                example=_TRIAGE_SOLUTION.replace("    return owner, action\n", ""),
                message="Your function returned None: it has no `return` line (printing is not returning). "
                        "End it with `return owner, action`."),
        Mistake(name="not_a_pair", when=lambda f: len(_decided(f, HELD_BY_BI)) != 2,
                example=("def triage_table(table):\n    return {\"owner\": SOURCE_DOMAINS[table.source_system], "
                         "\"action\": \"ask\"}\n"),
                message="Return two things, the owner and the action, as a pair: `return owner, action` "
                        "(not a dict, not one string)."),
        Mistake(name="unknown_action",
                when=lambda f: any(_action(f, t) not in ACTIONS for t in _CASE_TABLES),
                example=_triage_with(_GOOD_OWNER, _GOOD_ACTION.replace('"publish"', '"Publish"')),
                message="The action must be one of three words, in small letters: \"publish\", "
                        "\"deprecate\" or \"ask\"."),
    ],
    correct_message="Correct: every table now has an owner where its knowledge lives, and a decision. This is "
                    "`mesh_lab.ownership.triage`.",
)

q7 = ValueExercise(
    id="data_mesh_02.q7",
    level="tech",
    prompt="By the equations: how many times more hours does a change cost at d = 1 than at d = 0?",
    var="times_more",
    expected=far_to_near_ratio,
    tolerance=0.001,
    starter="times_more = ____",
    solution="times_more = (defect_rate(1) * hours_to_fix(1)) / (defect_rate(0) * hours_to_fix(0))",
    hints=["Hours lost per change = p(d) × h(d): the chance of a defect times the hours to fix one.",
           "Compute p(1) × h(1) and p(0) × h(0) with `defect_rate` and `hours_to_fix`, then divide."],
    mistakes=[
        Mistake(name="defects_only", when=lambda a: _near(a, defect_rate(1.0) / defect_rate(0.0)),
                example="times_more = defect_rate(1) / defect_rate(0)",
                message="That is how many times more *defects* a far team makes. Each of those defects also "
                        "takes longer to fix: multiply by the hours to fix one, h(d)."),
        Mistake(name="fix_time_only", when=lambda a: _near(a, hours_to_fix(1.0) / hours_to_fix(0.0)),
                example="times_more = hours_to_fix(1) / hours_to_fix(0)",
                message="That is how much longer one fix takes. A far team also makes more defects: "
                        "multiply by the defect rate, p(d)."),
        Mistake(name="added_the_two",
                when=lambda a: _near(a, defect_rate(1.0) / defect_rate(0.0) + hours_to_fix(1.0) / hours_to_fix(0.0)),
                example="times_more = defect_rate(1) / defect_rate(0) + hours_to_fix(1) / hours_to_fix(0)",
                message="You added the two factors. Hours lost = defects × hours per defect, so the factors "
                        "multiply: more defects, and each one slower to fix."),
        Mistake(name="the_simulation", when=lambda a: _near(a, _simulated_ratio()) and not _near(a, far_to_near_ratio()),
                example="times_more = 972.0 / 36.0",
                message="That is the seeded simulation's ratio: its dice rolled a few more or fewer defects "
                        "than expected. The question asks what the equations expect, p(1)·h(1) / p(0)·h(0)."),
        Mistake(name="divided_without_brackets",
                when=lambda a: _near(a, hours_per_change(1.0) / defect_rate(0.0) * hours_to_fix(0.0)),
                example="times_more = defect_rate(1) * hours_to_fix(1) / defect_rate(0) * hours_to_fix(0)",
                message="Python reads `a * b / c * d` as `((a * b) / c) * d`: the fix hours of d = 0 end up on "
                        "top. Put the bottom in brackets: `(p1 * h1) / (p0 * h0)`."),
        Mistake(name="text_not_number", when=lambda a: isinstance(a, str), example='times_more = "30 times"',
                message="That is text (it has quotes around it). Write the number or the calculation, without "
                        "quotes."),
        Mistake(name="upside_down", when=lambda a: _is_inverse(a, far_to_near_ratio()),
                example="times_more = (defect_rate(0) * hours_to_fix(0)) / (defect_rate(1) * hours_to_fix(1))",
                message="Your ratio is less than 1: it says a far team costs *less*. You divided near by far; "
                        "put the far team (d = 1) on top to get how many times more."),
        Mistake(name="hours_not_a_ratio", when=lambda a: _near(a, hours_per_change(1.0)),
                example="times_more = defect_rate(1) * hours_to_fix(1)",
                message="That is the hours per change far away. Divide by the hours per change at d = 0 to "
                        "get how many times more."),
    ],
    correct_message="Right: 5 times the defects, each 6 times slower to fix: 30 times the hours. Distance "
                    "from the knowledge costs twice, so the cost grows faster than the distance.",
)

q8 = ChoiceExercise(
    id="data_mesh_02.q8",
    level="tech",
    prompt="Why does the ticket need only three hops when the payments team owns the product?",
    var="why_fewer_hops",
    options={
        "a": "The payments team works harder than the central team.",
        "b": "The people who know what “country” means are the people who change the product: nobody to "
             "ask, and no shared queue.",
        "c": "Domain teams get easier tickets.",
        "d": "The consumer asked more politely in the support channel.",
    },
    correct="b",
    why={
        "a": "Nobody works harder in the model. The central team’s time goes into the queue and into asking "
             "the payments team what the data mean.",
        "b": "Right. The hops that vanish are the queue and the question to the domain. The owner knows "
             "billing country from shipping country, so “your model is wrong” becomes one fix.",
        "c": "It is the same ticket in both journeys: “revenue per country is wrong”.",
        "d": "The support channel helps because it reaches the owner directly, not because of manners: "
             "it takes the ticket to where the knowledge is.",
    },
    starter="why_fewer_hops = ____",
    solution='why_fewer_hops = "b"',
    hints=["Compare the two journeys hop by hop. Which hops are missing in the domain journey?",
           "Who had to be asked what “country” means in the central journey?"],
)

q9 = OwnershipBlockExercise(
    id="data_mesh_02.q9",
    level="tech",
    prompt="Complete the ownership block of catalog.products so it lints clean and is accountable.",
    var="ownership_yaml",
    expected="an accountable ownership block",
    starter=_BLOCK_STARTER,
    solution=_BLOCK_STARTER.replace("name: ____", "name: catalog-team").replace("role: ____", "role: owner")
    .replace("channel: ____", "channel: catalog-data-incidents").replace("scope: ____", "scope: issues")
    .replace("firstLevelApprovers: ____", "firstLevelApprovers: catalog-team lead"),
    hints=["Run `ownership_findings(ownership_yaml)`: it lists what the check sees, with line numbers.",
           "The owner is a member with `role: owner`; a place to report broken data is a support channel "
           "with `scope: issues`; `firstLevelApprovers` names who approves access."],
    mistakes=[
        Mistake(name="not_text", when=lambda a: not isinstance(a, str),
                example='ownership_yaml = {"team": {"name": "catalog-team"}}',
                message="Write the block as YAML text between triple quotes, the way it stands in a contract "
                        "file: ownership_yaml = \"\"\" … \"\"\"."),
        Mistake(name="owner_as_a_key", when=lambda a: "owner" in _team(a),
                example=_BLOCK_STARTER.replace("  name: ____\n", "  name: catalog-team\n  owner: Jonas Berg\n")
                .replace("role: ____", "role: owner").replace("channel: ____", "channel: catalog-data-incidents")
                .replace("scope: ____", "scope: issues")
                .replace("firstLevelApprovers: ____", "firstLevelApprovers: catalog-team lead"),
                message="ODCS has no `owner:` key in `team` (the lint says “unknown field 'owner'”). The owner "
                        "is a member of the team with `role: owner`."),
        Mistake(name="no_owner_role",
                when=lambda a: bool(_members(a)) and not any(m.get("role") == "owner" for m in _members(a)),
                example=_BLOCK_STARTER.replace("name: ____", "name: catalog-team").replace("role: ____", "role: member")
                .replace("channel: ____", "channel: catalog-data-incidents").replace("scope: ____", "scope: issues")
                .replace("firstLevelApprovers: ____", "firstLevelApprovers: catalog-team lead"),
                message="Nobody in the team has `role: owner`. Accountable means one named person answers for "
                        "the data: give Jonas the role `owner`."),
        Mistake(name="scope_not_a_known_word",
                when=lambda a: any(s not in SUPPORT_SCOPES for s in _scopes(a)),
                example=_BLOCK_STARTER.replace("name: ____", "name: catalog-team").replace("role: ____", "role: owner")
                .replace("channel: ____", "channel: catalog-data-incidents").replace("scope: ____", "scope: bugs")
                .replace("firstLevelApprovers: ____", "firstLevelApprovers: catalog-team lead"),
                message="A support scope is one of ODCS's words: interactive, announcements, issues or "
                        "notifications. Broken data are reported where `scope: issues`."),
        Mistake(name="no_place_to_report", when=lambda a: _scopes(a) and "issues" not in _scopes(a),
                example=_BLOCK_STARTER.replace("name: ____", "name: catalog-team").replace("role: ____", "role: owner")
                .replace("channel: ____", "channel: catalog-news").replace("scope: ____", "scope: announcements")
                .replace("firstLevelApprovers: ____", "firstLevelApprovers: catalog-team lead"),
                message="A chat is where people ask; broken data need a place where a report is tracked until "
                        "it is fixed. Add a channel with `scope: issues`."),
        Mistake(name="central_team_owns_it",
                when=lambda a: OWNING_DOMAIN not in _team_name(a) and any(w in _team_name(a) for w in _CENTRAL_WORDS),
                example=_BLOCK_STARTER.replace("name: ____", "name: central-data-team")
                .replace("role: ____", "role: owner").replace("channel: ____", "channel: catalog-data-incidents")
                .replace("scope: ____", "scope: issues")
                .replace("firstLevelApprovers: ____", "firstLevelApprovers: catalog-team lead"),
                message="In a mesh the central data team does not own a domain's product: it is far from the "
                        "knowledge (that is the ticket ping-pong). catalog.products belongs to the catalog "
                        "domain: name the catalog team."),
        Mistake(name="not_the_owning_team",
                when=lambda a: bool(_team_name(a)) and OWNING_DOMAIN not in _team_name(a)
                and "____" not in _team_name(a),
                example=_BLOCK_STARTER.replace("name: ____", "name: payments-team")
                .replace("role: ____", "role: owner").replace("channel: ____", "channel: catalog-data-incidents")
                .replace("scope: ____", "scope: issues")
                .replace("firstLevelApprovers: ____", "firstLevelApprovers: catalog-team lead"),
                message="catalog.products is made by the catalog domain, which knows what a product and a "
                        "price mean. The team that owns it is the catalog team."),
        Mistake(name="no_approvers",
                when=lambda a: bool(_parsed(a)) and not any(isinstance(r, dict) and r.get("firstLevelApprovers")
                                       for r in _parsed(a).get("roles") or []),
                example=_BLOCK_STARTER.replace("name: ____", "name: catalog-team").replace("role: ____", "role: owner")
                .replace("channel: ____", "channel: catalog-data-incidents").replace("scope: ____", "scope: issues")
                .replace("    firstLevelApprovers: ____\n", ""),
                message="Nobody approves access: a request to read the data would wait for no one. Give the "
                        "role a `firstLevelApprovers` (for example the catalog team's lead)."),
    ],
    correct_message="Accountable: a named owner, a place to ask, a place to report broken data and someone "
                    "who approves access, and the lint agrees. Put it in the contract and the platform can "
                    "check it for every product.",
)

# --------------------------------------------------------------------------------------------------
# Quizzes
# --------------------------------------------------------------------------------------------------

quiz1 = Quiz(
    id="data_mesh_02.quiz1",
    level="kid",
    question="A box has no name on it. What happens to it?",
    options=[
        Option("a", "It stays tidy all by itself.", why="No: boxes do not tidy themselves. Someone has to."),
        Option("b", "Nobody tidies it, so lost toys pile up in it.", correct=True,
               why="Yes! No name, no keeper. Things get lost in that box."),
        Option("c", "Everybody tidies it every day.",
               why="When a box is everybody’s, each one thinks someone else will do it. So nobody does."),
    ],
)

quiz2 = Quiz(
    id="data_mesh_02.quiz2",
    level="teen",
    question="The deck has a slide called “copy of final v2” that nobody remembers making. What do you do?",
    options=[
        Option("a", "Leave it. Maybe someone needs it.",
               why="Then it stays forever, and one day someone quotes its old numbers as true."),
        Option("b", "Find out which team it belongs to; if nobody uses it, delete it.", correct=True,
               why="Right: give it an owner, or remove it. A company does the same with its “mystery tables”."),
        Option("c", "Alex, the deck owner, should keep every unclear slide forever.",
               why="Alex doesn’t know what it means either. Keeping it only hides the question."),
    ],
)

quiz3 = Quiz(
    id="data_mesh_02.quiz3",
    level="teen",
    question="Consumers keep telling the central data team “your model is wrong”. What does that tell you?",
    options=[
        Option("a", "The central team needs more people.",
               why="More people in the queue still have to ask the domain what the data mean."),
        Option("b", "The knowledge is in the domains, far from the team that changes the model.", correct=True,
               why="Yes: that distance is the cost. Data Mesh moves ownership to the domains that know."),
        Option("c", "The consumers should stop asking.",
               why="The consumers are right: the model is wrong, and nobody near it knows why."),
    ],
)

quiz4 = Quiz(
    id="data_mesh_02.quiz4",
    level="tech",
    question="Which one is a real cost of domain ownership?",
    options=[
        Option("a", "Nobody is accountable any more.",
               why="The opposite: each product names its team, owner, support channels and approvers."),
        Option("b", "Each domain team needs data skills, and cross-domain questions (revenue per country "
                    "from payments, catalog and logistics) need a product and an owner of their own.",
               correct=True,
               why="Yes: domains must learn to build and run data products (the platform makes that cheaper), "
                   "and knowledge that spans domains does not live in any one of them: a consumer-aligned "
                   "product such as analytics.daily_revenue owns it, built on the source domains' products."),
        Option("c", "Defects go up, because domains don't know their own data.",
               why="Knowledge distance says the reverse: the owning domain is at distance 0, with the fewest "
                   "defects and the fastest fixes."),
    ],
)

__all__ = [
    "____", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "quiz1", "quiz2", "quiz3", "quiz4",
    "TOY_BOXES", "VIA_DECK_OWNER", "VIA_SLIDE_MAKER", "route_minutes",
    "SOURCE_DOMAINS", "STALE_DAYS", "WAREHOUSE", "ACTIONS", "sample_mesh", "ownership_problems",
    "defect_rate", "hours_to_fix", "hours_per_change", "ownership_findings", "STARTER_BLOCK",
]
