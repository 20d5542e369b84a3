"""Seeing the learner's failed cells: a check run after its exercise cell failed says so.

In a Jupyter kernel, a cell that raised (``kid_answer = b``, ``seconds = 5 x 3``) leaves the old value
of its variable — or none — behind. Without help, the next ``q1.check()`` would say “not attempted” or
grade that stale value. :class:`CellWatch` remembers, per name, whether the last cell that tried to
assign it failed; the engine asks it before grading and explains the error in the learner's words.

The watch is fed by IPython's ``post_run_cell`` event (:func:`install`); outside a kernel it is never
fed, so nothing changes. Tests feed it directly with :meth:`CellWatch.observe`.
"""

from __future__ import annotations

import difflib
import re
import sys
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_ASSIGNMENT = re.compile(
    r"^(?P<targets>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*,?\s*"
    r"(?::[^=]*)?(?:\*\*|//|>>|<<|[-+*/%@&|^])?=(?!=)"
)
_DEFINITION = re.compile(r"^(?:async\s+)?(?:def|class)\s+(?P<name>[A-Za-z_]\w*)")
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "hundred": 100,
}


def assigned_names(source: str) -> set[str]:
    """Names a cell tries to assign at its top level: ``x = …``, ``a, b = …``, ``x += …``, ``def f(``.

    Read line by line with regular expressions, because a cell with a SyntaxError cannot be parsed;
    assignments inside a ``def`` or ``class`` body are local and are skipped.
    """
    names: set[str] = set()
    body_indent: int | None = None  # indentation of the def/class we are inside, if any
    for line in source.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "%", "!")):
            continue
        indent = len(line) - len(line.lstrip())
        if body_indent is not None and indent > body_indent:
            continue
        body_indent = None
        definition = _DEFINITION.match(stripped)
        if definition:
            names.add(definition["name"])
            body_indent = indent
            continue
        assignment = _ASSIGNMENT.match(stripped)
        if assignment:
            names.update(name.strip() for name in assignment["targets"].split(","))
    return names


@dataclass
class FailedCell:
    """The last cell that tried to assign a name and failed: its source and its exception."""

    source: str
    error: BaseException


class CellWatch:
    """Remembers, per name, whether the last cell that tried to assign it failed.

    Feed it every executed cell with :meth:`observe`; a later successful assignment clears the failure.
    """

    def __init__(self) -> None:
        self._failed: dict[str, FailedCell] = {}

    def observe(self, source: str, error: BaseException | None) -> None:
        """Record one executed cell: its source and the exception it raised (``None`` if it ran)."""
        for name in assigned_names(source or ""):
            if error is None:
                self._failed.pop(name, None)
            else:
                self._failed[name] = FailedCell(source, error)

    def failure(self, names: Iterable[str]) -> FailedCell | None:
        """The failed cell of the first of ``names`` whose last assignment failed, if any."""
        for name in names:
            if name in self._failed:
                return self._failed[name]
        return None

    def forget(self, names: Iterable[str]) -> None:
        """Forget the failures of ``names`` (their values were just set another way, e.g. ``restore()``)."""
        for name in names:
            self._failed.pop(name, None)

    def clear(self) -> None:
        """Forget every failure."""
        self._failed.clear()

    def on_post_run_cell(self, result: Any) -> None:
        """IPython's ``post_run_cell`` callback (``result`` is an ``ExecutionResult``)."""
        info = getattr(result, "info", None)
        source = getattr(info, "raw_cell", None)
        if source is None:
            return
        error = getattr(result, "error_before_exec", None) or getattr(result, "error_in_exec", None)
        self.observe(source, error)


WATCH = CellWatch()
"""The kernel's one watch, fed by :func:`install`."""

_CALLBACK_ATTRIBUTE = "_mesh_lab_cell_watch_callback"


def install(shell: Any = None) -> bool:
    """Register :data:`WATCH` on IPython's ``post_run_cell`` once per shell. False outside a kernel."""
    if shell is None:
        ipython = sys.modules.get("IPython")  # never import IPython outside a kernel
        get_ipython = getattr(ipython, "get_ipython", None)
        shell = get_ipython() if get_ipython is not None else None
    if shell is None or not hasattr(shell, "events"):
        return False
    previous = getattr(shell, _CALLBACK_ATTRIBUTE, None)
    if previous is not None:
        if previous == WATCH.on_post_run_cell:
            return True
        try:  # this module was reloaded: replace the old watch's callback
            shell.events.unregister("post_run_cell", previous)
        except ValueError:
            pass
    shell.events.register("post_run_cell", WATCH.on_post_run_cell)
    setattr(shell, _CALLBACK_ATTRIBUTE, WATCH.on_post_run_cell)
    return True


# --------------------------------------------------------------------------------------------------
# Explaining the failure in the learner's words
# --------------------------------------------------------------------------------------------------


def failed_line(failed: FailedCell) -> tuple[int | None, str]:
    """The number (1-based, in the cell) and text of the line where the cell failed, if known."""
    error = failed.error
    number = None
    if isinstance(error, SyntaxError):
        number = error.lineno
    else:  # the cell's own frame is the first module-level frame of the traceback
        number = next((line for frame, line in traceback.walk_tb(error.__traceback__)
                       if frame.f_code.co_name == "<module>"), None)
    lines = failed.source.splitlines()
    if number is not None and 1 <= number <= len(lines):
        return number, lines[number - 1].strip()
    return number, ""


def error_line(error: BaseException) -> str:
    """The error in one line: ``NameError: name 'b' is not defined``."""
    if isinstance(error, SyntaxError):
        return f"{type(error).__name__}: {error.msg}"
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def likely_fix(error: BaseException, line: str, known_names: Iterable[str] = ()) -> str:
    """The likely fix in the learner's words, or '' when there is no specific advice."""
    if isinstance(error, NameError):
        return _fix_unknown_name(getattr(error, "name", None) or _name_in_message(str(error)), line, known_names)
    if isinstance(error, SyntaxError):
        return _fix_syntax(error, line)
    return ""


def _name_in_message(message: str) -> str | None:
    found = re.search(r"name '(\w+)' is not defined", message)
    return found.group(1) if found else None


def _fix_unknown_name(name: str | None, line: str, known_names: Iterable[str]) -> str:
    if not name:
        return ""
    if name in ("true", "false", "none", "TRUE", "FALSE", "NONE", "null", "nil"):
        word = {"t": "True", "f": "False"}.get(name[0].lower(), "None")
        return (f"Python does not know `{name}`. Python writes it with a capital letter and no quotes: "
                f"{_replace_word(line, name, word) if line else word}")
    if name.lower() in _NUMBER_WORDS:
        number = _NUMBER_WORDS[name.lower()]
        return f"Python does not know the word {name}. Write the number with digits: {number}."
    close = [n for n in difflib.get_close_matches(name, list(known_names), n=1, cutoff=0.8) if len(name) > 2]
    if close:
        return f"Python does not know the name `{name}`. Is it a typo of `{close[0]}`?"
    hyphenated = re.match(r"^(\s*\w+\s*=\s*)([A-Za-z][\w]*(?:-[\w]+)+)\s*$", line or "")
    if hyphenated:  # rerun-1, no-rerun: one name with a dash, which Python reads as a subtraction
        fixed = f'{hyphenated.group(1)}"{hyphenated.group(2)}"'
        return (f"Python read `{hyphenated.group(2)}` as a subtraction, and does not know `{name}`. "
                f"A name with a dash is text: put it in quote marks, whole: {fixed}")
    quoted = _replace_word(line, name, f'"{name}"') if line else ""
    example = f" like this: {quoted}" if quoted and quoted != line else ""
    as_text = f"Did you mean the text \"{name}\"? Text needs quote marks around it{example}."
    run_above = ("If it is a name made by an earlier cell, run the cells above first "
                 "(menu Run → Run All Above Selected Cell).")
    if len(name) == 1:
        return f"Python does not know the name `{name}`. {as_text}"
    if name.isalpha() and name.islower():
        return f"Python does not know the name `{name}`. {as_text} {run_above}"
    return (f"Python does not know the name `{name}`. {run_above} "
            f"If you meant the text \"{name}\", put quote marks around it.")


def _replace_word(line: str, word: str, replacement: str) -> str:
    """Replace ``word`` on the right of ``=`` (or anywhere if there is none), outside quotes."""
    head, sep, tail = line.partition("=") if re.match(r"^\s*[\w\s,]+=(?!=)", line) else ("", "", line)
    return head + sep + re.sub(rf"(?<![\w'\"]){re.escape(word)}(?![\w'\"])", replacement, tail)


_TIMES_X = re.compile(r"(\d|\))\s*[x×]\s*(\d|\()")
_BARE_WORDS_LIST = re.compile(r"[\[({]([^\[\](){}'\"]*[A-Za-z][^\[\](){}'\"]*)[\])}]")


def _fix_syntax(error: SyntaxError, line: str) -> str:
    line = line or (error.text or "").strip()
    message = (error.msg or "").lower()
    if _TIMES_X.search(line):
        fixed = _TIMES_X.sub(lambda m: f"{m.group(1)} * {m.group(2)}", line)
        return f"To multiply in Python, use a star *, not x: {fixed}"
    words_list = _BARE_WORDS_LIST.search(line)
    if words_list and _has_bare_words_with_spaces(words_list.group(1)):
        items = [item.strip() for item in words_list.group(1).split(",")]
        quoted = ", ".join(item if _is_literal(item) else f'"{item}"' for item in items if item)
        fixed = line[: words_list.start(1)] + quoted + line[words_list.end(1):]
        return f"Words are text, and text needs quote marks around each item: {fixed}"
    if "unterminated string" in message or "eol while scanning" in message:
        return "A text is missing its closing quote mark: every \" needs a partner \" at the end of the text."
    if "was never closed" in message or "unexpected eof" in message:
        return "A bracket is opened but never closed: every ( [ { needs its partner ) ] }."
    if "unmatched" in message or "does not match" in message:
        return "A closing bracket has no partner: count the ( and ) on that line."
    if "invalid decimal literal" in message:
        return "A number is stuck to letters. Put a space or an operator (+ - * /) between them, or quotes around text."
    if "indent" in message:
        return "The spaces at the start of the line are not right: line it up with the lines around it."
    if "perhaps you forgot a comma" in message:
        return "Two things stand next to each other with nothing between them: a comma, an operator or quote marks are missing."
    if "'=' " in message or "maybe you meant '=='" in message or "cannot assign" in message:
        return "Write the name first, then =, then the value: name = value."
    return ""


def _has_bare_words_with_spaces(content: str) -> bool:
    return any(" " in item.strip() and not _is_literal(item.strip()) for item in content.split(","))


def _is_literal(item: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?|True|False|None", item))


def explain_failure(failed: FailedCell, names: Iterable[str], known_names: Iterable[str] = ()) -> str:
    """The message shown by a check whose exercise cell failed: the error in one line, then the fix."""
    number, line = failed_line(failed)
    names = list(names)
    name_list = [n for n in names if n in assigned_names(failed.source)] or names
    subject = f"`{name_list[0]}`" if name_list else "this exercise"
    where = f"Line {number}: {line} → " if line and number is not None else ""
    fix = likely_fix(failed.error, line, known_names) or (
        "Read the last line of the red error message under that cell: it says what went wrong.")
    return " ".join([
        f"Your cell for {subject} stopped with an error, so there is nothing new to check.",
        _sentence(f"{where}{error_line(failed.error)}"),
        _sentence(fix),
        "Fix it, run that cell again, then this check.",
    ])


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def known_names_of(namespace: Mapping[str, Any]) -> list[str]:
    """The learner's own names in a namespace (for typo suggestions)."""
    return [name for name in namespace if not name.startswith("_")]
