"""The pipeline timeline: one bar per stage, green / red / grey, with the decision on top."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from mesh_lab.pipeline import PipelineResult
from mesh_lab.report import COLOURS as STATUS_COLOURS

COLOURS = {status: STATUS_COLOURS[status] for status in ("pass", "fail", "skipped")}

__all__ = ["pipeline_timeline", "timeline_figure"]

MIN_BAR_MS = 2.0  # a stage that took 0.1 ms still gets a visible sliver


def pipeline_timeline(result: PipelineResult, ax=None):
    """Draw ``result`` as a timeline (stages top to bottom) and return the figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 0.45 * len(result.stages) + 1.2))
    else:
        fig = ax.figure
    total = max(result.duration_ms, MIN_BAR_MS * 10)
    for row, stage in enumerate(result.stages):
        width = max(stage.duration_ms, MIN_BAR_MS) if stage.status != "skipped" else total * 0.02
        ax.barh(row, width, left=stage.start_ms, color=COLOURS[stage.status],
                hatch="//" if stage.status == "skipped" else None, edgecolor="white", height=0.6)
        label = _skipped_label(stage) if stage.status == "skipped" else f"{stage.duration_ms:.0f} ms"
        ax.text(stage.start_ms + width + total * 0.01, row, label, va="center", fontsize=9)
    ax.set_yticks(range(len(result.stages)), [s.name for s in result.stages])
    ax.invert_yaxis()
    ax.set_xlim(0, total * 1.6)
    ax.set_xlabel("milliseconds since the pipeline started")
    ax.set_title(f"Release '{result.release}': {_verdict(result)}", loc="left", fontsize=11,
                 color=COLOURS["pass" if result.promoted else "fail"])
    ax.legend(handles=[Patch(color=c, label=s) for s, c in COLOURS.items()], loc="upper right",
              ncol=3, fontsize=8, frameon=False)  # inside: the top right is empty, the long title is not
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


def _verdict(result: PipelineResult) -> str:
    """What the pipeline decided, in the words of what actually happened."""
    if result.promoted:
        return "promote, now live"
    rollback = next((s for s in result.stages if s.name == "rollback"), None)
    if rollback is None or rollback.status == "skipped":  # it never reached deploy: nothing to undo
        return f"stopped before deploy, '{result.previous}' stays live"
    return f"roll back to '{result.previous}'"


def _skipped_label(stage) -> str:
    """``skipped: not reached``, ``skipped: nothing to undo``… (the why, without the details)."""
    why = (stage.detail or "").split(":")[0].strip()
    return f"skipped: {why}" if why else "skipped"


timeline_figure = pipeline_timeline
"""Another name for :func:`pipeline_timeline` (the deploy console looks for this one)."""
