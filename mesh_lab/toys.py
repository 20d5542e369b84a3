"""The toys of the smoke-testing story: a toy that turns on (👶) and a Reel you preview (🧑‍🎓).

Pure models with no display code: :func:`press_power_button` decides whether a toy turns on at all,
:func:`preview_reel` decides whether a Reel is posted or fixed first. The widgets in
:mod:`mesh_lab.widgets.smoke` only show what these functions answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mesh_lab import report
from mesh_lab.errors import MeshLabError

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
        icon = "💡" if self.turns_on else "⚫"
        return report.verdict_html(report.status_of(self.turns_on), f"{icon} {self.toy.emoji} {self.toy.name}",
                                   self.reason)


def lookup(name_or_item, catalogue: Mapping[str, object], kind: str):
    """The item called ``name_or_item`` in ``catalogue`` (an item passes through); a clear error if unknown."""
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
    toy = lookup(toy, TOYS, "toy")
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
        ok = not (self.decision == "fix" or self.posted_broken)
        return report.verdict_html(report.status_of(ok),
                                   f"{self.reel.emoji} {self.reel.name} → {self.decision.upper()}", self.message)


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
    reel = lookup(reel, REELS, "Reel")
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
