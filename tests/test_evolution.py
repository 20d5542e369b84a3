"""Contract evolution: every rule graded in both directions, unchanged and reordered documents, the CLI."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
import yaml

from mesh_lab.contracts import Contract
from mesh_lab.evolution import consumers_of, diff, main
from mesh_lab.mesh import sample_mesh

BASE = {
    "apiVersion": "v3.1.0", "kind": "DataContract", "id": "payments.transactions", "version": "1.2.0",
    "status": "active", "description": {"purpose": "Payments."},
    "schema": [{
        "name": "transactions", "logicalType": "object",
        "properties": [
            {"name": "transaction_id", "logicalType": "string", "required": True, "unique": True,
             "logicalTypeOptions": {"pattern": "^TX-[0-9]{6}$"}, "examples": ["TX-000001", "TX-123456"]},
            {"name": "amount", "logicalType": "number", "required": True,
             "logicalTypeOptions": {"minimum": 0, "maximum": 100000}},
            {"name": "currency", "logicalType": "string",
             "quality": [{"metric": "invalidValues", "arguments": {"validValues": ["EUR", "SEK", "GBP", "USD"]},
                          "mustBe": 0}]},
            {"name": "note", "logicalType": "string", "logicalTypeOptions": {"maxLength": 200}},
        ],
        "quality": [{"metric": "rowCount", "mustBeGreaterThan": 100, "description": "a full day"}],
    }],
    "slaProperties": [{"property": "freshness", "value": 24, "unit": "h", "element": "transactions.created_at"}],
}


def changed(edit) -> dict:
    document = copy.deepcopy(BASE)
    edit(document)
    return document


def prop(document: dict, name: str) -> dict:
    return next(p for p in document["schema"][0]["properties"] if p["name"] == name)


def only_change(old: dict, new: dict):
    result = diff(old, new)
    assert len(result.changes) == 1, repr(result)
    return result.changes[0]


def test_the_same_document_has_no_changes():
    result = diff(BASE, copy.deepcopy(BASE))
    assert result.changes == [] and result.required_bump is None and result.version_ok is True
    assert "no changes" in repr(result)


def test_reordered_properties_rules_and_keys_are_no_change():
    def reorder(d):
        d["schema"][0]["properties"].reverse()
        d["schema"][0] = dict(reversed(list(d["schema"][0].items())))
    assert diff(BASE, changed(reorder)).changes == []


def test_reordered_allowed_values_are_no_change():
    def shuffle(d):
        prop(d, "currency")["quality"][0]["arguments"]["validValues"].reverse()
    assert diff(BASE, changed(shuffle)).changes == []


# rule id, (edit that tightens/breaks), (edit that loosens/is safe)
RULES = [
    ("field-removed / field-added",
     lambda d: d["schema"][0]["properties"].pop(), lambda d: d["schema"][0]["properties"].append(
         {"name": "channel", "logicalType": "string", "required": True})),
    ("schema-removed / schema-added",
     lambda d: d["schema"].pop(), lambda d: d["schema"].append({"name": "refunds", "logicalType": "object"})),
    ("required-changed", lambda d: prop(d, "currency").__setitem__("required", True),
     lambda d: prop(d, "amount").__setitem__("required", False)),
    ("type-changed", lambda d: prop(d, "currency").__setitem__("logicalType", "integer"),
     lambda d: prop(d, "note").__setitem__("physicalType", "TEXT")),
    ("unique-constraint-changed", lambda d: prop(d, "amount").__setitem__("unique", True),
     lambda d: prop(d, "transaction_id").__setitem__("unique", False)),
    ("validation-constraint-changed (minimum)",
     lambda d: prop(d, "amount")["logicalTypeOptions"].__setitem__("minimum", 1),
     lambda d: prop(d, "amount")["logicalTypeOptions"].__setitem__("minimum", -5)),
    ("validation-constraint-changed (maximum)",
     lambda d: prop(d, "amount")["logicalTypeOptions"].__setitem__("maximum", 500),
     lambda d: prop(d, "amount")["logicalTypeOptions"].__setitem__("maximum", 10 ** 6)),
    ("validation-constraint-changed (maxLength)",
     lambda d: prop(d, "note")["logicalTypeOptions"].__setitem__("maxLength", 50),
     lambda d: prop(d, "note")["logicalTypeOptions"].__setitem__("maxLength", 500)),
    ("validation-constraint-changed (pattern)",
     lambda d: prop(d, "transaction_id")["logicalTypeOptions"].__setitem__("pattern", "^TX-0[0-9]{5}$"),
     lambda d: prop(d, "transaction_id")["logicalTypeOptions"].__setitem__("pattern", "^TX-[0-9]{4,8}$")),
    ("allowed-value-removed / added",
     lambda d: prop(d, "currency")["quality"][0]["arguments"]["validValues"].remove("GBP"),
     lambda d: prop(d, "currency")["quality"][0]["arguments"]["validValues"].append("NOK")),
    ("quality-rule-added / removed",
     lambda d: prop(d, "amount").setdefault("quality", []).append({"metric": "nullValues", "mustBe": 0}),
     lambda d: d["schema"][0].pop("quality")),
    ("quality threshold",
     lambda d: d["schema"][0]["quality"][0].__setitem__("mustBeGreaterThan", 1000),
     lambda d: d["schema"][0]["quality"][0].__setitem__("mustBeGreaterThan", 10)),
]


@pytest.mark.parametrize("name, tighten, loosen", RULES, ids=[r[0] for r in RULES])
def test_each_rule_breaks_when_tightened_and_not_when_loosened(name, tighten, loosen):
    breaking = only_change(BASE, changed(tighten))
    safe = only_change(BASE, changed(loosen))
    assert breaking.level == "error", breaking
    assert safe.level == "info", safe
    assert breaking.path.startswith(("schema[0]", "schema[1]")), breaking.path


def test_a_limit_where_there_was_none_is_breaking_and_removing_one_is_not():
    added = only_change(BASE, changed(lambda d: prop(d, "currency").setdefault("logicalTypeOptions", {})
                                      .__setitem__("maxLength", 3)))
    removed = only_change(BASE, changed(lambda d: prop(d, "note").pop("logicalTypeOptions")))
    assert added.level == "error" and added.rule == "validation-constraint-changed"
    assert removed.level == "info"


def test_a_changed_pattern_without_examples_is_a_warning_not_a_guess():
    def strip_examples(d):
        prop(d, "transaction_id").pop("examples")
    old = changed(strip_examples)
    new = copy.deepcopy(old)
    prop(new, "transaction_id")["logicalTypeOptions"]["pattern"] = "^TX-0[0-9]{5}$"
    change = only_change(old, new)
    assert change.level == "warning" and "cannot tell" in change.message


def test_samples_decide_a_pattern_change():
    new = changed(lambda d: prop(d, "transaction_id")["logicalTypeOptions"].__setitem__("pattern", "^TX-1"))
    result = diff(BASE, new, samples={"transaction_id": ["TX-100000", "TX-000002"]})
    pattern = next(c for c in result.changes if c.path.endswith("pattern"))
    assert pattern.level == "error" and "'TX-000002'" in pattern.message


def test_key_changes_are_warnings_and_descriptions_are_info():
    key = only_change(BASE, changed(lambda d: prop(d, "amount").__setitem__("primaryKey", True)))
    text = only_change(BASE, changed(lambda d: d["description"].__setitem__("purpose", "All payments.")))
    assert (key.level, key.rule) == ("warning", "key-constraint-changed")
    assert (text.level, text.rule) == ("info", "metadata-changed")


def test_a_weaker_sla_is_a_warning_and_a_stronger_one_is_info():
    weaker = only_change(BASE, changed(lambda d: d["slaProperties"][0].__setitem__("value", 48)))
    stronger = only_change(BASE, changed(lambda d: d["slaProperties"][0].__setitem__("value", 6)))
    assert weaker.level == "warning" and stronger.level == "info"


def test_nothing_inside_a_new_column_is_graded_on_its_own():
    result = diff(BASE, changed(lambda d: d["schema"][0]["properties"].append(
        {"name": "x", "logicalType": "string", "required": True, "unique": True,
         "logicalTypeOptions": {"maxLength": 5}})))
    assert [(c.level, c.rule) for c in result.changes] == [("info", "field-added")]


def test_every_change_carries_old_new_and_a_located_path():
    result = diff(BASE, changed(lambda d: prop(d, "amount")["logicalTypeOptions"].__setitem__("maximum", 9)))
    change = result.changes[0]
    assert change.path == "schema[0].properties[1].logicalTypeOptions.maximum"
    assert (change.old, change.new) == (100000, 9)
    assert "ERROR" in change.line() and "100000 → 9" in change.line()


def test_versions_the_bump_and_whether_it_is_enough():
    broken = changed(lambda d: d["schema"][0]["properties"].pop())
    assert diff(BASE, broken).required_bump == "major"
    assert diff(BASE, broken).suggested_version == "2.0.0" and diff(BASE, broken).version_ok is False
    broken["version"] = "2.0.0"
    assert diff(BASE, broken).version_ok is True
    warned = changed(lambda d: prop(d, "amount").__setitem__("primaryKey", True))
    assert diff(BASE, warned).required_bump == "minor"


def test_breaking_changes_name_every_downstream_consumer_and_owner():
    catalog = sample_mesh()
    payments = catalog.get("payments.transactions").contract
    new = payments.copy()
    new.raw["schema"][0]["properties"].pop()
    result = diff(payments, new, catalog=catalog)
    assert result.consumers == consumers_of("payments.transactions", catalog)
    assert {c["product"] for c in result.consumers} == set(catalog.downstream("payments.transactions"))
    assert all(c["owner"] for c in result.consumers)
    assert any("breaks analytics.daily_revenue" in line for line in result.consumer_lines())


def test_consumers_reach_as_far_as_lineage_reaches():
    from mesh_lab.mesh import Catalog, DataProduct

    catalog = Catalog()
    for pid, inputs in [("a.src", ()), ("b.mid", ("a.src",)), ("c.mid", ("a.src",)), ("d.end", ("b.mid", "c.mid")),
                        ("e.far", ("d.end",))]:
        catalog.add(DataProduct(id=pid, owner=f"{pid.split('.')[0]}-team", inputs=inputs))
    found = consumers_of("a.src", catalog)
    assert [c["product"] for c in found] == ["b.mid", "c.mid", "d.end", "e.far"]
    assert [c["direct"] for c in found] == [True, True, False, False]


def test_frame_and_html_show_every_change():
    result = diff(BASE, changed(lambda d: prop(d, "currency").__setitem__("logicalType", "integer")))
    assert list(result.to_frame()["rule"]) == ["type-changed"]
    assert "type-changed" in result._repr_html_()


# ------------------------------------------------------------------------------------------- the CLI

def write(tmp_path, name: str, document: dict) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return str(path)


def test_cli_exit_codes_follow_fail_on(tmp_path, capsys):
    old = write(tmp_path, "old.odcs.yaml", BASE)
    same = write(tmp_path, "same.odcs.yaml", BASE)
    broken = write(tmp_path, "new.odcs.yaml", changed(lambda d: d["schema"][0]["properties"].pop()))
    warned = write(tmp_path, "warn.odcs.yaml", changed(lambda d: prop(d, "amount").__setitem__("primaryKey", True)))
    assert main([old, same]) == 0
    assert main([old, broken]) == 1
    assert main([old, broken, "--fail-on", "never"]) == 0
    assert main([old, warned]) == 0
    assert main([old, warned, "--fail-on", "warning"]) == 1
    out = capsys.readouterr().out
    assert "ERROR   field-removed schema[0].properties[3]: note {…} → —" in out
    assert "breaks analytics.daily_revenue (owner: analytics-team)" in out
    assert "a major bump makes it 2.0.0" in out


def test_cli_json_has_level_rule_path_old_new_consumers_and_bump(tmp_path, capsys):
    old = write(tmp_path, "old.odcs.yaml", BASE)
    new = write(tmp_path, "new.odcs.yaml", changed(lambda d: prop(d, "currency").__setitem__("logicalType", "integer")))
    assert main([old, new, "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["changes"] == [{"level": "error", "rule": "type-changed",
                                    "path": "schema[0].properties[2].logicalType", "old": "string",
                                    "new": "integer", "message": "code that reads the old type breaks"}]
    assert document["required_bump"] == "major" and document["consumers"]


@pytest.mark.parametrize("content", ["not: [valid", "apiVersion: v3.1.0\nkind: DataContract\n", ""])
def test_cli_unreadable_or_invalid_files_exit_2_with_the_lint_message(tmp_path, capsys, content):
    old = write(tmp_path, "old.odcs.yaml", BASE)
    bad = tmp_path / "bad.odcs.yaml"
    bad.write_text(content, encoding="utf-8")
    assert main([old, str(bad)]) == 2
    assert main([str(tmp_path / "missing.odcs.yaml"), old]) == 2
    assert "bad.odcs.yaml" in capsys.readouterr().err


def test_diff_is_a_command_of_the_kit(tmp_path):
    old = write(tmp_path, "old.odcs.yaml", BASE)
    out = subprocess.run([sys.executable, "-m", "mesh_lab", "diff", old, old], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert "no changes" in out.stdout


def test_diff_accepts_contracts_paths_and_dicts(tmp_path):
    path = write(tmp_path, "old.odcs.yaml", BASE)
    assert diff(path, Contract.from_dict(BASE)).changes == []
    with pytest.raises(TypeError, match="diff\\(\\) takes contracts"):
        diff(42, BASE)
