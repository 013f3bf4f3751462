"""The daily anchor runs as a Temporal Schedule (the dev server supports Schedules; the
time-skipping server does not)."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta

from sqlalchemy import select
from temporalio.client import Client, ScheduleHandle

from casetrail.activities.anchors import AnchorWritten
from casetrail.evidence.schedule import ensure_anchor_schedule
from casetrail.store.db import transaction
from casetrail.store.models import AuditAnchor
from tests.conftest import TASK_QUEUE


async def test_daily_anchor_schedule_runs_the_anchor_workflow(temporal_client: Client, worker: None) -> None:
    """The dev server runs Schedules: trigger ours and find the anchor its workflow wrote."""
    schedule_id = f"test-anchor-{os.urandom(4).hex()}"
    handle: ScheduleHandle = await ensure_anchor_schedule(
        temporal_client, TASK_QUEUE, schedule_id=schedule_id
    )
    try:
        await handle.trigger()
        loop = asyncio.get_running_loop()
        give_up = loop.time() + 30
        while not (await handle.describe()).info.recent_actions:
            assert loop.time() < give_up, "the schedule never started its workflow"
            await asyncio.sleep(0.2)
        action = (await handle.describe()).info.recent_actions[0].action
        result = await temporal_client.get_workflow_handle(
            action.workflow_id, result_type=AnchorWritten
        ).result(rpc_timeout=timedelta(seconds=30))
        async with transaction() as session:
            anchor = (
                await session.execute(select(AuditAnchor).where(AuditAnchor.hash == result.hash))
            ).scalar_one()
        assert anchor.day.isoformat() == result.day and anchor.chains == result.chains > 0
        again = await ensure_anchor_schedule(temporal_client, TASK_QUEUE, schedule_id=schedule_id)
        assert again.id == schedule_id
    finally:
        await handle.delete()
