"""Every notebook follows the kit's conventions (and `strip_notebooks` makes them so).

Committed without outputs or execution counts; metadata title/minutes/levels; the python3 kernel;
valid nbformat; collected by nbval; exercise cells name registered exercises and hold exactly their
starter, followed by a cell that checks them.
"""

from __future__ import annotations

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


def _table_rows(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("|") and needle in line]


def _start_here_markdown() -> str:
    notebook = _read(NOTEBOOKS_DIR / "00_start_here.ipynb")
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_maps_and_agendas_state_the_notebooks_minutes(path):
    """README, the start notebook's map and the facilitator guide quote each notebook's metadata minutes."""
    minutes = _read(path).metadata["mesh_lab"]["minutes"]
    relative = path.relative_to(NOTEBOOKS_DIR).as_posix()
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    guide = (PROJECT_ROOT / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
    places = {
        "README.md": _table_rows(readme, f"(notebooks/{relative})"),
        "00_start_here.ipynb": _table_rows(_start_here_markdown(), f"({relative})"),
        "docs/facilitator-guide.md": [row for row in _table_rows(guide, f"(`{relative.removesuffix('.ipynb')}`)")
                                      if "≈" not in row],  # "≈" rows are partial runs (some levels only)
    }
    assert places["README.md"], f"README's curriculum map has no row linking notebooks/{relative}"
    assert places["00_start_here.ipynb"], f"the start notebook's map has no row linking {relative}"
    for where, rows in places.items():
        for row in rows:
            assert f"| {minutes} |" in row, f"{where} says something else than the {minutes} minutes of {relative}: {row}"
