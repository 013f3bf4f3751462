"""The steps built to issue their document: 调取证据, 音像记录说明, 加处罚款决定书, and the 查阅申请审批表
of a request to read the record. Each drives the real step and reads the stored PDF."""

from __future__ import annotations

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from tests.workflows.factory import (
    attempt,
    case_row,
    deadline_of,
    decide,
    env_now,
    filed_case,
    issued_documents,
    record_of,
    refusal,
    served_case,
    sleep_past,
    submit,
    wait_for,
    wait_for_service,
)

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


async def test_evidence_request_issues_the_notice_with_what_by_when_and_where(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env)
    deadline = (await env_now(time_env)).date() + timedelta(days=5)
    payload = {
        "requested": ["2026年1月至3月酸奶进货单据", "营业执照复印件"],
        "deadline": deadline.isoformat(),
        "delivery_place": "本局稽查科",
    }
    past = {**payload, "deadline": (await env_now(time_env)).date().isoformat()}
    error = await refusal(submit(handle, "request_evidence", past))
    assert (error.field, error.rule) == ("deadline", "future_deadline")
    assert error.citation and "第五十五条" in error.citation
    await submit(handle, "request_evidence", payload)
    [(notice, text)] = await issued_documents(case_id, "evidence_request_notice")
    assert notice.number and "调证字" in notice.number and notice.number in text
    assert "测试当事人：" in text and "2026年1月至3月酸奶进货单据" in text and "本局稽查科" in text
    assert f"于{deadline.isoformat()}（{WEEKDAYS[deadline.weekday()]}）24:00前将下列证据材料提供" in text
    assert "《中华人民共和国行政处罚法》第五十五条" in text and (await case_row(case_id)).case_no in text
    record = await record_of(case_id, "evidence_request")
    assert record.fields["documents"][0]["number"] == notice.number
    # From another unit holding evidence (明山 Art. 12(2): 向有关单位和个人调取).
    await submit(handle, "request_evidence", {**payload, "holder": "泰安市某某批发市场管理处"})
    texts = [text for _, text in await issued_documents(case_id, "evidence_request_notice")]
    assert any("泰安市某某批发市场管理处：" in t and "因调查测试当事人测试案由一案" in t for t in texts)


RECORDING = {
    "method": "video",
    "started_at": "2026-03-02T09:00:00+08:00",
    "ended_at": "2026-03-02T09:25:00+08:00",
    "maker": "张三",
    "proves": "货架上摆放过期酸奶12盒",
    "file_name": "现场检查录像20260302.mp4",
    "sha256": "a" * 64,
}


async def test_recording_note_describes_each_recording_and_cites_the_profile(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env, profile_id="taian-2017")
    audio = {**RECORDING, "method": "audio", "file_name": "询问录音.m4a"}
    error = await refusal(submit(handle, "describe_recordings", {"recordings": [RECORDING, audio]}))
    assert (error.field, error.rule) == ("recordings.1.transcript", "audio_transcript")
    assert error.citation and "泰安市行政执法全过程记录办法》第十八条" in error.citation
    audio["transcript"] = "问：酸奶从何处进货？答：从本市批发市场进货。"
    await submit(handle, "describe_recordings", {"recordings": [RECORDING, audio]})
    [(_, text)] = await issued_documents(case_id, "av_record_note")
    assert "音像记录说明" in text and "测试当事人" in text and (await case_row(case_id)).case_no in text
    assert "录像" in text and "现场检查录像20260302.mp4" in text and "货架上摆放过期酸奶12盒" in text
    assert "从本市批发市场进货" in text and "a" * 32 in text.replace("\n", "")
    assert "2026年3月2日9时00分" in text and "《泰安市行政执法全过程记录办法》第十八条" in text


async def test_recording_note_names_the_place_where_guangdong_asks_for_it(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env, profile_id="guangdong-2018")
    error = await refusal(submit(handle, "describe_recordings", {"recordings": [RECORDING]}))
    assert (error.field, error.rule) == ("recordings.0.place", "recording_place")
    assert error.citation and "广东省行政执法全过程记录办法（试行）》第二十四条" in error.citation
    await submit(handle, "describe_recordings", {"recordings": [{**RECORDING, "place": "某某超市经营场所"}]})
    [(_, text)] = await issued_documents(case_id, "av_record_note")
    assert "取证地点" in text and "某某超市经营场所" in text and "第二十四条" in text


async def test_surcharge_decision_after_the_fine_goes_unpaid(time_env: WorkflowEnvironment) -> None:
    case, case_id = await served_case(time_env)
    snapshot = await wait_for(case, lambda s: s.phase == "performance")
    error = await refusal(submit(case, "issue_surcharge_decision", {}))
    assert error.rule == "step_not_allowed" or error.field == "step"
    payment_due = deadline_of(snapshot, "fine_payment")
    await sleep_past(time_env, payment_due)
    await wait_for(case, lambda s: s.phase == "overdue")
    await submit(case, "issue_surcharge_decision", {})
    [(decision, text)] = await issued_documents(case_id, "surcharge_decision")
    assert decision.number and "加罚字" in decision.number and decision.number in text
    last_day = (payment_due - timedelta(days=1)).date()
    assert "当事人：测试当事人" in text and "罚款人民币1,000.00元（大写：壹仟元整）" in text
    assert f"缴纳期限为{last_day.isoformat()}（{WEEKDAYS[last_day.weekday()]}）24:00前，已届满" in text
    assert "百分之三" in text and "《中华人民共和国行政处罚法》第七十二条" in text and "第四十五条" in text
    assert "泰安市泰山区人民政府" in text and "1606020129200123456" in text
    again = await refusal(submit(case, "issue_surcharge_decision", {}))
    assert again.rule == "surcharge_already_decided"
    # Served on the party like the decision it follows; the receipt names its number.
    service = await wait_for_service(time_env.client, case, "surcharge_decision")
    now = await env_now(time_env)
    await attempt(
        service, "direct", {"place": "当事人住所", "receiver": "测试当事人", "signed_at": now.isoformat()}
    )
    await wait_for(case, lambda s: "surcharge_decision_served" in s.history)
    receipts = [text for _, text in await issued_documents(case_id, "service_receipt")]
    assert any("加处罚款决定书" in text and decision.number in text for text in receipts)


async def test_record_access_decision_issues_the_approval_form(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env, profile_id="taian-2017")
    request = {"requester_name": "刘某", "relation": "agent", "mode": "copy", "purpose": "准备行政复议材料"}
    outcome = await submit(handle, "request_record_access", request)
    assert outcome.task_id
    await decide(handle, outcome.task_id, "approve", "同意复制，限三十日内")
    [(_, text)] = await issued_documents(case_id, "record_access_approval")
    assert "查阅申请审批表" in text and "刘某（委托代理人）" in text and "复制本案全部执法记录" in text
    assert "准备行政复议材料" in text and "同意复制，限三十日内" in text and "测试当事人" in text
    assert "《泰安市行政执法全过程记录办法》第十九条" in text and "第四十七条" in text
    refused_request = await submit(handle, "request_record_access", {**request, "purpose": "了解案情"})
    assert refused_request.task_id
    await decide(handle, refused_request.task_id, "return", "涉及他人隐私，不同意")
    forms = [text for _, text in await issued_documents(case_id, "record_access_approval")]
    assert len(forms) == 2 and any("涉及他人隐私，不同意" in form for form in forms)
