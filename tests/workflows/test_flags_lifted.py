"""A mark says something is still to be done; once it is done, the mark is lifted, recorded as its own
entry (the case lists and the case page show marks by title). Here the correction check (复查): the time
to correct ran out, the case is marked "改正期限届满待复查" (处罚法 Art. 28; 明山 Art. 28), and the check
clears it. The hearing notice's mark is covered in test_notice_waiver_and_reservice.py."""

from __future__ import annotations

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from casetrail.rules import national_citations as law

from .factory import (
    case_row,
    env_now,
    inspection_on_site,
    officer_ids,
    on_site,
    records,
    sleep_past,
    step,
    wait_for,
)


async def test_the_correction_check_lifts_the_mark_that_it_is_due(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await inspection_on_site(time_env, findings="冷藏柜温度超标", violation_found=True)
    officers = await officer_ids()
    today = (await env_now(time_env)).date()
    order = {
        "problems": "冷藏设施温度不符合要求",
        "legal_basis": "《中华人民共和国食品安全法》第五十四条",
        "correct_by": (today + timedelta(days=2)).isoformat(),
        "served_on": today.isoformat(),
    }
    await step(handle, "order_correction", order)
    await sleep_past(time_env, await env_now(time_env) + timedelta(days=3))
    due = await wait_for(handle, lambda s: "correction_check_due" in s.flags)
    assert due.phase == "correcting"

    checked_at = await env_now(time_env)
    check = on_site(
        officers,
        corrected="corrected",
        details="冷藏柜已维修",
        checked_at=checked_at.isoformat(),
        av_recorded=True,
    )
    await step(handle, "record_reinspection", check)
    lifted = await wait_for(handle, lambda s: "flag_cleared" in s.history)
    assert "correction_check_due" not in lifted.flags
    assert "correction_check_due" not in (await case_row(case_id)).flags
    [entry] = [r for r in await records(case_id) if r.kind == "flag_cleared"]
    assert entry.title == "解除标记：改正期限届满待复查"
    assert entry.fields["解除原因"] == f"已于{checked_at.date().isoformat()}复查（已改正）"
    assert entry.citation == str(law.PENALTY_28)
