"""Rich display helpers shared by the kit (presentation layer).

Objects that learners look at carry ``_repr_html_`` for JupyterLab and a readable ``__repr__`` for
terminals and nbval. This module holds the small pieces they share: a coloured status box, highlighted
code, and :func:`show`, which uses IPython's display when a kernel is running and plain ``print``
everywhere else.
"""

from __future__ import annotations

import html
import sys

from mesh_lab import report
from mesh_lab.report import BACKGROUNDS, COLOURS

# status -> (icon, label, accent colour, background colour)
_PALETTE_OF = {"not_attempted": "info", "incorrect": "incorrect", "correct": "pass", "error": "fail",
               "hint": "hint", "info": "neutral"}
STATUS_STYLES: dict[str, tuple[str, str, str, str]] = {
    status: (icon, label, COLOURS[_PALETTE_OF[status]], BACKGROUNDS[_PALETTE_OF[status]])
    for status, icon, label in [
        ("not_attempted", "✏️", "Not attempted yet"),
        ("incorrect", "❌", "Not quite"),
        ("correct", "✅", "Correct"),
        ("error", "💥", "Your code raised an error"),
        ("hint", "💡", "Hint"),
        ("info", "ℹ️", "Note"),
    ]
}


def escape(text: object) -> str:
    """Return ``text`` as HTML-safe text (quotes included)."""
    return html.escape(str(text), quote=True)


def in_ipython() -> bool:
    """True when running inside an IPython shell or a Jupyter kernel."""
    ipython_module = sys.modules.get("IPython")
    if ipython_module is None:
        return False
    get_ipython = getattr(ipython_module, "get_ipython", None)
    return get_ipython is not None and get_ipython() is not None


def show(obj: object) -> None:
    """Show ``obj``: rich display in a kernel, plain ``print`` of its text form anywhere else."""
    if in_ipython():
        from IPython.display import display

        display(obj)
    else:
        print(obj if isinstance(obj, str) else repr(obj))


def status_icon(status: str) -> str:
    """The emoji icon of a status (``correct`` → ✅)."""
    return STATUS_STYLES.get(status, STATUS_STYLES["info"])[0]


def status_label(status: str) -> str:
    """The human label of a status (``incorrect`` → “Not quite”)."""
    return STATUS_STYLES.get(status, STATUS_STYLES["info"])[1]


def status_text(status: str, message: str, title: str = "", detail: str = "") -> str:
    """Plain-text status block: ``✅ Correct — title`` then the message (and detail, indented)."""
    head = f"{status_icon(status)} {status_label(status)}"
    if title:
        head += f" — {title}"
    lines = [head]
    if message:
        lines.append(message)
    if detail:
        lines.extend("    " + line for line in detail.splitlines())
    return "\n".join(lines)


def status_html(status: str, message: str, title: str = "", detail: str = "") -> str:
    """A coloured HTML box with an icon, a label, an optional title, the message and a detail block."""
    icon, label, _, _ = STATUS_STYLES.get(status, STATUS_STYLES["info"])
    palette = _PALETTE_OF.get(status, "neutral")
    return report.message_box_html(palette, f"{icon} {label}", message, title=title, detail=detail,
                                   css_class=f"mesh-lab-status mesh-lab-{status}")


class StatusBox:
    """A status message that looks right in JupyterLab (coloured box) and in a terminal (plain text)."""

    def __init__(self, status: str, message: str, title: str = "", detail: str = ""):
        self.status = status
        self.message = message
        self.title = title
        self.detail = detail

    def __repr__(self) -> str:
        return status_text(self.status, self.message, self.title, self.detail)

    def _repr_html_(self) -> str:
        return status_html(self.status, self.message, self.title, self.detail)


def highlight_html(source: str, language: str = "python") -> str:
    """``source`` as syntax-highlighted HTML (inline styles), or escaped ``<pre>`` without pygments."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name
    except ImportError:  # pragma: no cover - pygments ships with IPython
        return f"<pre>{escape(source)}</pre>"
    formatter = HtmlFormatter(noclasses=True, nobackground=False, style="default")
    return highlight(source, get_lexer_by_name(language), formatter)


class Code:
    """Source code shown highlighted in JupyterLab and as plain text elsewhere."""

    def __init__(self, source: str, language: str = "python", title: str = ""):
        self.source = source
        self.language = language
        self.title = title

    def __repr__(self) -> str:
        head = f"{self.title}\n" if self.title else ""
        return head + self.source.rstrip("\n")

    def _repr_html_(self) -> str:
        head = f"<div style='font-weight:bold;margin-bottom:2px'>{escape(self.title)}</div>" if self.title else ""
        return f'<div class="mesh-lab-code">{head}{highlight_html(self.source, self.language)}</div>'
