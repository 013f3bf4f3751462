"""The approval desk (领导审批台): who may sign a task — by role, by a delegation for a period, or by
reassignment — and what the signer sees: the case, the party, what is to be signed, the amount, the
opinions so far and the time left. Delegations and reassignments are on record (the delegation row,
and an event in the case's audit chain)."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import Forbidden, InvalidInput, NotFound
from casetrail.roles import role_title
from casetrail.statuses import ApprovalStatus
from casetrail.store import audit
from casetrail.store.models import (
    ApprovalTask,
    Case,
    Delegation,
    IssuedDocument,
    Record,
    Role,
    User,
)

from . import search


class Authority(enum.StrEnum):
    role = "role"  # holds the task's role in its agency
    delegation = "delegation"  # signs for someone who holds it (代签)
    reassigned = "reassigned"  # the task was reassigned to them


@dataclass(frozen=True)
class Signing:
    authority: Authority
    delegation: Delegation | None = None


def task_not_found() -> NotFound:
    """An unknown task and another agency's answer alike, and name no id: a person reads this."""
    return NotFound("该审批任务不存在，或不属于您所在机关", field="task_id", rule="task_not_found")


async def active_delegations(
    session: AsyncSession, *, deputy_id: uuid.UUID, now: datetime
) -> list[Delegation]:
    query = select(Delegation).where(
        Delegation.deputy_id == deputy_id,
        Delegation.starts_at <= now,
        Delegation.ends_at > now,
        Delegation.revoked_at.is_(None),
    )
    return list((await session.execute(query)).scalars())


async def signable_pairs(session: AsyncSession, *, user: User, now: datetime) -> set[tuple[uuid.UUID, str]]:
    """The (agency, role) pairs the user may sign for now: their own and those lent to them."""
    pairs = {(m.agency_id, m.role.value) for m in user.memberships}
    pairs |= {(d.agency_id, d.role) for d in await active_delegations(session, deputy_id=user.id, now=now)}
    return pairs


async def signing(session: AsyncSession, *, user: User, task: ApprovalTask, now: datetime) -> Signing:
    """On what authority ``user`` may sign ``task``; Forbidden (naming the role) when on none."""
    if any(m.agency_id == task.agency_id and m.role.value == task.role for m in user.memberships):
        return Signing(Authority.role)
    for delegation in await active_delegations(session, deputy_id=user.id, now=now):
        if delegation.agency_id == task.agency_id and delegation.role == task.role:
            return Signing(Authority.delegation, delegation)
    if task.assignee_id == user.id:
        return Signing(Authority.reassigned)
    raise Forbidden(
        f"“{task.title}”须由本机关{role_title(task.role)}签批，或由其授权的代签人在授权期内签批", rule="role"
    )


async def record_signing(
    session: AsyncSession, *, user: User, task: ApprovalTask, how: Signing, now: datetime
) -> None:
    """A signature on someone else's authority is written to the case's chain before it is made."""
    if how.authority is Authority.role:
        return
    detail: dict[str, Any] = {"task_id": str(task.id), "task": task.title, "authority": how.authority.value}
    if how.delegation is not None:
        detail |= {"delegation_id": str(how.delegation.id), "delegator_id": str(how.delegation.delegator_id)}
    await audit.append_event(
        session,
        case_id=task.case_id,
        action="task.signing_on_authority",
        actor_id=user.id,
        detail=detail,
        at=now,
    )
    await session.commit()


# ---- delegation and reassignment -----------------------------------------------------------------


async def _member(
    session: AsyncSession, *, user_id: uuid.UUID, agency_id: uuid.UUID, field: str, who: str
) -> User:
    user = await session.get(User, user_id)
    if user is None or not any(m.agency_id == agency_id for m in user.memberships):
        raise InvalidInput(f"{who}须为本机关人员", field=field, rule="same_agency")
    return user


async def delegate(
    session: AsyncSession,
    *,
    delegator: User,
    deputy_id: uuid.UUID,
    agency_id: uuid.UUID,
    role: Role,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
) -> Delegation:
    if not any(m.agency_id == agency_id and m.role is role for m in delegator.memberships):
        raise Forbidden(f"只能授权本人在本机关担任的角色（{role.title}）", rule="role")
    if ends_at <= starts_at:
        raise InvalidInput("授权结束时间须晚于开始时间", field="ends_at", rule="period_order")
    if deputy_id == delegator.id:
        raise InvalidInput("不能授权给本人", field="deputy_id", rule="not_self")
    await _member(session, user_id=deputy_id, agency_id=agency_id, field="deputy_id", who="被授权人")
    delegation = Delegation(
        delegator_id=delegator.id,
        deputy_id=deputy_id,
        agency_id=agency_id,
        role=role.value,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
    )
    session.add(delegation)
    await session.commit()
    return delegation


async def revoke(session: AsyncSession, *, user: User, delegation_id: uuid.UUID, now: datetime) -> Delegation:
    delegation = await session.get(Delegation, delegation_id)
    if delegation is None or delegation.delegator_id != user.id:
        raise NotFound("该授权不存在或不是您授出的", field="delegation_id", rule="delegation_not_found")
    if delegation.revoked_at is None:
        delegation.revoked_at, delegation.revoked_by = now, user.id
        await session.commit()
    return delegation


async def reassign(
    session: AsyncSession,
    *,
    user: User,
    task_id: uuid.UUID,
    assignee_id: uuid.UUID,
    reason: str,
    now: datetime,
) -> ApprovalTask:
    """The agency's leader hands an open task to one person (e.g. the deputy while the signer is away)."""
    task = await session.get(ApprovalTask, task_id)
    if task is None or task.agency_id not in {m.agency_id for m in user.memberships}:
        raise task_not_found()
    if not any(
        m.agency_id == task.agency_id and m.role in (Role.leader, Role.admin) for m in user.memberships
    ):
        raise Forbidden("只有本机关负责人可以改派审批任务", rule="role")
    if task.status != ApprovalStatus.open:
        raise InvalidInput("该审批任务已办结，不能改派", field="task_id", rule="task_closed")
    assignee = await _member(
        session, user_id=assignee_id, agency_id=task.agency_id, field="assignee_id", who="改派对象"
    )
    previous = task.assignee_id
    task.assignee_id = assignee.id
    await audit.append_event(
        session,
        case_id=task.case_id,
        action="task.reassigned",
        actor_id=user.id,
        detail={
            "task_id": str(task.id),
            "task": task.title,
            "from": str(previous) if previous else None,
            "to": str(assignee.id),
            "to_name": assignee.full_name,
            "reason": reason,
        },
        at=now,
    )
    await session.commit()
    return task


# ---- what the desk shows -------------------------------------------------------------------------


@dataclass(frozen=True)
class Opinion:
    step: str
    signer: str
    decision: str
    opinion: str
    at: datetime


@dataclass(frozen=True)
class DocumentLink:
    title: str
    number: str | None
    url: str


@dataclass(frozen=True)
class DeskItem:
    task: ApprovalTask
    case: Case
    to_sign: str
    amount: str | None
    opinions: list[Opinion]
    documents: list[DocumentLink]
    seconds_left: int | None
    authority: Authority


DECISION_TITLES = {"approve": "同意", "return": "退回"}
AMOUNT_KEYS = ("penalty", "amount", "fine", "total")


def _amount(subject: dict[str, Any]) -> str | None:
    for key in AMOUNT_KEYS:
        if subject.get(key):
            return str(subject[key])
    return None


async def _opinions(session: AsyncSession, tasks: list[ApprovalTask]) -> dict[uuid.UUID, list[Opinion]]:
    """承办人 → 承办机构 → 法制审核 → 负责人, per task: the handler's request that opened it, then each
    task signed on its case. Two queries for the whole page."""
    case_ids = {t.case_id for t in tasks}
    requests = {
        (record.case_id, record.step_key): (record, name)
        for record, name in await session.execute(
            select(Record, User.full_name)
            .outerjoin(User, User.id == Record.actor_id)
            .where(
                Record.case_id.in_(case_ids),
                Record.step_key.in_({t.step_key for t in tasks}),
            )
        )
    }
    signed: dict[uuid.UUID, list[Opinion]] = {}
    for done, name in await session.execute(
        select(ApprovalTask, User.full_name)
        .join(User, User.id == ApprovalTask.signed_by)
        .where(ApprovalTask.case_id.in_(case_ids), ApprovalTask.status == ApprovalStatus.signed)
        .order_by(ApprovalTask.signed_at)
    ):
        signed.setdefault(done.case_id, []).append(
            Opinion(
                f"{role_title(done.role)}意见（{done.title}）",
                name,
                DECISION_TITLES.get(done.decision or "", done.decision or ""),
                done.opinion or "",
                done.signed_at or done.created_at,
            )
        )
    chains = {}
    for task in tasks:
        chain: list[Opinion] = []
        if (found := requests.get((task.case_id, task.step_key))) is not None:
            record, name = found
            text = str(record.fields.get("handler_opinion") or record.fields.get("reason") or record.title)
            chain.append(Opinion("承办人意见", name or "", "提请", text, record.created_at))
        chains[task.id] = chain + signed.get(task.case_id, [])
    return chains


async def _documents(session: AsyncSession, case_ids: set[uuid.UUID]) -> dict[uuid.UUID, list[DocumentLink]]:
    rows = await session.execute(
        select(IssuedDocument).where(IssuedDocument.case_id.in_(case_ids)).order_by(IssuedDocument.created_at)
    )
    links: dict[uuid.UUID, list[DocumentLink]] = {}
    for d in rows.scalars():
        links.setdefault(d.case_id, []).append(
            DocumentLink(d.title, d.number, f"/cases/{d.case_id}/documents/{d.id}/pdf")
        )
    return links


async def desk(
    session: AsyncSession, *, user: User, now: datetime, after: str | None = None, limit: int = 50
) -> search.Page[DeskItem]:
    """The user's open tasks, soonest due first, each with what the signer needs to decide."""
    own = {(m.agency_id, m.role.value) for m in user.memberships}
    pairs = await signable_pairs(session, user=user, now=now)
    # The OR with the reassigned tasks costs the ordered index scan: ask for it only when there are any.
    reassigned = (
        await session.execute(
            select(ApprovalTask.id)
            .where(ApprovalTask.assignee_id == user.id, ApprovalTask.status == ApprovalStatus.open)
            .limit(1)
        )
    ).first()
    filters = search.TaskFilter(assignee_id=user.id if reassigned else None)
    page = await search.search_tasks(session, signable=pairs, filters=filters, after=after, limit=limit)
    case_ids = {t.case_id for t in page.items}
    cases = {c.id: c for c in (await session.execute(select(Case).where(Case.id.in_(case_ids)))).scalars()}
    opinions = await _opinions(session, page.items)
    documents = await _documents(session, case_ids)
    items = []
    for task in page.items:
        subject = task.subject or {}
        authority = (
            Authority.role
            if (task.agency_id, task.role) in own
            else Authority.delegation
            if (task.agency_id, task.role) in pairs
            else Authority.reassigned
        )
        items.append(
            DeskItem(
                task=task,
                case=cases[task.case_id],
                to_sign=_what(task, subject),
                amount=_amount(subject),
                opinions=opinions[task.id],
                documents=documents.get(task.case_id, []),
                seconds_left=int((task.due_at - now).total_seconds()) if task.due_at else None,
                authority=authority,
            )
        )
    return search.Page(items, page.next_cursor)


def _what(task: ApprovalTask, subject: dict[str, Any]) -> str:
    parts = [task.title]
    if subject.get("handling"):
        parts.append(str(subject["handling"]))
    if subject.get("revision"):
        parts.append(f"第{subject['revision']}稿")
    return "，".join(parts)
