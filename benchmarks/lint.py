"""Benchmark: lint a ~5 MB ODCS contract (budget: ≤ 1 s, DESIGN.md / issue 10).

Run: ``.venv/bin/python benchmarks/lint.py [--megabytes N] [--repeat K]``. The script writes a valid
contract of about N MB (one table with thousands of commented, fully specified columns, each with a
quality rule) to a temporary folder, then times ``lint`` on the file end to end — read, YAML, the
official ODCS JSON Schema, the kit's rules — and prints each run, the median and the CPU time (the
machine may be shared: CPU time is what the lint itself cost). Nothing is asserted: it only measures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from mesh_lab.lint import lint

BUDGET_S = 1.0
HEAD = """# A very wide table: how long does lint take on a contract this size?
apiVersion: v3.1.0
kind: DataContract
id: bench.wide
name: wide
version: 1.0.0
status: active
domain: bench
description:
  purpose: Benchmark of the contract linter.
schema:
  - name: wide
    physicalType: table
    properties:
"""
COLUMN = """      # column {i}: a code, always present, mostly filled in
      - id: col_{i}
        name: col_{i}
        logicalType: string
        physicalType: VARCHAR(12)
        description: Column number {i} of a very wide table, with a sentence of text.
        required: true
        logicalTypeOptions:
          pattern: "^C-[0-9]{{5}}$"
          maxLength: 12
        quality:
          - metric: nullValues
            mustBeLessThan: 2
            unit: percent
            dimension: completeness
"""
TAIL = """slaProperties:
  - property: latency
    value: 1
    unit: d
contractCreatedTs: "2026-01-05T10:00:00Z"
"""


def wide_contract(megabytes: float) -> str:
    """Contract text of about ``megabytes`` MB (columns are added until it is that big)."""
    parts, size, index = [HEAD], len(HEAD) + len(TAIL), 0
    while size < megabytes * 1024 * 1024:
        column = COLUMN.format(i=index)
        parts.append(column)
        size += len(column)
        index += 1
    return "".join(parts) + TAIL


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wide.odcs.yaml"
        path.write_text(wide_contract(args.megabytes), encoding="utf-8")
        size = path.stat().st_size
        problems = lint(path)  # warm-up: imports, the compiled schema
        assert not [p for p in problems if p.severity == "error"], problems[:3]
        walls, cpus = [], []
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            lint(path)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    median = statistics.median(walls)
    print(f"lint of a {size / 1024 / 1024:.1f} MB contract ({size:,} bytes), {args.repeat} runs:")
    print("  runs (s): " + ", ".join(f"{t:.2f}" for t in walls))
    print(f"  median {median:.2f} s wall, {statistics.median(cpus):.2f} s CPU "
          f"(budget {BUDGET_S:.0f} s: {'within' if median <= BUDGET_S else 'OVER'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
