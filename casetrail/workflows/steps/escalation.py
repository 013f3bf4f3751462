"""Marking a deadline overdue and escalating it to the leader: one record, one flag, in one step; and
lifting a flag once what it records is remedied, again as a record of its own."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

from casetrail.roles import Role
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.types import RecordDraft


async def mark_overdue(
    ctx: CaseContext,
    key: str,
    *,
    flag: str,
    title: str | None = None,
    fields: dict[str, Any] | None = None,
    escalate_to: Role = Role.leader,
    phase: Phase | None = None,
    name: str | None = None,
) -> None:
    """The timer ``key`` ran out: write the overdue record addressed to ``escalate_to`` and set ``flag``
    (and move the case to ``phase`` where the procedure changes with it, e.g. unpaid fines)."""
    timer = ctx.state.timers[key]
    await ctx.apply(
        name or flag,
        action="deadline.overdue",
        record=RecordDraft(
            kind="deadline_overdue",
            title=title or f"期限已届满：{timer.label}",
            fields={
                "deadline": timer.label,
                "due_at": timer.due_at.isoformat(),
                "marked_at": ctx.now().isoformat(),
                "escalated_to": escalate_to,
                "open_tasks": [task.title for task in ctx.state.tasks.values()],
                **(fields or {}),
            },
            citation=timer.citation,
        ),
        deadlines=[ctx.clear_timer(key, status=DeadlineStatus.overdue)],
        flags=[flag],
        phase=phase,
        detail={"deadline": key, "escalated_to": escalate_to},
    )


async def lift_flag(
    ctx: CaseContext, flag: str, *, title: str, reason: str, citation: str | None, patch: str
) -> None:
    """What ``flag`` (read as ``title``) records was remedied for the reason given: lift it, written as
    its own entry of the case's record. ``patch`` guards the new step for cases from before it."""
    if flag not in ctx.state.flags or not workflow.patched(patch):
        return
    await ctx.apply(
        "flag_cleared",
        action="case.flag_cleared",
        record=RecordDraft(
            kind="flag_cleared",
            title=f"解除标记：{title}",
            fields={"解除的标记": title, "解除原因": reason},
            citation=citation,
        ),
        clear_flags=[flag],
        detail={"flag": flag},
    )
