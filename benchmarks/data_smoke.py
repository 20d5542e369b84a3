"""Benchmark: the data-product smoke tier versus full validation on a 1,000,000-row payments product.

Run: ``.venv/bin/python benchmarks/data_smoke.py [--rows N] [--repeat K] [--seed S]``.

Writes a seeded payments-like CSV that keeps the ``payments.transactions`` contract (unique
``TX-nnnnnn`` ids, known currencies and statuses, the newest payment minutes before the reference time)
to a temporary folder, then times, in this process (interpreter start and imports excluded):

* the smoke tier: ``smoke_product(contract, csv)`` — header, a newline count, the newest timestamp;
* full validation: ``read_product(contract, csv)`` + ``validate(frame, contract)`` — every value, every rule.

It prints the median of ``--repeat`` runs of each (default 3) and the ratio. Budget (DESIGN.md): the
smoke tier ≤ 15 % of full validation. Nothing is asserted: this script only measures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from mesh_lab.contracts import load_contract
from mesh_lab.data_smoke import smoke_product
from mesh_lab.datasets import REFERENCE_TIME, product_paths
from mesh_lab.validation import read_product, validate

BUDGET_SHARE = 0.15


def payments_csv(path: Path, rows: int, seed: int) -> None:
    """Write ``rows`` payments that keep the payments.transactions contract (at most 1,000,000: 6-digit ids)."""
    if not 0 < rows <= 1_000_000:
        raise SystemExit(f"--rows must be 1..1,000,000 (ids are TX- and six digits), got {rows}")
    rng = np.random.default_rng(seed)
    ages = np.sort(rng.integers(240, 60 * 86400, size=rows))[::-1]
    times = (REFERENCE_TIME - pd.to_timedelta(ages, unit="s")).strftime("%Y-%m-%dT%H:%M:%SZ")
    quantity = rng.integers(1, 6, size=rows)
    frame = pd.DataFrame({
        "transaction_id": np.char.add("TX-", np.char.zfill(np.arange(rows).astype(str), 6)),
        "customer_id": np.char.add("CU-", np.char.zfill(rng.integers(1, 5000, size=rows).astype(str), 5)),
        "sku": np.char.add("SKU-", np.char.zfill(rng.integers(1, 1200, size=rows).astype(str), 5)),
        "quantity": quantity,
        "amount": np.round(quantity * rng.uniform(2, 300, size=rows), 2),
        "currency": rng.choice(["EUR", "SEK", "GBP", "USD"], size=rows, p=[0.55, 0.2, 0.15, 0.1]),
        "status": rng.choice(["captured", "authorized", "refunded", "failed"], size=rows, p=[0.82, 0.08, 0.05, 0.05]),
        "payment_method": rng.choice(["card", "wallet", "bank_transfer", "invoice"], size=rows),
        "created_at": times,
    })
    frame.to_csv(path, index=False, lineterminator="\n")


def median_ms(action, repeat: int) -> tuple[float, object]:
    """(median milliseconds of ``repeat`` calls, the last call's result)."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260302)
    args = parser.parse_args()
    contract = load_contract(product_paths("payments.transactions")[1])
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "transactions.csv"
        started = time.perf_counter()
        payments_csv(csv_path, args.rows, args.seed)
        print(f"wrote {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s")
        smoke_ms, run = median_ms(lambda: smoke_product(contract, csv_path), args.repeat)
        full_ms, report = median_ms(lambda: validate(read_product(contract, csv_path=csv_path), contract),
                                    args.repeat)
    print(f"smoke tier       {smoke_ms:8.0f} ms  ({run.summary()})")
    print(f"full validation  {full_ms:8.0f} ms  ({report.headline()})")
    share = smoke_ms / full_ms
    verdict = "within" if share <= BUDGET_SHARE else "OVER"
    print(f"ratio            {share:8.1%}  of full validation — {verdict} the {BUDGET_SHARE:.0%} budget "
          f"(median of {args.repeat})")


if __name__ == "__main__":
    main()
