"""The curriculum's maps and agendas, written from the notebooks' metadata (an authors' tool).

The README's curriculum table, the start notebook's map and the facilitator guide's agendas all
quote each notebook's minutes (``metadata.mesh_lab.minutes`` and ``level_minutes``, measured with
``python -m mesh_lab.kit.minutes``). This tool writes them so they never drift:

    python -m mesh_lab.kit.curriculum --check    # exit 1 and say what differs
    python -m mesh_lab.kit.curriculum --write    # rewrite README.md, the start map, the agendas

Like ``make strip`` it is run by authors, never by the kit at a learner's request.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from mesh_lab.paths import PROJECT_ROOT

SETUP_MINUTES = 10
KID, KID_TEEN, ALL_LEVELS = "👶", "👶 🧑‍🎓", "👶 🧑‍🎓 👨‍💻"


@dataclass(frozen=True)
class Entry:
    """One notebook of the curriculum, written or planned."""

    number: str
    path: str          # under notebooks/, without .ipynb
    title: str
    tagline: str
    planned_minutes: int

    @property
    def key(self) -> str:
        return self.path.rsplit("/", 1)[-1]


CURRICULUM = [
    Entry("00", "00_start_here", "👋 Start here", "the kit, the map, a self-check, your first exercises", 30),
    Entry("🧩 1", "data_mesh/01_what_is_data_mesh", "What is Data Mesh?",
          "Lego rooms, the group project, a whole company", 45),
    Entry("🧩 2", "data_mesh/02_domain_ownership", "Domain ownership",
          "who keeps the box tidy, mystery tables, knowledge distance", 30),
    Entry("🧩 3", "data_mesh/03_data_as_a_product", "Data as a product",
          "contracts, SLAs on a clock, changes that break no one", 40),
    Entry("🧩 4", "data_mesh/04_self_serve_platform", "The self-serve platform",
          "scaffold, publish, discover", 35),
    Entry("🧩 5", "data_mesh/05_federated_governance", "Federated governance",
          "policies as code, scorecards", 40),
    Entry("🧩 6", "data_mesh/06_is_data_mesh_right_for_you", "Is Data Mesh right for you?",
          "diagnose an organisation", 30),
    Entry("🔥 1", "smoke_testing/01_what_is_smoke_testing", "What is Smoke Testing?",
          "a toy, a Reel, a real web service", 40),
    Entry("🔥 2", "smoke_testing/02_smoke_tests_in_ci_cd", "Smoke tests in CI/CD",
          "gates, probes, flaky checks, smoke creep", 35),
    Entry("🔥 3", "smoke_testing/03_smoke_testing_data_products", "Smoke testing data products",
          "the lunchbox check, which tier catches what", 35),
    Entry("🎮", "workshop/game_day", "Workshop game day", "the game master's notebook: rounds, incidents, scoreboard", 90),
    Entry("🎮", "workshop/team", "Game day: your team's desk", "one notebook per team, or per role", 90),
]


def notebooks_dir(root: Path = PROJECT_ROOT) -> Path:
    return root / "notebooks"


def metadata(entry: Entry, root: Path = PROJECT_ROOT) -> dict | None:
    """The notebook's ``mesh_lab`` metadata, or None when the notebook is not written yet."""
    path = notebooks_dir(root) / f"{entry.path}.ipynb"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["metadata"].get("mesh_lab")


def part(meta: dict, levels: tuple[str, ...]) -> int:
    """Minutes for some levels, with the notebook's intro and wrap-up."""
    per_level = meta["level_minutes"]
    return sum(per_level[level] for level in levels) + per_level["wrap"]


def _row(entry: Entry, meta: dict | None, link_prefix: str, here: bool) -> str:
    if meta is None or "level_minutes" not in meta:
        return f"| {entry.number} | {entry.title} — {entry.tagline} | ≈ {entry.planned_minutes} | | 🚧 coming |"
    name = entry.title.replace("👋 ", "")
    link = f"[{name}]({link_prefix}{entry.path}.ipynb)"
    label = f"👋 {link}" if entry.title.startswith("👋") else link
    extra = " (you are here)" if here else f" — {entry.tagline}"
    short = "—" if meta.get("levels") == ["tech"] else part(meta, ("kid", "teen"))
    return f"| {entry.number} | {label}{extra} | {meta['minutes']} | {short} | ✅ |"


def curriculum_table(link_prefix: str, here: str | None = None, root: Path = PROJECT_ROOT) -> str:
    """The markdown table of every notebook, written or coming, with measured minutes."""
    lines = ["| # | notebook | minutes | 👶 + 🧑‍🎓 only | status |", "| --- | --- | --- | --- | --- |"]
    lines += [_row(e, metadata(e, root), link_prefix, e.path == here) for e in CURRICULUM]
    return "\n".join(lines)


def replace_table(text: str, table: str) -> str:
    """``text`` with its curriculum table (the lines from ``| # | notebook |`` on) replaced by ``table``."""
    start = text.index("| # | notebook |")
    end = start
    for line in text[start:].splitlines(keepends=True):
        if not line.lstrip().startswith("|"):
            break
        end += len(line)
    return text[:start] + table + "\n" + text[end:]


# --------------------------------------------------------------------------------------------------
# Agendas
# --------------------------------------------------------------------------------------------------


def _hm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def agenda(title: str, slot: int, rows: list[tuple[str, str, int | None]]) -> str:
    """A timed agenda table; a row of ``None`` minutes fills the rest of the slot."""
    out, clock = [f"**{title}**", "", "| time | what | levels | minutes |", "| --- | --- | --- | --- |"], 0
    for what, levels, minutes in rows:
        if minutes is None:
            minutes = slot - clock
            if minutes < 5:
                raise ValueError(f"{title}: the rows already take {clock} of its {slot} minutes")
        out.append(f"| {_hm(clock)} | {what} | {levels} | {minutes} |")
        clock += minutes
    if clock > slot:
        raise ValueError(f"{title}: ends at {_hm(clock)}, after its {slot} minutes")
    out.append(f"| {_hm(clock)} | end | | |")
    return "\n".join(out)


def _ref(entry: Entry) -> str:
    """How an agenda names a notebook: its title and its path in code marks."""
    if entry.title.startswith("👋"):
        return f"{entry.title} (`{entry.path}`)"
    icon = "🧩" if entry.path.startswith("data_mesh") else "🔥" if entry.path.startswith("smoke") else "🎮"
    return f"{icon} {entry.title} (`{entry.path}`)"


def agendas(root: Path = PROJECT_ROOT) -> str:
    """The facilitator guide's agendas for 60, 120 and 180 minutes and a team-training day."""
    by_path = {e.path: e for e in CURRICULUM}
    meta = {e.path: metadata(e, root) for e in CURRICULUM}
    ready = [e for e in CURRICULUM if meta[e.path] and "level_minutes" in meta[e.path]]
    start, dm1, smoke1 = (by_path[p] for p in ("00_start_here", "data_mesh/01_what_is_data_mesh",
                                                "smoke_testing/01_what_is_smoke_testing"))
    setup = ("setup: everyone opens JupyterLab (`make lab` or the hub link)", "—", SETUP_MINUTES)
    kid, kt = ("kid",), ("kid", "teen")
    one = agenda("One hour (60 min) — “what are these words?”", 60, [
        setup,
        (_ref(start) + ": the self-check, the map, first exercises", KID, part(meta[start.path], kid)),
        (f"{_ref(dm1)} **or** {_ref(smoke1)}", KID, max(part(meta[dm1.path], kid), part(meta[smoke1.path], kid))),
        ("room discussion: where is *your* central team a bottleneck? what is *your* “does it turn on?” check?",
         "—", None)])
    two = agenda("Two hours (120 min) — both topics, 👶 and 🧑‍🎓 levels", 120, [
        setup, (_ref(start), KID_TEEN, part(meta[start.path], kt)), (_ref(dm1), KID_TEEN, part(meta[dm1.path], kt)),
        ("break", "—", 10), (_ref(smoke1), KID_TEEN, part(meta[smoke1.path], kt)),
        ("review the quizzes together (`python -m mesh_lab progress`), questions", "—", None)])
    rows3 = [setup, (_ref(start), KID_TEEN, part(meta[start.path], kt)), (_ref(dm1), KID_TEEN, part(meta[dm1.path], kt)),
             ("break", "—", 10), (_ref(smoke1), KID_TEEN, part(meta[smoke1.path], kt))]
    used = sum(r[2] for r in rows3)
    for entry in ready:
        if entry in (start, dm1, smoke1) or entry.path.startswith("workshop"):
            continue
        minutes = part(meta[entry.path], kt)
        if used + minutes + 15 <= 180:
            rows3.append((_ref(entry), KID_TEEN, minutes))
            used += minutes
    rows3.append(("review and questions: what will you try at work?", "—", None))
    three = agenda("Three hours (180 min) — both topics and the next lessons, 👶 and 🧑‍🎓 levels", 180, rows3)
    days = [team_day(number, [e for e in ready if e.path.startswith(prefixes) and e.path != "workshop/team"], meta,
                     setup)
            for number, prefixes in enumerate(TEAM_DAYS, 1)]
    days = [day for day in days if day]
    return "\n\n".join([one, two, three, *days])


#: A team-training day per group of notebooks (path prefixes), every level done.
TEAM_DAYS = (("00_", "data_mesh/01", "data_mesh/02", "data_mesh/03"), ("data_mesh/04", "data_mesh/05", "data_mesh/06"),
             ("smoke_testing/", "workshop/"))
LUNCH_MINUTES, BREAK_MINUTES, REVIEW_MINUTES = 45, 15, 20


def team_day(number: int, entries: list[Entry], meta: dict, setup: tuple[str, str, int]) -> str:
    """One team-training day: every level of its notebooks, a break between two, lunch in the middle."""
    if not entries:
        return ""
    rows: list[tuple[str, str, int | None]] = [setup]
    content = sum(meta[e.path]["minutes"] for e in entries)
    done, lunch_taken = 0, False
    for index, entry in enumerate(entries):
        if index:
            if not lunch_taken and done >= content / 2:
                rows.append(("lunch", "—", LUNCH_MINUTES))
                lunch_taken = True
            else:
                rows.append(("break", "—", BREAK_MINUTES))
        levels = "👨‍💻" if meta[entry.path].get("levels") == ["tech"] else ALL_LEVELS
        rows.append((_ref(entry), levels, meta[entry.path]["minutes"]))
        done += meta[entry.path]["minutes"]
    rows.append(("review the quizzes together, questions, what to try at work", "—", None))
    used = sum(r[2] for r in rows if r[2] is not None)
    slot = 30 * -(-(used + REVIEW_MINUTES) // 30)
    topics = " and ".join(dict.fromkeys("Data Mesh" if e.path.startswith(("data_mesh", "00_")) else
                                        "Smoke Testing" for e in entries))
    return agenda(f"Team-training day {number} ({slot} min) — {topics}, every level, Tech Lead hands-on included",
                  slot, rows)


AGENDA_INTRO = f"""## Agendas

Every figure below comes from the notebooks' metadata (`level_minutes`: a measured walkthrough for one
person, see [minutes.md](minutes.md)) and is written by `python -m mesh_lab.kit.curriculum --write`; a
test recomputes each agenda, so they stay honest when a notebook changes. A notebook done at some levels
only takes those levels' minutes plus its intro and wrap-up (cheat sheet, check yourself). Every agenda
starts with {SETUP_MINUTES} minutes of setup: people arrive, open JupyterLab and run the start notebook's
self-check; the ✘ rows are fixed then, not mid-lesson.

Pick the 👶/🧑‍🎓/👨‍💻 depth to the room: non-technical audiences stop after the 🧑‍🎓 Teen level of each
notebook (the README's “👶 + 🧑‍🎓 only” column); engineers should do the 👨‍💻 Tech Lead hands-on, which
is most of each notebook's time. A room is slower than one person alone (questions, the slowest
laptop): when in doubt, drop a level rather than squeeze the break.

"""


def guide_text(guide: str, root: Path = PROJECT_ROOT) -> str:
    """The facilitator guide with its agenda section rewritten."""
    start, end = guide.index("## Agendas"), guide.index("## During the session")
    return guide[:start] + AGENDA_INTRO + agendas(root) + "\n\n" + guide[end:]


# --------------------------------------------------------------------------------------------------
# The files
# --------------------------------------------------------------------------------------------------


def _start_here_with_map(root: Path) -> tuple[Path, str]:
    import nbformat

    path = notebooks_dir(root) / "00_start_here.ipynb"
    notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    table = curriculum_table("", here="00_start_here", root=root)
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and "| # | notebook |" in cell.source:
            cell.source = replace_table(cell.source, table).rstrip("\n")
    return path, nbformat.writes(notebook) + "\n"


def planned_files(root: Path = PROJECT_ROOT) -> dict[Path, str]:
    """Each file this tool writes, with the content it should have."""
    readme = root / "README.md"
    guide = root / "docs" / "facilitator-guide.md"
    start_path, start_text = _start_here_with_map(root)
    return {
        readme: replace_table(readme.read_text(encoding="utf-8"), curriculum_table("notebooks/", root=root)),
        guide: guide_text(guide.read_text(encoding="utf-8"), root),
        start_path: start_text,
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab.kit.curriculum --check|--write``."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab.kit.curriculum", description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true", help="exit 1 when a map or agenda is out of step")
    group.add_argument("--write", action="store_true", help="rewrite README.md, the start map and the agendas")
    args = parser.parse_args(argv)
    stale = []
    for path, text in planned_files().items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if args.write:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'rewrote' if args.write else 'out of step'}: {path.relative_to(PROJECT_ROOT)}")
    if not stale:
        print("README.md, the start map and the agendas match the notebooks' metadata")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())

