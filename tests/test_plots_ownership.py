"""Domain ownership pictures: each returns a detached Figure that draws what the core result says."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

from mesh_lab.mesh import sample_mesh  # noqa: E402
from mesh_lab.ownership import knowledge_distance, ownership_map, ticket_ping_pong  # noqa: E402
from mesh_lab.plots.ownership import (  # noqa: E402
    MISSING,
    NOBODY,
    OK,
    WHO_COLORS,
    expected_hours_per_change,
    knowledge_distance_curve,
    ticket_timeline,
    toy_boxes,
    who_owns_what,
)


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def renders(fig: Figure) -> bool:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue().startswith(b"\x89PNG")


@pytest.fixture(autouse=True)
def _no_pyplot_leaks():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a plot function left a figure open in pyplot"


def test_toy_boxes_tag_each_keeper_and_mark_the_boxes_nobody_keeps():
    fig = toy_boxes({"kitchen box": "Mia", "hall box": None, "garage box": "Leo"})
    words = texts(fig)
    assert "kept by Mia" in words and "kept by Leo" in words
    assert words.count("no name") == 1 and words.count("lost toys end up here") == 1
    grey = [p for p in fig.axes[0].patches if matplotlib.colors.to_hex(p.get_facecolor()) == NOBODY]
    assert len(grey) == 1
    assert renders(fig)


def card_edges(fig: Figure) -> list[str]:
    return [matplotlib.colors.to_hex(p.get_edgecolor()) for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]


def test_who_owns_what_draws_a_card_per_product_red_when_something_is_missing():
    table = ownership_map(sample_mesh())
    fig = who_owns_what(table)
    words = " | ".join(texts(fig))
    for product in table["product"]:
        assert product in words
    assert "owner: Priya Shah" in words
    complete = table[["ask", "report issues", "approvers"]].ne("—").all(axis=1)
    assert sorted(card_edges(fig)) == sorted(OK if ok else MISSING for ok in complete)
    assert words.count("missing") == int((table[["ask", "report issues", "approvers"]] == "—").sum().sum())
    assert renders(fig)


def test_who_owns_what_turns_green_when_the_block_is_complete():
    table = pd.DataFrame([{"product": "a.x", "team": "a-team", "owner": "Ann", "approvers": "a lead",
                           "ask": "#a", "report issues": "a-issues"}])
    assert card_edges(who_owns_what(table)) == [OK]
    assert card_edges(who_owns_what(table.assign(approvers="—"))) == [MISSING]


def test_knowledge_distance_curve_labels_every_distance_and_draws_the_equation():
    frame = knowledge_distance()
    fig = knowledge_distance_curve(frame)
    hours, defects = fig.axes
    assert [f"{value:,.0f} h" for value in frame["hours_lost"]] == [t.get_text() for t in hours.texts]
    assert [str(value) for value in frame["defects"]] == [t.get_text() for t in defects.texts]
    expected = hours.lines[0]
    assert expected.get_ydata()[-1] == pytest.approx(frame["changes"].iloc[0] * expected_hours_per_change(1.0))
    assert expected.get_ydata()[0] == pytest.approx(frame["changes"].iloc[0] * 0.06)
    assert renders(fig)


def test_ticket_timeline_has_one_bar_per_hop_coloured_by_who_held_it():
    central, domain = ticket_ping_pong("central"), ticket_ping_pong("domain")
    fig = ticket_timeline([central, domain])
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_height() == pytest.approx(0.55)]
    assert len(bars) == len(central.hops) + len(domain.hops)
    widths = sorted(round(b.get_width(), 6) for b in bars)
    assert widths == sorted(round(float(h["hours"]), 6) for h in central.hops + domain.hops)
    colours = {matplotlib.colors.to_hex(b.get_facecolor()) for b in bars}
    assert colours == {WHO_COLORS["consumer"], WHO_COLORS["central team"], WHO_COLORS["domain"]}
    words = " | ".join(texts(fig))
    assert f"{central.total_hours:,.0f} h, {len(central.hops)} hops" in words
    assert f"{domain.total_hours:,.0f} h, {len(domain.hops)} hops" in words
    assert [t.get_text() for t in ax.get_yticklabels()] == ["domain", "central"]
    assert renders(fig)
