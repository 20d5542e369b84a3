"""Domains, data products and the catalog that connects them (the self-serve platform's map).

A :class:`DataProduct` is named ``domain.name`` (``payments.transactions``), has an owner team, an
ODCS contract, a way to load its data, the products it is built from (its *inputs*) and tags.
A product without inputs is *source-aligned* (it comes straight from a domain's own system); one
built from other products is *consumer-aligned*. The :class:`Catalog` holds products, finds them
and answers lineage questions with a networkx graph whose edges point from input to product.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from mesh_lab import report
from mesh_lab.errors import MeshLabError

PRODUCT_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
SOURCE, CONSUMER = "source-aligned", "consumer-aligned"


class MeshError(MeshLabError, ValueError):
    """A product or catalog is used in a way the mesh does not allow."""


class UnknownProductError(MeshLabError, KeyError):
    """A product id is not in the catalog; the message suggests close matches."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0]) if self.args else ""


def check_product_id(product_id: str) -> str:
    """Return ``product_id`` if it reads ``domain.name`` in lower snake case, else raise :class:`MeshError`."""
    if not isinstance(product_id, str) or not PRODUCT_ID.match(product_id):
        raise MeshError(
            f"product id {product_id!r} is not of the form 'domain.name' (lower case, digits and '_'). "
            "Fix: use an id such as 'payments.transactions'.")
    return product_id


@dataclass
class DataProduct:
    """A data product: data a domain serves on purpose, with an owner, a contract and lineage."""

    id: str
    owner: str
    description: str = ""
    contract: object | None = None
    loader: Callable[[], pd.DataFrame] | None = field(default=None, repr=False)
    inputs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    version: str = ""

    def __post_init__(self) -> None:
        check_product_id(self.id)
        if not isinstance(self.owner, str) or not self.owner.strip():
            raise MeshError(f"product {self.id!r} has no owner team. Fix: pass owner='<team name>'.")
        self.inputs = tuple(check_product_id(i) for i in _as_tuple(self.inputs, "inputs", self.id))
        self.tags = tuple(str(t).lower() for t in _as_tuple(self.tags, "tags", self.id))
        if self.id in self.inputs:
            raise MeshError(f"product {self.id!r} lists itself as an input. Fix: remove it from inputs.")

    @property
    def domain(self) -> str:
        """The domain part of the id: ``payments`` for ``payments.transactions``."""
        return self.id.split(".", 1)[0]

    @property
    def name(self) -> str:
        """The product part of the id: ``transactions`` for ``payments.transactions``."""
        return self.id.split(".", 1)[1]

    @property
    def alignment(self) -> str:
        """``source-aligned`` without inputs, ``consumer-aligned`` when built from other products."""
        return CONSUMER if self.inputs else SOURCE

    def data(self) -> pd.DataFrame:
        """Load a fresh copy of the product's data (change it freely; the files are not touched)."""
        if self.loader is None:
            raise MeshError(f"product {self.id!r} has no data loader. Fix: pass loader=<function returning a DataFrame>.")
        return self.loader()

    def validate(self, frame: pd.DataFrame | None = None):
        """Validate ``frame`` (default: the product's own data) against its contract; return the report."""
        if self.contract is None:
            raise MeshError(f"product {self.id!r} has no contract to validate against. Fix: pass contract=...")
        from mesh_lab.validation import validate

        return validate(self.data() if frame is None else frame, self.contract)

    def matches(self, text: str) -> bool:
        """Whether ``text`` appears (case-insensitive) in the id, owner, description or tags."""
        needle = text.lower()
        haystack = " ".join([self.id, self.owner, self.description, *self.tags]).lower()
        return needle in haystack

    def summary(self) -> dict:
        """The product's facts as a flat dict (one row of :meth:`Catalog.to_frame`)."""
        return {
            "id": self.id, "domain": self.domain, "owner": self.owner, "alignment": self.alignment,
            "version": self.version, "inputs": ", ".join(self.inputs), "tags": ", ".join(self.tags),
            "description": self.description,
        }

    def __repr__(self) -> str:
        inputs = f", inputs={list(self.inputs)}" if self.inputs else ""
        return f"DataProduct({self.id!r}, owner={self.owner!r}, {self.alignment}{inputs})"

    def _repr_html_(self) -> str:
        facts = self.summary()
        rows = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{html.escape(str(v))}</td></tr>"
                       for k, v in facts.items() if k != "id")
        return f"<div><strong>📦 {html.escape(self.id)}</strong><table>{rows}</table></div>"


@dataclass
class Domain:
    """A business domain: its name, the team that owns it and the ids of the products it publishes."""

    name: str
    team: str
    products: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Domain({self.name!r}, team={self.team!r}, products={self.products})"

    def _repr_html_(self) -> str:
        items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in self.products)
        return f"<div><strong>🏠 {html.escape(self.name)}</strong> — owned by {html.escape(self.team)}<ul>{items}</ul></div>"


class ProductList(list):
    """A list of products (a search result) that shows itself as a table."""

    def ids(self) -> list[str]:
        """The ids of the products, in order."""
        return [p.id for p in self]

    def to_frame(self) -> pd.DataFrame:
        """One row per product."""
        columns = list(DataProduct("a.b", owner="x").summary())
        return pd.DataFrame([p.summary() for p in self], columns=columns)

    def __repr__(self) -> str:
        return f"ProductList({self.ids()})"

    def _repr_html_(self) -> str:
        if not self:
            return "<p>No products match.</p>"
        return report.frame_html(self.to_frame())


class Catalog:
    """The mesh's catalog: add, get and search products; ask who feeds whom."""

    def __init__(self, products: Iterable[DataProduct] = ()):
        self._products: dict[str, DataProduct] = {}
        for product in products:
            self.add(product)

    # -- adding and getting -------------------------------------------------------------------
    def add(self, product: DataProduct) -> DataProduct:
        """Add a product; its inputs must already be in the catalog. Returns the product."""
        if not isinstance(product, DataProduct):
            raise MeshError(f"Catalog.add expects a DataProduct, got {type(product).__name__}.")
        if product.id in self._products:
            raise MeshError(f"product {product.id!r} is already in the catalog. "
                            "Fix: choose another name, or remove the old one first.")
        for input_id in product.inputs:
            if input_id not in self._products:
                raise UnknownProductError(
                    f"{product.id!r} lists input {input_id!r}, which is not in the catalog."
                    f"{self._suggestion(input_id)} Fix: add the input product first.")
        self._products[product.id] = product
        return product

    def remove(self, product_id: str) -> DataProduct:
        """Remove a product nobody depends on and return it."""
        product = self.get(product_id)
        users = self.downstream(product_id, direct=True)
        if users:
            raise MeshError(f"cannot remove {product_id!r}: {', '.join(users)} read from it. "
                            "Fix: remove or rewire those products first.")
        return self._products.pop(product.id)

    def get(self, product_id: str) -> DataProduct:
        """The product with this id; an unknown id raises :class:`UnknownProductError` with suggestions."""
        try:
            return self._products[product_id]
        except (KeyError, TypeError):
            raise UnknownProductError(
                f"no product {product_id!r} in the catalog.{self._suggestion(product_id)} "
                f"Known products: {', '.join(sorted(self._products)) or 'none'}.") from None

    def _suggestion(self, product_id) -> str:
        close = difflib.get_close_matches(str(product_id), list(self._products), n=3, cutoff=0.5)
        if not close:
            # a bare product name ("transactions") or domain ("payments") is a common slip
            close = [p for p in self._products if str(product_id) in p.split(".")]
        return f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""

    def __getitem__(self, product_id: str) -> DataProduct:
        return self.get(product_id)

    def __contains__(self, product_id: object) -> bool:
        return product_id in self._products

    def __iter__(self) -> Iterator[DataProduct]:
        return iter(self._products.values())

    def __len__(self) -> int:
        return len(self._products)

    @property
    def ids(self) -> list[str]:
        """Every product id, in the order they were added."""
        return list(self._products)

    @property
    def domains(self) -> dict[str, Domain]:
        """The domains of the mesh, with the team owning (the first product of) each."""
        result: dict[str, Domain] = {}
        for product in self:
            domain = result.setdefault(product.domain, Domain(product.domain, product.owner))
            domain.products.append(product.id)
        return result

    # -- discovery -----------------------------------------------------------------------------
    def search(self, text: str | None = None, *, tag: str | None = None, owner: str | None = None,
               domain: str | None = None, column: str | None = None) -> ProductList:
        """Products matching every given filter: free text, an exact tag, an owner, a domain, or a column
        name in the product's contract."""
        found = ProductList()
        for product in self:
            if column is not None and not _has_column(product, column):
                continue
            if text is not None and not product.matches(text):
                continue
            if tag is not None and tag.lower() not in product.tags:
                continue
            if owner is not None and owner.lower() not in product.owner.lower():
                continue
            if domain is not None and product.domain != domain.lower():
                continue
            found.append(product)
        return found

    def to_frame(self) -> pd.DataFrame:
        """One row per product: id, domain, owner, alignment, version, inputs, tags, description."""
        return ProductList(self).to_frame()

    # -- lineage -------------------------------------------------------------------------------
    def lineage(self):
        """A directed ``networkx.DiGraph`` with an edge from each input to the product built from it."""
        import networkx as nx  # imported on first use: it costs more than the rest of the kit

        graph = nx.DiGraph()
        for product in self:
            graph.add_node(product.id, domain=product.domain, owner=product.owner, alignment=product.alignment)
        for product in self:
            graph.add_edges_from((input_id, product.id) for input_id in product.inputs)
        return graph

    def upstream(self, product_id: str, *, direct: bool = False) -> list[str]:
        """Products that ``product_id`` is built from (all ancestors, or only ``direct`` inputs), sorted."""
        product = self.get(product_id)
        if direct:
            return sorted(product.inputs)
        import networkx as nx

        return sorted(nx.ancestors(self.lineage(), product.id))

    def downstream(self, product_id: str, *, direct: bool = False) -> list[str]:
        """Products built from ``product_id`` (the blast radius when it breaks), sorted."""
        import networkx as nx

        self.get(product_id)
        graph = self.lineage()
        found = graph.successors(product_id) if direct else nx.descendants(graph, product_id)
        return sorted(found)

    def __repr__(self) -> str:
        return f"Catalog({len(self)} products in {len(self.domains)} domains: {', '.join(self.ids)})"

    def _repr_html_(self) -> str:
        title = f"<p><strong>🗂️ Catalog</strong> — {len(self)} products in {len(self.domains)} domains</p>"
        # the kit's table: text left-aligned (also when a description wraps), "—" for an empty cell
        return title + report.frame_html(ProductList(self).to_frame())


def _has_column(product: DataProduct, column: str) -> bool:
    """Whether any schema object of the product's contract has a column called ``column`` (any case)."""
    raw = getattr(product.contract, "raw", None) or {}
    return any(isinstance(prop, dict) and str(prop.get("name", "")).lower() == column.lower()
               for obj in raw.get("schema") or [] if isinstance(obj, dict) for prop in obj.get("properties") or [])


def _as_tuple(values, what: str, product_id: str) -> tuple:
    if isinstance(values, str):
        return (values,)
    try:
        return tuple(values or ())
    except TypeError:
        raise MeshError(f"{what} of {product_id!r} must be a list of strings, got {values!r}.") from None


def product_from_contract(product_id: str) -> DataProduct:
    """Build a sample product from its ODCS contract and CSV in ``data/`` (via ``datasets``)."""
    from mesh_lab.contracts import load_contract
    from mesh_lab.datasets import product_paths
    from mesh_lab.validation import read_product

    _csv_path, contract_path = product_paths(product_id)
    contract = load_contract(contract_path)
    return DataProduct(
        id=product_id,
        owner=contract.owner,
        description=contract.description or "",
        contract=contract,
        loader=lambda: read_product(product_id),
        inputs=tuple(contract.inputs or ()),
        tags=tuple(contract.tags or ()),
        version=str(contract.version or ""),
    )


def sample_mesh() -> Catalog:
    """The sample mesh of ``data/``: payments, catalog and logistics products plus analytics built from them."""
    from mesh_lab.datasets import PRODUCTS

    ids = list(PRODUCTS)
    catalog = Catalog()
    pending = [product_from_contract(i) for i in ids]
    while pending:  # add inputs before the products built from them
        ready = [p for p in pending if all(i in catalog for i in p.inputs)]
        if not ready:
            missing = sorted({i for p in pending for i in p.inputs if i not in catalog and i not in ids})
            raise MeshError(f"sample products read inputs that do not exist: {', '.join(missing)}.")
        for product in ready:
            catalog.add(product)
            pending.remove(product)
    return catalog
