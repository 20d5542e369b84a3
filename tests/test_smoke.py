"""The smoke engine: each release's outcome, timeouts, errors, fail-fast, budget, pytest and CLI."""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
import warnings

import pytest

from mesh_lab.errors import MeshLabError
from mesh_lab.service import DemoService
from mesh_lab.smoke import (
    SmokeBudgetWarning,
    SmokeCheck,
    SmokeFailure,
    SmokeSuite,
    Target,
    default_suite,
    main,
    release_matrix,
    run_pytest_smoke,
    smoke_release,
)

CHECKS = ["app boots", "health is green", "database reachable", "login → dashboard"]

# release → statuses of the default suite's checks, fail-fast (the default) and run-all.
EXPECTED_FAIL_FAST = {
    "healthy": ["pass", "pass", "pass", "pass"],
    "fails_to_boot": ["fail", "skipped", "skipped", "skipped"],
    "db_unreachable": ["pass", "fail", "skipped", "skipped"],
    "broken_login": ["pass", "pass", "pass", "fail"],
    "missing_migration": ["pass", "pass", "pass", "fail"],
    "slow_start": ["fail", "skipped", "skipped", "skipped"],
}
EXPECTED_RUN_ALL = {
    "healthy": ["pass", "pass", "pass", "pass"],
    "fails_to_boot": ["fail", "fail", "fail", "fail"],
    "db_unreachable": ["pass", "fail", "fail", "fail"],
    "broken_login": ["pass", "pass", "pass", "fail"],
    "missing_migration": ["pass", "pass", "pass", "fail"],
}
# the words each release's first failure must contain: the run says *why*
WHY = {
    "fails_to_boot": "unknown key 'databse'",
    "db_unreachable": "/health answered 503",
    "broken_login": "login answered 401",
    "missing_migration": "no such table: orders",
    "slow_start": "not ready after",
}


def new_threads(before: list[threading.Thread]) -> list[threading.Thread]:
    """Threads alive now that were not alive before (threads that ended meanwhile do not count)."""
    return [t for t in threading.enumerate() if t not in before]


def always(status: str = "pass", sleep_s: float = 0.0, until: threading.Event | None = None):
    def check(target):
        if until is not None:
            until.wait(sleep_s)
        else:
            time.sleep(sleep_s)
        if status == "fail":
            raise SmokeFailure("it is broken")
        if status == "error":
            raise KeyError("oops")
        return "fine"
    return check


# --------------------------------------------------------------------------- releases

@pytest.mark.parametrize("release", EXPECTED_FAIL_FAST)
def test_each_release_gets_its_expected_smoke_outcome(release):
    run = smoke_release(release)
    assert [r.name for r in run.results] == CHECKS
    assert [r.status for r in run.results] == EXPECTED_FAIL_FAST[release]
    assert run.passed is (release == "healthy")
    if release in WHY:
        assert WHY[release] in run.first_failure.message


@pytest.mark.parametrize("release", EXPECTED_RUN_ALL)
def test_run_all_shows_every_check_that_a_release_breaks(release):
    run = smoke_release(release, fail_fast=False)
    assert [r.status for r in run.results] == EXPECTED_RUN_ALL[release]


def test_broken_login_passes_a_health_check_but_not_the_smoke_suite():
    run = smoke_release("broken_login")
    assert run.status_of("health is green") == "pass"
    assert not run.passed


def test_flaky_is_caught_on_some_seeds_and_only_by_the_journey():
    runs = {seed: smoke_release("flaky", seed=seed) for seed in range(6)}
    outcomes = {seed: run.passed for seed, run in runs.items()}
    assert set(outcomes.values()) == {True, False}
    for run in runs.values():
        if not run.passed:
            assert run.first_failure.name == "login → dashboard"
            assert "500" in run.first_failure.message
    again = {seed: smoke_release("flaky", seed=seed).passed for seed in range(6)}
    assert again == outcomes  # seeded: the same seed tells the same story


def test_rerunning_against_one_flaky_service_gives_both_outcomes():
    with DemoService("flaky", seed=0) as svc:
        outcomes = [default_suite().run(svc).passed for _ in range(12)]
    assert True in outcomes and False in outcomes


def test_release_matrix_is_the_table_of_release_by_check():
    frame = release_matrix(["healthy", "broken_login"])
    assert list(frame.columns) == CHECKS
    assert frame.loc["broken_login"].tolist() == EXPECTED_RUN_ALL["broken_login"]


def test_a_running_service_can_be_smoked_by_url_and_target():
    with DemoService("missing_migration") as svc:
        by_url = default_suite().run(svc.base_url)
        by_target = default_suite().run(Target(svc.base_url))
    assert [r.status for r in by_url.results] == EXPECTED_FAIL_FAST["missing_migration"]
    assert by_target.statuses() == by_url.statuses()


# --------------------------------------------------------------------------- the engine

def test_a_hung_check_fails_after_its_timeout_and_the_run_goes_on():
    release = threading.Event()
    suite = SmokeSuite("hang", [SmokeCheck("hangs", "boot", always(sleep_s=30, until=release), timeout=0.2),
                                SmokeCheck("next", "health", always())], fail_fast=False)
    started = time.perf_counter()
    run = suite.run("http://127.0.0.1:9")
    release.set()  # let the abandoned worker finish, so no thread outlives this test
    assert time.perf_counter() - started < 1.5
    assert run.statuses() == {"hangs": "fail", "next": "pass"}
    assert "timed out after 0.2 s" in run.results[0].message
    assert 180 < run.results[0].duration_ms < 1000


def test_a_hung_endpoint_is_a_fail_not_a_hung_notebook():
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        check = SmokeCheck("health", "health", lambda t: t.get("/health"), timeout=0.3)
        started = time.perf_counter()
        result = check.run(url)
    assert time.perf_counter() - started < 2
    assert result.status == "fail"


def test_an_exception_inside_a_check_is_an_error_result():
    suite = SmokeSuite("boom", [SmokeCheck("crashes", "data", always("error")),
                                SmokeCheck("after", "data", always())])
    run = suite.run("http://127.0.0.1:9")
    assert run.statuses() == {"crashes": "error", "after": "skipped"}
    assert run.results[0].message == "the check itself crashed: KeyError: 'oops'"
    assert not run.passed


def test_a_bare_assert_fails_and_shows_its_line(tmp_path):
    # written to a plain module, as in a notebook: pytest must not rewrite this assert
    (tmp_path / "learner_check.py").write_text("def check(target):\n    status = 500\n    assert status == 200\n")
    spec = importlib.util.spec_from_file_location("learner_check", tmp_path / "learner_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = SmokeCheck("bare", "health", module.check).run("http://127.0.0.1:9")
    assert result.status == "fail"
    assert result.message == "failed: assert status == 200"


def test_a_connection_refused_is_a_fail_with_the_reason():
    with socket.socket() as probe:  # a port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = SmokeCheck("up", "boot", lambda t: t.get("/")).run(f"http://127.0.0.1:{port}")
    assert result.status == "fail"
    assert "could not reach" in result.message and "refused" in result.message.lower()


def test_returning_a_message_passes_with_it():
    result = SmokeCheck("ok", "data", lambda t: "3 rows").run("http://127.0.0.1:9")
    assert (result.status, result.message) == ("pass", "3 rows")


def test_fail_fast_skips_the_rest_and_run_all_does_not():
    checks = [SmokeCheck("a", "boot", always()), SmokeCheck("b", "health", always("fail")),
              SmokeCheck("c", "journey", always())]
    fast = SmokeSuite("s", checks).run("http://127.0.0.1:9")
    assert fast.statuses() == {"a": "pass", "b": "fail", "c": "skipped"}
    assert "'b' failed first" in fast.results[2].message
    everything = SmokeSuite("s", checks).run("http://127.0.0.1:9", fail_fast=False)
    assert everything.statuses() == {"a": "pass", "b": "fail", "c": "pass"}
    assert SmokeSuite("s", checks, fail_fast=False).run("http://127.0.0.1:9").statuses() == everything.statuses()


def test_a_suite_over_its_budget_warns():
    suite = SmokeSuite("slow", [SmokeCheck("slow", "journey", always(sleep_s=0.15))], budget_s=0.05)
    with pytest.warns(SmokeBudgetWarning, match="over its budget of 0.05 s.*not smoke testing anymore"):
        run = suite.run("http://127.0.0.1:9")
    assert run.over_budget and "over its 0.05 s budget" in run.summary()


def test_a_suite_within_its_budget_is_quiet():
    suite = SmokeSuite("quick", [SmokeCheck("quick", "boot", always())], budget_s=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = suite.run("http://127.0.0.1:9")
    assert not run.over_budget


@pytest.mark.parametrize("kwargs,words", [
    ({"category": "smoke"}, "category must be one of boot, health, db, journey, data"),
    ({"func": "not a function"}, "func must be a function"),
    ({"timeout": 0}, "timeout must be a positive number"),
])
def test_a_badly_made_check_says_what_to_fix(kwargs, words):
    args = {"name": "x", "category": "boot", "func": always(), **kwargs}
    with pytest.raises(MeshLabError, match=words):
        SmokeCheck(**args)


def test_check_names_in_a_suite_are_unique():
    with pytest.raises(MeshLabError, match=r"repeated: \['x'\]"):
        SmokeSuite("s", [SmokeCheck("x", "boot", always()), SmokeCheck("x", "db", always())])


@pytest.mark.parametrize("url", ["http://example.com", "http://10.0.0.1:80", "ftp://127.0.0.1"])
def test_targets_stay_on_this_machine(url):
    with pytest.raises(MeshLabError, match="127.0.0.1"):
        Target(url)


def test_a_run_as_a_frame_html_and_text():
    run = smoke_release("broken_login")
    frame = run.to_frame()
    assert list(frame.columns) == ["name", "category", "status", "duration_ms", "message"]
    assert frame["status"].tolist() == EXPECTED_FAIL_FAST["broken_login"]
    page = run._repr_html_()
    assert "#cf222e" in page and "#1a7f37" in page and "login answered 401" in page
    text = repr(run)
    assert "smoke FAILED ❌ 3 pass, 1 fail" in text and "✅ app boots" in text
    assert "4 checks" in repr(default_suite()) and "<ol>" in default_suite()._repr_html_()


def test_the_default_suite_fits_its_budget_against_healthy():
    run = smoke_release("healthy")
    assert run.passed and not run.over_budget


def test_no_thread_is_left_behind_by_a_release_smoke():
    smoke_release("healthy")
    before = threading.enumerate()
    for release in ("healthy", "db_unreachable", "fails_to_boot"):
        smoke_release(release)
    assert new_threads(before) == []


# --------------------------------------------------------------------------- CLI and pytest

def test_cli_exit_code_follows_the_run(capsys):
    assert main(["--release", "healthy"]) == 0
    assert "smoke PASSED ✅" in capsys.readouterr().out
    assert main(["--release", "broken_login"]) == 1
    assert "login answered 401" in capsys.readouterr().out


def test_cli_can_smoke_a_running_service(capsys):
    with DemoService("missing_migration") as svc:
        assert main(["--base-url", svc.base_url, "--run-all"]) == 1
    assert "no such table: orders" in capsys.readouterr().out


@pytest.mark.slow
def test_pytest_smoke_suite_refuses_a_remote_base_url():
    answer = run_pytest_smoke("http://example.com")
    assert answer.returncode == 4  # pytest's "usage error"
    assert "only smoke-tests services on this machine" in answer.stderr


def test_cli_refuses_a_remote_base_url(capsys):
    assert main(["--base-url", "http://example.com"]) == 2
    assert "only smoke-tests services on this machine" in capsys.readouterr().err


@pytest.mark.slow
def test_pytest_smoke_suite_passes_on_healthy_and_stops_broken_login():
    good = run_pytest_smoke()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "4 passed" in good.stdout
    bad = run_pytest_smoke(release="broken_login")
    assert bad.returncode == 1
    assert "login answered 401" in bad.stdout and "stopping after 1 failures" in bad.stdout


@pytest.mark.slow
def test_pytest_smoke_suite_against_a_running_service_by_env_var(monkeypatch):
    with DemoService("db_unreachable") as svc:
        monkeypatch.setenv("MESH_LAB_BASE_URL", svc.base_url)
        answer = run_pytest_smoke()
    assert answer.returncode == 1
    assert "1 failed, 1 passed" in answer.stdout  # -x: stopped at /health, the rest never ran


@pytest.mark.slow
def test_the_pytest_plugin_can_be_loaded_on_top_of_the_conftest():
    with DemoService("healthy") as svc:
        answer = run_pytest_smoke(svc.base_url, extra_args=["-p", "mesh_lab.smoke_tests.plugin"])
    assert answer.returncode == 0, answer.stdout + answer.stderr


def test_a_check_that_spins_forever_is_stopped_after_its_timeout():
    import threading
    import time as _time

    from mesh_lab.smoke import SmokeCheck

    def spin(_target):
        while True:
            pass

    result = SmokeCheck("spins", "health", spin, timeout=0.2).run("http://127.0.0.1:9")
    assert result.status == "fail" and "timed out" in result.message
    deadline = _time.monotonic() + 5
    while _time.monotonic() < deadline and any(t.name == "smoke-check:spins" for t in threading.enumerate()):
        _time.sleep(0.05)
    assert not any(t.name == "smoke-check:spins" for t in threading.enumerate()), "the spinning check still runs"
