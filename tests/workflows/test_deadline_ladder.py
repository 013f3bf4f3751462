"""The escalation ladder on the time-skipping test server: a DeadlineLadder workflow fires each rung of a
deadline that falls due before a weekend or a holiday at its working-day time — nothing a minute
before, the rung a minute after — and each rung once, to its audience once."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from casetrail.activities.notify import LadderRef, ladder_workflow_id
from casetrail.rules.calendar import WorkingCalendar
from casetrail.rules.escalation import Rung
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from casetrail.store.models import Deadline, FiredRung, Notification, Role
from casetrail.workflows.reminders import DeadlineLadderWorkflow
from tests.supervision.helpers import add_agency, add_case, add_user, user_id

from .conftest import TIME_SKIPPING_QUEUE

CST = timezone(timedelta(hours=8))
AT_0830 = time(8, 30)
MINUTE = timedelta(minutes=1)


def working_days_from(calendar: WorkingCalendar, day: date, count: int) -> date:
    """The ``count``-th working day before (negative) or after ``day``, walking the calendar."""
    step = timedelta(days=1 if count > 0 else -1)
    for _ in range(abs(count)):
        day += step
        while not calendar.is_working_day(day):
            day += step
    return day


def due_day_before_a_break(calendar: WorkingCalendar, after: date) -> date:
    """A working day followed by days off: before a weekday holiday if one comes within 60 days,
    else before a weekend."""
    days = [after + timedelta(days=n) for n in range(60)]

    def before_break(day: date) -> bool:
        return calendar.is_working_day(day) and not calendar.is_working_day(day + timedelta(days=1))

    holiday = [d for d in days if before_break(d) and (d + timedelta(days=1)).weekday() < 5]
    return (holiday or [d for d in days if before_break(d)])[0]


async def fired(case_id: uuid.UUID) -> Counter[str]:
    async with transaction() as session:
        rows = await session.execute(select(FiredRung.rung).where(FiredRung.case_id == case_id))
        return Counter(rows.scalars())


async def test_rungs_fire_on_working_days_across_the_break_each_once(time_env: WorkflowEnvironment) -> None:
    city = await add_agency("阶梯测试市局")
    district = await add_agency("阶梯测试分局", parent=city)
    officer = await user_id(await add_user("阶梯承办", roles={district: (Role.officer,)}, certificate=True))
    leader = await user_id(await add_user("阶梯局长", roles={district: (Role.leader,)}))
    legal = await user_id(await add_user("阶梯法制", roles={city: (Role.supervisor,)}))
    case_id = await add_case(
        agency_id=district,
        case_no=f"阶梯〔2026〕{uuid.uuid4().hex[:6]}号",
        party_name="某公司",
        officers=(officer,),
    )
    async with transaction() as session:
        calendar = await load_calendar(session)
    start = await time_env.get_current_time()
    due_day = due_day_before_a_break(calendar, start.astimezone(CST).date() + timedelta(days=7))
    due_at = datetime.combine(due_day + timedelta(days=1), time(0), CST)  # 24:00 of the due day
    key = f"ladder_test_{uuid.uuid4().hex[:6]}"
    async with transaction() as session:
        session.add(Deadline(case_id=case_id, key=key, label="作出处理决定（测试期限）", due_at=due_at))

    def at_0830(day: date) -> datetime:
        return datetime.combine(day, AT_0830, CST)

    expected = [
        (Rung.approaching, at_0830(working_days_from(calendar, due_day, -2)), officer),
        (Rung.due_today, at_0830(due_day), officer),
        (Rung.overdue, due_at, officer),
        (Rung.escalated_leader, at_0830(working_days_from(calendar, due_day, 1)), leader),
        (Rung.escalated_legal, at_0830(working_days_from(calendar, due_day, 3)), legal),
    ]
    # The break is skipped: the leader is told on the first working day after it, not the next morning.
    leader_day = expected[3][1].date()
    assert (leader_day - due_day).days >= 2 and calendar.is_working_day(leader_day)

    handle = await time_env.client.start_workflow(
        DeadlineLadderWorkflow.run,
        LadderRef(str(case_id), key),
        id=ladder_workflow_id(str(case_id), key),
        task_queue=TIME_SKIPPING_QUEUE,
    )
    so_far: Counter[str] = Counter()
    for rung, fire_at, _ in expected:
        await time_env.sleep(fire_at - MINUTE - await time_env.get_current_time())
        assert await fired(case_id) == so_far, f"{rung} fired before {fire_at.isoformat()}"
        await time_env.sleep(2 * MINUTE)
        so_far[rung.value] += 1
        for _ in range(100):  # the activity writes in real time; the server has let time go on
            if await fired(case_id) == so_far:
                break
            await asyncio.sleep(0.1)
        assert await fired(case_id) == so_far, f"{rung} did not fire at {fire_at.isoformat()}"

    await asyncio.wait_for(handle.result(), timeout=30)  # every rung fired: the ladder ends
    await time_env.sleep(timedelta(days=7))
    assert await fired(case_id) == Counter({rung.value: 1 for rung, _, _ in expected})
    query = select(Notification.kind, Notification.user_id).where(Notification.case_id == case_id)
    async with transaction() as session:
        told = Counter((await session.execute(query)).all())
    assert told == Counter({(rung.value, who): 1 for rung, _, who in expected})
