"""Benchmark: the default smoke suite against the healthy release, service start and stop included.

Budget (DESIGN.md): ≤ 1 s. Prints the median and the maximum over repeated runs, and the
same figures for the pytest form (a subprocess, as CI runs it) for comparison.

    MESH_LAB_WORKSPACE=$(mktemp -d) .venv/bin/python benchmarks/smoke.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

BUDGET_S = 1.0


def time_once(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def smoke_healthy() -> None:
    from mesh_lab.smoke import smoke_release

    run = smoke_release("healthy")
    if not run.passed:
        raise SystemExit(f"the healthy release failed its smoke run:\n{run!r}")


def pytest_healthy() -> None:
    from mesh_lab.smoke import run_pytest_smoke

    answer = run_pytest_smoke()
    if answer.returncode != 0:
        raise SystemExit(f"pytest smoke failed:\n{answer.stdout}{answer.stderr}")


def report(label: str, seconds: list[float]) -> None:
    median, worst = statistics.median(seconds), max(seconds)
    verdict = "within" if worst <= BUDGET_S else "OVER"
    print(f"{label:<44} runs={len(seconds):<3} median={median * 1000:7.1f} ms  "
          f"max={worst * 1000:7.1f} ms  ({verdict} the {BUDGET_S:g} s budget at max)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pytest-runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("MESH_LAB_WORKSPACE", tempfile.mkdtemp(prefix="mesh-lab-bench-"))
    smoke_healthy()  # warm-up: first imports are not what a learner waits for on every run
    seconds = [time_once(smoke_healthy) for _ in range(args.runs)]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    report("default suite vs healthy (start+smoke+stop)", seconds)
    if args.pytest_runs:
        report("pytest -m smoke -x in a subprocess", [time_once(pytest_healthy) for _ in range(args.pytest_runs)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
