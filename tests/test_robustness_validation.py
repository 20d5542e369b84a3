"""Robustness of validate(), read_product() and check_sla() against odd frames, files and clocks.

Data problems must come back as report rows; misuse (a frame the checks cannot address, a clock that
is not a moment) as a clear error that says how to fix it — never a traceback from inside pandas.
"""

from __future__ import annotations

import datetime
import decimal
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesh_lab.contracts import contract_from_yaml
from mesh_lab.errors import MeshLabError
from mesh_lab.sla import check_sla
from mesh_lab.validation import main, read_product, validate

CONTRACT = contract_from_yaml("""apiVersion: v3.1.0
kind: DataContract
id: shop.orders
name: orders
version: 1.0.0
status: active
domain: shop
schema:
  - name: orders
    properties:
      - name: order_id
        logicalType: string
        required: true
        unique: true
      - name: amount
        logicalType: number
        logicalTypeOptions: {minimum: 0, maximum: 1000}
      - name: created_at
        logicalType: timestamp
slaProperties:
  - property: latency
    value: 4
    unit: h
    element: orders.created_at
  - property: retention
    value: 1
    unit: y
    element: created_at
  - property: completeness
    value: 90
    element: amount
""")
GOOD = pd.DataFrame({"order_id": ["A", "B"], "amount": [1.5, 2.0],
                     "created_at": ["2026-03-02T05:00:00Z", "2026-03-01T05:00:00Z"]})
NOW = "2026-03-02T06:00:00Z"


def rules(report) -> dict:
    return {(r.rule, r.column): r.failed for r in report.failed_rules.itertuples()}


# ---------------------------------------------------------------------------------------------- frames
def test_a_multiindex_of_columns_is_a_clear_error_with_the_fix():
    frame = GOOD.copy()
    frame.columns = pd.MultiIndex.from_tuples([("o", c) for c in GOOD.columns])
    with pytest.raises(TypeError, match=r"2 levels .*frame\.columns = "):
        validate(frame, CONTRACT)
    with pytest.raises(TypeError, match=r"check_sla\(\) needs one row of column names"):
        check_sla(CONTRACT, frame, now=NOW)


def test_one_level_of_tuple_column_names_is_read_as_plain_names():
    frame = pd.DataFrame({(c,): GOOD[c] for c in GOOD.columns})  # pandas makes this a 1-level MultiIndex
    assert validate(frame, CONTRACT).passed


def test_repeated_column_names_are_reported_not_silently_dropped():
    frame = pd.concat([GOOD, GOOD[["amount"]].assign(amount=[-5.0, 9999.0])], axis=1)
    report = validate(frame, CONTRACT)
    assert not report.passed
    assert rules(report) == {("duplicateColumn", "amount"): 1}
    message = report.failures.loc[report.failures["rule"] == "duplicateColumn", "message"].item()
    assert "2 columns named 'amount'" in message and "only the first was checked" in message
    assert check_sla(CONTRACT, frame, now=NOW).passed  # the SLA reads the first one too, no crash


def test_complex_numbers_are_not_numbers():
    frame = GOOD.assign(amount=[1 + 2j, 3j])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # was: ComplexWarning, then both values silently passed
        report = validate(frame, CONTRACT)
    assert rules(report) == {("logicalType", "amount"): 2}


def test_a_column_name_with_stray_spaces_or_case_says_which_contract_column_it_is():
    frame = GOOD.rename(columns={"amount": " Amount "})
    report = validate(frame, CONTRACT)
    extra = report.failures.loc[report.failures["rule"] == "extraColumn", "message"].item()
    assert "the contract has 'amount': same name but for spaces or upper/lower case" in extra


@pytest.mark.parametrize("values, failing", [
    (pd.array([1.5, None], dtype="Float64"), 0),
    (pd.array([1, 2000], dtype="Int64"), 1),
    (pd.Categorical([1.0, 2000.0]), 1),
    (np.array([1, 2**64 - 1], dtype=np.uint64), 1),
    ([decimal.Decimal("1.5"), decimal.Decimal("NaN")], 0),
    ([1.0, np.inf], 1),
    ([b"1", [1]], 2),
    ([1 + 0j, {"a": 1}], 2),
    ([b"1", "2"], 1),
    ([2**70, 1], 1),
])
def test_odd_number_columns_give_a_report(values, failing):
    report = validate(GOOD.assign(amount=values), CONTRACT)
    assert sum(n for (rule, col), n in rules(report).items() if col == "amount") == failing


@pytest.mark.parametrize("values", [
    [pd.Timestamp("2026-03-01", tz="Europe/Stockholm"), pd.Timestamp("2026-03-01")],
    [datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc), pd.NaT],
    pd.to_datetime(["2026-03-01", None]),
    np.array([np.datetime64("2026-03-01"), np.datetime64("NaT")], dtype=object),
])
def test_timestamps_in_mixed_time_zones_and_nat_pass(values):
    assert validate(GOOD.assign(created_at=values), CONTRACT).passed


_cells = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5),
                   st.binary(max_size=3), st.complex_numbers(), st.datetimes(),
                   st.datetimes(timezones=st.just(datetime.timezone.utc)), st.lists(st.integers(), max_size=2),
                   st.decimals(allow_nan=False), st.just(decimal.Decimal("NaN")))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_cells, _cells, _cells), max_size=6))
def test_any_mix_of_python_values_gives_a_report(rows):
    frame = pd.DataFrame(rows, columns=["order_id", "amount", "created_at"], dtype=object)
    report = validate(frame, CONTRACT)
    report.to_text(), report._repr_html_()
    assert report.summary["failed"].sum() == len(report.failures)
    check_sla(CONTRACT, frame, now=NOW)


# ---------------------------------------------------------------------------------------------- CSV files
def csv(tmp_path, data: bytes):
    path = tmp_path / "orders.csv"
    path.write_bytes(data)
    return path


GOOD_CSV = "order_id,amount,created_at\nA,1.5,2026-03-02T05:00:00Z\nB,2,2026-03-01T05:00:00Z\n"


@pytest.mark.parametrize("data", [GOOD_CSV.encode("utf-8-sig"), GOOD_CSV.replace("\n", "\r\n").encode(),
                                  GOOD_CSV.replace(",", ";").encode(), GOOD_CSV.replace(",", "\t").encode()])
def test_a_bom_windows_lines_semicolons_or_tabs_still_read(tmp_path, data):
    frame = read_product(CONTRACT, csv(tmp_path, data))
    assert list(frame.columns) == ["order_id", "amount", "created_at"]
    assert validate(frame, CONTRACT).passed


@pytest.mark.parametrize("data, words", [
    ((GOOD_CSV + "C,café,2026-03-01\n").encode("latin-1"), ":4: cannot read the data: byte 0xe9 on line 4"),
    (GOOD_CSV.encode("utf-16"), "UTF-16, not UTF-8"),
    (b"", "is empty: a CSV file needs a header line"),
    ((GOOD_CSV + "C,1,2026-03-01,extra,cells\n").encode(), "line 4 has 5 cells but the header has 3"),
])
def test_a_file_that_is_not_a_clean_utf8_csv_says_where_and_how_to_fix(tmp_path, data, words):
    from mesh_lab.errors import DataFileError

    with pytest.raises(DataFileError) as caught:
        read_product(CONTRACT, csv(tmp_path, data))
    assert words in str(caught.value)
    assert isinstance(caught.value, (MeshLabError, ValueError))


def test_a_folder_is_not_a_csv_and_the_cli_says_so_once(tmp_path, capsys):
    from mesh_lab.errors import DataFileError

    with pytest.raises(DataFileError, match="is a folder, not a CSV file"):
        read_product(CONTRACT, tmp_path)
    contract_path = tmp_path / "orders.odcs.yaml"
    contract_path.write_text(CONTRACT.to_yaml(), encoding="utf-8")
    folder = tmp_path / "data.csv"
    folder.mkdir()
    assert main([str(contract_path), str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count(str(folder)) == 1 and "is a folder" in err


def test_a_repeated_csv_header_is_reported_as_written_not_as_name_dot_1(tmp_path):
    data = GOOD_CSV.replace("created_at\n", "created_at,amount\n").replace("Z\n", "Z,-1\n").encode()
    frame = read_product(CONTRACT, csv(tmp_path, data))
    assert list(frame.columns) == ["order_id", "amount", "created_at", "amount"]
    assert rules(validate(frame, CONTRACT)) == {("duplicateColumn", "amount"): 1}


def test_a_number_as_column_name_says_the_contract_names_it_as_text():
    contract = contract_from_yaml(CONTRACT.to_yaml().replace("name: amount", "name: '2024'"))
    report = validate(GOOD.rename(columns={"amount": 2024}), contract)
    extra = report.failures.loc[report.failures["rule"] == "extraColumn", "message"].item()
    assert "the contract has '2024', as text" in extra and "astype(str)" in extra


# ---------------------------------------------------------------------------------------------- SLA clocks
def test_now_before_all_the_data_is_a_breach_that_questions_now_not_a_green_zero():
    report = check_sla(CONTRACT, GOOD, now="2020-01-01")  # a typo in the year
    assert not report.passed
    latency = report.frame.set_index("property").loc["latency"]
    assert latency["passed"] is False and "is `now` right?" in latency["message"]
    assert "-" not in report.frame.set_index("property").loc["retention", "measured"]


def test_now_before_the_newest_value_says_so_in_the_latency_message():
    report = check_sla(CONTRACT, GOOD, now="2026-03-02T04:00:00Z")
    assert "the newest is 1 h after now, 2026-03-02 04:00 UTC: is `now` right?" in report.frame.loc[0, "message"]


@pytest.mark.parametrize("now", [datetime.datetime(2026, 3, 2, 6), "2026-03-02 06:00", "2026-03-02T07:00+01:00",
                                 np.datetime64("2026-03-02T06:00"), pd.Timestamp("2026-03-02 06:00")])
def test_naive_aware_text_and_numpy_now_all_mean_the_same_moment(now):
    report = check_sla(CONTRACT, GOOD, now=now)
    assert report.now == pd.Timestamp(NOW) and report.passed


@pytest.mark.parametrize("now, error, words", [
    ("yesterday", ValueError, "cannot be read as a moment in time"),
    (pd.NaT, ValueError, "empty time"),
    (5, TypeError, "int is not a moment in time"),
    (1.7e9, TypeError, "float is not a moment in time"),
    (["2026-03-02"], TypeError, "list is not a moment in time"),
])
def test_a_now_that_is_not_a_moment_is_a_clear_error(now, error, words):
    with pytest.raises(error, match=words) as caught:
        check_sla(CONTRACT, GOOD, now=now)
    assert "ISO 8601" in str(caught.value)


@pytest.mark.parametrize("value, words", [(".nan", "not a usable number of h"), ("-3", "not a usable number"),
                                          ("1.0e+300", "not a usable number")])
def test_an_sla_value_that_is_not_a_usable_duration_is_reported_not_raised(value, words):
    contract = contract_from_yaml(CONTRACT.to_yaml().replace("value: 4\n", f"value: {value}\n"))
    row = check_sla(contract, GOOD, now=NOW).frame.set_index("property").loc["latency"]
    assert row["status"] == "not executed" and words in row["message"]
    assert "is not a time unit" not in row["message"]
