"""The organisation simulator, driven headless: set slider values and read what it shows."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from mesh_lab.errors import MeshLabError  # noqa: E402
from mesh_lab.simulate import SimulationParameterError, simulate  # noqa: E402
from mesh_lab.widgets.mesh import SLIDERS, TEEN_CONTROLS, OrgView, org_simulator, update  # noqa: E402


def test_update_is_one_simulation_and_one_figure():
    view = update(n_domains=12, seed=3)
    assert isinstance(view, OrgView)
    pd.testing.assert_frame_equal(view.frame, simulate(n_domains=12, seed=3))
    assert [line.get_label() for line in view.figure.axes[0].lines] == ["central", "mesh"]
    assert list(view.summary.columns) == ["central", "mesh"]
    assert "After 52 weeks" in view.headline() and "<table" in view._repr_html_()


def test_update_refuses_bad_values_with_the_simulations_message():
    with pytest.raises(SimulationParameterError, match="platform_maturity"):
        update(platform_maturity=2)


def test_sliders_cover_every_parameter_and_start_at_the_given_values():
    sim = org_simulator(n_domains=20, platform_maturity=0.8)
    assert set(sim.sliders) == set(SLIDERS)
    assert sim.sliders["n_domains"].value == 20
    assert sim.sliders["platform_maturity"].value == pytest.approx(0.8)
    assert sim.result.params.n_domains == 20
    assert bytes(sim.picture.value).startswith(b"\x89PNG")


def test_moving_a_slider_reruns_the_simulation_and_redraws():
    sim = org_simulator(n_domains=4)
    before_png, before = bytes(sim.picture.value), sim.result
    sim.sliders["n_domains"].value = 40
    after = sim.result
    assert after is not before and after.params.n_domains == 40
    pd.testing.assert_frame_equal(after.frame, simulate(n_domains=40))
    assert bytes(sim.picture.value) != before_png
    assert f"{after.summary.loc['final backlog (changes)', 'central']:.0f}" in sim.message.value


def test_more_central_capacity_on_the_slider_shrinks_the_central_backlog():
    sim = org_simulator(n_domains=10)
    stuck = sim.result.summary.loc["final backlog (changes)", "central"]
    sim.sliders["central_capacity"].value = 60
    assert sim.result.summary.loc["final backlog (changes)", "central"] < stuck


def test_teen_version_shows_only_its_sliders():
    sim = org_simulator(controls=TEEN_CONTROLS)
    assert list(sim.sliders) == list(TEEN_CONTROLS)
    assert sim.values() == {name: sim.sliders[name].value for name in TEEN_CONTROLS}


def test_unknown_slider_name_lists_the_real_ones():
    with pytest.raises(MeshLabError, match="n_domains"):
        org_simulator(controls=["speed"])


def test_widget_displays_as_its_box():
    bundle = org_simulator(controls=["n_domains"])._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_teen_table_and_headline_show_only_what_the_teen_level_explains():
    from mesh_lab.widgets.mesh import TEEN_ROWS

    sim = org_simulator(controls=TEEN_CONTROLS, rows=TEEN_ROWS)
    assert "consistency" not in sim.message.value and "correctness" not in sim.table.value
    assert all(row in sim.table.value for row in TEEN_ROWS)
    sim.sliders["n_domains"].value = 20  # still the teen view after a redraw
    assert "consistency" not in sim.message.value and "duplicated" not in sim.table.value
    assert "consistency" in org_simulator().message.value  # the 👨‍💻 view keeps every row


def test_an_unknown_summary_row_lists_the_real_ones():
    with pytest.raises(MeshLabError, match="final backlog"):
        org_simulator(rows=["speed"])


def test_capacity_sliders_say_what_they_count():
    sim = org_simulator()
    assert sim.sliders["central_capacity"].description == "central team: changes / week"
    assert "/ week" in sim.sliders["domain_capacity"].description


def test_table_numbers_carry_no_false_precision():
    table = org_simulator(controls=TEEN_CONTROLS).table.value
    assert not re.search(r"\d\.\d{3}\b", table), "three decimals on a count of changes"
    assert ">298<" in table
