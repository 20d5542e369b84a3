"""The pipeline's gates where teams write them: a GitHub Actions workflow, Kubernetes probes, progressive delivery.

``mesh_lab.pipeline.run_pipeline`` walks a release through build → smoke → deploy → smoke → promote or
roll back on this machine. At work the same gates live in other files; this module holds them as data, so
a notebook can show them and a test can keep them in step with the kit:

* :func:`github_actions_workflow` — a workflow whose jobs are the stages of ``mesh_lab.pipeline.STAGES``,
  in order, with the kit's own ``pytest -m smoke -x`` command as its smoke steps (JUnit XML, a per-check
  timeout), a deploy to a protected ``environment`` and a rollback job that runs only when a gate failed
  after something was deployed.
* :func:`kubernetes_probes` — the container's startup, readiness and liveness probes, pointing at the
  demo service's ``/startupz``, ``/readyz`` and ``/livez`` (``mesh_lab.service.PROBES``).
* :data:`PROGRESSIVE_DELIVERY` — where Argo Rollouts and Flagger run smoke checks during a rollout.
* :func:`probe_matrix` — every release, deployed for real, asked its three probes.
* :func:`junit_testcases` — the test cases of a JUnit XML report, as CI systems read them.
"""

from __future__ import annotations

import shlex
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from mesh_lab.errors import MeshLabError
from mesh_lab.service import ALL_RELEASES, PROBES, BootError, DemoService, release_config, validate_config
from mesh_lab.smoke import Target, pytest_smoke_args

__all__ = [
    "CHECK_TIMEOUT_S",
    "STAGE_JOBS",
    "PROGRESSIVE_DELIVERY",
    "github_actions_workflow",
    "ci_smoke_command",
    "kubernetes_probes",
    "probe_matrix",
    "junit_testcases",
    "main",
]

CHECK_TIMEOUT_S = 10
"""The per-check timeout of the CI smoke steps, in seconds."""

STAGE_JOBS: dict[str, str] = {
    "build": "build",
    "smoke after build": "smoke-after-build",
    "deploy": "deploy",
    "smoke after deploy": "smoke-after-deploy",
    "promote": "promote",
    "rollback": "rollback",
}
"""The workflow's job id for each stage of ``mesh_lab.pipeline.STAGES``."""


def ci_smoke_command(junit_xml: str, *, base_url: str | None = None) -> str:
    """The smoke step's shell command: the kit's ``pytest -m smoke -x`` with JUnit XML and a per-check timeout."""
    target = ["--base-url", base_url] if base_url else ["--release", "$RELEASE"]
    args = ["python", "-m", "pytest", "mesh_lab/smoke_tests",
            *pytest_smoke_args(junit_xml=junit_xml, check_timeout_s=CHECK_TIMEOUT_S)]
    return " ".join(shlex.quote(a) for a in args) + " " + " ".join(target)


def github_actions_workflow() -> str:
    """``.github/workflows/deploy.yml``: build → smoke → deploy (protected) → smoke → promote or roll back."""
    build_smoke = ci_smoke_command("reports/smoke-after-build.xml")
    deploy_smoke = ci_smoke_command("reports/smoke-after-deploy.xml", base_url="${{ needs.deploy.outputs.url }}")
    return f"""\
# .github/workflows/deploy.yml — the kit's pipeline as a GitHub Actions workflow
name: deploy
on:
  push:
    branches: [main]
  workflow_dispatch:            # deploy by hand too: a config change needs its smoke as much as code does
    inputs:
      release:
        description: the release to deploy
        default: healthy
concurrency: production         # one deploy at a time
env:
  RELEASE: ${{{{ inputs.release || 'healthy' }}}}
jobs:
  build:
    name: build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install -e .
      - name: validate the release config
        run: python -m mesh_lab.cicd build "$RELEASE"
  smoke-after-build:
    name: smoke after build
    needs: build
    runs-on: ubuntu-latest
    timeout-minutes: 5          # smoke is minutes at most, or it is not smoke
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install -e .
      - name: pytest -m smoke -x in a sandbox (-x is --maxfail=1)
        run: {build_smoke}
      - uses: actions/upload-artifact@v4
        if: always()            # the JUnit XML is most useful when the gate failed
        with:
          name: smoke-after-build
          path: reports/
  deploy:
    name: deploy
    needs: smoke-after-build
    runs-on: ubuntu-latest
    environment:
      name: production          # protection rules (required reviewers, wait timer) live on the environment
      url: ${{{{ steps.deploy.outputs.url }}}}
    outputs:
      url: ${{{{ steps.deploy.outputs.url }}}}
    steps:
      - uses: actions/checkout@v4
      - id: deploy
        run: ./deploy.sh "$RELEASE"    # your deploy tool; prints url=... to $GITHUB_OUTPUT
  smoke-after-deploy:
    name: smoke after deploy
    needs: deploy
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install -e .
      # against the URL the deploy printed (the kit's own Target only talks to 127.0.0.1: point it at
      # a service started on the runner, or use your own HTTP client for a remote staging/production URL)
      - name: pytest -m smoke -x against the live deploy
        run: {deploy_smoke}
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: smoke-after-deploy
          path: reports/
  promote:
    name: promote
    needs: smoke-after-deploy
    runs-on: ubuntu-latest
    steps:
      - run: ./promote.sh "$RELEASE"   # send all traffic to the new release
  rollback:
    name: rollback
    needs: [deploy, smoke-after-deploy]
    if: ${{{{ failure() && needs.deploy.result != 'skipped' }}}}   # only when something was deployed
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./rollback.sh         # start the previous good release again
      - run: pip install -e .
      - name: smoke the release we rolled back to
        run: {ci_smoke_command("reports/smoke-after-rollback.xml", base_url="${{ needs.deploy.outputs.url }}")}
"""


def kubernetes_probes(port: int = 8000) -> str:
    """The container's three probes (Kubernetes ``Deployment`` YAML, the ``containers[0]`` part)."""
    return f"""\
containers:
  - name: demo-service
    image: mesh-lab/demo-service:2.6.0
    ports:
      - containerPort: {port}
    startupProbe:              # "has it finished starting?" — until it passes, the others wait
      httpGet: {{path: {PROBES["started"]}, port: {port}}}
      periodSeconds: 2
      failureThreshold: 30     # up to 60 s for warm-up and migrations, then restart
    readinessProbe:            # "can it serve now?" — dependencies included; failing = no traffic, no restart
      httpGet: {{path: {PROBES["ready"]}, port: {port}}}
      periodSeconds: 5
      failureThreshold: 2
    livenessProbe:             # "is the process itself stuck?" — never a dependency; failing = restart
      httpGet: {{path: {PROBES["live"]}, port: {port}}}
      periodSeconds: 10
      failureThreshold: 3
"""


PROGRESSIVE_DELIVERY: dict[str, dict[str, str]] = {
    "Argo Rollouts": {
        "where": "a Rollout's blue-green strategy: prePromotionAnalysis and postPromotionAnalysis",
        "what": "An AnalysisTemplate (for example a Job running `pytest -m smoke -x` against the preview "
                "service) runs before traffic switches to the new version (pre-promotion: a failure aborts, "
                "users never saw it) and after the switch (post-promotion: a failure rolls back to the old "
                "ReplicaSet, which was kept scaled up).",
        "kit stage": "smoke after deploy → promote / rollback",
    },
    "Flagger": {
        "where": "a Canary's analysis.webhooks with type: pre-rollout",
        "what": "Flagger calls the webhook (for example its load tester running a smoke command) before any "
                "traffic reaches the canary; a non-2xx answer halts the rollout. rollout webhooks then run "
                "at each step while traffic shifts, and metric checks decide promotion or rollback.",
        "kit stage": "smoke after deploy, before promote",
    },
    "Kubernetes probes": {
        "where": "startupProbe, readinessProbe, livenessProbe of each container",
        "what": "Not smoke tests: they run for as long as the pod lives and each one asks one question. "
                "A rollout waits for readiness, so a pod that never becomes ready never gets traffic.",
        "kit stage": "deploy (the pod must become ready before the smoke after deploy)",
    },
}
"""Where smoke checks run during a rollout, tool by tool, and the kit stage each one plays."""


def probe_matrix(releases: Iterable[str] | None = None, seed: int = 0) -> pd.DataFrame:
    """Deploy each release on 127.0.0.1 and ask its three probes right away.

    One row per release, one column per probe (started, ready, live): ``pass`` (200), ``fail`` (any other
    answer) or ``down`` (the process never started, so nothing answers).
    """
    rows = {}
    for release in releases or ALL_RELEASES:
        rows[release] = _probe_release(release, seed)
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(PROBES))
    frame.index.name = "release"
    return frame


def _probe_release(release: str, seed: int) -> dict[str, str]:
    service = DemoService(release, seed=seed)
    try:
        service.start()
    except BootError:
        return dict.fromkeys(PROBES, "down")
    try:
        target = Target(service.base_url)
        return {name: "pass" if target.get(path).status == 200 else "fail" for name, path in PROBES.items()}
    finally:
        service.stop()


def junit_testcases(path: str | Path) -> pd.DataFrame:
    """The test cases of a JUnit XML report: name, status (passed / failed / error / skipped), seconds, message."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise MeshLabError(f"cannot read the JUnit XML report {path}: {exc}. Run pytest with "
                           "--junitxml PATH first, and pass that PATH.") from None
    rows = []
    for case in root.iter("testcase"):
        outcome = next((child for child in case if child.tag in {"failure", "error", "skipped"}), None)
        status = {"failure": "failed", "error": "error", "skipped": "skipped"}.get(getattr(outcome, "tag", ""),
                                                                                 "passed")
        message = (outcome.get("message") or "") if outcome is not None else ""
        rows.append({"test": case.get("name", ""), "status": status,
                     "seconds": round(float(case.get("time") or 0), 3), "message": message.splitlines()[0]
                     if message else ""})
    return pd.DataFrame(rows, columns=["test", "status", "seconds", "message"])


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab.cicd build RELEASE``: the workflow's build gate (load and validate the config)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "build":
        print("usage: python -m mesh_lab.cicd build RELEASE", file=sys.stderr)
        return 2
    try:
        config = release_config(args[1])
        validate_config(args[1], config)
    except MeshLabError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(f"build ok: release {args[1]!r}, version {config['version']}, config valid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
