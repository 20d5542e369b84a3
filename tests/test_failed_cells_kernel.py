"""In a real Jupyter kernel: a failed exercise cell is seen by its check, and a quiz's check output
follows the widget. Runs tiny notebooks with nbclient (slow-ish: one kernel per test)."""

from __future__ import annotations

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

SETUP = """\
from mesh_lab.learning import Option, Quiz, ValueExercise
q1 = ValueExercise(id="t.kernel", level="kid", prompt="Which box?", var="kid_answer", expected="b",
                   starter="kid_answer = ____", solution='kid_answer = "b"', register=False)
seconds_q = ValueExercise(id="t.seconds", level="kid", prompt="How long?", var="seconds", expected=15,
                          starter="seconds = ____", solution="seconds = 5 * 3", register=False)
quiz1 = Quiz(id="t.kquiz", level="kid", question="Which is a smoke test?", register=False, options=[
    Option("a", "Read the whole manual", why="Too slow."),
    Option("b", "Press the power button", correct=True, why="Yes: quick."),
])
"""


def run_cells(sources: list[str], tmp_path, monkeypatch) -> list:
    """Execute the cells in a fresh kernel (errors allowed, like a learner's notebook); return the cells."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    client = nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return notebook.cells


def text_of(cell) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("display_data", "execute_result"):
            parts.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "\n".join(parts)


def test_a_failed_cell_is_seen_by_its_check_and_by_an_old_check_rerun(tmp_path, monkeypatch):
    cells = run_cells([
        SETUP,
        'kid_answer = "b"',
        "q1.check()",                 # 2: correct
        "kid_answer = b",             # 3: NameError, the old "b" stays in the kernel
        "q1.check()",                 # 4: must not grade the stale "b"
        "seconds = 5 x 3",            # 5: SyntaxError
        "seconds_q.check()",          # 6
        'kid_answer = "b"',           # 7: fixed
        "q1.check()",                 # 8
    ], tmp_path, monkeypatch)
    assert "Correct" in text_of(cells[2])
    assert "NameError" in text_of(cells[3])
    stale = text_of(cells[4])
    assert "NameError: name 'b' is not defined" in stale and 'kid_answer = "b"' in stale, stale
    assert "Correct" not in stale and "Not attempted" not in stale
    syntax = text_of(cells[6])
    assert "SyntaxError" in syntax and "seconds = 5 * 3" in syntax and "Not attempted" not in syntax, syntax
    assert "Correct" in text_of(cells[8])


def test_a_quiz_check_run_before_the_answer_updates_when_the_widget_answers(tmp_path, monkeypatch):
    cells = run_cells([
        SETUP,
        "quiz1.show()",
        "quiz1.check()",  # 2: run (e.g. by Run All) before the learner answered
        "w = quiz1._widgets[-1]\nw.choices.value = 'b'\nw.button.click()",  # the learner answers in the widget
        "quiz1.check()",  # 4
    ], tmp_path, monkeypatch)
    assert "Correct" in text_of(cells[2]), text_of(cells[2])  # its output was updated in place
    assert "Correct" in text_of(cells[4])


def test_a_quiz_option_picked_but_not_checked_counts_as_the_answer(tmp_path, monkeypatch):
    cells = run_cells([
        SETUP,
        "quiz1.show()",
        "quiz1._widgets[-1].choices.value = 'a'",  # picked, Check not pressed
        "quiz1.check()",
    ], tmp_path, monkeypatch)
    assert "Too slow." in text_of(cells[3]) and "Not attempted" not in text_of(cells[3])
