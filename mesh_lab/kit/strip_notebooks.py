"""Strip notebooks for committing: no outputs, no execution counts, no transient metadata.

    python -m mesh_lab.kit.strip_notebooks notebooks          # strip in place (make strip)
    python -m mesh_lab.kit.strip_notebooks --check notebooks  # exit 1 if any notebook needs it

Kept: cell sources, cell ids, cell tags (``exercise:<id>``) and the notebook's ``kernelspec`` and
``mesh_lab`` metadata. Removed: outputs, execution counts, per-cell run/view state and saved widget
state. Files are rewritten atomically, and only when something changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from mesh_lab import paths

# per-cell metadata that records a run or the view, not the lesson
TRANSIENT_CELL_KEYS = ("execution", "ExecuteTime", "collapsed", "scrolled", "jupyter")
# notebook metadata written by a run (saved widget state, the kernel's language details)
TRANSIENT_NOTEBOOK_KEYS = ("widgets", "language_info", "toc", "varInspector")


def strip_notebook(notebook: nbformat.NotebookNode) -> bool:
    """Strip ``notebook`` in place; return True when anything was removed."""
    changed = False
    for key in TRANSIENT_NOTEBOOK_KEYS:
        if key in notebook.metadata:
            del notebook.metadata[key]
            changed = True
    for cell in notebook.cells:
        for key in TRANSIENT_CELL_KEYS:
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
        if cell.cell_type == "code":
            if cell.get("outputs"):
                cell.outputs = []
                changed = True
            if cell.get("execution_count") is not None:
                cell.execution_count = None
                changed = True
        elif "attachments" in cell and not cell.attachments:
            del cell["attachments"]
            changed = True
    return changed


def notebook_paths(targets: list[str]) -> list[Path]:
    """Every ``.ipynb`` under the given files or folders (checkpoints skipped), sorted."""
    found: set[Path] = set()
    for target in targets:
        path = Path(target)
        if path.is_dir():
            found.update(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        elif path.suffix == ".ipynb" and path.is_file():
            found.add(path)
        else:
            raise FileNotFoundError(f"{target}: not a notebook or a folder of notebooks")
    return sorted(found)


def write_atomically(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Write ``notebook`` to ``path`` through the kit's one atomic writer: never half a notebook."""
    paths.write_atomically(path, nbformat.writes(notebook) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Strip (or with ``--check``, only report) every notebook named; exit 1 on a problem."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab.kit.strip_notebooks",
                                     description="Remove outputs, execution counts and transient metadata.")
    parser.add_argument("targets", nargs="+", help="notebooks or folders of notebooks")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook needs stripping")
    args = parser.parse_args(argv)
    try:
        paths = notebook_paths(args.targets)
    except FileNotFoundError as exc:
        print(f"strip_notebooks: {exc}", file=sys.stderr)
        return 1
    dirty = []
    for path in paths:
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception as exc:
            print(f"strip_notebooks: {path} is not a readable notebook: {exc}", file=sys.stderr)
            return 1
        if strip_notebook(notebook):
            dirty.append(path)
            if not args.check:
                write_atomically(notebook, path)
    verb = "need stripping" if args.check else "stripped"
    for path in dirty:
        print(f"{verb}: {path}")
    print(f"{len(paths)} notebooks checked, {len(dirty)} {verb}")
    return 1 if (args.check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main())
