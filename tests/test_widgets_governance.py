"""The governance council widget, headless: the callback is ``govern`` + the simulation at the resulting
strictness + one picture; tests set a dropdown's ``.value`` and read ``.result``."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mesh_lab.exercises.data_mesh_05 import mesh_with  # noqa: E402
from mesh_lab.governance import GLOBAL_POLICIES, GovernanceError, strictness  # noqa: E402
from mesh_lab.mesh import sample_mesh  # noqa: E402
from mesh_lab.widgets.governance import CouncilView, council_update, policy_council, with_lifecycles  # noqa: E402


@pytest.fixture(scope="module")
def no_sla_mesh():
    mesh = sample_mesh()
    contract = mesh["logistics.delivery_events"].contract.copy()
    contract.raw.pop("slaProperties")
    return mesh_with(mesh, contract)


def test_the_callback_governs_with_the_chosen_lifecycles(no_sla_mesh):
    enforced = council_update(no_sla_mesh, GLOBAL_POLICIES, {"sla-declared": "enforced"})
    draft = council_update(no_sla_mesh, GLOBAL_POLICIES, {"sla-declared": "draft"})
    assert isinstance(enforced, CouncilView) and isinstance(enforced.figure, Figure)
    assert set(enforced.report.blocking["product"]) == {"logistics.delivery_events"}
    assert draft.report.passed and "nothing blocks" in draft.headline()
    assert "blocked: logistics.delivery_events" in enforced.headline()


def test_more_enforced_policies_mean_more_consistency_and_slower_data():
    every = {p.id: "enforced" for p in GLOBAL_POLICIES}
    none = {p.id: "warn" for p in GLOBAL_POLICIES}
    strict = council_update(sample_mesh(), GLOBAL_POLICIES, every)
    loose = council_update(sample_mesh(), GLOBAL_POLICIES, none)
    assert (strict.strictness, loose.strictness) == (1.0, 0.0)
    assert strict.consistency > loose.consistency and strict.time_to_data > loose.time_to_data


def test_an_unknown_policy_id_is_a_clear_error():
    with pytest.raises(GovernanceError, match="no policy with id no-such"):
        with_lifecycles(GLOBAL_POLICIES, {"no-such": "warn"})


def test_the_dropdowns_move_policies_and_redraw(no_sla_mesh):
    council = policy_council(no_sla_mesh)
    assert set(council.lifecycles) == {p.id for p in GLOBAL_POLICIES}
    assert council.result.strictness == strictness(GLOBAL_POLICIES)
    assert not council.result.report.passed
    before = bytes(council.picture.value)
    assert before.startswith(b"\x89PNG")
    council.lifecycles["sla-declared"].value = "warn"
    assert council.result.report.passed and "nothing blocks" in council.message.value
    assert bytes(council.picture.value) != before
