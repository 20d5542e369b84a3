"""Property tests: random frames against random contracts.

For any frame and any contract, ``validate`` never raises, the failures it lists are exactly the ones an
independent, value-by-value computation finds (so the count matches), and every row it names really
holds a value that breaks the rule.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesh_lab.contracts import Contract
from mesh_lab.validation import metric_passes, validate

# Texts and what they are, decided by hand (the oracle never asks pandas how to parse them).
TEXTS = {
    # text: (is a number, is a whole number, is a timestamp, is a boolean)
    "12": (True, True, False, False),
    "3.5": (True, False, False, False),
    "-7": (True, True, False, False),
    "abc": (False, False, False, False),
    "": (False, False, False, False),
    "Ab": (False, False, False, False),
    "2026-01-01": (False, False, True, False),
    "2026-01-01T10:00:00Z": (False, False, True, False),
    "2026-02-30": (False, False, False, False),
    "true": (False, False, False, True),
    "False": (False, False, False, True),
    "0": (True, True, False, True),
    "TX-000001": (False, False, False, False),
}
STAMPS = [pd.Timestamp("2025-06-01T12:00:00Z"), pd.Timestamp("2026-01-01 08:00"),
          pd.Timestamp("2024-02-29T00:00:00", tz="Europe/Stockholm")]
LOGICAL = ["integer", "number", "string", "boolean", "timestamp"]

values = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.integers(-20, 20),
    st.floats(-50, 50, allow_nan=False).map(lambda x: round(x, 2)),
    st.booleans(),
    st.sampled_from(sorted(TEXTS)),
    st.sampled_from(STAMPS),
)


def is_null(v) -> bool:
    return v is None or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def is_bool(v) -> bool:
    return isinstance(v, (bool, np.bool_))


def as_number(v):
    """The number a value stands for, or None."""
    if is_bool(v) or isinstance(v, pd.Timestamp):
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    if isinstance(v, str) and TEXTS[v][0]:
        return float(v)
    return None


def fits_type(v, logical: str) -> bool:
    if logical == "number":
        return as_number(v) is not None
    if logical == "integer":
        number = as_number(v)
        return number is not None and number == int(number)
    if logical == "string":
        return isinstance(v, str)
    if logical == "timestamp":
        return isinstance(v, pd.Timestamp) or (isinstance(v, str) and TEXTS[v][2])
    if logical == "boolean":
        if is_bool(v):
            return True
        if isinstance(v, str):
            return TEXTS[v][3]
        return as_number(v) in (0.0, 1.0)
    raise AssertionError(logical)


@st.composite
def column_specs(draw, name: str):
    logical = draw(st.sampled_from(LOGICAL))
    prop = {"name": name, "logicalType": logical}
    for flag in ("required", "unique"):
        if draw(st.booleans()):
            prop[flag] = True
    options = {}
    if logical in ("integer", "number"):
        if draw(st.booleans()):
            options["minimum"] = draw(st.integers(-10, 5))
        if draw(st.booleans()):
            options["maximum"] = draw(st.integers(6, 20))
    if logical == "string":
        if draw(st.booleans()):
            options["minLength"] = draw(st.integers(0, 3))
        if draw(st.booleans()):
            options["pattern"] = draw(st.sampled_from(["^[0-9]+$", "^[A-Za-z]", "-"]))
    if options:
        prop["logicalTypeOptions"] = options
    quality = []
    for metric in draw(st.lists(st.sampled_from(["nullValues", "invalidValues", "duplicateValues",
                                                 "missingValues"]), max_size=2, unique=True)):
        rule = {"metric": metric, draw(st.sampled_from(["mustBe", "mustBeLessThan"])): draw(st.integers(0, 2))}
        if metric == "invalidValues":
            rule["arguments"] = {"validValues": draw(st.lists(st.sampled_from(sorted(TEXTS)), max_size=4))}
        if metric == "missingValues":
            rule["arguments"] = {"missingValues": [None, "", "abc"]}
        quality.append(rule)
    if quality:
        prop["quality"] = quality
    return prop


@st.composite
def cases(draw):
    names = ["a", "b", "c", "d"][: draw(st.integers(1, 4))]
    props = [draw(column_specs(n)) for n in names]
    contract_doc = {"apiVersion": "v3.1.0", "kind": "DataContract", "id": "p.t", "name": "t", "domain": "p",
                    "version": "1.0.0", "status": "draft", "schema": [{"name": "t", "properties": props}]}
    if draw(st.booleans()):
        contract_doc["schema"][0]["quality"] = [{"metric": "rowCount", "mustBeGreaterThan": draw(st.integers(0, 8))}]
    n_rows = draw(st.integers(0, 12))
    present = [n for n in names if draw(st.integers(0, 5)) > 0]  # sometimes a column is missing
    if draw(st.integers(0, 4)) == 0:
        present.append("extra")
    data = {}
    for column in present:
        cells = draw(st.lists(values, min_size=n_rows, max_size=n_rows))
        data[column] = pd.Series(cells, dtype=object) if draw(st.booleans()) else _inferred(cells)
    frame = pd.DataFrame(data, index=pd.RangeIndex(n_rows)) if data else pd.DataFrame(index=pd.RangeIndex(n_rows))
    return Contract.from_dict(contract_doc), frame


def _inferred(cells):
    try:
        return pd.Series(cells)
    except (TypeError, ValueError):  # pandas cannot infer one type for these values
        return pd.Series(cells, dtype=object)


def expected_failures(frame: pd.DataFrame, contract: Contract) -> set[tuple]:
    """Every (rule, column, row) that should fail, computed value by value."""
    out: set[tuple] = set()
    n = len(frame)
    for prop in contract.properties():
        if prop.name not in frame.columns:
            out.add(("column", prop.name, None))
            continue
        cells = list(frame[prop.name].astype(object))
        fits = [not is_null(v) and fits_type(v, prop.logical_type) for v in cells]
        out |= {("logicalType", prop.name, i) for i, v in enumerate(cells) if not is_null(v) and not fits[i]}
        if prop.required:
            out |= {("required", prop.name, i) for i, v in enumerate(cells) if is_null(v)}
        if prop.unique:
            out |= {("unique", prop.name, i) for i in _repeats(cells)}
        for key, breaks in (("minimum", lambda x, b: x < b), ("maximum", lambda x, b: x > b)):
            if key in prop.options:
                out |= {(key, prop.name, i) for i, v in enumerate(cells)
                        if fits[i] and breaks(as_number(v), prop.options[key])}
        if "minLength" in prop.options:
            out |= {("minLength", prop.name, i) for i, v in enumerate(cells)
                    if isinstance(v, str) and len(v) < prop.options["minLength"]}
        if "pattern" in prop.options:
            out |= {("pattern", prop.name, i) for i, v in enumerate(cells)
                    if isinstance(v, str) and not re.search(prop.options["pattern"], v)}
    for rule in contract.quality_rules():
        if rule.metric == "rowCount":
            if not metric_passes(rule.operator, rule.threshold, n):
                out.add(("rowCount", None, None))
            continue
        if rule.column not in frame.columns:
            continue
        cells = list(frame[rule.column].astype(object))
        if rule.metric == "nullValues":
            rows = [i for i, v in enumerate(cells) if is_null(v)]
        elif rule.metric == "missingValues":
            rows = [i for i, v in enumerate(cells) if is_null(v) or v in ("", "abc")]
        elif rule.metric == "invalidValues":
            valid = rule.arguments["validValues"]
            rows = [i for i, v in enumerate(cells) if not is_null(v) and not any(_same(v, w) for w in valid)]
        else:
            rows = sorted(_repeats(cells))
        if not metric_passes(rule.operator, rule.threshold, len(rows)):
            out |= {(rule.metric, rule.column, i) for i in rows}
    for column in frame.columns:
        if column not in contract.columns():
            out.add(("extraColumn", column, None))
    return out


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, str) or isinstance(b, str) else a == b


def _repeats(cells) -> set[int]:
    seen: list = []
    rows = set()
    for i, v in enumerate(cells):
        if is_null(v):
            continue
        if any(_equal(v, w) for w in seen):
            rows.add(i)
        else:
            seen.append(v)
    return rows


def _equal(a, b) -> bool:
    if isinstance(a, str) != isinstance(b, str):
        return False
    if isinstance(a, pd.Timestamp) or isinstance(b, pd.Timestamp):
        return isinstance(a, pd.Timestamp) and isinstance(b, pd.Timestamp) and \
            (a.tzinfo is None) == (b.tzinfo is None) and a == b
    return a == b


def reported(report) -> set[tuple]:
    return {(r.rule, r.column if isinstance(r.column, str) else None,
             None if r.row is None or (isinstance(r.row, float) and math.isnan(r.row)) else int(r.row))
            for r in report.failures.itertuples()}


FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(cases())
def test_validate_never_raises_and_matches_an_independent_count(case):
    contract, frame = case
    report = validate(frame, contract)
    expected = expected_failures(frame, contract)
    assert reported(report) == expected
    assert len(report.failures) == len(expected)  # one row per failing value, no double counting
    assert report.passed == all(rule == "extraColumn" for rule, _, _ in expected)
    assert report.summary["failed"].sum() == len(report.failures)


@FAST
@given(cases())
def test_every_row_named_really_holds_the_failing_value(case):
    contract, frame = case
    report = validate(frame, contract)
    for failure in report.failures.itertuples():
        if failure.row is None or not isinstance(failure.column, str) or failure.column not in frame.columns:
            continue
        actual = frame.loc[failure.row, failure.column]
        assert (is_null(actual) and is_null(failure.value)) or actual is failure.value or actual == failure.value
        prop = next(p for p in contract.properties() if p.name == failure.column)
        if failure.rule == "logicalType":
            assert not fits_type(actual, prop.logical_type)
        elif failure.rule == "required":
            assert is_null(actual)
        elif failure.rule == "minimum":
            assert as_number(actual) < prop.options["minimum"]
        elif failure.rule == "maximum":
            assert as_number(actual) > prop.options["maximum"]
        elif failure.rule == "pattern":
            assert not re.search(prop.options["pattern"], actual)


@settings(max_examples=60, deadline=None)
@given(st.lists(values, max_size=30))
def test_any_single_column_of_any_values_never_raises(cells):
    for logical in LOGICAL:
        contract = Contract.from_dict({
            "apiVersion": "v3.1.0", "kind": "DataContract", "id": "x", "version": "1", "status": "draft",
            "schema": [{"name": "t", "properties": [{"name": "v", "logicalType": logical, "required": True,
                                                      "unique": True}]}]})
        frame = pd.DataFrame({"v": pd.Series(cells, dtype=object)})
        report = validate(frame, contract)
        assert len(report.failures) == len(expected_failures(frame, contract))

