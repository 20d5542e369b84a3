"""The governance council (presentation layer): set each policy's lifecycle and watch what blocks.

:func:`council_update` is the whole callback and a pure function: :func:`mesh_lab.governance.govern` on the
mesh with the chosen lifecycles, the strictness they add up to and what the organisation simulation says
about it (:func:`mesh_lab.governance.strictness`, :func:`mesh_lab.simulate.simulate`), and
:func:`mesh_lab.plots.governance.policy_heatmap`. :class:`PolicyCouncil` is a thin ipywidgets shell around
it: one dropdown per policy in ``.lifecycles`` (draft / warn / enforced) and the last answer in
``.result``, so a test sets ``council.lifecycles["sla-declared"].value = "draft"`` and reads ``.result``
without a browser. ``ipywidgets`` is imported only when a widget is built.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from matplotlib.figure import Figure

from mesh_lab.governance import (
    GLOBAL_POLICIES,
    LIFECYCLE,
    GovernanceError,
    GovernanceReport,
    Policy,
    govern,
    strictness,
)
from mesh_lab.mesh import Catalog, sample_mesh
from mesh_lab.plots.governance import policy_heatmap
from mesh_lab.simulate import simulate, summarize
from mesh_lab.widgets import show_figure


@dataclass
class CouncilView:
    """What the council sees for one set of lifecycles: the report, the strictness, the simulated
    organisation at that strictness, and the heatmap."""

    report: GovernanceReport
    strictness: float
    time_to_data: float
    consistency: float
    figure: Figure

    def headline(self) -> str:
        """What blocks, the mean score, and the simulated trade-off, in one line."""
        mean = self.report.scorecard()["score"].mean()
        blocked = sorted(set(self.report.blocking["product"]))
        state = f"❌ blocked: {', '.join(blocked)}" if blocked else "✅ nothing blocks"
        return (f"{state} · mean score {mean:.1f}/5 · strictness {self.strictness:.2f} → time-to-data "
                f"{self.time_to_data:.2f} weeks, consistency {self.consistency:.2f}")


def with_lifecycles(policies: Iterable[Policy], lifecycles: Mapping[str, str]) -> list[Policy]:
    """The policies, each moved to the lifecycle ``lifecycles`` names for its id (unnamed ones stay)."""
    policies = list(policies)
    unknown = sorted(set(lifecycles) - {p.id for p in policies})
    if unknown:
        raise GovernanceError(f"no policy with id {', '.join(unknown)}; known: {', '.join(p.id for p in policies)}")
    return [p.at(lifecycles[p.id]) if p.id in lifecycles else p for p in policies]


def council_update(mesh: Catalog, policies: Iterable[Policy], lifecycles: Mapping[str, str]) -> CouncilView:
    """The callback: govern the mesh with the chosen lifecycles, simulate the organisation at the
    strictness they add up to, and draw the heatmap."""
    chosen = with_lifecycles(policies, lifecycles)
    report = govern(mesh, chosen)
    level = strictness(chosen)
    summary = summarize(simulate(model="mesh", governance_strictness=level))["mesh"]
    return CouncilView(report, level, float(summary["mean time-to-data (weeks)"]), float(summary["consistency"]),
                       policy_heatmap(report))


class PolicyCouncil:
    """One dropdown per policy (draft / warn / enforced); every change re-governs the mesh and redraws."""

    def __init__(self, mesh: Catalog | None = None, policies: Iterable[Policy] | None = None):
        import ipywidgets as w

        self.mesh = sample_mesh() if mesh is None else mesh
        self.policies = list(GLOBAL_POLICIES if policies is None else policies)
        self.lifecycles = {p.id: w.Dropdown(options=list(LIFECYCLE), value=p.lifecycle, description=p.id,
                                            style={"description_width": "190px"}, layout={"width": "330px"})
                           for p in self.policies}
        for dropdown in self.lifecycles.values():
            dropdown.observe(lambda _change: self.refresh(), names="value")
        self.picture = w.Image(format="png")
        self.message = w.HTML()
        self.result: CouncilView | None = None
        controls = list(self.lifecycles.values())
        half = (len(controls) + 1) // 2
        self.box = w.VBox([w.HBox([w.VBox(controls[:half]), w.VBox(controls[half:])]), self.message, self.picture])
        self.refresh()

    def chosen(self) -> dict[str, str]:
        """Each policy id → the lifecycle its dropdown shows."""
        return {policy_id: dropdown.value for policy_id, dropdown in self.lifecycles.items()}

    def refresh(self) -> CouncilView:
        """Run the callback with the dropdowns' lifecycles and show its answer."""
        self.result = council_update(self.mesh, self.policies, self.chosen())
        show_figure(self.picture, self.result.figure, dpi=70)
        self.message.value = f"<b>{html.escape(self.result.headline())}</b>"
        return self.result

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def policy_council(mesh: Catalog | None = None, policies: Iterable[Policy] | None = None) -> PolicyCouncil:
    """A dropdown per policy of ``policies`` (default: the global ones) over ``mesh`` (default: the
    sample): move each through draft → warn → enforced and watch what blocks, the scores, and the
    organisation's time-to-data and consistency at that strictness."""
    return PolicyCouncil(mesh, policies)
