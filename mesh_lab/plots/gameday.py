"""The game day's scoreboard picture: one panel per score, one bar per team."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from mesh_lab.plots import detached
from mesh_lab.report import COLOURS

__all__ = ["SCORES", "scoreboard_figure"]

#: (column, panel title, True when higher is better)
SCORES = [
    ("sla_minutes_met", "SLA minutes met ↑", True),
    ("consumers_broken", "consumers broken ↓", False),
    ("caught", "caught by a gate ↑", True),
    ("escaped", "escaped to users ↓", False),
    ("time_to_detect_min", "minutes to detect ↓", False),
]


def _colour(value: float, values: pd.Series, higher_is_better: bool) -> str:
    best = values.max() if higher_is_better else values.min()
    return COLOURS["pass"] if value == best else COLOURS["fail"]


def scoreboard_figure(board: pd.DataFrame, title: str = ""):
    """Draw one round's scoreboard (a frame from ``Game.play_round(n).board``): a panel per score, a bar
    per team, the best team's bar green. Returns the figure."""
    if board.empty:
        raise ValueError("the scoreboard is empty: play a round first (game.play_round(n))")
    teams = list(board["team"])
    fig, axes = plt.subplots(1, len(SCORES), figsize=(2.3 * len(SCORES), 2.6), squeeze=False)
    for ax, (column, label, higher) in zip(axes[0], SCORES, strict=True):
        values = board[column].astype(float)
        bars = ax.bar(teams, values, color=[_colour(v, values, higher) for v in values])
        ax.bar_label(bars, labels=[f"{v:g}" for v in values], fontsize=8)
        ax.set_title(label, fontsize=9)
        ax.set_ylim(0, max(1.0, values.max()) * 1.25)
        if column == "sla_minutes_met":
            ax.axhline(float(board["sla_minutes_possible"].max()), color="grey", linestyle=":", linewidth=1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=column != "time_to_detect_min"))
        ax.tick_params(labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontsize=11)
    fig.tight_layout()
    return detached(fig)
