"""Contracts: load, expose, round-trip, and explain what is wrong with a broken file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mesh_lab.contracts import Contract, contract_from_yaml, load_contract
from mesh_lab.datasets import PRODUCTS, product_paths
from mesh_lab.errors import ContractError, MeshLabError
from mesh_lab.lint import lint, lint_main, lint_text

FIXTURES = Path(__file__).parent / "fixtures" / "contracts"
RICH = FIXTURES / "rich_valid.odcs.yaml"


@pytest.mark.parametrize("product_id", PRODUCTS)
def test_sample_contract_round_trips_unchanged(product_id):
    path = product_paths(product_id)[1]
    contract = load_contract(path)
    original = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert contract.raw == original
    again = contract_from_yaml(contract.to_yaml())
    assert again.raw == original
    assert yaml.safe_load(again.to_yaml()) == original


def test_sample_contract_exposes_what_the_kit_executes():
    contract = load_contract(product_paths("payments.transactions")[1])
    assert contract.id == "payments.transactions"
    assert contract.product_id == "payments.transactions"
    assert (contract.name, contract.domain, contract.status) == ("transactions", "payments", "active")
    assert contract.version == "1.2.0"
    assert contract.owner == "payments-team"
    assert "payment" in contract.description.lower()
    assert contract.path == product_paths("payments.transactions")[1]
    props = contract.properties()
    assert props[0].name == "transaction_id" and props[0].primary_key and props[0].unique
    amount = next(p for p in props if p.name == "amount")
    assert amount.logical_type == "number"
    assert amount.options == {"minimum": 0, "maximum": 100000}
    assert amount.path == "schema[0].properties[4]"
    metrics = {r.metric for r in contract.quality_rules()}
    assert {"rowCount", "duplicateValues", "invalidValues", "nullValues"} <= metrics
    assert {s.property for s in contract.sla_properties} >= {"latency", "frequency", "completeness"}
    assert contract.inputs == []
    assert {"servers", "roles", "support", "price"} <= set(contract.not_executed)


def test_consumer_product_declares_its_inputs():
    contract = load_contract(product_paths("analytics.daily_revenue")[1])
    assert contract.inputs == ["payments.transactions", "catalog.products"]
    assert contract.custom_properties["productType"] == "consumer-aligned"


def test_rich_contract_with_unexecuted_parts_loads_and_round_trips():
    contract = load_contract(RICH)
    original = yaml.safe_load(RICH.read_text(encoding="utf-8"))
    assert contract.raw == original
    assert yaml.safe_load(contract.to_yaml()) == original
    # nested parts the kit does not execute are still there after a round trip
    again = contract_from_yaml(contract.to_yaml())
    assert again.raw["team"]["members"][1]["customProperties"][0] == {"property": "onCall", "value": True}
    assert again.raw["schema"][0]["properties"][1]["relationships"][0]["customProperties"][0]["value"] == \
        "many-to-one"
    assert again.raw["servers"][0]["account"] == "meshlab-eu"
    assert again.raw["price"]["priceAmount"] == 9.95
    kinds = [r.kind for r in contract.quality_rules()]
    assert kinds.count("sql") == 1 and kinds.count("custom") == 1 and kinds.count("text") == 1
    assert not [r for r in contract.quality_rules() if r.kind != "library" and r.executable]
    assert contract.inputs == ["sales.orders"]
    assert contract.owner == "fulfilment-team"
    assert lint([RICH]) == []


def test_rich_contract_html_and_repr_show_the_essentials():
    contract = load_contract(RICH)
    text = repr(contract)
    assert "fulfilment.shipments" in text and "fulfilment-team" in text
    page = contract._repr_html_()
    assert "shipment_id" in page and "servers" in page and "sales.orders" in page


def test_copy_is_independent():
    contract = load_contract(product_paths("catalog.products")[1])
    changed = contract.copy()
    changed.raw["schema"][0]["properties"][3]["logicalTypeOptions"]["minimum"] = 100
    assert contract.properties()[3].options["minimum"] == 0.5


def test_from_dict_checks_the_document():
    with pytest.raises(ContractError) as info:
        Contract.from_dict({"apiVersion": "v3.1.0", "kind": "DataContract", "id": "x", "version": "1",
                            "status": "draft", "schema": [{"name": "t", "properties": [
                                {"name": "a", "logicalType": "str"}]}]})
    assert info.value.path == "schema[0].properties[0].logicalType"
    assert info.value.found == "text 'str': did you mean 'string'?"


# the catalogue of broken files: (file, line, path, words expected in 'expected', words in 'found')
BROKEN = [
    ("bad_yaml.odcs.yaml", 11, "", "valid YAML", "flow sequence that started on line 10"),
    ("wrong_types.odcs.yaml", 11, "schema[0].properties[0].required", "true or false", "'yes'"),
    ("unknown_logical_type.odcs.yaml", 12, "schema[0].properties[1].logicalType", "one of string, date",
     "'text'"),
    ("unknown_operator.odcs.yaml", 13, "schema[0].quality[0].mustBeGreaterThen", "a field ODCS v3.1.0 defines",
     "unknown field 'mustBeGreaterThen': did you mean 'mustBeGreaterThan'?"),
    ("missing_required.odcs.yaml", 1, "apiVersion", "required field 'apiVersion'", "missing"),
    ("unknown_metric.odcs.yaml", 12, "schema[0].properties[0].quality[0].metric", "nullValues",
     "'emptyValues'"),
    ("not_a_mapping.odcs.yaml", 1, "", "a YAML mapping", "a list"),
]


@pytest.mark.parametrize(("name", "line", "path", "expected", "found"), BROKEN)
def test_broken_contract_raises_a_located_error(name, line, path, expected, found):
    file = FIXTURES / name
    with pytest.raises(ContractError) as info:
        load_contract(file)
    error = info.value
    assert isinstance(error, MeshLabError)
    assert error.file == str(file)
    assert error.line == line
    assert error.path == path
    assert expected in error.expected
    assert found in error.found
    message = str(error)
    assert f"{file}:{line}" in message and expected in message and found in message


@pytest.mark.parametrize(("name", "line", "path", "expected", "found"), BROKEN)
def test_lint_reports_the_same_problem(name, line, path, expected, found, capsys):
    file = FIXTURES / name
    problems = lint([file])
    assert any(p.line == line and p.path == path and expected in p.expected and found in p.found
               for p in problems)
    assert lint_main([str(file)]) == 1
    out = capsys.readouterr().out
    assert f"{file}:{line}" in out and found in out


def test_lint_lists_every_problem_of_a_file():
    problems = lint(FIXTURES / "wrong_types.odcs.yaml")
    assert [p.path for p in problems] == ["schema[0].properties[0].required",
                                          "schema[0].properties[0].logicalTypeOptions.minimum"]
    missing = lint(FIXTURES / "missing_required.odcs.yaml")
    assert {p.path for p in missing} == {"apiVersion", "schema[0].name"}


def test_lint_main_passes_on_the_sample_contracts(capsys):
    paths = [str(product_paths(p)[1]) for p in PRODUCTS]
    assert lint_main(paths) == 0
    assert "0 errors" in capsys.readouterr().out


def test_lint_main_usage_and_missing_file(tmp_path, capsys):
    assert lint_main([]) == 2
    assert lint_main([str(tmp_path / "nope.odcs.yaml")]) == 2  # a typo must not pass as "nothing wrong"
    assert "nope.odcs.yaml: no such file or folder" in capsys.readouterr().out


def test_load_contract_missing_file_names_it(tmp_path):
    with pytest.raises(ContractError, match="no such contract file"):
        load_contract(tmp_path / "absent.odcs.yaml")


def test_unknown_top_level_key_is_rejected_but_unknown_nested_parts_are_kept():
    base = RICH.read_text(encoding="utf-8")
    problems = lint_text(base + "colour: blue\n", "x.yaml")
    assert [p.path for p in problems] == ["colour"]
    assert problems[0].line == base.count("\n") + 1


@pytest.mark.parametrize(("snippet", "path", "found"), [
    ("mustBeBetween: [10, 1]", "schema[0].quality[0].mustBeBetween", "[10, 1]"),
    ("mustBeGreaterThan: many", "schema[0].quality[0].mustBeGreaterThan", "'many'"),
])
def test_operator_values_are_checked(snippet, path, found):
    text = f"""apiVersion: v3.1.0
kind: DataContract
id: t
version: 1.0.0
status: draft
schema:
  - name: t
    quality:
      - metric: rowCount
        {snippet}
"""
    problems = lint_text(text, "t.yaml")
    assert [(p.path, p.line) for p in problems] == [(path, 10)]
    assert found in problems[0].found


def test_broken_pattern_and_bad_timestamp_bounds_are_reported():
    text = """apiVersion: v3.1.0
kind: DataContract
id: t
version: 1.0.0
status: draft
schema:
  - name: t
    properties:
      - name: code
        logicalType: string
        logicalTypeOptions: {pattern: "([A-Z"}
      - name: at
        logicalType: timestamp
        logicalTypeOptions: {minimum: "last tuesday"}
"""
    problems = lint_text(text, "t.yaml")
    assert [(p.path, p.line) for p in problems] == [
        ("schema[0].properties[0].logicalTypeOptions.pattern", 11),
        ("schema[0].properties[1].logicalTypeOptions.minimum", 14),
    ]


def test_yaml_is_read_safely():
    text = "!!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(ContractError) as info:
        contract_from_yaml(text, "evil.yaml")
    assert info.value.file == "evil.yaml"


def test_lint_a_folder_and_warnings_fail_the_lint_only_when_strict(tmp_path, capsys):
    assert lint_main([str(FIXTURES)]) == 1
    assert f"{len(list(FIXTURES.glob('*.odcs.yaml')))} files checked" in capsys.readouterr().out
    text = RICH.read_text(encoding="utf-8").replace("unit: percent", "unit: ratio")
    odd = tmp_path / "odd.odcs.yaml"
    odd.write_text(text, encoding="utf-8")
    problems = lint([odd])
    assert [(p.severity, p.path) for p in problems] == [("warning", "schema[0].properties[2].quality[0].unit")]
    load_contract(odd)  # a warning does not stop loading
    assert lint_main([str(odd)]) == 0  # the schema allows any unit: the kit's advice is only a warning
    assert "0 errors, 1 warning" in capsys.readouterr().out
    assert lint_main(["--strict", str(odd)]) == 1
