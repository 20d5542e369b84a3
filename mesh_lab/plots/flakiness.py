"""Pictures of the flakiness lab and of smoke creep (presentation layer).

* :func:`policy_figure` — per policy, false alarms per week and real faults that escaped (two panels);
* :func:`flake_curves` — weeks as a curve: false alarms each week, one line per policy;
* :func:`creep_figure` — a smoke suite's seconds sprint after sprint against its time budget.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from mesh_lab.errors import MeshLabError
from mesh_lab.plots import detached
from mesh_lab.report import COLOURS

__all__ = ["policy_figure", "flake_curves", "creep_figure"]

POLICY_COLOURS = ["#cf222e", "#0969da", "#1a7f37", "#8250df", "#9a6700", "#57606a"]




def _tidy(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def policy_figure(comparison: pd.DataFrame, alarm_limit: float = 1.0):
    """Two bars per policy (from ``compare_policies``): false alarms per week, and faults escaped."""
    needed = {"policy", "false alarms / week", "faults escaped"}
    if not needed <= set(comparison.columns):
        raise MeshLabError(f"policy_figure needs the columns {sorted(needed)}: pass it "
                           "mesh_lab.flakiness.compare_policies()")
    fig, (alarms, escaped) = plt.subplots(1, 2, figsize=(7.5, 3.4), dpi=90)
    policies = comparison["policy"].tolist()
    colours = [POLICY_COLOURS[i % len(POLICY_COLOURS)] for i in range(len(policies))]
    alarms.bar(policies, comparison["false alarms / week"], color=colours)
    alarms.axhline(alarm_limit, color=COLOURS["neutral"], linestyle="--", linewidth=1)
    alarms.text(len(policies) - 0.5, alarm_limit, f" {alarm_limit:g} a week", va="bottom", ha="right", fontsize=10)
    alarms.set_title("false alarms per week\n(a red gate with nothing wrong)", fontsize=10, loc="left")
    escaped.bar(policies, comparison["faults escaped"], color=colours)
    escaped.set_title("real faults that escaped\n(a green gate on a broken release)", fontsize=10, loc="left")
    escaped.set_ylim(0, max(1, float(comparison["faults escaped"].max())) * 1.15)
    escaped.yaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in (alarms, escaped):
        ax.tick_params(axis="x", labelrotation=20, labelsize=10)
        _tidy(ax)
    fig.tight_layout()
    return detached(fig)


def flake_curves(weeks: dict[str, pd.DataFrame] | pd.DataFrame, column: str = "false_alarms"):
    """One line per policy: ``column`` (default false alarms) week after week, from ``simulate_flakiness``."""
    frames = {frame["policy"].iloc[0]: frame for frame in ([weeks] if isinstance(weeks, pd.DataFrame)
                                                          else weeks.values())}
    if not frames or any(column not in frame.columns for frame in frames.values()):
        raise MeshLabError(f"flake_curves needs simulate_flakiness() frames with a {column!r} column")
    fig, ax = plt.subplots(figsize=(7.5, 3.4), dpi=90)
    for i, (policy, frame) in enumerate(frames.items()):
        ax.plot(frame["week"], frame[column], marker="o", markersize=4, label=policy,
                color=POLICY_COLOURS[i % len(POLICY_COLOURS)])
    ax.set_xlabel("week")
    ax.set_ylabel(column.replace("_", " "))
    ax.set_title(f"{column.replace('_', ' ')} week by week", fontsize=10, loc="left")
    ax.legend(fontsize=10, frameon=False, ncol=min(4, len(frames)))
    _tidy(ax)
    fig.tight_layout()
    return detached(fig)


def creep_figure(growth: pd.DataFrame, budget_s: float, *, unit: str = "sprint", title: str | None = None):
    """The suite's seconds per ``unit`` (from ``suite_growth``), its basic checks, and the budget line."""
    if not {"seconds", "basic seconds"} <= set(growth.columns) or unit not in growth.columns:
        raise MeshLabError(f"creep_figure needs suite_growth() output (columns {unit!r}, 'seconds', "
                           "'basic seconds')")
    fig, ax = plt.subplots(figsize=(7.5, 3.4), dpi=90)
    over = growth["seconds"] > budget_s
    ax.bar(growth[unit], growth["seconds"], color=[COLOURS["fail"] if o else COLOURS["info"] for o in over],
           label="whole suite")
    ax.plot(growth[unit], growth["basic seconds"], color=COLOURS["pass"], marker="o",
            label="the basic checks only")
    ax.axhline(budget_s, color=COLOURS["neutral"], linestyle="--", linewidth=1)
    ax.text(growth[unit].iloc[0] - 0.4, budget_s, f"budget {budget_s:g} s", va="bottom", fontsize=10)
    ax.set_xlabel(unit)
    ax.set_ylabel("seconds per run")
    ax.set_title(title or "smoke creep: red = over budget, not smoke testing anymore", fontsize=10, loc="left")
    ax.legend(fontsize=10, frameon=False, loc="upper left", bbox_to_anchor=(0, 0.9))
    _tidy(ax)
    fig.tight_layout()
    return detached(fig)
