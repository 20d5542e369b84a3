"""Predict, then run: a prediction is compared with what happened, and a blank one is never an error."""

from __future__ import annotations

import pytest

from mesh_lab.learning import PredictionResult, ____, compare_prediction


@pytest.mark.parametrize("blank", [____, None, "", "   ", "____"])
def test_no_prediction_is_fine_but_says_why_guessing_helps(blank):
    result = compare_prediction(blank, 15)
    assert result.status == "none" and not result.matched
    assert str(result).startswith("You did not write a prediction — that's fine, but guessing first is how you learn")
    assert "It was 15." in str(result)


def test_numbers_say_what_was_predicted_what_happened_and_how_far_off():
    assert str(compare_prediction(12, 15)).startswith("You predicted 12, it was 15 (off by 3")
    assert "lower" in str(compare_prediction(12, 15)) and "higher" in str(compare_prediction(18, 15))
    assert compare_prediction(15, 15.0).status == "match"
    assert compare_prediction("15", 15).matched  # typed with quotes still counts


def test_units_and_tolerance():
    result = compare_prediction(2.5, 3, unit="s", tolerance=0.5)
    assert result.status == "close" and "You predicted 2.5 s, it was 3 s (off by 0.5 s)" in str(result)
    assert compare_prediction(2, 3, tolerance=0.5).status == "off"


def test_text_and_option_letters_ignore_case_spaces_and_brackets():
    assert compare_prediction(" B) ", "b").matched
    wrong = compare_prediction("a", "b")
    assert wrong.status == "off" and "You predicted 'a', it was 'b'" in str(wrong)
    assert compare_prediction({"b", "a"}, {"a", "b"}).matched
    assert compare_prediction(["boot", "health"], ["boot", "health"]).matched


def test_never_raises_whatever_the_learner_wrote():
    class Weird:
        def __eq__(self, other):
            raise RuntimeError("no")

    assert isinstance(compare_prediction(Weird(), 3), PredictionResult)
    assert isinstance(compare_prediction(print, [1]), PredictionResult)


def test_shows_as_a_coloured_box_and_as_text():
    result = compare_prediction(15, 15, name="my_prediction")
    assert "my_prediction" in result._repr_html_() and "spot on" in result._repr_html_()
    assert repr(result).startswith("✅") and "spot on" in repr(result)
    assert repr(compare_prediction(None, 3)).startswith("ℹ️")
