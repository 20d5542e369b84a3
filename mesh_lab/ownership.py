"""Domain ownership: who owns what, tables nobody owns, and what distance from the knowledge costs.

* :func:`ownership_map` reads the mesh's contracts (``team``, ``roles``, ``support``) into one row per
  product: the owning team, its owner, who approves access, where to ask and where to report.
* :func:`ownership_problems` is accountability as code: it says what an ownership block lacks.
* :func:`central_warehouse` is a seeded warehouse of a central data team, with "mystery tables" (no
  owner, no contract, no known consumer); :func:`triage` decides for one table what a mesh would do:
  give it to the domain of its source system, publish it as a product, or deprecate it.
* :func:`knowledge_distance` is the cost model: the further the people who change data are from the
  people who know what it means, the more defects and the longer each fix takes.
* :func:`ticket_ping_pong` plays a "your model is wrong" ticket through a central team and through
  the owning domain.

The equations, stated once (``d`` = knowledge distance, 0 = the owning domain, 1 = a central team
that has never met the source system's people):

* defect rate per change ``p(d) = p0 · (1 + k_defect · d)``, ``p0 = 0.03``, ``k_defect = 4``;
* hours to fix one defect ``h(d) = h0 · (1 + k_fix · d)``, ``h0 = 2``, ``k_fix = 5`` — the fixer must
  first find someone who knows what the data mean;
* each week ``changes ~ Poisson(λ)``, defects ``~ Binomial(changes, p(d))``; hours lost = defects · h(d).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mesh_lab import report
from mesh_lab.errors import MeshLabError

BASE_DEFECT_RATE = 0.03
DEFECT_GROWTH = 4.0
BASE_FIX_HOURS = 2.0
FIX_GROWTH = 5.0

#: source system -> the domain that runs it (and so knows what its data mean)
SOURCE_DOMAINS = {
    "checkout": "payments", "psp_gateway": "payments", "refunds": "payments",
    "pim": "catalog", "pricing": "catalog",
    "wms": "logistics", "carrier_api": "logistics",
    "crm": "marketing", "newsletter": "marketing",
}


class OwnershipError(MeshLabError, ValueError):
    """A parameter of the ownership models is outside what the model understands."""


# --------------------------------------------------------------------------------------------------
# Who owns what
# --------------------------------------------------------------------------------------------------


def _owner_of(team: dict) -> str:
    members = team.get("members") or []
    owners = [m.get("name") or m.get("username") for m in members if isinstance(m, dict) and m.get("role") == "owner"]
    return ", ".join(str(o) for o in owners if o) or "—"


def _support(contract_raw: dict, scope: str) -> str:
    channels = [s.get("channel") or s.get("url") for s in contract_raw.get("support") or []
                if isinstance(s, dict) and s.get("scope") == scope]
    return ", ".join(str(c) for c in channels if c) or "—"


def ownership_map(catalog) -> pd.DataFrame:
    """One row per product of ``catalog``: product, domain, team, owner, approvers, ask, report issues."""
    rows = []
    for product in catalog:
        raw = product.contract.raw if product.contract is not None else {}
        team = raw.get("team") if isinstance(raw.get("team"), dict) else {}
        approvers = sorted({str(r.get("firstLevelApprovers")) for r in raw.get("roles") or []
                            if isinstance(r, dict) and r.get("firstLevelApprovers")})
        rows.append({
            "product": product.id, "domain": product.domain, "team": team.get("name") or product.owner,
            "owner": _owner_of(team), "approvers": ", ".join(approvers) or "—",
            "ask": _support(raw, "interactive"), "report issues": _support(raw, "issues"),
        })
    return pd.DataFrame(rows, columns=["product", "domain", "team", "owner", "approvers", "ask", "report issues"])


def ownership_problems(document: dict) -> list[str]:
    """What a contract's ownership block lacks, as sentences with the fix (empty: accountable).

    Accountable means: a ``team`` with a ``name`` and at least one member whose ``role`` is ``owner``;
    ``support`` with a place to ask (``scope: interactive``) and a place to report broken data
    (``scope: issues``); and ``roles`` saying who approves access.
    """
    if not isinstance(document, dict):
        return ["the contract is not a mapping: write it as `key: value` lines"]
    problems = []
    team = document.get("team")
    if not isinstance(team, dict) or not team.get("name"):
        problems.append("team: no team name — write `team:` with `name: <your team>`")
        team = team if isinstance(team, dict) else {}
    members = [m for m in team.get("members") or [] if isinstance(m, dict)]
    if not any(m.get("role") == "owner" and (m.get("username") or m.get("name")) for m in members):
        problems.append("team.members: nobody has `role: owner` — name the person accountable for the data")
    scopes = {s.get("scope") for s in document.get("support") or [] if isinstance(s, dict)}
    if "interactive" not in scopes:
        problems.append("support: no place to ask — add a channel with `scope: interactive`")
    if "issues" not in scopes:
        problems.append("support: no place to report broken data — add one with `scope: issues`")
    if not any(isinstance(r, dict) and r.get("firstLevelApprovers") for r in document.get("roles") or []):
        problems.append("roles: nobody approves access — add a role with `firstLevelApprovers`")
    return problems


# --------------------------------------------------------------------------------------------------
# The central warehouse and its mystery tables
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WarehouseTable:
    """A table in the central warehouse, as a data team finds it."""

    name: str
    source_system: str
    owner: str | None
    has_contract: bool
    consumers: tuple[str, ...]
    days_since_change: int
    columns: tuple[str, ...] = field(default=())

    @property
    def mystery(self) -> bool:
        """No owner, no contract and no known consumer: nobody can say what it means or who needs it."""
        return self.owner is None and not self.has_contract and not self.consumers


_PREFIXES = ["tmp", "final", "v2", "old", "copy_of", "bak", "new", "test"]
_SUBJECTS = {
    "checkout": ["orders", "baskets"], "psp_gateway": ["payments", "chargebacks"], "refunds": ["refunds"],
    "pim": ["products", "categories"], "pricing": ["prices", "discounts"], "wms": ["stock", "picks"],
    "carrier_api": ["parcels", "tracking"], "crm": ["customers", "segments"], "newsletter": ["opens"],
}
_TEAMS = ["bi-team", "finance-analytics", "growth"]


def central_warehouse(n_tables: int = 12, seed: int = 7) -> list[WarehouseTable]:
    """A seeded central warehouse: some owned and documented tables, many mystery tables."""
    if not isinstance(n_tables, int) or not 1 <= n_tables <= 500:
        raise OwnershipError(f"n_tables must be a whole number from 1 to 500, found {n_tables!r}")
    rng = np.random.default_rng(seed)
    systems = sorted(_SUBJECTS)
    tables, names = [], set()
    for i in range(n_tables):
        system = systems[int(rng.integers(len(systems)))]
        subject = _SUBJECTS[system][int(rng.integers(len(_SUBJECTS[system])))]
        name = f"{_PREFIXES[int(rng.integers(len(_PREFIXES)))]}_{subject}"
        name = name if name not in names else f"{name}_{i}"
        names.add(name)
        known = rng.random() < 0.35
        consumers = tuple(sorted({_TEAMS[int(j)] for j in rng.integers(len(_TEAMS), size=int(rng.integers(0, 3)))}))
        tables.append(WarehouseTable(
            name=name, source_system=system,
            owner=_TEAMS[int(rng.integers(len(_TEAMS)))] if known else None,
            has_contract=bool(known and rng.random() < 0.6),
            consumers=consumers if (known or rng.random() < 0.5) else (),
            days_since_change=int(rng.integers(1, 720)),
            columns=(f"{subject}_id", "created_at", "amount" if system in ("checkout", "psp_gateway") else "status"),
        ))
    return tables


STALE_DAYS = 180


def triage(table: WarehouseTable) -> dict:
    """What a mesh does with one warehouse table: the owning domain, and publish / deprecate / keep.

    The owner is the domain that runs the table's source system (where the knowledge lives). A table
    with consumers becomes a product of that domain (``publish``: it needs a contract); a table without
    consumers that has not changed for ``STALE_DAYS`` days is ``deprecate``; anything else is ``ask``:
    the new owner asks around before deciding.
    """
    domain = SOURCE_DOMAINS.get(table.source_system)
    if domain is None:
        raise OwnershipError(f"source system {table.source_system!r} has no known domain; "
                             f"add it to SOURCE_DOMAINS ({', '.join(sorted(SOURCE_DOMAINS))})")
    if table.consumers:
        action = "publish"
    elif table.days_since_change >= STALE_DAYS:
        action = "deprecate"
    else:
        action = "ask"
    return {"table": table.name, "owner": domain, "action": action}


def warehouse_frame(tables: list[WarehouseTable]) -> pd.DataFrame:
    """The warehouse as a table, with a ``mystery`` column."""
    return pd.DataFrame([{
        "table": t.name, "source_system": t.source_system, "owner": t.owner or "—",
        "contract": "yes" if t.has_contract else "no", "consumers": ", ".join(t.consumers) or "—",
        "days_since_change": t.days_since_change, "mystery": t.mystery} for t in tables])


# --------------------------------------------------------------------------------------------------
# Knowledge distance
# --------------------------------------------------------------------------------------------------


def defect_rate(distance: float) -> float:
    """Defects per change at knowledge ``distance`` (0 = the owning domain, 1 = far away)."""
    return BASE_DEFECT_RATE * (1 + DEFECT_GROWTH * _distance(distance))


def hours_to_fix(distance: float) -> float:
    """Hours to fix one defect at knowledge ``distance``."""
    return BASE_FIX_HOURS * (1 + FIX_GROWTH * _distance(distance))


def _distance(distance: float) -> float:
    if isinstance(distance, bool) or not isinstance(distance, (int, float)) or not 0 <= distance <= 1 \
            or math.isnan(distance):
        raise OwnershipError(f"distance must be a number from 0 (the owning domain) to 1 (far away), "
                             f"found {distance!r}")
    return float(distance)


def knowledge_distance(distances=(0.0, 0.25, 0.5, 0.75, 1.0), weeks: int = 26, changes_per_week: float = 20,
                       seed: int = 11) -> pd.DataFrame:
    """Per distance: changes, defects, hours lost fixing them, over ``weeks`` (same changes for every distance)."""
    if not isinstance(weeks, int) or not 1 <= weeks <= 520:
        raise OwnershipError(f"weeks must be a whole number from 1 to 520, found {weeks!r}")
    rng = np.random.default_rng(seed)
    changes = rng.poisson(changes_per_week, size=weeks)
    uniforms = [rng.random(int(c)) for c in changes]  # the same dice for every distance
    rows = []
    for d in distances:
        p, h = defect_rate(d), hours_to_fix(d)
        defects = int(sum(int((u < p).sum()) for u in uniforms))
        rows.append({"distance": float(d), "changes": int(changes.sum()), "defect_rate": round(p, 3),
                     "defects": defects, "hours_per_fix": round(h, 1), "hours_lost": round(defects * h, 1)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# "Your model is wrong": a ticket's journey
# --------------------------------------------------------------------------------------------------


@dataclass
class TicketJourney:
    """The hops of one ticket: who held it, for how long, and the total."""

    model: str
    hops: list[dict]

    @property
    def total_hours(self) -> float:
        return round(sum(h["hours"] for h in self.hops), 1)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.hops, columns=["step", "who", "hours", "what"])

    def __repr__(self) -> str:
        lines = [f"{self.model}: {len(self.hops)} hops, {self.total_hours} h"]
        lines += [f"  {h['step']}. {h['who']:<16} {h['hours']:>5.1f} h  {h['what']}" for h in self.hops]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(h["step"], h["who"], f"{h['hours']:.1f} h", h["what"]) for h in self.hops]
        headline = f"{self.model}: {len(self.hops)} hops, {self.total_hours} hours until the fix is live"
        return (report.verdict_html("info", headline)
                + report.table_html(["step", "who", "time", "what"], rows, numeric_columns=["time"]))


def ticket_ping_pong(model: str = "central", seed: int = 3) -> TicketJourney:
    """A consumer reports "revenue per country is wrong". Central: the ticket waits in a shared queue,
    bounces to the domain to learn what the data mean, back to the central team to change its model,
    and back to the consumer to check. Domain: the owning team answers, fixes and ships."""
    if model not in ("central", "domain"):
        raise OwnershipError(f"model must be 'central' or 'domain', found {model!r}")
    rng = np.random.default_rng(seed)

    def wait(mean: float) -> float:
        return round(float(rng.gamma(2.0, mean / 2.0)), 1)

    if model == "central":
        plan = [("consumer", 0.5, "files a ticket in the central queue"),
                ("central team", wait(40), "waits in the backlog behind other domains' work"),
                ("central team", wait(3), "cannot tell if the model or the data is wrong"),
                ("payments team", wait(16), "asked what 'country' means: billing, not shipping"),
                ("central team", wait(24), "back in the queue, then changes the model"),
                ("consumer", wait(8), "checks: still wrong for refunds"),
                ("central team", wait(24), "queue again, fixes refunds")]
    else:
        plan = [("consumer", 0.5, "asks in #payments-data (the contract's support channel)"),
                ("payments team", wait(6), "knows at once: billing country; fixes the product"),
                ("consumer", wait(2), "checks the new version: right")]
    hops = [{"step": i, "who": who, "hours": hours, "what": what} for i, (who, hours, what) in enumerate(plan, 1)]
    return TicketJourney(model, hops)
