"""make hub-smoke's pieces that can be checked without booting a hub (CI boots a real one: .ci/run)."""

from __future__ import annotations

import stat

import pytest

from mesh_lab.kit import hub_smoke


def test_the_hub_config_binds_loopback_and_keeps_the_token_in_a_private_file(tmp_path, monkeypatch):
    monkeypatch.setattr(hub_smoke.tempfile, "mkdtemp", lambda prefix: str(tmp_path / "base"))
    (tmp_path / "base").mkdir()
    monkeypatch.setattr(hub_smoke, "PROXY", tmp_path / "chp")
    (tmp_path / "chp").write_text("")
    run = hub_smoke.HubRun(2)
    run.configure()
    config = tmp_path / "base" / "jupyterhub_config.py"
    text = config.read_text()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert run.token in text and "0.0.0.0" not in text and "c.JupyterHub.ip = '127.0.0.1'" in text
    assert "MESH_LAB_WORKSPACE" in text and "mesh-lab-workspace" in text
    assert all(learner.home.is_dir() for learner in run.learners)
    assert len({learner.home for learner in run.learners}) == 2


def test_a_missing_proxy_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(hub_smoke, "PROXY", tmp_path / "nope")
    run = hub_smoke.HubRun(1)
    try:
        with pytest.raises(hub_smoke.HubSmokeFailed, match="make hub-smoke"):
            run.configure()
    finally:
        hub_smoke.shutil.rmtree(run.base, ignore_errors=True)


def test_the_api_helper_refuses_anything_but_loopback():
    with pytest.raises(ValueError, match="only talks to 127.0.0.1"):
        hub_smoke.api("http://10.0.0.1:8000/hub/api/", "t")


def test_the_report_gives_time_memory_and_learners_per_gb():
    run = hub_smoke.HubRun.__new__(hub_smoke.HubRun)
    run.learners = [hub_smoke.Learner("a", None, seconds=30.0, peak_mb=250.0),
                    hub_smoke.Learner("b", None, seconds=42.0, peak_mb=256.0)]
    text = hub_smoke.report(run)
    assert "max 42.0 s" in text and "peak 256 MB" in text and "about 4 learners per GB" in text


def test_bad_user_counts_are_refused():
    assert hub_smoke.main(["--users", "0"]) == 2
