"""Benchmark: validate 1,000,000 rows against a 10-rule ODCS contract, Mesh Lab versus pandera, and the
``python -m mesh_lab validate`` command end to end on CSV files of that size.

Run: ``.venv/bin/python benchmarks/validate.py [--rows N] [--repeat K] [--skip-cli]``.

1. In memory: both libraries check the same ten rules on the same frame in the same run; the script prints
   the median time of each and the ratio. Budget (DESIGN.md): ≤ 1 s, and faster than pandera.
2. The command, each run in a fresh process (wall time, CPU time and peak memory of that process, read
   with ``resource.getrusage`` by a small parent):
   - a clean 1,000,000-row CSV, end to end (start, imports, contract, CSV, report): budget ≤ 2.5 s,
     printed beside ``pandas.read_csv`` of the same file alone (also a fresh process);
   - 1,000,000 rows where every value fails a rule: budget ≤ 3 s and ≤ 500 MB peak.
   On a shared, busy machine wall time runs ahead of CPU time; the CPU time is what the code costs.

Nothing is asserted: this script only measures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from mesh_lab.contracts import Contract
from mesh_lab.validation import validate

CURRENCIES = ["EUR", "SEK", "GBP", "USD"]
STATUSES = ["captured", "authorized", "refunded", "failed"]
PATTERN = r"^TX-[0-9]{7}$"

# The ten rules, as ODCS: required/unique/pattern on id; required/min/max on amount; min on quantity;
# allowed values of currency and status; a row count.
CONTRACT = {
    "apiVersion": "v3.1.0", "kind": "DataContract", "id": "bench.payments", "name": "payments",
    "version": "1.0.0", "status": "active", "domain": "bench",
    "schema": [{"name": "payments", "properties": [
        {"name": "transaction_id", "logicalType": "string", "required": True, "unique": True,
         "logicalTypeOptions": {"pattern": PATTERN}},
        {"name": "amount", "logicalType": "number", "required": True,
         "logicalTypeOptions": {"minimum": 0, "maximum": 100000}},
        {"name": "quantity", "logicalType": "integer", "logicalTypeOptions": {"minimum": 1}},
        {"name": "currency", "logicalType": "string",
         "quality": [{"metric": "invalidValues", "arguments": {"validValues": CURRENCIES}, "mustBe": 0}]},
        {"name": "status", "logicalType": "string",
         "quality": [{"metric": "invalidValues", "arguments": {"validValues": STATUSES}, "mustBe": 0}]},
    ], "quality": [{"metric": "rowCount", "mustBeGreaterThan": 0}]}],
}


def make_frame(rows: int, seed: int = 7, bad_share: float = 0.001) -> pd.DataFrame:
    """A payments-like frame with about ``bad_share`` broken values in each checked column (none at 0)."""
    rng = np.random.default_rng(seed)
    ids = pd.Series([f"TX-{i:07d}" for i in range(rows)], dtype="str")
    amount = np.round(rng.gamma(2.0, 40.0, rows), 2)
    quantity = rng.integers(1, 6, rows)
    currency = pd.Series(rng.choice(CURRENCIES, rows), dtype="str")
    status = pd.Series(rng.choice(STATUSES, rows), dtype="str")
    bad = max(1, int(rows * bad_share)) if bad_share > 0 else 0
    where = rng.choice(rows, size=bad, replace=False)
    amount[where[: bad // 2]] = -1.0
    quantity[where[bad // 2:]] = 0
    currency.iloc[where[: bad // 3]] = "XXX"
    status.iloc[where[bad // 3:]] = "lost"
    ids.iloc[where[:min(5, bad)]] = "TX-oops"
    return pd.DataFrame({"transaction_id": ids, "amount": amount, "quantity": quantity,
                         "currency": currency, "status": status})


def pandera_schema():
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "transaction_id": pa.Column(str, pa.Check.str_matches(PATTERN), nullable=False, unique=True),
            "amount": pa.Column(float, [pa.Check.ge(0), pa.Check.le(100000)], nullable=False),
            "quantity": pa.Column(int, pa.Check.ge(1), nullable=True),
            "currency": pa.Column(str, pa.Check.isin(CURRENCIES), nullable=True),
            "status": pa.Column(str, pa.Check.isin(STATUSES), nullable=True),
        },
        checks=[pa.Check(lambda df: len(df) > 0, element_wise=False)],
        strict=False,
    )


def run_pandera(schema, frame: pd.DataFrame) -> int:
    """Pandera's count of failure cases (it lists every copy of a duplicate; Mesh Lab lists the repeats)."""
    import pandera.errors

    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return len(exc.failure_cases)
    return 0


def timed(func) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def make_failing_frame(rows: int, seed: int = 7) -> pd.DataFrame:
    """Every value breaks a rule: ids off the pattern, negative amounts, zero quantities, unknown codes."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"transaction_id": [f"bad-{i}" for i in range(rows)],
                         "amount": -np.round(rng.gamma(2.0, 40.0, rows), 2) - 1,
                         "quantity": np.zeros(rows, dtype=int),
                         "currency": rng.choice(["XXX", "EURO", "kr"], rows),
                         "status": rng.choice(["lost", "?", "done"], rows)})


# Runs one command as its only child and reports what that child cost (peak RSS is the child's alone).
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": use.ru_utime + use.ru_stime, "peak_mb": use.ru_maxrss / 1024,
                  "exit": done.returncode, "stderr": done.stderr.decode()[-500:]}))
"""


def measure(command: list[str]) -> dict:
    """Wall time, CPU time and peak RSS (MB, Linux ru_maxrss is in KB) of one fresh process."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def best_of(command: list[str], repeat: int) -> dict:
    """The run with the least CPU time of ``repeat`` (the least disturbed by other work on the machine)."""
    return min((measure(command) for _ in range(repeat)), key=lambda run: run["cpu"])


def _line(name: str, run: dict, budget_s: float | None = None, budget_mb: float | None = None) -> str:
    text = f"{name:<44} wall {run['wall']:6.2f} s   cpu {run['cpu']:6.2f} s   peak {run['peak_mb']:6.0f} MB"
    if budget_s is not None:
        text += f"   budget ≤ {budget_s} s: {'met' if run['wall'] <= budget_s else 'NOT met'}"
        text += f" (cpu: {'met' if run['cpu'] <= budget_s else 'NOT met'})"
    if budget_mb is not None:
        text += f", ≤ {budget_mb} MB: {'met' if run['peak_mb'] <= budget_mb else 'NOT met'}"
    return text


def command_benchmark(rows: int, repeat: int) -> None:
    """``python -m mesh_lab validate`` on a clean and an all-failing CSV, beside pandas.read_csv alone."""
    with tempfile.TemporaryDirectory(prefix="mesh-lab-bench-") as folder:
        folder = Path(folder)
        contract_path = folder / "payments.odcs.yaml"
        contract_path.write_text(Contract.from_dict(CONTRACT, source="benchmark contract").to_yaml(),
                                 encoding="utf-8")
        clean, failing = folder / "clean.csv", folder / "failing.csv"
        make_frame(rows, bad_share=0).to_csv(clean, index=False)
        make_failing_frame(rows).to_csv(failing, index=False)
        cli = [sys.executable, "-m", "mesh_lab", "validate", str(contract_path)]
        env_note = f"(MESH_LAB_WORKSPACE={os.environ.get('MESH_LAB_WORKSPACE', 'default')})"
        print(f"\ncommand line, {rows:,} rows, {clean.stat().st_size / 1e6:.0f} MB CSV, best of {repeat} fresh "
              f"processes by CPU time {env_note}")
        read_alone = best_of([sys.executable, "-c", f"import pandas; pandas.read_csv({str(clean)!r})"], repeat)
        print(_line("python -c 'pandas.read_csv(clean.csv)' alone", read_alone))
        clean_run = best_of([*cli, str(clean)], repeat)
        print(_line("python -m mesh_lab validate clean.csv", clean_run, budget_s=2.5))
        failing_run = best_of([*cli, str(failing)], repeat)
        print(_line("python -m mesh_lab validate failing.csv", failing_run, budget_s=3, budget_mb=500))
        for name, run, wanted in (("clean", clean_run, 0), ("failing", failing_run, 1)):
            if run["exit"] != wanted:
                print(f"  ! the {name} run exited {run['exit']}, not {wanted}: {run['stderr']}")
        imports = best_of([sys.executable, "-c", "import mesh_lab.validation"], repeat)
        print(_line("  of which: python -c 'import mesh_lab.validation'", imports))
        load = best_of([sys.executable, "-c", "import sys; from mesh_lab.contracts import load_contract; "
                        "load_contract(sys.argv[1])", str(contract_path)], repeat)
        print(_line("  of which: imports + load_contract(contract)", load))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-cli", action="store_true", help="only the in-memory comparison")
    args = parser.parse_args()
    in_memory_benchmark(args.rows, args.repeat)
    if not args.skip_cli:
        command_benchmark(args.rows, max(1, min(args.repeat, 3)))


def in_memory_benchmark(rows: int, repeat: int) -> None:
    """The same ten rules on the same frame: mesh_lab.validate versus pandera (lazy), interleaved."""
    frame = make_frame(rows)
    contract = Contract.from_dict(CONTRACT, source="benchmark contract")
    try:
        schema = pandera_schema()
    except ImportError:
        schema = None
    ours, theirs, report, cases = [], [], None, 0
    for _ in range(repeat):  # interleaved, so a busy machine slows both alike
        seconds, report = timed(lambda: validate(frame, contract))
        ours.append(seconds)
        if schema is not None:
            seconds, cases = timed(lambda: run_pandera(schema, frame))
            theirs.append(seconds)
    print(f"rows: {len(frame):,}   rules: 10 (required, unique, pattern on the id; required, minimum, maximum on "
          f"the amount; minimum on the quantity; invalidValues on currency and status; rowCount)")
    print(f"runs: {repeat}, interleaved; times are median (best)")
    print(f"mesh_lab.validate: {statistics.median(ours):.3f} s ({min(ours):.3f} s)   failing values: "
          f"{report.n_failures:,}   verdict: {'passed' if report.passed else 'failed'}")
    if schema is None:
        print("pandera: not installed (pip install pandera) – no comparison")
        return
    print(f"pandera (lazy):    {statistics.median(theirs):.3f} s ({min(theirs):.3f} s)   failure cases: {cases:,}")
    ratio = statistics.median(theirs) / statistics.median(ours)
    print(f"ratio pandera / mesh_lab (medians): {ratio:.2f}×  "
          f"({'faster' if ratio > 1 else 'slower'} than pandera)")
    print(f"budget ≤ 1 s (median): {'met' if statistics.median(ours) <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
