"""A step survives the failures of the parts around it, on the real Temporal dev server and the real
PostgreSQL: the database going away while a step is being written, and the worker dying between the
database's commit and the workflow hearing of it. Either way the step is applied exactly once."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import func, select
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle

from casetrail.runtime.postgres import EmbeddedPostgres
from casetrail.store import db
from casetrail.store.models import ApprovalTask, AuditEvent, Case, Record
from casetrail.worker import build_worker
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.phases import Phase
from casetrail.workflows.types import TaskDecision
from tests.conftest import TASK_QUEUE, repo_root

from .factory import first_open_task, leader_actor, start_case, wait_for

# The commit activity's own timeout (context.SHORT_TIMEOUT, 30 s) is how long Temporal waits for a
# dead worker's attempt before it retries; the rest is the retry backoff on a busy machine.
RECOVERY = 120.0


async def step_rows(case_id: uuid.UUID, step: str) -> tuple[list[str], int, int]:
    """What the database holds for the case: its records' kinds, its approval tasks, and the audit
    events of ``step`` (its key ends with the step's name)."""
    async with db.transaction() as session:
        kinds = list((await session.execute(select(Record.kind).where(Record.case_id == case_id))).scalars())
        tasks = await session.scalar(select(func.count()).where(ApprovalTask.case_id == case_id))
        events = await session.scalar(
            select(func.count()).where(AuditEvent.case_id == case_id, AuditEvent.step_key.like(f"%-{step}"))
        )
    return kinds, int(tasks or 0), int(events or 0)


async def commits_and_lost_tasks(handle: WorkflowHandle[Any, Any]) -> tuple[list[dict[str, Any]], int]:
    """The result of each ``commit_step`` the history records (a local activity: its marker), and how
    many workflow tasks timed out (held by a worker that died)."""
    results, lost = [], 0
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
            lost += 1
        elif event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED:
            details = event.marker_recorded_event_attributes.details
            if (
                "data" in details
                and json.loads(details["data"].payloads[0].data)["activity_type"] == "commit_step"
            ):
                results.append(json.loads(details["result"].payloads[0].data))
    return results, lost


async def test_a_step_waits_while_postgresql_is_down_and_completes_once_it_returns(
    temporal_client: Client, worker: None, pg_server: EmbeddedPostgres, database: str
) -> None:
    name = db.engine().url.database
    assert name is not None
    served_at = pg_server.url(name)
    handle, case_id = await start_case(temporal_client, TASK_QUEUE)
    decision = TaskDecision(await first_open_task(handle), "approve", await leader_actor(), "同意")

    pg_server.stop()
    try:
        signing = asyncio.create_task(handle.execute_update(CaseWorkflow.decide_task, decision))
        # The approval's activities fail against the stopped server and are retried: the step waits.
        await _until(lambda: _pending_attempts(handle), lambda attempts: attempts >= 2)
        assert not signing.done()
    finally:
        pg_server.start()
        await db.engine().dispose()  # the pool's connections died with the server
    assert pg_server.url(name) == served_at, "the restarted server listens where the pool connects"

    outcome = await asyncio.wait_for(signing, RECOVERY)
    assert outcome.phase == Phase.investigation
    kinds, tasks, events = await step_rows(case_id, "filing_approved")
    # Written once, whole: the approval record with its task closed and one audit event, nothing else.
    assert sorted(kinds) == ["filing_approval", "filing_request"] and (tasks, events) == (1, 1)
    async with db.transaction() as session:
        row = await session.get(Case, case_id)
        task = await session.scalar(select(ApprovalTask).where(ApprovalTask.case_id == case_id))
    assert row is not None and row.phase == Phase.investigation
    assert task is not None and task.status != "open"


async def test_a_worker_killed_after_the_commit_applies_the_step_once_on_restart(
    temporal_client: Client, temporal_address: str, database_url: str, database: str
) -> None:
    queue = f"casetrail-killed-{uuid.uuid4().hex[:8]}"
    async with _killed_worker(temporal_address, queue, database_url, step="filing_request") as died:
        handle, case_id = await start_case(temporal_client, queue)
        assert await died == -signal.SIGKILL
    # Committed, but the workflow never heard of it: the case's row moved on, the workflow did not.
    assert await step_rows(case_id, "filing_request") == (["filing_request"], 1, 1)

    async with build_worker(temporal_client, queue, strict=True):
        # The phase and the task show before the commit returns; the step is done once in ``history``.
        snapshot = await wait_for(handle, lambda s: bool(s.history), timeout=RECOVERY)
    assert snapshot.history == ["filing_request"] and snapshot.phase == Phase.filing_approval
    assert len(snapshot.open_tasks) == 1
    assert await step_rows(case_id, "filing_request") == (["filing_request"], 1, 1)
    # The commit runs as a local activity inside the workflow task the dead worker held: that task
    # timed out, the new worker ran it again, and the commit found the step applied and answered
    # with its record (``already_applied``). The killed attempt left no result in the history.
    results, lost = await commits_and_lost_tasks(handle)
    async with db.transaction() as session:
        record_id = await session.scalar(select(Record.id).where(Record.case_id == case_id))
    assert lost >= 1 and results == [{"record_id": str(record_id), "already_applied": True}]


# ---- helpers --------------------------------------------------------------------------------


async def _pending_attempts(handle: WorkflowHandle[Any, Any]) -> int:
    description = await handle.describe()
    pending = description.raw_description.pending_activities
    return max((activity.attempt for activity in pending), default=0)


async def _until(probe: Any, done: Any, timeout: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done(await probe()):
        assert loop.time() < deadline, "never reached"
        await asyncio.sleep(0.2)


@asynccontextmanager
async def _killed_worker(
    address: str, queue: str, database_url: str, *, step: str
) -> AsyncIterator[asyncio.Future[int]]:
    """A worker process on ``queue`` that kills itself right after ``step``'s commit; yields its exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.workflows.killed_worker", address, queue, database_url, step],
        cwd=repo_root(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert (await asyncio.to_thread(process.stdout.readline)).strip() == "ready"
        yield asyncio.ensure_future(asyncio.to_thread(process.wait, RECOVERY))
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
