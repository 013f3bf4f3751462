from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query, Response

from casetrail.services import search
from casetrail.statuses import ApprovalStatus
from casetrail.store.models import ApprovalTask

from .. import case_service as cases_service
from ..deps import CurrentUser, Gateway, SessionDep
from ..listing import announce_next
from ..schemas import DecisionBody, OutcomeOut, TaskOut

router = APIRouter(prefix="/tasks", tags=["approval tasks"])


@router.get("", response_model=list[TaskOut])
async def my_tasks(
    session: SessionDep,
    user: CurrentUser,
    response: Response,
    status: ApprovalStatus = ApprovalStatus.open,
    case_id: uuid.UUID | None = None,
    kind: str | None = None,
    after: Annotated[str | None, Query(description="上一页响应头 X-Next-Cursor 的值")] = None,
    limit: Annotated[int, Query(ge=1, le=search.PAGE_MAX)] = 100,
) -> Sequence[ApprovalTask]:
    """Approval tasks the user may sign (their role in the task's agency), soonest due first,
    filtered and paged in SQL (the next page's cursor is in the X-Next-Cursor header)."""
    page = await search.search_tasks(
        session,
        signable=cases_service.signable_pairs(user),
        filters=search.TaskFilter(status=status, case_id=case_id, kind=kind),
        after=after,
        limit=limit,
    )
    announce_next(response, page)
    return page.items


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
