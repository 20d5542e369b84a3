"""👨‍💻 The flakiness lab as a widget: pick a policy, slide the UI check's flake rate, watch the weeks.

Its callback makes one core call (:func:`mesh_lab.flakiness.simulate_flakiness`) and one plot call
(:func:`mesh_lab.plots.flakiness.flake_curves`). The controls are attributes and the last simulation is
``.result``, so a test sets ``.policy.value`` / ``.flake_rate.value`` and reads ``.result`` without a
browser. ``ipywidgets`` is imported only when the widget is built.
"""

from __future__ import annotations

import dataclasses
import html

from mesh_lab.flakiness import DEFAULT_SUITE, FlakyCheck, simulate_flakiness
from mesh_lab.widgets import show_figure
from mesh_lab.widgets.smoke import _Shell, fit_to_text

__all__ = ["POLICIES", "FlakinessLab", "flakiness_lab", "suite_with_flake_rate"]

POLICIES = ("no-rerun", "rerun-1", "rerun-2", "quarantine")
JOURNEY = "login → dashboard"


def suite_with_flake_rate(rate: float, checks: tuple[FlakyCheck, ...] = DEFAULT_SUITE) -> tuple[FlakyCheck, ...]:
    """The suite with the UI journey check's flake rate set to ``rate`` (the others unchanged)."""
    return tuple(dataclasses.replace(c, flake_rate=rate) if c.name == JOURNEY else c for c in checks)


class FlakinessLab(_Shell):
    """Pick a policy and the UI check's flake rate; see false alarms and escaped faults week by week."""

    no_widgets = 'Type simulate_flakiness("rerun-1") (from mesh_lab.flakiness import simulate_flakiness) in a cell.'

    def __init__(self, policy: str = "no-rerun", flake_rate: float = 0.03, seed: int = 0):
        import ipywidgets as w

        from mesh_lab.plots.flakiness import flake_curves

        self._figure = flake_curves
        self.seed = seed
        self.policy = w.Dropdown(options=list(POLICIES), value=policy, description="Policy:", layout=fit_to_text(w))
        self.flake_rate = w.FloatSlider(value=flake_rate, min=0.0, max=0.2, step=0.01, readout_format=".0%",
                                        description="UI check flakes:", style={"description_width": "initial"},
                                        continuous_update=False)
        self.message = w.HTML()
        self.picture = w.Image(format="png")
        self.result = None
        self.policy.observe(self.update, names="value")
        self.flake_rate.observe(self.update, names="value")
        self.box = w.VBox([w.HBox([self.policy, self.flake_rate], layout=w.Layout(flex_flow="row wrap")),
                           self.message, self.picture])
        self.update()

    def update(self, _change=None):
        """Simulate the chosen policy and flake rate, then redraw."""
        import matplotlib.pyplot as plt

        self.result = simulate_flakiness(self.policy.value, suite_with_flake_rate(float(self.flake_rate.value)),
                                         seed=self.seed)
        fig = self._figure(self.result)
        try:
            show_figure(self.picture, fig, dpi=90)
        finally:
            plt.close(fig)
        weeks = self.result
        self.message.value = (
            f"<b>{html.escape(self.policy.value)}</b>, UI check flaking {self.flake_rate.value:.0%} of runs: "
            f"{weeks['false_alarms'].mean():.2f} false alarms a week, "
            f"{int(weeks['faults_escaped'].sum())} real fault(s) escaped in {len(weeks)} weeks, "
            f"{weeks['minutes'].mean():.1f} pipeline minutes a week.")
        return self.result


def flakiness_lab(policy: str = "no-rerun", flake_rate: float = 0.03, seed: int = 0) -> FlakinessLab:
    """👨‍💻 The flakiness lab: a policy dropdown and a flake-rate slider over twelve weeks of runs."""
    return FlakinessLab(policy, flake_rate, seed)
