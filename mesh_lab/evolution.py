"""Contract evolution: every change between two versions of a contract, graded by who it breaks.

:func:`diff` compares two ODCS contracts and returns a :class:`ContractDiff`: one :class:`Change` per
difference, each with a level — ``error`` (breaking: a consumer's query or check may fail),
``warning`` (may break, a person should look) or ``info`` (safe) — a rule id, the contract path and
the old and new values. The levels follow datacontract-cli's ODCS breaking-change rules; where the
kit grades differently it says so in ``docs/contract-evolution.md``.

Joined with lineage (:func:`consumers_of`), a breaking change names the downstream products and
their owners. ``python -m mesh_lab diff OLD NEW`` prints it all and exits 1 when a change at or
above ``--fail-on`` is found.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mesh_lab import report
from mesh_lab.contracts import Contract, format_path, load_contract
from mesh_lab.errors import ContractError, MeshLabError

LEVELS = ("error", "warning", "info")
_RANK = {"info": 0, "warning": 1, "error": 2}
BUMP_FOR = {"error": "major", "warning": "minor", "info": "patch"}

#: list key -> the field that identifies an item of that list, so reordering is no change.
IDENTITY = {
    "schema": ("name",), "properties": ("name",), "servers": ("server",), "members": ("username",),
    "roles": ("role",), "support": ("channel",), "customProperties": ("property",),
    "slaProperties": ("property", "element"), "quality": ("id", "name", "metric", "rule"),
    "authoritativeDefinitions": ("url",), "team": ("username",),
}
LOWER_LIMITS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "mustBeGreaterThan",
                "mustBeGreaterOrEqualTo")
UPPER_LIMITS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "mustBeLessThan", "mustBeLessOrEqualTo")
QUALITY_METADATA = ("description", "dimension", "businessImpact", "severity", "name", "tags")
#: SLA properties whose promise gets weaker as the value grows (retention: as it shrinks).
SLA_LOWER_IS_STRONGER = ("latency", "freshness", "frequency", "timeOfAvailability")


@dataclass(frozen=True)
class Change:
    """One difference between two contracts: ``level``, ``rule``, ``path``, ``old``, ``new`` and why."""

    level: str
    rule: str
    path: str
    old: Any
    new: Any
    message: str

    def line(self) -> str:
        """``LEVEL rule-id path: old → new``."""
        return f"{self.level.upper():<7} {self.rule} {self.path}: {_show(self.old)} → {_show(self.new)}"


@dataclass
class ContractDiff:
    """Every change between ``old`` and ``new``, with the version bump they require."""

    product_id: str
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)
    consumers: list[dict] = field(default_factory=list)

    @property
    def highest(self) -> str | None:
        """The most severe level among the changes (None when nothing changed)."""
        return max((c.level for c in self.changes), key=_RANK.__getitem__, default=None)

    @property
    def breaking(self) -> list[Change]:
        """The changes graded ``error``."""
        return [c for c in self.changes if c.level == "error"]

    @property
    def required_bump(self) -> str | None:
        """``major`` for a breaking change, ``minor`` for a warning, ``patch`` for info, None when equal."""
        return BUMP_FOR[self.highest] if self.highest else None

    @property
    def suggested_version(self) -> str | None:
        """The old version bumped as the changes require (``1.2.0`` → ``2.0.0`` for a breaking change)."""
        parts = _semver(self.old_version)
        if parts is None or self.required_bump is None:
            return None
        major, minor, patch = parts
        if self.required_bump == "major":
            return f"{major + 1}.0.0"
        if self.required_bump == "minor":
            return f"{major}.{minor + 1}.0"
        return f"{major}.{minor}.{patch + 1}"

    @property
    def version_ok(self) -> bool | None:
        """Whether the new version is bumped at least as the changes require (None: not semantic versions)."""
        old, new = _semver(self.old_version), _semver(self.new_version)
        if old is None or new is None:
            return None
        if self.required_bump is None:
            return True
        needed = _semver(self.suggested_version or "")
        return new >= needed if needed else None

    def at_or_above(self, level: str) -> list[Change]:
        """The changes at ``level`` or more severe."""
        return [c for c in self.changes if _RANK[c.level] >= _RANK[level]]

    def to_dict(self) -> dict:
        """A JSON-ready dict: product, versions, ``changes`` (level, rule, path, old, new, message),
        the consumers the breaking changes reach, and the version bump."""
        return {
            "product": self.product_id, "old_version": self.old_version, "new_version": self.new_version,
            "changes": [_jsonable(asdict(c)) for c in self.changes],
            "consumers": self.consumers, "required_bump": self.required_bump,
            "suggested_version": self.suggested_version, "version_ok": self.version_ok,
        }

    def to_frame(self):
        """The changes as a pandas DataFrame (level, rule, path, old, new, message)."""
        import pandas as pd

        return pd.DataFrame([asdict(c) for c in self.changes], columns=["level", "rule", "path", "old", "new",
                                                                        "message"])

    def headline(self) -> str:
        """One line: how many changes, how many break consumers, and the bump they need."""
        if not self.changes:
            return f"{self.product_id}: no changes between {self.old_version} and {self.new_version}."
        counts = ", ".join(f"{n} {level}" for level in LEVELS
                           if (n := sum(c.level == level for c in self.changes)))
        return (f"{self.product_id} {self.old_version} → {self.new_version}: {len(self.changes)} change"
                f"{'s' if len(self.changes) != 1 else ''} ({counts}); needs a {self.required_bump} version bump")

    def version_line(self) -> str:
        """What the new version should be, and whether it is."""
        if self.required_bump is None:
            return "version: nothing changed, no bump needed"
        verdict = {True: "ok", False: "NOT ENOUGH", None: "not semantic versions, cannot check"}[self.version_ok]
        return (f"version: {self.old_version} → {self.new_version} ({verdict}); a {self.required_bump} bump "
                f"makes it {self.suggested_version}")

    def consumer_lines(self) -> list[str]:
        """One line per downstream consumer the breaking changes reach."""
        if not self.breaking:
            return []
        if not self.consumers:
            return ["consumers: none known downstream (no product in the mesh reads this one)"]
        return [f"breaks {c['product']} (owner: {c['owner']})" for c in self.consumers]

    def __repr__(self) -> str:
        return "\n".join([self.headline(), *(c.line() for c in self.changes), *self.consumer_lines(),
                          self.version_line()])

    def _repr_html_(self) -> str:
        status = {"error": "fail", "warning": "warn", "info": "pass", None: "pass"}[self.highest]
        rows = [(report.status_html({"error": "fail", "warning": "warn", "info": "info"}[c.level], c.level),
                 c.rule, c.path, _show(c.old), _show(c.new), c.message) for c in self.changes]
        table = report.table_html(["level", "rule", "path", "old", "new", "why"], rows, html_columns=["level"])
        extra = " · ".join([*self.consumer_lines(), self.version_line()])
        return f"<div>{report.verdict_html(status, self.headline(), extra)}{table if rows else ''}</div>"


# --------------------------------------------------------------------------------------------------
# Walking two documents
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Difference:
    kind: str          # added | removed | updated
    path: tuple        # the path in the document that has the value (new for added/updated, old for removed)
    keys: tuple        # the field names along the path, indexes dropped: ("schema", "properties", "required")
    old: Any
    new: Any


def _identity(list_key: str, item: Any, index: int) -> Any:
    if not isinstance(item, dict):
        return None
    for key in IDENTITY.get(list_key, ()):
        if key in item and item[key] not in (None, ""):
            fields = IDENTITY[list_key]
            if list_key == "slaProperties":
                return tuple(item.get(f) for f in fields)
            return (key, item[key])
    return ("#", index)


def _walk(old: Any, new: Any, old_path: tuple, new_path: tuple, keys: tuple) -> Iterator[_Difference]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if key not in new:
                if isinstance(old[key], dict) and old[key]:  # each option of a removed block counts
                    yield from _walk(old[key], {}, old_path + (key,), new_path + (key,), keys + (key,))
                else:
                    yield _Difference("removed", old_path + (key,), keys + (key,), old[key], None)
        for key in new:
            if key not in old:
                if isinstance(new[key], dict) and new[key]:  # e.g. new logicalTypeOptions: each is a limit
                    yield from _walk({}, new[key], old_path + (key,), new_path + (key,), keys + (key,))
                else:
                    yield _Difference("added", new_path + (key,), keys + (key,), None, new[key])
            else:
                yield from _walk(old[key], new[key], old_path + (key,), new_path + (key,), keys + (key,))
    elif isinstance(old, list) and isinstance(new, list):
        yield from _walk_list(old, new, old_path, new_path, keys)
    elif not _same(old, new):
        yield _Difference("updated", new_path, keys, old, new)


def _walk_list(old: list, new: list, old_path: tuple, new_path: tuple, keys: tuple) -> Iterator[_Difference]:
    list_key = keys[-1] if keys else ""
    if all(not isinstance(v, (dict, list)) for v in [*old, *new]):  # a set of values: tags, validValues
        for value in old:
            if not any(_same(value, v) for v in new):
                yield _Difference("removed", old_path, keys, value, None)
        for value in new:
            if not any(_same(value, v) for v in old):
                yield _Difference("added", new_path, keys, None, value)
        return
    old_items = {_identity(list_key, item, i): (i, item) for i, item in enumerate(old)}
    new_items = {_identity(list_key, item, i): (i, item) for i, item in enumerate(new)}
    for ident, (i, item) in old_items.items():
        if ident not in new_items:
            yield _Difference("removed", old_path + (i,), keys, item, None)
    for ident, (j, item) in new_items.items():
        if ident not in old_items:
            yield _Difference("added", new_path + (j,), keys, None, item)
        else:
            i, before = old_items[ident]
            yield from _walk(before, item, old_path + (i,), new_path + (j,), keys)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b or (_number(a) is not None and _number(a) == _number(b)
                                               and not isinstance(a, bool) and not isinstance(b, bool))


# --------------------------------------------------------------------------------------------------
# Grading: one rule per kind of change
# --------------------------------------------------------------------------------------------------


def _grade(d: _Difference, samples: dict[str, list] | None) -> tuple[str, str, str]:
    """(level, rule id, why) for one difference."""
    keys, last = d.keys, (d.keys[-1] if d.keys else "")
    in_quality = "quality" in keys
    if keys == ("schema",) and d.kind != "updated":
        return _added_removed(d, "schema-removed", "schema-added",
                              "consumers read this table", "a new table breaks no one")
    if keys and keys[0] == "schema" and last == "properties" and d.kind != "updated":
        return _added_removed(d, "field-removed", "field-added",
                              "queries that select this column fail", "a new column breaks no one")
    if in_quality:
        return _grade_quality(d, keys)
    if keys and keys[0] == "slaProperties":
        return _grade_sla(d, keys)
    if last == "required":
        return _grade_flag(d, "required-changed", "rows without a value now fail the contract",
                           "a value is no longer promised: consumers must handle nulls")
    if last in ("logicalType", "physicalType"):
        level = {"updated": "error", "added": "info", "removed": "warning"}[d.kind]
        why = {"error": "code that reads the old type breaks", "info": "a type is now stated",
               "warning": "the type is no longer stated"}[level]
        return level, "type-changed", why
    if last == "unique":
        return _grade_flag(d, "unique-constraint-changed", "existing duplicates now fail the contract",
                           "duplicates are allowed again: joins on this column may multiply rows")
    if last in ("primaryKey", "primaryKeyPosition"):
        return "warning", "key-constraint-changed", "the key consumers join on changed"
    if last in LOWER_LIMITS or last in UPPER_LIMITS:
        return _grade_limit(d, last, "validation-constraint-changed")
    if last == "pattern":
        return _grade_pattern(d, samples)
    if last == "validValues" or last == "enum":
        return _grade_values(d, removed_breaks=True)
    return "info", "metadata-changed", "documentation and metadata do not change what the data look like"


def _added_removed(d: _Difference, removed_rule: str, added_rule: str, why_removed: str, why_added: str):
    if d.kind == "removed":
        return "error", removed_rule, why_removed
    return "info", added_rule, why_added


def _grade_flag(d: _Difference, rule: str, why_tighter: str, why_looser: str):
    old, new = _flag(d.old), _flag(d.new)
    if new and not old:
        return "error", rule, why_tighter
    if old and not new:
        return "info", rule, why_looser
    return "info", rule, "written out, same meaning"


def _grade_limit(d: _Difference, last: str, rule: str):
    if d.kind == "removed":
        return "info", rule, "a limit was removed: the contract is looser"
    if d.kind == "added":
        return "error", rule, "a new limit: existing values may now fail"
    old, new = _number(d.old), _number(d.new)
    if old is None or new is None:
        return "warning", rule, "the limit changed in a way the kit cannot order"
    tighter = new > old if last in LOWER_LIMITS else new < old
    if tighter:
        return "error", rule, "a tighter limit: values that passed before may now fail"
    return "info", rule, "a looser limit: everything that passed still passes"


def _grade_pattern(d: _Difference, samples: dict[str, list] | None):
    rule = "validation-constraint-changed"
    if d.kind == "removed":
        return "info", rule, "the pattern was removed: the contract is looser"
    if d.kind == "added":
        return "error", rule, "a new pattern: existing values may now fail"
    values = _sample_values(samples)
    if not values:
        return "warning", rule, ("the pattern changed; with no example values the kit cannot tell "
                                 "a stricter pattern from a looser one")
    try:
        old, new = re.compile(str(d.old)), re.compile(str(d.new))
    except re.error:
        return "warning", rule, "the pattern changed and one of them is not a valid regular expression"
    lost = [v for v in values if old.search(v) and not new.search(v)]
    if lost:
        return "error", rule, f"stricter: {lost[0]!r} matched the old pattern but not the new one"
    return "info", rule, f"looser on every one of {len(values)} example value(s)"


def _grade_values(d: _Difference, removed_breaks: bool):
    if (d.kind == "removed") == removed_breaks:
        return "error", "allowed-value-removed", f"rows holding {d.old!r} now fail the contract"
    return "info", "allowed-value-added", "consumers that switch on every value may want to handle the new one"


def _grade_quality(d: _Difference, keys: tuple):
    rule, last = "quality-constraint-changed", keys[-1]
    if last == "quality" and d.kind != "updated":
        if d.kind == "added":
            return "error", "quality-rule-added", "a new rule: existing data may not satisfy it"
        return "info", "quality-rule-removed", "a rule fewer: the contract is looser"
    if last == "validValues":
        return _grade_values(d, removed_breaks=True)
    if last == "invalidValues":
        return _grade_values(d, removed_breaks=False)
    if last in LOWER_LIMITS or last in UPPER_LIMITS:
        return _grade_limit(d, last, rule)
    if last in QUALITY_METADATA:
        return "info", rule, "the rule's description changed, not what it checks"
    return "warning", rule, "what the rule checks changed"


def _grade_sla(d: _Difference, keys: tuple):
    rule = "sla-changed"
    if keys[-1] == "slaProperties" and d.kind != "updated":
        if d.kind == "removed":
            return "warning", "sla-removed", "consumers lose a promise they may plan around"
        return "info", "sla-added", "a new promise to consumers"
    if keys[-1] != "value":
        return "warning" if keys[-1] in ("unit", "property", "element") else "info", rule, "the SLA's terms changed"
    old, new = _number(d.old), _number(d.new)
    if old is None or new is None:
        return "warning", rule, "the SLA value changed in a way the kit cannot order"
    return ("info", rule, "a stronger promise") if new < old else ("warning", rule, "a weaker promise: consumers "
                                                                  "that plan on the old one may break")


# --------------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------------


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return float(value.toordinal())
    try:
        return float(str(value).strip())
    except ValueError:
        try:
            return float(datetime.date.fromisoformat(str(value).strip()[:10]).toordinal())
        except ValueError:
            return None


def _semver(version: str) -> tuple[int, int, int] | None:
    found = re.fullmatch(r"v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?", str(version).strip())
    return tuple(int(p) for p in found.groups()) if found else None  # type: ignore[return-value]


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):  # a whole column, table or rule: its name says more than its body
        for key in ("name", "property", "server", "id", "metric"):
            if value.get(key):
                return f"{value[key]} {{…}}"
    text = json.dumps(_jsonable(value), ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _sample_values(samples: dict[str, list] | None) -> list[str]:
    if not samples:
        return []
    return [str(v) for values in samples.values() for v in values if v is not None]


def _examples_for(document: dict, path: tuple) -> list:
    """The ``examples`` of the property that holds ``path`` (a pattern's own column), if any."""
    node: Any = document
    holder = None
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "examples" in node:
            holder = node
    return list(holder.get("examples") or []) if holder else []


# --------------------------------------------------------------------------------------------------
# The public API
# --------------------------------------------------------------------------------------------------


def _as_contract(value: Contract | str | Path | dict, label: str) -> Contract:
    if isinstance(value, Contract):
        return value
    if isinstance(value, dict):
        return Contract.from_dict(value, source=f"<{label} contract>")
    if isinstance(value, (str, Path)):
        return load_contract(value)
    raise TypeError(f"diff() takes contracts (Contract, a path or a dict); the {label} one is {type(value).__name__}")


def diff(old: Contract | str | Path | dict, new: Contract | str | Path | dict, *,
         samples: dict[str, Iterable] | None = None, catalog=None) -> ContractDiff:
    """Every change from ``old`` to ``new``, graded.

    ``samples`` (column → values, e.g. the product's data) lets the kit tell a stricter pattern from a
    looser one; without it each property's ``examples`` are used. With ``catalog`` (a
    :class:`mesh_lab.mesh.Catalog`), breaking changes name the downstream products and their owners.
    """
    before, after = _as_contract(old, "old"), _as_contract(new, "new")
    changes = []
    for difference in _walk(before.raw, after.raw, (), (), ()):
        own = {str(k): list(v) for k, v in (samples or {}).items()}
        if difference.keys and difference.keys[-1] == "pattern" and not own:
            examples = _examples_for(before.raw, difference.path) + _examples_for(after.raw, difference.path)
            own = {"examples": examples} if examples else {}
        level, rule, why = _grade(difference, own)
        changes.append(Change(level, rule, format_path(difference.path), difference.old, difference.new, why))
    changes.sort(key=lambda c: (-_RANK[c.level], c.path))
    result = ContractDiff(after.id or before.id, before.version, after.version, changes)
    if catalog is not None and result.breaking:
        result.consumers = consumers_of(result.product_id, catalog)
    return result


def consumers_of(product_id: str, catalog) -> list[dict]:
    """The products downstream of ``product_id`` in ``catalog`` (as far as lineage reaches), with owners."""
    if product_id not in catalog:
        return []
    return [{"product": pid, "owner": catalog.get(pid).owner, "direct": pid in catalog.downstream(product_id,
                                                                                                  direct=True)}
            for pid in catalog.downstream(product_id)]


# --------------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab diff OLD NEW [--json] [--fail-on error|warning|never]``."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab diff",
                                     description="Grade every change between two ODCS contracts.")
    parser.add_argument("old", help="the contract as consumers know it (.odcs.yaml)")
    parser.add_argument("new", help="the contract you want to publish (.odcs.yaml)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    parser.add_argument("--fail-on", choices=["error", "warning", "never"], default="error",
                        help="exit 1 when a change at this level or above is found (default: error)")
    args = parser.parse_args(argv)
    try:
        old, new = load_contract(args.old), load_contract(args.new)
    except ContractError as exc:
        print(f"mesh_lab diff: {exc}", file=sys.stderr)
        return 2
    try:
        from mesh_lab.mesh import sample_mesh

        catalog = sample_mesh()
    except MeshLabError:
        catalog = None
    result = diff(old, new, catalog=catalog)
    if args.json:
        print(json.dumps(result.to_dict(), indent=1, ensure_ascii=False))
    else:
        print(repr(result))
    if args.fail_on == "never":
        return 0
    return 1 if result.at_or_above(args.fail_on) else 0
