"""progress --collect: the class view of many learners, with unreadable files listed, never fatal."""

from __future__ import annotations

import json

import pytest

from mesh_lab.learning import classroom, progress, progress_main


def learner(root, name, events, folder="mesh-lab-workspace"):
    path = root / name / folder / "progress.json"
    path.parent.mkdir(parents=True)
    for exercise_id, event, fields in events:
        progress.record(exercise_id, event, path=path, **fields)
    return path


@pytest.fixture
def room(tmp_path):
    learner(tmp_path, "ada", [("smoke_01.q2", "check", {"status": "incorrect", "mistake": "sum_not_all"}),
                              ("smoke_01.q2", "check", {"status": "correct"}),
                              ("smoke_01.q5", "check", {"status": "incorrect", "mistake": "missing_boot"})])
    learner(tmp_path, "bob", [("smoke_01.q2", "check", {"status": "incorrect", "mistake": "sum_not_all"}),
                              ("smoke_01.q5", "check", {"status": "incorrect", "mistake": "missing_boot"})])
    learner(tmp_path, "cy", [("data_mesh_01.q1", "check", {"status": "correct"})], folder="deep/er")
    (tmp_path / "eve" / "workspace").mkdir(parents=True)
    (tmp_path / "eve" / "workspace" / "progress.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "zed").mkdir()
    (tmp_path / "zed" / "progress.json").write_text(json.dumps({"format": 1, "exercises": {
        "smoke_01.q2": {"checks": "many"}, "smoke_01.q1": {"notebook": "smoke_01", "checks": 1, "attempts": 1,
                                                          "correct": True, "mistakes": {}, "hints": 0}}}))
    return tmp_path


def test_a_folder_is_searched_at_any_depth_and_learners_are_named_by_their_folder(room):
    view = classroom.collect([room])
    assert sorted(view.learners) == ["ada", "bob", "cy/deep/er", "zed"]


def test_unreadable_files_are_listed_and_skipped_never_fatal(room):
    view = classroom.collect([room, room / "nobody"])
    reasons = dict(view.unreadable)
    assert any("eve" in path for path in reasons), view.unreadable
    assert any("zed" in path and "smoke_01.q2" in path for path in reasons), "a bad entry is listed on its own"
    assert reasons[str(room / "nobody")] == "does not exist"
    assert "smoke_01.q1" in view.learners["zed"]["exercises"], "the good entries of that file still count"


def test_the_exercises_most_learners_fail_come_first_with_their_commonest_misconception(room):
    table = classroom.collect([room]).exercises()
    first = table.iloc[0]
    assert (first["exercise"], first["tried"], first["correct"], first["still failing"]) == ("smoke_01.q5", 2, 0, 2)
    assert first["commonest misconception"] == "missing_boot (2 learners)"
    q2 = table.set_index("exercise").loc["smoke_01.q2"]
    assert (q2["correct"], q2["still failing"], q2["commonest misconception"]) == (1, 1, "sum_not_all (2 learners)")


def test_who_is_where(room):
    table = classroom.collect([room]).who_is_where().set_index("learner")
    assert table.loc["ada", "correct"] == 1 and table.loc["ada", "tried"] == 2
    assert table.loc["ada", "now in"] == "smoke_01" and table.loc["cy/deep/er", "now in"] == "data_mesh_01"


def test_the_command_prints_the_class_and_exits_2_when_nothing_is_readable(room, tmp_path, capsys):
    assert progress_main(["--collect", str(room)]) == 0
    out = capsys.readouterr().out
    assert "Class view: 4 learner(s)" in out and "missing_boot (2 learners)" in out and "Skipped" in out
    assert progress_main(["--collect", str(room), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exercises"][0]["exercise"] == "smoke_01.q5"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert progress_main(["--collect", str(empty)]) == 2


def test_collecting_writes_nothing(room):
    before = {p: p.read_bytes() for p in room.rglob("*") if p.is_file()}
    classroom.collect([room])
    assert {p: p.read_bytes() for p in room.rglob("*") if p.is_file()} == before


def test_the_class_chart_has_a_bar_per_exercise(room):
    from mesh_lab.plots.progress import class_chart

    figure = class_chart(classroom.collect([room]).exercises())
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert set(labels) == {"smoke_01.q5", "smoke_01.q2", "data_mesh_01.q1", "smoke_01.q1"}
