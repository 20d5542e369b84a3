"""Pictures of Data Mesh 06, "is data mesh right for you?" (presentation layer).

* :func:`houses` — 👶 houses drawn as rooms with toy boxes: one room and one box, or many rooms and boxes
  that swap toys every day;
* :func:`diagnosis_factors` — the five factors of :func:`mesh_lab.diagnosis.diagnose` as bars (0–1, the
  dashed line is the bar to reach), one group per organisation, its verdict in the title;
* :func:`anti_patterns` — the anti-pattern what-ifs side by side: time-to-data on top, consistency below,
  one column per anti-pattern (the tables of :mod:`mesh_lab.diagnosis`).

Every function takes core results and returns a :class:`matplotlib.figure.Figure` detached from pyplot.
Text in figures is plain: matplotlib's default font has no colour emoji.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from mesh_lab.diagnosis import FACTORS, Diagnosis
from mesh_lab.plots import detached

NEED, READINESS = "#1565c0", "#2e7d32"
FACTOR_COLORS = {"scale": NEED, "change rate": NEED, "bottleneck": NEED, "platform": READINESS,
                 "governance": READINESS}
VERDICT_COLORS = {"strong fit": "#2e7d32", "fit if you invest first": "#ef6c00", "not yet": "#f9a825",
                  "no — keep it central": "#1565c0"}
GOOD, BAD, NEUTRAL = "#2e7d32", "#c62828", "#9e9e9e"
BOX_COLORS = ["#e53935", "#1e88e5", "#fdd835", "#43a047", "#8e24aa", "#fb8c00"]
TIME, CONSISTENCY = "mean time-to-data (weeks)", "consistency"




def houses(homes: Mapping[str, tuple[int, int]]) -> Figure:
    """👶 One drawing per house: ``{name: (rooms, boxes)}``; the boxes spread over the rooms."""
    n = max(len(homes), 1)
    fig, axes = plt.subplots(1, n, figsize=(min(3.6 * n, 11), 3.0), dpi=90, squeeze=False)
    for ax, (name, (rooms, boxes)) in zip(axes[0], homes.items(), strict=False):
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 8)
        ax.axis("off")
        ax.fill([0.5, 5, 9.5], [6, 7.8, 6], color="#8d6e63", alpha=0.6)
        columns = max(1, int(np.ceil(np.sqrt(rooms))))
        rows = max(1, int(np.ceil(rooms / columns)))
        width, height = 9 / columns, 5.5 / rows
        for room in range(rooms):
            x, y = 0.5 + (room % columns) * width, 0.3 + (room // columns) * height
            ax.add_patch(Rectangle((x, y), width, height, fill=False, edgecolor="#5d4037", linewidth=1.5))
        for box in range(boxes):
            room = box % rooms
            slot = box // rooms
            x = 0.5 + (room % columns) * width + 0.15 + (slot % 4) * min(0.5, width / 4)
            y = 0.3 + (room // columns) * height + 0.15 + (slot // 4) * 0.45
            ax.add_patch(Rectangle((x, y), min(0.4, width / 5), 0.35, facecolor=BOX_COLORS[box % len(BOX_COLORS)]))
        ax.set_title(f"{name}\n{rooms} room{'s' * (rooms != 1)}, {boxes} box{'es' * (boxes != 1)}", fontsize=10)
    return detached(fig)


def diagnosis_factors(diagnoses: Diagnosis | Sequence[Diagnosis]) -> Figure:
    """The factor scores of one or more diagnoses as bars; the dashed line at 1 is the bar to reach."""
    items = [diagnoses] if isinstance(diagnoses, Diagnosis) else list(diagnoses)
    if not items:
        raise ValueError("diagnosis_factors needs at least one Diagnosis: diagnosis_factors(diagnose(org)).")
    fig, axes = plt.subplots(1, len(items), figsize=(min(4.0 * len(items), 12), 3.4), dpi=90, squeeze=False,
                             sharey=True)
    for ax, diagnosis in zip(axes[0], items, strict=True):
        values = [diagnosis.scores[factor] for factor in FACTORS]
        ax.barh(list(FACTORS), values, color=[FACTOR_COLORS[f] for f in FACTORS])
        ax.axvline(1.0, color="#424242", linestyle="--", linewidth=1)
        ax.set_xlim(0, 1.1)
        ax.invert_yaxis()
        ax.set_title(f"{diagnosis.organisation.name}\n{diagnosis.verdict}", fontsize=9,
                     color=VERDICT_COLORS[diagnosis.verdict])
        ax.set_xlabel("share of the bar reached")
    axes[0][0].text(0.0, -0.28, "blue: need for mesh · green: readiness (platform, governance)",
                    transform=axes[0][0].transAxes, fontsize=8)
    fig.tight_layout()
    return detached(fig)


def anti_patterns(tables: Mapping[str, pd.DataFrame]) -> Figure:
    """Each anti-pattern's scenarios side by side: time-to-data (top) and consistency (bottom).

    ``tables`` maps a title to a table with ``scenario``, ``mean time-to-data (weeks)`` and
    ``consistency`` columns (the anti-pattern functions of :mod:`mesh_lab.diagnosis`). The first
    scenario marked ``healthy`` is green, the others red (grey when a table has no ``healthy`` column).
    """
    if not tables:
        raise ValueError("anti_patterns needs at least one table, e.g. {\"no platform\": mesh_without_platform()}.")
    n = len(tables)
    fig, axes = plt.subplots(2, n, figsize=(min(3.4 * n, 13), 5.2), dpi=90, squeeze=False)
    for column, (title, table) in enumerate(tables.items()):
        labels = [str(s).split(" (")[0] for s in table["scenario"]]
        healthy = table["healthy"] if "healthy" in table else [None] * len(table)
        colors = [NEUTRAL if h is None else GOOD if h else BAD for h in healthy]
        for row, metric in enumerate((TIME, CONSISTENCY)):
            ax = axes[row][column]
            ax.bar(range(len(table)), table[metric], color=colors)
            for x, value in enumerate(table[metric]):
                ax.text(x, value, f"{value:.2f}", ha="center", va="bottom", fontsize=8)
            ax.set_xticks(range(len(table)), labels if row else [""] * len(table), rotation=20, ha="right",
                          fontsize=7)
            ax.set_ylabel(metric if column == 0 else "", fontsize=8)
        axes[0][column].set_title(title, fontsize=10)
        axes[1][column].set_ylim(0, 1.05)
    fig.tight_layout()
    return detached(fig)
