"""The supervision dashboard in the workbench: the figures of GET /dashboard as charts (ECharts) over
tables, each bar and each count a link to the cases behind it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from casetrail.errors import CasetrailError
from casetrail.services import dashboard

from .deps import SessionDep
from .routes.dashboard import DashboardOut, Figure, overview, scope_of
from .ui import UiUser, error_context, page
from .ui_charts import dashboard_charts

router = APIRouter(prefix="/ui", include_in_schema=False)


async def _scope(request: Request, session: SessionDep, user: UiUser) -> dashboard.Scope | CasetrailError:
    try:
        return await scope_of(session, user)
    except CasetrailError as error:
        return error


ScopeOrError = Annotated[dashboard.Scope | CasetrailError, Depends(_scope)]


@router.get("/dashboard")
async def dashboard_page(
    request: Request, session: SessionDep, user: UiUser, scope: ScopeOrError
) -> HTMLResponse:
    if isinstance(scope, CasetrailError):
        return page(
            request, "dashboard.html", {"user": user, "error": error_context(scope)}, scope.status_code
        )
    board: DashboardOut = await overview(request, session, scope)
    charts = [chart.model_dump(mode="json") for chart in dashboard_charts(board)]
    return page(request, "dashboard.html", {"user": user, "board": board, "charts": charts})


@router.get("/dashboard/cases")
async def cases_behind(
    request: Request,
    session: SessionDep,
    user: UiUser,
    scope: ScopeOrError,
    figure: Figure,
    value: str | None = None,
) -> HTMLResponse:
    if isinstance(scope, CasetrailError):
        return page(
            request, "dashboard.html", {"user": user, "error": error_context(scope)}, scope.status_code
        )
    query = dashboard.drill(scope, figure, value, datetime.now(UTC)).limit(500)
    cases = list((await session.execute(query)).scalars())
    return page(request, "dashboard_cases.html", {"user": user, "cases": cases})
