"""How answers are read and compared: the ``____`` placeholder, equality with tolerance and without
order, pandas frames via ``pandas.testing``, and messages that quote what the learner gave and say what
is wrong without showing the expected value.

Used by the exercise engine; ``mesh_lab.learning`` re-exports the names authors need.
"""

from __future__ import annotations

import inspect
import math
import sys
import sysconfig
import traceback
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

DEFAULT_FLOAT_TOLERANCE = 1e-9


# --------------------------------------------------------------------------------------------------
# The placeholder
# --------------------------------------------------------------------------------------------------


class _Blank:
    """The ``____`` placeholder of starter code. Arithmetic on it stays a blank, so starters run."""

    _instance: _Blank | None = None

    def __new__(cls) -> _Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return hash("mesh_lab.____")

    def __iter__(self):
        return iter(())

    def __copy__(self) -> _Blank:
        return self

    def __deepcopy__(self, memo: dict) -> _Blank:
        return self

    def __reduce__(self) -> str:
        return "____"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self

    def _stay_blank(self, *args: Any, **kwargs: Any) -> _Blank:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _stay_blank
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _stay_blank
    __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = __call__ = __getitem__ = _stay_blank
    __lt__ = __le__ = __gt__ = __ge__ = __and__ = __rand__ = __or__ = __ror__ = _stay_blank


____ = _Blank()


def is_blank(value: Any, _depth: int = 0) -> bool:
    """True if ``value`` is ``____`` or a plain container holding ``____`` somewhere."""
    if value is ____:
        return True
    if _depth > 4:
        return False
    if isinstance(value, Mapping):
        return any(is_blank(k, _depth + 1) or is_blank(v, _depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(is_blank(item, _depth + 1) for item in value)
    return False


# --------------------------------------------------------------------------------------------------
# Describing and comparing answers
# --------------------------------------------------------------------------------------------------


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if callable(value) and inspect.isroutine(value):
        return "function"
    return type(value).__name__


def describe(value: Any) -> str:
    """A short description of a value's kind, e.g. ``a list of 3 str`` or ``a DataFrame with 4 rows``."""
    if value is None:
        return "None"
    if value is ____:
        return "the blank ____"
    kind = _type_name(value)
    if kind == "DataFrame":
        rows, cols = value.shape
        return f"a DataFrame with {rows} rows × {cols} columns"
    if kind == "Series":
        return f"a Series of {len(value)} values"
    if isinstance(value, (list, tuple, set, frozenset)):
        if not value:
            return f"an empty {kind}"
        item_kinds = sorted({_type_name(item) for item in value})
        items = item_kinds[0] if len(item_kinds) == 1 else f"items ({', '.join(item_kinds)})"
        return f"{_article(kind)} {kind} of {len(value)} {items}"
    if isinstance(value, Mapping):
        return f"{_article(kind)} {kind} with {len(value)} keys"
    return f"{_article(kind)} {kind}"


def _kind_only(value: Any) -> str:
    """The kind of a value and nothing more: ``a list``, ``a number``, ``text``, ``a table``."""
    if value is None:
        return "None"
    if _pandas_kind(value) == "frame":
        return "a table (a DataFrame)"
    if isinstance(value, bool):
        return "True or False"
    if _is_number(value):
        return "a number"
    if isinstance(value, str):
        return "text in quote marks"
    if isinstance(value, (list, tuple)):
        return "a list, in square brackets [ … ]"
    if isinstance(value, (set, frozenset)):
        return "a list or a set of items"
    if isinstance(value, Mapping):
        return "a dict, in curly brackets { … }"
    return _article(_type_name(value)) + " " + _type_name(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) or _is_numpy_number(value)


def _is_numpy_number(value: Any) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.number)


def _pandas_kind(value: Any) -> str | None:
    pandas = sys.modules.get("pandas")
    if pandas is None:
        return None
    if isinstance(value, pandas.DataFrame):
        return "frame"
    if isinstance(value, pandas.Series):
        return "series"
    return None


def frames_differ(found: Any, expected: Any, tolerance: float | None, unordered: bool) -> str:
    """Why two pandas objects differ ('' when equal), using ``pandas.testing`` helpers."""
    import pandas as pd

    if _pandas_kind(found) != _pandas_kind(expected):
        return f"expected {describe(expected)}, found {describe(found)}"
    if unordered:
        found, expected = _sorted_frame(found), _sorted_frame(expected)
    options: dict[str, Any] = {"check_dtype": False}
    if tolerance is not None:
        options.update(check_exact=False, rtol=tolerance, atol=tolerance)
    try:
        if _pandas_kind(expected) == "frame":
            pd.testing.assert_frame_equal(found, expected, check_like=unordered, **options)
        else:
            pd.testing.assert_series_equal(found, expected, check_names=False, **options)
    except AssertionError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        return " ".join(lines[:4])
    return ""


def _sorted_frame(value: Any) -> Any:
    """Rows in a canonical order so that row order does not matter."""
    if _pandas_kind(value) == "frame":
        value = value.reindex(sorted(value.columns, key=str), axis=1)
        try:
            return value.sort_values(list(value.columns)).reset_index(drop=True)
        except TypeError:
            return value.reset_index(drop=True)
    try:
        return value.sort_values().reset_index(drop=True)
    except TypeError:
        return value.reset_index(drop=True)


def answers_equal(found: Any, expected: Any, tolerance: float | None = None, unordered: bool = False) -> bool:
    """Compare a learner's answer with the expected one.

    Numbers within ``tolerance`` (absolute or relative; a tiny default for floats), collections
    ignoring order when ``unordered``, frames and series with ``pandas.testing``, the rest with ``==``.
    """
    try:
        return _equal(found, expected, tolerance, unordered)
    except Exception:
        return False


def _equal(found: Any, expected: Any, tolerance: float | None, unordered: bool) -> bool:
    if found is ____:
        return False
    if _pandas_kind(expected) or _pandas_kind(found):
        return not frames_differ(found, expected, tolerance, unordered)
    if isinstance(expected, bool) or isinstance(found, bool):
        return type(found) is type(expected) and found == expected
    if _is_number(expected) and _is_number(found):
        return _numbers_close(float(found), float(expected), tolerance)
    if isinstance(expected, str) or isinstance(found, str):
        return isinstance(found, str) and isinstance(expected, str) and found == expected
    if isinstance(expected, Mapping):
        return (
            isinstance(found, Mapping)
            and set(found) == set(expected)
            and all(_equal(found[k], expected[k], tolerance, unordered) for k in expected)
        )
    if isinstance(expected, (set, frozenset)):
        return _is_collection(found) and _multiset_equal(list(found), list(expected), tolerance, unordered)
    if isinstance(expected, (list, tuple)):
        if not _is_collection(found) or len(found) != len(expected):
            return False
        if unordered:
            return _multiset_equal(list(found), list(expected), tolerance, unordered)
        if isinstance(found, (set, frozenset)):
            return False  # a set has no order, and this answer's order matters
        return all(_equal(f, e, tolerance, unordered) for f, e in zip(found, expected, strict=True))
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(expected, numpy.ndarray):
        found_array = numpy.asarray(found)
        if found_array.shape != expected.shape:
            return False
        if tolerance is not None or expected.dtype.kind == "f":
            tol = DEFAULT_FLOAT_TOLERANCE if tolerance is None else tolerance
            return bool(numpy.allclose(found_array, expected, rtol=tol, atol=tol, equal_nan=True))
        return bool(numpy.array_equal(found_array, expected))
    return bool(found == expected)


def _is_collection(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset))


def _numbers_close(found: float, expected: float, tolerance: float | None) -> bool:
    if math.isnan(expected):
        return math.isnan(found)
    tol = DEFAULT_FLOAT_TOLERANCE if tolerance is None else tolerance
    return math.isclose(found, expected, rel_tol=tol, abs_tol=tol)


def _multiset_equal(found: list, expected: list, tolerance: float | None, unordered: bool) -> bool:
    if len(found) != len(expected):
        return False
    remaining = list(found)
    for item in expected:
        for index, candidate in enumerate(remaining):
            if _equal(candidate, item, tolerance, unordered):
                del remaining[index]
                break
        else:
            return False
    return True


def explain_difference(found: Any, expected: Any, tolerance: float | None = None, unordered: bool = False,
                       *, reveal: bool = False) -> str:
    """A specific message for an unexpected answer that quotes what the learner gave.

    It never shows the expected value itself: it says what kind was expected, too high or too low,
    which of the learner's items or keys are wrong. With ``reveal=True`` (a function's output on one
    input, where that gives no answer away) it may also name missing items, keys and columns.
    """
    try:
        return _explain(found, expected, tolerance, unordered, reveal)
    except Exception:
        return f"Expected {describe(expected)}, found {describe(found)}, and it is not the answer."


def _explain(found: Any, expected: Any, tolerance: float | None, unordered: bool, reveal: bool) -> str:
    if _pandas_kind(expected) or _pandas_kind(found):
        return _explain_pandas(found, expected, tolerance, unordered, reveal)
    kind_found = describe(found)
    # before solution(), name only the kind expected: "a list of 3 str" would give the count away
    kind_expected = describe(expected) if reveal else _kind_only(expected)
    same_kind = (_type_name(found) == _type_name(expected) or (_is_number(found) and _is_number(expected))
                 or (unordered and _is_collection(found) and _is_collection(expected)))
    if isinstance(found, (set, frozenset)) and isinstance(expected, (list, tuple)) and not unordered:
        return ("A set has no order, but here the order matters: write a list, with square brackets "
                f"[ … ], in the order you mean. Found {kind_found}.")
    if not same_kind:
        return f"Expected {kind_expected}, found {kind_found} ({short_repr(found)})."
    if _is_number(expected):
        direction = "too high" if float(found) > float(expected) else "too low"
        return f"{short_repr(found)} is {direction}. Look again at how you computed it."
    if isinstance(expected, str):
        return _explain_text(found, expected)
    if isinstance(expected, Mapping):
        return _explain_mapping(found, expected, tolerance, unordered, reveal)
    if _is_collection(expected):
        return _explain_collection(found, expected, tolerance, unordered, reveal)
    return f"Found {kind_found} ({short_repr(found)}), but it is not the right value."


def _explain_text(found: str, expected: str) -> str:
    if found.strip() == expected.strip():
        return f"Almost: {found!r} has extra spaces at the start or the end."
    if found.lower() == expected.lower():
        return f"Almost: {found!r} has the right letters, but check upper and lower case."
    return f"{short_repr(found)} is not the text we are looking for."


def _explain_mapping(found: Mapping, expected: Mapping, tolerance: float | None, unordered: bool,
                     reveal: bool) -> str:
    missing = [k for k in expected if k not in found]
    extra = [k for k in found if k not in expected]
    if missing or extra:
        parts = []
        if extra:
            parts.append(f"{short_repr(extra[:3])} should not be there")
        if missing:
            parts.append(f"missing {short_repr(missing[:3])}" if reveal else _count(len(missing), "key") + " missing")
        return f"The keys are not right: {'; '.join(parts)}."
    wrong = [k for k in expected if not answers_equal(found[k], expected[k], tolerance, unordered)]
    shown = ", ".join(f"{short_repr(k)} → {short_repr(found[k], 30)}" for k in wrong[:3])
    return f"The keys are right, but these values are not: {shown}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _explain_collection(found: Any, expected: Any, tolerance: float | None, unordered: bool,
                        reveal: bool) -> str:
    ordered = not unordered and not isinstance(expected, (set, frozenset))
    if ordered and _multiset_equal(list(found), list(expected), tolerance, unordered):
        return "The right items, but in the wrong order."
    extra = _not_in(found, expected, tolerance)
    missing = _not_in(expected, found, tolerance)
    parts = []
    if extra:
        parts.append(f"{short_repr(extra[:3])} should not be there")
    if missing:
        parts.append(f"missing {short_repr(missing[:3])}" if reveal
                     else f"{_count(len(missing), 'item')} {'is' if len(missing) == 1 else 'are'} missing")
    if len(found) != len(expected) and not parts:
        parts.append(f"you have {_count(len(found), 'item')}, the right answer has {len(expected)}")
    if parts:
        return _capital("; ".join(parts)) + "."
    if ordered:
        for index, (f, e) in enumerate(zip(found, expected, strict=True)):
            if not answers_equal(f, e, tolerance, unordered):
                return f"Item {index} ({short_repr(f)}) is not right."
    return "Some items appear the wrong number of times."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _not_in(items: Iterable, others: Iterable, tolerance: float | None) -> list:
    """Items of ``items`` with no equal in ``others`` (counting repeats)."""
    remaining = list(others)
    left = []
    for item in items:
        for index, candidate in enumerate(remaining):
            if answers_equal(item, candidate, tolerance):
                del remaining[index]
                break
        else:
            left.append(item)
    return left


def _explain_pandas(found: Any, expected: Any, tolerance: float | None, unordered: bool,
                    reveal: bool = False) -> str:
    """What is wrong with a table or a column, naming columns and the learner's values, never the
    expected values."""
    if _pandas_kind(found) != _pandas_kind(expected):
        return f"Expected {describe(expected)}, found {describe(found)}."
    if _pandas_kind(expected) == "series":
        found, expected = found.to_frame("values"), expected.to_frame("values")
    missing = [c for c in expected.columns if c not in found.columns]
    extra = [c for c in found.columns if c not in expected.columns]
    if missing or extra:
        parts = [f"column {short_repr(c)} should not be there" for c in extra[:3]]
        parts += [f"column {short_repr(c)} is missing" for c in missing[:3]]
        return _capital("; ".join(parts)) + "."
    if len(found) != len(expected):
        rows = _row_differences(found, expected, reveal) if _pandas_kind(found) == "frame" else ""
        return f"Your table has {_count(len(found), 'row')}; the right one has {len(expected)}{rows}."
    if unordered:
        found, expected = _sorted_frame(found), _sorted_frame(expected)
    else:
        found, expected = found.reset_index(drop=True), expected.reset_index(drop=True)
    for column in expected.columns:
        for row in range(len(expected)):
            mine, right = found[column].iloc[row], expected[column].iloc[row]
            if not answers_equal(mine, right, tolerance) and not (_is_missing(mine) and _is_missing(right)):
                return (f"Column {short_repr(column)} is not right: row {row} holds {short_repr(mine, 40)}"
                        + (" (rows compared after sorting)." if unordered else "."))
    if list(found.columns) != list(expected.columns) and not unordered:
        return "The right columns, but in another order."
    return f"Not the expected table: {frames_differ(found, expected, tolerance, unordered)}."


def _row_differences(found: Any, expected: Any, reveal: bool) -> str:
    """``: the row for transaction_id 'T3' is missing`` — by the first column whose values identify
    the expected rows; extra rows are the learner's own and always named, missing ones only with
    ``reveal``."""
    for column in expected.columns:
        try:
            keys = list(expected[column])
            if len(set(keys)) != len(keys) or column not in found.columns:
                continue
            mine = list(found[column])
        except TypeError:  # unhashable values cannot identify rows
            continue
        counts, known = Counter(mine), set(keys)
        extra = [k for k in counts if k not in known]
        twice = [k for k in counts if counts[k] > 1 and k in known]
        missing = [k for k in keys if k not in counts]
        parts = [f"the row for {column} {short_repr(k, 30)} should not be there" for k in extra[:2]]
        parts += [f"the row for {column} {short_repr(k, 30)} appears {counts[k]} times" for k in twice[:2]]
        if reveal:
            parts += [f"the row for {column} {short_repr(k, 30)} is missing" for k in missing[:2]]
        return (": " + "; ".join(parts)) if parts else ""
    return ""


def _is_missing(value: Any) -> bool:
    try:
        return value is None or bool(value != value)
    except Exception:
        return False


def short_repr(value: Any, limit: int = 60) -> str:
    """A one-line text form of ``value`` cut at ``limit`` characters (tables and columns described,
    NumPy scalars shown as plain numbers: ``21``, not ``np.int64(21)``)."""
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.generic):
        value = value.item()
    kind = _pandas_kind(value)
    if kind == "frame":
        return f"<a table of {len(value):,} rows × {len(value.columns)} columns>"
    if kind == "series":
        return f"<a column of {len(value):,} values>"
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_ENGINE_FOLDER = "/mesh_lab/learning/"  # the checking machinery: never the learner's own lines
_LIBRARY_ROOTS = tuple({sysconfig.get_paths()[name].replace("\\", "/") for name in ("stdlib", "purelib", "platlib")})


def _is_library_file(filename: str) -> bool:
    path = filename.replace("\\", "/")
    return "site-packages/" in path or path.startswith(_LIBRARY_ROOTS)


def summarise_exception(exc: BaseException, limit: int = 3) -> str:
    """A short traceback: the last frames of the learner's code and the exception line."""
    every = [frame for frame in traceback.extract_tb(exc.__traceback__)
             if _ENGINE_FOLDER not in frame.filename.replace("\\", "/")]
    # Keep the learner's own lines; library internals (pandas, the standard library) only add noise.
    frames = [frame for frame in every if not _is_library_file(frame.filename)] or every[-1:]
    lines = []
    for frame in frames[-limit:]:
        where = f"line {frame.lineno}, in {frame.name}"
        lines.append(f"{where}: {frame.line}" if frame.line else where)
    lines.append("".join(traceback.format_exception_only(type(exc), exc)).strip())
    return "\n".join(lines)


def normalise_key(value: Any, options: Mapping[str, str] | None = None) -> str:
    """``"B"``, ``" b "``, ``"(b)"``, ``"b)"`` and ``"b."`` all become ``"b"``.

    With ``options`` (key -> text), typing an option's own text also picks it.
    """
    key = str(value).strip().strip("().").strip().lower()
    if options and key not in options:
        by_text = {" ".join(str(text).lower().split()).rstrip("."): k for k, text in options.items()}
        key = by_text.get(" ".join(key.split()).rstrip("."), key)
    return key


def not_an_option(value: Any, keys: Iterable[str]) -> str:
    """The message for an answer that names no option, in words a kid can follow."""
    letters = list(keys)
    listed = ", ".join(f'"{k}"' for k in letters[:-1]) + f' or "{letters[-1]}"' if len(letters) > 1 else f'"{letters[0]}"'
    return (f"{short_repr(value)} is not one of the choices. Answer with one letter: {listed}, "
            f"in quote marks, like \"{letters[0]}\".")


def is_number(value: Any) -> bool:
    """A real number answer: an int or a float, never True or False."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def words(answer: Any) -> set[str]:
    """A learner's answer as a set of lower-case words (a list of labels or names, or one of them)."""
    items = [answer] if isinstance(answer, str) else list(answer) if isinstance(answer, (list, tuple, set)) else []
    return {str(item).strip().lower() for item in items}
