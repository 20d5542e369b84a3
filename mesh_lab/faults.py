"""The fault library: seeded ways a data product's file goes wrong, to see which check catches what.

Each :class:`DataFault` takes the product's CSV text (and a seed) and returns the broken text, or
``None`` when the fault is "the file is not there". The faults follow the vocabulary of data
downtime: **freshness** (stale, a late day), **volume** (empty, volume drop), **schema** (missing
file, dropped, renamed or retyped column), **distribution** (duplicates, out-of-range values, a null
spike, pattern drift). Every fault is deterministic for a seed, so two runs of a lesson or a game day
see the same broken data.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mesh_lab.contracts import Contract
from mesh_lab.errors import MeshLabError


class FaultError(MeshLabError, ValueError):
    """A fault cannot be applied to this product (the message says which column it needs)."""


@dataclass(frozen=True)
class DataFault:
    """One way data break: a name, the data-downtime pillar it belongs to, what it does, and how."""

    name: str
    pillar: str
    description: str
    apply: Callable[[pd.DataFrame, Contract, np.random.Generator], pd.DataFrame | None] = None  # type: ignore

    def __repr__(self) -> str:
        return f"DataFault({self.name!r}, {self.pillar}: {self.description})"


def _column(contract: Contract, *, logical: tuple[str, ...] = (), required: bool | None = None,
            pattern: bool = False, numeric_limit: bool = False) -> str:
    for prop in contract.properties():
        options = prop.options if isinstance(getattr(prop, "options", None), dict) else {}
        if logical and prop.logical_type not in logical:
            continue
        if required is not None and bool(prop.required) != required:
            continue
        if pattern and not options.get("pattern"):
            continue
        if numeric_limit and "minimum" not in options:
            continue
        return prop.name
    raise FaultError(f"{contract.id} has no column for this fault (needs logical type {logical or 'any'}"
                     f"{', required' if required else ''}{', a pattern' if pattern else ''}"
                     f"{', a minimum' if numeric_limit else ''})")


def _time_column(contract: Contract) -> str:
    return _column(contract, logical=("timestamp",))


def _times(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column], utc=True, errors="coerce", format="ISO8601")


def _as_text(times: pd.Series) -> pd.Series:
    return times.dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _stale(frame, contract, rng):
    column = _time_column(contract)
    shifted = frame.copy()
    shifted[column] = _as_text(_times(frame, column) - pd.Timedelta(days=3))
    return shifted


def _late_day(frame, contract, rng):
    column = _time_column(contract)
    times = _times(frame, column)
    return frame[times < times.max() - pd.Timedelta(days=1)]


def _volume_drop(frame, contract, rng):
    return frame.sample(frac=0.02, random_state=int(rng.integers(1 << 31))).sort_index()


def _duplicates(frame, contract, rng):
    extra = frame.sample(frac=0.1, random_state=int(rng.integers(1 << 31)))
    return pd.concat([frame, extra]).sort_index(kind="stable")


def _out_of_range(frame, contract, rng):
    column = _column(contract, logical=("number", "integer"), numeric_limit=True)
    broken = frame.copy()
    rows = rng.choice(len(broken), size=max(1, len(broken) // 100), replace=False)
    broken.iloc[rows, broken.columns.get_loc(column)] = "-999"
    return broken


def _null_spike(frame, contract, rng):
    column = _column(contract, required=True, logical=("string", "number", "integer"))
    broken = frame.copy()
    rows = rng.choice(len(broken), size=len(broken) * 3 // 10, replace=False)
    broken.iloc[rows, broken.columns.get_loc(column)] = ""
    return broken


def _pattern_drift(frame, contract, rng):
    column = _column(contract, pattern=True)
    broken = frame.copy()
    broken[column] = broken[column].astype(str).str.replace("-", "_", n=1, regex=False)
    return broken


def _type_change(frame, contract, rng):
    column = _column(contract, logical=("number",))
    broken = frame.copy()
    broken[column] = broken[column].astype(str).str.replace(".", ",", regex=False).radd("€ ")
    return broken


def _dropped_column(frame, contract, rng):
    return frame.drop(columns=[_column(contract, required=True)])


def _renamed_column(frame, contract, rng):
    column = _column(contract, required=True)
    return frame.rename(columns={column: column.upper()})


DATA_FAULTS: dict[str, DataFault] = {fault.name: fault for fault in [
    DataFault("missing file", "schema", "the file was never written", lambda f, c, r: None),
    DataFault("empty file", "volume", "the file is there but has zero bytes", lambda f, c, r: f.iloc[0:0, 0:0]),
    DataFault("dropped column", "schema", "a required column disappeared", _dropped_column),
    DataFault("renamed column", "schema", "a column came with another name", _renamed_column),
    DataFault("type change", "schema", "numbers arrive as text like '€ 12,50'", _type_change),
    DataFault("stale data", "freshness", "the pipeline re-sent data from three days ago", _stale),
    DataFault("late day", "freshness", "the last day of data is missing", _late_day),
    DataFault("volume drop", "volume", "only 2 % of the rows arrived", _volume_drop),
    DataFault("duplicates", "distribution", "10 % of the rows arrived twice", _duplicates),
    DataFault("out-of-range values", "distribution", "1 % of a bounded number is -999", _out_of_range),
    DataFault("null spike", "distribution", "30 % of a required column is empty", _null_spike),
    DataFault("pattern drift", "distribution", "ids changed shape (TX-1 became TX_1)", _pattern_drift),
]}


def inject(fault: str | DataFault, csv_text: str, contract: Contract, seed: int = 0) -> str | None:
    """``csv_text`` broken by ``fault`` (``None`` means: no file at all). The same seed breaks it the same way."""
    chosen = DATA_FAULTS.get(fault) if isinstance(fault, str) else fault
    if chosen is None:
        raise FaultError(f"no data fault {fault!r}; choose one of: {', '.join(DATA_FAULTS)}")
    frame = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    broken = chosen.apply(frame, contract, np.random.default_rng(seed))
    if broken is None:
        return None
    if broken.shape == (0, 0):
        return ""
    return broken.to_csv(index=False, lineterminator="\n")
