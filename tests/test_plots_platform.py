"""Self-serve platform pictures: each returns a detached Figure that draws what its input says."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

from mesh_lab.platform import GateStep, PublishResult  # noqa: E402
from mesh_lab.plots.platform import FAIL, PASS, box_kit, publish_gate, time_to_data_by_maturity  # noqa: E402


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


def test_box_kit_gives_every_room_the_same_kind_of_label():
    fig = box_kit(("kitchen", "attic"))
    words = texts(fig)
    assert "Lego shop" in words and "+ label maker" in words
    assert [w for w in words if w.startswith("label: ")] == ["label: kitchen / bricks", "label: attic / bricks"]
    assert renders(fig)


def step(name: str, passed: bool, failures: int = 0) -> GateStep:
    return GateStep(name, passed, [{"path": f"p{i}", "message": "m", "fix": "f"} for i in range(failures)])


def test_publish_gate_draws_each_step_green_or_red_with_its_failures():
    result = PublishResult("marketing.campaign_clicks", [
        step("lint: a valid ODCS contract", True), step("governance: the enforced policies", False, 1),
        step("smoke: the product basically works", True), step("validation: the data keep the contract", False, 2),
    ], False)
    fig = publish_gate(result)
    words = texts(fig)
    assert [w for w in words if w in ("lint", "governance", "smoke", "validation")] == [
        "lint", "governance", "smoke", "validation"]
    assert "FAIL (1 to fix)" in words and "FAIL (2 to fix)" in words and words.count("pass") == 2
    edges = [matplotlib.colors.to_hex(p.get_edgecolor()) for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    assert edges == [PASS, FAIL, PASS, FAIL]
    title = fig.axes[0].title
    assert title.get_text() == "marketing.campaign_clicks: not published" and matplotlib.colors.to_hex(
        title.get_color()) == FAIL
    assert renders(fig)


def test_publish_gate_of_a_published_product_is_all_green():
    fig = publish_gate(PublishResult("a.b", [step("lint: x", True), step("SLAs: y", True)], True))
    assert fig.axes[0].title.get_text() == "a.b: published"
    assert "FAIL" not in " ".join(texts(fig))


def sweep(mesh: list[float], central: float = 5.0) -> pd.DataFrame:
    maturity = np.linspace(0, 1, len(mesh))
    return pd.DataFrame({"platform_maturity": maturity, "central_weeks": central, "mesh_weeks": mesh,
                         "mesh_duplicated_work": [3.0 * (1 - m) for m in maturity]})


def test_time_to_data_draws_both_models_and_shades_where_the_mesh_is_slower():
    frame = sweep([9.0, 6.0, 3.0, 1.0])
    fig = time_to_data_by_maturity(frame)
    weeks, duplicated = fig.axes
    lines = {line.get_label(): line for line in weeks.get_lines()}
    assert list(lines["mesh (domains own their data)"].get_ydata()) == [9.0, 6.0, 3.0, 1.0]
    assert list(lines["central data team"].get_ydata()) == [5.0] * 4
    shaded = weeks.collections[0].get_paths()
    assert shaded and all(vertex[0] <= 2 / 3 + 1e-9 for path in shaded for vertex in path.vertices), (
        "only the maturities where the mesh is slower are shaded")
    assert [t.get_text() for t in weeks.texts] == ["9.0 wk", "1.0 wk"]
    assert [round(p.get_height(), 6) for p in duplicated.patches] == [3.0, 2.0, 1.0, 0.0]
    assert renders(fig)


def test_time_to_data_shades_nothing_when_the_mesh_is_always_faster():
    fig = time_to_data_by_maturity(sweep([4.0, 3.0, 2.0], central=5.0))
    assert all(len(path.vertices) == 0 for c in fig.axes[0].collections for path in c.get_paths())


def test_time_to_data_says_which_columns_it_needs():
    with pytest.raises(ValueError, match="missing column.*mesh_weeks"):
        time_to_data_by_maturity(pd.DataFrame({"platform_maturity": [0.0], "central_weeks": [1.0],
                                               "mesh_duplicated_work": [0.0]}))
