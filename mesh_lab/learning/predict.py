"""Predict, then run: compare the learner's prediction with what happened.

A notebook asks for a prediction before a simulation (``my_prediction = ____``), runs it, then shows
``compare_prediction(my_prediction, actual)``. A blank prediction is fine — it is never an error — but
the message says why guessing first helps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from mesh_lab.display import status_html, status_text
from mesh_lab.learning.answers import is_blank, normalise_key, short_repr

NO_PREDICTION = "You did not write a prediction — that's fine, but guessing first is how you learn."


@dataclass
class PredictionResult:
    """The comparison: ``status`` (``none`` | ``match`` | ``close`` | ``off``) and a message."""

    status: str
    message: str
    name: str = "prediction"

    @property
    def matched(self) -> bool:
        """True when the prediction was right (or within the tolerance)."""
        return self.status in ("match", "close")

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return status_text(self._box_status(), self.message, self.name)

    def _repr_html_(self) -> str:
        return status_html(self._box_status(), self.message, self.name)

    def _box_status(self) -> str:
        return "correct" if self.matched else "info"


def compare_prediction(predicted: Any, actual: Any, *, unit: str = "", tolerance: float | None = None,
                       name: str = "prediction") -> PredictionResult:
    """Compare a prediction with what happened, in words: never raises, whatever was written.

    * blank (``____``, ``None``, ``""``) → "You did not write a prediction — that's fine, …";
    * numbers → "You predicted 12, it was 15 (off by 3)"; within ``tolerance`` (absolute) it is close
      enough; ``unit`` is added after each number ("12 s");
    * text or an option letter → matched or not, ignoring case, spaces and brackets ("B)" == "b");
    * lists, sets → matched or not, ignoring order for sets.

    Returns a :class:`PredictionResult`; in a notebook it shows as a coloured box, ``str()`` is the message.
    """
    try:
        return _compare(predicted, actual, unit, tolerance, name)
    except Exception:
        return PredictionResult("off", f"You predicted {short_repr(predicted)}; it was {short_repr(actual)}.", name)


def _compare(predicted: Any, actual: Any, unit: str, tolerance: float | None, name: str) -> PredictionResult:
    if _is_empty(predicted):
        return PredictionResult("none", NO_PREDICTION + f" It was {_with_unit(actual, unit)}.", name)
    number = _as_number(predicted)
    if number is not None and _as_number(actual) is not None:
        return _compare_numbers(number, _as_number(actual), unit, tolerance, name)
    if isinstance(actual, str) or isinstance(predicted, str):
        same = normalise_key(predicted) == normalise_key(actual)
        return _verdict(same, f"You predicted {short_repr(predicted)}, it was {short_repr(actual)}", name)
    if isinstance(actual, (set, frozenset)) or isinstance(predicted, (set, frozenset)):
        same = _as_set(predicted) == _as_set(actual)
        return _verdict(same, f"You predicted {short_repr(predicted)}, it was {short_repr(actual)}", name)
    same = bool(predicted == actual)
    return _verdict(same, f"You predicted {short_repr(predicted)}, it was {short_repr(actual)}", name)


def _is_empty(value: Any) -> bool:
    return value is None or is_blank(value) or (isinstance(value, str) and value.strip() in ("", "____", "?"))


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", ""))
        except ValueError:
            return None
    try:
        import numbers

        return float(value) if isinstance(value, numbers.Number) else None
    except (TypeError, ValueError):
        return None


def _as_set(value: Any) -> set:
    return {normalise_key(item) if isinstance(item, str) else item for item in value}


def _format_number(value: float) -> str:
    if math.isfinite(value) and value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _with_unit(value: Any, unit: str) -> str:
    number = _as_number(value)
    text = _format_number(number) if number is not None and not isinstance(value, str) else short_repr(value)
    return f"{text} {unit}".strip() if unit else text


def _compare_numbers(predicted: float, actual: float, unit: str, tolerance: float | None,
                     name: str) -> PredictionResult:
    said = f"You predicted {_with_unit(predicted, unit)}, it was {_with_unit(actual, unit)}"
    off = abs(predicted - actual)
    if off == 0:
        return PredictionResult("match", f"{said}: spot on!", name)
    off_text = f"off by {_with_unit(off, unit)}"
    if tolerance is not None and off <= tolerance:
        return PredictionResult("close", f"{said} ({off_text}): close enough — well predicted.", name)
    direction = "higher" if predicted > actual else "lower"
    return PredictionResult("off", f"{said} ({off_text}; your guess was {direction}). "
                                   "What made the difference? That is the thing to remember.", name)


def _verdict(same: bool, said: str, name: str) -> PredictionResult:
    if same:
        return PredictionResult("match", f"{said}: spot on!", name)
    return PredictionResult("off", f"{said}. What surprised you? That is the thing to remember.", name)
