"""Reminders and escalations: the rungs fired, the notifications they made, each channel's delivery,
and the channels each user chose."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, CreatedAt, new_id


class Channel(enum.StrEnum):
    email = "email"  # 电子邮件（SMTP）
    webhook = "webhook"  # 企业微信、钉钉群机器人


CHANNEL_TITLES = {Channel.email: "电子邮件", Channel.webhook: "群机器人（企业微信/钉钉）"}


class DeliveryStatus(enum.StrEnum):
    pending = "pending"  # 待发送（含重试中）
    sent = "sent"  # 已发送
    failed = "failed"  # 重试用尽，发送失败


DELIVERY_STATUS_TITLES = {
    DeliveryStatus.pending: "待发送",
    DeliveryStatus.sent: "已发送",
    DeliveryStatus.failed: "发送失败",
}


class FiredRung(CreatedAt, Base):
    """A rung of a deadline's ladder that has fired: the unique key makes it fire once, whatever retries."""

    __tablename__ = "fired_rungs"
    __table_args__ = (UniqueConstraint("case_id", "deadline_key", "due_at", "rung"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    deadline_key: Mapped[str] = mapped_column(String(96))
    due_at: Mapped[datetime]
    rung: Mapped[str] = mapped_column(String(32))


class Notification(CreatedAt, Base):
    """One message to one user in the in-app notification centre (通知中心).

    ``key`` is the idempotent notification id (rung or digest, and the recipient): unique, so a
    retried activity never notifies twice.
    """

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(255))
    read_at: Mapped[datetime | None]


class Delivery(CreatedAt, Base):
    """A notification sent over one outside channel; retried on its own, visible to ops."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (UniqueConstraint("notification_id", "channel"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    notification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notifications.id"))
    channel: Mapped[Channel] = mapped_column(Enum(Channel, name="channel", native_enum=False, length=16))
    target: Mapped[str] = mapped_column(String(500))
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, name="delivery_status", native_enum=False, length=16),
        default=DeliveryStatus.pending,
        index=True,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]


class NotificationPreference(Base):
    """The channels a user chose; the in-app centre is always on."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254))  # no address: no email
    webhook_url: Mapped[str | None] = mapped_column(String(500))  # no URL: no robot message
    daily_digest: Mapped[bool] = mapped_column(default=True)


class Delegation(CreatedAt, Base):
    """A signer's authority lent to a deputy for a period (代签授权): the deputy may sign the tasks of
    ``role`` in ``agency_id`` from ``starts_at`` to ``ends_at``. Rows are never deleted: a revocation
    is stamped, so who could sign what and when stays on record."""

    __tablename__ = "delegations"
    __table_args__ = (Index("ix_delegations_deputy", "deputy_id", "starts_at", "ends_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    delegator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    deputy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agencies.id"))
    role: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class ManualScore(CreatedAt, Base):
    """A supervisor's manual score on a closed case file (案卷评查人工评分): points deducted (or, negative,
    restored) with the reviewer's comment. Kept as written: a correction is another row."""

    __tablename__ = "case_review_scores"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    reviewer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    deduction: Mapped[int]
    comment: Mapped[str] = mapped_column(Text)
