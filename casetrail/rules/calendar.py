"""Working-day calendar (工作日历): which days are working days, as data an agency can correct.

Built from explicit rows (one per day that differs from the weekday rule, e.g. a holiday on a
weekday or a make-up working Saturday, 调休上班) and the set of years whose State Council holiday
notice has been entered (``published_years``). Days without a row follow the weekday rule:
Monday to Friday work, Saturday and Sunday rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict

_WEEKDAY_ZH = "一二三四五六日"


class CalendarDay(BaseModel):
    """One row of the calendar: a day whose status differs from (or confirms) the weekday rule."""

    model_config = ConfigDict(frozen=True)

    day: date
    is_working: bool
    note: str


def weekday_zh(day: date) -> str:
    return f"周{_WEEKDAY_ZH[day.weekday()]}"


class WorkingCalendar:
    """Immutable lookup of working days; years not in ``published_years`` are provisional."""

    __slots__ = ("_rows", "published_years")

    def __init__(self, rows: Iterable[CalendarDay], published_years: Iterable[int]) -> None:
        by_day: dict[date, CalendarDay] = {}
        for row in rows:
            by_day[row.day] = row  # a later row (an agency's correction) replaces an earlier one
        self._rows: Mapping[date, CalendarDay] = MappingProxyType(by_day)
        self.published_years: frozenset[int] = frozenset(published_years)

    def is_working_day(self, day: date) -> bool:
        row = self._rows.get(day)
        if row is not None:
            return row.is_working
        return day.weekday() < 5

    def is_published(self, year: int) -> bool:
        return year in self.published_years

    def describe(self, day: date) -> str:
        """Why the day is (not) a working day, in Chinese: ``2026-10-05（周一，国庆节（补假））``."""
        row = self._rows.get(day)
        if row is not None:
            reason = row.note
        elif day.weekday() < 5:
            reason = "工作日"
        else:
            reason = "休息日"
        return f"{day.isoformat()}（{weekday_zh(day)}，{reason}）"

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def rows(self) -> list[CalendarDay]:
        return sorted(self._rows.values(), key=lambda row: row.day)
