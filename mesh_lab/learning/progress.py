"""The learner's progress: every check, quiz answer, hint and solution view, in ``workspace/progress.json``.

Writes are atomic (:func:`mesh_lab.paths.write_atomically`) and made under a lock file, so two notebooks
writing at once lose nothing. A corrupt or unreadable file is moved aside
(``progress.json.corrupt-<timestamp>``) with a warning and a fresh one is started; an entry with a value
the kit cannot use (``"checks": "many"``) is set aside on its own — the file as it was is kept as
``progress.json.bad-<timestamp>`` — and recording goes on. A UTF-8 BOM is fine.

``summary()`` shows a table per notebook (attempted / correct / hints used) and a small chart;
``python -m mesh_lab progress [FILE ...]`` prints the same table for a facilitator; it only reads.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mesh_lab.errors import MeshLabError
from mesh_lab.paths import WorkspaceError, workspace, write_atomically

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

FILE_NAME = "progress.json"
FORMAT_VERSION = 1
EVENTS = ("check", "answer", "hint", "solution", "restore")
SUMMARY_COLUMNS = ["notebook", "exercises", "attempted", "correct", "hints", "solutions"]


class ProgressWarning(UserWarning):
    """Something was wrong with the progress file; the kit recovered and says how."""


def progress_path(folder: str | Path | None = None, writable: bool = True) -> Path:
    """Where the progress file lives: ``workspace()/progress.json`` unless ``folder`` is given.

    ``writable=False`` (only reading) accepts a read-only workspace."""
    return Path(folder if folder is not None else workspace(writable=writable)) / FILE_NAME


def empty_progress() -> dict:
    """A fresh, empty progress document."""
    return {"version": FORMAT_VERSION, "exercises": {}}


# --------------------------------------------------------------------------------------------------
# Reading, locking, writing
# --------------------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class NotAProgressFile(MeshLabError):
    """A path given as a progress file is not one (a folder, another kind of file, other JSON)."""


MAX_PROGRESS_BYTES = 50 * 1024 * 1024  # a year of a class's clicks is well under 1 MB
_MAX_COUNT = 10**9  # counters above this are not clicks but damage
_COUNTERS = ("checks", "attempts", "hints")
_FLAGS = ("correct", "solution_viewed", "restored")
_TEXTS = ("notebook", "first_seen", "updated", "first_correct")


class _OddNumber(str):
    """A number JSON allows but the kit cannot keep (5,000 digits, NaN, Infinity), kept as its text."""


def _parse_int(text: str) -> int | _OddNumber:
    return int(text) if len(text.lstrip("-")) <= 18 else _OddNumber(text)


def _parse_float(text: str) -> float | _OddNumber:
    value = float(text)
    return value if math.isfinite(value) else _OddNumber(text)


def _decode(data: bytes) -> Any:
    """The JSON in ``data`` (UTF-8, a BOM is fine); odd numbers come back as :class:`_OddNumber`."""
    return json.loads(data.decode("utf-8-sig"), parse_int=_parse_int, parse_float=_parse_float,
                      parse_constant=_OddNumber)


def _has_odd_number(value: Any) -> bool:
    if isinstance(value, _OddNumber):
        return True
    if isinstance(value, dict):
        return any(_has_odd_number(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_odd_number(v) for v in value)
    return False


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_COUNT


def entry_problem(entry: Any) -> str | None:
    """Why one exercise's entry cannot be used (``"checks" is 'many', not a count``), or None if it can."""
    if not isinstance(entry, dict):
        return f"the entry is {type(entry).__name__}, not a table of fields"
    for key in _COUNTERS:
        if key in entry and not _is_count(entry[key]):
            return f"{key!r} is {_shown(entry[key])}, not a count"
    for key in _FLAGS:
        if key in entry and not isinstance(entry[key], bool):
            return f"{key!r} is {_shown(entry[key])}, not true or false"
    for key in _TEXTS:
        if key in entry and not isinstance(entry[key], str):
            return f"{key!r} is {_shown(entry[key])}, not text"
    if "last_status" in entry and not isinstance(entry["last_status"], (str, type(None))):
        return f"'last_status' is {_shown(entry['last_status'])}, not text"
    mistakes = entry.get("mistakes", {})
    if not isinstance(mistakes, dict) or not all(_is_count(n) for n in mistakes.values()):
        return f"'mistakes' is {_shown(mistakes)}, not a table of counts"
    if _has_odd_number(entry):
        return "it holds a number the kit cannot keep (too many digits, NaN or Infinity)"
    return None


def _shown(value: Any) -> str:
    text = "null" if value is None else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _is_document(document: Any) -> bool:
    return (isinstance(document, dict) and isinstance(document.get("exercises"), dict)
            and not _has_odd_number({k: v for k, v in document.items() if k != "exercises"}))


def _split_bad_entries(document: dict) -> dict[str, str]:
    """Remove the entries that cannot be used from ``document``; return {exercise id: why}."""
    bad = {exercise_id: why for exercise_id, entry in document["exercises"].items()
           if (why := entry_problem(entry)) is not None}
    for exercise_id in bad:
        del document["exercises"][exercise_id]
    return bad


def _stamped_name(path: Path, tag: str) -> Path:
    """``<path>.<tag>-<UTC time>``, with a counter when that name is taken."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{tag}-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{tag}-{stamp}-{counter}")
        counter += 1
    return target


def _move_aside(path: Path, reason: str) -> Path | None:
    target = _stamped_name(path, "corrupt")
    try:
        os.replace(path, target)
    except OSError as exc:
        warnings.warn(
            f"The progress file {path} cannot be used ({reason}) and could not be moved aside ({exc}). "
            "Progress is not being saved until you fix or delete that file.",
            ProgressWarning,
            stacklevel=4,
        )
        return None
    warnings.warn(
        f"The progress file {path} could not be read ({reason}). It was moved to {target.name} and a "
        "fresh one was started. Nothing was deleted: a facilitator can still open the old file.",
        ProgressWarning,
        stacklevel=4,
    )
    return target


def _set_aside(path: Path, original: bytes, bad: dict[str, str], keep_copy: bool) -> None:
    """Warn about unusable entries; when recording, first keep the original file beside the new one."""
    listed = "; ".join(f"{exercise_id}: {why}" for exercise_id, why in sorted(bad.items()))
    kept = ""
    if keep_copy:
        copy = write_atomically(_stamped_name(path, "bad"), original)
        kept = f" The file as it was is kept as {copy.name}."
    warnings.warn(f"{len(bad)} entr{'y' if len(bad) == 1 else 'ies'} of the progress file {path} could not "
                  f"be used and {'were' if len(bad) > 1 else 'was'} set aside ({listed}); the rest is "
                  f"kept and recording goes on.{kept}", ProgressWarning, stacklevel=4)


def _read(path: Path, recording: bool = False) -> tuple[dict, bool]:
    """Return (document, usable). A corrupt file is moved aside (only when recording, or when it is the
    workspace's own progress file; any other file is left as it is) and an empty document returned; an
    unusable entry is dropped with a warning (when ``recording``, the original file is kept beside)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return empty_progress(), True
    except OSError as exc:
        return _unreadable(path, f"{type(exc).__name__}: {exc}", recording)
    try:
        document = _decode(data)
    except UnicodeDecodeError as exc:
        return _unreadable(path, f"not UTF-8 text: {exc}", recording)
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        return _unreadable(path, f"not valid JSON: {exc}", recording)
    if not _is_document(document):
        return _unreadable(path, "not a Mesh Lab progress document (no 'exercises' table)", recording)
    bad = _split_bad_entries(document)
    if bad:
        _set_aside(path, data, bad, keep_copy=recording)
    return document, True


def _unreadable(path: Path, reason: str, recording: bool) -> tuple[dict, bool]:
    if recording or _is_workspace_file(path):
        return empty_progress(), _move_aside(path, reason) is not None
    warnings.warn(f"{path} is not a usable progress file ({reason}); it was left as it is.", ProgressWarning,
                  stacklevel=4)
    return empty_progress(), False


def _is_workspace_file(path: Path) -> bool:
    try:
        return path.resolve() == progress_path(writable=False).resolve()
    except (OSError, MeshLabError):
        return False


def read_progress_file(path: str | Path) -> tuple[dict, dict[str, str]]:
    """Read a progress file without changing anything: (document, {exercise id: why it was left out}).

    Raises :class:`NotAProgressFile` for a folder, a file that is not UTF-8 JSON, or JSON that is not a
    progress document. Nothing is renamed or written, whatever the path holds.
    """
    path = Path(path)
    why = _not_a_progress_file(path)
    if why:
        raise NotAProgressFile(f"{path} is not a progress file ({why}); pass the path of a progress.json "
                               "written by the kit")
    try:
        document = _decode(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise NotAProgressFile(f"{path} is not a progress file (not JSON: {exc}); pass the path of a "
                               "progress.json written by the kit") from None
    except OSError as exc:
        raise NotAProgressFile(f"{path} is not a progress file ({exc.strerror or exc})") from None
    if not _is_document(document):
        raise NotAProgressFile(f"{path} is not a progress file (JSON, but without an 'exercises' table); pass "
                               "the path of a progress.json written by the kit")
    return document, _split_bad_entries(document)


def _not_a_progress_file(path: Path) -> str | None:
    if path.is_dir():
        return "it is a folder"
    if not path.is_file():
        return "it is not a regular file"
    if path.stat().st_size > MAX_PROGRESS_BYTES:
        return f"{path.stat().st_size:,} bytes, far more than any progress file"
    return None


def load(path: str | Path | None = None) -> dict:
    """The progress document (a fresh one if the file is missing; corrupt files are moved aside,
    unusable entries left out with a warning)."""
    target = Path(path) if path is not None else progress_path(writable=False)
    if not target.exists():
        return empty_progress()
    with _locked(target):
        document, _ = _read(target)
    return document


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<file>.lock`` (fcntl on POSIX, msvcrt on Windows, else none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    try:
        handle = open(lock_path, "a+b")  # closed by the with below
    except OSError:  # a read-only folder (a facilitator reading a copy): reading needs no lock
        yield
        return
    with handle:
        _acquire(handle)
        try:
            yield
        finally:
            _release(handle)


def _acquire(handle: Any) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        return
    try:  # pragma: no cover - Windows
        import msvcrt

        for _ in range(100):
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                time.sleep(0.05)
    except ImportError:
        pass


def _release(handle: Any) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return
    try:  # pragma: no cover - Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    except (ImportError, OSError):
        pass


def _write_document(path: Path, document: dict) -> None:
    write_atomically(path, json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False))


def update(change: Callable[[dict], None], path: str | Path | None = None) -> dict:
    """Apply ``change`` to the progress document under the lock and save it atomically."""
    target = Path(path) if path is not None else progress_path()
    with _locked(target):
        document, usable = _read(target, recording=True)
        change(document)
        if usable:
            _write_document(target, document)
    return document


# --------------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------------


def _new_entry(exercise_id: str) -> dict:
    return {
        "notebook": exercise_id.split(".", 1)[0],
        "checks": 0,
        "attempts": 0,
        "correct": False,
        "last_status": None,
        "mistakes": {},
        "hints": 0,
        "solution_viewed": False,
        "restored": False,
        "first_seen": _now(),
        "updated": _now(),
    }


def _apply(entry: dict, event: str, fields: dict) -> None:
    if event in {"check", "answer"}:
        status = fields.get("status")
        entry["checks"] += 1
        entry["last_status"] = status
        if status in {"incorrect", "correct", "error"}:
            entry["attempts"] += 1
        if status == "correct":
            entry["correct"] = True
            entry.setdefault("first_correct", _now())
        mistake = fields.get("mistake")
        if mistake:
            entry["mistakes"][mistake] = entry["mistakes"].get(mistake, 0) + 1
        if event == "answer" and fields.get("choice") is not None:
            entry["last_choice"] = fields["choice"]
    elif event == "hint":
        entry["hints"] = max(entry["hints"], int(fields.get("number") or entry["hints"] + 1))
    elif event == "solution":
        entry["solution_viewed"] = True
    elif event == "restore":
        entry["restored"] = True
    entry["updated"] = _now()


def record(exercise_id: str, event: str, path: str | Path | None = None, **fields: Any) -> dict:
    """Record one event for an exercise: ``check``/``answer`` (with ``status``), ``hint`` (with
    ``number``), ``solution`` or ``restore``. Returns the exercise's entry after the update."""
    if event not in EVENTS:
        raise ValueError(f"Unknown progress event {event!r}; use one of {', '.join(EVENTS)}.")

    def change(document: dict) -> None:
        entry = document["exercises"].setdefault(exercise_id, _new_entry(exercise_id))
        for key, value in _new_entry(exercise_id).items():
            entry.setdefault(key, value)
        _apply(entry, event, fields)

    document = update(change, path)
    return document["exercises"][exercise_id]


def reset(path: str | Path | None = None) -> None:
    """Start again: the current file is kept as ``progress.json.reset-<timestamp>``."""
    target = Path(path) if path is not None else progress_path()
    if target.exists():
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        os.replace(target, target.with_name(f"{target.name}.reset-{stamp}"))


# --------------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------------


def summary_rows(document: dict, registered: dict[str, int] | None = None) -> list[dict]:
    """One row per notebook: exercises known, attempted, correct, hints used, solutions viewed."""
    registered = registered or {}
    rows: dict[str, dict] = {
        name: {"notebook": name, "exercises": count, "attempted": 0, "correct": 0, "hints": 0, "solutions": 0}
        for name, count in registered.items()
    }
    for exercise_id, entry in document.get("exercises", {}).items():
        name = entry.get("notebook") or exercise_id.split(".", 1)[0]
        row = rows.setdefault(
            name, {"notebook": name, "exercises": 0, "attempted": 0, "correct": 0, "hints": 0, "solutions": 0}
        )
        if name not in registered:
            row["exercises"] += 1
        row["attempted"] += int(entry.get("attempts", 0) > 0 or bool(entry.get("correct")))
        row["correct"] += int(bool(entry.get("correct")))
        row["hints"] += int(entry.get("hints", 0))
        row["solutions"] += int(bool(entry.get("solution_viewed")))
    return [rows[name] for name in sorted(rows)]


def format_table(rows: list[dict]) -> str:
    """The summary rows as a plain-text table with a total line."""
    if not rows:
        return "No progress recorded yet: run a check in any notebook (q1.check())."
    totals = {"notebook": "TOTAL", **{c: sum(r[c] for r in rows) for c in SUMMARY_COLUMNS[1:]}}
    table = [SUMMARY_COLUMNS, *([str(r[c]) for c in SUMMARY_COLUMNS] for r in [*rows, totals])]
    widths = [max(len(line[i]) for line in table) for i in range(len(SUMMARY_COLUMNS))]

    def render(line: list[str]) -> str:
        cells = [line[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(line[1:], widths[1:], strict=True)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([render(table[0]), rule, *map(render, table[1:-1]), rule, render(table[-1])])


def exercise_lines(document: dict) -> list[str]:
    """One plain-text line per exercise: status, checks, hints and the misconceptions met."""
    lines = []
    for exercise_id in sorted(document.get("exercises", {})):
        entry = document["exercises"][exercise_id]
        status = "correct" if entry.get("correct") else (entry.get("last_status") or "not checked")
        mistakes = ", ".join(f"{name}×{count}" for name, count in sorted(entry.get("mistakes", {}).items()))
        line = f"  {exercise_id:<28} {status:<13} checks={entry.get('checks', 0)} hints={entry.get('hints', 0)}"
        lines.append(line + (f"  mistakes: {mistakes}" if mistakes else ""))
    return lines


class ProgressSummary:
    """Progress per notebook: a table (``.table``, a DataFrame), plain text, and HTML with a chart."""

    def __init__(self, rows: list[dict], source: Path):
        self.rows = rows
        self.source = source

    @property
    def table(self):
        """The rows as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=SUMMARY_COLUMNS)

    def __repr__(self) -> str:
        return f"Progress ({self.source})\n{format_table(self.rows)}"

    def chart(self):
        """A small matplotlib figure of attempted and correct exercises per notebook."""
        from mesh_lab.plots.progress import progress_chart

        return progress_chart(self.rows)

    def _repr_html_(self) -> str:
        from mesh_lab.display import escape
        from mesh_lab.report import note_html

        if not self.rows:
            return f"<p>{escape(format_table(self.rows))}</p>"
        table = self.table.to_html(index=False, border=0)
        chart = ""
        try:
            from mesh_lab.plots.progress import figure_to_html

            chart = figure_to_html(self.chart())
        except Exception as exc:  # the table is the essential part; the chart is a bonus
            chart = f"<p><i>(chart unavailable: {escape(exc)})</i></p>"
        return f"<div><b>📈 Your progress</b>{table}{chart}{note_html(escape(self.source))}</div>"


def summary(path: str | Path | None = None, registered: dict[str, int] | None = None) -> ProgressSummary:
    """Progress per notebook: attempted / correct / hints used (and a chart in JupyterLab).

    ``registered`` maps each notebook to its number of exercises (from the exercise registry), so
    notebooks not yet started count too; without it only the exercises seen in the file count.
    """
    target = Path(path) if path is not None else progress_path(writable=False)
    return ProgressSummary(summary_rows(load(target), registered), target)


def main(argv: list[str] | None = None, registered: Callable[[], dict[str, int]] | None = None) -> int:
    """``python -m mesh_lab progress [FILE ...] [--json]``: print progress tables (for facilitators).

    Only reads: a path that is not a progress file is exit 2 and is left as it is.
    ``registered`` returns the exercises per notebook; the command line passes the registry's counts.
    """
    parser = argparse.ArgumentParser(prog="python -m mesh_lab progress", description=main.__doc__)
    parser.add_argument("files", nargs="*", help="progress.json files to summarise (default: the workspace's)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")
    parser.add_argument("--no-registry", action="store_true", help="only count exercises seen in the file")
    parser.add_argument("--exercises", action="store_true",
                        help="also list every exercise with its status and the misconceptions met")
    args = parser.parse_args(argv)
    try:
        paths = [Path(f) for f in args.files] or [progress_path(writable=False)]
    except WorkspaceError as exc:
        print(f"mesh_lab progress: {exc}", file=sys.stderr)
        return 2
    registered_counts = {} if args.no_registry or registered is None else registered()
    output: dict[str, list[dict]] = {}
    details: dict[str, list[str]] = {}
    for path in paths:
        if not path.exists() and not path.is_symlink() and not args.files:
            document = empty_progress()
        elif not path.exists() and not path.is_symlink():
            print(f"mesh_lab progress: {path} does not exist. Pass the path of a progress.json file.",
                  file=sys.stderr)
            return 2
        else:
            try:
                document, bad = read_progress_file(path)
            except NotAProgressFile as exc:
                print(f"mesh_lab progress: {exc}", file=sys.stderr)
                return 2
            for exercise_id, why in sorted(bad.items()):
                print(f"mesh_lab progress: {path}: left out {exercise_id} ({why})", file=sys.stderr)
        output[str(path)] = summary_rows(document, registered_counts)
        details[str(path)] = exercise_lines(document) if args.exercises else []
    if args.json:
        print(json.dumps(output, indent=1))
    else:
        print("\n\n".join(
            "\n".join([f"Progress ({path})", format_table(rows), *details[path]]) for path, rows in output.items()
        ))
    return 0
