"""Recomputing a case's deadlines when the working-day calendar changes (期限重新计算).

A deadline that crosses a year whose State Council holiday notice is not yet entered is
provisional (STATUTES §1); when the notice (or any correction) arrives, every timer computed from
a period is computed again from its stored start, period and pauses, with the calendar read fresh
from the database. Only the timers whose end or provisional flag changed are moved and written.
"""

from __future__ import annotations

from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError

from . import procedure
from .context import CaseContext
from .state import Timer
from .steps.av_clocks import recompute_av_duties
from .types import CalendarChanged, DeadlineDraft

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.periods import Pause, Period


async def recompute_deadlines(ctx: CaseContext, change: CalendarChanged) -> None:
    moved: list[dict[str, Any]] = []
    drafts: list[DeadlineDraft] = []
    for timer in list(ctx.state.timers.values()):
        if timer.start is None or timer.period is None:
            continue  # set directly, not computed from a period: nothing to recompute
        try:
            computed = await ctx.compute(
                Period.model_validate(timer.period),
                start=timer.start,
                pauses=[Pause.model_validate(p) for p in timer.pauses],
                fresh=True,
            )
        except ActivityError:
            # The inputs computed once already; failing here must not fail the whole case.
            workflow.logger.exception("recomputing deadline %s failed; it keeps its due date", timer.key)
            continue
        if computed.end == timer.due_at and computed.provisional == timer.provisional:
            continue
        moved.append(_moved(timer, computed.end.isoformat(), computed.last_day, computed.provisional))
        drafts.append(ctx.move_timer(timer.key, due_at=computed.end, provisional=computed.provisional))
        if follower := procedure.FOLLOWERS.get(timer.key):
            follower(ctx)
    # AV storage deadlines are computed from the profile's rule, not a stored period: their own pass.
    av = await recompute_av_duties(ctx)
    drafts += av.deadlines
    moved += av.moved
    if drafts:
        await ctx.apply(
            "deadlines_recomputed",
            action="deadline.recomputed",
            deadlines=drafts,
            av_moved=av.obligations,
            detail={"calendar_change_id": change.change_id, "reason": change.summary, "moved": moved},
        )


def _moved(timer: Timer, due_at: str, last_day: str, provisional: bool) -> dict[str, Any]:
    return {
        "key": timer.key,
        "label": timer.label,
        "from": timer.due_at.isoformat(),
        "from_provisional": timer.provisional,
        "to": due_at,
        "last_day": last_day,
        "provisional": provisional,
    }
