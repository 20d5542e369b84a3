"""Self-serve platform pictures (presentation layer) for Data Mesh 04.

* :func:`box_kit` — 👶 the Lego shop hands every room the same box kit and label maker;
* :func:`publish_gate` — 👨‍💻 one box per step of a :class:`mesh_lab.platform.PublishResult`: green when
  it passed, red with its number of failures when it did not;
* :func:`time_to_data_by_maturity` — 👨‍💻 the organisation simulation's time-to-data and duplicated work
  against platform maturity, from :func:`mesh_lab.exercises.data_mesh_04.maturity_sweep` (a frame with
  ``platform_maturity``, ``central_weeks``, ``mesh_weeks``, ``mesh_duplicated_work``).

Every function returns a :class:`matplotlib.figure.Figure` detached from pyplot. Text in figures is
plain: matplotlib's default font has no colour emoji.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from mesh_lab.plots import detached

PASS, FAIL = "#2e7d32", "#c62828"
SHOP = "#6d4c41"
ROOM_COLORS = ["#e53935", "#1e88e5", "#fdd835", "#43a047", "#8e24aa", "#fb8c00"]
CENTRAL, MESH = "#c62828", "#1565c0"
SWEEP_COLUMNS = ("platform_maturity", "central_weeks", "mesh_weeks", "mesh_duplicated_work")




def _blank(ax, width: float, height: float) -> None:
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")


# 👶 the Lego shop's box kit ------------------------------------------------------------------------

def box_kit(rooms: Sequence[str] = ("kitchen", "garage", "bedroom", "play room")) -> Figure:
    """👶 The Lego shop (left) gives each room the same box kit and label maker; every room's box wears
    the same kind of label."""
    n = max(len(rooms), 1)
    fig, ax = plt.subplots(figsize=(10, 1.3 * n + 1.2), dpi=90)
    height = 1.3 * n + 0.6
    _blank(ax, 10, height)
    shop_y = height / 2
    ax.add_patch(FancyBboxPatch((0.2, shop_y - 0.9), 2.6, 1.8, boxstyle="round,pad=0.05", facecolor="#efebe9",
                                edgecolor=SHOP, lw=2))
    ax.text(1.5, shop_y + 0.45, "Lego shop", ha="center", fontsize=12, weight="bold", color=SHOP)
    ax.text(1.5, shop_y - 0.05, "box kit", ha="center", fontsize=10)
    ax.text(1.5, shop_y - 0.45, "+ label maker", ha="center", fontsize=10)
    for i, room in enumerate(rooms):
        y = height - 0.9 - 1.3 * i
        color = ROOM_COLORS[i % len(ROOM_COLORS)]
        ax.add_patch(FancyArrowPatch((2.9, shop_y), (4.4, y), arrowstyle="-|>", mutation_scale=14, color="#78909c"))
        ax.add_patch(Rectangle((4.5, y - 0.45), 2.2, 0.9, facecolor=color, alpha=0.35, edgecolor="#5d4037", lw=2))
        ax.text(5.6, y, f"{room} Lego", ha="center", va="center", fontsize=10, weight="bold")
        ax.add_patch(FancyBboxPatch((7.0, y - 0.25), 2.7, 0.5, boxstyle="round,pad=0.04", facecolor="white",
                                    edgecolor=PASS, lw=1.5))
        ax.text(8.35, y, f"label: {room} / bricks", ha="center", va="center", fontsize=9, color=PASS)
    ax.set_title("Every room gets the same kit: a tidy box fast, and labels that match", fontsize=12, weight="bold")
    return detached(fig)


# 👨‍💻 the publish gate -------------------------------------------------------------------------------

def publish_gate(result) -> Figure:
    """👨‍💻 The steps of a publish gate left to right: green "pass", or red "FAIL" with how many failures.

    ``result`` is a :class:`mesh_lab.platform.PublishResult` (anything with ``product_id``, ``published``
    and ``steps`` of ``name``/``passed``/``failures``).
    """
    steps = list(result.steps)
    n = max(len(steps), 1)
    fig, ax = plt.subplots(figsize=(2.3 * n + 0.6, 2.5), dpi=90)
    _blank(ax, 2.3 * n + 0.2, 2.4)
    for i, step in enumerate(steps):
        x = 0.2 + 2.3 * i
        color = PASS if step.passed else FAIL
        ax.add_patch(FancyBboxPatch((x, 0.5), 1.9, 1.3, boxstyle="round,pad=0.05", facecolor=color, alpha=0.15,
                                    edgecolor=color, lw=2))
        ax.text(x + 0.95, 1.45, step.name.split(":", 1)[0], ha="center", fontsize=10.5, weight="bold")
        verdict = "pass" if step.passed else f"FAIL ({len(step.failures)} to fix)"
        ax.text(x + 0.95, 0.95, verdict, ha="center", fontsize=9.5, color=color, weight="bold")
        if i:
            ax.add_patch(FancyArrowPatch((x - 0.35, 1.15), (x - 0.02, 1.15), arrowstyle="-|>", mutation_scale=12,
                                         color="#78909c"))
    ran = ", ".join(step.name.split(":", 1)[0] for step in steps)
    verdict = "published" if result.published else "not published"
    ax.set_title(f"{result.product_id}: {verdict}", fontsize=11.5, weight="bold",
                 color=PASS if result.published else FAIL)
    ax.text(0.2, 0.1, f"steps run: {ran}", fontsize=8, color="#555555")
    return detached(fig)


# 👨‍💻 time-to-data against platform maturity --------------------------------------------------------

def time_to_data_by_maturity(sweep: pd.DataFrame) -> Figure:
    """👨‍💻 Left: mean time-to-data of the central team and of the mesh against platform maturity, the
    maturities where the mesh is slower shaded red. Right: the mesh's duplicated work."""
    missing = set(SWEEP_COLUMNS) - set(sweep.columns)
    if missing:
        raise ValueError(f"time_to_data_by_maturity needs a frame from maturity_sweep(); missing column(s): "
                         f"{', '.join(sorted(missing))}.")
    fig, (weeks, duplicated) = plt.subplots(1, 2, figsize=(10.5, 3.8), dpi=90)
    maturity = sweep["platform_maturity"].to_numpy(dtype=float)
    mesh, central = sweep["mesh_weeks"].to_numpy(dtype=float), sweep["central_weeks"].to_numpy(dtype=float)
    weeks.plot(maturity, central, color=CENTRAL, lw=2, ls="--", label="central data team")
    weeks.plot(maturity, mesh, color=MESH, lw=2.2, marker="o", label="mesh (domains own their data)")
    weeks.fill_between(maturity, mesh, central, where=mesh >= central, color=CENTRAL, alpha=0.15,
                       label="mesh slower: ownership without a platform")
    for x, y, side in ((maturity[0], mesh[0], "left"), (maturity[-1], mesh[-1], "right")):
        weeks.annotate(f"{y:.1f} wk", (x, y), xytext=(0, 7), textcoords="offset points", ha=side, fontsize=9,
                       color=MESH)
    weeks.set(xlabel="platform maturity (0 = every domain builds its own tools, 1 = paved road)",
              ylabel="mean weeks from request to data", title="Time-to-data")
    weeks.set_ylim(bottom=0, top=max(central.max(), mesh.max()) * 1.2)
    weeks.legend(fontsize=8, frameon=False, loc="center right")
    duplicated.bar(maturity, sweep["mesh_duplicated_work"], width=0.07, color="#ef6c00")
    duplicated.set(xlabel="platform maturity", ylabel="changes / week",
                   title="Mesh: work rebuilt in another domain")
    for ax in (weeks, duplicated):
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return detached(fig)
