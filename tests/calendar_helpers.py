"""Calendar set-up shared by the calendar tests (real rows in the session's PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from casetrail.rules.legal_time import SHANGHAI
from casetrail.services.calendar import invalidate_cache
from casetrail.services.calendar_admin import HolidayNotice, NoticeDay
from casetrail.store.db import transaction
from casetrail.store.models import CalendarDayRow, CalendarYear


async def mark_unpublished(year: int) -> None:
    """The state before the State Council notice of ``year`` is entered (as for 2027 in late 2026)."""
    async with transaction() as session:
        await session.execute(update(CalendarYear).where(CalendarYear.year == year).values(published=False))
    invalidate_cache()


def last_day_of(due_at: datetime) -> date:
    """``due_at`` is 24:00 (UTC+8) of the period's last day."""
    return (due_at.astimezone(SHANGHAI) - timedelta(microseconds=1)).date()


async def notice_making_holiday(day: date) -> HolidayNotice:
    """A notice for ``day``'s year: the holidays already known, plus ``day`` as a day off."""
    async with transaction() as session:
        rows = (
            await session.execute(
                select(CalendarDayRow).where(
                    CalendarDayRow.day.between(date(day.year, 1, 1), date(day.year, 12, 31))
                )
            )
        ).scalars()
        known = [(r.day, r.is_working, r.note) for r in rows]
    holidays = [NoticeDay(day=d, note=note) for d, working, note in known if not working and d != day]
    workdays = [NoticeDay(day=d, note=note) for d, working, note in known if working and d.weekday() >= 5]
    return HolidayNotice(
        notice=f"国办发明电〔{day.year - 1}〕测试号",
        holidays=[*holidays, NoticeDay(day=day, note="测试放假")],
        workdays=[w for w in workdays if w.day != day],
    )


async def mark_published(year: int) -> None:
    """Undo ``mark_unpublished`` for a year a test did not enter a notice for."""
    async with transaction() as session:
        await session.execute(update(CalendarYear).where(CalendarYear.year == year).values(published=True))
    invalidate_cache()
