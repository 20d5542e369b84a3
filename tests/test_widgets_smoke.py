"""The smoke-testing widgets: the pure functions decide, the widgets show it, and every callback runs
headless (set a value, click the button). The deploy console runs the real pipeline and leaves nothing
running."""

from __future__ import annotations

import threading

import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesh_lab import report, toys
from mesh_lab.errors import MeshLabError
from mesh_lab.widgets import smoke as ws

PNG_MAGIC = b"\x89PNG"


# 👶 the toy ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(toys.TOYS))
def test_a_toy_turns_on_exactly_when_its_battery_is_full_and_its_wires_are_ok(name):
    toy = toys.TOYS[name]
    result = toys.press_power_button(name)
    assert result.toy is toy
    assert result.turns_on == (toy.battery == "full" and toy.wires_ok)


def test_the_toy_box_has_toys_that_do_not_turn_on_and_one_with_a_hidden_problem():
    results = {name: toys.press_power_button(name) for name in toys.TOYS}
    assert {n for n, r in results.items() if not r.turns_on} == {"race car", "music box", "spaceship"}
    dino = results["dino"]
    assert dino.turns_on and toys.TOYS["dino"].hidden_problem, "the smoke test cannot see the dino's stuck roar"


@pytest.mark.parametrize("battery, wires_ok, words", [
    ("empty", True, "battery is empty"),
    ("missing", True, "no battery"),
    ("full", False, "wire"),
])
def test_a_dark_toy_says_why_and_what_to_do(battery, wires_ok, words):
    toy = toys.Toy("test toy", "🧸", "#ffffff", battery=battery, wires_ok=wires_ok)
    result = toys.press_power_button(toy)
    assert not result.turns_on
    assert words in result.reason and "first" in result.reason


def test_unknown_toy_or_bad_battery_is_a_clear_error():
    with pytest.raises(MeshLabError, match="no toy called 'teddy'.*'robot'"):
        toys.press_power_button("teddy")
    with pytest.raises(MeshLabError, match="battery must be one of full, empty, missing"):
        toys.Toy("x", "🧸", "#fff", battery="half")


def test_power_result_reads_well_in_a_terminal_and_in_html():
    on, off = toys.press_power_button("robot"), toys.press_power_button("race car")
    assert "robot: turns on" in repr(on) and "does NOT turn on" in repr(off)
    assert report.COLOURS["pass"] in on._repr_html_() and report.COLOURS["fail"] in off._repr_html_()


def test_toy_switch_shows_what_the_pure_function_decides():
    widget = ws.toy_switch("robot")
    assert widget.result is None and bytes(widget.picture.value) == b""
    assert widget.picture.layout.display == "none", "no empty picture before the first press"
    for name in toys.TOYS:
        widget.toy_picker.value = name
        assert widget.result is None, "picking another toy clears the last answer"
        widget.button.click()
        assert widget.result == toys.press_power_button(name)
        assert bytes(widget.picture.value).startswith(PNG_MAGIC) and widget.picture.layout.display == ""
        assert toys.TOYS[name].name in widget.message.value
    assert "ToySwitch" in repr(widget)
    assert "application/vnd.jupyter.widget-view+json" in widget._repr_mimebundle_()


# 🧑‍🎓 the Reel preview ----------------------------------------------------------------------------

def test_a_problem_the_preview_looks_for_is_found_and_must_be_fixed():
    outcome = toys.preview_reel("recipe")
    assert outcome.decision == "fix"
    assert outcome.found == ("sound",) and outcome.missed == ()
    assert "no sound" in outcome.message and not outcome.posted_broken


def test_a_problem_the_preview_skips_goes_live_with_the_post():
    outcome = toys.preview_reel("recipe", checks=["video", "captions"])
    assert outcome.decision == "post" and outcome.posted_broken
    assert outcome.missed == ("sound",)
    assert "skipped" in outcome.message


def test_a_clean_reel_is_posted_and_skipping_checks_on_it_was_luck():
    full = toys.preview_reel("dance")
    assert full.decision == "post" and not full.posted_broken and "Post it" in full.message
    lucky = toys.preview_reel("dance", checks="video")
    assert lucky.checked == ("video",) and "lucky" in lucky.message


def test_preview_checks_are_validated_deduplicated_and_kept_in_checklist_order():
    outcome = toys.preview_reel("pet", checks=["captions", "sound", "captions"])
    assert outcome.checked == ("sound", "captions")
    with pytest.raises(MeshLabError, match="Unknown preview check 'sond'.*sound, video, captions"):
        toys.preview_reel("pet", checks=["sond"])
    with pytest.raises(MeshLabError, match="no Reel called 'cat'"):
        toys.preview_reel("cat")
    with pytest.raises(MeshLabError, match="unknown problem"):
        toys.Reel("x", "🎥", "x", frozenset({"lighting"}))


@settings(max_examples=60, deadline=None)
@given(reel=st.sampled_from(list(toys.REELS)), checks=st.sets(st.sampled_from(list(toys.REEL_CHECKS))))
def test_preview_decision_follows_from_what_was_checked(reel, checks):
    outcome = toys.preview_reel(reel, checks)
    problems = toys.REELS[reel].problems
    assert set(outcome.found) == problems & checks
    assert set(outcome.missed) == problems - checks
    assert (outcome.decision == "fix") == bool(problems & checks)
    assert outcome.posted_broken == (not (problems & checks) and bool(problems - checks))


def test_reel_preview_widget_uses_the_ticked_checks():
    widget = ws.reel_preview("recipe")
    widget.button.click()
    assert widget.result.decision == "fix"
    widget.check_boxes["sound"].value = False
    assert widget.checks == ("video", "captions")
    widget.button.click()
    assert widget.result.posted_broken
    assert bytes(widget.picture.value).startswith(PNG_MAGIC)
    assert "POST" in widget.message.value


# 👨‍💻 the deploy console ---------------------------------------------------------------------------

def _service_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(("demo-service", "smoke-check"))
            or "process_request" in t.name]


def test_the_smoke_gate_rolls_back_broken_login_and_nothing_keeps_running():
    threads_before = threading.active_count()
    console = ws.deploy_console("broken_login")
    result = console.deploy()
    assert console.error is None
    assert result is console.result and result.decision == "rollback"
    assert "ROLLBACK" in console.status.value and "login" in console.report.value
    assert bytes(console.picture.value).startswith(PNG_MAGIC), "the deciding smoke run is drawn"
    assert not console.button.disabled
    assert bytes(console.timeline.value).startswith(PNG_MAGIC), "the pipeline timeline is drawn"
    assert _service_threads() == [] and threading.active_count() == threads_before
    assert plt.get_fignums() == [], "figures drawn into the console are closed"


def test_a_health_only_gate_promotes_broken_login():
    console = ws.deploy_console("broken_login", gate="health")
    console.button.click()
    assert console.result.decision == "promote"
    assert "PROMOTE" in console.status.value
    assert [c.category for c in ws.gate_suite("health").checks] == ["boot", "health"]
    assert _service_threads() == []


def test_the_console_follows_its_controls():
    console = ws.deploy_console()
    console.release_picker.value = "healthy"
    console.button.click()
    assert console.result.decision == "promote" and console.result.release == "healthy"
    console.release_picker.value = "fails_to_boot"
    console.button.click()
    assert console.result.decision == "rollback" and "build" in console.result.reason
    assert bytes(console.picture.value) == b"", "a release that never booted has no smoke run to draw"
    assert console.picture.layout.display == "none"


def test_a_pipeline_problem_is_shown_in_the_console_never_raised(monkeypatch):
    def broken_deploy(*args, **kwargs):
        raise RuntimeError("the pipeline fell over")

    monkeypatch.setattr(ws, "deploy", broken_deploy)
    console = ws.deploy_console("healthy")
    assert console.deploy() is None
    assert console.error == "RuntimeError: the pipeline fell over"
    assert "could not run the pipeline" in console.status.value
    assert not console.button.disabled and console._busy.acquire(blocking=False), "the lock is released"


def test_a_second_click_while_deploying_is_refused(monkeypatch):
    console = ws.deploy_console("healthy")
    console._busy.acquire()
    monkeypatch.setattr(ws, "deploy", lambda *a, **k: pytest.fail("must not deploy twice at once"))
    console.deploy()
    assert "already running" in console.status.value


def test_console_rejects_unknown_release_or_gate():
    with pytest.raises(MeshLabError, match="no release called 'prod'"):
        ws.deploy_console("prod")
    with pytest.raises(MeshLabError, match="no gate called 'vibes'"):
        ws.gate_suite("vibes")
