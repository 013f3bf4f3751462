"""The supervision dashboard (执法监督): figures over the agencies a supervisor oversees (a leader:
their own agency), each with a link to the cases behind it. Reads the read model only."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import Forbidden
from casetrail.services import dashboard
from casetrail.services.dashboard import Figure, Rate, Scope
from casetrail.services.search import agency_subtree
from casetrail.store.models import Agency, Case, Role, User
from casetrail.workflows.phases import phase_title

from ..access import agencies_reached
from ..deps import CurrentUser, SessionDep
from ..listing import START_TYPE_TITLES, day_start
from ..schemas import CaseOut

router = APIRouter(prefix="/dashboard", tags=["supervision"])

OVERSEEING = (Role.supervisor, Role.leader, Role.admin)


class CountOut(BaseModel):
    key: str
    title: str
    count: int
    drill: str


class RateOut(BaseModel):
    numerator: int
    denominator: int
    value: float | None
    drill: str | None = None


class NamedRateOut(RateOut):
    key: str
    title: str


class DashboardOut(BaseModel):
    total: int
    by_phase: list[CountOut]
    by_start_type: list[CountOut]
    by_agency: list[CountOut]
    by_month: list[CountOut]
    open: CountOut
    near_due: CountOut
    overdue: CountOut
    overdue_by_agency: list[CountOut]
    overdue_by_officer: list[CountOut]
    closed: CountOut
    handling_days_avg: float | None
    handling_days_p90: float | None
    recording: RateOut
    recording_by_agency: list[NamedRateOut]
    recording_by_officer: list[NamedRateOut]
    documents: RateOut
    hearing: RateOut
    legal_review: RateOut
    statements_adopted: RateOut


async def scope_of(
    session: SessionDep,
    user: CurrentUser,
    agency_id: Annotated[uuid.UUID | None, Query(description="执法机关（含下级）")] = None,
    opened_from: Annotated[date | None, Query(description="立案日期起（含）")] = None,
    opened_to: Annotated[date | None, Query(description="立案日期止（含）")] = None,
) -> Scope:
    if not any(m.role in OVERSEEING for m in user.memberships):
        raise Forbidden("执法监督统计仅向监督人员和机关负责人开放", rule="role")
    agencies = await _overseen(session, user)
    if agency_id is not None:
        agencies &= await agency_subtree(session, roots=[agency_id])
    return Scope(agencies, day_start(opened_from), day_start(opened_to, next_day=True))


async def _overseen(session: AsyncSession, user: User) -> set[uuid.UUID]:
    """A supervisor's subtree; a leader's own agency (not the agencies they belong to in another role)."""
    return await agencies_reached(session, [m for m in user.memberships if m.role in OVERSEEING])


ScopeDep = Annotated[Scope, Depends(scope_of)]


def _link(scope: dict[str, str], figure: Figure, value: str | None = None) -> str:
    """The drill-down URL: the same agency and period, and the figure."""
    params: dict[str, Any] = {**scope, "figure": figure.value}
    if value is not None:
        params["value"] = value
    return f"/dashboard/cases?{urlencode(params)}"


def _rate(rate: Rate, drill: str | None = None) -> RateOut:
    return RateOut(numerator=rate.numerator, denominator=rate.denominator, value=rate.value, drill=drill)


@router.get("", response_model=DashboardOut)
async def overview(request: Request, session: SessionDep, scope: ScopeDep) -> DashboardOut:
    figures = await dashboard.figures(session, scope=scope, now=datetime.now(UTC))
    names: dict[uuid.UUID, str] = {a: n for a, n in await session.execute(select(Agency.id, Agency.name))}
    officers: dict[uuid.UUID, str] = {
        u: n
        for u, n in await session.execute(
            select(User.id, User.full_name).where(User.id.in_(figures.overdue_by_officer))
        )
    }
    params = {k: v for k, v in request.query_params.items() if k in ("agency_id", "opened_from", "opened_to")}

    def counts(values: dict[Any, int], figure: Figure, title: Any) -> list[CountOut]:
        rows = [
            CountOut(key=str(k), title=title(k), count=n, drill=_link(params, figure, str(k)))
            for k, n in values.items()
        ]
        # Largest first; equal counts by name, as a person looks them up (not by an id's order).
        return sorted(rows, key=lambda c: (-c.count, c.title, c.key))

    def single(count: int, figure: Figure, title: str) -> CountOut:
        return CountOut(key=figure.value, title=title, count=count, drill=_link(params, figure))

    return DashboardOut(
        total=figures.total,
        by_phase=counts(figures.by_phase, Figure.phase, phase_title),
        by_start_type=counts(figures.by_start_type, Figure.start_type, lambda k: START_TYPE_TITLES.get(k, k)),
        by_agency=counts(figures.by_agency, Figure.agency, lambda k: names.get(k, "未知机关")),
        by_month=counts(figures.by_month, Figure.month, lambda k: f"{k[:4]}年{int(k[5:])}月"),
        open=single(figures.open, Figure.open, "在办"),
        near_due=single(figures.near_due, Figure.near_due, "临近期限"),
        overdue=single(figures.overdue, Figure.overdue, "已逾期"),
        overdue_by_agency=counts(
            figures.overdue_by_agency, Figure.overdue_agency, lambda k: names.get(k, "未知机关")
        ),
        overdue_by_officer=counts(
            figures.overdue_by_officer, Figure.overdue_officer, lambda k: officers.get(k, "未知人员")
        ),
        closed=single(figures.closed, Figure.closed, "已结案"),
        handling_days_avg=figures.handling_days_avg,
        handling_days_p90=figures.handling_days_p90,
        recording=_rate(figures.recording, _link(params, Figure.recording_missed)),
        recording_by_agency=[
            NamedRateOut(key=str(k), title=names.get(k, "未知机关"), **_rate(r).model_dump())
            for k, r in figures.recording_by_agency.items()
        ],
        recording_by_officer=[
            NamedRateOut(key=str(k), title=str(k), **_rate(r).model_dump())
            for k, r in sorted(figures.recording_by_officer.items())
        ],
        documents=_rate(figures.documents, _link(params, Figure.incomplete_documents)),
        hearing=_rate(figures.hearing, _link(params, Figure.hearing)),
        legal_review=_rate(figures.legal_review, _link(params, Figure.legal_review)),
        statements_adopted=_rate(figures.statements_adopted),
    )


@router.get("/cases", response_model=list[CaseOut])
async def cases_behind(
    session: SessionDep,
    scope: ScopeDep,
    figure: Figure,
    value: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[Case]:
    """The cases one figure counts (drill-down)."""
    query = dashboard.drill(scope, figure, value, datetime.now(UTC)).limit(limit)
    return list((await session.execute(query)).scalars())
