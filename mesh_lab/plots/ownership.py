"""Domain ownership pictures (presentation layer) for Data Mesh 02.

* :func:`toy_boxes` — 👶 a box per room with the name of who keeps it tidy; a box without a name
  is where lost toys go;
* :func:`who_owns_what` — 👨‍💻 one card per product of :func:`mesh_lab.ownership.ownership_map`: its
  team and owner, and whether consumers know where to ask, where to report broken data and who
  approves access;
* :func:`knowledge_distance_curve` — hours lost and defects against knowledge distance, from
  :func:`mesh_lab.ownership.knowledge_distance`, beside the curve its equations predict;
* :func:`ticket_timeline` — the "your model is wrong" ticket as a timeline, one lane per journey, from
  :func:`mesh_lab.ownership.ticket_ping_pong`.

Every function takes core results and returns a :class:`matplotlib.figure.Figure` detached from pyplot.
Text in figures is plain: matplotlib's default font has no colour emoji.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from mesh_lab.ownership import BASE_DEFECT_RATE, BASE_FIX_HOURS, DEFECT_GROWTH, FIX_GROWTH
from mesh_lab.plots import detached

OK, MISSING = "#2e7d32", "#c62828"
NOBODY = "#9e9e9e"
BOX_COLORS = ["#e53935", "#1e88e5", "#fdd835", "#43a047", "#8e24aa", "#fb8c00"]
WHO_COLORS = {"consumer": "#78909c", "central team": "#c62828", "domain": "#1565c0"}
DOMAIN_TEAM = "#1565c0"
ACCOUNTABILITY = (("ask", "where to ask"), ("report issues", "where to report"), ("approvers", "who approves"))




def _blank(ax, width: float, height: float) -> None:
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")


# 👶 boxes with a name ------------------------------------------------------------------------------

def toy_boxes(boxes: Mapping[str, str | None]) -> Figure:
    """👶 One box per room with its keeper's name tag; a box with no name (``None``) is grey and full of
    lost toys."""
    n = max(len(boxes), 1)
    fig, ax = plt.subplots(figsize=(min(2.3 * n, 11), 3.2), dpi=90)
    _blank(ax, 2.3 * n, 3.2)
    for i, (box, keeper) in enumerate(boxes.items()):
        x = 2.3 * i + 0.15
        color = BOX_COLORS[i % len(BOX_COLORS)] if keeper else NOBODY
        ax.add_patch(Rectangle((x, 0.5), 2.0, 1.5, facecolor=color, alpha=0.35 if keeper else 0.6,
                               edgecolor="#5d4037", lw=2))
        ax.text(x + 1.0, 1.25, box, ha="center", va="center", fontsize=10, weight="bold")
        tag = f"kept by {keeper}" if keeper else "no name"
        ax.add_patch(FancyBboxPatch((x + 0.15, 2.2), 1.7, 0.5, boxstyle="round,pad=0.05", facecolor="white",
                                    edgecolor=OK if keeper else MISSING, lw=1.5))
        ax.text(x + 1.0, 2.45, tag, ha="center", va="center", fontsize=9,
                color=OK if keeper else MISSING, weight="bold")
        if not keeper:
            ax.text(x + 1.0, 0.2, "lost toys end up here", ha="center", fontsize=8.5, style="italic",
                    color=MISSING)
    ax.set_title("Every box has a keeper, except the grey ones", fontsize=12, weight="bold")
    return detached(fig)


# 👨‍💻 who owns what --------------------------------------------------------------------------------

def _known(value) -> bool:
    return isinstance(value, str) and value.strip() not in ("", "—")


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def who_owns_what(table: pd.DataFrame) -> Figure:
    """👨‍💻 A card per product of an :func:`~mesh_lab.ownership.ownership_map` table: product, team and
    owner, then a green tick or a red cross for where to ask, where to report and who approves."""
    rows = list(table.to_dict("records"))
    n = max(len(rows), 1)
    columns = min(n, 4)
    lines = int(np.ceil(n / columns))
    fig, ax = plt.subplots(figsize=(3.0 * columns, 2.7 * lines + 0.4), dpi=90)
    _blank(ax, 3.4 * columns, 3.0 * lines)
    for i, row in enumerate(rows):
        x, y = 3.4 * (i % columns) + 0.1, 3.0 * (lines - 1 - i // columns) + 0.1
        complete = all(_known(row.get(key)) for key, _ in ACCOUNTABILITY)
        ax.add_patch(FancyBboxPatch((x, y), 3.2, 2.75, boxstyle="round,pad=0.03", facecolor="#fafafa",
                                    edgecolor=OK if complete else MISSING, lw=2))
        ax.text(x + 1.6, y + 2.45, _short(str(row.get("product", "?")), 28), ha="center", fontsize=9.5,
                weight="bold")
        ax.text(x + 1.6, y + 2.08, f"team: {_short(str(row.get('team', '—')))}", ha="center", fontsize=8.5,
                color=DOMAIN_TEAM)
        ax.text(x + 1.6, y + 1.75, f"owner: {_short(str(row.get('owner', '—')))}", ha="center", fontsize=8.5,
                color=DOMAIN_TEAM)
        for line, (key, label) in enumerate(ACCOUNTABILITY):
            known = _known(row.get(key))
            mark, value = ("✓", _short(str(row[key]), 18)) if known else ("✗", "missing")
            ax.text(x + 0.15, y + 1.25 - 0.42 * line, f"{mark} {label}:", fontsize=8.5,
                    color=OK if known else MISSING, weight="bold")
            ax.text(x + 0.3, y + 1.05 - 0.42 * line, value, fontsize=8, color=OK if known else MISSING)
    ax.set_title("Who owns what: green = a consumer knows where to go, red = something is missing",
                 fontsize=11, weight="bold")
    return detached(fig)


# 👨‍💻 knowledge distance --------------------------------------------------------------------------

def expected_hours_per_change(distance: float) -> float:
    """What the stated equations expect per change: ``p(d) · h(d)`` hours."""
    return BASE_DEFECT_RATE * (1 + DEFECT_GROWTH * distance) * BASE_FIX_HOURS * (1 + FIX_GROWTH * distance)


def knowledge_distance_curve(frame: pd.DataFrame) -> Figure:
    """Hours lost (bars, with the equations' expectation as a line) and defects against knowledge distance,
    from a :func:`~mesh_lab.ownership.knowledge_distance` table."""
    fig, (hours, defects) = plt.subplots(1, 2, figsize=(10, 3.8), dpi=90)
    distance = frame["distance"].to_numpy(dtype=float)
    width = 0.12 if len(distance) < 2 else 0.6 * float(np.min(np.diff(np.sort(distance))) or 0.2)
    hours.bar(distance, frame["hours_lost"], width=width, color="#ef6c00", label="simulated (seeded)")
    smooth = np.linspace(0, 1, 101)
    changes = float(frame["changes"].iloc[0]) if len(frame) else 0.0
    hours.plot(smooth, [changes * expected_hours_per_change(d) for d in smooth], color="#333333", lw=1.5,
               label="changes × p(d) × h(d)")
    for d, value in zip(distance, frame["hours_lost"], strict=True):
        hours.annotate(f"{value:,.0f} h", (d, value), ha="center", va="bottom", fontsize=8.5,
                       xytext=(0, 2), textcoords="offset points")
    hours.set(xlabel="knowledge distance d (0 = the owning domain, 1 = far away)", ylabel="hours lost fixing",
              title=f"Hours lost over {int(changes):,} changes")
    hours.legend(loc="upper left", fontsize=8.5, frameon=False)
    defects.plot(distance, frame["defects"], marker="o", color=MISSING)
    for d, value in zip(distance, frame["defects"], strict=True):
        defects.annotate(f"{value}", (d, value), ha="center", va="bottom", fontsize=8.5,
                         xytext=(0, 4), textcoords="offset points")
    defects.set(xlabel="knowledge distance d", ylabel="defects", title="Defects caused by the changes")
    defects.set_ylim(0, max(frame["defects"].max() * 1.2, 1) if len(frame) else 1)
    for ax in (hours, defects):
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return detached(fig)


# 👨‍💻 a ticket's journey --------------------------------------------------------------------------

def _lane_color(who: str) -> str:
    if who in WHO_COLORS:
        return WHO_COLORS[who]
    return WHO_COLORS["domain"]


def ticket_timeline(journeys: Sequence) -> Figure:
    """One lane per :class:`~mesh_lab.ownership.TicketJourney`: each hop a bar as long as it took,
    coloured by who held the ticket (grey consumer, red central team, blue the owning domain)."""
    fig, ax = plt.subplots(figsize=(10, 1.1 + 1.0 * max(len(journeys), 1)), dpi=90)
    longest = max((j.total_hours for j in journeys), default=1.0) or 1.0
    for lane, journey in enumerate(journeys):
        y = len(journeys) - 1 - lane
        start = 0.0
        for hop in journey.hops:
            hours = float(hop["hours"])
            ax.barh(y, hours, left=start, height=0.55, color=_lane_color(hop["who"]), edgecolor="white")
            if hours >= 0.05 * longest:
                ax.text(start + hours / 2, y, str(hop["step"]), ha="center", va="center", color="white",
                        fontsize=9, weight="bold")
            start += hours
        ax.text(start + 0.01 * longest, y, f"{journey.total_hours:,.0f} h, {len(journey.hops)} hops",
                va="center", fontsize=9.5)
    ax.set_yticks(range(len(journeys)), [j.model for j in reversed(journeys)])
    ax.set_xlim(0, longest * 1.22)
    ax.set_xlabel("hours from the ticket to a fix the consumer has checked")
    handles = [Rectangle((0, 0), 1, 1, color=color) for color in WHO_COLORS.values()]
    ax.legend(handles, ["consumer", "central team", "owning domain"], loc="upper center", ncols=3,
              bbox_to_anchor=(0.5, 1.3), frameon=False, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return detached(fig)
