"""A long case continues as new with its whole state, and carries on in the new run."""

from __future__ import annotations

from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from casetrail.store.models import Role
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.types import StepRequest, TaskDecision

from .conftest import TIME_SKIPPING_QUEUE
from .factory import actor, first_open_task, leader_actor, officer_actor, start_case, wait_for


async def test_case_continues_as_new_and_keeps_its_state(time_env: WorkflowEnvironment) -> None:
    handle, _ = await start_case(time_env.client, TIME_SKIPPING_QUEUE, max_history=12)
    first_run = (await handle.describe()).run_id
    task_id = await first_open_task(handle)
    await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(task_id, "approve", await leader_actor(), "同意")
    )

    snapshot = await wait_for(handle, lambda s: s.phase == "investigation")
    latest = time_env.client.get_workflow_handle(handle.id)
    for _ in range(200):
        description = await latest.describe()
        if description.run_id != first_run:
            break
        await time_env.sleep(1)
    assert description.run_id != first_run, "the case never continued as new"
    assert description.status == WorkflowExecutionStatus.RUNNING

    carried = await latest.query(CaseWorkflow.snapshot)
    assert carried.phase == "investigation" and carried.history == snapshot.history
    assert carried.deadlines == snapshot.deadlines and "case_handling" in [
        d["key"] for d in carried.deadlines
    ]

    outcome = await latest.execute_update(
        CaseWorkflow.submit_step,
        StepRequest(
            "request_closing", await officer_actor(), {"summary": "已改正", "outcome": "不予处罚"}, "can-1"
        ),
    )
    assert outcome.phase == "closing_approval" and outcome.task_id
    await latest.execute_update(
        CaseWorkflow.decide_task, TaskDecision(outcome.task_id, "approve", await leader_actor(), "同意结案")
    )
    archive = {"file_no": "泰示岱监档〔2026〕2号", "retention": "长期"}
    archivist = await actor("archivist", Role.archivist)
    await latest.execute_update(
        CaseWorkflow.submit_step, StepRequest("archive_case", archivist, archive, "can-2")
    )
    assert await latest.result() == "archived"
