"""Every notebook follows the template of DESIGN.md ("Notebook template"), so each level stands alone.

The exception, and the only one: the game day's notebooks in ``notebooks/workshop/`` are team notebooks
for one level (👨‍💻), played in rounds. They follow a rounds template instead, checked at the end of this
file: a title with its minutes and a map of the rounds, ``## Round 1 — …`` … ``## Debrief — …`` headings,
metadata of a 60–90 minute tech-level game, and labelled 👨‍💻 checks.

For each notebook: the title with ``> ⏱ about N minutes`` and a level map linking the three level
sections (each link's anchor is a real heading, each with its level's minutes); the ``##`` headings in
order (👶 Kid, 🧑‍🎓 Teen, 👨‍💻 Tech Lead, 🎯 Cheat sheet, ✅ Check yourself, ➡️ What next; other ``##``
headings only in 00_start_here, before the Kid section); each level section ending with a check of its
own level, then a ``**Takeaway:**`` cell, then its ``### 🧾 Cheat sheet — <level>`` cell; enough checks
per level; every quiz labelled with its level; and stated minutes within ±20 % of the walkthrough
measured by ``mesh_lab.kit.minutes`` (docs/minutes.md).

Each test is parametrised per notebook, so one notebook's defects show apart from the others'.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest

from mesh_lab.kit import minutes
from mesh_lab.learning import Quiz, get_exercise
from mesh_lab.paths import PROJECT_ROOT

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
WORKSHOP_DIR = NOTEBOOKS_DIR / "workshop"
ALL_NOTEBOOKS = sorted(p for p in NOTEBOOKS_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
#: the game day's team notebooks follow the rounds template (tested at the end of this file), not the levels
NOTEBOOKS = [p for p in ALL_NOTEBOOKS if not p.is_relative_to(WORKSHOP_DIR)]
IDS = [str(p.relative_to(NOTEBOOKS_DIR)) for p in NOTEBOOKS]
WORKSHOP_NOTEBOOKS = [p for p in ALL_NOTEBOOKS if p.is_relative_to(WORKSHOP_DIR)]
WORKSHOP_IDS = [str(p.relative_to(NOTEBOOKS_DIR)) for p in WORKSHOP_NOTEBOOKS]
START_HERE = "00_start_here.ipynb"

LEVELS = ("kid", "teen", "tech")
LEVEL_HEADINGS = {"kid": "👶 Kid — ", "teen": "🧑‍🎓 Teen — ", "tech": "👨‍💻 Tech Lead — "}
LEVEL_LABELS = {"kid": "👶 Kid", "teen": "🧑‍🎓 Teen", "tech": "👨‍💻 Tech Lead"}
ICONS = {"kid": "👶", "teen": "🧑‍🎓", "tech": "👨‍💻"}
CLOSING_HEADINGS = ("🎯 Cheat sheet", "✅ Check yourself", "➡️ What next")
#: checks a learner who stops after this level has done (its section, plus its quizzes in Check yourself)
MIN_CHECKS = {"kid": 3, "teen": 3, "tech": 4}
#: code that only checks, hints or answers an exercise: allowed after a level's last check
_EXERCISE_CALL = re.compile(r"^\w+\.(check|hint|solution|restore|answer)\(.*\)\s*(#.*)?$")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def _name(path: Path) -> str:
    return str(path.relative_to(NOTEBOOKS_DIR)) if path.is_relative_to(NOTEBOOKS_DIR) else path.name


def h2_headings(cells) -> list[tuple[int, str]]:
    """(cell index, text after ``## ``) of every level-2 heading, in order."""
    return [(index, line[3:].strip()) for index, cell in enumerate(cells) if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if line.startswith("## ")]


def anchor(heading: str) -> str:
    """JupyterLab's anchor of a heading: its text (markup removed) with spaces replaced by ``-``."""
    text = re.sub(r"[*`]", "", heading.lstrip("#").strip())
    return text.replace(" ", "-")


def all_anchors(cells) -> set[str]:
    return {anchor(line) for cell in cells if cell.cell_type == "markdown"
            for line in cell.source.splitlines() if re.match(r"#{1,6} ", line)}


def sections(cells) -> dict[str, list[tuple[int, object]]]:
    """(index, cell) per section as the minutes tool splits them: intro, kid, teen, tech, wrap."""
    indexed = list(enumerate(cells))
    split = minutes.split_sections([{"cell_type": c.cell_type, "source": c.source, "i": i} for i, c in indexed])
    return {name: [(c["i"], cells[c["i"]]) for c in part] for name, part in split.items()}


def exercise_ids(cell) -> list[str]:
    return [tag.split(":", 1)[1] for tag in cell.metadata.get("tags", []) if tag.startswith("exercise:")]


def checks_of_level(section, level: str) -> list[tuple[int, str]]:
    """(index, id) of the exercise cells of ``section`` whose registered exercise has ``level``."""
    return [(index, exercise_id) for index, cell in section for exercise_id in exercise_ids(cell)
            if get_exercise(exercise_id).level == level]


def markdown_before(cells, index: int) -> str:
    """The nearest markdown cell above cell ``index`` ("" if none)."""
    return next((cells[i].source for i in range(index - 1, -1, -1) if cells[i].cell_type == "markdown"), "")


def is_exercise_follow_up(cell) -> bool:
    """A code cell that only checks/hints an exercise, or only holds comments (an optional hint cell)."""
    code = [line.strip() for line in cell.source.splitlines() if line.strip() and not line.strip().startswith("#")]
    return all(_EXERCISE_CALL.match(line) for line in code)


# --------------------------------------------------------------------------------------------------
# The title, the minutes line and the level map
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_title_states_the_minutes_of_the_metadata(path):
    notebook = _read(path)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and re.match(r"# \S+ \S", first.source), (
        f"{_name(path)}: the first cell must be the title, `# <emoji> <Title>`")
    found = re.search(r"^> ⏱ about (\d+) minutes", first.source, re.MULTILINE)
    assert found, f"{_name(path)}: the title cell needs a line starting `> ⏱ about N minutes`"
    stated = notebook.metadata["mesh_lab"]["minutes"]
    assert int(found.group(1)) == stated, (
        f"{_name(path)}: the title says about {found.group(1)} minutes, the metadata {stated}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_level_map_links_each_level_section_with_its_minutes(path):
    notebook = _read(path)
    cells = notebook.cells
    intro = "\n".join(cell.source for _, cell in sections(cells)["intro"] if cell.cell_type == "markdown")
    headings = dict((text, index) for index, text in h2_headings(cells))
    level_minutes = notebook.metadata["mesh_lab"].get("level_minutes", {})
    anchors = all_anchors(cells)
    for level in LEVELS:
        heading = next((text for text in headings if text.startswith(LEVEL_HEADINGS[level])), None)
        assert heading, f"{_name(path)}: no `## {LEVEL_HEADINGS[level]}…` heading"
        lines = [line for line in intro.splitlines() if line.lstrip().startswith(("-", "*"))
                 and any(unquote(target) == f"#{anchor(heading)}" for _, target in _LINK.findall(line))]
        assert lines, (f"{_name(path)}: the level map (a list in the title cell) needs a link "
                       f"[…](#{anchor(heading)}) to the {LEVEL_LABELS[level]} section")
        assert f"{level_minutes.get(level)} min" in lines[0], (
            f"{_name(path)}: the level map's {LEVEL_LABELS[level]} line must state its "
            f"{level_minutes.get(level)} min (metadata level_minutes): {lines[0]}")
    for line in intro.splitlines():
        for _, target in _LINK.findall(line):
            if target.startswith("#"):
                assert unquote(target)[1:] in anchors, f"{_name(path)}: the link {target} matches no heading"


def test_anchor_is_the_heading_with_dashes():
    assert anchor("## 👶 Kid — Lego City at home") == "👶-Kid-—-Lego-City-at-home"
    assert anchor("## 🧑‍🎓 Teen — **Quick** `check`") == "🧑‍🎓-Teen-—-Quick-check"


# --------------------------------------------------------------------------------------------------
# The headings and how each level section ends
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_headings_in_template_order(path):
    texts = [text for _, text in h2_headings(_read(path).cells)]
    kid = next((i for i, text in enumerate(texts) if text.startswith(LEVEL_HEADINGS["kid"])), None)
    assert kid is not None, f"{_name(path)}: no `## {LEVEL_HEADINGS['kid']}…` heading; found {texts}"
    if _name(path) != START_HERE:
        assert kid == 0, f"{_name(path)}: `##` headings before the Kid section: {texts[:kid]}"
    expected = [LEVEL_HEADINGS[level] for level in LEVELS] + list(CLOSING_HEADINGS)
    after = texts[kid:]
    assert len(after) == len(expected) and all(text.startswith(want) for text, want in zip(after, expected, strict=False)), (
        f"{_name(path)}: the `##` headings from the Kid section on must be, in order, "
        f"{[w + '…' for w in expected]}; found {after}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
@pytest.mark.parametrize("level", LEVELS)
def test_level_section_ends_with_its_check_takeaway_and_cheat_sheet(path, level):
    cells = _read(path).cells
    section = sections(cells)[level]
    name = f"{_name(path)} {LEVEL_LABELS[level]}"
    assert len(section) >= 3, f"{name}: the section is missing or too short"
    (_, cheat), (_, takeaway) = section[-1], section[-2]
    assert cheat.cell_type == "markdown" and cheat.source.splitlines()[0].strip() == (
        f"### 🧾 Cheat sheet — {LEVEL_LABELS[level]}"), (
        f"{name}: the last cell must be a markdown cell starting `### 🧾 Cheat sheet — {LEVEL_LABELS[level]}`")
    assert takeaway.cell_type == "markdown" and re.search(r"^\*\*Takeaway:\*\*", takeaway.source, re.MULTILINE), (
        f"{name}: the cell before the mini cheat sheet must hold the `**Takeaway:**` line")
    checks = checks_of_level(section, level)
    assert checks, f"{name}: no check of this level (an `exercise:<id>` cell whose exercise has level {level!r})"
    last_index, last_id = checks[-1]
    tail = [cell for index, cell in section[:-2] if index > last_index]
    stray = [cell.source for cell in tail if cell.cell_type == "code" and not is_exercise_follow_up(cell)]
    assert not stray, (f"{name}: the section must end with its check ({last_id}); after it come only its "
                       f"check/hint cells, then the Takeaway. Found new code: {stray}")
    label = markdown_before(cells, last_index)
    assert ICONS[level] in label, f"{name}: the markdown above the check {last_id} must name the level ({ICONS[level]})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_each_level_path_has_enough_checks(path):
    cells = _read(path).cells
    parts = sections(cells)
    counts = {level: len(checks_of_level(parts[level], level))
              + len([1 for _, exercise_id in checks_of_level(parts["wrap"], level)
                     if isinstance(get_exercise(exercise_id), Quiz)]) for level in LEVELS}
    short = {level: n for level, n in counts.items() if n < MIN_CHECKS[level]}
    assert not short, (f"{_name(path)}: checks per level {counts}; each level needs at least {MIN_CHECKS} "
                       "(its section's exercises and quizzes of that level, plus its quizzes in Check yourself)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_quiz_is_labelled_with_its_level(path):
    cells = _read(path).cells
    for index, cell in enumerate(cells):
        for exercise_id in exercise_ids(cell):
            exercise = get_exercise(exercise_id)
            if isinstance(exercise, Quiz):
                assert ICONS[exercise.level] in markdown_before(cells, index), (
                    f"{_name(path)} cell {index}: the markdown above {exercise_id} must name its level "
                    f"{ICONS[exercise.level]} (e.g. “{ICONS[exercise.level]} **{exercise.level} check**”)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_closing_sections_hold_the_rule_of_thumb_and_a_quiz(path):
    parts = {text.split(" ", 1)[0]: index for index, text in h2_headings(_read(path).cells)}
    cells = _read(path).cells
    wrap = sections(cells)["wrap"]

    def section_text(icon: str) -> list:
        start = parts.get(icon)
        assert start is not None, f"{_name(path)}: no `## {icon} …` section"
        later = [i for i in parts.values() if i > start]
        end = min(later, default=len(cells))
        return [cell for index, cell in wrap if start <= index < end]

    cheat = "\n".join(cell.source for cell in section_text("🎯"))
    assert "rule of thumb" in cheat.lower(), f"{_name(path)}: the 🎯 Cheat sheet must state the rule of thumb"
    quizzes = [exercise_id for cell in section_text("✅") for exercise_id in exercise_ids(cell)]
    assert quizzes, f"{_name(path)}: ✅ Check yourself needs at least one quiz or exercise"


# --------------------------------------------------------------------------------------------------
# Honest minutes
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stated_minutes_match_the_measured_walkthrough(path):
    table = minutes.rows(json.loads(path.read_text(encoding="utf-8")))
    off = [f"{row.section.name}: stated {row.stated}, measured {row.section.minutes:.1f}"
           for row in table if not row.within]
    assert not off, (f"{_name(path)}: stated minutes must be within ±20 % of the measured walkthrough "
                     f"({'; '.join(off)}). Run `python -m mesh_lab.kit.minutes {path}` and set the metadata "
                     "it suggests (docs/minutes.md).")


# --------------------------------------------------------------------------------------------------
# The checks above can fail: a copy of the start notebook, broken one rule at a time
# --------------------------------------------------------------------------------------------------

def _start_here_copy(tmp_path: Path, change) -> Path:
    notebook = _read(NOTEBOOKS_DIR / START_HERE)
    change(notebook)
    tmp_path.mkdir()
    path = tmp_path / START_HERE
    nbformat.write(notebook, path)
    return path


def _index(notebook, predicate) -> int:
    return next(i for i, cell in enumerate(notebook.cells) if predicate(cell))


def _demo_after_the_kid_check(notebook):
    at = _index(notebook, lambda c: c.source.startswith("**Takeaway:**"))
    notebook.cells.insert(at, nbformat.v4.new_code_cell("report = doctor.run_checks()"))


def _takeaway_after_the_cheat_sheet(notebook):
    at = _index(notebook, lambda c: c.source.startswith("**Takeaway:**"))
    notebook.cells[at], notebook.cells[at + 1] = notebook.cells[at + 1], notebook.cells[at]


def _unlabelled_kid_quiz(notebook):
    at = _index(notebook, lambda c: "exercise:start_here.quiz1" in c.metadata.get("tags", []))
    notebook.cells[at - 1].source = notebook.cells[at - 1].source.replace("👶", "")


def _broken_map_link(notebook):
    notebook.cells[0].source = notebook.cells[0].source.replace("(#👶-Kid-—-", "(#Kid-—-", 1)


def _closing_sections_swapped(notebook):
    a = _index(notebook, lambda c: c.source.startswith("## 🎯"))
    b = _index(notebook, lambda c: c.source.startswith("## ✅"))
    notebook.cells[a].source, notebook.cells[b].source = notebook.cells[b].source, notebook.cells[a].source


def _kid_minutes_guessed(notebook):
    notebook.metadata["mesh_lab"]["level_minutes"]["kid"] += 20
    notebook.metadata["mesh_lab"]["minutes"] += 20


def _teen_check_moved_to_kid_level_only(notebook):
    for tag in ("q3", "q4", "quiz3"):
        at = _index(notebook, lambda c, tag=tag: f"exercise:start_here.{tag}" in c.metadata.get("tags", []))
        notebook.cells[at].metadata["tags"] = []


BROKEN = [
    (_demo_after_the_kid_check, test_level_section_ends_with_its_check_takeaway_and_cheat_sheet),
    (_takeaway_after_the_cheat_sheet, test_level_section_ends_with_its_check_takeaway_and_cheat_sheet),
    (_unlabelled_kid_quiz, test_every_quiz_is_labelled_with_its_level),
    (_broken_map_link, test_level_map_links_each_level_section_with_its_minutes),
    (_closing_sections_swapped, test_headings_in_template_order),
    (_kid_minutes_guessed, test_stated_minutes_match_the_measured_walkthrough),
    (_kid_minutes_guessed, test_level_map_links_each_level_section_with_its_minutes),
    (_kid_minutes_guessed, test_title_states_the_minutes_of_the_metadata),
    (_teen_check_moved_to_kid_level_only, test_each_level_path_has_enough_checks),
]


@pytest.mark.parametrize(("change", "test"), BROKEN, ids=[f"{c.__name__}-{t.__name__}" for c, t in BROKEN])
def test_each_rule_catches_a_notebook_that_breaks_it(tmp_path, change, test):
    def run(path):
        return test(path, "kid") if "level" in test.__code__.co_varnames[:2] else test(path)

    run(_start_here_copy(tmp_path / "same", lambda notebook: None))  # the unchanged copy passes
    with pytest.raises(AssertionError):
        run(_start_here_copy(tmp_path / "broken", change))


# --------------------------------------------------------------------------------------------------
# The game day's notebooks (notebooks/workshop/): the rounds template
# --------------------------------------------------------------------------------------------------
# A game day is played, not read: its minutes are the rounds' play time (a story, ten minutes of moves,
# the scoring, five minutes of debrief), so the walkthrough measure of ``mesh_lab.kit.minutes`` and the
# three-level template do not apply. What does apply is checked here.

ROUND_HEADING = re.compile(r"^Round (\d+) — \S")
GAME_MINUTES = (60, 90)  # the promise: a team exercise of 60–90 minutes


@pytest.mark.parametrize("path", WORKSHOP_NOTEBOOKS, ids=WORKSHOP_IDS)
def test_workshop_headings_are_rounds_then_a_debrief(path):
    texts = [text for _, text in h2_headings(_read(path).cells)]
    rounds = [int(m.group(1)) for m in map(ROUND_HEADING.match, texts) if m]
    assert rounds and rounds == list(range(1, len(rounds) + 1)), (
        f"{_name(path)}: the `##` headings must start with `Round 1 — …`, `Round 2 — …` … in order; found {texts}")
    rest = texts[len(rounds):]
    assert texts[:len(rounds)] == [t for t in texts if ROUND_HEADING.match(t)], (
        f"{_name(path)}: every round comes before the debrief; found {texts}")
    assert rest and rest[0].startswith("Debrief — ") and rest[1:] in ([], ["➡️ What next"]), (
        f"{_name(path)}: after the rounds come `## Debrief — …` and, optionally, `## ➡️ What next`; found {rest}")


@pytest.mark.parametrize("path", WORKSHOP_NOTEBOOKS, ids=WORKSHOP_IDS)
def test_workshop_title_states_its_minutes_and_maps_its_rounds(path):
    notebook = _read(path)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and re.match(r"# \S+ \S", first.source), (
        f"{_name(path)}: the first cell must be the title, `# <emoji> <Title>`")
    found = re.search(r"^> ⏱ about (\d+) minutes", first.source, re.MULTILINE)
    assert found and int(found.group(1)) == notebook.metadata["mesh_lab"]["minutes"], (
        f"{_name(path)}: the title needs `> ⏱ about N minutes` with the metadata's minutes")
    targets = {unquote(target) for _, target in _LINK.findall(first.source)}
    for _, heading in h2_headings(notebook.cells):
        if ROUND_HEADING.match(heading) or heading.startswith("Debrief — "):
            assert f"#{anchor(heading)}" in targets, (
                f"{_name(path)}: the title cell's plan needs a link [...](#{anchor(heading)})")
    anchors = all_anchors(notebook.cells)
    assert all(t[1:] in anchors for t in targets if t.startswith("#")), f"{_name(path)}: a plan link matches no heading"


@pytest.mark.parametrize("path", WORKSHOP_NOTEBOOKS, ids=WORKSHOP_IDS)
def test_workshop_is_a_tech_level_game_of_60_to_90_minutes(path):
    meta = _read(path).metadata["mesh_lab"]
    per_level = meta["level_minutes"]
    assert meta["levels"] == ["tech"] and per_level["kid"] == per_level["teen"] == 0, (
        f"{_name(path)}: a game day is one level, tech: levels ['tech'], kid and teen 0 minutes; found {meta}")
    assert GAME_MINUTES[0] <= meta["minutes"] <= GAME_MINUTES[1], (
        f"{_name(path)}: a game day lasts {GAME_MINUTES[0]}–{GAME_MINUTES[1]} minutes; found {meta['minutes']}")


@pytest.mark.parametrize("path", WORKSHOP_NOTEBOOKS, ids=WORKSHOP_IDS)
def test_workshop_checks_are_tech_level_labelled_and_in_the_debrief(path):
    cells = _read(path).cells
    debrief = next(i for i, text in h2_headings(cells) if text.startswith("Debrief — "))
    for index, cell in enumerate(cells):
        for exercise_id in exercise_ids(cell):
            assert get_exercise(exercise_id).level == "tech", f"{_name(path)}: {exercise_id} is not a tech check"
            assert index > debrief, f"{_name(path)}: {exercise_id} sits before the debrief"
            assert ICONS["tech"] in markdown_before(cells, index), (
                f"{_name(path)} cell {index}: the markdown above {exercise_id} must name its level 👨‍💻")


def test_the_game_day_checks_its_teams_at_least_twice():
    tagged = [exercise_id for path in WORKSHOP_NOTEBOOKS for cell in _read(path).cells
              for exercise_id in exercise_ids(cell)]
    assert len(tagged) >= 2, f"the game day's notebooks hold {len(tagged)} checked exercises; the teams need 2+"


def _workshop_copy(tmp_path: Path, change) -> Path:
    source = next(p for p in WORKSHOP_NOTEBOOKS if p.name == "game_day.ipynb")
    notebook = _read(source)
    change(notebook)
    tmp_path.mkdir()
    path = tmp_path / source.name
    nbformat.write(notebook, path)
    return path


def _rounds_swapped(notebook):
    a = _index(notebook, lambda c: c.source.startswith("## Round 1 — "))
    b = _index(notebook, lambda c: c.source.startswith("## Round 2 — "))
    notebook.cells[a].source, notebook.cells[b].source = notebook.cells[b].source, notebook.cells[a].source


def _no_debrief(notebook):
    at = _index(notebook, lambda c: c.source.startswith("## Debrief — "))
    notebook.cells[at].source = notebook.cells[at].source.replace("## Debrief — ", "## Wrap-up — ", 1)


def _two_hour_game(notebook):
    notebook.metadata["mesh_lab"]["minutes"] = 120


def _unlinked_round(notebook):
    notebook.cells[0].source = re.sub(r"\(#Round-3-[^)]*\)", "(#elsewhere)", notebook.cells[0].source)


WORKSHOP_BROKEN = [
    (_rounds_swapped, test_workshop_headings_are_rounds_then_a_debrief),
    (_no_debrief, test_workshop_headings_are_rounds_then_a_debrief),
    (_two_hour_game, test_workshop_is_a_tech_level_game_of_60_to_90_minutes),
    (_two_hour_game, test_workshop_title_states_its_minutes_and_maps_its_rounds),
    (_unlinked_round, test_workshop_title_states_its_minutes_and_maps_its_rounds),
]


@pytest.mark.parametrize(("change", "test"), WORKSHOP_BROKEN,
                         ids=[f"{c.__name__}-{t.__name__}" for c, t in WORKSHOP_BROKEN])
def test_each_workshop_rule_catches_a_notebook_that_breaks_it(tmp_path, change, test):
    test(_workshop_copy(tmp_path / "same", lambda notebook: None))  # the unchanged copy passes
    with pytest.raises(AssertionError):
        test(_workshop_copy(tmp_path / "broken", change))
