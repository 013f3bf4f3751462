"""Record the histories of reference cases so CI replays them against every later code change.

    .venv/bin/python -m tests.histories.capture

Runs each scenario on a time-skipping server with the real worker and an embedded PostgreSQL and
writes `<scenario>.json` here. Re-capture only for a deliberate, versioned change (or before the
first release); otherwise change running behaviour with `workflow.patched`.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from casetrail import search_attributes
from casetrail.seed import seed_demo
from casetrail.services.calendar import seed_calendar
from casetrail.store import db, migrate
from casetrail.store.models import Role
from casetrail.worker import build_worker
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.types import StepRequest, TaskDecision
from tests.conftest import scratch_dir
from tests.workflows.factory import actor, first_open_task, leader_actor, officer_actor, start_case

HERE = Path(__file__).parent
QUEUE = "casetrail-capture"

Scenario = Callable[[WorkflowEnvironment], Awaitable[WorkflowHandle[Any, Any]]]


async def filed_and_archived(env: WorkflowEnvironment) -> WorkflowHandle[Any, Any]:
    handle, _ = await start_case(env.client, QUEUE)
    task = await first_open_task(handle)
    await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(task, "approve", await leader_actor(), "同意")
    )
    outcome = await handle.execute_update(
        CaseWorkflow.submit_step,
        StepRequest(
            "request_closing", await officer_actor(), {"summary": "已改正", "outcome": "不予处罚"}, "c1"
        ),
    )
    assert outcome.task_id
    await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(outcome.task_id, "approve", await leader_actor())
    )
    archivist = await actor("archivist", Role.archivist)
    archive = {"file_no": "泰示岱监档〔2026〕1号", "retention": "长期"}
    await handle.execute_update(
        CaseWorkflow.submit_step, StepRequest("archive_case", archivist, archive, "a1")
    )
    await handle.result()
    return handle


async def filing_refused(env: WorkflowEnvironment) -> WorkflowHandle[Any, Any]:
    handle, _ = await start_case(env.client, QUEUE)
    task = await first_open_task(handle)
    await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(task, "return", await leader_actor(), "证据不足，不予立案")
    )
    await handle.result()
    return handle


async def handling_clock_overdue(env: WorkflowEnvironment) -> WorkflowHandle[Any, Any]:
    from datetime import timedelta

    handle, _ = await start_case(env.client, QUEUE)
    task = await first_open_task(handle)
    await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(task, "approve", await leader_actor(), "同意")
    )
    await env.sleep(timedelta(days=95))
    await handle.query(CaseWorkflow.snapshot)
    await handle.terminate("captured")
    return handle


SCENARIOS: dict[str, Scenario] = {
    "filed_and_archived": filed_and_archived,
    "filing_refused": filing_refused,
    "handling_clock_overdue": handling_clock_overdue,
}


async def capture(names: list[str]) -> None:
    from casetrail.runtime.postgres import EmbeddedPostgres

    with scratch_dir("casetrail-capture-") as home:
        postgres = EmbeddedPostgres(home / "pg")
        url = postgres.start()
        try:
            await asyncio.to_thread(migrate.upgrade, url)
            db.configure(url)
            async with db.transaction() as session:
                await seed_calendar(session)
                await seed_demo(session)
            binary = str(Path(sys.executable).parent / "temporal-test-server")
            async with await WorkflowEnvironment.start_time_skipping(test_server_existing_path=binary) as env:
                await search_attributes.register(env.client)
                async with build_worker(env.client, QUEUE, strict=True):
                    for name in names:
                        handle = await SCENARIOS[name](env)
                        history = await handle.fetch_history()
                        (HERE / f"{name}.json").write_text(history.to_json())
                        print(f"captured {name}: {len(history.events)} events")
            await db.dispose()
        finally:
            postgres.stop()


if __name__ == "__main__":
    asyncio.run(capture(sys.argv[1:] or list(SCENARIOS)))
