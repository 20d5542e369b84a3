"""The game day: a whole scripted scenario played end to end, its scores checked, its folders kept apart."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from mesh_lab import gameday
from mesh_lab.gameday import Game, GameError, TeamDesk, load_scenario
from mesh_lab.mesh import sample_mesh
from mesh_lab.paths import PROJECT_ROOT

SCENARIO = load_scenario("classic")
R = SCENARIO.round_minutes
PROMISES = 5  # payments, catalog, logistics, analytics, and the service


def _snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """Two teams play all three rounds: blue follows the careful script, red the hasty one."""
    workspace = tmp_path_factory.mktemp("workspace")
    folder = tmp_path_factory.mktemp("game") / "classic"
    before = {name: _snapshot(PROJECT_ROOT / name) for name in ("data", "notebooks")}
    old = os.environ.get("MESH_LAB_WORKSPACE")
    os.environ["MESH_LAB_WORKSPACE"] = str(workspace)
    try:
        game = Game.start(folder, teams=["blue", "red"])
        results = {}
        for card in SCENARIO.rounds:
            game.open_round(card.number)
            TeamDesk("blue", folder).play_script("careful")
            TeamDesk("red", folder).play_script("hasty")
            results[card.number] = game.play_round(card.number)
    finally:
        if old is None:
            os.environ.pop("MESH_LAB_WORKSPACE")
        else:
            os.environ["MESH_LAB_WORKSPACE"] = old
    after = {name: _snapshot(PROJECT_ROOT / name) for name in ("data", "notebooks")}
    return {"game": game, "folder": folder, "results": results, "workspace": workspace,
            "before": before, "after": after}


def _row(played, number: int, team: str) -> dict:
    board = played["results"][number].board
    return board[board["team"] == team].iloc[0].to_dict()


def _downstream(product: str) -> int:
    return len(sample_mesh().downstream(product))


# The expected scores, computed from the card and the rules, not read from the code's output:
# an escaped incident at minute m costs (R - m) SLA minutes on the product and on each consumer
# downstream (or on the service); a release caught after it went live costs the rollback's minutes.
def _expected():
    rb = gameday.ROLLBACK_MINUTES
    d = gameday.DETECT_MINUTES
    catalog_down = _downstream("catalog.products")
    payments_down = _downstream("payments.transactions")
    return {
        (1, "blue"): dict(sla=PROMISES * R, broken=0, caught=2, escaped=0,
                          detect=(d["data smoke"] + d["smoke after build"]) / 2),
        (1, "red"): dict(sla=PROMISES * R - (R - 10) * (1 + payments_down) - (R - 20),
                         broken=payments_down, caught=0, escaped=2, detect=((R - 10) + (R - 20)) / 2),
        (2, "blue"): dict(sla=PROMISES * R - rb, broken=0, caught=3, escaped=0,
                          detect=(d["council review"] + d["data smoke"] + d["smoke after deploy"]) / 3),
        (2, "red"): dict(sla=PROMISES * R - (R - 5) * catalog_down - (R - 15) * (1 + catalog_down) - rb,
                         broken=2 * catalog_down, caught=1, escaped=2,
                         detect=((R - 5) + (R - 15) + d["smoke after deploy"]) / 3),
        (3, "blue"): dict(sla=PROMISES * R - rb, broken=0, caught=2, escaped=0,
                          detect=(d["full validation"] + d["smoke after deploy"]) / 2),
        (3, "red"): dict(sla=PROMISES * R - (R - 5) * (1 + _downstream("logistics.delivery_events")) - (R - 40),
                         broken=0, caught=0, escaped=2, detect=((R - 5) + (R - 40)) / 2),
    }


@pytest.mark.parametrize(("number", "team"), [(n, t) for n in (1, 2, 3) for t in ("blue", "red")])
def test_the_scoreboard_of_a_scripted_scenario_is_what_the_rules_say(played, number, team):
    want = _expected()[(number, team)]
    got = _row(played, number, team)
    assert got["sla_minutes_possible"] == PROMISES * R
    assert (got["sla_minutes_met"], got["consumers_broken"], got["caught"], got["escaped"]) == (
        want["sla"], want["broken"], want["caught"], want["escaped"]), got
    assert got["time_to_detect_min"] == pytest.approx(round(want["detect"], 1))


def test_the_numbers_are_not_trivially_equal(played):
    board = played["game"].scoreboard()
    assert len(board) == 6 and list(board.columns) == gameday.SCORE_COLUMNS
    blue, red = board[board.team == "blue"], board[board.team == "red"]
    assert blue.sla_minutes_met.sum() > red.sla_minutes_met.sum()
    assert red.escaped.sum() == 6 and blue.escaped.sum() == 0


def test_the_log_says_which_gate_caught_what(played):
    blue3 = {e.gate: e for e in played["results"][3].logs["blue"] if e.outcome}
    assert set(blue3) == {"full validation", "smoke after deploy"}
    red3 = [e for e in played["results"][3].logs["red"] if e.outcome]
    duplicates = next(e for e in red3 if "duplicates" in e.what)
    assert duplicates.outcome == "escaped" and "data smoke passed" in duplicates.what
    red2 = [e for e in played["results"][2].logs["red"] if e.what.startswith("shipped a breaking change")]
    assert red2 and red2[0].consumers == ["analytics.daily_revenue"]


def test_the_platform_gate_set_in_round_one_still_holds_in_round_two(played):
    caught = next(e for e in played["results"][2].logs["blue"] if "renamed column" in e.what)
    assert caught.outcome == "caught" and "through gate 'smoke'" in caught.what


def test_the_debrief_is_blameless_and_has_its_three_parts(played):
    text = played["results"][1].debrief("red")
    for part in ("**What happened**", "**What we expected**", "**What we change**", "Blameless"):
        assert part in text
    assert "it worked on staging" in text  # the team's own expectation is quoted
    assert "Deploy every release through the smoke gate" in text
    assert "Nothing escaped" in played["results"][1].debrief("blue")
    with pytest.raises(GameError, match="no team 'green'"):
        played["results"][1].debrief("green")


def test_results_are_written_in_the_master_folder(played):
    result = json.loads((played["folder"] / "master" / "round-2" / "result.json").read_text(encoding="utf-8"))
    assert [s["team"] for s in result["scores"]] == ["blue", "red"]
    assert set(result["logs"]) == {"blue", "red"}


def test_nothing_is_written_outside_the_game_folder(played):
    assert played["before"] == played["after"], "the game wrote into data/ or notebooks/"
    left = [p for p in played["workspace"].rglob("*") if p.is_file()]
    assert not left, f"the game left files in the workspace: {left}"
    written = [p for p in played["folder"].rglob("*") if p.is_file()]
    assert written and all(p.is_relative_to(played["folder"]) for p in written)
    assert not [p for p in written if p.name.endswith(".tmp")], "a temporary file was left behind"


def test_same_seed_same_game(played, tmp_path, monkeypatch):
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(tmp_path / "ws"))
    again = Game.start(tmp_path / "again", teams=["blue", "red"])
    TeamDesk("blue", again.folder).play_script("careful")
    TeamDesk("red", again.folder).play_script("hasty")
    again.play_round(1)
    first = (played["folder"] / "master" / "round-1").rglob("*")
    for path in sorted(p for p in first if p.is_file()):
        twin = again.folder / path.relative_to(played["folder"])
        assert twin.read_bytes() == path.read_bytes(), f"{path.name} differs between two runs of one seed"


def test_another_seed_breaks_the_data_another_way(tmp_path, monkeypatch):
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(tmp_path / "ws"))
    texts = []
    for seed in (7, 8):
        game = Game.start(tmp_path / f"seed{seed}", teams=["blue"], seed=seed)
        game.open_round(3)
        TeamDesk("blue", game.folder).play_script("hasty")
        game.play(game.teams[0], 3)
        texts.append((game.folder / "master" / "round-3" / "blue" / "logistics.delivery_events.csv").read_text())
    assert texts[0] != texts[1]


# --------------------------------------------------------------------------------------------------
# Teams on one server: each team's moves in its own folder
# --------------------------------------------------------------------------------------------------

@pytest.fixture
def two_teams(tmp_path):
    game = Game.start(tmp_path / "game", teams=["blue", "red"])
    return game, TeamDesk("blue", game.folder), TeamDesk("red", game.folder)


def test_two_teams_do_not_see_each_others_moves(two_teams):
    game, blue, red = two_teams
    blue.move("payments", "publish", product="payments.transactions", gate="smoke", minute=10)
    red.move("on_call", "deploy", release="broken_login", gate="none", minute=20)
    assert [m["role"] for m in blue.moves()] == ["payments"]
    assert [m["role"] for m in red.moves()] == ["on_call"]
    blue_files = list((game.folder / "teams" / "blue").rglob("*.json"))
    assert blue_files and not any("broken_login" in p.read_text() for p in blue_files)
    assert [m["move"] for m in game.team_moves("blue", 1)] == ["publish"]
    assert [m["move"] for m in game.team_moves("red", 1)] == ["deploy"]


def test_a_team_sees_the_story_but_never_the_incidents(two_teams):
    _, blue, _ = two_teams
    card = blue.card()
    assert card["title"] == "Ship it" and "incidents" not in card
    assert "stale" not in json.dumps(card) and "broken_login" not in json.dumps(card)


def test_a_role_desk_writes_only_its_role_and_people_do_not_overwrite_each_other(two_teams):
    game, _, _ = two_teams
    payments = TeamDesk("blue", game.folder, role="payments")
    on_call = TeamDesk("blue", game.folder, role="on_call")
    payments.move("payments", "publish", product="payments.transactions", gate="smoke")
    on_call.move("on_call", "deploy", release="broken_login")
    assert {m["role"] for m in game.team_moves("blue", 1)} == {"payments", "on_call"}
    with pytest.raises(GameError, match="this desk plays 'payments'"):
        payments.move("on_call", "deploy", release="healthy")
    assert payments.card()["moves"] == {"payments": ["publish"]}


def test_a_solo_team_on_a_laptop_can_start_and_reopen_its_own_game(tmp_path):
    first = Game.open_or_start(tmp_path / "g", teams=["blue"])
    again = Game.open_or_start(tmp_path / "g", teams=["blue"])
    assert again.folder == first.folder and TeamDesk("blue", tmp_path / "g").solo
    with pytest.raises(GameError, match="holds another game"):
        Game.open_or_start(tmp_path / "g", teams=["green"])


def test_the_game_folder_comes_from_the_argument_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(gameday.GAME_ENV, str(tmp_path / "from-env"))
    assert gameday.game_folder() == tmp_path / "from-env"
    assert gameday.game_folder(tmp_path / "given") == tmp_path / "given"
    monkeypatch.delenv(gameday.GAME_ENV)
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(tmp_path / "ws"))
    assert gameday.game_folder() == tmp_path / "ws" / "gameday"


# --------------------------------------------------------------------------------------------------
# Bad moves, bad folders, bad scenarios: clear errors
# --------------------------------------------------------------------------------------------------

BAD_MOVES = [
    ({"role": "ceo", "move": "publish"}, "unknown role 'ceo'"),
    ({"role": "payments", "move": "dance"}, "unknown move 'dance'"),
    ({"role": "payments", "move": "evolve", "product": "payments.transactions", "change": {"add_column": "x"}},
     "payments cannot evolve in this round"),
    ({"role": "payments", "move": "publish", "product": "catalog.products"}, "only its own product"),
    ({"role": "payments", "move": "publish", "product": "payments.transactions", "gate": "maybe"},
     "publish gate='maybe'"),
    ({"role": "payments", "move": "publish", "product": "payments.transactions", "minute": 60}, "minute=60"),
    ({"role": "on_call", "move": "deploy", "release": "shiny"}, "unknown release 'shiny'"),
    ({"role": "on_call", "move": "deploy", "release": "healthy", "gate": "pray"}, "deploy gate='pray'"),
    ({"role": "platform", "move": "set_gate", "gate": "platform"}, "choose none, smoke or full"),
]


@pytest.mark.parametrize(("move", "message"), BAD_MOVES, ids=[m for _, m in BAD_MOVES])
def test_a_bad_move_is_a_clear_error_and_is_not_written(two_teams, move, message):
    _, blue, _ = two_teams
    with pytest.raises(GameError, match=message.replace("(", r"\(").replace(")", r"\)")):
        blue.move(**move)
    assert blue.moves() == []


BAD_CHANGES = [
    ({"drop_column": "colour"}, "has no column 'colour'"),
    ({"add_column": "sku"}, "already has a column 'sku'"),
    ({"rename_column": {"column": "sku"}}, "rename_column needs"),
    ({"tighten_minimum": {"column": "unit_price"}}, "tighten_minimum needs"),
    ({"drop_column": "sku", "add_column": "x"}, "give one change"),
]


@pytest.mark.parametrize(("change", "message"), BAD_CHANGES, ids=[m for _, m in BAD_CHANGES])
def test_a_bad_contract_change_is_a_clear_error(two_teams, change, message):
    game, blue, _ = two_teams
    game.open_round(2)
    with pytest.raises(GameError, match=message):
        blue.move("catalog", "evolve", product="catalog.products", change=change)


def test_a_desk_refuses_a_round_that_is_not_open(two_teams):
    _, blue, _ = two_teams
    with pytest.raises(GameError, match="wait for the game master"):
        blue.play_script("careful", 2)


def test_bad_teams_and_folders_are_clear_errors(tmp_path, two_teams):
    game, _, _ = two_teams
    with pytest.raises(GameError, match="team 'green' is not in the game"):
        TeamDesk("green", game.folder)
    with pytest.raises(GameError, match="team name 'Blue Team'"):
        TeamDesk("Blue Team", game.folder)
    with pytest.raises(GameError, match="has the game master started"):
        TeamDesk("blue", tmp_path / "nowhere")
    with pytest.raises(GameError, match="already holds a game"):
        Game.start(game.folder)
    with pytest.raises(GameError, match="different team names"):
        Game.start(tmp_path / "g2", teams=["a", "a"])
    with pytest.raises(GameError, match="not round 9"):
        game.open_round(9)


def test_a_hand_edited_moves_file_is_refused_by_the_game_master(two_teams):
    game, blue, _ = two_teams
    blue.move("payments", "publish", product="payments.transactions", gate="smoke")
    path = game.folder / "teams" / "blue" / "round-1" / "payments.json"
    document = json.loads(path.read_text())
    document["moves"][0]["gate"] = "magic"
    path.write_text(json.dumps(document))
    with pytest.raises(GameError, match="payments.json: publish gate='magic'"):
        game.team_moves("blue", 1)
    path.write_text("{not json")
    with pytest.raises(GameError, match="not a readable moves file"):
        game.team_moves("blue", 1)


def test_a_scenario_with_an_unknown_fault_names_its_file_and_round(tmp_path):
    text = (gameday.SCENARIOS_DIR / "classic.yaml").read_text(encoding="utf-8").replace(
        "fault: stale data", "fault: gremlins")
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(GameError, match="bad.yaml round 1: incident .*gremlins"):
        load_scenario(tmp_path / "bad.yaml")
    with pytest.raises(GameError, match="no scenario 'nope'; shipped scenarios: classic"):
        load_scenario("nope")


def test_every_shipped_scenario_loads_and_its_scripts_are_legal_moves():
    for name in gameday.scenario_names():
        scenario = load_scenario(name)
        for script in scenario.scripts:
            for card in scenario.rounds:
                for move in scenario.script(script, card.number):
                    gameday.check_move(move, card, scenario.round_minutes)


def test_the_scenario_ships_as_package_data():
    text = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"scenarios/*.yaml"' in text


# --------------------------------------------------------------------------------------------------
# The command line and the picture
# --------------------------------------------------------------------------------------------------

def test_the_command_line_plays_a_round(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(tmp_path / "ws"))
    folder = str(tmp_path / "cli")
    assert gameday.main(["--game", folder, "start", "--teams", "blue"]) == 0
    assert gameday.main(["--game", folder, "script", "blue", "careful"]) == 0
    assert gameday.main(["--game", folder, "score", "1"]) == 0
    out = capsys.readouterr().out
    assert "Round 1 — Ship it" in out and "blue" in out
    assert gameday.main(["--game", folder, "start"]) == 2
    assert "already holds a game" in capsys.readouterr().err


def test_the_scoreboard_picture_has_a_bar_per_team_per_score(played):
    import matplotlib

    matplotlib.use("Agg")
    from mesh_lab.plots.gameday import SCORES, scoreboard_figure

    board = played["results"][1].board
    figure = scoreboard_figure(board, "Round 1")
    assert len(figure.axes) == len(SCORES)
    for ax, (column, _, _) in zip(figure.axes, SCORES, strict=True):
        assert [b.get_height() for b in ax.patches] == list(board[column].astype(float))
    with pytest.raises(ValueError, match="play a round first"):
        scoreboard_figure(pd.DataFrame(columns=gameday.SCORE_COLUMNS))
