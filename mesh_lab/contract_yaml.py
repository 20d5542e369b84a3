"""Read and write contract YAML the way the standard's tools read it: the YAML 1.2 core schema.

ODCS is a JSON Schema, and the tools built on it (JSON Schema validators, YAML 1.2 readers in Java,
JavaScript, Go…) read ``NO``, ``off``, ``yes`` and ``2026-01-01`` as text, while PyYAML's YAML 1.1
reading turns them into ``False``, ``False``, ``True`` and a date. Here:

* plain values are read with the YAML 1.2 core schema: only ``true``/``false`` are booleans, only
  ``null``/``~``/nothing is null, numbers are 1.2 numbers (``1e3`` too), everything else is text kept
  as written (Norway stays ``'NO'``);
* a plain value that a YAML 1.1 reader (PyYAML) would read otherwise is reported as a warning that
  says how to write it so that every reader agrees ("quote it: 'NO'"); ``y``/``n`` are left alone
  (PyYAML keeps them text, and ODCS's own examples write ``unit: y``), but :func:`dump_yaml` quotes them;
* the document is composed by libyaml when it is there (``yaml.cyaml.CParser``) and built in one pass
  that also records the line of every field path, finds repeated keys, refuses a list or a mapping used as
  a key, and expands aliases under a budget (an "alias bomb" stops with a located error, at once);
* :func:`dump_yaml` quotes every text that either reading would take for something else, so what it
  writes reads back to the same values under YAML 1.1, YAML 1.2 and JSON-minded tools.

:func:`read_yaml` raises :class:`UnreadableYaml` (line, field path, what was expected and what was
found) for every document it cannot read: never a traceback from inside PyYAML, never a hang.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import math
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

#: how many values aliases (``*name``) may add to a document by repeating what they point at
MAX_ALIAS_EXPANSION = 100_000

_PLAIN = "tag:mesh-lab,2026:plain"  # an untagged plain scalar: resolved below, YAML 1.2 core schema
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_CORE = "tag:yaml.org,2002:"
_TAGS = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}

# ---------------------------------------------------------------------------------------------- YAML 1.2 core
_CORE_WORDS: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}
_INT12 = re.compile(r"[-+]?[0-9]+\Z")
_OCT12 = re.compile(r"0o[0-7]+\Z")
_HEX12 = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT12 = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NUMBER_START = frozenset("0123456789+-.")
_MAX_DIGITS = 4000  # Python refuses to convert text of more than 4300 digits to an int (and back)


def core_value(text: str) -> Any:
    """What a YAML 1.2 core-schema reader makes of a *plain* (unquoted) scalar."""
    if text in _CORE_WORDS:
        return _CORE_WORDS[text]
    if text[:1] in _NUMBER_START:
        if _INT12.match(text):
            return int(text) if len(text) <= _MAX_DIGITS else float(text)  # JSON readers: a huge number
        if _OCT12.match(text) and len(text) <= _MAX_DIGITS:
            return int(text[2:], 8)
        if _HEX12.match(text) and len(text) <= _MAX_DIGITS:
            return int(text[2:], 16)
        if _FLOAT12.match(text):
            return float(text)
    return text


# ---------------------------------------------------------------------------------------------- YAML 1.1
_RESOLVERS_11 = yaml.resolver.Resolver.yaml_implicit_resolvers
_BOOL_WORDS_11 = {"y", "Y", "n", "N"}  # booleans in YAML 1.1 (and Go, Ruby…); PyYAML itself keeps them text


def _tag_11(text: str) -> str:
    """The tag a YAML 1.1 reader (PyYAML's resolver, plus y/n) gives a plain scalar."""
    if text in _BOOL_WORDS_11:
        return "tag:yaml.org,2002:bool"
    for tag, regexp in _RESOLVERS_11.get(text[:1], ()) if text else _RESOLVERS_11.get("", ()):
        if regexp.match(text):
            return tag
    return _STR


_SAFE = yaml.constructor.SafeConstructor()


@functools.lru_cache(maxsize=4096)
def _value_11(text: str) -> Any:
    """What a YAML 1.1 reader makes of a plain scalar (``y``/``n`` as booleans)."""
    if text in _BOOL_WORDS_11:
        return text in ("y", "Y")
    tag = _tag_11(text)
    construct = _SAFE.yaml_constructors.get(tag)
    try:
        return construct(_SAFE, ScalarNode(tag, text)) if construct else text
    except (yaml.YAMLError, ValueError):
        return text


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, datetime.datetime):
        return "a timestamp"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, int) and value.bit_length() > 13_000:
        return "a number of more than 4,000 digits"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return f"the text {_short(value)!r}"


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size] + "…"


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and (a == b or (a != a and b != b))


def _reading_note(text: str, value12: Any) -> tuple[str, str] | None:
    """(expected, found) when YAML 1.1 and YAML 1.2 readers read a plain scalar differently."""
    if text[:1] not in _RESOLVERS_11 or text in _BOOL_WORDS_11:
        return None  # y/n: PyYAML and the ODCS examples (`unit: y`) read them as text; dump_yaml quotes them
    if type(value12) is int and text.isdigit() and (text[0] != "0" or text == "0"):
        return None  # a plain decimal number: the same for every reader
    tag11 = _tag_11(text)
    if tag11 == _STR and isinstance(value12, str):
        return None
    value11 = _value_11(text)
    if _same(value11, value12):
        return None
    if isinstance(value12, str):
        fix = f"quote it: '{_short(text)}'"
    elif isinstance(value12, float):
        fix = f"write {value12!r} (a number for both) or quote it (text for both)"
    else:
        fix = f"write {value12!r} (a number for both) or quote it (text for both)"
    expected = "a value every YAML reader reads alike"
    found = (f"{_short(text)} without quotes: YAML 1.2 tools read it as {_kind(value12)}, YAML 1.1 tools "
             f"(PyYAML, older parsers) as {_kind(value11)}; {fix}")
    return expected, found


# ---------------------------------------------------------------------------------------------- composing
class _Resolving:
    """Tag every node cheaply: plain scalars are resolved later, by :class:`_Builder` (YAML 1.2 core)."""

    def resolve(self, kind, value, implicit):  # noqa: D102 - PyYAML's composer calls these three
        if kind is ScalarNode and implicit[0]:
            return _PLAIN
        return _TAGS[kind]

    def descend_resolver(self, current_node, current_index):  # noqa: D102
        return None

    def ascend_resolver(self):  # noqa: D102
        return None


class _PyComposer(_Resolving, yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                  yaml.composer.Composer):
    """PyYAML's pure-Python parser and composer (where PyYAML was built without libyaml)."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)


if getattr(yaml, "__with_libyaml__", False):
    import yaml.cyaml

    class _Composer(_Resolving, yaml.cyaml.CParser):
        """libyaml's parser and composer: the fast path (about ten times PyYAML's own)."""
else:  # pragma: no cover - PyYAML built without libyaml
    _Composer = _PyComposer  # type: ignore[misc]


@dataclass(frozen=True)
class YamlNote:
    """Something about how a value was written: a repeated key (error) or a value YAML readers disagree
    on (warning). ``path`` is a tuple of keys and indexes."""

    path: tuple
    line: int
    expected: str
    found: str
    severity: str


class UnreadableYaml(Exception):
    """A document that cannot be read, located: ``line`` (1-based or None), ``path`` (a tuple of keys
    and indexes), ``expected`` and ``found``. :mod:`mesh_lab.contracts` turns it into a ContractError."""

    def __init__(self, line: int | None, path: tuple, expected: str, found: str):
        super().__init__(found)
        self.line, self.path, self.expected, self.found = line, path, expected, found


_EXPLICIT = {
    _STR: lambda text: text,
    _CORE + "null": lambda text: None,
    _CORE + "bool": lambda text: {"true": True, "false": False}[text.lower()],
    _CORE + "int": lambda text: int(text, 0) if not _INT12.match(text) else int(text),
    _CORE + "float": float,
}


class _Builder:
    """Build the Python value of a composed node tree in one pass, with a compact index of lines.

    Aliases share the value built the first time (as PyYAML does) and count, with everything they
    repeat, against :data:`MAX_ALIAS_EXPANSION`; an alias inside the value it names is refused.
    The line index (for a mapping ``{key: (line, index of the value)}``, for a list
    ``[(line, index of the item)]``, ``None`` for a scalar) replaces the node tree, which is let go:
    keeping a million YAML nodes and marks alive made every later garbage collection slow.
    """

    def __init__(self):
        self.done: dict[int, tuple[Any, int, Any]] = {}
        self.active: set[int] = set()
        self.notes: list[YamlNote] = []
        self.extra = 0

    def build(self, node, path: tuple) -> tuple[Any, int, Any]:
        """``(value, number of values it expands to, line index)``."""
        kind = type(node)
        if kind is ScalarNode:
            return self.scalar(node, path), 1, None
        key = id(node)
        done = self.done.get(key)
        if done is not None:
            self.extra += done[1]
            if self.extra > MAX_ALIAS_EXPANSION:
                raise UnreadableYaml(None, path,  # the line: the key holding the alias (see mapping)
                                     f"aliases (*name) that repeat at most {MAX_ALIAS_EXPANSION:,} values in all",
                                     "aliases that repeat more (an 'alias bomb'?); write the values out or "
                                     "use fewer nested aliases")
            return done
        if key in self.active:
            raise UnreadableYaml(None, path, "an alias that points outside of itself",
                                 "an alias (*name) inside the value it names: it would repeat forever")
        self.active.add(key)
        result = self.sequence(node, path) if kind is SequenceNode else self.mapping(node, path)
        self.active.discard(key)
        self.done[key] = result
        return result

    def sequence(self, node, path: tuple) -> tuple[list, int, list]:
        items, index, size = [], [], 1
        build = self.build
        for position, item in enumerate(node.value):
            value, count, inner = build(item, (*path, position))
            items.append(value)
            index.append((item.start_mark.line + 1, inner))
            size += count
        return items, size, index

    def mapping(self, node, path: tuple) -> tuple[dict, int, dict]:
        own: dict = {}
        index: dict = {}
        merged: dict = {}
        merged_index: dict = {}
        size = 1
        build = self.build
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                what = "a list" if isinstance(key_node, SequenceNode) else "a mapping"
                raise UnreadableYaml(key_node.start_mark.line + 1, path, "a text key (key: value)",
                                     f"{what} used as a key (? […]): JSON and ODCS keys are text")
            name = key_node.value
            line = key_node.start_mark.line + 1
            if name == "<<" and key_node.tag == _PLAIN:
                value, count, inner = build(value_node, (*path, name))
                self.merge(merged, merged_index, value, inner, value_node, path, line)
            else:
                if name in own:
                    self.repeated(node, name, (*path, name), key_node)
                if type(value_node) is ScalarNode and (value_node.tag == _STR or (
                        value_node.tag == _PLAIN and value_node.value[:1] in _TEXT_START)):
                    own[name] = value_node.value  # text, quoted or plain: the commonest value, made direct
                    index[name] = (line, None)
                    size += 2
                    continue
                try:
                    value, count, inner = build(value_node, (*path, name))
                except UnreadableYaml as stop:
                    stop.line = stop.line or line
                    raise
                own[name] = value
                index[name] = (line, inner)
            size += 1 + count
        if merged:
            merged.update(own)
            merged_index.update(index)
            return merged, size, merged_index
        return own, size, index

    def repeated(self, node, name: str, path: tuple, key_node) -> None:
        first = next(k for k, _ in node.value if type(k) is ScalarNode and k.value == name)
        self.notes.append(YamlNote(
            path, key_node.start_mark.line + 1,
            f"each key once per mapping (YAML keeps only the last {name!r}, silently)",
            f"{name!r} again (first on line {first.start_mark.line + 1}); delete one of them", "error"))

    @staticmethod
    def merge(merged: dict, merged_index: dict, value: Any, inner: Any, value_node, path: tuple,
              line: int) -> None:
        """``<<: *base`` or ``<<: [*a, *b]``: keys not written here come from the mappings named
        (the first one wins); their line is the line of ``<<``."""
        many = isinstance(value_node, SequenceNode)
        sources = zip(value, [i for _, i in inner], strict=True) if many else [(value, inner)]
        for source, source_index in sources:
            if not isinstance(source, dict):
                raise UnreadableYaml(value_node.start_mark.line + 1, (*path, "<<"),
                                     "a mapping (or a list of mappings) to merge with <<", _kind(source))
            for name, item in source.items():
                if name not in merged:
                    merged[name] = item
                    merged_index[name] = (line, source_index[name][1])

    def scalar(self, node, path: tuple) -> Any:
        text, tag = node.value, node.tag
        if tag != _PLAIN:
            return text if tag == _STR else self.tagged(node, path)
        if text[:1] in _TEXT_START:
            return text
        value = core_value(text)
        if isinstance(value, float) and not math.isfinite(value):
            self.notes.append(YamlNote(path, node.start_mark.line + 1, "a finite number",
                                       f"{_short(text)}: JSON has no NaN or infinity, and the kit cannot compare "
                                       "with it", "warning"))
        note = _reading_note(text, value)
        if note:
            self.notes.append(YamlNote(path, node.start_mark.line + 1, *note, "warning"))
        return value

    @staticmethod
    def tagged(node, path: tuple) -> Any:
        convert = _EXPLICIT.get(node.tag)
        try:
            if convert is None:
                raise ValueError(node.tag)
            return convert(node.value)
        except (ValueError, KeyError):
            raise UnreadableYaml(node.start_mark.line + 1, path, "a plain value (text, number, true/false or "
                                 "null)", f"{node.value!r} tagged {node.tag}: remove the tag (ODCS documents "
                                 "are JSON)") from None


#: first characters of plain scalars that every reading keeps as text (no number, keyword or date)
_TEXT_START = frozenset(chr(c) for c in range(32, 0x2FF)) - _NUMBER_START - set(_RESOLVERS_11) - \
    {w[:1] for w in (*_CORE_WORDS, *_BOOL_WORDS_11) if w} - {""}


class LineMap:
    """The 1-based line where each field path of a document was written (``lines.get(("schema", 0,
    "properties", 2))``; for a mapping entry, the line of its key). ``notes`` holds the reading's
    :class:`YamlNote` list."""

    def __init__(self, line: int, index: Any, notes: list[YamlNote]):
        self.root = (line, index)
        self.notes = notes

    def get(self, path: tuple, default: Any = None) -> Any:
        """The line of ``path``, or ``default`` if the document has no such path."""
        line, index = self.root
        for part in path:
            if type(index) is dict and isinstance(part, str) and part in index:
                line, index = index[part]
            elif type(index) is list and type(part) is int and 0 <= part < len(index):
                line, index = index[part]
            else:
                return default
        return line

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self.get(path) is not None

    def __getitem__(self, path: tuple) -> int:
        line = self.get(path)
        if line is None:
            raise KeyError(path)
        return line


def read_yaml(text: str) -> tuple[Any, LineMap | dict, list[YamlNote]]:
    """Read one YAML document: ``(value, line of every field path, notes)``.

    Raises :class:`UnreadableYaml` with the line for text that is not YAML, several documents, a tag
    that JSON has no type for, a list or mapping used as a key, or aliases that expand too far.
    The garbage collector pauses while the tree is built (see :func:`paused_gc`).
    """
    with paused_gc():
        return _read(text)


@contextlib.contextmanager
def paused_gc():
    """Pause Python's cyclic garbage collector for a block (reference counting still frees memory).

    Reading and checking a large contract makes hundreds of thousands of small objects, none of them
    in a reference cycle; each automatic collection walks all of them again, which made a 5 MB contract
    several times slower to read and check than the work itself.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _read(text: str) -> tuple[Any, LineMap | dict, list[YamlNote]]:
    try:
        composer = _Composer(text)
        try:
            node = composer.get_single_node()
        finally:
            composer.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        found = f"a YAML syntax error: {exc.problem or 'text that is not YAML'}"
        if exc.context and exc.context_mark is not None:
            found += f" ({exc.context} that started on line {exc.context_mark.line + 1})"
        raise UnreadableYaml(line, (), "valid YAML (check indentation, colons and quotes)", found) from None
    except yaml.YAMLError as exc:
        raise UnreadableYaml(None, (), "valid YAML", str(exc).splitlines()[0]) from None
    except RecursionError:
        raise UnreadableYaml(None, (), "a YAML document of reasonable depth",
                             "text nested too deeply to read") from None
    if node is None:
        return None, {}, []
    builder = _Builder()
    try:
        document, _, index = builder.build(node, ())
    except RecursionError:
        raise UnreadableYaml(None, (), "a YAML document of reasonable depth",
                             "text nested too deeply to read") from None
    return document, LineMap(node.start_mark.line + 1, index, builder.notes), builder.notes


# ---------------------------------------------------------------------------------------------- writing
_AMBIGUOUS = "tag:mesh-lab,2026:ambiguous"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """PyYAML's safe dumper, quoting every text that YAML 1.1 or YAML 1.2 would read as something else."""

    def resolve(self, kind, value, implicit):  # noqa: D102
        tag = super().resolve(kind, value, implicit)
        if kind is not ScalarNode or not implicit[0] or implicit[1]:
            return tag
        value12 = core_value(value)
        tag12 = _STR if isinstance(value12, str) else _TAG_OF.get(type(value12), _AMBIGUOUS)
        if tag != tag12 or value in _BOOL_WORDS_11:
            return _AMBIGUOUS
        return tag


_TAG_OF = {bool: _CORE + "bool", int: _CORE + "int", float: _CORE + "float", type(None): _CORE + "null"}


def _represent_time(dumper, value):
    return dumper.represent_str(value.isoformat())


_Dumper.add_representer(datetime.date, _represent_time)
_Dumper.add_representer(datetime.datetime, _represent_time)


def dump_yaml(document: Any) -> str:
    """``document`` as block YAML that reads back to the same values under YAML 1.1 and 1.2 readers
    (dates and timestamps are written as ISO 8601 text, as ODCS has them)."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
