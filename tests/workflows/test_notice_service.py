"""The 事先告知书 and the 听证通知书 served like the decision (issue 13 item 8), against the real
time-skipping server and PostgreSQL: the statement window (处罚法 Art. 44, 64(1)) and the 7 working
days before a hearing (Art. 64(2)) run from the date the service workflow reports, counted by Art. 85.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from temporalio.testing import WorkflowEnvironment

from casetrail.rules import national_deadlines
from casetrail.rules.legal_time import explain_deadline
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from casetrail.workflows.service_ways import day_in_cst

from .decision_steps import (
    CST,
    case_in_investigation,
    deadline,
    fine,
    notice,
    records,
    refused,
    report,
    submit,
    wait_for,
    workflow_today,
)
from .factory import attempt, issued_documents, wait_for_service

HEARING_PENALTY = {"kinds": ["fine"], "fine_fen": 20_000_000}  # 200,000 yuan: Art. 63(1)(1)
PENALTY_64_2 = "《中华人民共和国行政处罚法》第六十四条第（二）项"


def by_service(penalty: dict[str, Any], today: date) -> dict[str, Any]:
    payload = notice(penalty, today)
    del payload["served_on"]
    return {**payload, "delivery": "service"}


def ems(posted: date, received: date) -> dict[str, Any]:
    return {
        "carrier": "express",
        "tracking_no": "EMS1190000001",
        "posted_on": posted.isoformat(),
        "receipt_date": received.isoformat(),
        "mailing_list_no": "QD-12",
    }


async def expected_end(start: date, period: Any) -> Any:
    async with transaction() as session:
        calendar = await load_calendar(session)
    return explain_deadline(day_in_cst(start), period, calendar)


async def test_a_notice_mailed_by_ems_opens_the_window_on_the_receipt_date(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(fine(5000)))
    today = await workflow_today(time_env)

    # A typed date belongs to on-the-spot service; through service the receipt says when.
    error = await refused(handle, "notify_rights", {**by_service(fine(5000), today), "served_on": str(today)})
    assert (error.field, error.rule) == ("served_on", "served_by_service") and "第八十七条" in error.message
    error = await refused(
        handle, "notify_rights", {**by_service(fine(5000), today), "delivery": "on_the_spot"}
    )
    assert (error.field, error.rule) == ("served_on", "receipt_date_required")

    await submit(handle, "notify_rights", by_service(fine(5000), today))
    snapshot = await wait_for(handle, lambda s: s.phase == "serving_rights_notice")
    assert "rights_window" not in {d["key"] for d in snapshot.deadlines}  # not before service
    [(_, text)] = await issued_documents(case_id, "penalty_notice")
    assert "自收到本告知书之日起五个工作日内向本机关提出陈述、申辩意见" in text
    # The party has not received it: nothing to state yet, and no decision.
    error = await refused(handle, "record_statement", {
        "made_at": f"{today}T10:00:00", "form": "written", "speaker": "测试当事人", "content": "请求从轻",
    })  # fmt: skip
    assert error.field == "step"

    service = await wait_for_service(time_env.client, handle, "rights_notice")
    posted, received = today - timedelta(days=6), today - timedelta(days=2)
    await attempt(service, "mail", ems(posted, received))
    await wait_for(handle, lambda s: s.phase == "rights_window")

    # Transit does not count: 5 working days from the date on the return receipt (Art. 44, 85).
    window = await deadline(case_id, "rights_window")
    assert window.due_at == (await expected_end(received, national_deadlines.STATEMENT_WINDOW)).end
    served = next(r for r in await records(case_id) if r.kind == "penalty_pre_notice_served")
    assert served.fields["送达日期"] == received.isoformat() and served.fields["way"] == "邮寄送达"
    assert "第四十四条" in (served.citation or "")


async def test_a_hearing_is_not_held_before_seven_working_days_after_its_notice_is_served(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(HEARING_PENALTY))
    today = await workflow_today(time_env)
    await submit(handle, "notify_rights", notice(HEARING_PENALTY, today))  # on the spot: served today
    [(_, receipt_text)] = await issued_documents(case_id, "service_receipt")
    assert "行政处罚事先告知书" in receipt_text and "直接送达" in receipt_text
    await submit(
        handle,
        "request_hearing",
        {"requested_on": today.isoformat(), "applicant": "测试当事人", "form": "书面"},
    )
    # Scheduled 3 days out, then served by mail: too late for that day.
    hearing_at = datetime.combine(today + timedelta(days=3), time(9), CST)
    await submit(handle, "notify_hearing", {
        "delivery": "service", "hearing_at": hearing_at.isoformat(),
        "place": "本局听证室", "host": "赵六", "clerk": "孙八",
    })  # fmt: skip
    await wait_for(handle, lambda s: s.phase == "serving_hearing_notice")
    service = await wait_for_service(time_env.client, handle, "hearing_notice")
    await attempt(service, "mail", ems(today, today))
    snapshot = await wait_for(handle, lambda s: s.phase == "hearing_scheduled")
    assert "hearing_notice_too_late" in snapshot.flags

    earliest = (await expected_end(today, national_deadlines.HEARING_NOTICE)).last_day
    served = next(r for r in await records(case_id) if r.kind == "hearing_notice_served")
    assert served.fields["听证最早举行日期"] == earliest.isoformat()
    assert served.citation == PENALTY_64_2

    held = {
        "place": "本局听证室", "host": "赵六", "recorder": "孙八",
        "participants": [{"name": "测试当事人", "capacity": "当事人"}],
        "investigator_case": "违法事实清楚", "party_defence": "无异议", "party_signed": True,
    }  # fmt: skip
    error = await refused(handle, "record_hearing", {**held, "held_at": f"{today}T15:00:00+08:00"})
    assert (error.field, error.rule, error.citation) == (
        "held_at",
        "hearing_before_notice_period",
        PENALTY_64_2,
    )
    assert earliest.isoformat() in error.message

    # Served too late for its time: notified again, on the spot, for a day the law allows.
    renotice = {"delivery": "on_the_spot", "notified_on": today.isoformat(), "place": "本局听证室",
                "host": "赵六", "clerk": "孙八"}  # fmt: skip
    later = datetime.combine(earliest + timedelta(days=7), time(9), CST)
    await submit(handle, "notify_hearing", {**renotice, "hearing_at": later.isoformat()})
    renotified = await wait_for(handle, lambda s: "flag_cleared" in s.history)
    assert "hearing_notice_too_late" not in renotified.flags
    error = await refused(handle, "notify_hearing", {**renotice, "hearing_at": later.isoformat()})
    assert (error.rule, error.citation) == ("hearing_already_notified", PENALTY_64_2)


async def test_a_notice_deemed_served_by_public_notice_opens_the_window_on_the_deemed_day(
    time_env: WorkflowEnvironment,
) -> None:
    """民诉法 Art. 95: 30 days after publication the notice counts as served; the window runs from then."""
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(fine(5000)))
    today = await workflow_today(time_env)
    await submit(handle, "notify_rights", by_service(fine(5000), today))
    service = await wait_for_service(time_env.client, handle, "rights_notice")
    await attempt(
        service, "direct", {"place": "当事人住所", "outcome": "failed", "failure_reason": "下落不明"}
    )
    snapshot = await attempt(service, "public_notice", {
        "reason_others_failed": "当事人下落不明，直接送达未果", "carrier": "本机关公告栏及门户网站",
        "posted": True, "published_on": today.isoformat(), "av_recorded": True,
        "notice_text": "限你自公告之日起三十日内领取行政处罚事先告知书", "collection_place": "本局政务服务窗口",
    })  # fmt: skip
    assert snapshot.deemed_served_at is not None
    deemed_at = datetime.fromisoformat(snapshot.deemed_served_at)
    await time_env.sleep(deemed_at - await time_env.get_current_time() + timedelta(hours=1))
    await wait_for(handle, lambda s: s.phase == "rights_window")
    deemed_day = (deemed_at - timedelta(seconds=1)).astimezone(CST).date()
    window = await deadline(case_id, "rights_window")
    assert window.due_at == (await expected_end(deemed_day, national_deadlines.STATEMENT_WINDOW)).end
    served = next(r for r in await records(case_id) if r.kind == "penalty_pre_notice_served")
    assert served.fields["送达日期"] == deemed_day.isoformat() and served.fields["way"] == "公告送达"
