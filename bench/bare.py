"""The bare-engine baseline of ``bench.throughput``: a trivial Temporal workflow taking one Update per
step, each Update running an activity that writes one row to PostgreSQL, the work a case step cannot
avoid. Run as its own worker process (``python -m bench.bare DATABASE_URL TEMPORAL_ADDRESS QUEUE``) so
its CPU is measured like casetrail's worker and API.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow

TABLE = "bench_bare_steps"
CREATE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (case_id text NOT NULL, step integer NOT NULL, "
    "at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (case_id, step))"
)


@dataclass(frozen=True)
class StepRow:
    case_id: str
    step: int


@activity.defn(name="bare_write_step")
async def write_step(row: StepRow) -> None:
    from sqlalchemy import text

    from casetrail.store.db import transaction

    async with transaction() as session:
        await session.execute(
            text(f"INSERT INTO {TABLE} (case_id, step) VALUES (:case_id, :step) ON CONFLICT DO NOTHING"),
            {"case_id": row.case_id, "step": row.step},
        )


@workflow.defn(name="BareCase")
class BareCase:
    def __init__(self) -> None:
        self.steps = 0
        self.finished = False

    @workflow.run
    async def run(self, case_id: str) -> int:
        await self._write(case_id)
        await workflow.wait_condition(lambda: self.finished and workflow.all_handlers_finished())
        return self.steps

    @workflow.update
    async def step(self, last: bool) -> int:
        self.steps += 1
        await self._write(workflow.info().workflow_id)
        self.finished = last
        return self.steps

    async def _write(self, case_id: str) -> None:
        await workflow.execute_activity(
            write_step, StepRow(case_id, self.steps), start_to_close_timeout=timedelta(seconds=30)
        )


async def _serve(database_url: str, temporal_address: str, task_queue: str) -> None:
    from temporalio.client import Client
    from temporalio.worker import Worker

    from casetrail.store import db

    db.configure(database_url)
    client = await Client.connect(temporal_address)
    async with db.transaction() as session:
        from sqlalchemy import text

        await session.execute(text(CREATE_TABLE))
    worker = Worker(client, task_queue=task_queue, workflows=[BareCase], activities=[write_step])
    await worker.run()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.bare", description=__doc__)
    parser.add_argument("database_url", help="the PostgreSQL the steps are written to")
    parser.add_argument("temporal_address", help="host:port of the Temporal frontend")
    parser.add_argument("task_queue", help="the queue bench.throughput starts BareCase on")
    args = parser.parse_args()
    asyncio.run(_serve(args.database_url, args.temporal_address, args.task_queue))
