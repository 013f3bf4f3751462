"""Sending one delivery over its channel and recording the outcome, attempt by attempt (ops reads it)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime

from sqlalchemy import select

from casetrail.config import Settings
from casetrail.store.db import transaction
from casetrail.store.models import Channel, Delivery, DeliveryStatus, Notification

from .channels import ChannelFailed, Message, send_email, send_webhook


async def deliver(delivery_id: uuid.UUID, *, settings: Settings, now: datetime) -> DeliveryStatus:
    """Send it unless it went out already; a failure is recorded and raised (``ChannelFailed``)."""
    async with transaction() as session:
        row = (
            await session.execute(
                select(Delivery, Notification)
                .join(Notification, Notification.id == Delivery.notification_id)
                .where(Delivery.id == delivery_id)
            )
        ).one()
    delivery, notification = row
    if delivery.status is DeliveryStatus.sent:
        return delivery.status
    message = Message(notification.title, notification.body, notification.link, notification.key)
    # Shielded: a worker shutting down must not cancel between a message going out and its "sent"
    # mark, or the retry after the restart would send it twice.
    await asyncio.shield(_send_and_record(delivery, message, settings=settings, now=now))
    return DeliveryStatus.sent


async def _send_and_record(
    delivery: Delivery, message: Message, *, settings: Settings, now: datetime
) -> None:
    try:
        if delivery.channel is Channel.email:
            await send_email(settings, to=delivery.target, message=message)
        else:
            await send_webhook(url=delivery.target, message=message)
    except ChannelFailed as error:
        await _record(delivery.id, error=str(error))
        raise
    await _record(delivery.id, sent_at=now)


async def _record(
    delivery_id: uuid.UUID, *, sent_at: datetime | None = None, error: str | None = None
) -> None:
    async with transaction() as session:
        delivery = await session.get(Delivery, delivery_id, with_for_update=True)
        assert delivery is not None
        delivery.attempts += 1
        if sent_at is not None:
            delivery.status, delivery.sent_at = DeliveryStatus.sent, sent_at
        else:
            delivery.last_error = error


async def give_up(delivery_id: uuid.UUID) -> None:
    """Retries are used up: the delivery shows as failed in ops (the case never waited for it)."""
    async with transaction() as session:
        delivery = await session.get(Delivery, delivery_id, with_for_update=True)
        if delivery is not None and delivery.status is DeliveryStatus.pending:
            delivery.status = DeliveryStatus.failed
