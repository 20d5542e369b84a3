"""Benchmark: validate 1,000,000 rows against a 10-rule ODCS contract, Mesh Lab versus pandera.

Run: ``.venv/bin/python benchmarks/validate.py [--rows N] [--repeat K]``. Both libraries check the same ten
rules on the same frame in the same run; the script prints the median time of each and the ratio. The
budget (DESIGN.md): ≤ 1 s, and faster than pandera. Nothing is asserted: this script only measures.
"""

from __future__ import annotations

import argparse
import statistics
import time

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
    """A payments-like frame with about ``bad_share`` broken values in each checked column."""
    rng = np.random.default_rng(seed)
    ids = pd.Series([f"TX-{i:07d}" for i in range(rows)], dtype="str")
    amount = np.round(rng.gamma(2.0, 40.0, rows), 2)
    quantity = rng.integers(1, 6, rows)
    currency = pd.Series(rng.choice(CURRENCIES, rows), dtype="str")
    status = pd.Series(rng.choice(STATUSES, rows), dtype="str")
    bad = max(1, int(rows * bad_share))
    where = rng.choice(rows, size=bad, replace=False)
    amount[where[: bad // 2]] = -1.0
    quantity[where[bad // 2:]] = 0
    currency.iloc[where[: bad // 3]] = "XXX"
    status.iloc[where[bad // 3:]] = "lost"
    ids.iloc[where[:5]] = "TX-oops"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    frame = make_frame(args.rows)
    contract = Contract.from_dict(CONTRACT, source="benchmark contract")
    try:
        schema = pandera_schema()
    except ImportError:
        schema = None
    ours, theirs, report, cases = [], [], None, 0
    for _ in range(args.repeat):  # interleaved, so a busy machine slows both alike
        seconds, report = timed(lambda: validate(frame, contract))
        ours.append(seconds)
        if schema is not None:
            seconds, cases = timed(lambda: run_pandera(schema, frame))
            theirs.append(seconds)
    print(f"rows: {len(frame):,}   rules: 10 (required, unique, pattern on the id; required, minimum, maximum on "
          f"the amount; minimum on the quantity; invalidValues on currency and status; rowCount)")
    print(f"runs: {args.repeat}, interleaved; times are median (best)")
    print(f"mesh_lab.validate: {statistics.median(ours):.3f} s ({min(ours):.3f} s)   failing values: "
          f"{len(report.failures):,}   verdict: {'passed' if report.passed else 'failed'}")
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
