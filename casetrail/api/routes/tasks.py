from __future__ import annotations

import uuid
from collections.abc import Sequence

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import Forbidden, NotFound
from casetrail.store.models import ApprovalTask, Case
from casetrail.workflows.types import TaskDecision

from ..access import visible_agency_ids
from ..actors import actor_for
from ..deps import CurrentUser, Gateway, SessionDep
from ..schemas import DecisionBody, OutcomeOut, TaskOut

router = APIRouter(prefix="/tasks", tags=["approval tasks"])


async def tasks_of_case(session: AsyncSession, case_id: uuid.UUID) -> Sequence[ApprovalTask]:
    query = select(ApprovalTask).where(ApprovalTask.case_id == case_id).order_by(ApprovalTask.created_at)
    return (await session.execute(query)).scalars().all()


@router.get("", response_model=list[TaskOut])
async def my_tasks(session: SessionDep, user: CurrentUser, status: str = "open") -> Sequence[ApprovalTask]:
    """Approval tasks the user may sign: their role in the task's agency."""
    signable = [(m.agency_id, m.role.value) for m in user.memberships]
    if not signable:
        return []
    query = select(ApprovalTask).where(ApprovalTask.status == status)
    rows = (await session.execute(query.order_by(ApprovalTask.due_at.asc().nulls_last()))).scalars().all()
    return [t for t in rows if (t.agency_id, t.role) in signable]


@router.post("/{task_id}/decision", response_model=OutcomeOut)
async def decide(
    task_id: uuid.UUID, body: DecisionBody, session: SessionDep, user: CurrentUser, gateway: Gateway
) -> OutcomeOut:
    """Sign (approve) or return an approval task; who, when and the opinion become part of the record."""
    task = await session.get(ApprovalTask, task_id)
    if task is None or task.agency_id not in await visible_agency_ids(session, user):
        raise NotFound(f"审批任务 {task_id} 不存在", field="task_id", rule="task_not_found")
    if not any(m.agency_id == task.agency_id and m.role.value == task.role for m in user.memberships):
        raise Forbidden(f"“{task.title}”须由本机关{task.role}签批", rule="role")
    case = await session.get(Case, task.case_id)
    assert case is not None
    decision = TaskDecision(
        task_id=str(task.id),
        decision=body.decision,
        actor=actor_for(user, task.agency_id),
        opinion=body.opinion,
    )
    outcome = await gateway.decide_task(case.workflow_id, decision, body.submission_id or str(uuid.uuid4()))
    return OutcomeOut(**outcome.__dict__)
