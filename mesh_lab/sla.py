"""Service-level agreements of a data product, measured on its data at an explicit moment ``now``.

The kit evaluates these ``slaProperties`` (everything else is kept and listed as "not executed"):

* ``latency`` (freshness): ``now − newest value of element ≤ value unit``. A ``date`` counts from the
  end of its day, so yesterday's row is fresh at breakfast.
* ``frequency``: the largest gap between consecutive distinct values of ``element`` is ``≤ value unit``
  (the product is refreshed at least that often).
* ``retention``: the oldest value of ``element`` is at most ``value unit`` old (older data were deleted
  as promised).
* ``completeness``: the share of non-empty values of ``element`` is ``≥ value`` percent.

``now`` defaults to :data:`mesh_lab.datasets.REFERENCE_TIME`, so every run prints the same numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mesh_lab import report
from mesh_lab.contracts import TIME_UNITS, Contract, SlaProperty
from mesh_lab.datasets import REFERENCE_TIME

SLA_COLUMNS = ["property", "element", "target", "measured", "passed", "status", "path", "message"]
EXECUTED = ("latency", "freshness", "frequency", "retention", "completeness")
_STEP = {"s": pd.Timedelta(seconds=1), "min": pd.Timedelta(minutes=1), "h": pd.Timedelta(hours=1),
         "d": pd.Timedelta(days=1), "w": pd.Timedelta(weeks=1), "mo": pd.Timedelta(days=30),
         "y": pd.Timedelta(days=365)}
_UNITS = {name: _STEP[short] for name, short in TIME_UNITS.items()}


def duration(value, unit: str | None) -> pd.Timedelta | None:
    """``duration(4, "h")`` → 4 hours; ``None`` when the unit is not a time unit the kit knows or the
    value is not a usable amount of it (not a number, NaN, negative or beyond pandas' ±292 years)."""
    step = _UNITS.get(str(unit or "").strip().lower())
    if step is None or isinstance(value, bool):
        return None
    try:
        amount = float(value)
        limit = step * amount
    except (TypeError, ValueError, OverflowError):
        return None
    return None if pd.isna(limit) or amount < 0 else limit


def _moment(now) -> pd.Timestamp:
    """``now`` as a UTC timestamp (naive = UTC); a clear error for anything that is not a moment."""
    if now is None:
        return REFERENCE_TIME
    how = ("pass now= as a datetime, a pandas Timestamp or ISO 8601 text such as '2026-03-02T06:00:00Z' "
           "(naive times are read as UTC)")
    if isinstance(now, (bool, int, float)) or not isinstance(now, (str, datetime.date, pd.Timestamp,
                                                                       np.datetime64)):
        raise TypeError(f"check_sla(now={now!r}): {type(now).__name__} is not a moment in time; {how}")
    try:
        moment = pd.Timestamp(now)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(f"check_sla(now={now!r}) cannot be read as a moment in time ({exc}); {how}") from None
    if pd.isna(moment):
        raise ValueError(f"check_sla(now={now!r}) is an empty time (NaT); {how}")
    return moment.tz_localize("UTC") if moment.tzinfo is None else moment.tz_convert("UTC")


def _human(delta: pd.Timedelta) -> str:
    """``2 h 1 s``, ``3 d 4 h``: exact enough to see why a boundary was crossed."""
    seconds = int(round(delta.total_seconds()))
    if seconds == 0:
        return "0 s"
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    parts = []
    for size, label in ((86400, "d"), (3600, "h"), (60, "min"), (1, "s")):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {label}")
    return sign + " ".join(parts[:3])


def _column_of(element: str | None, frame: pd.DataFrame, contract: Contract) -> str | None:
    """``transactions.created_at`` → ``created_at``; without an element, the first timestamp column."""
    if element:
        name = str(element).split(",")[0].strip()
        if name in frame.columns:
            return name
        tail = name.split(".")[-1]
        return tail if tail in frame.columns else None
    for prop in _properties(contract):
        if prop.logical_type in ("timestamp", "date") and prop.name in frame.columns:
            return prop.name
    return None


def _properties(contract: Contract) -> list:
    return contract.properties() if contract.schema_objects else []


def _times(series: pd.Series, logical: str | None) -> pd.Series:
    from mesh_lab.validation import as_timestamps

    stamps = as_timestamps(series)[0].dropna()
    return stamps + pd.Timedelta(days=1) if logical == "date" else stamps


@dataclass
class _Row:
    property: str
    element: str | None
    target: str
    measured: str = "—"
    passed: bool | None = None
    status: str = "not executed"
    path: str = ""
    message: str = ""


def _evaluate(item: SlaProperty, frame: pd.DataFrame, contract: Contract, now: pd.Timestamp) -> _Row:
    kind = item.property
    target = f"{item.value} {item.unit or ''}".strip()
    row = _Row(kind, item.element, target, path=item.path)
    if kind not in EXECUTED:
        row.message = "kept in the contract, not measured by Mesh Lab"
        return row
    column = _column_of(item.element, frame, contract)
    if column is None:
        row.status, row.passed = "failed", False
        row.message = (f"element {item.element!r} is not a column of the data; the SLA cannot be met"
                       if item.element else "no element named and no timestamp column to measure; add "
                       "element: <table>.<column> to this SLA property")
        return row
    series = frame[column]
    if kind == "completeness":
        return _completeness(row, series, item)
    limit = duration(item.value, item.unit)
    if limit is None:
        if duration(1, item.unit) is None:
            row.message = f"unit {item.unit!r} is not a time unit Mesh Lab knows (use s, min, h, d, w, y)"
        else:
            row.message = (f"value {item.value!r} is not a usable number of {item.unit} (a number ≥ 0 and "
                           "under about 290 years)")
        return row
    logical = next((p.logical_type for p in _properties(contract) if p.name == column), None)
    stamps = _times(series, logical)
    if stamps.empty:
        row.status, row.passed, row.message = "failed", False, f"no readable times in {column!r}"
        return row
    if kind in ("latency", "retention") and stamps.min() > now:
        row.status, row.passed = "failed", False
        row.measured = f"{_human(stamps.min() - now)} in the future"
        row.message = (f"every {column} is later than now ({now:%Y-%m-%d %H:%M} UTC), the oldest by "
                       f"{_human(stamps.min() - now)}: is `now` right? Data from the future cannot be "
                       "measured against this SLA")
        return row
    if kind in ("latency", "freshness"):
        age = max(now - stamps.max(), pd.Timedelta(0))
        row.measured, row.passed = _human(age), bool(age <= limit)
        row.message = f"newest {column} is {_human(age)} old; allowed {_human(limit)}"
        if stamps.max() > now:
            row.message += (f" (the newest is {_human(stamps.max() - now)} after now, "
                            f"{now:%Y-%m-%d %H:%M} UTC: is `now` right?)")
    elif kind == "retention":
        age = now - stamps.min()
        row.measured, row.passed = _human(age), bool(age <= limit)
        row.message = f"oldest {column} is {_human(age)} old; data older than {_human(limit)} must be gone"
    else:  # frequency
        distinct = stamps.drop_duplicates().sort_values()
        gap = distinct.diff().max() if len(distinct) > 1 else pd.Timedelta(0)
        row.measured, row.passed = _human(gap), bool(gap <= limit)
        row.message = f"largest gap between {column} values is {_human(gap)}; allowed {_human(limit)}"
    row.status = "passed" if row.passed else "failed"
    return row


def _completeness(row: _Row, series: pd.Series, item: SlaProperty) -> _Row:
    try:
        wanted = float(item.value)
    except (TypeError, ValueError):
        row.message = f"completeness needs a number of percent, found {item.value!r}"
        return row
    share = 100.0 * float(series.notna().mean()) if len(series) else 0.0
    row.measured, row.passed = f"{share:.2f} %", share >= wanted
    row.status = "passed" if row.passed else "failed"
    row.message = f"{share:.2f} % of {series.name} filled; at least {wanted:g} % promised"
    return row


class SlaReport:
    """The SLA verdict of one product at one moment: a row per ``slaProperties`` entry."""

    def __init__(self, contract: Contract, now: pd.Timestamp, frame: pd.DataFrame):
        self.contract = contract
        self.now = now
        self.frame = frame

    @property
    def passed(self) -> bool:
        """True when every SLA the kit measures is met."""
        return not bool(self.frame["passed"].eq(False).any())

    @property
    def breaches(self) -> pd.DataFrame:
        return self.frame[self.frame["passed"].eq(False)].reset_index(drop=True)

    def __bool__(self) -> bool:
        return self.passed

    def headline(self) -> str:
        measured = int(self.frame["status"].ne("not executed").sum())
        mark = "✅" if self.passed else "❌"
        broken = len(self.breaches)
        verdict = f"all {measured} measured SLAs met" if self.passed else f"{broken} of {measured} SLAs breached"
        return f"{mark} {self.contract.product_id} at {self.now:%Y-%m-%d %H:%M} UTC: {verdict}"

    def __repr__(self) -> str:
        lines = [self.headline()]
        icon = {True: "✅", False: "❌"}
        for r in self.frame.itertuples(index=False):
            lines.append(f"  {icon.get(r.passed, '·')} {r.property} {r.target}: {r.message}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        shown = self.frame.copy()
        shown["passed"] = shown["passed"].map({True: "✅", False: "❌"}).fillna("—")
        table = report.frame_html(shown, ["passed", "property", "element", "target", "measured", "message"])
        return f"<div class='mesh-lab-sla'>{report.verdict_html(report.status_of(self.passed), self.headline())}{table}</div>"


def check_sla(contract: Contract, frame: pd.DataFrame | None = None, now=None) -> SlaReport:
    """Measure a product's SLAs on its data at ``now`` (default: the sample data's reference time).

    ``frame`` defaults to the product's own data read with :func:`mesh_lab.validation.read_product`.
    """
    if not isinstance(contract, Contract):
        raise TypeError(f"check_sla() needs a Contract (from load_contract); got {type(contract).__name__}")
    if frame is None:
        from mesh_lab.validation import read_product

        frame = read_product(contract)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"check_sla() needs a pandas DataFrame; got {type(frame).__name__}")
    from mesh_lab.validation import check_columns

    frame = check_columns(frame, "check_sla()")
    if not frame.columns.is_unique:  # as validate() does: the first of repeated column names counts
        frame = frame.loc[:, ~frame.columns.duplicated()]
    moment = _moment(now)
    rows = [_evaluate(item, frame, contract, moment) for item in contract.sla_properties]
    table = pd.DataFrame([r.__dict__ for r in rows], columns=SLA_COLUMNS)
    table["passed"] = table["passed"].astype(object)
    return SlaReport(contract, moment, table)
