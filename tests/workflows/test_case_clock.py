"""The 90-day case-handling clock (处罚法 Art. 60) as a durable timer, with time skipping."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from casetrail.store.db import transaction
from casetrail.store.models import ApprovalTask, Case, Deadline
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.types import TaskDecision

from .conftest import TIME_SKIPPING_QUEUE
from .factory import first_open_task, leader_actor, start_case


async def test_case_handling_clock_expires_and_marks_overdue(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await start_case(time_env.client, TIME_SKIPPING_QUEUE)
    task_id = await first_open_task(handle)
    await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(task_id, "approve", await leader_actor(), "同意")
    )

    async with transaction() as session:
        deadline = (await session.execute(select(Deadline).where(Deadline.case_id == case_id))).scalar_one()
        task = await session.get(ApprovalTask, uuid.UUID(task_id))
    assert task is not None and task.status == "signed"
    assert deadline.key == "case_handling" and deadline.status == "open"
    assert "第六十条" in (deadline.citation or "")

    await time_env.sleep(timedelta(days=95))
    snapshot = await handle.query(CaseWorkflow.snapshot)
    assert "case_handling_overdue" in snapshot.flags
    async with transaction() as session:
        case = await session.get(Case, case_id)
        deadline = (await session.execute(select(Deadline).where(Deadline.case_id == case_id))).scalar_one()
    assert case is not None and "case_handling_overdue" in case.flags
    assert deadline.status == "overdue"
