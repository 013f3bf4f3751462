"""Every way a case starts: complaint, application, emergency (ex officio: test_case_clock, API tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from temporalio.testing import WorkflowEnvironment

from casetrail.rules import national_deadlines
from casetrail.rules.legal_time import explain_deadline
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from tests.issuing.case_file_check import check_case_file

from .conftest import TIME_SKIPPING_QUEUE
from .factory import (
    INQUIRY,
    case_row,
    deadlines,
    decide,
    issued_documents,
    officer_ids,
    on_site,
    record_of,
    records,
    refusal,
    start_case,
    submit,
    wait_for,
)


def complaint(name: str = "王某") -> dict[str, Any]:
    return {
        "complainant": {"name": name, "contact": "13800000000"},
        "channel": "12315热线",
        "content": "某超市销售过期酸奶",
        "received_at": "2026-03-02T09:30:00+08:00",
        "duty_leader_opinion": "转稽查科核查",
    }


def notice() -> dict[str, Any]:
    return {
        "method": "电话",
        "informed_at": "2026-03-05T10:00:00+08:00",
        "content": "经核查不予立案，并说明理由",
    }


async def test_complaint_is_logged_then_filed(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await start_case(
        time_env.client, TIME_SKIPPING_QUEUE, start_type="complaint", intake=complaint()
    )
    snapshot = await wait_for(handle, lambda s: s.phase == "complaint_review")
    # A party's request to read the record (record_access) is allowed in every phase; retrieval by
    # other bodies (record_retrieval) only where the regulation provides it (广东 Art. 25(2)), not here.
    assert set(snapshot.allowed_steps) == {
        "propose_filing",
        "decline_complaint",
        "request_record_access",
    }
    log = await record_of(case_id, "duty_log")
    assert log.fields["complainant"]["name"] == "王某" and log.fields["recorder"] == "张三"
    assert log.fields["content"] == "某超市销售过期酸奶" and log.fields["handling"]

    outcome = await submit(handle, "propose_filing", {"summary": "核查属实"})
    assert outcome.phase == "filing_approval" and outcome.task_id
    filed = await decide(handle, outcome.task_id)
    assert filed.phase == "investigation"
    assert (await deadlines(case_id))["case_handling"].status == "open"
    assert (await record_of(case_id, "filing_request")).fields["source"] == "投诉举报"


async def test_declining_a_named_complaint_requires_telling_the_complainant(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await start_case(
        time_env.client,
        TIME_SKIPPING_QUEUE,
        start_type="complaint",
        intake=complaint(),
        profile_id="mingshan-emergency",
    )
    await wait_for(handle, lambda s: s.phase == "complaint_review")
    error = await refusal(submit(handle, "decline_complaint", {"reason": "不属于本机关管辖"}))
    assert error.field == "notice" and error.rule == "complainant_must_be_told"
    assert error.citation and "明山区应急管理局行政执法全过程记录制度》第九条" in error.citation

    outcome = await submit(handle, "decline_complaint", {"reason": "不属于本机关管辖", "notice": notice()})
    assert outcome.phase == "ended" and outcome.allowed_steps == []
    assert await handle.result() == "ended"
    record = await record_of(case_id, "not_opened")
    assert record.fields["notice"]["method"] == "电话" and "第九条" in (record.citation or "")
    assert (await case_row(case_id)).status == "closed"
    # The 不予立案告知书 goes to the named complainant, not the party complained of.
    [(document, text)] = await issued_documents(case_id, "non_filing_notice")
    assert document.number and "不立告字" in document.number and document.number in text
    assert "王某：" in text and "某超市销售过期酸奶" in text and "不属于本机关管辖" in text
    assert "2026年3月2日" in text and (await case_row(case_id)).case_no in text
    assert "《中华人民共和国行政处罚法》第五十四条" in text and "第九条" in text
    assert record.fields["documents"][0]["number"] == document.number
    # Its 卷宗: the notice at the index's page, the duty log and the decline listed as records.
    bound = await check_case_file(case_id)
    titles = [entry["title"] for entry in bound.index_snapshot["entries"]]
    assert titles[0] == "不予立案告知书" and "值班记录（投诉举报登记）" in titles


async def test_anonymous_complaint_may_be_declined_without_notice(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await start_case(
        time_env.client, TIME_SKIPPING_QUEUE, start_type="complaint", intake=complaint(name="")
    )
    await wait_for(handle, lambda s: s.phase == "complaint_review")
    outcome = await submit(handle, "decline_complaint", {"reason": "线索不清，无法核查"})
    assert outcome.phase == "ended"
    # Nobody to tell: the notice is kept in the file, addressed to no one.
    [(_, text)] = await issued_documents(case_id, "non_filing_notice")
    assert "存卷备查" in text and "线索不清，无法核查" in text and "王某" not in text
    assert "第五十四条" in text


async def test_leader_refusing_a_complaint_case_waits_for_the_complainant_to_be_told(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await start_case(
        time_env.client,
        TIME_SKIPPING_QUEUE,
        start_type="complaint",
        intake=complaint(),
        profile_id="wanzhou-xinxiang-2024",
    )
    await wait_for(handle, lambda s: s.phase == "complaint_review")
    task = (await submit(handle, "propose_filing", {"summary": "核查"})).task_id
    assert task
    refused = await decide(handle, task, "return", "证据不足，不予立案")
    assert refused.phase == "complainant_notice" and refused.allowed_steps == [
        "inform_complainant",
        "request_record_access",
    ]
    outcome = await submit(handle, "inform_complainant", notice())
    assert outcome.phase == "ended"
    record = await record_of(case_id, "not_opened")
    assert "重庆市万州区新乡镇行政执法全过程记录制度》第八条第二款" in (record.citation or "")
    [(_, text)] = await issued_documents(case_id, "non_filing_notice")
    assert "王某：" in text and "立案审批未获批准" in text and "第八条第二款" in text


def application() -> dict[str, Any]:
    return {
        "applicant": "某某商贸有限公司",
        "form": "written",
        "matter": "申请对侵权商品进行查处",
        "materials": ["申请书", "营业执照复印件"],
        "received_at": "2026-03-02T10:00:00+08:00",
    }


async def test_application_supplement_is_asked_once_then_accepted(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await start_case(
        time_env.client,
        TIME_SKIPPING_QUEUE,
        start_type="application",
        intake=application(),
        profile_id="mingshan-emergency",
    )
    await wait_for(handle, lambda s: s.phase == "application_review")
    supplement = {
        "items": ["权利证明", "侵权商品照片"],
        "method": "补正通知书",
        "informed_at": "2026-03-02T11:00:00+08:00",
        "deadline": "2026-03-09",
    }
    assert (await submit(handle, "request_supplement", supplement)).phase == "application_supplement"
    [(correction_doc, correction)] = await issued_documents(case_id, "correction_notice")
    assert (
        "权利证明" in correction
        and "侵权商品照片" in correction
        and "请于2026-03-09（星期一）24:00前补正" in correction
    )
    received = {"materials": ["权利证明", "侵权商品照片"], "received_at": "2026-03-04T09:00:00+08:00"}
    assert (await submit(handle, "receive_supplement", received)).phase == "application_review"

    # 一次性告知: a second request for more material is refused.
    error = await refusal(submit(handle, "request_supplement", supplement))
    assert error.rule == "one_time_notice" and error.allowed
    assert error.citation and "第七条" in error.citation

    outcome = await submit(
        handle, "accept_application", {"receipt_no": "受理〔2026〕1号", "summary": "材料齐全"}
    )
    assert outcome.phase == "filing_approval" and outcome.task_id
    [(accepted, _)] = await issued_documents(case_id, "acceptance_notice")
    assert accepted.number and "受字" in accepted.number
    assert (await decide(handle, outcome.task_id)).phase == "investigation"
    kinds = [r.kind for r in await records(case_id)]
    assert kinds == [
        "application_registration",
        "supplement_notice",
        "supplement_received",
        "application_acceptance",
        "filing_request",
        "filing_approval",
    ]
    # Its 卷宗: the correction and acceptance notices at the index's pages.
    bound = await check_case_file(case_id)
    titles = [entry["title"] for entry in bound.index_snapshot["entries"]]
    assert {correction_doc.title, accepted.title} <= set(titles)


async def test_application_refused_ends_the_case(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await start_case(
        time_env.client, TIME_SKIPPING_QUEUE, start_type="application", intake=application()
    )
    await wait_for(handle, lambda s: s.phase == "application_review")
    refused = {
        "reason": "不属于本机关职权范围",
        "legal_basis": "《泰安市行政执法全过程记录办法》第七条",
        "notice_method": "不予受理通知书",
        "remedies": {"review_body": "泰安市人民政府", "court": "泰安市泰山区人民法院"},
    }
    assert (await submit(handle, "refuse_application", refused)).phase == "ended"
    [(refused_doc, notice)] = await issued_documents(case_id, "non_acceptance_notice")
    assert "不属于本机关职权范围" in notice and "泰安市人民政府" in notice
    record = await record_of(case_id, "application_refusal")
    assert record.fields["decision"] == "不予受理" and "泰安市行政执法全过程记录办法》第七条" in (
        record.citation or ""
    )
    bound = await check_case_file(case_id)
    assert bound.index_snapshot["entries"][0]["title"] == refused_doc.title


def emergency(started_at: datetime) -> dict[str, Any]:
    return {"urgency": "现场发现正在销毁证据", "started_at": started_at.isoformat(), "actions": "立即制止"}


async def test_emergency_start_investigates_at_once_and_escalates_a_late_backfill(
    time_env: WorkflowEnvironment,
) -> None:
    started = datetime.now(UTC)
    handle, case_id = await start_case(
        time_env.client, TIME_SKIPPING_QUEUE, start_type="emergency", intake=emergency(started)
    )
    snapshot = await wait_for(handle, lambda s: s.phase == "investigation" and bool(s.open_tasks))
    assert "inquiry" in snapshot.allowed_steps
    backfill = (await deadlines(case_id))["emergency_backfill"]
    # Taian Art. 8: 24 hours from the start, wall clock.
    assert backfill.due_at == started + timedelta(hours=24)
    assert "泰安市行政执法全过程记录办法》第八条" in (backfill.citation or "")
    task_id = snapshot.open_tasks[0]["task_id"]

    # Investigation proceeds before the approval.
    officers = await officer_ids()
    await submit(handle, "inquiry", on_site(officers, **INQUIRY))

    await time_env.sleep(timedelta(hours=25))
    snapshot = await wait_for(handle, lambda s: "emergency_backfill_overdue" in s.flags)
    assert "emergency_backfill_overdue" in (await case_row(case_id)).flags
    overdue = await record_of(case_id, "deadline_overdue")
    assert overdue.fields["escalated_to"] == "leader" and overdue.fields["open_tasks"]
    assert (await deadlines(case_id))["emergency_backfill"].status == "overdue"

    # The leader signs late: filed, and the case clock runs from the emergency start.
    assert (await decide(handle, task_id)).phase == "investigation"
    approval = await record_of(case_id, "filing_approval")
    assert approval.fields["backfilled_late"] is True
    clock = (await deadlines(case_id))["case_handling"]
    async with transaction() as session:
        calendar = await load_calendar(session, use_cache=False)
    assert clock.due_at == explain_deadline(started, national_deadlines.CASE_HANDLING, calendar).end


async def test_emergency_start_where_the_profile_forbids_it_ends_with_the_reason(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await start_case(
        time_env.client,
        TIME_SKIPPING_QUEUE,
        start_type="emergency",
        intake=emergency(datetime.now(UTC)),
        profile_id="guangdong-2018",
    )
    assert await handle.result() == "ended"
    record = await record_of(case_id, "emergency_start_refused")
    assert record.citation == "《中华人民共和国行政处罚法》第五十四条"
    assert "不允许先行启动" in record.fields["reason"]
