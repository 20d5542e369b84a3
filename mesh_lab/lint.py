"""Lint ODCS contract files: every problem with file:line, field path, what was expected and what was found.

``python -m mesh_lab lint CONTRACT.odcs.yaml|FOLDER …`` prints one line per problem. The checks
themselves live with the contract model in :mod:`mesh_lab.contracts`; this module reads files and
folders, gathers every problem without raising, and reports them.
"""

from __future__ import annotations

from pathlib import Path

from mesh_lab.contracts import Problem, check_document, parse_yaml, read_utf8
from mesh_lab.errors import ContractError


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


def lint(paths) -> list[Problem]:
    """Every problem in the given contract files (a path or a list of paths); empty means all good."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    problems: list[Problem] = []
    for path in _expand(paths):
        try:
            text = read_utf8(path)
        except ContractError as exc:
            problems.append(Problem(str(path), None, "", str(exc.expected), str(exc.found)))
            continue
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), exc.line, "", "a UTF-8 text file", exc.reason))  # type: ignore
            continue
        except OSError as exc:
            found = "a folder" if path.is_dir() else f"{type(exc).__name__}: {exc.strerror or exc}"
            problems.append(Problem(str(path), None, "", "a readable contract file", found))
            continue
        problems += lint_text(text, str(path))
    return problems


def lint_main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab lint CONTRACT…``: print every problem; exit 1 if there is any.

    Errors stop :func:`load_contract`; warnings (a rule the kit cannot compute as written) do not, but
    a linter that passes quietly over them would hide them, so they fail the lint too.
    """
    argv = list(argv or [])
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m mesh_lab lint CONTRACT.odcs.yaml|FOLDER [CONTRACT…]")
        return 0 if argv else 2
    files = _expand(argv)
    problems = lint(files)
    for problem in problems:
        print(f"{problem.severity}: {problem.message}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    verdict = "✅" if not problems else "❌"
    print(f"{verdict} {len(files)} file{'s' if len(files) != 1 else ''} checked: {errors} error"
          f"{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
    return 1 if problems else 0
