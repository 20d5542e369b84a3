"""The sample mesh: four data products with their data and their ODCS v3.1.0 contracts.

Three source-aligned products, each owned by the domain that creates the data:

* ``payments.transactions`` – every card or wallet payment of the web shop,
* ``catalog.products`` – the things the shop sells, with prices,
* ``logistics.delivery_events`` – what happened to each parcel on its way,

and one consumer-aligned product, ``analytics.daily_revenue``, computed *from* the payments and the
catalog frames, so its lineage is real.

Everything is generated from one seed relative to a fixed :data:`REFERENCE_TIME`, so
``python -m mesh_lab data generate`` rebuilds ``data/`` byte for byte. The kit never writes into
``data/`` on its own: the command writes to the learner's workspace unless told otherwise.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from mesh_lab.paths import data_dir, workspace

#: The moment the sample data were "taken". SLA checks default to it, so every run prints the same numbers.
REFERENCE_TIME = pd.Timestamp("2026-03-02T06:00:00Z")

#: Product ids in a stable order: the three source-aligned products first, the consumer-aligned one last.
PRODUCTS: list[str] = [
    "payments.transactions",
    "catalog.products",
    "logistics.delivery_events",
    "analytics.daily_revenue",
]

DEFAULT_SEED = 20260302
HISTORY_DAYS = 60
TRACKING_DAYS = 21
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

N_PRODUCTS = 1200
N_TRANSACTIONS = 4000

CATEGORIES = ["books", "electronics", "garden", "games", "kitchen", "outdoor", "toys", "clothing"]
CURRENCIES = ["EUR", "SEK", "GBP", "USD"]
CURRENCY_WEIGHTS = [0.55, 0.2, 0.15, 0.1]
# how many units of each currency one euro buys (fixed, so prices look local and stay reproducible)
FX_PER_EUR = {"EUR": 1.0, "SEK": 11.3, "GBP": 0.85, "USD": 1.08}
STATUSES = ["captured", "authorized", "refunded", "failed"]
STATUS_WEIGHTS = [0.82, 0.08, 0.05, 0.05]
PAYMENT_METHODS = ["card", "wallet", "bank_transfer", "invoice"]
PAYMENT_METHOD_WEIGHTS = [0.6, 0.25, 0.1, 0.05]
CARRIERS = ["PostNord", "DHL", "UPS", "DPD"]
COUNTRIES = ["SE", "DE", "GB", "NL", "US", "FR", "DK", "NO"]
EVENT_STEPS = ["label_created", "picked_up", "in_transit", "out_for_delivery", "delivered"]
EVENT_TYPES = [*EVENT_STEPS, "failed_attempt", "returned"]
ADJECTIVES = ["Tiny", "Bright", "Cosy", "Rapid", "Quiet", "Solid", "Happy", "Clever", "Green", "Classic"]
NOUNS = {
    "books": ["Cookbook", "Atlas", "Novel", "Comic", "Guide"],
    "electronics": ["Headphones", "Charger", "Speaker", "Keyboard", "Lamp"],
    "garden": ["Rake", "Planter", "Hose", "Seed Kit", "Bench"],
    "games": ["Board Game", "Puzzle", "Card Deck", "Dice Set", "Quiz"],
    "kitchen": ["Kettle", "Pan", "Knife", "Mug", "Grinder"],
    "outdoor": ["Tent", "Backpack", "Bottle", "Torch", "Hammock"],
    "toys": ["Robot", "Kite", "Teddy", "Train", "Blocks"],
    "clothing": ["Scarf", "Jacket", "Cap", "Socks", "Raincoat"],
}


# ---------------------------------------------------------------------------------------------- paths
def split_product_id(product_id: str) -> tuple[str, str]:
    """Split ``"payments.transactions"`` into ``("payments", "transactions")`` with a clear error."""
    parts = str(product_id).split(".")
    if len(parts) != 2 or not all(parts):
        raise ValueError(
            f"product id {product_id!r} is not of the form 'domain.name'; "
            f"use one of: {', '.join(PRODUCTS)}"
        )
    return parts[0], parts[1]


def product_paths(product_id: str, root: str | Path | None = None) -> tuple[Path, Path]:
    """Return ``(csv_path, contract_path)`` of a product: ``<root>/<domain>/<name>.csv`` and ``.odcs.yaml``.

    ``root`` defaults to the kit's read-only sample data folder (``data/``).
    """
    domain, name = split_product_id(product_id)
    base = Path(root) if root is not None else data_dir()
    return base / domain / f"{name}.csv", base / domain / f"{name}.odcs.yaml"


# ---------------------------------------------------------------------------------------------- frames
def _timestamps(seconds_before_reference: np.ndarray) -> pd.Series:
    return pd.Series(REFERENCE_TIME - pd.to_timedelta(np.asarray(seconds_before_reference, dtype="int64"), unit="s"))


def make_catalog(rng: np.random.Generator) -> pd.DataFrame:
    """The catalog domain's product list: SKU, name, category, EUR price, active flag, last update."""
    n = N_PRODUCTS
    category = rng.choice(CATEGORIES, size=n)
    adjective = rng.choice(ADJECTIVES, size=n)
    noun_pick = rng.integers(0, 5, size=n)
    names = [f"{a} {NOUNS[c][k]}" for a, c, k in zip(adjective, category, noun_pick, strict=True)]
    price = np.round(np.exp(rng.normal(3.2, 0.9, size=n)), 0) - 0.01
    price = np.clip(price, 1.99, 1999.99)
    updated = rng.integers(3600, 180 * 86400, size=n)
    return pd.DataFrame({
        "sku": [f"SKU-{i:05d}" for i in range(1, n + 1)],
        "name": names,
        "category": category,
        "unit_price": np.round(price, 2),
        "currency": "EUR",
        "active": rng.random(n) > 0.08,
        "updated_at": _timestamps(updated),
    })


def make_transactions(rng: np.random.Generator, catalog: pd.DataFrame) -> pd.DataFrame:
    """The payments domain's transactions: one row per payment, priced from the catalog in local currency."""
    n = N_TRANSACTIONS
    # newest payment a few minutes before the reference time, so the product is fresh
    age = np.sort(rng.integers(240, HISTORY_DAYS * 86400, size=n))[::-1]
    sku_index = rng.integers(0, len(catalog), size=n)
    quantity = rng.choice([1, 1, 1, 1, 2, 2, 3, 4, 5], size=n)
    currency = rng.choice(CURRENCIES, size=n, p=CURRENCY_WEIGHTS)
    fx = np.array([FX_PER_EUR[c] for c in currency])
    amount = np.round(catalog["unit_price"].to_numpy()[sku_index] * quantity * fx, 2)
    method = rng.choice(PAYMENT_METHODS, size=n, p=PAYMENT_METHOD_WEIGHTS).astype(object)
    method[rng.random(n) < 0.01] = None  # a few payments lost their method upstream: allowed, and measured
    return pd.DataFrame({
        "transaction_id": [f"TX-{i:06d}" for i in range(100001, 100001 + n)],
        "customer_id": [f"CU-{k:05d}" for k in rng.integers(1, 2500, size=n)],
        "sku": catalog["sku"].to_numpy()[sku_index],
        "quantity": quantity,
        "amount": amount,
        "currency": currency,
        "status": rng.choice(STATUSES, size=n, p=STATUS_WEIGHTS),
        "payment_method": method,
        "created_at": _timestamps(age),
    })


def make_delivery_events(rng: np.random.Generator, transactions: pd.DataFrame) -> pd.DataFrame:
    """The logistics domain's parcel events for recent captured payments: label, pick-up, transit, delivery…

    Logistics keeps only the last :data:`TRACKING_DAYS` days of tracking events.
    """
    recent = transactions["created_at"] >= REFERENCE_TIME - pd.Timedelta(days=TRACKING_DAYS)
    shipped = transactions[(transactions["status"] == "captured") & recent].reset_index(drop=True)
    rows = []
    for tx_id, created in zip(shipped["transaction_id"], shipped["created_at"], strict=True):
        carrier = CARRIERS[rng.integers(0, len(CARRIERS))]
        country = COUNTRIES[rng.integers(0, len(COUNTRIES))]
        postal = f"{rng.integers(10000, 99999)}"
        age_hours = (REFERENCE_TIME - created).total_seconds() / 3600
        when = created
        for step in EVENT_STEPS:
            when = when + pd.Timedelta(seconds=int(rng.integers(1800, 20 * 3600)))
            if (REFERENCE_TIME - when).total_seconds() < 60 or age_hours < 1:
                break
            event = step
            if step == "delivered" and rng.random() < 0.04:
                event = "failed_attempt"
            rows.append((tx_id, event, carrier, country, postal, when))
            if event == "failed_attempt":
                break
        if rows and rows[-1][1] == "delivered" and rng.random() < 0.02:
            returned_at = rows[-1][5] + pd.Timedelta(days=int(rng.integers(2, 10)))
            if returned_at < REFERENCE_TIME:
                rows.append((tx_id, "returned", carrier, country, postal, returned_at))
    frame = pd.DataFrame(rows, columns=["transaction_id", "event_type", "carrier", "country", "postal_code",
                                        "event_time"])
    frame = frame.sort_values(["event_time", "transaction_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "event_id", [f"EV-{i:07d}" for i in range(1, len(frame) + 1)])
    return frame


def make_daily_revenue(transactions: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """The analytics domain's consumer-aligned product: captured revenue per day, category and currency.

    Built only from the two input products (payments.transactions joined with catalog.products on ``sku``).
    """
    captured = transactions[transactions["status"] == "captured"]
    joined = captured.merge(catalog[["sku", "category"]], on="sku", how="left", validate="many_to_one")
    joined = joined.assign(date=joined["created_at"].dt.strftime("%Y-%m-%d"))
    daily = (
        joined.groupby(["date", "category", "currency"], sort=True)
        .agg(revenue=("amount", "sum"), transactions=("transaction_id", "count"), units=("quantity", "sum"))
        .reset_index()
    )
    daily["revenue"] = daily["revenue"].round(2)
    return daily


def build_frames(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Generate the four sample products in memory, keyed by product id (same seed, same frames)."""
    rng = np.random.default_rng(seed)
    catalog = make_catalog(rng)
    transactions = make_transactions(rng, catalog)
    events = make_delivery_events(rng, transactions)
    revenue = make_daily_revenue(transactions, catalog)
    return {
        "payments.transactions": transactions,
        "catalog.products": catalog,
        "logistics.delivery_events": events,
        "analytics.daily_revenue": revenue,
    }


# ---------------------------------------------------------------------------------------------- contracts
def _prop(name: str, logical: str, description: str, **extra) -> dict:
    prop = {"id": name, "name": name, "logicalType": logical}
    physical = {"string": "VARCHAR", "integer": "INTEGER", "number": "DECIMAL(12,2)", "boolean": "BOOLEAN",
                "timestamp": "TIMESTAMP", "date": "DATE"}[logical]
    prop["physicalType"] = physical
    prop["description"] = description
    prop.update(extra)
    return prop


def _team(name: str, owner: str, description: str) -> dict:
    return {
        "name": name,
        "description": description,
        "members": [{"username": f"{owner}@meshlab.example", "name": owner.replace(".", " ").title(),
                     "role": "owner"}],
    }


def _support(domain: str) -> list[dict]:
    return [{"channel": f"#{domain}-data", "tool": "slack", "scope": "interactive",
             "url": f"https://chat.meshlab.example/channels/{domain}-data"}]


def _local_server(domain: str, name: str) -> dict:
    return {"server": "local", "type": "local", "environment": "dev", "format": "csv",
            "path": f"data/{domain}/{name}.csv", "description": "The CSV file shipped with Mesh Lab."}


def _transactions_contract() -> dict:
    return {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "payments.transactions",
        "name": "transactions",
        "version": "1.2.0",
        "status": "active",
        "domain": "payments",
        "tenant": "meshlab-shop",
        "tags": ["payments", "source-aligned", "pii-free"],
        "description": {
            "purpose": "Every payment taken by the web shop, one row per payment attempt.",
            "usage": "Revenue reporting, fraud monitoring and reconciliation with the bank.",
            "limitations": "Amounts are in the currency the customer paid in; convert before summing across "
                           "currencies. Payment method can be missing for a few wallet payments.",
        },
        "team": _team("payments-team", "priya.shah", "Owns checkout, payment providers and refunds."),
        "support": [
            *_support("payments"),
            {"channel": "payments-data-incidents", "tool": "email", "scope": "issues",
             "url": "mailto:payments-data@meshlab.example"},
        ],
        "roles": [
            {"role": "payments_reader", "access": "read", "description": "Analysts and consumer domains.",
             "firstLevelApprovers": "payments-team lead"},
            {"role": "payments_admin", "access": "write", "description": "The payments pipeline only.",
             "firstLevelApprovers": "payments-team lead", "secondLevelApprovers": "security"},
        ],
        "servers": [
            _local_server("payments", "transactions"),
            {"server": "production", "type": "postgres", "environment": "prod", "host": "db.payments.internal",
             "port": 5432, "database": "payments", "schema": "public",
             "description": "Where the real product lives (not reachable from Mesh Lab; kept, not executed)."},
        ],
        "price": {"priceAmount": 0, "priceCurrency": "EUR", "priceUnit": "monthly subscription"},
        "schema": [{
            "id": "transactions",
            "name": "transactions",
            "physicalName": "transactions",
            "physicalType": "table",
            "businessName": "Payment transactions",
            "description": "One row per payment attempt.",
            "dataGranularityDescription": "One row per payment attempt",
            "properties": [
                _prop("transaction_id", "string", "Unique id of the payment.", primaryKey=True,
                      primaryKeyPosition=1, required=True, unique=True,
                      logicalTypeOptions={"pattern": "^TX-[0-9]{6}$"}, examples=["TX-100001"],
                      criticalDataElement=True),
                _prop("customer_id", "string", "Pseudonymous id of the paying customer.", required=True,
                      classification="restricted", logicalTypeOptions={"pattern": "^CU-[0-9]{5}$"}),
                _prop("sku", "string", "The catalog item that was bought.", required=True,
                      logicalTypeOptions={"pattern": "^SKU-[0-9]{5}$"},
                      relationships=[{"type": "foreignKey",
                                      "to": "../catalog/products.odcs.yaml#/schema/products/properties/sku"}]),
                _prop("quantity", "integer", "How many units were bought.", required=True,
                      logicalTypeOptions={"minimum": 1, "maximum": 100}),
                _prop("amount", "number", "What the customer paid, in `currency`.", required=True,
                      logicalTypeOptions={"minimum": 0, "maximum": 100000},
                      criticalDataElement=True),
                _prop("currency", "string", "ISO 4217 currency code.", required=True,
                      logicalTypeOptions={"pattern": "^[A-Z]{3}$"},
                      quality=[{"id": "currency_known", "type": "library", "metric": "invalidValues",
                                "arguments": {"validValues": list(CURRENCIES)}, "mustBe": 0,
                                "dimension": "conformity", "severity": "error",
                                "description": "Only currencies the shop sells in."}]),
                _prop("status", "string", "Where the payment is in its life.", required=True,
                      quality=[{"id": "status_known", "type": "library", "metric": "invalidValues",
                                "arguments": {"validValues": list(STATUSES)}, "mustBe": 0,
                                "dimension": "conformity", "severity": "error"}]),
                _prop("payment_method", "string", "How the customer paid.",
                      quality=[{"id": "payment_method_mostly_present", "type": "library",
                                "metric": "nullValues", "mustBeLessThan": 2, "unit": "percent",
                                "dimension": "completeness", "severity": "warning",
                                "description": "A few wallet payments arrive without a method."}]),
                _prop("created_at", "timestamp", "When the payment was attempted (UTC).", required=True,
                      logicalTypeOptions={"timezone": True, "defaultTimezone": "Etc/UTC",
                                          "minimum": "2020-01-01T00:00:00Z"}),
            ],
            "quality": [
                {"id": "enough_payments", "type": "library", "metric": "rowCount", "mustBeGreaterThan": 100,
                 "dimension": "completeness", "severity": "error",
                 "description": "A normal day has hundreds of payments; fewer means a broken feed."},
                {"id": "no_duplicate_payments", "type": "library", "metric": "duplicateValues",
                 "arguments": {"properties": ["transaction_id"]}, "mustBe": 0, "dimension": "uniqueness",
                 "severity": "error"},
                {"id": "reconciled_with_bank", "type": "text",
                 "description": "Totals match the bank settlement file every morning (checked by finance, "
                                "not by Mesh Lab)."},
            ],
        }],
        "slaProperties": [
            {"id": "freshness", "property": "latency", "value": 1, "unit": "h", "element": "transactions.created_at",
             "driver": "operational", "description": "New payments show up within an hour."},
            {"id": "refresh", "property": "frequency", "value": 6, "unit": "h", "element": "transactions.created_at",
             "driver": "operational", "description": "No gap of more than six hours between payments."},
            {"id": "method_completeness", "property": "completeness", "value": 98, "unit": "percent",
             "element": "transactions.payment_method", "driver": "analytics"},
            {"id": "kept", "property": "retention", "value": 1, "unit": "y", "element": "transactions.created_at",
             "driver": "regulatory"},
            {"id": "availability", "property": "generalAvailability", "value": "2025-01-15T00:00:00Z"},
        ],
        "customProperties": [
            {"property": "productType", "value": "source-aligned"},
            {"property": "inputs", "value": []},
        ],
        "contractCreatedTs": "2025-01-10T09:00:00Z",
    }


def _catalog_contract() -> dict:
    return {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "catalog.products",
        "name": "products",
        "version": "2.0.1",
        "status": "active",
        "domain": "catalog",
        "tags": ["catalog", "source-aligned"],
        "description": {
            "purpose": "The items the web shop sells, with their category and list price in euros.",
            "usage": "Join on `sku` to add names, categories and prices to orders.",
            "limitations": "Prices are list prices; discounts live in payments.",
        },
        "team": _team("catalog-team", "jonas.berg", "Owns the product catalogue and prices."),
        "support": _support("catalog"),
        "servers": [_local_server("catalog", "products")],
        "schema": [{
            "id": "products",
            "name": "products",
            "physicalType": "table",
            "description": "One row per sellable item.",
            "properties": [
                _prop("sku", "string", "Stock keeping unit, the item's id.", primaryKey=True,
                      primaryKeyPosition=1, required=True, unique=True,
                      logicalTypeOptions={"pattern": "^SKU-[0-9]{5}$"}),
                _prop("name", "string", "Name shown in the shop.", required=True,
                      logicalTypeOptions={"minLength": 2, "maxLength": 80}),
                _prop("category", "string", "Shop department.", required=True,
                      quality=[{"id": "category_known", "type": "library", "metric": "invalidValues",
                                "arguments": {"validValues": list(CATEGORIES)}, "mustBe": 0,
                                "dimension": "conformity", "severity": "error"}]),
                _prop("unit_price", "number", "List price of one unit.", required=True,
                      logicalTypeOptions={"minimum": 0.5, "maximum": 5000}),
                _prop("currency", "string", "Currency of the list price.", required=True,
                      quality=[{"id": "prices_in_euro", "type": "library", "metric": "invalidValues",
                                "arguments": {"validValues": ["EUR"]}, "mustBe": 0,
                                "dimension": "consistency", "severity": "error"}]),
                _prop("active", "boolean", "Whether the item can be bought today.", required=True),
                _prop("updated_at", "timestamp", "Last change of the item (UTC).", required=True,
                      logicalTypeOptions={"timezone": True}),
            ],
            "quality": [
                {"id": "catalog_not_empty", "type": "library", "metric": "rowCount",
                 "mustBeGreaterOrEqualTo": 500, "dimension": "completeness", "severity": "error"},
            ],
        }],
        "slaProperties": [
            {"id": "freshness", "property": "latency", "value": 1, "unit": "d", "element": "products.updated_at",
             "description": "Price changes are published within a day."},
            {"id": "refresh", "property": "frequency", "value": 2, "unit": "d", "element": "products.updated_at"},
        ],
        "customProperties": [
            {"property": "productType", "value": "source-aligned"},
            {"property": "inputs", "value": []},
        ],
        "contractCreatedTs": "2024-11-04T08:00:00Z",
    }


def _delivery_contract() -> dict:
    return {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "logistics.delivery_events",
        "name": "delivery_events",
        "version": "1.0.0",
        "status": "active",
        "domain": "logistics",
        "tags": ["logistics", "source-aligned", "events"],
        "description": {
            "purpose": "What happened to each parcel: label created, picked up, in transit, delivered…",
            "usage": "Delivery times per carrier and country; customer service look-ups.",
            "limitations": "Events arrive from carriers with a delay of up to a few hours.",
        },
        "team": _team("logistics-team", "amara.okafor", "Owns warehouses, carriers and parcel tracking."),
        "support": _support("logistics"),
        "servers": [_local_server("logistics", "delivery_events")],
        "schema": [{
            "id": "delivery_events",
            "name": "delivery_events",
            "physicalType": "table",
            "description": "One row per tracking event.",
            "properties": [
                _prop("event_id", "string", "Unique id of the event.", primaryKey=True, primaryKeyPosition=1,
                      required=True, unique=True, logicalTypeOptions={"pattern": "^EV-[0-9]{7}$"}),
                _prop("transaction_id", "string", "The payment this parcel belongs to.", required=True,
                      logicalTypeOptions={"pattern": "^TX-[0-9]{6}$"},
                      relationships=[{"type": "foreignKey",
                                      "to": "../payments/transactions.odcs.yaml#/schema/transactions/properties/"
                                            "transaction_id"}]),
                _prop("event_type", "string", "What happened.", required=True,
                      quality=[{"id": "event_type_known", "type": "library", "metric": "invalidValues",
                                "arguments": {"validValues": list(EVENT_TYPES)}, "mustBe": 0,
                                "dimension": "conformity", "severity": "error"}]),
                _prop("carrier", "string", "Who carries the parcel.", required=True),
                _prop("country", "string", "ISO 3166 country of the event.", required=True,
                      logicalTypeOptions={"pattern": "^[A-Z]{2}$"}),
                _prop("postal_code", "string", "Postal code of the event.",
                      logicalTypeOptions={"minLength": 3, "maxLength": 10}),
                _prop("event_time", "timestamp", "When the event happened (UTC).", required=True,
                      logicalTypeOptions={"timezone": True}),
            ],
            "quality": [
                {"id": "events_flowing", "type": "library", "metric": "rowCount", "mustBeGreaterThan": 1000,
                 "severity": "error", "dimension": "completeness"},
            ],
        }],
        "slaProperties": [
            {"id": "freshness", "property": "latency", "value": 4, "unit": "h",
             "element": "delivery_events.event_time"},
            {"id": "refresh", "property": "frequency", "value": 12, "unit": "h",
             "element": "delivery_events.event_time"},
            {"id": "kept", "property": "retention", "value": 30, "unit": "d",
             "element": "delivery_events.event_time", "driver": "regulatory",
             "description": "Tracking events are deleted after 30 days."},
            {"id": "postal_completeness", "property": "completeness", "value": 99, "unit": "percent",
             "element": "delivery_events.postal_code"},
        ],
        "customProperties": [
            {"property": "productType", "value": "source-aligned"},
            {"property": "inputs", "value": []},
        ],
        "contractCreatedTs": "2025-03-01T10:00:00Z",
    }


def _revenue_contract() -> dict:
    return {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": "analytics.daily_revenue",
        "name": "daily_revenue",
        "version": "1.1.0",
        "status": "active",
        "domain": "analytics",
        "tags": ["analytics", "consumer-aligned", "finance"],
        "description": {
            "purpose": "Captured revenue per day, category and currency, for the finance dashboard.",
            "usage": "Daily and monthly revenue charts; budget follow-up.",
            "limitations": "Only captured payments count; refunds are not subtracted.",
        },
        "team": _team("analytics-team", "lena.fischer", "Builds shared metrics for finance and management."),
        "support": _support("analytics"),
        "servers": [_local_server("analytics", "daily_revenue")],
        "schema": [{
            "id": "daily_revenue",
            "name": "daily_revenue",
            "physicalType": "table",
            "description": "One row per day, category and currency with at least one captured payment.",
            "dataGranularityDescription": "Aggregation by day, category and currency",
            "properties": [
                _prop("date", "date", "Day of the payments (UTC).", required=True,
                      logicalTypeOptions={"format": "yyyy-MM-dd"},
                      transformSourceObjects=["payments.transactions"],
                      transformDescription="Calendar day of created_at."),
                _prop("category", "string", "Catalog category.", required=True,
                      transformSourceObjects=["catalog.products"],
                      quality=[{"id": "category_known", "type": "library", "metric": "invalidValues",
                                "arguments": {"validValues": list(CATEGORIES)}, "mustBe": 0,
                                "dimension": "consistency", "severity": "error"}]),
                _prop("currency", "string", "Currency of the revenue.", required=True,
                      logicalTypeOptions={"pattern": "^[A-Z]{3}$"}),
                _prop("revenue", "number", "Sum of captured amounts.", required=True,
                      logicalTypeOptions={"minimum": 0},
                      transformLogic="sum(amount) where status = 'captured'"),
                _prop("transactions", "integer", "Number of captured payments.", required=True,
                      logicalTypeOptions={"minimum": 1}),
                _prop("units", "integer", "Units sold.", required=True, logicalTypeOptions={"minimum": 1}),
            ],
            "quality": [
                {"id": "one_row_per_key", "type": "library", "metric": "duplicateValues",
                 "arguments": {"properties": ["date", "category", "currency"]}, "mustBe": 0,
                 "dimension": "uniqueness", "severity": "error"},
                {"id": "has_rows", "type": "library", "metric": "rowCount", "mustBeGreaterThan": 0,
                 "severity": "error", "dimension": "completeness"},
            ],
        }],
        "slaProperties": [
            {"id": "freshness", "property": "latency", "value": 1, "unit": "d", "element": "daily_revenue.date",
             "description": "Yesterday's revenue is there by the morning."},
            {"id": "refresh", "property": "frequency", "value": 1, "unit": "d", "element": "daily_revenue.date"},
        ],
        "customProperties": [
            {"property": "productType", "value": "consumer-aligned"},
            {"property": "inputs", "value": ["payments.transactions", "catalog.products"],
             "description": "Data products this product is computed from (its lineage)."},
        ],
        "contractCreatedTs": "2025-02-20T12:00:00Z",
    }


_CONTRACT_BUILDERS = {
    "payments.transactions": _transactions_contract,
    "catalog.products": _catalog_contract,
    "logistics.delivery_events": _delivery_contract,
    "analytics.daily_revenue": _revenue_contract,
}


def contract_document(product_id: str) -> dict:
    """Return a fresh copy of the ODCS document (a plain dict) of one sample product."""
    split_product_id(product_id)
    if product_id not in _CONTRACT_BUILDERS:
        raise ValueError(f"unknown sample product {product_id!r}; use one of: {', '.join(PRODUCTS)}")
    return copy.deepcopy(_CONTRACT_BUILDERS[product_id]())


def contract_yaml(product_id: str) -> str:
    """The YAML text of one sample contract, exactly as written into ``data/``."""
    header = (f"# ODCS v3.1.0 data contract of the Mesh Lab sample product {product_id}.\n"
              "# Generated by `python -m mesh_lab data generate`; edit the generator, not this file.\n")
    body = yaml.safe_dump(contract_document(product_id), sort_keys=False, allow_unicode=True, width=100)
    return header + body


# ---------------------------------------------------------------------------------------------- writing
def frame_to_csv_text(frame: pd.DataFrame) -> str:
    """Serialise a sample frame deterministically: ISO-8601 UTC timestamps, two-decimal amounts, ``\\n``."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.strftime(TIMESTAMP_FORMAT)
        elif pd.api.types.is_bool_dtype(out[column].dtype):
            out[column] = out[column].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n", float_format="%.2f")


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    tmp.replace(path)


def generate(out_dir: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every sample product (CSV + ODCS contract) under ``out_dir``; return the written paths.

    Same seed, same bytes: ``generate(tmp)`` reproduces the shipped ``data/`` exactly.
    """
    out = Path(out_dir)
    written: list[Path] = []
    for product_id, frame in build_frames(seed).items():
        csv_path, contract_path = product_paths(product_id, out)
        _write_text(csv_path, frame_to_csv_text(frame))
        _write_text(contract_path, contract_yaml(product_id))
        written += [csv_path, contract_path]
    return written


def _is_shipped_data_dir(path: Path) -> bool:
    try:
        return path.resolve() == data_dir().resolve()
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab data generate [--out DIR] [--seed N] [--force]``."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab data",
                                     description="Rebuild the Mesh Lab sample data products.")
    sub = parser.add_subparsers(dest="action", required=True)
    gen = sub.add_parser("generate", help="write the sample CSV files and ODCS contracts")
    gen.add_argument("--out", type=Path, default=None,
                     help="target folder (default: <workspace>/data; the shipped data/ needs --force)")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    gen.add_argument("--force", action="store_true", help="allow writing into the kit's own data/ folder")
    try:
        args = parser.parse_args(list(argv or []))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    out = args.out if args.out is not None else workspace() / "data"
    if _is_shipped_data_dir(out) and not args.force:
        print(f"refusing to overwrite the kit's sample data in {out}; add --force if you really mean it "
              "(maintainers only), or pick another folder with --out DIR", file=sys.stderr)
        return 2
    written = generate(out, seed=args.seed)
    total = sum(p.stat().st_size for p in written)
    for path in written:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    print(f"{len(written)} files, {total:,} bytes, seed {args.seed}")
    return 0
