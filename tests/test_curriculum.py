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
    "data_mesh/02_domain_ownership.ipynb": {
        "kid: a name on every box": ["name tag", "keeps that box tidy", "box with no name", "lost toys"],
        "teen: the wrong slide": ["group project", "slide", "owns the whole deck", "the person who made it",
                                  "fastest where the knowledge is"],
        "ownership where the knowledge lives": ["ownership where the knowledge lives", "domain-oriented ownership",
                                                "knows what they mean", "source_domains"],
        "your model is wrong": ["your model is wrong", "ticket_ping_pong", "central", "payments team owns"],
        "clearer accountability": ["clearer accountability", "ownership_map", "ownership_problems",
                                   "scope: issues", "firstlevelapprovers", "accountability as code"],
        "fewer mystery tables": ["fewer mystery tables", "no owner, no contract and no known consumer",
                                 "publish", "deprecate"],
        "knowledge distance": ["knowledge distance", "p(d) = p_0", "h(d) = h_0", "poisson"],
        "trade-offs": ["data skills", "cross-domain", "consumer-aligned"],
        "rule of thumb": ["your model is wrong", "nobody can say who owns a table",
                          "write that ownership into the contract"],
    },
    "data_mesh/03_data_as_a_product.ipynb": {
        "kid: a toy in a box": ["toy", "box", "label", "instructions", "promise", "all 9 pieces are inside"],
        "teen: a shared study guide": ["study guide", "find", "trust", "use it without asking"],
        "products, not random tables": ["not random tables", "random tables", "data as a product", "dehghani"],
        "contract + SLA + quality": ["contract + sla + quality", "check_sla", "validate", "quality"],
        "what makes a product": ["discoverable", "addressable", "trustworthy", "self-describing",
                                 "interoperable", "secure"],
        "a contract from scratch": ["write a contract from scratch", "loyalty.points", "lints", "validates"],
        "SLAs on a clock": ["slas on a clock", "freshness", "latency", "frequency", "retention", "sla_clock"],
        "evolution": ["breaking", "diff(", "consumers", "version bump", "deprecate before removing",
                      "new major"],
        "trade-offs": ["honest trade-offs", "an sla you cannot keep"],
        "rule of thumb": ["it is not a product yet"],
    },
    "data_mesh/04_self_serve_platform.ipynb": {
        "kid: the Lego shop's box kit": ["lego shop", "same box kit and label maker", "labels match"],
        "teen: the Drive's template": ["google drive", "template", "new team section in one click"],
        "the platform that makes ownership cheap": ["self-serve data platform", "makes ownership cheap",
                                                    "cost of ownership"],
        "scaffold, publish, discover, request access": ["scaffold(", "publish(folder)", "search(",
                                                        "request_access(", "decide_access("],
        "fail the gate, fix, pass": ["publish_gate(refused)", "publish_gate(published)", "contract path"],
        "lineage grows": ["mesh_map(before)", "mesh_map(after)", "lineage edge"],
        "manual steps with and without": ["steps_table()", "manual steps", "with the platform"],
        "faster time-to-data": ["time-to-data", "platform_maturity", "maturity_sweep()", "my_weeks_guess"],
        "trade-offs": ["product with its own team", "mesh without a platform", "pitfall"],
        "rule of thumb": ["build the platform before you hand out ownership"],
    },
    "smoke_testing/02_smoke_tests_in_ci_cd.ipynb": {
        "what it is": ["small, fast set of checks", "does the build/deploy basically work enough to continue"],
        "kid: check again after new batteries and a repair": ["new batteries", "repair", "press the button again"],
        "teen: preview after every edit, and the friend's quick check": ["after every edit", "quick check",
                                                                          "whole film"],
        "when to use": ["after every build", "after every deploy", "after big config or migration changes",
                        "ci fail-fast", "staging/prod viability"],
        "smoke after a config change": ["smoke after a config change too", "config_change"],
        "fail fast": ["fail fast", "-x", "--maxfail=1"],
        "keep it minimal and stable": ["minimal and stable", "flaky", "google, 2016", "google, 2017",
                                       "1.5 %", "16 %", "84 %", "14 %"],
        "pipeline gates where teams write them": ["github actions", "environment: production", "startupz",
                                                  "readyz", "livez", "argo rollouts", "flagger", "--junitxml",
                                                  "--check-timeout"],
        "cons: slow/flaky if it grows too large": ["can become slow/flaky if it grows too large", "budget",
                                                   "smokebudgetwarning"],
        "rule of thumb": ["more than a few minutes", "edge cases", "not smoke testing anymore"],
    },
    "smoke_testing/03_smoke_testing_data_products.ipynb": {
        "the two ideas together": ["the two ideas together", "data products", "small, fast set of checks",
                                   "does it basically work enough to continue", "smoke tier",
                                   "derived from its contract"],
        "kid: the lunchbox check": ["lunchbox", "is it closed", "today's food", "every crumb", "fix it before"],
        "teen: the shared photo album": ["group chat", "shared album", "upload finish", "photos from today",
                                         "every photo"],
        "a smoke tier for a data product": ["file readable", "columns present", "rows above", "fresh within the sla",
                                            "header", "newline count", "newest timestamp", "--metadata-only"],
        "smoke vs full validation vs SLA": ["full validation", "sla", "15 %", "1,000,000-row",
                                            "python -m mesh_lab smoke --product"],
        "data downtime": ["data downtime", "freshness", "volume", "schema", "distribution", "lineage"],
        "the detection matrix": ["predict, then run", "detection matrix", "which tier catches which fault",
                                 "crying wolf"],
        "the gate": ["publish gate", "smoke tier", "a smoke failure stops the gate"],
        "trade-offs": ["what a smoke tier can never catch", "when to run which tier", "doesn't guarantee full quality"],
        "rule of thumb": ["more than a few minutes", "edge cases", "not smoke testing anymore",
                          "belongs in full validation"],
    },
    "data_mesh/05_federated_governance.ipynb": {
        "kid: the label rules every room agreed on": ["label rules", "one kid from each room", "together",
                                                      "any kid can read any box"],
        "teen: a council sets the file-naming rule": ["council", "one rep", "file names", "own extra rules",
                                                      "a robot that checks every new file"],
        "shared standards (security, interoperability, quality)": ["shared standards", "security",
                                                                   "interoperability", "quality"],
        "federated computational governance": ["federated computational governance", "dehghani",
                                               "domain representatives and the platform team",
                                               "the platform turns each policy into code",
                                               "domains own local decisions", "never weaken a global one"],
        "policies as code with a scorecard": ["govern(mesh)", "decision record", "scorecard", "policy_heatmap",
                                              "draft → warn → enforced"],
        "security: personal data classified": ["personal-data-classified", "counts as sensitive",
                                               "with_classification"],
        "interoperability stopped at the gate": ["camelcase", "naive timestamp", "gate.blocking"],
        "a global and a domain policy": ["undescribed_columns", "policy(", "policy_from_text", "scope: <domain>",
                                         "exempt"],
        "breaking change needs a major version": ["breaking_change_policy", "new major version"],
        "weak → chaos, strict → slow": ["weak governance → chaos", "overly strict governance → slow again",
                                          "strictness_experiment()", "my_weeks_guess"],
        "trade-offs": ["honest trade-offs", "a score is not quality", "pitfalls"],
        "rule of thumb": ["agree on few global rules together", "let the platform check them as code"],
    },
    "data_mesh/06_is_data_mesh_right_for_you.ipynb": {
        "kid: one room, one box": ["one room", "one box", "label maker", "many rooms", "in a drawer"],
        "teen: two people versus a festival": ["project together", "whole school", "festival", "one organiser",
                                               "bottleneck", "shared rules", "kit room", "just talk"],
        "when to use": ["many teams/domains + high change rate", "definitions evolve constantly",
                        "central data team is a bottleneck", "faster time-to-data"],
        "pros": ["scalable ownership", "domain correctness", "faster delivery", "clearer accountability",
                 "mystery tables"],
        "cons": ["inconsistent semantics", "duplicated work", "cross-domain", "needs strong platform + governance",
                 "culture shift is non-trivial"],
        "pitfalls": ["calling it \"mesh\" but still having a central team do all the work",
                     "no true data product thinking", "weak governance → chaos",
                     "overly strict governance → slow again"],
        "diagnosis and case studies": ["diagnose(", "startup with three teams", "central team is drowning",
                                       "regulated bank", "does not rule a mesh out", "what_if("],
        "anti-patterns in numbers": ["mesh_without_platform()", "governance_extremes()", "strictness_experiment",
                                     "renamed_platform_team()", "new_diagram_only()"],
        "mesh in name only": ["mesh in name only", "renamed \"platform team\"", "same queue"],
        "culture and platform investment": ["culture + platform investment, not just a new architecture diagram",
                                            "culture shift"],
        "decision record": ["decision record", "context", "consequences", "alternatives",
                            "decision_record_problems("],
        "rule of thumb": ["drowning", "your model is wrong", "strong fit", "enforce shared standards",
                          "self-serve platform"],
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
