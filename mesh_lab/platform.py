"""The self-serve platform: scaffold a product, publish it through a gate, discover, request access.

Everything a learner creates lives in the workspace (``<workspace>/mesh/``), never in ``data/``:

* :func:`scaffold` (``python -m mesh_lab product new DOMAIN NAME [--from-csv PATH]``) writes a
  product folder — an ODCS contract with owner, description, a schema (inferred from the CSV when
  given; the CSV becomes the product's data), SLA defaults and a README. As generated it lints clean
  and passes the publish gate: a platform's template is publishable. What the learner must still
  decide is marked ``TODO(decide)`` and governed by policies at ``warn``.
* :func:`publish` (``python -m mesh_lab publish PATH``) runs the gate — lint, governance, the data's
  smoke tier (fail fast), full validation of the data, SLAs — and either registers the product in the
  workspace mesh or lists every failure with its contract path and the fix.
* :func:`workspace_catalog` is the sample mesh plus every product published in the workspace, with the
  lineage edges that approved access requests add; :func:`search` (``python -m mesh_lab catalog``)
  finds products in it.
* :func:`request_access` asks for a product with a purpose; it is approved automatically when the
  product holds no restricted column, otherwise the owner decides (:func:`decide_access`). An approved
  request from a product becomes a lineage edge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from mesh_lab import report
from mesh_lab.contracts import Contract, load_contract
from mesh_lab.errors import ContractError, MeshLabError
from mesh_lab.paths import workspace, write_atomically

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
REGISTRY_FILE = "registry.json"
RESTRICTED = ("restricted", "confidential", "sensitive")


class PlatformError(MeshLabError, ValueError):
    """A platform request that cannot be done as asked; the message says why and how to fix it."""


def mesh_folder() -> Path:
    """``<workspace>/mesh``: the learner's own products and the registry of what is published."""
    folder = workspace() / "mesh"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --------------------------------------------------------------------------------------------------
# Scaffold
# --------------------------------------------------------------------------------------------------


def _check_name(kind: str, value: str) -> str:
    if not isinstance(value, str) or not NAME.match(value):
        raise PlatformError(f"{kind} {value!r} must be lower case letters, digits and '_', starting with a letter "
                            f"(e.g. {'marketing' if kind == 'domain' else 'campaign_clicks'})")
    return value


def _logical_type(series: pd.Series) -> tuple[str, dict]:
    """The ODCS logical type of a text column, and the options the platform can see in the data."""
    values = series.dropna().astype(str).str.strip()
    values = values[values != ""]
    if values.empty:
        return "string", {}
    if values.str.fullmatch(r"-?\d+").all():
        return "integer", {}
    if values.str.fullmatch(r"-?\d+(\.\d+)?").all():
        return "number", {}
    if values.str.lower().isin(["true", "false"]).all():
        return "boolean", {}
    if values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
        return "date", {}
    if values.str.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?").all():
        zoned = values.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$").all()
        return "timestamp", {"timezone": True} if zoned else {}
    return "string", {}


def _id_pattern(values: pd.Series) -> str:
    """A pattern every id matches: ``PREFIX-digits`` when the data look like that, else no spaces."""
    text = values.dropna().astype(str)
    found = text.str.extract(r"^([A-Z]+)-(\d+)$")
    if not text.empty and found.notna().all().all() and found[0].nunique() == 1 and found[1].str.len().nunique() == 1:
        return f"^{found[0].iloc[0]}-[0-9]{{{len(found[1].iloc[0])}}}$"
    return r"^\S+$"


def infer_properties(frame: pd.DataFrame) -> list[dict]:
    """ODCS properties for a frame read as text: type, required when no value is missing, id patterns."""
    properties = []
    for column in frame.columns:
        name = str(column)
        logical, options = _logical_type(frame[column])
        prop: dict = {"name": name, "logicalType": logical,
                      "description": f"TODO(decide): what does {name} mean?",
                      "required": bool(frame[column].notna().all() and (frame[column].astype(str) != "").all())}
        if name.endswith("_id") or name == "id":
            options["pattern"] = _id_pattern(frame[column])
        if options:
            prop["logicalTypeOptions"] = options
        prop["classification"] = "internal"
        properties.append(prop)
    return properties


def _template_frame(now: pd.Timestamp) -> pd.DataFrame:
    stamps = [(now - pd.Timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ") for h in (30, 20, 2)]
    return pd.DataFrame({"record_id": ["RC-00001", "RC-00002", "RC-00003"], "created_at": stamps,
                         "value": ["12.5", "7.0", "3.25"]})


def _sla_defaults(table: str, properties: list[dict], frame: pd.DataFrame, from_template: bool) -> list[dict]:
    stamp = next((p["name"] for p in properties if p["logicalType"] == "timestamp"), None)
    if stamp and from_template:
        return [{"property": "latency", "value": 1, "unit": "d", "element": f"{table}.{stamp}",
                 "description": "TODO(decide): new records are published within a day."}]
    if stamp:
        times = pd.to_datetime(frame[stamp], errors="coerce", utc=True).dropna().drop_duplicates().sort_values()
        gap = times.diff().max() if len(times) > 1 else pd.Timedelta(days=1)
        days = max(1, int(-(-gap / pd.Timedelta(days=1) // 1)))
        return [{"property": "frequency", "value": days, "unit": "d", "element": f"{table}.{stamp}",
                 "description": f"TODO(decide): measured today, new data arrive at least every {days} day(s)."}]
    first = properties[0]["name"]
    return [{"property": "completeness", "value": 100, "unit": "percent", "element": f"{table}.{first}",
             "description": f"TODO(decide): every row has a {first}."}]


def contract_document(domain: str, name: str, frame: pd.DataFrame, *, owner: str, from_template: bool) -> dict:
    """The contract the platform writes for a new product (a plain dict, ready for YAML)."""
    properties = infer_properties(frame)
    return {
        "apiVersion": "v3.1.0", "kind": "DataContract", "id": f"{domain}.{name}", "name": name,
        "version": "0.1.0", "status": "draft", "domain": domain,
        "tags": [domain, "scaffolded"],
        "description": {"purpose": f"TODO(decide): what are the {name} data for, and for whom?"},
        "team": {"name": f"{domain}-team", "members": [{"username": owner, "role": "owner"}]},
        "support": [{"channel": f"#{domain}-data", "tool": "slack", "scope": "interactive"},
                    {"channel": f"{domain}-data-incidents", "tool": "email", "scope": "issues"}],
        "roles": [{"role": f"{domain}_{name}_reader", "access": "read", "firstLevelApprovers": f"{domain}-team"}],
        "schema": [{"name": name, "logicalType": "object", "physicalName": f"{name}.csv",
                    "properties": properties,
                    "quality": [{"metric": "rowCount", "mustBeGreaterThan": 0,
                                 "description": "TODO(decide): how many rows make a good delivery?"}]}],
        "slaProperties": _sla_defaults(name, properties, frame, from_template),
        "customProperties": [{"property": "inputs", "value": []}],
    }


README = """# {domain}.{name}

Scaffolded by the Mesh Lab platform. The contract is `{name}.odcs.yaml`, the data `{name}.csv`.

Before you publish for real, decide everything marked `TODO(decide)` in the contract: what the data
are for, what each column means, how sensitive each column is (`classification`), and the SLA you
can keep. Then run:

    python -m mesh_lab publish {folder}
"""


def scaffold(domain: str, name: str, from_csv: str | Path | None = None, *, owner: str = "you@meshlab.example",
             now=None) -> Path:
    """Create a product folder in the workspace; return it. Refuses to overwrite an existing product."""
    from mesh_lab.datasets import REFERENCE_TIME

    _check_name("domain", domain)
    _check_name("name", name)
    folder = mesh_folder() / domain / name
    if folder.exists():
        raise PlatformError(f"{folder} already exists: pick another name, or delete that folder to start again")
    moment = pd.Timestamp(now if now is not None else REFERENCE_TIME)
    if from_csv is not None:
        source = Path(from_csv)
        try:
            frame = pd.read_csv(source, dtype=str, keep_default_na=False, na_values=[""])
        except (OSError, ValueError, pd.errors.ParserError) as exc:
            raise PlatformError(f"cannot read {source} as a CSV ({type(exc).__name__}: {exc}); give a "
                                "comma-separated file with a header row") from None
        if frame.empty or not len(frame.columns):
            raise PlatformError(f"{source} has no rows: a product needs data to publish")
        bad = [c for c in frame.columns if not NAME.match(str(c))]
        if bad:
            raise PlatformError(f"{source}: column names must be snake_case (the interoperability policy): "
                                f"rename {', '.join(repr(b) for b in bad)}")
    else:
        frame = _template_frame(moment)
    document = contract_document(domain, name, frame, owner=owner, from_template=from_csv is None)
    folder.mkdir(parents=True)
    text = ("# Scaffolded by the Mesh Lab platform: decide every TODO(decide) before you rely on it.\n"
            + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100))
    write_atomically(folder / f"{name}.odcs.yaml", text)
    write_atomically(folder / f"{name}.csv", frame.to_csv(index=False))
    write_atomically(folder / "README.md", README.format(domain=domain, name=name, folder=folder))
    return folder


# --------------------------------------------------------------------------------------------------
# Publish: the gate
# --------------------------------------------------------------------------------------------------


@dataclass
class GateStep:
    """One step of the publish gate: its name, whether it passed, and each failure (path, message, fix)."""

    name: str
    passed: bool
    failures: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class PublishResult:
    """What the gate found, and whether the product is now in the workspace mesh."""

    product_id: str
    steps: list[GateStep]
    published: bool

    def __repr__(self) -> str:
        lines = [f"{'✅ published' if self.published else '❌ not published'}: {self.product_id}"]
        for step in self.steps:
            lines.append(f"  {'✔' if step.passed else '✘'} {step.name}")
            lines += [f"      {f['path'] or '<document>'}: {f['message']} — fix: {f['fix']}" for f in step.failures]
            lines += [f"      note: {n}" for n in step.notes]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [(report.status_html(report.status_of(s.passed), "pass" if s.passed else "FAIL"), s.name,
                 f["path"], f["message"], f["fix"]) for s in self.steps for f in (s.failures or [
                     {"path": "", "message": "; ".join(s.notes) or "ok", "fix": ""}])]
        table = report.table_html(["", "step", "path", "what", "fix"], rows, html_columns=[""])
        headline = f"{self.product_id}: {'published to your workspace mesh' if self.published else 'not published'}"
        return f"<div>{report.verdict_html(report.status_of(self.published), headline)}{table}</div>"


def _contract_path(path: str | Path) -> Path:
    path = Path(path)
    if path.is_dir():
        found = sorted(path.glob("*.odcs.yaml"))
        if len(found) != 1:
            raise PlatformError(f"{path} holds {len(found)} *.odcs.yaml files; give the product's folder "
                                "(one contract) or the contract itself")
        return found[0]
    if not path.exists():
        raise PlatformError(f"{path} does not exist: give a product folder made by `product new`, or its contract")
    return path


def _lint_step(contract_path: Path) -> tuple[GateStep, Contract | None]:
    from mesh_lab.lint import lint

    problems = lint([contract_path])
    errors = [p for p in problems if p.severity == "error"]
    step = GateStep("lint: a valid ODCS contract", not errors,
                    [{"path": p.path, "message": f"expected {p.expected}, found {p.found}",
                      "fix": f"edit {contract_path.name} line {p.line}" if p.line else f"edit {contract_path.name}"}
                     for p in errors],
                    [f"warning: {p.message}" for p in problems if p.severity != "error"])
    if errors:
        return step, None
    try:
        return step, load_contract(contract_path)
    except ContractError as exc:
        step.passed = False
        step.failures.append({"path": exc.path or "", "message": str(exc).splitlines()[0], "fix": "fix the contract"})
        return step, None


def _governance_step(contract: Contract, policies) -> GateStep:
    from mesh_lab.governance import govern_contract

    rows = govern_contract(contract, contract.domain or contract.id.split(".")[0], policies)
    blocking = [r for r in rows if r["blocking"]]
    return GateStep("governance: the enforced policies", not blocking,
                    [{"path": r["path"], "message": f"[{r['policy']}] {r['message']}", "fix": r["fix"]}
                     for r in blocking],
                    [f"{r['lifecycle']} [{r['policy']}] {r['path']}: {r['message']}" for r in rows if not r["blocking"]])


def _smoke_step(contract: Contract, csv_path: Path, now) -> GateStep:
    """The data product's smoke tier: there, readable, its columns, rows, fresh — in milliseconds."""
    from mesh_lab.data_smoke import rule_path, smoke_product

    run = smoke_product(contract, csv_path, now)
    fixes = {"file readable": f"put the data at {csv_path}", "columns present": "deliver every contract column",
             "rows above zero": "deliver the rows (did the load stop halfway?)",
             "fresh within SLA": "deliver new data, or change the freshness SLA"}
    return GateStep("smoke: the product basically works", run.passed,
                    [{"path": rule_path(r.name, contract), "message": f"{r.name}: {r.message}",
                      "fix": fixes.get(r.name, "fix the data")} for r in run.failures],
                    [run.summary()] if run.passed else [])


def _data_steps(contract: Contract, csv_path: Path, now) -> list[GateStep]:
    from mesh_lab.sla import check_sla
    from mesh_lab.validation import read_product, validate

    smoke = _smoke_step(contract, csv_path, now)
    if not smoke.passed:
        return [smoke]  # fail fast: full validation of a file that is not even there, or stale, tells nothing new
    try:
        frame = read_product(contract, csv_path=csv_path)
    except MeshLabError as exc:
        return [smoke, GateStep("validation: the data keep the contract", False,
                                [{"path": "", "message": str(exc), "fix": f"put the data at {csv_path}"}])]
    checked = validate(frame, contract)
    failures = []
    if not checked.passed:
        failing = checked.summary[checked.summary["passed"] == False]  # noqa: E712 - a column of True/False/None
        failures = [{"path": str(r.path), "message": f"{r.rule} on {r.column}: {r.failed} failing value(s)"
                     if isinstance(r.column, str) else f"{r.rule}: failed", "fix": "fix the data or the rule"}
                    for r in failing.itertuples(index=False)]
    sla = check_sla(contract, frame, now=now)
    sla_failures = [{"path": str(r.path), "message": str(r.message), "fix": "meet the promise or change the SLA"}
                    for r in sla.frame.itertuples(index=False) if r.passed is False]
    return [smoke, GateStep("validation: the data keep the contract", checked.passed, failures),
            GateStep("SLAs: the promises hold now", not sla_failures, sla_failures)]


def publish(path: str | Path, *, now=None, policies=None) -> PublishResult:
    """Run the publish gate on a product folder (or its contract); register it when every step passes."""
    contract_path = _contract_path(path)
    lint_step, contract = _lint_step(contract_path)
    steps = [lint_step]
    if contract is None:
        return PublishResult(contract_path.stem.replace(".odcs", ""), steps, False)
    steps.append(_governance_step(contract, policies))
    csv_path = contract_path.with_name(contract_path.name.replace(".odcs.yaml", ".csv"))
    steps += _data_steps(contract, csv_path, now)
    published = all(step.passed for step in steps)
    if published:
        _register(contract.id, contract_path)
    return PublishResult(contract.id, steps, published)


# --------------------------------------------------------------------------------------------------
# The workspace mesh: registry, catalog, access
# --------------------------------------------------------------------------------------------------


def _registry_path() -> Path:
    return mesh_folder() / REGISTRY_FILE


def load_registry() -> dict:
    """``{"products": {id: contract path}, "requests": [...]}`` — a corrupt file is a clear error."""
    path = _registry_path()
    if not path.exists():
        return {"products": {}, "requests": []}
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise PlatformError(f"{path} is not readable JSON ({exc}); move it aside and publish again") from None
    if not isinstance(document, dict):
        raise PlatformError(f"{path} is not a registry; move it aside and publish again")
    document.setdefault("products", {})
    document.setdefault("requests", [])
    return document


def _save_registry(document: dict) -> None:
    write_atomically(_registry_path(), json.dumps(document, indent=1, sort_keys=True))


def _register(product_id: str, contract_path: Path) -> None:
    from mesh_lab.datasets import PRODUCTS

    if product_id in PRODUCTS:
        raise PlatformError(f"{product_id} is a product of the sample mesh: give yours another name")
    registry = load_registry()
    registry["products"][product_id] = str(contract_path.resolve())
    _save_registry(registry)


def workspace_catalog():
    """The sample mesh plus every product published in the workspace, with approved access as lineage."""
    from mesh_lab.mesh import DataProduct, sample_mesh
    from mesh_lab.validation import read_product

    catalog = sample_mesh()
    registry = load_registry()
    grants: dict[str, list[str]] = {}
    for request in registry["requests"]:
        if request.get("status") == "approved" and request.get("consumer") in registry["products"]:
            grants.setdefault(request["consumer"], []).append(request["product"])
    pending = dict(registry["products"])
    while pending:
        progressed = False
        for product_id, contract_file in sorted(pending.items()):
            contract = load_contract(contract_file)
            inputs = tuple(dict.fromkeys([*contract.inputs, *grants.get(product_id, [])]))
            if not all(i in catalog for i in inputs):
                continue
            csv_file = Path(contract_file).with_name(Path(contract_file).name.replace(".odcs.yaml", ".csv"))
            catalog.add(DataProduct(id=product_id, owner=contract.owner or f"{contract.domain}-team",
                                    description=contract.description or "", contract=contract, inputs=inputs,
                                    tags=tuple(contract.tags), version=contract.version,
                                    loader=lambda c=contract, f=csv_file: read_product(c, csv_path=f)))
            del pending[product_id]
            progressed = True
        if not progressed:
            raise PlatformError(f"published products read inputs nobody published: {', '.join(sorted(pending))}")
    return catalog


def search(text: str | None = None, *, owner: str | None = None, tag: str | None = None,
           column: str | None = None, domain: str | None = None):
    """Discover products in the workspace mesh (the same search as :meth:`mesh_lab.mesh.Catalog.search`)."""
    return workspace_catalog().search(text, owner=owner, tag=tag, column=column, domain=domain)


@dataclass
class AccessRequest:
    """A consumer's request to read a product, for a purpose; approved automatically or by the owner."""

    number: int
    product: str
    consumer: str
    purpose: str
    status: str
    decided_by: str
    when: str


def _restricted_columns(contract: Contract) -> list[str]:
    return [str(p.get("name")) for obj in contract.raw.get("schema") or [] for p in obj.get("properties") or []
            if isinstance(p, dict) and str(p.get("classification", "")).lower() in RESTRICTED]


def request_access(product_id: str, consumer: str, purpose: str) -> AccessRequest:
    """Ask to read ``product_id`` as ``consumer`` (a team, or a product id) for ``purpose``.

    Approved at once when the product holds no restricted column; otherwise it waits for the owner
    (:func:`decide_access`). An approved request from a published product adds a lineage edge.
    """
    if not str(purpose or "").strip() or len(str(purpose).split()) < 3:
        raise PlatformError("say what you need the data for, in a few words (a purpose is how owners decide)")
    catalog = workspace_catalog()
    product = catalog.get(product_id)
    restricted = _restricted_columns(product.contract) if product.contract is not None else []
    status, by = ("pending", product.owner) if restricted else ("approved", "platform (no restricted column)")
    registry = load_registry()
    request = AccessRequest(len(registry["requests"]) + 1, product_id, consumer, str(purpose).strip(), status, by,
                            dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    registry["requests"].append(request.__dict__)
    _save_registry(registry)
    return request


def decide_access(number: int, approve: bool, owner: str) -> AccessRequest:
    """The owner approves or refuses a pending request."""
    registry = load_registry()
    try:
        entry = registry["requests"][int(number) - 1]
    except (IndexError, ValueError, TypeError):
        raise PlatformError(f"no access request number {number!r}") from None
    if entry["status"] != "pending":
        raise PlatformError(f"request {number} is already {entry['status']}")
    entry["status"], entry["decided_by"] = ("approved" if approve else "refused"), owner
    _save_registry(registry)
    return AccessRequest(**entry)


# --------------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------------


def product_main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab product new DOMAIN NAME [--from-csv PATH]``."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab product", description="Scaffold a data product.")
    parser.add_argument("action", choices=["new"])
    parser.add_argument("domain")
    parser.add_argument("name")
    parser.add_argument("--from-csv", help="a CSV whose columns become the schema and whose rows the data")
    args = parser.parse_args(argv)
    try:
        folder = scaffold(args.domain, args.name, args.from_csv)
    except MeshLabError as exc:
        print(f"mesh_lab product: {exc}", file=sys.stderr)
        return 2
    print(f"created {folder}\n  {args.name}.odcs.yaml  the contract (decide every TODO(decide))\n"
          f"  {args.name}.csv        the data\n  README.md\nnext: python -m mesh_lab publish {folder}")
    return 0


def publish_main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab publish PATH [--now TIME]``: exit 0 published, 1 refused, 2 unusable input."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab publish", description="Run the publish gate.")
    parser.add_argument("path", help="a product folder (from `product new`) or its contract")
    parser.add_argument("--now", help="the moment SLAs are measured at (default: the kit's reference time)")
    args = parser.parse_args(argv)
    try:
        result = publish(args.path, now=args.now)
    except MeshLabError as exc:
        print(f"mesh_lab publish: {exc}", file=sys.stderr)
        return 2
    print(repr(result))
    return 0 if result.published else 1


def catalog_main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab catalog [--search TEXT] [--owner O] [--tag T] [--column C] [--domain D]``."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab catalog", description="Discover data products.")
    parser.add_argument("--search", help="free text in id, owner, description or tags")
    parser.add_argument("--owner")
    parser.add_argument("--tag")
    parser.add_argument("--column", help="products that have a column with this name")
    parser.add_argument("--domain")
    args = parser.parse_args(argv)
    try:
        found = search(args.search, owner=args.owner, tag=args.tag, column=args.column, domain=args.domain)
    except MeshLabError as exc:
        print(f"mesh_lab catalog: {exc}", file=sys.stderr)
        return 2
    frame = found.to_frame()
    print(frame[["id", "owner", "version", "tags"]].to_string(index=False) if len(frame) else "no product matches")
    return 0
