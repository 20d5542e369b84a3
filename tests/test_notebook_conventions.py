"""Every notebook follows the kit's conventions (and `strip_notebooks` makes them so).

Committed without outputs or execution counts; metadata title/minutes/levels; the python3 kernel;
valid nbformat; collected by nbval; exercise cells name registered exercises and hold exactly their
starter, followed by a cell that checks them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from mesh_lab.kit import strip_notebooks
from mesh_lab.learning import Quiz, get_exercise
from mesh_lab.paths import PROJECT_ROOT

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
NOTEBOOKS = sorted(p for p in NOTEBOOKS_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
LEVELS = {"kid", "teen", "tech"}
LEVEL_MINUTES_KEYS = ("kid", "teen", "tech", "wrap")
IDS = [str(p.relative_to(NOTEBOOKS_DIR)) for p in NOTEBOOKS]


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def _exercise_tags(cell) -> list[str]:
    return [tag.split(":", 1)[1] for tag in cell.metadata.get("tags", []) if tag.startswith("exercise:")]


def test_the_start_notebook_exists():
    assert NOTEBOOKS_DIR / "00_start_here.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_valid_nbformat_and_python3_kernel(path):
    notebook = _read(path)
    assert notebook.nbformat == 4
    nbformat.validate(notebook)
    kernel = notebook.metadata.get("kernelspec", {})
    assert kernel.get("name") == "python3", f"{path.name}: kernelspec.name must be python3, found {kernel!r}"
    assert kernel.get("language") == "python"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs_or_execution_counts(path):
    notebook = _read(path)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {index} has outputs: run `make strip`"
            assert cell.execution_count is None, f"{path.name} cell {index} has an execution count: run `make strip`"
    assert "widgets" not in notebook.metadata, f"{path.name} has saved widget state: run `make strip`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_carries_title_minutes_and_levels(path):
    meta = _read(path).metadata.get("mesh_lab")
    assert isinstance(meta, dict), f"{path.name}: metadata.mesh_lab is missing (title, minutes, levels)"
    assert isinstance(meta.get("title"), str) and meta["title"].strip(), f"{path.name}: mesh_lab.title"
    minutes = meta.get("minutes")
    assert isinstance(minutes, int) and 0 < minutes <= 240, f"{path.name}: mesh_lab.minutes must be 1..240"
    levels = meta.get("levels")
    assert isinstance(levels, list) and levels and set(levels) <= LEVELS, (
        f"{path.name}: mesh_lab.levels must be a non-empty list of {sorted(LEVELS)}, found {levels!r}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_level_minutes_add_up_to_the_minutes(path):
    """``level_minutes`` (kid, teen, tech, wrap) are whole minutes, each level's positive, summing to minutes."""
    meta = _read(path).metadata["mesh_lab"]
    per_level = meta.get("level_minutes")
    assert isinstance(per_level, dict) and set(per_level) == set(LEVEL_MINUTES_KEYS), (
        f"{path.name}: mesh_lab.level_minutes must have exactly {LEVEL_MINUTES_KEYS}, found {per_level!r} "
        "(run `python -m mesh_lab.kit.minutes` for the measured figures)")
    assert all(isinstance(n, int) and n >= 0 for n in per_level.values()), f"{path.name}: {per_level!r}"
    assert all(per_level[level] > 0 for level in meta["levels"]), f"{path.name}: a level of 0 minutes: {per_level!r}"
    assert meta["minutes"] == sum(per_level.values()), (
        f"{path.name}: minutes {meta['minutes']} must equal the sum of level_minutes {per_level!r} "
        f"= {sum(per_level.values())}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exercise_cells_hold_their_starter_and_are_checked(path):
    cells = _read(path).cells
    for index, cell in enumerate(cells):
        for exercise_id in _exercise_tags(cell):
            exercise = get_exercise(exercise_id)  # raises naming the known ids when unregistered
            assert cell.cell_type == "code", f"{path.name} cell {index}: {exercise_id} is tagged on a markdown cell"
            # exact, except trailing whitespace (invisible, and editors add or drop the last newline)
            assert cell.source.rstrip() == exercise.starter.rstrip(), (
                f"{path.name} cell {index} ({exercise_id}) must hold exactly the starter:\n"
                f"{exercise.starter!r}\nfound:\n{cell.source!r}")
            following = next((c for c in cells[index + 1:] if c.cell_type == "code"), None)
            name = exercise_id.split(".", 1)[1]
            assert following is not None and f"{name}.check()" in following.source, (
                f"{path.name} cell {index}: the code cell after {exercise_id} must call {name}.check()")
            if isinstance(exercise, Quiz):
                assert name in exercise.starter


def test_every_notebook_is_collected_by_nbval():
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--nbval-lax", "--nbval-current-env",
         "-p", "no:cacheprovider", str(NOTEBOOKS_DIR)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in IDS:
        assert f"notebooks/{name}::" in done.stdout, f"nbval does not collect {name}\n{done.stdout}"


def test_strip_removes_outputs_counts_and_transient_metadata(tmp_path):
    notebook = nbformat.v4.new_notebook()
    ran = nbformat.v4.new_code_cell("print(1)", execution_count=3,
                                    outputs=[nbformat.v4.new_output("stream", text="1\n")])
    ran.metadata.update({"tags": ["exercise:start_here.q1"], "ExecuteTime": {"end_time": "now"},
                         "execution": {"iopub.status.idle": "now"}, "scrolled": True})
    notebook.cells = [ran, nbformat.v4.new_markdown_cell("# hi")]
    notebook.metadata.update({"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                              "mesh_lab": {"title": "t", "minutes": 5, "levels": ["kid"]},
                              "widgets": {"application/vnd.jupyter.widget-state+json": {}}})
    path = tmp_path / "dirty.ipynb"
    nbformat.write(notebook, path)

    assert strip_notebooks.main(["--check", str(tmp_path)]) == 1
    assert _read(path).cells[0].outputs, "--check must not change the file"
    assert strip_notebooks.main([str(tmp_path)]) == 0
    clean = _read(path)
    cell = clean.cells[0]
    assert cell.outputs == [] and cell.execution_count is None
    assert cell.metadata == {"tags": ["exercise:start_here.q1"]}, "tags are kept, run state is not"
    assert set(clean.metadata) == {"kernelspec", "mesh_lab"}
    assert cell.source == "print(1)" and cell.id == ran.id
    assert strip_notebooks.main(["--check", str(tmp_path)]) == 0


def test_strip_reports_a_wrong_target(tmp_path, capsys):
    assert strip_notebooks.main([str(tmp_path / "missing")]) == 1
    assert "not a notebook or a folder" in capsys.readouterr().err


def _start_here_markdown() -> str:
    notebook = _read(NOTEBOOKS_DIR / "00_start_here.ipynb")
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def markdown_tables(text: str) -> list[list[dict[str, str]]]:
    """Every markdown table of ``text`` as a list of rows, each a dict header → cell text."""
    tables, block = [], []
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("|"):
            block.append(line)
            continue
        if len(block) >= 2:
            header = _cells(block[0])
            tables.append([dict(zip(header, _cells(row), strict=False)) for row in block[2:]])
        block = []
    return tables


def rows_linking(text: str, needle: str) -> list[dict[str, str]]:
    return [row for table in markdown_tables(text) for row in table if any(needle in cell for cell in row.values())]


def kid_and_teen_only(meta: dict) -> int:
    """Minutes of a notebook done at the 👶 and 🧑‍🎓 levels only (its intro and wrap-up included)."""
    per_level = meta["level_minutes"]
    return per_level["kid"] + per_level["teen"] + per_level["wrap"]


def map_problems(text: str, link: str, meta: dict) -> list[str]:
    """What a map (README's curriculum, the start notebook's) says differently from the metadata."""
    rows = rows_linking(text, link)
    if not rows:
        return [f"no row links {link}"]
    if not isinstance(meta.get("level_minutes"), dict):
        return ["the notebook's metadata has no level_minutes (run `python -m mesh_lab.kit.minutes`)"]
    problems = []
    for row in rows:
        if row.get("minutes") != str(meta["minutes"]):
            problems.append(f"minutes {row.get('minutes')!r}, metadata {meta['minutes']}")
        short = next((cell for header, cell in row.items() if "👶 + 🧑‍🎓" in header), None)
        expected = "—" if meta.get("levels") == ["tech"] else str(kid_and_teen_only(meta))  # a team game
        if short is not None and short != expected:
            problems.append(f"👶 + 🧑‍🎓 only {short!r}, metadata kid + teen + wrap = {expected}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_maps_state_the_notebooks_minutes(path):
    """README's curriculum and the start notebook's map quote each notebook's metadata minutes (total and
    👶 + 🧑‍🎓 only)."""
    meta = _read(path).metadata["mesh_lab"]
    relative = path.relative_to(NOTEBOOKS_DIR).as_posix()
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for where, text, link in [("README.md", readme, f"(notebooks/{relative})"),
                              ("00_start_here.ipynb's map", _start_here_markdown(), f"({relative})")]:
        problems = map_problems(text, link, meta)
        assert not problems, f"{where} on {relative}: {'; '.join(problems)}"


def test_a_map_with_a_stale_figure_is_caught():
    meta = {"minutes": 40, "level_minutes": {"kid": 5, "teen": 10, "tech": 20, "wrap": 5}}
    table = "| # | notebook | minutes | 👶 + 🧑‍🎓 only |\n| --- | --- | --- | --- |\n| 1 | [A](a.ipynb) | {} | {} |"
    assert map_problems(table.format(40, 20), "(a.ipynb)", meta) == []
    assert len(map_problems(table.format(45, 20), "(a.ipynb)", meta)) == 1
    assert len(map_problems(table.format(40, 18), "(a.ipynb)", meta)) == 1
    assert map_problems(table.format(40, 20), "(b.ipynb)", meta) == ["no row links (b.ipynb)"]


# --- facilitator agendas ------------------------------------------------------------------------------

LEVEL_ICONS = {"kid": "👶", "teen": "🧑‍🎓", "tech": "👨‍💻"}
SETUP_MINUTES = 10
#: a notebook in an agenda row: its path without .ipynb in code marks and brackets, (`data_mesh/01_…`)
NOTEBOOK_REF = re.compile(r"\(`((?:[\w-]+/)*\d\d_[\w-]+)`\)")


def agendas(text: str) -> list[tuple[str, int, list[dict[str, str]]]]:
    """(title, slot minutes, rows) of every agenda: a bold ``**<title> (N min)…**`` line, then its table."""
    found, lines = [], text.splitlines()
    for index, line in enumerate(lines):
        title = re.match(r"\*\*(.+?) \((\d+) min\)", line)
        if title:
            rest = "\n".join(lines[index + 1:])
            tables = markdown_tables(rest)
            if tables:
                found.append((title.group(1), int(title.group(2)), tables[0]))
    return found


def clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def planned_minutes(row: dict[str, str], metadata: dict[str, dict]) -> int | None:
    """The minutes a notebook row must state: its levels plus wrap (the longest notebook of an "or" row)."""
    paths = NOTEBOOK_REF.findall(row.get("what", ""))
    if not paths:
        return None
    levels = [level for level, icon in LEVEL_ICONS.items() if icon in row.get("levels", "")]
    figures = []
    for path in paths:
        per_level = metadata[path]["level_minutes"]
        figures.append(sum(per_level[level] for level in levels) + per_level["wrap"])
    return max(figures)


def agenda_problems(title: str, slot: int, rows: list[dict[str, str]], metadata: dict[str, dict]) -> list[str]:
    """What is wrong with one agenda: no setup first, a start time that is not the sum of the rows
    before it, a notebook's minutes that are not its metadata's, an end after the slot."""
    problems = []
    if not rows or "setup" not in rows[0].get("what", "").lower() or int(rows[0]["minutes"]) < SETUP_MINUTES:
        problems.append(f"{title}: the first row must be setup, at least {SETUP_MINUTES} minutes")
    expected = 0
    for row in rows:
        if clock(row["time"]) != expected:
            problems.append(f"{title}: {row['what'][:40]!r} starts at {row['time']}, "
                            f"the rows above end at {expected // 60}:{expected % 60:02d}")
        expected = clock(row["time"])
        if row["what"].strip().lower().startswith("end"):
            break
        missing = [path for path in NOTEBOOK_REF.findall(row["what"])
                   if "level_minutes" not in metadata[path]]
        if missing:
            problems.append(f"{title}: {missing} have no level_minutes in their metadata yet")
            expected += int(row["minutes"])
            continue
        planned = planned_minutes(row, metadata)
        if planned is not None and int(row["minutes"]) != planned:
            problems.append(f"{title}: {row['what'][:40]!r} takes {planned} minutes by the metadata "
                            f"(its levels + wrap), not {row['minutes']}")
        expected += int(row["minutes"])
    if not rows or not rows[-1]["what"].strip().lower().startswith("end"):
        problems.append(f"{title}: the last row must be `end`")
    elif clock(rows[-1]["time"]) > slot:
        problems.append(f"{title}: ends at {rows[-1]['time']}, after its {slot} minutes")
    return problems


def _all_metadata() -> dict[str, dict]:
    return {path.relative_to(NOTEBOOKS_DIR).with_suffix("").as_posix(): _read(path).metadata["mesh_lab"]
            for path in NOTEBOOKS}


def test_facilitator_agendas_fit_their_slot_and_quote_the_metadata():
    guide = (PROJECT_ROOT / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
    found = agendas(guide)
    assert len(found) >= 2, "docs/facilitator-guide.md needs its agendas as **<title> (N min)** + a table"
    problems = [problem for agenda in found for problem in agenda_problems(*agenda, _all_metadata())]
    assert not problems, "docs/facilitator-guide.md: " + "\n".join(problems)


def test_an_agenda_that_overruns_or_guesses_is_caught():
    metadata = {"topic/01_a": {"level_minutes": {"kid": 5, "teen": 10, "tech": 20, "wrap": 5}}}
    rows = [{"time": "0:00", "what": "setup", "levels": "—", "minutes": "10"},
            {"time": "0:10", "what": "A (`topic/01_a`)", "levels": "👶 🧑‍🎓", "minutes": "20"},
            {"time": "0:30", "what": "end", "levels": "", "minutes": ""}]
    assert agenda_problems("t", 30, rows, metadata) == []
    assert agenda_problems("t", 29, rows, metadata), "ends after the slot"
    guessed = [rows[0], {**rows[1], "minutes": "15"}, {**rows[2], "time": "0:25"}]
    assert agenda_problems("t", 30, guessed, metadata), "a notebook's minutes are not its metadata's"
    no_setup = [{**rows[1], "time": "0:00"}, {**rows[2], "time": "0:20"}]
    assert agenda_problems("t", 30, no_setup, metadata), "no setup time"
    wrong_clock = [rows[0], rows[1], {**rows[2], "time": "0:35"}]
    assert agenda_problems("t", 40, wrong_clock, metadata), "a start time that does not add up"
    no_level_minutes = {"topic/01_a": {"minutes": 40}}
    assert agenda_problems("t", 30, rows, no_level_minutes), "a notebook without level_minutes"
