"""How long `import mesh_lab` takes on top of `import pandas` (budget: 150 ms).

Each run is a fresh Python process that imports pandas first, then times `import mesh_lab` alone;
the script prints every run and the median. Usage: python benchmarks/import_time.py [RUNS] [MODULE]
(MODULE defaults to mesh_lab; e.g. `mesh_lab.exercises.start_here` times a notebook's setup line).

`import mesh_lab` loads its public names lazily, so by default the script also times importing the
whole core (contracts, validation, SLA, mesh, simulation, service, smoke, pipeline): the honest cost
of a first `mesh_lab.validate` or `mesh_lab.DemoService`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

BUDGET_MS = 150.0
PROBE = """
import time, pandas
start = time.perf_counter()
import {module}
print((time.perf_counter() - start) * 1000)
"""


def one_run(module: str) -> float:
    done = subprocess.run([sys.executable, "-c", PROBE.format(module=module)], capture_output=True,
                          text=True, check=True, timeout=120)
    return float(done.stdout.strip().splitlines()[-1])


CORE = ("mesh_lab, mesh_lab.contracts, mesh_lab.validation, mesh_lab.sla, mesh_lab.mesh, mesh_lab.simulate, "
        "mesh_lab.service, mesh_lab.smoke, mesh_lab.pipeline")


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 9
    modules = [argv[1]] if len(argv) > 1 else ["mesh_lab", CORE]
    for module in modules:
        report(module, runs)
    return 0


def report(module: str, runs: int) -> None:
    times = [one_run(module) for _ in range(runs)]
    median = statistics.median(times)
    print(f"import {module} on top of pandas, {runs} fresh processes:")
    print("  runs (ms): " + ", ".join(f"{t:.1f}" for t in times))
    print(f"  median {median:.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms "
          f"(budget {BUDGET_MS:.0f} ms: {'within' if median <= BUDGET_MS else 'OVER'})")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
