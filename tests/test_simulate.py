"""The organisation model: seeded, vectorised, and its equations keep their promises."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesh_lab.simulate import (
    OUTPUT_COLUMNS,
    OrgParams,
    SimulationParameterError,
    compare,
    queue_backlog,
    simulate,
)


def loop_backlog(arrivals: np.ndarray, capacity: float) -> np.ndarray:
    """The textbook recursion, one week at a time, to check the vectorised version against."""
    backlog = np.zeros(arrivals.shape[1:])
    out = []
    for week in arrivals:
        backlog = np.maximum(0.0, backlog + week - capacity)
        out.append(backlog.copy())
    return np.array(out)


@pytest.mark.parametrize("capacity", [0.5, 2.9, 3.0, 3.1, 10.0])
def test_vectorised_backlog_equals_week_by_week_recursion(capacity):
    arrivals = np.random.default_rng(3).poisson(3, size=(52, 7)).astype(float)
    np.testing.assert_allclose(queue_backlog(arrivals, capacity), loop_backlog(arrivals, capacity))


def test_frame_is_tidy_one_row_per_week_and_model():
    frame = simulate(weeks=10)
    assert list(frame.columns) == OUTPUT_COLUMNS
    assert len(frame) == 20
    assert set(frame["model"]) == {"central", "mesh"}
    assert frame.groupby("model")["week"].apply(list).map(lambda w: w == list(range(1, 11))).all()
    assert (frame["backlog"] >= 0).all()
    assert frame[["correctness", "consistency"]].stack().between(0, 1).all()


def test_same_seed_same_numbers_other_seed_other_numbers():
    pd.testing.assert_frame_equal(simulate(seed=11), simulate(seed=11))
    assert not simulate(seed=11)["arrivals"].equals(simulate(seed=12)["arrivals"])


def test_both_models_face_the_same_change_requests():
    frame = simulate(n_domains=12)
    by_model = frame.pivot(index="week", columns="model", values="arrivals")
    assert by_model["central"].equals(by_model["mesh"])


def test_single_model_matches_its_part_of_both():
    both = simulate(seed=5)
    mesh_only = simulate(seed=5, model="mesh")
    pd.testing.assert_frame_equal(both[both["model"] == "mesh"].reset_index(drop=True), mesh_only)


def test_work_is_conserved_arrived_equals_delivered_plus_waiting():
    frame = simulate(n_domains=6, central_capacity=12)
    for _, part in frame.groupby("model"):
        assert part["arrivals"].sum() == pytest.approx(part["delivered"].sum() + part["backlog"].iloc[-1])


def test_central_team_becomes_a_bottleneck_as_domains_grow():
    small = compare(n_domains=4)
    large = compare(n_domains=40)
    key = "mean time-to-data (weeks)"
    assert large.loc[key, "central"] > small.loc[key, "central"]
    assert large.loc[key, "mesh"] == pytest.approx(small.loc[key, "mesh"], abs=1.0)


def test_more_central_capacity_never_grows_the_backlog():
    backlogs = [simulate(model="central", central_capacity=c)["backlog"].to_numpy() for c in (10, 20, 40)]
    assert (backlogs[0] >= backlogs[1]).all() and (backlogs[1] >= backlogs[2]).all()


def test_platform_maturity_lowers_domain_cost_and_time_to_data():
    low, high = OrgParams(platform_maturity=0.1), OrgParams(platform_maturity=0.9)
    assert high.mesh_cost() < low.mesh_cost()
    slow = simulate(low, model="mesh")
    fast = simulate(high, model="mesh")
    assert (fast["time_to_data"].to_numpy() <= slow["time_to_data"].to_numpy()).all()
    assert fast["duplicated_work"].mean() < slow["duplicated_work"].mean()


def test_knowledge_distance_lowers_central_correctness_only():
    near = simulate(knowledge_distance=0.0)
    far = simulate(knowledge_distance=0.8)
    central = lambda f: f.loc[f["model"] == "central", "correctness"].to_numpy()  # noqa: E731
    mesh = lambda f: f.loc[f["model"] == "mesh", "correctness"].to_numpy()  # noqa: E731
    assert (central(far) < central(near)).all()
    np.testing.assert_allclose(mesh(far), mesh(near))


def test_governance_trades_consistency_for_speed():
    weak = compare(governance_strictness=0.0)
    strict = compare(governance_strictness=1.0)
    assert strict.loc["consistency", "mesh"] > weak.loc["consistency", "mesh"]
    assert strict.loc["mean time-to-data (weeks)", "mesh"] > weak.loc["mean time-to-data (weeks)", "mesh"]


def test_weak_governance_hurts_consistency_more_with_more_domains():
    few = OrgParams(n_domains=2, governance_strictness=0.0).mesh_consistency()
    many = OrgParams(n_domains=50, governance_strictness=0.0).mesh_consistency()
    assert many < few < 1
    assert OrgParams(n_domains=50, governance_strictness=1.0).mesh_consistency() == 1


def test_one_domain_duplicates_nothing():
    assert simulate(n_domains=1, model="mesh")["duplicated_work"].eq(0).all()


def test_no_change_requests_means_no_backlog():
    frame = simulate(change_requests=0)
    assert frame["backlog"].eq(0).all() and frame["time_to_data"].eq(1).all()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"n_domains": 0}, ["n_domains", "from 1 to 500", "got 0", "n_domains=1"]),
        ({"n_domains": 2.5}, ["n_domains", "whole number", "2.5"]),
        ({"platform_maturity": 1.5}, ["platform_maturity", "from 0 to 1", "platform_maturity=1.0"]),
        ({"governance_strictness": "high"}, ["governance_strictness", "number", "'high'"]),
        ({"change_requests": float("nan")}, ["change_requests", "nan"]),
        ({"central_capacity": 0}, ["central_capacity", "got 0"]),
        ({"weeks": True}, ["weeks", "True"]),
        ({"seed": -1}, ["seed", "≥ 0"]),
        ({"speed": 3}, ["unknown parameter", "speed", "n_domains"]),
        ({"model": "chaos"}, ["'central', 'mesh' or 'both'", "chaos"]),
    ],
)
def test_bad_parameters_say_what_and_how_to_fix(kwargs, words):
    with pytest.raises(SimulationParameterError) as caught:
        simulate(**kwargs)
    for word in words:
        assert word in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_params_show_themselves():
    params = OrgParams(n_domains=3)
    assert "n_domains=3" in repr(params)
    assert "<table>" in params._repr_html_() and "platform_maturity" in params._repr_html_()


@settings(max_examples=60, deadline=None)
@given(
    n_domains=st.integers(1, 60),
    change_requests=st.floats(0, 20),
    central_capacity=st.floats(0.1, 200),
    domain_capacity=st.floats(0.1, 30),
    platform_maturity=st.floats(0, 1),
    governance_strictness=st.floats(0, 1),
    knowledge_distance=st.floats(0, 1),
    weeks=st.integers(1, 60),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_valid_organisation_gives_sane_numbers(**params):
    frame = simulate(**params)
    assert len(frame) == 2 * params["weeks"]
    numbers = frame.drop(columns=["model"])
    assert np.isfinite(numbers.to_numpy(dtype=float)).all()
    assert (frame["backlog"] >= -1e-9).all() and (frame["time_to_data"] >= 1).all()
    assert frame[["correctness", "consistency"]].stack().between(0, 1).all()
    for _, part in frame.groupby("model"):
        arrived = part["arrivals"].sum()
        assert arrived == pytest.approx(part["delivered"].sum() + part["backlog"].iloc[-1], rel=1e-9, abs=1e-6)
