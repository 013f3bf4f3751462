"""The notification centre (通知中心), each user's channels, and the delivery status ops watch."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from casetrail.errors import Forbidden
from casetrail.notifications import service
from casetrail.store.models import (
    CHANNEL_TITLES,
    DELIVERY_STATUS_TITLES,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationPreference,
    Role,
)

from ..deps import CurrentUser, SessionDep

router = APIRouter(tags=["notifications"])


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID | None
    kind: str
    title: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None


class UnreadOut(BaseModel):
    unread: int


class MarkedOut(BaseModel):
    marked: int


class PreferencesBody(BaseModel):
    email: str | None = Field(
        default=None, max_length=254, description="接收提醒的电子邮件地址（不填则不发邮件）"
    )
    webhook_url: str | None = Field(
        default=None, max_length=500, description="企业微信或钉钉群机器人地址（不填则不发）"
    )
    daily_digest: bool = Field(default=True, description="每日 8:30 接收待办汇总")


class DeliveryOut(BaseModel):
    id: uuid.UUID
    notification_title: str
    channel: str
    channel_title: str
    target: str
    status: DeliveryStatus
    status_title: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


@router.get("/notifications", response_model=list[NotificationOut])
async def my_notifications(
    session: SessionDep,
    user: CurrentUser,
    unread: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[Notification]:
    """The user's notifications, newest first."""
    return list(await service.list_notifications(session, user_id=user.id, unread_only=unread, limit=limit))


@router.get("/notifications/unread-count", response_model=UnreadOut)
async def my_unread_count(session: SessionDep, user: CurrentUser) -> UnreadOut:
    """The number in the header's bell."""
    return UnreadOut(unread=await service.unread_count(session, user_id=user.id))


@router.post("/notifications/read-all", response_model=MarkedOut)
async def read_all(session: SessionDep, user: CurrentUser) -> MarkedOut:
    marked = await service.mark_read(session, user_id=user.id, notification_id=None, now=datetime.now(UTC))
    return MarkedOut(marked=marked)


@router.post("/notifications/{notification_id}/read", response_model=MarkedOut)
async def read_one(notification_id: uuid.UUID, session: SessionDep, user: CurrentUser) -> MarkedOut:
    marked = await service.mark_read(
        session, user_id=user.id, notification_id=notification_id, now=datetime.now(UTC)
    )
    return MarkedOut(marked=marked)


@router.get("/notifications/preferences", response_model=PreferencesBody)
async def my_preferences(session: SessionDep, user: CurrentUser) -> PreferencesBody:
    preference = await session.get(NotificationPreference, user.id)
    if preference is None:
        return PreferencesBody()
    return PreferencesBody(
        email=preference.email, webhook_url=preference.webhook_url, daily_digest=preference.daily_digest
    )


@router.put("/notifications/preferences", response_model=PreferencesBody)
async def choose_channels(body: PreferencesBody, session: SessionDep, user: CurrentUser) -> PreferencesBody:
    """The channels the user chooses besides the in-app centre (always on)."""
    await service.set_preferences(
        session,
        user_id=user.id,
        email=body.email,
        webhook_url=body.webhook_url,
        daily_digest=body.daily_digest,
    )
    return body


def shown_target(channel: Channel, target: str) -> str:
    """A robot's address carries its secret in the query (企业微信 ``key=``, 钉钉 ``access_token=``): the
    list names the robot by host and path and hides the values, which would let anyone post as it."""
    if channel is not Channel.webhook:
        return target
    parts = urlsplit(target)
    hidden = "&".join(f"{name}=…" for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, hidden, ""))


@router.get("/ops/deliveries", response_model=list[DeliveryOut])
async def deliveries(
    session: SessionDep,
    user: CurrentUser,
    status: DeliveryStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeliveryOut]:
    """Outside deliveries, newest first: what is still retrying, what failed and why (ops and admins)."""
    if not any(m.role in (Role.ops, Role.admin) for m in user.memberships):
        raise Forbidden("只有运维人员或系统管理员可以查看消息发送状态", rule="role")
    query = select(Delivery, Notification.title).join(
        Notification, Notification.id == Delivery.notification_id
    )
    if status is not None:
        query = query.where(Delivery.status == status)
    rows = (await session.execute(query.order_by(Delivery.created_at.desc()).limit(limit))).all()
    return [
        DeliveryOut(
            id=d.id,
            notification_title=title,
            channel=d.channel.value,
            channel_title=CHANNEL_TITLES[d.channel],
            target=shown_target(d.channel, d.target),
            status=d.status,
            status_title=DELIVERY_STATUS_TITLES[d.status],
            attempts=d.attempts,
            last_error=d.last_error,
            created_at=d.created_at,
            sent_at=d.sent_at,
        )
        for d, title in rows
    ]
