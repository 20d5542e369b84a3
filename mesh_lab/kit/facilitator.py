"""The facilitator pack: one page per notebook and a printable cheat sheet per topic (an authors' tool).

Everything on a page comes from the notebook and its exercise module, so it cannot drift:

* **objectives** — the notebook's ``you will:`` line; **key points** — each level's **Takeaway**;
* **minutes per level**, split into teaching (reading, running, playing) and exercises — the same
  measurement as ``python -m mesh_lab.kit.minutes``;
* **questions** — the quizzes, by level; **misconceptions** — every declared mistake of every
  exercise, with the message the learner sees;
* **where to cut** — which levels fit 30, 45 and 60 minutes;
* **discussion prompts** — the only hand-written part, in ``docs/facilitator/prompts.yaml``.

    python -m mesh_lab.kit.facilitator --write    # docs/facilitator/*.md and cheatsheet-*.html
    python -m mesh_lab.kit.facilitator --check    # exit 1 when a page is out of step
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

import yaml

from mesh_lab.kit import minutes as measuring
from mesh_lab.kit.curriculum import CURRICULUM, Entry, metadata, notebooks_dir
from mesh_lab.paths import PROJECT_ROOT

LEVELS = {"kid": "👶 Kid", "teen": "🧑‍🎓 Teen", "tech": "👨‍💻 Tech Lead"}
TOPICS = {"data-mesh": ("🧩 Data Mesh", "data_mesh/"), "smoke-testing": ("🔥 Smoke Testing", "smoke_testing/")}


def pack_dir(root: Path = PROJECT_ROOT) -> Path:
    return root / "docs" / "facilitator"


def _notebook(entry: Entry, root: Path) -> dict:
    return json.loads((notebooks_dir(root) / f"{entry.path}.ipynb").read_text(encoding="utf-8"))


def _markdown(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def objectives(notebook: dict) -> str:
    """The ``you will:`` line of the notebook's first cell."""
    found = re.search(r"you will:\s*(.+)", _markdown(notebook)[0])
    return found.group(1).strip() if found else ""


def takeaways(notebook: dict) -> dict[str, str]:
    """Each level's **Takeaway:** sentence."""
    sections = measuring.split_sections(notebook["cells"])
    found = {}
    for level in LEVELS:
        for cell in sections.get(level, []):
            match = re.search(r"\*\*Takeaway:?\*\*:?\s*(.+)", "".join(cell["source"]))
            if cell["cell_type"] == "markdown" and match:
                found[level] = match.group(1).strip()
    return found


def cheat_sheet(notebook: dict) -> str:
    """The markdown of the notebook's 🎯 Cheat sheet section."""
    cells = _markdown(notebook)
    start = next((i for i, text in enumerate(cells) if text.lstrip().startswith("## 🎯")), None)
    if start is None:
        return ""
    parts = [cells[start]]
    for text in cells[start + 1:]:
        if text.lstrip().startswith("## "):
            break
        parts.append(text)
    return "\n\n".join(parts)


def exercises_of(notebook: dict) -> list:
    """The exercises the notebook binds (``from mesh_lab.exercises.<key> import *``), in id order."""
    from mesh_lab.learning import engine

    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    keys = set(re.findall(r"^\s*from mesh_lab\.exercises\.(\w+) import \*", code, re.M))
    engine.import_exercise_modules()
    return [e for i, e in sorted(engine.registry().items()) if i.split(".", 1)[0] in keys]


def minutes_by_level(notebook: dict) -> dict[str, tuple[float, float]]:
    """level → (teaching minutes, exercise minutes), measured as ``kit.minutes`` measures."""
    sections = measuring.measure(notebook)
    out = {}
    for level in [*LEVELS, "wrap"]:
        section = sections[level]
        exercise = sum(e.minutes for e in section.exercises)
        out[level] = (round(section.minutes - exercise), round(exercise))
    return out


def where_to_cut(meta: dict) -> list[str]:
    """Which levels fit a 30, 45 and 60 minute slot (intro and wrap-up always included)."""
    per_level = meta["level_minutes"]
    lines = []
    for slot in (30, 45, 60):
        fitting, used = [], per_level["wrap"]
        for level in LEVELS:
            if used + per_level[level] > slot:
                break
            fitting.append(LEVELS[level])
            used += per_level[level]
        text = " + ".join(fitting) if fitting else "only the 👶 Kid level, trimmed: run its check together"
        lines.append(f"- **{slot} min:** {text} ({used} min)" if fitting else f"- **{slot} min:** {text}")
    lines.append(f"- **the whole notebook:** {meta['minutes']} min")
    return lines


def prompts(root: Path = PROJECT_ROOT) -> dict[str, list[str]]:
    """The hand-written discussion prompts, by notebook path."""
    path = pack_dir(root) / "prompts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {str(k): [str(p) for p in v] for k, v in (data or {}).items()}


def page(entry: Entry, root: Path = PROJECT_ROOT) -> str:
    """The facilitator page of one notebook, as markdown."""
    notebook, meta = _notebook(entry, root), metadata(entry, root)
    exercises = exercises_of(notebook)
    split = minutes_by_level(notebook)
    keys = takeaways(notebook)
    lines = [f"# {entry.title} — facilitator page", "",
             f"Notebook: [`notebooks/{entry.path}.ipynb`](../../notebooks/{entry.path}.ipynb) · "
             f"about {meta['minutes']} minutes for one person. Generated by "
             "`python -m mesh_lab.kit.facilitator --write` from the notebook and its exercises.", "",
             "## Objectives", "", f"Learners will {objectives(notebook)}", "",
             "## Minutes per level", "", "| level | minutes | teaching | exercises |", "| --- | --- | --- | --- |"]
    for level, label in [*LEVELS.items(), ("wrap", "intro + wrap-up")]:
        teaching, practice = split[level]
        lines.append(f"| {label} | {meta['level_minutes'][level]} | {teaching} | {practice} |")
    lines += ["", "## Key points", ""]
    lines += [f"- **{LEVELS[level]}:** {keys[level]}" for level in LEVELS if level in keys] or [
        "- A team game has no level takeaways: its key points come out of each round's debrief."]
    lines += ["", "## Questions to ask (the quizzes)", ""]
    quizzes = [e for e in exercises if type(e).__name__ == "Quiz"]
    lines += [f"- {LEVELS[q.level].split()[0]} `{q.id}`: {q.question}" for q in quizzes] or [
        f"- {LEVELS[e.level].split()[0]} `{e.id}`: {e.prompt}" for e in exercises]
    lines += ["", "## Misconceptions to expect", "",
              "Each exercise's declared mistakes, with the message a learner sees (proven by the selftest):", ""]
    for exercise in exercises:
        mistakes = [m for m in exercise.mistakes if not m.name.startswith("option_")]
        if not mistakes:
            continue
        lines.append(f"**{exercise.id}** ({LEVELS[exercise.level]}) — {exercise.prompt}")
        lines.append("")
        lines += [f"- `{m.name}`: {m.message}" for m in mistakes]
        lines.append("")
    lines += ["## Discussion prompts", ""]
    lines += [f"- {p}" for p in prompts(root).get(entry.path, [])] or ["- (none yet: add them to prompts.yaml)"]
    lines += ["", "## Where to cut when short of time", ""] + where_to_cut(meta) + [""]
    return "\n".join(lines)


CHEATSHEET_CSS = """
body { font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.35; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.2em; border-bottom: 1px solid #d0d7de; }
code { background: #f6f8fa; padding: 0 .2em; }
@media print { body { margin: 0; font-size: 10.5pt; } h2 { break-after: avoid; } section { break-inside: avoid; } }
"""


def cheat_sheet_html(topic: str, root: Path = PROJECT_ROOT) -> str:
    """One printable page: the 🎯 cheat sheets of a topic's written notebooks."""
    import mistune

    title, prefix = TOPICS[topic]
    sections = []
    for entry in CURRICULUM:
        if entry.path.startswith(prefix) and metadata(entry, root):
            text = cheat_sheet(_notebook(entry, root)).replace("## 🎯 Cheat sheet", f"## {entry.title}", 1)
            sections.append(f"<section>{mistune.html(text)}</section>")
    return (f"<!doctype html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)} — cheat "
            f"sheet</title><style>{CHEATSHEET_CSS}</style></head><body><h1>{html.escape(title)} — cheat sheet</h1>"
            + "".join(sections) + "</body></html>\n")


def planned_files(root: Path = PROJECT_ROOT) -> dict[Path, str]:
    """Every file of the pack, with the content it should have."""
    files = {pack_dir(root) / f"{e.path.replace('/', '__')}.md": page(e, root)
             for e in CURRICULUM if metadata(e, root) and "level_minutes" in metadata(e, root)}
    for topic in TOPICS:
        files[pack_dir(root) / f"cheatsheet-{topic}.html"] = cheat_sheet_html(topic, root)
    return files


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab.kit.facilitator --check|--write``."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab.kit.facilitator", description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true", help="exit 1 when a page is out of step")
    group.add_argument("--write", action="store_true", help="rewrite docs/facilitator/")
    args = parser.parse_args(argv)
    stale = []
    for path, text in planned_files().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if args.write:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'wrote' if args.write else 'out of step'}: {path.relative_to(PROJECT_ROOT)}")
    if not stale:
        print("docs/facilitator/ matches the notebooks and their exercises")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
