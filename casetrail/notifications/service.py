"""Firing ladder rungs into notifications, the notification centre, and each user's channels.

Every write is idempotent: a rung is recorded once per (case, deadline, due time) by a unique key,
a notification once per key, a delivery once per (notification, channel). A retried activity
therefore finds what it already wrote and writes nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.config import Settings
from casetrail.errors import InvalidInput, NotFound
from casetrail.rules.deadline_text import deadline_text
from casetrail.rules.escalation import RUNG_TITLES, Audience, Rung, ladder_for, plan
from casetrail.services.calendar import load_calendar
from casetrail.store.models import (
    Agency,
    Case,
    CaseOfficer,
    Channel,
    Deadline,
    Delivery,
    DeliveryStatus,
    FiredRung,
    Membership,
    Notification,
    NotificationPreference,
    Role,
)

LIVE_DEADLINE = ("open", "overdue")


@dataclass(frozen=True)
class NextRung:
    """The next rung still to fire for a deadline, or ``rung`` None when the ladder is done."""

    due_at: datetime | None
    rung: Rung | None
    fire_at: datetime | None


async def next_rung(session: AsyncSession, *, case_id: uuid.UUID, deadline_key: str) -> NextRung:
    """The deadline as the read model has it now (it may have moved or been met) and its next rung."""
    deadline = (
        await session.execute(
            select(Deadline).where(Deadline.case_id == case_id, Deadline.key == deadline_key)
        )
    ).scalar_one_or_none()
    if deadline is None or deadline.status not in LIVE_DEADLINE:
        return NextRung(None, None, None)
    fired = set(
        (
            await session.execute(
                select(FiredRung.rung).where(
                    FiredRung.case_id == case_id,
                    FiredRung.deadline_key == deadline_key,
                    FiredRung.due_at == deadline.due_at,
                )
            )
        ).scalars()
    )
    calendar = await load_calendar(session)
    for planned in plan(ladder_for(deadline_key), due_at=deadline.due_at, calendar=calendar):
        if planned.rung.value not in fired:
            return NextRung(deadline.due_at, planned.rung, planned.fire_at)
    return NextRung(deadline.due_at, None, None)


async def _audience(session: AsyncSession, case: Case, audience: Audience) -> list[uuid.UUID]:
    if audience is Audience.officers:
        query = select(CaseOfficer.user_id).where(CaseOfficer.case_id == case.id)
    elif audience is Audience.leader:
        query = select(Membership.user_id).where(
            Membership.agency_id == case.agency_id, Membership.role == Role.leader
        )
    else:
        above = await _agency_and_ancestors(session, case.agency_id)
        query = select(Membership.user_id).where(
            Membership.agency_id.in_(above), Membership.role == Role.supervisor
        )
    return sorted(set((await session.execute(query)).scalars()))


async def _agency_and_ancestors(session: AsyncSession, agency_id: uuid.UUID) -> list[uuid.UUID]:
    parents: dict[uuid.UUID, uuid.UUID | None] = {
        agency_id: parent_id
        for agency_id, parent_id in await session.execute(select(Agency.id, Agency.parent_id))
    }
    chain: list[uuid.UUID] = []
    current: uuid.UUID | None = agency_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


async def fire_rung(
    session: AsyncSession,
    *,
    case_id: uuid.UUID,
    deadline_key: str,
    due_at: datetime,
    rung: Rung,
    settings: Settings,
) -> list[uuid.UUID]:
    """Record the rung and notify its audience; returns the deliveries to send (none when it had fired)."""
    inserted = await session.execute(
        insert(FiredRung)
        .values(id=uuid.uuid4(), case_id=case_id, deadline_key=deadline_key, due_at=due_at, rung=rung.value)
        .on_conflict_do_nothing()
        .returning(FiredRung.id)
    )
    if inserted.first() is None:
        return await _pending_deliveries(session, key_prefix=_rung_key(case_id, deadline_key, due_at, rung))
    case = await session.get(Case, case_id)
    deadline = (
        await session.execute(
            select(Deadline).where(Deadline.case_id == case_id, Deadline.key == deadline_key)
        )
    ).scalar_one()
    assert case is not None
    rule = next(r for r in ladder_for(deadline_key).rungs if r.rung is rung)
    party = (case.party or {}).get("name", "")
    title = f"{RUNG_TITLES[rung]}：{deadline.label}"
    body = f"案件{case.case_no}（当事人：{party}）的“{deadline.label}”期限：{deadline_text(due_at)}。"
    if rung in (Rung.overdue, Rung.escalated_leader, Rung.escalated_legal):
        body += "该期限已届满，请及时督办处理。"
    if deadline.citation:
        body += f"依据：{deadline.citation}"
    deliveries: list[uuid.UUID] = []
    for user_id in await _audience(session, case, rule.audience):
        deliveries += await notify(
            session,
            key=f"{_rung_key(case_id, deadline_key, due_at, rung)}:{user_id}",
            user_id=user_id,
            case_id=case_id,
            kind=rung.value,
            title=title,
            body=body,
            link=f"{settings.public_url}/ui/cases/{case_id}",
        )
    return deliveries


def _rung_key(case_id: uuid.UUID, deadline_key: str, due_at: datetime, rung: Rung) -> str:
    return f"rung:{case_id}:{deadline_key}:{int(due_at.timestamp())}:{rung.value}"


async def notify(
    session: AsyncSession,
    *,
    key: str,
    user_id: uuid.UUID,
    case_id: uuid.UUID | None,
    kind: str,
    title: str,
    body: str,
    link: str | None,
) -> list[uuid.UUID]:
    """One notification in the user's centre and a delivery per channel they chose (idempotent by ``key``)."""
    row = (
        await session.execute(
            insert(Notification)
            .values(
                id=uuid.uuid4(),
                key=key,
                user_id=user_id,
                case_id=case_id,
                kind=kind,
                title=title,
                body=body,
                link=link,
            )
            .on_conflict_do_nothing(index_elements=[Notification.key])
            .returning(Notification.id)
        )
    ).first()
    if row is None:
        return await _pending_deliveries(session, key_prefix=key)
    preference = await session.get(NotificationPreference, user_id)
    targets = []
    if preference is not None and preference.email:
        targets.append((Channel.email, preference.email))
    if preference is not None and preference.webhook_url:
        targets.append((Channel.webhook, preference.webhook_url))
    ids = []
    for channel, target in targets:
        delivery = Delivery(notification_id=row[0], channel=channel, target=target)
        session.add(delivery)
        await session.flush()
        ids.append(delivery.id)
    return ids


async def _pending_deliveries(session: AsyncSession, *, key_prefix: str) -> list[uuid.UUID]:
    """The deliveries of notifications already written under ``key_prefix`` that have not gone out:
    a retry after a crash between writing and handing them over must still hand them over."""
    query = (
        select(Delivery.id)
        .join(Notification, Notification.id == Delivery.notification_id)
        .where(
            Notification.key.startswith(key_prefix, autoescape=True),
            Delivery.status == DeliveryStatus.pending,
        )
    )
    return list((await session.execute(query)).scalars())


# ---- the notification centre --------------------------------------------------------------


async def list_notifications(
    session: AsyncSession, *, user_id: uuid.UUID, unread_only: bool = False, limit: int = 50
) -> Sequence[Notification]:
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    return list((await session.execute(query)).scalars())


async def unread_count(session: AsyncSession, *, user_id: uuid.UUID) -> int:
    query = select(func.count()).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    return int((await session.execute(query)).scalar_one())


async def mark_read(
    session: AsyncSession, *, user_id: uuid.UUID, notification_id: uuid.UUID | None, now: datetime
) -> int:
    """Mark one notification (or, with None, all of the user's) read; returns how many changed."""
    query = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        exists = await session.get(Notification, notification_id)
        if exists is None or exists.user_id != user_id:
            raise NotFound("该通知不存在", field="notification_id", rule="notification_not_found")
        query = query.where(Notification.id == notification_id)
    result = await session.execute(query.values(read_at=now))
    await session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def set_preferences(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    email: str | None,
    webhook_url: str | None,
    daily_digest: bool,
) -> NotificationPreference:
    if email and "@" not in email:
        raise InvalidInput("电子邮件地址格式不正确", field="email", rule="email_format")
    if webhook_url and not webhook_url.startswith(("https://", "http://")):
        raise InvalidInput(
            "群机器人地址须以 https:// 或 http:// 开头", field="webhook_url", rule="url_format"
        )
    preference = await session.get(NotificationPreference, user_id)
    if preference is None:
        preference = NotificationPreference(user_id=user_id)
        session.add(preference)
    preference.email = email or None
    preference.webhook_url = webhook_url or None
    preference.daily_digest = daily_digest
    await session.commit()
    return preference
