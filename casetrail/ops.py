"""Ops commands: inspect a case's workflow history from the terminal."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from temporalio.client import Client

from casetrail.config import Settings
from casetrail.runtime.stack import connect_temporal


def _workflow_id(case: str) -> str:
    return case if case.startswith("case-") else f"case-{case}"


async def print_history(settings: Settings, case: str, *, printer: Callable[[str], None] = print) -> None:
    """Status, search attributes and every history event of a case workflow (id or case uuid)."""
    address = settings.temporal_address or f"127.0.0.1:{settings.temporal_port}"
    client: Client = await connect_temporal(address, settings.temporal_namespace)
    handle = client.get_workflow_handle(_workflow_id(case))
    description = await handle.describe()
    printer(
        f"workflow {description.id}  run {description.run_id}  status {description.status.name if description.status else '?'}"
    )
    for key, value in description.typed_search_attributes:
        printer(f"  {key.name} = {value}")
    async for event in handle.fetch_history_events():
        kind = event.WhichOneof("attributes") or ""
        detail = ""
        if event.HasField("activity_task_scheduled_event_attributes"):
            detail = event.activity_task_scheduled_event_attributes.activity_type.name
        elif event.HasField("marker_recorded_event_attributes"):
            detail = _marker_detail(event.marker_recorded_event_attributes)
        elif event.HasField("timer_started_event_attributes"):
            detail = f"{event.timer_started_event_attributes.start_to_fire_timeout.ToTimedelta()}"
        elif event.HasField("workflow_execution_update_accepted_event_attributes"):
            detail = event.workflow_execution_update_accepted_event_attributes.accepted_request.input.name
        printer(
            f"{event.event_id:>5}  {event.event_time.ToDatetime():%Y-%m-%d %H:%M:%S}  {kind.removesuffix('_event_attributes')}  {detail}"
        )


def _marker_detail(marker: Any) -> str:
    """A local activity's marker names the activity it ran (e.g. ``commit_step``); other markers, their name."""
    data = marker.details.get("data")
    if data is not None and data.payloads:
        try:
            found = json.loads(data.payloads[0].data)
        except ValueError:
            found = None
        if isinstance(found, dict) and found.get("activity_type"):
            return str(found["activity_type"])
    return str(marker.marker_name)
