"""Sliders over the organisation simulation (presentation layer).

:func:`update` is the whole callback and a pure function: one call to
:func:`mesh_lab.simulate.simulate` and one call to :func:`mesh_lab.plots.mesh.central_vs_mesh`.
:class:`OrgSimulator` is a thin ipywidgets shell around it. It keeps its sliders in ``.sliders`` and
its last answer in ``.result``, so a test sets ``.sliders["n_domains"].value = 30`` and reads
``.result`` without a browser. ``ipywidgets`` is imported only when a widget is built.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from mesh_lab import report
from mesh_lab.errors import MeshLabError
from mesh_lab.plots.mesh import central_vs_mesh
from mesh_lab.simulate import SUMMARY_METRICS, OrgParams, make_params, simulate, summarize
from mesh_lab.widgets import figure_png

# parameter -> (minimum, maximum, step, slider label)
SLIDERS: dict[str, tuple[float, float, float, str]] = {
    "n_domains": (1, 50, 1, "domains"),
    "change_requests": (0.0, 10.0, 0.5, "changes / domain / week"),
    "central_capacity": (1.0, 100.0, 1.0, "central team: changes / week"),
    "domain_capacity": (0.5, 20.0, 0.5, "domain team: effort / week"),
    "platform_maturity": (0.0, 1.0, 0.05, "platform maturity"),
    "governance_strictness": (0.0, 1.0, 0.05, "governance strictness"),
    "knowledge_distance": (0.0, 1.0, 0.05, "knowledge distance"),
}
TEEN_CONTROLS = ("n_domains", "change_requests", "central_capacity")
# The 🧑‍🎓 level meets the queue only: how much waits, and how long a wait is. Correctness, consistency and
# duplicated work are explained at the 👨‍💻 level, so the teen table leaves them out.
TEEN_ROWS = ("final backlog (changes)", "mean time-to-data (weeks)")
# One panel keeps a redraw within budget; the backlog is proportional to it and is in the headline and table.
WIDGET_METRICS = ("time_to_data",)


@dataclass
class OrgView:
    """What the simulator shows for one set of parameters: the weekly frame, its summary, the figure."""

    params: OrgParams
    frame: pd.DataFrame
    summary: pd.DataFrame
    figure: Figure
    rows: tuple[str, ...] | None = None  # summary rows to show (None: all of them)

    def shown_summary(self) -> pd.DataFrame:
        """The summary rows this view shows (``rows``), in that order."""
        return self.summary if self.rows is None else self.summary.loc[list(self.rows)]

    def headline(self) -> str:
        """One sentence comparing the two organisations after the last week (only what the view shows)."""
        s = self.summary
        key = "mean time-to-data (weeks)"
        text = (f"After {self.params.weeks} weeks: central backlog {s.loc['final backlog (changes)', 'central']:.0f}, "
                f"mesh backlog {s.loc['final backlog (changes)', 'mesh']:.0f}; time-to-data "
                f"{s.loc[key, 'central']:.1f} vs {s.loc[key, 'mesh']:.1f} weeks")
        if self.rows is None or "consistency" in self.rows:
            text += (f"; consistency {s.loc['consistency', 'central']:.2f} vs "
                     f"{s.loc['consistency', 'mesh']:.2f}")
        return text + "."

    def __repr__(self) -> str:
        return f"OrgView({self.headline()})"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.headline())}</p>" + summary_html(self.shown_summary())


# The simulator's picture is drawn at this many pixels per inch and shown at exactly its own size: an
# ipywidgets Image wider than its PNG stretches it (soft lines, blurred text).
DISPLAY_DPI = 96


def readable_number(value: float) -> str:
    """``298.0`` → ``"298"``, ``24.2`` → ``"24.20"``, ``0.8667`` → ``"0.87"``: no false precision."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def summary_html(summary: pd.DataFrame) -> str:
    """The summary as the kit's table (:func:`mesh_lab.report.table_html`): the metric in words on the
    left, readable numbers on the right, never a raw ``298.000``."""
    first = summary.index.name or summary.columns.name or "metric"
    columns = [str(first), *map(str, summary.columns)]
    rows = [(str(metric), *(readable_number(v) if isinstance(v, (int, float)) else v for v in values))
            for metric, values in zip(summary.index, summary.to_numpy().tolist(), strict=True)]
    return report.table_html(columns, rows, numeric_columns=columns[1:])


@dataclass
class SummaryTable:
    """A summary frame (``compare()``, ``summarize()``) shown with readable numbers; ``.frame`` holds it."""

    frame: pd.DataFrame

    def __repr__(self) -> str:
        return self.frame.to_string(float_format=readable_number)

    def _repr_html_(self) -> str:
        return summary_html(self.frame)


def readable(summary: pd.DataFrame) -> SummaryTable:
    """Show a simulation summary with readable numbers: ``readable(compare(n_domains=8))``."""
    return SummaryTable(summary)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels of a PNG, read from its header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def update(params: OrgParams | None = None, **values) -> OrgView:
    """The callback: simulate once with ``values`` and draw the central-versus-mesh figure once."""
    checked = make_params(params, **values)
    frame = simulate(checked)
    return OrgView(checked, frame, summarize(frame), central_vs_mesh(frame, WIDGET_METRICS))


class OrgSimulator:
    """Sliders over :func:`update`; every change redraws the comparison and its summary table."""

    def __init__(self, controls: Iterable[str] | None = None, params: OrgParams | None = None,
                 rows: Iterable[str] | None = None, **values):
        import ipywidgets as w

        self.base = make_params(params, **values)
        self.rows = None if rows is None else tuple(rows)
        unknown_rows = [r for r in self.rows or () if r not in SUMMARY_METRICS]
        if unknown_rows:
            raise MeshLabError(f"unknown summary row(s) {', '.join(unknown_rows)}. "
                               f"Choose from: {', '.join(SUMMARY_METRICS)}.")
        names = list(SLIDERS) if controls is None else list(controls)
        unknown = [n for n in names if n not in SLIDERS]
        if unknown:
            raise MeshLabError(f"unknown slider(s) {', '.join(unknown)}. Choose from: {', '.join(SLIDERS)}.")
        self.sliders = {name: self._slider(w, name) for name in names}
        self.picture = w.Image(format="png")
        self.table = w.HTML()
        self.message = w.HTML()
        self.result: OrgView | None = None
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.box = w.VBox([w.VBox(list(self.sliders.values())), self.message, self.picture, self.table])
        self.refresh()

    def _slider(self, w, name: str):
        low, high, step, label = SLIDERS[name]
        value = getattr(self.base, name)
        value = min(max(value, low), high)
        cls = w.IntSlider if name == "n_domains" else w.FloatSlider
        return cls(value=value, min=low, max=high, step=step, description=label, continuous_update=False,
                   style={"description_width": "200px"}, layout={"width": "520px"})

    def values(self) -> dict[str, float]:
        """The sliders' current values by parameter name."""
        return {name: slider.value for name, slider in self.sliders.items()}

    def refresh(self) -> OrgView:
        """Run the callback with the current slider values and show its answer."""
        self.result = update(self.base, **self.values())
        self.result.rows = self.rows
        png = figure_png(self.result.figure, dpi=DISPLAY_DPI)
        width, height = png_size(png)
        self.picture.value = png
        self.picture.width, self.picture.height = str(width), str(height)
        self.message.value = f"<b>{html.escape(self.result.headline())}</b>"
        self.table.value = summary_html(self.result.shown_summary())
        return self.result

    def _on_change(self, _change) -> None:
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def org_simulator(controls: Iterable[str] | None = None, rows: Iterable[str] | None = None,
                  **values) -> OrgSimulator:
    """Sliders over the central-versus-mesh simulation.

    ``controls`` picks which sliders to show, ``rows`` which summary rows (e.g. ``TEEN_ROWS``).
    """
    return OrgSimulator(controls, rows=rows, **values)
