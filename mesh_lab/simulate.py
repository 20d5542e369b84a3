"""A week-by-week model of an organisation: one central data team versus domain ownership.

The model is deliberately small so that every number it prints can be explained on paper.
Both organisations face *the same* change requests (common random numbers), so any difference
comes from how the work is organised, not from luck.

Per week ``t`` and domain ``d`` (all rates are per week):

* arrivals ``a[t, d] ~ Poisson(change_requests)``, the same draws for both models;
* **central**: one queue with capacity ``μ = central_capacity``;
  **mesh**: one queue per domain with capacity ``μ = domain_capacity / cost`` where the effort of one
  change is ``cost = 1 + 2·(1 − platform_maturity) + governance_strictness``;
* backlog (a queue that never goes below zero): ``B[t] = max(0, B[t−1] + a[t] − μ)``;
* time-to-data in weeks: ``T[t] = 1 + B[t] / μ`` (this week's work plus the queue ahead of you);
* overload ``o[t] = min(1, B[t] / (4·μ))`` (1 means four weeks of work are waiting);
* correctness ``= 1 − ε − 0.4·distance − 0.1·o[t]`` with ``ε = 0.02``; the central team's distance
  is ``knowledge_distance``, a domain team's distance is 0 (it owns the knowledge);
* consistency: central ``= 0.95`` (one team, one model);
  mesh ``= 1 − 0.6·(1 − governance_strictness)·D / (D + 10)`` with ``D = n_domains``;
* duplicated work (changes per week spent rebuilding what another domain already built):
  central ``= 0``; mesh ``= delivered · 0.3·(1 − platform_maturity)·(1 − 0.5·governance_strictness)·(D − 1)/D``.

Everything is vectorised with numpy; the backlog recursion uses the Lindley identity
``B[t] = S[t] − min(0, min_{s ≤ t} S[s])`` with ``S`` the running sum of ``a − μ``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

from mesh_lab.errors import MeshLabError

MODELS = ("central", "mesh")
BASE_ERROR_RATE = 0.02
DISTANCE_PENALTY = 0.4
RUSH_PENALTY = 0.1
OVERLOAD_WEEKS = 4.0
CENTRAL_CONSISTENCY = 0.95
DRIFT_PENALTY = 0.6
DRIFT_HALF_DOMAINS = 10
DUPLICATION_RATE = 0.3

OUTPUT_COLUMNS = [
    "week", "model", "arrivals", "delivered", "backlog", "time_to_data",
    "correctness", "consistency", "duplicated_work",
]


class SimulationParameterError(MeshLabError, ValueError):
    """A simulation parameter is outside the range the model understands."""


# name -> (minimum, maximum, integer?, what it means)
PARAMETER_RANGES: dict[str, tuple[float, float, bool, str]] = {
    "n_domains": (1, 500, True, "number of domains (teams that produce data)"),
    "change_requests": (0.0, 100.0, False, "new change requests per domain per week"),
    "central_capacity": (0.1, 10_000.0, False, "changes the central data team finishes per week"),
    "domain_capacity": (0.1, 1_000.0, False, "effort units per week each domain team spends on data"),
    "platform_maturity": (0.0, 1.0, False, "0 = every domain builds its own tooling, 1 = paved road"),
    "governance_strictness": (0.0, 1.0, False, "0 = no shared rules, 1 = heavy review of every change"),
    "knowledge_distance": (0.0, 1.0, False, "how far the central team is from the domains' knowledge"),
    "weeks": (1, 520, True, "number of weeks to simulate"),
}


@dataclass(frozen=True)
class OrgParams:
    """The knobs of the organisation model; each is checked when the object is created."""

    n_domains: int = 8
    change_requests: float = 3.0
    central_capacity: float = 18.0
    domain_capacity: float = 8.0
    platform_maturity: float = 0.5
    governance_strictness: float = 0.5
    knowledge_distance: float = 0.5
    weeks: int = 52
    seed: int = 7

    def __post_init__(self) -> None:
        for name, (low, high, integer, meaning) in PARAMETER_RANGES.items():
            _check_number(name, getattr(self, name), low, high, integer, meaning)
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise SimulationParameterError(
                f"seed must be a whole number ≥ 0, got {self.seed!r}. Fix: pass e.g. seed=7.")

    def mesh_cost(self) -> float:
        """Effort units one change costs a domain team: ``1 + 2·(1 − maturity) + strictness``."""
        return 1 + 2 * (1 - self.platform_maturity) + self.governance_strictness

    def mesh_capacity(self) -> float:
        """Changes one domain team finishes per week: ``domain_capacity / cost``."""
        return self.domain_capacity / self.mesh_cost()

    def mesh_consistency(self) -> float:
        """Shared meaning across domains: ``1 − 0.6·(1 − strictness)·D/(D + 10)``."""
        d = self.n_domains
        return 1 - DRIFT_PENALTY * (1 - self.governance_strictness) * d / (d + DRIFT_HALF_DOMAINS)

    def duplication_share(self) -> float:
        """Share of mesh deliveries that rebuild something another domain already built."""
        d = self.n_domains
        return (DUPLICATION_RATE * (1 - self.platform_maturity)
                * (1 - 0.5 * self.governance_strictness) * (d - 1) / d)

    def __repr__(self) -> str:
        inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
        return f"OrgParams({inner})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><code>{name}</code></td><td>{value}</td><td>{PARAMETER_RANGES.get(name, (0, 0, 0, 'random seed'))[3]}</td></tr>"
            for name, value in asdict(self).items()
        )
        return ("<table><thead><tr><th>parameter</th><th>value</th><th>meaning</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")


def _check_number(name: str, value, low: float, high: float, integer: bool, meaning: str) -> None:
    example = int(low) if integer else low
    kind = "a whole number" if integer else "a number"
    is_number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not is_number or (isinstance(value, (float, np.floating)) and math.isnan(value)):
        raise SimulationParameterError(
            f"{name} ({meaning}) must be {kind} from {low:g} to {high:g}, got {value!r}. "
            f"Fix: pass e.g. {name}={example!r}.")
    if integer and not float(value).is_integer():
        raise SimulationParameterError(
            f"{name} ({meaning}) must be a whole number, got {value!r}. Fix: pass e.g. {name}={round(value)}.")
    if not low <= value <= high:
        nearest = min(max(value, low), high)
        raise SimulationParameterError(
            f"{name} ({meaning}) must be from {low:g} to {high:g}, got {value!r}. "
            f"Fix: pass e.g. {name}={nearest!r}.")


def make_params(params: OrgParams | None = None, **overrides) -> OrgParams:
    """Build checked parameters from an optional base plus keyword overrides."""
    base = params if params is not None else OrgParams()
    if not isinstance(base, OrgParams):
        raise SimulationParameterError(
            f"params must be an OrgParams, got {type(base).__name__}. Fix: use OrgParams(...) or keywords.")
    known = {f.name for f in fields(OrgParams)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise SimulationParameterError(
            f"unknown parameter(s) {', '.join(unknown)}. Known parameters: {', '.join(sorted(known))}.")
    values = {**asdict(base), **overrides}
    return OrgParams(**values)


def draw_arrivals(params: OrgParams) -> np.ndarray:
    """Change requests per week and domain, shape ``(weeks, n_domains)``, seeded."""
    rng = np.random.default_rng(params.seed)
    return rng.poisson(params.change_requests, size=(params.weeks, params.n_domains)).astype(float)


def queue_backlog(arrivals: np.ndarray, capacity: float) -> np.ndarray:
    """Backlog after each week of a queue served at ``capacity`` (Lindley recursion, vectorised).

    ``B[t] = max(0, B[t−1] + a[t] − capacity)`` with ``B[−1] = 0``, computed along axis 0.
    """
    running = np.cumsum(arrivals - capacity, axis=0)
    lowest = np.minimum.accumulate(np.minimum(running, 0.0), axis=0)
    return running - lowest


def delivered_per_week(arrivals: np.ndarray, backlog: np.ndarray, capacity: float) -> np.ndarray:
    """Work finished each week: what was waiting plus what arrived, capped by capacity."""
    before = np.vstack([np.zeros_like(backlog[:1]), backlog[:-1]])
    return np.minimum(before + arrivals, capacity)


def overload(backlog: np.ndarray, capacity: float) -> np.ndarray:
    """0 with an empty queue, 1 when four weeks of work are waiting."""
    return np.minimum(1.0, backlog / (OVERLOAD_WEEKS * capacity))


def central_weeks(params: OrgParams, arrivals: np.ndarray) -> dict[str, np.ndarray]:
    """Weekly outputs of the central data team model."""
    total = arrivals.sum(axis=1)
    mu = params.central_capacity
    backlog = queue_backlog(total, mu)
    delivered = delivered_per_week(total[:, None], backlog[:, None], mu)[:, 0]
    correctness = 1 - BASE_ERROR_RATE - DISTANCE_PENALTY * params.knowledge_distance - RUSH_PENALTY * overload(backlog, mu)
    return {
        "arrivals": total,
        "delivered": delivered,
        "backlog": backlog,
        "time_to_data": 1 + backlog / mu,
        "correctness": correctness,
        "consistency": np.full_like(total, CENTRAL_CONSISTENCY),
        "duplicated_work": np.zeros_like(total),
    }


def mesh_weeks(params: OrgParams, arrivals: np.ndarray) -> dict[str, np.ndarray]:
    """Weekly outputs of the domain-ownership model (one queue per domain, summed or averaged)."""
    mu = params.mesh_capacity()
    backlog = queue_backlog(arrivals, mu)
    delivered = delivered_per_week(arrivals, backlog, mu).sum(axis=1)
    correctness = 1 - BASE_ERROR_RATE - RUSH_PENALTY * overload(backlog, mu).mean(axis=1)
    weeks = arrivals.shape[0]
    return {
        "arrivals": arrivals.sum(axis=1),
        "delivered": delivered,
        "backlog": backlog.sum(axis=1),
        "time_to_data": 1 + (backlog / mu).mean(axis=1),
        "correctness": correctness,
        "consistency": np.full(weeks, params.mesh_consistency()),
        "duplicated_work": delivered * params.duplication_share(),
    }


def simulate(params: OrgParams | None = None, *, model: str = "both", **overrides) -> pd.DataFrame:
    """Simulate the organisation week by week; return a tidy frame, one row per week and model.

    ``simulate(n_domains=20, platform_maturity=0.8)`` or ``simulate(OrgParams(...), model="mesh")``.
    Columns: week (1…), model, arrivals, delivered, backlog (changes waiting), time_to_data (weeks),
    correctness, consistency (0…1) and duplicated_work (changes per week). Same seed, same numbers.
    """
    checked = make_params(params, **overrides)
    models = _models(model)
    arrivals = draw_arrivals(checked)
    runners = {"central": central_weeks, "mesh": mesh_weeks}
    parts = []
    for name in models:
        columns = runners[name](checked, arrivals)
        part = {"week": np.arange(1, checked.weeks + 1), "model": [name] * checked.weeks, **columns}
        parts.append(pd.DataFrame(part, columns=OUTPUT_COLUMNS))
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _models(model: str) -> tuple[str, ...]:
    if model == "both":
        return MODELS
    if model in MODELS:
        return (model,)
    raise SimulationParameterError(
        f"model must be 'central', 'mesh' or 'both', got {model!r}. Fix: pass model='both'.")


SUMMARY_METRICS = {
    "final backlog (changes)": ("backlog", "last"),
    "mean time-to-data (weeks)": ("time_to_data", "mean"),
    "mean correctness": ("correctness", "mean"),
    "consistency": ("consistency", "mean"),
    "duplicated work (changes/week)": ("duplicated_work", "mean"),
    "delivered (changes)": ("delivered", "sum"),
}


def summarize(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per metric, one column per model, from a frame returned by :func:`simulate`."""
    table = {}
    for label, (column, how) in SUMMARY_METRICS.items():
        grouped = frame.groupby("model", sort=False)[column]
        table[label] = getattr(grouped, how)()
    result = pd.DataFrame(table).T
    result.columns.name = "model"
    return result.round(3)


def compare(params: OrgParams | None = None, **overrides) -> pd.DataFrame:
    """Run both models on the same change requests and summarise them side by side."""
    return summarize(simulate(params, model="both", **overrides))
