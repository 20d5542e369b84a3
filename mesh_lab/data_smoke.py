"""The smoke tier of a data product: is the file there, does it basically look right, is it fresh?

Full validation (:func:`mesh_lab.validation.validate`) reads every value of every column and checks
every rule. A smoke tier answers a smaller question fast — "does this product basically work?" —
reading only what it must, like datacontract-cli's ``test --metadata-only``:

1. **readable**: the file exists and its header reads as UTF-8 CSV;
2. **columns**: every column of the contract is in the header (renamed or dropped columns fail);
3. **rows**: the row count (newlines, counted in C) is above zero, and above the contract's
   ``rowCount`` minimum when it states one;
4. **fresh**: the newest value of the timestamp column is within the freshness/latency SLA.

The newest timestamp comes from the raw bytes with numpy: the position of each row's field is found
from the newline and comma positions, so no value is parsed except that one column. A file with
quoted fields falls back to reading just that column with pandas.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mesh_lab.contracts import Contract
from mesh_lab.errors import MeshLabError
from mesh_lab.sla import duration
from mesh_lab.smoke import SmokeCheck, SmokeFailure, SmokeSuite

FRESHNESS_PROPERTIES = ("freshness", "latency")


class DataSmokeError(MeshLabError, ValueError):
    """The smoke tier cannot be set up for this product (the message says why and how to fix it)."""


@dataclass
class ProductFile:
    """What the smoke checks look at: the contract, the data file and the moment "now"."""

    contract: Contract
    path: Path
    now: pd.Timestamp
    _bytes: bytes | None = None
    _header: list[str] | None = None

    def with_timeout(self, timeout_s: float) -> ProductFile:
        """The same file (a smoke check's timeout is enforced by the check runner, not here)."""
        return self

    def data(self) -> bytes:
        """The file's bytes, read once."""
        if self._bytes is None:
            self._bytes = self.path.read_bytes()
        return self._bytes

    def header(self) -> list[str]:
        """The header row's column names."""
        if self._header is None:
            first = self.data().split(b"\n", 1)[0].decode("utf-8-sig").rstrip("\r")
            self._header = next(csv.reader([first])) if first else []
        return self._header

    def row_count(self) -> int:
        """Rows below the header (a missing final newline still counts its row)."""
        data = self.data()
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
        return max(0, lines - 1)

    def __str__(self) -> str:
        return f"{self.contract.id} ({self.path})"


# --------------------------------------------------------------------------------------------------
# The newest value of one column, from bytes
# --------------------------------------------------------------------------------------------------


def field_bounds(data: bytes, index: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(bytes as uint8, start, end) of the ``index``-th field of every row, found from the positions of
    newlines and commas alone. ``None`` for CSV with quoted fields (a comma inside quotes would shift
    the columns) or rows with too few fields: the caller then reads the column with pandas."""
    if b'"' in data:
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(raw == 10)
    starts = newlines + 1                      # each row starts after a newline (the header's is the first)
    ends = np.append(newlines[1:], len(raw))   # and ends at the next newline, or at the end of the file
    keep = starts < ends                       # no row after a final newline
    starts, ends = starts[keep], ends[keep]
    if not len(starts):
        return raw, starts, ends
    ends = np.where(raw[ends - 1] == 13, ends - 1, ends)  # a Windows line end is not part of the value
    commas = np.flatnonzero(raw == 44)
    field_start = starts
    if index > 0:
        nth = np.searchsorted(commas, starts) + index - 1
        if nth.max() >= len(commas) or (commas[nth] >= ends).any():
            return None
        field_start = commas[nth] + 1
    following = np.searchsorted(commas, field_start)
    next_comma = commas[np.minimum(following, len(commas) - 1)] if len(commas) else ends
    next_comma = np.where(following < len(commas), next_comma, len(raw))
    return raw, field_start, np.minimum(next_comma, ends)


_ISO_UTC = b"0000-00-00T00:00:00Z"
_DIGITS = [i for i, c in enumerate(_ISO_UTC) if c == ord("0")]


def _newest_iso_utc(raw: np.ndarray, start: np.ndarray, end: np.ndarray) -> pd.Timestamp | None:
    """The newest of ``YYYY-MM-DDTHH:MM:SSZ`` values, or None when not every value has that shape.

    Such values sort as text, so the newest is found digit by digit: keep the rows holding the
    largest first digit, then among them the largest second digit, and so on.
    """
    if not ((end - start) == len(_ISO_UTC)).all():
        return None
    if not ((raw[start + 10] == ord("T")) & (raw[start + 19] == ord("Z")) & (raw[start + 4] == ord("-"))).all():
        return None
    candidates = start
    for position in _DIGITS:
        digits = raw[candidates + position]
        candidates = candidates[digits == digits.max()]
    first = int(candidates[0])
    return pd.Timestamp(raw[first:first + len(_ISO_UTC)].tobytes().decode())


def newest_timestamp(product: ProductFile, column: str) -> pd.Timestamp | None:
    """The newest time in ``column``: from the raw bytes when the values are plain ISO-8601 UTC,
    else parsed with pandas (only that column)."""
    index = product.header().index(column)
    bounds = field_bounds(product.data(), index)
    if bounds is not None and len(bounds[1]):
        newest = _newest_iso_utc(*bounds)
        if newest is not None:
            return newest
        raw, start, end = bounds
        texts = pd.Series([raw[s:e].tobytes().decode("utf-8", "replace") for s, e in zip(start, end, strict=True)])
    else:
        texts = pd.read_csv(io.BytesIO(product.data()), usecols=[column], dtype=str)[column]
    stamps = pd.to_datetime(texts, errors="coerce", utc=True, format="ISO8601")
    return stamps.max() if stamps.notna().any() else None


# --------------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------------


def check_readable(product: ProductFile) -> str:
    """The file exists and its header reads as CSV."""
    if not product.path.exists():
        raise SmokeFailure(f"no file at {product.path}")
    try:
        header = product.header()
    except UnicodeDecodeError:
        raise SmokeFailure(f"{product.path.name} is not UTF-8 text") from None
    if not header:
        raise SmokeFailure(f"{product.path.name} is empty: not even a header row")
    return f"{product.path.name}: {len(product.data()):,} bytes, {len(header)} columns"


def check_columns(product: ProductFile) -> str:
    """Every column of the contract is in the header."""
    expected = product.contract.columns()
    missing = [c for c in expected if c not in product.header()]
    if missing:
        extra = [c for c in product.header() if c not in expected]
        hint = f" (the file has {', '.join(extra)} instead: renamed?)" if extra else ""
        raise SmokeFailure(f"missing column(s) {', '.join(missing)}{hint}")
    return f"all {len(expected)} contract columns present"


def _minimum_rows(contract: Contract) -> float:
    floor = 0.0
    for rule in contract.quality_rules():
        raw = rule.raw or {}
        if raw.get("metric") == "rowCount":
            for key in ("mustBeGreaterThan", "mustBeGreaterOrEqualTo"):
                if isinstance(raw.get(key), (int, float)):
                    floor = max(floor, float(raw[key]) + (1 if key == "mustBeGreaterThan" else 0))
    return floor


def check_rows(product: ProductFile) -> str:
    """Row count above zero, and above the contract's rowCount minimum."""
    rows = product.row_count()
    floor = max(1.0, _minimum_rows(product.contract))
    if rows < floor:
        raise SmokeFailure(f"{rows:,} rows; the product promises at least {floor:,.0f}")
    return f"{rows:,} rows"


def freshness_sla(contract: Contract) -> tuple[str, pd.Timedelta] | None:
    """(timestamp column, allowed age) of the contract's freshness or latency SLA, if it has one."""
    for item in contract.sla_properties:
        if item.property in FRESHNESS_PROPERTIES:
            limit = duration(item.value, item.unit)
            column = str(item.element or "").split(".")[-1]
            if limit is not None and column:
                return column, limit
    return None


def check_fresh(product: ProductFile) -> str:
    """The newest timestamp is within the freshness (or latency) SLA."""
    sla = freshness_sla(product.contract)
    if sla is None:
        return "no freshness SLA to check"
    column, limit = sla
    if column not in product.header():
        raise SmokeFailure(f"the SLA's column {column!r} is not in the file")
    newest = newest_timestamp(product, column)
    if newest is None:
        raise SmokeFailure(f"no readable time in {column!r}")
    age = product.now - newest
    if age > limit:
        raise SmokeFailure(f"stale: newest {column} is {age} old at {product.now:%Y-%m-%d %H:%M} UTC; "
                           f"the SLA allows {limit}")
    return f"newest {column} {newest:%Y-%m-%d %H:%M}, {age} old (allowed {limit})"


def smoke_suite(budget_s: float = 5.0) -> SmokeSuite:
    """The data-product smoke tier, fail-fast, in the order a failure makes the rest meaningless."""
    return SmokeSuite("data product smoke", [
        SmokeCheck("file readable", "data", check_readable, timeout=budget_s),
        SmokeCheck("columns present", "data", check_columns, timeout=budget_s),
        SmokeCheck("rows above zero", "data", check_rows, timeout=budget_s),
        SmokeCheck("fresh within SLA", "data", check_fresh, timeout=budget_s),
    ], budget_s=budget_s)


def smoke_product(contract: Contract, csv_path: str | Path, now=None):
    """Run the smoke tier on one product's file; returns a :class:`mesh_lab.smoke.SmokeRun`."""
    from mesh_lab.datasets import REFERENCE_TIME

    if not isinstance(contract, Contract):
        raise DataSmokeError(f"smoke_product() needs a Contract (from load_contract); got {type(contract).__name__}")
    moment = pd.Timestamp(now if now is not None else REFERENCE_TIME)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")
    return smoke_suite().run(ProductFile(contract, Path(csv_path), moment))


# --------------------------------------------------------------------------------------------------
# Which tier catches which fault: run them all
# --------------------------------------------------------------------------------------------------

TIERS = ("smoke", "full validation", "SLA")


def _run_tier(tier: str, contract: Contract, path: Path, now: pd.Timestamp) -> tuple[bool, str]:
    """(caught?, what it said) for one tier on one file. A tier that cannot even read the file caught it."""
    from mesh_lab.sla import check_sla
    from mesh_lab.validation import read_product, validate

    if tier == "smoke":
        run = smoke_product(contract, path, now)
        failed = [r for r in run.results if r.status in ("fail", "error")]
        return bool(failed), (f"{failed[0].name}: {failed[0].message}" if failed else "all smoke checks pass")
    try:
        frame = read_product(contract, csv_path=path)
    except MeshLabError as exc:
        return True, f"cannot read: {str(exc).splitlines()[0]}"
    if tier == "full validation":
        result = validate(frame, contract)
        return (not result.passed), result.headline()
    report_ = check_sla(contract, frame, now=now)
    failed = report_.frame[report_.frame["passed"] == False]  # noqa: E712 - True/False/None column
    return (not failed.empty), ("; ".join(f"{r.property}: {r.message}" for r in failed.itertuples()) or
                                "every SLA holds")


def detection_matrix(product_id: str = "payments.transactions", faults=None, *, seed: int = 0, now=None,
                     folder: str | Path | None = None) -> pd.DataFrame:
    """One row per (fault, tier): caught or missed, the tier's time in ms and what it said.

    Each fault is injected into a copy of the product's file (in ``folder``, default a temporary
    folder) and every tier is run on it; nothing here is a table typed in by hand. A ``none`` row runs
    the tiers on the untouched file first: no tier may cry wolf.
    """
    import tempfile
    import time

    from mesh_lab.contracts import load_contract
    from mesh_lab.datasets import REFERENCE_TIME, product_paths
    from mesh_lab.faults import DATA_FAULTS, inject

    csv_path, contract_path = product_paths(product_id)
    contract = load_contract(contract_path)
    text = csv_path.read_text(encoding="utf-8")
    moment = pd.Timestamp(now if now is not None else REFERENCE_TIME)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")
    names = ["none", *(faults or DATA_FAULTS)]
    rows = []
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        for name in names:
            target = Path(scratch) / f"{name.replace(' ', '_')}.csv"
            broken = text if name == "none" else inject(name, text, contract, seed)
            if broken is not None:
                target.write_text(broken, encoding="utf-8")
            for tier in TIERS:
                started = time.perf_counter()
                caught, said = _run_tier(tier, contract, target, moment)
                rows.append({"fault": name, "tier": tier, "caught": caught,
                             "ms": round((time.perf_counter() - started) * 1000, 1), "said": said})
    return pd.DataFrame(rows, columns=["fault", "tier", "caught", "ms", "said"])


def matrix_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix as faults × tiers: ``caught`` or ``missed``; on the untouched file (``none``) a tier
    should stay ``quiet`` — a ``FALSE ALARM`` there is a tier crying wolf."""
    table = matrix.pivot(index="fault", columns="tier", values="caught").reindex(columns=list(TIERS))
    table = table.reindex(list(dict.fromkeys(matrix["fault"]))).astype(object)
    for fault in table.index:
        words = ("FALSE ALARM", "quiet") if fault == "none" else ("caught", "missed")
        table.loc[fault] = [words[0] if caught else words[1] for caught in table.loc[fault]]
    return table
