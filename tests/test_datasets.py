"""The sample mesh: data reproducible byte for byte, small and realistic; contracts hand-written, valid ODCS."""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from mesh_lab import datasets
from mesh_lab.datasets import PRODUCTS, REFERENCE_TIME, build_frames, generate, product_paths
from mesh_lab.paths import data_dir

ODCS_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "standards" / "odcs-json-schema-v3.1.0.json"


def test_reference_time_is_fixed_and_utc():
    assert isinstance(REFERENCE_TIME, pd.Timestamp)
    assert str(REFERENCE_TIME.tz) == "UTC"
    assert PRODUCTS == ["payments.transactions", "catalog.products", "logistics.delivery_events",
                        "analytics.daily_revenue"]


def test_product_paths():
    csv_path, contract_path = product_paths("payments.transactions", "/x")
    assert csv_path == Path("/x/payments/transactions.csv")
    assert contract_path == Path("/x/payments/transactions.odcs.yaml")
    assert product_paths("catalog.products")[0] == data_dir() / "catalog" / "products.csv"
    with pytest.raises(ValueError, match="domain.name"):
        product_paths("payments")


def test_generator_reproduces_data_byte_for_byte(tmp_path):
    written = generate(tmp_path)
    shipped_csvs = sorted(p.relative_to(data_dir()) for p in data_dir().glob("*/*.csv"))
    assert sorted(p.relative_to(tmp_path) for p in written) == shipped_csvs
    for path in written:
        shipped = data_dir() / path.relative_to(tmp_path)
        assert shipped.exists(), f"{shipped} is missing: run python -m mesh_lab data generate --out data --force"
        assert path.read_bytes() == shipped.read_bytes(), f"{shipped} differs from the generator's output"


def test_another_seed_gives_other_data(tmp_path):
    generate(tmp_path, seed=1)
    csv_path = product_paths("payments.transactions", tmp_path)[0]
    assert csv_path.read_bytes() != product_paths("payments.transactions")[0].read_bytes()


def test_data_folder_is_small():
    total = sum(p.stat().st_size for p in data_dir().rglob("*") if p.is_file())
    assert total < 2 * 1024 * 1024


def test_frames_are_realistic_and_relative_to_the_reference_time():
    frames = build_frames()
    tx = frames["payments.transactions"]
    assert 1000 <= len(tx) <= 10000
    assert set(tx["currency"]) == set(datasets.CURRENCIES)
    assert set(tx["status"]) == set(datasets.STATUSES)
    assert tx["created_at"].max() <= REFERENCE_TIME
    assert REFERENCE_TIME - tx["created_at"].max() < pd.Timedelta(hours=1)
    assert (tx["amount"] > 0).all()
    events = frames["logistics.delivery_events"]
    assert set(events["transaction_id"]) <= set(tx["transaction_id"])
    assert events["event_time"].max() <= REFERENCE_TIME
    catalog = frames["catalog.products"]
    assert set(tx["sku"]) <= set(catalog["sku"])


def test_daily_revenue_is_computed_from_its_inputs():
    frames = build_frames()
    tx, catalog = frames["payments.transactions"], frames["catalog.products"]
    revenue = frames["analytics.daily_revenue"]
    captured = tx[tx["status"] == "captured"]
    assert revenue["transactions"].sum() == len(captured)
    assert revenue["revenue"].sum() == pytest.approx(captured["amount"].sum(), abs=0.05)
    by_category = captured.merge(catalog[["sku", "category"]], on="sku").groupby("category")["quantity"].sum()
    assert revenue.groupby("category")["units"].sum().to_dict() == by_category.to_dict()


@pytest.mark.parametrize("product_id", PRODUCTS)
def test_every_shipped_product_passes_its_contract_and_sla(product_id):
    from mesh_lab.contracts import load_contract
    from mesh_lab.sla import check_sla
    from mesh_lab.validation import read_product, validate

    contract = load_contract(product_paths(product_id)[1])
    frame = read_product(product_id)
    report = validate(frame, contract)
    assert report.passed, report.to_text()
    assert report.failures.empty
    assert check_sla(contract, frame).passed


@pytest.mark.skipif(not ODCS_SCHEMA.exists(), reason=f"the ODCS JSON Schema is not at {ODCS_SCHEMA} "
                    "(it ships with the project's shared standards, not with a learner's clone)")
@pytest.mark.parametrize("product_id", PRODUCTS)
def test_every_contract_is_valid_odcs_3_1_0(product_id):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(ODCS_SCHEMA.read_text(encoding="utf-8"))
    document = yaml.safe_load(product_paths(product_id)[1].read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft201909Validator(schema).iter_errors(document), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.mark.skipif(not ODCS_SCHEMA.exists(), reason=f"the ODCS JSON Schema is not at {ODCS_SCHEMA}")
def test_rich_fixture_is_valid_odcs_3_1_0():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(ODCS_SCHEMA.read_text(encoding="utf-8"))
    fixture = Path(__file__).parent / "fixtures" / "contracts" / "rich_valid.odcs.yaml"
    errors = list(jsonschema.Draft201909Validator(schema).iter_errors(yaml.safe_load(fixture.read_text())))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_cli_writes_to_the_workspace_by_default(capsys):
    from mesh_lab.paths import workspace

    assert datasets.main(["generate"]) == 0
    out = workspace() / "data"
    assert product_paths("catalog.products", out)[0].read_bytes() == product_paths("catalog.products")[0] \
        .read_bytes()
    assert "4 files" in capsys.readouterr().out
    assert not list(out.rglob("*.odcs.yaml"))


def test_cli_refuses_to_overwrite_the_shipped_data_without_force(capsys):
    before = {p: p.stat().st_mtime_ns for p in data_dir().rglob("*") if p.is_file()}
    assert datasets.main(["generate", "--out", str(data_dir())]) == 2
    assert "--force" in capsys.readouterr().err
    after = {p: p.stat().st_mtime_ns for p in data_dir().rglob("*") if p.is_file()}
    assert before == after


def test_cli_via_the_dispatcher(tmp_path):
    from mesh_lab.__main__ import main

    assert main(["data", "generate", "--out", str(tmp_path / "d")]) == 0
    assert (tmp_path / "d" / "analytics" / "daily_revenue.csv").exists()


# ---------------------------------------------------------------------------------------------- contracts
# The contracts in data/ are hand-written YAML, the single source of truth: nothing generates them.

EDITED_PURPOSE = "Edited by hand in a copy of data/, and the kit must show this very sentence."


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the shipped data/ that MESH_LAB_DATA points at; tests may change it freely."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setenv("MESH_LAB_DATA", str(copy))
    return copy


def _edit_purpose(contract_path: Path) -> None:
    text = contract_path.read_text(encoding="utf-8")
    old = yaml.safe_load(text)["description"]["purpose"]
    assert text.count(f"purpose: {old}\n") == 1, f"{contract_path}: the purpose line is not where the test expects"
    contract_path.write_text(text.replace(f"purpose: {old}\n", f"purpose: {EDITED_PURPOSE}\n"), encoding="utf-8")


def test_cli_with_out_writes_data_files_and_no_contract(tmp_path, capsys):
    out = tmp_path / "out"
    assert datasets.main(["generate", "--out", str(out)]) == 0
    assert not list(out.rglob("*.odcs.yaml")), "data generate must never write a contract"
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == sorted(
        product_paths(p, out)[0].relative_to(out) for p in PRODUCTS)
    assert "hand-written" in capsys.readouterr().out


def test_a_hand_edited_contract_is_what_the_mesh_shows(data_copy):
    from mesh_lab import sample_mesh

    _edit_purpose(product_paths("payments.transactions")[1])
    product = sample_mesh()["payments.transactions"]
    assert product.contract.description == EDITED_PURPOSE
    assert product.description == EDITED_PURPOSE
    assert sample_mesh()["catalog.products"].contract.description != EDITED_PURPOSE


def test_regenerating_the_data_leaves_hand_written_contracts_alone(data_copy):
    contract_path = product_paths("payments.transactions")[1]
    _edit_purpose(contract_path)
    edited = {p: p.read_bytes() for p in data_copy.rglob("*.odcs.yaml")}
    assert datasets.main(["generate", "--out", str(data_copy), "--force"]) == 0
    assert {p: p.read_bytes() for p in data_copy.rglob("*.odcs.yaml")} == edited
    assert EDITED_PURPOSE in contract_path.read_text(encoding="utf-8")


SECTIONS = ("team", "support", "servers", "schema", "slaProperties", "customProperties")


@pytest.mark.parametrize("product_id", PRODUCTS)
def test_every_contract_is_hand_written_with_comments(product_id):
    lines = product_paths(product_id)[1].read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.lstrip().startswith("#")]
    assert len(comments) >= 15, f"{product_id}: a hand-written contract explains itself in # comments"
    assert not any("generated" in line.lower() for line in comments), f"{product_id}: says it is generated"
    for section in SECTIONS:
        at = lines.index(f"{section}:") if f"{section}:" in lines else None
        assert at is not None, f"{product_id}: no top-level {section}: section"
        above = next(line for line in reversed(lines[:at]) if line.strip())
        assert above.startswith("#"), f"{product_id}: the {section}: section has no comment above it"


def test_the_generator_holds_no_contract():
    source = inspect.getsource(datasets)
    for odcs_field in ("apiVersion", "slaProperties", "customProperties", "logicalTypeOptions"):
        assert odcs_field not in source, f"datasets.py builds contract content ({odcs_field}); the YAML is the source"
    assert not hasattr(datasets, "contract_document") and not hasattr(datasets, "contract_yaml")


def test_data_of_another_seed_still_keeps_the_hand_written_contracts(tmp_path):
    from mesh_lab.contracts import load_contract
    from mesh_lab.validation import read_product, validate

    generate(tmp_path, seed=7)
    for product_id in PRODUCTS:
        csv_path, contract_path = product_paths(product_id)
        contract = load_contract(contract_path)
        report = validate(read_product(contract, csv_path=product_paths(product_id, tmp_path)[0]), contract)
        assert report.passed, f"{product_id}, seed 7: the generator and its contract disagree\n{report.to_text()}"
