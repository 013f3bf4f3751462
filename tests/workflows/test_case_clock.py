"""The 90-day case-handling clock (处罚法 Art. 60) as a durable timer, with time skipping."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from casetrail.rules import national_deadlines
from casetrail.rules.legal_time import explain_deadline
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from casetrail.store.models import ApprovalTask, Case, Deadline
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.types import TaskDecision

from .conftest import TIME_SKIPPING_QUEUE
from .factory import (
    deadlines,
    decide,
    filed_case,
    first_open_task,
    leader_actor,
    record_of,
    refusal,
    start_case,
    submit,
    wait_for,
)

AMR_64 = "《市场监督管理行政处罚程序规定》第六十四条第一款"


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
    await wait_for(handle, lambda s: "case_handling_overdue" in s.flags)
    async with transaction() as session:
        case = await session.get(Case, case_id)
        deadline = (await session.execute(select(Deadline).where(Deadline.case_id == case_id))).scalar_one()
    assert case is not None and "case_handling_overdue" in case.flags
    assert deadline.status == "overdue"


async def test_case_clock_warns_before_it_ends_and_extends_on_approval(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    clock = (await deadlines(case_id))["case_handling"]
    # The warning is an internal wake-up, not a statutory deadline row.
    assert set(await deadlines(case_id)) == {"case_handling"}
    # Workflow time: the shared time-skipping server runs ahead of the wall clock.
    filed = datetime.fromisoformat((await record_of(case_id, "filing_approval")).fields["signed_at"])
    warn_at = clock.due_at - timedelta(days=10)

    await time_env.sleep(warn_at - filed - timedelta(days=1))
    assert "case_handling_approaching" not in (await handle.query(CaseWorkflow.snapshot)).flags
    await time_env.sleep(timedelta(days=2))
    snapshot = await wait_for(handle, lambda s: "case_handling_approaching" in s.flags)
    assert "case_handling_overdue" not in snapshot.flags
    warning = await record_of(case_id, "deadline_approaching")
    assert datetime.fromisoformat(warning.fields["due_at"]) == clock.due_at and "第六十条" in (
        warning.citation or ""
    )

    # 处罚法 Art. 60 has no extension of its own: the basis names the rule and the rule caps it.
    complex_case = {"basis": "amr_complex", "reason": "案情复杂"}
    capped = await refusal(submit(handle, "request_case_extension", complex_case | {"days": 31}))
    assert (capped.rule, capped.field, capped.citation) == ("extension_cap", "days", AMR_64)
    early = await refusal(
        submit(
            handle,
            "request_case_extension",
            {"basis": "amr_further", "days": 30, "reason": "再延", "collective_discussion": "纪要"},
        )
    )
    assert early.rule == "extension_order"
    task = (await submit(handle, "request_case_extension", complex_case | {"days": 30})).task_id
    assert task
    pending = await refusal(submit(handle, "request_case_extension", complex_case | {"days": 10}))
    assert pending.rule == "extension_pending"
    await decide(handle, task)
    # The end is no longer near: the mark is lifted, as its own record.
    lifted = await wait_for(handle, lambda s: "flag_cleared" in s.history)
    assert "case_handling_approaching" not in lifted.flags
    assert (await record_of(case_id, "flag_cleared")).title == "解除标记：办案期限即将届满"
    extended = (await deadlines(case_id))["case_handling"]
    approval = await record_of(case_id, "case_extension_approval")
    assert approval.fields["extended_days_total"] == 30 and approval.fields["signer"] == "钱七"
    assert approval.citation == AMR_64 and approval.fields["cap_days"] == 30
    assert "听证" in approval.fields["pauses_not_counted"]
    again = await refusal(submit(handle, "request_case_extension", complex_case | {"days": 10}))
    assert again.rule == "extension_once"
    further = {"basis": "amr_further", "days": 30, "reason": "案情特别复杂"}
    unminuted = await refusal(submit(handle, "request_case_extension", further))
    assert (unminuted.rule, unminuted.field) == ("collective_discussion_required", "collective_discussion")
    async with transaction() as session:
        calendar = await load_calendar(session, use_cache=False)
    period = national_deadlines.CASE_HANDLING.model_copy(update={"amount": 120})
    assert extended.due_at == explain_deadline(filed, period, calendar).end and extended.status == "open"

    # Past the original 90 days: not overdue any more.
    await time_env.sleep(timedelta(days=12))
    assert "case_handling_overdue" not in (await handle.query(CaseWorkflow.snapshot)).flags
