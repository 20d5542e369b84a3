"""The learner's path through ``smoke_testing/01``: the answers real learners type, and what they see.

Each test is one thing a careful new user tripped over while playing the notebook in a live kernel:
a wrong answer marked correct, a message that blamed the wrong thing, a hung check that kept eating
the kernel, a figure whose text spilled out of its boxes. Answers are run exactly as the notebook
runs them: the learner's code is executed, then the exercise checks the namespace.
"""

from __future__ import annotations

import html
import threading
import time
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from mesh_lab.exercises import smoke_01 as ex
from mesh_lab.learning.engine import recording
from mesh_lab.service import DEMO_USER, RELEASES

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "smoke_testing" / "01_what_is_smoke_testing.ipynb"


@pytest.fixture(autouse=True)
def _no_progress_records():
    with recording(False):
        yield


def _evaluate(exercise, code: str):
    from mesh_lab.toys import press_power_button, preview_reel

    namespace = {"____": ex.____, "DEMO_USER": DEMO_USER, "FAIL_FAST_CHECKS": ex.FAIL_FAST_CHECKS,
                 "press_power_button": press_power_button, "preview_reel": preview_reel,
                 "SMOKE_CANDIDATES": ex.SMOKE_CANDIDATES, "SMOKE_BUDGET_S": ex.SMOKE_BUDGET_S}
    exec(compile(code, "<learner>", "exec"), namespace)
    return exercise.evaluate(namespace)


def _verdict(exercise, code: str) -> tuple[str, str | None]:
    result = _evaluate(exercise, code)
    return result.status, result.mistake


# 👶 q1: which toys do not turn on? ----------------------------------------------------------------

@pytest.mark.parametrize("code, mistake", [
    ('toys_to_fix = ["Race car", "Music box", "Spaceship"]', "name_not_in_toy_box"),
    ('toys_to_fix = ["racecar", "music box", "spaceship"]', "name_not_in_toy_box"),
    ('toys_to_fix = ["🏎️ race car", "🎵 music box", "🚀 spaceship"]', "name_not_in_toy_box"),
    ('toys_to_fix = "race car, music box, spaceship"', "not_a_list"),
    ('toys_to_fix = ["race car", "music box", "spaceship", "robot"]', "working_toy_listed"),
    ('toys_to_fix = ["race car", "music box", "spaceship", "race car"]', "same_toy_twice"),
    ("toys_to_fix = []", "empty_list"),
    ('toys_to_fix = ["spaceship"]', "missed_two"),
])
def test_a_kid_who_misnames_or_misses_toys_is_told_what_to_do_in_kid_words(code, mistake):
    result = _evaluate(ex.q1, code)
    assert (result.status, result.mistake) == ("incorrect", mistake)
    assert " str" not in result.message, "no Python jargon at the kid level"


# 👶 q7: did the dino pass? ----------------------------------------------------------------------

@pytest.mark.parametrize("code, mistake", [
    ("dino_passed = False", "roar_counts"),
    ('dino_passed = "yes"', "answer_in_quotes"),
    ('dino_passed = "True"', "answer_in_quotes"),
    ("dino_passed = 1", "answer_is_a_number"),
    ("dino_passed = None", "not_true_or_false"),
    ('dino_passed = press_power_button("dino")', "not_true_or_false"),
])
def test_a_kid_who_says_the_dino_failed_or_writes_yes_is_told_why(code, mistake):
    result = _evaluate(ex.q7, code)
    assert (result.status, result.mistake) == ("incorrect", mistake)
    assert " str" not in result.message and "expected" not in result.message, "kid words, no answer given away"


def test_the_dino_passes_with_true():
    assert _verdict(ex.q7, "dino_passed = True") == ("correct", None)


# 🧑‍🎓 q8: which Reels go live broken when you only check the sound? --------------------------------

@pytest.mark.parametrize("code, mistake", [
    ('posted_broken = ["recipe", "pet", "skate", "vlog"]', "muted_reel_listed"),
    ('posted_broken = ["dance", "skate", "vlog"]', "fine_reel_listed"),
    ('posted_broken = ["skate"]', "missed_one"),
    ('posted_broken = ["Skate", "Vlog"]', "unknown_reel"),
    ('posted_broken = ["🛹 skate", "🎒 vlog"]', "unknown_reel"),
    ('posted_broken = "skate, vlog"', "not_a_list"),
    ("posted_broken = []", "empty_list"),
    ('posted_broken = ["skate", "vlog", "skate"]', "same_reel_twice"),
    ("posted_broken = 2", "a_count_not_names"),
    ('posted_broken = ["video", "captions"]', "checks_not_reels"),
])
def test_reels_that_were_caught_or_fine_are_not_counted_as_posted_broken(code, mistake):
    assert _verdict(ex.q8, code) == ("incorrect", mistake)


def test_the_two_reels_whose_problem_nobody_looked_for_are_the_answer_in_any_order():
    assert _verdict(ex.q8, 'posted_broken = ["vlog", "skate"]') == ("correct", None)
    assert _verdict(ex.q8, 'posted_broken = ("skate", "vlog")') == ("correct", None)


# 🧑‍🎓 q2: ready_to_post ------------------------------------------------------------------------------

@pytest.mark.parametrize("body, mistake", [
    ("return not all(preview.values())", "upside_down"),
    ("return True", "always_post"),
    ('return preview["sound"] == preview["video"] == preview["captions"]', "always_post"),
    ("return False", "never_post"),
    ("print(all(preview.values()))", "printed_instead_of_returned"),
    ('return "True" if all(preview.values()) else "False"', "text_not_bool"),
    ('return preview["Sound"] and preview["video"] and preview["captions"]', "wrong_key"),
    ("return preview[sound] and preview[video] and preview[captions]", "keys_without_quotes"),
    ("return preview.sound and preview.video and preview.captions", "dot_instead_of_brackets"),
    ("return all(preview.values)", "values_without_parentheses"),
    ("return all[preview.values()]", "square_brackets_on_a_function"),
    ("if all(preview.values()):\n        return True", "no_return_when_not_ready"),
    ("return preview.values()", "returned_the_checks"),
    ("return [v for v in preview.values() if v]", "returned_the_checks"),
    ("for passed in preview.values():\n        return passed", "first_check_only"),
    ("for passed in preview.values():\n        if not passed:\n            return False\n        return True",
     "first_check_only"),
])
def test_ready_to_post_mistakes_get_their_own_explanation(body, mistake):
    assert _verdict(ex.q2, f"def ready_to_post(preview):\n    {body}\n") == ("incorrect", mistake)


def test_yes_or_no_words_are_not_called_the_text_true():
    result = _evaluate(ex.q2, "def ready_to_post(preview):\n    return 'yes' if all(preview.values()) else 'no'\n")
    assert (result.status, result.mistake) == ("incorrect", "words_not_bool")
    assert '"yes"' in result.message and "True or False" in result.message
    assert 'the text "True"' not in result.message


def test_two_of_three_checks_is_not_blamed_on_the_captions():
    result = _evaluate(ex.q2, "def ready_to_post(preview):\n    return sum(preview.values()) >= 2\n")
    assert (result.status, result.mistake) == ("incorrect", "two_of_three_is_enough")
    assert "2 of 3" in result.message and "not passing" in result.message
    assert "skipped the captions" not in result.message


@pytest.mark.parametrize("body", ["return all(preview)", "return all(preview.keys())",
                                  "return all(check for check in preview)"])
def test_all_of_a_dict_is_explained_as_all_of_its_keys(body):
    result = _evaluate(ex.q2, f"def ready_to_post(preview):\n    {body}\n")
    assert (result.status, result.mistake) == ("incorrect", "all_of_the_keys")
    assert "keys" in result.message and "preview.values()" in result.message


def test_a_function_that_always_says_post_is_still_told_so():
    """``return True`` and ``len(preview) == 3`` never call all(): they are not blamed on the keys."""
    for body in ("return True", "return len(preview) == 3"):
        assert _verdict(ex.q2, f"def ready_to_post(preview):\n    {body}\n") == ("incorrect", "always_post")


def test_one_or_zero_is_not_true_or_false():
    result = _evaluate(ex.q2, "def ready_to_post(preview):\n    return 1 if all(preview.values()) else 0\n")
    assert (result.status, result.mistake) == ("incorrect", "number_not_bool")
    assert "expected" not in result.message


def test_an_answer_that_fits_the_fixed_previews_but_not_the_idea_is_caught_on_a_generated_one():
    """The fixed cases never try “only the captions work”; a generated preview does, and is shown whole."""
    body = ('return (preview["sound"] and preview["video"] and preview["captions"]) or '
            '(not preview["sound"] and not preview["video"] and preview["captions"])')
    result = _evaluate(ex.q2, f"def ready_to_post(preview):\n    {body}\n")
    assert result.status == "incorrect", result.message
    assert "{'sound': False, 'video': False, 'captions': True}" in result.message, result.message


@pytest.mark.parametrize("body", ['return all(preview.values())', 'return sum(preview.values()) == 3',
                                  'return preview.get("sound") and preview.get("video") and preview.get("captions")',
                                  'return False not in preview.values()'])
def test_right_answers_written_other_ways_are_right(body):
    assert _verdict(ex.q2, f"def ready_to_post(preview):\n    {body}\n") == ("correct", None)


def test_not_all_is_not_blamed_on_any():
    result = _evaluate(ex.q2, "def ready_to_post(preview):\n    return not all(preview.values())\n")
    assert "any" not in result.message.split("not")[0], result.message


def test_a_ready_to_post_that_loops_forever_is_stopped_within_seconds():
    started = time.perf_counter()
    result = _evaluate(ex.q2, "def ready_to_post(preview):\n    while True:\n        pass\n")
    assert result.status == "error" and "still running" in result.message
    assert time.perf_counter() - started < 4.0, "a dict lookup never needs 10 s"


# 👨‍💻 q3: health check, smoke test or regression suite ----------------------------------------------

@pytest.mark.parametrize("code, mistake", [
    ('tiers = {"a": "health", "b": "smoke", "c": "regression", "d": "health", "e": "smoke"}', "not_a_tier_name"),
    ('tiers = {"a": "Health check", "b": "Smoke test", "c": "Regression suite", "d": "Health check", '
     '"e": "Smoke test"}', "not_a_tier_name"),
    ('tiers = {"a": "health check", "b": "smoke test", "c": "regression suite", "d": "health check", '
     '"e": "regression suite"}', "journey_check_is_regression"),
    ('tiers = {"a": "health check", "b": "regression suite", "c": "regression suite", "d": "health check", '
     '"e": "smoke test"}', "journey_check_is_regression"),
    ('tiers = {"a": "health check", "b": "smoke test", "c": "health check", "d": "health check", '
     '"e": "smoke test"}', "long_suite_is_smoke"),
    ('tiers = {"a": "health check", "b": "smoke test", "c": "regression suite", "d": "regression suite", '
     '"e": "smoke test"}', "probe_is_smoke"),
])
def test_tier_labels_that_are_misspelt_or_misplaced_are_explained(code, mistake):
    assert _verdict(ex.q3, code) == ("incorrect", mistake)


# 👨‍💻 q4: fail-fast order ----------------------------------------------------------------------------

def test_a_set_has_no_order_so_it_cannot_be_a_fail_fast_order():
    status, mistake = _verdict(ex.q4, 'smoke_order = {"boot", "health", "db", "login_dashboard"}')
    assert (status, mistake) == ("incorrect", "set_has_no_order")


@pytest.mark.parametrize("code, mistake", [
    ('smoke_order = "boot, health, db, login_dashboard"', "not_a_list"),
    ('smoke_order = ["app boots", "health is green", "database reachable", "login → dashboard"]',
     "unknown_check_name"),
    ('smoke_order = ["Boot", "Health", "DB", "Login_dashboard"]', "unknown_check_name"),
    ('smoke_order = ["boot", "login_dashboard", "health", "db"]', "journey_before_its_needs"),
    ('smoke_order = ["boot", "health", "login_dashboard", "db"]', "journey_before_its_needs"),
    ('smoke_order = ["boot", "boot", "health", "db"]', "each_check_once"),
])
def test_fail_fast_answers_that_are_not_orders_of_the_four_checks_are_explained(code, mistake):
    assert _verdict(ex.q4, code) == ("incorrect", mistake)


def test_a_tuple_in_the_right_order_is_still_right():
    assert _verdict(ex.q4, 'smoke_order = ("boot", "health", "db", "login_dashboard")') == ("correct", None)


# 👨‍💻 q5: what belongs in a smoke suite ----------------------------------------------------------------

@pytest.mark.parametrize("code, mistake", [
    ('smoke_suite = {"boot", "health", "db", "login"}', "unknown_candidate"),
    ('smoke_suite = {"boot", "health", "db connect", "login api"}', "unknown_candidate"),
    ("smoke_suite = {}", "empty_suite"),
    ("smoke_suite = set()", "empty_suite"),
    ('smoke_suite = {"boot", "health", "login_api"}', "missing_db_check"),
    ('smoke_suite = {"health", "db_connect", "login_api"}', "missing_boot"),
    ('smoke_suite = {"boot", "db_connect", "login_api"}', "missing_health"),
])
def test_suites_with_misspelt_or_missing_checks_are_not_blamed_on_the_journey(code, mistake):
    result = _evaluate(ex.q5, code)
    assert (result.status, result.mistake) == ("incorrect", mistake)
    assert "broken_login sails through" not in result.message


@pytest.mark.parametrize("code, missing, not_blamed", [
    ('smoke_suite = {"health", "db_connect", "login_api"}', "no boot check", "database"),
    ('smoke_suite = {"boot", "db_connect", "login_api"}', "no health check", "database"),
    ('smoke_suite = {"boot", "health", "login_api"}', "no database check", "boot check"),
])
def test_a_suite_missing_one_basic_check_is_told_which_one(code, missing, not_blamed):
    message = _evaluate(ex.q5, code).message
    assert missing in message and not_blamed not in message, message


# 👨‍💻 q6: the smoke check that catches broken_login ---------------------------------------------------

JOURNEY = (
    "def check_login_journey(target):\n"
    '    login = target.post("/login", json={login_json})\n'
    "    assert login.status == {status}, f\"login answered {{login.status}}\"\n"
    '    token = login.json()["token"]\n'
    '    dashboard = target.get("{dashboard}", headers={headers})\n'
    '    assert dashboard.status == 200, f"dashboard answered {{dashboard.status}}"\n'
)
GOOD = {"login_json": "DEMO_USER", "status": "200", "dashboard": "/dashboard",
        "headers": '{"Authorization": f"Bearer {token}"}'}


@pytest.mark.parametrize("change, mistake", [
    ({"headers": '{"Authorization": token}'}, "token_without_bearer"),
    ({"headers": 'f"Bearer {token}"'}, "headers_not_a_dict"),
    ({"status": '"200"'}, "status_as_text"),
    ({"dashboard": "/dashbaord"}, "unknown_path"),
    ({"login_json": '{"user": "ada", "password": "secret"}'}, "wrong_test_account"),
])
def test_a_journey_check_with_one_slip_is_told_which_slip(change, mistake):
    assert _verdict(ex.q6, JOURNEY.format(**{**GOOD, **change})) == ("incorrect", mistake)


@pytest.mark.parametrize("code, mistake", [
    ("def check_login_journey(target):\n    login = target.post('/login', json=DEMO_USER)\n"
     "    return login.status == 200\n", "never_opened_dashboard"),
    ("def check_login_journey(target):\n    login = target.post('/login', json=DEMO_USER)\n"
     "    assert login.status == 200, f'login answered {login.status}'\n", "never_opened_dashboard"),
    ("def check_login_journey(target):\n    login = target.get('/login')\n"
     "    assert login.status == 200, f'login answered {login.status}'\n", "get_instead_of_post"),
])
def test_a_check_that_stops_after_login_or_gets_login_is_explained(code, mistake):
    assert _verdict(ex.q6, code) == ("incorrect", mistake)


def _spinning_checks() -> list[threading.Thread]:
    time.sleep(0.3)
    return [t for t in threading.enumerate() if t.name.startswith("smoke-check:") and t.is_alive()]


def test_a_check_that_loops_forever_is_reported_once_and_stopped():
    started = time.perf_counter()
    result = _evaluate(ex.q6, "def check_login_journey(target):\n    while True:\n        pass\n")
    elapsed = time.perf_counter() - started
    assert result.status == "incorrect" and "still running" in result.message, result.message
    assert elapsed < 6.0, f"one timeout is enough to tell; the answer took {elapsed:.1f} s"
    assert _spinning_checks() == [], "a spinning check would slow the learner's kernel until restart"


def test_check_outcome_on_a_check_with_blanks_says_fill_them_in_and_starts_nothing(monkeypatch):
    from mesh_lab import service as service_module

    started = []
    monkeypatch.setattr(service_module.DemoService, "start", lambda self: started.append(self) or self)
    namespace = {"____": ex.____}
    exec(ex.q6.starter, namespace)
    outcome = ex.check_outcome(namespace["check_login_journey"], "healthy")
    assert outcome.status == "not attempted" and "____" in outcome.message
    assert started == []


# the notebook ---------------------------------------------------------------------------------------

def _notebook():
    import nbformat

    return nbformat.read(NOTEBOOK, as_version=4)


def test_the_release_table_shows_every_description_in_full():
    cells = [c.source for c in _notebook().cells if c.cell_type == "code"]
    table_cell = next(s for s in cells if "RELEASES" in s and "pd." in s and "import" not in s)
    namespace: dict = {}
    try:
        exec(cells[0], namespace)
        shown = eval(table_cell, namespace)._repr_html_()
    finally:
        pd.reset_option("display.max_colwidth")
    for description in RELEASES.values():
        assert html.escape(description, quote=False) in shown, f"cut short: {description}"


def test_the_notebook_lets_the_learner_run_check_outcome():
    sources = [c.source for c in _notebook().cells if c.cell_type == "code"]
    assert any(s.strip().startswith("check_outcome(check_login_journey") for s in sources)


# pictures ---------------------------------------------------------------------------------------------

def test_every_text_of_the_tiers_figure_stays_inside_its_box_and_the_figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from mesh_lab.plots import smoke as ps

    fig = ps.tiers_figure()
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [p.get_window_extent(renderer) for p in ax.patches]
    figure_box = fig.bbox
    for text in ax.texts:
        extent = text.get_window_extent(renderer)
        assert figure_box.x0 <= extent.x0 and extent.x1 <= figure_box.x1, f"clipped: {text.get_text()!r}"
        inside = [b for b in boxes if b.contains(*extent.min) or b.contains(*extent.max)
                  or b.contains((extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2)]
        for box in inside:
            assert box.x0 <= extent.x0 and extent.x1 <= box.x1, f"spills out of its box: {text.get_text()!r}"
    plt.close(fig)


def test_a_reel_posted_with_a_skipped_problem_is_not_drawn_as_a_green_post():
    from matplotlib.colors import to_hex

    from mesh_lab.plots import smoke as ps
    from mesh_lab.toys import preview_reel

    fig = ps.reel_figure(preview_reel("pet", checks=["video"]))
    texts = [t.get_text() for t in fig.axes[0].texts]
    colors = [to_hex(p.get_facecolor()) for p in fig.axes[0].patches]
    assert "POST" not in texts and any("BROKEN" in t for t in texts), texts
    assert texts.count("!") == 2, "the two problems the preview skipped are marked as missed"
    assert colors.count(ps.STATUS_COLORS["pass"]) == 1, "only the video check that passed is green"


def test_the_timeline_says_what_happened_when_nothing_was_deployed():
    from mesh_lab.pipeline import run_pipeline
    from mesh_lab.plots.pipeline import timeline_figure

    fig = timeline_figure(run_pipeline("broken_login"))
    ax = fig.axes[0]
    assert "healthy" in ax.get_title(loc="left") and "stays live" in ax.get_title(loc="left")
    assert any("nothing to undo" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_the_timeline_says_roll_back_when_a_deploy_was_undone():
    from mesh_lab.pipeline import run_pipeline
    from mesh_lab.plots.pipeline import timeline_figure

    fig = timeline_figure(run_pipeline("db_unreachable"))
    assert "roll back to 'healthy'" in fig.axes[0].get_title(loc="left")
    plt.close(fig)


# widgets ------------------------------------------------------------------------------------------------

def test_a_health_only_promote_warns_that_nobody_walked_the_journey():
    from mesh_lab.widgets.smoke import deploy_console

    console = deploy_console("broken_login", gate="health")
    console.deploy()
    assert console.result.promoted
    assert "login" in console.status.value and "not" in console.status.value


@pytest.mark.parametrize("reel, checks, words", [
    ("pet", [], "You skipped those checks"),
    ("recipe", ["video"], "You skipped that check"),
    ("dance", [], "You checked nothing and got lucky"),
    ("dance", ["sound"], "You skipped 2 checks and got lucky"),
])
def test_reel_messages_count_the_skipped_checks(reel, checks, words):
    from mesh_lab.toys import preview_reel

    assert words in preview_reel(reel, checks).message


def test_a_reel_preview_with_checks_that_are_not_a_list_is_a_clear_error():
    from mesh_lab.errors import MeshLabError
    from mesh_lab.toys import preview_reel

    with pytest.raises(MeshLabError, match="list of check names"):
        preview_reel("dance", 5)


@pytest.mark.parametrize("make, words", [
    (lambda ws: ws.toy_switch(), "press_power_button("),
    (lambda ws: ws.reel_preview("pet"), "preview_reel("),
    (lambda ws: ws.deploy_console("healthy"), "run_pipeline("),
])
def test_a_widget_reads_as_text_where_widgets_cannot_show(make, words):
    from mesh_lab.widgets import smoke as ws

    bundle = make(ws)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    text = bundle["text/plain"]
    assert "children=" not in text and words in text, text


def test_the_deploy_console_as_text_gives_the_decision_after_a_deploy():
    from mesh_lab.widgets.smoke import deploy_console

    console = deploy_console("broken_login")
    console.deploy()
    assert "ROLLBACK" in console._repr_mimebundle_()["text/plain"]


def test_the_tier_scenarios_are_shown_as_a_readable_table_in_full():
    from mesh_lab.exercises.smoke_01 import TIER_SCENARIOS

    cells = [c.source for c in _notebook().cells if c.cell_type == "code"]
    shown_cell = next(s for s in cells if "TIER_SCENARIOS" in s and "import" not in s)
    namespace: dict = {}
    try:
        exec(cells[0], namespace)
        shown = eval(shown_cell, namespace)
        assert isinstance(shown, pd.DataFrame), "a table, not a dict printed on a few long lines"
        page = shown._repr_html_()
    finally:
        pd.reset_option("display.max_colwidth")
    for key, scenario in TIER_SCENARIOS.items():
        assert html.escape(scenario, quote=False) in page, f"scenario {key} cut short"


def test_each_toy_of_the_toy_box_is_drawn_with_its_own_shape():
    from mesh_lab.plots.smoke import toy_figure
    from mesh_lab.toys import TOYS, press_power_button

    def shape(name):
        fig = toy_figure(press_power_button(name))
        return tuple(sorted(type(p).__name__ for p in fig.axes[0].patches))

    shapes = {name: shape(name) for name in TOYS}
    assert len(set(shapes.values())) == len(TOYS), f"a kid who picks the race car should not see a robot: {shapes}"


# the release matrix, as a browser shows it ------------------------------------------------------------

def _matrix() -> pd.DataFrame:
    return pd.DataFrame(
        {"app boots": ["pass", "fail", "pass"], "health is green": ["pass", "skipped", "fail"],
         "database reachable": ["pass", "skipped", "skipped"], "login → dashboard": ["pass", "skipped", "error"]},
        index=pd.Index(["healthy", "fails_to_boot", "missing_migration"], name="release"))


def _cells_and_texts(fig):
    from matplotlib.colors import to_hex

    ax = fig.axes[0]
    faces = {(round(p.get_x() + 0.5, 1), round(p.get_y() + 0.5, 1)): to_hex(p.get_facecolor()) for p in ax.patches}
    return [(t, faces[(round(t.get_position()[0], 1), round(t.get_position()[1], 1))]) for t in ax.texts]


@pytest.mark.parametrize("skipped_colour", [None, "#9e9e9e", "#f6f8fa"])
def test_every_status_in_the_release_matrix_reads_at_wcag_aa_contrast(monkeypatch, skipped_colour):
    """“skipped” was white on light grey (#9e9e9e); the text colour now follows the cell, whatever the palette."""
    from matplotlib.colors import to_hex

    from mesh_lab.plots import smoke as ps

    if skipped_colour:
        monkeypatch.setitem(ps.STATUS_COLORS, "skipped", skipped_colour)
    fig = ps.release_matrix_figure(_matrix())
    pairs = _cells_and_texts(fig)
    assert len(pairs) == 12
    for text, face in pairs:
        ratio = ps.contrast_ratio(to_hex(text.get_color()), face)
        assert ratio >= 4.5, f"{text.get_text()!r}: {text.get_color()} on {face} has contrast {ratio:.1f}"


def test_the_release_matrix_text_is_at_least_12_px_in_a_figure_jupyterlab_shows_unscaled():
    from mesh_lab.plots import smoke as ps
    from mesh_lab.smoke import release_matrix

    fig = ps.release_matrix_figure(release_matrix(fail_fast=True))
    ax = fig.axes[0]
    texts = list(ax.texts) + ax.get_xticklabels() + ax.get_yticklabels()
    smallest_px = min(t.get_fontsize() * fig.dpi / 72 for t in texts)
    assert smallest_px >= 12, f"smallest text {smallest_px:.1f} px (the browser showed 10.8 px captions)"
    width_px = fig.get_figwidth() * fig.dpi
    assert width_px <= ps.MAX_FIGURE_PX, f"{width_px:.0f} px wide: JupyterLab would shrink it, text included"


# what the default suite says -----------------------------------------------------------------------------

def test_fail_fast_names_the_failing_dependency_on_db_unreachable():
    """The notebook promises that fail-fast names the real cause: here, the database, not only “503”."""
    from mesh_lab.smoke import smoke_release

    run = smoke_release("db_unreachable")
    first = run.first_failure
    assert first.name == "health is green"
    assert "/health answered 503" in first.message and "database check failed" in first.message, first.message
    assert "cannot open the database" in first.message


def test_a_health_answer_without_checks_still_says_what_it_reported():
    from mesh_lab.smoke import _why_unhealthy

    assert _why_unhealthy({"status": "fail", "output": "warming up"}) == "status 'fail', warming up"
    assert _why_unhealthy({"status": "fail", "checks": {"cache:hits": [{"status": "pass"}]}}) == "status 'fail'"
    assert _why_unhealthy(["not", "a", "dict"]) == "its body is not a health answer"
    two = {"checks": {"database:responseTime": [{"status": "fail", "componentId": "orders-db"}],
                      "queue:depth": [{"status": "fail", "output": "broker down"}]}}
    assert _why_unhealthy(two) == "database check failed (orders-db); queue check failed (broker down)"


def test_the_boot_check_states_the_wait_the_notebook_states():
    """The notebook says the boot check gives the app 1 s; the suite listing shows its 2 s timeout too."""
    from mesh_lab.smoke import BOOT_WAIT_S, default_suite

    boot = default_suite().checks[0]
    listing = repr(default_suite())
    assert f"gets {BOOT_WAIT_S:g} s to answer /version" in boot.description
    assert f"timeout {boot.timeout:g} s" in listing and f"the {boot.timeout:g} s timeout" in listing
