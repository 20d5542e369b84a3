"""The sample mesh: the data of four data products, generated from one seed.

Three source-aligned products, each owned by the domain that creates the data:

* ``payments.transactions`` – every card or wallet payment of the web shop,
* ``catalog.products`` – the things the shop sells, with prices,
* ``logistics.delivery_events`` – what happened to each parcel on its way,

and one consumer-aligned product, ``analytics.daily_revenue``, computed *from* the payments and the
catalog frames, so its lineage is real.

The data (the CSV files) are generated from one seed relative to a fixed :data:`REFERENCE_TIME`, so
``python -m mesh_lab data generate`` rebuilds every ``data/<domain>/<name>.csv`` byte for byte.

The contracts are *not* generated: each ``data/<domain>/<name>.odcs.yaml`` is a hand-written, commented
ODCS v3.1.0 file and the single source of truth about its product. Read one with
:func:`mesh_lab.contracts.load_contract` (``load_contract(product_paths(product_id)[1])``); to change a
contract, edit its YAML and check it with ``python -m mesh_lab lint data``. ``data generate`` never
writes a contract.

The kit never writes into ``data/`` on its own: the command writes to the learner's workspace unless
told otherwise (``--out DIR``; the shipped ``data/`` also needs ``--force``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from mesh_lab.errors import MeshLabError
from mesh_lab.paths import PROJECT_ROOT, data_dir, workspace, write_atomically

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
    write_atomically(path, text)


def generate(out_dir: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the data file (``<domain>/<name>.csv``) of every sample product under ``out_dir``.

    Returns the written paths. Same seed, same bytes: ``generate(tmp)`` reproduces the CSV files of the
    shipped ``data/`` exactly. Contracts are never written: they are hand-written YAML in ``data/``.
    """
    out = Path(out_dir)
    written: list[Path] = []
    for product_id, frame in build_frames(seed).items():
        csv_path, _contract_path = product_paths(product_id, out)
        _write_text(csv_path, frame_to_csv_text(frame))
        written.append(csv_path)
    return written


def _is_shipped_data_dir(path: Path) -> bool:
    try:
        return path.resolve() == data_dir().resolve()
    except OSError:
        return False


def _kit_folders() -> dict[str, Path]:
    """The folders the kit never writes into at run time, resolved (symlinks followed)."""
    return {"sample data": data_dir().resolve(), "shipped sample data": (PROJECT_ROOT / "data").resolve(),
            "notebooks": (PROJECT_ROOT / "notebooks").resolve()}


def out_refusal(out: Path, force: bool = False) -> str | None:
    """Why ``data generate`` must not write to ``out`` (one line, with the fix), or None when it may.

    Refused: any folder inside the kit's ``data/`` or ``notebooks/`` — resolved, so a symlink into them
    counts — and a path that is a file. ``--force`` allows only the shipped ``data/`` itself (maintainers
    regenerating the sample data).
    """
    if out.exists() and not out.is_dir():
        return f"--out {out} is a file; name a folder (it is created if needed)"
    if _is_shipped_data_dir(out):
        if force:
            return None
        return (f"refusing to overwrite the kit's sample data in {out}; add --force if you really mean it "
                "(maintainers only), or pick another folder with --out DIR")
    targets = [out, *(out / domain for domain in sorted({p.split(".")[0] for p in PRODUCTS}))]
    for target in targets:
        resolved = target.resolve()
        for name, folder in _kit_folders().items():
            if resolved == folder or folder in resolved.parents:
                kind = name.removeprefix("shipped ")
                return (f"refusing to write into the kit's {kind} folder: --out {out} leads to {resolved}, inside "
                        f"{folder}; pick a folder outside the kit, e.g. --out {workspace_hint()}")
    return None


def workspace_hint() -> str:
    """Where generated data belong, for messages (never raises)."""
    try:
        return str(workspace(writable=False) / "data")
    except MeshLabError:
        return "$HOME/mesh-lab-data"


def _parse_args(argv: list[str]) -> argparse.Namespace | int:
    parser = argparse.ArgumentParser(prog="python -m mesh_lab data",
                                     description="Rebuild the data files of the Mesh Lab sample products.")
    sub = parser.add_subparsers(dest="action", required=True)
    gen = sub.add_parser("generate", help="write the sample CSV files (contracts are hand-written YAML in data/)")
    gen.add_argument("--out", type=Path, default=None,
                     help="target folder (default: <workspace>/data; the shipped data/ needs --force)")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED,
                     help=f"random seed, a whole number ≥ 0 (default {DEFAULT_SEED})")
    gen.add_argument("--force", action="store_true", help="allow writing into the kit's own data/ folder")
    try:
        return parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab data generate [--out DIR] [--seed N] [--force]``.

    Exit 0 when written; 2, with a one-line reason, for a refused or unusable ``--out``, a negative
    seed, an unusable workspace or a folder that cannot be written.
    """
    args = _parse_args(list(argv or []))
    if isinstance(args, int):
        return args
    try:
        problem = _input_problem(args)
        if problem is None:
            return _generate_and_report(args)
    except MeshLabError as exc:
        problem = str(exc)
    except OSError as exc:
        problem = f"cannot write the sample data: {exc.strerror or exc} ({exc.filename or args.out}); pick a " \
                  "folder you can write with --out DIR"
    print(f"mesh_lab data: {problem}", file=sys.stderr)
    return 2


def _input_problem(args: argparse.Namespace) -> str | None:
    if args.seed < 0:
        return f"--seed {args.seed} is negative; use a whole number ≥ 0 (default {DEFAULT_SEED})"
    if args.out is None:
        args.out = workspace() / "data"
    return out_refusal(args.out, args.force)


def _generate_and_report(args: argparse.Namespace) -> int:
    written = generate(args.out, seed=args.seed)
    total = sum(p.stat().st_size for p in written)
    for path in written:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    print(f"{len(written)} files, {total:,} bytes, seed {args.seed}")
    print(f"(data only: the contracts are the hand-written *.odcs.yaml files in {data_dir()})")
    return 0
