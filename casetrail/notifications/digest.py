"""The daily digest (每日待办汇总), 08:30 Beijing time: per user, their open approval tasks, their cases'
deadlines of the next two working days and what is overdue. One notification per user and day."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.config import Settings
from casetrail.rules.deadline_text import deadline_text
from casetrail.store.models import (
    ApprovalTask,
    Case,
    CaseOfficer,
    Deadline,
    Membership,
    NotificationPreference,
)

from .service import notify

CST = timezone(timedelta(hours=8))
HORIZON = timedelta(days=3)
LISTED = 20  # lines per section; the rest is counted


def _lines(rows: list[str]) -> list[str]:
    more = [f"……另有{len(rows) - LISTED}项"] if len(rows) > LISTED else []
    return [f"· {row}" for row in rows[:LISTED]] + more


async def digest_for(session: AsyncSession, *, user_id: uuid.UUID, now: datetime) -> str | None:
    """The digest text, or None when the user has nothing open."""
    pairs = [
        (m.agency_id, m.role.value)
        for m in (await session.execute(select(Membership).where(Membership.user_id == user_id))).scalars()
    ]
    tasks: list[str] = []
    for agency_id, role in pairs:
        signable = await session.execute(
            select(ApprovalTask.title, ApprovalTask.due_at, Case.case_no)
            .join(Case, Case.id == ApprovalTask.case_id)
            .where(
                ApprovalTask.agency_id == agency_id, ApprovalTask.role == role, ApprovalTask.status == "open"
            )
            .order_by(ApprovalTask.due_at)
        )
        tasks += [
            f"{no} {title}" + (f"（{deadline_text(due, short=True)}）" if due else "")
            for title, due, no in signable
        ]
    deadlines = (
        await session.execute(
            select(Case.case_no, Deadline.label, Deadline.due_at)
            .join(CaseOfficer, CaseOfficer.case_id == Deadline.case_id)
            .join(Case, Case.id == Deadline.case_id)
            .where(
                CaseOfficer.user_id == user_id,
                Deadline.status.in_(("open", "overdue")),
                Deadline.due_at < now + HORIZON,
            )
            .order_by(Deadline.due_at)
        )
    ).all()
    overdue = [
        f"{no} {label}（{deadline_text(due, short=True)}）" for no, label, due in deadlines if due <= now
    ]
    soon = [f"{no} {label}（{deadline_text(due, short=True)}）" for no, label, due in deadlines if due > now]
    if not (tasks or overdue or soon):
        return None
    parts = []
    for title, rows in (("待审批事项", tasks), ("已逾期期限", overdue), ("近期届满期限", soon)):
        if rows:
            parts += [f"{title}（{len(rows)}项）：", *_lines(rows)]
    return "\n".join(parts)


async def compose(session: AsyncSession, *, now: datetime, settings: Settings) -> list[uuid.UUID]:
    """Today's digests (idempotent: one key per user and Beijing day); returns the deliveries to send."""
    day = now.astimezone(CST).date()
    users = (
        await session.execute(
            select(NotificationPreference.user_id).where(NotificationPreference.daily_digest)
        )
    ).scalars()
    deliveries: list[uuid.UUID] = []
    for user_id in list(users):
        text = await digest_for(session, user_id=user_id, now=now)
        if text is None:
            continue
        deliveries += await notify(
            session,
            key=f"digest:{day.isoformat()}:{user_id}",
            user_id=user_id,
            case_id=None,
            kind="digest",
            title=f"每日待办汇总（{day.month}月{day.day}日）",
            body=text,
            link=f"{settings.public_url}/ui/tasks",
        )
    return deliveries
