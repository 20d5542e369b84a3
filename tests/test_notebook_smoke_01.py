"""The smoke-testing notebook: what it says is true, each level stands alone, and it leaves nothing behind.

The fast tests read the notebook: each level ends with its own checks (the quizzes sit in their level's
section), the release matrix starts with "predict, then run", and what the text says about the boot
check, the health check, liveness and readiness and the demo's shortcuts matches the code.

The slow test runs the notebook in a real kernel (as nbval runs it). A probe cell after the setup cell
records the kernel's threads and sockets; a probe at the end requires no running ``DemoService``, no new
thread, no new socket, no child process and no leftover service folder in the workspace.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from mesh_lab.learning import Quiz, get_exercise

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "smoke_testing" / "01_what_is_smoke_testing.ipynb"

BASELINE = """
import os, threading
def _mesh_lab_sockets():
    fds = "/proc/self/fd"
    return {os.readlink(f"{fds}/{fd}") for fd in os.listdir(fds)
            if os.path.exists(f"{fds}/{fd}") and os.readlink(f"{fds}/{fd}").startswith("socket:")}
_mesh_lab_threads = {t.ident for t in threading.enumerate()}
_mesh_lab_sockets_before = _mesh_lab_sockets()
"""

PROBE = """
import gc, json, os, threading, time
from mesh_lab.paths import workspace
from mesh_lab.service import DemoService

def _children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found

time.sleep(0.2)  # let a finished worker thread exit
services_dir = workspace() / "demo_service"
print(json.dumps({
    "running services": [repr(o) for o in gc.get_objects() if isinstance(o, DemoService) and o.running],
    "new threads": [t.name for t in threading.enumerate() if t.ident not in _mesh_lab_threads],
    "new sockets": sorted(_mesh_lab_sockets() - _mesh_lab_sockets_before),
    "child processes": _children(os.getpid()),
    "service folders": sorted(p.name for p in services_dir.iterdir()) if services_dir.exists() else [],
}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads and sockets through /proc")
def test_the_notebook_leaves_no_service_thread_socket_or_process_behind(_isolated_workspace, monkeypatch):
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    setup = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    notebook.cells.insert(setup + 1, nbformat.v4.new_code_cell(BASELINE))
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = NotebookClient(notebook, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    printed = "".join(o.get("text", "") for o in notebook.cells[-1].outputs if o.get("name") == "stdout")
    leftovers = json.loads(printed)
    assert leftovers == {"running services": [], "new threads": [], "new sockets": [],
                         "child processes": [], "service folders": []}


# what the notebook says ---------------------------------------------------------------------------------

LEVEL_ICONS = {"kid": "👶", "teen": "🧑‍🎓", "tech": "👨‍💻"}


def _cells():
    return nbformat.read(NOTEBOOK, as_version=4).cells


def _markdown() -> str:
    return "\n".join(c.source for c in _cells() if c.cell_type == "markdown")


def _section_of_each_cell(cells) -> list[str]:
    """For each cell, the ``##`` section it belongs to: kid, teen, tech, or the heading's first word."""
    current, found = "intro", []
    for cell in cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    heading = line[3:]
                    current = next((level for level, icon in LEVEL_ICONS.items() if heading.startswith(icon)),
                                   heading.split(" ")[0])
        found.append(current)
    return found


def _exercise_cells(cells):
    return [(i, tag.split(":", 1)[1]) for i, c in enumerate(cells) for tag in c.metadata.get("tags", [])
            if tag.startswith("exercise:")]


def test_every_old_exercise_id_is_still_in_the_notebook():
    """Progress files hold these ids: moving a quiz is fine, renaming one is not."""
    ids = {exercise_id for _, exercise_id in _exercise_cells(_cells())}
    old = {f"smoke_01.q{n}" for n in range(1, 7)} | {f"smoke_01.quiz{n}" for n in range(1, 5)}
    assert old <= ids, sorted(old - ids)


def test_each_level_section_holds_its_own_checks_quizzes_included():
    cells = _cells()
    where = _section_of_each_cell(cells)
    per_level = {level: [] for level in LEVEL_ICONS}
    for index, exercise_id in _exercise_cells(cells):
        exercise = get_exercise(exercise_id)
        if where[index] in per_level:
            assert where[index] == exercise.level, f"{exercise_id} ({exercise.level}) sits in the {where[index]} section"
            per_level[exercise.level].append(exercise_id)
        else:
            assert where[index] == "✅" and isinstance(exercise, Quiz), f"{exercise_id} outside a level section"
    counts = {level: len(ids) for level, ids in per_level.items()}
    assert counts["kid"] >= 3 and counts["teen"] >= 3 and counts["tech"] >= 4, counts
    for quiz in ("quiz1", "quiz2", "quiz3", "quiz4"):
        assert f"smoke_01.{quiz}" in per_level[get_exercise(f"smoke_01.{quiz}").level], quiz


def test_the_learner_predicts_before_the_release_matrix_and_sees_the_comparison_after():
    sources = [c.source for c in _cells()]
    matrix = next(i for i, s in enumerate(sources) if "release_matrix(" in s and "import" not in s)
    before = [s for s in sources[:matrix] if re.fullmatch(r"my_prediction = ____\s*(#.*)?", s.strip())]
    assert before, "a `my_prediction = ____` cell comes before the release matrix"
    assert "compare_prediction(my_prediction" in sources[matrix + 1]


@pytest.mark.parametrize("prediction, words", [
    ("____", "did not write a prediction"),
    ('["healthy"]', "You predicted"),
    ('"healthy"', "You predicted"),
    ('["healthy", "flaky"]', "spot on"),
])
def test_the_comparison_cell_never_fails_whatever_was_predicted(prediction, words):
    sources = [c.source for c in _cells()]
    matrix = next(i for i, s in enumerate(sources) if "release_matrix(" in s and "import" not in s)
    from mesh_lab.exercises.smoke_01 import ____  # noqa: F401 (the blank the notebook's setup binds)
    from mesh_lab.learning.predict import compare_prediction

    table = __import__("pandas").DataFrame(
        {"app boots": ["pass", "fail", "pass"], "login → dashboard": ["pass", "skipped", "pass"]},
        index=["healthy", "fails_to_boot", "flaky"])
    namespace = {"____": ____, "compare_prediction": compare_prediction, "matrix": table}
    exec(f"my_prediction = {prediction}", namespace)
    exec(sources[matrix + 1].replace("compare_prediction(", "_shown = compare_prediction(", 1), namespace)
    assert words in str(namespace["_shown"]), str(namespace["_shown"])


@pytest.mark.parametrize("prediction, words", [("____", "did not write a prediction"),
                                               ('"promote"', "spot on"), ('"roll back"', "You predicted")])
def test_the_learner_predicts_what_a_health_only_gate_does_before_seeing_it(prediction, words):
    from types import SimpleNamespace

    from mesh_lab.exercises.smoke_01 import ____
    from mesh_lab.learning.predict import compare_prediction

    sources = [c.source for c in _cells()]
    gate = next(i for i, s in enumerate(sources) if 'gate="health"' in s)
    assert re.fullmatch(r"\w+ = ____", sources[gate - 1].strip()), "a prediction cell right before the health gate"
    variable = sources[gate - 1].split("=")[0].strip()
    compare = sources[gate + 1]
    assert f"compare_prediction({variable}" in compare
    namespace = {"____": ____, "compare_prediction": compare_prediction,
                 "health_gate": SimpleNamespace(result=SimpleNamespace(decision="promote"))}
    exec(f"{variable} = {prediction}", namespace)
    exec(compare.replace("compare_prediction(", "_shown = compare_prediction(", 1), namespace)
    assert words in str(namespace["_shown"]), str(namespace["_shown"])


def test_the_boot_wait_and_timeout_in_the_text_are_the_ones_in_the_code():
    from mesh_lab.smoke import BOOT_WAIT_S, default_checks

    boot = default_checks()[0]
    text = _markdown()
    assert f"gives the app **{BOOT_WAIT_S:g} s** to answer `/version`; its timeout of {boot.timeout:g} s" in text
    assert f"the boot check gives it {BOOT_WAIT_S:g} s to answer `/version`, then gives up" in text
    assert f"`slow_start` fails when the boot check gives it {BOOT_WAIT_S:g} s" in text
    seconds_said = {float(s) for s in re.findall(r"boot[^.\n]*?\b(\d+(?:\.\d+)?) s\b", text)}
    assert seconds_said <= {BOOT_WAIT_S, boot.timeout, 5.0}, f"the text gives the boot check other times: {seconds_said}"


def test_the_db_unreachable_readout_says_the_health_check_names_the_database():
    from mesh_lab.smoke import smoke_release

    text = _markdown()
    assert "the database check failed. The health check catches it and its message names the real cause" in text
    assert "database check failed" in smoke_release("db_unreachable").first_failure.message


def test_dependency_checks_are_paired_with_readiness_and_liveness_checks_with_restarts():
    text = _markdown()
    table_row = next(line for line in text.splitlines() if line.startswith("| asks |"))
    assert "readiness: can it take traffic now, dependencies included?" in table_row
    assert "alive, can it reach its dependencies" not in table_row
    assert "readiness: take the instance out of rotation; liveness: restart it" in text
    assert "anti-pattern" in text and "restarts them all" in text


def test_the_tech_lead_section_lists_the_demo_services_shortcuts_truthfully():
    from mesh_lab import service

    cells = _cells()
    where = _section_of_each_cell(cells)
    shortcuts = next(c.source for c, w in zip(cells, where, strict=True)
                     if c.source.startswith("### Teaching simplifications — never do this in production"))
    assert where[[c.source for c in cells].index(shortcuts)] == "tech"
    assert f"{service.DEMO_USER['user']} / {service.DEMO_USER['password']}" in shortcuts
    salt = re.search(r"the same salt, `([^`]+)`", shortcuts).group(1)
    source = Path(service.__file__).read_text(encoding="utf-8")
    assert f'salt = "{salt}"' in source, "the fixed salt named is the real one"
    assert "SHA-256" in shortcuts and '"sha256"' in source, "the fast hash named is the real one"
    assert "tokens expire" in shortcuts and "429" in shortcuts
    assert "token expired" in Path(service.__file__).read_text(encoding="utf-8"), "the service's tokens expire"


def test_repeated_failed_logins_really_get_429_as_the_notebook_says():
    from mesh_lab.service import DEMO_USER, DemoService
    from mesh_lab.smoke import Target

    wrong = {"user": DEMO_USER["user"], "password": "not-" + DEMO_USER["password"]}
    with DemoService("healthy") as running:
        target = Target(running.base_url)
        statuses = [target.post("/login", json=wrong).status for _ in range(10)]
    assert statuses[0] == 401 and 429 in statuses, statuses
