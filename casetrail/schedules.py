"""Temporal Schedules of daily jobs, created once at worker start (an existing one is left as it is:
ops may have paused it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

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


async def ensure_daily_schedule(
    client: Client,
    *,
    schedule_id: str,
    workflow_run: Callable[..., Any],
    task_queue: str,
    cron: str,
    catchup: timedelta,
) -> ScheduleHandle:
    """``cron`` is read in Asia/Shanghai; a missed run is caught up once within ``catchup``, never twice
    at the same time."""
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(workflow_run, id=f"{schedule_id}-run", task_queue=task_queue),
        spec=ScheduleSpec(cron_expressions=[cron], time_zone_name="Asia/Shanghai"),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP, catchup_window=catchup),
    )
    try:
        return await client.create_schedule(schedule_id, schedule)
    except ScheduleAlreadyRunningError:
        return client.get_schedule_handle(schedule_id)
