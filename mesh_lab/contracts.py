"""ODCS v3.1.0 data contracts: load, inspect, lint and round-trip them.

A :class:`Contract` keeps the whole YAML document exactly as written (servers, roles, support channels,
pricing, custom properties, relationships… all kept, shown and written back unchanged) and exposes the
subset the kit *executes*:

* ``schema[].properties[]`` – ``logicalType``, ``required``, ``unique``, ``primaryKey`` and
  ``logicalTypeOptions`` (minimum, maximum, exclusive bounds, multipleOf, minLength, maxLength, pattern),
* ``quality[]`` library metrics – ``nullValues``, ``missingValues``, ``invalidValues``,
  ``duplicateValues``, ``rowCount`` with one ``mustBe…`` operator,
* ``slaProperties`` – latency, frequency, retention and completeness (see :mod:`mesh_lab.sla`).

Why our own reader rather than the ``open-data-contract-standard`` Pydantic model: that model drops
unknown nested keys when it writes a contract back and does not check enumerations such as
``logicalType``. Here the document itself is the source of truth, so a round-trip can never lose a
field. Checking is the standard, then the kit (:func:`check_document`): the official ODCS v3.1.0 JSON
Schema at every depth (:mod:`mesh_lab.odcs_schema`) decides what is an error; the kit's own rules
about the part it runs only advise (warnings). YAML is read as the standard's tools read it, YAML 1.2
(:mod:`mesh_lab.contract_yaml`): ``NO`` stays text. Every problem carries file, line and field path.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import html
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mesh_lab.contract_yaml import UnreadableYaml, dump_yaml, paused_gc, read_yaml
from mesh_lab.errors import ContractError

API_VERSIONS = ["v3.1.0", "v3.0.2", "v3.0.1", "v3.0.0", "v2.2.2", "v2.2.1", "v2.2.0"]
REQUIRED_TOP_LEVEL = ["apiVersion", "kind", "id", "version", "status"]
TOP_LEVEL_KEYS = [
    "version", "kind", "apiVersion", "id", "name", "tenant", "tags", "status", "servers", "dataProduct",
    "description", "domain", "schema", "support", "price", "team", "roles", "slaDefaultElement",
    "slaProperties", "authoritativeDefinitions", "customProperties", "contractCreatedTs",
]
LOGICAL_TYPES = ["string", "date", "timestamp", "time", "number", "integer", "object", "array", "boolean"]
METRICS = ["nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount"]
OPERATORS = ["mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo", "mustBeLessThan",
             "mustBeLessOrEqualTo", "mustBeBetween", "mustNotBeBetween"]
DIMENSIONS = ["accuracy", "completeness", "conformity", "consistency", "coverage", "timeliness", "uniqueness"]
QUALITY_TYPES = ["text", "library", "sql", "custom"]
QUALITY_KEYS = [
    "id", "authoritativeDefinitions", "businessImpact", "customProperties", "description", "dimension",
    "method", "name", "schedule", "scheduler", "severity", "tags", "type", "unit", "metric", "rule",
    "arguments", "query", "engine", "implementation", *OPERATORS,
]
_NUMBER_OPTIONS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]
_TIME_OPTIONS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
#: logicalTypeOptions the ODCS schema allows for each logical type, and the Python types they take
OPTION_TYPES: dict[str, dict[str, tuple[type, ...]]] = {
    "string": {"minLength": (int,), "maxLength": (int,), "pattern": (str,), "format": (str,)},
    "integer": {**{k: (int, float) for k in _NUMBER_OPTIONS}, "format": (str,)},
    "number": {**{k: (int, float) for k in _NUMBER_OPTIONS}, "format": (str,)},
    "date": {**{k: (str,) for k in _TIME_OPTIONS}, "format": (str,)},
    "timestamp": {**{k: (str,) for k in _TIME_OPTIONS}, "format": (str,), "timezone": (bool,),
                  "defaultTimezone": (str,)},
    "time": {**{k: (str,) for k in _TIME_OPTIONS}, "format": (str,), "timezone": (bool,),
             "defaultTimezone": (str,)},
    "object": {"maxProperties": (int,), "minProperties": (int,), "required": (list,)},
    "array": {"maxItems": (int,), "minItems": (int,), "uniqueItems": (bool,)},
    "boolean": {},
}
#: SLA properties measured in time, and the units the kit understands (unit name -> short name)
TIMED_SLA_PROPERTIES = ("latency", "freshness", "frequency", "retention")
TIME_UNITS = {
    **dict.fromkeys(["s", "sec", "second", "seconds"], "s"),
    **dict.fromkeys(["m", "min", "minute", "minutes"], "min"),
    **dict.fromkeys(["h", "hr", "hour", "hours"], "h"),
    **dict.fromkeys(["d", "day", "days"], "d"),
    **dict.fromkeys(["w", "wk", "week", "weeks"], "w"),
    **dict.fromkeys(["mo", "month", "months"], "mo"),
    **dict.fromkeys(["y", "yr", "year", "years"], "y"),
}
_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false", list: "a list",
               dict: "a mapping"}


# ---------------------------------------------------------------------------------------------- problems
@dataclass(frozen=True)
class Problem:
    """One thing wrong with a contract file, located and explained."""

    file: str
    line: int | None
    path: str
    expected: str
    found: str
    severity: str = "error"

    @property
    def message(self) -> str:
        """``file:line: path: expected …, found …``."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path or '<document>'}: expected {self.expected}, found {self.found}"

    def __str__(self) -> str:
        return self.message


def _describe(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 13_000:
        return "a whole number of more than 4,000 digits"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true or false)"
    if isinstance(value, (dict, list)):
        kind = "a mapping" if isinstance(value, dict) else "a list"
        text = repr(value)
        return f"{kind} {text[:60] + '…' if len(text) > 60 else text}"
    text = repr(value)
    kind = {str: "text", int: "the whole number", float: "the number"}.get(type(value), type(value).__name__)
    return f"{kind} {text[:60] + '…' if len(text) > 60 else text}"


def format_path(parts: tuple) -> str:
    """Turn ``("schema", 0, "properties", 2, "logicalType")`` into ``schema[0].properties[2].logicalType``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# ---------------------------------------------------------------------------------------------- YAML with lines
MAX_CONTRACT_BYTES = 16 * 1024 * 1024
"""A contract is a few kilobytes (a very wide one a few megabytes); a file over this size is almost
surely not one (it is refused at once)."""


def parse_yaml(text: str, source: str) -> tuple[Any, Any]:
    """``(document, lines)`` of ODCS YAML text, read as YAML 1.2 (see :mod:`mesh_lab.contract_yaml`).

    ``lines.get(path)`` is the line of a field path; ``lines.notes`` the reading's own findings
    (repeated keys, values YAML readers disagree on). Raises :class:`ContractError`, located, for text
    that cannot be read as one JSON-like YAML document.
    """
    try:
        return read_yaml(text)[:2]
    except UnreadableYaml as exc:
        problem = Problem(source, exc.line, format_path(exc.path), exc.expected, exc.found)
        raise ContractError(problem.message, file=source, line=exc.line, path=problem.path,
                            expected=exc.expected, found=exc.found, problems=[problem]) from None


# ---------------------------------------------------------------------------------------------- executed parts
@dataclass(frozen=True)
class Property:
    """One column of a schema object, as far as the kit executes it."""

    name: str
    logical_type: str | None
    required: bool
    unique: bool
    primary_key: bool
    options: dict
    quality: list
    object_name: str
    path: str
    description: str = ""
    raw: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class QualityRule:
    """A ``quality[]`` entry. ``executable`` is true for library metrics the kit runs."""

    metric: str | None
    column: str | None
    operator: str | None
    threshold: Any
    arguments: dict
    unit: str
    severity: str
    dimension: str | None
    name: str
    description: str
    object_name: str
    path: str
    kind: str = "library"
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def executable(self) -> bool:
        """True for a library metric with a known operator, i.e. a rule the kit runs."""
        return self.kind == "library" and self.metric in METRICS and self.operator in OPERATORS


@dataclass(frozen=True)
class SlaProperty:
    """An ``slaProperties[]`` entry."""

    property: str
    value: Any
    unit: str | None
    element: str | None
    path: str
    description: str = ""
    raw: dict = field(default_factory=dict, repr=False, compare=False)


def _operator_of(rule: dict) -> tuple[str | None, Any]:
    for op in OPERATORS:
        if op in rule:
            return op, rule[op]
    return None, None


def _quality_rule(rule: dict, path: str, object_name: str, column: str | None) -> QualityRule:
    operator, threshold = _operator_of(rule)
    kind = rule.get("type") or ("library" if "metric" in rule or "rule" in rule else "text")
    metric = rule.get("metric", rule.get("rule"))
    return QualityRule(
        metric=metric, column=column, operator=operator, threshold=threshold,
        arguments=dict(rule.get("arguments") or {}), unit=str(rule.get("unit") or "rows"),
        severity=str(rule.get("severity") or "error"), dimension=rule.get("dimension"),
        name=str(rule.get("name") or rule.get("id") or metric or kind), description=str(rule.get("description") or ""),
        object_name=object_name, path=path, kind=str(kind), raw=rule,
    )


# ---------------------------------------------------------------------------------------------- Contract
class Contract:
    """An ODCS v3.1.0 data contract. ``raw`` is the full document; everything else is a view on it."""

    def __init__(self, document: dict, *, path: str | Path | None = None, source: str | None = None,
                 lines: dict[tuple, int] | None = None):
        self.raw: dict = document
        self.path: Path | None = Path(path) if path is not None else None
        self.source: str = source or (str(path) if path is not None else "<dict>")
        self._lines = lines or {}

    # -- construction
    @classmethod
    def from_dict(cls, document: dict, source: str = "<dict>") -> Contract:
        """Check a plain dict as a contract (raises :class:`ContractError`) and wrap a deep copy of it."""
        document = copy.deepcopy(document)
        problems = check_document(document, source, {})
        _raise_if_errors(problems, source)
        return cls(document, source=source)

    def copy(self) -> Contract:
        """An independent copy you can change (e.g. to tighten a rule) without touching this one."""
        return Contract(copy.deepcopy(self.raw), path=self.path, source=self.source, lines=self._lines)

    def to_dict(self) -> dict:
        """A deep copy of the whole document."""
        return copy.deepcopy(self.raw)

    def to_yaml(self) -> str:
        """The document as YAML; loading it again gives an equal document (nothing is dropped), with
        YAML 1.1 readers (PyYAML) and YAML 1.2 / JSON-minded readers alike: any text either of them
        would take for a number, a boolean, a date or null ("7E5", "NO", "2026-01-01") is quoted."""
        return dump_yaml(self.raw)

    def line_of(self, path: tuple) -> int | None:
        """The line in the source file where a field path (a tuple of keys and indexes) was written."""
        while path and path not in self._lines:
            path = path[:-1]
        return self._lines.get(path)

    # -- identity
    @property
    def id(self) -> str:
        """The contract's ``id`` (the sample products use their product id)."""
        return str(self.raw.get("id", ""))

    @property
    def name(self) -> str:
        """``name``, falling back to the id."""
        return str(self.raw.get("name") or self.id)

    @property
    def version(self) -> str:
        """The contract's own semantic version, e.g. ``1.2.0``."""
        return str(self.raw.get("version", ""))

    @property
    def status(self) -> str:
        """``proposed``, ``draft``, ``active``, ``deprecated`` or ``retired``."""
        return str(self.raw.get("status", ""))

    @property
    def api_version(self) -> str:
        """The ODCS version the file follows, e.g. ``v3.1.0``."""
        return str(self.raw.get("apiVersion", ""))

    @property
    def domain(self) -> str:
        """The owning domain, e.g. ``payments``."""
        return str(self.raw.get("domain") or "")

    @property
    def product_id(self) -> str:
        """``domain.name`` – how the mesh names this product."""
        return f"{self.domain}.{self.name}" if self.domain else self.name

    @property
    def owner(self) -> str:
        """The owning team's name (``team.name``; for the deprecated list form, the member with role owner)."""
        team = self.raw.get("team")
        if isinstance(team, dict):
            return str(team.get("name") or "")
        if isinstance(team, list):
            owners = [m for m in team if isinstance(m, dict) and str(m.get("role", "")).lower() == "owner"]
            pick = owners[0] if owners else (team[0] if team and isinstance(team[0], dict) else {})
            return str(pick.get("username") or pick.get("name") or "")
        return ""

    @property
    def description(self) -> str:
        """The contract's purpose in one sentence (``description.purpose``, else ``usage``)."""
        desc = self.raw.get("description")
        if isinstance(desc, dict):
            return str(desc.get("purpose") or desc.get("usage") or "")
        return str(desc or "")

    @property
    def description_details(self) -> dict:
        """The whole ``description`` block: purpose, usage, limitations…"""
        desc = self.raw.get("description")
        return dict(desc) if isinstance(desc, dict) else {}

    @property
    def tags(self) -> list[str]:
        """The contract's tags as text."""
        return [str(t) for t in self.raw.get("tags") or []]

    @property
    def custom_properties(self) -> dict[str, Any]:
        """Top-level ``customProperties`` as a ``{property: value}`` dict."""
        items = self.raw.get("customProperties") or []
        return {str(item["property"]): item.get("value") for item in items
                if isinstance(item, dict) and "property" in item}

    @property
    def inputs(self) -> list[str]:
        """Product ids this product is built from: the ``inputs`` custom property (empty for sources)."""
        value = self.custom_properties.get("inputs") or []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    @property
    def not_executed(self) -> list[str]:
        """Top-level sections kept and shown but not executed by the kit (servers, roles, support…)."""
        executed = {"apiVersion", "kind", "id", "name", "version", "status", "domain", "schema",
                    "slaProperties", "description", "team", "customProperties", "tags"}
        return [key for key in self.raw if key not in executed]

    # -- executed parts
    @property
    def schema_objects(self) -> list[dict]:
        """The raw ``schema[]`` objects (tables)."""
        return [obj for obj in self.raw.get("schema") or [] if isinstance(obj, dict)]

    def object_names(self) -> list[str]:
        """Names of the schema objects, in order."""
        return [str(obj.get("name")) for obj in self.schema_objects]

    def _object_index(self, object_name: str | None) -> int:
        objects = self.schema_objects
        if not objects:
            raise ContractError(f"{self.source}: the contract has no schema objects to check data against",
                                file=self.source, path="schema", expected="at least one schema object",
                                found="none")
        if object_name is None:
            return 0
        for index, obj in enumerate(objects):
            if obj.get("name") == object_name:
                return index
        raise ContractError(f"{self.source}: no schema object named {object_name!r}; "
                            f"choose one of {self.object_names()}", file=self.source, path="schema",
                            expected=f"one of {self.object_names()}", found=repr(object_name))

    def properties(self, object_name: str | None = None) -> list[Property]:
        """The columns of one schema object (the first one by default)."""
        index = self._object_index(object_name)
        obj = self.schema_objects[index]
        out = []
        for j, prop in enumerate(obj.get("properties") or []):
            if not isinstance(prop, dict):
                continue
            out.append(Property(
                name=str(prop.get("name")), logical_type=prop.get("logicalType"),
                required=bool(prop.get("required", False)), unique=bool(prop.get("unique", False)),
                primary_key=bool(prop.get("primaryKey", False)),
                options=dict(prop.get("logicalTypeOptions") or {}), quality=list(prop.get("quality") or []),
                object_name=str(obj.get("name")), path=f"schema[{index}].properties[{j}]",
                description=str(prop.get("description") or ""), raw=prop,
            ))
        return out

    def columns(self, object_name: str | None = None) -> list[str]:
        """Column names of one schema object (the first by default)."""
        return [p.name for p in self.properties(object_name)]

    def quality_rules(self, object_name: str | None = None) -> list[QualityRule]:
        """Every ``quality[]`` entry of one schema object: object-level first, then per property."""
        index = self._object_index(object_name)
        obj = self.schema_objects[index]
        name = str(obj.get("name"))
        rules = [_quality_rule(rule, f"schema[{index}].quality[{k}]", name, None)
                 for k, rule in enumerate(obj.get("quality") or []) if isinstance(rule, dict)]
        for prop in self.properties(object_name):
            rules += [_quality_rule(rule, f"{prop.path}.quality[{k}]", name, prop.name)
                      for k, rule in enumerate(prop.quality) if isinstance(rule, dict)]
        return rules

    @property
    def sla_properties(self) -> list[SlaProperty]:
        """Every ``slaProperties[]`` entry (see :mod:`mesh_lab.sla` for the ones the kit measures)."""
        return [SlaProperty(property=str(item.get("property")), value=item.get("value"), unit=item.get("unit"),
                            element=item.get("element") or self.raw.get("slaDefaultElement"),
                            path=f"slaProperties[{k}]", description=str(item.get("description") or ""),
                            raw=item)
                for k, item in enumerate(self.raw.get("slaProperties") or []) if isinstance(item, dict)]

    # -- display
    def __repr__(self) -> str:
        cols = sum(len(obj.get("properties") or []) for obj in self.schema_objects)
        return (f"<Contract {self.id!r} v{self.version} ({self.status}) domain={self.domain!r} "
                f"owner={self.owner!r} columns={cols} quality={sum(1 for _ in self._all_quality())} "
                f"sla={len(self.sla_properties)}>")

    def _all_quality(self):
        for obj in self.schema_objects:
            yield from obj.get("quality") or []
            for prop in obj.get("properties") or []:
                if isinstance(prop, dict):
                    yield from prop.get("quality") or []

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = []
        for obj in self.schema_objects:
            for prop in self.properties(obj.get("name")) if obj.get("name") is not None else []:
                flags = [f for f, on in (("required", prop.required), ("unique", prop.unique),
                                         ("primary key", prop.primary_key)) if on]
                opts = ", ".join(f"{k}={v}" for k, v in prop.options.items())
                checks = ", ".join(str(q.get("metric") or q.get("type") or "?") for q in prop.quality)
                rows.append(f"<tr><td><code>{esc(prop.name)}</code></td><td>{esc(str(prop.logical_type))}</td>"
                            f"<td>{esc(', '.join(flags))}</td><td>{esc(opts)}</td><td>{esc(checks)}</td>"
                            f"<td>{esc(prop.description)}</td></tr>")
        sla = "".join(f"<li><code>{esc(s.property)}</code> {esc(str(s.value))} {esc(str(s.unit or ''))}"
                      f"{' on ' + esc(str(s.element)) if s.element else ''}</li>" for s in self.sla_properties)
        kept = ", ".join(f"<code>{esc(k)}</code>" for k in self.not_executed) or "nothing else"
        inputs = ", ".join(f"<code>{esc(i)}</code>" for i in self.inputs) or "none (source-aligned)"
        return (
            "<div class='mesh-lab-contract'>"
            f"<h4>📜 {esc(self.product_id)} <small>v{esc(self.version)} · {esc(self.status)} · "
            f"ODCS {esc(self.api_version)}</small></h4>"
            f"<p>{esc(self.description)}</p>"
            f"<p><b>Owner:</b> {esc(self.owner or '—')} · <b>Inputs:</b> {inputs}</p>"
            "<table><thead><tr><th>column</th><th>type</th><th>flags</th><th>options</th><th>quality</th>"
            f"<th>description</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p><b>SLA:</b></p><ul>{sla or '<li>none declared</li>'}</ul>"
            f"<p><small>Kept but not executed by Mesh Lab: {kept}</small></p></div>"
        )


# ---------------------------------------------------------------------------------------------- checking
class _Checker:
    """The kit's own rules about the part of a contract it executes: what it cannot compute as written.

    :func:`check_document` reports these as warnings (the schema alone decides what is an error) and
    leaves out those at a place the schema already rejects."""

    def __init__(self, source: str, lines: dict[tuple, int]):
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []

    def line(self, path: tuple) -> int | None:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)

    def add(self, path: tuple, expected: str, found: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.source, self.line(path), format_path(path), expected, found, severity))

    def expect_type(self, value: Any, types: tuple[type, ...], path: tuple) -> bool:
        ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types) \
            and not (isinstance(value, float) and value != value)
        if not ok:
            wanted = "a number" if set(types) == {int, float} else \
                " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            self.add(path, wanted, _describe(value) + _yaml_hint(value, types))
        return ok

    def mapping_items(self, value: Any, path: tuple) -> list[tuple[int, dict]]:
        if value is None:
            return []
        if not self.expect_type(value, (list,), path):
            return []
        return [(i, item) for i, item in enumerate(value) if self.expect_type(item, (dict,), (*path, i))]

    def unique_names(self, items: list[tuple[int, dict]], path: tuple, what: str) -> None:
        """Two schema objects (or two properties of one object) with one name: the second one is ambiguous."""
        first: dict = {}
        for i, item in items:
            name = item.get("name")
            if not isinstance(name, str):
                continue
            if name in first:
                self.add((*path, i, "name"), f"a {what} name used once (the kit could not tell them apart)",
                         f"{name!r} again (first at {format_path((*path, first[name]))}); rename or merge them")
            first.setdefault(name, i)

    # -- the document
    def document(self, doc: Any) -> None:
        if not isinstance(doc, dict):
            found = _describe(doc)
            if isinstance(doc, str) and self.source.lower().endswith((".csv", ".tsv", ".txt")):
                found += " (this looks like a data file: pass its contract, the *.odcs.yaml next to it)"
            self.add((), "a YAML mapping with apiVersion, kind, id, version and status", found)
            return
        for key in REQUIRED_TOP_LEVEL:
            if key not in doc:
                self.add((key,), f"the required field '{key}'", "nothing (the field is missing)")
        for key in doc:
            if key not in TOP_LEVEL_KEYS:
                self.add((key,), f"a top-level ODCS field (one of {', '.join(TOP_LEVEL_KEYS)})",
                         f"unknown field {key!r}")
        for key in ("apiVersion", "kind", "id", "version", "status", "name", "domain", "tenant"):
            if key in doc:
                self.expect_type(doc[key], (str,), (key,))
        if isinstance(doc.get("apiVersion"), str) and doc["apiVersion"] not in API_VERSIONS:
            self.add(("apiVersion",), f"one of {', '.join(API_VERSIONS)}", repr(doc["apiVersion"]))
        if isinstance(doc.get("kind"), str) and doc["kind"] != "DataContract":
            self.add(("kind",), "'DataContract'", repr(doc["kind"]))
        if "description" in doc:
            self.expect_type(doc["description"], (dict,), ("description",))
        if "team" in doc:
            self.expect_type(doc["team"], (dict, list), ("team",))
        objects = self.mapping_items(doc.get("schema"), ("schema",))
        for i, obj in objects:
            self.schema_object(obj, ("schema", i))
        self.unique_names(objects, ("schema",), "schema object")
        for i, item in self.mapping_items(doc.get("slaProperties"), ("slaProperties",)):
            self.sla_item(item, ("slaProperties", i))
        for i, item in self.mapping_items(doc.get("customProperties"), ("customProperties",)):
            for key in ("property", "value"):
                if key not in item:
                    self.add(("customProperties", i, key), f"the required field '{key}'", "nothing (the field is missing)")
        for key in ("servers", "roles", "tags", "authoritativeDefinitions"):
            if key in doc and doc[key] is not None:
                self.expect_type(doc[key], (list,), (key,))

    def schema_object(self, obj: dict, path: tuple) -> None:
        if "name" not in obj:
            self.add((*path, "name"), "the required field 'name'", "nothing (the field is missing)")
        else:
            self.expect_type(obj["name"], (str,), (*path, "name"))
        props = self.mapping_items(obj.get("properties"), (*path, "properties"))
        for j, prop in props:
            self.schema_property(prop, (*path, "properties", j))
        self.unique_names(props, (*path, "properties"), "property")
        for k, rule in self.mapping_items(obj.get("quality"), (*path, "quality")):
            self.quality(rule, (*path, "quality", k), object_level=True)

    def schema_property(self, prop: dict, path: tuple) -> None:
        if "name" not in prop:
            self.add((*path, "name"), "the required field 'name'", "nothing (the field is missing)")
        else:
            self.expect_type(prop["name"], (str,), (*path, "name"))
        logical = prop.get("logicalType")
        if "logicalType" in prop and self.expect_type(logical, (str,), (*path, "logicalType")) \
                and logical not in LOGICAL_TYPES:
            self.add((*path, "logicalType"), f"a logical type: one of {', '.join(LOGICAL_TYPES)}", repr(logical))
        for flag in ("required", "unique", "primaryKey", "partitioned", "criticalDataElement"):
            if flag in prop:
                self.expect_type(prop[flag], (bool,), (*path, flag))
        if "logicalTypeOptions" in prop and self.expect_type(prop["logicalTypeOptions"], (dict,),
                                                            (*path, "logicalTypeOptions")):
            self.options(prop["logicalTypeOptions"], logical if logical in LOGICAL_TYPES else None,
                         (*path, "logicalTypeOptions"))
        for k, rule in self.mapping_items(prop.get("quality"), (*path, "quality")):
            self.quality(rule, (*path, "quality", k), object_level=False)

    def options(self, options: dict, logical: str | None, path: tuple) -> None:
        if logical is None:
            return
        allowed = OPTION_TYPES[logical]
        for key, value in options.items():
            if key not in allowed:
                self.add((*path, key), f"an option of logicalType {logical} "
                         f"({', '.join(allowed) or 'it has none'})", f"unknown option {key!r}")
            elif self.expect_type(value, allowed[key], (*path, key)):
                self.option_value(key, value, logical, (*path, key))
        low, high = options.get("minimum"), options.get("maximum")
        if logical in ("integer", "number") and _is_number(low) and _is_number(high) and low > high:
            self.add((*path, "maximum"), f"a maximum ≥ the minimum {low}", repr(high))

    def option_value(self, key: str, value: Any, logical: str, path: tuple) -> None:
        if key == "pattern":
            try:
                re.compile(value)
            except re.error as exc:
                self.add(path, "a regular expression", f"{value!r} ({exc})")
        elif key in ("minLength", "maxLength") and value < 0:
            self.add(path, "a length ≥ 0", repr(value))
        elif key == "multipleOf" and not 0 < value < float("inf"):
            self.add(path, "a finite number > 0", repr(value))
        elif logical in ("date", "timestamp") and key in _TIME_OPTIONS:
            if _parse_time(value) is None:
                self.add(path, "an ISO 8601 date or timestamp such as '2024-01-31T00:00:00Z'", repr(value))

    def quality(self, rule: dict, path: tuple, object_level: bool) -> None:
        for key in rule:
            if key not in QUALITY_KEYS:
                if str(key).startswith("must"):
                    self.add((*path, key), f"an operator: one of {', '.join(OPERATORS)}",
                             f"unknown operator {key!r}")
                else:
                    self.add((*path, key), "a field of a quality rule", f"unknown field {key!r}")
        kind = rule.get("type", "library" if ("metric" in rule or "rule" in rule) else None)
        if "type" in rule and self.expect_type(rule["type"], (str,), (*path, "type")) \
                and rule["type"] not in QUALITY_TYPES:
            self.add((*path, "type"), f"one of {', '.join(QUALITY_TYPES)}", repr(rule["type"]))
        if "dimension" in rule and rule["dimension"] not in DIMENSIONS:
            self.add((*path, "dimension"), f"one of {', '.join(DIMENSIONS)}", repr(rule["dimension"]))
        if "severity" in rule:
            self.expect_type(rule["severity"], (str,), (*path, "severity"))
        if kind == "library":
            self.library_rule(rule, path, object_level)
        elif kind == "sql" and "query" not in rule:
            self.add((*path, "query"), "the required field 'query' of an sql rule", "nothing (the field is missing)")
        elif kind == "custom":
            for key in ("engine", "implementation"):
                if key not in rule:
                    self.add((*path, key), f"the required field '{key}' of a custom rule", "nothing (the field is missing)")

    def library_rule(self, rule: dict, path: tuple, object_level: bool) -> None:
        metric = rule.get("metric", rule.get("rule"))
        if metric is None:
            self.add((*path, "metric"), f"a library metric: one of {', '.join(METRICS)}", "nothing (the field is missing)")
        elif metric not in METRICS:
            self.add((*path, "metric"), f"a library metric: one of {', '.join(METRICS)}", repr(metric))
        operators = [op for op in OPERATORS if op in rule]
        if not operators:
            self.add(path, f"one operator ({', '.join(OPERATORS)})", "none")
        elif len(operators) > 1:
            self.add((*path, operators[1]), "exactly one operator per rule", f"{', '.join(operators)}")
        for op in operators:
            self.operator_value(op, rule[op], (*path, op))
        if "arguments" in rule and not self.expect_type(rule["arguments"], (dict,), (*path, "arguments")):
            return
        args = rule.get("arguments") or {}
        if metric == "invalidValues" and not ("validValues" in args or "pattern" in args):
            self.add((*path, "arguments"), "arguments.validValues (a list) or arguments.pattern", "neither")
        if "validValues" in args:
            self.expect_type(args["validValues"], (list,), (*path, "arguments", "validValues"))
        if "missingValues" in args:
            self.expect_type(args["missingValues"], (list,), (*path, "arguments", "missingValues"))
        if "pattern" in args and self.expect_type(args["pattern"], (str,), (*path, "arguments", "pattern")):
            try:
                re.compile(args["pattern"])
            except re.error as exc:
                self.add((*path, "arguments", "pattern"), "a regular expression", f"{args['pattern']!r} ({exc})")
        if metric == "rowCount" and not object_level:
            self.add((*path, "metric"), "rowCount on a schema object, not on a property", "it on a property")
        if metric in ("nullValues", "missingValues", "invalidValues") and object_level:
            self.add((*path, "metric"), f"{metric} on a property (it counts values of one column)",
                     "it on a schema object")
        if metric == "duplicateValues" and object_level:
            props = args.get("properties")
            if not (isinstance(props, list) and props and all(isinstance(p, str) for p in props)):
                self.add((*path, "arguments", "properties"),
                         "a list of column names to check for duplicate combinations", _describe(props))
        if "unit" in rule and rule["unit"] not in ("rows", "percent"):
            self.add((*path, "unit"), "'rows' or 'percent' (the units the kit computes)", repr(rule["unit"]),
                     severity="warning")

    def operator_value(self, op: str, value: Any, path: tuple) -> None:
        if op in ("mustBeBetween", "mustNotBeBetween"):
            if not (isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)):
                self.add(path, "a list of two numbers, smallest first, like [0, 10]", _describe(value))
            elif value[0] >= value[1]:
                self.add(path, "two different numbers, smallest first", repr(value))
        elif op not in ("mustBe", "mustNotBe") and not _is_number(value):
            self.add(path, "a number", _describe(value))
        elif op in ("mustBe", "mustNotBe") and not _is_number(value):
            self.add(path, "a number (the kit compares metric counts)", _describe(value), severity="warning")

    def sla_item(self, item: dict, path: tuple) -> None:
        for key in ("property", "value"):
            if key not in item:
                self.add((*path, key), f"the required field '{key}'", "nothing (the field is missing)")
        if "value" in item and isinstance(item["value"], (list, dict)):
            self.add((*path, "value"), "a text, number or true/false", _describe(item["value"]))
        if "property" in item:
            self.expect_type(item["property"], (str,), (*path, "property"))
        if item.get("property") in TIMED_SLA_PROPERTIES:
            unit = str(item.get("unit", "")).strip().lower()
            if unit not in TIME_UNITS:
                self.add((*path, "unit"), f"a time unit ({', '.join(sorted(set(TIME_UNITS.values())))} "
                         "or their long names)", _describe(item.get("unit")), severity="warning")
            if not _is_number(item.get("value")):
                self.add((*path, "value"), "a number of time units", _describe(item.get("value")),
                         severity="warning")


def _is_number(value: Any) -> bool:
    """An int or float (not a bool, not NaN: ``.nan`` compares false with everything)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def _yaml_hint(value: Any, types: tuple[type, ...]) -> str:
    """Why YAML may have read a value as another type than meant, and how to write it."""
    if isinstance(value, int) and value.bit_length() > 13_000:
        return ""
    if str in types and isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return f" (YAML read it as {'a date' if isinstance(value, datetime.date) else 'a number'}; " \
               f"put it in quotes: '{value}')"
    if str in types and isinstance(value, bool):
        return " (YAML reads yes/no/on/off/true/false as true or false; put it in quotes)"
    if (int in types or float in types) and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return ""
        if number in (float("inf"), float("-inf")):
            return " (and a number this large cannot be checked)"
        if number == number:
            return (f" (YAML 1.1 reads {value} as text: write it with a dot and a signed exponent, "
                    f"like {number:.1e}, or as a plain number)").replace("e+0", "e+").replace("e-0", "e-")
    if isinstance(value, float) and value != value:
        return " (.nan is not a usable number)"
    return ""


def _parse_time(value: Any):
    import pandas as pd

    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    return None if pd.isna(stamp) else stamp


def check_document(document: Any, source: str = "<dict>", lines: Any = None) -> list[Problem]:
    """Every problem in a parsed contract document, errors first by line (no error: the kit can use it).

    The standard, then the kit: errors are what the official ODCS v3.1.0 JSON Schema rejects (every
    field at every depth, worded by :func:`schema_problems`). The kit's own rules only advise: their findings are warnings, and
    one at a place the schema already rejects is left out (the schema's error says it first). A key
    written twice is an error too: YAML forbids it, and a reader silently keeps only one of the two.
    """
    with paused_gc():
        return _check_document(document, source, lines if lines is not None else {})


def _check_document(document: Any, source: str, lines: Any) -> list[Problem]:
    notes = getattr(lines, "notes", None)
    problems = [Problem(source, n.line, format_path(n.path), n.expected, n.found, n.severity) for n in notes or ()]
    if notes is None:
        problems += _non_json_numbers(document, source)
    if not isinstance(document, dict):
        found = _describe(document)
        if isinstance(document, str) and source.lower().endswith((".csv", ".tsv", ".txt")):
            found += " (this looks like a data file: pass its contract, the *.odcs.yaml next to it)"
        return problems + [Problem(source, lines.get(()), "", "a YAML mapping with apiVersion, kind, id, "
                                   "version and status", found)]
    problems += schema_problems(document, source, lines)
    checker = _Checker(source, lines)
    checker.document(document)
    rejected = [p.path for p in problems if p.severity == "error"]
    problems += [replace(p, severity="warning") for p in checker.problems if not _under(p.path, rejected)]
    kept = [p for p in problems if p.severity == "error" or not _under(p.path, rejected)]
    return sorted(dict.fromkeys(kept), key=lambda p: (p.severity != "error", p.line or 0, p.path))


def _under(path: str, places: list[str]) -> bool:
    """True if ``path`` is one of ``places`` or inside one of them."""
    return any(path == place or path.startswith((place + ".", place + "[")) or not place for place in places)


def _non_json_numbers(document: Any, source: str) -> list[Problem]:
    """NaN and infinities in a document built in Python (the YAML reader reports its own)."""
    problems, stack = [], [(document, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(Problem(source, None, format_path(path), "a finite number",
                                    f"{value!r}: JSON has no NaN or infinity, and the kit cannot compare "
                                    "with it", "warning"))
        elif isinstance(value, int) and value.bit_length() > 13_000:
            problems.append(Problem(source, None, format_path(path), "a number of at most 4,000 digits",
                                    _describe(value)))
        elif isinstance(value, dict):
            stack += [(item, (*path, key)) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [(item, (*path, index)) for index, item in enumerate(value)]
    return problems


# ---------------------------------------------------------------------------------------------- the standard
_SCHEMA_TYPES = {"string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
                 "object": "a mapping (key: value lines)", "array": "a list", "null": "null"}
_YAML11_BOOLEANS = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}


def schema_problems(document: Any, source: str, lines: Any) -> list[Problem]:
    """The official ODCS v3.1.0 JSON Schema's verdict on a document, one :class:`Problem` per finding:
    the field path, its line, what the schema expects there and what was found, with "did you mean"
    for a misspelt field or value."""
    from mesh_lab.odcs_schema import schema_errors

    problems: list[Problem] = []
    try:
        errors = schema_errors(document)
    except ValueError:  # jsonschema cannot word a number of over 4,300 digits: _non_json_numbers does
        return []
    for error in errors:
        for path, expected, found in _explain(error):
            problems.append(Problem(source, _line(lines, path), format_path(path), expected, found))
    return list(dict.fromkeys(problems))


def _line(lines: Any, path: tuple) -> int | None:
    while path and lines.get(path) is None:
        path = path[:-1]
    return lines.get(path)


def _explain(error) -> list[tuple[tuple, str, str]]:
    """``(path, expected, found)`` for one jsonschema error (several for several unknown fields)."""
    path, instance, keyword, value = tuple(error.absolute_path), error.instance, error.validator, error.validator_value
    if keyword == "required":
        missing = [name for name in value if isinstance(instance, dict) and name not in instance]
        return [((*path, name), f"the required field '{name}'", "nothing (the field is missing)") for name in missing]
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        return _unknown_fields(error, path)
    if keyword == "type":
        names = [value] if isinstance(value, str) else list(value)
        return [(path, " or ".join(_SCHEMA_TYPES.get(n, n) for n in names), _describe(instance) + _type_hint(instance, names))]
    if keyword in ("enum", "const"):
        allowed = value if keyword == "enum" else [value]
        return [(path, "one of " + ", ".join(map(str, allowed)) if len(allowed) > 1 else repr(allowed[0]),
                 _describe(instance) + _did_you_mean(instance, allowed))]
    if keyword == "format":
        return [(path, f"a {value} as in RFC 3339, such as '2024-05-01T10:00:00Z'", _describe(instance))]
    if keyword == "pattern":
        return [(path, f"text matching the pattern {value}", _describe(instance))]
    if keyword in ("anyOf", "oneOf"):
        return _alternatives(error, path)
    if keyword == "not" and isinstance(value, dict) and list(value) == ["required"]:
        return [((*path, name), f"no field '{name}' here", f"'{name}'") for name in value["required"]]
    bounds = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}
    if keyword in bounds:
        return [(path, f"a number {bounds[keyword]} {value}", _describe(instance))]
    if keyword in ("minItems", "maxItems"):
        return [(path, f"a list of {'at least' if keyword == 'minItems' else 'at most'} {value} item"
                 f"{'s' if value != 1 else ''}", _describe(instance))]
    if keyword == "uniqueItems":
        return [(path, "a list without repeated items", _describe(instance))]
    return [(path, f"what the ODCS schema allows here ({error.message})", _describe(instance))]


def _type_hint(instance: Any, names: list[str]) -> str:
    if "boolean" in names and isinstance(instance, str) and instance.lower() in _YAML11_BOOLEANS:
        word = str(_YAML11_BOOLEANS[instance.lower()]).lower()
        return f": write {word} (YAML 1.2 reads '{instance}' as text)"
    if "string" in names and isinstance(instance, (bool, int, float)):
        text = str(instance).lower() if isinstance(instance, bool) else instance
        return f" (YAML read it as {'true or false' if isinstance(instance, bool) else 'a number'}; " \
               f"put it in quotes: '{text}')"
    return ""


def _did_you_mean(found: Any, choices: list) -> str:
    words = [str(c) for c in choices if isinstance(c, str)]
    close = difflib.get_close_matches(str(found), words, n=1, cutoff=0.6) if isinstance(found, str) else []
    return f": did you mean {close[0]!r}?" if close else ""


def _unknown_fields(error, path: tuple) -> list[tuple[tuple, str, str]]:
    """Each field the schema does not define at this place (the fields it does, but rejected because
    a sibling rule failed, are that rule's error, not unknown)."""
    instance = error.instance
    if not isinstance(instance, dict):
        return []
    known = _field_names(error.schema, instance)
    where = f"at {format_path(path)}" if path else "at the top level"
    out = []
    for name in instance:
        if name not in known:
            out.append(((*path, name), f"a field ODCS v3.1.0 defines {where}",
                        f"unknown field {name!r}{_did_you_mean(name, sorted(known))}"))
    return out


def _field_names(schema: Any, instance: dict, depth: int = 0) -> set[str]:
    """Every property name a schema (with its $ref, allOf, anyOf, oneOf and the then/else that
    apply to ``instance``) defines for an object."""
    from mesh_lab.odcs_schema import fast_validator

    if not isinstance(schema, dict) or depth > 20:
        return set()
    fast = fast_validator()
    names = set(schema.get("properties", {}))
    if "$ref" in schema:
        names |= _field_names(fast._resolve(schema["$ref"]), instance, depth + 1)
    for keyword in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(keyword, []):
            names |= _field_names(sub, instance, depth + 1)
    if "if" in schema:
        branch = "then" if fast.compile(schema["if"])(instance) is not None else "else"
        names |= _field_names(schema.get(branch), instance, depth + 1)
    return names


def _alternatives(error, path: tuple) -> list[tuple[tuple, str, str]]:
    """An anyOf/oneOf. An alternative of another type is the wrong one for this value, so: the types
    if every alternative is of another type; else the error of the closest alternative of the right
    type (deeper first: ``mustBeGreaterThan: many`` is about the operator's value); the fields of
    which one is needed if that is all they say."""
    from jsonschema.exceptions import best_match

    context = list(error.context or [])
    instance = error.instance
    if error.validator == "oneOf" and not context:
        return [(path, "exactly one of the alternatives the schema gives", f"{_describe(instance)}, which "
                 "matches more than one (e.g. two operators in one rule)")]
    right_type = [e for e in context if e.relative_path or e.validator != "type"]
    if context and not right_type:
        names = [n for e in context for n in ([e.validator_value] if isinstance(e.validator_value, str)
                                              else e.validator_value)]
        expected = [_SCHEMA_TYPES.get(n, n) for n in dict.fromkeys(names)]
        return [(path, ", ".join(expected[:-1]) + " or " + expected[-1] if len(expected) > 1 else expected[0],
                 _describe(instance))]
    deeper = [e for e in right_type if e.relative_path]
    if deeper:
        return _explain(best_match(deeper))
    if right_type and all(e.validator == "required" for e in right_type):
        names = list(dict.fromkeys(n for e in right_type for n in e.validator_value))
        if isinstance(instance, dict) and any(_did_you_mean(key, names) for key in instance):
            return []  # a misspelt one (mustBeGreaterThen): its "unknown field" error says it better
        return [(path, "one of the fields " + ", ".join(names), "none of them")]
    if right_type:
        return _explain(best_match(right_type))
    return [(path, f"what the ODCS schema allows here ({error.message})", _describe(instance))]


def _raise_if_errors(problems: list[Problem], source: str) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return
    first = errors[0]
    more = f"\n(and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''}:\n" + \
        "\n".join(f"  {p.message}" for p in errors[1:]) + ")" if len(errors) > 1 else ""
    message = (f"{first.message}{more}\nFix the contract file and load it again; "
               "`python -m mesh_lab lint FILE` lists every problem.")
    raise ContractError(message, file=source, line=first.line, path=first.path, expected=first.expected,
                        found=first.found, problems=errors)


# ---------------------------------------------------------------------------------------------- loading
def contract_from_yaml(text: str, source: str = "<string>", path: str | Path | None = None) -> Contract:
    """Parse ODCS YAML text into a :class:`Contract`; raise :class:`ContractError` if the kit cannot use it."""
    document, lines = parse_yaml(text, source)
    _raise_if_errors(check_document(document, source, lines), source)
    return Contract(document, path=path, source=source, lines=lines)


def load_contract(path: str | Path) -> Contract:
    """Read an ODCS contract file (``*.odcs.yaml``) with a safe YAML loader."""
    if not isinstance(path, (str, Path)):
        raise TypeError(f"load_contract() needs the path of a contract file (text or a Path), got "
                        f"{type(path).__name__}; e.g. load_contract('data/payments/transactions.odcs.yaml')")
    path = Path(path)
    try:
        text = read_utf8(path)
    except FileNotFoundError:
        raise ContractError(f"{path}: no such contract file; check the path (sample contracts live in "
                            "data/<domain>/<name>.odcs.yaml)", file=str(path), expected="an existing file",
                            found="nothing at that path") from None
    except IsADirectoryError:
        raise ContractError(f"{path}: is a folder, not a contract file; name one *.odcs.yaml file in it",
                            file=str(path), expected="a contract file", found="a folder") from None
    except UnicodeDecodeError as exc:
        raise ContractError(f"{path}:{exc.line}: cannot read the contract: {exc.reason}",  # type: ignore
                            file=str(path), line=exc.line, expected="a UTF-8 text file",  # type: ignore
                            found=exc.reason) from None  # type: ignore[attr-defined]
    except OSError as exc:
        raise ContractError(f"{path}: cannot read the contract ({exc})", file=str(path),
                            expected="a readable UTF-8 text file", found=type(exc).__name__) from None
    return contract_from_yaml(text, source=str(path), path=path)


def read_utf8(path: Path, max_bytes: int | None = -1) -> str:
    """A text file's content as UTF-8 (a BOM is fine). A file in another encoding raises
    ``UnicodeDecodeError`` with two more attributes: ``line`` (1-based) and ``reason``, a sentence
    naming the byte and the fix. A file over ``max_bytes`` (-1, the default: ``MAX_CONTRACT_BYTES``
    as it is at the call; ``None``: no cap, for data files) raises :class:`ContractError` unread."""
    path = Path(path)
    max_bytes = MAX_CONTRACT_BYTES if max_bytes == -1 else max_bytes
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes and not path.is_dir():
        limit = max_bytes // 1024 // 1024
        raise ContractError(f"{path}: {size / 1024 / 1024:.0f} MB is far too big for a data contract (they "
                            f"are a few KB; the limit is {limit} MB): is this the data file rather than its "
                            "*.odcs.yaml?", file=str(path), expected=f"a contract file under {limit} MB",
                            found=f"{size:,} bytes")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            exc.line, exc.reason = 1, "the file is UTF-16, not UTF-8; save it again as UTF-8"  # type: ignore
        else:
            exc.line = data[:exc.start].count(b"\n") + 1  # type: ignore[attr-defined]
            exc.reason = (f"byte 0x{data[exc.start]:02x} on line {exc.line} is not UTF-8 (the file was "  # type: ignore
                          "saved in another encoding, e.g. Latin-1 or Windows-1252); save it again as UTF-8")
        raise
