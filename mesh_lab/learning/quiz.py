"""Quizzes: a multiple-choice question, answered by widget in JupyterLab or by ``quiz.answer("b")``."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mesh_lab.display import StatusBox, escape, in_ipython, show
from mesh_lab.learning.answers import is_blank, normalise_key, not_an_option
from mesh_lab.learning.engine import Exercise, ExerciseError, Mistake, Option, Result, record_event


class Quiz(Exercise):
    """A multiple-choice question: a widget in JupyterLab, ``quiz.answer("b")`` anywhere."""

    kind = "quiz"

    def __init__(self, *, id: str, level: str, question: str, options: Iterable[Option],
                 starter: str = "", solution: str = "", **kwargs: Any):
        self.question = question
        self.options = list(options)
        self.answered: str | None = None
        self._widgets: list[QuizWidget] = []
        self._check_displays: list[Any] = []
        self._check_options(id)
        name = id.split(".", 1)[-1]
        starter = starter or f"{name}.show()"
        solution = solution or f"{name}.answer({self.correct_key!r})"
        kwargs.setdefault("correct_message", self._option(self.correct_key).why)
        declared = list(kwargs.pop("mistakes", []))
        kwargs["mistakes"] = self._option_mistakes(name) + declared
        super().__init__(id=id, level=level, prompt=question, starter=starter, solution=solution, **kwargs)

    def _check_options(self, quiz_id: str) -> None:
        keys = [normalise_key(o.key) for o in self.options]
        if len(set(keys)) != len(keys) or len(keys) < 2:
            raise ExerciseError(f"quiz {quiz_id!r}: needs two or more options with distinct keys (found {keys}).")
        if sum(1 for o in self.options if o.correct) != 1:
            raise ExerciseError(f"quiz {quiz_id!r}: exactly one option must have correct=True.")
        for option in self.options:
            option.key = normalise_key(option.key)

    def _option_mistakes(self, name: str) -> list[Mistake]:
        return [
            Mistake(name=f"option_{o.key}", when=o.key, example=f"{name}.answer({o.key!r})",
                    message=o.why or f"Option {o.key} is not the best answer.")
            for o in self.options if not o.correct
        ]

    @property
    def correct_key(self) -> str:
        """The key of the correct option."""
        return next(o.key for o in self.options if o.correct)

    @property
    def keys(self) -> list[str]:
        """The option keys, in order."""
        return [o.key for o in self.options]

    def _option(self, key: str) -> Option:
        return next(o for o in self.options if o.key == key)

    def grade(self, key: Any) -> Result:
        """The result of choosing ``key`` (records nothing, shows nothing)."""
        if key is None or is_blank(key):
            result = Result("not_attempted", f"Pick an option, then press Check (or call "
                                             f"{self._name_for_messages()}.answer(\"{self.keys[0]}\")).")
        else:
            choice = normalise_key(key, self._texts())
            if choice not in self.keys:
                result = Result("incorrect", not_an_option(key, self.keys))
            elif choice == self.correct_key:
                result = self._correct()
            else:
                result = self._incorrect(choice, lambda a, b: a == b, f"Option {choice} is not the best answer.")
        result.exercise_id = self.id
        return result

    def _texts(self) -> dict[str, str]:
        return {option.key: option.text for option in self.options}

    def answer(self, key: Any) -> Result:
        """Answer without widgets: ``quiz.answer("b")`` shows why that option is right or wrong."""
        result = self.grade(key)
        choice = normalise_key(key, self._texts())
        if result.status in {"correct", "incorrect"} and choice in self.keys:
            self.answered = choice
        self.last_result = result
        record_event(self.id, "answer", status=result.status, mistake=result.mistake, choice=choice)
        show(result)
        self.refresh_checks()
        return None

    def _evaluate(self, namespace: Mapping[str, Any]) -> Result:
        return self.grade(self.answered)

    def check(self, namespace: Mapping[str, Any] | None = None) -> None:
        """Show the result of the last answer given (by widget or by :meth:`answer`).

        An option picked in the widget but not yet checked counts as the answer. In a kernel the
        shown result stays live: answering later (by widget or by :meth:`answer`) updates it, so a
        check cell run before the learner answered does not keep saying “not attempted”.
        """
        if self.answered is None:
            self._grade_pending_widget()
        result = self.evaluate({} if namespace is None else namespace)
        self.last_result = result
        record_event(self.id, "check", status=result.status, mistake=result.mistake)
        self._show_live(result)

    def _grade_pending_widget(self) -> None:
        """Grade the option picked in the newest widget that has one, as if Check had been pressed."""
        picked = next((w for w in reversed(self._widgets) if w.choices.value is not None), None)
        if picked is not None:
            picked.on_check()

    def _show_live(self, result: Result) -> None:
        if not in_ipython():
            show(result)
            return
        from IPython.display import display

        handle = display(result, display_id=True)
        if handle is not None:
            self._check_displays = [*self._check_displays[-4:], handle]

    def refresh_checks(self) -> None:
        """Update every check output shown so far with the result of the current answer."""
        if not self._check_displays:
            return
        result = self.grade(self.answered)
        for handle in self._check_displays:
            try:
                handle.update(result)
            except Exception:  # a closed or cleared output must never break answering
                continue

    def restore(self, namespace: dict | None = None) -> None:
        """A quiz has no variables to restore; says so."""
        show(StatusBox("info", "A quiz has nothing to restore: just pick an answer.", self.id))

    def fresh_copy(self) -> Quiz:
        """An unanswered copy that is not registered (used by the selftest)."""
        clone = copy.copy(self)
        clone.answered = None
        clone.last_result = None
        clone._widgets = []
        clone._check_displays = []
        return clone

    def widget(self) -> QuizWidget:
        """The quiz as an ipywidgets shell (radio buttons, a Check button, feedback)."""
        widget = QuizWidget(self)
        self._widgets = [*self._widgets[-4:], widget]
        return widget

    def show(self) -> None:
        """Show the quiz as a widget in JupyterLab, or as text with instructions elsewhere."""
        if in_ipython():
            show(_WidgetWithText(self.widget().box, repr(self)))
        else:
            print(repr(self))

    def _ipython_display_(self) -> None:
        self.show()

    def __repr__(self) -> str:
        lines = [f"❓ {self.question}"]
        lines += [f"  {o.key}) {o.text}" for o in self.options]
        name = self._name_for_messages()
        lines.append(f"Answer with {name}.answer(\"{self.keys[0]}\") (one of: {', '.join(self.keys)}).")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        items = "".join(f"<li><b>{escape(o.key)})</b> {escape(o.text)}</li>" for o in self.options)
        return f"<div><b>❓ {escape(self.question)}</b><ul style='list-style:none'>{items}</ul></div>"


QUIZ_CLASS = "mesh-lab-quiz"
QUIZ_CSS = f"""<style>
.{QUIZ_CLASS} .widget-radio-box label, .{QUIZ_CLASS} .jupyter-widget-radio-box label {{
  display: flex; align-items: flex-start; gap: 0.35em; height: auto; padding: 3px 0;
  line-height: 1.35; white-space: normal; word-break: normal; overflow-wrap: normal; hyphens: none;
}}
.{QUIZ_CLASS} .widget-radio-box input, .{QUIZ_CLASS} .jupyter-widget-radio-box input {{
  order: -1; flex: none; float: none; height: 1.35em; margin: 0 0.25em 0 1px;  /* the input comes after the text in the DOM */
}}
.{QUIZ_CLASS} .widget-html-content, .{QUIZ_CLASS} .jupyter-widget-html-content {{
  white-space: normal; word-break: normal; overflow-wrap: normal; line-height: 1.4;
}}
</style>"""
"""Options wrap between words, never inside one (ipywidgets gives radio labels one fixed-height line)."""


class _WidgetWithText:
    """A widget whose plain-text form is readable (terminals, nbval, screen readers)."""

    def __init__(self, widget: Any, text: str):
        self.widget = widget
        self.text = text

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = self.text
        return bundle

    def __repr__(self) -> str:
        return self.text


@dataclass
class QuizWidget:
    """A quiz's widget: ``choices`` (RadioButtons), ``button`` (Check) and ``feedback`` (HTML).

    Headless-testable: set ``choices.value`` and call ``button.click()`` (or :meth:`on_check`).
    """

    quiz: Quiz
    choices: Any = field(init=False)
    button: Any = field(init=False)
    feedback: Any = field(init=False)
    box: Any = field(init=False)

    def __post_init__(self) -> None:
        import ipywidgets as widgets

        self.choices = widgets.RadioButtons(
            options=[(f"{o.key}) {o.text}", o.key) for o in self.quiz.options],
            value=None,
            layout=widgets.Layout(width="100%", max_width="46em"),
        )
        self.button = widgets.Button(description="Check", icon="check", button_style="primary")
        self.feedback = widgets.HTML(value="")
        self.button.on_click(self.on_check)
        question = widgets.HTML(value=f"{QUIZ_CSS}<b>❓ {escape(self.quiz.question)}</b>",
                                layout=widgets.Layout(width="100%", max_width="46em"))
        self.box = widgets.VBox([question, self.choices, self.button, self.feedback])
        self.box.add_class(QUIZ_CLASS)

    def on_check(self, _button: Any = None) -> Result:
        """Grade the selected option, record it, and show why it is right or wrong."""
        key = self.choices.value
        result = self.quiz.grade(key)
        if result.status != "not_attempted":
            self.quiz.answered = normalise_key(key)
            record_event(self.quiz.id, "answer", status=result.status, mistake=result.mistake, choice=self.quiz.answered)
        self.quiz.last_result = result
        self.feedback.value = result._repr_html_() + (self._all_reasons() if result.correct else "")
        self.quiz.refresh_checks()
        return result

    def _all_reasons(self) -> str:
        rows = "".join(
            f"<li>{'✅' if o.correct else '❌'} <b>{escape(o.key)})</b> {escape(o.why)}</li>"
            for o in self.quiz.options if o.why
        )
        return f"<details><summary>Why each option is right or wrong</summary><ul>{rows}</ul></details>" if rows else ""
