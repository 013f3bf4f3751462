"""The Temporal Schedule that anchors the audit chains every night (00:30 Asia/Shanghai)."""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleHandle,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
)

from casetrail.workflows.anchor_workflow import AuditAnchorWorkflow

SCHEDULE_ID = "casetrail-daily-audit-anchor"


async def ensure_anchor_schedule(
    client: Client, task_queue: str, *, schedule_id: str = SCHEDULE_ID
) -> ScheduleHandle:
    """Create the schedule once; an existing one is left as it is (ops may have paused it)."""
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(
            AuditAnchorWorkflow.run, id=f"{schedule_id}-run", task_queue=task_queue
        ),
        spec=ScheduleSpec(cron_expressions=["30 0 * * *"], time_zone_name="Asia/Shanghai"),
        # A missed night is caught up once, never twice at the same time.
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP, catchup_window=timedelta(days=1)),
    )
    try:
        return await client.create_schedule(schedule_id, schedule)
    except ScheduleAlreadyRunningError:
        return client.get_schedule_handle(schedule_id)
