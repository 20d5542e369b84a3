"""A small chart of a learner's progress per notebook (presentation layer)."""

from __future__ import annotations

import base64
import io

from matplotlib.figure import Figure

from mesh_lab.report import COLOURS

ATTEMPTED_COLOUR = "#9ecae1"
CORRECT_COLOUR = COLOURS["pass"]


def progress_chart(rows: list[dict]) -> Figure:
    """Horizontal bars per notebook: exercises, attempted and correct (hints written beside them)."""
    names = [row["notebook"] for row in rows] or ["(nothing yet)"]
    height = 0.9 + 0.45 * len(names)
    figure = Figure(figsize=(6, height), layout="constrained")
    axes = figure.add_subplot()
    positions = range(len(names))
    if rows:
        totals = [max(row["exercises"], row["attempted"]) for row in rows]
        axes.barh(positions, totals, color="#eeeeee", edgecolor="#bbbbbb", label="exercises")
        axes.barh(positions, [row["attempted"] for row in rows], color=ATTEMPTED_COLOUR, label="attempted")
        axes.barh(positions, [row["correct"] for row in rows], height=0.4, color=CORRECT_COLOUR, label="correct")
        for position, row, total in zip(positions, rows, totals, strict=True):
            if row["hints"]:
                axes.text(total + 0.1, position, f"{row['hints']} hint(s)", va="center", fontsize=8)
        axes.legend(loc="lower right", fontsize=8, frameon=False)
    axes.set_yticks(list(positions), names)
    axes.invert_yaxis()
    axes.set_xlabel("exercises")
    axes.set_title("Your progress", fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def figure_to_html(figure: Figure) -> str:
    """A figure as an inline PNG ``<img>`` tag."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="progress chart" src="data:image/png;base64,{encoded}">'


def class_chart(exercises) -> Figure:
    """The class view as bars per exercise: learners who got it and who still fail it (hardest on top).

    ``exercises`` is :meth:`mesh_lab.learning.classroom.ClassView.exercises`.
    """
    frame = exercises.head(15).iloc[::-1]
    figure = Figure(figsize=(6.4, 0.35 * max(3, len(frame)) + 1), dpi=100)
    ax = figure.subplots()
    ax.barh(frame["exercise"], frame["correct"], color=COLOURS["pass"], label="correct")
    ax.barh(frame["exercise"], frame["still failing"], left=frame["correct"], color=COLOURS["fail"],
            label="still failing")
    ax.set_xlabel("learners")
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title("Where the room is stuck", fontsize=11)
    figure.tight_layout()
    return figure
