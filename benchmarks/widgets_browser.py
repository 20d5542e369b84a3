"""Print every widget's latency in the browser: control changed → output redrawn (budget ≤ 250 ms median).

Runs the measurement of ``make browser-test`` (:mod:`mesh_lab.kit.browser_test`): JupyterLab in headless
Chromium, every notebook run, every widget changed — here three times each — and prints each widget's
median and the median over all widgets. "first" is when the first part of the output changed (a status
line), "redrawn" when the whole output was redrawn and the kernel idle. The deploy console's Deploy button
runs a whole pipeline (real service starts and smoke runs): its time is shown but it is not a redraw.

Needs Debian's ``chromium`` (``apt-get install chromium fonts-noto-color-emoji``); without it the script
says so and measures nothing.
"""

from __future__ import annotations

import statistics
import sys
from collections import defaultdict

from mesh_lab.kit import browser_test

REPEATS = 3
PIPELINE_ACTION = "click 'Deploy'"  # a pipeline run, not a redraw: no 250 ms budget


def per_widget(latencies: list[browser_test.Latency]) -> dict[tuple, list[browser_test.Latency]]:
    """The measurements of each widget (notebook, cell, widget), in the order they were taken."""
    grouped: dict[tuple, list[browser_test.Latency]] = defaultdict(list)
    for latency in latencies:
        grouped[(latency.notebook, latency.cell, latency.widget)].append(latency)
    return grouped


def print_table(latencies: list[browser_test.Latency]) -> list[tuple[float, bool]]:
    """One line per widget (medians of its changes); returns (redraw median, draws a picture) of each
    widget that has a budget."""
    budgeted = []
    print(f"{'notebook':<52} {'cell':>4}  {'widget':<30} {'change':<30} {'n':>2} {'first':>7} {'redrawn':>8}")
    for (notebook, cell, widget), runs in per_widget(latencies).items():
        first = statistics.median(run.first_ms for run in runs)
        redrawn = statistics.median(run.redrawn_ms for run in runs)
        action = runs[0].action.replace("ArrowLeft", "Arrow").replace("ArrowRight", "Arrow")
        pipeline = runs[0].action == PIPELINE_ACTION
        note = "  (pipeline run, no redraw budget)" if pipeline else ""
        if not pipeline:
            budgeted.append((redrawn, runs[0].picture))
        picture = "  picture" if runs[0].picture else ""
        print(f"{notebook:<52} {cell:>4}  {widget[:30]:<30} {action[:30]:<30} {len(runs):>2} "
              f"{first:>5.0f}ms {redrawn:>6.0f}ms{picture}{note}")
    return budgeted


def main() -> int:
    missing = browser_test.missing_requirements()
    if missing:
        print(f"widgets in the browser: not measured, missing {' and '.join(missing)}; "
              f"{browser_test.INSTALL_HINT}")
        return 0
    report = browser_test.run(repeats=REPEATS, out=sys.stderr)
    budgeted = print_table(report.latencies)
    for label, medians in (("widgets", [ms for ms, _ in budgeted]),
                           ("widgets that redraw a picture", [ms for ms, picture in budgeted if picture])):
        if medians:
            median = statistics.median(medians)
            verdict = "within" if median <= browser_test.LATENCY_BUDGET_MS else "OVER"
            print(f"median control → redrawn output over {len(medians)} {label} ({REPEATS} changes each): "
                  f"{median:.0f} ms ({verdict} the {browser_test.LATENCY_BUDGET_MS:.0f} ms budget)")
    for failure in report.failures:
        print(failure)
    print(f"screenshots: {report.screenshots}; {report.seconds:.0f} s")
    return 0 if report.latencies else 1


if __name__ == "__main__":
    sys.exit(main())
