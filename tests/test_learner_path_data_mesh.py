"""The learner's path through 00_start_here and data_mesh/01, played for real.

Each test is an answer a real learner typed (a typo, a forgotten ``return``, a list instead of a
number, a function that changes its input…) and the verdict and message that learner must get; or a
trip found by reading the notebooks and looking at their pictures.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from mesh_lab.exercises import data_mesh_01, start_here  # noqa: E402
from mesh_lab.learning import ChoiceExercise, Quiz, ____, recording  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
MY_NOTEBOOKS = {"00_start_here.ipynb": start_here, "data_mesh/01_what_is_data_mesh.ipynb": data_mesh_01}


@pytest.fixture(autouse=True)
def _no_progress_recording():
    with recording(False):
        yield


def run(exercise, code: str):
    """What ``exercise.check()`` finds after a learner ran ``code`` in the notebook."""
    namespace = {"____": ____, **{name: getattr(data_mesh_01, name) for name in data_mesh_01.__all__}}
    exec(code, namespace)
    return exercise.evaluate(namespace)


def fix(*body: str) -> str:
    return "def fix_transactions(frame):\n    fixed = frame.copy()\n" + "".join(f"    {line}\n" for line in body)


UPPER = 'fixed["currency"] = fixed["currency"].str.upper()'
STATUS = 'fixed["status"] = fixed["status"].str.strip().str.lower()'
DEDUPE = 'return fixed.drop_duplicates(subset="transaction_id")'


# --- 👨‍💻 q4 fix_transactions: verdicts a learner can trust ------------------------------------------

@pytest.mark.parametrize("returned", ['"fixed"', "fixed.values.tolist()", "len(fixed)"])
def test_q4_a_function_returning_no_table_is_told_so_not_that_it_dropped_payments(returned):
    result = run(data_mesh_01.q4, fix(UPPER, STATUS, f"return {returned}"))
    assert result.status == "incorrect" and result.mistake == "not_a_table"
    assert "DataFrame" in result.message and "threw away" not in result.message


def test_q4_a_forgotten_return_is_named():
    result = run(data_mesh_01.q4, fix(UPPER, STATUS))
    assert result.mistake == "forgot_to_return" and "return" in result.message


def test_q4_changing_the_producers_frame_in_place_is_not_correct():
    code = ("def fix_transactions(frame):\n"
            "    frame['currency'] = frame['currency'].str.upper()\n"
            "    frame['status'] = frame['status'].str.strip().str.lower()\n"
            "    return frame.drop_duplicates(subset='transaction_id')\n")
    result = run(data_mesh_01.q4, code)
    assert result.status == "incorrect" and "changed its input" in result.message


@pytest.mark.parametrize("ending", [
    'return fixed.drop_duplicates(subset="transaction_id", keep="last")',
    'return fixed.drop_duplicates(subset="transaction_id").reset_index(drop=True)',
    'return fixed.drop_duplicates(subset="transaction_id").sort_values("amount")',
])
def test_q4_any_row_order_of_a_valid_repair_is_correct(ending):
    """The contract says nothing about row order or the index: these repairs pass it on the real data."""
    assert run(data_mesh_01.q4, fix(UPPER, STATUS, ending)).status == "correct"


@pytest.mark.parametrize(("line", "mistake", "words"), [
    ('fixed["currency"] = fixed["currency"].upper()', "string_method_without_str", ".str"),
    ('fixed["currency"] = fixed["currencies"].str.upper()', "unknown_column", "spelling"),
    ('fixed["Currency"] = fixed["currency"].str.upper()', "changed_the_columns", "Currency"),
])
def test_q4_common_pandas_slips_get_their_own_explanation(line, mistake, words):
    result = run(data_mesh_01.q4, fix(line, STATUS, DEDUPE))
    assert (result.status, result.mistake) == ("incorrect", mistake)
    assert words in result.message


def test_q4_dropping_the_last_row_by_position_is_caught_on_clean_data():
    result = run(data_mesh_01.q4, fix(UPPER, STATUS, "return fixed.iloc[:-1]"))
    assert result.mistake == "dropped_a_row_by_position"


def test_q4_changing_good_values_is_named():
    result = run(data_mesh_01.q4, fix(UPPER, STATUS, 'fixed["amount"] = fixed["amount"].round()', DEDUPE))
    assert result.mistake == "changed_good_values"


# --- 👨‍💻 q5 blast_radius ----------------------------------------------------------------------------

SEARCH = ("def blast_radius(inputs, broken):\n"
          "    affected, frontier = [], [broken]\n"
          "    while frontier:\n"
          "        current = frontier.pop(0)\n"
          "        for product, sources in inputs.items():\n"
          "            if current in sources and product not in affected:\n"
          "                affected.append(product)\n"
          "                frontier.append(product)\n")


def test_q5_an_unsorted_answer_is_not_correct_because_the_prompt_asks_for_sorted():
    result = run(data_mesh_01.q5, SEARCH + "    return affected\n")
    assert (result.status, result.mistake) == ("incorrect", "not_sorted")
    assert run(data_mesh_01.q5, SEARCH + "    return sorted(affected)\n").status == "correct"


def test_q5_a_forgotten_return_is_named():
    assert run(data_mesh_01.q5, SEARCH).mistake == "forgot_to_return"


def test_q5_emptying_the_lineage_map_while_searching_is_not_correct():
    code = ("def blast_radius(inputs, broken):\n"
            "    affected, frontier = set(), [broken]\n"
            "    while frontier:\n"
            "        current = frontier.pop()\n"
            "        for product in list(inputs):\n"
            "            if current in inputs[product]:\n"
            "                affected.add(product)\n"
            "                frontier.append(product)\n"
            "                inputs[product] = []\n"
            "    return sorted(affected)\n")
    result = run(data_mesh_01.q5, code)
    assert result.status == "incorrect" and "changed its input" in result.message


# --- 🧑‍🎓 q2 and 👶 start_here.q1: wrong types and slips in the learner's words ------------------------

@pytest.mark.parametrize(("code", "mistake"), [
    ('waiting = "20"', "text_not_number"),
    ("waiting = print(20)", "printed_instead_of_stored"),
    ("waiting = TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS - OWNER_MERGES_PER_DAY",
     "took_away_the_merges_once"),
    ("waiting = OWNER_MERGES_PER_DAY * SCHOOL_DAYS - TEAMMATES * EDITS_PER_TEAMMATE_PER_DAY * SCHOOL_DAYS",
     "below_zero"),
])
def test_q2_teen_slips_get_their_own_explanation(code, mistake, capsys):
    result = run(data_mesh_01.q2, code)
    assert (result.status, result.mistake) == ("incorrect", mistake)


def test_q2_never_says_float_about_a_count_of_edits():
    result = run(data_mesh_01.q2, "waiting = [20]")
    assert result.status == "incorrect" and "float" not in result.message


@pytest.mark.parametrize(("code", "mistake"), [
    ("seconds = [15]", "in_brackets"),
    ("seconds = (5, 3)", "in_brackets"),
    ("seconds = print(15)", "printed_instead_of_kept"),
])
def test_start_here_q1_kid_slips_are_explained_without_python_jargon(code, mistake, capsys):
    namespace = {"____": ____}
    exec(code, namespace)
    result = start_here.q1.evaluate(namespace)
    assert (result.status, result.mistake) == ("incorrect", mistake)
    assert not re.search(r"\b(int|list|tuple|NoneType)\b", result.message)


# --- the notebooks ------------------------------------------------------------------------------------

def cells(relative: str) -> list[dict]:
    return json.loads((NOTEBOOKS / relative).read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def exercise_cell_index(relative: str, exercise_id: str) -> int:
    return next(i for i, c in enumerate(cells(relative)) if f"exercise:{exercise_id}" in c["metadata"].get("tags", []))


@pytest.mark.parametrize("exercise", [e for e in vars(data_mesh_01).values() if isinstance(e, ChoiceExercise)],
                         ids=lambda e: e.id)
def test_every_letter_answer_is_introduced_with_its_quote_marks(exercise):
    """Without quotes, `kid_answer = b` is a NameError before any check can help."""
    relative = "data_mesh/01_what_is_data_mesh.ipynb"
    index = exercise_cell_index(relative, exercise.id)
    before = "".join(text(c) for c in cells(relative)[max(0, index - 3):index] if c["cell_type"] == "markdown")
    assert re.search(rf'`{exercise.var} = "[a-z]"`', before), f"tell the learner to type {exercise.var} = \"a\""


@pytest.mark.parametrize("relative", MY_NOTEBOOKS)
def test_every_notebook_a_learner_is_sent_to_exists(relative):
    here = (NOTEBOOKS / relative).parent
    for cell in cells(relative):
        if cell["cell_type"] != "markdown":
            continue
        for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", text(cell)):
            assert (here / target).exists(), f"{relative} links to {target}, which does not exist"
        for named in re.findall(r"`([\w/]+\.ipynb)`", text(cell)):
            assert (NOTEBOOKS / named).exists() or (here / named).exists(), f"{relative} sends to {named}"


@pytest.mark.parametrize("relative", MY_NOTEBOOKS)
def test_no_markdown_gives_a_quiz_answer_away(relative):
    quizzes = [q for q in vars(MY_NOTEBOOKS[relative]).values() if isinstance(q, Quiz)]
    markdown = " ".join(text(c) for c in cells(relative) if c["cell_type"] == "markdown")
    for quiz in quizzes:
        name = quiz.id.split(".", 1)[1]
        assert f'{name}.answer("{quiz.correct_key}")' not in markdown, f"{relative} gives {quiz.id} away"


# --- the pictures -------------------------------------------------------------------------------------

def _results():
    from mesh_lab.kit.doctor import CheckResult

    return [CheckResult("Python", True, "", seconds=0.0), CheckResult("import pandas", True, "", seconds=0.14),
            CheckResult("workspace writable", False, "", "fix it", seconds=0.002)]


def test_self_check_chart_reads_in_milliseconds_not_powers_of_ten():
    from mesh_lab.plots.kit import self_check_chart

    figure = self_check_chart(_results())
    figure.savefig(io.BytesIO(), format="png")
    ax = figure.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "1 ms" in ticks and "100 ms" in ticks
    assert not any("10^" in t or "$" in t for t in ticks)
    assert sorted(t.get_text() for t in ax.texts) == ["140 ms", "2 ms", "< 1 ms"]


def test_self_check_chart_marks_each_row_pass_or_fail_in_words_not_colour_only():
    from mesh_lab.plots.kit import self_check_chart

    labels = [t.get_text() for t in self_check_chart(_results()).axes[0].get_yticklabels()]
    assert labels == ["✘ workspace writable", "✔ import pandas", "✔ Python"]


def test_domain_sketch_title_is_good_english_for_one_domain():
    from mesh_lab.plots.kit import domain_sketch

    assert domain_sketch(1).axes[0].get_title() == "1 domain owns its data, one shared platform"
    assert domain_sketch(3).axes[0].get_title().startswith("3 domains each own their data")


def test_simulator_legend_never_hides_flat_lines_at_the_top():
    """With no change requests both lines sit flat at the top of the panel, where the legend used to be."""
    from mesh_lab.widgets.mesh import update

    figure = update(change_requests=0.0).figure
    figure.savefig(io.BytesIO(), format="png")
    ax = figure.axes[0]
    box = ax.get_legend().get_window_extent()
    for line in ax.lines:
        points = ax.transData.transform(line.get_xydata())
        inside = [(x, y) for x, y in points if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1]
        assert not inside, f"the legend covers the {line.get_label()} line"


# --- Run All with the learner's own bug -----------------------------------------------------------------

def test_run_all_carries_on_past_a_fix_transactions_that_raises(_isolated_workspace, monkeypatch):
    """JupyterLab's "Run All" stops at the first red cell: one bug in fix_transactions used to leave the
    blast radius, the simulation and the quizzes unrun. The check explains the bug; the notebook goes on."""
    import nbformat
    from nbclient import NotebookClient

    relative = "data_mesh/01_what_is_data_mesh.ipynb"
    notebook = nbformat.read(NOTEBOOKS / relative, as_version=4)
    index = exercise_cell_index(relative, "data_mesh_01.q4")
    notebook.cells[index].source = fix('fixed["currency"] = fixed["currency"].upper()', "return fixed")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str((NOTEBOOKS / relative).parent)}})
    client.execute()
    errors = [(i, o["ename"]) for i, c in enumerate(notebook.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert errors == []
    printed = "".join(o.get("text", "") for c in notebook.cells[index + 1:index + 3] for o in c.get("outputs", []))
    assert "raised AttributeError" in printed and "q4.restore()" in printed
    assert notebook.cells[-2].outputs, "the last quiz cell ran"


def test_domain_slider_caption_is_good_english_for_one_domain():
    from mesh_lab.widgets.kit import domain_slider

    widget = domain_slider(2)
    widget.slider.value = 1
    assert "1 domain owns its data" in widget.caption.value
    widget.slider.value = 4
    assert "4 domains own their data" in widget.caption.value
