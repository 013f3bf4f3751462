"""The 2026 calendar against 国务院办公厅关于2026年部分节假日安排的通知."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casetrail.rules.calendar import CalendarDay, WorkingCalendar
from casetrail.rules.calendar_seed import published_years, seed_rows

# Each holiday block of the 2026 notice: (first day off, last day off, make-up working days).
HOLIDAYS_2026 = [
    ("元旦", date(2026, 1, 1), date(2026, 1, 3), [date(2026, 1, 4)]),
    ("春节", date(2026, 2, 15), date(2026, 2, 23), [date(2026, 2, 14), date(2026, 2, 28)]),
    ("清明节", date(2026, 4, 4), date(2026, 4, 6), []),
    ("劳动节", date(2026, 5, 1), date(2026, 5, 5), [date(2026, 5, 9)]),
    ("端午节", date(2026, 6, 19), date(2026, 6, 21), []),
    ("中秋节", date(2026, 9, 25), date(2026, 9, 27), []),
    ("国庆节", date(2026, 10, 1), date(2026, 10, 7), [date(2026, 10, 10), date(2026, 9, 20)]),
]


@pytest.mark.parametrize(("name", "first", "last", "make_up"), HOLIDAYS_2026)
def test_2026_holiday_blocks(
    calendar: WorkingCalendar, name: str, first: date, last: date, make_up: list[date]
) -> None:
    day = first
    while day <= last:
        assert not calendar.is_working_day(day), f"{name}: {day} should be off"
        day += timedelta(days=1)
    assert calendar.is_working_day(first - timedelta(days=1)) or (first - timedelta(days=1)).weekday() >= 5
    for day in make_up:
        assert day.weekday() >= 5, "make-up days are weekend days"
        assert calendar.is_working_day(day), f"{name}: make-up day {day} should be working"


def test_2026_non_working_day_count(calendar: WorkingCalendar) -> None:
    """261 weekdays - 19 weekdays off + 6 make-up weekend days = 248 working days in 2026."""
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    assert sum(calendar.is_working_day(d) for d in days) == 248


def test_published_years_are_those_with_a_notice() -> None:
    assert published_years(range(2024, 2029)) == frozenset({2024, 2025, 2026})


def test_unpublished_year_has_statutory_holidays_but_no_make_up_days() -> None:
    rows_2027 = seed_rows([2027])
    assert any(r.day == date(2027, 10, 1) and not r.is_working for r in rows_2027)
    assert not [r for r in rows_2027 if r.is_working]


def test_weekday_rule_and_agency_override() -> None:
    base = WorkingCalendar([], published_years=[2030])
    assert base.is_working_day(date(2030, 1, 4))  # Friday
    assert not base.is_working_day(date(2030, 1, 5))  # Saturday
    corrected = WorkingCalendar(
        [
            CalendarDay(day=date(2030, 1, 4), is_working=True, note="x"),
            CalendarDay(day=date(2030, 1, 4), is_working=False, note="机关更正：放假"),
        ],
        published_years=[2030],
    )
    assert not corrected.is_working_day(date(2030, 1, 4))
    assert "机关更正" in corrected.describe(date(2030, 1, 4))
    assert corrected.next_working_day(date(2030, 1, 4)) == date(2030, 1, 7)
