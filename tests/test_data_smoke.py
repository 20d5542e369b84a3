"""The data-product smoke tier, the fault library and the detection matrix (cells come from running tiers)."""

from __future__ import annotations

import pandas as pd
import pytest

from mesh_lab.contracts import load_contract
from mesh_lab.data_smoke import ProductFile, detection_matrix, matrix_table, newest_timestamp, smoke_product
from mesh_lab.datasets import product_paths
from mesh_lab.faults import DATA_FAULTS, FaultError, inject

CSV, CONTRACT_PATH = product_paths("payments.transactions")
CONTRACT = load_contract(CONTRACT_PATH)
NOW = pd.Timestamp("2026-03-02T06:00:00Z")


def statuses(run) -> dict[str, str]:
    return {r.name: r.status for r in run.results}


def test_the_sample_product_passes_every_smoke_check():
    run = smoke_product(CONTRACT, CSV, NOW)
    assert run.passed, run
    assert [r.name for r in run.results] == ["file readable", "columns present", "rows above zero", "fresh within SLA"]


@pytest.mark.parametrize("fault, failing", [
    ("missing file", "file readable"), ("empty file", "file readable"), ("dropped column", "columns present"),
    ("renamed column", "columns present"), ("volume drop", "rows above zero"), ("stale data", "fresh within SLA"),
    ("late day", "fresh within SLA"),
])
def test_each_smoke_check_catches_its_fault_and_stops_the_rest(tmp_path, fault, failing):
    broken = inject(fault, CSV.read_text(encoding="utf-8"), CONTRACT, seed=1)
    path = tmp_path / "broken.csv"
    if broken is not None:
        path.write_text(broken, encoding="utf-8")
    result = statuses(smoke_product(CONTRACT, path, NOW))
    assert result[failing] == "fail", result
    after = list(result)[list(result).index(failing) + 1:]
    assert all(result[name] == "skipped" for name in after), "fail-fast"


def test_the_newest_timestamp_from_bytes_matches_pandas(tmp_path):
    expected = pd.to_datetime(pd.read_csv(CSV)["created_at"], utc=True).max()
    assert newest_timestamp(ProductFile(CONTRACT, CSV, NOW), "created_at") == expected


@pytest.mark.parametrize("text", [
    'id,at\n1,"2026-01-01T00:00:00Z"\n2,"2026-01-02T00:00:00Z"\n',             # quoted: pandas fallback
    "id,at\r\n1,2026-01-01T00:00:00Z\r\n2,2026-01-02T00:00:00Z\r\n",            # Windows line ends
    "id,at\n1,2026-01-02T01:00:00+01:00\n2,2026-01-01T23:30:00Z\n",            # offsets: parsed, not text-sorted
    "id,at\n1,2026-01-01T00:00:00Z\n2,2026-01-02T00:00:00Z",                    # no final newline
    "id,at\n1,2026-13-01T00:00:00Z\n2,2026-01-02T00:00:00Z\n",                  # all digits, no time
    "id,at\n1,2026-01-03T00:00:0 Z\n2,2026-01-02T00:00:00Z\n",                  # a gap where a digit goes
    "id,at\n1,2026-01-0xT00:00:00Z\n2,2026-01-02T00:00:00Z\n",                  # a letter sorts above digits
    "id,at,n\n1,2026-01-01T00:00:00Z,5\n2,2026-01-02T00:00:00Z,6\n",            # not the last column
    "id,at\n1,2026-01-01T00:00:00Z\n22,2026-01-02T00:00:00+0000\n",             # one row of another shape
    "at\n2026-01-01T00:00:00Z\n2026-01-02T00:00:00Z\n",                         # a one-column file
])
def test_the_newest_timestamp_is_right_for_odd_files(tmp_path, text):
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    texts = pd.read_csv(path, dtype=str)["at"]
    expected = pd.to_datetime(texts, utc=True, format="ISO8601", errors="coerce").max()
    assert newest_timestamp(ProductFile(CONTRACT, path, NOW), "at") == expected


def test_row_count_counts_rows_not_lines(tmp_path):
    for text, rows in [("a\n1\n2\n", 2), ("a\n1\n2", 2), ("a\n", 0), ("", 0)]:
        path = tmp_path / "r.csv"
        path.write_text(text, encoding="utf-8")
        assert ProductFile(CONTRACT, path, NOW).row_count() == rows, text


def test_faults_are_seeded_and_unknown_ones_are_clear_errors():
    text = CSV.read_text(encoding="utf-8")
    assert inject("duplicates", text, CONTRACT, seed=3) == inject("duplicates", text, CONTRACT, seed=3)
    assert inject("duplicates", text, CONTRACT, seed=3) != inject("duplicates", text, CONTRACT, seed=4)
    with pytest.raises(FaultError, match="choose one of"):
        inject("gremlins", text, CONTRACT)


def test_the_detection_matrix_comes_from_running_the_tiers():
    matrix = detection_matrix(faults=["stale data", "duplicates", "renamed column"])
    table = matrix_table(matrix)
    assert list(table.loc["none"]) == ["quiet", "quiet", "quiet"], "no tier may cry wolf on good data"
    assert table.loc["stale data", "smoke"] == "caught" and table.loc["stale data", "full validation"] == "missed"
    assert table.loc["duplicates", "smoke"] == "missed" and table.loc["duplicates", "full validation"] == "caught"
    assert table.loc["renamed column", "smoke"] == "caught" and table.loc["renamed column", "SLA"] == "missed"
    assert (matrix["ms"] >= 0).all() and matrix["said"].str.len().gt(0).all()


def test_every_fault_in_the_library_is_caught_by_some_tier():
    table = matrix_table(detection_matrix())
    for fault in DATA_FAULTS:
        assert "caught" in set(table.loc[fault]), f"{fault}: no tier catches it"


@pytest.mark.parametrize("now", ["2026-03-02T06:00:00Z", "2026-03-02T23:00:00Z", "2026-03-03T01:00:00Z",
                                 "2026-03-04T00:30:00Z"])
def test_a_date_column_is_fresh_until_its_day_ends_as_the_sla_check_says(now):
    from mesh_lab.sla import check_sla
    from mesh_lab.validation import read_product

    csv_path, contract_path = product_paths("analytics.daily_revenue")
    contract = load_contract(contract_path)
    sla = check_sla(contract, read_product(contract, csv_path=csv_path), now=now).frame
    latency = sla[sla["property"].isin(["latency", "freshness"])]
    smoke = smoke_product(contract, csv_path, now)
    assert smoke.status_of("fresh within SLA") == ("pass" if bool(latency["passed"].all()) else "fail"), smoke
