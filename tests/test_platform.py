"""The self-serve platform: scaffold, the publish gate, the workspace mesh, search and access requests."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from mesh_lab.lint import lint
from mesh_lab.platform import (
    PlatformError,
    catalog_main,
    decide_access,
    load_registry,
    product_main,
    publish,
    publish_main,
    request_access,
    scaffold,
    search,
    workspace_catalog,
)


@pytest.fixture(autouse=True)
def _own_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(tmp_path / "ws"))
    return tmp_path / "ws"


def contract_of(folder):
    path = next(folder.glob("*.odcs.yaml"))
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def rewrite(folder, edit):
    path, document = contract_of(folder)
    edit(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def test_a_scaffolded_product_lints_clean_and_passes_the_gate(_own_workspace):
    folder = scaffold("marketing", "campaign_clicks")
    assert folder.parent.parent == _own_workspace / "mesh"
    assert {p.name for p in folder.iterdir()} == {"campaign_clicks.odcs.yaml", "campaign_clicks.csv", "README.md"}
    assert [p for p in lint([next(folder.glob("*.odcs.yaml"))]) if p.severity == "error"] == []
    result = publish(folder)
    assert result.published, result
    assert "marketing.campaign_clicks" in workspace_catalog()


def test_open_decisions_are_marked_and_governed_at_warn():
    folder = scaffold("marketing", "campaign_clicks")
    result = publish(folder)
    governance = next(s for s in result.steps if s.name.startswith("governance"))
    assert governance.passed and any("decisions-made" in note for note in governance.notes)


def test_from_csv_the_schema_is_inferred_and_the_csv_becomes_the_data(tmp_path):
    source = tmp_path / "clicks.csv"
    pd.DataFrame({"click_id": ["CL-0001", "CL-0002", "CL-0003"], "clicked_at": [
        "2026-03-01T10:00:00Z", "2026-03-01T12:00:00Z", "2026-03-02T01:00:00Z"], "cost": ["0.5", "1", "0.25"],
        "campaign": ["spring", "spring", ""]}).to_csv(source, index=False)
    folder = scaffold("marketing", "clicks", source)
    _, document = contract_of(folder)
    props = {p["name"]: p for p in document["schema"][0]["properties"]}
    assert props["click_id"]["logicalTypeOptions"]["pattern"] == "^CL-[0-9]{4}$"
    assert props["clicked_at"]["logicalType"] == "timestamp" and props["clicked_at"]["logicalTypeOptions"]["timezone"]
    assert props["cost"]["logicalType"] == "number" and props["campaign"]["required"] is False
    assert pd.read_csv(folder / "clicks.csv").shape == (3, 4)
    assert publish(folder).published


def test_naive_timestamps_in_a_csv_are_stopped_by_the_interoperability_policy(tmp_path):
    source = tmp_path / "visits.csv"
    source.write_text("visit_id,seen_at\nVI-01,2026-03-01 10:00:00\nVI-02,2026-03-01 11:00:00\n", encoding="utf-8")
    result = publish(scaffold("marketing", "visits", source))
    governance = next(s for s in result.steps if s.name.startswith("governance"))
    assert not result.published and not governance.passed
    assert any(f["path"].endswith("logicalTypeOptions.timezone") and "UTC" in f["fix"] for f in governance.failures)


@pytest.mark.parametrize("edit, step, path_part", [
    (lambda d: d.__setitem__("apiVersion", "v9"), "lint", "apiVersion"),
    (lambda d: d.pop("team"), "governance", "team"),
    (lambda d: d.__setitem__("version", "one"), "governance", "version"),
    (lambda d: d.pop("slaProperties"), "governance", "slaProperties"),
    (lambda d: d["schema"][0]["properties"][0]["logicalTypeOptions"].__setitem__("pattern", "^XX-[0-9]{5}$"),
     "validation", "pattern"),
    (lambda d: d["slaProperties"][0].__setitem__("value", 1) or d["slaProperties"][0].__setitem__("unit", "h"),
     "smoke", "slaProperties[0]"),  # stale data: the smoke tier stops it before full validation runs
    (lambda d: d["slaProperties"].append({"property": "frequency", "value": 1, "unit": "h",
                                          "element": "campaign_clicks.created_at"}),
     "SLAs", "slaProperties[1]"),   # a gap between deliveries: beyond what a smoke tier reads
])
def test_the_gate_refuses_each_kind_of_failure_with_its_path_and_accepts_the_fix(edit, step, path_part):
    folder = scaffold("marketing", "campaign_clicks")
    path, original = contract_of(folder)
    rewrite(folder, edit)
    refused = publish(folder)
    failed = next(s for s in refused.steps if s.name.startswith(step))
    assert not refused.published and not failed.passed, refused
    assert any(path_part in (f["path"] or f["message"]) for f in failed.failures), failed.failures
    assert all(f["fix"] for f in failed.failures)
    assert "marketing.campaign_clicks" not in load_registry()["products"]
    path.write_text(yaml.safe_dump(original, sort_keys=False), encoding="utf-8")
    assert publish(folder).published


def test_search_finds_by_text_owner_tag_column_and_domain():
    publish(scaffold("marketing", "campaign_clicks"))
    assert search("campaign").ids() == ["marketing.campaign_clicks"]
    assert search(owner="marketing-team").ids() == ["marketing.campaign_clicks"]
    assert search(tag="scaffolded").ids() == ["marketing.campaign_clicks"]
    assert search(column="record_id").ids() == ["marketing.campaign_clicks"]
    assert search(domain="marketing").ids() == ["marketing.campaign_clicks"]
    assert set(search(column="sku").ids()) == {"payments.transactions", "catalog.products"}


def test_access_is_automatic_without_restricted_columns_and_becomes_lineage():
    publish(scaffold("marketing", "campaign_clicks"))
    request = request_access("catalog.products", "marketing.campaign_clicks", "price per campaign report")
    assert request.status == "approved"
    assert "marketing.campaign_clicks" in workspace_catalog().downstream("catalog.products")


def test_restricted_data_wait_for_the_owner():
    publish(scaffold("marketing", "campaign_clicks"))
    request = request_access("payments.transactions", "marketing.campaign_clicks", "revenue per campaign report")
    assert request.status == "pending" and request.decided_by == "payments-team"
    assert "marketing.campaign_clicks" not in workspace_catalog().downstream("payments.transactions")
    decide_access(request.number, True, "payments-team")
    assert "marketing.campaign_clicks" in workspace_catalog().downstream("payments.transactions")
    with pytest.raises(PlatformError, match="already approved"):
        decide_access(request.number, False, "payments-team")
    with pytest.raises(PlatformError, match="purpose"):
        request_access("catalog.products", "someone", "")


def test_bad_names_existing_products_and_sample_ids_are_clear_errors(tmp_path):
    with pytest.raises(PlatformError, match="lower case"):
        scaffold("Marketing", "x")
    scaffold("marketing", "campaign_clicks")
    with pytest.raises(PlatformError, match="already exists"):
        scaffold("marketing", "campaign_clicks")
    (tmp_path / "bad.csv").write_text("Click ID,cost\n1,2\n", encoding="utf-8")
    with pytest.raises(PlatformError, match="snake_case"):
        scaffold("marketing", "clicks", tmp_path / "bad.csv")
    with pytest.raises(PlatformError, match="sample mesh"):
        publish(scaffold("payments", "transactions"))


def test_the_commands_and_their_exit_codes(_own_workspace, capsys):
    assert product_main(["new", "marketing", "campaign_clicks"]) == 0
    folder = _own_workspace / "mesh" / "marketing" / "campaign_clicks"
    assert publish_main([str(folder)]) == 0
    rewrite(folder, lambda d: d.pop("team"))
    assert publish_main([str(folder)]) == 1
    assert publish_main([str(folder / "missing")]) == 2
    assert product_main(["new", "Marketing", "x"]) == 2
    assert catalog_main(["--column", "sku"]) == 0
    out = capsys.readouterr().out
    assert "catalog.products" in out and "no owning team" in out


STEPS = ["lint", "governance", "smoke", "validation", "SLAs"]


def step_names(result) -> list[str]:
    return [step.name.split(":")[0] for step in result.steps]


def test_the_gate_runs_the_smoke_tier_before_full_validation():
    result = publish(scaffold("marketing", "campaign_clicks"))
    assert step_names(result) == STEPS and result.published
    smoke = result.steps[2]
    assert smoke.passed and "4 pass" in smoke.notes[0]


@pytest.mark.parametrize("break_data, check, path", [
    (lambda text: text.replace("record_id", "recordid", 1), "columns present", "schema[0].properties"),
    (lambda text: text.splitlines()[0] + "\n", "rows above zero", "schema[0].quality[0]"),
    (lambda text: None, "file readable", ""),
])
def test_a_smoke_failure_stops_the_gate_before_validation(break_data, check, path):
    folder = scaffold("marketing", "campaign_clicks")
    data = folder / "campaign_clicks.csv"
    broken = break_data(data.read_text(encoding="utf-8"))
    if broken is None:
        data.unlink()
    else:
        data.write_text(broken, encoding="utf-8")
    result = publish(folder)
    assert step_names(result) == ["lint", "governance", "smoke"], "fail fast: no validation after a smoke failure"
    failure = result.steps[-1].failures[0]
    assert not result.published and failure["message"].startswith(check) and failure["path"] == path
    assert failure["fix"] and "smoke" in repr(result)


def test_bad_values_pass_the_smoke_tier_and_are_stopped_by_full_validation():
    folder = scaffold("marketing", "campaign_clicks")
    data = folder / "campaign_clicks.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("RC-00002", "RC_00002"), encoding="utf-8")
    result = publish(folder)
    assert step_names(result) == STEPS and not result.published
    assert result.steps[2].passed and not result.steps[3].passed
