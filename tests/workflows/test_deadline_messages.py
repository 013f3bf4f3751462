"""What a step answers and what it refuses with name a deadline's last day (issue 17): a day-counted
period is stored as 00:00 after its last day, and ``due_at.date()`` printed that next day."""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio.testing import WorkflowEnvironment

from .decision_steps import (
    case_in_investigation,
    deadline,
    fine,
    notice,
    proposal,
    refused,
    report,
    workflow_today,
)
from .factory import CST, PRESERVATION, deadlines, decide, filed_case, officer_ids, on_site, submit

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def by_hand(due: datetime) -> tuple[str, str]:
    """The text for a day-counted end, and the day after the last day that must not be named."""
    local = due.astimezone(CST)
    assert local.hour == local.minute == 0, "a day-counted period ends at 24:00 of its last day"
    last = (local - timedelta(days=1)).date()
    return f"{last.isoformat()}（{WEEKDAYS[last.weekday()]}）24:00前", local.date().isoformat()


async def test_preservation_approval_names_the_decision_deadlines_last_day(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env)
    task = (
        await submit(handle, "request_evidence_preservation", on_site(await officer_ids(), **PRESERVATION))
    ).task_id
    assert task
    answer = await decide(handle, task)
    shown, day_after = by_hand((await deadlines(case_id))["evidence_preservation-1"].due_at)
    assert f"应于{shown}作出处理决定" in answer.message, answer.message  # 7 working days, 处罚法 Art. 56
    assert day_after not in answer.message


async def test_rights_window_is_quoted_by_its_last_day(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(fine(5000)))
    answer = await submit(handle, "notify_rights", notice(fine(5000), await workflow_today(time_env)))
    shown, day_after = by_hand((await deadline(case_id, "rights_window")).due_at)
    assert shown in answer.message and day_after not in answer.message, answer.message
    error = await refused(handle, "propose_decision", proposal(fine(5000)))
    assert error.rule == "rights_window_open"
    assert shown in error.message and day_after not in error.message, error.message
