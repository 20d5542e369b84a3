"""Federated governance pictures (presentation layer) for Data Mesh 05.

* :func:`label_rules` — 👶 one Lego box per room with its label, a green tick when the label follows
  every rule the rooms agreed on, a red cross naming the rule it breaks;
* :func:`policy_heatmap` — 👨‍💻 products × policies from :meth:`GovernanceReport.matrix`: passes,
  violated (red when the policy blocks, orange when it only warns), does not apply (grey), with each
  policy's lifecycle under its name;
* :func:`scorecard_bars` — 👨‍💻 the 0–5 score of each product from :meth:`GovernanceReport.scorecard`;
* :func:`strictness_bars` — 👨‍💻 the same policies at ``warn`` and at ``enforced``: consistency beside
  time-to-data, from :func:`mesh_lab.governance.strictness_experiment`.

Every function returns a :class:`matplotlib.figure.Figure` detached from pyplot (the caller owns it).
Text in figures is plain: matplotlib's default font has no colour emoji.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from mesh_lab.governance import GovernanceReport
from mesh_lab.plots import detached

PASSES, BLOCKS, WARNS, NOT_APPLICABLE = "#2e7d32", "#c62828", "#ef6c00", "#d9d9d9"
DRAFT = "#90a4ae"
SHADES = {"passes": PASSES, "violated (blocks)": BLOCKS, "violated (warns)": WARNS,
          "violated (draft, not counted)": DRAFT, "does not apply": NOT_APPLICABLE}
_CODES = {"does not apply": 0, "passes": 1, "violated (blocks)": 2, "violated (warns)": 3,
          "violated (draft, not counted)": 4}
_SYMBOLS = {0: "n/a", 1: "pass", 2: "BLOCK", 3: "warn", 4: "draft"}
BOX_COLORS = ["#e53935", "#1e88e5", "#fdd835", "#43a047", "#8e24aa", "#fb8c00"]




# 👶 the label rules ---------------------------------------------------------------------------------

def label_rules(boxes: Sequence[Mapping], broken: Callable[[Mapping], list[str]]) -> Figure:
    """👶 One box per room (``box``, ``room``, ``inside`` keys) with its label; ``broken(box)`` names the
    agreed rules the label breaks: none → a green tick, some → a red cross and the rule."""
    n = max(len(boxes), 1)
    fig, ax = plt.subplots(figsize=(min(2.5 * n, 12), 3.4), dpi=90)
    ax.set_xlim(0, 2.5 * n)
    ax.set_ylim(0, 3.4)
    ax.axis("off")
    for i, box in enumerate(boxes):
        x = 2.5 * i + 0.15
        problems = broken(box)
        ax.add_patch(Rectangle((x, 0.7), 2.2, 1.4, facecolor=BOX_COLORS[i % len(BOX_COLORS)], alpha=0.35,
                               edgecolor="#5d4037", lw=2))
        ax.text(x + 1.1, 1.5, str(box.get("box", "?")), ha="center", va="center", fontsize=10, weight="bold")
        if box.get("tiny_pieces"):
            ax.text(x + 1.1, 1.1, "tiny pieces inside", ha="center", va="center", fontsize=8.5, style="italic")
        lines = [f"inside: {box.get('inside') or '?'}", f"room: {box.get('room') or '?'}"]
        ax.add_patch(FancyBboxPatch((x + 0.1, 2.25), 2.0, 0.75, boxstyle="round,pad=0.05", facecolor="white",
                                    edgecolor=BLOCKS if problems else PASSES, lw=1.5))
        ax.text(x + 1.1, 2.62, "\n".join(lines), ha="center", va="center", fontsize=8.5)
        if box.get("red_dot"):
            ax.add_patch(plt.Circle((x + 1.95, 0.95), 0.13, color=BLOCKS))
        verdict = "breaks: " + ", ".join(problems) if problems else "follows every rule"
        ax.text(x + 1.1, 0.35, ("✗ " if problems else "✓ ") + verdict, ha="center", fontsize=8.5, wrap=True,
                color=BLOCKS if problems else PASSES, weight="bold")
    ax.set_title("The label rules all rooms agreed on: does each box follow them?", fontsize=12, weight="bold")
    return detached(fig)


# 👨‍💻 products × policies -------------------------------------------------------------------------

def _state(value: float, lifecycle: str) -> str:
    if pd.isna(value):
        return "does not apply"
    if value >= 1:
        return "passes"
    return {"enforced": "violated (blocks)", "warn": "violated (warns)"}.get(lifecycle,
                                                                            "violated (draft, not counted)")


def heatmap_states(report: GovernanceReport) -> pd.DataFrame:
    """Products × policies as words: passes, violated (blocks / warns / draft, not counted), does not apply."""
    matrix = report.matrix()
    lifecycles = {policy.id: policy.lifecycle for policy in report.policies}
    return pd.DataFrame({column: [_state(value, lifecycles[column]) for value in matrix[column]]
                         for column in matrix.columns}, index=matrix.index)


def policy_heatmap(report: GovernanceReport) -> Figure:
    """👨‍💻 Products (rows) × policies (columns) of a :class:`GovernanceReport`: green passes, red violated
    and blocking (enforced), orange violated but only warned, blue-grey a violated draft, light grey when
    the policy does not apply to the product's domain. Each cell says it in words too."""
    states = heatmap_states(report)
    codes = states.apply(lambda column: column.map(_CODES)).to_numpy(dtype=float) if states.size else np.zeros((0, 0))
    rows, columns = states.shape
    fig, ax = plt.subplots(figsize=(max(7.0, 1.1 * columns + 5.0), max(2.6, 0.6 * rows + 2.2)), dpi=90)
    palette = ListedColormap([NOT_APPLICABLE, PASSES, BLOCKS, WARNS, DRAFT])
    ax.imshow(codes if codes.size else np.zeros((1, 1)), cmap=palette, vmin=-0.5, vmax=4.5, aspect="auto")
    for r in range(rows):
        for c in range(columns):
            code = int(codes[r, c])
            ax.text(c, r, _SYMBOLS[code], ha="center", va="center", fontsize=8.5, weight="bold",
                    color="#333333" if code == 0 else "white")
    lifecycles = {policy.id: policy.lifecycle for policy in report.policies}
    ax.set_xticks(range(columns), [f"{p}\n({lifecycles[p]})" for p in states.columns], rotation=35, ha="right",
                  fontsize=8.5)
    ax.set_yticks(range(rows), list(states.index), fontsize=9)
    ax.set_xticks(np.arange(-0.5, columns, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    handles = [Rectangle((0, 0), 1, 1, color=color) for color in SHADES.values()]
    ax.legend(handles, list(SHADES), loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8.5)
    ax.set_title("Products × policies: which product breaks which policy", fontsize=11, weight="bold")
    fig.tight_layout()
    return detached(fig)


def scorecard_bars(report: GovernanceReport) -> Figure:
    """👨‍💻 One bar per product: its score 0–5 (the share of its counted policies it passes, × 5),
    labelled with "passing/counted"; green at 5, orange below."""
    card = report.scorecard()
    fig, ax = plt.subplots(figsize=(8, 0.55 * max(len(card), 1) + 1.4), dpi=90)
    y = np.arange(len(card))[::-1]
    colors = [PASSES if score >= 5 else WARNS for score in card["score"]]
    ax.barh(y, card["score"], color=colors, height=0.6)
    for yy, row in zip(y, card.itertuples(index=False), strict=True):
        ax.text(row.score + 0.05, yy, f"{row.score:.1f}  ({row.passing}/{row.policies} policies pass)",
                va="center", fontsize=9)
    ax.set_yticks(y, list(card["product"]), fontsize=9)
    ax.set_xlim(0, 6.8)
    ax.set_xticks(range(6))
    ax.axvline(5, color="#555555", lw=1, ls=":")
    ax.set_xlabel("score (0–5): 5 = every counted policy passes; draft policies are not counted")
    ax.set_title("Governance scorecard per product", fontsize=11, weight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return detached(fig)


def strictness_bars(frame: pd.DataFrame) -> Figure:
    """👨‍💻 Consistency and mean time-to-data side by side for each row of a
    :func:`~mesh_lab.governance.strictness_experiment` table (policies at warn, at enforced)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2), dpi=90)
    labels = [f"policies at {state}" for state in frame["policies at"]]
    colors = [WARNS if state == "warn" else BLOCKS for state in frame["policies at"]]
    for ax, column, title in ((left, "consistency", "consistency (1 = every product fits)"),
                              (right, "mean time-to-data (weeks)", "mean time-to-data (weeks)")):
        values = frame[column].to_numpy(dtype=float)
        ax.bar(labels, values, color=colors, width=0.55)
        for x, value in enumerate(values):
            ax.text(x, value, f"{value:.2f}", ha="center", va="bottom", fontsize=9)
        ax.set_title(title, fontsize=10, weight="bold")
        ax.set_ylim(0, max(values.max() * 1.2, 1.0) if len(values) else 1.0)
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle("Weak governance: fast but inconsistent. Strict: consistent but slow.", fontsize=11)
    fig.tight_layout()
    return detached(fig)
