"""What the start notebook shows in a browser: the self-check table and the slider's picture (issue 9).

The self-check table had an empty "how to fix" column and right-aligned text; the slider's picture was
a third blank. Both are checked here on what the notebook renders, without a browser.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from mesh_lab.kit import doctor
from mesh_lab.plots.kit import MAX_DOMAINS, domain_sketch
from mesh_lab.widgets import figure_png

INK = 245  # a pixel darker than this is drawn, not background


def _report(*results: doctor.CheckResult) -> doctor.DoctorReport:
    return doctor.DoctorReport(list(results))


PASSED = doctor.CheckResult("Python", True, "3.11.7 (needs ≥ 3.10)")
FAILED = doctor.CheckResult("widgets", False, "ipywidgets missing", hint="pip install ipywidgets")


def test_an_all_green_table_has_no_empty_how_to_fix_column():
    page = _report(PASSED, PASSED)._repr_html_()
    assert "how to fix" not in page
    assert len(re.findall(r"<th[ >]", page)) == 3


def test_a_failed_check_shows_its_fix_in_a_how_to_fix_column():
    page = _report(PASSED, FAILED)._repr_html_()
    assert "how to fix" in page and "pip install ipywidgets" in page
    assert page.count("<tr>") == 3 and len(re.findall(r"<th[ >]", page)) == 4


def test_the_table_text_is_left_aligned():
    page = _report(PASSED, FAILED)._repr_html_()
    aligns = re.findall(r"text-align:(\w+)", page)
    assert aligns and set(aligns) == {"left"}, "JupyterLab right-aligns table cells unless told otherwise"


def _ink_stats(png: bytes) -> tuple[float, float, float]:
    """Share of the height and of the width the drawing spans, and the tallest empty band's share."""
    ink = np.asarray(Image.open(io.BytesIO(png)).convert("L")) < INK
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    band = longest = 0
    for empty in ~ink.any(axis=1):
        band = band + 1 if empty else 0
        longest = max(longest, band)
    return (rows[-1] - rows[0] + 1) / ink.shape[0], (cols[-1] - cols[0] + 1) / ink.shape[1], longest / ink.shape[0]


@pytest.mark.parametrize("n_domains", range(1, MAX_DOMAINS + 1))
def test_the_slider_picture_has_no_blank_third(n_domains):
    height, width, empty_band = _ink_stats(figure_png(domain_sketch(n_domains)))
    assert height >= 0.85 and width >= 0.85, f"the drawing spans {height:.0%} × {width:.0%} of the picture"
    assert empty_band <= 0.2, f"an empty band of {empty_band:.0%} of the picture's height"


def test_the_slider_picture_keeps_its_width_as_domains_change():
    widths = {Image.open(io.BytesIO(figure_png(domain_sketch(n)))).size[0] for n in range(1, MAX_DOMAINS + 1)}
    assert len(widths) == 1, "the picture must not jump in width while the learner drags the slider"


# --- the exercises as a learner meets them (review of issue 9): slips get their own words, and a right
# --- answer written another way is still right

from mesh_lab.exercises import start_here as ex  # noqa: E402
from mesh_lab.learning.selftest import run_as_learner  # noqa: E402


@pytest.mark.parametrize("exercise, code, mistake", [
    (ex.q1, "seconds = 5 ** 3", "power_not_times"),              # was: "125 is too high"
    (ex.q1, "seconds = 5 / 3", "divided_instead_of_multiplied"),
    (ex.q1, "seconds = 5 * 3 / 60", "minutes_not_seconds"),
    (ex.q1, "seconds = 4 * 3", "miscounted_checks"),
    (ex.q1, "seconds = 6 * 3", "miscounted_checks"),
    (ex.q1, "seconds = True", "yes_no_not_a_number"),            # was: "Expected an int, found a bool"
    (ex.q2, "kit_ready = [False]", "in_brackets"),               # was: "Expected a bool, found a list of 1 bool"
    (ex.q3, "platforms = True", "yes_no_not_a_number"),
    (ex.q3, "platforms = [1]", "in_brackets"),
    (ex.q3, "platforms = None", "left_empty"),
])
def test_a_learner_s_slip_gets_its_own_explanation(exercise, code, mistake):
    result = run_as_learner(exercise, code)
    assert (result.status, result.mistake) == ("incorrect", mistake), result.message


@pytest.mark.parametrize("exercise, code", [
    (ex.q1, "seconds = True"), (ex.q1, "seconds = 5 ** 3"), (ex.q2, "kit_ready = [False]"), (ex.q3, "platforms = [1]"),
])
def test_no_message_gives_away_the_answer_or_its_type(exercise, code):
    message = run_as_learner(exercise, code).message
    assert "15" not in message and not re.search(r"Expected an? (int|bool)", message), message


@pytest.mark.parametrize("exercise, code", [
    (ex.q1, "seconds = 3 * 5"), (ex.q1, "seconds = 3 + 3 + 3 + 3 + 3"), (ex.q1, "seconds = 15.0"),
    (ex.q2, "kit_ready = not True"), (ex.q2, "kit_ready = 1 > 8"), (ex.q3, "platforms = 6 // 6"),
    (ex.q4, 'fix_steps = ("read", "fix", "restart", "rerun")'),
    (ex.q5, 'smoke_steps = ("boot", "health", "journey", "cleanup")'),
])
def test_a_right_answer_written_another_way_is_right(exercise, code):
    assert run_as_learner(exercise, code).status == "correct"
