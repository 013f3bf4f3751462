"""Seed rows for :class:`WorkingCalendar` from the ``holidays`` package (China, zh_CN).

The only module of ``rules`` that imports ``holidays``: workflows must never import it.

holidays 0.109 models the State Council notice as (a) statutory holidays and their observed
(补假) days, and (b) ``ChinaStaticHolidays.special_public_holidays``: per year, pairs of
(day off, weekend day that becomes a working day). The weekend working days (调休上班) are
exposed on an instance as ``weekend_workdays``. A year is treated as *published* exactly when the
package has a ``special_public_holidays`` entry for it; for other years it only extrapolates the
statutory holidays, so deadlines crossing them are provisional.
"""

from __future__ import annotations

from collections.abc import Iterable

import holidays
from holidays.countries.china import ChinaStaticHolidays

from casetrail.rules.calendar import CalendarDay, WorkingCalendar


def published_years(years: Iterable[int]) -> frozenset[int]:
    """Years among ``years`` for which the package holds the State Council notice (make-up days)."""
    known = ChinaStaticHolidays.special_public_holidays
    return frozenset(year for year in years if year in known)


def seed_rows(years: Iterable[int]) -> list[CalendarDay]:
    """One row per holiday (non-working) and per make-up working weekend day in ``years``."""
    wanted = sorted(set(years))
    china = holidays.China(years=wanted, language="zh_CN")
    rows = [CalendarDay(day=day, is_working=False, note=name) for day, name in china.items()]
    # weekend_workdays also holds make-up days of other years carried by a neighbouring notice.
    rows += [
        CalendarDay(day=day, is_working=True, note="调休上班")
        for day in china.weekend_workdays
        if day.year in wanted
    ]
    return sorted(rows, key=lambda row: row.day)


def seed_calendar(years: Iterable[int]) -> WorkingCalendar:
    wanted = list(years)
    return WorkingCalendar(seed_rows(wanted), published_years(wanted))
