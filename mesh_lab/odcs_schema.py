"""Check a contract against the official ODCS v3.1.0 JSON Schema, as the standard's own tooling does.

The schema ships inside the package (``mesh_lab/schemas/``, Apache-2.0, unchanged). Two engines work
together, so that a valid 5 MB contract is checked in a fraction of a second and every error is the
one the reference implementation reports:

* :class:`FastSchema` compiles the schema once into plain Python closures that only answer "valid or
  not" (the keywords ODCS uses: type, enum, const, properties, required, additionalProperties,
  unevaluatedProperties, $ref, allOf, anyOf, oneOf, not, if/then/else, items, min/maxItems,
  uniqueItems, minimum, exclusiveMinimum…, pattern, and the ``date-time`` format);
* :mod:`jsonschema` (the validator class the schema's ``$schema`` names, Draft 2019-09) explains the
  errors. Its ``$ref`` asks the fast engine first and descends only into the parts that fail, so a
  single misspelt key in a contract of 10,000 columns costs one column's worth of jsonschema.

:func:`schema_errors` returns jsonschema's errors; :mod:`mesh_lab.contracts` words them.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

SCHEMA_FILE = "odcs-json-schema-v3.1.0.json"
_EMPTY: frozenset = frozenset()
Check = Callable[[Any], Any]  # returns None when invalid, else the property names it evaluated

_ANNOTATIONS = {"description", "title", "examples", "default", "deprecated", "$schema", "$defs", "$comment",
                "readOnly", "writeOnly", "$id", "$anchor"}


@functools.lru_cache(maxsize=1)
def odcs_schema() -> dict:
    """The ODCS v3.1.0 JSON Schema shipped with the kit (read once)."""
    text = resources.files("mesh_lab").joinpath("schemas", SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


# ---------------------------------------------------------------------------------------------- formats
_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))\Z")


def is_date_time(value: Any) -> bool:
    """RFC 3339 ``date-time`` (what JSON Schema's format means): ``2024-05-01T10:00:00Z`` or with an
    offset such as ``+02:00``. Anything that is not text passes (format only constrains text)."""
    if not isinstance(value, str):
        return True
    match = _DATE_TIME.match(value)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    if match.group(7) and (int(match.group(8)) > 23 or int(match.group(9)) > 59):
        return False
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))  # 60: a leap second
    except ValueError:
        return False
    return second <= 60


_FORMATS: dict[str, Callable[[Any], bool]] = {"date-time": is_date_time}


# ---------------------------------------------------------------------------------------------- JSON values
def json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON Schema means it: ``1 == 1.0`` but ``true != 1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda x: type(x) is str or isinstance(x, str),
    "number": _is_number,
    "integer": lambda x: (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer()),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "array": lambda x: isinstance(x, list),
    "object": lambda x: isinstance(x, dict),
}


# ---------------------------------------------------------------------------------------------- the fast engine
class FastSchema:
    """The schema compiled into closures that say "valid" (the property names evaluated, for
    ``unevaluatedProperties``) or ``None`` for "invalid". Exact for the keywords ODCS uses; any other
    keyword is refused when compiling, so a new schema cannot be half-understood silently."""

    def __init__(self, schema: dict):
        self.root_schema = schema
        self._refs: dict[str, list] = {}
        self._compiled: dict[int, Check] = {}
        self.root = self.compile(schema)

    def is_valid(self, instance: Any) -> bool:
        """True if the whole document is valid."""
        return self.root(instance) is not None

    def _one_required_property(self, name: str, properties: dict) -> Check:
        """``{properties: {name: S}, required: [name]}``: each operator of a quality rule, and the
        conditions that pick a rule's type, have this shape (the commonest check, made direct)."""
        check, names = self.compile(properties[name]), frozenset([name])

        def run(x: Any) -> Any:
            if not isinstance(x, dict):
                return _EMPTY
            if name not in x:
                return None
            return names if check(x[name]) is not None else None
        return run

    def ref(self, pointer: str) -> Check:
        """The check of a ``$ref`` such as ``#/$defs/SchemaProperty`` (compiled on first use)."""
        if pointer not in self._refs:
            cell: list = []
            self._refs[pointer] = cell
            cell.append(self.compile(self._resolve(pointer)))
        cell = self._refs[pointer]
        return cell[0] if cell else (lambda instance: cell[0](instance))

    def _resolve(self, pointer: str) -> Any:
        if not pointer.startswith("#"):
            raise ValueError(f"only local $ref are supported, not {pointer!r}")
        node: Any = self.root_schema
        for part in filter(None, pointer[1:].split("/")):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def compile(self, schema: Any) -> Check:
        """One schema (a mapping or true/false) as a check."""
        if schema is True:
            return lambda instance: _EMPTY
        if schema is False:
            return lambda instance: None
        key = id(schema)
        if key not in self._compiled:
            self._compiled[key] = self._compile(schema)
        return self._compiled[key]

    def _compile(self, schema: dict) -> Check:
        keywords = set(schema) - _ANNOTATIONS
        if keywords == {"properties", "required"} and list(schema["properties"]) == schema["required"] == \
                schema["required"][:1]:
            return self._one_required_property(schema["required"][0], schema["properties"])
        checks: list[Check] = []
        unknown = set(schema) - _ANNOTATIONS - set(_KEYWORDS) - {"then", "else", "unevaluatedProperties"}
        if unknown:
            raise ValueError(f"FastSchema does not know the keywords {sorted(unknown)}")
        for keyword, build in _KEYWORDS.items():
            if keyword in schema:
                check = build(self, schema[keyword], schema)
                if check is not None:
                    checks.append(check)
        unevaluated = schema.get("unevaluatedProperties")
        if unevaluated is None and len(checks) <= 1:
            return checks[0] if checks else (lambda instance: _EMPTY)
        rest = None if unevaluated is None else self.compile(unevaluated)

        def run(instance: Any) -> Any:
            evaluated: Any = _EMPTY
            for check in checks:
                found = check(instance)
                if found is None:
                    return None
                if found:
                    evaluated = found if not evaluated else evaluated | found
            if rest is not None and isinstance(instance, dict):
                for name in instance.keys() - evaluated:
                    if rest(instance[name]) is None:
                        return None
                return instance.keys()
            return evaluated
        return run


def _type(compiler: FastSchema, value: Any, schema: dict) -> Check:
    tests = [_TYPES[name] for name in ([value] if isinstance(value, str) else value)]
    if len(tests) == 1:
        test = tests[0]
        return lambda x: _EMPTY if test(x) else None
    return lambda x: _EMPTY if any(t(x) for t in tests) else None


def _enum(compiler: FastSchema, values: list, schema: dict) -> Check:
    if all(isinstance(v, str) for v in values):
        allowed = frozenset(values)
        return lambda x: _EMPTY if isinstance(x, str) and x in allowed else None
    return lambda x: _EMPTY if any(json_equal(x, v) for v in values) else None


def _const(compiler: FastSchema, value: Any, schema: dict) -> Check:
    if isinstance(value, str):
        return lambda x: _EMPTY if x == value and isinstance(x, str) else None
    return lambda x: _EMPTY if json_equal(x, value) else None


def _properties(compiler: FastSchema, properties: dict, schema: dict) -> Check:
    checks = {name: compiler.compile(sub) for name, sub in properties.items()}
    names = frozenset(checks)
    if len(checks) == 1:  # e.g. the `if` of each logicalType: {properties: {logicalType: {const: …}}}
        ((only, check),) = checks.items()

        def run_one(x: Any) -> Any:
            if not isinstance(x, dict) or only not in x:
                return _EMPTY
            return names if check(x[only]) is not None else None
        return run_one

    def run(x: Any) -> Any:
        if not isinstance(x, dict):
            return _EMPTY
        for name, value in x.items():
            check = checks.get(name)
            if check is not None and check(value) is None:
                return None
        return x.keys() & names
    return run


def _additional(compiler: FastSchema, additional: Any, schema: dict) -> Check:
    known = frozenset(schema.get("properties", {}))
    if "patternProperties" in schema:
        raise ValueError("patternProperties is not supported")
    check = compiler.compile(additional)

    def run(x: Any) -> Any:
        if not isinstance(x, dict):
            return _EMPTY
        extra = x.keys() - known
        for name in extra:
            if check(x[name]) is None:
                return None
        return extra
    return run


def _required(compiler: FastSchema, names: list, schema: dict) -> Check:
    wanted = frozenset(names)
    return lambda x: None if isinstance(x, dict) and not wanted <= x.keys() else _EMPTY


def _ref(compiler: FastSchema, pointer: str, schema: dict) -> Check:
    cell: list = []

    def run(x: Any) -> Any:
        if not cell:
            cell.append(compiler.ref(pointer))
        return cell[0](x)
    return run


def _all_of(compiler: FastSchema, subschemas: list, schema: dict) -> Check:
    checks = [compiler.compile(s) for s in subschemas]

    def run(x: Any) -> Any:
        evaluated: Any = _EMPTY
        for check in checks:
            found = check(x)
            if found is None:
                return None
            if found:
                evaluated = evaluated | found
        return evaluated
    return run


def _any_of(compiler: FastSchema, subschemas: list, schema: dict) -> Check:
    checks = [compiler.compile(s) for s in subschemas]

    def run(x: Any) -> Any:
        valid = [found for found in (check(x) for check in checks) if found is not None]
        if not valid:
            return None
        return frozenset().union(*valid)
    return run


def _one_of(compiler: FastSchema, subschemas: list, schema: dict) -> Check:
    checks = [compiler.compile(s) for s in subschemas]

    def run(x: Any) -> Any:
        valid = [found for found in (check(x) for check in checks) if found is not None]
        return valid[0] if len(valid) == 1 else None
    return run


def _not(compiler: FastSchema, subschema: Any, schema: dict) -> Check:
    check = compiler.compile(subschema)
    return lambda x: None if check(x) is not None else _EMPTY


def _if(compiler: FastSchema, condition: Any, schema: dict) -> Check:
    test = compiler.compile(condition)
    then = compiler.compile(schema.get("then", True))
    otherwise = compiler.compile(schema.get("else", True))

    def run(x: Any) -> Any:
        found = test(x)
        if found is not None:
            more = then(x)
            return None if more is None else (found | more if more else found)
        return otherwise(x)
    return run


def _items(compiler: FastSchema, items: Any, schema: dict) -> Check:
    if isinstance(items, list):
        raise ValueError("items as a list is not supported")
    check = compiler.compile(items)

    def run(x: Any) -> Any:
        if isinstance(x, list):
            for item in x:
                if check(item) is None:
                    return None
        return _EMPTY
    return run


def _on(kind: type | tuple, test: Callable[[Any], bool]) -> Check:
    def run(x: Any) -> Any:
        if isinstance(x, kind) and not isinstance(x, bool) and not test(x):
            return None
        return _EMPTY
    return run


def _unique(compiler: FastSchema, value: bool, schema: dict) -> Check | None:
    if not value:
        return None

    def distinct(items: list) -> bool:
        return not any(json_equal(a, b) for i, a in enumerate(items) for b in items[i + 1:])
    return _on(list, distinct)


def _pattern(compiler: FastSchema, pattern: str, schema: dict) -> Check:
    regex = re.compile(pattern)
    return _on(str, lambda s: regex.search(s) is not None)


def _format(compiler: FastSchema, name: str, schema: dict) -> Check | None:
    test = _FORMATS.get(name)
    return None if test is None else (lambda x: _EMPTY if test(x) else None)


_NUMBER = (int, float)
_KEYWORDS: dict[str, Callable[[FastSchema, Any, dict], Check | None]] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional,
    "$ref": _ref,
    "allOf": _all_of,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "not": _not,
    "if": _if,
    "items": _items,
    "minItems": lambda c, n, s: _on(list, lambda x: len(x) >= n),
    "maxItems": lambda c, n, s: _on(list, lambda x: len(x) <= n),
    "uniqueItems": _unique,
    "minLength": lambda c, n, s: _on(str, lambda x: len(x) >= n),
    "maxLength": lambda c, n, s: _on(str, lambda x: len(x) <= n),
    "minimum": lambda c, n, s: _on(_NUMBER, lambda x: x >= n),
    "maximum": lambda c, n, s: _on(_NUMBER, lambda x: x <= n),
    "exclusiveMinimum": lambda c, n, s: _on(_NUMBER, lambda x: x > n),
    "exclusiveMaximum": lambda c, n, s: _on(_NUMBER, lambda x: x < n),
    "multipleOf": lambda c, n, s: _on(_NUMBER, lambda x: math.isfinite(x / n) and (x / n).is_integer()),
    "pattern": _pattern,
    "format": _format,
}


# ---------------------------------------------------------------------------------------------- jsonschema
@functools.lru_cache(maxsize=1)
def fast_validator() -> FastSchema:
    """The fast engine for the shipped schema, built once (no jsonschema import: a valid contract,
    the usual case, never pays for it)."""
    return FastSchema(odcs_schema())


@functools.lru_cache(maxsize=1)
def explainer() -> Any:
    """A jsonschema validator that words what is wrong, built once and only for an invalid document.

    The class is the one the schema's ``$schema`` names (Draft 2019-09), with format checking for
    ``date-time``, and a ``$ref`` that skips whatever the fast engine finds valid.
    """
    from jsonschema import FormatChecker
    from jsonschema import validators as jsonschema_validators

    schema = odcs_schema()
    fast = fast_validator()
    base = jsonschema_validators.validator_for(schema)
    full_ref = base.VALIDATORS["$ref"]

    def ref(validator, pointer, instance, subschema):
        if fast.ref(pointer)(instance) is not None:
            return
        yield from full_ref(validator, pointer, instance, subschema)

    explained = jsonschema_validators.extend(base, {"$ref": ref})
    formats = FormatChecker(formats=())
    for name, test in _FORMATS.items():
        formats.checks(name)(test)
    return explained(schema, format_checker=formats)


def validators() -> tuple[FastSchema, Any]:
    """``(fast engine, jsonschema validator)`` for the shipped schema."""
    return fast_validator(), explainer()


def schema_errors(document: Any) -> list:
    """jsonschema's ``ValidationError`` list for a document (empty: valid ODCS v3.1.0)."""
    if fast_validator().is_valid(document):
        return []
    return list(explainer().iter_errors(document))
