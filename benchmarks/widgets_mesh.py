"""Print the median time of the organisation simulator's callback (budget: ≤ 100 ms median).

The callback is what runs when a learner moves a slider: one simulation, one figure, rendered to the
PNG the widget shows. Measured headless on the default 52 weeks, at 8 and at 50 domains.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

from mesh_lab.widgets.mesh import figure_png, update  # noqa: E402

BUDGET_MS = 100.0
REPEATS = 30


def callback(n_domains: int, seed: int) -> bytes:
    return figure_png(update(n_domains=n_domains, seed=seed).figure, dpi=72)


def main() -> None:
    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    callback(8, 0)  # warm up fonts and imports
    for n_domains in (8, 50):
        timings = []
        for seed in range(REPEATS):
            start = time.perf_counter()
            callback(n_domains, seed)
            timings.append((time.perf_counter() - start) * 1000)
        median = statistics.median(timings)
        verdict = "within" if median <= BUDGET_MS else "OVER"
        print(f"org simulator callback, {n_domains} domains × 52 weeks (simulate + figure + PNG): "
              f"median {median:.1f} ms, min {min(timings):.1f} ms over {REPEATS} runs "
              f"({verdict} the {BUDGET_MS:g} ms budget)")


if __name__ == "__main__":
    main()
