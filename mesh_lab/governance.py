"""Federated governance: policies as code, evaluated on every product, with a scorecard.

A :class:`Policy` has an id, a title, a rationale in the shape of a governance decision record
(context, decision, consequences, how it is automated and monitored), a severity and a lifecycle:

* ``draft`` — evaluated and shown, never counted, never blocks (the council is still discussing it);
* ``warn`` — violations are reported and lower the scorecard, but never block a publish;
* ``enforced`` — a violation blocks: ``govern`` exits 1 and the publish gate refuses the product.

:data:`GLOBAL_POLICIES` apply to every product. Domains add their own policies (federated): a
domain policy applies to that domain's products only, and it can only *add* rules — a domain
policy that reuses a global id, or tries to switch a global policy off, is refused
(:class:`GovernanceError`). Domain policies are YAML files (see :func:`load_policies`).

:func:`govern` evaluates a catalog and returns a :class:`GovernanceReport`: one row per violation
with its contract path and fix, and a scorecard from 0 to 5 per product and per domain.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from mesh_lab import report
from mesh_lab.contracts import Contract
from mesh_lab.errors import MeshLabError

LIFECYCLE = ("draft", "warn", "enforced")
SEVERITIES = ("error", "warning")
RATIONALE_KEYS = ("context", "decision", "consequences", "automation", "monitoring")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")
CLASSIFICATIONS = ("public", "internal", "restricted", "confidential", "sensitive")


class GovernanceError(MeshLabError, ValueError):
    """A policy is declared wrongly, or a domain policy tries to weaken a global one."""


@dataclass(frozen=True)
class Violation:
    """One product breaking one policy: where in its contract, and how to fix it."""

    path: str
    message: str
    fix: str


Check = Callable[[Contract], list[Violation]]


@dataclass(frozen=True)
class Policy:
    """A governance policy: what it demands, why, and how strictly it is applied now."""

    id: str
    title: str
    check: Check = field(repr=False)
    rationale: dict = field(default_factory=dict, repr=False)
    severity: str = "error"
    lifecycle: str = "enforced"
    scope: str = "global"

    def __post_init__(self) -> None:
        where = f"policy {self.id!r}"
        if not isinstance(self.id, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", self.id):
            raise GovernanceError(f"{where}: an id is lower-case words joined by '-', e.g. 'owner-declared'")
        if self.lifecycle not in LIFECYCLE:
            raise GovernanceError(f"{where}: lifecycle {self.lifecycle!r} must be one of {', '.join(LIFECYCLE)}")
        if self.severity not in SEVERITIES:
            raise GovernanceError(f"{where}: severity {self.severity!r} must be one of {', '.join(SEVERITIES)}")
        missing = [k for k in RATIONALE_KEYS if not str(self.rationale.get(k, "")).strip()]
        if missing:
            raise GovernanceError(f"{where}: its rationale needs {', '.join(missing)} (a decision record: "
                                  f"{', '.join(RATIONALE_KEYS)})")

    def at(self, lifecycle: str) -> Policy:
        """The same policy moved to another lifecycle state (``draft`` → ``warn`` → ``enforced``)."""
        return replace(self, lifecycle=lifecycle)

    @property
    def blocking(self) -> bool:
        """Whether a violation stops a publish (only ``enforced`` policies block)."""
        return self.lifecycle == "enforced"

    def applies_to(self, domain: str) -> bool:
        """Global policies apply everywhere; a domain policy only to its own domain."""
        return self.scope == "global" or self.scope == domain


# --------------------------------------------------------------------------------------------------
# The global policies
# --------------------------------------------------------------------------------------------------


def _properties(contract: Contract) -> Iterable[tuple[str, dict]]:
    for i, obj in enumerate(contract.raw.get("schema") or []):
        if not isinstance(obj, dict):
            continue
        for j, prop in enumerate(obj.get("properties") or []):
            if isinstance(prop, dict):
                yield f"schema[{i}].properties[{j}]", prop


def _owner_declared(contract: Contract) -> list[Violation]:
    team = contract.raw.get("team")
    if not isinstance(team, dict) or not team.get("name"):
        return [Violation("team.name", "no owning team", "add `team:` with `name: <your team>`")]
    members = [m for m in team.get("members") or [] if isinstance(m, dict)]
    if not any(m.get("role") == "owner" for m in members):
        return [Violation("team.members", "nobody is the owner", "give one member `role: owner`")]
    return []


def _described(contract: Contract) -> list[Violation]:
    description = contract.raw.get("description")
    purpose = description.get("purpose") if isinstance(description, dict) else description
    if not str(purpose or "").strip():
        return [Violation("description.purpose", "no description of what the data are for",
                          "write `description:` with `purpose: <one sentence>`")]
    return []


def _semantic_version(contract: Contract) -> list[Violation]:
    if not SEMVER.match(str(contract.raw.get("version", ""))):
        return [Violation("version", f"version {contract.raw.get('version')!r} is not a semantic version",
                          "write MAJOR.MINOR.PATCH, e.g. 1.0.0")]
    return []


def _personal_data_classified(contract: Contract) -> list[Violation]:
    return [Violation(f"{path}.classification", f"column {prop.get('name')!r} is not classified, so it counts "
                      "as sensitive", f"add `classification:` ({', '.join(CLASSIFICATIONS)})")
            for path, prop in _properties(contract)
            if str(prop.get("classification", "")).strip().lower() not in CLASSIFICATIONS]


def _interoperable(contract: Contract) -> list[Violation]:
    found = []
    for path, prop in _properties(contract):
        name = str(prop.get("name", ""))
        options = prop.get("logicalTypeOptions") if isinstance(prop.get("logicalTypeOptions"), dict) else {}
        if not SNAKE_CASE.match(name):
            found.append(Violation(f"{path}.name", f"column {name!r} is not snake_case",
                                   "rename it in lower case with '_' between words"))
        if prop.get("logicalType") == "timestamp" and options.get("timezone") is not True:
            found.append(Violation(f"{path}.logicalTypeOptions.timezone",
                                   f"timestamp {name!r} does not promise a time zone (UTC)",
                                   "add `timezone: true` and write values in UTC, e.g. 2026-03-02T06:00:00Z"))
        if name.endswith("_id") and not options.get("pattern"):
            found.append(Violation(f"{path}.logicalTypeOptions.pattern", f"id {name!r} has no declared pattern",
                                   "add `pattern:` so other domains can join on it, e.g. ^TX-[0-9]{6}$"))
    return found


def _sla_declared(contract: Contract) -> list[Violation]:
    if not contract.raw.get("slaProperties"):
        return [Violation("slaProperties", "no SLA: consumers cannot plan on freshness",
                          "add `slaProperties:` with at least a freshness or latency promise")]
    return []


def _quality_rules(contract: Contract) -> list[Violation]:
    has_rule = any(isinstance(obj, dict) and (obj.get("quality") or any(
        isinstance(prop, dict) and prop.get("quality") for prop in obj.get("properties") or []))
        for obj in contract.raw.get("schema") or [])
    if not has_rule:
        return [Violation("schema[0].quality", "no quality rule", "add a rule, e.g. `metric: nullValues, mustBe: 0`")]
    return []


def _open_decisions(contract: Contract) -> list[Violation]:
    found: list[Violation] = []

    def visit(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                visit(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                visit(value, f"{path}[{i}]")
        elif isinstance(node, str) and "TODO(decide)" in node:
            found.append(Violation(path, "a decision the platform left to you is still open",
                                   "replace the TODO(decide) text with your decision"))

    visit(contract.raw, "")
    return found


def _decision(context: str, decision: str, consequences: str, automation: str, monitoring: str) -> dict:
    return dict(zip(RATIONALE_KEYS, (context, decision, consequences, automation, monitoring), strict=True))


GLOBAL_POLICIES: list[Policy] = [
    Policy("owner-declared", "Every product has an owning team and an owner", _owner_declared, _decision(
        "Mystery tables nobody owns are where broken data hide.",
        "Each product names its team and one accountable owner.",
        "Consumers know whom to ask; the owner gets paged.",
        "The publish gate reads `team` in the contract.", "The scorecard per domain, weekly.")),
    Policy("description", "Every product says what its data are for", _described, _decision(
        "Consumers cannot use data they do not understand.", "`description.purpose` is required.",
        "One sentence more per product; fewer questions in chat.", "Checked at publish.",
        "Products without one show on the scorecard."), severity="warning", lifecycle="warn"),
    Policy("semantic-version", "Versions are semantic (MAJOR.MINOR.PATCH)", _semantic_version, _decision(
        "Consumers must see whether a new version can break them.", "Contracts use semantic versions.",
        "A breaking change is a new major version.", "Checked at publish.", "Scorecard.")),
    Policy("personal-data-classified", "Every column is classified; unclassified counts as sensitive",
           _personal_data_classified, _decision(
               "Personal data leak when nobody marks them.", "Every column carries a classification; "
               "until then it is handled as sensitive.", "Unclassified columns need approval to read.",
               "The gate lists unclassified columns.", "Share of classified columns per domain."),
           lifecycle="warn"),
    Policy("interoperable", "Names in snake_case, timestamps in UTC, ids with a pattern", _interoperable, _decision(
        "Products from different domains must join without translation.",
        "snake_case names, UTC timestamps, ids with a declared pattern.",
        "Some renames; joins that just work.", "Checked at publish.", "Failed joins reported by consumers.")),
    Policy("sla-declared", "Every product declares an SLA", _sla_declared, _decision(
        "Consumers plan on freshness they cannot see.", "Declare at least freshness or latency.",
        "Owners must measure what they promise.", "The gate checks `slaProperties`.",
        "SLA checks on a clock.")),
    Policy("quality-rules", "Every product has quality rules", _quality_rules, _decision(
        "A product without checks is a table with a name.", "At least one quality rule.",
        "Owners write down what good data means.", "The gate validates data against the rules.",
        "Validation failures per product."), lifecycle="warn"),
    Policy("decisions-made", "No TODO(decide) is left in a published contract", _open_decisions, _decision(
        "A template makes a product publishable before its owner has decided what it promises.",
        "Every TODO(decide) the platform writes is replaced by the owner's decision.",
        "Scaffolded products publish at once, and show on the scorecard until decided.",
        "The gate lists every open TODO(decide) with its path.", "Open decisions per domain."),
           severity="warning", lifecycle="warn"),
]


def breaking_change_policy(previous: dict[str, Contract]) -> Policy:
    """The policy "a breaking change needs a new major version", against the ``previous`` contracts by id."""
    from mesh_lab.evolution import diff

    def check(contract: Contract) -> list[Violation]:
        before = previous.get(contract.id)
        if before is None:
            return []
        result = diff(before, contract)
        if result.breaking and result.version_ok is False:
            return [Violation("version", f"{len(result.breaking)} breaking change(s) but version "
                              f"{result.old_version} → {result.new_version}",
                              f"publish it as {result.suggested_version} and tell the consumers")]
        return []

    return Policy("breaking-change-major", "A breaking change needs a new major version", check, _decision(
        "Consumers break silently when a producer changes a contract.",
        "Breaking changes (diff level error) ship only as a new major version.",
        "Producers run two versions side by side for a while.", "`diff` in the publish gate.",
        "Breaking changes per quarter."))


# --------------------------------------------------------------------------------------------------
# Domain policies: YAML files, rules from a small vocabulary
# --------------------------------------------------------------------------------------------------

RULES = {
    "require_column": "a column with this name exists",
    "require_tag": "the contract's tags include this tag",
    "require_field": "a field (dotted path, e.g. description.usage) is filled in",
    "require_classification": "this column is classified as one of the given levels",
}


def _rule_check(rule: dict, where: str) -> Check:
    if not isinstance(rule, dict) or len(rule) != 1:
        raise GovernanceError(f"{where}: `rule` must have exactly one of {', '.join(RULES)}")
    (kind, argument), = rule.items()
    if kind in ("require_column", "require_tag", "require_field") and (not isinstance(argument, str) or not argument):
        raise GovernanceError(f"{where}: {kind} needs one name, e.g. {kind}: currency")
    if kind == "require_column":
        def check(c: Contract) -> list[Violation]:
            names = {p.get("name") for _, p in _properties(c)}
            return [] if argument in names else [Violation("schema[0].properties", f"no column {argument!r}",
                                                           f"add a column named {argument!r}")]
    elif kind == "require_tag":
        def check(c: Contract) -> list[Violation]:
            return [] if argument in c.tags else [Violation("tags", f"tag {argument!r} is missing",
                                                            f"add {argument!r} to `tags`")]
    elif kind == "require_field":
        def check(c: Contract) -> list[Violation]:
            node: Any = c.raw
            for part in str(argument).split("."):
                node = node.get(part) if isinstance(node, dict) else None
            return [] if str(node or "").strip() else [Violation(str(argument), f"{argument} is empty",
                                                                 f"fill in `{argument}`")]
    elif kind == "require_classification":
        if not isinstance(argument, dict) or not argument.get("column") or not isinstance(argument.get("levels"), list):
            raise GovernanceError(f"{where}: require_classification needs a column and its levels, e.g. "
                                  "{column: customer_id, levels: [restricted, confidential]}")
        column, levels = argument["column"], [str(level) for level in argument["levels"]]

        def check(c: Contract) -> list[Violation]:
            for path, prop in _properties(c):
                if prop.get("name") == column:
                    if str(prop.get("classification")) in levels:
                        return []
                    return [Violation(f"{path}.classification", f"{column!r} is classified "
                                      f"{prop.get('classification')!r}", f"classify it as one of {levels}")]
            return [Violation("schema[0].properties", f"no column {column!r}: the policy checks nothing",
                              f"check the column's name in the policy, or add {column!r}")]
    else:
        raise GovernanceError(f"{where}: unknown rule {kind!r}; use one of {', '.join(RULES)}")
    return check


def policy_from_document(document: Any, source: str = "<policy>", global_ids: Iterable[str] = ()) -> Policy:
    """A domain policy from a parsed YAML document (see ``docs``); refuses anything that weakens a global one."""
    if not isinstance(document, dict):
        raise GovernanceError(f"{source}: a policy file is a mapping with id, title, scope, lifecycle, rationale, rule")
    policy_id = document.get("id")
    scope = document.get("scope")
    if policy_id in set(global_ids) or policy_id in {p.id for p in GLOBAL_POLICIES}:
        raise GovernanceError(f"{source}: {policy_id!r} is a global policy; a domain policy cannot replace or "
                              "weaken it — give your own policy a new id")
    if document.get("exempt") or document.get("disable"):
        raise GovernanceError(f"{source}: a domain policy cannot switch off a global policy "
                              f"({document.get('exempt') or document.get('disable')}); raise it with the council")
    if not scope or scope == "global":
        raise GovernanceError(f"{source}: `scope` must name your domain (e.g. payments); global policies are set "
                              "by the council in the kit, not in a domain's folder")
    return Policy(str(policy_id), str(document.get("title", policy_id)),
                  _rule_check(document.get("rule"), source), dict(document.get("rationale") or {}),
                  str(document.get("severity", "error")), str(document.get("lifecycle", "warn")), str(scope))


def load_policies(folder: str | Path) -> list[Policy]:
    """Every ``*.policy.yaml`` in ``folder`` as a domain policy (a clear error names the file)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GovernanceError(f"{folder}: not a folder of *.policy.yaml files")
    policies = []
    for path in sorted(folder.glob("*.policy.yaml")):
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise GovernanceError(f"{path}: not readable YAML ({type(exc).__name__}); check the indentation") from None
        policies.append(policy_from_document(document, str(path)))
    return policies


# --------------------------------------------------------------------------------------------------
# Evaluating a mesh
# --------------------------------------------------------------------------------------------------

VIOLATION_COLUMNS = ["product", "domain", "policy", "lifecycle", "severity", "blocking", "path", "message", "fix"]


@dataclass
class GovernanceReport:
    """Violations (one row each), the policies evaluated, and the scorecards."""

    violations: pd.DataFrame
    policies: list[Policy]
    products: list[tuple[str, str]]  # (product id, domain)

    @property
    def blocking(self) -> pd.DataFrame:
        """The violations of enforced policies: these stop a publish."""
        return self.violations[self.violations["blocking"]]

    @property
    def passed(self) -> bool:
        """True when no enforced policy is violated."""
        return self.blocking.empty

    def scorecard(self) -> pd.DataFrame:
        """Per product: policies that apply (draft ones excluded), how many pass, and a score 0–5."""
        rows = []
        for product, domain in self.products:
            counted = [p for p in self.policies if p.applies_to(domain) and p.lifecycle != "draft"]
            failing = set(self.violations.loc[self.violations["product"] == product, "policy"])
            passing = sum(p.id not in failing for p in counted)
            score = round(5 * passing / len(counted), 1) if counted else 5.0
            rows.append({"product": product, "domain": domain, "policies": len(counted), "passing": passing,
                         "score": score})
        return pd.DataFrame(rows, columns=["product", "domain", "policies", "passing", "score"])

    def domain_scorecard(self) -> pd.DataFrame:
        """Per domain: the mean product score (0–5) and its products."""
        card = self.scorecard()
        grouped = card.groupby("domain", sort=True).agg(products=("product", "count"), score=("score", "mean"))
        return grouped.round(1).reset_index()

    def matrix(self) -> pd.DataFrame:
        """Products × policies: 1 passes, 0 violated (drafts too, so a draft's effect can be seen before it
        counts), NaN when the policy does not apply to the product's domain."""
        data = {}
        for policy in self.policies:
            column = {}
            for product, domain in self.products:
                if not policy.applies_to(domain):
                    column[product] = float("nan")
                    continue
                hit = ((self.violations["product"] == product) & (self.violations["policy"] == policy.id)).any()
                column[product] = 0.0 if hit else 1.0
            data[policy.id] = column
        return pd.DataFrame(data, index=[p for p, _ in self.products])

    def headline(self) -> str:
        blocking = len(self.blocking)
        state = "✅ no enforced policy is violated" if self.passed else f"❌ {blocking} enforced violation(s) block"
        return (f"{state}; {len(self.violations)} violation(s) in total across {len(self.products)} product(s) "
                f"and {len(self.policies)} policies")

    def __repr__(self) -> str:
        lines = [self.headline()]
        for row in self.violations.itertuples(index=False):
            lines.append(f"  {'BLOCK' if row.blocking else row.lifecycle.upper():<8} {row.product} {row.policy} "
                         f"{row.path}: {row.message} — fix: {row.fix}")
        lines.append(self.scorecard().to_string(index=False))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        verdict = report.verdict_html(report.status_of(self.passed), self.headline())
        card = report.frame_html(self.scorecard())
        shown = self.violations.head(30)
        table = report.scroll_box(report.frame_html(shown)) if len(shown) else ""
        return f"<div>{verdict}<b>Scorecard (0–5)</b>{card}{table}</div>"


def _check_policy_set(policies: list[Policy]) -> None:
    ids = [p.id for p in policies]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise GovernanceError(f"policy ids must be unique; repeated: {', '.join(repeated)}")
    global_ids = {p.id for p in GLOBAL_POLICIES}
    for policy in policies:
        if policy.scope != "global" and policy.id in global_ids:
            raise GovernanceError(f"domain policy {policy.id!r} reuses a global id: it cannot weaken a global policy")


def govern(catalog, policies: Iterable[Policy] | None = None, products: Iterable[str] | None = None) -> GovernanceReport:
    """Evaluate ``policies`` (default: the global ones) on the products of ``catalog`` (or the named ones)."""
    policies = list(GLOBAL_POLICIES if policies is None else policies)
    _check_policy_set(policies)
    chosen = [catalog.get(pid) for pid in products] if products else list(catalog)
    rows = []
    for product in chosen:
        contract = product.contract
        if contract is None:
            rows.append({"product": product.id, "domain": product.domain, "policy": "contract", "lifecycle":
                         "enforced", "severity": "error", "blocking": True, "path": "", "message": "no contract",
                         "fix": "publish the product with an ODCS contract"})
            continue
        for policy in policies:
            if not policy.applies_to(product.domain):
                continue
            for violation in policy.check(contract):
                rows.append({"product": product.id, "domain": product.domain, "policy": policy.id,
                             "lifecycle": policy.lifecycle, "severity": policy.severity,
                             "blocking": policy.blocking, "path": violation.path, "message": violation.message,
                             "fix": violation.fix})
    frame = pd.DataFrame(rows, columns=VIOLATION_COLUMNS).astype({"blocking": bool})
    return GovernanceReport(frame, policies, [(p.id, p.domain) for p in chosen])


def govern_contract(contract: Contract, domain: str, policies: Iterable[Policy] | None = None) -> list[dict]:
    """The violations of one contract (the publish gate's view), as rows of :data:`VIOLATION_COLUMNS`."""
    rows = []
    for policy in list(GLOBAL_POLICIES if policies is None else policies):
        if policy.applies_to(domain):
            rows += [{"product": contract.id, "domain": domain, "policy": policy.id, "lifecycle": policy.lifecycle,
                      "severity": policy.severity, "blocking": policy.blocking, "path": v.path,
                      "message": v.message, "fix": v.fix} for v in policy.check(contract)]
    return rows


def strictness(policies: Iterable[Policy]) -> float:
    """The share of non-draft policies that are enforced: the simulation's ``governance_strictness``."""
    live = [p for p in policies if p.lifecycle != "draft"]
    return round(sum(p.blocking for p in live) / len(live), 3) if live else 0.0


def strictness_experiment(policies: Iterable[Policy] | None = None, **org) -> pd.DataFrame:
    """The same policy set at ``warn`` and at ``enforced`` in the organisation simulation:
    consistency versus time-to-data (mesh model, seeded)."""
    from mesh_lab.simulate import simulate, summarize

    policies = list(GLOBAL_POLICIES if policies is None else policies)
    rows = []
    for lifecycle in ("warn", "enforced"):
        level = strictness([p.at(lifecycle) for p in policies])
        summary = summarize(simulate(model="mesh", governance_strictness=level, **org))["mesh"]
        rows.append({"policies at": lifecycle, "governance_strictness": level,
                     "mean time-to-data (weeks)": summary["mean time-to-data (weeks)"],
                     "consistency": summary["consistency"], "final backlog (changes)": summary["final backlog (changes)"]})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab govern [--policies DIR] [PRODUCT…]``: exit 1 on an enforced violation."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab govern",
                                     description="Evaluate the governance policies on the mesh.")
    parser.add_argument("products", nargs="*", help="product ids (default: every product)")
    parser.add_argument("--policies", help="a folder of domain *.policy.yaml files to add to the global ones")
    args = parser.parse_args(argv)
    from mesh_lab.mesh import UnknownProductError, sample_mesh

    try:
        policies = GLOBAL_POLICIES + (load_policies(args.policies) if args.policies else [])
        result = govern(sample_mesh(), policies, args.products or None)
    except (GovernanceError, UnknownProductError) as exc:
        print(f"mesh_lab govern: {exc}", file=sys.stderr)
        return 2
    print(repr(result))
    print(result.domain_scorecard().to_string(index=False))
    return 0 if result.passed else 1
