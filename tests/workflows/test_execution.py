"""After the payment period: the reminder notice (催告书), enforcement by the agency, the
court-application window and archiving — real Temporal time skipping, real PostgreSQL."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from casetrail.errors import Forbidden, ProcedureViolation
from casetrail.rules.calendar import WorkingCalendar
from casetrail.rules.penalties import DecisionKind
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from casetrail.store.models import AuditEvent, AvObligation, Case, Record
from casetrail.workflows.case_workflow import CaseWorkflow
from tests.issuing.case_file_check import check_case_file

from .factory import (
    CST,
    approve,
    attempt,
    deadline_of,
    env_now,
    first_open_task,
    issued_documents,
    penalty_decision,
    refused,
    served_case,
    sleep_past,
    step,
    wait_for,
    wait_for_service,
)

Case_ = WorkflowHandle[Any, Any]


async def overdue_case(env: WorkflowEnvironment) -> tuple[Case_, uuid.UUID]:
    case, case_id = await served_case(env)
    snapshot = await wait_for(case, lambda s: s.phase == "performance")
    await sleep_past(env, deadline_of(snapshot, "fine_payment"))
    await wait_for(case, lambda s: s.phase == "overdue")
    return case, case_id


async def serve_directly(env: WorkflowEnvironment, case: Case_, purpose: str, next_phase: str) -> None:
    service = await wait_for_service(env.client, case, purpose)
    now = await env_now(env)
    await attempt(
        service, "direct", {"place": "当事人住所", "receiver": "张三", "signed_at": now.isoformat()}
    )
    await wait_for(case, lambda s: s.phase == next_phase)


async def remind(env: WorkflowEnvironment, case: Case_, *, days: int = 3) -> None:
    perform_by = (await env_now(env)).date() + timedelta(days=days)
    await step(
        case,
        "issue_reminder",
        {
            "obligation": "缴纳罚款及加处罚款",
            "perform_by": perform_by.isoformat(),
            "manner": "到指定银行缴纳",
            "payment_method": "银行转账",
            "enforcement_mode": "申请人民法院强制执行",
        },
    )
    await serve_directly(env, case, "reminder", "reminded")


async def hear_statement(case: Case_) -> None:
    await step(
        case,
        "record_reminder_statement",
        {"waived": False, "statement": "经营困难，请求暂缓", "review_opinion": "理由不成立，不予采纳"},
    )


async def court_window(case_id: uuid.UUID) -> dict[str, Any]:
    async with transaction() as session:
        detail = (
            await session.execute(
                select(AuditEvent.detail).where(
                    AuditEvent.case_id == case_id, AuditEvent.action == "case.reminder_served"
                )
            )
        ).scalar_one()
    window: dict[str, Any] = detail["court_window"]
    return window


def at_ten(calendar: WorkingCalendar, after: date, *, working: bool) -> datetime:
    """10:00 on the first day after ``after`` that is (or is not) a working day."""
    day = after + timedelta(days=1)
    while calendar.is_working_day(day) != working:
        day += timedelta(days=1)
    return datetime.combine(day, time(10), tzinfo=CST)


async def test_agency_enforcement_follows_reminder_statement_and_the_law_on_time(
    time_env: WorkflowEnvironment,
) -> None:
    case, case_id = await overdue_case(time_env)
    await remind(time_env, case)
    [(reminder, _)] = await issued_documents(case_id, "reminder_notice")
    async with transaction() as session:
        calendar = await load_calendar(session)
        receipts = (
            await session.execute(
                select(Record).where(Record.case_id == case_id, Record.kind == "service_direct")
            )
        ).scalars()
    # The receipt of the reminder's service names the number the reminder was issued with.
    assert reminder.number in {receipt.fields["文号"] for receipt in receipts}

    def transfer(planned_at: datetime, **extra: Any) -> dict[str, Any]:
        return {
            "mode": "transfer",
            "reasons": "逾期不缴纳罚款",
            "basis": "《中华人民共和国行政强制法》第四十七条",
            "planned_at": planned_at.isoformat(),
            **extra,
        }

    today = (await env_now(time_env)).date()
    early = await refused(step(case, "request_enforcement", transfer(at_ten(calendar, today, working=True))))
    assert early.rule == "reminder_period_running" and "第三十七条" in (early.citation or "")
    await time_env.sleep(timedelta(days=4))
    today = (await env_now(time_env)).date()
    unheard = await refused(
        step(case, "request_enforcement", transfer(at_ten(calendar, today, working=True)))
    )
    assert unheard.rule == "statement_not_recorded" and "第三十六条" in (unheard.citation or "")
    await hear_statement(case)
    short = await refused(step(case, "request_enforcement", transfer(at_ten(calendar, today, working=True))))
    assert short.rule == "surcharge_over_30_days" and "第四十六条" in (short.citation or "")
    substitute = await refused(
        step(
            case,
            "request_enforcement",
            {
                **transfer(at_ten(calendar, today, working=True)),
                "mode": "substitute",
                "substitute_reminder_served_at": (await env_now(time_env)).isoformat(),
            },
        )
    )
    assert substitute.rule == "substitute_reminder_3_days" and "第五十一条" in (substitute.citation or "")
    # 强制法 Art. 43(2): never cut water, power, heat or gas to residents' daily life to force performance.
    cut = {
        **transfer(at_ten(calendar, today, working=True)),
        "mode": "stop_supply",
        "supply_to_residence": True,
    }
    residence = await refused(step(case, "request_enforcement", cut))
    assert residence.rule == "no_supply_cut_to_residence"
    assert residence.citation == "《中华人民共和国行政强制法》第四十三条第二款"
    # 强制法 Art. 44: demolition only after the announced time limit and the review and lawsuit periods.
    demolish = {**transfer(at_ten(calendar, today, working=True)), "mode": "demolition"}
    unannounced = await refused(step(case, "request_enforcement", demolish))
    assert unannounced.rule == "demolition_notice_required" and "第四十四条" in (unannounced.citation or "")
    announced = {
        **demolish,
        "demolition_notice_on": today.isoformat(),
        "demolition_deadline": (today - timedelta(days=1)).isoformat(),
    }
    early_demolition = await refused(step(case, "request_enforcement", announced))
    assert early_demolition.rule == "demolition_before_remedy_periods"

    await time_env.sleep(timedelta(days=30))
    today = (await env_now(time_env)).date()
    working_day = at_ten(calendar, today, working=True)
    night = await refused(step(case, "request_enforcement", transfer(working_day.replace(hour=23))))
    assert night.rule == "no_enforcement_at_night" and "第四十三条" in (night.citation or "")
    holiday = await refused(
        step(case, "request_enforcement", transfer(at_ten(calendar, today, working=False)))
    )
    assert holiday.rule == "no_enforcement_on_holidays" and "第四十三条" in (holiday.citation or "")

    requested = await step(case, "request_enforcement", transfer(working_day))
    assert requested.phase == "enforcement_approval" and requested.task_id
    await approve(case, requested.task_id, "同意划拨")
    [(enforcement, text)] = await issued_documents(case_id, "enforcement_decision")
    assert enforcement.number is not None and enforcement.number.startswith("泰示岱监强执字〔")
    assert enforcement.number in text and "测试当事人" in text and "划拨存款" in text
    await serve_directly(time_env, case, "enforcement_decision", "enforcing")
    await sleep_past(time_env, working_day)
    done = {
        "executed_at": working_day.isoformat(),
        "result": "已划拨罚款及加处罚款",
        "collected_fen": 200_000,
    }
    unrecorded = await refused(step(case, "record_enforcement", done))
    assert unrecorded.rule == "av_mandatory"  # Taian Art. 15: coercive execution on AV
    await step(case, "record_enforcement", {**done, "av_recorded": True})
    enforced = await wait_for(case, lambda s: s.phase == "enforced")
    # Taian Art. 17: its recording is watched by a storage timer, like every other duty's.
    assert any(str(d["key"]).endswith("-enforcement_done") for d in enforced.deadlines), enforced.deadlines

    async with transaction() as session:
        kinds = list(
            (
                await session.execute(
                    select(Record.kind).where(Record.case_id == case_id).order_by(Record.created_at)
                )
            ).scalars()
        )
        duties = list(
            (await session.execute(select(AvObligation.act).where(AvObligation.case_id == case_id))).scalars()
        )
    assert kinds[-5:] == [
        "reminder_statement",
        "enforcement_request",
        "enforcement_decision",
        "service_direct",
        "enforcement_record",
    ]
    assert {"reminder_notice", "reminder_statement", "enforcement_decision", "enforcement_record"} <= set(
        kinds
    )
    assert duties == ["coercive_execution"]
    # The 卷宗 of the agency path: reminder, enforcement decision and their receipts at the index's pages.
    bound = await check_case_file(case_id)
    titles = [entry["title"] for entry in bound.index_snapshot["entries"]]
    assert {"催告书", "送达回证", reminder.title, enforcement.title} <= set(titles)


async def test_court_application_refused_early_then_accepted_in_the_window(
    time_env: WorkflowEnvironment,
) -> None:
    case, case_id = await overdue_case(time_env)
    await remind(time_env, case)
    await hear_statement(case)
    early = await refused(
        step(case, "apply_to_court", {"court": "泰安市岱岳区人民法院", "application_no": "申1"})
    )
    assert isinstance(early, ProcedureViolation) and early.rule == "remedy_periods_running"
    assert early.citation and all(a in early.citation for a in ("第五十三条", "第二十条", "第四十六条"))
    # Days as a person reads them, not ISO timestamps.
    opens_on = datetime.fromisoformat((await court_window(case_id))["opens_at"]).date().isoformat()
    assert f"最早可于{opens_on}申请" in early.message and "T00:00" not in early.message

    window = await court_window(case_id)
    await sleep_past(time_env, datetime.fromisoformat(window["opens_at"]))
    accepted = await step(case, "apply_to_court", {"court": "泰安市岱岳区人民法院"})
    assert accepted.phase == "court_pending"
    [(application, text)] = await issued_documents(case_id, "court_enforcement_application")
    assert application.number and "强申字" in application.number and application.number in text
    assert (
        "泰安市岱岳区人民法院：" in text and "被申请人：测试当事人" in text and "缴纳罚款及加处罚款" in text
    )
    assert "行政处罚决定书（泰示岱监罚决字〔" in text and "第五十三条" in text and "第五十五条" in text
    assert "当事人的意见及行政机关催告情况" in text
    today = (await env_now(time_env)).date()
    await step(
        case,
        "record_court_result",
        {
            "ruling": "granted",
            "ruling_no": "（2027）鲁0911行审1号",
            "ruled_on": today.isoformat(),
            "result": "已执行完毕",
        },
    )
    snapshot = await wait_for(case, lambda s: s.phase == "court_decided")
    assert "request_closing" in snapshot.allowed_steps
    # The 卷宗 of the court path: reminder, its receipt and the application, at the index's pages.
    bound = await check_case_file(case_id)
    titles = [entry["title"] for entry in bound.index_snapshot["entries"]]
    assert {"催告书", "送达回证", "强制执行申请书"} <= set(titles)


async def test_court_application_refused_before_ten_days_and_after_three_months(
    time_env: WorkflowEnvironment,
) -> None:
    case, case_id = await overdue_case(time_env)
    # The party lets the review (60 days) and lawsuit (6 months) periods pass.
    await time_env.sleep(timedelta(days=190))
    await remind(time_env, case)
    await hear_statement(case)
    application = {"court": "泰安市岱岳区人民法院", "application_no": "申2"}
    too_soon = await refused(step(case, "apply_to_court", application))
    assert too_soon.rule == "ten_days_after_reminder" and "第五十四条" in (too_soon.citation or "")

    window = await court_window(case_id)
    await sleep_past(time_env, datetime.fromisoformat(window["closes_at"]))
    snapshot = await wait_for(case, lambda s: "court_application_window_passed" in s.flags)
    assert "court_application_window" not in {d["key"] for d in snapshot.deadlines}
    late = await refused(step(case, "apply_to_court", application))
    assert late.rule == "court_window_passed" and "第五十三条" in (late.citation or "")
    last_day = (datetime.fromisoformat(window["closes_at"]) - timedelta(days=1)).date().isoformat()
    assert f"已于{last_day}届满" in late.message and "T00:00" not in late.message


async def test_archive_deadline_passing_marks_the_case_overdue(time_env: WorkflowEnvironment) -> None:
    now = await env_now(time_env)
    case, case_id = await served_case(
        time_env, penalty_decision(now, fine_fen=None, party_present=True, kind=DecisionKind.NO_PENALTY)
    )
    served = await wait_for(case, lambda s: s.phase == "decision_served")
    # The archive clock starts when execution ends (here: the service), not when closing is proposed.
    assert deadline_of(served, "archive") - now >= timedelta(days=30)
    closing = await step(case, "request_closing", {"summary": "不予处罚决定已送达", "outcome": "不予处罚"})
    assert closing.task_id
    await approve(case, await first_open_task(case), "同意结案")
    snapshot = await wait_for(case, lambda s: s.phase == "archiving")
    # Taian Art. 18: 30 days from the end of execution (here: the decision's service).
    archive_due = deadline_of(snapshot, "archive")
    assert archive_due - now >= timedelta(days=30)

    officer = await refused(step(case, "archive_case", {"file_no": "档1", "retention": "长期"}))
    assert isinstance(officer, Forbidden)
    await sleep_past(time_env, archive_due)
    await wait_for(case, lambda s: "archive_overdue" in s.flags)

    outcome = await step(
        case, "archive_case", {"file_no": "泰示岱监档〔2027〕7号", "retention": "长期"}, username="archivist"
    )
    assert outcome.phase == "archived"
    assert await case.result() == "archived"
    async with transaction() as session:
        row = await session.get(Case, case_id)
        archive = (
            await session.execute(select(Record).where(Record.case_id == case_id, Record.kind == "archive"))
        ).scalar_one()
    assert row is not None and row.status == "archived" and "archive_overdue" in row.flags
    index = archive.fields["index"]
    assert [e["number"] for e in index] == list(range(1, len(index) + 1))
    titles = [e["title"] for e in index]
    assert "送达回证（直接送达）" in titles
    assert any(t.startswith("期限已届满：案卷归档") for t in titles)
    assert (
        archive.fields["records"] == len(index) - archive.fields["recordings"] - archive.fields["documents"]
    )


async def test_paying_while_the_reminder_is_served_withdraws_its_service(
    time_env: WorkflowEnvironment,
) -> None:
    case, case_id = await overdue_case(time_env)
    today = (await env_now(time_env)).date()
    await step(
        case,
        "issue_reminder",
        {
            "obligation": "缴纳罚款及加处罚款",
            "perform_by": (today + timedelta(days=5)).isoformat(),
            "manner": "到指定银行缴纳",
            "payment_method": "银行转账",
            "enforcement_mode": "申请人民法院强制执行",
        },
    )
    service = await wait_for_service(time_env.client, case, "reminder")
    async with transaction() as session:
        reminder = (
            await session.execute(
                select(Record).where(Record.case_id == case_id, Record.kind == "reminder_notice")
            )
        ).scalar_one()
    [(issued, text)] = await issued_documents(case_id, "reminder_notice")
    assert issued.number is not None and re.fullmatch(r"泰示岱监催字〔\d{4}〕第\d+号", issued.number)
    assert (
        reminder.fields["document_number"] == issued.number and "测试当事人" in text and issued.number in text
    )
    decision_no = (await case.query(CaseWorkflow.facts))["decision"]["document_no"]
    assert decision_no in text  # the reminder names the decision it enforces
    owed = reminder.fields["金额（分）"]
    assert owed > (penalty_decision(datetime.now(CST)).fine_fen or 0)  # fine plus the surcharge so far
    await step(case, "record_payment", {"amount_fen": owed, "paid_on": today.isoformat(), "receipt_no": "R9"})
    await wait_for(case, lambda s: s.phase == "performed")
    # The case asked the service to stop; the child acknowledges it in its next workflow task.
    for _ in range(100):
        status = (await service.describe()).status
        if status is not None and status.name == "CANCELED":
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the reminder's service was not withdrawn: {status}")
