"""Federated governance: global policies, domain policies that cannot weaken them, lifecycle, scorecards."""

from __future__ import annotations

import pytest
import yaml

from mesh_lab.governance import (
    GLOBAL_POLICIES,
    GovernanceError,
    Policy,
    breaking_change_policy,
    govern,
    load_policies,
    main,
    policy_from_document,
    strictness,
    strictness_experiment,
)
from mesh_lab.mesh import Catalog, DataProduct, sample_mesh

RATIONALE = {"context": "c", "decision": "d", "consequences": "q", "automation": "a", "monitoring": "m"}


def product_with(edit, product_id: str = "payments.transactions") -> Catalog:
    """The sample product with its contract changed by ``edit`` (the files are not touched)."""
    original = sample_mesh().get(product_id)
    contract = original.contract.copy()
    edit(contract.raw)
    catalog = Catalog()
    catalog.add(DataProduct(id=product_id, owner=original.owner, contract=contract))
    return catalog


def violated(catalog: Catalog, policies=None) -> set[str]:
    return set(govern(catalog, policies).violations["policy"])


def test_the_sample_mesh_passes_every_enforced_policy_and_warns_on_classification():
    result = govern(sample_mesh())
    assert result.passed and result.blocking.empty
    assert set(result.violations["policy"]) == {"personal-data-classified"}
    assert (result.violations["lifecycle"] == "warn").all()


@pytest.mark.parametrize("policy, edit", [
    ("owner-declared", lambda d: d.pop("team")),
    ("description", lambda d: d.pop("description")),
    ("semantic-version", lambda d: d.__setitem__("version", "v2")),
    ("interoperable", lambda d: d["schema"][0]["properties"][0].__setitem__("name", "TransactionID")),
    ("interoperable", lambda d: d["schema"][0]["properties"][-1]["logicalTypeOptions"].pop("timezone")),
    ("interoperable", lambda d: d["schema"][0]["properties"][0]["logicalTypeOptions"].pop("pattern")),
    ("sla-declared", lambda d: d.pop("slaProperties")),
    ("quality-rules", lambda d: [(o.pop("quality", None), [p.pop("quality", None) for p in o["properties"]])
                                 for o in d["schema"]]),
])
def test_each_global_policy_catches_its_violation_with_a_path_and_a_fix(policy, edit):
    result = govern(product_with(edit))
    rows = result.violations[result.violations["policy"] == policy]
    assert len(rows) >= 1, result
    assert rows["path"].str.len().gt(0).all() and rows["fix"].str.len().gt(0).all()


def test_lifecycle_draft_never_counts_warn_never_blocks_enforced_blocks():
    catalog = product_with(lambda d: d.pop("slaProperties"))
    sla = next(p for p in GLOBAL_POLICIES if p.id == "sla-declared")
    others = [p for p in GLOBAL_POLICIES if p.id != "sla-declared"]
    enforced = govern(catalog, others + [sla.at("enforced")])
    warned = govern(catalog, others + [sla.at("warn")])
    draft = govern(catalog, others + [sla.at("draft")])
    assert not enforced.passed and enforced.blocking["policy"].tolist() == ["sla-declared"]
    assert warned.passed and "sla-declared" in set(warned.violations["policy"])
    assert warned.scorecard()["score"].iloc[0] < draft.scorecard()["score"].iloc[0]
    assert draft.scorecard()["policies"].iloc[0] == len(GLOBAL_POLICIES) - 1


def test_scorecards_per_product_and_per_domain_are_0_to_5():
    card = govern(sample_mesh()).scorecard()
    assert card["score"].between(0, 5).all()
    assert (card["score"] == (5 * card["passing"] / card["policies"]).round(1)).all()
    domains = govern(sample_mesh()).domain_scorecard()
    assert set(domains["domain"]) == {"payments", "catalog", "logistics", "analytics"}


def test_a_domain_policy_applies_to_its_domain_only():
    policy = policy_from_document({"id": "payments-currency", "title": "Amounts carry a currency",
                                   "scope": "catalog", "lifecycle": "enforced", "rationale": RATIONALE,
                                   "rule": {"require_column": "currency_code"}})
    result = govern(sample_mesh(), GLOBAL_POLICIES + [policy])
    hit = result.violations[result.violations["policy"] == "payments-currency"]
    assert set(hit["product"]) == {"catalog.products"}
    assert not result.passed


@pytest.mark.parametrize("document, message", [
    ({"id": "owner-declared", "scope": "payments", "lifecycle": "draft"}, "cannot replace or weaken"),
    ({"id": "relaxed", "scope": "payments", "exempt": ["sla-declared"]}, "cannot switch off"),
    ({"id": "relaxed", "scope": "global"}, "`scope` must name your domain"),
])
def test_a_domain_policy_cannot_weaken_a_global_one(document, message):
    with pytest.raises(GovernanceError, match=message):
        policy_from_document({"title": "t", "rationale": RATIONALE, "rule": {"require_tag": "x"}, **document})


def test_a_policy_needs_a_whole_decision_record_and_known_states():
    with pytest.raises(GovernanceError, match="rationale needs consequences"):
        Policy("x-rule", "X", lambda c: [], {k: v for k, v in RATIONALE.items() if k != "consequences"})
    with pytest.raises(GovernanceError, match="lifecycle 'live'"):
        Policy("x-rule", "X", lambda c: [], RATIONALE, lifecycle="live")


def test_policies_load_from_yaml_files(tmp_path):
    (tmp_path / "tag.policy.yaml").write_text(yaml.safe_dump({
        "id": "payments-tagged", "title": "Payments products are tagged", "scope": "payments",
        "lifecycle": "warn", "rationale": RATIONALE, "rule": {"require_tag": "finance"}}), encoding="utf-8")
    policies = load_policies(tmp_path)
    assert [p.id for p in policies] == ["payments-tagged"]
    assert "payments-tagged" in violated(sample_mesh(), GLOBAL_POLICIES + policies)
    (tmp_path / "broken.policy.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(GovernanceError, match="broken.policy.yaml: not readable YAML"):
        load_policies(tmp_path)


def test_a_breaking_change_without_a_major_version_is_a_violation():
    before = sample_mesh().get("payments.transactions").contract
    catalog = product_with(lambda d: d["schema"][0]["properties"].pop())
    policy = breaking_change_policy({"payments.transactions": before})
    assert "breaking-change-major" in violated(catalog, [policy])
    bumped = product_with(lambda d: (d["schema"][0]["properties"].pop(), d.__setitem__("version", "2.0.0")))
    assert "breaking-change-major" not in violated(bumped, [policy])


def test_strictness_trades_consistency_for_time_to_data():
    assert strictness(p.at("warn") for p in GLOBAL_POLICIES) == 0.0
    assert strictness(p.at("enforced") for p in GLOBAL_POLICIES) == 1.0
    frame = strictness_experiment().set_index("policies at")
    assert frame.loc["enforced", "consistency"] > frame.loc["warn", "consistency"]
    assert frame.loc["enforced", "mean time-to-data (weeks)"] > frame.loc["warn", "mean time-to-data (weeks)"]


def test_govern_command_exit_codes(tmp_path, capsys):
    assert main([]) == 0
    (tmp_path / "strict.policy.yaml").write_text(yaml.safe_dump({
        "id": "needs-usage", "title": "t", "scope": "payments", "lifecycle": "enforced", "rationale": RATIONALE,
        "rule": {"require_field": "description.owner_notes"}}), encoding="utf-8")
    assert main(["--policies", str(tmp_path)]) == 1
    assert "needs-usage" in capsys.readouterr().out
    assert main(["no.such"]) == 2
    assert main(["--policies", str(tmp_path / "missing")]) == 2


@pytest.mark.parametrize("rule, message", [
    ({"require_classification": "customer_id"}, "needs a column and its levels"),
    ({"require_column": ["a", "b"]}, "needs one name"),
])
def test_a_badly_shaped_rule_is_a_governance_error_not_a_crash(rule, message):
    with pytest.raises(GovernanceError, match=message):
        policy_from_document({"id": "x-rule", "title": "t", "scope": "payments", "rationale": RATIONALE,
                              "rule": rule})


def test_a_classification_rule_on_a_missing_column_says_it_checks_nothing():
    policy = policy_from_document({"id": "x-rule", "title": "t", "scope": "payments", "lifecycle": "enforced",
                                   "rationale": RATIONALE, "rule": {"require_classification": {
                                       "column": "custmer_id", "levels": ["restricted"]}}})
    result = govern(sample_mesh(), GLOBAL_POLICIES + [policy])
    hit = result.violations[result.violations["policy"] == "x-rule"]
    assert hit["message"].str.contains("no column 'custmer_id'").all() and len(hit) == 1
