"""The SLA clock widget, headless: the callback is one ``check_sla`` and one picture; tests set the slider's
``.value`` and read ``.result``."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mesh_lab.contracts import Contract  # noqa: E402
from mesh_lab.datasets import REFERENCE_TIME  # noqa: E402
from mesh_lab.errors import MeshLabError  # noqa: E402
from mesh_lab.exercises.data_mesh_03 import clock_contract, points_frame  # noqa: E402
from mesh_lab.widgets.products import ClockView, clock_update, sla_clock  # noqa: E402

START, END = REFERENCE_TIME - pd.Timedelta(days=3), REFERENCE_TIME + pd.Timedelta(days=1)


def test_the_clock_callback_sees_only_the_rows_that_existed():
    during_outage = REFERENCE_TIME - pd.Timedelta(hours=46)
    view = clock_update(clock_contract(), points_frame(), during_outage)
    assert isinstance(view, ClockView) and isinstance(view.figure, Figure)
    assert view.status() == {"latency": False, "frequency": True, "retention": True}
    assert view.report.now == during_outage
    after = clock_update(clock_contract(), points_frame(), REFERENCE_TIME - pd.Timedelta(hours=30))
    assert after.status() == {"latency": True, "frequency": False, "retention": True}


def test_the_slider_moves_now_and_redraws():
    clock = sla_clock(clock_contract(), points_frame(), START, END, now=REFERENCE_TIME)
    assert clock.now.value == 72 and clock.moment() == REFERENCE_TIME
    before_png = bytes(clock.picture.value)
    assert before_png.startswith(b"\x89PNG") and "1 of 3 SLAs breached" in clock.message.value
    clock.now.value = clock.now.max
    assert clock.result.report.now == END
    assert clock.result.status() == {"latency": False, "frequency": False, "retention": False}
    assert bytes(clock.picture.value) != before_png and "3 of 3 SLAs breached" in clock.message.value


def test_the_clock_refuses_what_it_cannot_show():
    document = clock_contract().to_dict()
    document["slaProperties"] = [{"property": "completeness", "value": 99, "unit": "percent",
                                  "element": "points.entry_id"}]
    with pytest.raises(MeshLabError, match="no timed SLA"):
        clock_update(Contract.from_dict(document), points_frame(), REFERENCE_TIME)
    with pytest.raises(MeshLabError, match="at least an hour"):
        sla_clock(clock_contract(), points_frame(), END, START)
