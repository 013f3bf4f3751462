"""A worker process killed (SIGKILL) right after one step's ``commit_step`` committed, before Temporal
hears of it: what a crash, an OOM kill or a pulled plug does between the database and the workflow.

Run by ``test_durability.py`` as ``python -m tests.workflows.killed_worker ADDRESS QUEUE DB_URL STEP``;
it prints ``ready`` once polling. Everything else is the production worker's workflows and activities.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from typing import Any

from temporalio import activity
from temporalio.client import Client
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor, Worker

from casetrail.activities.data_errors import DataErrorInterceptor
from casetrail.store import db
from casetrail.worker import ACTIVITIES, WORKFLOWS, workflow_runner
from casetrail.workflows.types import StepEffects


class _DieAfterCommit(ActivityInboundInterceptor):
    def __init__(self, next: ActivityInboundInterceptor, step: str) -> None:
        super().__init__(next)
        self._step = step

    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        result = await super().execute_activity(input)
        effects = input.args[0] if input.args else None
        if (
            activity.info().activity_type == "commit_step"
            and isinstance(effects, StepEffects)
            and effects.step_key.endswith(f"-{self._step}")
        ):
            os.kill(os.getpid(), signal.SIGKILL)  # committed; the result never reaches the server
        return result


class DieAfterCommit(Interceptor):
    def __init__(self, step: str) -> None:
        self._step = step

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _DieAfterCommit(super().intercept_activity(next), self._step)


async def main(address: str, queue: str, database_url: str, step: str) -> None:
    db.configure(database_url)
    client = await Client.connect(address)
    worker = Worker(
        client,
        task_queue=queue,
        workflows=WORKFLOWS,
        activities=ACTIVITIES,
        workflow_runner=workflow_runner(),
        interceptors=[DataErrorInterceptor(), DieAfterCommit(step)],
    )
    async with worker:
        print("ready", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
