"""Each way the party's rights can go, carried to the decision: the 行政处罚决定书 states what happened.

Real Temporal (time-skipping) and PostgreSQL; the documents are read as a reader of the stored PDF
gets them (pdftotext). A party is never made to waive a right it used or never had (处罚法 Art. 44,
45, 62-65); a waiver appears only where one was made, in the words of its scope.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from temporalio.testing import WorkflowEnvironment

from casetrail.rules.deadline_text import deadline_text
from casetrail.store.blobs import default_store
from casetrail.store.models import Role
from casetrail.workflows.case_workflow import CaseWorkflow
from tests.documents.pdftools import pdf_running_text

from .decision_steps import (
    CST,
    Handle,
    case_in_investigation,
    deadline,
    decision,
    fine,
    notice,
    proposal,
    records,
    refused,
    replays,
    report,
    sign,
    submit,
    workflow_today,
)
from .factory import actor, issued_documents

WAIVED = "放弃陈述、申辩"
REMEDIES = (
    "可以在收到本文书之日起六十日内向泰安市泰山区人民政府申请行政复议",
    "或者在六个月内依法向泰安市泰山区人民法院提起行政诉讼",
)
HEARING_PENALTY = {"kinds": ["fine"], "fine_fen": 20_000_000}  # 200,000 yuan: a 较大数额 (Art. 63(1)(1))


def chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


async def noticed(time_env: WorkflowEnvironment, penalty: dict[str, Any]) -> tuple[Handle, uuid.UUID, date]:
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(penalty))
    today = await workflow_today(time_env)
    await submit(handle, "notify_rights", notice(penalty, today))
    return handle, case_id, today


async def window_last_day(case_id: uuid.UUID) -> date:
    """The last day of the rights window: the day before the instant it ends, in Beijing."""
    due = (await deadline(case_id, "rights_window")).due_at.astimezone(CST)
    return (due - timedelta(microseconds=1)).date()


async def statement(handle: Handle, today: date, content: str) -> None:
    await submit(
        handle,
        "record_statement",
        {"made_at": f"{today}T10:00:00", "form": "written", "speaker": "测试当事人", "content": content},
    )


async def declare_complete(handle: Handle, today: date) -> None:
    await submit(
        handle,
        "declare_statements_complete",
        {
            "declared_at": f"{today}T15:00:00",
            "declarant": "测试当事人",
            "form": "written",
            "statement": "本人陈述、申辩完毕，无补充意见",
        },
    )


async def decide(handle: Handle, penalty: dict[str, Any], *, legal_review: bool = False) -> None:
    await submit(handle, "propose_decision", proposal(penalty))
    await sign(handle, "unit_head")
    if legal_review:  # a hearing was held: Art. 58(1)(2)
        await submit(handle, "request_legal_review")
        await sign(handle, "legal_reviewer")
    await submit(handle, "submit_for_approval")
    await sign(handle, "leader")
    await submit(handle, "issue_decision", decision(party_present=True))


async def decision_text(case_id: uuid.UUID) -> str:
    [(row, _)] = await issued_documents(case_id, "penalty_decision")
    text = pdf_running_text(default_store().read(row.sha256))
    for remedy in REMEDIES:  # 行政复议法 Art. 20, 行政诉讼法 Art. 46: periods and venues
        assert remedy in text
    return text


async def test_statement_partly_adopted_goes_to_decision_without_a_waiver(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id, today = await noticed(time_env, fine(5000))
    # The notice: statement and defence only (no Art. 63 ground at 5,000 yuan), where, to whom, until when.
    [(_, notice_text)] = await issued_documents(case_id, "penalty_notice")
    last_day = await window_last_day(case_id)
    assert f"可以在{deadline_text(last_day)}向本机关提出陈述、申辩意见" in notice_text
    assert "可以到泰安市岱岳区擂鼓石大街1号三楼法制科口头陈述、申辩" in notice_text
    assert "联系人：李明，联系电话：0538-8221234" in notice_text
    assert "听证" not in notice_text and "第六十三条" not in notice_text and "第六十四条" not in notice_text
    told = next(r for r in await records(case_id) if r.kind == "penalty_pre_notice").fields
    assert (told["contact_person"], told["contact_phone"]) == ("李明", "0538-8221234")

    error = await refused(handle, "declare_statements_complete", {
        "declared_at": f"{today}T09:00:00", "declarant": "测试当事人", "form": "oral", "statement": "没有了",
    })  # fmt: skip
    assert (error.rule, error.field) == ("not_heard", "step") and "第四十五条" in (error.citation or "")
    await statement(handle, today, "已当场下架，请求从轻")
    error = await refused(handle, "propose_decision", proposal(fine(4000)))
    assert error.rule == "rights_window_open" and "陈述申辩完毕声明" in error.message
    error = await refused(handle, "record_waiver", {"scope": "all", "form": "written", "note": "不再陈述"})
    assert (error.rule, error.field) == ("statement_already_made", "scope")
    error = await refused(handle, "declare_statements_complete", {
        "declared_at": f"{today}T09:00:00", "declarant": "测试当事人", "form": "oral", "statement": "没有了",
    })  # fmt: skip
    assert (error.rule, error.citation) == (
        "statement_not_reviewed",
        "《中华人民共和国行政处罚法》第四十五条",
    )
    await submit(
        handle,
        "review_statement",
        {"adoption": "partly_adopted", "reasons": "主动下架属实，从轻处罚", "revised_penalty": fine(4000)},
    )
    await declare_complete(handle, today)
    snapshot = await handle.query(CaseWorkflow.snapshot)
    assert snapshot.phase == "rights_concluded"
    assert (await deadline(case_id, "rights_window")).status == "met"
    declared = next(r for r in await records(case_id) if r.kind == "statements_complete")
    assert declared.fields["declarant"] == "测试当事人" and declared.fields["form"] == "written"
    assert declared.citation == "《中华人民共和国行政处罚法》第四十四条、第四十五条、第六十二条"

    await decide(handle, fine(4000))
    text = await decision_text(case_id)
    assert "当事人提出陈述、申辩：测试当事人：已当场下架，请求从轻。" in text
    assert "本机关依法进行了复核，对其意见部分采纳，理由是：主动下架属实，从轻处罚" in text
    assert "复核后拟作出的行政处罚调整为罚款人民币4,000.00元" in text
    assert f"测试当事人于{chinese(today)}书面声明陈述、申辩完毕，无补充意见" in text
    assert "放弃" not in text and "未提出陈述" not in text
    await replays(handle)


async def test_statement_not_adopted(time_env: WorkflowEnvironment) -> None:
    handle, case_id, today = await noticed(time_env, fine(5000))
    await statement(handle, today, "酸奶是顾客退回的，并非销售")
    await submit(
        handle,
        "review_statement",
        {"adoption": "not_adopted", "reasons": "现场检查笔录和照片证明酸奶陈列于销售货架"},
    )
    await declare_complete(handle, today)
    await decide(handle, fine(5000))
    text = await decision_text(case_id)
    assert "当事人提出陈述、申辩：测试当事人：酸奶是顾客退回的，并非销售。" in text
    assert "对其意见不予采纳，理由是：现场检查笔录和照片证明酸奶陈列于销售货架" in text
    assert "调整为" not in text and "放弃" not in text
    assert "罚款人民币5,000.00元" in text


async def test_hearing_held(time_env: WorkflowEnvironment) -> None:
    handle, case_id, today = await noticed(time_env, HEARING_PENALTY)
    [(_, notice_text)] = await issued_documents(case_id, "penalty_notice")
    last_day = await window_last_day(case_id)
    assert (
        f"{deadline_text(last_day)}向本机关（联系人：李明，联系电话：0538-8221234）提出听证申请"
        in notice_text
    )
    assert "《中华人民共和国行政处罚法》第六十三条、第六十四条" in notice_text

    await submit(
        handle,
        "request_hearing",
        {"requested_on": today.isoformat(), "applicant": "测试当事人", "form": "书面"},
    )
    # Seven working days after the notice (Art. 64(2)), whatever holidays the session's clock is in.
    hearing_at = datetime.combine(today + timedelta(days=30), time(9), CST)
    await submit(handle, "notify_hearing", {
        "notified_on": today.isoformat(), "hearing_at": hearing_at.isoformat(),
        "place": "本局听证室", "host": "赵六", "clerk": "孙八",
    })  # fmt: skip
    await time_env.sleep(timedelta(days=30))
    legal = await actor("legal", Role.legal_reviewer)
    await submit(handle, "record_hearing", {
        "held_at": hearing_at.isoformat(), "place": "本局听证室", "host": "赵六", "recorder": "孙八",
        "participants": [{"name": "测试当事人", "capacity": "当事人"}],
        "investigator_case": "销售过期食品，建议罚款二十万元", "party_defence": "货值很小，请求减轻",
        "party_signed": True,
    }, by=legal)  # fmt: skip
    await submit(handle, "submit_hearing_report", {
        "host": "赵六", "case_summary": "当事人销售超过保质期的食品", "disputed_points": "罚款数额是否过重",
        "findings": "违法事实清楚，货值较小", "opinion": "建议减为罚款十万元",
    }, by=legal)  # fmt: skip
    await decide(handle, {"kinds": ["fine"], "fine_fen": 10_000_000}, legal_review=True)
    text = await decision_text(case_id)
    held_on = chinese(hearing_at.date())
    assert f"应当事人要求，本机关于{held_on}依法举行听证，由赵六主持" in text
    assert "听证报告认定：违法事实清楚，货值较小；主持人意见：建议减为罚款十万元" in text
    assert "依法享有陈述、申辩和要求听证的权利" in text
    assert "放弃" not in text and "未提出陈述" not in text


async def test_hearing_waived_after_a_statement(time_env: WorkflowEnvironment) -> None:
    handle, case_id, today = await noticed(time_env, HEARING_PENALTY)
    await statement(handle, today, "初次违法，请求从轻")
    await submit(handle, "review_statement", {"adoption": "adopted", "reasons": "初次违法属实"})
    # The hearing right is the party's and unused: declaring "nothing to add" does not waive it.
    error = await refused(handle, "declare_statements_complete", {
        "declared_at": f"{today}T15:00:00", "declarant": "测试当事人", "form": "written", "statement": "无",
    })  # fmt: skip
    assert (error.rule, error.field) == ("hearing_right_open", "step") and "第六十三条" in (
        error.citation or ""
    )
    await submit(
        handle, "record_waiver", {"scope": "hearing", "form": "written", "note": "当事人书面表示不要求听证"}
    )
    await declare_complete(handle, today)
    await decide(handle, HEARING_PENALTY)
    text = await decision_text(case_id)
    assert "当事人提出陈述、申辩：测试当事人：初次违法，请求从轻。" in text and "对其意见采纳" in text
    assert f"当事人于{chinese(today)}书面明确放弃听证的权利" in text
    assert WAIVED not in text  # the statement and defence were made, not waived


async def test_silence_until_the_window_ends(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(fine(3000)))
    today = await workflow_today(time_env)
    # Where and to whom to state is part of the notice (Art. 44): refused blank, naming the field.
    error = await refused(handle, "notify_rights", {**notice(fine(3000), today), "contact_phone": " "})
    assert (error.rule, error.field) == ("statement_contact_required", "contact_phone")
    assert (
        error.citation == "《中华人民共和国行政处罚法》第四十四条、第四十五条" and "联系电话" in error.message
    )
    await submit(handle, "notify_rights", notice(fine(3000), today))
    # Past the window's end, however many holidays its five working days span on the session's clock.
    due = (await deadline(case_id, "rights_window")).due_at
    await time_env.sleep(due - await time_env.get_current_time() + timedelta(hours=1))
    await decide(handle, fine(3000))
    text = await decision_text(case_id)
    assert "当事人在规定期限内未提出陈述、申辩，视为放弃陈述、申辩的权利。" in text
    assert "明确放弃" not in text and "复核" not in text and "听证" not in text
    await replays(handle)
