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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mesh_lab.errors import MeshLabError
from mesh_lab.widgets import figure_png

# 👶 Kid — the toy that turns on (or does not) ----------------------------------------------------

BATTERY_STATES = ("full", "empty", "missing")


@dataclass(frozen=True)
class Toy:
    """A toy in the toy box. ``hidden_problem`` is something one press of the button cannot show."""

    name: str
    emoji: str
    color: str
    battery: str = "full"
    wires_ok: bool = True
    hidden_problem: str | None = None

    def __post_init__(self):
        if self.battery not in BATTERY_STATES:
            raise MeshLabError(f"Toy {self.name!r}: battery must be one of {', '.join(BATTERY_STATES)}, "
                               f"found {self.battery!r}.")


TOYS: dict[str, Toy] = {
    toy.name: toy
    for toy in (
        Toy("robot", "🤖", "#90caf9"),
        Toy("race car", "🏎️", "#ef9a9a", battery="empty"),
        Toy("music box", "🎵", "#ce93d8", battery="missing"),
        Toy("dino", "🦖", "#a5d6a7", hidden_problem="its roar button is stuck"),
        Toy("spaceship", "🚀", "#ffe082", wires_ok=False),
    )
}


@dataclass(frozen=True)
class PowerResult:
    """What happened when you pressed the toy's power button once."""

    toy: Toy
    turns_on: bool
    reason: str

    def __repr__(self) -> str:
        light = "turns on" if self.turns_on else "does NOT turn on"
        return f"<PowerResult {self.toy.emoji} {self.toy.name}: {light} — {self.reason}>"

    def _repr_html_(self) -> str:
        color = "#2e7d32" if self.turns_on else "#c62828"
        icon = "💡" if self.turns_on else "⚫"
        return (f'<div style="border-left:6px solid {color};padding:4px 10px">'
                f"{icon} <b>{html.escape(self.toy.emoji)} {html.escape(self.toy.name)}</b>: "
                f"{html.escape(self.reason)}</div>")


def _lookup(name_or_item, catalogue: Mapping[str, object], kind: str):
    if not isinstance(name_or_item, str):
        return name_or_item
    if name_or_item not in catalogue:
        raise MeshLabError(f"There is no {kind} called {name_or_item!r}. "
                           f"Pick one of: {', '.join(repr(n) for n in catalogue)}.")
    return catalogue[name_or_item]


def press_power_button(toy: Toy | str) -> PowerResult:
    """Press the power button once: does the toy turn on at all? (A smoke test for a toy.)

    It only answers that one question. A toy that turns on may still have a hidden problem.
    """
    toy = _lookup(toy, TOYS, "toy")
    if toy.battery == "missing":
        return PowerResult(toy, False, "Nothing happens. There is no battery inside. Put one in first.")
    if toy.battery == "empty":
        return PowerResult(toy, False, "Nothing happens. The battery is empty. Charge it first.")
    if not toy.wires_ok:
        return PowerResult(toy, False, "Nothing happens. A wire inside is loose. Fix it first.")
    return PowerResult(toy, True, "The light comes on. It works! Time to play.")


# 🧑‍🎓 Teen — the Reel preview before you post ----------------------------------------------------

REEL_CHECKS: dict[str, str] = {
    "sound": "🔊 the sound plays",
    "video": "🎬 the video plays (not frozen, not black)",
    "captions": "💬 the captions match what you say",
}


@dataclass(frozen=True)
class Reel:
    """A Reel you are about to post. ``problems`` holds the checks it would fail."""

    name: str
    emoji: str
    about: str
    problems: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self):
        unknown = set(self.problems) - set(REEL_CHECKS)
        if unknown:
            raise MeshLabError(f"Reel {self.name!r}: unknown problem(s) {sorted(unknown)}; "
                               f"use {', '.join(REEL_CHECKS)}.")


REELS: dict[str, Reel] = {
    reel.name: reel
    for reel in (
        Reel("dance", "💃", "a 15-second dance to a trending song"),
        Reel("recipe", "🍝", "pasta in 30 seconds — the mic was muted", frozenset({"sound"})),
        Reel("skate", "🛹", "a kickflip — the export froze at 0:03", frozenset({"video"})),
        Reel("vlog", "🎒", "first day at school — captions from another clip", frozenset({"captions"})),
        Reel("pet", "🐶", "the dog learns a trick — muted, and the captions are wrong",
             frozenset({"sound", "captions"})),
    )
}


@dataclass(frozen=True)
class PreviewOutcome:
    """What a preview found, what it missed, and the decision: ``"post"`` or ``"fix"``."""

    reel: Reel
    checked: tuple[str, ...]
    found: tuple[str, ...]
    missed: tuple[str, ...]
    decision: str
    message: str
    checks: Mapping[str, str] = field(default_factory=lambda: dict(REEL_CHECKS))

    @property
    def posted_broken(self) -> bool:
        """True when the Reel goes live with a problem the preview skipped."""
        return self.decision == "post" and bool(self.missed)

    def __repr__(self) -> str:
        return (f"<PreviewOutcome {self.reel.emoji} {self.reel.name}: {self.decision.upper()} "
                f"(checked {', '.join(self.checked) or 'nothing'}; found {', '.join(self.found) or 'nothing'})"
                f" — {self.message}>")

    def _repr_html_(self) -> str:
        color = "#c62828" if self.decision == "fix" or self.posted_broken else "#2e7d32"
        return (f'<div style="border-left:6px solid {color};padding:4px 10px">'
                f"<b>{html.escape(self.reel.emoji)} {html.escape(self.reel.name)}</b> → "
                f"<b>{self.decision.upper()}</b>: {html.escape(self.message)}</div>")


def _clean_checks(checks: Iterable[str]) -> tuple[str, ...]:
    if isinstance(checks, str):
        checks = [checks]
    if not isinstance(checks, Iterable):
        raise MeshLabError(f"checks must be a list of check names, such as ['sound', 'video']; "
                           f"found {type(checks).__name__} {checks!r}.")
    chosen = []
    for name in checks:
        if name not in REEL_CHECKS:
            raise MeshLabError(f"Unknown preview check {name!r}. Use any of: {', '.join(REEL_CHECKS)}.")
        if name not in chosen:
            chosen.append(name)
    return tuple(name for name in REEL_CHECKS if name in chosen)


def preview_reel(reel: Reel | str, checks: Iterable[str] = tuple(REEL_CHECKS)) -> PreviewOutcome:
    """Preview a Reel once, looking only at ``checks``; decide whether to post it or fix it first.

    A problem you looked for is found, so you fix it. A problem you skipped goes live with the post.
    """
    reel = _lookup(reel, REELS, "Reel")
    checked = _clean_checks(checks)
    found = tuple(c for c in checked if c in reel.problems)
    missed = tuple(c for c in REEL_CHECKS if c in reel.problems and c not in checked)
    if found:
        return PreviewOutcome(reel, checked, found, missed, "fix",
                              f"Fix it before posting: {_problem_words(found)}.")
    if missed:
        skipped = "those checks" if len(missed) > 1 else "that check"
        return PreviewOutcome(reel, checked, found, missed, "post",
                              f"Posted… but {_problem_words(missed)}. You skipped {skipped}, "
                              "so your followers found it for you.")
    if len(checked) < len(REEL_CHECKS):
        return PreviewOutcome(reel, checked, found, missed, "post",
                              f"Posted, and it was fine — this time. {_skipped_words(len(REEL_CHECKS) - len(checked))}"
                              " and got lucky.")
    return PreviewOutcome(reel, checked, found, missed, "post",
                          "Sound, video and captions all work. Post it! 🚀")


def _skipped_words(skipped: int) -> str:
    if skipped == len(REEL_CHECKS):
        return "You checked nothing"
    return "You skipped a check" if skipped == 1 else f"You skipped {skipped} checks"


_PROBLEM_WORDS = {
    "sound": "there is no sound",
    "video": "the video freezes",
    "captions": "the captions are wrong",
}


def _problem_words(names: Iterable[str]) -> str:
    return " and ".join(_PROBLEM_WORDS[n] for n in names)


# shared widget helpers -------------------------------------------------------------------------



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
                                     value=_lookup(toy, TOYS, "toy").name, description="Toy:")
        self.button = w.Button(description="Press the power button", icon="power-off", button_style="warning")
        self.message = w.HTML()
        self.picture = w.Image(format="png", width=260)
        self.result: PowerResult | None = None
        self.button.on_click(self.press)
        self.toy_picker.observe(self._reset, names="value")
        self.box = w.VBox([w.HBox([self.toy_picker, self.button]), self.picture, self.message])
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
            value=_lookup(reel, REELS, "Reel").name, description="Reel:", layout=w.Layout(width="480px"))
        self.check_boxes = {name: w.Checkbox(value=True, description=label, indent=False)
                            for name, label in REEL_CHECKS.items()}
        self.button = w.Button(description="Preview, then decide", icon="play", button_style="info")
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

    _lookup(gate, GATES, "gate")
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

        _lookup(release, RELEASES, "release")
        _lookup(gate, GATES, "gate")
        self._figure = smoke_run_figure
        self.release_picker = w.Dropdown(options=[(f"{name} — {about}", name) for name, about in RELEASES.items()],
                                         value=release, description="Release:", layout=w.Layout(width="600px"))
        self.gate = w.ToggleButtons(options=[(label, key) for key, label in GATES.items()], value=gate,
                                    description="Gate:")
        self.seed = w.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="Seed:",
                                     layout=w.Layout(width="160px"))
        self.button = w.Button(description="Deploy", icon="rocket", button_style="primary")
        self.status = w.HTML("Pick a release and press <b>Deploy</b>.")
        self.report = w.HTML()
        self.picture = w.Image(format="png", width=560, layout=w.Layout(display="none"))
        self.timeline = w.Image(format="png", width=640, layout=w.Layout(display="none"))
        self.result = None
        self.error: str | None = None
        self._busy = threading.Lock()
        self.button.on_click(self.deploy)
        self.box = w.VBox([self.release_picker, w.HBox([self.gate, self.seed, self.button]),
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
