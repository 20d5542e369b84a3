"""Data Mesh pictures (presentation layer), one per level plus the shared ones.

* :func:`lego_house` — 👶 one giant box of mixed bricks versus a labelled box per room;
* :func:`group_project` — 🧑‍🎓 one owner as the bottleneck versus teams with shared rules;
* :func:`four_pillars` — the four principles of Data Mesh holding up one roof;
* :func:`mesh_map` — 👨‍💻 domains, products and lineage of a catalog (optionally a broken product
  and its blast radius);
* :func:`central_vs_mesh` — time-to-data and backlog week by week from :func:`mesh_lab.simulate.simulate`.

Every function returns a :class:`matplotlib.figure.Figure` detached from pyplot (nothing leaks into
pyplot's global state; the caller owns the figure). Text in figures is plain: matplotlib's default
font has no colour emoji.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle
from matplotlib.ticker import MaxNLocator

from mesh_lab.plots import detached

MODEL_COLORS = {"central": "#c62828", "mesh": "#1565c0"}
DOMAIN_PALETTE = ["#1e88e5", "#43a047", "#8e24aa", "#00897b", "#6d4c41", "#3949ab", "#d81b60", "#546e7a"]
BROKEN, BLAST = "#c62828", "#ffb300"
ROOMS = {  # room -> (label colour, the brick colours that live there)
    "Kitchen": ("#e53935", ["#e53935", "#ef9a9a", "#b71c1c"]),
    "Bedroom": ("#1e88e5", ["#1e88e5", "#90caf9", "#0d47a1"]),
    "Garage": ("#fdd835", ["#fdd835", "#fff176", "#f9a825"]),
    "Garden": ("#43a047", ["#43a047", "#a5d6a7", "#1b5e20"]),
}
ROOM_CORNERS = [(0.4, 4.3), (6.2, 4.3), (0.4, 0.2), (6.2, 0.2)]




def _blank(ax, width: float, height: float) -> None:
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")


# 👶 the Lego house -------------------------------------------------------------------------------

def _brick(ax, x: float, y: float, color: str, width: float = 1.2, height: float = 0.6) -> None:
    ax.add_patch(Rectangle((x, y), width, height, facecolor=color, edgecolor="#333333", lw=0.8))
    for stud in (0.25, 0.75):
        ax.add_patch(Rectangle((x + stud * width - 0.12, y + height), 0.24, 0.14,
                               facecolor=color, edgecolor="#333333", lw=0.6))


def _label_sticker(ax, x: float, y: float, text: str, color: str) -> None:
    """The same sticker on every box: a white tag with a coloured dot and the room's name."""
    ax.add_patch(FancyBboxPatch((x, y), 3.0, 0.7, boxstyle="round,pad=0.08",
                                facecolor="white", edgecolor="#333333", lw=1))
    ax.add_patch(Circle((x + 0.35, y + 0.35), 0.2, facecolor=color, edgecolor="#333333", lw=0.6))
    ax.text(x + 0.7, y + 0.35, text, va="center", fontsize=9, weight="bold")


def lego_house(seed: int = 4) -> Figure:
    """👶 Left: one giant box with every brick of the house. Right: each room keeps its own labelled box."""
    rng = np.random.default_rng(seed)
    fig, (messy, tidy) = plt.subplots(1, 2, figsize=(10, 4.4), dpi=90)
    _blank(messy, 12, 10)
    messy.add_patch(Rectangle((0.5, 0.5), 11, 7.5, facecolor="#d7ccc8", edgecolor="#5d4037", lw=2.5))
    all_colors = [c for _, colors in ROOMS.values() for c in colors]
    for _ in range(70):
        _brick(messy, rng.uniform(0.8, 9.9), rng.uniform(0.8, 7.0), rng.choice(all_colors))
    messy.text(6, 9.0, "One giant box for the whole house", ha="center", fontsize=12, weight="bold")
    messy.text(6, 8.35, "Where is the little red kitchen brick?", ha="center", fontsize=10, style="italic")

    _blank(tidy, 12, 10)
    for (room, (label, colors)), (bx, by) in zip(ROOMS.items(), ROOM_CORNERS, strict=True):
        tidy.add_patch(Rectangle((bx, by), 5.4, 3.5, facecolor="#efebe9", edgecolor="#5d4037", lw=2))
        for i in range(6):
            _brick(tidy, bx + 0.35 + (i % 3) * 1.6, by + 0.35 + (i // 3) * 0.95, colors[i % len(colors)])
        _label_sticker(tidy, bx + 1.2, by + 2.5, room, label)
    tidy.text(6, 9.0, "Each room keeps its own box", ha="center", fontsize=12, weight="bold")
    tidy.text(6, 8.35, "Same kind of label on every box, so sharing is easy", ha="center", fontsize=10,
              style="italic")
    fig.tight_layout()
    return detached(fig)


# 🧑‍🎓 the group project ---------------------------------------------------------------------------

def _person(ax, x: float, y: float, color: str, name: str = "", busy: bool = True) -> None:
    face = color if busy else "#bdbdbd"
    ax.add_patch(Circle((x, y + 1.1), 0.38, facecolor=face, edgecolor="#333333", lw=1))
    ax.add_patch(FancyBboxPatch((x - 0.5, y - 0.2), 1.0, 0.9, boxstyle="round,pad=0.1",
                                facecolor=face, edgecolor="#333333", lw=1))
    if name:
        ax.text(x, y - 0.65, name, ha="center", va="top", fontsize=8)


CARD_WIDTH = 2.5  # wide enough for "Research edit #10" at fontsize 7.5


def _card(ax, x: float, y: float, text: str, color: str = "#fff9c4") -> None:
    ax.add_patch(FancyBboxPatch((x, y), CARD_WIDTH, 0.55, boxstyle="round,pad=0.05",
                                facecolor=color, edgecolor="#555555", lw=0.8))
    ax.text(x + CARD_WIDTH / 2, y + 0.27, text, ha="center", va="center", fontsize=7.5)


def _arrow(ax, start, end, color: str = "#555555", width: float = 1.2) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=color, lw=width))


SECTIONS = [("Slides", "#42a5f5"), ("Research", "#66bb6a"), ("Design", "#ffa726")]


def group_project(waiting: int = 8) -> Figure:
    """🧑‍🎓 Left: one person owns the whole folder and ``waiting`` tasks pile up. Right: each team owns a section."""
    if not isinstance(waiting, (int, np.integer)) or waiting < 0:
        raise ValueError(f"waiting must be a whole number ≥ 0, got {waiting!r}. Fix: pass e.g. waiting=8.")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.6), dpi=90)
    _blank(left, 12, 10)
    left.text(6, 9.3, "One owner for the whole folder", ha="center", fontsize=12, weight="bold")
    _person(left, 8.8, 3.6, "#ef5350", "the owner")
    left.add_patch(Rectangle((7.6, 5.6), 2.4, 1.2, facecolor="#ffe082", edgecolor="#333333", lw=1))
    left.text(8.8, 6.2, "project folder", ha="center", va="center", fontsize=8)
    shown = min(waiting, 10)
    for i in range(shown):
        section = SECTIONS[i % len(SECTIONS)][0]
        _card(left, 3.9, 0.6 + i * 0.7, f"{section} edit #{i + 1}")
    if shown:
        _arrow(left, (6.5, 0.6 + shown * 0.35), (8.1, 4.0))
    if waiting > shown:
        left.text(3.9 + CARD_WIDTH / 2, 0.75 + shown * 0.7, f"+ {waiting - shown} more", ha="center",
                  fontsize=8, style="italic")
    for k, (name, color) in enumerate(SECTIONS):  # top to bottom in the order of the right-hand panel
        _person(left, 1.3, 1.2 + (len(SECTIONS) - 1 - k) * 2.6, color, f"{name} team", busy=False)
    left.text(6, 8.5, f"{waiting} edits waiting; the teams sit idle", ha="center", fontsize=10,
              style="italic", color="#c62828")

    _blank(right, 12, 10)
    right.text(6, 9.3, "Each team owns its section", ha="center", fontsize=12, weight="bold")
    right.add_patch(FancyBboxPatch((0.6, 7.3), 10.8, 0.9, boxstyle="round,pad=0.1",
                                   facecolor="#ede7f6", edgecolor="#5e35b1", lw=1.2))
    right.text(6, 7.75, "Shared rules: file names · folders · how to submit", ha="center", va="center",
               fontsize=9.5, color="#311b92")
    for k, (name, color) in enumerate(SECTIONS):
        x = 2.0 + k * 4.0
        _person(right, x, 4.6, color, f"{name} team")
        right.add_patch(Rectangle((x - 1.0, 2.7), 2.0, 0.8, facecolor=color, edgecolor="#333333", lw=1, alpha=0.8))
        right.text(x, 3.1, f"{name.lower()}/", ha="center", va="center", fontsize=8)
        _arrow(right, (x, 2.65), (6, 1.5), color=color)
    right.add_patch(FancyBboxPatch((4.2, 0.4), 3.6, 1.0, boxstyle="round,pad=0.1",
                                   facecolor="#e8f5e9", edgecolor="#2e7d32", lw=1.5))
    right.text(6, 0.9, "final project: it all fits", ha="center", va="center", fontsize=9)
    fig.tight_layout()
    return detached(fig)


# the four pillars ---------------------------------------------------------------------------------

PILLARS = [
    ("Domain\nownership", "the team that\nknows the data\nowns it", "#1e88e5"),
    ("Data as\na product", "contract\n+ SLA\n+ quality", "#43a047"),
    ("Self-serve\nplatform", "paved roads\nmake owning\ndata cheap", "#fb8c00"),
    ("Federated\ngovernance", "shared rules,\nagreed\ntogether", "#8e24aa"),
]


def four_pillars() -> Figure:
    """The four principles of Data Mesh (Dehghani) as pillars under one roof, on a base of culture."""
    fig, ax = plt.subplots(figsize=(9, 5), dpi=90)
    _blank(ax, 16, 10)
    ax.add_patch(Polygon([(0.6, 7.6), (15.4, 7.6), (8, 9.8)], closed=True, facecolor="#eceff1",
                         edgecolor="#37474f", lw=2))
    ax.text(8, 8.35, "Data Mesh", ha="center", va="center", fontsize=15, weight="bold")
    for i, (name, promise, color) in enumerate(PILLARS):
        x = 1.0 + i * 3.6
        ax.add_patch(Rectangle((x, 2.0), 3.2, 5.5, facecolor=color, edgecolor="#263238", lw=1.5, alpha=0.85))
        ax.text(x + 1.6, 5.6, name, ha="center", va="center", fontsize=10.5, weight="bold", color="white")
        ax.text(x + 1.6, 3.4, promise, ha="center", va="center", fontsize=8, color="white")
    ax.add_patch(Rectangle((0.6, 0.8), 14.8, 1.15, facecolor="#cfd8dc", edgecolor="#37474f", lw=2))
    ax.text(8, 1.37, "Culture shift + platform investment (not just a new diagram)", ha="center",
            va="center", fontsize=10)
    return detached(fig)


# 👨‍💻 the mesh map ---------------------------------------------------------------------------------

def _layered_positions(graph) -> dict[str, tuple[float, float]]:
    """Sources on the left, each later generation of products one column to the right."""
    import networkx as nx

    positions = {}
    for column, generation in enumerate(nx.topological_generations(graph)):
        nodes = sorted(generation, key=lambda n: (graph.nodes[n].get("domain", ""), n))
        for row, node in enumerate(nodes):
            positions[node] = (column * 4.2, (len(nodes) - 1) / 2 - row * 1.6)
    return positions


def mesh_map(catalog, broken: str | None = None) -> Figure:
    """👨‍💻 The mesh: one box per product coloured by domain, arrows from input to product.

    Give ``broken`` (a product id) to paint it red and its downstream products (its blast radius) amber.
    """
    graph = catalog.lineage()
    blast = set(catalog.downstream(broken)) if broken is not None else set()
    positions = _layered_positions(graph)
    domains = list(dict.fromkeys(graph.nodes[n]["domain"] for n in graph))
    colors = {d: DOMAIN_PALETTE[i % len(DOMAIN_PALETTE)] for i, d in enumerate(domains)}
    columns = max((x for x, _ in positions.values()), default=0) / 4.2 + 1
    rows = max((len([p for p in positions.values() if p[0] == x]) for x, _ in positions.values()), default=1)
    fig, ax = plt.subplots(figsize=(3.3 * columns + 2.2, 1.1 * rows + 2.0), dpi=90)
    for source, target in graph.edges:
        (x0, y0), (x1, y1) = positions[source], positions[target]
        hot = source == broken or source in blast
        _arrow(ax, (x0 + 1.45, y0), (x1 - 1.45, y1), color=BROKEN if hot else "#78909c", width=1.6 if hot else 1.1)
    for node, (x, y) in positions.items():
        attrs = graph.nodes[node]
        edge = BROKEN if node == broken else BLAST if node in blast else "#263238"
        ax.add_patch(FancyBboxPatch((x - 1.4, y - 0.45), 2.8, 0.9, boxstyle="round,pad=0.08",
                                    facecolor=colors[attrs["domain"]], alpha=0.9, edgecolor=edge,
                                    lw=3.5 if edge != "#263238" else 1))
        ax.text(x, y + 0.14, node.split(".", 1)[1], ha="center", va="center", fontsize=9,
                weight="bold", color="white")
        status = "  BROKEN" if node == broken else "  affected" if node in blast else ""
        ax.text(x, y - 0.2, attrs["domain"] + status, ha="center", va="center", fontsize=7.5, color="white")
    for domain in domains:
        owner = next(graph.nodes[n]["owner"] for n in graph if graph.nodes[n]["domain"] == domain)
        ax.plot([], [], "s", color=colors[domain], markersize=10, label=f"{domain} — {owner}")
    if broken is not None:
        ax.plot([], [], "s", mfc="white", mec=BROKEN, mew=2.5, markersize=10, label=f"broken: {broken}")
        ax.plot([], [], "s", mfc="white", mec=BLAST, mew=2.5, markersize=10, label="blast radius (downstream)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=8, frameon=False)
    xs = [x for x, _ in positions.values()] or [0]
    ys = [y for _, y in positions.values()] or [0]
    ax.set_xlim(min(xs) - 1.8, max(xs) + 1.8)
    ax.set_ylim(min(ys) - 0.9, max(ys) + 0.9)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("The mesh: source-aligned products (left) feed consumer-aligned ones (right)", fontsize=10)
    fig.tight_layout()
    return detached(fig)


# 👨‍💻 central versus mesh ------------------------------------------------------------------------

METRIC_LABELS = {  # column -> (panel title, y label)
    "time_to_data": ("Time-to-data: weeks from request to data", "weeks"),
    "backlog": ("Backlog: change requests waiting", "changes"),
    "correctness": ("Correctness: share of deliveries that are right", "share"),
    "consistency": ("Consistency: shared meaning across domains", "share"),
    "duplicated_work": ("Duplicated work: changes rebuilt elsewhere", "changes / week"),
    "delivered": ("Delivered: changes finished per week", "changes / week"),
}


def central_vs_mesh(frame: pd.DataFrame, metrics: tuple[str, ...] = ("time_to_data", "backlog")) -> Figure:
    """One panel per metric (default: time-to-data and backlog), one line per model, week by week.

    ``frame`` comes from :func:`~mesh_lab.simulate.simulate`. Built without pyplot and with a fixed
    layout, because a widget redraws it on every slider move; each line ends with its last value.
    """
    unknown = [m for m in metrics if m not in METRIC_LABELS]
    if unknown or not metrics:
        raise ValueError(f"metrics must be some of {', '.join(METRIC_LABELS)}; got {list(metrics)!r}.")
    missing = {"week", "model", *metrics} - set(frame.columns)
    if missing:
        raise ValueError(f"central_vs_mesh needs a frame from mesh_lab.simulate.simulate(); "
                         f"missing column(s): {', '.join(sorted(missing))}.")
    fig = Figure(figsize=(5 * len(metrics), 3.6), dpi=90)
    axes = fig.subplots(1, len(metrics), squeeze=False)[0]
    side = 0.12 if len(metrics) == 1 else 0.06
    fig.subplots_adjust(left=side, right=0.93, bottom=0.15, top=0.9, wspace=0.3)
    for ax, metric in zip(axes, metrics, strict=True):
        ends = []
        for model, part in frame.groupby("model", sort=False):
            weeks, values = part["week"].to_numpy(), part[metric].to_numpy()
            color = MODEL_COLORS.get(model, "#555555")
            ax.plot(weeks, values, color=color, lw=2, label=model)
            ends.append((weeks[-1], values[-1], color))
        title, unit = METRIC_LABELS[metric]
        ax.set_title(title, fontsize=TITLE_PT)
        ax.set_xlabel("week", fontsize=TEXT_PT)
        ax.set_ylabel(unit, fontsize=TEXT_PT)
        ax.tick_params(labelsize=TEXT_PT)
        ax.grid(alpha=0.3)
        ax.set_ylim(bottom=0)
        ax.margins(x=0.12)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        _label_line_ends(ax, ends)
    # "best" keeps the legend off the lines (flat lines at the top would hide under "upper left")
    axes[0].legend(frameon=False, loc="best", fontsize=TEXT_PT)
    return fig


# Text in the simulation figure: at 90–96 dots per inch, 10 pt is 12.5–13.3 px on screen (≥ 12 px).
TEXT_PT = 10
TITLE_PT = 11


def end_label(value: float) -> str:
    """A line's last value as its label: ``298``, ``24.2``, ``1.28`` (three significant digits at most)."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _label_line_ends(ax, ends: list[tuple[float, float, str]]) -> None:
    """Write each line's last value just right of its end, pushed apart so no two labels overlap
    (when the lines meet, one label goes a little up and the other a little down)."""
    low, high = ax.get_ylim()
    height_pt = ax.get_position().height * ax.figure.get_figheight() * 72
    per_unit = height_pt / (high - low) if high > low else 0.0
    gap = TEXT_PT * 1.25
    order = sorted(range(len(ends)), key=lambda i: ends[i][1])
    wanted = [ends[i][1] * per_unit for i in order]
    placed: list[float] = []
    for target in wanted:
        placed.append(max(target, placed[-1] + gap) if placed else target)
    shift = (sum(placed) - sum(wanted)) / len(placed) if placed else 0.0
    for i, target, at in zip(order, wanted, placed, strict=True):
        week, value, color = ends[i]
        ax.annotate(end_label(value), (week, value), xytext=(4, at - shift - target), textcoords="offset points",
                    va="center", fontsize=TEXT_PT, color=color, annotation_clip=False)
