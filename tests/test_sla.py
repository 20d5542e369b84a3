"""SLA checks: measured at an explicit moment, so every run prints the same numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from mesh_lab.contracts import Contract, load_contract
from mesh_lab.datasets import REFERENCE_TIME, product_paths
from mesh_lab.sla import SLA_COLUMNS, check_sla, duration
from mesh_lab.validation import read_product


def sla_contract(items: list[dict], logical: str = "timestamp") -> Contract:
    return Contract.from_dict({
        "apiVersion": "v3.1.0", "kind": "DataContract", "id": "t.events", "name": "events", "domain": "t",
        "version": "1.0.0", "status": "active",
        "schema": [{"name": "events", "properties": [{"name": "at", "logicalType": logical},
                                                     {"name": "note", "logicalType": "string"}]}],
        "slaProperties": items,
    })


def frame_at(*times: str, notes=None) -> pd.DataFrame:
    return pd.DataFrame({"at": pd.to_datetime(list(times), utc=True),
                         "note": notes if notes is not None else ["x"] * len(times)})


@pytest.fixture(scope="module")
def payments():
    contract = load_contract(product_paths("payments.transactions")[1])
    return contract, read_product(contract)


def test_sample_product_meets_its_sla_at_the_reference_time(payments):
    contract, frame = payments
    report = check_sla(contract, frame)
    assert report.passed and report.now == REFERENCE_TIME
    assert list(report.frame.columns) == SLA_COLUMNS
    statuses = dict(zip(report.frame["property"], report.frame["status"], strict=True))
    assert statuses == {"latency": "passed", "frequency": "passed", "completeness": "passed",
                        "retention": "passed", "generalAvailability": "not executed"}
    assert repr(report) == repr(check_sla(contract, frame))  # deterministic


def test_the_same_product_is_stale_three_days_later(payments):
    contract, frame = payments
    report = check_sla(contract, frame, now=REFERENCE_TIME + pd.Timedelta(days=3))
    assert not report.passed
    assert report.breaches["property"].tolist() == ["latency"]
    assert "❌" in repr(report) and "❌" in report._repr_html_()


def test_default_frame_is_the_products_own_data(payments):
    contract, _ = payments
    assert check_sla(contract).passed


def test_latency_boundary():
    contract = sla_contract([{"property": "latency", "value": 2, "unit": "h", "element": "events.at"}])
    frame = frame_at("2026-01-01T10:00:00Z")
    assert check_sla(contract, frame, now="2026-01-01T12:00:00Z").passed
    late = check_sla(contract, frame, now="2026-01-01T12:00:01Z")
    assert not late.passed and late.frame.loc[0, "measured"] == "2 h 1 s"


def test_frequency_is_the_largest_gap():
    contract = sla_contract([{"property": "frequency", "value": 1, "unit": "d", "element": "at"}])
    steady = frame_at("2026-01-01", "2026-01-02", "2026-01-03")
    gap = frame_at("2026-01-01", "2026-01-02", "2026-01-04")
    assert check_sla(contract, steady, now="2026-01-03").passed
    assert not check_sla(contract, gap, now="2026-01-04").passed


def test_retention_and_completeness():
    contract = sla_contract([{"property": "retention", "value": 30, "unit": "d", "element": "events.at"},
                             {"property": "completeness", "value": 75, "unit": "percent",
                              "element": "events.note"}])
    frame = frame_at("2026-01-05", "2026-01-20", "2026-02-01", "2026-02-02", notes=["a", None, "b", "c"])
    report = check_sla(contract, frame, now="2026-02-02")
    assert report.passed, repr(report)
    later = check_sla(contract, frame.assign(note=["a", None, None, "c"]), now="2026-02-05")
    assert set(later.breaches["property"]) == {"retention", "completeness"}


def test_dates_count_from_the_end_of_their_day():
    contract = sla_contract([{"property": "latency", "value": 1, "unit": "d", "element": "at"}], logical="date")
    frame = pd.DataFrame({"at": ["2026-03-01"], "note": ["x"]})
    assert check_sla(contract, frame, now="2026-03-02T06:00:00Z").passed
    assert not check_sla(contract, frame, now="2026-03-03T06:00:00Z").passed


def test_naive_now_and_naive_data_are_utc():
    contract = sla_contract([{"property": "latency", "value": 1, "unit": "h", "element": "at"}])
    frame = pd.DataFrame({"at": pd.to_datetime(["2026-01-01 10:00"]), "note": ["x"]})
    assert check_sla(contract, frame, now=pd.Timestamp("2026-01-01 10:30")).passed


def test_missing_element_and_unknown_unit_are_explained():
    contract = sla_contract([{"property": "latency", "value": 1, "unit": "h", "element": "events.nope"},
                             {"property": "latency", "value": 1, "unit": "fortnight", "element": "at"}])
    report = check_sla(contract, frame_at("2026-01-01"), now="2026-01-01")
    first, second = report.frame.iloc[0], report.frame.iloc[1]
    assert first["passed"] is False and "not a column" in first["message"]
    assert second["status"] == "not executed" and "fortnight" in second["message"]


def test_empty_frame_breaches_rather_than_raises():
    contract = sla_contract([{"property": "latency", "value": 1, "unit": "h", "element": "at"}])
    report = check_sla(contract, frame_at(), now="2026-01-01")
    assert not report.passed


def test_duration_units():
    assert duration(4, "h") == pd.Timedelta(hours=4)
    assert duration(1, "y") == pd.Timedelta(days=365)
    assert duration("2", "days") == pd.Timedelta(days=2)
    assert duration(1, "parsec") is None and duration(True, "d") is None


def test_misuse_raises_type_error(payments):
    contract, frame = payments
    with pytest.raises(TypeError, match="Contract"):
        check_sla("payments.transactions", frame)
    with pytest.raises(TypeError, match="DataFrame"):
        check_sla(contract, [1, 2])


def test_lint_warns_about_an_unknown_time_unit():
    from mesh_lab.contracts import contract_from_yaml
    from mesh_lab.lint import lint_text

    text = """apiVersion: v3.1.0
kind: DataContract
id: t
version: 1.0.0
status: draft
slaProperties:
  - property: latency
    value: 1
    unit: fortnight
"""
    problems = lint_text(text, "t.yaml")
    assert [(p.severity, p.path, p.line) for p in problems] == [("warning", "slaProperties[0].unit", 9)]
    assert "'fortnight'" in problems[0].found
    contract_from_yaml(text)  # still loads: the SLA is reported as not executed
