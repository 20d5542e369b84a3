"""The detection matrix picture: one coloured cell per fault and tier, readable text, the time of each tier."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from mesh_lab.plots.data_smoke import CELL_COLOURS, detection_matrix_figure  # noqa: E402
from mesh_lab.plots.smoke import MIN_CONTRAST, MIN_TEXT_PX, contrast_ratio  # noqa: E402

ROWS = [("none", "smoke", False, 3.0), ("none", "full validation", False, 150.0), ("none", "SLA", True, 90.0),
        ("stale data", "smoke", True, 4.0), ("stale data", "full validation", False, 160.0),
        ("stale data", "SLA", True, 95.0), ("duplicates", "smoke", False, 5.0),
        ("duplicates", "full validation", True, 170.0), ("duplicates", "SLA", False, 99.0)]
MATRIX = pd.DataFrame(ROWS, columns=["fault", "tier", "caught", "ms"]).assign(said="…")


def cell_texts(fig) -> list[tuple[str, str, str]]:
    """(text, text colour, cell colour) of every cell, in drawing order."""
    ax = fig.axes[0]
    faces = [to_hex(p.get_facecolor()) for p in ax.patches]
    return [(t.get_text(), to_hex(t.get_color()), face) for t, face in zip(ax.texts, faces, strict=True)]


def test_each_cell_says_caught_or_missed_with_its_time_in_its_colour():
    cells = cell_texts(detection_matrix_figure(MATRIX))
    assert [text for text, _, _ in cells] == [
        "quiet\n3 ms", "quiet\n150 ms", "FALSE ALARM\n90 ms", "caught\n4 ms", "missed\n160 ms", "caught\n95 ms",
        "missed\n5 ms", "caught\n170 ms", "missed\n99 ms"]
    for text, colour, face in cells:
        assert face == to_hex(CELL_COLOURS[text.split("\n")[0]])
        assert contrast_ratio(colour, face) >= MIN_CONTRAST, (text, colour, face)


def test_rows_name_the_pillar_and_columns_the_total_time():
    fig = detection_matrix_figure(MATRIX)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["none (good data)", "stale data · freshness",
                                                            "duplicates · distribution"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["smoke\n12 ms in all", "full validation\n480 ms in all",
                                                            "SLA\n284 ms in all"]
    px_per_pt = fig.dpi / 72
    assert all(t.get_fontsize() * px_per_pt >= MIN_TEXT_PX for t in ax.texts)
    assert fig.get_figwidth() * fig.dpi <= 700
    assert not plt.get_fignums(), "the figure is closed: shown once, never leaked"


def test_a_frame_that_is_not_a_matrix_is_a_clear_error():
    with pytest.raises(ValueError, match="detection_matrix"):
        detection_matrix_figure(pd.DataFrame({"fault": ["x"]}))
