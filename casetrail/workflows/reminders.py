"""Reminders from durable timers: one ladder workflow per deadline, one delivery workflow per message.

The ladder sleeps until its next rung, fires it (the rung's row makes it fire once), and hands each
outside message to its own delivery workflow, which it does not wait for: a failing channel retries
on its own and never holds up a rung, let alone the case. A step that moves or meets the deadline
signals ``deadline_written`` and the ladder re-reads it.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, WorkflowAlreadyStartedError
from temporalio.workflow import ParentClosePolicy

with workflow.unsafe.imports_passed_through():
    from casetrail.activities import notify
    from casetrail.activities.notify import FireRung, LadderRef

DB_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1))
DELIVERY_ATTEMPTS = 8


@workflow.defn(name="DeadlineLadder")
class DeadlineLadderWorkflow:
    def __init__(self) -> None:
        self._written = False

    @workflow.signal
    def deadline_written(self) -> None:
        self._written = True

    @workflow.run
    async def run(self, ref: LadderRef) -> None:
        while True:
            self._written = False
            plan = await workflow.execute_activity(
                notify.plan_rung, ref, start_to_close_timeout=timedelta(seconds=30), retry_policy=DB_RETRY
            )
            if plan.rung is None or plan.due_at is None or plan.fire_at is None:
                return  # met, cancelled or every rung fired; a later write starts a new run
            wait = plan.fire_at - workflow.now()
            if wait > timedelta(0):
                try:
                    await workflow.wait_condition(lambda: self._written, timeout=wait)
                    continue  # the deadline was written meanwhile: plan again from the read model
                except TimeoutError:
                    pass
            deliveries = await workflow.execute_activity(
                notify.fire_rung,
                FireRung(ref.case_id, ref.deadline_key, plan.due_at, plan.rung),
                start_to_close_timeout=timedelta(seconds=30),
                retry_policy=DB_RETRY,
            )
            for delivery_id in deliveries:
                await start_delivery(delivery_id, ref.retry_initial_seconds)


async def start_delivery(delivery_id: str, retry_initial_seconds: float) -> None:
    """Hand one message to its own workflow (id per delivery: a second start is refused, not doubled)."""
    # Already started by an earlier run of the ladder: the delivery is on its way.
    with contextlib.suppress(WorkflowAlreadyStartedError):
        await workflow.start_child_workflow(
            DeliveryWorkflow.run,
            args=[delivery_id, retry_initial_seconds],
            id=f"delivery-{delivery_id}",
            parent_close_policy=ParentClosePolicy.ABANDON,
        )


@workflow.defn(name="NotificationDelivery")
class DeliveryWorkflow:
    @workflow.run
    async def run(self, delivery_id: str, retry_initial_seconds: float) -> str:
        try:
            return await workflow.execute_activity(
                notify.send_delivery,
                delivery_id,
                start_to_close_timeout=timedelta(seconds=60),
                retry_policy=RetryPolicy(
                    initial_interval=timedelta(seconds=retry_initial_seconds),
                    backoff_coefficient=2.0,
                    maximum_interval=timedelta(hours=1),
                    maximum_attempts=DELIVERY_ATTEMPTS,
                ),
            )
        except ActivityError:
            await workflow.execute_activity(
                notify.fail_delivery,
                delivery_id,
                start_to_close_timeout=timedelta(seconds=30),
                retry_policy=DB_RETRY,
            )
            return "failed"


@workflow.defn(name="DailyDigest")
class DailyDigestWorkflow:
    """Started by the 08:30 Beijing Schedule: one digest per user, each delivery on its own."""

    @workflow.run
    async def run(self) -> int:
        deliveries = await workflow.execute_activity(
            notify.compose_digests, start_to_close_timeout=timedelta(minutes=5), retry_policy=DB_RETRY
        )
        for delivery_id in deliveries:
            await start_delivery(delivery_id, 60.0)
        return len(deliveries)
