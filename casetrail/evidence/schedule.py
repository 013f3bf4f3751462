"""The Temporal Schedule that anchors the audit chains every night (00:30 Asia/Shanghai)."""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import Client, ScheduleHandle

from casetrail.schedules import ensure_daily_schedule
from casetrail.workflows.anchor_workflow import AuditAnchorWorkflow

SCHEDULE_ID = "casetrail-daily-audit-anchor"


async def ensure_anchor_schedule(
    client: Client, task_queue: str, *, schedule_id: str = SCHEDULE_ID
) -> ScheduleHandle:
    """Create the schedule once; a missed night is caught up once, never twice at the same time."""
    return await ensure_daily_schedule(
        client,
        schedule_id=schedule_id,
        workflow_run=AuditAnchorWorkflow.run,
        task_queue=task_queue,
        cron="30 0 * * *",
        catchup=timedelta(days=1),
    )
