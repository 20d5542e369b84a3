"""Pictures of the data-product smoke tier (presentation layer).

* :func:`detection_matrix_figure` — faults × tiers (smoke, full validation, SLA): caught or missed,
  and the milliseconds each tier took, from :func:`mesh_lab.data_smoke.detection_matrix`.

Returns a closed :class:`matplotlib.figure.Figure`; each cell's text is white or dark, whichever reads
better on its colour (WCAG AA), at the kit's smallest readable size.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from mesh_lab.data_smoke import TIERS
from mesh_lab.faults import DATA_FAULTS
from mesh_lab.plots.smoke import MATRIX_DPI, MATRIX_FONT_PT, MAX_FIGURE_PX, readable_text_colour
from mesh_lab.report import COLOURS

#: what a cell says -> its colour: green when a tier caught a fault (or stayed quiet on good data)
CELL_COLOURS = {"caught": COLOURS["pass"], "missed": COLOURS["fail"], "quiet": COLOURS["neutral"],
                "FALSE ALARM": COLOURS["error"]}
LABEL_IN = 2.6


def cell_word(fault: str, caught: bool) -> str:
    """``caught``/``missed`` for a fault; ``quiet``/``FALSE ALARM`` on the untouched file (``none``)."""
    if fault == "none":
        return "FALSE ALARM" if caught else "quiet"
    return "caught" if caught else "missed"


def _row_label(fault: str) -> str:
    if fault == "none":
        return "none (good data)"
    pillar = DATA_FAULTS[fault].pillar if fault in DATA_FAULTS else ""
    return f"{fault} · {pillar}" if pillar else fault


def detection_matrix_figure(matrix: pd.DataFrame, title: str = "") -> Figure:
    """Draw :func:`mesh_lab.data_smoke.detection_matrix`'s result as a coloured grid: one row per fault
    (with its data-downtime pillar), one column per tier (with its total time); each cell says caught or
    missed and how many milliseconds that tier took on that file."""
    needed = {"fault", "tier", "caught", "ms"}
    if not isinstance(matrix, pd.DataFrame) or matrix.empty or not needed <= set(matrix.columns):
        raise ValueError("detection_matrix_figure needs the frame mesh_lab.data_smoke.detection_matrix() returns "
                         f"(columns {sorted(needed)}); pass it detection_matrix(...)")
    faults = list(dict.fromkeys(matrix["fault"]))
    tiers = [t for t in TIERS if t in set(matrix["tier"])]
    cells = matrix.set_index(["fault", "tier"])
    column_in = min(1.5, (MAX_FIGURE_PX / MATRIX_DPI - LABEL_IN) / len(tiers))
    fig, ax = plt.subplots(figsize=(column_in * len(tiers) + LABEL_IN, 0.62 * len(faults) + 1.3), dpi=MATRIX_DPI)
    ax.set_xlim(0, len(tiers))
    ax.set_ylim(len(faults), 0)
    for i, fault in enumerate(faults):
        for j, tier in enumerate(tiers):
            row = cells.loc[(fault, tier)]
            word = cell_word(fault, bool(row["caught"]))
            face = CELL_COLOURS[word]
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=face, edgecolor="white", lw=2))
            ax.text(j + 0.5, i + 0.5, f"{word}\n{row['ms']:.0f} ms", ha="center", va="center",
                    color=readable_text_colour(face), fontsize=MATRIX_FONT_PT,
                    weight="bold" if word in ("caught", "FALSE ALARM") else "normal", linespacing=1.1)
    totals = matrix.groupby("tier")["ms"].sum()
    ax.set_xticks([j + 0.5 for j in range(len(tiers))])
    ax.set_xticklabels([f"{tier}\n{totals[tier]:,.0f} ms in all" for tier in tiers], fontsize=MATRIX_FONT_PT)
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(faults))])
    ax.set_yticklabels([_row_label(f) for f in faults], fontsize=MATRIX_FONT_PT)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title, fontsize=MATRIX_FONT_PT + 1, pad=46)
    fig.tight_layout()
    plt.close(fig)
    return fig
