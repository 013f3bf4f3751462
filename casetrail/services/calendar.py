"""The working-day calendar in PostgreSQL: seeded from `holidays`, corrected by admins."""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.rules.calendar import CalendarDay, WorkingCalendar
from casetrail.store.models import CalendarDayRow, CalendarYear

SEED_YEARS = range(2020, 2031)
# Deadlines are computed often; the calendar changes a few times a year.
CACHE_SECONDS = 30.0
_cache: tuple[float, WorkingCalendar] | None = None


async def seed_calendar(session: AsyncSession, *, years: range = SEED_YEARS) -> int:
    """Insert the package's rows for ``years``; rows an admin entered are never overwritten."""
    from casetrail.rules import calendar_seed  # imports `holidays`: keep it out of workflow imports

    rows = calendar_seed.seed_rows(years)
    if rows:
        await session.execute(
            insert(CalendarDayRow)
            .values(
                [
                    {"day": r.day, "is_working": r.is_working, "note": r.note[:100], "source": "seed"}
                    for r in rows
                ]
            )
            .on_conflict_do_nothing(index_elements=[CalendarDayRow.day])
        )
    published = calendar_seed.published_years(years)
    await session.execute(
        insert(CalendarYear)
        .values([{"year": y, "published": y in published} for y in years])
        .on_conflict_do_nothing(index_elements=[CalendarYear.year])
    )
    invalidate_cache()
    return len(rows)


async def load_calendar(session: AsyncSession, *, use_cache: bool = True) -> WorkingCalendar:
    global _cache
    if use_cache and _cache is not None and time.monotonic() - _cache[0] < CACHE_SECONDS:
        return _cache[1]
    rows = (await session.execute(select(CalendarDayRow))).scalars()
    years = (await session.execute(select(CalendarYear.year).where(CalendarYear.published))).scalars()
    calendar = WorkingCalendar(
        [CalendarDay(day=r.day, is_working=r.is_working, note=r.note) for r in rows], list(years)
    )
    _cache = (time.monotonic(), calendar)
    return calendar


def invalidate_cache() -> None:
    global _cache
    _cache = None
