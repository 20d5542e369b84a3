"""Data Mesh 06 pictures: each returns a detached Figure that draws what the core result says."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from mesh_lab.diagnosis import (  # noqa: E402
    CASE_STUDIES,
    FACTORS,
    diagnose,
    governance_extremes,
    mesh_without_platform,
    renamed_platform_team,
)
from mesh_lab.plots.diagnosis import (  # noqa: E402
    BAD,
    GOOD,
    NEUTRAL,
    VERDICT_COLORS,
    anti_patterns,
    diagnosis_factors,
    houses,
)


def renders(fig: Figure) -> bool:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue().startswith(b"\x89PNG")


@pytest.fixture(autouse=True)
def _no_pyplot_leaks():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a plot function left a figure open in pyplot"


def test_houses_draw_each_room_and_box():
    fig = houses({"flat": (1, 1), "farm": (8, 24)})
    small, big = fig.axes
    assert "1 room, 1 box" in small.get_title() and "8 rooms, 24 boxes" in big.get_title()
    assert len([p for p in small.patches if isinstance(p, Rectangle)]) == 1 + 1
    assert len([p for p in big.patches if isinstance(p, Rectangle)]) == 8 + 24
    assert renders(fig)


def test_diagnosis_factors_draw_the_scores_and_the_verdict():
    found = [diagnose(case) for case in CASE_STUDIES]
    fig = diagnosis_factors(found)
    assert len(fig.axes) == 3
    for ax, diagnosis in zip(fig.axes, found, strict=True):
        widths = [bar.get_width() for bar in ax.patches]
        assert widths == pytest.approx([diagnosis.scores[f] for f in FACTORS])
        assert diagnosis.verdict in ax.get_title()
        assert matplotlib.colors.to_hex(ax.title.get_color()) == VERDICT_COLORS[diagnosis.verdict]
    assert renders(fig)
    assert len(diagnosis_factors(found[0]).axes) == 1
    with pytest.raises(ValueError, match="at least one"):
        diagnosis_factors([])


def test_anti_patterns_side_by_side_colour_the_healthy_scenario_green():
    tables = {"no platform": mesh_without_platform(), "governance": governance_extremes(),
              "renamed": renamed_platform_team()}
    fig = anti_patterns(tables)
    assert len(fig.axes) == 6
    top = fig.axes[:3]
    for ax, (title, table) in zip(top, tables.items(), strict=True):
        assert ax.get_title() == title
        heights = [bar.get_height() for bar in ax.patches]
        assert heights == pytest.approx(list(table["mean time-to-data (weeks)"]))
        colours = [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in ax.patches]
        assert colours == [GOOD if healthy else BAD for healthy in table["healthy"]]
    bottom = fig.axes[3:]
    assert [b.get_height() for b in bottom[1].patches] == pytest.approx(list(tables["governance"]["consistency"]))
    assert renders(fig)


def test_anti_patterns_without_a_healthy_column_are_grey_and_empty_input_is_refused():
    table = mesh_without_platform().drop(columns="healthy")
    fig = anti_patterns({"plain": table})
    assert {matplotlib.colors.to_hex(b.get_facecolor()) for b in fig.axes[0].patches} == {NEUTRAL}
    with pytest.raises(ValueError, match="at least one table"):
        anti_patterns({})
