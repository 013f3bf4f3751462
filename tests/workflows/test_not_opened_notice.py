"""新乡镇 Art. 7(2): a case not opened records how the party was told or the public informed."""

from __future__ import annotations

from temporalio.testing import WorkflowEnvironment

from casetrail.workflows.case_workflow import CaseWorkflow

from .conftest import TIME_SKIPPING_QUEUE
from .factory import decide, first_open_task, record_of, refusal, start_case, submit, wait_for

XINXIANG = "《重庆市万州区新乡镇行政执法全过程记录制度》"


async def test_xinxiang_records_how_the_party_was_told_of_no_case(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await start_case(
        time_env.client, TIME_SKIPPING_QUEUE, profile_id="wanzhou-xinxiang-2024"
    )
    await decide(handle, await first_open_task(handle), "return", "证据不足，不予立案")
    snapshot = await wait_for(handle, lambda s: s.phase == "not_opened_notice")
    assert "record_not_opened_notice" in snapshot.allowed_steps
    notice = {
        "audience": "party",
        "method": "书面告知",
        "told_at": "2026-01-05T10:00:00",
        "content": "不予立案",
    }
    future = await refusal(
        submit(handle, "record_not_opened_notice", notice | {"told_at": "2099-01-05T10:00:00"})
    )
    assert (future.field, future.rule) == ("told_at", "not_in_future")
    await submit(handle, "record_not_opened_notice", notice)
    assert (await handle.query(CaseWorkflow.snapshot)).phase == "ended"
    record = await record_of(case_id, "not_opened_notice")
    assert record.citation == f"{XINXIANG}第七条第二款" and record.fields["method"] == "书面告知"
    assert record.fields["audience_zh"] == "告知当事人"


async def test_taian_ends_at_once_when_not_filed(time_env: WorkflowEnvironment) -> None:
    handle, _ = await start_case(time_env.client, TIME_SKIPPING_QUEUE, profile_id="taian-2017")
    await decide(handle, await first_open_task(handle), "return", "不予立案")
    await wait_for(handle, lambda s: s.phase == "ended")
