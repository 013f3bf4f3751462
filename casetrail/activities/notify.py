"""Reminder activities: the next rung of a deadline, firing it, sending one delivery, daily digests;
and waking a deadline's ladder when a step has written the deadline."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError

from casetrail.config import get_settings
from casetrail.notifications import delivery, digest, service
from casetrail.notifications.channels import ChannelFailed
from casetrail.rules.escalation import Rung
from casetrail.store.db import transaction


@dataclass
class LadderRef:
    case_id: str
    deadline_key: str
    # How long a failing channel waits before its first retry (tests shorten it).
    retry_initial_seconds: float = 30.0


@dataclass
class RungPlan:
    due_at: datetime | None
    rung: str | None
    fire_at: datetime | None


@dataclass
class FireRung:
    case_id: str
    deadline_key: str
    due_at: datetime
    rung: str


def ladder_workflow_id(case_id: str, deadline_key: str) -> str:
    return f"ladder-{case_id}-{deadline_key}"


@activity.defn
async def plan_rung(ref: LadderRef) -> RungPlan:
    async with transaction() as session:
        found = await service.next_rung(
            session, case_id=uuid.UUID(ref.case_id), deadline_key=ref.deadline_key
        )
    return RungPlan(found.due_at, found.rung.value if found.rung else None, found.fire_at)


@activity.defn
async def fire_rung(request: FireRung) -> list[str]:
    async with transaction() as session:
        ids = await service.fire_rung(
            session,
            case_id=uuid.UUID(request.case_id),
            deadline_key=request.deadline_key,
            due_at=request.due_at,
            rung=Rung(request.rung),
            settings=get_settings(),
        )
    return [str(i) for i in ids]


@activity.defn
async def send_delivery(delivery_id: str) -> str:
    try:
        sent = await delivery.deliver(uuid.UUID(delivery_id), settings=get_settings(), now=datetime.now(UTC))
    except ChannelFailed as error:
        # Retryable: the delivery workflow's retry policy backs off; the case never waits for it.
        raise ApplicationError(str(error), type="ChannelFailed") from None
    return sent.value


@activity.defn
async def fail_delivery(delivery_id: str) -> None:
    await delivery.give_up(uuid.UUID(delivery_id))


@activity.defn
async def compose_digests() -> list[str]:
    """Today's digest for every user who wants one and has something open; returns the deliveries."""
    async with transaction() as session:
        ids = await digest.compose(session, now=datetime.now(UTC), settings=get_settings())
    return [str(i) for i in ids]


async def wake_ladders(
    client: Client, *, task_queue: str, case_id: str, deadline_keys: Iterable[str]
) -> None:
    """Start (or tell) each deadline's ladder workflow that the deadline was written: it re-reads it."""
    from casetrail.workflows.reminders import DeadlineLadderWorkflow

    for key in dict.fromkeys(deadline_keys):
        await client.start_workflow(
            DeadlineLadderWorkflow.run,
            LadderRef(case_id, key),
            id=ladder_workflow_id(case_id, key),
            task_queue=task_queue,
            start_signal="deadline_written",
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
        )


ALL: list[Callable[..., Any]] = [plan_rung, fire_rung, send_delivery, fail_delivery, compose_digests]
