"""Pictures for the start-here notebook (presentation layer).

* :func:`self_check_chart` — the environment self-check as bars: one per check, green ✔ or red ✘,
  as long as the check took;
* :func:`domain_sketch` — a toy data mesh: N domains around one shared platform (the widget in
  :mod:`mesh_lab.widgets.kit` redraws it from a slider).

Both return a :class:`matplotlib.figure.Figure` made by pyplot and then closed: it shows once as a
cell's value (through the notebook's inline backend), nothing leaks into pyplot's global state, and
it draws headless.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

PASS_COLOR, FAIL_COLOR = "#2e7d32", "#c62828"
DOMAIN_NAMES = ["payments", "catalog", "logistics", "marketing", "support", "finance", "people", "sales"]
DOMAIN_COLORS = ["#1e88e5", "#43a047", "#8e24aa", "#00897b", "#6d4c41", "#3949ab", "#d81b60", "#f4511e"]
MAX_DOMAINS = len(DOMAIN_NAMES)
MIN_BAR_MS = 0.5  # a check faster than this still gets a visible bar


def self_check_chart(results: Iterable) -> Figure:
    """Horizontal bars, one per check result (``name``, ``ok``, ``seconds``): green passed, red failed."""
    rows = list(results)
    if not rows:
        raise ValueError("self_check_chart needs at least one check result, e.g. doctor.run_checks().")
    figure = _new_figure(figsize=(7.5, 0.32 * len(rows) + 1.2), dpi=90)
    ax = figure.add_subplot()
    rows = rows[::-1]  # barh draws bottom-up; the first check goes on top
    names = [f"{'✔' if row.ok else '✘'} {row.name}" for row in rows]
    millis = [max(row.seconds * 1000, MIN_BAR_MS) for row in rows]
    colors = [PASS_COLOR if row.ok else FAIL_COLOR for row in rows]
    ax.barh(range(len(rows)), millis, color=colors)
    ax.set_yticks(range(len(rows)), names)
    for tick, color in zip(ax.get_yticklabels(), colors, strict=True):
        tick.set_color(color)
    for y, (row, width) in enumerate(zip(rows, millis, strict=True)):
        ax.annotate(duration_label(row.seconds), (width, y), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=7, color="#424242")
    ax.set_xscale("log")
    ax.set_xlim(MIN_BAR_MS / 2, max(max(millis) * 4, 10))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: duration_label(value / 1000)))
    ax.set_xlabel("time taken (each step on the axis is 10 times longer)")
    passed = sum(row.ok for row in rows)
    ax.set_title(f"Self-check: {passed} of {len(rows)} checks passed (green ✔, red ✘)")
    ax.tick_params(axis="y", labelsize=8)
    figure.tight_layout()
    return figure


def duration_label(seconds: float) -> str:
    """``0.0003`` → ``"< 1 ms"``, ``0.0421`` → ``"42 ms"``, ``2.5`` → ``"2.5 s"`` (words a learner reads)."""
    millis = seconds * 1000
    if millis < 1:
        return "< 1 ms"
    if millis < 1000:
        return f"{millis:.0f} ms"
    return f"{seconds:.3g} s"


def domain_ring(n_domains: int) -> list[tuple[str, float, float]]:
    """Names and positions of ``n_domains`` domains on a circle around the platform at (0, 0)."""
    if not isinstance(n_domains, int) or not 1 <= n_domains <= MAX_DOMAINS:
        raise ValueError(f"n_domains must be a whole number from 1 to {MAX_DOMAINS}, found {n_domains!r}.")
    ring = []
    for i in range(n_domains):
        angle = math.pi / 2 - 2 * math.pi * i / n_domains
        ring.append((DOMAIN_NAMES[i], round(math.cos(angle), 6), round(math.sin(angle), 6)))
    return ring


SKETCH_WIDTH_IN, SKETCH_TITLE_IN = 6.4, 0.34
PLATFORM_RADIUS = 0.42
OVAL = (1.5, 0.85)                      # the domains' oval: wider than tall, like the picture
BOX_HALF = (0.31 + 0.04, 0.15 + 0.04)  # half a domain box (see _box), its rounded edge included
SKETCH_MARGIN = 0.06


def domain_sketch(n_domains: int = 3) -> Figure:
    """A toy mesh: each domain owns its data (a coloured box); all share one platform and one rulebook.

    The domains sit on a flat oval around the platform (one or two of them beside it), and the figure is
    cut to the drawing, so the picture has no empty band whatever the number of domains.
    """
    placed = _sketch_positions(n_domains)
    left, right, bottom, top = _sketch_bounds(placed)
    drawing_in = min(max(SKETCH_WIDTH_IN * (top - bottom) / (right - left), 1.5), 4.2)
    height_in = drawing_in + SKETCH_TITLE_IN
    figure = _new_figure(figsize=(SKETCH_WIDTH_IN, height_in), dpi=80)
    ax = figure.add_axes((0, 0, 1, drawing_in / height_in))
    left, right, bottom, top = _fit_aspect((left, right, bottom, top), SKETCH_WIDTH_IN / drawing_in)
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.add_patch(_circle((0, 0), PLATFORM_RADIUS, "#eeeeee"))
    ax.text(0, 0.05, "shared\nplatform", ha="center", va="center", fontsize=10, weight="bold")
    ax.text(0, -0.25, "same rules", ha="center", va="center", fontsize=8, color="#555555")
    for (name, x, y), color in zip(placed, DOMAIN_COLORS, strict=False):
        reach = PLATFORM_RADIUS / math.hypot(x, y)
        ax.plot([reach * x, x], [reach * y, y], color="#9e9e9e", lw=1.5, ls="--", zorder=0)
        ax.add_patch(_box((x, y), color))
        ax.text(x, y, name, ha="center", va="center", fontsize=9, color="white", weight="bold")
    ax.set_title(sketch_title(n_domains), fontsize=11, pad=6)  # in the band kept free above the drawing
    return figure


def _sketch_positions(n_domains: int) -> list[tuple[str, float, float]]:
    """Each domain's name and position on the oval; one or two domains go beside the platform."""
    ring = domain_ring(n_domains)
    if n_domains <= 2:  # turn a quarter: side by side fills a wide picture, stacked would not
        ring = [(name, y, -x) for name, x, y in ring]
    return [(name, OVAL[0] * x, OVAL[1] * y) for name, x, y in ring]


def _fit_aspect(bounds: tuple[float, float, float, float], ratio: float) -> tuple[float, float, float, float]:
    """``bounds`` widened around their centre to the width/height ``ratio`` of the axes (equal scales)."""
    left, right, bottom, top = bounds
    width, height = right - left, top - bottom
    if width / height < ratio:
        grow = (height * ratio - width) / 2
        return left - grow, right + grow, bottom, top
    grow = (width / ratio - height) / 2
    return left, right, bottom - grow, top + grow


def _sketch_bounds(placed: list[tuple[str, float, float]]) -> tuple[float, float, float, float]:
    """Left, right, bottom and top of the drawing (platform and boxes) plus a margin."""
    xs = [-PLATFORM_RADIUS, PLATFORM_RADIUS] + [x + dx for _, x, _ in placed for dx in (-BOX_HALF[0], BOX_HALF[0])]
    ys = [-PLATFORM_RADIUS, PLATFORM_RADIUS] + [y + dy for _, _, y in placed for dy in (-BOX_HALF[1], BOX_HALF[1])]
    return min(xs) - SKETCH_MARGIN, max(xs) + SKETCH_MARGIN, min(ys) - SKETCH_MARGIN, max(ys) + SKETCH_MARGIN


def sketch_title(n_domains: int) -> str:
    """The sketch's title in plain words: “1 domain owns its data”, “3 domains each own their data”."""
    owners = "1 domain owns its data" if n_domains == 1 else f"{n_domains} domains each own their data"
    return f"{owners}, one shared platform"


def _new_figure(**kwargs) -> Figure:
    """A pyplot figure, closed at once: the caller owns it and pyplot keeps no reference."""
    figure = plt.figure(**kwargs)
    plt.close(figure)
    return figure


def _circle(center, radius, color):
    from matplotlib.patches import Circle

    return Circle(center, radius, facecolor=color, edgecolor="#333333", lw=1.2)


def _box(center, color, width=0.62, height=0.3):
    from matplotlib.patches import FancyBboxPatch

    x, y = center
    return FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.04",
                          facecolor=color, edgecolor="#333333", lw=1)
