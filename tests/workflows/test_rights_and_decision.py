"""From the end of the investigation to the decision: rights, hearing, reviews, approvals.

Real Temporal (time-skipping server) and real PostgreSQL: the refusals come back from the Update
validators as domain errors with their citations; the records, deadlines and tasks are read from
the database the activities wrote.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time, timedelta

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from casetrail.store import audit
from casetrail.store.db import transaction
from casetrail.store.models import ApprovalTask, AuditEvent, Case, Role
from casetrail.workflows.case_workflow import CaseWorkflow
from tests.issuing.case_file_check import check_case_file

from .decision_steps import (
    CST,
    FINDINGS,
    Handle,
    case_in_investigation,
    deadline,
    decision,
    facts,
    fine,
    hearing_record,
    kinds,
    notice,
    proposal,
    records,
    refused,
    replays,
    report,
    sign,
    submit,
    wait_for,
    workflow_today,
)
from .factory import actor, issued_documents

PENALTY_44 = "《中华人民共和国行政处罚法》第四十四条"
PENALTY_45 = "《中华人民共和国行政处罚法》第四十五条"
PENALTY_57 = "《中华人民共和国行政处罚法》第五十七条"
PENALTY_62 = "《中华人民共和国行政处罚法》第六十二条"
PENALTY_64_1 = "《中华人民共和国行政处罚法》第六十四条第（一）项"
PENALTY_64_2 = "《中华人民共和国行政处罚法》第六十四条第（二）项"
PENALTY_65 = "《中华人民共和国行政处罚法》第六十五条"
CIVIL_PROCEDURE_85 = "《中华人民共和国民事诉讼法》第八十五条"


async def phase(handle: Handle) -> str:
    snapshot = await handle.query(CaseWorkflow.snapshot)
    return snapshot.phase


async def test_statement_review_legal_review_collective_discussion_to_decision(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(fine(5000)))

    error = await refused(handle, "propose_decision", proposal(fine(5000)))
    assert (error.code, error.rule, error.citation) == (
        "procedure_violation",
        "rights_not_notified",
        PENALTY_44,
    )

    today = await workflow_today(time_env)
    await submit(handle, "notify_rights", notice(fine(5000), today))
    assert await phase(handle) == "rights_window"
    window = await deadline(case_id, "rights_window")
    # No hearing right at 5,000 yuan: a statement-only window rests on Art. 44-45, not Art. 64(1).
    assert window.status == "open" and (window.citation or "").startswith(f"{PENALTY_44}、第四十五条")
    assert "第六十四条" not in (window.citation or "")

    error = await refused(handle, "propose_decision", proposal(fine(5000)))
    assert (error.rule, error.citation) == ("rights_window_open", PENALTY_62)

    await submit(
        handle,
        "record_statement",
        {
            "made_at": f"{today}T10:00:00",
            "form": "oral",
            "speaker": "测试当事人",
            "content": "已当场下架，请求从轻",
            "signed_by": "测试当事人",
        },
    )
    [(_, statement)] = await issued_documents(case_id, "statement_record")
    assert "陈述申辩笔录" in statement and "陈述申辩人：测试当事人" in statement
    assert "答：已当场下架，请求从轻" in statement and PENALTY_45 in statement
    assert "签名：测试当事人" in statement and "10时00分" in statement
    assert not await issued_documents(case_id, "hearing_rights_notice")  # no hearing right at 5,000 yuan
    error = await refused(handle, "propose_decision", proposal(fine(5000)))
    assert error.rule == "rights_window_open"  # still open; then the statement must be reviewed

    await time_env.sleep(timedelta(days=10))  # the 5 working days pass
    assert await phase(handle) == "rights_concluded"
    error = await refused(handle, "propose_decision", proposal(fine(5000)))
    assert (error.rule, error.citation) == ("statement_not_reviewed", PENALTY_45)

    error = await refused(
        handle,
        "review_statement",
        {"adoption": "partly_adopted", "reasons": "主动下架", "revised_penalty": fine(6000)},
    )
    assert (error.rule, error.citation) == ("heavier_than_noticed", PENALTY_44)
    await submit(
        handle,
        "review_statement",
        {"adoption": "partly_adopted", "reasons": "主动下架", "revised_penalty": fine(4000)},
    )
    error = await refused(handle, "propose_decision", proposal(fine(5000)))
    assert (error.rule, error.citation) == ("heavier_after_statement", PENALTY_45)
    [(review, review_text)] = await issued_documents(case_id, "review_opinion")
    assert review.number and "复核字" in review.number
    assert "测试当事人：已当场下架，请求从轻" in review_text and "主动下架" in review_text

    await submit(
        handle, "propose_decision", proposal(fine(4000), major_public_interest=True, complex_or_serious=True)
    )
    await sign(handle, "unit_head", opinion="同意承办人意见")
    assert await phase(handle) == "deliberation"

    # No decision without the legal review Art. 58 requires, nor a collective discussion before it.
    error = await refused(handle, "submit_for_approval")
    assert error.rule == "legal_review_required"
    assert error.citation is not None and "第五十八条第一款第（一）项" in error.citation
    leader = await actor("leader", Role.leader)
    discussion = {
        "held_at": f"{await workflow_today(time_env)}T09:00:00",
        "ended_at": f"{await workflow_today(time_env)}T09:40:00",
        "place": "本局三楼会议室",
        "chair": "钱七",
        "participants": [
            {"name": "王五", "position": "副局长", "opinion": "同意罚款四千元"},
            {"name": "赵六", "position": "法制科科长", "opinion": "事实清楚，同意"},
        ],
        "conclusion": "罚款四千元",
        "agrees": True,
    }
    error = await refused(handle, "record_collective_discussion", discussion, by=leader)
    assert error.rule == "legal_review_required"

    await submit(handle, "request_legal_review")
    await sign(handle, "legal_reviewer", opinion="事实清楚，程序合法，适用依据正确")
    error = await refused(handle, "submit_for_approval")
    assert (error.rule, error.citation) == ("collective_discussion_required", PENALTY_57)
    await submit(
        handle,
        "record_expert_opinion",
        {"held_at": discussion["held_at"], "experts": ["食品安全专家甲"], "opinion": "涉案酸奶已超过保质期"},
    )
    await submit(handle, "record_collective_discussion", discussion, by=leader)
    await submit(handle, "submit_for_approval")
    await sign(handle, "leader", opinion="同意")
    outcome = await submit(handle, "issue_decision", decision(party_present=False))
    assert outcome.phase == "decided"

    decided = (await facts(handle))["decision"]
    assert decided["kind"] == "penalty" and decided["fine_fen"] == 400_000
    assert decided["penalties"] == ["fine"] and decided["party_present"] is False
    assert re.fullmatch(r"泰示岱监罚决字〔\d{4}〕第\d+号", decided["document_no"])
    datetime.fromisoformat(decided["decided_at"])
    # 处罚法 Art. 61: the 7 working days to serve an absent party run from the decision, before anyone
    # starts the service.
    service_clock = await deadline(case_id, "decision_service")
    assert service_clock.status == "open" and "第六十一条" in (service_clock.citation or "")

    # Both documents were issued, numbered, rendered and stored; the records point at them.
    [(notice_row, notice_text)] = await issued_documents(case_id, "penalty_notice")
    [(decision_row, decision_text)] = await issued_documents(case_id, "penalty_decision")
    assert notice_row.number is not None and re.fullmatch(
        r"泰示岱监罚告字〔\d{4}〕第\d+号", notice_row.number
    )
    assert decision_row.number == decided["document_no"]
    for row, text in ((notice_row, notice_text), (decision_row, decision_text)):
        assert "测试当事人" in text and (row.number or "") in text
    assert "罚款人民币5,000.00元" in notice_text and "罚款人民币4,000.00元" in decision_text
    assert "泰安市泰山区人民政府" in decision_text and "1606020129200123456" in decision_text
    # The deliberation's own documents: the report, the legal review and the discussion minutes.
    [(_, report_text)] = await issued_documents(case_id, "investigation_report")
    [(review, review_text)] = await issued_documents(case_id, "legal_review_opinion")
    [(_, minutes)] = await issued_documents(case_id, "collective_discussion")
    assert "案件调查终结报告" in report_text and "给予行政处罚" in report_text
    assert review.number and "法审字" in review.number
    assert "审核通过" in review_text and "事实清楚，程序合法，适用依据正确" in review_text
    assert "王五（副局长）：同意罚款四千元" in minutes and "本局三楼会议室" in minutes

    found = await records(case_id)
    by_kind = {r.kind: r for r in found}
    assert {
        "investigation_report",
        "penalty_pre_notice",
        "statement",
        "rights_window_closed",
        "statement_review",
        "decision_proposal",
        "unit_review",
        "legal_review",
        "expert_opinion",
        "collective_discussion",
        "leader_approval",
        "penalty_decision",
    } <= set(by_kind)
    assert "rights_not_exercised" not in by_kind  # the party spoke
    assert by_kind["penalty_pre_notice"].fields["document_number"] == notice_row.number
    assert by_kind["penalty_pre_notice"].fields["document_id"] == str(notice_row.id)
    assert by_kind["penalty_decision"].fields["document_number"] == decided["document_no"]
    assert by_kind["penalty_decision"].fields["document_id"] == str(decision_row.id)
    assert by_kind["penalty_decision"].id == uuid.UUID(decided["record_id"])
    trail = by_kind["penalty_decision"].fields["approvals"]
    assert [trail[k]["signer"] for k in ("unit_review", "legal_review", "leader_approval")] == [
        "王五",
        "赵六",
        "钱七",
    ]
    assert by_kind["legal_review"].fields["reviewer"] == "赵六"
    assert by_kind["penalty_pre_notice"].fields["rights"] == ["陈述权", "申辩权", "申请回避权"]

    assert (await deadline(case_id, "case_handling")).status == "met"
    async with transaction() as session:
        case = await session.get(Case, case_id)
        tasks = (await session.execute(select(ApprovalTask).where(ApprovalTask.case_id == case_id))).scalars()
        events = (
            await session.execute(
                select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.seq)
            )
        ).scalars()
        chain_breaks = audit.verify_chain(list(events))
        signed = {t.kind: (t.status, t.opinion) for t in tasks}
    assert case is not None and case.phase == "decided"
    assert signed["decision_legal_review"] == ("signed", "事实清楚，程序合法，适用依据正确")
    assert signed["decision_approval"][0] == "signed"
    assert chain_breaks == []
    await replays(handle)
    # The 卷宗 of the statement path: each step's document at the index's pages.
    bound = await check_case_file(case_id)
    titles = {entry["title"] for entry in bound.index_snapshot["entries"]}
    assert {"陈述申辩笔录", "复核意见书", "集体讨论记录", "法制审核意见书", "行政处罚决定书"} <= titles


async def test_hearing_path(time_env: WorkflowEnvironment) -> None:
    penalty = {"kinds": ["fine", "revoke_licence"], "fine_fen": 2_000_000, "detail": "吊销《食品经营许可证》"}
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(penalty))
    today = await workflow_today(time_env)
    await submit(handle, "notify_rights", notice(penalty, today))
    notice_record = {r.kind: r for r in await records(case_id)}["penalty_pre_notice"]
    assert "要求听证权" in notice_record.fields["rights"]
    assert {g["citation"] for g in notice_record.fields["hearing_grounds"]} == {
        "《中华人民共和国行政处罚法》第六十三条第一款第（一）项",
        "《中华人民共和国行政处罚法》第六十三条第一款第（三）项",
    }
    [(rights_notice, text)] = await issued_documents(case_id, "hearing_rights_notice")
    assert rights_notice.number and "听告字" in rights_notice.number and rights_notice.number in text
    assert "测试当事人：" in text and FINDINGS["facts"] in text and "吊销《食品经营许可证》" in text
    assert "《中华人民共和国行政处罚法》第六十三条、第六十四条" in text and "五个工作日" in text
    assert notice_record.fields["hearing_rights_notice"]["document_number"] == rights_notice.number

    await submit(
        handle,
        "request_hearing",
        {"requested_on": today.isoformat(), "applicant": "测试当事人", "form": "书面"},
    )
    assert await phase(handle) == "hearing_requested"
    assert (await deadline(case_id, "rights_window")).status == "met"

    too_early = datetime.combine(today + timedelta(days=3), time(9), CST)
    hearing = {
        "notified_on": today.isoformat(),
        "hearing_at": too_early.isoformat(),
        "place": "本局听证室",
        "host": "赵六",
        "clerk": "孙八",
    }
    error = await refused(handle, "notify_hearing", hearing)
    assert (error.rule, error.field, error.citation) == (
        "hearing_notice_too_late",
        "hearing_at",
        PENALTY_64_2,
    )
    assert "最早于" in error.message
    error = await refused(handle, "notify_hearing", {**hearing, "host": "张三"})
    assert error.rule == "host_not_investigator"

    hearing_at = datetime.combine(today + timedelta(days=21), time(9), CST)
    await submit(handle, "notify_hearing", {**hearing, "hearing_at": hearing_at.isoformat()})
    error = await refused(handle, "propose_decision", proposal(penalty))
    assert (error.rule, error.citation) == ("hearing_not_ended", PENALTY_65)

    await time_env.sleep(timedelta(days=21))
    legal = await actor("legal", Role.legal_reviewer)  # hosts; not an investigator of the case
    await submit(handle, "record_hearing", hearing_record(hearing_at), by=legal)
    [(_, hearing_text)] = await issued_documents(case_id, "hearing_record")
    assert "听证笔录" in hearing_text and "听证主持人：赵六" in hearing_text and "本局听证室" in hearing_text
    assert "测试当事人（当事人）" in hearing_text and "答：对事实无异议，请求不吊销许可证" in hearing_text
    assert "《中华人民共和国行政处罚法》第六十四条" in hearing_text and "签名：测试当事人" in hearing_text
    await submit(
        handle,
        "submit_hearing_report",
        {
            "host": "赵六",
            "case_summary": "当事人销售超过保质期的食品，拟罚款二万元并吊销许可证",
            "disputed_points": "是否应当吊销食品经营许可证",
            "findings": "事实清楚",
            "opinion": "建议维持罚款，不予吊销许可证",
        },
        by=legal,
    )
    assert await phase(handle) == "rights_concluded"

    lighter = fine(20_000)
    await submit(handle, "propose_decision", proposal(lighter))
    await sign(handle, "unit_head")
    error = await refused(handle, "submit_for_approval")
    assert error.rule == "legal_review_required"  # a hearing was held: Art. 58(1)(2)
    assert "第五十八条第一款第（二）项" in (error.citation or "")
    await submit(handle, "request_legal_review")
    await sign(handle, "legal_reviewer")
    await submit(handle, "submit_for_approval")
    await sign(handle, "leader")
    await submit(handle, "issue_decision", decision(party_present=True))

    found = kinds(await records(case_id))
    for kind in ("hearing_request", "hearing_notice", "hearing_record", "hearing_report", "legal_review"):
        assert kind in found
    [(hearing_notice, text)] = await issued_documents(case_id, "hearing_notice")
    assert hearing_notice.number is not None and hearing_notice.number.startswith("泰示岱监听通字〔")
    assert hearing_notice.number in text and "本局听证室" in text and "孙八" in text
    [(report_row, text)] = await issued_documents(case_id, "hearing_report")
    assert "是否应当吊销食品经营许可证" in text and "测试当事人" in text
    report_record = next(r for r in await records(case_id) if r.kind == "hearing_report")
    assert report_record.fields["document_id"] == str(report_row.id)
    assert (await facts(handle))["decision"]["fine_fen"] == 2_000_000
    await replays(handle)
    # The 卷宗 of the hearing path: every document of each step, at the pages the index gives.
    bound = await check_case_file(case_id)
    titles = {entry["title"] for entry in bound.index_snapshot["entries"]}
    assert {"立案审批表", "行政处罚事先告知书", "听证告知书", "听证通知书", "听证笔录", "听证报告"} <= titles
    assert {"法制审核意见书", "行政处罚决定书"} <= titles


async def test_waiver_then_leader_returns_and_handler_revises(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(fine(3000)))
    await submit(handle, "notify_rights", notice(fine(3000), await workflow_today(time_env)))
    await submit(
        handle, "record_waiver", {"scope": "all", "form": "written", "note": "当事人书面声明放弃陈述、申辩"}
    )
    assert await phase(handle) == "rights_concluded"
    assert (await deadline(case_id, "rights_window")).status == "met"

    await submit(handle, "propose_decision", proposal(fine(3000)))
    await sign(handle, "unit_head")
    await submit(handle, "submit_for_approval")  # no legal review or discussion required
    outcome = await sign(handle, "leader", "return", "裁量偏重，请按从轻情节重新拟定")
    assert outcome.phase == "proposal_returned"

    await submit(handle, "propose_decision", proposal(fine(2000)))
    await sign(handle, "unit_head")
    await submit(handle, "submit_for_approval")
    await sign(handle, "leader")
    await submit(handle, "issue_decision", decision(party_present=True))

    found = await records(case_id)
    returned = next(r for r in found if r.kind == "proposal_returned")
    assert (
        returned.fields["opinion"] == "裁量偏重，请按从轻情节重新拟定" and returned.fields["signer"] == "钱七"
    )
    proposals = [r for r in found if r.kind == "decision_proposal"]
    assert [p.fields["revision"] for p in proposals] == [1, 2]
    assert (await facts(handle))["decision"]["fine_fen"] == 200_000
    assert "rights_waiver" in kinds(found)
    await replays(handle)


async def test_window_closes_and_rights_are_recorded_as_not_exercised(time_env: WorkflowEnvironment) -> None:
    penalty = {"kinds": ["suspend_business"], "detail": "责令停业整顿十五日"}
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(penalty))
    today = await workflow_today(time_env)
    await submit(handle, "notify_rights", notice(penalty, today))
    window = await deadline(case_id, "rights_window")

    await time_env.sleep(timedelta(days=10))
    # The closing handler commits through an activity on real time: wait for it (a loaded machine lags).
    snapshot = await wait_for(handle, lambda s: s.phase == "rights_concluded")
    assert "rights_not_exercised" in snapshot.flags
    closed = next(r for r in await records(case_id) if r.kind == "rights_not_exercised")
    assert closed.fields["due_at"] == window.due_at.astimezone(CST).isoformat()
    assert "视为放弃" in closed.fields["note"] and closed.citation == PENALTY_64_1
    assert (await deadline(case_id, "rights_window")).status == "met"

    late_day = (window.due_at.astimezone(CST) + timedelta(days=1)).date()
    error = await refused(
        handle,
        "request_hearing",
        {"requested_on": late_day.isoformat(), "applicant": "测试当事人", "form": "书面"},
    )
    assert (error.rule, error.field) == ("hearing_request_late", "requested_on")
    assert error.citation == f"{PENALTY_64_1}、{CIVIL_PROCEDURE_85}"

    # 民诉法 Art. 85: posted inside the window, it is timely though it arrived after the timer fired.
    await submit(
        handle,
        "request_hearing",
        {
            "requested_on": late_day.isoformat(),
            "posted_on": today.isoformat(),
            "applicant": "测试当事人",
            "form": "书面（邮寄）",
        },
    )
    assert await phase(handle) == "hearing_requested"
    accepted = next(r for r in await records(case_id) if r.kind == "hearing_request")
    assert (
        accepted.fields["made_on"] == today.isoformat() and accepted.fields["received_after_window"] is True
    )


async def test_no_penalty_decision_is_issued_as_its_own_document(time_env: WorkflowEnvironment) -> None:
    """No penalty needs no rights notice (Art. 44 concerns penalties); its decision is still a document."""
    handle, case_id = await case_in_investigation(time_env)
    no_penalty = {"kind": "no_penalty", "reason": "违法行为轻微并及时改正，没有造成危害后果"}
    await submit(handle, "finish_investigation", {**FINDINGS, "handling": no_penalty})
    await submit(handle, "propose_decision", {**FINDINGS, "handling": no_penalty})
    await sign(handle, "unit_head")
    await submit(handle, "submit_for_approval")
    await sign(handle, "leader")
    await submit(handle, "issue_decision", decision(party_present=True))

    decided = (await facts(handle))["decision"]
    [(issued, text)] = await issued_documents(case_id, "no_penalty_decision")
    assert decided["kind"] == "no_penalty" and decided["document_no"] == issued.number
    assert issued.number is not None and issued.number.startswith("泰示岱监不罚字〔")
    assert issued.number in text and "测试当事人" in text and "违法行为轻微并及时改正" in text
    await replays(handle)
