"""AV storage clocks as the case's calendar and its end move them (音像记录存储时限).

A duty's storage deadline crossing into a year whose holiday notice is not entered is provisional; the
calendar-change signal computes it again from the duty's kept start. When the procedure ends with a
storage check still running, a recording already stored met its deadline; the rest are cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError

from casetrail.statuses import DeadlineStatus
from casetrail.workflows.context import CaseContext, short_activity
from casetrail.workflows.types import AvStorageMoved, DeadlineDraft

from .av_duties import AV_STORAGE_CHECK, REMINDER_LEAD, TIMER_PREFIX

with workflow.unsafe.imports_passed_through():
    from casetrail.activities.av_duties import (
        AvStatusQuery,
        AvStorageQuery,
        av_obligation_status,
        compute_av_storage_deadline,
    )


# Storage deadlines that cross into a year whose holiday notice is not entered are provisional; after
# this patch the calendar-change signal computes them again, like the deadlines computed from a period.
AV_RECOMPUTE_PATCH = "av-storage-deadlines-recomputed"


@dataclass
class AvRecomputed:
    """The storage deadlines a calendar change moved: their drafts, audit entries and obligation rows."""

    deadlines: list[DeadlineDraft] = field(default_factory=list)
    moved: list[dict[str, Any]] = field(default_factory=list)
    obligations: list[AvStorageMoved] = field(default_factory=list)


async def recompute_av_duties(ctx: CaseContext) -> AvRecomputed:
    """Compute every open duty's storage deadline again from its kept start, with the calendar read fresh,
    and move the timers whose end or provisional flag changed (the reminder still comes before the end)."""
    result = AvRecomputed()
    duties = [
        d
        for d in ctx.state.av_duties.values()
        if d.status == DeadlineStatus.open
        and d.recording_ended_at is not None
        and TIMER_PREFIX + d.key in ctx.state.timers
    ]
    if not duties or not workflow.patched(AV_RECOMPUTE_PATCH):
        return result
    start = ctx.state.start
    for duty in duties:
        assert duty.recording_ended_at is not None
        query = AvStorageQuery(
            start.profile_id, start.profile_version, duty.recording_ended_at, duty.returned_at, fresh=True
        )
        try:
            due = await short_activity(compute_av_storage_deadline, query)
        except ActivityError:
            # It computed once already; failing here must not fail the whole case.
            workflow.logger.exception("recomputing AV storage deadline %s failed; it keeps it", duty.key)
            continue
        timer = ctx.state.timers[TIMER_PREFIX + duty.key]
        if due is None or (due.end == timer.legal_due_at and due.provisional == timer.provisional):
            continue
        result.moved.append(
            {
                "key": timer.key,
                "label": timer.label,
                "from": timer.legal_due_at.isoformat(),
                "from_provisional": timer.provisional,
                "to": due.end.isoformat(),
                "last_day": due.last_day,
                "provisional": due.provisional,
            }
        )
        # Before its reminder the timer wakes early; once reminded it wakes at the deadline.
        reminded = timer.deadline_at is None
        duty.due_at = due.end
        result.deadlines.append(
            ctx.set_timer(
                timer.key,
                label=timer.label,
                due_at=due.end,
                wake_at=None if reminded else max(due.end - REMINDER_LEAD, ctx.now()),
                citation=timer.citation,
                on_expiry=timer.on_expiry,
                provisional=due.provisional,
            )
        )
        result.obligations.append(AvStorageMoved(duty.key, due.end))
    return result


# Before this patch a workflow that ended with a storage check still running (an inspection closed
# the day of its recording) marked the duty cancelled even when the recording was already stored.
AV_MET_AT_END_PATCH = "av-duty-met-when-the-workflow-ends"


async def stored_at_end(ctx: CaseContext) -> set[str]:
    """The timer keys of the open duties whose recording is already stored, as the workflow ends with
    their checks still running: met (their deadline was kept), not cancelled. Each is marked met."""
    keys = [key for key, timer in ctx.state.timers.items() if timer.on_expiry == AV_STORAGE_CHECK]
    if not keys or not workflow.patched(AV_MET_AT_END_PATCH):
        return set()
    stored = set()
    for key in keys:
        duty = ctx.state.av_duties[key.removeprefix(TIMER_PREFIX)]
        status = await short_activity(av_obligation_status, AvStatusQuery(ctx.state.start.case_id, duty.key))
        if status == "fulfilled":
            duty.status = DeadlineStatus.met
            stored.add(key)
    return stored


async def end_running_clocks(ctx: CaseContext) -> list[DeadlineDraft | None]:
    """The procedure ends with clocks still running: each is cancelled (nobody is left to keep it),
    but for a recording already stored, whose storage deadline was met."""
    stored = await stored_at_end(ctx)
    return [
        ctx.clear_timer(key, status=DeadlineStatus.met if key in stored else DeadlineStatus.cancelled)
        for key in list(ctx.state.timers)
    ]
