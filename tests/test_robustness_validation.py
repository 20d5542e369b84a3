"""Robustness of validate(), read_product() and check_sla() against odd frames, files and clocks.

Data problems must come back as report rows; misuse (a frame the checks cannot address, a clock that
is not a moment) as a clear error that says how to fix it — never a traceback from inside pandas.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
import warnings
from pathlib import Path

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


# ---------------------------------------------------------------------------------------------- semantics
# ODCS says what a value means; each case is checked against a count made here without the kit.
def contract_with(properties: str, quality: str = "") -> object:
    return contract_from_yaml(f"""apiVersion: v3.1.0
kind: DataContract
id: shop.things
name: things
version: 1.0.0
status: active
domain: shop
schema:
  - name: things
    properties:
{properties}
{quality}""")


def failed(report, rule: str, column: str) -> int:
    row = report.summary[(report.summary["rule"] == rule) & (report.summary["column"] == column)]
    return int(row["failed"].sum())


SKU = contract_with("""      - name: sku
        logicalType: string
        logicalTypeOptions: {pattern: "^SKU-[0-9]{5}$"}""")


def ecma_sku(value: str) -> bool:
    """^SKU-[0-9]{5}$ as ECMA-262 reads it: the whole text, ASCII digits, nothing after."""
    return len(value) == 9 and value.startswith("SKU-") and all(c in "0123456789" for c in value[4:])


def test_a_pattern_dollar_is_the_end_of_the_text_as_in_ecma_262():
    values = ["SKU-00001", "SKU-00001\n", "SKU-00001\r\n", "SKU-0001", "xSKU-00001", "SKU-00001 "]
    report = validate(pd.DataFrame({"sku": values}), SKU)
    assert failed(report, "pattern", "sku") == sum(not ecma_sku(v) for v in values) == 5
    assert report.failures["row"].tolist() == [1, 2, 3, 4, 5]


_sku_like = st.builds(lambda head, digits, tail: head + digits + tail,
                      st.sampled_from(["SKU-", "SKU", "sku-", "xSKU-", ""]),
                      st.text(alphabet="0123456789\u0661", min_size=4, max_size=6),
                      st.sampled_from(["", "\n", "\r\n", " ", "\nx", "$"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_sku_like, max_size=8))
def test_pattern_matching_agrees_with_an_independent_ecma_reading(values):
    report = validate(pd.DataFrame({"sku": pd.Series(values, dtype=object)}), SKU)
    assert failed(report, "pattern", "sku") == sum(not ecma_sku(v) for v in values)


@pytest.mark.parametrize("pattern, good, bad", [
    (r"^\$[0-9]+$", ["$12"], ["$12\n", "12"]),             # an escaped dollar is a dollar sign
    (r"^[$]+$", ["$$"], ["$$\n", "a"]),                      # so is one inside a character class
    (r"^\d+$", ["123"], ["١٢٣", "123\n"]),                  # \d is 0-9 in ECMA, not any Unicode digit
    (r"EUR", ["xEURx"], ["eur"]),                            # a search, not anchored unless asked
])
def test_pattern_escapes_classes_and_groups_read_as_ecma_262(pattern, good, bad):
    contract = contract_with(f"""      - name: code
        logicalType: string
        logicalTypeOptions: {{pattern: '{pattern}'}}""")
    report = validate(pd.DataFrame({"code": good + bad}), contract)
    assert report.failures["value"].tolist() == bad


def test_invalid_values_pattern_reads_dollar_as_ecma_too():
    contract = contract_with("""      - name: sku
        logicalType: string
        quality:
          - metric: invalidValues
            arguments: {pattern: "^SKU-[0-9]{5}$"}
            mustBe: 0""")
    report = validate(pd.DataFrame({"sku": ["SKU-00001", "SKU-00002\n"]}), contract)
    assert report.failures["value"].tolist() == ["SKU-00002\n"]


KEYED = contract_with("""      - name: id
        logicalType: string
        unique: true""", """    quality:
      - metric: duplicateValues
        arguments: {properties: [id]}
        mustBe: 0""")


def repeats(values: list) -> int:
    """Non-empty values seen before: what 'unique' and a duplicate count both mean."""
    seen, count = set(), 0
    for value in values:
        if value is None:
            continue
        count += value in seen
        seen.add(value)
    return count


def test_table_duplicate_values_do_not_count_empty_keys_as_duplicates_like_unique():
    values = ["a", None, None, None, "a", "b"]
    report = validate(pd.DataFrame({"id": values}), KEYED)
    assert failed(report, "unique", "id") == failed(report, "duplicateValues", "id") == repeats(values) == 1
    assert report.summary.set_index("rule").loc["duplicateValues", "metric"] == 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", None]), max_size=12))
def test_unique_and_table_duplicate_values_always_agree(values):
    report = validate(pd.DataFrame({"id": pd.Series(values, dtype=object)}), KEYED)
    assert failed(report, "unique", "id") == repeats(values)
    assert report.summary.set_index("rule").loc["duplicateValues", "metric"] == repeats(values)


def test_a_composite_key_with_an_empty_part_is_not_a_duplicate():
    contract = contract_with("""      - name: a
        logicalType: string
        primaryKey: true
      - name: b
        logicalType: string
        primaryKey: true""")
    frame = pd.DataFrame({"a": ["x", "x", "x", "x", None, None], "b": ["1", "1", None, None, "2", "2"]})
    report = validate(frame, contract)
    assert failed(report, "primaryKey", "a, b") == 1  # only the second ("x", "1")
    assert failed(report, "required", "a") == 2 and failed(report, "required", "b") == 2


NUMBERS = contract_with("""      - name: n
        logicalType: number
      - name: k
        logicalType: integer""")


def not_a_finite_number(text: str) -> bool:
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return True


INF_NAN = ["1", "inf", "-inf", "Infinity", "nan", "NaN", "1e999", "2.5"]


def test_inf_and_nan_text_are_not_numbers():
    report = validate(pd.DataFrame({"n": INF_NAN, "k": ["1"] * len(INF_NAN)}), NUMBERS)
    assert failed(report, "logicalType", "n") == sum(map(not_a_finite_number, INF_NAN)) == 6


def test_inf_and_nan_in_a_csv_are_not_numbers_either(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("n,k\n" + "".join(f"{v},{v}\n" for v in INF_NAN))
    report = validate(read_product(NUMBERS, path), NUMBERS)
    expected = sum(map(not_a_finite_number, INF_NAN))
    assert failed(report, "logicalType", "n") == expected
    assert failed(report, "logicalType", "k") == expected + 1  # and 2.5 is not whole


def test_infinity_in_a_float_column_is_not_a_number():
    report = validate(pd.DataFrame({"n": [1.0, np.inf, -np.inf], "k": [1, 2, 3]}), NUMBERS)
    assert failed(report, "logicalType", "n") == 2


DATES = contract_with("""      - name: day
        logicalType: date""")
DATE_VALUES = ["2026-03-02", "2026-03-02T06:00:00Z", "2026-03-02 06:00", "2026-02-30", "2026-3-2", "2026-03",
               "2026-03-02T00:00:00"]


def not_a_date(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return True
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return True
    return False


def test_a_date_time_fails_a_date_column():
    report = validate(pd.DataFrame({"day": DATE_VALUES}), DATES)
    assert failed(report, "logicalType", "day") == sum(map(not_a_date, DATE_VALUES)) == 6


def test_a_date_time_in_a_date_csv_column_fails_too(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("day\n" + "\n".join(DATE_VALUES) + "\n")
    report = validate(read_product(DATES, path), DATES)
    assert failed(report, "logicalType", "day") == sum(map(not_a_date, DATE_VALUES))


def test_date_objects_pass_and_date_times_with_a_time_of_day_fail_a_date_column():
    values = [datetime.date(2026, 3, 2), datetime.datetime(2026, 3, 2, 6), pd.Timestamp("2026-03-02"), None]
    assert failed(validate(pd.DataFrame({"day": values}), DATES), "logicalType", "day") == 1
    stamps = pd.to_datetime(["2026-03-02", "2026-03-02T06:00"], format="ISO8601")
    assert failed(validate(pd.DataFrame({"day": stamps}), DATES), "logicalType", "day") == 1


ZONED = contract_with("""      - name: at
        logicalType: timestamp
        logicalTypeOptions: {timezone: true}""")
PLAIN_TIMES = contract_with("""      - name: at
        logicalType: timestamp""")
ZONE_VALUES = ["2026-03-02T06:00:00Z", "2026-03-02T06:00:00", "2026-03-02T07:00:00+01:00", "2026-03-02",
               "2026-03-02T06:00:00+0100", "2026-03-02 06:00:00", "2026-03-02T06:00:00.5-05:00"]


def naive(text: str) -> bool:
    return datetime.datetime.fromisoformat(text).tzinfo is None


def test_timezone_true_rejects_timestamps_without_a_zone():
    report = validate(pd.DataFrame({"at": ZONE_VALUES}), ZONED)
    assert failed(report, "timezone", "at") == sum(map(naive, ZONE_VALUES)) == 3
    assert failed(report, "logicalType", "at") == 0
    assert validate(pd.DataFrame({"at": ZONE_VALUES}), PLAIN_TIMES).passed  # without the option: UTC


def test_timezone_true_rejects_naive_values_read_from_a_csv_and_naive_python_times(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("at\n" + "\n".join(ZONE_VALUES) + "\n")
    assert failed(validate(read_product(ZONED, path), ZONED), "timezone", "at") == sum(map(naive, ZONE_VALUES))
    objects = [datetime.datetime(2026, 3, 2, tzinfo=datetime.timezone.utc), datetime.datetime(2026, 3, 2)]
    assert failed(validate(pd.DataFrame({"at": objects}), ZONED), "timezone", "at") == 1
    assert failed(validate(pd.DataFrame({"at": pd.to_datetime(["2026-03-02"])}), ZONED), "timezone", "at") == 1


MIXED = ["2026-01-05T09:00:00", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00"]


def test_mixed_time_zones_are_reported_per_value_not_raised(tmp_path, capsys):
    days = contract_with("""      - name: day
        logicalType: date
      - name: at
        logicalType: timestamp
        logicalTypeOptions: {timezone: true}""")
    path = tmp_path / "mixed.csv"
    path.write_text("day,at\n" + "".join(f"{v},{v}\n" for v in MIXED))
    report = validate(read_product(days, path), days)  # was: ValueError "Mixed timezones detected"
    assert failed(report, "logicalType", "day") == 3 and failed(report, "timezone", "at") == 2
    contract_path = tmp_path / "days.odcs.yaml"
    contract_path.write_text(days.to_yaml(), encoding="utf-8")
    assert main([str(contract_path), str(path)]) == 1
    out, err = capsys.readouterr()
    assert "cannot read" not in err and err == ""
    assert "'2026-01-05T10:00:00Z' is not a date" in out and "'2026-01-05T09:00:00' has no time zone" in out


def test_mixed_time_zones_in_a_plain_timestamp_column_read_as_utc_and_pass(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("at\n" + "\n".join(MIXED) + "\n")
    frame = read_product(PLAIN_TIMES, path)
    assert validate(frame, PLAIN_TIMES).passed
    assert frame["at"].dt.hour.tolist() == [9, 10, 11]


# ---------------------------------------------------------------------------------------------- data of any size
BOUNDED = contract_with("""      - name: id
        logicalType: string
        required: true
      - name: amount
        logicalType: number
        logicalTypeOptions: {minimum: 0}""")


def test_a_data_file_over_the_contract_size_limit_is_read_and_validated(tmp_path, monkeypatch, capsys):
    from mesh_lab import contracts

    rows = 200_000  # 3 MB; the contract reader's cap (5 MB then) once refused any data file above it
    monkeypatch.setattr(contracts, "MAX_CONTRACT_BYTES", 1024 * 1024)
    path = tmp_path / "big.csv"
    path.write_text("id,amount\n" + "ABCDEFGHIJ,1.5\n" * rows)
    assert path.stat().st_size > contracts.MAX_CONTRACT_BYTES

    contract_reader = contracts.read_utf8

    def contract_reader_only(file):
        assert Path(file).suffix != ".csv", "data must not go through the contract reader (and its cap)"
        return contract_reader(file)

    monkeypatch.setattr(contracts, "read_utf8", contract_reader_only)
    frame = read_product(BOUNDED, path)
    assert len(frame) == rows and frame["amount"].dtype == "float64"
    contract_path = tmp_path / "bounded.odcs.yaml"
    contract_path.write_text(BOUNDED.to_yaml(), encoding="utf-8")
    assert main([str(contract_path), str(path)]) == 0
    assert f"{rows:,} rows pass" in capsys.readouterr().out


def test_a_report_where_everything_fails_stays_bounded_and_says_so():
    n = 3000
    frame = pd.DataFrame({"id": [None] * n, "amount": [-1.0] * n})
    report = validate(frame, BOUNDED)
    assert failed(report, "required", "id") == n and failed(report, "minimum", "amount") == n
    assert report.n_failures == 2 * n and not report.passed
    assert report.failures.groupby("rule").size().to_dict() == {"minimum": 1000, "required": 1000}
    text = report.to_text()
    assert "showing 1,000 of 3,000 failing values for rule required on id" in text
    assert "showing 1,000 of 3,000 failing values for rule minimum on amount" in text
    assert "6,000 failing values" in report.headline()
    assert "showing 1,000 of 3,000 failing values for rule minimum on amount" in report._repr_html_()
    everything = validate(frame, BOUNDED, max_failures_per_rule=None)
    assert len(everything.failures) == 2 * n and "showing" not in everything.to_text()
    none_listed = validate(frame, BOUNDED, max_failures_per_rule=0)
    assert none_listed.failures.empty and not none_listed.passed and none_listed.n_failures == 2 * n
    with pytest.raises(TypeError, match="max_failures_per_rule"):
        validate(frame, BOUNDED, max_failures_per_rule=-1)


def test_the_cli_caps_failing_values_unless_asked_for_all(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("id,amount\n" + "A,-1\n" * 1500)
    contract_path = tmp_path / "bounded.odcs.yaml"
    contract_path.write_text(BOUNDED.to_yaml(), encoding="utf-8")
    assert main([str(contract_path), str(path)]) == 1
    assert "showing 1,000 of 1,500 failing values for rule minimum on amount" in capsys.readouterr().out
    assert main([str(contract_path), str(path), "--all-failures"]) == 1
    out = capsys.readouterr().out
    assert "showing" not in out and "1,500 failing values" in out


def test_a_csv_with_a_header_and_no_rows_checked_nothing_and_says_so(tmp_path, capsys):
    path = tmp_path / "empty.csv"
    path.write_text("id,amount\n")
    contract_path = tmp_path / "bounded.odcs.yaml"
    contract_path.write_text(BOUNDED.to_yaml(), encoding="utf-8")
    assert main([str(contract_path), str(path)]) == 1
    assert "nothing checked: the data have no rows" in capsys.readouterr().out


def test_a_number_column_with_text_far_down_the_file_is_reported_without_a_dtype_warning(tmp_path):
    path = tmp_path / "late.csv"
    path.write_text("id,amount\n" + "A,1.5\n" * 300_000 + "B,oops\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas reads big files in pieces; a late text value must not warn
        report = validate(read_product(BOUNDED, path), BOUNDED)
    assert report.failures[["row", "value"]].values.tolist() == [[300_000, "oops"]]
