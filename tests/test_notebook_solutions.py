"""Every notebook, run with each exercise cell replaced by its reference solution, checks all correct.

Exercise cells carry the tag ``exercise:<id>`` and hold exactly the exercise's starter; the next cell
calls ``qN.check()``. This test swaps in the solutions, runs the notebook in a real kernel in a temporary
workspace and reads ``progress.json`` to require every exercise of the notebook to be recorded correct.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from mesh_lab.learning import Quiz, engine

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
TAG_PREFIX = "exercise:"
CELL_TIMEOUT_S = 60


def notebook_id(path: Path) -> str:
    return str(path.relative_to(ROOT / "notebooks"))


def exercise_cells(notebook) -> list[tuple[int, str]]:
    """(cell index, exercise id) of every cell tagged ``exercise:<id>``."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith(TAG_PREFIX):
                found.append((index, tag[len(TAG_PREFIX):]))
    return found


def tagged_or_skip(path: Path):
    notebook = nbformat.read(path, as_version=4)
    cells = exercise_cells(notebook)
    if not cells:
        pytest.skip(f"{notebook_id(path)} has no cell tagged 'exercise:<id>' (yet)")
    return notebook, cells


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[notebook_id(p) for p in NOTEBOOKS])
def test_exercise_cells_hold_the_starter_and_are_followed_by_a_check(path):
    notebook, cells = tagged_or_skip(path)
    problems = []
    for index, exercise_id in cells:
        try:
            exercise = engine.get_exercise(exercise_id)
        except engine.ExerciseError as exc:
            problems.append(f"cell {index}: {exc}")
            continue
        if notebook.cells[index].source.strip() != exercise.starter.strip():
            problems.append(f"cell {index} ({exercise_id}) does not hold exactly the exercise's starter")
        following = notebook.cells[index + 1].source if index + 1 < len(notebook.cells) else ""
        if not isinstance(exercise, Quiz) and ".check()" not in following:
            problems.append(f"cell {index + 1} should call .check() for {exercise_id}")
    assert problems == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[notebook_id(p) for p in NOTEBOOKS])
def test_every_exercise_of_the_notebook_has_a_cell(path):
    _, cells = tagged_or_skip(path)
    tagged = {exercise_id for _, exercise_id in cells}
    keys = {exercise_id.split(".", 1)[0] for exercise_id in tagged}
    engine.import_exercise_modules()
    declared = {exercise_id for exercise_id in engine.registry() if exercise_id.split(".", 1)[0] in keys}
    assert sorted(declared - tagged) == [], "declared exercises that the notebook never shows"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[notebook_id(p) for p in NOTEBOOKS])
def test_notebook_with_reference_solutions_checks_all_correct(path, _isolated_workspace, monkeypatch):
    from nbclient import NotebookClient

    notebook, cells = tagged_or_skip(path)
    for index, exercise_id in cells:
        notebook.cells[index].source = engine.get_exercise(exercise_id).solution_code
    monkeypatch.setenv("MPLBACKEND", "Agg")  # the kernel inherits this environment and the workspace
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    progress_file = _isolated_workspace / "progress.json"
    recorded = json.loads(progress_file.read_text())["exercises"] if progress_file.exists() else {}
    statuses = {exercise_id: recorded.get(exercise_id, {}).get("last_status") for _, exercise_id in cells}
    assert statuses == {exercise_id: "correct" for _, exercise_id in cells}
