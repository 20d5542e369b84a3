"""Data-as-a-product pictures (presentation layer).

* :func:`toy_box` — 👶 a pile of pieces on the floor versus a toy in a box with a label, the steps and
  a promise;
* :func:`sla_deadlines` — 👨‍💻 the SLAs of a product on a clock: when each timed promise (freshness,
  frequency, retention) runs out, where ``now`` is, and whether it is met, from a
  :class:`mesh_lab.sla.SlaReport` and the rows the product held at that moment.

Every function returns a :class:`matplotlib.figure.Figure` detached from pyplot (the caller owns it).
Text in figures is plain: matplotlib's default font has no colour emoji.
"""

from __future__ import annotations

import matplotlib.dates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

from mesh_lab.plots import detached
from mesh_lab.sla import SlaReport, duration

MET, BROKEN, PROMISE, DATA = "#2e7d32", "#c62828", "#c8e6c9", "#546e7a"
TIMED = ("latency", "freshness", "frequency", "retention")
LABELS = {"latency": "freshness (latency)", "freshness": "freshness", "frequency": "frequency",
          "retention": "retention"}




PIECE_COLORS = ["#e53935", "#1e88e5", "#fdd835", "#43a047"]


def _blank(ax, width: float, height: float) -> None:
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")


def toy_box(pieces: int = 9, seed: int = 3) -> Figure:
    """👶 Left: a pile of ``pieces`` on the floor (what is it? is anything missing?). Right: the same toy in a
    box with a label, a page of steps, and the promise that all the pieces are inside."""
    rng = np.random.default_rng(seed)
    fig, (pile, box) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=90)
    _blank(pile, 10, 8)
    for _ in range(pieces):
        x, y = rng.uniform(1, 8.5), rng.uniform(0.8, 4.5)
        pile.add_patch(Rectangle((x, y), 1.0, 0.55, angle=rng.uniform(-40, 40),
                                 facecolor=rng.choice(PIECE_COLORS), edgecolor="#333333", lw=0.8))
    pile.text(5, 7.2, "A pile on the floor", ha="center", fontsize=13, weight="bold")
    pile.text(5, 6.3, "What is it?  How do I build it?  Is a piece missing?", ha="center", fontsize=10,
              style="italic")

    _blank(box, 10, 8)
    box.add_patch(Rectangle((1.2, 0.6), 7.6, 5.2, facecolor="#ffe0b2", edgecolor="#6d4c41", lw=2.5))
    box.add_patch(FancyBboxPatch((1.8, 4.3), 4.4, 1.0, boxstyle="round,pad=0.08", facecolor="white",
                                 edgecolor="#333333"))
    box.text(2.0, 4.8, "LABEL: Race car", fontsize=11, weight="bold", va="center")
    box.add_patch(Rectangle((1.8, 1.0), 3.0, 2.9, facecolor="white", edgecolor="#333333"))
    box.text(2.0, 3.5, "STEPS", fontsize=10, weight="bold")
    for step, line in enumerate(("1. wheels on", "2. doors on", "3. roof on"), start=1):
        box.text(2.0, 3.5 - 0.65 * step, line, fontsize=9)
    box.add_patch(Circle((6.9, 2.4), 1.3, facecolor="#c8e6c9", edgecolor="#2e7d32", lw=2))
    box.text(6.9, 2.65, "PROMISE", ha="center", fontsize=9, weight="bold", color="#1b5e20")
    box.text(6.9, 2.1, f"all {pieces} pieces\ninside", ha="center", va="center", fontsize=9, color="#1b5e20")
    box.text(5, 7.2, "A toy in a box", ha="center", fontsize=13, weight="bold")
    box.text(5, 6.3, "Anyone can use it, without asking you.", ha="center", fontsize=10, style="italic")
    fig.tight_layout()
    return detached(fig)


def _column(element: str | None, frame: pd.DataFrame) -> str | None:
    """``points.created_at`` → ``created_at`` when the frame has it."""
    if not element:
        return None
    tail = str(element).split(",")[0].strip().split(".")[-1]
    return tail if tail in frame.columns else None


def _short(delta: pd.Timedelta) -> str:
    hours = delta / pd.Timedelta(hours=1)
    return f"{hours / 24:.1f} d" if abs(hours) >= 48 else f"{hours:.1f} h"


def _lane(ax, y: float, start, end, color: str, alpha: float = 1.0) -> None:
    ax.barh(y, end - start, left=start, height=0.5, color=color, alpha=alpha, edgecolor="none")


def _inside(moment, ax) -> pd.Timestamp:
    """``moment`` moved into the axis' time range, so a label never lands outside the picture."""
    low, high = (pd.Timestamp(matplotlib.dates.num2date(x)) for x in ax.get_xlim())
    return min(max(moment, low), high - (high - low) * 0.35)


def _draw_deadline(ax, y: float, start, deadline, now, met: bool, what: str) -> None:
    """A promise that runs from ``start`` to ``deadline``; past it, the time it is late in red."""
    _lane(ax, y, start, deadline, PROMISE)
    ax.plot([deadline, deadline], [y - 0.35, y + 0.35], color=MET if met else BROKEN, lw=2.5)
    if now > deadline:
        _lane(ax, y, deadline, now, BROKEN, 0.85)
        text = f"{what} deadline {deadline:%d %b %H:%M}: late by {_short(now - deadline)}"
    else:
        text = f"{what} deadline {deadline:%d %b %H:%M}: {_short(deadline - now)} left"
    ax.annotate(text, (_inside(deadline, ax), y + 0.3), xytext=(4, 2), textcoords="offset points", fontsize=8,
                color=MET if met else BROKEN)


def _draw_gap(ax, y: float, times: pd.Series, limit: pd.Timedelta, met: bool) -> None:
    """The largest gap between deliveries, against the gap the contract allows."""
    distinct = times.drop_duplicates().sort_values().reset_index(drop=True)
    if len(distinct) < 2:
        ax.text(_inside(distinct.iloc[0], ax) if len(distinct) else 0, y, "one delivery: no gap yet", fontsize=8,
                va="center")
        return
    gaps = distinct.diff()
    end = int(gaps.idxmax())
    start_time, end_time = distinct.iloc[end - 1], distinct.iloc[end]
    _lane(ax, y, start_time, end_time, MET if met else BROKEN, 0.85)
    ax.annotate(f"largest gap {_short(end_time - start_time)} (allowed {_short(limit)})",
                (_inside(end_time, ax), y + 0.3), xytext=(4, 2), textcoords="offset points", fontsize=8,
                color=MET if met else BROKEN)


def sla_deadlines(report: SlaReport, frame: pd.DataFrame, window: tuple | None = None) -> Figure:
    """👨‍💻 The timed SLAs of ``report`` at its ``now``: one lane per promise, the rows delivered below.

    ``frame`` holds the rows the product had at ``report.now``. Freshness runs from the newest row to
    newest + its limit, retention from the oldest row to oldest + its limit (a red bar: how late);
    frequency shows the largest gap between rows, green when within the limit. ``window`` is the
    (start, end) of the time axis; by default three days before ``now`` to one day after.
    """
    now = report.now
    start, end = (pd.Timestamp(t) for t in window) if window else (now - pd.Timedelta(days=3),
                                                                   now + pd.Timedelta(days=1))
    start = start.tz_localize("UTC") if start.tzinfo is None else start
    end = end.tz_localize("UTC") if end.tzinfo is None else end
    items = [(item, row) for item, row in zip(report.contract.sla_properties, report.frame.itertuples(index=False),
                                              strict=False) if item.property in TIMED]
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.75 * (len(items) + 1)), dpi=90)
    ax.set_xlim(start, end)
    labels = []
    for lane, (item, row) in enumerate(reversed(items), start=1):
        labels.append((lane, LABELS[item.property] + f"  {row.target}"))
        column = _column(item.element, frame)
        limit = duration(item.value, item.unit)
        if column is None or limit is None or frame.empty:
            ax.text(start, lane, f"  not measured: {row.message}", fontsize=8, va="center")
            continue
        times = pd.to_datetime(frame[column], utc=True).dropna()
        met = row.passed is True
        if item.property == "frequency":
            _draw_gap(ax, lane, times, limit, met)
        elif item.property == "retention":
            _draw_deadline(ax, lane, times.min(), times.min() + limit, now, met, "oldest row's")
        else:
            _draw_deadline(ax, lane, times.max(), times.max() + limit, now, met, "newest row's")
    if not frame.empty:
        column = _column(items[0][0].element, frame) if items else None
        if column:
            stamps = pd.to_datetime(frame[column], utc=True)
            ax.plot(stamps, [0] * len(stamps), "|", color=DATA, markersize=12)
    labels.append((0, "rows delivered"))
    ax.axvline(now, color="#212121", lw=2)
    ax.annotate(f"now {now:%d %b %H:%M}", (now, len(items) + 0.55), ha="center", fontsize=9, weight="bold",
                annotation_clip=False)
    labels.sort()
    ax.set_yticks([lane for lane, _ in labels], [text for _, text in labels])
    ax.set_ylim(-0.6, len(items) + 0.8)
    ax.set_xlim(start, end)  # the bars may reach beyond the window: keep the window
    met_count = sum(row.passed is True for _, row in items)
    ax.set_title(f"{report.contract.product_id}: {met_count} of {len(items)} timed SLAs met", fontsize=11,
                 loc="left")
    ax.grid(axis="x", alpha=0.3)
    fig.autofmt_xdate()
    fig.subplots_adjust(left=0.2, right=0.98, top=0.86)
    return detached(fig)
