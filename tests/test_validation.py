"""Validation: every executed rule catches what it should, names the row and the contract path, never raises."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mesh_lab.contracts import Contract, load_contract
from mesh_lab.datasets import product_paths
from mesh_lab.errors import ContractError, MissingDataError
from mesh_lab.validation import FAILURE_COLUMNS, SUMMARY_COLUMNS, main, read_product, validate


def make_contract(properties: list[dict], quality: list[dict] | None = None) -> Contract:
    obj = {"name": "t", "properties": properties}
    if quality:
        obj["quality"] = quality
    return Contract.from_dict({"apiVersion": "v3.1.0", "kind": "DataContract", "id": "test.t", "name": "t",
                               "domain": "test", "version": "1.0.0", "status": "draft", "schema": [obj]})


@pytest.fixture(scope="module")
def payments():
    contract = load_contract(product_paths("payments.transactions")[1])
    return contract, read_product(contract)


def failing(report, rule, column=None):
    f = report.failures
    f = f[f["rule"] == rule]
    if column is not None:
        f = f[f["column"] == column]
    return f


def test_clean_sample_passes(payments):
    contract, frame = payments
    report = validate(frame, contract)
    assert report.passed and bool(report)
    assert list(report.failures.columns) == FAILURE_COLUMNS
    assert list(report.summary.columns) == SUMMARY_COLUMNS
    assert report.summary["passed"].isin([True, None]).all()
    assert "✅" in repr(report) and "4,000 rows" in repr(report)


def test_out_of_range_value_names_row_value_and_path(payments):
    contract, frame = payments
    broken = frame.copy()
    broken.loc[17, "amount"] = -12.5
    report = validate(broken, contract)
    assert not report.passed
    row = failing(report, "minimum", "amount").iloc[0]
    assert (row["row"], row["value"], row["severity"]) == (17, -12.5, "error")
    assert row["path"] == "schema[0].properties[4].logicalTypeOptions.minimum"
    assert "-12.5" in row["message"] and "minimum 0" in row["message"]
    assert len(report.failures) == 1


def test_each_kind_of_break_is_caught(payments):
    contract, frame = payments
    broken = frame.copy()
    broken.loc[3, "transaction_id"] = broken.loc[2, "transaction_id"]  # duplicate key
    broken.loc[4, "customer_id"] = np.nan                             # null in required column
    broken.loc[5, "currency"] = "XYZ"                                 # invalid value
    broken.loc[6, "sku"] = "sku-1"                                    # pattern
    broken.loc[7, "status"] = "pending"                               # invalid value
    report = validate(broken, contract)
    assert failing(report, "unique", "transaction_id")["row"].tolist() == [3]
    assert failing(report, "duplicateValues", "transaction_id")["row"].tolist() == [3]
    assert failing(report, "required", "customer_id")["row"].tolist() == [4]
    assert failing(report, "invalidValues", "currency")["row"].tolist() == [5]
    assert failing(report, "pattern", "sku")["row"].tolist() == [6]
    assert failing(report, "invalidValues", "status")["row"].tolist() == [7]
    bad = report.failed_rules
    assert set(bad["rule"]) == {"unique", "duplicateValues", "required", "invalidValues", "pattern"}


def test_missing_and_extra_columns(payments):
    contract, frame = payments
    report = validate(frame.drop(columns=["status"]).assign(note="x"), contract)
    missing = failing(report, "column", "status")
    assert len(missing) == 1 and missing.iloc[0]["path"] == "schema[0].properties[6]"
    assert pd.isna(missing.iloc[0]["row"])
    extra = failing(report, "extraColumn", "note")
    assert extra.iloc[0]["severity"] == "warning"
    assert not report.passed


def test_extra_column_alone_is_only_a_warning(payments):
    contract, frame = payments
    report = validate(frame.assign(note="x"), contract)
    assert report.passed and len(report.failures) == 1


def test_wrong_types_in_mixed_object_columns(payments):
    contract, frame = payments
    mixed = frame.astype(object)
    mixed.loc[0, "amount"] = "abc"
    mixed.loc[1, "quantity"] = 2.5
    mixed.loc[2, "created_at"] = 5
    mixed.loc[3, "currency"] = 7
    report = validate(mixed, contract)
    types = failing(report, "logicalType").set_index("column")["row"].to_dict()
    assert types == {"amount": 0, "quantity": 1, "created_at": 2, "currency": 3}
    # a value with the wrong type is not reported again by the range checks
    assert failing(report, "minimum").empty


def test_whole_column_of_the_wrong_dtype(payments):
    contract, frame = payments
    report = validate(frame.assign(quantity=frame["quantity"] + 0.5), contract, max_failures_per_rule=None)
    assert len(failing(report, "logicalType", "quantity")) == len(frame)


def test_timestamps_tz_aware_naive_and_text_all_work(payments):
    contract, frame = payments
    naive = frame.assign(created_at=frame["created_at"].dt.tz_localize(None))
    text = frame.assign(created_at=frame["created_at"].dt.strftime("%Y-%m-%dT%H:%M:%S+01:00"))
    other_zone = frame.assign(created_at=frame["created_at"].dt.tz_convert("Europe/Stockholm"))
    for variant in (text, other_zone):
        assert validate(variant, contract).passed
    # the contract says timezone: true, so a time without a zone breaks it — each value, nothing else
    report = validate(naive, contract)
    assert report.failed_rules[["rule", "column", "failed"]].values.tolist() == [["timezone", "created_at", 4000]]
    early = frame.copy()
    early.loc[9, "created_at"] = pd.Timestamp("2019-12-31T23:00:00Z")
    assert failing(validate(early, contract), "minimum", "created_at")["row"].tolist() == [9]


def test_odd_frames_never_raise(payments):
    contract, frame = payments
    for odd in (pd.DataFrame(), frame.iloc[:0], frame.head(3).map(lambda _: None),
                pd.DataFrame({"transaction_id": [1, "two", None, 3.5, True]}),
                pd.DataFrame(np.zeros((2, 2)), columns=["amount", "amount"])):
        report = validate(odd, contract)
        assert not report.passed
        assert set(report.failures.columns) == set(FAILURE_COLUMNS)
    empty = validate(frame.iloc[:0], contract)
    assert failing(empty, "rowCount").iloc[0]["value"] == 0


def test_row_labels_are_the_frames_own_index(payments):
    contract, frame = payments
    shifted = frame.head(50).set_index(pd.RangeIndex(1000, 1050))
    shifted.loc[1005, "quantity"] = 0
    report = validate(shifted, contract)
    assert failing(report, "minimum", "quantity")["row"].tolist() == [1005]
    assert failing(report, "rowCount").iloc[0]["value"] == 50


@pytest.mark.parametrize(("options", "values", "bad"), [
    ({"minimum": 0, "maximum": 10}, [0, 10, -1, 11, None], [2, 3]),
    ({"exclusiveMinimum": 0, "exclusiveMaximum": 10}, [0, 10, 5, None], [0, 1]),
    ({"multipleOf": 0.5}, [1.5, 2.0, 2.25], [2]),
])
def test_number_options(options, values, bad):
    contract = make_contract([{"name": "x", "logicalType": "number", "logicalTypeOptions": options}])
    report = validate(pd.DataFrame({"x": values}), contract)
    assert sorted(report.failures["row"]) == bad


def test_string_options():
    contract = make_contract([{"name": "s", "logicalType": "string",
                               "logicalTypeOptions": {"minLength": 2, "maxLength": 3, "pattern": "^[a-z]+$"}}])
    report = validate(pd.DataFrame({"s": ["ab", "a", "abcd", "AB", None]}), contract)
    got = {(r.rule, r.row) for r in report.failures.itertuples()}
    assert got == {("minLength", 1), ("maxLength", 2), ("pattern", 3)}


def test_booleans_and_dates():
    contract = make_contract([{"name": "b", "logicalType": "boolean"},
                              {"name": "d", "logicalType": "date",
                               "logicalTypeOptions": {"maximum": "2026-12-31"}}])
    frame = pd.DataFrame({"b": [True, "false", "maybe", 1, 2], "d": ["2026-01-01", "2027-01-01", "soon", None, None]})
    report = validate(frame, contract)
    got = {(r.rule, r.column, r.row) for r in report.failures.itertuples()}
    assert got == {("logicalType", "b", 2), ("logicalType", "b", 4), ("maximum", "d", 1), ("logicalType", "d", 2)}


def test_quality_metrics_with_thresholds_and_percent():
    contract = make_contract(
        [{"name": "c", "logicalType": "string",
          "quality": [{"metric": "nullValues", "mustBeLessThan": 30, "unit": "percent"},
                      {"metric": "missingValues", "arguments": {"missingValues": [None, "", "N/A"]},
                       "mustBeLessOrEqualTo": 1},
                      {"metric": "invalidValues", "arguments": {"pattern": "^[A-Z]$"}, "mustBe": 0,
                       "severity": "warning"},
                      {"metric": "duplicateValues", "mustBeLessThan": 2}]}],
        quality=[{"metric": "rowCount", "mustBeBetween": [1, 3]}])
    frame = pd.DataFrame({"c": ["A", None, "N/A", "", "A"]})
    report = validate(frame, contract)
    summary = report.summary.set_index("rule")
    assert summary.loc["nullValues", "metric"] == 20.0 and summary.loc["nullValues", "passed"]
    assert summary.loc["missingValues", "metric"] == 3 and not summary.loc["missingValues", "passed"]
    assert sorted(failing(report, "missingValues")["row"]) == [1, 2, 3]
    assert sorted(failing(report, "invalidValues")["row"]) == [2, 3]
    assert failing(report, "invalidValues")["severity"].eq("warning").all()
    assert summary.loc["duplicateValues", "passed"]  # one duplicate, fewer than two allowed
    assert failing(report, "rowCount").iloc[0]["value"] == 5
    assert not report.passed


def test_warnings_alone_do_not_fail_the_report():
    contract = make_contract([{"name": "c", "logicalType": "string", "quality": [
        {"metric": "nullValues", "mustBe": 0, "severity": "warning"}]}])
    report = validate(pd.DataFrame({"c": ["a", None]}), contract)
    assert report.passed and len(report.failures) == 1


def test_composite_primary_key():
    contract = make_contract([{"name": "a", "logicalType": "integer", "primaryKey": True},
                              {"name": "b", "logicalType": "string", "primaryKey": True}])
    report = validate(pd.DataFrame({"a": [1, 1, 1, 2], "b": ["x", "y", "x", "x"]}), contract)
    assert failing(report, "primaryKey")["row"].tolist() == [2]
    # each column repeats on its own, but only the pair is a key
    assert failing(report, "unique", "a")["row"].tolist() == [1, 2]


def test_unexecuted_rules_are_listed_not_run():
    contract = load_contract(__import__("pathlib").Path(__file__).parent / "fixtures" / "contracts" /
                             "rich_valid.odcs.yaml")
    frame = pd.DataFrame({"shipment_id": ["SH-000001"], "order_id": ["o1"], "weight_kg": [1.5], "parcels": [1],
                          "fragile": [False], "shipped_at": ["2024-06-01T00:00:00Z"],
                          "shipped_date": ["2024-06-01"], "dimensions": [{"length_cm": 3}], "labels": [["a"]]})
    report = validate(frame, contract)
    assert report.passed, report.to_text()
    not_run = report.summary[report.summary["status"] == "not executed"]
    assert set(not_run["rule"]) == {"sql", "custom", "text"}


def test_html_report_shows_verdict_and_failures(payments):
    contract, frame = payments
    broken = frame.copy()
    broken.loc[1, "quantity"] = 500
    page = validate(broken, contract)._repr_html_()
    assert "❌" in page and "maximum" in page and "<table" in page


def test_validate_accepts_a_product_id_and_rejects_misuse(payments):
    contract, frame = payments
    assert validate(frame, "payments.transactions").passed
    with pytest.raises(TypeError, match="DataFrame"):
        validate([1, 2], contract)
    with pytest.raises(TypeError, match="Contract"):
        validate(frame, 42)
    with pytest.raises(TypeError, match=r"validate\(frame, contract\)"):
        validate(contract, frame)
    with pytest.raises(ContractError, match="no schema object named"):
        validate(frame, contract, object_name="nope")


def test_read_product_types_columns_from_the_contract():
    frame = read_product("payments.transactions")
    assert str(frame["created_at"].dtype) .startswith("datetime64") and frame["created_at"].dt.tz is not None
    assert frame["quantity"].dtype == "int64" and frame["amount"].dtype == "float64"
    assert frame["payment_method"].isna().sum() > 0
    catalog = read_product(load_contract(product_paths("catalog.products")[1]))
    assert catalog["active"].dtype == bool


def test_read_product_keeps_unfitting_columns_as_text(tmp_path):
    contract = load_contract(product_paths("catalog.products")[1])
    frame = read_product(contract)
    text = frame.astype({"unit_price": str})
    text.loc[4, "unit_price"] = "free"
    path = tmp_path / "products.csv"
    text.to_csv(path, index=False)
    again = read_product(contract, path)
    assert not pd.api.types.is_numeric_dtype(again["unit_price"])
    report = validate(again, contract)
    assert failing(report, "logicalType", "unit_price")["row"].tolist() == [4]


def test_read_product_missing_file(tmp_path):
    with pytest.raises(MissingDataError, match="no data file"):
        read_product("payments.transactions", tmp_path / "nope.csv")


def test_cli_validate(tmp_path, capsys):
    contract_path = product_paths("payments.transactions")[1]
    assert main([str(contract_path), str(product_paths("payments.transactions")[0])]) == 0
    assert "✅" in capsys.readouterr().out
    frame = read_product("payments.transactions")
    frame.loc[2, "amount"] = -1
    bad = tmp_path / "bad.csv"
    frame.to_csv(bad, index=False)
    assert main([str(contract_path), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "row 2" in out and "minimum" in out
    assert main([str(tmp_path / "missing.odcs.yaml"), str(bad)]) == 2
