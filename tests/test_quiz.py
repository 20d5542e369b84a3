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


def test_options_wrap_between_words_never_inside_one():
    from mesh_lab.learning.quiz import QUIZ_CLASS, QUIZ_CSS

    widget = make_quiz().widget()
    assert QUIZ_CLASS in widget.box._dom_classes
    assert widget.choices.layout.width == "100%"
    assert QUIZ_CSS in widget.box.children[0].value  # the style travels with the widget
    rules = QUIZ_CSS.split("label {", 1)[1].split("}", 1)[0]
    for rule in ("white-space: normal", "word-break: normal", "overflow-wrap: normal", "height: auto"):
        assert rule in rules
    assert "order: -1" in QUIZ_CSS.split("input {", 1)[1]  # ipywidgets puts the input after the text


def test_check_grades_an_option_picked_in_the_widget_but_not_yet_checked(capsys, _isolated_workspace):
    quiz = make_quiz()
    widget = quiz.widget()
    widget.choices.value = "b"  # picked; Check not pressed
    quiz.check()
    assert quiz.last_result.correct and quiz.answered == "b"
    assert "✅" in widget.feedback.value
    assert progress_entry(_isolated_workspace)["correct"] is True


class FakeHandle:
    def __init__(self, shown):
        self.shown = [shown]

    def update(self, obj):
        self.shown.append(obj)


@pytest.fixture
def fake_kernel(monkeypatch):
    """IPython's display with display ids, without a kernel: returns the handles made."""
    import IPython.display

    from mesh_lab.learning import quiz as quiz_module

    handles = []

    def display(obj, display_id=None):
        handle = FakeHandle(obj)
        handles.append(handle)
        return handle if display_id else None

    monkeypatch.setattr(quiz_module, "in_ipython", lambda: True)
    monkeypatch.setattr(IPython.display, "display", display)
    return handles


def test_a_check_shown_before_the_answer_is_updated_when_the_widget_answers(fake_kernel):
    quiz = make_quiz()
    widget = quiz.widget()
    quiz.check()  # e.g. Run All: nothing picked yet
    assert fake_kernel[0].shown[-1].status == "not_attempted"
    widget.choices.value = "c"
    widget.button.click()
    assert fake_kernel[0].shown[-1].mistake == "option_c"
    widget.choices.value = "b"
    widget.button.click()
    assert fake_kernel[0].shown[-1].correct


def test_a_check_shown_before_the_answer_is_updated_by_answer_too(fake_kernel):
    quiz = make_quiz()
    quiz.check()
    quiz.answer("b")
    assert fake_kernel[0].shown[-1].correct


def test_a_fresh_copy_shares_no_widgets_or_check_outputs():
    quiz = make_quiz()
    quiz.widget().choices.value = "b"
    clone = quiz.fresh_copy()
    assert clone._widgets == [] and clone._check_displays == []
    assert clone.evaluate({}).status == "not_attempted"
