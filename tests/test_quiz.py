"""Quizzes: answered by key without widgets, and through the widget's handler headless."""

from __future__ import annotations

import json

import pytest

from mesh_lab.learning import ExerciseError, Option, Quiz


def make_quiz(**overrides):
    options = dict(
        id="t.quiz1", level="kid", question="What does a smoke test check first?",
        options=[
            Option("a", "Every feature in detail", why="That is a full regression suite, much slower."),
            Option("b", "That the thing turns on", correct=True, why="Yes: the toy turns on."),
            Option("c", "The colour of the buttons", why="Looks do not tell you it works."),
        ],
        register=False,
    )
    options.update(overrides)
    return Quiz(**options)


def progress_entry(workspace, exercise_id="t.quiz1"):
    return json.loads((workspace / "progress.json").read_text())["exercises"][exercise_id]


def test_default_starter_and_solution_use_the_quiz_name():
    quiz = make_quiz()
    assert quiz.starter == "quiz1.show()" and quiz.solution_code == "quiz1.answer('b')"
    assert [m.name for m in quiz.mistakes] == ["option_a", "option_c"]


def test_answer_correct_shows_why_and_records(capsys, _isolated_workspace):
    quiz = make_quiz()
    assert quiz.answer("b") is None
    out = capsys.readouterr().out
    assert "✅ Correct" in out and "the toy turns on" in out
    assert quiz.last_result.correct and quiz.answered == "b"
    entry = progress_entry(_isolated_workspace)
    assert entry["correct"] is True and entry["last_choice"] == "b"


def test_answer_wrong_explains_that_option(capsys, _isolated_workspace):
    quiz = make_quiz()
    quiz.answer("A")
    out = capsys.readouterr().out
    assert "❌ Not quite" in out and "full regression suite" in out
    assert quiz.last_result.mistake == "option_a"
    assert progress_entry(_isolated_workspace)["mistakes"] == {"option_a": 1}


def test_the_option_text_picks_that_option(capsys):
    quiz = make_quiz()
    quiz.answer("That the thing turns on")
    assert quiz.answered == "b"


def test_invalid_key_lists_the_valid_keys(capsys):
    quiz = make_quiz()
    quiz.answer("z")
    out = capsys.readouterr().out
    assert "'z' is not one of the choices" in out and '"a", "b" or "c"' in out
    assert quiz.answered is None


def test_check_reports_the_last_answer(capsys):
    quiz = make_quiz()
    quiz.check()
    assert "Not attempted" in capsys.readouterr().out
    quiz.answer("c")
    quiz.check()
    assert quiz.last_result.mistake == "option_c"


def test_widget_handler_is_testable_headless(_isolated_workspace):
    quiz = make_quiz()
    widget = quiz.widget()
    assert [value for _, value in widget.choices.options] == ["a", "b", "c"]
    assert widget.choices.value is None

    widget.button.click()  # nothing picked yet
    assert "Not attempted" in widget.feedback.value
    assert not (_isolated_workspace / "progress.json").exists()

    widget.choices.value = "c"
    widget.button.click()
    assert "❌" in widget.feedback.value and "Looks do not tell you it works." in widget.feedback.value
    assert quiz.answered == "c"

    widget.choices.value = "b"
    result = widget.on_check()
    assert result.correct and "✅" in widget.feedback.value
    assert "Why each option" in widget.feedback.value and "full regression suite" in widget.feedback.value
    entry = progress_entry(_isolated_workspace)
    assert entry["checks"] == 2 and entry["correct"] is True


def test_show_outside_ipython_prints_the_options_and_how_to_answer(capsys):
    make_quiz().show()
    out = capsys.readouterr().out
    assert "❓ What does a smoke test check first?" in out
    assert "b) That the thing turns on" in out and 'quiz1.answer("a")' in out


def test_quiz_html_lists_the_options():
    html = make_quiz()._repr_html_()
    assert "That the thing turns on" in html and "<li>" in html


def test_restore_explains_there_is_nothing_to_restore(capsys):
    make_quiz().restore()
    assert "nothing to restore" in capsys.readouterr().out


@pytest.mark.parametrize("options, match", [
    ([Option("a", "x", correct=True)], "two or more"),
    ([Option("a", "x"), Option("b", "y")], "exactly one"),
    ([Option("a", "x", correct=True), Option("A", "y")], "distinct keys"),
])
def test_bad_quizzes_are_refused(options, match):
    with pytest.raises(ExerciseError, match=match):
        make_quiz(options=options)


def test_widget_display_carries_a_readable_text_form():
    from mesh_lab.learning.quiz import _WidgetWithText

    quiz = make_quiz()
    bundle = _WidgetWithText(quiz.widget().box, repr(quiz))._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("❓ What does a smoke test check first?")
