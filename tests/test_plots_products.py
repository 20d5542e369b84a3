"""Data-as-a-product pictures, headless: the toy box and the deadlines of a product's SLAs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mesh_lab.datasets import REFERENCE_TIME  # noqa: E402
from mesh_lab.exercises.data_mesh_03 import clock_contract, delivered_by, points_frame  # noqa: E402
from mesh_lab.plots.products import BROKEN, MET, sla_deadlines, toy_box  # noqa: E402
from mesh_lab.sla import check_sla  # noqa: E402

HOUR = pd.Timedelta(hours=1)
START, END = REFERENCE_TIME - pd.Timedelta(days=3), REFERENCE_TIME + pd.Timedelta(days=1)


def test_toy_box_shows_the_pile_and_the_box_with_its_promise():
    figure = toy_box(pieces=9)
    pile, box = figure.axes
    assert len(pile.patches) == 9, "one shape per piece on the floor"
    texts = " | ".join(_texts(figure))
    for words in ("A pile on the floor", "LABEL: Race car", "STEPS", "PROMISE", "all 9 pieces"):
        assert words in texts
    assert "all 5 pieces" in " | ".join(_texts(toy_box(pieces=5)))
    assert plt.get_fignums() == []


def _texts(figure: Figure) -> list[str]:
    return [t.get_text() for ax in figure.axes for t in ax.texts]


def _report(now):
    frame = delivered_by(points_frame(), now)
    return check_sla(clock_contract(), frame, now=now), frame


def test_deadlines_show_each_timed_sla_and_the_rows():
    report, frame = _report(REFERENCE_TIME)
    figure = sla_deadlines(report, frame)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["rows delivered", "retention  14 d", "frequency  6 h", "freshness (latency)  2 h"]
    assert "loyalty.points: 2 of 3 timed SLAs met" in figure.axes[0].get_title(loc="left")
    texts = " | ".join(_texts(figure))
    assert "newest row's deadline 02 Mar 07:25: 1.4 h left" in texts
    assert "largest gap 9.0 h (allowed 6.0 h)" in texts
    assert plt.get_fignums() == [], "the figure must not leak into pyplot"


def test_a_late_promise_is_drawn_red_with_how_late():
    now = REFERENCE_TIME + 5 * HOUR
    report, frame = _report(now)
    figure = sla_deadlines(report, frame)
    texts = " | ".join(_texts(figure))
    assert "late by 3.6 h" in texts
    red = [p for p in figure.axes[0].patches if matplotlib.colors.to_hex(p.get_facecolor()) == BROKEN]
    assert red, "a breached deadline is drawn in red"
    assert MET != BROKEN


def test_the_window_is_the_time_axis():
    report, frame = _report(REFERENCE_TIME)
    low, high = sla_deadlines(report, frame, window=(START, END)).axes[0].get_xlim()
    assert matplotlib.dates.num2date(low) == START and matplotlib.dates.num2date(high) == END
