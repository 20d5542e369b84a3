"""Smoke-testing toys for each level (presentation layer).

* 👶 :func:`toy_switch` — switch a toy on: does it turn on at all?
  The pure function :func:`press_power_button` decides; the widget only shows it.
* 🧑‍🎓 :func:`reel_preview` — preview a Reel (sound, video, captions) before posting.
  The pure function :func:`preview_reel` decides: post it or fix it first.
* 👨‍💻 :func:`deploy_console` — pick a release, deploy it, watch the smoke run, promote or roll back.
  Its callback calls :func:`mesh_lab.pipeline.run_pipeline` once and renders the result.

Every widget keeps its controls as attributes and its last answer in ``.result``, so a test can set
``.value`` and call ``.button.click()`` without a browser. ``ipywidgets`` is imported only when a
widget is built: the pure functions stay cheap to import.
"""

from __future__ import annotations

import html
import threading

from mesh_lab.toys import (
    REEL_CHECKS,
    REELS,
    TOYS,
    PowerResult,
    PreviewOutcome,
    lookup,
    press_power_button,
    preview_reel,
)
from mesh_lab.widgets import figure_png

# shared widget helpers -------------------------------------------------------------------------


def fit_to_text(w, **layout):
    """A layout as wide as the control's own text: ipywidgets gives a button, a toggle button or a dropdown
    148–390 px whatever its label, and cuts the rest off ("Press the pow…"). ``max_width`` keeps it
    inside the notebook's column when the window is narrow."""
    return w.Layout(width="max-content", max_width="100%", **layout)


def show_png(image, png: bytes) -> None:
    """Put PNG bytes into an ``ipywidgets.Image``; hide the image while there is nothing to show."""
    image.value = png
    image.layout.display = "" if png else "none"


class _Shell:
    """Base of the widgets: shows ``self.box`` in JupyterLab and a short text elsewhere."""

    box = None
    no_widgets = ""
    """What to type instead where widgets cannot show (a terminal, a static viewer, nbval)."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = self.plain_text()
        return bundle

    def plain_text(self) -> str:
        """The widget as text: what it is, its last result, and how to do the same without widgets."""
        lines = [(type(self).__doc__ or type(self).__name__).strip().splitlines()[0]]
        if getattr(self, "result", None) is not None:
            lines.append(f"Last result: {self.result!r}")
        if self.no_widgets:
            lines.append(f"No buttons showing? {self.no_widgets}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: last result {getattr(self, 'result', None)!r}>"


# 👶 the toy widget -------------------------------------------------------------------------------

class ToySwitch(_Shell):
    """Pick a toy, press its power button, see whether it turns on (one press, one answer)."""

    no_widgets = 'Type press_power_button("robot") (or another toy\'s name) in a cell.'

    def __init__(self, toy: str = "robot"):
        import ipywidgets as w

        from mesh_lab.plots.smoke import toy_figure

        self._figure = toy_figure
        self.toy_picker = w.Dropdown(options=[(f"{t.emoji} {t.name}", t.name) for t in TOYS.values()],
                                     value=lookup(toy, TOYS, "toy").name, description="Toy:",
                                     layout=fit_to_text(w))
        self.button = w.Button(description="Press the power button", icon="power-off", button_style="warning",
                               layout=fit_to_text(w))
        self.message = w.HTML()
        self.picture = w.Image(format="png", width=260)
        self.result: PowerResult | None = None
        self.button.on_click(self.press)
        self.toy_picker.observe(self._reset, names="value")
        self.box = w.VBox([w.HBox([self.toy_picker, self.button], layout=w.Layout(flex_flow="row wrap")),
                           self.picture, self.message])
        self._reset()

    def _reset(self, _change=None) -> None:
        self.result = None
        show_png(self.picture, b"")
        toy = TOYS[self.toy_picker.value]
        self.message.value = f"{html.escape(toy.emoji)} Press the button to see if the {toy.name} turns on."

    def press(self, _button=None) -> PowerResult:
        """Press the button on the chosen toy and show what happens."""
        self.result = press_power_button(self.toy_picker.value)
        show_png(self.picture, figure_png(self._figure(self.result)))
        self.message.value = self.result._repr_html_()
        return self.result


def toy_switch(toy: str = "robot") -> ToySwitch:
    """👶 A toy box: pick a toy and press its power button. Does it turn on at all?"""
    return ToySwitch(toy)


# 🧑‍🎓 the Reel preview widget ----------------------------------------------------------------------

class ReelPreview(_Shell):
    """Pick a Reel, tick the checks you do in your preview, and decide: post it or fix it."""

    no_widgets = 'Type preview_reel("pet", checks=["video"]) in a cell.'

    def __init__(self, reel: str = "dance"):
        import ipywidgets as w

        from mesh_lab.plots.smoke import reel_figure

        self._figure = reel_figure
        self.reel_picker = w.Dropdown(
            options=[(f"{r.emoji} {r.name} — {r.about}", r.name) for r in REELS.values()],
            value=lookup(reel, REELS, "Reel").name, description="Reel:", layout=fit_to_text(w))
        self.check_boxes = {name: w.Checkbox(value=True, description=label, indent=False)
                            for name, label in REEL_CHECKS.items()}
        self.button = w.Button(description="Preview, then decide", icon="play", button_style="info",
                               layout=fit_to_text(w))
        self.message = w.HTML()
        self.picture = w.Image(format="png", width=240, layout=w.Layout(display="none"))
        self.result: PreviewOutcome | None = None
        self.button.on_click(self.preview)
        self.reel_picker.observe(self._reset, names="value")
        self.box = w.VBox([self.reel_picker, w.HTML("<b>In my preview I check that…</b>"),
                           *self.check_boxes.values(), self.button, self.picture, self.message])

    def _reset(self, _change=None) -> None:
        self.result = None
        show_png(self.picture, b"")
        self.message.value = ""

    @property
    def checks(self) -> tuple[str, ...]:
        """The checks currently ticked."""
        return tuple(name for name, box in self.check_boxes.items() if box.value)

    def preview(self, _button=None) -> PreviewOutcome:
        """Preview the chosen Reel with the ticked checks and show the decision."""
        self.result = preview_reel(self.reel_picker.value, self.checks)
        show_png(self.picture, figure_png(self._figure(self.result)))
        self.message.value = self.result._repr_html_()
        return self.result


def reel_preview(reel: str = "dance") -> ReelPreview:
    """🧑‍🎓 Preview a Reel before posting: sound, video, captions. Post it or fix it?"""
    return ReelPreview(reel)


# 👨‍💻 the deploy console ----------------------------------------------------------------------------

GATES: dict[str, str] = {
    "smoke": "🔥 smoke suite",
    "health": "🩺 boot + /health only",
}
"""What the pipeline's smoke gates run: the full smoke suite, or only a health check."""


def gate_suite(gate: str):
    """The suite a pipeline gate runs: ``"smoke"`` (the default suite) or ``"health"`` (boot + /health)."""
    from mesh_lab.smoke import SmokeSuite, default_checks, default_suite

    lookup(gate, GATES, "gate")
    if gate == "smoke":
        return default_suite()
    checks = [c for c in default_checks() if c.category in {"boot", "health"}]
    return SmokeSuite("health check only", checks)


def deploy(release: str, seed: int = 0, gate: str = "smoke"):
    """Run the pipeline for ``release`` with the chosen gate (one call of ``run_pipeline``)."""
    from mesh_lab.pipeline import run_pipeline

    return run_pipeline(release, seed=seed, suite=gate_suite(gate))


class DeployConsole(_Shell):
    """Pick a release, deploy it through the pipeline, watch the smoke run, see promote or roll back.

    The Deploy button calls :func:`deploy` (one ``run_pipeline``). The pipeline starts and stops
    the demo service itself, with a context manager's discipline, so nothing keeps running after a
    click; a problem is shown in the console, never raised into the notebook.
    """

    no_widgets = 'Type run_pipeline("broken_login") (from mesh_lab.pipeline import run_pipeline) in a cell.'

    def __init__(self, release: str = "healthy", seed: int = 0, gate: str = "smoke"):
        import ipywidgets as w

        from mesh_lab.plots.smoke import smoke_run_figure
        from mesh_lab.service import RELEASES

        lookup(release, RELEASES, "release")
        lookup(gate, GATES, "gate")
        self._figure = smoke_run_figure
        self.release_picker = w.Dropdown(options=[(f"{name} — {about}", name)
                                                  for name, about in RELEASES.items()],
                                         value=release, description="Release:", layout=fit_to_text(w))
        self.gate = w.ToggleButtons(options=[(label, key) for key, label in GATES.items()], value=gate,
                                    description="Gate:", style={"button_width": "max-content"},
                                    layout=fit_to_text(w, display="flex", align_items="center"))
        self.seed = w.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="Seed:",
                                     style={"description_width": "initial"}, layout=w.Layout(width="150px"))
        self.button = w.Button(description="Deploy", icon="rocket", button_style="primary",
                               layout=fit_to_text(w))
        self.status = w.HTML("Pick a release and press <b>Deploy</b>.")
        self.report = w.HTML()
        self.picture = w.Image(format="png", width=560, layout=w.Layout(display="none"))
        self.timeline = w.Image(format="png", width=640, layout=w.Layout(display="none"))
        self.result = None
        self.error: str | None = None
        self._busy = threading.Lock()
        self.button.on_click(self.deploy)
        controls = w.HBox([self.gate, self.seed, self.button],
                          layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.box = w.VBox([self.release_picker, controls,
                           self.status, self.timeline, self.picture, self.report])

    def deploy(self, _button=None):
        """Run the pipeline for the chosen release and render its smoke runs and decision."""
        if not self._busy.acquire(blocking=False):
            self.status.value = "⏳ A deploy is already running; wait for it to finish."
            return self.result
        try:
            self.button.disabled = True
            self.status.value = f"🚀 Deploying <code>{html.escape(self.release_picker.value)}</code>…"
            self.result, self.error = None, None
            self.result = deploy(self.release_picker.value, int(self.seed.value), self.gate.value)
            self._render(self.result)
        except Exception as exc:  # the console must never crash the notebook
            self.error = f"{type(exc).__name__}: {exc}"
            self.status.value = (f"💥 The console could not run the pipeline: {html.escape(self.error)}. "
                                 "Try another release, or restart the kernel if it keeps happening.")
            self.report.value = ""
            show_png(self.picture, b"")
            show_png(self.timeline, b"")
        finally:
            self.button.disabled = False
            self._busy.release()
        return self.result

    def _render(self, result) -> None:
        promoted = result.decision == "promote"
        icon = "🚀" if promoted else "↩️"
        self.status.value = (f"{icon} <b>{html.escape(result.decision.upper())}</b> "
                             f"<code>{html.escape(result.release)}</code> "
                             f"(gate: {html.escape(GATES[self.gate.value])}): {html.escape(result.reason)}"
                             + (HEALTH_GATE_CAVEAT if promoted and self.gate.value == "health" else ""))
        runs = [(stage.name, stage.smoke) for stage in result.stages if stage.smoke is not None]
        details = "".join(f"<details><summary>{html.escape(name)}</summary>{run._repr_html_()}</details>"
                          for name, run in runs)
        self.report.value = result._repr_html_() + details
        show_png(self.timeline, _timeline_png(result))
        if runs:
            name, run = _deciding_run(runs)
            show_png(self.picture, figure_png(self._figure(run, title=f"{result.release}: {name}")))
        else:
            show_png(self.picture, b"")


HEALTH_GATE_CAVEAT = ("<br>⚠️ This gate ran only boot and <code>/health</code>, not the login → dashboard "
                      "journey: it cannot tell you whether users can log in.")


def _deciding_run(runs):
    """The smoke run that decided: the first one that did not pass, else the last one."""
    return next(((name, run) for name, run in runs if not run.passed), runs[-1])


def _timeline_png(result) -> bytes:
    try:
        from mesh_lab.plots import pipeline as pipeline_plots
    except ImportError:
        return b""
    import matplotlib.pyplot as plt

    draw = getattr(pipeline_plots, "timeline_figure", None)
    if draw is None:
        return b""
    fig = draw(result)
    try:
        return figure_png(fig)
    finally:
        plt.close(fig)  # shown as PNG in the console; left open it would pop up again under a later cell


def deploy_console(release: str = "healthy", seed: int = 0, gate: str = "smoke") -> DeployConsole:
    """👨‍💻 A deploy console: pick a release and a gate, deploy, watch the smoke run, promote or roll back."""
    return DeployConsole(release, seed, gate)
