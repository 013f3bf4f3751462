"""Evidence preservation and seal/seizure: approvals, statutory periods, extension, testing pauses."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from temporalio.testing import WorkflowEnvironment

from casetrail.rules import national_deadlines
from casetrail.rules.legal_time import explain_deadline
from casetrail.rules.periods import Pause
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from tests.issuing.case_file_check import check_case_file

from .factory import (
    PRESERVATION,
    SEIZURE_DOCUMENTS,
    case_row,
    deadlines,
    decide,
    env_now,
    filed_case,
    officer_ids,
    on_site,
    record_of,
    records,
    refusal,
    submit,
    wait_for,
)


async def seizure(officers: list[str], **overrides: Any) -> dict[str, Any]:
    return (
        on_site(
            officers,
            measure="seize",
            reason="涉嫌销售过期食品，需防止转移",
            legal_basis="《中华人民共和国食品安全法》第一百一十条",
            items=[{"name": "过期酸奶", "quantity": "12", "unit": "盒", "specification": "200ml"}],
            party_present=True,
            rights_told=True,
            party_statement="无异议",
            signed_by="刘某",
            **SEIZURE_DOCUMENTS,
        )
        | overrides
    )


async def seized_case(env: WorkflowEnvironment) -> tuple[Any, uuid.UUID]:
    handle, case_id = await filed_case(env)
    outcome = await submit(handle, "request_seizure", await seizure(await officer_ids()))
    assert outcome.task_id
    await decide(handle, outcome.task_id)
    return handle, case_id


async def test_seizure_runs_30_days_then_is_marked_overdue(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await seized_case(time_env)
    decision = await record_of(case_id, "seizure_decision")
    assert decision.title == "扣押决定书、清单及现场笔录"
    assert (
        decision.fields["approval"]["signer"] == "钱七" and decision.fields["items"][0]["name"] == "过期酸奶"
    )
    assert decision.fields["officer_count"] == 2 and decision.fields["party_statement"] == "无异议"
    assert "《中华人民共和国行政强制法》第二十四条" in (decision.citation or "")
    period = (await deadlines(case_id))["seizure-1"]
    assert period.status == "open" and "第二十五条" in (period.citation or "")
    # Its order in the case, never the id: reminders print the label as stored.
    assert period.label.startswith("扣押期限（第1项）")

    # Sleep past the computed end: 30 days may roll over a holiday (the suite shares one clock).
    await time_env.sleep(period.due_at - await time_env.get_current_time() + timedelta(days=1))
    await wait_for(handle, lambda s: "seizure_overdue" in s.flags)
    assert (await deadlines(case_id))["seizure-1"].status == "overdue"
    assert "seizure_overdue" in (await case_row(case_id)).flags
    overdue = [r for r in await records(case_id) if r.kind == "deadline_overdue"]
    assert [r.fields["measure_id"] for r in overdue] == ["seizure-1"]
    assert overdue[0].fields["escalated_to"] == "leader"

    # Past its end it cannot be extended, only released.
    late = await refusal(submit(handle, "request_seizure_extension", extension()))
    assert late.rule == "seizure_expired" and "第二十五条" in (late.citation or "")
    await submit(handle, "release_seizure", {"reason": "已查清事实", "returned": "已退还当事人"})
    assert (await record_of(case_id, "seizure_release")).fields["was_overdue"] is True
    # Its 卷宗: the seizure documents at the index's pages, the release listed as a record.
    await check_case_file(case_id)


def extension(days: int = 30) -> dict[str, Any]:
    return {
        "days": days,
        "reason": "案情复杂，需进一步调查",
        "party_notice": "延长查封扣押期限告知书（直接送达）",
    }


async def test_a_seizure_is_extended_once_only(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await seized_case(time_env)
    before = (await deadlines(case_id))["seizure-1"].due_at
    too_long = await refusal(submit(handle, "request_seizure_extension", extension(31)))
    assert too_long.rule == "extension_max" and too_long.field == "days"

    task = (await submit(handle, "request_seizure_extension", extension(20))).task_id
    assert task
    # A second request while the first waits for the leader is refused too.
    pending = await refusal(submit(handle, "request_seizure_extension", extension(5)))
    assert pending.rule == "one_extension"
    await decide(handle, task)
    after = (await deadlines(case_id))["seizure-1"].due_at
    seized_at = datetime.fromisoformat((await record_of(case_id, "seizure_decision")).fields["imposed_at"])
    async with transaction() as session:
        calendar = await load_calendar(session, use_cache=False)
    # One period of 30 + 20 days from the seizure (not 20 days from a rolled-over end).
    fifty_days = national_deadlines.SEIZURE_MAX.model_copy(update={"amount": 50})
    assert after == explain_deadline(seized_at, fifty_days, calendar).end and after > before
    assert (await record_of(case_id, "seizure_extension")).fields["extended_days"] == 20

    twice = await refusal(submit(handle, "request_seizure_extension", extension(5)))
    assert twice.rule == "one_extension" and twice.allowed
    assert twice.citation == "《中华人民共和国行政强制法》第二十五条"
    await check_case_file(case_id)


async def test_testing_pauses_the_seizure_and_the_result_resumes_it(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await seized_case(time_env)
    rows = await deadlines(case_id)
    before, case_clock = rows["seizure-1"], rows["case_handling"]
    # Workflow time (not the DB's clock: the shared time-skipping server runs ahead of it).
    seized_at = datetime.fromisoformat((await record_of(case_id, "seizure_decision")).fields["imposed_at"])
    today = seized_at.date()
    commission = {
        "kind": "detection",
        "institution": "某某食品检验所",
        "items": [{"name": "过期酸奶", "quantity": "2", "unit": "盒"}],
        "purpose": "检测菌落总数",
        "expected_end": (today + timedelta(days=9)).isoformat(),
        "party_notified_in_writing": True,
    }
    untold = await refusal(
        submit(handle, "commission_testing", commission | {"party_notified_in_writing": False})
    )
    assert untold.rule == "testing_period_told" and "第二十五条" in (untold.citation or "")

    await submit(handle, "commission_testing", commission)
    rows = await deadlines(case_id)
    paused = rows["seizure-1"]
    async with transaction() as session:
        calendar = await load_calendar(session, use_cache=False)

    def seizure_end(last_paused_day: date) -> datetime:
        pause = Pause(first_day=today, last_day=last_paused_day, reason="检测")
        return explain_deadline(seized_at, national_deadlines.SEIZURE_MAX, calendar, [pause]).end

    # Testing days (强制法 Art. 25) are not counted (the seizure day itself never is).
    assert paused.due_at == seizure_end(today + timedelta(days=9)) and paused.due_at > before.due_at
    # The case-handling clock does not pause without a rule that says so.
    assert rows["case_handling"].due_at == case_clock.due_at

    await time_env.sleep(timedelta(days=2))
    await submit(handle, "record_testing_result", {"opinion": "菌落总数超标", "report_no": "检字2026-001"})
    resumed = (await deadlines(case_id))["seizure-1"]
    assert resumed.due_at == seizure_end(today + timedelta(days=2))
    assert before.due_at <= resumed.due_at < paused.due_at
    result = await record_of(case_id, "testing_result")
    assert result.fields["resumed_deadlines"][0]["key"] == "seizure-1"


async def test_leader_disagreeing_with_an_on_the_spot_seizure_releases_it_at_once(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env)
    payload = await seizure(
        await officer_ids(), urgency="当事人正在转移涉案物品", taken_at=(await env_now(time_env)).isoformat()
    )
    outcome = await submit(handle, "seize_on_the_spot", payload)
    assert outcome.task_id
    rows = await deadlines(case_id)
    assert rows["seizure-1"].status == "open"
    report = rows["seizure-1:report"]
    assert "《中华人民共和国行政强制法》第十九条" in (report.citation or "")
    imposed = await record_of(case_id, "seizure_decision")
    assert "第十九条" in (imposed.citation or "") and "二十四小时" in imposed.fields["approval"]["status"]

    await decide(handle, outcome.task_id, "return", "不应当采取扣押")
    released = await record_of(case_id, "seizure_release")
    assert released.citation == "《中华人民共和国行政强制法》第十九条"
    assert "不应当采取" in released.fields["reason"]
    rows = await deadlines(case_id)
    assert (rows["seizure-1"].status, rows["seizure-1:report"].status) == ("met", "met")
    # A released measure cannot be extended.
    gone = await refusal(submit(handle, "request_seizure_extension", extension()))
    assert gone.field == "measure_id" and gone.allowed == []


async def test_on_the_spot_seizure_not_reported_in_24_hours_escalates(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    taken_at = (await env_now(time_env)).isoformat()
    outcome = await submit(
        handle,
        "seize_on_the_spot",
        await seizure(await officer_ids(), urgency="证据可能灭失", taken_at=taken_at),
    )
    await time_env.sleep(timedelta(hours=25))
    await wait_for(handle, lambda s: "emergency_measure_report_overdue" in s.flags)
    assert (await deadlines(case_id))["seizure-1:report"].status == "overdue"
    assert outcome.task_id
    await decide(handle, outcome.task_id)
    review = await record_of(case_id, "emergency_measure_review")
    assert review.fields["decision"] == "同意" and review.fields["reported_late"] is True


async def test_the_24_hour_report_counts_from_when_the_measure_was_taken(
    time_env: WorkflowEnvironment,
) -> None:
    """强制法 Art. 19: report within 24 hours of acting on the spot, not of entering it in the system."""
    handle, case_id = await filed_case(time_env)
    taken_at = (await env_now(time_env)) - timedelta(hours=20)
    await submit(
        handle,
        "seize_on_the_spot",
        await seizure(await officer_ids(), urgency="证据可能灭失", taken_at=taken_at.isoformat()),
    )
    rows = await deadlines(case_id)
    assert rows["seizure-1:report"].due_at == taken_at + timedelta(hours=24)
    imposed = await record_of(case_id, "seizure_decision")
    assert datetime.fromisoformat(imposed.fields["imposed_at"]) == taken_at
    future = await refusal(
        submit(
            handle,
            "seize_on_the_spot",
            await seizure(
                await officer_ids(),
                urgency="证据可能灭失",
                taken_at=(taken_at + timedelta(days=2)).isoformat(),
            ),
        )
    )
    assert future.field == "taken_at"


async def test_a_seizure_without_party_or_witness_is_refused(time_env: WorkflowEnvironment) -> None:
    handle, _ = await filed_case(time_env)
    payload = await seizure(await officer_ids(), party_present=False)
    error = await refusal(submit(handle, "request_seizure", payload))
    assert error.rule == "witness_required" and error.citation == "《中华人民共和国行政强制法》第十八条"
    one = await refusal(submit(handle, "request_seizure", await seizure((await officer_ids())[:1])))
    assert one.citation == "《中华人民共和国行政处罚法》第四十二条、《中华人民共和国行政强制法》第十八条"


async def test_evidence_preservation_must_be_decided_in_7_working_days(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    request = on_site(await officer_ids(), **PRESERVATION)
    task = (await submit(handle, "request_evidence_preservation", request)).task_id
    assert task
    await decide(handle, task)
    notice = await record_of(case_id, "evidence_preservation_notice")
    assert (
        notice.fields["approval"]["signer"] == "钱七" and notice.fields["av"]["requirement"] == "应当音像记录"
    )
    assert "《中华人民共和国行政处罚法》第五十六条" in (notice.citation or "")
    clock = (await deadlines(case_id))["evidence_preservation-1"]
    assert "7个工作日" in clock.label

    # 7 working days; the skipped time may cross a long holiday.
    await time_env.sleep(timedelta(days=20))
    await wait_for(handle, lambda s: "evidence_preservation_overdue" in s.flags)
    assert (await deadlines(case_id))["evidence_preservation-1"].status == "overdue"
    await submit(
        handle, "decide_preserved_evidence", {"decision": "release", "details": "退还进货单原件，留存复印件"}
    )
    decided = await record_of(case_id, "evidence_preservation_decision")
    assert decided.fields["late"] is True


async def test_mingshan_preservation_records_its_form(time_env: WorkflowEnvironment) -> None:
    handle, _ = await filed_case(time_env, profile_id="mingshan-emergency")
    request = on_site(
        await officer_ids(),
        reason="证据可能灭失",
        holder="刘某",
        items=[{"name": "台账", "quantity": "1", "unit": "本"}],
        storage_place="当事人仓库",
        storage_method="就地封存",
        av_recorded=True,
        signed_by="刘某",
    )
    error = await refusal(submit(handle, "request_evidence_preservation", request))
    assert error.field == "form" and "第十四条" in (error.citation or "")
    assert (await submit(handle, "request_evidence_preservation", request | {"form": "先行登记保存"})).task_id


async def test_testing_pauses_the_case_clock_only_on_a_named_rule(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    clock = (await deadlines(case_id))["case_handling"]
    filed = datetime.fromisoformat((await record_of(case_id, "filing_approval")).fields["signed_at"])
    expected_end = filed.date() + timedelta(days=4)
    await submit(
        handle,
        "commission_testing",
        {
            "kind": "appraisal",
            "institution": "某某司法鉴定所",
            "items": [{"name": "标签", "quantity": "1", "unit": "张"}],
            "purpose": "鉴定标签真伪",
            "expected_end": expected_end.isoformat(),
            "case_clock_pause_basis": "amr_procedure_64",
        },
    )
    paused = (await deadlines(case_id))["case_handling"]
    async with transaction() as session:
        calendar = await load_calendar(session, use_cache=False)
    pause = Pause(first_day=filed.date(), last_day=expected_end, reason="鉴定")
    assert paused.due_at == explain_deadline(filed, national_deadlines.CASE_HANDLING, calendar, [pause]).end
    assert paused.due_at > clock.due_at
    commission = await record_of(case_id, "testing_commission")
    assert commission.citation == "《市场监督管理行政处罚程序规定》第六十四条"
