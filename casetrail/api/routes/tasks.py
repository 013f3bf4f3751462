from __future__ import annotations

import uuid
from collections.abc import Sequence

from fastapi import APIRouter

from casetrail.store.models import ApprovalTask

from .. import case_service as cases_service
from ..deps import CurrentUser, Gateway, SessionDep
from ..schemas import DecisionBody, OutcomeOut, TaskOut

router = APIRouter(prefix="/tasks", tags=["approval tasks"])


@router.get("", response_model=list[TaskOut])
async def my_tasks(session: SessionDep, user: CurrentUser, status: str = "open") -> Sequence[ApprovalTask]:
    """Approval tasks the user may sign: their role in the task's agency."""
    return await cases_service.signable_tasks(session, user=user, status=status)


@router.post("/{task_id}/decision", response_model=OutcomeOut)
async def decide(
    task_id: uuid.UUID, body: DecisionBody, session: SessionDep, user: CurrentUser, gateway: Gateway
) -> OutcomeOut:
    """Sign (approve) or return an approval task; who, when and the opinion become part of the record."""
    outcome = await cases_service.decide_task(
        session,
        user=user,
        gateway=gateway,
        task_id=task_id,
        decision=body.decision,
        opinion=body.opinion,
        submission_id=body.submission_id,
    )
    return OutcomeOut(**outcome.__dict__)
