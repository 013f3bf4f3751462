"""The dashboard's charts (Apache ECharts, served from /ui/vendor): what each chart plots, taken from the
figures of GET /dashboard (the read model), with the drill-down link of every bar, slice or point.

The page embeds them as data (``<script type="application/json">``, never shown) and the static
``dashboard.js`` draws them; the tables below the charts hold the same figures for screen readers and
for browsers without scripts.
"""

from __future__ import annotations

import enum

from pydantic import BaseModel

from .routes.dashboard import CountOut, DashboardOut

CASES = "案件数"


class ChartKind(enum.StrEnum):
    bar = "bar"
    pie = "pie"
    line = "line"


class Chart(BaseModel):
    key: str
    title: str
    kind: ChartKind
    axis: str
    labels: list[str]
    values: list[int]
    links: list[str]


def _chart(key: str, title: str, kind: ChartKind, counts: list[CountOut]) -> Chart:
    return Chart(
        key=key,
        title=title,
        kind=kind,
        axis=CASES,
        labels=[c.title for c in counts],
        values=[c.count for c in counts],
        links=[f"/ui{c.drill}" for c in counts],
    )


def dashboard_charts(board: DashboardOut) -> list[Chart]:
    return [
        _chart("phase", "在办与办结案件（按阶段）", ChartKind.bar, board.by_phase),
        _chart("overdue-agency", "逾期案件（按执法机关）", ChartKind.bar, board.overdue_by_agency),
        _chart("overdue-officer", "逾期案件（按承办人员）", ChartKind.bar, board.overdue_by_officer),
        # A trend reads left to right in time, not by size as the tables sort it.
        _chart("month", "立案趋势（按月份）", ChartKind.line, sorted(board.by_month, key=lambda c: c.key)),
        _chart("start-type", "案件来源（按启动方式）", ChartKind.pie, board.by_start_type),
    ]
