"""Check a pandas frame against its ODCS contract and get a report — never an exception for bad data.

``validate(frame, contract)`` turns every executed part of the contract into a *rule* and runs each
rule on whole columns at once (vectorised: a million rows take well under a second):

=========================  ======================================================================
contract field             rule
=========================  ======================================================================
(every property)           ``column`` – the column is in the frame
``logicalType``            ``logicalType`` – each value fits the type (text, whole number, …)
``required`` / primaryKey  ``required`` – no empty values
``unique`` / primaryKey    ``unique`` – no value repeats an earlier one
``logicalTypeOptions``     ``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum``,
                           ``multipleOf``, ``minLength``, ``maxLength``, ``pattern``,
                           ``timezone`` (true: each timestamp carries a zone)
``quality[]`` (library)    ``nullValues``, ``missingValues``, ``invalidValues``,
                           ``duplicateValues``, ``rowCount`` compared with their ``mustBe…`` operator
=========================  ======================================================================

The frame itself is checked too: a column the contract does not name is an ``extraColumn`` warning
(with a hint when it differs from a contract column only by spaces or case), and a column name that
appears twice is a ``duplicateColumn`` error (only the first is checked). Columns with several levels
of names (a MultiIndex) raise ``TypeError`` with the line that flattens them.

A value that fails its ``logicalType`` is reported once, there, and skipped by the range checks.
Text counts as a number if it reads as a finite one (``"12"``; ``inf`` and ``nan`` are not numbers), as
a timestamp if it is ISO 8601 (``2026-03-02T06:00:00Z``), as a date only if it is ``YYYY-MM-DD`` (a
date-time is not a date), as a boolean if it is true/false/yes/no/1/0; ``object`` and ``array``
columns are not type-checked, and ``sql``/``custom``/``text`` quality rules are listed as "not executed".
Naive timestamps are read as UTC (ODCS's default time zone), so tz-aware and naive data compare —
unless ``logicalTypeOptions.timezone`` is true: then each value without a zone fails the ``timezone`` rule.
Patterns are ECMA-262 regular expressions, as ODCS says: ``$`` is the end of the text (see
:func:`ecma_pattern`). Duplicates — ``unique``, ``duplicateValues``, a composite ``primaryKey`` — never
count an empty key as a repeat of another empty key.
A rule's severity comes from the contract (``error`` by default); only failures whose severity is not
``warning`` or ``info`` make the report fail.

Any size: :func:`read_product` reads the CSV straight into the frame (no size limit, no copy of the
file's text), and a report stays small when everything fails — ``summary`` counts every failing value,
``failures`` lists the first :data:`MAX_FAILURES_PER_RULE` per rule (``max_failures_per_rule=None`` for
all), and the report's text says "showing 1,000 of 3,000,000 failing values for rule …".
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime
import decimal
import functools
import itertools
import operator
import re
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mesh_lab import report
from mesh_lab.contracts import Contract, Property, QualityRule, load_contract
from mesh_lab.errors import DataFileError, MeshLabError, MissingDataError

FAILURE_COLUMNS = ["rule", "column", "row", "value", "severity", "dimension", "path", "message"]
SUMMARY_COLUMNS = ["rule", "column", "failed", "checked", "severity", "path", "passed", "status", "metric",
                   "dimension", "name"]
NON_BREAKING = {"warning", "info"}
#: failing values kept per rule in ``report.failures`` unless ``validate(..., max_failures_per_rule=None)``;
#: the summary always counts them all, so a million bad rows give a bounded report that says so.
MAX_FAILURES_PER_RULE = 1000
_ISO_DATE_START = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}"  # a text time must start like 2026-03-02 (ISO 8601)
_ISO_DATE_ONLY = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"  # a date column holds dates, not date-times
_ZONE_AT_END = r"(?:[zZ]|[+-][0-9]{2}(?::?[0-9]{2})?)$"  # Z, +01, +0100 or +01:00 after the time of day
_TRUE = {"true", "1", "yes"}  # text accepted as a boolean (any case); numbers 0 and 1 are accepted too
_FALSE = {"false", "0", "no"}
_DIMENSION_OF = {
    "column": "completeness", "logicalType": "conformity", "required": "completeness",
    "unique": "uniqueness", "primaryKey": "uniqueness", "pattern": "conformity", "minLength": "conformity",
    "maxLength": "conformity", "minimum": "accuracy", "maximum": "accuracy", "exclusiveMinimum": "accuracy",
    "exclusiveMaximum": "accuracy", "multipleOf": "accuracy", "nullValues": "completeness",
    "missingValues": "completeness", "invalidValues": "conformity", "duplicateValues": "uniqueness",
    "rowCount": "completeness", "timezone": "conformity",
}


# ---------------------------------------------------------------------------------------------- outcome
@dataclass
class _Outcome:
    """The result of one rule: which rows failed and why."""

    rule: str
    column: str | None
    path: str
    severity: str
    dimension: str
    checked: int
    mask: np.ndarray | None = None  # boolean, True = failing row
    message: str = ""  # explanation; "{value}" is replaced by each failing value
    frame_level_value: Any = None  # for rules about the whole frame (missing column, row count)
    frame_level_failed: bool = False
    status: str | None = None  # "not executed" for rules the kit keeps but does not run
    metric: Any = None
    name: str = ""

    @property
    def failed(self) -> int:
        if self.mask is not None:
            return int(self.mask.sum())
        return int(self.frame_level_failed)


# ---------------------------------------------------------------------------------------------- value kinds
_NUMERIC_KINDS = ("integer", "floating", "mixed-integer-float", "decimal")
_KNOWN_SCALARS = (str, bool, int, float, decimal.Decimal, np.bool_, np.integer, np.floating, datetime.date,
                  np.datetime64)
class ColumnView:
    """One column with the facts the rules need, each computed once (nulls, text, numbers, times)."""

    def __init__(self, series: pd.Series):
        if isinstance(series.dtype, pd.CategoricalDtype):  # judge the values, not the category codes
            series = series.astype(object)
        self.series = series
        self.n = len(series)

    @cached_property
    def notna(self) -> np.ndarray:
        return self.series.notna().to_numpy(dtype=bool)

    @cached_property
    def objects(self) -> np.ndarray:
        return self.series.to_numpy(dtype=object)

    @property
    def is_text_dtype(self) -> bool:
        return pd.api.types.is_string_dtype(self.series.dtype) or self.series.dtype == object

    @cached_property
    def kinds(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Masks of (text values, bool values, datetime values) for a text/object column."""
        none = np.zeros(self.n, bool)
        if not self.is_text_dtype:
            return none, none, none
        if self.series.dtype != object:
            return self.notna, none, none
        kind = self.inferred
        if kind in ("string", "empty"):
            return self.notna, none, none
        if kind in _NUMERIC_KINDS:
            return none, none, none
        types = [type(v) for v in self.objects]
        is_str = np.fromiter((t is str for t in types), bool, self.n)
        is_bool = np.fromiter((t is bool or t is np.bool_ for t in types), bool, self.n)
        is_time = np.fromiter((issubclass(t, (datetime.date, np.datetime64)) for t in types), bool, self.n)
        return is_str & self.notna, is_bool, is_time

    @cached_property
    def inferred(self) -> str:
        """pandas' name for the kind of values in an object column (``string``, ``mixed``, …)."""
        return pd.api.types.infer_dtype(self.series, skipna=True)

    @cached_property
    def odd_objects(self) -> np.ndarray:
        """Values of a mixed object column that are no scalar a contract knows: bytes, complex numbers,
        lists, dicts… (pandas would read ``b"1"`` or ``1+0j`` as a number; the kit does not)."""
        if self.series.dtype != object or self.inferred in ("string", "empty", *_NUMERIC_KINDS):
            return np.zeros(self.n, bool)
        return self.notna & np.fromiter((not isinstance(v, _KNOWN_SCALARS) for v in self.objects), bool, self.n)

    @property
    def text(self) -> np.ndarray:
        """True where the value is a piece of text."""
        return self.kinds[0]

    @cached_property
    def numbers(self) -> tuple[pd.Series, np.ndarray]:
        """The column as float64 and a mask of non-empty values that are not numbers."""
        series, dtype = self.series, self.series.dtype
        if pd.api.types.is_bool_dtype(dtype):
            return pd.Series(np.nan, index=series.index), self.notna
        if pd.api.types.is_complex_dtype(dtype):  # 1+2j is not a number a contract can bound
            return pd.Series(np.nan, index=series.index), self.notna
        if pd.api.types.is_numeric_dtype(dtype):
            return _finite_only(series.astype("float64"), np.zeros(self.n, bool))
        if not self.is_text_dtype:
            return pd.Series(np.nan, index=series.index), self.notna
        _, is_bool, is_time = self.kinds
        skip = is_bool | is_time | self.odd_objects
        candidates = series.where(~skip) if skip.any() else series
        numbers = pd.to_numeric(candidates.astype(object), errors="coerce").astype("float64")
        return _finite_only(numbers, self.notna & numbers.isna().to_numpy())

    @cached_property
    def timestamps(self) -> tuple[pd.Series, np.ndarray]:
        """The column as UTC timestamps (naive ones read as UTC) and a mask of values that are not times."""
        series, dtype = self.series, self.series.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            return series.dt.tz_convert("UTC"), np.zeros(self.n, bool)
        if pd.api.types.is_datetime64_dtype(dtype):
            return series.dt.tz_localize("UTC"), np.zeros(self.n, bool)
        empty = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us, UTC]")
        if not self.is_text_dtype:
            return empty, self.notna
        is_str, _, is_time = self.kinds
        usable = is_str | is_time
        if not usable.any():
            return empty, self.notna
        stamps = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us, UTC]")
        dated = is_str & self.matches(_ISO_DATE_START)
        if dated.any():
            texts = series.where(dated).astype(object)
            parsed = pd.to_datetime(texts, errors="coerce", utc=True, format="ISO8601")
            stamps = parsed.astype(stamps.dtype) if parsed.notna().any() else stamps
        if is_time.any():
            objects = pd.Series([pd.Timestamp(v) for v in self.objects[is_time]], index=series.index[is_time])
            as_utc = objects.map(lambda t: t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC"))
            stamps[is_time] = pd.to_datetime(as_utc, utc=True).astype(stamps.dtype)
        return stamps, self.notna & stamps.isna().to_numpy()

    @cached_property
    def not_dates(self) -> np.ndarray:
        """True where a non-empty value is not a calendar date: text must be ``YYYY-MM-DD`` (a real day),
        a date-time counts only at midnight, anything else is not a date."""
        series, dtype = self.series, self.series.dtype
        if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(dtype):
            return self.notna & (series.dt.normalize() != series).to_numpy()
        if not self.is_text_dtype:
            return self.notna
        is_str, _, is_time = self.kinds
        ok = np.zeros(self.n, bool)
        if is_str.any():
            texts = series.where(is_str).astype(object)
            shaped = is_str & self.matches(_ISO_DATE_ONLY)
            parsed = pd.to_datetime(texts.where(shaped).str.strip(), errors="coerce", format="%Y-%m-%d")
            ok |= parsed.notna().to_numpy()
        if is_time.any():
            where = np.flatnonzero(is_time)
            ok[where] = np.fromiter((_is_midnight(v) for v in self.objects[where]), bool, len(where))
        return self.notna & ~ok

    @cached_property
    def without_zone(self) -> np.ndarray:
        """True where a non-empty value is a time without a time zone (no ``Z``, no ``+01:00``)."""
        series, dtype = self.series, self.series.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            return np.zeros(self.n, bool)
        if pd.api.types.is_datetime64_dtype(dtype):
            return self.notna.copy()
        if not self.is_text_dtype:
            return np.zeros(self.n, bool)
        is_str, _, is_time = self.kinds
        naive = np.zeros(self.n, bool)
        if is_str.any():
            tails = series.where(is_str).astype(object).str.strip().str.slice(10)  # after YYYY-MM-DD
            naive |= is_str & ~tails.str.contains(_ZONE_AT_END, regex=True, na=False).to_numpy(dtype=bool)
        if is_time.any():
            where = np.flatnonzero(is_time)
            naive[where] = np.fromiter((getattr(v, "tzinfo", None) is None for v in self.objects[where]), bool,
                                       len(where))
        return naive

    def matches(self, pattern: str) -> np.ndarray:
        """True where the value is text containing a match of ``pattern``, an ECMA-262 regular expression
        as ODCS and JSON Schema mean it: a search (not anchored unless the pattern says so), where ``$`` is
        the end of the text (Python's ``$`` also matches before a final newline) and ``\\d`` is 0-9."""
        result = np.zeros(self.n, bool)
        compiled = compile_ecma(pattern)
        if compiled is None:  # lint reports a broken pattern; here it matches nothing
            return result
        where = np.flatnonzero(self.text)
        values = self.objects[where] if len(where) < self.n else self.objects
        result[where] = search_each(compiled, values)
        return result

    def lengths(self) -> np.ndarray:
        """Length of each text value (NaN for anything else)."""
        out = np.full(self.n, np.nan)
        where = np.flatnonzero(self.text)
        out[where] = np.fromiter((len(v) for v in self.objects[where]), float, len(where))
        return out

    def bad_booleans(self) -> np.ndarray:
        dtype = self.series.dtype
        if pd.api.types.is_bool_dtype(dtype):
            return np.zeros(self.n, bool)
        if pd.api.types.is_numeric_dtype(dtype):
            return self.notna & ~self.series.isin([0, 1]).to_numpy()
        if not self.is_text_dtype:
            return self.notna
        is_str, is_bool, is_time = self.kinds
        where = np.flatnonzero(is_str)
        text_ok = np.zeros(self.n, bool)
        text_ok[where] = np.fromiter((v.strip().lower() in _TRUE | _FALSE for v in self.objects[where]), bool,
                                     len(where))
        others = np.flatnonzero(self.notna & ~(is_str | is_bool | is_time))
        number_ok = np.zeros(self.n, bool)
        number_ok[others] = np.fromiter((isinstance(v, (int, float, np.number)) and v in (0, 1)
                                         for v in self.objects[others]), bool, len(others))
        return self.notna & ~(is_bool | text_ok | number_ok)


def _finite_only(numbers: pd.Series, bad: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    """Infinity is not a number a contract can mean (JSON has none): it joins the bad values."""
    infinite = np.isinf(numbers.to_numpy())
    if not infinite.any():
        return numbers, bad
    return numbers.mask(infinite), bad | infinite


def _is_midnight(value: Any) -> bool:
    """A date object, or a date-time whose time of day is 00:00 (a date written as a date-time)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return True
    stamp = pd.Timestamp(value)
    return stamp is not pd.NaT and stamp == stamp.normalize()


_ECMA_CLASS_ESCAPES = {"d": "0-9", "w": "A-Za-z0-9_"}
_ECMA_ESCAPES = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}


def ecma_pattern(pattern: str) -> str:
    """An ECMA-262 regular expression (ODCS ``pattern``) rewritten so Python's ``re`` reads it the same way.

    ``$`` outside a character class becomes ``\\Z`` (ECMA: the end of the text; Python's ``$`` also matches
    before a final newline, so ``"SKU-00001\\n"`` would pass ``^SKU-[0-9]{5}$``); ``\\d``/``\\w`` (and
    ``\\D``/``\\W``) mean ASCII digits and word characters as in ECMA, not any Unicode digit; a named
    group ``(?<name>…)`` becomes Python's ``(?P<name>…)``. Escaped characters (``\\$``) stay as they are.
    """
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            follow = pattern[i + 1]
            table = _ECMA_CLASS_ESCAPES if in_class else _ECMA_ESCAPES
            out.append(table.get(follow, char + follow))
            i += 2
            continue
        if in_class:
            in_class = char != "]" or (out and out[-1] in ("[", "[^"))
            out.append(char)
        elif char == "[":
            in_class = True
            out.append("[^" if pattern.startswith("[^", i) else "[")
            i += 1 if pattern.startswith("[^", i) else 0
        elif char == "$":
            out.append(r"\Z")
        elif pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
            out.append("(?P<")
            i += 2
        else:
            out.append(char)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=256)
def compile_ecma(pattern: str) -> re.Pattern | None:
    """``pattern`` (ECMA-262, as in ODCS) compiled for Python, or None when it is not a valid pattern."""
    try:
        return re.compile(ecma_pattern(pattern))
    except (re.error, TypeError, RecursionError):
        return None


def search_each(compiled: re.Pattern, values: np.ndarray) -> np.ndarray:
    """``compiled.search(v) is not None`` for every string in ``values``, as a boolean array.

    (Measured on 1,000,000 ids: ``map`` with ``operator.is_not`` is a third faster than a generator;
    joining the values and scanning once is *slower*, because every match becomes a Python object.)
    """
    found = map(operator.is_not, map(compiled.search, values), itertools.repeat(None))
    return np.fromiter(found, bool, len(values))


def as_timestamps(series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The column as UTC timestamps (naive ones read as UTC) and a mask of values that are not times."""
    return ColumnView(series).timestamps


def _type_failures(col: ColumnView, logical: str | None) -> tuple[np.ndarray, str]:
    """Mask of values that do not fit a logical type, and the message for them."""
    if logical == "integer":
        numbers, bad = col.numbers
        values = numbers.to_numpy()
        with np.errstate(invalid="ignore"):
            fractional = ~np.isnan(values) & ((np.mod(values, 1) != 0) | ~np.isfinite(values))
        return bad | fractional, "{value} is not a whole number (logicalType integer)"
    if logical == "number":
        return col.numbers[1], "{value} is not a number (logicalType number)"
    if logical == "timestamp":
        return col.timestamps[1], "{value} is not a timestamp (logicalType timestamp; use ISO 8601)"
    if logical == "date":
        return col.not_dates, "{value} is not a date (logicalType date; write YYYY-MM-DD, no time of day)"
    if logical == "boolean":
        return col.bad_booleans(), "{value} is not true or false (logicalType boolean)"
    if logical in ("string", "time"):
        return col.notna & ~col.text, f"{{value}} is not text (logicalType {logical})"
    return np.zeros(col.n, bool), ""


# ---------------------------------------------------------------------------------------------- comparisons
_COMPARE = {
    "minimum": (lambda v, b: v >= b, "below the minimum {bound}"),
    "maximum": (lambda v, b: v <= b, "above the maximum {bound}"),
    "exclusiveMinimum": (lambda v, b: v > b, "not above {bound} (exclusiveMinimum)"),
    "exclusiveMaximum": (lambda v, b: v < b, "not below {bound} (exclusiveMaximum)"),
}


def metric_passes(operator: str | None, threshold: Any, metric: float) -> bool:
    """Does a measured metric satisfy a ``mustBe…`` operator?"""
    if operator == "mustBe":
        return metric == threshold
    if operator == "mustNotBe":
        return metric != threshold
    if operator == "mustBeGreaterThan":
        return metric > threshold
    if operator == "mustBeGreaterOrEqualTo":
        return metric >= threshold
    if operator == "mustBeLessThan":
        return metric < threshold
    if operator == "mustBeLessOrEqualTo":
        return metric <= threshold
    if operator == "mustBeBetween":
        return threshold[0] <= metric <= threshold[1]
    if operator == "mustNotBeBetween":
        return not threshold[0] <= metric <= threshold[1]
    raise ValueError(f"unknown operator {operator!r}")


def _operator_text(operator: str, threshold: Any) -> str:
    words = {"mustBe": "=", "mustNotBe": "≠", "mustBeGreaterThan": ">", "mustBeGreaterOrEqualTo": "≥",
             "mustBeLessThan": "<", "mustBeLessOrEqualTo": "≤"}
    if operator in words:
        return f"{words[operator]} {threshold}"
    if operator == "mustBeBetween":
        return f"between {threshold[0]} and {threshold[1]}"
    return f"outside {threshold[0]}…{threshold[1]}"


# ---------------------------------------------------------------------------------------------- rules
def _property_outcomes(col: ColumnView, prop: Property) -> list[_Outcome]:
    out: list[_Outcome] = []

    def add(rule: str, path: str, mask: np.ndarray, message: str) -> None:
        out.append(_Outcome(rule, prop.name, path, "error", _DIMENSION_OF.get(rule, "conformity"), col.n,
                            mask=np.asarray(mask, bool), message=message))

    logical = prop.logical_type
    bad_type, type_message = _type_failures(col, logical)
    if logical in ("integer", "number", "timestamp", "date", "boolean", "string", "time"):
        add("logicalType", f"{prop.path}.logicalType", bad_type, type_message)
    if prop.required or prop.primary_key:
        flag = "required" if prop.required else "primaryKey"
        add("required", f"{prop.path}.{flag}", ~col.notna, "empty value in a required column")
    if prop.unique or prop.primary_key:
        flag = "unique" if prop.unique else "primaryKey"
        dupes = col.notna & col.series.duplicated(keep="first").to_numpy()
        add("unique", f"{prop.path}.{flag}", dupes, "{value} repeats a value of an earlier row")
    _option_outcomes(col, prop, bad_type, add)
    if logical == "timestamp" and prop.options.get("timezone") is True:
        add("timezone", f"{prop.path}.logicalTypeOptions.timezone", col.without_zone & ~bad_type,
            "{value} has no time zone (logicalTypeOptions timezone: true; write it like 2026-03-02T06:00:00Z "
            "or 2026-03-02T07:00:00+01:00)")
    return out


def _option_outcomes(col: ColumnView, prop: Property, bad_type: np.ndarray, add) -> None:
    """Add the logicalTypeOptions rules (bounds, multipleOf, lengths, pattern) of one property."""
    options, logical, base = prop.options, prop.logical_type, f"{prop.path}.logicalTypeOptions"
    if logical in ("integer", "number", "timestamp", "date"):
        values, parse = (col.numbers[0], float) if logical in ("integer", "number") else (col.timestamps[0],
                                                                                          _utc_bound)
        present = values.notna().to_numpy() & ~bad_type
        for key, (ok, text) in _COMPARE.items():
            if key not in options:
                continue
            try:
                bound = parse(options[key])
            except (TypeError, ValueError):
                continue
            fails = present & ~ok(values, bound).to_numpy(dtype=bool, na_value=False)
            add(key, f"{base}.{key}", fails, "{value} is " + text.format(bound=options[key]))
        step = options.get("multipleOf")
        if logical in ("integer", "number") and isinstance(step, (int, float)) and step > 0:
            ratio = values.to_numpy() / step
            with np.errstate(invalid="ignore"):
                off = ~np.isclose(ratio, np.round(ratio))
            add("multipleOf", f"{base}.multipleOf", off & present, f"{{value}} is not a multiple of {step}")
    if logical in ("string", None):
        for key, ok, word in (("minLength", np.greater_equal, "shorter"), ("maxLength", np.less_equal, "longer")):
            if isinstance(options.get(key), int) and not isinstance(options[key], bool):
                with np.errstate(invalid="ignore"):
                    fails = col.text & ~ok(col.lengths(), options[key])
                add(key, f"{base}.{key}", fails, f"{{value}} is {word} than {options[key]} characters")
        if isinstance(options.get("pattern"), str):
            add("pattern", f"{base}.pattern", col.text & ~col.matches(options["pattern"]),
                f"{{value}} does not match the pattern {options['pattern']}")


def _utc_bound(value: Any) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _offending_rows(col: ColumnView, rule: QualityRule) -> tuple[np.ndarray, str]:
    """Rows that count towards a library metric (nulls, missing, invalid, duplicate)."""
    series, notna = col.series, col.notna
    if rule.metric == "nullValues":
        return ~notna, "empty value"
    if rule.metric == "missingValues":
        missing = rule.arguments.get("missingValues", [None, ""])
        listed = [m for m in missing if m is not None and not (isinstance(m, float) and np.isnan(m))]
        mask = series.isin(listed).to_numpy() & notna
        if len(listed) < len(missing):
            mask |= ~notna
        return mask, "{value} counts as missing"
    if rule.metric == "invalidValues":
        mask = np.zeros(col.n, bool)
        if "validValues" in rule.arguments:
            mask |= notna & ~series.isin(list(rule.arguments["validValues"] or [])).to_numpy()
        if isinstance(rule.arguments.get("pattern"), str):
            mask |= notna & ~(col.text & col.matches(rule.arguments["pattern"]))
        return mask, "{value} is not an allowed value"
    if rule.metric == "duplicateValues":
        return notna & series.duplicated(keep="first").to_numpy(), "{value} repeats a value of an earlier row"
    raise ValueError(rule.metric)


def _quality_outcome(frame: pd.DataFrame, rule: QualityRule, views: dict) -> _Outcome | None:
    n = len(frame)
    base = dict(rule=rule.metric or rule.kind, column=rule.column, path=rule.path, severity=rule.severity,
                dimension=rule.dimension or _DIMENSION_OF.get(str(rule.metric), "conformity"), checked=n,
                name=rule.name)
    if not rule.executable:
        return _Outcome(**base, status="not executed", message=f"{rule.kind} rule kept, not executed by Mesh Lab")
    if rule.column is not None and rule.column not in frame.columns:
        return None  # the missing column is reported once, by the column rule
    if rule.metric == "rowCount":
        ok = metric_passes(rule.operator, rule.threshold, n)
        return _Outcome(**base, frame_level_value=n, frame_level_failed=not ok, metric=n,
                        message=f"{n} rows; the contract wants {_operator_text(rule.operator, rule.threshold)}")
    if rule.metric == "duplicateValues" and rule.column is None:
        columns = list(rule.arguments.get("properties") or [])
        absent = [c for c in columns if c not in frame.columns]
        if not columns or absent:
            return _Outcome(**base, status="not executed",
                            message=f"cannot count duplicates: columns {absent or columns} are not in the data")
        mask = repeated_keys(frame, columns)
        base["column"] = ", ".join(columns)
        message = f"this combination of {', '.join(columns)} repeats an earlier row"
    else:
        mask, message = _offending_rows(views[rule.column], rule)
    count = int(mask.sum())
    metric = 100.0 * count / n if rule.unit == "percent" and n else count
    ok = metric_passes(rule.operator, rule.threshold, metric)
    unit = "%" if rule.unit == "percent" else " rows"
    wanted = _operator_text(rule.operator, rule.threshold)
    return _Outcome(**base, mask=mask if not ok else np.zeros(n, bool), metric=round(metric, 4),
                    message=f"{message} ({rule.metric} is {round(metric, 2)}{unit}; must be {wanted})")


# ---------------------------------------------------------------------------------------------- report
class ValidationReport:
    """What :func:`validate` found: ``passed``, ``failures`` (one row per failing value) and ``summary``."""

    def __init__(self, contract: Contract, object_name: str, n_rows: int, failures: pd.DataFrame,
                 summary: pd.DataFrame, max_failures_per_rule: int | None = None):
        self.contract = contract
        self.object_name = object_name
        self.n_rows = n_rows
        self.failures = failures
        self.summary = summary
        self.max_failures_per_rule = max_failures_per_rule

    @property
    def passed(self) -> bool:
        """True when no rule with a breaking severity failed (warnings and infos do not break)."""
        breaking = self.summary["failed"].gt(0) & ~self.summary["severity"].isin(NON_BREAKING)
        return not bool(breaking.any())

    @property
    def n_failures(self) -> int:
        """Every failing value, counted in the summary (``failures`` may list fewer: see ``truncated``)."""
        return int(self.summary["failed"].sum())

    @property
    def truncated(self) -> pd.DataFrame:
        """The rules with more failing values than ``failures`` lists: rule, column, shown, failed."""
        cap = self.max_failures_per_rule
        over = self.summary[self.summary["failed"] > cap] if cap is not None else self.summary.iloc[:0]
        return pd.DataFrame({"rule": over["rule"], "column": over["column"],
                             "shown": np.minimum(over["failed"], cap or 0), "failed": over["failed"]},
                            columns=["rule", "column", "shown", "failed"]).reset_index(drop=True)

    def truncation_lines(self) -> list[str]:
        """One sentence per capped rule: "showing 1,000 of 3,000,000 failing values for rule …"."""
        lines = [f"showing {row.shown:,} of {row.failed:,} failing values for rule {row.rule}"
                 + (f" on {row.column}" if isinstance(row.column, str) else "")
                 for row in self.truncated.itertuples(index=False)]
        if lines:
            lines.append("(all of them: validate(..., max_failures_per_rule=None), or --all-failures on the "
                         "command line)")
        return lines

    @property
    def nothing_checked(self) -> str | None:
        """Why this report checked nothing (no rows, or no rule of the contract ran), else None."""
        if self.n_rows == 0:
            return f"nothing checked: the data have no rows (only a header?) for {self.contract.product_id}"
        ran = self.summary[(self.summary["status"] != "not executed")
                           & ~self.summary["rule"].isin(["extraColumn", "duplicateColumn"])]
        if ran.empty:
            return f"nothing checked: the contract names no column or rule for {self.object_name!r}"
        return None

    @property
    def failed_rules(self) -> pd.DataFrame:
        return self.summary[self.summary["passed"].eq(False)].reset_index(drop=True)

    def __bool__(self) -> bool:
        return self.passed

    def headline(self) -> str:
        executed = int((self.summary["status"] != "not executed").sum())
        if self.passed and self.failures.empty:
            return f"✅ {self.contract.product_id}: {self.n_rows:,} rows pass all {executed} rules"
        verdict = "✅" if self.passed else "❌"
        bad, total = len(self.failed_rules), self.n_failures
        return (f"{verdict} {self.contract.product_id}: {self.n_rows:,} rows, {bad} of {executed} rules failed, "
                f"{total:,} failing value{'s' if total != 1 else ''}")

    def to_text(self, limit: int = 10) -> str:
        lines = [self.headline()]
        for row in self.failed_rules.itertuples(index=False):
            column = f" on {row.column}" if isinstance(row.column, str) else ""
            lines.append(f"  - [{row.severity}] {row.rule}{column}: {row.failed:,} failing "
                         f"({row.path})")
        lines += [f"  {line}" for line in self.truncation_lines()]
        if not self.failures.empty:
            lines.append(f"first {min(limit, len(self.failures))} failing values:")
            for row in self.failures.head(limit).itertuples(index=False):
                where = f"row {row.row}" if row.row is not None and not pd.isna(row.row) else "table"
                column = f", {row.column}" if isinstance(row.column, str) else ""
                lines.append(f"  {where}{column}: {row.message}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.to_text(limit=5)

    def _repr_html_(self) -> str:
        shown = self.summary.copy()
        shown["passed"] = shown["passed"].map({True: "✅", False: "❌"}).fillna("—")
        summary_html = report.frame_html(shown, ["passed", "rule", "column", "failed", "checked", "severity", "path"])
        failures_html = ""
        if not self.failures.empty:
            failures_html = (f"<p><b>First {min(20, len(self.failures))} of {self.n_failures:,} failing "
                             "values</b></p>" + report.scroll_box(report.frame_html(self.failures.head(20))))
        capped = "".join(f"<p>{report.note_html(report.escape(line))}</p>" for line in self.truncation_lines())
        verdict = report.verdict_html(report.status_of(self.passed), self.headline())
        rules = report.details_html(f"All {len(self.summary)} rules", summary_html)
        return f"<div class='mesh-lab-validation'>{verdict}{failures_html}{capped}{rules}</div>"


def _failing_values(o: _Outcome, index: pd.Index, frame: pd.DataFrame, cap: int | None):
    """(rows, values, messages) of one outcome's first ``cap`` failures, or None when it has none."""
    if o.status == "not executed":
        return None
    if o.mask is None:
        if not o.frame_level_failed:
            return None
        return (np.array([None], dtype=object), np.array([o.frame_level_value], dtype=object),
                np.array([o.message], dtype=object))
    positions = np.flatnonzero(o.mask)[:cap]
    if not len(positions):
        return None
    if o.column is not None and o.column in frame.columns:
        values = frame[o.column].iloc[positions].astype(object).to_numpy()
    else:
        values = np.full(len(positions), None, dtype=object)
    rows = index[positions].to_numpy(dtype=object)
    if "{value}" in o.message:
        before, after = o.message.split("{value}", 1)
        messages = (before + pd.Series(values, dtype=object).map(repr) + after).to_numpy(dtype=object)
    else:
        messages = np.full(len(positions), o.message, dtype=object)
    return rows, values, messages


def _build_failures(outcomes: list[_Outcome], index: pd.Index, frame: pd.DataFrame,
                    cap: int | None = None) -> pd.DataFrame:
    """One row per failing value (at most ``cap`` per rule). Columns that repeat per rule are filled by
    indexing, not by copying."""
    owners, rows, values, messages = [], [], [], []
    failed = [o for o in outcomes if o.failed or o.status == "not executed"]
    for k, o in enumerate(failed):
        found = _failing_values(o, index, frame, cap)
        if found is None:
            continue
        owners.append(np.full(len(found[0]), k, dtype=np.int64))
        rows.append(found[0])
        values.append(found[1])
        messages.append(found[2])
    if not owners:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FAILURE_COLUMNS})
    owner = np.concatenate(owners)

    def per_rule(attribute: str) -> np.ndarray:
        return np.array([getattr(o, attribute) for o in failed] + [None], dtype=object)[:-1][owner]

    return pd.DataFrame({
        "rule": per_rule("rule"), "column": per_rule("column"), "row": np.concatenate(rows),
        "value": np.concatenate(values), "severity": per_rule("severity"), "dimension": per_rule("dimension"),
        "path": per_rule("path"), "message": np.concatenate(messages),
    }, columns=FAILURE_COLUMNS).astype(object)


def _build_summary(outcomes: list[_Outcome]) -> pd.DataFrame:
    rows = []
    for o in outcomes:
        executed = o.status != "not executed"
        rows.append({"rule": o.rule, "column": o.column, "failed": o.failed, "checked": o.checked,
                     "severity": o.severity, "path": o.path, "passed": (o.failed == 0) if executed else None,
                     "status": o.status or ("passed" if o.failed == 0 else "failed"), "metric": o.metric,
                     "dimension": o.dimension, "name": o.name or o.rule})
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS).astype({"column": object})
    summary["failed"] = summary["failed"].astype("int64")
    summary["checked"] = summary["checked"].astype("int64")
    summary["passed"] = summary["passed"].astype(object)
    return summary


def _coerce_contract(contract) -> Contract:
    if isinstance(contract, Contract):
        return contract
    if isinstance(contract, (str, Path)):
        text = str(contract)
        if text.endswith((".yaml", ".yml")) or Path(text).exists():
            return load_contract(text)
        from mesh_lab.datasets import product_paths

        return load_contract(product_paths(text)[1])
    if isinstance(contract, dict):
        return Contract.from_dict(contract)
    raise TypeError(f"validate() needs a Contract (from load_contract), a contract path or a product id; "
                    f"got {type(contract).__name__}")


def validate(frame: pd.DataFrame, contract, object_name: str | None = None,
             max_failures_per_rule: int | None = MAX_FAILURES_PER_RULE) -> ValidationReport:
    """Check ``frame`` against a contract's first schema object (or ``object_name``); return the report.

    Data problems never raise: they are rows of ``report.failures`` — at most ``max_failures_per_rule``
    per rule (default 1,000; ``None`` lists all), while ``report.summary`` counts every failing value and
    the report's text says when it shows fewer. Misuse (not a frame, a broken contract) raises
    ``TypeError`` or :class:`~mesh_lab.errors.ContractError`.
    """
    cap = _checked_cap(max_failures_per_rule)
    if isinstance(contract, pd.DataFrame) and not isinstance(frame, pd.DataFrame):
        raise TypeError("validate() got the contract first and the data second; call validate(frame, contract)")
    contract = _coerce_contract(contract)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"validate() needs a pandas DataFrame as its first argument; got {type(frame).__name__}. "
                        "Read a product with mesh_lab.read_product(product_id) or pandas.read_csv(path).")
    frame = check_columns(frame, "validate()")
    index = contract._object_index(object_name)
    name = contract.object_names()[index]
    repeated = _repeated_columns(frame)
    frame = _unique_columns(frame)
    props = contract.properties(name)
    views = {column: ColumnView(frame[column]) for column in frame.columns}
    outcomes: list[_Outcome] = []
    for prop in props:
        present = prop.name in frame.columns
        outcomes.append(_Outcome("column", prop.name, prop.path, "error", "completeness", 1,
                                 frame_level_failed=not present,
                                 message=f"column {prop.name!r} is missing from the data"))
        if present:
            outcomes += _property_outcomes(views[prop.name], prop)
    outcomes += _composite_key_outcomes(frame, props)
    for rule in contract.quality_rules(name):
        outcome = _quality_outcome(frame, rule, views)
        if outcome is not None:
            outcomes.append(outcome)
    known = {p.name for p in props}
    for column, count in repeated.items():
        outcomes.append(_Outcome("duplicateColumn", str(column), f"schema[{index}].properties", "error",
                                 "conformity", 1, frame_level_failed=True,
                                 message=f"the data has {count} columns named {column!r}; only the first was "
                                         "checked (rename or drop the others)"))
    for column in frame.columns:
        if column not in known:
            outcomes.append(_Outcome("extraColumn", str(column), f"schema[{index}].properties", "warning",
                                     "conformity", 1, frame_level_failed=True,
                                     message=_extra_column_message(column, known - set(frame.columns))))
    failures = _build_failures(outcomes, frame.index, frame, cap)
    return ValidationReport(contract, name, len(frame), failures, _build_summary(outcomes), cap)


def _checked_cap(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise TypeError(f"max_failures_per_rule must be a whole number ≥ 0 or None (all); got {value!r}")
    return int(value)


def _composite_key_outcomes(frame: pd.DataFrame, props: list[Property]) -> list[_Outcome]:
    keys = [p for p in props if p.primary_key]
    if len(keys) < 2 or not all(p.name in frame.columns for p in keys):
        return []
    names = [p.name for p in keys]
    mask = repeated_keys(frame, names)
    return [_Outcome("primaryKey", ", ".join(names), f"{keys[0].path}.primaryKey", "error", "uniqueness",
                     len(frame), mask=mask, message=f"this ({', '.join(names)}) key repeats an earlier row")]


def repeated_keys(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """True for each row whose key (the values of ``columns``) repeats an earlier row's.

    A row with an empty key part is never a repeat, as ``unique`` treats an empty value (and as SQL's
    UNIQUE treats NULL): empty keys are reported by ``required``, not counted as duplicates of each other.
    """
    complete = frame[columns].notna().all(axis=1).to_numpy()
    return complete & frame.duplicated(subset=columns, keep="first").to_numpy()


def check_columns(frame: pd.DataFrame, caller: str) -> pd.DataFrame:
    """The frame with one level of column names; a clear ``TypeError`` for several (a MultiIndex)."""
    if not isinstance(frame.columns, pd.MultiIndex):
        return frame
    if frame.columns.nlevels == 1:
        return frame.set_axis(frame.columns.get_level_values(0), axis=1)
    example = f" such as {frame.columns[0]!r}" if len(frame.columns) else ""
    raise TypeError(
        f"{caller} needs one row of column names, but this frame has {frame.columns.nlevels} levels "
        f"(a MultiIndex{example}). Flatten them first, e.g. "
        "frame.columns = ['_'.join(map(str, c)) for c in frame.columns], or keep one level with "
        "frame.columns = frame.columns.get_level_values(0)")


def _repeated_columns(frame: pd.DataFrame) -> dict:
    """{column name: how many times it appears} for names that appear more than once."""
    if frame.columns.is_unique:
        return {}
    counts = pd.Series(frame.columns).value_counts(sort=False)
    return {name: int(n) for name, n in counts.items() if n > 1}


def _extra_column_message(column, missing: set[str]) -> str:
    """Why a column is not in the contract, with a hint when it is a missing one with other spaces or case."""
    text = f"column {column!r} is not in the contract (add it or drop it)"
    if not isinstance(column, str) and str(column) in missing:
        return (f"{text}; the contract has {str(column)!r}, as text: name the columns with text, e.g. "
                "frame.columns = frame.columns.astype(str)")
    if isinstance(column, str):
        near = [m for m in sorted(missing) if m.strip().lower() == column.strip().lower()]
        if near:
            return f"{text}; the contract has {near[0]!r}: same name but for spaces or upper/lower case"
    return text


def _unique_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the first of duplicated column names so every check sees one Series."""
    if frame.columns.is_unique:
        return frame
    return frame.loc[:, ~frame.columns.duplicated()]


# ---------------------------------------------------------------------------------------------- reading
_EXACT_FLOAT_INTEGERS = 2**53  # whole numbers a float64 holds exactly; larger ones stay float


def _convert_column(column: pd.Series, prop: Property) -> pd.Series:
    """Type one column as its contract says; leave it as it is if any value does not fit.

    ``column`` is text, or numbers when pandas already read them (integer and number columns).
    """
    logical, notna = prop.logical_type, column.notna()
    if logical in ("integer", "number"):
        return _as_numbers(column, notna, whole=logical == "integer")
    if logical == "boolean" and pd.api.types.is_string_dtype(column.dtype):
        lowered = column.str.strip().str.lower()
        if lowered[notna].isin(_TRUE | _FALSE).all():
            mapped = lowered.map(lambda v: v in _TRUE, na_action="ignore")
            return mapped.astype("bool") if notna.all() else mapped.astype("boolean")
    elif logical == "timestamp" and pd.api.types.is_string_dtype(column.dtype):
        if prop.options.get("timezone") is True and ColumnView(column).without_zone.any():
            return column  # typing would read the naive values as UTC: keep them for the timezone rule
        stamps = pd.to_datetime(column, errors="coerce", utc=True, format="ISO8601")
        if (stamps.notna() == notna).all():
            return stamps
    elif logical == "date" and pd.api.types.is_string_dtype(column.dtype):
        if not ColumnView(column).not_dates.any():
            return pd.to_datetime(column.str.strip(), errors="coerce", format="%Y-%m-%d")
    return column


def _as_numbers(column: pd.Series, notna: pd.Series, whole: bool) -> pd.Series:
    numeric = pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype)
    numbers = column if numeric else pd.to_numeric(column, errors="coerce")
    values = numbers.to_numpy(dtype="float64", na_value=np.nan)
    if not (numbers.notna() == notna).all() or np.isinf(values).any():
        return column
    if not whole:
        return numbers.astype("float64")
    finite = values[~np.isnan(values)]
    if (finite % 1 == 0).all() and (np.abs(finite) < _EXACT_FLOAT_INTEGERS).all():
        return numbers.astype("int64") if notna.all() else numbers.astype("Int64")
    return numbers if numeric else column


def _resolve_product(product) -> tuple[Contract, Path | None]:
    if isinstance(product, Contract):
        return product, None
    text = str(product)
    if text.endswith((".yaml", ".yml")):
        return load_contract(text), None
    from mesh_lab.datasets import product_paths

    csv_path, contract_path = product_paths(text)
    return load_contract(contract_path), csv_path


def default_csv_path(contract: Contract) -> Path:
    """Where a contract's data live: next to the contract file, else under data/<domain>/<name>.csv."""
    if contract.path is not None and contract.path.name.endswith(".odcs.yaml"):
        return contract.path.with_name(contract.path.name[: -len(".odcs.yaml")] + ".csv")
    from mesh_lab.datasets import product_paths

    return product_paths(contract.product_id)[0]


def _separator(header: str) -> str:
    """``,`` unless the header line has none and is clearly split by ``;`` or a tab (European Excel)."""
    if "," in header:
        return ","
    for candidate in (";", "\t", "|"):
        if candidate in header:
            return candidate
    return ","


def read_csv_text(path: str | Path, sep: str | None = None, numeric: Iterable[str] = ()) -> pd.DataFrame:
    """Read a CSV file as text columns (empty cells become missing) with errors that say how to fix them.

    Files of any size: pandas reads straight from the file, without a copy of its text in memory.
    Columns named in ``numeric`` are left to pandas to read as numbers (faster and smaller than text);
    such a column with any value that is not a number still comes back as text.
    ``sep=None`` takes ``,`` unless the header line has no comma but a ``;``, tab or ``|``.
    Raises :class:`~mesh_lab.errors.DataFileError` for a folder, an empty file, a file that is not
    UTF-8 and a row with more cells than the header (with its line number).
    """
    path = Path(path)
    if path.is_dir():
        raise DataFileError(f"{path} is a folder, not a CSV file; name the .csv file in it")
    header = _header_line(path)
    sep = sep or _separator(header)
    names = next(csv.reader([header.rstrip("\r")], delimiter=sep), [])
    numeric = set(numeric)
    dtype = {n: str for n in names if n not in numeric} if numeric and len(set(names)) == len(names) else str
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)  # a number column with text: kept mixed
            frame = pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=[""], sep=sep,
                                encoding="utf-8")
    except UnicodeDecodeError:
        raise DataFileError(f"{path}:{_not_utf8(path)}") from None
    except pd.errors.EmptyDataError:
        raise DataFileError(f"{path} is empty: a CSV file needs a header line naming its columns, then one "
                            "line per row") from None
    except pd.errors.ParserError as exc:
        raise DataFileError(f"{path}: not a well-formed CSV file: {_parser_detail(exc, sep)}") from None
    if len(set(names)) < len(names) == len(frame.columns):  # pandas renames a repeated name to name.1:
        frame.columns = names  # keep the names as written, so validate() can report the repetition
    return frame


def _header_line(path: Path) -> str:
    """The first non-blank line of a CSV file, decoded; a clear error for an empty or non-UTF-8 file."""
    with open(path, "rb") as handle:
        raw = handle.readline(1 << 24)
        while raw and not raw.strip(b"\r\n"):
            raw = handle.readline(1 << 24)
    try:
        header = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(f"{path}:{_not_utf8(path)}") from None
    if not header.strip():
        raise DataFileError(f"{path} is empty: a CSV file needs a header line naming its columns, then one "
                            "line per row")
    return header.rstrip("\n")


def _not_utf8(path: Path) -> str:
    """``LINE: cannot read the data: <which byte, and the fix>`` for a file that is not UTF-8, found by
    reading it in pieces (never the whole file at once)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, where = 1, "the file"
    with open(path, "rb") as handle:
        if handle.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            return ("1: cannot read the data: the file is UTF-16, not UTF-8; save it again as UTF-8, or read it "
                    "yourself with pandas.read_csv(path, encoding='utf-16', dtype=str) and validate that frame")
        handle.seek(0)
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[:exc.start].count(b"\n")
                where = f"byte 0x{chunk[exc.start]:02x} on line {line}"
                break
            line += chunk.count(b"\n")
    return (f"{line}: cannot read the data: {where} is not UTF-8 (the file was saved in another encoding, e.g. "
            "Latin-1 or Windows-1252); save it again as UTF-8, or read it yourself with "
            "pandas.read_csv(path, encoding='latin-1', dtype=str) and validate that frame")


def _parser_detail(exc: Exception, sep: str) -> str:
    detail = str(exc).strip().removeprefix("Error tokenizing data. C error: ")
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", detail)
    if found:
        wanted, line, got = found.groups()
        detail = (f"line {line} has {got} cells but the header has {wanted} (a stray {sep!r} or a missing "
                  "quote around a value that contains one?)")
    return detail


def read_product(product, csv_path: str | Path | None = None, object_name: str | None = None) -> pd.DataFrame:
    """Read a product's CSV with column types taken from its contract.

    ``product`` is a product id (``"payments.transactions"``), a contract path or a :class:`Contract`.
    A column whose values do not all fit the contract's type stays text, so :func:`validate` can name them.
    There is no size limit: the file is read once, straight into the frame.
    """
    contract, default_path = _resolve_product(product)
    path = Path(csv_path) if csv_path is not None else (default_path or default_csv_path(contract))
    if not path.exists():
        raise MissingDataError(f"no data file at {path} for {contract.product_id}; pass csv_path=… or "
                               f"rebuild the sample data there with `python -m mesh_lab data generate --out {path.parent.parent}`")
    props = {p.name: p for p in contract.properties(object_name)}
    numeric = [name for name, p in props.items() if p.logical_type in ("integer", "number")]
    frame = read_csv_text(path, numeric=numeric)
    if not frame.columns.is_unique:  # a repeated header name: type each column by position
        return pd.concat([_convert_column(frame.iloc[:, i], props[c]) if c in props else frame.iloc[:, i]
                          for i, c in enumerate(frame.columns)], axis=1)
    for column in frame.columns:
        if column in props:
            frame[column] = _convert_column(frame[column], props[column])
    return frame


# ---------------------------------------------------------------------------------------------- CLI
def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab validate CONTRACT DATA.csv``: print the report.

    Exit 0 when the data keep the contract; 1 when they break it, or when nothing was checked (no rows,
    or a contract without rules); 2, with a one-line reason, when the contract or the data cannot be read.
    """
    parser = argparse.ArgumentParser(prog="python -m mesh_lab validate",
                                     description="Check a CSV file against its ODCS data contract.")
    parser.add_argument("contract", help="the contract file (*.odcs.yaml) or a sample product id")
    parser.add_argument("data", nargs="?", help="the CSV file (default: next to the contract)")
    parser.add_argument("--limit", type=int, default=20, help="failing values to print (default 20)")
    parser.add_argument("--all-failures", action="store_true",
                        help=f"keep every failing value in the report (default: the first "
                             f"{MAX_FAILURES_PER_RULE:,} per rule; the counts are always complete)")
    try:
        args = parser.parse_args(list(argv or []))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        contract = _coerce_contract(args.contract)
        frame = read_product(contract, args.data)
    except MeshLabError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        print(f"error: cannot read {args.data}: {exc}", file=sys.stderr)
        return 2
    report = validate(frame, contract, max_failures_per_rule=None if args.all_failures else MAX_FAILURES_PER_RULE)
    del frame
    print(report.to_text(limit=args.limit))
    if report.nothing_checked:
        print(f"❌ {report.nothing_checked}")
        return 1
    return 0 if report.passed else 1
