"""Is Data Mesh right for you? Diagnose an organisation, play what-ifs, write the decision down.

The seed's closing advice, as code a learner can run on an organisation of their own:

* :class:`Organisation` — teams, domains, change rate, central backlog (weeks), platform maturity and
  governance capacity (0–1), regulated or not; every field is checked when the object is made;
* :func:`diagnose` — a :class:`Diagnosis`: one of :data:`VERDICTS`, the factor scores (0–1) and the
  reasons, each tied to a sentence of the seed (:data:`SEED`);
* :func:`org_params` / :func:`what_if` — the organisation as parameters of :mod:`mesh_lab.simulate`,
  central team versus mesh on the same change requests;
* the anti-patterns, each a function returning the numbers: :func:`mesh_without_platform`,
  :func:`governance_extremes`, :func:`renamed_platform_team`, :func:`new_diagram_only`;
* a one-page decision record: :func:`decision_record_template` and :func:`decision_record_problems`.

The verdict, in two questions (thresholds are module constants):

1. **Need** — *many teams/domains + high change rate* and *central data team is a bottleneck*.
   ``scale`` = at least ``MANY_DOMAINS`` domains and ``MANY_TEAMS`` teams; ``churn`` = at least
   ``HIGH_CHANGE_RATE`` change requests per domain per week; ``bottleneck`` = a central backlog of at
   least ``DROWNING_WEEKS`` weeks. No scale, or scale with neither churn nor a bottleneck → no need.
   Scale with one of the two → some need. All three → strong need.
2. **Readiness** — *needs strong platform + governance*: platform maturity and governance capacity
   each at least ``READY`` (governance ``READY_REGULATED`` when regulated: controls are built into
   governance, so it must be stronger; regulation does not rule mesh out). Both below ``FAR`` → far.

| need \\ readiness | ready | gap | far |
| --- | --- | --- | --- |
| strong | strong fit | fit if you invest first | not yet |
| some | not yet | not yet | not yet |
| none | no — keep it central | no — keep it central | no — keep it central |
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import pandas as pd

from mesh_lab.errors import MeshLabError
from mesh_lab.report import table_html, verdict_html
from mesh_lab.simulate import OrgParams, compare, simulate, summarize

STRONG_FIT = "strong fit"
INVEST_FIRST = "fit if you invest first"
NOT_YET = "not yet"
KEEP_CENTRAL = "no — keep it central"
VERDICTS = (STRONG_FIT, INVEST_FIRST, NOT_YET, KEEP_CENTRAL)

MANY_DOMAINS = 5
MANY_TEAMS = 5
HIGH_CHANGE_RATE = 2.0
DROWNING_WEEKS = 4.0
READY = 0.6
READY_REGULATED = 0.8
FAR = 0.3

SEED = {
    "when to use": "Many teams/domains + high change rate (definitions evolve constantly)",
    "bottleneck": "Central data team is a bottleneck",
    "platform + governance": "needs strong platform + governance",
    "culture": "culture shift is non-trivial",
    "central in disguise": "Calling it “mesh” but still having a central team do all work",
    "governance extremes": "Weak governance → chaos; overly strict governance → slow again",
    "rule of thumb": "only if you can enforce shared standards and provide a self-serve platform",
    "investment": "Requires culture + platform investment, not just a new architecture diagram",
    "central scales": "Best for orgs where central data teams can’t scale",
}
"""The seed's words each reason quotes (``seeds/data-mesh-and-smoke-testing.md``)."""

FACTORS = ("scale", "change rate", "bottleneck", "platform", "governance")


class DiagnosisError(MeshLabError, ValueError):
    """An organisation or a decision record the diagnosis cannot read."""


# name -> (minimum, maximum, whole number?, what it means)
FIELD_RANGES: dict[str, tuple[float, float, bool, str]] = {
    "teams": (1, 10_000, True, "number of teams that produce or change data"),
    "domains": (1, 500, True, "number of business domains (payments, catalog, …)"),
    "change_rate": (0.0, 100.0, False, "change requests per domain per week"),
    "central_backlog_weeks": (0.0, 520.0, False, "weeks of work waiting in the central data team's queue"),
    "platform_maturity": (0.0, 1.0, False, "0 = every team builds its own tooling, 1 = a paved self-serve road"),
    "governance_capacity": (0.0, 1.0, False, "0 = nobody can set or enforce shared standards, 1 = fully able"),
}


@dataclass(frozen=True)
class Organisation:
    """An organisation to diagnose; every field is checked when the object is created."""

    name: str
    teams: int
    domains: int
    change_rate: float
    central_backlog_weeks: float
    platform_maturity: float
    governance_capacity: float
    regulated: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise DiagnosisError(f"Organisation name must be a non-empty text, got {self.name!r}. "
                                 "Fix: pass e.g. name=\"my company\".")
        for key, (low, high, whole, meaning) in FIELD_RANGES.items():
            _check_field(self.name, key, getattr(self, key), low, high, whole, meaning)
        if not isinstance(self.regulated, bool):
            raise DiagnosisError(f"Organisation {self.name!r}: regulated must be True or False, got "
                                 f"{self.regulated!r}. Fix: pass regulated=True for a bank or an insurer.")


def _check_field(org: str, key: str, value, low: float, high: float, whole: bool, meaning: str) -> None:
    where = f"Organisation {org!r}: {key} ({meaning})"
    kind = "a whole number" if whole else "a number"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and math.isnan(value)):
        raise DiagnosisError(f"{where} must be {kind} from {low:g} to {high:g}, got {value!r}. "
                             f"Fix: pass e.g. {key}={int(low) if whole else low!r}.")
    if whole and not float(value).is_integer():
        raise DiagnosisError(f"{where} must be a whole number, got {value!r}. Fix: pass {key}={round(value)}.")
    if not low <= value <= high:
        raise DiagnosisError(f"{where} must be from {low:g} to {high:g}, got {value!r}. "
                             f"Fix: pass e.g. {key}={min(max(value, low), high)!r}.")


@dataclass(frozen=True)
class Reason:
    """One reason behind a verdict: which factor, what was found, and the seed's words it rests on."""

    factor: str
    finding: str
    seed: str
    weighs: str  # "for" mesh, "against" mesh, or "condition" (must hold before mesh works)

    def __str__(self) -> str:
        mark = {"for": "+", "against": "−", "condition": "!"}[self.weighs]
        return f"{mark} {self.finding} (seed: “{self.seed}”)"


@dataclass(frozen=True)
class Diagnosis:
    """The verdict on one organisation, its factor scores (0–1) and its reasons."""

    organisation: Organisation
    verdict: str
    need: str
    readiness: str
    scores: dict[str, float]
    reasons: tuple[Reason, ...]
    investments: dict[str, float] = field(default_factory=dict)

    def reasons_frame(self) -> pd.DataFrame:
        """The reasons as a table: factor, weighs, finding, seed."""
        return pd.DataFrame([asdict(r) for r in self.reasons], columns=["factor", "weighs", "finding", "seed"])

    def __repr__(self) -> str:
        lines = [f"{self.organisation.name}: {self.verdict} (need {self.need}, readiness {self.readiness})"]
        return "\n".join(lines + [f"  {reason}" for reason in self.reasons])

    def _repr_html_(self) -> str:
        status = {STRONG_FIT: "pass", INVEST_FIRST: "warn", NOT_YET: "warn", KEEP_CENTRAL: "info"}[self.verdict]
        headline = f"{self.organisation.name}: {self.verdict} (need {self.need}, readiness {self.readiness})"
        rows = [(r.factor, r.weighs, r.finding, r.seed) for r in self.reasons]
        return verdict_html(status, headline) + table_html(["factor", "weighs", "finding", "seed"], rows)


def _clip(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 3)


def factor_scores(org: Organisation) -> dict[str, float]:
    """The five factors of :data:`FACTORS` on 0–1 (1 = the threshold reached or passed; for the plot)."""
    return {
        "scale": _clip(min(org.domains / MANY_DOMAINS, org.teams / MANY_TEAMS)),
        "change rate": _clip(org.change_rate / HIGH_CHANGE_RATE),
        "bottleneck": _clip(org.central_backlog_weeks / DROWNING_WEEKS),
        "platform": _clip(org.platform_maturity / READY),
        "governance": _clip(org.governance_capacity / governance_bar(org)),
    }


def governance_bar(org: Organisation) -> float:
    """Governance capacity needed before mesh: ``READY``, or ``READY_REGULATED`` for a regulated org."""
    return READY_REGULATED if org.regulated else READY


def readiness_gap(platform_maturity: float, governance_capacity: float, regulated: bool) -> tuple[float, float]:
    """How far platform maturity and governance capacity are below the bar (0 when at or above it)."""
    bar = READY_REGULATED if regulated else READY
    return round(max(0.0, READY - platform_maturity), 3), round(max(0.0, bar - governance_capacity), 3)


def _need(org: Organisation) -> tuple[str, list[Reason]]:
    scale = org.domains >= MANY_DOMAINS and org.teams >= MANY_TEAMS
    churn = org.change_rate >= HIGH_CHANGE_RATE
    drowning = org.central_backlog_weeks >= DROWNING_WEEKS
    reasons = [
        Reason("scale", f"{org.domains} domains and {org.teams} teams: "
               + ("many" if scale else f"few (mesh pays from {MANY_DOMAINS} domains and {MANY_TEAMS} teams)"),
               SEED["when to use"], "for" if scale else "against"),
        Reason("change rate", f"{org.change_rate:g} change requests per domain per week: "
               + ("definitions evolve constantly" if churn else f"calm (high is {HIGH_CHANGE_RATE:g} or more)"),
               SEED["when to use"], "for" if churn else "against"),
        Reason("bottleneck", f"the central backlog is {org.central_backlog_weeks:g} weeks: "
               + ("the central team is drowning" if drowning else f"it keeps up (drowning is {DROWNING_WEEKS:g}+ weeks)"),
               SEED["bottleneck"], "for" if drowning else "against"),
    ]
    if not scale or not (churn or drowning):
        return "none", reasons
    return ("strong" if churn and drowning else "some"), reasons


def _readiness(org: Organisation) -> tuple[str, list[Reason], dict[str, float]]:
    platform_gap, governance_gap = readiness_gap(org.platform_maturity, org.governance_capacity, org.regulated)
    bar = governance_bar(org)
    reasons = [
        Reason("platform", f"platform maturity {org.platform_maturity:g}"
               + (" is enough for domains to self-serve" if not platform_gap
                  else f": raise it by {platform_gap:g} to {READY:g} so owning data is cheap for a domain"),
               SEED["platform + governance"], "for" if not platform_gap else "condition"),
        Reason("governance", f"governance capacity {org.governance_capacity:g}"
               + (" can enforce shared standards" if not governance_gap
                  else f": raise it by {governance_gap:g} to {bar:g}, or weak governance brings chaos"),
               SEED["governance extremes"], "for" if not governance_gap else "condition"),
    ]
    if org.regulated:
        reasons.append(Reason("regulation", f"regulated: not ruled out, but controls (access, retention, audit) "
                              f"must be built into governance as code, so the bar is {bar:g}",
                              SEED["rule of thumb"], "condition"))
    investments = {name: gap for name, gap in (("platform", platform_gap), ("governance", governance_gap)) if gap}
    if not investments:
        return "ready", reasons, investments
    far = org.platform_maturity < FAR and org.governance_capacity < FAR
    return ("far" if far else "gap"), reasons, investments


def diagnose(org: Organisation) -> Diagnosis:
    """The verdict on ``org`` with its reasons, each tied to a sentence of the seed (see the module doc)."""
    if not isinstance(org, Organisation):
        raise DiagnosisError(f"diagnose needs an Organisation, got {type(org).__name__}. "
                             "Fix: diagnose(Organisation(name=..., teams=..., domains=..., ...)).")
    need, need_reasons = _need(org)
    readiness, ready_reasons, investments = _readiness(org)
    verdict = _verdict(need, readiness)
    reasons = need_reasons + ready_reasons + _closing_reasons(org, verdict)
    return Diagnosis(org, verdict, need, readiness, factor_scores(org), tuple(reasons), investments)


def _verdict(need: str, readiness: str) -> str:
    if need == "none":
        return KEEP_CENTRAL
    if need == "some" or readiness == "far":
        return NOT_YET
    return STRONG_FIT if readiness == "ready" else INVEST_FIRST


def _closing_reasons(org: Organisation, verdict: str) -> list[Reason]:
    if verdict == KEEP_CENTRAL:
        return [Reason("verdict", "a central team that keeps up is cheaper than a mesh: keep it central",
                       SEED["central scales"], "against")]
    reasons = [Reason("culture", f"{org.domains} domains must take on owning their data as products",
                      SEED["culture"], "condition")]
    if org.teams < org.domains:
        reasons.append(Reason("culture", f"only {org.teams} teams for {org.domains} domains: some domains "
                              "would have nobody to own their data", SEED["central in disguise"], "against"))
    if verdict in (STRONG_FIT, INVEST_FIRST):
        reasons.append(Reason("verdict", "a strong fit once the platform and governance are in place",
                              SEED["rule of thumb"], "condition"))
    return reasons


# --------------------------------------------------------------------------------------------------
# Case studies
# --------------------------------------------------------------------------------------------------

STARTUP = Organisation(name="startup with three teams", teams=3, domains=3, change_rate=2.0,
                       central_backlog_weeks=0.5, platform_maturity=0.2, governance_capacity=0.3)
SCALE_UP = Organisation(name="scale-up whose central team is drowning", teams=14, domains=9, change_rate=3.0,
                        central_backlog_weeks=10.0, platform_maturity=0.4, governance_capacity=0.45)
BANK = Organisation(name="regulated bank", teams=30, domains=12, change_rate=2.5, central_backlog_weeks=8.0,
                    platform_maturity=0.75, governance_capacity=0.85, regulated=True)
CASE_STUDIES = (STARTUP, SCALE_UP, BANK)


# --------------------------------------------------------------------------------------------------
# What-ifs in the organisation simulation
# --------------------------------------------------------------------------------------------------

def org_params(org: Organisation, **overrides) -> OrgParams:
    """``org`` as parameters of :mod:`mesh_lab.simulate` (stated mapping; overrides win).

    * demand ``= domains · change_rate``; ``central_capacity = demand · (1.2 − 0.05·min(backlog, 8))``:
      a team with no backlog has 20 % spare, a team eight or more weeks behind finishes 80 % of demand;
    * ``domain_capacity = 2.5 · change_rate · min(1, teams / domains)`` (fewer teams than domains: some
      domains share a team);
    * ``governance_strictness = 0.2 + 0.5 · governance_capacity`` (what governance can enforce);
    * ``knowledge_distance = domains / (domains + 5)`` (more domains, further from any central team).
    """
    demand = org.domains * org.change_rate
    values = {
        "n_domains": org.domains,
        "change_requests": org.change_rate,
        "central_capacity": round(max(0.1, demand * (1.2 - 0.05 * min(org.central_backlog_weeks, 8.0))), 3),
        "domain_capacity": round(max(0.1, 2.5 * org.change_rate * min(1.0, org.teams / org.domains)), 3),
        "platform_maturity": org.platform_maturity,
        "governance_strictness": round(0.2 + 0.5 * org.governance_capacity, 3),
        "knowledge_distance": round(org.domains / (org.domains + 5), 3),
    }
    return OrgParams(**{**values, **overrides})


def what_if(org: Organisation, **overrides) -> pd.DataFrame:
    """Central team versus mesh for ``org`` on the same change requests: :func:`mesh_lab.simulate.compare`."""
    return compare(org_params(org, **overrides))


METRICS = ["mean time-to-data (weeks)", "final backlog (changes)", "mean correctness", "consistency",
           "duplicated work (changes/week)"]


def _row(scenario: str, params: OrgParams, model: str = "mesh", healthy: bool = False) -> dict:
    summary = summarize(simulate(params, model=model))[model]
    return {"scenario": scenario, "healthy": healthy, **{metric: float(summary[metric]) for metric in METRICS}}


def _table(rows: list[dict]) -> pd.DataFrame:
    """An anti-pattern table: one row per scenario, ``healthy`` marks the one to aim for."""
    return pd.DataFrame(rows, columns=["scenario", "healthy", *METRICS])


def _base(params: OrgParams | None) -> OrgParams:
    return org_params(SCALE_UP) if params is None else params


def mesh_without_platform(params: OrgParams | None = None, low: float = 0.1, high: float = 0.8) -> pd.DataFrame:
    """Anti-pattern: the same mesh on a mature platform and without one (``platform_maturity`` low).

    Without a platform each change costs more effort (``1 + 2·(1 − maturity) + strictness``) and domains
    rebuild each other's tooling: time-to-data and duplicated work go up.
    """
    base = _base(params)
    return _table([_row(f"with a platform (maturity {high:g})", _replace(base, platform_maturity=high), healthy=True),
                   _row(f"without a platform (maturity {low:g})", _replace(base, platform_maturity=low))])


def governance_extremes(params: OrgParams | None = None, levels: tuple[float, float, float] = (0.0, 0.5, 1.0)
                        ) -> pd.DataFrame:
    """Anti-pattern: governance too weak (chaos: consistency falls) or too strict (slow: time-to-data rises)."""
    base = _base(params)
    names = ("too weak", "balanced", "too strict")
    return _table([_row(f"{name} (strictness {level:g})", _replace(base, governance_strictness=level),
                        healthy=name == "balanced") for name, level in zip(names, levels, strict=True)])


def renamed_platform_team(params: OrgParams | None = None) -> pd.DataFrame:
    """Anti-pattern: the central team renamed "platform team" — same capacity, same queue, same numbers.

    Rows: the central team, the renamed team (the central model again: nothing else changed) and a real
    mesh on the same change requests.
    """
    base = _base(params)
    return _table([_row("central data team", base, "central"),
                   _row("renamed “platform team”", base, "central"),
                   _row("real mesh (domains own their data)", base, "mesh", healthy=True)])


def new_diagram_only(params: OrgParams | None = None) -> pd.DataFrame:
    """Anti-pattern: a new architecture diagram and nothing else.

    The diagram hands every change to the domains, but nobody invested: domain teams keep a quarter of
    the time for data, there is no platform and no governance. Beside it, the mesh with the investment
    (teams funded, platform maturity at least 0.8, balanced governance 0.5).
    """
    base = _base(params)
    invested = _replace(base, platform_maturity=max(base.platform_maturity, 0.8), governance_strictness=0.5)
    drawn = _replace(base, domain_capacity=max(0.1, round(base.domain_capacity / 4, 3)), platform_maturity=0.0,
                     governance_strictness=0.0)
    return _table([_row("with investment (culture + platform)", invested, healthy=True),
                   _row("a new diagram only (nothing else changed)", drawn)])


def _replace(params: OrgParams, **changes) -> OrgParams:
    return OrgParams(**{**asdict(params), **changes})


# --------------------------------------------------------------------------------------------------
# The one-page decision record
# --------------------------------------------------------------------------------------------------

RECORD_FIELDS = ("context", "decision", "consequences", "alternatives")
MIN_WORDS = 5
BLANK = "____"


def decision_record_template() -> dict[str, str]:
    """A blank one-page decision record: fill in each field (replace ``____``)."""
    return {name: BLANK for name in RECORD_FIELDS}


def _words(text: str) -> int:
    return len([word for word in text.replace(BLANK, " ").split() if any(ch.isalnum() for ch in word)])


def _folded(text: str) -> str:
    return " ".join(text.lower().replace("—", " ").replace("-", " ").replace("–", " ").split())


def decision_record_problems(record, diagnosis: Diagnosis) -> list[str]:
    """What is missing or inconsistent in a decision record (empty: it is complete and consistent).

    * every field of :data:`RECORD_FIELDS` is text of at least ``MIN_WORDS`` words, without ``____``;
    * the decision names the diagnosis's verdict (its words, e.g. “fit if you invest first”) and does not
      merely rename the central team (mesh in name only);
    * for “fit if you invest first” and “not yet”, each investment the diagnosis asks for (platform,
      governance) is named in decision or consequences;
    * when mesh is on the way (strong fit, invest first), the consequences name the culture shift;
    * the alternatives name the other road: keeping it central when mesh is chosen, mesh otherwise.
    """
    if not isinstance(diagnosis, Diagnosis):
        raise DiagnosisError(f"decision_record_problems needs the Diagnosis from diagnose(...), got "
                             f"{type(diagnosis).__name__}. Fix: decision_record_problems(record, diagnose(org)).")
    if not isinstance(record, dict):
        return [f"the record must be a dict with the keys {', '.join(RECORD_FIELDS)}; found a "
                f"{type(record).__name__}. Start from decision_record_template()."]
    problems = record_field_problems(record)
    if problems:
        return problems
    return _consistency_problems({key: _folded(record[key]) for key in RECORD_FIELDS}, diagnosis)


def record_field_problems(record: dict) -> list[str]:
    """What is wrong with the fields themselves: unknown keys, and missing, blank or too short fields."""
    problems = [f"“{key}” is not a field of the record: keep only {', '.join(RECORD_FIELDS)}"
                for key in record if key not in RECORD_FIELDS]
    for key in RECORD_FIELDS:
        text = record.get(key)
        if not isinstance(text, str):
            problems.append(f"{key}: missing; write it as text")
        elif BLANK in text:
            problems.append(f"{key}: still holds a blank ____")
        elif _words(text) < MIN_WORDS:
            problems.append(f"{key}: “{text.strip()}” is too short; write at least {MIN_WORDS} words")
    return problems


def _consistency_problems(folded: dict[str, str], diagnosis: Diagnosis) -> list[str]:
    problems = []
    named = [verdict for verdict in VERDICTS if _folded(verdict) in folded["decision"]]
    if _folded(diagnosis.verdict) not in folded["decision"]:
        found = f" (it names “{named[0]}”)" if named else ""
        problems.append(f"decision: does not name the diagnosis's verdict{found}; write the verdict's words "
                        "and what you will do")
    if "renam" in folded["decision"]:
        problems.append("decision: renaming the central team changes nothing (same capacity, same queue): that "
                        f"is “{SEED['central in disguise']}”; decide what really changes")
    for investment in diagnosis.investments if diagnosis.verdict in (INVEST_FIRST, NOT_YET) else ():
        if investment not in folded["decision"] + " " + folded["consequences"]:
            problems.append(f"decision/consequences: the diagnosis asks to invest in the {investment} first; "
                            "say what you will invest")
    mesh_on_the_way = diagnosis.verdict in (STRONG_FIT, INVEST_FIRST)
    if mesh_on_the_way and "culture" not in folded["consequences"]:
        problems.append("consequences: name the culture shift (domains take on owning their data)")
    other_road = "central" if mesh_on_the_way else "mesh"
    if other_road not in folded["alternatives"]:
        problems.append(f"alternatives: name the other road you weighed (“{other_road}”)")
    return problems


__all__ = [
    "BANK", "CASE_STUDIES", "Diagnosis", "DiagnosisError", "FACTORS", "INVEST_FIRST", "KEEP_CENTRAL", "NOT_YET",
    "Organisation", "RECORD_FIELDS", "Reason", "SCALE_UP", "SEED", "STARTUP", "STRONG_FIT", "VERDICTS",
    "decision_record_problems", "decision_record_template", "diagnose", "factor_scores", "governance_bar",
    "governance_extremes", "mesh_without_platform", "new_diagram_only", "org_params", "readiness_gap",
    "record_field_problems", "renamed_platform_team", "what_if",
]
