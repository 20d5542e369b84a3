"""Sliders over the organisation simulation (presentation layer).

:func:`update` is the whole callback and a pure function: one call to
:func:`mesh_lab.simulate.simulate` and one call to :func:`mesh_lab.plots.mesh.central_vs_mesh`.
:class:`OrgSimulator` is a thin ipywidgets shell around it. It keeps its sliders in ``.sliders`` and
its last answer in ``.result``, so a test sets ``.sliders["n_domains"].value = 30`` and reads
``.result`` without a browser. ``ipywidgets`` is imported only when a widget is built.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from mesh_lab.errors import MeshLabError
from mesh_lab.plots.mesh import central_vs_mesh
from mesh_lab.simulate import OrgParams, make_params, simulate, summarize

# parameter -> (minimum, maximum, step, slider label)
SLIDERS: dict[str, tuple[float, float, float, str]] = {
    "n_domains": (1, 50, 1, "domains"),
    "change_requests": (0.0, 10.0, 0.5, "changes / domain / week"),
    "central_capacity": (1.0, 100.0, 1.0, "central team capacity"),
    "domain_capacity": (0.5, 20.0, 0.5, "domain team capacity"),
    "platform_maturity": (0.0, 1.0, 0.05, "platform maturity"),
    "governance_strictness": (0.0, 1.0, 0.05, "governance strictness"),
    "knowledge_distance": (0.0, 1.0, 0.05, "knowledge distance"),
}
TEEN_CONTROLS = ("n_domains", "change_requests", "central_capacity")
# One panel keeps a redraw within budget; the backlog is proportional to it and is in the headline and table.
WIDGET_METRICS = ("time_to_data",)


@dataclass
class OrgView:
    """What the simulator shows for one set of parameters: the weekly frame, its summary, the figure."""

    params: OrgParams
    frame: pd.DataFrame
    summary: pd.DataFrame
    figure: Figure

    def headline(self) -> str:
        """One sentence comparing the two organisations after the last week."""
        s = self.summary
        key = "mean time-to-data (weeks)"
        return (f"After {self.params.weeks} weeks: central backlog {s.loc['final backlog (changes)', 'central']:.0f}, "
                f"mesh backlog {s.loc['final backlog (changes)', 'mesh']:.0f}; time-to-data "
                f"{s.loc[key, 'central']:.1f} vs {s.loc[key, 'mesh']:.1f} weeks; consistency "
                f"{s.loc['consistency', 'central']:.2f} vs {s.loc['consistency', 'mesh']:.2f}.")

    def __repr__(self) -> str:
        return f"OrgView({self.headline()})"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.headline())}</p>" + self.summary.to_html()


def update(params: OrgParams | None = None, **values) -> OrgView:
    """The callback: simulate once with ``values`` and draw the central-versus-mesh figure once."""
    checked = make_params(params, **values)
    frame = simulate(checked)
    return OrgView(checked, frame, summarize(frame), central_vs_mesh(frame, WIDGET_METRICS))


def figure_png(fig: Figure) -> bytes:
    """Render a matplotlib figure to PNG bytes (what an ``ipywidgets.Image`` shows)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    return buffer.getvalue()


class OrgSimulator:
    """Sliders over :func:`update`; every change redraws the comparison and its summary table."""

    def __init__(self, controls: Iterable[str] | None = None, params: OrgParams | None = None, **values):
        import ipywidgets as w

        self.base = make_params(params, **values)
        names = list(SLIDERS) if controls is None else list(controls)
        unknown = [n for n in names if n not in SLIDERS]
        if unknown:
            raise MeshLabError(f"unknown slider(s) {', '.join(unknown)}. Choose from: {', '.join(SLIDERS)}.")
        self.sliders = {name: self._slider(w, name) for name in names}
        self.picture = w.Image(format="png", width=480)
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
                   style={"description_width": "170px"}, layout={"width": "480px"})

    def values(self) -> dict[str, float]:
        """The sliders' current values by parameter name."""
        return {name: slider.value for name, slider in self.sliders.items()}

    def refresh(self) -> OrgView:
        """Run the callback with the current slider values and show its answer."""
        self.result = update(self.base, **self.values())
        self.picture.value = figure_png(self.result.figure)
        self.message.value = f"<b>{html.escape(self.result.headline())}</b>"
        self.table.value = self.result.summary.to_html()
        return self.result

    def _on_change(self, _change) -> None:
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def org_simulator(controls: Iterable[str] | None = None, **values) -> OrgSimulator:
    """Sliders over the central-versus-mesh simulation; ``controls`` picks which sliders to show."""
    return OrgSimulator(controls, **values)
