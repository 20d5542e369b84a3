"""The SLA clock (presentation layer): drag ``now`` and watch a product's promises turn red.

:func:`clock_update` is the whole callback and a pure function: the rows the product held at ``now``,
one call to :func:`mesh_lab.sla.check_sla` and one call to :func:`mesh_lab.plots.products.sla_deadlines`.
:class:`SlaClock` is a thin ipywidgets shell around it; its slider is ``.now`` (hours after the clock's
start) and its last answer ``.result``, so a test sets ``clock.now.value = 30`` and reads ``.result``
without a browser. ``ipywidgets`` is imported only when a widget is built.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from mesh_lab.contracts import Contract
from mesh_lab.errors import MeshLabError
from mesh_lab.plots.products import TIMED, sla_deadlines
from mesh_lab.sla import SlaReport, check_sla
from mesh_lab.widgets import show_figure


@dataclass
class ClockView:
    """What the clock shows at one moment: the SLA report and its picture."""

    report: SlaReport
    figure: Figure

    def headline(self) -> str:
        """The report's headline, e.g. ``❌ loyalty.points at 2026-02-28 09:00 UTC: 1 of 4 SLAs breached``."""
        return self.report.headline()

    def status(self) -> dict[str, bool | None]:
        """Each SLA property → met (True), broken (False) or not measured (None)."""
        return dict(zip(self.report.frame["property"], self.report.frame["passed"], strict=True))


def timed_column(contract: Contract) -> str:
    """The column the contract's timed SLAs measure (``points.created_at`` → ``created_at``)."""
    element = next((s.element for s in contract.sla_properties if s.property in TIMED and s.element), None)
    if not element:
        raise MeshLabError(f"{contract.product_id} has no timed SLA with an element to put on a clock; add "
                           "slaProperties with property latency and element <table>.<column>.")
    return str(element).split(",")[0].strip().split(".")[-1]


def clock_update(contract: Contract, frame: pd.DataFrame, now, window: tuple | None = None) -> ClockView:
    """The callback: the rows that existed at ``now``, their SLA report and its picture."""
    moment = pd.Timestamp(now)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
    column = timed_column(contract)
    held = frame[pd.to_datetime(frame[column], utc=True) <= moment].reset_index(drop=True)
    report = check_sla(contract, held, now=moment)
    return ClockView(report, sla_deadlines(report, held, window=window))


class SlaClock:
    """A slider over time; every move re-checks the SLAs at the new ``now`` and redraws the deadlines."""

    def __init__(self, contract: Contract, frame: pd.DataFrame, start, end, now=None):
        import ipywidgets as w

        self.contract, self.frame = contract, frame
        self.start, self.end = pd.Timestamp(start), pd.Timestamp(end)
        hours = int((self.end - self.start) / pd.Timedelta(hours=1))
        if hours < 1:
            raise MeshLabError(f"the clock's end ({self.end}) must be at least an hour after its start ({self.start})")
        first = hours if now is None else int((pd.Timestamp(now) - self.start) / pd.Timedelta(hours=1))
        self.now = w.IntSlider(value=min(max(first, 0), hours), min=0, max=hours, step=1,
                               description="hours since start", continuous_update=False,
                               style={"description_width": "140px"}, layout={"width": "620px"})
        self.picture = w.Image(format="png")
        self.message = w.HTML()
        self.result: ClockView | None = None
        self.now.observe(lambda _change: self.refresh(), names="value")
        self.box = w.VBox([self.now, self.message, self.picture])
        self.refresh()

    def moment(self) -> pd.Timestamp:
        """The ``now`` the slider points at."""
        return self.start + pd.Timedelta(hours=self.now.value)

    def refresh(self) -> ClockView:
        """Run the callback at the slider's moment and show its answer."""
        self.result = clock_update(self.contract, self.frame, self.moment(), window=(self.start, self.end))
        show_figure(self.picture, self.result.figure, dpi=80)
        self.message.value = f"<b>{html.escape(self.result.headline())}</b>"
        return self.result

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def sla_clock(contract: Contract, frame: pd.DataFrame, start, end, now=None) -> SlaClock:
    """A slider from ``start`` to ``end`` (hour steps) that re-checks ``contract``'s SLAs on the rows of
    ``frame`` that existed at each moment; it starts at ``now`` (default: ``end``)."""
    return SlaClock(contract, frame, start, end, now)
