"""The approval desk (领导审批台): open tasks with everything needed to sign them, delegation to a
deputy for a period, and reassignment. Signing itself is ``POST /tasks/{id}/decision``."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import CasetrailError
from casetrail.roles import role_title
from casetrail.rules.deadline_text import deadline_text
from casetrail.services import desk, drafts
from casetrail.services.rendering import Renderer, default_renderer
from casetrail.store.models import ApprovalTask, Case, Role, User
from casetrail.workflows.phases import phase_title

from ..access import visible_agency_ids
from ..deps import CurrentUser, SessionDep
from ..listing import announce_next

router = APIRouter(prefix="/desk", tags=["approval desk"])


class OpinionOut(BaseModel):
    step: str
    signer: str
    decision: str
    opinion: str
    at: datetime


class DocumentLinkOut(BaseModel):
    title: str
    number: str | None
    url: str


class DeskItemOut(BaseModel):
    task_id: uuid.UUID
    title: str
    role_title: str
    case_id: uuid.UUID
    case_no: str
    party: str
    phase_title: str
    to_sign: str = Field(description="签批事项")
    amount: str | None = Field(description="处罚内容或金额")
    due_at: datetime | None
    due_text: str | None = Field(
        description="期限，按法定期间计算方式表述（如“2026-12-07（星期一）24:00前”）"
    )
    seconds_left: int | None = Field(description="距期限的秒数（负数为已超期）")
    time_left: str = Field(description="剩余时间（中文）")
    authority: desk.Authority
    authority_title: str
    opinions: list[OpinionOut]
    documents: list[DocumentLinkOut]
    draft_pdf: str | None = Field(description="待签文书草稿（PDF）的地址；该事项无文书草稿时为空")


class DelegationBody(BaseModel):
    deputy_id: uuid.UUID = Field(description="代签人")
    agency_id: uuid.UUID
    role: Role = Field(default=Role.leader, description="授权代签的角色")
    starts_at: datetime
    ends_at: datetime
    reason: str = Field(min_length=1, max_length=500, description="授权事由（出差、休假等）")


class DelegationOut(BaseModel):
    id: uuid.UUID
    delegator_id: uuid.UUID
    deputy_id: uuid.UUID
    agency_id: uuid.UUID
    role: str
    starts_at: datetime
    ends_at: datetime
    reason: str
    revoked_at: datetime | None


class ReassignBody(BaseModel):
    assignee_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=500, description="改派事由")


class ReassignedOut(BaseModel):
    task_id: uuid.UUID
    assignee_id: uuid.UUID


AUTHORITY_TITLES = {
    desk.Authority.role: "本人职责",
    desk.Authority.delegation: "授权代签",
    desk.Authority.reassigned: "改派给本人",
}


def time_left(seconds: int | None) -> str:
    if seconds is None:
        return "无期限"
    hours, rest = divmod(abs(seconds), 3600)
    days, hours = divmod(hours, 24)
    text = f"{days}天{hours}小时" if days else f"{hours}小时{rest // 60}分钟"
    return f"已超期{text}" if seconds < 0 else f"剩余{text}"


@router.get("", response_model=list[DeskItemOut])
async def my_desk(
    session: SessionDep,
    user: CurrentUser,
    response: Response,
    after: Annotated[str | None, Query(description="上一页响应头 X-Next-Cursor 的值")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[DeskItemOut]:
    """Open tasks the user may sign (own role, delegation in force, or reassigned), soonest due first."""
    page = await desk.desk(session, user=user, now=datetime.now(UTC), after=after, limit=limit)
    announce_next(response, page)
    return [
        DeskItemOut(
            task_id=item.task.id,
            title=item.task.title,
            role_title=role_title(item.task.role),
            case_id=item.case.id,
            case_no=item.case.case_no,
            party=str((item.case.party or {}).get("name", "")),
            phase_title=phase_title(item.case.phase),
            to_sign=item.to_sign,
            amount=item.amount,
            due_at=item.task.due_at,
            due_text=deadline_text(item.task.due_at) or None,
            seconds_left=item.seconds_left,
            time_left=time_left(item.seconds_left),
            authority=item.authority,
            authority_title=AUTHORITY_TITLES[item.authority],
            opinions=[OpinionOut(**o.__dict__) for o in item.opinions],
            documents=[DocumentLinkOut(**d.__dict__) for d in item.documents],
            draft_pdf=f"/desk/tasks/{item.task.id}/draft.pdf" if drafts.has_draft(item.task) else None,
        )
        for item in page.items
    ]


def _out(row: object) -> DelegationOut:
    return DelegationOut.model_validate(row, from_attributes=True)


@router.post("/delegations", response_model=DelegationOut, status_code=status.HTTP_201_CREATED)
async def delegate(body: DelegationBody, session: SessionDep, user: CurrentUser) -> DelegationOut:
    """Lend one's signing role to a deputy of the same agency for a period (kept on record)."""
    return _out(
        await desk.delegate(
            session,
            delegator=user,
            deputy_id=body.deputy_id,
            agency_id=body.agency_id,
            role=body.role,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
            reason=body.reason,
        )
    )


@router.post("/delegations/{delegation_id}/revoke", response_model=DelegationOut)
async def revoke(delegation_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> DelegationOut:
    return _out(await desk.revoke(session, user=user, delegation_id=delegation_id, now=datetime.now(UTC)))


async def readable_task(session: AsyncSession, user: User, task_id: uuid.UUID) -> ApprovalTask:
    """A task the user may read: in an agency they see, reassigned to them, or theirs to sign by delegation."""
    task = await session.get(ApprovalTask, task_id)
    if task is None:
        raise desk.task_not_found()
    if task.agency_id in await visible_agency_ids(session, user) or task.assignee_id == user.id:
        return task
    try:
        await desk.signing(session, user=user, task=task, now=datetime.now(UTC))
    except CasetrailError:
        raise desk.task_not_found() from None
    return task


async def draft_pdf(
    session: AsyncSession, *, user: User, task_id: uuid.UUID, renderer: Renderer
) -> tuple[bytes, str]:
    """The task's document rendered as a draft, and its file name (``立案审批表（草稿）-<案号>.pdf``)."""
    task = await readable_task(session, user, task_id)
    rendered = await drafts.render_draft(session, task=task, renderer=renderer, now=datetime.now(UTC))
    case = await session.get(Case, task.case_id)
    case_no = case.case_no if case is not None else ""
    return rendered.pdf, f"{rendered.title}（草稿）-{case_no}.pdf"


@router.get("/tasks/{task_id}/draft.pdf", response_class=Response)
async def task_draft(
    task_id: uuid.UUID,
    session: SessionDep,
    user: CurrentUser,
    renderer: Annotated[Renderer, Depends(default_renderer)],
) -> Response:
    """The document the task will issue, rendered now as a draft (no number, the opinions so far)."""
    pdf, filename = await draft_pdf(session, user=user, task_id=task_id, renderer=renderer)
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": inline(filename)})


def inline(filename: str) -> str:
    """Shown in the browser's PDF viewer; the Chinese name percent-encoded (RFC 6266)."""
    return f"inline; filename=\"draft.pdf\"; filename*=UTF-8''{quote(filename)}"


@router.post("/tasks/{task_id}/reassign", response_model=ReassignedOut)
async def reassign(
    task_id: uuid.UUID, body: ReassignBody, session: SessionDep, user: CurrentUser
) -> ReassignedOut:
    """The agency's leader hands an open task to one person; written to the case's audit chain."""
    task = await desk.reassign(
        session,
        user=user,
        task_id=task_id,
        assignee_id=body.assignee_id,
        reason=body.reason,
        now=datetime.now(UTC),
    )
    return ReassignedOut(task_id=task.id, assignee_id=body.assignee_id)
