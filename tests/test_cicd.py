"""The pipeline's gates where teams write them: the workflow stays in step with run_pipeline, probes, JUnit XML."""

from __future__ import annotations

import pytest
import yaml

from mesh_lab import cicd
from mesh_lab.errors import MeshLabError
from mesh_lab.pipeline import STAGES, run_pipeline
from mesh_lab.service import ALL_RELEASES, PROBES
from mesh_lab.smoke import pytest_smoke_args, pytest_smoke_command, run_pytest_smoke


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(cicd.github_actions_workflow())


def test_the_workflow_is_a_github_actions_workflow(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert workflow["jobs"] and all(job["steps"] and job["runs-on"] for job in workflow["jobs"].values())


def test_its_jobs_are_the_stages_run_pipeline_runs_in_order(workflow):
    names = [job["name"] for job in workflow["jobs"].values()]
    assert names == list(STAGES)
    assert [stage.name for stage in run_pipeline("healthy").stages] == list(STAGES)
    assert list(workflow["jobs"]) == [cicd.STAGE_JOBS[stage] for stage in STAGES]


def test_each_job_waits_for_the_gate_before_it(workflow):
    jobs = workflow["jobs"]
    chain = [cicd.STAGE_JOBS[stage] for stage in STAGES[:5]]
    for before, job in zip(chain, chain[1:], strict=False):
        assert jobs[job]["needs"] == before, f"{job} must need {before}"
    assert set(jobs["rollback"]["needs"]) == {"deploy", "smoke-after-deploy"}
    assert "failure()" in jobs["rollback"]["if"] and "needs.deploy.result != 'skipped'" in jobs["rollback"]["if"]


def test_the_deploy_goes_to_a_protected_environment(workflow):
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "production"
    assert "environment" not in workflow["jobs"]["smoke-after-build"]


def test_the_smoke_steps_run_the_kit_s_pytest_smoke_command(workflow):
    jobs = workflow["jobs"]
    for job, report in [("smoke-after-build", "reports/smoke-after-build.xml"),
                        ("smoke-after-deploy", "reports/smoke-after-deploy.xml")]:
        runs = [step["run"] for step in jobs[job]["steps"] if "pytest" in step.get("run", "")]
        assert len(runs) == 1, job
        expected = " ".join(pytest_smoke_args(junit_xml=report, check_timeout_s=cicd.CHECK_TIMEOUT_S))
        assert expected in runs[0] and "-m smoke -x" in runs[0] and "--check-timeout 10" in runs[0]
    assert "--base-url" in cicd.ci_smoke_command("r.xml", base_url="http://x")
    assert "--release $RELEASE" in cicd.ci_smoke_command("r.xml")


def test_the_build_gate_command_validates_a_release(capsys):
    assert cicd.main(["build", "healthy"]) == 0
    assert cicd.main(["build", "fails_to_boot"]) == 1
    assert "databse" in capsys.readouterr().err
    assert cicd.main(["deploy"]) == 2


def test_kubernetes_probes_point_at_the_service_s_probe_paths():
    container = yaml.safe_load(cicd.kubernetes_probes())["containers"][0]
    assert container["startupProbe"]["httpGet"]["path"] == PROBES["started"]
    assert container["readinessProbe"]["httpGet"]["path"] == PROBES["ready"]
    assert container["livenessProbe"]["httpGet"]["path"] == PROBES["live"]


def test_progressive_delivery_names_the_hooks_of_each_tool():
    text = str(cicd.PROGRESSIVE_DELIVERY)
    for words in ("prePromotionAnalysis", "postPromotionAnalysis", "pre-rollout", "readinessProbe"):
        assert words in text


def test_probe_matrix_shows_live_but_not_ready_and_down():
    matrix = cicd.probe_matrix(["healthy", "db_unreachable", "fails_to_boot", "slow_start"])
    assert list(matrix.columns) == ["started", "ready", "live"]
    assert matrix.loc["healthy"].tolist() == ["pass", "pass", "pass"]
    assert matrix.loc["db_unreachable"].tolist() == ["pass", "fail", "pass"]
    assert matrix.loc["fails_to_boot"].tolist() == ["down", "down", "down"]
    assert matrix.loc["slow_start"].tolist() == ["fail", "fail", "pass"]
    assert set(cicd.probe_matrix().index) == set(ALL_RELEASES)


def test_pytest_smoke_args_add_junit_xml_and_a_check_timeout_only_when_asked():
    assert pytest_smoke_args() == ["-m", "smoke", "-x"]
    assert pytest_smoke_args(junit_xml="out.xml", check_timeout_s=2) == [
        "-m", "smoke", "-x", "-p", "mesh_lab.smoke_tests.check_timeout", "--check-timeout", "2",
        "--junitxml", "out.xml"]
    command = pytest_smoke_command(junit_xml="out.xml", check_timeout_s=0.5)
    assert command[command.index("--check-timeout") + 1] == "0.5" and "--junitxml" in command
    with pytest.raises(MeshLabError, match="check_timeout_s must be a positive number"):
        pytest_smoke_args(check_timeout_s=0)


@pytest.mark.slow
def test_the_junit_xml_has_one_testcase_per_smoke_test_and_records_the_failure(tmp_path):
    report = tmp_path / "smoke.xml"
    answer = run_pytest_smoke(release="broken_login", junit_xml=report)
    assert answer.returncode == 1, answer.stdout + answer.stderr
    cases = cicd.junit_testcases(report)
    assert cases["test"].tolist() == ["test_app_boots", "test_health_is_green", "test_database_reachable",
                                      "test_login_then_dashboard"]
    assert cases["status"].tolist() == ["passed", "passed", "passed", "failed"]
    assert "login answered 401" in cases["message"].iloc[-1]


@pytest.mark.slow
def test_a_check_that_outruns_its_timeout_fails_and_the_run_stops(tmp_path):
    report = tmp_path / "smoke.xml"
    answer = run_pytest_smoke(release="slow_start", junit_xml=report, check_timeout_s=0.3)
    assert answer.returncode == 1, answer.stdout + answer.stderr
    cases = cicd.junit_testcases(report)
    assert cases["test"].tolist() == ["test_app_boots"]  # -x: nothing runs after the first failure
    assert "0.3 s timeout" in cases["message"].iloc[0] and cases["seconds"].iloc[0] < 0.9


def test_junit_testcases_explains_a_missing_report(tmp_path):
    with pytest.raises(MeshLabError, match="--junitxml"):
        cicd.junit_testcases(tmp_path / "nope.xml")
