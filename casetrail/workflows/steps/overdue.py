"""A statutory deadline that passed: the record says which, and the case carries the mark."""

from __future__ import annotations

from typing import Any

from casetrail.workflows.context import CaseContext
from casetrail.workflows.types import RecordDraft


async def mark_overdue(ctx: CaseContext, key: str, *, flag: str, phase: str | None = None) -> None:
    timer = ctx.state.timers[key]
    fields: dict[str, Any] = {"deadline": timer.label, "due_at": timer.due_at.isoformat()}
    await ctx.apply(
        f"{key}_overdue",
        action="deadline.overdue",
        record=RecordDraft(
            kind="deadline_overdue",
            title=f"期限已届满：{timer.label}",
            fields=fields,
            citation=timer.citation,
        ),
        deadlines=[ctx.clear_timer(key, status="overdue")],
        flags=[flag],
        phase=phase,
    )
