"""The flakiness lab's pictures and widget, and smoke creep: a suite that outgrows its budget warns."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import pytest

from mesh_lab import creep
from mesh_lab.errors import MeshLabError
from mesh_lab.flakiness import compare_policies, simulate_flakiness
from mesh_lab.plots import flakiness as pf
from mesh_lab.smoke import SmokeBudgetWarning
from mesh_lab.widgets import flakiness as wf

PNG_MAGIC = b"\x89PNG"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---- pictures

def test_policy_figure_draws_one_bar_per_policy_in_each_panel():
    comparison = compare_policies()
    fig = pf.policy_figure(comparison)
    alarms, escaped = fig.axes
    assert [p.get_height() for p in alarms.patches] == comparison["false alarms / week"].tolist()
    assert [p.get_height() for p in escaped.patches] == comparison["faults escaped"].tolist()


def test_flake_curves_draw_one_line_per_policy_week_by_week():
    weeks = {policy: simulate_flakiness(policy) for policy in ("no-rerun", "rerun-1")}
    fig = pf.flake_curves(weeks)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["no-rerun", "rerun-1"]
    assert list(lines[0].get_ydata()) == weeks["no-rerun"]["false_alarms"].tolist()


def test_the_pictures_explain_what_they_need():
    with pytest.raises(MeshLabError, match="compare_policies"):
        pf.policy_figure(simulate_flakiness())
    with pytest.raises(MeshLabError, match="simulate_flakiness"):
        pf.flake_curves({})
    with pytest.raises(MeshLabError, match="suite_growth"):
        pf.creep_figure(compare_policies(), 180)


def test_creep_figure_colours_the_sprints_over_budget():
    growth = creep.suite_growth()
    fig = pf.creep_figure(growth, creep.CREEP_BUDGET_S)
    bars = fig.axes[0].patches
    red = [bar.get_facecolor() for bar, over in zip(bars, growth["over budget"], strict=True) if over]
    blue = [bar.get_facecolor() for bar, over in zip(bars, growth["over budget"], strict=True) if not over]
    assert red and blue and red[0] != blue[0]


# ---- the widget, headless

def test_the_widget_simulates_the_chosen_policy_and_flake_rate():
    lab = wf.flakiness_lab()
    assert lab.result.equals(simulate_flakiness("no-rerun", wf.suite_with_flake_rate(0.03)))
    assert bytes(lab.picture.value).startswith(PNG_MAGIC)
    lab.policy.value = "rerun-1"
    assert lab.result["policy"].iloc[0] == "rerun-1" and "rerun-1" in lab.message.value
    lab.flake_rate.value = 0.2
    assert lab.result.equals(simulate_flakiness("rerun-1", wf.suite_with_flake_rate(0.2)))
    assert "false alarms a week" in lab.message.value and "No buttons showing?" in lab.plain_text()


def test_a_higher_flake_rate_means_more_false_alarms_without_rerun():
    calm = simulate_flakiness("no-rerun", wf.suite_with_flake_rate(0.0))["false_alarms"].sum()
    noisy = simulate_flakiness("no-rerun", wf.suite_with_flake_rate(0.2))["false_alarms"].sum()
    assert noisy > calm * 3


def test_suite_with_flake_rate_changes_only_the_journey_check():
    changed = wf.suite_with_flake_rate(0.15)
    assert [c.flake_rate for c in changed if c.name == wf.JOURNEY] == [0.15]
    assert [c for c in changed if c.name != wf.JOURNEY] == [c for c in wf.DEFAULT_SUITE if c.name != wf.JOURNEY]


# ---- smoke creep

def test_the_suite_grows_every_sprint_and_goes_over_budget():
    growth = creep.suite_growth()
    assert growth["sprint"].tolist() == list(range(1, 9))
    assert growth["seconds"].is_monotonic_increasing and growth["checks"].is_monotonic_increasing
    assert not growth["over budget"].iloc[0] and growth["over budget"].iloc[-1]
    assert (growth["basic seconds"] <= creep.CREEP_BUDGET_S).all()


def test_split_suite_keeps_the_basic_checks_and_moves_the_rest():
    smoke, regression = creep.split_suite()
    assert smoke == {"boot", "health", "db", "login_dashboard", "version_matches"}
    assert "load_200_logins" in regression and not smoke & regression
    slow_basics = [creep.CreepCheck("browser_login", 200, 1, True)]
    with pytest.raises(MeshLabError, match="basic checks alone take 200 s"):
        creep.split_suite(slow_basics)


def _budget_warnings(sprint: int) -> list:
    suite = creep.creeping_suite(sprint, time_scale=0.0005)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = suite.run("http://127.0.0.1:9")
    assert run.passed
    return [w for w in caught if issubclass(w.category, SmokeBudgetWarning)]


def test_the_real_suite_warns_once_it_outgrows_its_budget():
    first_over = int(creep.suite_growth().query("`over budget`")["sprint"].min())
    assert _budget_warnings(1) == []
    assert _budget_warnings(8) and "not smoke testing" in str(_budget_warnings(8)[0].message)
    assert 1 < first_over < 8


def test_creep_refuses_what_it_cannot_model():
    with pytest.raises(MeshLabError, match="sprints start at 1"):
        creep.creeping_suite(0)
    with pytest.raises(MeshLabError, match="seconds must be a positive number"):
        creep.CreepCheck("x", 0, 1, True)


@pytest.mark.parametrize("draw", [
    lambda: pf.policy_figure(compare_policies()),
    lambda: pf.flake_curves({"rerun-1": simulate_flakiness("rerun-1")}),
    lambda: pf.creep_figure(creep.suite_growth(), creep.CREEP_BUDGET_S),
], ids=["policy", "curves", "creep"])
def test_figures_fit_the_notebook_column_with_readable_text(draw):
    from mesh_lab.plots.smoke import MAX_FIGURE_PX

    fig = draw()
    assert fig.get_figwidth() * fig.dpi <= MAX_FIGURE_PX, "JupyterLab would shrink it, text included"
    texts = [t for ax in fig.axes for t in [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label,
                                            *ax.get_xticklabels(), *ax.get_yticklabels()] if t.get_text()]
    smallest_px = min(t.get_fontsize() * fig.dpi / 72 for t in texts)
    assert smallest_px >= 12, f"smallest text {smallest_px:.1f} px"
