"""The Temporal Schedule of the daily digest: 08:30 Asia/Shanghai, a missed morning caught up once."""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import Client, ScheduleHandle

from casetrail.schedules import ensure_daily_schedule
from casetrail.workflows.reminders import DailyDigestWorkflow

SCHEDULE_ID = "casetrail-daily-digest"


async def ensure_digest_schedule(
    client: Client, task_queue: str, *, schedule_id: str = SCHEDULE_ID
) -> ScheduleHandle:
    return await ensure_daily_schedule(
        client,
        schedule_id=schedule_id,
        workflow_run=DailyDigestWorkflow.run,
        task_queue=task_queue,
        cron="30 8 * * *",
        catchup=timedelta(hours=6),
    )
