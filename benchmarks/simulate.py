"""Print the time of one 52-week × 50-domain simulation (budget: ≤ 10 ms median)."""

from __future__ import annotations

import statistics
import time

from mesh_lab.simulate import simulate

BUDGET_MS = 10.0
REPEATS = 200


def main() -> None:
    simulate(n_domains=50, weeks=52)  # warm up imports and caches
    timings = []
    for seed in range(REPEATS):
        start = time.perf_counter()
        simulate(n_domains=50, weeks=52, seed=seed)
        timings.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    p95 = sorted(timings)[int(0.95 * REPEATS)]
    verdict = "within" if median <= BUDGET_MS else "OVER"
    print(f"simulate 52 weeks × 50 domains, both models: median {median:.2f} ms, "
          f"p95 {p95:.2f} ms over {REPEATS} runs ({verdict} the {BUDGET_MS:g} ms budget)")


if __name__ == "__main__":
    main()
