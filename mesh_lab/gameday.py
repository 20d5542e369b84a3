"""The game day: teams of 3–8 play rounds of a data mesh and a service, and a game master keeps score.

A **scenario** (``mesh_lab/scenarios/<id>.yaml``, data, not code) is a list of round cards. Each card
tells a story, opens some moves to some roles, and holds the incidents the game master injects: data
faults from :data:`mesh_lab.faults.DATA_FAULTS` and faulty releases from :data:`mesh_lab.service.RELEASES`.
Everything random is seeded from the scenario's seed, so two runs of a scenario are the same.

The **roles**: the domain owners (payments, catalog, logistics) publish and evolve their products; the
platform team sets the publish gate every domain gets by default; the governance council decides
whether breaking contract changes are blocked; the on-call engineer deploys the service's release,
through the smoke gate or without it.

The **folders** (one game folder: a laptop's workspace, or a shared folder on a server)::

    <game>/game.json                            the scenario, its seed, the teams, the open round (game master)
    <game>/teams/<team>/round-<n>/<role>.json   one role's moves in round n (only that team's desk writes here)
    <game>/master/round-<n>/…                   what the game master played and scored (only it writes here)

A :class:`TeamDesk` reads the game file and its own folder, never another team's. The :class:`Game`
(the game master) reads every team's moves, plays them against the incidents with the kit's real
tools — the data smoke tier, full validation and SLAs on the faulty files, :func:`mesh_lab.evolution.diff`
with the sample mesh's lineage, :func:`mesh_lab.pipeline.run_pipeline` for a gated deploy — and scores
each team: SLA minutes met, consumers broken, incidents caught by a gate versus escaped, and the
minutes it took to detect them. Every file goes through :func:`mesh_lab.paths.write_atomically`.

The game folder is ``$MESH_LAB_GAME`` when set, else ``<workspace>/gameday``; ``python -m
mesh_lab.gameday --game DIR …`` takes it on the command line.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from mesh_lab.errors import MeshLabError
from mesh_lab.paths import workspace, write_atomically

GAME_ENV = "MESH_LAB_GAME"
SCENARIOS_DIR = Path(__file__).resolve().parent / "scenarios"
DOMAINS = ("payments", "catalog", "logistics")
ROLES: dict[str, str] = {
    "payments": "domain owner of payments: publishes and evolves payments.transactions",
    "catalog": "domain owner of catalog: publishes and evolves catalog.products",
    "logistics": "domain owner of logistics: publishes and evolves logistics.delivery_events",
    "platform": "the platform team: sets the publish gate every domain gets by default",
    "governance": "the governance council: decides whether breaking contract changes are blocked",
    "on_call": "the on-call engineer: deploys the service's release, through the smoke gate or not",
}
MOVES: dict[str, tuple[str, ...]] = {
    "publish": DOMAINS, "evolve": DOMAINS, "set_gate": ("platform",), "review": ("governance",),
    "deploy": ("on_call",),
}
PUBLISH_GATES = ("none", "smoke", "full", "platform")
"""``platform`` means: whatever gate the platform team has set (``none`` until it sets one)."""
DEPLOY_GATES = ("none", "smoke")
REVIEW_CHOICES = ("block", "allow")
CHANGES = ("drop_column", "rename_column", "add_column", "tighten_minimum")
TEAM_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")

#: minutes from an incident to its detection, by the gate that caught it (a fixed, stated cost, so
#: scores repeat: the real gates run in milliseconds, a team's reaction does not)
DETECT_MINUTES = {"data smoke": 1, "full validation": 5, "build": 1, "smoke after build": 2,
                  "smoke after deploy": 5, "council review": 10}
ROLLBACK_MINUTES = 5
"""Minutes the service is down when a release is caught only after it went live (deploy, smoke, roll back)."""
SERVICE = "service"
SCORE_COLUMNS = ["round", "team", "sla_minutes_met", "sla_minutes_possible", "consumers_broken", "caught",
                 "escaped", "time_to_detect_min"]


class GameError(MeshLabError, ValueError):
    """A move, a scenario or a game folder that cannot be used; the message says what, where and the fix."""


# --------------------------------------------------------------------------------------------------
# Scenarios: round cards stored as data
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incident:
    """What the game master injects: a data fault into a product's delivery, or a faulty release."""

    kind: str
    minute: int
    product: str = ""
    fault: str = ""
    release: str = ""

    @property
    def label(self) -> str:
        return f"{self.fault!r} in {self.product}" if self.kind == "data" else f"release {self.release!r}"


@dataclass(frozen=True)
class RoundCard:
    """One round: its story, the moves each role may make, the incidents, and what the designers expected."""

    number: int
    title: str
    story: str
    moves: dict[str, tuple[str, ...]]
    incidents: tuple[Incident, ...]
    expected: str = ""

    def public(self) -> dict:
        """What a team may see: everything but the incidents."""
        return {"number": self.number, "title": self.title, "story": self.story,
                "moves": {role: list(moves) for role, moves in self.moves.items()}}


@dataclass(frozen=True)
class Scenario:
    """A whole game: its rounds, seed, minutes per round and the scripted teams."""

    id: str
    title: str
    seed: int
    round_minutes: int
    rounds: tuple[RoundCard, ...]
    scripts: dict[str, dict[int, list[dict]]] = field(default_factory=dict)
    source: str = ""

    def card(self, number: int) -> RoundCard:
        """The card of round ``number`` (1-based)."""
        for card in self.rounds:
            if card.number == number:
                return card
        raise GameError(f"scenario {self.id!r} has rounds {[c.number for c in self.rounds]}, not round {number}")

    def script(self, name: str, number: int) -> list[dict]:
        """The moves the scripted team ``name`` makes in round ``number`` (a copy)."""
        if name not in self.scripts:
            raise GameError(f"scenario {self.id!r} has no script {name!r}; scripts: {', '.join(self.scripts)}")
        return [dict(move) for move in self.scripts[name].get(number, [])]


def scenario_names() -> list[str]:
    """The scenarios shipped with the kit."""
    return sorted(path.stem for path in SCENARIOS_DIR.glob("*.yaml"))


def _card_from(raw: dict, where: str) -> RoundCard:
    from mesh_lab.datasets import PRODUCTS
    from mesh_lab.faults import DATA_FAULTS
    from mesh_lab.service import RELEASES

    number = raw.get("number")
    where = f"{where} round {number}"
    moves = {}
    for role, names in (raw.get("moves") or {}).items():
        if role not in ROLES:
            raise GameError(f"{where}: unknown role {role!r}; roles: {', '.join(ROLES)}")
        for name in names:
            if name not in MOVES or role not in MOVES[name]:
                raise GameError(f"{where}: {role} cannot make move {name!r}; its moves: "
                                f"{', '.join(m for m, roles in MOVES.items() if role in roles)}")
        moves[role] = tuple(names)
    incidents = []
    for item in raw.get("incidents") or []:
        incident = Incident(**item)
        if incident.kind == "data":
            if incident.fault not in DATA_FAULTS or incident.product not in PRODUCTS:
                raise GameError(f"{where}: incident {item} needs a fault of {', '.join(DATA_FAULTS)} and a "
                                f"product of {', '.join(PRODUCTS)}")
        elif incident.kind != "release" or incident.release not in RELEASES or incident.release == "healthy":
            raise GameError(f"{where}: incident {item} needs kind 'data' or 'release' (a faulty release of "
                            f"{', '.join(r for r in RELEASES if r != 'healthy')})")
        incidents.append(incident)
    return RoundCard(int(number), str(raw.get("title", "")), str(raw.get("story", "")).strip(), moves,
                     tuple(incidents), str(raw.get("expected", "")).strip())


def load_scenario(name_or_path: str | Path = "classic") -> Scenario:
    """A scenario by name (shipped in ``mesh_lab/scenarios/``) or by the path of a YAML file."""
    path = Path(name_or_path)
    if not path.suffix:
        path = SCENARIOS_DIR / f"{name_or_path}.yaml"
    if not path.exists():
        raise GameError(f"no scenario {name_or_path!r}; shipped scenarios: {', '.join(scenario_names())} "
                        "(or give the path of a scenario YAML file)")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        rounds = tuple(_card_from(card, path.name) for card in raw["rounds"])
        scripts = {name: {int(n): list(moves or []) for n, moves in by_round.items()}
                   for name, by_round in (raw.get("scripts") or {}).items()}
        return Scenario(str(raw["id"]), str(raw.get("title", raw["id"])), int(raw["seed"]),
                        int(raw.get("round_minutes", 60)), rounds, scripts, str(path))
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, GameError):
            raise
        raise GameError(f"{path}: not a scenario ({type(exc).__name__}: {exc}); it needs id, seed and "
                        "rounds (each with number, moves and incidents)") from None


# --------------------------------------------------------------------------------------------------
# Folders
# --------------------------------------------------------------------------------------------------


def game_folder(path: str | Path | None = None) -> Path:
    """The game folder: ``path`` if given, else ``$MESH_LAB_GAME``, else ``<workspace>/gameday``."""
    chosen = path if path is not None else os.environ.get(GAME_ENV)
    folder = Path(chosen).expanduser() if chosen else workspace() / "gameday"
    if folder.exists() and not folder.is_dir():
        raise GameError(f"the game folder {folder} is a file; give a folder (--game DIR or ${GAME_ENV})")
    return folder


def _check_team(name: str) -> str:
    if not isinstance(name, str) or not TEAM_NAME.match(name):
        raise GameError(f"team name {name!r}: use small letters, digits, '-' or '_' (starting with a "
                        "letter, at most 31 characters), e.g. 'blue'")
    return name


def _read_json(path: Path, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GameError(f"no {what} at {path}: has the game master started the game in this folder?") from None
    except (OSError, ValueError) as exc:
        raise GameError(f"{path} is not a readable {what} ({exc}); move it aside and start again") from None


def _write_json(path: Path, document) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(path, json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


# --------------------------------------------------------------------------------------------------
# Moves: what a team may write, checked before it is written
# --------------------------------------------------------------------------------------------------


def _product_of(role: str, move: dict) -> str:
    from mesh_lab.datasets import PRODUCTS

    product = move.get("product")
    owned = [p for p in PRODUCTS if p.split(".")[0] == role]
    if product not in owned:
        raise GameError(f"{role} can {move['move']} only its own product ({', '.join(owned)}), not {product!r}")
    return product


def _check_change(change, product: str) -> dict:
    from mesh_lab.contracts import load_contract
    from mesh_lab.datasets import product_paths

    if not isinstance(change, dict) or len(change) != 1 or next(iter(change)) not in CHANGES:
        raise GameError(f"change={change!r}: give one change as a dict, one of {', '.join(CHANGES)}, e.g. "
                        "{'drop_column': 'active'} or {'rename_column': {'column': 'sku', 'to': 'item'}}")
    kind, value = next(iter(change.items()))
    columns = load_contract(product_paths(product)[1]).columns()
    column = value.get("column") if isinstance(value, dict) else value
    if kind == "add_column":
        if column in columns:
            raise GameError(f"{product} already has a column {column!r}; add a new one")
    elif column not in columns:
        raise GameError(f"{product} has no column {column!r}; its columns: {', '.join(columns)}")
    if kind == "rename_column" and not (isinstance(value, dict) and value.get("to")):
        raise GameError("rename_column needs {'column': OLD, 'to': NEW}")
    minimum = value.get("minimum") if isinstance(value, dict) else None
    if kind == "tighten_minimum" and not isinstance(minimum, (int, float)):
        raise GameError("tighten_minimum needs {'column': NAME, 'minimum': NUMBER}")
    return change


def check_move(move: dict, card: RoundCard, round_minutes: int) -> dict:
    """``move`` checked against the round's card; returns it with defaults filled in, or raises GameError."""
    from mesh_lab.service import RELEASES

    if not isinstance(move, dict):
        raise GameError(f"a move is a dict like {{'role': 'payments', 'move': 'publish', ...}}, not {move!r}")
    move = dict(move)
    role, name = move.get("role"), move.get("move")
    if role not in ROLES:
        raise GameError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if name not in MOVES:
        raise GameError(f"unknown move {name!r}; moves: {', '.join(MOVES)}")
    if name not in card.moves.get(role, ()):
        open_moves = ", ".join(card.moves.get(role, ())) or "none"
        raise GameError(f"round {card.number}: {role} cannot {name} in this round (its moves: {open_moves})")
    minute = move.setdefault("minute", 0)
    if not isinstance(minute, int) or not 0 <= minute < round_minutes:
        raise GameError(f"minute={minute!r}: a whole number from 0 to {round_minutes - 1}")
    if name in ("publish", "evolve"):
        move["product"] = _product_of(role, move)
    if name == "publish" and move.setdefault("gate", "platform") not in PUBLISH_GATES:
        raise GameError(f"publish gate={move['gate']!r}; choose one of {', '.join(PUBLISH_GATES)}")
    if name == "set_gate" and move.get("gate") not in ("none", "smoke", "full"):
        raise GameError(f"set_gate gate={move.get('gate')!r}; choose none, smoke or full")
    if name == "evolve":
        _check_change(move.get("change"), move["product"])
    if name == "review" and move.get("breaking_changes") not in REVIEW_CHOICES:
        raise GameError(f"review breaking_changes={move.get('breaking_changes')!r}; choose block or allow")
    if name == "deploy":
        if move.get("release") not in RELEASES:
            raise GameError(f"unknown release {move.get('release')!r}; releases: {', '.join(RELEASES)}")
        if move.setdefault("gate", "smoke") not in DEPLOY_GATES:
            raise GameError(f"deploy gate={move['gate']!r}; choose one of {', '.join(DEPLOY_GATES)}")
    return move


# --------------------------------------------------------------------------------------------------
# The team's side
# --------------------------------------------------------------------------------------------------


class TeamDesk:
    """One team's desk: the open round's card (never its incidents), and the team's own moves.

    ``role`` (``"all"`` by default: one notebook plays every role) limits the desk to one role, so each
    person of a team can play theirs from their own notebook. Each role's moves are kept in their own
    file (``teams/<team>/round-<n>/<role>.json``), so two people never overwrite each other.
    """

    def __init__(self, team: str, game: str | Path | None = None, role: str = "all"):
        self.team = _check_team(team)
        if role != "all" and role not in ROLES:
            raise GameError(f"role={role!r}: choose 'all' or one of {', '.join(ROLES)}")
        self.role = role
        self.folder = game_folder(game)
        state = _read_json(self.folder / "game.json", "game file")
        if self.team not in state["teams"]:
            raise GameError(f"team {team!r} is not in the game at {self.folder}; teams: "
                            f"{', '.join(state['teams'])} (ask the game master to add it)")
        self.scenario = load_scenario(state["scenario"])
        self.solo = state["teams"] == [self.team]

    def __repr__(self) -> str:
        return f"TeamDesk(team={self.team!r}, role={self.role!r}, game={str(self.folder)!r}, round {self.round})"

    @property
    def round(self) -> int:
        """The round the game master has opened."""
        return int(_read_json(self.folder / "game.json", "game file")["round"])

    def _open(self, number: int | None) -> int:
        open_round = self.round
        if number is not None and number != open_round:
            wait = "wait for the game master to open it" if number > open_round else "it is over"
            raise GameError(f"round {number} is not the open round (round {open_round} is): {wait}")
        return open_round

    def card(self, number: int | None = None) -> dict:
        """The open round's story and the moves each role may make (``number`` must be the open round)."""
        card = self.scenario.card(self._open(number)).public()
        if self.role != "all":
            card["moves"] = {self.role: card["moves"].get(self.role, [])}
        return card

    def _roles(self) -> list[str]:
        return list(ROLES) if self.role == "all" else [self.role]

    def _moves_path(self, number: int, role: str) -> Path:
        return self.folder / "teams" / self.team / f"round-{number}" / f"{role}.json"

    def moves(self, number: int | None = None) -> list[dict]:
        """This desk's moves for a round (default: the open one), in the order of their minute."""
        number = number or self.round
        found = []
        for role in self._roles():
            path = self._moves_path(number, role)
            if path.exists():
                found += _read_json(path, "moves file")["moves"]
        return sorted(found, key=lambda m: m["minute"])

    def move(self, role: str, move: str, **details) -> dict:
        """Make one move in the open round (checked first: a bad move raises GameError and is not written)."""
        if role in ROLES and role not in self._roles():
            raise GameError(f"this desk plays {self.role!r}; make {role!r} moves from that role's desk "
                            f"(TeamDesk({self.team!r}, role={role!r})) or use role='all'")
        number = self.round
        checked = check_move({"role": role, "move": move, **details}, self.scenario.card(number),
                             self.scenario.round_minutes)
        path = self._moves_path(number, role)
        earlier = _read_json(path, "moves file")["moves"] if path.exists() else []
        _write_json(path, {"team": self.team, "round": number, "role": role, "moves": [*earlier, checked]})
        return checked

    def clear(self, number: int | None = None) -> None:
        """Take back every move this desk made in the open round."""
        number = self._open(number)
        for role in self._roles():
            _write_json(self._moves_path(number, role), {"team": self.team, "round": number, "role": role,
                                                         "moves": []})

    def play_script(self, name: str = "careful", number: int | None = None) -> list[dict]:
        """Make the scripted team's moves (this desk's roles only) for the open round: the notebooks' default."""
        number = self._open(number)
        self.clear(number)
        return [self.move(**move) for move in self.scenario.script(name, number) if move["role"] in self._roles()]


# --------------------------------------------------------------------------------------------------
# The game master's side: play the moves against the incidents, and score
# --------------------------------------------------------------------------------------------------


@dataclass
class Event:
    """One line of a round's log: the minute, who, what happened, and the incident's outcome if any."""

    minute: int
    role: str
    what: str
    outcome: str = ""          # "caught", "escaped" or "" (no incident)
    detected_after: int | None = None
    sla_lost: dict[str, int] = field(default_factory=dict)
    consumers: list[str] = field(default_factory=list)
    gate: str = ""
    expect: str = ""


def _seed_for(*parts) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode())


@functools.cache
def sample_contract(product: str):
    """The sample product's contract, read once (the game never changes it: evolve works on a copy)."""
    from mesh_lab.contracts import load_contract
    from mesh_lab.datasets import product_paths

    return load_contract(product_paths(product)[1])


@functools.cache
def sample_lineage():
    """The sample mesh (its products and lineage), built once: the game reads it, never changes it."""
    from mesh_lab.mesh import sample_mesh

    return sample_mesh()


def run_data_gate(gate: str, product: str, csv_path: Path, now) -> tuple[bool, str]:
    """(caught?, what the gate said) for a delivery of ``product`` at ``csv_path`` through ``gate``.

    ``smoke`` is the data smoke tier; ``full`` is what the platform's publish runs after it — full
    validation and the SLAs; ``none`` looks at nothing.
    """
    from mesh_lab.data_smoke import smoke_product
    from mesh_lab.sla import check_sla
    from mesh_lab.validation import read_product, validate

    if gate == "none":
        return False, "no gate: the delivery went straight to consumers"
    contract = sample_contract(product)
    run = smoke_product(contract, csv_path, now)
    if not run.passed:
        first = run.first_failure
        return True, f"data smoke: {first.name}: {first.message}"
    if gate == "smoke":
        return False, "data smoke passed"
    try:
        frame = read_product(contract, csv_path=csv_path)
    except MeshLabError as exc:
        return True, f"full validation: cannot read: {str(exc).splitlines()[0]}"
    checked = validate(frame, contract)
    if not checked.passed:
        return True, f"full validation: {checked.headline()}"
    sla = check_sla(contract, frame, now=now)
    if not sla.passed:
        return True, f"full validation: SLA {sla.headline()}"
    return False, "data smoke, full validation and SLAs passed"


def changed_contract(product: str, change: dict) -> dict:
    """The product's contract document with one change applied (and its version bumped as the team said)."""
    import copy

    document = copy.deepcopy(sample_contract(product).raw)
    properties = document["schema"][0]["properties"]
    kind, value = next(iter(change.items()))
    column = value.get("column") if isinstance(value, dict) else value
    if kind == "add_column":
        properties.append({"name": column, "logicalType": "string", "required": False,
                           "description": f"{column}, added in a game day round", "classification": "internal"})
        return document
    prop = next(p for p in properties if p["name"] == column)
    if kind == "drop_column":
        properties.remove(prop)
    elif kind == "rename_column":
        prop["name"] = value["to"]
    else:
        prop.setdefault("logicalTypeOptions", {})["minimum"] = value["minimum"]
    return document


class Game:
    """The game master's handle on a game folder: open rounds, read the teams' moves, play, score, debrief."""

    def __init__(self, game: str | Path | None = None):
        self.folder = game_folder(game)
        state = _read_json(self.folder / "game.json", "game file")
        self.state = state
        self.scenario = load_scenario(state["scenario"])
        self.seed = int(state["seed"])

    @classmethod
    def start(cls, game: str | Path | None = None, *, teams=("blue",), scenario: str = "classic",
              seed: int | None = None) -> Game:
        """Start a new game in ``game`` (refused when a game is already there): round 1 is open."""
        folder = game_folder(game)
        if (folder / "game.json").exists():
            raise GameError(f"{folder} already holds a game; open it with Game({str(folder)!r}) "
                            "or give a new folder")
        names = [_check_team(t) for t in teams]
        if not names or len(set(names)) != len(names):
            raise GameError(f"teams={list(teams)!r}: give one or more different team names")
        chosen = load_scenario(scenario)
        folder.mkdir(parents=True, exist_ok=True)
        _write_json(folder / "game.json", {"scenario": chosen.source if Path(scenario).suffix else chosen.id,
                                           "seed": chosen.seed if seed is None else int(seed),
                                           "teams": names, "round": 1})
        return cls(folder)

    @classmethod
    def open_or_start(cls, game: str | Path | None = None, *, teams=("blue",), scenario: str = "classic") -> Game:
        """Open the game in ``game`` if there is one (with these teams and this scenario), else start it.

        A notebook run twice finds its own game again; a game with other teams or another scenario is an
        error, never overwritten.
        """
        folder = game_folder(game)
        if not (folder / "game.json").exists():
            return cls.start(folder, teams=teams, scenario=scenario)
        found = cls(folder)
        if found.scenario.id != load_scenario(scenario).id or not set(teams) <= set(found.teams):
            raise GameError(f"{folder} holds another game (scenario {found.scenario.id!r}, teams "
                            f"{', '.join(found.teams)}); give another folder, or move that one aside")
        return found

    @property
    def teams(self) -> list[str]:
        return list(self.state["teams"])

    @property
    def round(self) -> int:
        return int(self.state["round"])

    def open_round(self, number: int) -> RoundCard:
        """Open round ``number`` for the teams; returns its card (with the incidents: for the game master)."""
        card = self.scenario.card(number)
        self.state["round"] = number
        _write_json(self.folder / "game.json", self.state)
        return card

    def injections(self, number: int | None = None) -> pd.DataFrame:
        """The incidents of a round, as the game master injects them."""
        card = self.scenario.card(number or self.round)
        return pd.DataFrame([{"minute": i.minute, "kind": i.kind, "what": i.label} for i in card.incidents])

    def team_moves(self, team: str, number: int) -> list[dict]:
        """A team's moves for a round, read from its folder and checked again (a hand-edited file is no way
        in)."""
        card = self.scenario.card(number)
        folder = self.folder / "teams" / _check_team(team) / f"round-{number}"
        moves = []
        for role in ROLES:
            path = folder / f"{role}.json"
            if path.exists():
                for move in _read_json(path, "moves file")["moves"]:
                    if not isinstance(move, dict) or move.get("role") != role:
                        raise GameError(f"{path}: a move of another role than {role!r}: {move!r}")
                    try:
                        moves.append(check_move(move, card, self.scenario.round_minutes))
                    except GameError as exc:
                        raise GameError(f"{path}: {exc}") from None
        return moves

    # -- playing -----------------------------------------------------------------------------------

    def _settings_before(self, team: str, number: int) -> dict:
        """The platform gate and the council's review a team has set in earlier rounds (they persist)."""
        settings = {"platform_gate": "none", "review": "allow"}
        for earlier in range(1, number):
            if any(c.number == earlier for c in self.scenario.rounds):
                self._apply_settings(settings, self.team_moves(team, earlier))
        return settings

    @staticmethod
    def _apply_settings(settings: dict, moves: list[dict]) -> None:
        for move in sorted(moves, key=lambda m: m["minute"]):
            if move["move"] == "set_gate":
                settings["platform_gate"] = move["gate"]
            elif move["move"] == "review":
                settings["review"] = move["breaking_changes"]

    def play(self, team: str, number: int) -> list[Event]:
        """Play one team's moves of round ``number`` against the round's incidents; returns the log."""
        from mesh_lab.datasets import REFERENCE_TIME

        card = self.scenario.card(number)
        moves = sorted(self.team_moves(team, number), key=lambda m: m["minute"])
        settings = self._settings_before(team, number)
        work = self.folder / "master" / f"round-{number}" / team
        work.mkdir(parents=True, exist_ok=True)
        events = []
        for move in moves:
            if move["move"] in ("set_gate", "review"):
                self._apply_settings(settings, [move])
                what = (f"the platform team made {move['gate']!r} the default publish gate"
                        if move["move"] == "set_gate" else
                        f"the governance council will {move['breaking_changes']} breaking contract changes")
                events.append(Event(move["minute"], move["role"], what, expect=move.get("expect", "")))
            elif move["move"] == "evolve":
                events.append(self._evolve(move, settings))
        for incident in card.incidents:
            if incident.kind == "data":
                events.append(self._data_incident(incident, moves, settings, work, number, REFERENCE_TIME))
            else:
                events.append(self._release_incident(incident, moves, number))
        for move in moves:  # publishes and deploys with no incident: the gate ran on good data / a good release
            if move["move"] == "publish" and not any(i.kind == "data" and i.product == move["product"]
                                                     for i in card.incidents):
                events.append(Event(move["minute"], move["role"], f"published {move['product']} (no incident)",
                                    gate=self._gate(move, settings), expect=move.get("expect", "")))
            if move["move"] == "deploy" and not any(i.kind == "release" and i.release == move["release"]
                                                    for i in card.incidents):
                events.append(Event(move["minute"], "on_call", f"deployed {move['release']!r} (not this "
                                    "round's release: nothing to catch)", gate=move["gate"],
                                    expect=move.get("expect", "")))
        events.sort(key=lambda e: (e.minute, e.role, e.what))
        return events

    @staticmethod
    def _gate(move: dict | None, settings: dict) -> str:
        if move is None or move["gate"] == "platform":
            return settings["platform_gate"]
        return move["gate"]

    def _data_incident(self, incident: Incident, moves, settings, work: Path, number: int, now) -> Event:
        from mesh_lab.datasets import product_paths
        from mesh_lab.faults import inject

        move = next((m for m in moves if m["move"] == "publish" and m["product"] == incident.product), None)
        gate = self._gate(move, settings)
        csv_path, _ = product_paths(incident.product)
        broken = inject(incident.fault, csv_path.read_text(encoding="utf-8"), sample_contract(incident.product),
                        _seed_for(self.seed, number, incident.product, incident.fault))
        target = work / f"{incident.product}.csv"
        if broken is not None:
            write_atomically(target, broken)
        caught, said = run_data_gate(gate, incident.product, target, now)
        who = move["role"] if move else incident.product.split(".")[0]
        how = "published" if move else "the pipeline delivered (no publish move: the platform's gate applied)"
        what = f"{how} {incident.product} with fault {incident.fault!r} through gate {gate!r}: {said}"
        expect = move.get("expect", "") if move else ""
        if caught:
            tier = "data smoke" if said.startswith("data smoke") else "full validation"
            return Event(incident.minute, who, what, "caught", DETECT_MINUTES[tier], gate=tier, expect=expect)
        lost = self.scenario.round_minutes - incident.minute
        consumers = self._downstream(incident.product)
        return Event(incident.minute, who, what, "escaped", lost,
                     {p: lost for p in [incident.product, *consumers]}, consumers, gate=gate, expect=expect)

    @staticmethod
    def _downstream(product: str) -> list[str]:
        return list(sample_lineage().downstream(product))

    def _release_incident(self, incident: Incident, moves, number: int) -> Event:
        from mesh_lab.pipeline import run_pipeline
        from mesh_lab.service import RELEASES

        move = next((m for m in moves if m["move"] == "deploy" and m["release"] == incident.release), None)
        gate = move["gate"] if move else "none"
        expect = move.get("expect", "") if move else ""
        lost = self.scenario.round_minutes - incident.minute
        if gate == "none":
            how = "deployed" if move else "went out with nobody on call"
            what = (f"release {incident.release!r} {how} without a gate: users found it — "
                    f"{RELEASES[incident.release]}")
            return Event(incident.minute, "on_call", what, "escaped", lost, {SERVICE: lost}, gate="none",
                         expect=expect)
        result = run_pipeline(incident.release, seed=_seed_for(self.seed, number, incident.release) % 1000)
        statuses = result.statuses()
        if result.promoted:
            what = (f"release {incident.release!r} passed every smoke gate and went live; users found the "
                    f"fault — {RELEASES[incident.release]}")
            return Event(incident.minute, "on_call", what, "escaped", lost, {SERVICE: lost}, gate="smoke",
                         expect=expect)
        stage = next(name for name, status in statuses.items() if status == "fail")
        went_live = statuses.get("deploy") == "pass"
        what = (f"release {incident.release!r} stopped at {stage!r}"
                + (", rolled back to 'healthy'" if went_live else ", never deployed; 'healthy' stays live"))
        return Event(incident.minute, "on_call", what, "caught", DETECT_MINUTES[stage],
                     {SERVICE: ROLLBACK_MINUTES} if went_live else {}, gate=stage, expect=expect)

    def _evolve(self, move: dict, settings: dict) -> Event:
        from mesh_lab.evolution import diff

        product = move["product"]
        new = changed_contract(product, move["change"])
        result = diff(sample_contract(product), new, catalog=sample_lineage())
        kind, value = next(iter(move["change"].items()))
        said = f"{kind} {value}: {result.headline()}"
        expect = move.get("expect", "")
        if not result.breaking:
            return Event(move["minute"], move["role"], f"changed {product}'s contract — {said}", expect=expect)
        if settings["review"] == "block":
            return Event(move["minute"], move["role"], f"proposed a breaking change to {product} — {said}; "
                         "the governance council blocked it until consumers are told and the major version bumps",
                         "caught", DETECT_MINUTES["council review"], gate="council review", expect=expect)
        consumers = [c["product"] for c in result.consumers]
        lost = self.scenario.round_minutes - move["minute"]
        return Event(move["minute"], move["role"], f"shipped a breaking change to {product} — {said}; it broke "
                     f"{', '.join(consumers) or 'no known consumer'}", "escaped", lost,
                     {c: lost for c in consumers}, consumers, gate="none", expect=expect)

    # -- scoring -----------------------------------------------------------------------------------

    def promises(self) -> list[str]:
        """What an SLA is promised for each minute of a round: every sample product, and the service."""
        from mesh_lab.datasets import PRODUCTS

        return [*PRODUCTS, SERVICE]

    def score(self, team: str, events: list[Event], number: int) -> dict:
        """One team's scores for one round, from its log."""
        incidents = [e for e in events if e.outcome]
        possible = self.scenario.round_minutes * len(self.promises())
        lost = sum(minutes for e in events for minutes in e.sla_lost.values())
        detect = [e.detected_after for e in incidents]
        return {"round": number, "team": team, "sla_minutes_met": possible - lost,
                "sla_minutes_possible": possible,
                "consumers_broken": sum(len(e.consumers) for e in events),
                "caught": sum(e.outcome == "caught" for e in incidents),
                "escaped": sum(e.outcome == "escaped" for e in incidents),
                "time_to_detect_min": round(sum(detect) / len(detect), 1) if detect else 0.0}

    def play_round(self, number: int | None = None) -> RoundResult:
        """Play and score every team's moves of a round; the log and the scores go to the master folder."""
        number = number or self.round
        logs = {team: self.play(team, number) for team in self.teams}
        board = pd.DataFrame([self.score(team, logs[team], number) for team in self.teams], columns=SCORE_COLUMNS)
        result = RoundResult(self.scenario.card(number), board, logs)
        _write_json(self.folder / "master" / f"round-{number}" / "result.json", result.to_dict())
        return result

    def scoreboard(self) -> pd.DataFrame:
        """Every round scored so far (read back from the master folder), one row per team and round."""
        rows = []
        for card in self.scenario.rounds:
            path = self.folder / "master" / f"round-{card.number}" / "result.json"
            if path.exists():
                rows += _read_json(path, "round result")["scores"]
        return pd.DataFrame(rows, columns=SCORE_COLUMNS)


@dataclass
class RoundResult:
    """A scored round: its card, the scoreboard (one row per team) and each team's log."""

    card: RoundCard
    board: pd.DataFrame
    logs: dict[str, list[Event]]

    def to_dict(self) -> dict:
        return {"round": self.card.number, "scores": self.board.to_dict(orient="records"),
                "logs": {team: [vars(e) for e in events] for team, events in self.logs.items()}}

    def debrief(self, team: str) -> str:
        """A blameless debrief script for one team: what happened, what we expected, what we change."""
        if team not in self.logs:
            raise GameError(f"no team {team!r} in round {self.card.number}; teams: {', '.join(self.logs)}")
        return debrief(self.card, self.logs[team], team)

    def __repr__(self) -> str:
        return f"Round {self.card.number} — {self.card.title}\n{self.board.to_string(index=False)}"

    def _repr_html_(self) -> str:
        from mesh_lab import report

        rows = [tuple(row) for row in self.board.itertuples(index=False)]
        numeric = [c for c in SCORE_COLUMNS if c != "team"]
        table = report.table_html(SCORE_COLUMNS, rows, numeric_columns=numeric)
        return f"<div><h4>Round {self.card.number} — {self.card.title}</h4>{table}</div>"


def _lesson(event: Event) -> str:
    """What the team changes after an escaped incident (about the system, never a person)."""
    if event.what.startswith("shipped a breaking change"):
        return ("Route contract changes through the governance council's breaking-change review; bump the major "
                f"version and tell {', '.join(event.consumers)} before the change ships.")
    if event.what.startswith("release") and event.gate == "none":
        return "Deploy every release through the smoke gate: build smoke, then smoke after deploy, then promote."
    if event.what.startswith("release"):
        return "The smoke suite passed a faulty release: add the check that would have seen it (keep it fast)."
    if event.gate == "none":
        return ("Publish through a gate: the platform team can make the smoke tier the default, so no domain "
                "has to remember it.")
    return ("The smoke tier passed this fault: publish this product through full validation, or add a "
            "quality rule.")


def debrief(card: RoundCard, events: list[Event], team: str) -> str:
    """The debrief script of one team's round, as Markdown: blameless — about gates and signals, not people."""
    lines = [f"### Debrief — round {card.number}: {card.title} (team {team})", "",
             "*Blameless: we ask what the system let happen, not who did it.*", "", "**What happened**", ""]
    for event in events:
        mark = {"caught": "✅ caught", "escaped": "❌ escaped"}.get(event.outcome, "•")
        detect = f" (detected after {event.detected_after} min)" if event.outcome else ""
        lines.append(f"- minute {event.minute}, {event.role}: {mark} — {event.what}{detect}")
    lines += ["", "**What we expected**", ""]
    expectations = [f"- {e.role}: {e.expect}" for e in events if e.expect]
    lines += expectations or ["- (nobody wrote down an expectation: next round, add `expect=` to a move)"]
    if card.expected:
        lines.append(f"- the scenario's designers: {card.expected}")
    lines += ["", "**What we change**", ""]
    lessons = list(dict.fromkeys(_lesson(e) for e in events if e.outcome == "escaped"))
    caught_late = [e for e in events if e.outcome == "caught" and e.sla_lost]
    if caught_late:
        lessons.append("The smoke after deploy caught what the build sandbox could not: keep both gates, and ask "
                       "why the environment differs.")
    lines += [f"- {lesson}" for lesson in lessons] or [
        "- Nothing escaped: keep these gates, and write down why they work."]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Command line: python -m mesh_lab.gameday --game DIR start|round|score
# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab.gameday [--game DIR] start --teams A B | round N | score [N] | script TEAM NAME``."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab.gameday", description="Run a Mesh Lab game day.")
    parser.add_argument("--game", help=f"the game folder (default: ${GAME_ENV}, else <workspace>/gameday)")
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start a game")
    start.add_argument("--teams", nargs="+", default=["blue"])
    start.add_argument("--scenario", default="classic")
    commands.add_parser("round", help="open a round").add_argument("number", type=int)
    commands.add_parser("score", help="play and score a round").add_argument("number", type=int, nargs="?")
    script = commands.add_parser("script", help="make a scripted team's moves for the open round")
    script.add_argument("team")
    script.add_argument("name", nargs="?", default="careful")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            game = Game.start(args.game, teams=args.teams, scenario=args.scenario)
            print(f"game started in {game.folder}: teams {', '.join(game.teams)}, round 1 open")
        elif args.command == "round":
            card = Game(args.game).open_round(args.number)
            print(f"round {card.number} open: {card.title}")
        elif args.command == "script":
            moves = TeamDesk(args.team, args.game).play_script(args.name)
            print(f"{args.team}: {len(moves)} scripted moves made")
        else:
            print(repr(Game(args.game).play_round(args.number)))
    except MeshLabError as exc:
        print(f"mesh_lab gameday: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
