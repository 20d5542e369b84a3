"""Print each notebook's run time and its kernel's peak memory (budgets: ≤ 10 s median, ≤ 250 MB).

Each notebook is executed top to bottom in a fresh python3 kernel, as nbval does, in a temporary
workspace. Peak memory is the kernel's own maximum resident set size, read inside the kernel by one
extra cell appended to the in-memory copy (the notebook file is never written).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("MESH_LAB_BENCH_RUNS", "3"))
TIME_BUDGET_S = 10.0
MEMORY_BUDGET_MB = 250.0
PEAK_CELL = "import resource, sys\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1 if sys.platform == 'darwin' else 1024) / (1024 if sys.platform == 'darwin' else 1))"


def run_once(path: Path) -> tuple[float, float]:
    """Execute the notebook once; return (seconds, kernel peak RSS in MB)."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    with tempfile.TemporaryDirectory(prefix="mesh-lab-bench-") as ws:
        env = {"MESH_LAB_WORKSPACE": ws, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
        os.environ.update(env)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    peak_kb_or_mb = float(nb.cells[-1].outputs[0]["text"].strip())
    return seconds, peak_kb_or_mb


def main() -> int:
    notebooks = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    print(f"{len(notebooks)} notebooks, {RUNS} runs each, load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    over = 0
    for path in notebooks:
        runs = [run_once(path) for _ in range(RUNS)]
        median_s = statistics.median(s for s, _ in runs)
        peak_mb = max(m for _, m in runs)
        ok = median_s <= TIME_BUDGET_S and peak_mb <= MEMORY_BUDGET_MB
        over += not ok
        print(f"{path.relative_to(ROOT)}: median {median_s:.1f} s (runs: {', '.join(f'{s:.1f}' for s, _ in runs)}), "
              f"kernel peak {peak_mb:.0f} MB  {'within' if ok else 'OVER'} budget "
              f"({TIME_BUDGET_S:.0f} s, {MEMORY_BUDGET_MB:.0f} MB)")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
