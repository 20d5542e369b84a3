"""Smoke-testing pictures (presentation layer).

* :func:`toy_figure` — 👶 a toy with its light on or off, after one press of the power button;
* :func:`reel_figure` — 🧑‍🎓 the preview checklist of a Reel: what you checked, what you found;
* :func:`tiers_figure` — health check vs smoke test vs regression suite, as scope × time;
* :func:`smoke_run_figure` — one smoke run, check by check, coloured by outcome;
* :func:`release_matrix_figure` — releases × checks: which check catches which broken release.

Every function returns a closed :class:`matplotlib.figure.Figure` (nothing leaks into pyplot's
global state); the last expression of a notebook cell shows it once. Text in figures is plain
(matplotlib's default font has no colour emoji).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch, Polygon, Rectangle

from mesh_lab.plots import detached
from mesh_lab.report import COLOURS

STATUS_COLORS = {status: COLOURS[status] for status in ("pass", "fail", "error", "skipped")}
STATUS_TEXT = {"pass": "pass", "fail": "FAIL", "error": "ERROR", "skipped": "skipped"}
LIGHT_ON = "#ffd600"
LIGHT_OFF = "#5f6368"




# 👶 the toy ---------------------------------------------------------------------------------------

def toy_figure(result) -> Figure:
    """Draw a toy after one press of its power button.

    ``result`` is a power-button result (``mesh_lab.toys.PowerResult``): it has ``.toy``
    (with ``.name`` and ``.color``) and ``.turns_on``. The light on top glows when it turns on.
    """
    toy, on = result.toy, bool(result.turns_on)
    fig, ax = plt.subplots(figsize=(3.2, 3.4), dpi=80)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 11)
    ax.set_aspect("equal")
    ax.axis("off")
    if on:
        for radius, alpha in ((2.2, 0.15), (1.6, 0.3)):
            ax.add_patch(Circle((5, 8.6), radius, color=LIGHT_ON, alpha=alpha, lw=0))
    ax.add_patch(Circle((5, 8.6), 0.9, facecolor=LIGHT_ON if on else LIGHT_OFF, edgecolor="black", lw=1.5))
    ax.add_patch(Rectangle((4.6, 7.0), 0.8, 0.8, facecolor="#9e9e9e", edgecolor="black", lw=1))
    draw = _TOY_BODIES.get(toy.name, _robot_body)
    draw(ax, toy.color, "white" if on else "#cfd8dc")
    ax.add_patch(Circle((5, 3.6), 0.6, facecolor="#d32f2f", edgecolor="black", lw=1.5))
    ax.text(5, 3.6, "ON", ha="center", va="center", fontsize=7, color="white", weight="bold")
    verdict = "it turns on!" if on else "nothing happens"
    ax.set_title(f"{toy.name}: {verdict}", fontsize=11, color=STATUS_COLORS["pass" if on else "fail"])
    return detached(fig)


def _edge(**kwargs):
    return {"edgecolor": "black", "lw": 1.5, **kwargs}


def _robot_body(ax, color: str, eye: str) -> None:
    ax.add_patch(FancyBboxPatch((1.8, 2.4), 6.4, 4.6, boxstyle="round,pad=0.3", **_edge(facecolor=color)))
    for x in (3.0, 7.0):
        ax.add_patch(Circle((x, 1.7), 0.9, **_edge(facecolor="#37474f")))
    for x in (3.8, 6.2):
        ax.add_patch(Circle((x, 5.6), 0.55, **_edge(facecolor=eye, lw=1)))
        ax.add_patch(Circle((x, 5.6), 0.22, facecolor="black"))


def _race_car_body(ax, color: str, eye: str) -> None:
    ax.add_patch(Polygon([(3.3, 5.0), (4.0, 7.0), (6.0, 7.0), (6.9, 5.0)], closed=True,
                         **_edge(facecolor=eye)))  # the windscreen
    ax.add_patch(FancyBboxPatch((0.8, 2.4), 8.4, 2.6, boxstyle="round,pad=0.3", **_edge(facecolor=color)))
    for x in (2.5, 7.5):
        ax.add_patch(Circle((x, 1.9), 1.0, **_edge(facecolor="#37474f")))


def _music_box_body(ax, color: str, eye: str) -> None:
    ax.add_patch(Rectangle((1.6, 2.0), 6.8, 4.0, **_edge(facecolor=color)))
    ax.add_patch(Polygon([(1.6, 6.0), (8.4, 6.0), (7.6, 7.0), (2.4, 7.0)], closed=True,
                         **_edge(facecolor=color)))  # the lid
    for x in (2.2, 7.8):
        ax.add_patch(Rectangle((x - 0.4, 1.2), 0.8, 0.8, **_edge(facecolor="#6d4c41")))
    ax.text(3.0, 4.8, "\u266a", fontsize=22, ha="center", va="center")
    ax.text(7.0, 4.8, "\u266b", fontsize=22, ha="center", va="center")


def _dino_body(ax, color: str, eye: str) -> None:
    for x in (2.6, 3.9, 5.2, 6.5):
        ax.add_patch(Polygon([(x - 0.6, 6.6), (x, 7.7), (x + 0.6, 6.6)], closed=True,
                             **_edge(facecolor="#66bb6a")))  # the spikes on its back
    ax.add_patch(FancyBboxPatch((1.6, 2.4), 6.0, 4.2, boxstyle="round,pad=0.4", **_edge(facecolor=color)))
    ax.add_patch(Polygon([(7.6, 3.0), (9.6, 2.0), (7.6, 4.2)], closed=True, **_edge(facecolor=color)))  # tail
    for x in (2.6, 6.0):
        ax.add_patch(Rectangle((x - 0.5, 1.0), 1.0, 1.4, **_edge(facecolor=color)))
    ax.add_patch(Circle((2.8, 5.6), 0.5, **_edge(facecolor=eye, lw=1)))
    ax.add_patch(Circle((2.8, 5.6), 0.2, facecolor="black"))


def _spaceship_body(ax, color: str, eye: str) -> None:
    ax.add_patch(Polygon([(1.0, 2.0), (2.4, 3.4), (2.4, 1.6)], closed=True, **_edge(facecolor="#e57373")))
    ax.add_patch(Polygon([(1.0, 7.0), (2.4, 5.6), (2.4, 7.4)], closed=True, **_edge(facecolor="#e57373")))
    ax.add_patch(FancyBboxPatch((2.0, 2.6), 5.4, 3.8, boxstyle="round,pad=0.3", **_edge(facecolor=color)))
    ax.add_patch(Polygon([(7.7, 2.3), (9.8, 4.5), (7.7, 6.7)], closed=True, **_edge(facecolor=color)))  # nose
    ax.add_patch(Circle((6.6, 5.0), 0.8, **_edge(facecolor=eye)))  # the window


_TOY_BODIES = {
    "robot": _robot_body,
    "race car": _race_car_body,
    "music box": _music_box_body,
    "dino": _dino_body,
    "spaceship": _spaceship_body,
}
"""Each toy of the toy box has its own shape; a toy the kit does not know is drawn as a robot."""


# 🧑‍🎓 the Reel preview ------------------------------------------------------------------------------

def reel_figure(outcome) -> Figure:
    """Draw a phone showing a Reel's preview checklist and the decision: post it or fix it.

    ``outcome`` is a preview outcome (``mesh_lab.toys.PreviewOutcome``) with
    ``.reel.name``, ``.checks`` (name → label, in order), ``.checked``, ``.found``, ``.decision``.
    A checked item shows a tick or a cross; an item you skipped shows a question mark, or an
    exclamation mark when it hid a problem that went live with the post ("POSTED BROKEN").
    """
    fig, ax = plt.subplots(figsize=(3.2, 4.2), dpi=80)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 14)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.add_patch(FancyBboxPatch((1.5, 0.5), 7, 13, boxstyle="round,pad=0.4",
                                facecolor="#212121", edgecolor="black", lw=2))
    ax.add_patch(Rectangle((2, 1.4), 6, 11.2, facecolor="#fafafa"))
    ax.text(5, 11.7, f"Reel: {outcome.reel.name}", ha="center", fontsize=10, weight="bold")
    post = outcome.decision == "post"
    missed = set(getattr(outcome, "missed", ())) if post else set()
    for row, name in enumerate(outcome.checks):
        y = 9.6 - 2.0 * row
        if name in missed:
            mark, color = "!", STATUS_COLORS["error"]
        elif name not in outcome.checked:
            mark, color = "?", STATUS_COLORS["skipped"]
        elif name in outcome.found:
            mark, color = "\u2717", STATUS_COLORS["fail"]
        else:
            mark, color = "\u2713", STATUS_COLORS["pass"]
        ax.add_patch(Circle((3.0, y), 0.55, facecolor=color, lw=0))
        ax.text(3.0, y, mark, ha="center", va="center", color="white", fontsize=11, weight="bold")
        ax.text(3.9, y, name, va="center", fontsize=10)
    if missed:  # posted, but a problem the preview skipped went live with it
        banner, words, size = STATUS_COLORS["fail"], "POSTED\nBROKEN", 10
    elif post:
        banner, words, size = STATUS_COLORS["pass"], "POST", 12
    else:
        banner, words, size = STATUS_COLORS["fail"], "FIX FIRST", 12
    ax.add_patch(FancyBboxPatch((2.6, 2.2), 4.8, 1.6, boxstyle="round,pad=0.2", facecolor=banner, lw=0))
    ax.text(5, 3.0, words, ha="center", va="center", color="white", fontsize=size, weight="bold")
    return detached(fig)


# the three tiers -------------------------------------------------------------------------------

#: (name, seconds from, seconds to, scope from, scope to, what it asks, when it runs, colour)
TIERS = (
    ("Health check", 0.005, 1.0, 0.4, 2.0,
     "Is this instance alive and\ncan it reach its database?", "every few seconds, forever", "#1565c0"),
    ("Smoke test", 4.0, 240.0, 3.2, 5.8,
     "Does it basically work?\nboot, /health, DB,\nlogin → dashboard", "after every\nbuild and deploy", "#ef6c00"),
    ("Regression suite", 600.0, 14400.0, 7.0, 9.6,
     "Did we break\nanything that\nused to work?", "before a release,\nnightly", "#6a1b9a"),
)
SMOKE_LIMIT_S = 300.0


def tiers_figure() -> Figure:
    """Health check vs smoke test vs regression suite: how much each covers and how long it takes.

    Time is on a log scale (a few ms to 10 h); the dashed line at a few minutes is the seed's rule of
    thumb: a suite that takes longer, or covers many edge cases, is not smoke testing anymore.
    """
    fig, ax = plt.subplots(figsize=(8.5, 4.6), dpi=90)
    ax.set_xscale("log")
    ax.set_xlim(0.002, 10 * 3600)
    ax.set_ylim(0, 10.5)
    for name, t0, t1, s0, s1, question, when, color in TIERS:
        ax.add_patch(Rectangle((t0, s0), t1 - t0, s1 - s0, facecolor=color, alpha=0.18,
                               edgecolor=color, lw=2))
        middle = (t0 * t1) ** 0.5
        ax.text(middle, s1 + 0.15, name, ha="center", va="bottom", fontsize=11, weight="bold", color=color)
        ax.text(middle, (s0 + s1) / 2, f"{question}\n({when})", ha="center", va="center", fontsize=8)
    ax.axvline(SMOKE_LIMIT_S, color="black", ls="--", lw=1)
    ax.text(SMOKE_LIMIT_S * 1.1, 1.0, "a few minutes:\nlonger than this,\nit’s not smoke\ntesting anymore",
            fontsize=8, va="bottom")
    ax.set_xticks([0.01, 1, 60, 600, 3600, 4 * 3600])
    ax.set_xticklabels(["10 ms", "1 s", "1 min", "10 min", "1 h", "4 h"])
    ax.set_yticks([1.2, 4.5, 8.3])
    ax.set_yticklabels(["one endpoint", "a few critical\npaths", "every feature +\nedge cases"])
    ax.set_xlabel("time to run (log scale)")
    ax.set_ylabel("scope: how much it covers")
    ax.set_title("Three kinds of check, three different jobs")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return detached(fig)


# smoke runs ------------------------------------------------------------------------------------

def _run_frame(run) -> pd.DataFrame:
    """A smoke run as a frame with at least ``name``, ``status`` and ``duration_ms``."""
    frame = run if isinstance(run, pd.DataFrame) else run.to_frame()
    missing = {"name", "status", "duration_ms"} - set(frame.columns)
    if missing:
        raise ValueError(
            f"smoke_run_figure needs a SmokeRun or a frame with columns name, status and duration_ms; "
            f"missing {sorted(missing)}. Pass the result of SmokeSuite.run(...) or smoke_release(...).")
    return frame.reset_index(drop=True)


def smoke_run_figure(run, title: str | None = None) -> Figure:
    """One smoke run as horizontal bars: one bar per check, its length the duration, its colour the outcome.

    ``run`` is a ``SmokeRun`` (anything with ``.to_frame()``) or its frame.
    """
    frame = _run_frame(run)
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(frame) + 1.3), dpi=90)
    labels = list(frame["name"])[::-1]
    statuses = list(frame["status"])[::-1]
    durations = [float(d) if pd.notna(d) else 0.0 for d in list(frame["duration_ms"])[::-1]]
    colors = [STATUS_COLORS.get(s, "#000000") for s in statuses]
    ax.barh(labels, durations, color=colors)
    longest = max(durations + [1.0])
    for y, (status, ms) in enumerate(zip(statuses, durations, strict=True)):
        ax.text(ms + longest * 0.02, y, f"{STATUS_TEXT.get(status, status)}  {ms:.0f} ms",
                va="center", fontsize=9, color=STATUS_COLORS.get(status, "black"))
    ax.set_xlim(0, longest * 1.45)
    ax.set_xlabel("duration (ms)")
    ax.set_title(title or "Smoke run, check by check (top runs first)")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return detached(fig)


#: the smallest text a figure may show, in screen pixels (a 9-point label at 90 dpi is 11.25 px, and
#: JupyterLab then shrinks a wide figure to its output width: the browser showed 10.8 px)
MIN_TEXT_PX = 12.0
#: JupyterLab's output area is about 700 px wide: a wider figure is scaled down, its text with it
MAX_FIGURE_PX = 700
#: WCAG AA contrast for normal text
MIN_CONTRAST = 4.5
MATRIX_DPI = 90
MATRIX_FONT_PT = 11          # 13.75 px at 90 dpi
DARK_TEXT = "#24292f"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a colour (0 black … 1 white)."""
    from matplotlib.colors import to_rgb

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_colour(background: str) -> str:
    """White or dark text, whichever reads better on ``background``."""
    return max(("white", DARK_TEXT), key=lambda text: contrast_ratio(text, background))


def _wrapped(label: object, width: int = 12) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def release_matrix_figure(table: pd.DataFrame) -> Figure:
    """Draw a releases × checks table of statuses as a coloured grid.

    ``table`` is what :func:`mesh_lab.smoke.release_matrix` returns: one row per release, one
    column per check, each cell a status (pass, fail, error, skipped). Each cell's text is white or
    dark, whichever reads better on its colour (WCAG AA), at least :data:`MIN_TEXT_PX` pixels, in a
    figure narrow enough for JupyterLab to show it unscaled.
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise ValueError("release_matrix_figure needs a non-empty frame of statuses, one row per release "
                         "and one column per check: pass it mesh_lab.smoke.release_matrix().")
    n_rows, n_cols = table.shape
    column_in = min(1.3, (MAX_FIGURE_PX / MATRIX_DPI - 1.9) / n_cols)
    fig, ax = plt.subplots(figsize=(column_in * n_cols + 1.9, 0.5 * n_rows + 1.1), dpi=MATRIX_DPI)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    for i, release in enumerate(table.index):
        for j, check in enumerate(table.columns):
            status = str(table.loc[release, check])
            face = STATUS_COLORS.get(status, "#eeeeee")
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=face, edgecolor="white", lw=2))
            ax.text(j + 0.5, i + 0.5, STATUS_TEXT.get(status, status), ha="center", va="center",
                    color=readable_text_colour(face), fontsize=MATRIX_FONT_PT,
                    weight="normal" if status == "skipped" else "bold")
    ax.set_xticks([j + 0.5 for j in range(n_cols)])
    ax.set_xticklabels([_wrapped(c) for c in table.columns], fontsize=MATRIX_FONT_PT)
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(n_rows)])
    ax.set_yticklabels(list(table.index), fontsize=MATRIX_FONT_PT)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.tight_layout()
    return detached(fig)
