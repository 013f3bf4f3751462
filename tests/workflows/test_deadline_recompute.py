"""A provisional deadline is recomputed when the year's holiday notice is entered, and its durable
timer really moves: it no longer fires at the old end, it fires at the new one (time skipping)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from casetrail.rules import national_deadlines
from casetrail.rules.legal_time import SHANGHAI
from casetrail.services import calendar_admin
from casetrail.services.calendar import load_calendar
from casetrail.services.calendar_notify import Announcement, announce
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation, User
from casetrail.workflows.case_workflow import CaseSnapshot, CaseWorkflow
from casetrail.workflows.types import TaskDecision
from tests.calendar_helpers import last_day_of, mark_published, mark_unpublished, notice_making_holiday
from tests.recording.test_storage_timers import lodged_case

from .conftest import TIME_SKIPPING_QUEUE
from .factory import deadlines, env_now, first_open_task, leader_actor, start_case, wait_for
from .test_av_deadline_kept import recorded_inquiry


async def notice_making_last_day_a_holiday(env: WorkflowEnvironment, due: datetime) -> Announcement:
    """The year's notice is entered with the last day of ``due`` a holiday, and the cases are told."""
    async with transaction() as session:
        admin = (await session.execute(select(User).where(User.username == "admin"))).scalar_one()
        change = await calendar_admin.enter_notice(
            session,
            year=last_day_of(due).year,
            notice=await notice_making_holiday(last_day_of(due)),
            actor=admin,
        )
    async with transaction() as session:
        return await announce(env.client, session, change)


def _clock(snapshot: CaseSnapshot) -> dict[str, str | bool | None]:
    return next(d for d in snapshot.deadlines if d["key"] == "case_handling")


async def test_entering_the_notice_moves_the_provisional_timer(time_env: WorkflowEnvironment) -> None:
    now = (await time_env.get_current_time()).astimezone(SHANGHAI)
    await mark_unpublished((now + timedelta(days=national_deadlines.CASE_HANDLING.amount)).year)
    handle, _ = await start_case(time_env.client, TIME_SKIPPING_QUEUE)
    task_id = await first_open_task(handle)
    await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(task_id, "approve", await leader_actor(), "同意")
    )
    before = _clock(await wait_for(handle, lambda s: bool(s.deadlines)))
    assert before["provisional"] is True
    old_due = datetime_of(before["due_at"])

    announcement = await notice_making_last_day_a_holiday(time_env, old_due)
    assert handle.id in announcement.notified

    recomputed = await wait_for(handle, lambda s: "deadlines_recomputed" in s.history)
    after = _clock(recomputed)
    new_due = datetime_of(after["due_at"])
    assert new_due > old_due
    # Final once every year the period spans is published. The session's time-skipping clock runs years
    # past the seeded calendar, so a period that crosses New Year may still span an unpublished year.
    async with transaction() as session:
        calendar = await load_calendar(session, use_cache=False)
    spanned = range(now.year, last_day_of(new_due).year + 1)
    assert after["provisional"] is not all(calendar.is_published(y) for y in spanned), (now, old_due, new_due)
    # The approaching-end warning follows the clock it warns about.
    warning = next(d for d in recomputed.deadlines if d["key"] == "case_handling_approaching")
    assert datetime_of(warning["due_at"]) == new_due - timedelta(days=10)

    # Past the old end: the moved timer has not fired.
    await time_env.sleep(old_due - await time_env.get_current_time() + timedelta(minutes=1))
    assert "case_handling_overdue" not in (await handle.query(CaseWorkflow.snapshot)).flags
    # Past the new end: it has.
    await time_env.sleep(new_due - await time_env.get_current_time() + timedelta(minutes=1))
    await wait_for(handle, lambda s: "case_handling_overdue" in s.flags)


def datetime_of(value: str | bool | None) -> datetime:
    assert isinstance(value, str)
    return datetime.fromisoformat(value)


Duty = tuple[WorkflowHandle[Any, Any], uuid.UUID, str, datetime]


async def lodging_duty(env: WorkflowEnvironment) -> Duty:
    """Opened in the decision's service child (留置送达), kept by the case."""
    handle, case_id, duty = await lodged_case(env)
    assert duty.storage_due_at is not None
    return handle, case_id, f"av:{duty.key}", duty.storage_due_at


@pytest.mark.parametrize("opened", [recorded_inquiry, lodging_duty], ids=["inquiry", "lodging_service"])
async def test_an_av_storage_deadline_into_an_unpublished_year_moves_with_the_notice(
    time_env: WorkflowEnvironment, opened: Callable[[WorkflowEnvironment], Awaitable[Duty]]
) -> None:
    """Issue 12: a recording's storage deadline (泰安 Art. 17: 2 working days) crossing a year without its
    notice is provisional; the notice moves it — the deadline row, the obligation and the timer itself —
    whether the case's own step opened the duty or a service child did."""
    now = await env_now(time_env)
    years = {now.year, (now + timedelta(days=15)).year}
    for year in years:
        await mark_unpublished(year)
    try:
        handle, case_id, key, old_due = await opened(time_env)
        before = next(d for d in (await handle.query(CaseWorkflow.snapshot)).deadlines if d["key"] == key)
        assert before["provisional"] is True

        assert handle.id in (await notice_making_last_day_a_holiday(time_env, old_due)).notified
        recomputed = await wait_for(handle, lambda s: "deadlines_recomputed" in s.history)
        after = next(d for d in recomputed.deadlines if d["key"] == key)
        new_due = datetime_of(after["due_at"])
        assert new_due > old_due
        assert (await deadlines(case_id))[key].due_at == new_due
        async with transaction() as session:
            obligation = (
                await session.execute(
                    select(AvObligation).where(
                        AvObligation.case_id == case_id, AvObligation.key == key.removeprefix("av:")
                    )
                )
            ).scalar_one()
        assert obligation.storage_due_at == new_due

        # Past the old end: not overdue. Past the new one: overdue.
        await time_env.sleep(old_due - await time_env.get_current_time() + timedelta(minutes=1))
        assert "av_storage_overdue" not in (await handle.query(CaseWorkflow.snapshot)).flags
        await time_env.sleep(new_due - await time_env.get_current_time() + timedelta(minutes=1))
        await wait_for(handle, lambda s: "av_storage_overdue" in s.flags)
    finally:
        for year in years:
            await mark_published(year)
