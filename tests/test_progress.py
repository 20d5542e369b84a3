"""Progress: recording, atomic writes, two writers at once, corrupt-file recovery, summary and CLI."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from mesh_lab.learning import progress
from mesh_lab.learning.progress import ProgressWarning

UPDATES_PER_PROCESS = 40


def test_record_creates_the_file_in_the_workspace(_isolated_workspace):
    entry = progress.record("start_here.q1", "check", status="incorrect", mistake="off_by_one")
    assert entry["checks"] == 1 and entry["attempts"] == 1 and entry["correct"] is False
    document = json.loads((_isolated_workspace / "progress.json").read_text())
    assert document["version"] == 1
    assert document["exercises"]["start_here.q1"]["notebook"] == "start_here"


def test_not_attempted_checks_count_as_checks_but_not_attempts():
    entry = progress.record("start_here.q1", "check", status="not_attempted")
    assert entry["checks"] == 1 and entry["attempts"] == 0


def test_hints_solutions_and_restores_are_recorded():
    progress.record("start_here.q1", "hint", number=1)
    progress.record("start_here.q1", "hint", number=2)
    progress.record("start_here.q1", "hint", number=1)  # looking at hint 1 again does not add a hint
    progress.record("start_here.q1", "solution")
    entry = progress.record("start_here.q1", "restore")
    assert entry["hints"] == 2 and entry["solution_viewed"] and entry["restored"]


def test_unknown_event_is_refused():
    with pytest.raises(ValueError, match="Unknown progress event 'peek'"):
        progress.record("start_here.q1", "peek")


def test_writes_leave_no_temporary_files(_isolated_workspace):
    for status in ("incorrect", "correct"):
        progress.record("start_here.q1", "check", status=status)
    names = sorted(p.name for p in _isolated_workspace.iterdir())
    assert names == ["progress.json", "progress.json.lock"]


def _writer(folder: str, worker: int, updates: int) -> None:
    for number in range(updates):
        progress.record(f"nb{worker}.q{number}", "check", status="correct", path=f"{folder}/progress.json")
        progress.record("shared.q1", "check", status="incorrect", path=f"{folder}/progress.json")


def test_two_processes_writing_at_once_lose_no_update(tmp_path):
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), n, UPDATES_PER_PROCESS)) for n in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0]
    exercises = progress.load(tmp_path / "progress.json")["exercises"]
    for n in (1, 2):
        assert all(exercises[f"nb{n}.q{i}"]["correct"] for i in range(UPDATES_PER_PROCESS))
    assert exercises["shared.q1"]["checks"] == 2 * UPDATES_PER_PROCESS


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"exercises": 3}', b"\xff\xfe\x00bad"])
def test_corrupt_file_is_moved_aside_with_a_warning_and_a_fresh_one_started(_isolated_workspace, content):
    path = progress.progress_path()  # creates the workspace folder
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.warns(ProgressWarning, match="moved to progress.json.corrupt-"):
        entry = progress.record("start_here.q1", "check", status="correct")
    assert entry["checks"] == 1
    kept = list(_isolated_workspace.glob("progress.json.corrupt-*"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == (content if isinstance(content, bytes) else content.encode())
    assert json.loads(path.read_text())["exercises"]["start_here.q1"]["correct"] is True


def test_two_corruptions_in_one_second_keep_both_files(_isolated_workspace):
    path = progress.progress_path()  # creates the workspace folder
    for text in ("{one", "{two"):
        path.write_text(text)
        with pytest.warns(ProgressWarning):
            progress.load()
    kept = sorted(p.read_text() for p in _isolated_workspace.glob("progress.json.corrupt-*"))
    assert kept == ["{one", "{two"]


def test_summary_rows_per_notebook():
    progress.record("start_here.q1", "check", status="correct")
    progress.record("start_here.q2", "check", status="incorrect")
    progress.record("start_here.q2", "hint", number=1)
    progress.record("smoke_01.q1", "check", status="not_attempted")
    progress.record("smoke_01.q1", "solution")
    rows = progress.summary_rows(progress.load())
    assert rows == [
        {"notebook": "smoke_01", "exercises": 1, "attempted": 0, "correct": 0, "hints": 0, "solutions": 1},
        {"notebook": "start_here", "exercises": 2, "attempted": 2, "correct": 1, "hints": 1, "solutions": 0},
    ]
    with_registry = progress.summary_rows(progress.load(), {"start_here": 5, "data_mesh_01": 3})
    assert [r["exercises"] for r in with_registry] == [3, 1, 5]


def test_summary_has_a_text_table_a_frame_and_html_with_a_chart(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    progress.record("start_here.q1", "check", status="correct")
    result = progress.summary()
    text = repr(result)
    assert "notebook" in text and "start_here" in text and "TOTAL" in text
    assert list(result.table.columns) == progress.SUMMARY_COLUMNS
    html = result._repr_html_()
    assert "<table" in html and "data:image/png;base64," in html


def test_progress_chart_is_a_figure():
    from matplotlib.figure import Figure

    from mesh_lab.plots.progress import progress_chart

    rows = [{"notebook": "start_here", "exercises": 2, "attempted": 2, "correct": 1, "hints": 3, "solutions": 0}]
    figure = progress_chart(rows)
    assert isinstance(figure, Figure)
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["start_here"]
    assert isinstance(progress_chart([]), Figure)


def test_empty_summary_says_how_to_start():
    assert "No progress recorded yet" in repr(progress.summary())


def test_cli_prints_the_table(capsys):
    progress.record("start_here.q1", "check", status="correct")
    assert progress.main(["--no-registry"]) == 0
    out = capsys.readouterr().out
    assert "start_here" in out and "TOTAL" in out


def test_cli_reads_several_files_as_json(tmp_path, capsys):
    for learner in ("ana", "bo"):
        progress.record("start_here.q1", "check", status="correct", path=tmp_path / learner / "progress.json")
    files = [str(tmp_path / learner / "progress.json") for learner in ("ana", "bo")]
    assert progress.main([*files, "--json", "--no-registry"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert list(output) == files and output[files[0]][0]["correct"] == 1


def test_cli_missing_file_is_a_clear_error(tmp_path, capsys):
    assert progress.main([str(tmp_path / "nope.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_reset_keeps_the_old_file(_isolated_workspace):
    progress.record("start_here.q1", "check", status="correct")
    progress.reset()
    assert progress.load()["exercises"] == {}
    assert len(list(_isolated_workspace.glob("progress.json.reset-*"))) == 1


def test_cli_without_progress_yet_says_how_to_start(capsys):
    assert progress.main(["--no-registry"]) == 0
    assert "No progress recorded yet" in capsys.readouterr().out


def test_cli_lists_exercises_with_the_misconceptions_met(capsys):
    progress.record("start_here.q1", "check", status="incorrect", mistake="one_lesson_only")
    progress.record("start_here.q1", "check", status="incorrect", mistake="one_lesson_only")
    progress.record("start_here.quiz1", "answer", status="correct", choice="b")
    assert progress.main(["--no-registry", "--exercises"]) == 0
    out = capsys.readouterr().out
    assert "start_here.q1" in out and "mistakes: one_lesson_only×2" in out
    assert any(line.split()[:2] == ["start_here.quiz1", "correct"] for line in out.splitlines())


def test_progress_file_gets_ordinary_permissions_not_mkstemps_0600():
    import os
    import stat

    path = progress.progress_path()
    progress.record("start_here.q1", "check", status="correct")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    path.chmod(0o640)
    progress.record("start_here.q1", "check", status="correct")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# ---------------------------------------------------------------------------------------------- hardening
def _good_entry(**fields) -> dict:
    entry = {"notebook": "start_here", "checks": 2, "attempts": 1, "correct": True, "last_status": "correct",
             "mistakes": {}, "hints": 1, "solution_viewed": False, "restored": False}
    return {**entry, **fields}


def _document_with(bad_entry_text: str) -> str:
    good = json.dumps(_good_entry())
    return f'{{"version": 1, "exercises": {{"start_here.q1": {good}, "start_here.q2": {bad_entry_text}}}}}'


@pytest.mark.parametrize("bad_fields", ['{"checks": "many"}', '{"hints": null}',
                                        '{"checks": ' + "9" * 5000 + "}", '{"attempts": NaN}', '"text"'])
def test_a_bad_entry_is_set_aside_on_its_own_and_recording_goes_on(_isolated_workspace, bad_fields):
    path = progress.progress_path()
    original = _document_with(bad_fields).encode()
    path.write_bytes(original)
    with pytest.warns(ProgressWarning, match=r"set aside \(start_here\.q2: .*kept as progress\.json\.bad-"):
        entry = progress.record("start_here.q3", "check", status="correct")
    assert entry["checks"] == 1
    exercises = json.loads(path.read_text())["exercises"]
    assert sorted(exercises) == ["start_here.q1", "start_here.q3"]  # the good entry survives
    assert exercises["start_here.q1"]["checks"] == 2
    kept = list(_isolated_workspace.glob("progress.json.bad-*"))
    assert [p.read_bytes() for p in kept] == [original]
    assert not list(_isolated_workspace.glob("progress.json.corrupt-*"))
    progress.record("start_here.q3", "check", status="correct")  # and it goes on, no warning needed
    assert json.loads(path.read_text())["exercises"]["start_here.q3"]["checks"] == 2


def test_recording_the_bad_entry_itself_starts_it_afresh(_isolated_workspace):
    progress.progress_path().write_text(_document_with('{"hints": null}'))
    with pytest.warns(ProgressWarning):
        entry = progress.record("start_here.q2", "hint", number=1)
    assert entry["hints"] == 1


def test_the_progress_command_prints_the_rest_of_a_file_with_a_bad_entry(tmp_path, capsys):
    path = tmp_path / "progress.json"
    path.write_text(_document_with('{"checks": "many"}'))
    before = sorted(p.name for p in tmp_path.iterdir())
    assert progress.main([str(path), "--no-registry", "--exercises"]) == 0
    captured = capsys.readouterr()
    assert "start_here.q1" in captured.out and "start_here.q2" not in captured.out
    assert "left out start_here.q2 ('checks' is 'many', not a count)" in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # reading changes nothing


def test_a_progress_file_with_a_utf8_bom_is_accepted(_isolated_workspace, capsys):
    path = progress.progress_path()
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"version": 1, "exercises": {"start_here.q1": _good_entry()}}).encode())
    entry = progress.record("start_here.q1", "check", status="correct")
    assert entry["checks"] == 3  # the 2 earlier checks were kept, not restarted from zero
    assert not list(_isolated_workspace.glob("progress.json.corrupt-*"))
    assert progress.main([str(path), "--no-registry"]) == 0


@pytest.mark.parametrize("make", [
    lambda d: d / "a_folder",
    lambda d: d / "README.md",
    lambda d: d / "data.csv",
    lambda d: d / "other.json",
    lambda d: d / "bad.json",
])
def test_the_progress_command_only_reads_and_refuses_what_is_not_a_progress_file(tmp_path, capsys, make):
    target = make(tmp_path)
    contents = {"README.md": "# notes\n", "data.csv": "a,b\n1,2\n", "other.json": '{"name": "x"}',
                "bad.json": "\xff not text"}
    if target.name == "a_folder":
        target.mkdir()
        (target / "inside.txt").write_text("keep me")
    else:
        target.write_bytes(contents[target.name].encode("latin-1"))
    before = {p.name: (p.read_bytes() if p.is_file() else None) for p in tmp_path.iterdir()}
    assert progress.main([str(target), "--no-registry"]) == 2
    err = capsys.readouterr().err
    assert f"{target} is not a progress file" in err and "Traceback" not in err
    assert {p.name: (p.read_bytes() if p.is_file() else None) for p in tmp_path.iterdir()} == before


def test_the_progress_command_leaves_the_workspaces_corrupt_file_alone(_isolated_workspace, capsys):
    path = progress.progress_path()
    path.write_text("{not json")
    assert progress.main(["--no-registry"]) == 2
    assert "is not a progress file" in capsys.readouterr().err
    assert sorted(p.name for p in _isolated_workspace.iterdir()) == ["progress.json"]


def test_the_progress_command_with_a_workspace_that_is_a_file_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(afile))
    assert progress.main(["--no-registry"]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and len(err.strip().splitlines()) == 1


def test_loading_any_other_file_renames_nothing(tmp_path):
    folder = tmp_path / "facilitator"
    folder.mkdir()
    notes = folder / "notes.md"
    notes.write_text("# my notes\n")
    with pytest.warns(ProgressWarning, match="left as it is"):
        assert progress.summary(notes).rows == []
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock")) == ["notes.md"]


OLD_FILE = Path(__file__).parent / "fixtures" / "progress" / "written-by-0.1.0-28f4fd9.json"


def test_a_progress_file_written_by_the_previous_version_loads_and_keeps_recording(_isolated_workspace):
    """The file was written by the kit before its reshaping (commit 28f4fd9): nothing is lost."""
    import shutil

    target = progress.progress_path()
    shutil.copy(OLD_FILE, target)
    document = progress.load()
    assert set(document["exercises"]) == {"start_here.q1", "data_mesh_01.q4", "smoke_01.quiz1", "smoke_01.q2"}
    q1 = document["exercises"]["start_here.q1"]
    assert q1["correct"] and q1["hints"] == 1 and q1["mistakes"] == {"added_instead_of_multiplied": 1}
    entry = progress.record("start_here.q1", "check", status="correct")
    assert entry["checks"] == 3 and entry["mistakes"] == {"added_instead_of_multiplied": 1}
    rows = {row["notebook"]: row for row in progress.summary_rows(progress.load())}
    assert rows["smoke_01"]["solutions"] == 1 and rows["start_here"]["correct"] == 1
    assert not list(_isolated_workspace.glob("progress.json.corrupt-*")), "an old file is not corrupt"
