"""Data Mesh pictures: each returns a detached Figure that draws what its level promises."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

from mesh_lab.mesh import Catalog, DataProduct  # noqa: E402
from mesh_lab.plots.mesh import (  # noqa: E402
    BLAST,
    BROKEN,
    central_vs_mesh,
    four_pillars,
    group_project,
    lego_house,
    mesh_map,
)
from mesh_lab.simulate import simulate  # noqa: E402


def texts(fig: Figure) -> str:
    return " | ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def renders(fig: Figure) -> bool:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue().startswith(b"\x89PNG")


def chain() -> Catalog:
    return Catalog([
        DataProduct("payments.transactions", owner="Payments team"),
        DataProduct("catalog.products", owner="Catalog team"),
        DataProduct("analytics.daily_revenue", owner="Analytics team",
                    inputs=["payments.transactions", "catalog.products"]),
    ])


@pytest.fixture(autouse=True)
def _no_pyplot_leaks():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a plot function left a figure open in pyplot"


def test_lego_house_shows_one_giant_box_and_a_labelled_box_per_room():
    fig = lego_house()
    words = texts(fig)
    assert "One giant box" in words and "own box" in words
    for room in ("Kitchen", "Bedroom", "Garage", "Garden"):
        assert room in words
    assert renders(fig)


def test_lego_house_is_seeded():
    first = [p.get_xy() for p in lego_house(seed=1).axes[0].patches]
    again = [p.get_xy() for p in lego_house(seed=1).axes[0].patches]
    other = [p.get_xy() for p in lego_house(seed=2).axes[0].patches]
    assert first == again and first != other


def test_group_project_shows_the_bottleneck_and_the_shared_rules():
    fig = group_project(waiting=5)
    words = texts(fig)
    assert "5 edits waiting" in words and "Shared rules" in words
    for team in ("Slides team", "Research team", "Design team"):
        assert team in words
    assert renders(fig)
    with pytest.raises(ValueError, match="waiting"):
        group_project(waiting=-1)


def test_four_pillars_names_dehghanis_four_principles():
    words = texts(four_pillars()).replace("\n", " ")
    for pillar in ("Domain ownership", "Data as a product", "Self-serve platform", "Federated governance"):
        assert pillar in words


def test_mesh_map_draws_every_product_and_every_lineage_edge():
    fig = mesh_map(chain())
    ax = fig.axes[0]
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == 3
    arrows = [p for p in ax.patches if p.__class__.__name__ == "FancyArrowPatch"]
    assert len(arrows) == 2
    assert "daily_revenue" in texts(fig)
    assert renders(fig)


def test_mesh_map_paints_the_broken_product_and_its_blast_radius():
    ax = mesh_map(chain(), broken="payments.transactions").axes[0]
    edges = {matplotlib.colors.to_hex(p.get_edgecolor()) for p in ax.patches if isinstance(p, FancyBboxPatch)}
    assert {BROKEN.lower(), BLAST.lower()} <= edges
    assert "BROKEN" in texts(ax.figure) and "affected" in texts(ax.figure)


def test_central_vs_mesh_draws_one_line_per_model_in_each_panel():
    fig = central_vs_mesh(simulate(weeks=12))
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert [line.get_label() for line in ax.lines] == ["central", "mesh"]
        assert len(ax.lines[0].get_xdata()) == 12
    assert renders(fig)


def test_central_vs_mesh_says_what_is_missing_from_a_wrong_frame():
    with pytest.raises(ValueError, match="backlog"):
        central_vs_mesh(simulate(weeks=3).drop(columns="backlog"))


def test_central_vs_mesh_draws_the_metrics_asked_for_and_labels_line_ends():
    fig = central_vs_mesh(simulate(weeks=8, seed=2), metrics=("correctness",))
    assert len(fig.axes) == 1 and "Correctness" in fig.axes[0].get_title()
    ends = [t.get_text() for t in fig.axes[0].texts]
    assert len(ends) == 2
    with pytest.raises(ValueError, match="metrics must be some of"):
        central_vs_mesh(simulate(weeks=3), metrics=("speed",))


def test_group_project_cards_hold_their_whole_text():
    """“Research edit #10” used to spill over the edge of its card."""
    fig = group_project(waiting=10)
    fig.savefig(io.BytesIO(), format="png")  # lays the text out; extents below are in pixels
    left = fig.axes[0]
    cards = [p for p in left.patches if isinstance(p, FancyBboxPatch) and p.get_height() == pytest.approx(0.55)]
    labels = [t for t in left.texts if " edit #" in t.get_text()]
    assert len(cards) == len(labels) == 10
    for card, label in zip(cards, labels, strict=True):
        outer, inner = card.get_window_extent(), label.get_window_extent()
        assert outer.x0 <= inner.x0 and inner.x1 <= outer.x1, f"{label.get_text()!r} does not fit its card"


def test_group_project_lists_the_idle_teams_in_the_same_order_as_their_sections():
    left = group_project().axes[0]
    heights = {t.get_text(): t.get_position()[1] for t in left.texts if t.get_text().endswith(" team")}
    assert heights["Slides team"] > heights["Research team"] > heights["Design team"]


def test_group_project_says_how_many_edits_the_pile_does_not_show():
    assert "+ 5 more" in texts(group_project(waiting=15))
    assert "more" not in texts(group_project(waiting=10))


def test_central_vs_mesh_legend_stays_off_flat_lines_at_the_top():
    fig = central_vs_mesh(simulate(change_requests=0.0, weeks=20))
    fig.savefig(io.BytesIO(), format="png")
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent()
        for line in ax.lines:
            xs, ys = ax.transData.transform(line.get_xydata()).T
            assert not ((xs >= box.x0) & (xs <= box.x1) & (ys >= box.y0) & (ys <= box.y1)).any()
