"""Routine administrative inspections (行政检查): planned or drawn at random (双随机), and the penalty case
an inspection leads to. The on-site steps go through ``/cases/{id}/steps/...`` like any case step."""

from __future__ import annotations

from fastapi import APIRouter, status

from casetrail.store.models import Case

from .. import inspection_service as inspections
from ..deps import CurrentCase, CurrentUser, Gateway, SessionDep
from ..inspection_service import DrawResult, PenaltyCaseRequest, PlannedInspection, RandomDraw
from ..schemas import CaseOut

router = APIRouter(prefix="/inspections", tags=["inspections"])


@router.post("", response_model=CaseOut, status_code=status.HTTP_201_CREATED)
async def plan_inspection(
    body: PlannedInspection, session: SessionDep, user: CurrentUser, gateway: Gateway
) -> Case:
    """A planned inspection: its own record and workflow, outside any penalty case."""
    return await inspections.plan_inspection(session, user=user, gateway=gateway, body=body)


@router.post("/draw", response_model=DrawResult, status_code=status.HTTP_201_CREATED)
async def draw_inspections(
    body: RandomDraw, session: SessionDep, user: CurrentUser, gateway: Gateway
) -> DrawResult:
    """双随机、一公开: draw, record the registers and the seed with each inspection, open them."""
    return await inspections.draw_inspections(session, user=user, gateway=gateway, body=body)


@router.post("/{case_id}/penalty-case", response_model=CaseOut, status_code=status.HTTP_201_CREATED)
async def open_penalty_case(
    body: PenaltyCaseRequest, case: CurrentCase, session: SessionDep, user: CurrentUser, gateway: Gateway
) -> Case:
    """Open the penalty case an inspection found cause for; it carries the inspection's records and
    evidence, and the inspection ends linked to it."""
    return await inspections.open_penalty_case(session, case=case, user=user, gateway=gateway, body=body)
