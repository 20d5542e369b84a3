"""Exercises of ``notebooks/data_mesh/04_self_serve_platform.ipynb``.

Bind them with ``from mesh_lab.exercises.data_mesh_04 import *``. The notebook's small examples (the
box kit of the Lego shop, the shared Drive's template, the manual steps a team does without a
platform, the campaign clicks it publishes) and the helpers that act on the learner's own product in
the workspace are exported too. Every expected answer is computed from the core
(:mod:`mesh_lab.simulate`, :mod:`mesh_lab.mesh`), never typed in.

Re-running the notebook: :func:`start_again` removes the notebook's own product
(``marketing.campaign_clicks``) from the learner's workspace — its folder, its registry entry — and
withdraws the access requests that name it, so every run starts from the same mesh. Nothing outside
``<workspace>/mesh/marketing/campaign_clicks`` and the registry's entries for that id is touched.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from mesh_lab.datasets import REFERENCE_TIME
from mesh_lab.errors import MeshLabError
from mesh_lab.learning import (
    ChoiceExercise,
    FunctionExercise,
    Mistake,
    Option,
    Quiz,
    ValueExercise,
    ____,
)
from mesh_lab.mesh import DataProduct, sample_mesh
from mesh_lab.paths import workspace, write_atomically
from mesh_lab.platform import (
    REGISTRY_FILE,
    decide_access,
    load_registry,
    mesh_folder,
    publish,
    request_access,
    scaffold,
    search,
    workspace_catalog,
)
from mesh_lab.simulate import OrgParams, simulate

# --------------------------------------------------------------------------------------------------
# 👶 the Lego shop's box kit
# --------------------------------------------------------------------------------------------------

WITHOUT_KIT: list[str] = [
    "find an old box",
    "cut a lid that fits",
    "draw your own labels",
    "look at what the other rooms wrote",
    "tell everyone what your labels mean",
]
"""👶 What a new room does by hand when there is no box kit."""

WITH_KIT: list[str] = [
    "open the box kit",
    "print labels with the label maker",
]
"""👶 What a new room does with the Lego shop's box kit and label maker."""


def steps_saved(without: list[str] = WITHOUT_KIT, with_kit: list[str] = WITH_KIT) -> int:
    """How many steps the box kit saves a new room."""
    return len(without) - len(with_kit)


# --------------------------------------------------------------------------------------------------
# 🧑‍🎓 the shared Drive's template
# --------------------------------------------------------------------------------------------------

TEMPLATE_STEPS: list[tuple[int, str, str]] = [
    (1, "make a folder called “Team 4 — Design”", "template"),
    (2, "add the subfolders: slides, research, final", "template"),
    (3, "copy the file-name rule into a README", "template"),
    (4, "share the folder with the class and the teacher", "template"),
    (5, "add a link to it on the project’s index page", "template"),
    (6, "write what your section is about", "you"),
    (7, "put your own work in, with the right file names", "you"),
]
"""🧑‍🎓 The steps to start a new team section: (number, step, who does it when you use the template)."""


def template_frame() -> pd.DataFrame:
    """The template's steps as a table, without saying who does them (the learner works that out)."""
    return pd.DataFrame([(n, step) for n, step, _ in TEMPLATE_STEPS], columns=["#", "step"]).set_index("#")


def steps_left_to_you() -> list[int]:
    """The numbers of the steps the template cannot do for you."""
    return [n for n, _, who in TEMPLATE_STEPS if who == "you"]


_TEMPLATE_DONE = [n for n, _, who in TEMPLATE_STEPS if who == "template"]

# --------------------------------------------------------------------------------------------------
# 👨‍💻 manual steps with and without the platform
# --------------------------------------------------------------------------------------------------

MANUAL_STEPS: list[tuple[str, str, str]] = [
    ("write a contract", "write an ODCS contract from a blank page: owner, schema, SLA",
     "`product new` writes it, schema inferred from your CSV"),
    ("set up storage", "ask for a bucket or a schema, wait for a ticket", "`product new` makes the product's folder"),
    ("write quality checks", "write validation code for this one product", "`publish` validates against the contract"),
    ("check freshness", "write a job that checks the SLA", "`publish` checks the SLAs"),
    ("governance review", "book the council, wait for a meeting", "`publish` runs the policies as code"),
    ("register in the catalog", "write a wiki page nobody updates", "`publish` registers it; `catalog --search`"),
    ("ask for access", "email the owner, wait for a reply", "`request_access`: automatic unless restricted"),
    ("draw the lineage", "someone draws a diagram by hand", "an approved request adds the edge"),
]
"""👨‍💻 (step, by hand without a platform, with the platform)."""

PLATFORM_COMMANDS: list[str] = [
    "python -m mesh_lab product new marketing campaign_clicks --from-csv clicks.csv",
    "python -m mesh_lab publish workspace/mesh/marketing/campaign_clicks",
    "python -m mesh_lab catalog --search campaign",
    "request_access(…)  (approved at once, or by the owner)",
]
"""👨‍💻 What a domain team types when the platform exists."""


def steps_table() -> pd.DataFrame:
    """The manual steps a team does without a platform, beside what does them with the platform."""
    return pd.DataFrame(MANUAL_STEPS, columns=["step", "by hand, without a platform", "with the platform"])


# --------------------------------------------------------------------------------------------------
# 👨‍💻 the notebook's product: marketing.campaign_clicks, in the learner's workspace
# --------------------------------------------------------------------------------------------------

PRODUCT_ID = "marketing.campaign_clicks"
OWNER = "you@meshlab.example"


def _clicks(now: pd.Timestamp = REFERENCE_TIME) -> pd.DataFrame:
    hours = (40, 31, 26, 20, 9, 3)
    campaigns = ("spring_sale", "spring_sale", "new_shoes", "spring_sale", "new_shoes", "new_shoes")
    emails = ("ana@example.com", "ben@example.com", "chloe@example.com", "dev@example.com", "eli@example.com",
              "fay@example.com")
    return pd.DataFrame({
        "click_id": [f"CK-{n:05d}" for n in range(1, len(hours) + 1)],
        "clicked_at": [(now - pd.Timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ") for h in hours],
        "campaign": list(campaigns),
        "visitor_email": list(emails),
    })


LATE_DELIVERY = [{"click_id": "ck-7", "clicked_at": "2026-03-02T05:00:00Z", "campaign": "new_shoes",
                  "visitor_email": "gus@example.com"}]
"""👨‍💻 Today's delivery: one more click, written by a script that spells the id its own way."""


def write_clicks_csv() -> Path:
    """Write the marketing team's export (six clicks) to ``<workspace>/scratch/clicks.csv``; return it."""
    path = workspace() / "scratch" / "clicks.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, _clicks().to_csv(index=False))
    return path


def start_again(product_id: str = PRODUCT_ID) -> str:
    """Remove the notebook's own product from the workspace so the notebook can run again.

    Deletes ``<workspace>/mesh/<domain>/<name>`` (only that folder), drops the product from the
    registry and marks the access requests that name it ``withdrawn`` (request numbers stay the same).
    """
    domain, _, name = product_id.partition(".")
    if not domain or not name or "/" in product_id or ".." in product_id:
        raise MeshLabError(f"{product_id!r} is not a product id like 'marketing.campaign_clicks'")
    folder = mesh_folder() / domain / name
    removed = folder.exists()
    if removed:
        shutil.rmtree(folder)
    registry = load_registry()
    registry["products"].pop(product_id, None)
    for request in registry["requests"]:
        if product_id in (request.get("product"), request.get("consumer")) and request.get("status") != "withdrawn":
            request["status"] = "withdrawn"
    write_atomically(mesh_folder() / REGISTRY_FILE, json.dumps(registry, indent=1, sort_keys=True))
    return (f"removed your earlier {product_id} from the workspace" if removed
            else f"no earlier {product_id} in your workspace: a fresh start")


def _contract_file(folder: Path) -> Path:
    found = sorted(Path(folder).glob("*.odcs.yaml"))
    if len(found) != 1:
        raise MeshLabError(f"{folder} holds {len(found)} contracts; give the folder `scaffold` returned")
    return found[0]


_PATH = re.compile(r"^[A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*$")
_STEP = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    """``schema[0].properties[3].classification`` → ["schema", 0, "properties", 3, "classification"]."""
    if not isinstance(path, str) or not _PATH.match(path):
        raise MeshLabError(f"{path!r} is not a contract path like 'schema[0].properties[3].classification'")
    return [int(index) if index else key for key, index in _STEP.findall(path)]


def set_in_contract(folder: str | Path, path: str, value: Any) -> str:
    """Set the field at ``path`` (the gate's contract path, e.g. ``version``) of the product's contract.

    The field must exist already (this decides, it does not invent fields). Returns ``"path: old → new"``.
    """
    contract_file = _contract_file(Path(folder))
    text = contract_file.read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    steps = _steps(path)
    node: Any = document
    for step in steps[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise MeshLabError(f"{contract_file.name} has no {path!r}: check the path the gate printed") from None
    last = steps[-1]
    if (isinstance(last, int) and not (isinstance(node, list) and last < len(node))) or \
            (isinstance(last, str) and not (isinstance(node, dict) and last in node)):
        raise MeshLabError(f"{contract_file.name} has no {path!r}: check the path the gate printed")
    old, node[last] = node[last], value
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    write_atomically(contract_file, header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100))
    return f"{path}: {old!r} → {value!r}"


def _data_file(folder: Path) -> Path:
    contract_file = _contract_file(folder)
    return contract_file.with_name(contract_file.name.replace(".odcs.yaml", ".csv"))


def append_rows(folder: str | Path, rows: list[dict]) -> pd.DataFrame:
    """Add ``rows`` to the product's data (a delivery); return the data now in the file."""
    data_file = _data_file(Path(folder))
    frame = pd.read_csv(data_file, dtype=str, keep_default_na=False)
    frame = pd.concat([frame, pd.DataFrame(rows, dtype=str)], ignore_index=True)
    write_atomically(data_file, frame.to_csv(index=False))
    return frame


def remove_rows(folder: str | Path, column: str, value: str) -> pd.DataFrame:
    """Remove the rows whose ``column`` equals ``value`` from the product's data; return what is left."""
    data_file = _data_file(Path(folder))
    frame = pd.read_csv(data_file, dtype=str, keep_default_na=False)
    if column not in frame.columns:
        raise MeshLabError(f"{data_file.name} has no column {column!r}; its columns: {', '.join(frame.columns)}")
    kept = frame[frame[column] != value]
    write_atomically(data_file, kept.to_csv(index=False))
    return kept.reset_index(drop=True)


def mesh_with_clicks():
    """The sample mesh plus marketing.campaign_clicks reading catalog.products, built in memory.

    The same lineage as the learner's workspace mesh after the notebook's approved request; the
    exercise's checks and self-test use it, so they never depend on (or write to) the workspace.
    """
    catalog = sample_mesh()
    catalog.add(DataProduct(id=PRODUCT_ID, owner="marketing-team", description="Clicks on our campaigns.",
                            inputs=("catalog.products",), tags=("marketing",)))
    return catalog


def blast_radius_now() -> list[str]:
    """What breaks when catalog.products breaks, once marketing.campaign_clicks reads it (sorted)."""
    return mesh_with_clicks().downstream("catalog.products")


# --------------------------------------------------------------------------------------------------
# 👨‍💻 the platform-maturity knob of the organisation simulation
# --------------------------------------------------------------------------------------------------

MATURITIES = tuple(round(0.1 * step, 1) for step in range(11))


def maturity_sweep(maturities: tuple[float, ...] = MATURITIES, **params: Any) -> pd.DataFrame:
    """Mean time-to-data (weeks) and duplicated work of both models, one row per platform maturity.

    Same seed at every maturity, so only the knob changes. Columns: platform_maturity, central_weeks,
    mesh_weeks, mesh_duplicated_work (changes per week), mesh_cost (effort units per change).
    """
    rows = []
    for maturity in maturities:
        frame = simulate(platform_maturity=maturity, **params)
        means = frame.groupby("model")[["time_to_data", "duplicated_work"]].mean()
        rows.append({"platform_maturity": maturity, "central_weeks": round(float(means.loc["central", "time_to_data"]), 3),
                     "mesh_weeks": round(float(means.loc["mesh", "time_to_data"]), 3),
                     "mesh_duplicated_work": round(float(means.loc["mesh", "duplicated_work"]), 3),
                     "mesh_cost": OrgParams(platform_maturity=maturity, **{k: v for k, v in params.items()
                                                                          if k != "weeks"}).mesh_cost()})
    return pd.DataFrame(rows)


def mesh_weeks_without_platform() -> float:
    """The mesh's mean time-to-data with no platform at all (maturity 0), default organisation."""
    return float(maturity_sweep((0.0,))["mesh_weeks"].iloc[0])


def reference_changes_per_week(domain_capacity: float, platform_maturity: float,
                               governance_strictness: float) -> float:
    """Changes one domain team finishes per week: ``capacity / (1 + 2·(1 − maturity) + strictness)``."""
    return domain_capacity / (1 + 2 * (1 - platform_maturity) + governance_strictness)


def random_team(rng: random.Random) -> tuple[float, float, float]:
    """A random domain team for ``changes_per_week``: capacity 1–20, maturity and strictness 0–1."""
    return (round(rng.uniform(1, 20), 1), rng.choice([0.0, 1.0, round(rng.random(), 2)]),
            rng.choice([0.0, 1.0, round(rng.random(), 2)]))


def simpler_teams(args: tuple[float, float, float]) -> Iterator[tuple[float, float, float]]:
    """Rounder versions of a team: whole capacity, maturity and strictness at 0 or 1."""
    capacity, maturity, strictness = args
    if capacity != round(capacity):
        yield (float(round(capacity)), maturity, strictness)
    for m in (0.0, 1.0):
        if maturity != m:
            yield (capacity, m, strictness)
    for s in (0.0, 1.0):
        if strictness != s:
            yield (capacity, maturity, s)


def _gives(function, args: tuple, value: float) -> bool:
    found = function(*args)
    return isinstance(found, (int, float)) and not isinstance(found, bool) and abs(found - value) < 1e-6


# --------------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------------

q1 = ChoiceExercise(
    id="data_mesh_04.q1",
    level="kid",
    prompt="A new play room wants to keep Lego too. What does the Lego shop give it?",
    var="shop_gives",
    options={
        "a": "Nothing. The play room must make its own box and labels.",
        "b": "The same box kit and label maker that every room got.",
        "c": "A big truck. It takes all the play room's Lego away to the shop.",
    },
    correct="b",
    why={
        "a": "Then the play room spends a whole day on boxes, not on playing. And its labels will not match.",
        "b": "Yes! The kit makes a tidy box quick. The labels match every other room.",
        "c": "No. The play room keeps its own Lego. The shop only gives it the tools.",
    },
    starter="shop_gives = ____",
    solution='shop_gives = "b"',
    hints=["The shop helps each room keep its own toys.",
           "Which answer gives the room tools, and lets it keep its Lego?"],
)

q2 = ValueExercise(
    id="data_mesh_04.q2",
    level="kid",
    prompt="How many steps does the box kit save a new room?",
    var="steps_saved_by_kit",
    expected=steps_saved,
    starter="steps_saved_by_kit = ____",
    solution="steps_saved_by_kit = 5 - 2",
    hints=["Count the steps without the kit. Then count the steps with the kit.",
           "Take the small number away from the big number."],
    mistakes=[
        Mistake(name="steps_without_kit", when=len(WITHOUT_KIT), example=f"steps_saved_by_kit = {len(WITHOUT_KIT)}",
                message="That is how many steps a room does with no kit. Now take away the steps it still does "
                        "with the kit."),
        Mistake(name="steps_with_kit", when=len(WITH_KIT), example=f"steps_saved_by_kit = {len(WITH_KIT)}",
                message="That is how many steps a room still does with the kit. How many does it skip?"),
        Mistake(name="added_them", when=len(WITHOUT_KIT) + len(WITH_KIT),
                example=f"steps_saved_by_kit = {len(WITHOUT_KIT)} + {len(WITH_KIT)}",
                message="You added the two lists. The kit saves steps, so take one away from the other."),
        Mistake(name="small_minus_big", when=len(WITH_KIT) - len(WITHOUT_KIT),
                example=f"steps_saved_by_kit = {len(WITH_KIT)} - {len(WITHOUT_KIT)}",
                message="Your number is below zero. Start with the big number, then take the small one away."),
        Mistake(name="wrote_words", when=lambda a: isinstance(a, str), example='steps_saved_by_kit = "three"',
                message="Write a number with no quote marks, like 4."),
    ],
    correct_message="Yes! The kit does the boring steps. The room gets a tidy box fast.",
)

q3 = ValueExercise(
    id="data_mesh_04.q3",
    level="teen",
    prompt="Which steps of a new team section are still yours when you use the template? Give their numbers.",
    var="still_mine",
    expected=steps_left_to_you,
    unordered=True,
    starter="still_mine = ____",
    solution="still_mine = [6, 7]",
    hints=["A template can copy folders, rules and sharing settings. Can it know what your section is about?",
           "Look for the steps only your team can decide or do."],
    mistakes=[
        Mistake(name="template_does_nothing", when=lambda a: sorted(a) == [n for n, _, _ in TEMPLATE_STEPS],
                example=f"still_mine = {[n for n, _, _ in TEMPLATE_STEPS]}",
                message="If every step were still yours, the template would be useless. Which steps does one "
                        "click do for you?"),
        Mistake(name="template_does_everything", when=lambda a: list(a) == [], example="still_mine = []",
                message="A template cannot know what your section is about or do your work. Some steps are "
                        "still yours."),
        Mistake(name="a_count_not_the_steps", when=lambda a: isinstance(a, int) and not isinstance(a, bool),
                example="still_mine = 2",
                message="Give the step numbers in a list, like [1, 2], not how many there are."),
        Mistake(name="numbers_as_text", when=lambda a: isinstance(a, (list, tuple, set)) and any(
                    isinstance(x, str) for x in a), example='still_mine = ["6", "7"]',
                message="Write the step numbers without quote marks, like [1, 2]: they are numbers, not text."),
        Mistake(name="same_step_twice", when=lambda a: isinstance(a, (list, tuple)) and len(set(a)) < len(a),
                example="still_mine = [6, 7, 7]",
                message="One step is in your list twice. Give each step number once."),
        Mistake(name="kept_a_template_step",
                when=lambda a: bool(set(a) & set(_TEMPLATE_DONE)) and bool(set(a) & set(steps_left_to_you())),
                example="still_mine = [1, 6, 7]",
                message="One of your steps is plumbing the template does in one click: folders, the naming "
                        "rule, sharing, the index link. Keep only what your team must decide or make."),
    ],
    correct_message="Right. The template does the set-up that is the same for every team. You do the part "
                    "only your team knows. That is what a self-serve platform does for a data team.",
)

q4 = ChoiceExercise(
    id="data_mesh_04.q4",
    level="tech",
    prompt="The gate refused marketing.campaign_clicks. What must you fix before it publishes?",
    var="must_fix",
    options={
        "a": "Every line the gate printed, the `warn [decisions-made]` notes included.",
        "b": "The failures of the ✘ steps: the version that is not semantic, and the click id that breaks "
             "its pattern. The notes are warnings.",
        "c": "Only the first failure: the gate stops at the first problem.",
        "d": "Nothing: publish again, the platform retries.",
    },
    correct="b",
    why={
        "a": "A `warn` policy reports and lowers the scorecard, but never blocks: the open TODO(decide) notes "
             "are yours to decide, not a reason the gate said no.",
        "b": "Right: each ✘ step lists its failures with the contract path and the fix. Fix those; the "
             "warnings stay on the scorecard until you decide them.",
        "c": "The gate runs every step it can and lists every failure, so you fix them all in one go. (Only "
             "a failed smoke step stops it early: validating a file that is not there tells nothing new.)",
        "d": "The gate is deterministic: the same contract and data fail the same way.",
    },
    starter="must_fix = ____",
    solution='must_fix = "b"',
    hints=["Which lines are marked ✘, and which are marked `note: warn`?",
           "A policy at `warn` never blocks a publish."],
)

q5 = FunctionExercise(
    id="data_mesh_04.q5",
    level="tech",
    prompt="Write changes_per_week(domain_capacity, platform_maturity, governance_strictness) from the "
           "model's equations.",
    func="changes_per_week",
    cases=[
        ((8.0, 0.5, 0.5), 3.2),
        ((8.0, 0.0, 0.5), 8.0 / 3.5),
        ((8.0, 1.0, 0.0), 8.0),
        ((6.0, 0.25, 1.0), 6.0 / 3.5),
    ],
    tolerance=1e-6,
    generated=random_team,
    shrink=simpler_teams,
    starter=("def changes_per_week(domain_capacity, platform_maturity, governance_strictness):\n"
             "    cost = ____   # effort units one change costs the domain team\n"
             "    return ____\n"),
    solution=("def changes_per_week(domain_capacity, platform_maturity, governance_strictness):\n"
              "    cost = 1 + 2 * (1 - platform_maturity) + governance_strictness\n"
              "    return domain_capacity / cost\n"),
    hints=["One change costs 1 + 2·(1 − maturity) + strictness effort units.",
           "A team with `domain_capacity` effort units a week finishes capacity / cost changes."],
    mistakes=[
        Mistake(name="maturity_backwards", when=lambda f: _gives(f, (8.0, 1.0, 0.0), 8.0 / 3) and _gives(f, (8.0, 0.0, 0.0), 8.0),
                example=("def changes_per_week(domain_capacity, platform_maturity, governance_strictness):\n"
                         "    return domain_capacity / (1 + 2 * platform_maturity + governance_strictness)\n"),
                message="With a full platform (maturity 1) your team is slowest: the maturity works backwards. "
                        "The platform removes work, so the extra cost is 2·(1 − maturity)."),
        Mistake(name="forgot_strictness", when=lambda f: _gives(f, (8.0, 0.5, 1.0), 4.0) and _gives(f, (6.0, 0.0, 0.5), 2.0),
                example=("def changes_per_week(domain_capacity, platform_maturity, governance_strictness):\n"
                         "    return domain_capacity / (1 + 2 * (1 - platform_maturity))\n"),
                message="Governance strictness does not change your answer. Every review step costs effort too: "
                        "add the strictness to the cost."),
        Mistake(name="returned_the_cost", when=lambda f: _gives(f, (8.0, 0.5, 0.5), 2.5) and _gives(f, (4.0, 0.5, 0.5), 2.5),
                example=("def changes_per_week(domain_capacity, platform_maturity, governance_strictness):\n"
                         "    return 1 + 2 * (1 - platform_maturity) + governance_strictness\n"),
                message="That is the cost of one change in effort units. How many changes fit in the team's "
                        "`domain_capacity`?"),
        Mistake(name="multiplied_by_the_cost", when=lambda f: _gives(f, (8.0, 0.5, 0.5), 20.0) and _gives(f, (4.0, 0.5, 0.5), 10.0),
                example=("def changes_per_week(domain_capacity, platform_maturity, governance_strictness):\n"
                         "    return domain_capacity * (1 + 2 * (1 - platform_maturity) + governance_strictness)\n"),
                message="A dearer change means fewer changes a week: divide the capacity by the cost."),
        Mistake(name="no_brackets", when=lambda f: _gives(f, (8.0, 0.5, 0.5), 9.5) and _gives(f, (4.0, 0.5, 0.5), 5.5),
                example=("def changes_per_week(domain_capacity, platform_maturity, governance_strictness):\n"
                         "    return domain_capacity / 1 + 2 * (1 - platform_maturity) + governance_strictness\n"),
                message="Python divides before it adds: `c / 1 + 2·…` divides by 1 only. Put the whole cost in "
                        "brackets."),
    ],
    correct_message="Right: μ = capacity / (1 + 2·(1 − m) + s). At maturity 0 a change costs 2 effort units "
                    "more than on a full platform: the platform is what makes ownership cheap.",
)

q6 = ValueExercise(
    id="data_mesh_04.q6",
    level="tech",
    prompt="Now that marketing.campaign_clicks reads catalog.products: which products are hit when "
           "catalog.products breaks?",
    var="blast_radius",
    expected=blast_radius_now,
    unordered=True,
    setup="before, after = sample_mesh(), mesh_with_clicks()",
    starter="blast_radius = ____",
    solution='blast_radius = after.downstream("catalog.products")',
    hints=["The blast radius is every product downstream of catalog.products in the lineage.",
           "Ask the mesh after your request: after.downstream(…)."],
    mistakes=[
        Mistake(name="before_the_request", when=lambda a: sorted(a) == sample_mesh().downstream("catalog.products"),
                example='blast_radius = before.downstream("catalog.products")',
                message="That list misses the reader your access request added. Ask the mesh after the "
                        "request, `after`, what is downstream of catalog.products."),
        Mistake(name="only_the_new_reader", when=lambda a: list(a) == [PRODUCT_ID],
                example=f'blast_radius = ["{PRODUCT_ID}"]',
                message="Your product is hit, but it is not the only one: another product already read "
                        "catalog.products before you."),
        Mistake(name="included_itself", when=lambda a: "catalog.products" in list(a),
                example='blast_radius = ["catalog.products", "analytics.daily_revenue", "marketing.campaign_clicks"]',
                message="catalog.products is the one that breaks; the blast radius is who reads it, directly "
                        "or not."),
        Mistake(name="upstream_not_downstream", when=lambda a: list(a) == [],
                example='blast_radius = after.upstream("catalog.products")',
                message="An empty list: nobody is hit? catalog.products is built from nothing (its upstream is "
                        "empty), but others read it. Who is hit when it breaks is downstream."),
        Mistake(name="products_not_ids", when=lambda a: any(not isinstance(x, str) for x in a),
                example="blast_radius = [after[PRODUCT_ID]]",
                message="Give the product ids as text, like \"analytics.daily_revenue\", not product objects."),
        Mistake(name="one_text", when=lambda a: isinstance(a, str),
                example='blast_radius = "analytics.daily_revenue, marketing.campaign_clicks"',
                message="That is one piece of text. Give a list with one id per product, in square brackets."),
    ],
    correct_message="Right: your access request is now a lineage edge, so catalog.products knows it has a new "
                    "consumer to warn before a breaking change.",
)

q7 = ChoiceExercise(
    id="data_mesh_04.q7",
    level="tech",
    prompt="“Every domain owns its data from Monday. The platform can wait a year.” What do you expect?",
    var="no_platform_yet",
    options={
        "a": "Faster data at once: the domains know their data best.",
        "b": "Each domain builds its own pipelines, checks and catalog pages: a change costs 2 effort units "
             "more than with a full platform, duplicated work peaks, and time-to-data is no better than the central team's.",
        "c": "Nothing changes: the platform only makes things look tidier.",
        "d": "Governance will make up for it: strict rules keep the domains fast.",
    },
    correct="b",
    why={
        "a": "Knowledge helps correctness, not capacity. In the model at maturity 0 the mesh's time-to-data "
             "is about as bad as the central team's.",
        "b": "Right: mesh without a platform is a named pitfall. Ownership is only cheap when the paved road "
             "exists; start the platform first, with the steps every domain repeats.",
        "c": "The platform is capacity: in the model a full platform takes 2 effort units off every change.",
        "d": "Strictness adds to the cost of a change (+ s in the equation): it makes a team slower, not faster.",
    },
    starter="no_platform_yet = ____",
    solution='no_platform_yet = "b"',
    hints=["Run your changes_per_week at maturity 0 and at 0.5.",
           "Look at the left end of the time-to-data picture."],
)

# --------------------------------------------------------------------------------------------------
# Quizzes
# --------------------------------------------------------------------------------------------------

quiz1 = Quiz(
    id="data_mesh_04.quiz1",
    level="kid",
    question="Why does every room get the same label maker?",
    options=[
        Option("a", "So all the labels look the same, and anyone can read them.", correct=True,
               why="Yes! Same labels in every room. So sharing is easy."),
        Option("b", "So the shop can take the toys back.", why="No. Each room keeps its own toys."),
        Option("c", "Because labels are more fun than toys.", why="Toys are more fun! Labels just help you find them."),
    ],
)

quiz2 = Quiz(
    id="data_mesh_04.quiz2",
    level="teen",
    question="Why do the teams make their section from the template, not by hand?",
    options=[
        Option("a", "Templates look prettier.", why="Looks are a bonus. The point is the rules and the time."),
        Option("b", "One click gives every team the same folders, naming rule and sharing. Nobody forgets a "
                    "rule, and nobody waits for the project lead.", correct=True,
               why="Right: the shared rules come for free, and no one is a bottleneck."),
        Option("c", "So the project lead can do every team's work.",
               why="The opposite: each team does its own work. The template only does the set-up."),
    ],
)

quiz3 = Quiz(
    id="data_mesh_04.quiz3",
    level="tech",
    question="“A self-serve platform is a product too.” What does that mean in practice?",
    options=[
        Option("a", "Buy one tool, install it, done.",
               why="A tool nobody adopts saves no one a step. The platform needs users, support and a roadmap."),
        Option("b", "It has its own team, its users (the domain teams), a roadmap and a cost; it automates "
                    "the steps every domain repeats, measured by time-to-data.", correct=True,
               why="Yes: a platform team serves domain teams the way a product team serves customers, and "
                   "it costs money, so it starts with the most repeated steps."),
        Option("c", "Each domain builds its own platform, so it fits them best.",
               why="That is the duplicated work a platform exists to remove."),
    ],
)

quiz4 = Quiz(
    id="data_mesh_04.quiz4",
    level="teen",
    question="The template made your team's section in one click. What is still your job?",
    options=[
        Option("a", "Nothing: the template did it all.", why="It did the set-up. It cannot know your topic."),
        Option("b", "Saying what your section is about, and putting your own work in.", correct=True,
               why="Right: the platform does what is the same for everyone; you decide what only you know."),
        Option("c", "Renaming the folders the way you like.",
               why="Then they stop matching everyone else's: the shared rule is the point."),
    ],
)

__all__ = [
    "____", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "quiz1", "quiz2", "quiz3", "quiz4",
    "WITHOUT_KIT", "WITH_KIT", "TEMPLATE_STEPS", "template_frame", "MANUAL_STEPS", "PLATFORM_COMMANDS",
    "steps_table", "PRODUCT_ID", "OWNER", "LATE_DELIVERY", "write_clicks_csv", "start_again", "set_in_contract",
    "append_rows", "remove_rows", "maturity_sweep", "scaffold", "publish", "search", "request_access",
    "decide_access", "workspace_catalog", "sample_mesh", "mesh_with_clicks", "OrgParams",
]
