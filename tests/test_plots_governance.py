"""Federated governance pictures: each returns a detached Figure that draws what the core result says."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mesh_lab.exercises.data_mesh_05 import KID_BOXES, kid_broken_rules, mesh_with  # noqa: E402
from mesh_lab.governance import GLOBAL_POLICIES, govern, policy_from_document, strictness_experiment  # noqa: E402
from mesh_lab.mesh import sample_mesh  # noqa: E402
from mesh_lab.plots.governance import (  # noqa: E402
    BLOCKS,
    DRAFT,
    NOT_APPLICABLE,
    PASSES,
    WARNS,
    heatmap_states,
    label_rules,
    policy_heatmap,
    scorecard_bars,
    strictness_bars,
)

RATIONALE = {"context": "c", "decision": "d", "consequences": "q", "automation": "a", "monitoring": "m"}


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


@pytest.fixture(scope="module")
def mixed_report():
    """One blocking violation (interoperable), warned ones (classification), a domain policy (n/a
    elsewhere) and a draft policy that is violated."""
    mesh = sample_mesh()
    broken = mesh["payments.transactions"].contract.copy()
    broken.raw["schema"][0]["properties"][-1]["name"] = "createdAt"
    tag = policy_from_document({"id": "catalog-tagged", "title": "t", "scope": "catalog", "lifecycle": "warn",
                                "rationale": RATIONALE, "rule": {"require_tag": "no-such-tag"}})
    draft = policy_from_document({"id": "payments-draft", "title": "t", "scope": "payments", "lifecycle": "draft",
                                  "rationale": RATIONALE, "rule": {"require_tag": "no-such-tag"}})
    return govern(mesh_with(mesh, broken), GLOBAL_POLICIES + [tag, draft])


def test_heatmap_states_name_every_kind_of_cell(mixed_report):
    states = heatmap_states(mixed_report)
    assert states.loc["payments.transactions", "interoperable"] == "violated (blocks)"
    assert states.loc["catalog.products", "interoperable"] == "passes"
    assert states.loc["catalog.products", "personal-data-classified"] == "violated (warns)"
    assert states.loc["payments.transactions", "catalog-tagged"] == "does not apply"
    assert states.loc["catalog.products", "catalog-tagged"] == "violated (warns)"
    assert states.loc["payments.transactions", "payments-draft"] == "violated (draft, not counted)"


def cell_colour(fig: Figure, row: int, column: int) -> str:
    image = fig.axes[0].images[0]
    rgba = image.cmap(image.norm(image.get_array()[row, column]))
    return matplotlib.colors.to_hex(rgba)


def test_heatmap_colours_and_words_match_the_states(mixed_report):
    fig = policy_heatmap(mixed_report)
    states = heatmap_states(mixed_report)
    colours = {"passes": PASSES, "violated (blocks)": BLOCKS, "violated (warns)": WARNS,
               "violated (draft, not counted)": DRAFT, "does not apply": NOT_APPLICABLE}
    for r, product in enumerate(states.index):
        for c, policy in enumerate(states.columns):
            assert cell_colour(fig, r, c) == colours[states.loc[product, policy]], (product, policy)
    words = texts(fig)
    assert words.count("BLOCK") == 1 and "n/a" in words and "draft" in words
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "interoperable\n(enforced)" in labels and "payments-draft\n(draft)" in labels
    assert renders(fig)


def test_a_clean_report_is_all_green():
    mesh = sample_mesh()
    report = govern(mesh, [p for p in GLOBAL_POLICIES if p.id != "personal-data-classified"])
    fig = policy_heatmap(report)
    assert set(texts(fig)) == {"pass"}


def test_scorecard_bars_show_each_products_score_and_count(mixed_report):
    fig = scorecard_bars(mixed_report)
    card = mixed_report.scorecard()
    bars = fig.axes[0].patches
    assert sorted(round(b.get_width(), 1) for b in bars) == sorted(card["score"].round(1))
    row = card.set_index("product").loc["payments.transactions"]
    assert f"{row.score:.1f}  ({row.passing}/{row.policies} policies pass)" in texts(fig)
    assert renders(fig)


def test_strictness_bars_draw_both_rows():
    frame = strictness_experiment()
    fig = strictness_bars(frame)
    left, right = fig.axes
    assert [round(b.get_height(), 3) for b in left.patches] == list(frame["consistency"].round(3))
    assert [round(b.get_height(), 3) for b in right.patches] == list(frame["mean time-to-data (weeks)"].round(3))
    assert renders(fig)


def test_label_rules_tick_the_good_labels_and_name_the_broken_rule():
    fig = label_rules(KID_BOXES, kid_broken_rules)
    words = texts(fig)
    assert "✓ follows every rule" in words
    assert "✗ breaks: red dot" in words and "✗ breaks: which room" in words
    assert renders(fig)


def test_label_rules_follow_the_rule_function_given():
    fig = label_rules(KID_BOXES, lambda box: [])
    assert sum(w.startswith("✓") for w in texts(fig)) == len(KID_BOXES)
    assert isinstance(pd.DataFrame(KID_BOXES), pd.DataFrame)
