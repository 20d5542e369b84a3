"""Lint ODCS contract files: every problem with file:line, field path, what was expected and what was found.

``python -m mesh_lab lint [--strict] CONTRACT.odcs.yaml|FOLDER …`` checks each contract against the
official ODCS v3.1.0 JSON Schema, then against the kit's own rules, and prints one line per problem.
Errors (the standard's) fail the lint; warnings (the kit's advice: a rule it cannot compute as
written, a value YAML readers disagree on) fail it only with ``--strict``. The checks live with the
contract model in :mod:`mesh_lab.contracts`; this module reads files and folders, gathers every
problem of every file without raising, and reports them.

Exit codes: 0 all good, 1 problems found, 2 nothing was checked or a path does not exist.
"""

from __future__ import annotations

from pathlib import Path

from mesh_lab.contracts import Problem, check_document, parse_yaml, read_utf8
from mesh_lab.errors import ContractError

USAGE = "usage: python -m mesh_lab lint [--strict] CONTRACT.odcs.yaml|FOLDER [CONTRACT…]"


def lint_text(text: str, source: str = "<string>") -> list[Problem]:
    """Every problem in ODCS YAML text, errors and warnings, without raising."""
    try:
        document, lines = parse_yaml(text, source)
    except ContractError as exc:
        return list(exc.problems)
    return check_document(document, source, lines)


def _expand(paths) -> list[Path]:
    """Files as given; a folder stands for every ``*.odcs.yaml`` below it."""
    out: list[Path] = []
    for path in map(Path, paths):
        out += sorted(path.rglob("*.odcs.yaml")) if path.is_dir() else [path]
    return out


def lint_file(path: Path) -> list[Problem]:
    """Every problem of one contract file; a file that cannot be read is one located problem."""
    try:
        text = read_utf8(path)
    except ContractError as exc:
        return [Problem(str(path), None, "", str(exc.expected), str(exc.found))]
    except UnicodeDecodeError as exc:
        return [Problem(str(path), exc.line, "", "a UTF-8 text file", exc.reason)]  # type: ignore[attr-defined]
    except OSError as exc:
        found = "a folder" if path.is_dir() else f"{type(exc).__name__}: {exc.strerror or exc}"
        return [Problem(str(path), None, "", "a readable contract file", found)]
    try:
        return lint_text(text, str(path))
    except Exception as exc:  # noqa: BLE001 - one file's surprise must not hide the other files' problems
        return [Problem(str(path), None, "", "a contract the kit can check",
                        f"{type(exc).__name__}: {exc} (a bug in Mesh Lab: please report it with this file)")]


def lint(paths) -> list[Problem]:
    """Every problem in the given contract files (a path or a list of paths); empty means all good."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    problems: list[Problem] = []
    for path in _expand(paths):
        problems += lint_file(path)
    return problems


def lint_main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab lint [--strict] CONTRACT…``: print every problem of every file.

    Exit 1 if there is an error (with ``--strict``, a warning too); exit 2 if a path does not exist
    or no contract was found to check, so that a typo cannot pass as "all good".
    """
    argv = list(argv or [])
    strict = "--strict" in argv
    argv = [arg for arg in argv if arg != "--strict"]
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    missing = [arg for arg in argv if not Path(arg).exists()]
    for arg in missing:
        print(f"error: {arg}: no such file or folder; check the path (sample contracts: data/<domain>/*.odcs.yaml)")
    files = _expand(arg for arg in argv if arg not in missing)
    empty = [arg for arg in argv if arg not in missing and Path(arg).is_dir() and not _expand([arg])]
    for arg in empty:
        print(f"error: no *.odcs.yaml found in {arg}, nothing was checked")
    problems = lint(files)
    for problem in problems:
        print(f"{problem.severity}: {problem.message}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    failed = errors or (strict and warnings)
    verdict = "❌" if failed or missing or empty or not files else "✅"
    print(f"{verdict} {len(files)} file{'s' if len(files) != 1 else ''} checked: {errors} error"
          f"{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
          f"{' (--strict: warnings fail)' if strict and warnings else ''}")
    if missing or empty or not files:
        return 2
    return 1 if failed else 0
