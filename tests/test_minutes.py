"""The minutes tool (mesh_lab.kit.minutes): a measured walkthrough per level, against the stated minutes.

The method is docs/minutes.md: words / 150 per minute, plus a stated time per exercise (by kind and
level), per code cell run and read, per widget "play" cell and per "predict" cell.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import nbformat
import pytest

from mesh_lab.kit import minutes
from mesh_lab.learning import FunctionExercise, get_exercise


def md(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def code(source: str, tag: str | None = None) -> dict:
    return {"cell_type": "code", "metadata": {"tags": [f"exercise:{tag}"]} if tag else {}, "source": source,
            "outputs": [], "execution_count": None}


FAKE = {"t.kid_value": SimpleNamespace(level="kid"), "t.tech_value": SimpleNamespace(level="tech")}


def lookup(exercise_id: str):
    return FAKE[exercise_id]


def notebook(cells, level_minutes=None, total=None) -> dict:
    meta = {"title": "t", "levels": ["kid", "teen", "tech"]}
    if level_minutes is not None:
        meta["level_minutes"] = level_minutes
        meta["minutes"] = sum(level_minutes.values()) if total is None else total
    return {"cells": cells, "metadata": {"mesh_lab": meta}, "nbformat": 4, "nbformat_minor": 5}


WORDS_150 = " ".join(["word"] * 150)
SAMPLE = [
    md("# 🧪 Title\n> ⏱ about 9 minutes"),                  # intro: 4 words
    code("from x import *"),                                  # intro: a run cell, 3 words
    md("## 🗺️ The map"),                                      # other heading before Kid: still intro
    md(f"## 👶 Kid — toys\n{WORDS_150}"),                      # kid: 1 minute of reading (+2 heading words)
    code("answer = ____", "t.kid_value"),                     # kid answer: 2 min
    code("q1.check()"),                                       # part of the exercise
    code("# Stuck?\n# q1.hint()"),                            # optional hint: nothing
    md("## 🧑‍🎓 Teen — reels"),
    code("domain_slider(3)"),                                 # play: 1 min
    code("my_prediction = ____"),                             # predict: 1 min
    md("## 👨‍💻 Tech Lead — work"),
    code("answer = ____", "t.tech_value"),                    # tech answer: 5 min
    md("## 🎯 Cheat sheet\n| a | b |\n| --- | --- |"),          # wrap; table bars are not words
]


def test_words_count_tokens_with_a_letter_or_digit():
    assert minutes.count_words("| --- | a1 | 👶 | * Kid — x") == 3
    assert minutes.count_words("") == 0


def test_sections_split_at_level_headings_and_other_headings_go_to_intro_or_wrap():
    parts = minutes.split_sections(SAMPLE)
    assert [len(parts[name]) for name in minutes.SECTIONS] == [3, 4, 3, 2, 1]


def test_measure_counts_reading_exercises_run_play_and_predict_cells():
    sections = minutes.measure(notebook(SAMPLE), lookup)
    kid, teen, tech, wrap = (sections[k] for k in ("kid", "teen", "tech", "wrap"))
    # 152 words of markdown, then "answer" (a blank is not a word), "q1.check()", "Stuck?" "q1.hint()"
    assert (kid.words, [e.kind for e in kid.exercises], kid.run_cells) == (156, ["answer"], 0)
    assert kid.minutes == pytest.approx(156 / 150 + 2)
    assert (teen.play_cells, teen.predict_cells, teen.run_cells) == (1, 1, 0)
    assert tech.minutes == pytest.approx(tech.words / 150 + 5)
    assert wrap.run_cells == 1 and wrap.words == 4 + 3 + 2 + 2 + 2  # title, import, map, cheat sheet + a, b
    assert minutes.total(sections).minutes == pytest.approx(sum(s.minutes for s in sections.values()))


def test_exercise_time_goes_by_kind_and_level():
    assert minutes.exercise_kind(get_exercise("start_here.quiz1")) == "quiz"
    assert minutes.exercise_kind(get_exercise("start_here.q1")) == "answer"
    assert minutes.exercise_kind(get_exercise("start_here.q4")) == "answer"  # an order is one line
    function = FunctionExercise(id="t.f", level="tech", prompt="p", starter="def f(x):\n    return ____",
                                solution="def f(x):\n    return x", func="f", cases=[((1,), 1)], register=False)
    assert minutes.exercise_kind(function) == "code"
    assert minutes.CheckedExercise("t.f", "code", "tech").minutes == 10
    assert minutes.CheckedExercise("t.q", "answer", "kid").minutes == 2
    assert minutes.CheckedExercise("t.z", "quiz", "teen").minutes == 1


def test_tolerance_is_twenty_percent_or_half_a_minute():
    assert minutes.within_tolerance(12, 10) and minutes.within_tolerance(8, 10)
    assert not minutes.within_tolerance(13, 10) and not minutes.within_tolerance(7, 10)
    assert minutes.within_tolerance(1, 0.6), "whole minutes: a 0.6-minute section may say 1"
    assert not minutes.within_tolerance(2, 0.6)


def _write(tmp_path, nb: dict, name="n.ipynb"):
    path = tmp_path / name
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_main_exits_1_and_suggests_metadata_when_a_figure_is_off(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("mesh_lab.learning.get_exercise", lookup)
    table = minutes.rows(notebook(SAMPLE), lookup)
    right = minutes.suggested_level_minutes(table)
    assert minutes.main([str(_write(tmp_path, notebook(SAMPLE, right)))]) == 0
    assert "✘" not in capsys.readouterr().out
    guessed = dict(right, tech=right["tech"] + 5)
    assert minutes.main([str(_write(tmp_path, notebook(SAMPLE, guessed)))]) == 1
    out = capsys.readouterr().out
    assert "✘" in out and json.dumps(right) in out, "the fix to paste is printed"
    assert minutes.main([str(_write(tmp_path, notebook(SAMPLE)))]) == 1, "no level_minutes at all"
    assert minutes.main([str(tmp_path / "missing.ipynb")]) == 2
    assert "not a notebook file" in capsys.readouterr().err


def test_total_is_checked_too(tmp_path):
    table = minutes.rows(notebook(SAMPLE), lookup)
    right = minutes.suggested_level_minutes(table)
    stale_total = minutes.rows(notebook(SAMPLE, right, total=sum(right.values()) * 2), lookup)
    assert [row.section.name for row in stale_total if not row.within] == ["total"]


def test_every_notebook_can_be_measured():
    for path in minutes.default_notebooks():
        table = minutes.rows(nbformat.read(path, as_version=4))
        assert table[-1].section.minutes > 5, path
