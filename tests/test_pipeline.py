"""The pipeline: which gate stops which release, the decision, rollback, and the timeline."""

from __future__ import annotations

import threading

import pytest

from mesh_lab.pipeline import STAGES, run_pipeline
from mesh_lab.service import ServiceError
from mesh_lab.smoke import SmokeCheck, SmokeSuite, Target

# release → stage statuses in STAGES order:
# build, smoke after build, deploy, smoke after deploy, promote, rollback
EXPECTED = {
    "healthy": ["pass", "pass", "pass", "pass", "pass", "skipped"],
    "fails_to_boot": ["fail", "skipped", "skipped", "skipped", "skipped", "skipped"],
    "broken_login": ["pass", "fail", "skipped", "skipped", "skipped", "skipped"],
    "slow_start": ["pass", "fail", "skipped", "skipped", "skipped", "skipped"],
    "db_unreachable": ["pass", "pass", "pass", "fail", "skipped", "pass"],
    "missing_migration": ["pass", "pass", "pass", "fail", "skipped", "pass"],
}
REASON_WORDS = {
    "healthy": "every smoke gate passed",
    "fails_to_boot": "the build failed, nothing was deployed",
    "broken_login": "the build smoke failed",
    "slow_start": "not ready after",
    "db_unreachable": "the smoke after deploy failed: 'health is green'",
    "missing_migration": "no such table: orders",
}


def new_threads(before: list[threading.Thread]) -> list[threading.Thread]:
    """Threads alive now that were not alive before (threads that ended meanwhile do not count)."""
    return [t for t in threading.enumerate() if t not in before]


@pytest.mark.parametrize("release", EXPECTED)
def test_each_release_is_stopped_by_the_right_gate(release):
    result = run_pipeline(release)
    assert [s.name for s in result.stages] == list(STAGES)
    assert [s.status for s in result.stages] == EXPECTED[release]
    assert result.decision == ("promote" if release == "healthy" else "rollback")
    assert REASON_WORDS[release] in result.reason


def test_live_release_is_the_new_one_only_when_promoted():
    assert run_pipeline("healthy", previous="flaky").live_release == "healthy"
    kept = run_pipeline("broken_login", previous="flaky")
    assert kept.live_release == "flaky" and "'flaky' stays live" in kept.reason


def test_environment_faults_pass_the_build_smoke_and_are_caught_after_deploy():
    result = run_pipeline("missing_migration")
    assert result.stage("smoke after build").smoke.passed
    assert result.stage("smoke after deploy").smoke.first_failure.name == "login → dashboard"
    rollback = result.stage("rollback")
    assert rollback.smoke.passed and "restarted 'healthy'" in rollback.detail
    assert "rolled back, 'healthy' is back" in result.reason


def test_a_rollback_that_fails_its_smoke_says_so():
    result = run_pipeline("db_unreachable", previous="missing_migration")
    assert result.decision == "rollback"
    assert result.stage("rollback").status == "fail"
    assert "FAILS its smoke too" in result.reason


def test_stages_run_in_order_on_one_clock():
    result = run_pipeline("db_unreachable")
    ran = [s for s in result.stages if s.status != "skipped"]
    for earlier, later in zip(ran, ran[1:], strict=False):
        assert earlier.end_ms <= later.start_ms + 0.01
    assert result.duration_ms == max(s.end_ms for s in result.stages)


def test_a_custom_suite_is_the_gate():
    always_fails = SmokeSuite("strict", [SmokeCheck("never", "data", lambda t: (_ for _ in ()).throw(
        AssertionError("no release is good enough")))])
    result = run_pipeline("healthy", suite=always_fails)
    assert result.decision == "rollback"
    assert "no release is good enough" in result.reason


def test_nothing_is_left_running():
    run_pipeline("healthy")
    before = threading.enumerate()
    for release in ("healthy", "db_unreachable", "broken_login"):
        assert run_pipeline(release).live_service is None
    assert new_threads(before) == []


def test_keep_live_hands_over_the_running_release():
    result = run_pipeline("missing_migration", keep_live=True)
    try:
        assert result.live_service.release == "healthy" and result.live_service.running
        assert Target(result.live_service.base_url).get("/version").status == 200
    finally:
        result.live_service.stop()


def test_an_unknown_release_is_misuse():
    with pytest.raises(ServiceError, match="unknown release 'heathy'"):
        run_pipeline("heathy")


def test_frame_and_reprs():
    result = run_pipeline("broken_login")
    frame = result.to_frame()
    assert list(frame.columns) == ["name", "status", "start_ms", "duration_ms", "detail"]
    assert frame["status"].tolist() == EXPECTED["broken_login"]
    assert "ROLLBACK" in repr(result) and "login answered 401" in repr(result)
    assert "↩️ rollback" in result._repr_html_()


def test_the_timeline_has_a_bar_per_stage():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mesh_lab.plots.pipeline import pipeline_timeline

    result = run_pipeline("db_unreachable")
    fig = pipeline_timeline(result)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(STAGES)
    assert len(ax.patches) == len(STAGES)
    assert "roll back" in ax.get_title(loc="left")
    plt.close(fig)
    from mesh_lab.plots.pipeline import timeline_figure

    assert timeline_figure is pipeline_timeline
