"""Robustness of contract loading and linting against odd but real-world files.

Each test is something a Tech Lead learner or a facilitator does by accident; the kit must answer
with a located, fixable ContractError (or a lint problem), never a traceback from inside PyYAML.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mesh_lab.contracts as contracts
from mesh_lab.contracts import contract_from_yaml, load_contract
from mesh_lab.errors import ContractError
from mesh_lab.lint import lint, lint_text

HEAD = """apiVersion: v3.1.0
kind: DataContract
id: shop.orders
version: 1.0.0
status: active
"""
ONE_COLUMN = HEAD + """schema:
  - name: orders
    properties:
      - name: amount
        logicalType: number
"""


def errors(text: str) -> list:
    return [p for p in lint_text(text) if p.severity == "error"]


# ---------------------------------------------------------------------------------------------- YAML traps
def test_a_repeated_key_is_an_error_with_both_lines_not_a_silent_last_wins():
    text = ONE_COLUMN + "        logicalType: string\n"
    with pytest.raises(ContractError) as caught:
        contract_from_yaml(text)
    problem = caught.value.problems[0]
    assert problem.line == 11 and problem.path == "schema[0].properties[0].logicalType"
    assert "first on line 10" in problem.found and "delete one" in problem.found


def test_a_repeated_top_level_key_is_found_too():
    problems = errors(HEAD + "status: draft\n")
    assert [(p.path, p.line) for p in problems] == [("status", 6)]


def test_yaml_merge_keys_are_not_mistaken_for_repeated_keys():
    text = HEAD + """schema:
  - name: orders
    properties:
      - &money
        name: amount
        logicalType: number
      - <<: *money
        name: fee
        logicalType: integer
"""
    assert errors(text) == []
    contract = contract_from_yaml(text)
    assert [(p.name, p.logical_type) for p in contract.properties()] == [("amount", "number"), ("fee", "integer")]


def test_an_alias_that_refers_to_itself_is_a_located_error_not_endless_recursion():
    text = HEAD + "customProperties: &loop\n  - property: inputs\n    value: *loop\n"
    with pytest.raises(ContractError) as caught:  # JSON cannot hold a value inside itself
        contract_from_yaml(text)
    assert (caught.value.line, caught.value.path) == (8, "customProperties[0].value")
    assert "inside the value it names" in caught.value.found


def test_a_billion_laughs_document_is_answered_quickly():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        levels.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    text = HEAD + "customProperties:\n  - property: bomb\n    value:\n" + \
        "".join(f"      {line}\n" for line in levels)
    started = time.perf_counter()
    with pytest.raises(ContractError, match="alias bomb"):
        contract_from_yaml(text)  # 9**10 leaves if each alias were expanded
    assert time.perf_counter() - started < 2.0


def test_a_number_where_text_is_expected_says_how_to_write_it():
    problems = errors(HEAD.replace("version: 1.0.0", "version: 1.0"))
    assert [p.path for p in problems] == ["version"]
    assert "put it in quotes: '1.0'" in problems[0].found


@pytest.mark.parametrize("text, where, value, hint", [
    (ONE_COLUMN.replace("number", "date") + "        logicalTypeOptions:\n          minimum: 2024-01-02\n",
     "schema[0].properties[0].logicalTypeOptions.minimum", "2024-01-02", "quote it: '2024-01-02'"),
    (ONE_COLUMN + "        logicalTypeOptions:\n          maximum: 1e6\n",
     "schema[0].properties[0].logicalTypeOptions.maximum", 1e6, "write 1000000.0"),
])
def test_a_value_yaml_readers_disagree_on_is_read_as_yaml_1_2_and_flagged(text, where, value, hint):
    assert errors(text) == []  # YAML 1.2 (the standard's tools): a date stays text, 1e6 is a number
    warnings = [p for p in lint_text(text) if p.severity == "warning"]
    assert [p.path for p in warnings] == [where] and hint in warnings[0].found
    options = contract_from_yaml(text).properties()[0].options
    assert options[where.rsplit(".", 1)[1]] == value


@pytest.mark.parametrize("option", ["maximum: .nan", "minimum: .NaN", "multipleOf: .nan", "multipleOf: .inf"])
def test_nan_and_infinite_steps_are_flagged_as_unusable_bounds(option):
    problems = lint_text(ONE_COLUMN + f"        logicalTypeOptions:\n          {option}\n")
    assert {p.path.rsplit(".", 1)[-1] for p in problems} == {option.split(":")[0]}
    assert {p.severity for p in problems} == {"warning"}  # the schema's "number" lets them pass


def test_nan_in_a_between_operator_is_flagged():
    text = HEAD + "schema:\n  - name: orders\n    quality:\n      - metric: rowCount\n        mustBeBetween: [.nan, 3]\n"
    problems = lint_text(text)
    assert errors(text) == []
    assert [p.path for p in problems] == ["schema[0].quality[0].mustBeBetween",
                                          "schema[0].quality[0].mustBeBetween[0]"]
    assert "JSON has no NaN" in problems[1].found


def test_two_properties_with_one_name_are_a_warning_naming_the_first():
    text = ONE_COLUMN + "      - name: amount\n        logicalType: string\n"
    problems = lint_text(text)  # the schema allows it, so the kit only advises
    assert [(p.severity, p.path) for p in problems] == [("warning", "schema[0].properties[1].name")]
    assert "schema[0].properties[0]" in problems[0].found


def test_two_schema_objects_with_one_name_are_a_warning():
    text = ONE_COLUMN + "  - name: orders\n"
    assert [(p.severity, p.path) for p in lint_text(text)] == [("warning", "schema[1].name")]


def test_several_schema_objects_with_distinct_names_are_fine():
    text = ONE_COLUMN + "  - name: refunds\n    properties:\n      - name: amount\n        logicalType: number\n"
    contract = contract_from_yaml(text)
    assert contract.object_names() == ["orders", "refunds"]


# ---------------------------------------------------------------------------------------------- files
def test_windows_line_endings_tabs_in_values_and_a_bom_load(tmp_path):
    path = tmp_path / "c.odcs.yaml"
    text = ONE_COLUMN + "description:\n  purpose: \"tab\\there\"\n"
    path.write_bytes("\ufeff".encode() + text.replace("\n", "\r\n").encode())
    contract = load_contract(path)
    assert contract.columns() == ["amount"] and contract.line_of(("schema", 0, "properties", 0)) == 9


def test_a_latin1_file_names_the_line_and_the_fix(tmp_path):
    path = tmp_path / "c.odcs.yaml"
    path.write_bytes((ONE_COLUMN + "description:\n  purpose: café\n").encode("latin-1"))
    with pytest.raises(ContractError) as caught:
        load_contract(path)
    assert caught.value.line == 12
    assert "0xe9 on line 12" in str(caught.value) and "save it again as UTF-8" in str(caught.value)
    assert [p.line for p in lint(path)] == [12]


def test_a_utf16_file_says_it_is_utf16(tmp_path):
    path = tmp_path / "c.odcs.yaml"
    path.write_bytes(ONE_COLUMN.encode("utf-16"))
    with pytest.raises(ContractError, match="UTF-16, not UTF-8"):
        load_contract(path)


def test_a_folder_is_not_a_contract(tmp_path):
    with pytest.raises(ContractError, match="is a folder"):
        load_contract(tmp_path)


def test_an_empty_file_is_a_contract_error(tmp_path):
    path = tmp_path / "c.odcs.yaml"
    path.write_text("")
    with pytest.raises(ContractError, match="expected a YAML mapping"):
        load_contract(path)


def test_a_huge_file_is_refused_at_once_with_a_hint(tmp_path):
    path = tmp_path / "big.odcs.yaml"
    with path.open("wb") as out:
        out.truncate(50 * 1024 * 1024)  # 50 MB (sparse: no real disk used)
    started = time.perf_counter()
    with pytest.raises(ContractError, match="far too big for a data contract") as caught:
        load_contract(path)
    assert time.perf_counter() - started < 1.0
    assert caught.value.found == f"{50 * 1024 * 1024:,} bytes"
    assert [p.expected for p in lint(path)] == [f"a contract file under {contracts.MAX_CONTRACT_BYTES // 2**20} MB"]


def test_the_contract_cap_allows_a_5_mb_contract_and_data_files_can_go_uncapped(tmp_path, monkeypatch):
    assert contracts.MAX_CONTRACT_BYTES >= 16 * 2**20  # a very wide contract is a few MB (was: a 5 MB cap)
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000, encoding="utf-8")
    monkeypatch.setattr(contracts, "MAX_CONTRACT_BYTES", 1000)  # read at each call
    with pytest.raises(ContractError, match="far too big"):
        contracts.read_utf8(path)
    assert contracts.read_utf8(path, max_bytes=None) == "x" * 2000


def test_a_csv_passed_as_the_contract_says_which_file_to_pass(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order_id,amount\nA,1\n", encoding="utf-8")
    with pytest.raises(ContractError, match=r"looks like a data file: pass its contract, the \*\.odcs\.yaml"):
        load_contract(path)


def test_not_a_path_is_a_clear_type_error():
    with pytest.raises(TypeError, match=r"load_contract\(\) needs the path"):
        load_contract(None)


# ---------------------------------------------------------------------------------------------- fuzz
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                          st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                       max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prop=st.dictionaries(st.sampled_from(["name", "logicalType", "required", "unique", "primaryKey",
                                             "logicalTypeOptions", "quality"]), _values, max_size=5),
       quality=st.lists(st.dictionaries(st.sampled_from(["metric", "mustBe", "mustBeBetween", "arguments",
                                                         "unit", "type", "dimension", "severity"]),
                                        _values, max_size=4), max_size=2))
def test_any_shape_of_property_gives_problems_or_a_contract_never_a_crash(prop, quality):
    document = {"apiVersion": "v3.1.0", "kind": "DataContract", "id": "x", "version": "1", "status": "draft",
                "schema": [{"name": "t", "properties": [prop], "quality": quality}]}
    import yaml

    text = yaml.safe_dump(document, allow_unicode=True)
    problems = lint_text(text)
    if not [p for p in problems if p.severity == "error"]:
        contract = contract_from_yaml(text)
        contract.properties(), contract.quality_rules(), repr(contract), contract._repr_html_()
