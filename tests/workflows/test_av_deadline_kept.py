"""An AV storage deadline stays the deadline (issue 17): the timer wakes early for the reminder, but the
stored ``due_at`` — and what every surface shows — is the statutory end, before the reminder, after it
and after archiving. The issue saw it jump from 2026-12-03 00:00 to 2026-12-02 20:00 at archiving."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from casetrail.api.schemas import DeadlineOut
from casetrail.api.ui_view import deadline_view
from casetrail.statuses import AvObligationStatus, DeadlineStatus
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation
from casetrail.workflows.steps.av_duties import REMINDER_LEAD

from .factory import (
    CST,
    INQUIRY,
    approve,
    deadlines,
    env_now,
    filed_case,
    first_open_task,
    inspection_on_site,
    officer_ids,
    on_site,
    step,
    submit,
    wait_for,
)

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


async def recorded_inquiry(env: WorkflowEnvironment) -> tuple[WorkflowHandle, uuid.UUID, str, datetime]:
    """A Taian case with an inquiry recorded just now: 2 working days to store it (泰安 Art. 17)."""
    handle, case_id = await filed_case(env)
    ended = await env_now(env)
    await submit(
        handle, "inquiry", on_site(await officer_ids(), **INQUIRY, recording_ended_at=ended.isoformat())
    )
    async with transaction() as session:
        duty = (
            await session.execute(select(AvObligation).where(AvObligation.case_id == case_id))
        ).scalar_one()
    assert duty.storage_due_at is not None
    # Day-counted: the period ends at 24:00 of its last day, stored as 00:00 of the next.
    assert duty.storage_due_at.astimezone(CST).time() == time(0)
    assert duty.storage_due_at > ended + timedelta(days=1)
    return handle, case_id, f"av:{duty.key}", duty.storage_due_at


async def stored_and_archived(handle: WorkflowHandle, case_id: uuid.UUID) -> None:
    """The upload API marks the recording stored; the case is closed and archived."""
    async with transaction() as session:
        await session.execute(
            update(AvObligation)
            .where(AvObligation.case_id == case_id)
            .values(status=AvObligationStatus.fulfilled)
        )
    await step(handle, "request_closing", {"summary": "调查终结，不予处罚", "outcome": "不予处罚"})
    await approve(handle, await first_open_task(handle), "同意结案")
    await wait_for(handle, lambda s: s.phase == "archiving")
    archive = {"file_no": f"泰示岱监档〔2026〕{uuid.uuid4().int % 1000}号", "retention": "长期"}
    assert (await step(handle, "archive_case", archive, username="archivist")).phase == "archived"


async def assert_shown(case_id: uuid.UUID, key: str, due: datetime) -> None:
    """The row keeps ``due``; the API and the workbench name its last day."""
    row = (await deadlines(case_id))[key]
    assert row.due_at == due, f"stored {row.due_at}, the deadline is {due}"
    last = (due.astimezone(CST) - timedelta(days=1)).date()
    text = f"{last.isoformat()}（{WEEKDAYS[last.weekday()]}）24:00前"
    assert DeadlineOut.model_validate(row).due_text == text
    view = deadline_view(
        label=row.label,
        due_at=row.due_at,
        status=row.status,
        citation=row.citation,
        provisional=False,
        now=due,
    )
    assert view.due == text


async def test_av_deadline_archived_before_its_reminder_keeps_its_due_time(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id, key, due = await recorded_inquiry(time_env)
    await assert_shown(case_id, key, due)
    await stored_and_archived(handle, case_id)
    await assert_shown(case_id, key, due)


async def test_av_deadline_keeps_its_due_time_through_the_reminder_and_archiving(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id, key, due = await recorded_inquiry(time_env)
    await time_env.sleep(due - REMINDER_LEAD - await env_now(time_env) + timedelta(minutes=30))
    await wait_for(handle, lambda s: "av_storage_reminder" in s.history)
    assert await env_now(time_env) < due
    await assert_shown(case_id, key, due)
    await stored_and_archived(handle, case_id)
    await assert_shown(case_id, key, due)


async def test_a_duty_stored_before_its_check_fired_ends_met_at_archiving(
    time_env: WorkflowEnvironment,
) -> None:
    """The recording was uploaded in time and the timer had not fired yet: archiving ends the duty as
    met (its deadline was kept), not cancelled as if the recording had never been stored."""
    handle, case_id, key, _ = await recorded_inquiry(time_env)
    await stored_and_archived(handle, case_id)
    assert (await deadlines(case_id))[key].status == DeadlineStatus.met


async def test_an_inspection_closed_after_its_recording_was_stored_ends_the_duty_met(
    time_env: WorkflowEnvironment,
) -> None:
    """The inspection's workflow ends at its close, the storage check not yet due: a recording already
    stored kept its deadline (met); the inspection does not leave it "cancelled"."""
    handle, case_id = await inspection_on_site(time_env, findings="未发现问题", violation_found=False)
    async with transaction() as session:
        await session.execute(
            update(AvObligation)
            .where(AvObligation.case_id == case_id)
            .values(status=AvObligationStatus.fulfilled)
        )
    await step(handle, "close_inspection", {"conclusion": "未发现违法行为"})
    await wait_for(handle, lambda s: s.phase == "inspection_closed")
    rows = [row for key, row in (await deadlines(case_id)).items() if key.startswith("av:")]
    assert rows and {row.status for row in rows} == {DeadlineStatus.met}
