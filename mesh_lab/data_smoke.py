"""The smoke tier of a data product: is the file there, does it basically look right, is it fresh?

Full validation (:func:`mesh_lab.validation.validate`) reads every value of every column and checks
every rule. A smoke tier answers a smaller question fast — "does this product basically work?" —
reading only what it must, like datacontract-cli's ``test --metadata-only``:

1. **readable**: the file exists and its header reads as UTF-8 CSV;
2. **columns**: every column of the contract is in the header (renamed or dropped columns fail);
3. **rows**: the row count (newlines, counted in C) is above zero, and above the contract's
   ``rowCount`` minimum when it states one;
4. **fresh**: the newest value of the timestamp column is within the freshness/latency SLA.

The newest timestamp comes from the raw bytes with numpy. When the timestamp is the last column and
every row ends with ``,YYYY-MM-DDTHH:MM:SSZ`` (the usual case), each row's last 20 bytes are gathered
from the newline positions alone and compared as integers; otherwise the position of each row's field
is found from the newline and comma positions. No other value is parsed. A file with quoted fields
falls back to reading just that column with pandas.

``python -m mesh_lab smoke --product ID [--csv PATH] [--now TIME]`` (:func:`main`) runs the tier from the
command line; :func:`detection_matrix` runs it beside full validation and the SLA on injected faults.
Budget (DESIGN.md): ≤ 15 % of full validation's time on 1,000,000 rows (``benchmarks/data_smoke.py``).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mesh_lab.contracts import Contract
from mesh_lab.errors import MeshLabError
from mesh_lab.sla import _human as human_duration
from mesh_lab.sla import check_sla, duration
from mesh_lab.smoke import SmokeCheck, SmokeFailure, SmokeSuite
from mesh_lab.validation import read_product, validate

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
    _newlines: np.ndarray | None = None

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
            data = self.data()
            end = data.find(b"\n")
            first = (data if end < 0 else data[:end]).decode("utf-8-sig").rstrip("\r")
            self._header = next(csv.reader([first])) if first else []
        return self._header

    def raw(self) -> np.ndarray:
        """The file's bytes as a numpy array of uint8 (no copy)."""
        return np.frombuffer(self.data(), dtype=np.uint8)

    def newlines(self) -> np.ndarray:
        """The position of every newline, found once (row count and row ends both need them)."""
        if self._newlines is None:
            self._newlines = np.flatnonzero(self.raw() == 10)
        return self._newlines

    def row_count(self) -> int:
        """Rows below the header (a missing final newline still counts its row)."""
        data = self.data()
        lines = len(self.newlines()) + (0 if data.endswith(b"\n") or not data else 1)
        return max(0, lines - 1)

    def __str__(self) -> str:
        return f"{self.contract.id} ({self.path})"


# --------------------------------------------------------------------------------------------------
# The newest value of one column, from bytes
# --------------------------------------------------------------------------------------------------


def row_bounds(raw: np.ndarray, newlines: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) of every row below the header, from the newline positions alone; a Windows line
    end (``\\r``) is not part of the row."""
    newlines = np.flatnonzero(raw == 10) if newlines is None else newlines
    starts = newlines + 1                      # each row starts after a newline (the header's is the first)
    ends = np.append(newlines[1:], len(raw))   # and ends at the next newline, or at the end of the file
    keep = starts < ends                       # no row after a final newline
    starts, ends = starts[keep], ends[keep]
    if len(starts):
        ends = np.where(raw[ends - 1] == 13, ends - 1, ends)
    return starts, ends


def field_bounds(data: bytes, index: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(bytes as uint8, start, end) of the ``index``-th field of every row, found from the positions of
    newlines and commas alone. ``None`` for CSV with quoted fields (a comma inside quotes would shift
    the columns) or rows with too few fields: the caller then reads the column with pandas."""
    if b'"' in data:
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    starts, ends = row_bounds(raw)
    if not len(starts):
        return raw, starts, ends
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
_MARKS = [(i, c) for i, c in enumerate(_ISO_UTC) if c != ord("0")]


def _newest_iso_utc(raw: np.ndarray, start: np.ndarray, end: np.ndarray) -> pd.Timestamp | None:
    """The newest of ``YYYY-MM-DDTHH:MM:SSZ`` values, or None when not every value has that shape.

    Such values sort as text, so the newest is found digit by digit: keep the rows holding the
    largest first digit, then among them the largest second digit, and so on.
    """
    if not ((end - start) == len(_ISO_UTC)).all():
        return None
    for position, mark in _MARKS:
        if not (raw[start + position] == mark).all():
            return None
    candidates = start
    for position in _DIGITS:
        digits = raw[candidates + position]
        if digits.max() > ord("9") or digits.min() < ord("0"):
            return None
        candidates = candidates[digits == digits.max()]
    first = int(candidates[0])
    try:  # all digits but no time (month 13): let pandas read the column instead
        return pd.Timestamp(raw[first:first + len(_ISO_UTC)].tobytes().decode("ascii"), tz="UTC")
    except ValueError:
        return None


def _newest_last_iso_utc(product: ProductFile, columns: int) -> pd.Timestamp | None:
    """The newest value of the last column when every row ends with ``,YYYY-MM-DDTHH:MM:SSZ``, found
    without scanning for commas: each row's last 20 bytes are gathered in one step (a strided view of
    the file) and compared as two big-endian integers and a short tail. ``None`` when a row has
    another shape (the caller then takes the general path)."""
    raw, width = product.raw(), len(_ISO_UTC)
    starts, ends = row_bounds(raw, product.newlines())
    begin = ends - width
    if not len(begin) or (begin < starts).any() or (columns > 1 and not (raw[begin - 1] == 44).all()):
        return None
    windows = np.lib.stride_tricks.as_strided(raw, shape=(len(raw) - width + 1, width), strides=(1, 1))
    block = windows[begin]                                           # (rows, 20) bytes, one copy
    marks = np.frombuffer(_ISO_UTC, dtype=np.uint8) != ord("0")
    if not (block[:, marks] == np.frombuffer(_ISO_UTC, dtype=np.uint8)[marks]).all():
        return None
    head = np.ascontiguousarray(block[:, :16]).view(">u8")          # YYYY-MM-DDTHH:MM as 2 integers
    tail = np.ascontiguousarray(block[:, 16:]).view(">u4")[:, 0]     # :SSZ
    keep = head[:, 0] == head[:, 0].max()
    keep &= head[:, 1] == head[keep, 1].max()
    newest = int(np.flatnonzero(keep & (tail == tail[keep].max()))[0])
    try:  # a non-digit sorts above the digits, so a value that is no time can only show up here
        return pd.Timestamp(block[newest].tobytes().decode("ascii"), tz="UTC")
    except ValueError:
        return None


def newest_timestamp(product: ProductFile, column: str) -> pd.Timestamp | None:
    """The newest time in ``column``: from the raw bytes when the values are plain ISO-8601 UTC,
    else parsed with pandas (only that column)."""
    header = product.header()
    index = header.index(column)
    if index == len(header) - 1:  # the usual place of a timestamp: the fast path needs no comma scan
        newest = _newest_last_iso_utc(product, len(header))
        if newest is not None:
            return newest
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
    if any(p.name == column and p.logical_type == "date" for p in product.contract.properties()):
        newest += pd.Timedelta(days=1)  # as the SLA check counts it: a date is fresh until its day ends
    age = product.now - newest
    if age > limit:
        raise SmokeFailure(f"stale: newest {column} is {human_duration(age)} old at {product.now:%Y-%m-%d %H:%M} "
                           f"UTC; the SLA allows {human_duration(limit)}")
    return f"newest {column} {newest:%Y-%m-%d %H:%M}, {human_duration(age)} old (allowed {human_duration(limit)})"


def rule_path(check_name: str, contract: Contract) -> str:
    """The contract path of the promise a smoke check enforces ("" when the check follows from no rule)."""
    if check_name == "columns present":
        return "schema[0].properties"
    if check_name == "rows above zero":
        return next((rule.path for rule in contract.quality_rules()
                     if (rule.raw or {}).get("metric") == "rowCount"), "")
    if check_name == "fresh within SLA":
        return next((item.path for item in contract.sla_properties if item.property in FRESHNESS_PROPERTIES), "")
    return ""


def smoke_suite(budget_s: float = 5.0) -> SmokeSuite:
    """The data-product smoke tier, fail-fast, in the order a failure makes the rest meaningless."""
    return SmokeSuite("data product smoke", [
        SmokeCheck("file readable", "data", check_readable, timeout=budget_s),
        SmokeCheck("columns present", "data", check_columns, timeout=budget_s),
        SmokeCheck("rows above zero", "data", check_rows, timeout=budget_s),
        SmokeCheck("fresh within SLA", "data", check_fresh, timeout=budget_s),
    ], budget_s=budget_s)


def as_moment(now=None) -> pd.Timestamp:
    """``now`` as a UTC timestamp (default: the sample data's reference time); naive times are UTC."""
    from mesh_lab.datasets import REFERENCE_TIME

    try:
        moment = pd.Timestamp(now if now is not None else REFERENCE_TIME)
    except (TypeError, ValueError):
        raise DataSmokeError(f"now={now!r} is not a moment in time; give ISO 8601 text such as "
                             "'2026-03-02T06:00:00Z'") from None
    if pd.isna(moment):
        raise DataSmokeError(f"now={now!r} is not a moment in time; give ISO 8601 text such as '2026-03-02T06:00:00Z'")
    return moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")


def smoke_product(contract: Contract, csv_path: str | Path, now=None, *, fail_fast: bool = True):
    """Run the smoke tier on one product's file; returns a :class:`mesh_lab.smoke.SmokeRun`."""
    if not isinstance(contract, Contract):
        raise DataSmokeError(f"smoke_product() needs a Contract (from load_contract); got {type(contract).__name__}")
    return smoke_suite().run(ProductFile(contract, Path(csv_path), as_moment(now)), fail_fast=fail_fast)


# --------------------------------------------------------------------------------------------------
# Which tier catches which fault: run them all
# --------------------------------------------------------------------------------------------------

TIERS = ("smoke", "full validation", "SLA")


def _run_tier(tier: str, contract: Contract, path: Path, now: pd.Timestamp) -> tuple[bool, str]:
    """(caught?, what it said) for one tier on one file. A tier that cannot even read the file caught it."""
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
    from mesh_lab.datasets import product_paths
    from mesh_lab.faults import DATA_FAULTS, inject

    csv_path, contract_path = product_paths(product_id)
    contract = load_contract(contract_path)
    text = csv_path.read_text(encoding="utf-8")
    moment = as_moment(now)
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


# --------------------------------------------------------------------------------------------------
# Command line: python -m mesh_lab smoke --product ID [--csv PATH] [--now TIME]
# --------------------------------------------------------------------------------------------------


def product_contract_and_csv(product_id: str, contract: str | Path | None = None) -> tuple[Path, Path]:
    """(contract path, csv path) of a product: a sample product by its id, or any product by its
    contract file (``contract``; its data sit beside it as ``<name>.csv``). An unknown id without a
    contract is a :class:`DataSmokeError` that suggests the nearest known ids."""
    from mesh_lab.datasets import PRODUCTS, product_paths

    if contract is not None:
        contract_path = Path(contract)
        sample = product_paths(product_id)[0] if product_id in PRODUCTS else None
        return contract_path, sample or contract_path.with_name(contract_path.name.replace(".odcs.yaml", ".csv"))
    if product_id in PRODUCTS:
        csv_path, contract_path = product_paths(product_id)
        return contract_path, csv_path
    near = difflib.get_close_matches(str(product_id), PRODUCTS, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(near)}? " if near else ""
    raise DataSmokeError(f"no sample data product {product_id!r}; {hint}known products: {', '.join(PRODUCTS)} "
                         "(for your own product, add --contract PATH/TO/name.odcs.yaml)")


def run_line(result) -> str:
    """One line of the command's output: icon, check, time, what it found."""
    return f"{result.icon} {result.name:<17} {result.duration_ms:7.1f} ms  {result.message}"


def smoke_command(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab smoke``: a data product's smoke tier with ``--product``, else a release of the
    demo service (:func:`mesh_lab.smoke.main`). This module builds on :mod:`mesh_lab.smoke`, so the
    command is routed here and imports point one way."""
    from mesh_lab import smoke

    argv = list(sys.argv[1:] if argv is None else argv)
    if any(arg == "--product" or arg.startswith("--product=") for arg in argv):
        return main(argv)
    return smoke.main(argv)


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab smoke --product ID [--csv PATH] [--contract PATH] [--now TIME]``.

    One line per check with its time; exit 0 when every check passes, 1 when one fails, 2 when the
    input is unusable (an unknown product id, an unreadable contract, a ``--now`` that is no time).
    """
    from mesh_lab.contracts import load_contract

    parser = argparse.ArgumentParser(prog="python -m mesh_lab smoke --product",
                                     description="Run the smoke tier of a data product: readable, columns, "
                                                 "rows, fresh. Reads the header, the newlines and one column.")
    parser.add_argument("--product", required=True, help="the product id, e.g. payments.transactions")
    parser.add_argument("--csv", help="the data file to smoke (default: the product's own file)")
    parser.add_argument("--contract", help="the contract to derive the checks from (default: the product's)")
    parser.add_argument("--now", help="the moment freshness is measured at (default: the kit's reference time)")
    parser.add_argument("--run-all", action="store_true", help="run every check, even after a failure")
    args = parser.parse_args(argv)
    try:
        contract_path, csv_path = product_contract_and_csv(args.product, args.contract)
        contract = load_contract(contract_path)
        moment = as_moment(args.now)
    except MeshLabError as exc:
        print(f"mesh_lab smoke: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    target = Path(args.csv) if args.csv else csv_path
    run = smoke_suite().run(ProductFile(contract, target, moment), fail_fast=not args.run_all)
    print(f"data product smoke: {contract.id} · {target} · now {moment:%Y-%m-%dT%H:%M:%SZ}")
    for result in run.results:
        print(run_line(result))
    print(run.summary())
    return 0 if run.passed else 1
