"""What the generic selftest cannot see in ``mesh_lab.exercises.smoke_01``: the expected answers are
computed from the data (change the data, the answer changes), and the smoke-check exercise runs the
learner's check against real releases without leaving anything running or crashing on odd answers."""

from __future__ import annotations

import threading
import time

import pytest

from mesh_lab import report
from mesh_lab.exercises import smoke_01 as ex
from mesh_lab.learning.engine import recording
from mesh_lab.service import DEMO_USER


@pytest.fixture(autouse=True)
def _no_progress_records():
    with recording(False):
        yield


def _evaluate(exercise, code: str, **extra):
    namespace = {"____": ex.____, "DEMO_USER": DEMO_USER, **extra}
    exec(compile(code, "<learner>", "exec"), namespace)
    return exercise.evaluate(namespace)


# computed answers -------------------------------------------------------------------------------

def test_fail_fast_order_follows_needs_then_cost():
    assert ex.fail_fast_order(ex.FAIL_FAST_CHECKS) == ["boot", "health", "db", "login_dashboard"]
    cheaper_db = {**ex.FAIL_FAST_CHECKS, "db": {"seconds": 0.01, "needs": ["boot"]}}
    assert ex.fail_fast_order(cheaper_db) == ["boot", "db", "health", "login_dashboard"]


def test_fail_fast_order_names_a_circle():
    with pytest.raises(ValueError, match="circle"):
        ex.fail_fast_order({"a": {"seconds": 1, "needs": ["b"]}, "b": {"seconds": 1, "needs": ["a"]}})


def test_best_smoke_suite_covers_each_critical_path_once_within_budget():
    assert ex.best_smoke_suite(ex.SMOKE_CANDIDATES, ex.SMOKE_BUDGET_S) == {"boot", "health", "db_connect", "login_api"}
    # never the non-smoke kinds, however large the budget
    assert ex.best_smoke_suite(ex.SMOKE_CANDIDATES, 10_000) == {"boot", "health", "db_connect", "login_api"}
    without_api = {k: v for k, v in ex.SMOKE_CANDIDATES.items() if k != "login_api"}
    assert "login_browser" in ex.best_smoke_suite(without_api, 120)
    assert "login_browser" not in ex.best_smoke_suite(without_api, 60), "95 s does not fit a 60 s budget"


def test_q1_answer_comes_from_pressing_the_buttons():
    assert sorted(ex.toys_that_do_not_turn_on()) == ["music box", "race car", "spaceship"]


def test_q7_answer_comes_from_pressing_the_dinos_button():
    from mesh_lab.toys import press_power_button

    dino = ex.TOYS["dino"]
    assert dino.hidden_problem, "the dino has a problem one press cannot show"
    assert ex.q7.expected is press_power_button(dino).turns_on is True


def test_q8_answer_comes_from_previewing_every_reel_with_only_the_sound():
    assert sorted(ex.reels_posted_broken(("sound",))) == ["skate", "vlog"]
    assert sorted(ex.reels_posted_broken(("video",))) == ["pet", "recipe", "vlog"]
    assert ex.reels_posted_broken(("sound", "video", "captions")) == []
    assert sorted(ex.q8.expected) == ["skate", "vlog"]


def test_q2_generated_previews_cover_every_combination_of_the_three_checks():
    """The fixed cases try 5 of the 8 previews; the generated ones add the other 3, keys in any order."""
    inputs = ex.q2.generated_inputs()
    combos = {tuple(preview[name] for name in ("sound", "video", "captions")) for (preview,) in inputs}
    assert len(combos) == 8
    assert all(set(preview) == {"sound", "video", "captions"} for (preview,) in inputs)
    assert len({tuple(preview) for (preview,) in inputs}) > 1, "key order varies"


# the smoke-check exercise -------------------------------------------------------------------------

def _demo_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("demo-service")]


def test_the_reference_check_passes_healthy_and_fails_the_broken_releases():
    function = {}
    exec(ex.q6.setup + "\n" + ex.q6.solution_code, function)
    check = function["check_login_journey"]
    outcomes = {release: ex.check_outcome(check, release).status
                for release in ("healthy", "broken_login", "missing_migration", "db_unreachable")}
    assert outcomes == {"healthy": "pass", "broken_login": "fail", "missing_migration": "fail",
                        "db_unreachable": "fail"}
    assert _demo_threads() == []


def test_check_outcome_records_the_requests_the_check_made():
    outcome = ex.check_outcome(lambda target: target.get("/health"), "healthy")
    assert outcome.status == "pass" and outcome.paths == ["/health"]
    assert repr(outcome).splitlines()[1:] == ["  GET /health"]
    assert "healthy" in outcome._repr_html_() and report.COLOURS["pass"] in outcome._repr_html_()


def test_a_hung_check_fails_after_its_timeout():
    started = time.perf_counter()
    outcome = ex.check_outcome(lambda target: time.sleep(2), "healthy", timeout_s=0.2)
    assert outcome.status == "fail" and "timed out" in outcome.message
    assert time.perf_counter() - started < 1.5


def test_a_check_that_crashes_everywhere_is_an_error_result_not_a_crash():
    result = _evaluate(ex.q6, "def check_login_journey(target):\n    return 1 / 0\n")
    assert result.status == "error"
    assert "ZeroDivisionError" in result.message and "'healthy'" in result.message
    assert _demo_threads() == []


def test_a_check_that_never_fails_is_told_where_it_should_have():
    result = _evaluate(ex.q6, "def check_login_journey(target):\n    return 'fine'\n")
    assert result.status == "incorrect" and result.mistake is None
    assert "'broken_login'" in result.message and "should fail" in result.message


def test_the_starter_is_not_attempted_even_outside_a_notebook():
    assert _evaluate(ex.q6, ex.q6.starter).status == "not_attempted"
    nested = "def check_login_journey(target):\n    def inner():\n        return ____\n    return inner()\n"
    assert _evaluate(ex.q6, nested).status == "not_attempted"


def test_each_declared_smoke_check_mistake_gets_its_own_message():
    messages = set()
    for mistake in ex.q6.mistakes:
        result = _evaluate(ex.q6, mistake.example)
        assert (result.status, result.mistake) == ("incorrect", mistake.name)
        messages.add(result.message)
    assert len(messages) == len(ex.q6.mistakes)
    assert _demo_threads() == []


def test_one_evaluation_starts_one_service_per_release_and_stops_them(monkeypatch):
    from mesh_lab import service as service_module

    started = []
    original = service_module.DemoService.start

    def counting_start(self):
        if not self.running:
            started.append(self.release)
        return original(self)

    monkeypatch.setattr(service_module.DemoService, "start", counting_start)
    result = _evaluate(ex.q6, ex.q6.solution_code)
    assert result.status == "correct"
    assert sorted(started) == sorted(["healthy", "broken_login", "missing_migration", "db_unreachable"])
    assert _demo_threads() == []
