"""The approval desk in the workbench (领导审批台): the signer's open tasks with case, party, what is
to be signed, amount, time left and the opinions so far; a preview of each (the approval form, and the
document it will issue rendered as a PDF draft); signing; delegation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from casetrail.errors import CasetrailError, InvalidInput
from casetrail.services import desk, drafts
from casetrail.services.rendering import default_renderer
from casetrail.store.models import Case, Delegation, Membership, Role, User

from .deps import SessionDep
from .routes.desk import AUTHORITY_TITLES, draft_pdf, inline, readable_task, time_left
from .ui import Csrf, UiUser, error_context, page, redirect_with_notice, sign_from_form
from .ui_view import CST

router = APIRouter(prefix="/ui", include_in_schema=False)

# What a task's subject holds, in the words of the approval form; keys not listed are not shown.
SUBJECT_LABELS = {
    "case_no": "案件编号",
    "cause": "案由",
    "party": "当事人",
    "source": "案件来源",
    "handling": "处理类别",
    "penalty": "处罚内容",
    "revision": "稿次",
    "reason": "理由",
    "days": "延长天数",
    "summary": "摘要",
    "outcome": "处理结果",
    "grounds": "法制审核情形",
}


def subject_lines(subject: dict[str, Any]) -> list[tuple[str, str]]:
    lines = []
    for key, label in SUBJECT_LABELS.items():
        value = subject.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, dict):
            value = value.get("name", "")
        elif isinstance(value, list):
            value = "；".join(str(v) for v in value)
        lines.append((label, str(value)))
    return lines


async def _desk_page(
    request: Request, session: SessionDep, user: User, error: CasetrailError | None = None
) -> HTMLResponse:
    listed = await desk.desk(session, user=user, now=datetime.now(UTC), limit=200)
    deputies = (
        await session.execute(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.agency_id.in_([m.agency_id for m in user.memberships if m.role is Role.leader]),
                User.id != user.id,
            )
            .distinct()
            .order_by(User.full_name)
        )
    ).scalars()
    now = datetime.now(UTC)
    lent = (
        await session.execute(
            select(Delegation, User.full_name)
            .join(User, User.id == Delegation.deputy_id)
            .where(
                Delegation.delegator_id == user.id, Delegation.ends_at > now, Delegation.revoked_at.is_(None)
            )
            .order_by(Delegation.ends_at)
        )
    ).all()
    context = {
        "user": user,
        "items": listed.items,
        "lent": lent,
        "time_left": time_left,
        "authority_titles": AUTHORITY_TITLES,
        "drafts": drafts.DRAFTS,
        "deputies": list(deputies),
        "can_delegate": any(m.role is Role.leader for m in user.memberships),
        "submission_id": str(uuid.uuid4()),
        "error": error_context(error) if error else None,
    }
    return page(request, "desk.html", context, error.status_code if error else 200)


@router.get("/desk")
async def desk_page(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    return await _desk_page(request, session, user)


@router.get("/desk/{task_id}/preview")
async def preview(task_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    """The approval form as it stands before signing (草稿): what is asked, and the opinions so far."""
    try:
        task = await readable_task(session, user, task_id)
    except CasetrailError as error:
        return await _desk_page(request, session, user, error=error)
    case = await session.get(Case, task.case_id)
    assert case is not None
    listed = await desk.desk(session, user=user, now=datetime.now(UTC), limit=200)
    item = next((i for i in listed.items if i.task.id == task.id), None)
    context = {
        "user": user,
        "task": task,
        "case": case,
        "lines": subject_lines(task.subject or {}),
        "item": item,
        "now": datetime.now(CST),
        "has_draft": drafts.has_draft(task),
    }
    return page(request, "desk_preview.html", context)


@router.get("/desk/{task_id}/document", response_model=None)
async def draft_document(task_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser) -> Response:
    """The document the task will issue, rendered as a draft PDF, for the browser's PDF viewer."""
    try:
        pdf, filename = await draft_pdf(session, user=user, task_id=task_id, renderer=default_renderer())
    except CasetrailError as error:
        return await _desk_page(request, session, user, error=error)
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": inline(filename)})


@router.post("/desk/{task_id}", response_model=None, dependencies=[Csrf])
async def sign(task_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser) -> Response:
    try:
        message = await sign_from_form(request, session, user, task_id)
    except CasetrailError as error:
        return await _desk_page(request, session, user, error=error)
    return redirect_with_notice("/ui/desk", message)


@router.post("/desk-delegations", response_model=None, dependencies=[Csrf])
async def delegate(
    request: Request,
    session: SessionDep,
    user: UiUser,
    deputy_id: Annotated[str, Form()] = "",
    ends_at: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        agency = next((m.agency_id for m in user.memberships if m.role is Role.leader), None)
        if agency is None:
            raise InvalidInput("只有机关负责人可以授权代签", field="deputy_id", rule="role")
        try:
            deputy = uuid.UUID(deputy_id)
        except ValueError:
            raise InvalidInput("请选择代签人", field="deputy_id", rule="required") from None
        try:
            until = datetime.fromisoformat(ends_at).replace(tzinfo=CST)
        except ValueError:
            raise InvalidInput("请填写授权截止时间", field="ends_at", rule="required") from None
        if not reason.strip():
            raise InvalidInput("请填写授权事由", field="reason", rule="required")
        made = await desk.delegate(
            session,
            delegator=user,
            deputy_id=deputy,
            agency_id=agency,
            role=Role.leader,
            starts_at=datetime.now(UTC),
            ends_at=until,
            reason=reason,
        )
    except CasetrailError as error:
        return await _desk_page(request, session, user, error=error)
    until_text = made.ends_at.astimezone(CST).strftime("%Y-%m-%d %H:%M")
    return redirect_with_notice("/ui/desk", f"已授权代签至{until_text}")


@router.post("/desk-delegations/{delegation_id}/revoke", response_model=None, dependencies=[Csrf])
async def revoke(delegation_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser) -> Response:
    try:
        made = await desk.revoke(session, user=user, delegation_id=delegation_id, now=datetime.now(UTC))
    except CasetrailError as error:
        return await _desk_page(request, session, user, error=error)
    deputy = await session.get(User, made.deputy_id)
    return redirect_with_notice("/ui/desk", f"已撤销对{deputy.full_name if deputy else '代签人'}的代签授权")
