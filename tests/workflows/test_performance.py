"""Paying the fine: the 15-day clock, deferral and instalments moving it, and the late surcharge
(3 % a day, never above the fine, not counted during review or litigation — 处罚法 Art. 66-73)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from casetrail.errors import InvalidInput
from casetrail.rules.periods import Pause
from casetrail.rules.surcharge import late_surcharge
from casetrail.store.db import transaction
from casetrail.store.models import Deadline, Record

from .factory import approve, deadline_of, env_now, refused, served_case, sleep_past, step, wait_for

FINE = 100_000  # 1000 yuan


async def payments(case_id: uuid.UUID) -> list[Record]:
    async with transaction() as session:
        query = (
            select(Record)
            .where(Record.case_id == case_id, Record.kind == "payment")
            .order_by(Record.created_at)
        )
        return list((await session.execute(query)).scalars())


async def pay(case: WorkflowHandle[Any, Any], amount_fen: int, paid_on: date) -> None:
    payload = {"amount_fen": amount_fen, "paid_on": paid_on.isoformat(), "receipt_no": f"R{amount_fen}"}
    await step(case, "record_payment", payload)


async def test_surcharge_pauses_during_review_and_stops_at_the_fine(time_env: WorkflowEnvironment) -> None:
    case, case_id = await served_case(time_env)
    snapshot = await wait_for(case, lambda s: s.phase == "performance")
    payment_due = deadline_of(snapshot, "fine_payment")
    last_day = (payment_due - timedelta(days=1)).date()
    # 强制法 Art. 53: the court window runs from the decision's service (6 months of lawsuit + 3), with
    # no reminder sent yet.
    court_closes = deadline_of(snapshot, "court_application_window")
    assert court_closes - payment_due > timedelta(days=250)

    await sleep_past(time_env, payment_due)
    snapshot = await wait_for(case, lambda s: s.phase == "overdue")
    assert "fine_payment_overdue" in snapshot.flags

    filed_on = (await env_now(time_env)).date()
    await step(
        case, "record_remedy", {"kind": "review", "filed_on": filed_on.isoformat(), "body": "泰安市人民政府"}
    )
    await time_env.sleep(timedelta(days=20))
    concluded_on = (await env_now(time_env)).date()
    await step(
        case,
        "record_remedy_result",
        {"outcome": "upheld", "concluded_on": concluded_on.isoformat(), "document_no": "泰政复决〔2027〕1号"},
    )
    await time_env.sleep(timedelta(days=5))
    paid_on = (await env_now(time_env)).date()
    await pay(case, 100, paid_on)

    (first,) = await payments(case_id)
    review = Pause(first_day=filed_on, last_day=concluded_on, reason="复议")
    expected = late_surcharge(FINE, last_day, paid_on, [review])
    assert first.fields["加处罚款（分）"] == expected.amount_fen > 0
    assert first.fields["复议诉讼期间不计天数"] == (concluded_on - filed_on).days + 1
    assert (
        first.fields["加处罚款计入天数"] == (paid_on - last_day).days - first.fields["复议诉讼期间不计天数"]
    )
    assert "第七十三条" in (first.citation or "") and not first.fields["是否缴清"]

    # More than 33⅓ unpaused days: the surcharge has reached the fine and stays there.
    await time_env.sleep(timedelta(days=40))
    paid_on = (await env_now(time_env)).date()
    too_much = await refused(pay(case, 2 * FINE, paid_on))
    assert isinstance(too_much, InvalidInput) and too_much.rule == "not_above_owed"
    await pay(case, 2 * FINE - 100, paid_on)
    last = (await payments(case_id))[-1]
    assert last.fields["加处罚款（分）"] == FINE and last.fields["加处罚款已达上限"] is True
    assert last.fields["应缴合计（分）"] == 2 * FINE and last.fields["是否缴清"] is True
    performed = await wait_for(case, lambda s: s.phase == "performed")
    # Taian Art. 18: the archive clock runs from the end of execution, before anyone proposes closing.
    assert deadline_of(performed, "archive").date() > paid_on


async def test_deferral_and_instalments_move_the_payment_clock(time_env: WorkflowEnvironment) -> None:
    case, case_id = await served_case(time_env)
    snapshot = await wait_for(case, lambda s: s.phase == "performance")
    last_day = (deadline_of(snapshot, "fine_payment") - timedelta(days=1)).date()

    one_instalment = [{"due_on": (last_day + timedelta(days=30)).isoformat(), "amount_fen": FINE}]
    bad_plan = await refused(
        step(
            case,
            "request_payment_deferral",
            {"kind": "instalments", "reason": "困难", "instalments": one_instalment},
        )
    )
    assert bad_plan.rule == "instalment_plan"
    first_due, second_due = last_day + timedelta(days=30), last_day + timedelta(days=60)
    outcome = await step(
        case,
        "request_payment_deferral",
        {
            "kind": "instalments",
            "reason": "经营困难",
            "instalments": [
                {"due_on": first_due.isoformat(), "amount_fen": 40_000},
                {"due_on": second_due.isoformat(), "amount_fen": 60_000},
            ],
        },
    )
    assert outcome.task_id
    await approve(case, outcome.task_id, "同意分两期缴纳")
    snapshot = await wait_for(case, lambda s: not s.open_tasks)
    assert deadline_of(snapshot, "fine_payment").date() == first_due + timedelta(days=1)

    await pay(case, 40_000, (await env_now(time_env)).date())
    snapshot = await wait_for(
        case, lambda s: deadline_of(s, "fine_payment").date() == second_due + timedelta(days=1)
    )
    async with transaction() as session:
        row = (
            await session.execute(
                select(Deadline).where(Deadline.case_id == case_id, Deadline.key == "fine_payment")
            )
        ).scalar_one()
    assert "第2期" in row.label and "第六十六条" in (row.citation or "")
    # The second instalment is missed: the case is overdue and the surcharge runs from then.
    await sleep_past(time_env, deadline_of(snapshot, "fine_payment"))
    await wait_for(case, lambda s: s.phase == "overdue")
