"""Every recording duty gets its storage deadline as a durable timer, whichever act opened it
(issue 12): the lodging service of the decision (泰安 Art. 15(4): 留置送达 is recorded on AV; Art. 17:
stored within 2 working days), run in the service child, is watched by the case workflow."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import select
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from casetrail.services import documents
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation
from tests.evidence.conftest import EvLogin, metadata, upload, video_bytes
from tests.workflows.conftest import TIME_SKIPPING_QUEUE
from tests.workflows.factory import (
    attempt,
    case_row,
    deadlines,
    env_now,
    penalty_decision,
    record_of,
    served_case,
    sleep_past,
    start_decided_case,
    step,
    wait_for,
    wait_for_service,
)

TAIAN_17 = "《泰安市行政执法全过程记录办法》第十七条"


async def lodged_case(env: WorkflowEnvironment) -> tuple[WorkflowHandle[Any, Any], uuid.UUID, AvObligation]:
    """A Taian decision served by lodging with a recording: the duty the service child opened."""
    now = await env_now(env)
    case, case_id = await start_decided_case(env.client, TIME_SKIPPING_QUEUE, decision=penalty_decision(now))
    await step(case, "serve_decision", {})
    service = await wait_for_service(env.client, case, "decision")
    lodging = {
        "refusal_reason": "当事人拒绝签收",
        "receiver": "张三",
        "place": "当事人住所",
        "lodged_at": now.isoformat(),
        "witness": "李四（社区居委会）",
        "av_recorded": True,
    }
    await attempt(service, "lodging", lodging)
    await service.result()  # served at once: the child has ended, the duty runs on
    async with transaction() as session:
        (duty,) = (
            await session.execute(select(AvObligation).where(AvObligation.case_id == case_id))
        ).scalars()
    # The case keeps the duty's timer, due at the reminder time before the statutory deadline.
    await wait_for(case, lambda s: any(d["key"] == f"av:{duty.key}" for d in s.deadlines))
    return case, case_id, duty


async def test_taian_art_17_a_lodging_recording_left_unstored_is_flagged_overdue(
    time_env: WorkflowEnvironment,
) -> None:
    case, case_id, duty = await lodged_case(time_env)
    assert duty.act == "lodging_service" and duty.storage_due_at is not None
    row = (await deadlines(case_id))[f"av:{duty.key}"]
    assert row.status == "open" and row.due_at == duty.storage_due_at and row.citation == TAIAN_17

    await sleep_past(time_env, duty.storage_due_at)
    state = await wait_for(case, lambda s: "av_storage_overdue" in s.flags)
    assert "av_storage_reminder" in state.history  # the officers were reminded first
    assert "av_storage_overdue" in (await case_row(case_id)).flags
    row = (await deadlines(case_id))[f"av:{duty.key}"]
    assert row.status == "overdue" and row.due_at == duty.storage_due_at
    overdue = await record_of(case_id, "av_storage_overdue")
    assert overdue.fields["obligation_key"] == duty.key and overdue.citation == TAIAN_17
    async with transaction() as session:
        assert (await session.get(AvObligation, duty.id)).status == "overdue"  # type: ignore[union-attr]


async def test_taian_art_17_a_lodging_recording_uploaded_in_time_is_met(
    time_env: WorkflowEnvironment, ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    case, case_id, duty = await lodged_case(time_env)
    officer = await ev_login("officer1")
    meta = metadata(obligation_key=duty.key, act="lodging_service", proves="留置送达处罚决定书的过程")
    response = await upload(ev_api, officer, case_id, video_bytes(400), metadata=meta)
    assert response.status_code == 201, response.text

    assert duty.storage_due_at is not None
    await sleep_past(time_env, duty.storage_due_at)
    state = await wait_for(case, lambda s: "av_stored" in s.history)
    assert "av_storage_overdue" not in state.flags
    row = (await deadlines(case_id))[f"av:{duty.key}"]
    assert row.status == "met" and row.due_at == duty.storage_due_at
    assert "av_storage_overdue" not in (await case_row(case_id)).flags
    # The 卷内目录 names the record of the act the recording belongs to (the service attempt's).
    listed = {a.sha256: a.reference for a in await documents.case_file_attachments(case_id)}
    assert listed[response.json()["sha256"]] == "送达回证（留置送达）"


async def test_the_correction_check_and_enforcement_recordings_get_their_timers_too(
    time_env: WorkflowEnvironment,
) -> None:
    """Taian Art. 17 applies to every recording made (the correction check's is made by choice)."""
    case, case_id = await served_case(time_env)
    checked_at = await env_now(time_env)
    check = {
        "ordered_correction": "下架过期食品",
        "checked_at": checked_at.isoformat(),
        "on_site": True,
        "corrected": True,
        "findings": "过期食品已全部下架销毁",
        "av_recorded": True,
    }
    await step(case, "record_correction_check", check)
    async with transaction() as session:
        (duty,) = (
            await session.execute(select(AvObligation).where(AvObligation.case_id == case_id))
        ).scalars()
    assert duty.act == "correction_check" and duty.key.endswith("correction_check")
    state = await wait_for(case, lambda s: any(d["key"] == f"av:{duty.key}" for d in s.deadlines))
    assert "av_storage_overdue" not in state.flags
    row = (await deadlines(case_id))[f"av:{duty.key}"]
    assert row.due_at == duty.storage_due_at and row.citation == TAIAN_17
    record = await record_of(case_id, "correction_check")
    assert record.step_key == duty.key


async def test_next_deadline_search_attribute_is_the_legal_deadline_not_the_reminder(
    time_env: WorkflowEnvironment,
) -> None:
    """Ops find cases by when the law's time runs out: the storage deadline, not the reminder before it."""
    case, _, duty = await lodged_case(time_env)
    client = time_env.client
    described = await client.workflow_service.describe_workflow_execution(
        DescribeWorkflowExecutionRequest(
            namespace=client.namespace, execution=WorkflowExecution(workflow_id=case.id)
        )
    )
    # The raw call: the SDK's describe() cannot read the test server's datetime search attributes.
    payload = described.workflow_execution_info.search_attributes.indexed_fields["NextDeadline"]
    published = datetime.fromisoformat(client.data_converter.payload_converter.from_payload(payload, str))
    assert duty.storage_due_at is not None and published == duty.storage_due_at
