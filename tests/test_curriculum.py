"""Content is a product: every point of the seed is taught where the curriculum map says.

The seed (../shared/seeds/data-mesh-and-smoke-testing.md) is what the kit promises to teach. Each point
below is a phrase a learner must meet, in the notebook that owns it (DESIGN.md, "Curriculum map").
Matching is on the notebook's markdown and code, case-insensitive, with typographic quotes and
dashes folded, so rewording a sentence is fine but dropping a point is not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

SEED_POINTS: dict[str, dict[str, list[str]]] = {
    "data_mesh/01_what_is_data_mesh.ipynb": {
        "kid: Lego city": ["lego", "one giant box", "each room keeps its own lego", "label"],
        "kid takeaway": ["sharing is easy because the labels match"],
        "teen: group project": ["group project", "google drive", "bottleneck", "each team owns",
                                "file names", "how to submit"],
        "teen takeaway": ["split ownership by team, keep shared rules"],
        "tech scenario": ["payments", "catalog", "logistics", "central data team", "slas"],
        "tech shift": ["domain-oriented ownership", "data products", "payments.transactions",
                       "logistics.delivery_events", "contracts"],
        "definition": ["sociotechnical", "domains own and serve their data as products",
                       "self-serve data platform", "federated governance", "security",
                       "interoperability", "quality"],
        "when to use": ["many teams", "change rate", "bottleneck", "clear ownership", "time-to-data"],
        "pros": ["scalable ownership", "domain correctness", "faster delivery", "clearer accountability",
                 "mystery tables"],
        "cons": ["inconsistent semantics", "duplicated work", "cross-domain model", "strong platform",
                 "culture shift"],
        "pitfalls": ["central team do all the work", "data product", "weak governance", "chaos",
                     "slow again"],
        "tech takeaway": ["ownership where the knowledge lives", "roads and rules"],
        "cheat sheet": ["decentralised data ownership", "shared standards", "domain ownership",
                        "data as a product", "self-serve platform", "not random tables",
                        "can't scale", "culture + platform investment", "architecture diagram"],
        "rule of thumb": ["drowning", "your model is wrong", "strong fit",
                          "enforce shared standards"],
    },
    "smoke_testing/01_what_is_smoke_testing.ipynb": {
        "what it is": ["small, fast set of checks", "does the build/deploy basically work enough to continue"],
        "kid: the toy": ["toy", "one button", "turn on", "fix it first"],
        "kid takeaway": ["quick \"does it basically work?\" check"],
        "teen: the Reel": ["reel", "preview", "sound", "video", "captions", "before you post"],
        "teen takeaway": ["fast sanity check before going live"],
        "tech scenario": ["new version", "boots", "db", "/health", "login", "dashboard"],
        "definition": ["small, fast suite", "critical paths", "basic system health"],
        "when to use": ["after every build", "after every deploy", "config", "migration"],
        "pros": ["totally broken", "saves time", "noisy failures"],
        "cons": ["doesn't guarantee full quality", "slow", "flaky", "grows too large"],
        "cheat sheet": ["small + fast + critical-path", "run after build + after deploy", "fail fast",
                        "minimal and stable", "typical checks"],
        "rule of thumb": ["more than a few minutes", "edge cases", "not smoke testing anymore"],
        "three kinds of check": ["health check", "smoke test", "regression suite"],
    },
}

SECTIONS = ["👶 kid", "🧑‍🎓 teen", "👨‍💻 tech lead", "🎯 cheat sheet", "✅ check yourself", "➡️"]


def _fold(text: str) -> str:
    text = text.lower()
    for fancy, plain in {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "centralized": "centralised",
                         "organization": "organisation", "decentralized": "decentralised",
                         "standardize": "standardise", "can’t": "can't"}.items():
        text = text.replace(fancy, plain)
    text = re.sub(r"\n\s*>", " ", text)       # blockquote markers inside a wrapped sentence
    text = re.sub(r"[*_`]", "", text)          # markdown emphasis and code marks
    return re.sub(r"\s+", " ", text)


def _notebook_text(relative: str) -> str:
    nb = json.loads((NOTEBOOKS / relative).read_text(encoding="utf-8"))
    return _fold("\n".join("".join(cell["source"]) for cell in nb["cells"]))


@pytest.mark.parametrize(("notebook", "point"),
                         [(nb, point) for nb, points in SEED_POINTS.items() for point in points])
def test_seed_point_is_taught(notebook, point):
    text = _notebook_text(notebook)
    missing = [phrase for phrase in SEED_POINTS[notebook][point] if _fold(phrase) not in text]
    assert not missing, f"{notebook} no longer teaches the seed's {point!r}: missing {missing}"


@pytest.mark.parametrize("notebook", sorted(SEED_POINTS))
def test_notebook_follows_the_template(notebook):
    text = _notebook_text(notebook)
    missing = [section for section in SECTIONS if section not in text]
    assert not missing, f"{notebook} lacks the template sections {missing} (see DESIGN.md, Notebook template)"


def test_seed_is_still_the_one_these_points_come_from():
    seed = ROOT.parent / "shared" / "seeds" / "data-mesh-and-smoke-testing.md"
    if not seed.exists():
        pytest.skip(f"{seed} is absent (a learner's clone); CI always has it")
    text = _fold(seed.read_text(encoding="utf-8"))
    for anchor in ["lego city", "school group project", "does the toy work at all", "quick check before you post",
                   "not smoke testing anymore", "federated governance"]:
        assert anchor in text, f"the seed changed: {anchor!r} not found; update SEED_POINTS"
