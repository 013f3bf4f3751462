"""Whether a day is a working day, by the agency-corrected calendar in the database (工作日历)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from temporalio import activity

from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction


@dataclass
class WorkingDay:
    day: str
    is_working: bool
    description: str  # e.g. 2026-10-05（周一，国庆节（补假））


@activity.defn
async def describe_day(day: str) -> WorkingDay:
    """``day`` is an ISO date; the answer is recorded in history, so replay never re-reads the calendar."""
    async with transaction() as session:
        calendar = await load_calendar(session)
    parsed = date.fromisoformat(day)
    return WorkingDay(day, calendar.is_working_day(parsed), calendar.describe(parsed))


ALL = [describe_day]
