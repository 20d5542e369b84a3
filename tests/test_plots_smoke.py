"""The smoke-testing figures: each returns a closed Figure that draws what its input says."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from mesh_lab.plots import smoke as ps
from mesh_lab.toys import press_power_button, preview_reel


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [ax.get_title() for ax in fig.axes]


def _patch_colors(fig: Figure) -> list[str]:
    return [to_hex(p.get_facecolor()) for ax in fig.axes for p in ax.patches]


@pytest.fixture(autouse=True)
def _no_open_figures():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "figures must be closed: they would be shown twice and leak memory"


def test_toy_light_glows_only_when_the_toy_turns_on():
    on = ps.toy_figure(press_power_button("robot"))
    off = ps.toy_figure(press_power_button("race car"))
    assert isinstance(on, Figure)
    assert ps.LIGHT_ON in _patch_colors(on) and ps.LIGHT_OFF not in _patch_colors(on)
    assert ps.LIGHT_OFF in _patch_colors(off) and ps.LIGHT_ON not in _patch_colors(off)
    assert "robot: it turns on!" in _texts(on) and "race car: nothing happens" in _texts(off)


def test_reel_checklist_marks_found_passed_and_skipped_checks():
    outcome = preview_reel("pet", checks=["video", "captions"])
    texts = _texts(ps.reel_figure(outcome))
    assert "FIX FIRST" in texts
    assert texts.count("?") == 1 and texts.count("\u2713") == 1 and texts.count("\u2717") == 1
    assert "POST" in _texts(ps.reel_figure(preview_reel("dance")))


def _tier_box(fig: Figure, color: str) -> Rectangle:
    return next(p for p in fig.axes[0].patches if to_hex(p.get_edgecolor()) == color)


def test_tiers_figure_puts_the_three_kinds_in_order_of_scope_and_time():
    fig = ps.tiers_figure()
    texts = _texts(fig)
    for name, *_ in ps.TIERS:
        assert name in texts
    boxes = [_tier_box(fig, tier[-1]) for tier in ps.TIERS]
    ends = [(b.get_x(), b.get_x() + b.get_width(), b.get_y(), b.get_y() + b.get_height()) for b in boxes]
    health, smoke, regression = ends
    assert health[1] <= smoke[0] and smoke[1] <= ps.SMOKE_LIMIT_S <= regression[0], "faster to slower"
    assert health[3] <= smoke[2] and smoke[3] <= regression[2], "narrower to broader"
    assert fig.axes[0].get_xscale() == "log"
    assert any("not smoke" in t for t in texts), "the rule of thumb is drawn"


def _run_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["boot", "health", "journey", "data"],
        "status": ["pass", "pass", "fail", "skipped"],
        "duration_ms": [12.0, 3.0, 40.0, 0.0],
    })


def test_smoke_run_figure_draws_one_bar_per_check_coloured_by_status():
    fig = ps.smoke_run_figure(_run_frame(), title="demo")
    bars = fig.axes[0].patches
    assert len(bars) == 4
    # barh draws from the bottom: the first check is the top bar
    assert [to_hex(b.get_facecolor()) for b in bars][::-1] == [
        ps.STATUS_COLORS[s] for s in ["pass", "pass", "fail", "skipped"]]
    assert [b.get_width() for b in bars][::-1] == [12.0, 3.0, 40.0, 0.0]
    assert fig.axes[0].get_title() == "demo"
    assert any("FAIL" in t for t in _texts(fig))


def test_smoke_run_figure_takes_a_real_smoke_run():
    from mesh_lab.smoke import smoke_release

    run = smoke_release("broken_login")
    fig = ps.smoke_run_figure(run)
    assert len(fig.axes[0].patches) == len(run.results)


def test_smoke_run_figure_names_missing_columns():
    with pytest.raises(ValueError, match=r"missing \['duration_ms'\]"):
        ps.smoke_run_figure(pd.DataFrame({"name": ["a"], "status": ["pass"]}))


def test_release_matrix_figure_colours_every_cell_by_its_status():
    table = pd.DataFrame({"boot": ["pass", "fail"], "journey": ["fail", "skipped"]},
                         index=pd.Index(["broken_login", "fails_to_boot"], name="release"))
    fig = ps.release_matrix_figure(table)
    colors = _patch_colors(fig)
    assert colors == [ps.STATUS_COLORS[s] for s in ["pass", "fail", "fail", "skipped"]]
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["broken_login", "fails_to_boot"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["boot", "journey"]


def test_release_matrix_figure_refuses_an_empty_table():
    with pytest.raises(ValueError, match="release_matrix"):
        ps.release_matrix_figure(pd.DataFrame())
