"""Marking a deadline overdue and escalating it to the leader: one record, one flag, in one step."""

from __future__ import annotations

from typing import Any

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
