"""The class view: many learners' progress files read together, for a facilitator.

``python -m mesh_lab progress --collect PATH…`` takes progress files, or folders searched at any depth
for ``progress.json`` (every learner's workspace on a hub), and prints who is where, which exercises
most learners still fail, and the most common misconception of each exercise. A file that cannot be
read is listed and skipped — one broken workspace never hides the rest of the room. Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mesh_lab.errors import MeshLabError
from mesh_lab.learning.progress import FILE_NAME, read_progress_file

WORKSPACE_FOLDERS = ("mesh-lab-workspace", "workspace")


def find_progress_files(paths) -> tuple[list[tuple[Path, Path]], list[tuple[str, str]]]:
    """([(root, file)], [(path, why not)]): every progress file under the given files and folders."""
    found, problems = [], []
    for given in map(Path, paths):
        if given.is_dir():
            files = sorted(p for p in given.rglob(FILE_NAME) if p.is_file())
            if not files:
                problems.append((str(given), f"no {FILE_NAME} anywhere below it"))
            found += [(given, f) for f in files]
        elif given.is_file():
            found.append((given.parent, given))
        else:
            problems.append((str(given), "does not exist"))
    return found, problems


def learner_name(root: Path, path: Path) -> str:
    """``ada`` for ``<root>/ada/mesh-lab-workspace/progress.json``; the folder name for a single file."""
    parts = list(path.parent.relative_to(root).parts) if path.parent != root else [path.parent.name]
    while len(parts) > 1 and parts[-1] in WORKSPACE_FOLDERS:
        parts.pop()
    return "/".join(parts) or path.parent.name


@dataclass
class ClassView:
    """Every readable learner's progress document, and the files that could not be read."""

    learners: dict[str, dict] = field(default_factory=dict)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def who_is_where(self) -> pd.DataFrame:
        """One row per learner: exercises correct and tried, the notebook they touched last."""
        rows = []
        for name, document in sorted(self.learners.items()):
            entries = document.get("exercises", {})
            latest = max(entries.items(), key=lambda item: str(item[1].get("updated", "")), default=(None, {}))
            rows.append({"learner": name, "correct": sum(bool(e.get("correct")) for e in entries.values()),
                         "tried": sum(int(e.get("attempts", 0)) > 0 or bool(e.get("correct")) for e in entries.values()),
                         "hints": sum(int(e.get("hints", 0)) for e in entries.values()),
                         "last exercise": latest[0] or "—",
                         "now in": (latest[1].get("notebook") or (latest[0] or "—").split(".")[0]) if latest[0] else "—"})
        return pd.DataFrame(rows, columns=["learner", "correct", "tried", "hints", "last exercise", "now in"])

    def exercises(self) -> pd.DataFrame:
        """One row per exercise: learners who tried it, got it, still fail it; its commonest misconception."""
        tried: Counter = Counter()
        correct: Counter = Counter()
        mistakes: dict[str, Counter] = {}
        for document in self.learners.values():
            for exercise_id, entry in document.get("exercises", {}).items():
                if int(entry.get("attempts", 0)) > 0 or entry.get("correct"):
                    tried[exercise_id] += 1
                correct[exercise_id] += bool(entry.get("correct"))
                for name, count in (entry.get("mistakes") or {}).items():
                    mistakes.setdefault(exercise_id, Counter())[name] += 1 if count else 0
        rows = []
        for exercise_id in sorted(tried):
            common = mistakes.get(exercise_id, Counter()).most_common(1)
            rows.append({"exercise": exercise_id, "tried": tried[exercise_id], "correct": correct[exercise_id],
                         "still failing": tried[exercise_id] - correct[exercise_id],
                         "commonest misconception": f"{common[0][0]} ({common[0][1]} learner"
                                                    f"{'s' if common[0][1] != 1 else ''})" if common else "—"})
        frame = pd.DataFrame(rows, columns=["exercise", "tried", "correct", "still failing", "commonest misconception"])
        return frame.sort_values(["still failing", "exercise"], ascending=[False, True], ignore_index=True)

    def __repr__(self) -> str:
        parts = [f"Class view: {len(self.learners)} learner(s)"]
        if self.learners:
            parts += ["", "Who is where:", self.who_is_where().to_string(index=False), "",
                      "Exercises, the ones most learners still fail first:", self.exercises().to_string(index=False)]
        if self.unreadable:
            parts += ["", "Skipped (unreadable):"] + [f"  {path}: {why}" for path, why in self.unreadable]
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        from mesh_lab import report

        skipped = "".join(f"<li>{report.escape(p)}: {report.escape(w)}</li>" for p, w in self.unreadable)
        return (report.verdict_html("info", f"Class view: {len(self.learners)} learner(s)")
                + "<b>Who is where</b>" + report.frame_html(self.who_is_where())
                + "<b>Exercises most learners still fail</b>" + report.frame_html(self.exercises())
                + (f"<b>Skipped</b><ul>{skipped}</ul>" if skipped else ""))


def collect(paths) -> ClassView:
    """Read every progress file under ``paths``; unreadable ones are listed, never fatal."""
    files, problems = find_progress_files(paths)
    view = ClassView(unreadable=list(problems))
    for root, path in files:
        try:
            document, bad = read_progress_file(path)
        except (MeshLabError, OSError, ValueError) as exc:
            view.unreadable.append((str(path), str(exc).splitlines()[0]))
            continue
        if bad:
            view.unreadable += [(f"{path} [{exercise_id}]", why) for exercise_id, why in sorted(bad.items())]
        name = learner_name(root, path)
        while name in view.learners:
            name += "′"
        view.learners[name] = document
    return view


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab progress --collect PATH… [--json]``: 0 with at least one learner read, else 2."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab progress --collect",
                                     description="The class view of many learners' progress files.")
    parser.add_argument("--collect", nargs="+", required=True, metavar="PATH",
                        help="progress.json files, or folders searched at any depth")
    parser.add_argument("--json", action="store_true", help="print the two tables as JSON")
    args = parser.parse_args(argv)
    view = collect(args.collect)
    if args.json:
        print(json.dumps({"learners": view.who_is_where().to_dict("records"),
                          "exercises": view.exercises().to_dict("records"),
                          "unreadable": [{"path": p, "why": w} for p, w in view.unreadable]}, indent=1))
    else:
        print(repr(view))
    if not view.learners:
        print("mesh_lab progress: no readable progress file found", file=sys.stderr)
        return 2
    return 0
