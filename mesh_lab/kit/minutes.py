"""How long a notebook takes: a measured walkthrough per level, checked against its stated minutes.

    python -m mesh_lab.kit.minutes                      # every notebook under notebooks/
    python -m mesh_lab.kit.minutes notebooks/00_start_here.ipynb

A walkthrough is measured per section of the notebook template (split at the ``##`` headings):
reading time (words of every markdown and code cell at :data:`WORDS_PER_MINUTE`) plus a stated time
per checked exercise (:data:`EXERCISE_MINUTES`, by kind and level), per code cell run and read, per
widget "play" cell and per "predict" cell (:data:`RUN_MINUTES`, :data:`PLAY_MINUTES`,
:data:`PREDICT_MINUTES`). docs/minutes.md explains the figures.

The stated minutes are ``metadata.mesh_lab.level_minutes`` (kid, teen, tech, wrap) and
``metadata.mesh_lab.minutes`` (their sum). Each must lie within :data:`TOLERANCE` of its measurement
(or within half a minute, as stated minutes are whole numbers); the command exits 1 when one does not.

The functions below are pure: they take the notebook as parsed JSON and a function that finds an
exercise by id, so tests can measure a notebook built in memory.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mesh_lab.paths import PROJECT_ROOT

WORDS_PER_MINUTE = 150
TOLERANCE = 0.20
#: stated minutes are whole numbers: a measurement is always matched by its own rounding
MIN_SLACK_MINUTES = 0.5

#: minutes per checked exercise, by kind and by the exercise's level (docs/minutes.md says why)
EXERCISE_MINUTES: dict[str, dict[str, float]] = {
    "quiz": {"kid": 1, "teen": 1, "tech": 1},      # read three options, click one, read the why
    "answer": {"kid": 2, "teen": 3, "tech": 5},    # one value, choice or order typed into a blank
    "code": {"kid": 6, "teen": 6, "tech": 10},     # write a function; run it against the checks
}
RUN_MINUTES = 0.5        # run a code cell and look at what it shows (a table, a figure, a message)
PLAY_MINUTES = 1.0       # a widget: move the controls, watch the picture change
PREDICT_MINUTES = 1.0    # write a guess into a blank before a simulation runs

#: the functions that put a widget on screen (mesh_lab.widgets); a cell calling one is a "play" cell
WIDGET_FACTORIES = ("domain_slider", "org_simulator", "toy_switch", "reel_preview", "deploy_console")
PLAY_TAG = "play"

LEVEL_ICONS = {"kid": "👶", "teen": "🧑‍🎓", "tech": "👨‍💻"}
SECTIONS = ("intro", "kid", "teen", "tech", "wrap")
#: the rows of ``metadata.mesh_lab.level_minutes``: intro and the closing sections count together as wrap
STATED_KEYS = ("kid", "teen", "tech", "wrap")

_WORD = re.compile(r"[^\W_]")           # a token is a word when it holds a letter or a digit
_BLANK_ASSIGNMENT = re.compile(r"^\s*\w+\s*=\s*____\s*(#.*)?$", re.MULTILINE)
#: a line that only checks, hints or answers an exercise: part of the exercise's own time
_EXERCISE_CALL = re.compile(r"^\w+\.(check|hint|solution|restore|answer|show)\(.*\)\s*(#.*)?$")

ExerciseLookup = Callable[[str], object]


@dataclass(frozen=True)
class CheckedExercise:
    """One exercise cell of a walkthrough: its id, kind (quiz/answer/code), level and minutes."""

    id: str
    kind: str
    level: str

    @property
    def minutes(self) -> float:
        return EXERCISE_MINUTES[self.kind][self.level]


@dataclass
class Section:
    """What a learner meets in one section: words to read, exercises, and run, play and predict cells."""

    name: str
    words: int = 0
    exercises: list[CheckedExercise] = field(default_factory=list)
    run_cells: int = 0
    play_cells: int = 0
    predict_cells: int = 0

    @property
    def reading_minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def minutes(self) -> float:
        return (self.reading_minutes + sum(e.minutes for e in self.exercises) + self.run_cells * RUN_MINUTES
                + self.play_cells * PLAY_MINUTES + self.predict_cells * PREDICT_MINUTES)

    def merged(self, other: Section, name: str) -> Section:
        """This section and ``other`` counted as one (intro + closing sections = wrap)."""
        return Section(name, self.words + other.words, self.exercises + other.exercises,
                       self.run_cells + other.run_cells, self.play_cells + other.play_cells,
                       self.predict_cells + other.predict_cells)


@dataclass(frozen=True)
class Row:
    """One line of the minutes table: a measured section beside the minutes the metadata states."""

    section: Section
    stated: int | None

    @property
    def within(self) -> bool:
        return self.stated is not None and within_tolerance(self.stated, self.section.minutes)


# --------------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------------

def cell_source(cell: Mapping) -> str:
    """A cell's text (nbformat stores it as a string or as a list of lines)."""
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding a letter or a digit (table bars, bullets and emoji are not words)."""
    return sum(1 for token in text.split() if _WORD.search(token))


def cell_tags(cell: Mapping) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def exercise_ids(cell: Mapping) -> list[str]:
    """The ids of the ``exercise:<id>`` tags of a cell."""
    return [tag.split(":", 1)[1] for tag in cell_tags(cell) if tag.startswith("exercise:")]


def heading_section(line: str) -> str | None:
    """``kid``/``teen``/``tech`` for a level heading, ``other`` for another ``##`` heading, else None."""
    if not line.startswith("## "):
        return None
    title = line[3:].lstrip()
    return next((level for level, icon in LEVEL_ICONS.items() if title.startswith(icon)), "other")


def cell_heading(cell: Mapping) -> str | None:
    """The section a markdown cell opens (its first ``##`` heading decides), or None."""
    if cell.get("cell_type") != "markdown":
        return None
    return next((found for line in cell_source(cell).splitlines() if (found := heading_section(line))), None)


def split_sections(cells: Iterable[Mapping]) -> dict[str, list[Mapping]]:
    """Cells by section: level headings open their level; other ``##`` headings belong to intro
    before the first level section and to wrap after it (cheat sheet, check yourself, what next)."""
    sections: dict[str, list[Mapping]] = {name: [] for name in SECTIONS}
    current, seen_level = "intro", False
    for cell in cells:
        heading = cell_heading(cell)
        if heading in LEVEL_ICONS:
            current, seen_level = heading, True
        elif heading == "other":
            current = "wrap" if seen_level else "intro"
        sections[current].append(cell)
    return sections


def is_play_cell(cell: Mapping) -> bool:
    """A code cell that puts a widget on screen (or is tagged ``play`` by its author)."""
    if cell.get("cell_type") != "code":
        return False
    source = cell_source(cell)
    return PLAY_TAG in cell_tags(cell) or any(re.search(rf"\b{name}\s*\(", source) for name in WIDGET_FACTORIES)


def is_predict_cell(cell: Mapping) -> bool:
    """An untagged code cell where the learner writes a guess into a blank (``my_prediction = ____``)."""
    return (cell.get("cell_type") == "code" and not exercise_ids(cell)
            and bool(_BLANK_ASSIGNMENT.search(cell_source(cell))))


def is_run_cell(cell: Mapping) -> bool:
    """A code cell the learner runs and reads: not an exercise, a play or predict cell, a check
    (``q1.check()``, counted in the exercise's time) or an optional, commented-out hint cell."""
    if cell.get("cell_type") != "code" or exercise_ids(cell) or is_play_cell(cell) or is_predict_cell(cell):
        return False
    lines = [line.strip() for line in cell_source(cell).splitlines() if line.strip()]
    code = [line for line in lines if not line.startswith("#")]
    return bool(code) and not all(_EXERCISE_CALL.match(line) for line in code)


def exercise_kind(exercise: object) -> str:
    """``quiz``, ``code`` (the learner writes a function) or ``answer`` (a value, a choice, an order)."""
    from mesh_lab.learning import FunctionExercise, Quiz

    if isinstance(exercise, Quiz):
        return "quiz"
    if isinstance(exercise, FunctionExercise):
        return "code"
    return "answer"


def measure_section(name: str, cells: Iterable[Mapping], lookup: ExerciseLookup) -> Section:
    """Words, exercises, play and predict cells of one section's cells."""
    section = Section(name)
    for cell in cells:
        section.words += count_words(cell_source(cell))
        for exercise_id in exercise_ids(cell):
            exercise = lookup(exercise_id)
            section.exercises.append(CheckedExercise(exercise_id, exercise_kind(exercise), exercise.level))
        section.run_cells += is_run_cell(cell)
        section.play_cells += is_play_cell(cell)
        section.predict_cells += is_predict_cell(cell)
    return section


def measure(notebook: Mapping, lookup: ExerciseLookup | None = None) -> dict[str, Section]:
    """The measured kid, teen, tech and wrap (intro + closing sections) of a parsed notebook."""
    if lookup is None:
        from mesh_lab.learning import get_exercise as lookup
    parts = {name: measure_section(name, cells, lookup)
             for name, cells in split_sections(notebook.get("cells", [])).items()}
    return {"kid": parts["kid"], "teen": parts["teen"], "tech": parts["tech"],
            "wrap": parts["intro"].merged(parts["wrap"], "wrap")}


def total(sections: Mapping[str, Section]) -> Section:
    """All sections counted as one."""
    result = Section("total")
    for section in sections.values():
        result = result.merged(section, "total")
    return result


# --------------------------------------------------------------------------------------------------
# Comparing with the metadata
# --------------------------------------------------------------------------------------------------

def within_tolerance(stated: float, measured: float) -> bool:
    """True when ``stated`` is within ±20 % of ``measured`` (or within half a minute of it)."""
    return abs(stated - measured) <= max(TOLERANCE * measured, MIN_SLACK_MINUTES)


def stated_minutes(notebook: Mapping) -> dict[str, int | None]:
    """``level_minutes`` and ``minutes`` (as ``total``) from ``metadata.mesh_lab``; None where missing."""
    meta = notebook.get("metadata", {}).get("mesh_lab", {}) or {}
    per_level = meta.get("level_minutes") or {}
    stated: dict[str, int | None] = {key: per_level.get(key) for key in STATED_KEYS}
    stated["total"] = meta.get("minutes")
    return stated


def rows(notebook: Mapping, lookup: ExerciseLookup | None = None) -> list[Row]:
    """The table of one notebook: kid, teen, tech, wrap and total, each measured and stated."""
    sections = measure(notebook, lookup)
    stated = stated_minutes(notebook)
    return [Row(sections[key], stated[key]) for key in STATED_KEYS] + [Row(total(sections), stated["total"])]


def suggested_level_minutes(table: list[Row]) -> dict[str, int]:
    """Whole-minute ``level_minutes`` matching the measurement (each at least 1)."""
    return {row.section.name: max(1, math.floor(row.section.minutes + 0.5)) for row in table
            if row.section.name in STATED_KEYS}


def render(title: str, table: list[Row]) -> str:
    """The table as text, with the metadata to paste when a figure is out of tolerance."""
    header = (f"{'section':<8} {'words':>6} {'exercises':>9} {'run':>4} {'play':>4} {'predict':>7} "
              f"{'measured':>9} {'stated':>6}  ±20 %")
    lines = [title, header, "-" * len(header)]
    for row in table:
        section = row.section
        stated = "—" if row.stated is None else str(row.stated)
        verdict = "✔" if row.within else "✘"
        lines.append(f"{section.name:<8} {section.words:>6} {len(section.exercises):>9} {section.run_cells:>4} "
                     f"{section.play_cells:>4} "
                     f"{section.predict_cells:>7} {section.minutes:>9.1f} {stated:>6}  {verdict}")
    if not all(row.within for row in table):
        suggestion = suggested_level_minutes(table)
        lines.append(f"  ✘ stated minutes are missing or outside ±{TOLERANCE:.0%} of the measurement. "
                     f"Set metadata.mesh_lab to: \"minutes\": {sum(suggestion.values())}, "
                     f"\"level_minutes\": {json.dumps(suggestion)}")
    return "\n".join(lines)


def default_notebooks(root: Path = PROJECT_ROOT / "notebooks") -> list[Path]:
    """Every notebook of the kit (checkpoints excluded)."""
    return sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    """Print the minutes table of each notebook; exit 1 when a stated figure is off or missing."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab.kit.minutes", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to measure (default: all)")
    args = parser.parse_args(argv)
    paths = args.notebooks or default_notebooks()
    ok = True
    for path in paths:
        if not path.is_file():
            print(f"minutes: {path} is not a notebook file. Give paths like notebooks/00_start_here.ipynb.",
                  file=sys.stderr)
            return 2
        table = rows(json.loads(path.read_text(encoding="utf-8")))
        ok &= all(row.within for row in table)
        print(render(str(path), table), end="\n\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
