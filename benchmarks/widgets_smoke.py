"""Print the median time of the smoke-testing widgets' callbacks (budget: ≤ 100 ms median).

A callback is what runs when a learner presses a button: the toy's power button and the Reel preview
(one pure function, one figure, rendered to the PNG the widget shows), measured headless by clicking
the real widgets. The deploy console's Deploy button runs a whole pipeline (several real service
starts and smoke runs) and is printed for information; it is not a redraw and has no 100 ms budget.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("MESH_LAB_WORKSPACE", tempfile.mkdtemp(prefix="mesh-lab-bench-"))

from mesh_lab.toys import REELS, TOYS  # noqa: E402
from mesh_lab.widgets.smoke import deploy_console, reel_preview, toy_switch  # noqa: E402

BUDGET_MS = 100.0
REPEATS = 30


def clicks(widget, picker, values, repeats: int) -> list[float]:
    """Set ``picker`` to each value in turn, click, and return the click times in ms."""
    timings = []
    for i in range(repeats):
        picker.value = values[i % len(values)]
        start = time.perf_counter()
        widget.button.click()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def report(label: str, timings: list[float], budget: bool = True) -> None:
    median = statistics.median(timings)
    verdict = ("within" if median <= BUDGET_MS else "OVER") + f" the {BUDGET_MS:g} ms budget" if budget \
        else "a pipeline run, no redraw budget"
    print(f"{label}: median {median:.1f} ms, max {max(timings):.1f} ms over {len(timings)} clicks ({verdict})")


def main() -> None:
    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    toy = toy_switch()
    toy.button.click()  # warm up fonts and imports
    report("👶 toy_switch: press the power button", clicks(toy, toy.toy_picker, list(TOYS), REPEATS))
    reel = reel_preview()
    report("🧑‍🎓 reel_preview: preview, then decide", clicks(reel, reel.reel_picker, list(REELS), REPEATS))
    console = deploy_console()
    releases = ["healthy", "broken_login", "missing_migration", "db_unreachable"]
    report("👨‍💻 deploy_console: Deploy (pipeline + two figures)",
           clicks(console, console.release_picker, releases, 12), budget=False)


if __name__ == "__main__":
    main()
