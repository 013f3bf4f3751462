"""The window to apply to the court for enforcement (强制法 Art. 53-54), computed by the deadline activity.

It closes 3 months after the review and lawsuit periods end, both counted from the decision's service;
it opens once those periods have ended and 10 working days after the reminder (催告书) was served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from temporalio import workflow

from casetrail.workflows.context import CaseContext
from casetrail.workflows.records import CourtWindow
from casetrail.workflows.types import DeadlineDraft

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.legal_time import day_start

COURT_WINDOW_TIMER = "court_application_window"


@dataclass(frozen=True)
class _RemedyPeriods:
    remedy_periods_end: datetime
    review_last_day: str
    lawsuit_last_day: str
    closes_at: datetime
    lawsuit_explanation: list[str]
    window_explanation: list[str]


async def arm_court_window(ctx: CaseContext) -> DeadlineDraft:
    """强制法 Art. 53: the 3 months to apply to the court close 3 months after the review (60 days) and
    lawsuit (6 months) periods end, both counted from the decision's service. Armed when the decision is
    served, so the window runs whether or not anyone sends the reminder."""
    remedies = await _remedy_periods(ctx)
    return ctx.set_timer(
        COURT_WINDOW_TIMER,
        label="申请人民法院强制执行（三个月）",
        due_at=remedies.closes_at,
        citation=str(law.COERCION_53),
        on_expiry="court_application_window_passed",
    )


async def _remedy_periods(ctx: CaseContext) -> _RemedyPeriods:
    """When review (60 days, 复议法 Art. 20) and lawsuit (6 months, 行政诉讼法 Art. 46) end, counted from
    the decision's service, and when the 3 months after them close (强制法 Art. 53)."""
    known_at = ctx.state.milestones.decision_served_at
    assert known_at is not None, "the court window follows the decision's service"
    review = await ctx.compute(national_deadlines.REVIEW_APPLICATION, start=known_at)
    lawsuit = await ctx.compute(national_deadlines.LAWSUIT, start=known_at)
    remedies_end = max(review, lawsuit, key=lambda d: d.end)
    # "自期限届满之日起三个月内": counted from the last day of the review/lawsuit periods.
    window = await ctx.compute(
        national_deadlines.COURT_APPLICATION_WINDOW,
        start=day_start(date.fromisoformat(remedies_end.last_day)),
    )
    return _RemedyPeriods(
        remedy_periods_end=remedies_end.end,
        review_last_day=review.last_day,
        lawsuit_last_day=lawsuit.last_day,
        closes_at=window.end,
        lawsuit_explanation=list(lawsuit.explanation),
        window_explanation=list(window.explanation),
    )


async def court_application_window(ctx: CaseContext, reminder_served_at: datetime) -> CourtWindow:
    """When the agency may apply to the court (强制法 Art. 53-54): once the review and lawsuit periods
    have ended and 10 working days after the reminder was served; closes 3 months after those periods."""
    remedies = await _remedy_periods(ctx)
    after_reminder = await ctx.compute(
        national_deadlines.COURT_APPLICATION_AFTER_REMINDER, start=reminder_served_at
    )
    return CourtWindow(
        remedy_periods_end=remedies.remedy_periods_end,
        review_last_day=remedies.review_last_day,
        lawsuit_last_day=remedies.lawsuit_last_day,
        after_reminder_end=after_reminder.end,
        opens_at=max(remedies.remedy_periods_end, after_reminder.end),
        closes_at=remedies.closes_at,
        explanation=[
            *remedies.lawsuit_explanation,
            *after_reminder.explanation,
            *remedies.window_explanation,
        ],
    )
