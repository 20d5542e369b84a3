"""How the kit's results look: one palette, the verdict line and tables, as plain HTML strings.

Every object a learner looks at (a validation report, an SLA report, a smoke run, a pipeline, the
doctor's table, an exercise's verdict) builds its ``_repr_html_`` from these functions, so they share
colours and layout. This module is core: it returns strings and imports no display library.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

#: status -> text colour. Each passes WCAG AA contrast (4.5:1) on white.
COLOURS: dict[str, str] = {
    "pass": "#1a7f37",
    "fail": "#cf222e",
    "error": "#9a6700",
    "warn": "#9a6700",
    "skipped": "#57606a",
    "info": "#0969da",
    "hint": "#8250df",
    "incorrect": "#bc4c00",
    "neutral": "#57606a",
}

#: status -> light background for a verdict box.
BACKGROUNDS: dict[str, str] = {
    "pass": "#eafbea",
    "fail": "#ffecec",
    "error": "#fff8c5",
    "warn": "#fff8c5",
    "skipped": "#f6f8fa",
    "info": "#eef4ff",
    "hint": "#f6f0ff",
    "incorrect": "#fff4e5",
    "neutral": "#f6f8fa",
}

MISSING = "—"
"""What an empty cell shows (never a raw ``NaN`` or ``None``)."""

_TABLE_STYLE = "border-collapse:collapse;font-size:13px;margin:4px 0"
_CELL_STYLE = "padding:3px 8px;border-bottom:1px solid #d0d7de;vertical-align:top"


def escape(text: object) -> str:
    """``text`` as HTML-safe text (quotes included)."""
    return html.escape(str(text), quote=True)


def colour(status: str) -> str:
    """The text colour of a status (``pass``, ``fail``, ``error``, ``skipped``…); neutral if unknown."""
    return COLOURS.get(status, COLOURS["neutral"])


def status_of(passed: bool | None) -> str:
    """``pass`` for True, ``fail`` for False, ``skipped`` for None."""
    return "skipped" if passed is None else ("pass" if passed else "fail")


def verdict_html(status: str, headline: str, detail: str = "", *, detail_is_html: bool = False,
                 css_class: str = "") -> str:
    """A bordered verdict line: the headline in bold in the status colour, an optional smaller detail."""
    accent = colour(status)
    background = BACKGROUNDS.get(status, BACKGROUNDS["neutral"])
    body = detail if detail_is_html else escape(detail)
    below = f"<br>{note_html(body)}" if detail else ""
    klass = f" class='{escape(css_class)}'" if css_class else ""
    return (f"<div{klass} style='border-left:6px solid {accent};background:{background};padding:4px 10px;"
            f"margin:4px 0'><b style='color:{accent}'>{escape(headline)}</b>{below}</div>")


def message_box_html(status: str, heading: str, message: str, *, title: str = "", detail: str = "",
                     css_class: str = "") -> str:
    """A message box: a coloured heading (an exercise's verdict, a hint), the message, a detail block."""
    accent = colour(status)
    background = BACKGROUNDS.get(status, BACKGROUNDS["neutral"])
    title_html = f' <span style="font-weight:normal;color:{COLOURS["neutral"]}">— {escape(title)}</span>' if title else ""
    message_html = escape(message).replace("\n", "<br>")
    detail_html = (f'<pre style="margin:6px 0 0 0;padding:6px;background:#ffffffaa;white-space:pre-wrap">'
                   f"{escape(detail)}</pre>") if detail else ""
    return (f'<div class="{escape(css_class)}" role="status" style="border-left:5px solid {accent};'
            f'background:{background};padding:8px 12px;margin:4px 0;border-radius:4px;color:#1f2328">'
            f'<div style="font-weight:bold;color:{accent}">{escape(heading)}{title_html}</div>'
            f"<div>{message_html}</div>{detail_html}</div>")


NOTE_STYLE = "font-size:12px;color:#57606a"


def note_html(body_html: str) -> str:
    """A secondary line at 12 px (a ``<small>`` inside a 13 px output is 10.8 px: too small to read)."""
    return f"<span style='{NOTE_STYLE}'>{body_html}</span>"


def status_html(status: str, text: str | None = None) -> str:
    """A status word in its colour, bold (``pass`` green, ``fail`` red…)."""
    return f"<span style='color:{colour(status)};font-weight:bold'>{escape(text or status)}</span>"


def cell_text(value: object) -> str:
    """A value as a table shows it: ``—`` for missing, numbers without float noise."""
    if value is None:
        return MISSING
    if isinstance(value, float):
        if math.isnan(value):
            return MISSING
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    try:  # pandas' missing markers (NaT, NA) without importing pandas
        if value != value:  # noqa: PLR0124 - NaN-like values are not equal to themselves
            return MISSING
    except Exception:
        pass
    return str(value)


def table_html(columns: Sequence[str], rows: Iterable[Sequence[object]], *, html_columns: Iterable[str] = (),
               numeric_columns: Iterable[str] = ()) -> str:
    """A table with left-aligned text and right-aligned numbers.

    Cells are escaped unless their column is in ``html_columns`` (cells already built as HTML, such as
    :func:`status_html`). Missing values show as ``—``.
    """
    raw = set(html_columns)
    numeric = set(numeric_columns)

    def align(name: str) -> str:
        return "right" if name in numeric else "left"

    head = "".join(f"<th style='{_CELL_STYLE};text-align:{align(c)}'>{escape(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for name, value in zip(columns, row, strict=True):
            text = value if name in raw else escape(cell_text(value))
            cells.append(f"<td style='{_CELL_STYLE};text-align:{align(name)}'>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f"<table style='{_TABLE_STYLE}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def frame_html(frame, columns: Sequence[str] | None = None, *, html_columns: Iterable[str] = ()) -> str:
    """A pandas DataFrame as a :func:`table_html` table (numbers right, text left, ``—`` for missing)."""
    columns = list(frame.columns if columns is None else columns)
    numeric = [c for c in columns if str(frame[c].dtype) in _NUMERIC_DTYPES or frame[c].dtype.kind in "iuf"]
    rows = frame[columns].itertuples(index=False, name=None)
    return table_html(columns, rows, html_columns=html_columns, numeric_columns=numeric)


_NUMERIC_DTYPES = {"Int64", "Int32", "Float64", "UInt64"}


def details_html(summary: str, body_html: str, *, open_: bool = False) -> str:
    """A collapsible section: ``summary`` always shown, ``body_html`` on click."""
    return f"<details{' open' if open_ else ''}><summary>{escape(summary)}</summary>{body_html}</details>"


def scroll_box(body_html: str, max_height_px: int = 320) -> str:
    """Content in a box that scrolls past ``max_height_px``, so a long table does not flood the page."""
    return f"<div style='max-height:{max_height_px}px;overflow:auto'>{body_html}</div>"
