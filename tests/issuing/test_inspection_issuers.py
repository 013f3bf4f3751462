"""A routine inspection (行政检查) issues its documents on the workflow, through the case's machinery: the
现场检查笔录 (处罚法 Art. 55), the 责令限期改正指令书 with its 送达回证 (处罚法 Art. 28; 民诉法 Art. 87-88),
and the 整改复查意见书 citing the profile's article (明山 Art. 28); the correction deadline is a durable
timer that flags the check as due; the inspection then ends 已办结, not 已终止."""

from __future__ import annotations

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from casetrail.rules.deadline_text import deadline_text
from casetrail.workflows.phases import Phase
from tests.workflows.conftest import TIME_SKIPPING_QUEUE
from tests.workflows.factory import (
    INSPECTION,
    deadline_of,
    env_now,
    issued_documents,
    officer_ids,
    on_site,
    record_of,
    refusal,
    sleep_past,
    start_case,
    submit,
    wait_for,
)

PLAN = {"plan": "planned", "target": "测试当事人", "matters": "危险化学品储存场所安全检查"}


async def test_a_mingshan_inspection_issues_record_order_and_check_then_is_closed(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await start_case(
        time_env.client,
        TIME_SKIPPING_QUEUE,
        start_type="inspection",
        intake=PLAN,
        profile_id="mingshan-emergency",
    )
    await wait_for(handle, lambda s: s.phase == "inspecting")
    officers = await officer_ids()
    # Two officers, named as inspecting (处罚法 Art. 42), not as investigating.
    alone = await refusal(
        submit(handle, "record_site_inspection", on_site(officers[:1], findings="x", violation_found=True))
    )
    assert alone.rule == "two_officers" and alone.message.startswith("实施行政检查的执法人员不得少于两人")
    site = on_site(
        officers,
        **(INSPECTION | {"findings": "储存间未设置可燃气体报警装置"}),
        violation_found=True,
        av_recorded=True,
    )
    await submit(handle, "record_site_inspection", site)
    [(_, record)] = await issued_documents(case_id, "inspection_record")
    start = await record_of(case_id, "inspection_plan")
    case_no = start.fields["case_no"]
    assert case_no in record  # the inspection's own number (检字 where the API opened it)
    assert "储存间未设置可燃气体报警装置" in record and "签名：刘某" in record and "第五十五条" in record

    today = (await env_now(time_env)).date()
    correct_by = today + timedelta(days=20)
    await submit(
        handle,
        "order_correction",
        {
            "problems": "储存间未设置可燃气体报警装置",
            "legal_basis": "《中华人民共和国安全生产法》第三十六条",
            "correct_by": correct_by.isoformat(),
            "served_on": today.isoformat(),
            "receiver": "刘某",
        },
    )
    [(order, text)] = await issued_documents(case_id, "correction_order")
    assert order.number and "责改字" in order.number and order.number in text
    assert case_no in text and "测试当事人" in text and deadline_text(correct_by) in text
    assert "《中华人民共和国行政处罚法》第二十八条" in text
    [(_, receipt)] = await issued_documents(case_id, "service_receipt")
    assert order.number in receipt and "刘某" in receipt

    snapshot = await wait_for(handle, lambda s: s.phase == "correcting")
    await sleep_past(time_env, deadline_of(snapshot, "correction_deadline"))
    await wait_for(handle, lambda s: "correction_check_due" in s.flags)
    checked_at = await env_now(time_env)
    await submit(
        handle,
        "record_reinspection",
        on_site(
            officers,
            corrected="corrected",
            details="已安装可燃气体报警装置并联动排风",
            checked_at=checked_at.isoformat(),
            av_recorded=True,
            signed_by="刘某",
        ),
    )
    [(_, check)] = await issued_documents(case_id, "reinspection_opinion")
    assert order.number in check and "已改正" in check and "已安装可燃气体报警装置并联动排风" in check
    assert "明山区应急管理局行政执法全过程记录制度》第二十八条" in check

    closed = await submit(handle, "close_inspection", {"conclusion": "已按期改正"})
    assert closed.phase == Phase.inspection_closed and Phase(closed.phase).title == "已办结"
