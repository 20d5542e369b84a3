"""Domains, products, the catalog, search and lineage."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesh_lab.mesh import (
    CONSUMER,
    SOURCE,
    Catalog,
    DataProduct,
    MeshError,
    UnknownProductError,
    sample_mesh,
)


def small_catalog() -> Catalog:
    frame = pd.DataFrame({"amount": [1.0, 2.0]})
    return Catalog([
        DataProduct("payments.transactions", owner="Payments team", description="Card payments",
                    tags=["finance", "PII"], loader=lambda: frame.copy()),
        DataProduct("catalog.products", owner="Catalog team", description="What we sell", tags=["reference"]),
        DataProduct("analytics.daily_revenue", owner="Analytics team", description="Revenue per day",
                    inputs=["payments.transactions", "catalog.products"], tags=["finance"]),
        DataProduct("analytics.revenue_forecast", owner="Analytics team", inputs=["analytics.daily_revenue"]),
    ])


def test_product_parts_and_alignment():
    catalog = small_catalog()
    tx = catalog["payments.transactions"]
    assert (tx.domain, tx.name, tx.alignment) == ("payments", "transactions", SOURCE)
    assert catalog["analytics.daily_revenue"].alignment == CONSUMER
    assert tx.tags == ("finance", "pii")


def test_data_is_a_fresh_copy_each_time():
    tx = small_catalog()["payments.transactions"]
    first = tx.data()
    first.loc[0, "amount"] = -99
    assert tx.data().loc[0, "amount"] == 1.0


@pytest.mark.parametrize("bad", ["transactions", "Payments.Transactions", "a.b.c", "", 3, "payments."])
def test_bad_product_ids_are_refused_with_an_example(bad):
    with pytest.raises(MeshError, match="domain.name"):
        DataProduct(bad, owner="x")


def test_product_needs_an_owner_and_cannot_feed_itself():
    with pytest.raises(MeshError, match="owner"):
        DataProduct("a.b", owner=" ")
    with pytest.raises(MeshError, match="itself"):
        DataProduct("a.b", owner="x", inputs=["a.b"])


def test_unknown_id_suggests_close_matches():
    catalog = small_catalog()
    with pytest.raises(UnknownProductError) as caught:
        catalog.get("payments.transaction")
    message = str(caught.value)
    assert "'payments.transaction'" in message and "Did you mean 'payments.transactions'" in message
    assert isinstance(caught.value, KeyError)


def test_bare_name_suggests_the_full_id():
    with pytest.raises(UnknownProductError, match="Did you mean 'catalog.products'"):
        small_catalog()["products"]


def test_adding_twice_or_with_unknown_input_is_refused():
    catalog = small_catalog()
    with pytest.raises(MeshError, match="already in the catalog"):
        catalog.add(DataProduct("catalog.products", owner="x"))
    with pytest.raises(UnknownProductError, match="add the input product first"):
        catalog.add(DataProduct("ml.churn", owner="x", inputs=["crm.customers"]))
    with pytest.raises(MeshError, match="expects a DataProduct"):
        catalog.add("catalog.products")


def test_remove_refuses_while_others_read_from_it():
    catalog = small_catalog()
    with pytest.raises(MeshError, match="analytics.daily_revenue"):
        catalog.remove("payments.transactions")
    catalog.remove("analytics.revenue_forecast")
    assert "analytics.revenue_forecast" not in catalog and len(catalog) == 3


def test_search_by_text_tag_owner_and_domain():
    catalog = small_catalog()
    assert catalog.search("per day").ids() == ["analytics.daily_revenue"]
    assert catalog.search("revenue").ids() == ["analytics.daily_revenue", "analytics.revenue_forecast"]
    assert catalog.search("CARD").ids() == ["payments.transactions"]
    assert catalog.search(tag="finance").ids() == ["payments.transactions", "analytics.daily_revenue"]
    assert catalog.search(owner="analytics").ids() == ["analytics.daily_revenue", "analytics.revenue_forecast"]
    assert catalog.search("revenue", domain="analytics", tag="finance").ids() == ["analytics.daily_revenue"]
    assert catalog.search("nothing like this").ids() == []
    assert "No products match" in catalog.search("zzz")._repr_html_()


def test_lineage_graph_points_from_input_to_product():
    graph = small_catalog().lineage()
    assert isinstance(graph, nx.DiGraph)
    assert graph.has_edge("payments.transactions", "analytics.daily_revenue")
    assert not graph.has_edge("analytics.daily_revenue", "payments.transactions")
    assert graph.nodes["catalog.products"]["alignment"] == SOURCE


def test_upstream_and_downstream_follow_the_whole_chain():
    catalog = small_catalog()
    assert catalog.downstream("payments.transactions") == ["analytics.daily_revenue", "analytics.revenue_forecast"]
    assert catalog.downstream("payments.transactions", direct=True) == ["analytics.daily_revenue"]
    assert catalog.upstream("analytics.revenue_forecast") == [
        "analytics.daily_revenue", "catalog.products", "payments.transactions"]
    assert catalog.upstream("analytics.revenue_forecast", direct=True) == ["analytics.daily_revenue"]
    assert catalog.downstream("analytics.revenue_forecast") == []
    with pytest.raises(UnknownProductError):
        catalog.downstream("payment.transactions")


def test_domains_group_products_with_their_team():
    domains = small_catalog().domains
    assert list(domains) == ["payments", "catalog", "analytics"]
    assert domains["analytics"].products == ["analytics.daily_revenue", "analytics.revenue_forecast"]
    assert domains["payments"].team == "Payments team"
    assert "Payments team" in domains["payments"]._repr_html_()


def test_everything_a_learner_looks_at_shows_itself():
    catalog = small_catalog()
    assert "4 products in 3 domains" in repr(catalog)
    assert "<table" in catalog._repr_html_()
    product = catalog["analytics.daily_revenue"]
    assert "consumer-aligned" in repr(product) and "inputs=" in repr(product)
    assert "📦 analytics.daily_revenue" in product._repr_html_()
    frame = catalog.to_frame()
    assert list(frame["id"]) == catalog.ids and "owner" in frame.columns


def test_product_without_loader_or_contract_says_how_to_fix():
    product = small_catalog()["catalog.products"]
    with pytest.raises(MeshError, match="loader="):
        product.data()
    with pytest.raises(MeshError, match="contract="):
        product.validate()


# -- the sample mesh built from data/ ---------------------------------------------------------------
def test_sample_mesh_has_three_source_domains_and_a_consumer_product():
    catalog = sample_mesh()
    for product_id in ("payments.transactions", "catalog.products", "logistics.delivery_events"):
        assert catalog[product_id].alignment == SOURCE
    revenue = catalog["analytics.daily_revenue"]
    assert revenue.alignment == CONSUMER
    assert set(catalog.upstream("analytics.daily_revenue")) >= {"payments.transactions", "catalog.products"}
    assert "analytics.daily_revenue" in catalog.downstream("payments.transactions")
    assert all(p.owner.endswith("-team") for p in catalog)


def test_sample_products_load_and_pass_their_contracts():
    catalog = sample_mesh()
    for product in catalog:
        frame = product.data()
        assert len(frame) > 0
        assert product.validate(frame).passed, product.id


def test_html_views_escape_what_teams_typed():
    catalog = Catalog([DataProduct("a.b", owner="<b>team</b>", description="<script>alert(1)</script>")])
    page = catalog._repr_html_() + catalog["a.b"]._repr_html_() + catalog.domains["a"]._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 11), max_size=3), min_size=1, max_size=12))
def test_upstream_and_downstream_mirror_each_other_on_random_meshes(raw_inputs):
    # product k may only read products with a smaller number, so every random mesh is a DAG
    ids = [f"d{k % 3}.p{k}" for k in range(len(raw_inputs))]
    catalog = Catalog(
        DataProduct(ids[k], owner="team", inputs=sorted({ids[j] for j in picks if j < k}))
        for k, picks in enumerate(raw_inputs)
    )
    for a in ids:
        down = set(catalog.downstream(a))
        assert a not in down
        for b in ids:
            assert (b in down) == (a in catalog.upstream(b))
        assert set(catalog.downstream(a, direct=True)) <= down
