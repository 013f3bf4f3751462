"""Each step happens once: racing Updates, a resubmitted submission id (also after continue-as-new),
and a retried commit activity."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, select
from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment

from casetrail.activities.case_store import commit_step
from casetrail.store.db import transaction
from casetrail.store.models import AuditEvent, Record
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.failures import from_failure
from casetrail.workflows.phases import Phase
from casetrail.workflows.types import RecordDraft, StepEffects, StepRequest, TaskDecision

from .conftest import TIME_SKIPPING_QUEUE
from .factory import (
    filed_case,
    first_open_task,
    insert_case,
    leader_actor,
    officer_actor,
    record_of,
    records,
    start_case,
)

CLOSING = {"summary": "已改正", "outcome": "不予处罚"}


async def test_two_updates_racing_on_one_case_take_effect_once(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    officer = await officer_actor()
    results = await asyncio.gather(
        *(
            handle.execute_update(
                CaseWorkflow.submit_step, StepRequest("request_closing", officer, CLOSING, sid)
            )
            for sid in ("race-1", "race-2")
        ),
        return_exceptions=True,
    )
    failures = [r for r in results if isinstance(r, BaseException)]
    assert len(failures) == 1, results
    assert isinstance(failures[0], WorkflowUpdateFailedError)
    error = from_failure(failures[0])
    assert error is not None and error.rule == "step_not_allowed_now"
    assert "结案审批" in error.message  # the phase the winner moved the case to, by its title
    await record_of(case_id, "closing_request")  # exactly one


async def _continued(env: WorkflowEnvironment, workflow_id: str, first_run: str) -> None:
    handle = env.client.get_workflow_handle(workflow_id)
    for _ in range(200):
        if (await handle.describe()).run_id != first_run:
            return
        await env.sleep(1)
    raise AssertionError("the case never continued as new")


async def test_a_submission_id_is_answered_once_before_and_after_continue_as_new(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await start_case(time_env.client, TIME_SKIPPING_QUEUE, max_history=20)
    first_run = (await handle.describe()).run_id
    signing = TaskDecision(await first_open_task(handle), "approve", await leader_actor(), "同意", "sign-1")
    original = await handle.execute_update(CaseWorkflow.decide_task, signing, id="u-1")
    # Same submission, another Update id (a client retry after a lost answer): the original outcome.
    again = await handle.execute_update(CaseWorkflow.decide_task, signing, id="u-2")
    assert again == original and original.phase == Phase.investigation

    await _continued(time_env, handle.id, first_run)
    latest = time_env.client.get_workflow_handle(handle.id)
    after = await latest.execute_update(CaseWorkflow.decide_task, signing, id="u-3")
    assert after == original  # not "该审批任务不存在或已办结"

    closing = StepRequest("request_closing", await officer_actor(), CLOSING, "close-1")
    first = await latest.execute_update(CaseWorkflow.submit_step, closing, id="u-4")
    second = await latest.execute_update(CaseWorkflow.submit_step, closing, id="u-5")
    assert second == first and first.phase == Phase.closing_approval
    kinds = [r.kind for r in await records(case_id)]
    assert kinds.count("filing_approval") == 1 and kinds.count("closing_request") == 1


async def test_a_retried_commit_finds_the_step_applied(time_env: WorkflowEnvironment) -> None:
    case, _, _ = await insert_case()
    effects = StepEffects(
        case_id=str(case.id),
        step_key="0001-retried",
        at=datetime.now(UTC),
        audit_action="case.test_step",
        record=RecordDraft(kind="test_record", title="测试记录", fields={"n": 1}),
        phase=Phase.investigation,
    )
    first = await commit_step(effects)
    second = await commit_step(effects)  # Temporal may run an activity again after it committed
    assert not first.already_applied and second.already_applied
    assert second.record_id == first.record_id
    async with transaction() as session:
        recorded = await session.scalar(
            select(func.count()).select_from(Record).where(Record.case_id == case.id)
        )
        audited = await session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.step_key == "0001-retried")
        )
    assert (recorded, audited) == (1, 1)
