"""A tiny delivery pipeline with smoke tests as its gates.

``run_pipeline(release)`` walks a release through

1. **build** — load the release's config and validate it (what a build can honestly check
   here: the kit does not compile anything, but a bad config is caught before anything runs);
2. **smoke after build** — boot the release in a *build sandbox* (a fresh, fully migrated local
   database) and run the smoke suite against it;
3. **deploy** — start the release as the *live* service, with the live environment's database;
4. **smoke after deploy** — run the same smoke suite against the live service;
5. **promote** when every gate passed, otherwise **rollback**: stop the new release, start the
   previous good one again and smoke it, so the team knows the rollback worked.

The sandbox is why the two smoke gates are not redundant: code and config faults
(``fails_to_boot``, ``broken_login``, ``slow_start``) fail the build smoke, while faults that live
in the environment (``db_unreachable``, ``missing_migration``) pass it and are caught only after
deploy. ``.decision`` is ``"promote"`` or ``"rollback"`` (when the release never reached deploy,
"rollback" means the previous release simply stays live), and ``.reason`` says why.

Nothing is left running afterwards unless you ask for ``keep_live=True``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from mesh_lab import report
from mesh_lab.service import BootError, DemoService, release_config, validate_config
from mesh_lab.smoke import SmokeRun, SmokeSuite, default_suite

__all__ = ["STAGES", "Stage", "PipelineResult", "run_pipeline"]

STAGES = ("build", "smoke after build", "deploy", "smoke after deploy", "promote", "rollback")
ICONS = {"pass": "✅", "fail": "❌", "skipped": "⏭️"}


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline: when it started (ms after the pipeline began) and how it went."""

    name: str
    status: str
    start_ms: float
    duration_ms: float
    detail: str = ""
    smoke: SmokeRun | None = field(default=None, repr=False)

    @property
    def end_ms(self) -> float:
        return self.start_ms + self.duration_ms


@dataclass
class PipelineResult:
    """Everything one pipeline run did, and the decision it took."""

    release: str
    previous: str
    stages: list[Stage] = field(default_factory=list)
    decision: str = ""
    reason: str = ""
    live_service: DemoService | None = None

    @property
    def promoted(self) -> bool:
        """True when the release went live."""
        return self.decision == "promote"

    @property
    def live_release(self) -> str:
        """The release serving users after the pipeline."""
        return self.release if self.promoted else self.previous

    @property
    def duration_ms(self) -> float:
        """From the start of the first stage to the end of the last one."""
        return max((s.end_ms for s in self.stages), default=0.0)

    def stage(self, name: str) -> Stage:
        """The stage called ``name``."""
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise KeyError(f"no stage {name!r}; stages: {[s.name for s in self.stages]}")

    def statuses(self) -> dict[str, str]:
        """``{stage name: status}`` in order."""
        return {s.name: s.status for s in self.stages}

    def to_frame(self):
        """The stages as a pandas DataFrame (name, status, start_ms, duration_ms, detail)."""
        import pandas as pd

        columns = ["name", "status", "start_ms", "duration_ms", "detail"]
        return pd.DataFrame([[getattr(s, c) for c in columns] for s in self.stages], columns=columns)

    def __repr__(self) -> str:
        verdict = "PROMOTE 🚀" if self.promoted else "ROLLBACK ↩️"
        lines = [f"Pipeline for release {self.release!r}: {verdict} — {self.reason}"]
        width = max(len(s) for s in STAGES)
        for s in self.stages:
            lines.append(f"  {ICONS[s.status]} {s.name:<{width}} {s.status:<7} "
                         f"{s.duration_ms:8.1f} ms  {s.detail}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(ICONS[s.status], s.name, report.status_html(s.status), f"{s.start_ms:.0f} ms",
                 f"{s.duration_ms:.1f} ms", s.detail) for s in self.stages]
        table = report.table_html(["", "stage", "status", "start", "time", "detail"], rows,
                                  html_columns=["status"], numeric_columns=["start", "time"])
        verdict = "🚀 promote" if self.promoted else "↩️ rollback"
        headline = f"Release {self.release!r}: {verdict}"
        return f"<div>{report.verdict_html(report.status_of(self.promoted), headline, self.reason)}{table}</div>"


class _Clock:
    """Milliseconds since the pipeline started."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()

    def now_ms(self) -> float:
        return round((time.perf_counter() - self.t0) * 1000, 2)


def _smoke_detail(run: SmokeRun) -> str:
    failure = run.first_failure
    if failure is None:
        return f"{len(run.results)} checks passed in {run.duration_ms:.0f} ms"
    return f"{failure.name!r} {failure.status}: {failure.message}"


def run_pipeline(release: str, seed: int = 0, *, previous: str = "healthy", suite: SmokeSuite | None = None,
                 keep_live: bool = False) -> PipelineResult:
    """Build, smoke, deploy, smoke, then promote ``release`` or roll back to ``previous``.

    With ``keep_live=True`` the release that ends up live keeps running as
    ``result.live_service`` (stop it yourself); otherwise nothing is left running.
    """
    release_config(release)  # a typo in the name is misuse: raise now, with the list of releases
    release_config(previous)  # …and in the release to roll back to, before anything is deployed
    suite = suite or default_suite()
    clock = _Clock()
    result = PipelineResult(release, previous)
    stages = result.stages

    def add(name: str, status: str, start: float, detail: str, smoke: SmokeRun | None = None) -> None:
        stages.append(Stage(name, status, start, round(clock.now_ms() - start, 2), detail, smoke))

    def skip(*names: str) -> None:
        for name in names:
            stages.append(Stage(name, "skipped", clock.now_ms(), 0.0, "not reached"))

    # 1. build
    start = clock.now_ms()
    try:
        config = release_config(release)
        validate_config(release, config)
        add("build", "pass", start, f"config of version {config['version']} loaded and valid")
    except BootError as exc:
        add("build", "fail", start, str(exc))
        skip("smoke after build", "deploy", "smoke after deploy", "promote")
        return _keep_previous(result, f"the build failed, nothing was deployed: {exc}")

    # 2. smoke after build, in a sandbox
    start = clock.now_ms()
    sandbox = DemoService(release, seed=seed, environment="sandbox")
    try:
        build_run = suite.run(sandbox, warn=False)
    finally:
        sandbox.stop()
    add("smoke after build", "pass" if build_run.passed else "fail", start, _smoke_detail(build_run), build_run)
    if not build_run.passed:
        skip("deploy", "smoke after deploy", "promote")
        return _keep_previous(result, f"the build smoke failed, nothing was deployed: {_smoke_detail(build_run)}")

    # 3. deploy as the live service
    start = clock.now_ms()
    live = DemoService(release, seed=seed, environment="live")
    try:
        live.start()
        add("deploy", "pass", start, f"live at {live.base_url}")
    except BootError as exc:
        add("deploy", "fail", start, str(exc))
        skip("smoke after deploy", "promote")
        return _roll_back(result, live, clock, suite, seed, keep_live, f"the deploy failed to boot: {exc}")

    # 4. smoke after deploy
    start = clock.now_ms()
    try:
        deploy_run = suite.run(live, warn=False)
    except BaseException:  # Ctrl-C (KeyboardInterrupt) or a broken suite: leave nothing running
        live.stop()
        raise
    add("smoke after deploy", "pass" if deploy_run.passed else "fail", start, _smoke_detail(deploy_run),
        deploy_run)
    if not deploy_run.passed:
        skip("promote")
        return _roll_back(result, live, clock, suite, seed, keep_live,
                          f"the smoke after deploy failed: {_smoke_detail(deploy_run)}")

    # 5. promote
    stages.append(Stage("promote", "pass", clock.now_ms(), 0.0, f"{release!r} is live"))
    stages.append(Stage("rollback", "skipped", clock.now_ms(), 0.0, "not needed"))
    result.decision = "promote"
    result.reason = "every smoke gate passed: build smoke and deploy smoke"
    if keep_live:
        result.live_service = live
    else:
        live.stop()
    return result


def _keep_previous(result: PipelineResult, reason: str) -> PipelineResult:
    result.stages.append(Stage("rollback", "skipped", result.duration_ms, 0.0,
                               f"nothing to undo: {result.previous!r} is still live"))
    result.decision = "rollback"
    result.reason = f"{reason} — {result.previous!r} stays live"
    return result


def _roll_back(result: PipelineResult, failed: DemoService, clock: _Clock, suite: SmokeSuite, seed: int,
               keep_live: bool, reason: str) -> PipelineResult:
    """Stop the failed release, start the previous one again and smoke it."""
    start = clock.now_ms()
    failed.stop()
    previous = DemoService(result.previous, seed=seed, environment="live")
    try:
        run = suite.run(previous, warn=False)
    except BaseException:  # Ctrl-C (KeyboardInterrupt) or a broken suite: leave nothing running
        previous.stop()
        raise
    status = "pass" if run.passed else "fail"
    detail = f"stopped {result.release!r}, restarted {result.previous!r}; its smoke: {_smoke_detail(run)}"
    result.stages.append(Stage("rollback", status, start, round(clock.now_ms() - start, 2), detail, run))
    result.decision = "rollback"
    back = "is back" if run.passed else "is back but FAILS its smoke too — call a human"
    result.reason = f"{reason} — rolled back, {result.previous!r} {back}"
    if keep_live and previous.running:
        result.live_service = previous
    else:
        previous.stop()
    return result
