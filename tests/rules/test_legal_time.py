from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from casetrail.errors import InvalidInput
from casetrail.rules import national_citations as law
from casetrail.rules.calendar import WorkingCalendar
from casetrail.rules.legal_time import SHANGHAI, add_months, explain_deadline
from casetrail.rules.periods import (
    Pause,
    Period,
    calendar_days,
    coercion_law_days,
    hours,
    months,
    penalty_law_days,
    working_days,
)

CITE = law.PENALTY_60


def at(day: str, clock: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("start", "period", "last_day"),
    [
        # STATUTES §1 examples.
        ("2026-09-20", calendar_days(15, CITE), "2026-10-08"),
        ("2026-09-30", working_days(5, CITE), "2026-10-13"),
        # Spring Festival: off 02-15..02-23; Saturdays 02-14 and 02-28 are working days.
        ("2026-02-13", working_days(1, CITE), "2026-02-14"),
        ("2026-02-13", working_days(2, CITE), "2026-02-24"),
        ("2026-02-24", working_days(3, CITE), "2026-02-27"),
        ("2026-02-24", working_days(4, CITE), "2026-02-28"),
        ("2026-02-24", working_days(5, CITE), "2026-03-02"),
        ("2026-02-10", calendar_days(7, CITE), "2026-02-24"),  # 02-17 is 春节 -> first working day
        ("2026-02-07", calendar_days(7, CITE), "2026-02-14"),  # a make-up Saturday is a working day
        ("2026-02-14", calendar_days(14, CITE), "2026-02-28"),  # ends on the make-up Saturday
        # Qingming: off 04-04..04-06.
        ("2026-04-02", working_days(2, CITE), "2026-04-07"),
        ("2026-03-20", calendar_days(15, CITE), "2026-04-07"),
        # May Day: off 05-01..05-05; 05-09 Saturday works.
        ("2026-04-30", working_days(3, CITE), "2026-05-08"),
        ("2026-04-30", working_days(4, CITE), "2026-05-09"),
        ("2026-04-20", calendar_days(15, CITE), "2026-05-06"),
        # National Day: off 10-01..10-07; 09-20 Sunday and 10-10 Saturday work.
        ("2026-09-18", working_days(1, CITE), "2026-09-20"),
        ("2026-09-30", working_days(3, CITE), "2026-10-10"),
        ("2026-09-26", calendar_days(7, CITE), "2026-10-08"),
        ("2026-10-03", calendar_days(7, CITE), "2026-10-10"),  # ends on the make-up Saturday
        # Ordinary weekends roll forward for calendar days, not for working days.
        ("2026-03-06", calendar_days(15, CITE), "2026-03-23"),  # 03-21 Saturday -> Monday
        ("2026-03-06", working_days(7, CITE), "2026-03-17"),
        # Months (民法典 Art. 202): corresponding day, or month end.
        ("2026-01-31", months(1, CITE), "2026-02-28"),  # month end, a make-up working Saturday
        ("2026-03-31", months(2, CITE), "2026-06-01"),  # 05-31 is Sunday -> Monday
        ("2028-01-31", months(1, CITE), "2028-02-29"),  # leap year, Tuesday
        ("2026-03-31", months(1, CITE), "2026-04-30"),
        ("2026-08-31", months(6, CITE), "2027-03-01"),  # 2027-02-28 is Sunday
        ("2026-01-15", months(3, CITE), "2026-04-15"),
        ("2026-04-01", months(6, CITE), "2026-10-08"),  # 10-01 National Day -> 10-08
    ],
)
def test_last_day(calendar: WorkingCalendar, start: str, period: Period, last_day: str) -> None:
    result = explain_deadline(at(start), period, calendar)
    assert result.last_day == date.fromisoformat(last_day)
    # The end is 24:00 of the last day, i.e. 00:00 of the next day, UTC+8.
    assert result.end == datetime.combine(result.last_day + timedelta(days=1), datetime.min.time(), SHANGHAI)


def test_statutes_example_explains_why(calendar: WorkingCalendar) -> None:
    result = explain_deadline(at("2026-09-30"), penalty_law_days(5, law.PENALTY_64_1), calendar)
    assert result.period.unit == "working_days"
    assert result.counting_rule.startswith("5个工作日，起算日不计入")
    assert law.PENALTY_85 in result.citations and law.CIVIL_PROCEDURE_85 in result.citations
    assert result.citation == law.PENALTY_64_1
    text = "\n".join(result.explanation)
    assert "起算日2026-09-30不计入" in text
    assert "2026-10-05（周一，国庆节（补假））" in text
    assert "2026-10-10（周六" not in text  # a make-up Saturday is counted, not skipped
    assert not result.provisional


def test_rolled_calendar_day_explanation(calendar: WorkingCalendar) -> None:
    result = explain_deadline(at("2026-09-20"), penalty_law_days(15, law.PENALTY_67), calendar)
    assert result.period.unit == "calendar_days"
    assert any("顺延至2026-10-08" in line for line in result.explanation)


def test_month_end_clamp_is_explained(calendar: WorkingCalendar) -> None:
    result = explain_deadline(at("2028-01-31"), months(1, law.COERCION_53), calendar)
    assert law.CIVIL_CODE_202 in result.citations
    assert any("月末日2028-02-29" in line for line in result.explanation)


@pytest.mark.parametrize(
    ("days", "law_fn", "cite", "unit"),
    [
        (2, penalty_law_days, law.PENALTY_71, "working_days"),
        (7, penalty_law_days, law.PENALTY_56, "working_days"),
        (15, penalty_law_days, law.PENALTY_67, "calendar_days"),
        (90, penalty_law_days, law.PENALTY_60, "calendar_days"),
        (3, coercion_law_days, law.COERCION_31, "working_days"),
        (10, coercion_law_days, law.COERCION_54, "working_days"),
        (30, coercion_law_days, law.COERCION_25, "calendar_days"),
    ],
)
def test_statute_decides_the_unit(days: int, law_fn: object, cite: object, unit: str) -> None:
    period = law_fn(days, cite)  # type: ignore[operator]
    assert (period.amount, period.unit) == (days, unit)


def test_provisional_when_crossing_an_unpublished_year(calendar: WorkingCalendar) -> None:
    inside = explain_deadline(at("2026-12-01"), calendar_days(15, CITE), calendar)
    assert not inside.provisional
    crossing = explain_deadline(at("2026-12-20"), calendar_days(15, CITE), calendar)
    assert crossing.provisional
    assert any("2027年节假日安排尚未公布" in line for line in crossing.explanation)
    hours_only = explain_deadline(at("2026-12-31", "20:00"), hours(24, CITE), calendar)
    assert not hours_only.provisional  # wall-clock hours do not depend on the calendar


@pytest.mark.parametrize(
    ("start", "period", "pauses", "last_day", "paused_days"),
    [
        # 30-day seizure from 03-02 ends 04-01; a 5-day appraisal moves it to 04-07 (04-06 is 清明补假).
        ("2026-03-02", calendar_days(30, law.COERCION_25), [("2026-03-10", "2026-03-14")], "2026-04-07", 5),
        # Pause partly before the start: only days after the start day count.
        ("2026-03-02", calendar_days(10, CITE), [("2026-02-25", "2026-03-03")], "2026-03-13", 1),
        # Working days: paused working days are not counted.
        ("2026-03-02", working_days(5, CITE), [("2026-03-04", "2026-03-05")], "2026-03-11", 2),
        # Months: the extension reaches a second pause, which extends further.
        (
            "2026-01-15",
            months(1, CITE),
            [("2026-02-01", "2026-02-03"), ("2026-02-16", "2026-02-17")],
            "2026-02-24",
            5,
        ),
        # Pause entirely after the end has no effect.
        ("2026-03-02", calendar_days(5, CITE), [("2026-04-01", "2026-04-10")], "2026-03-09", 0),
    ],
)
def test_pauses(
    calendar: WorkingCalendar,
    start: str,
    period: Period,
    pauses: list[tuple[str, str]],
    last_day: str,
    paused_days: int,
) -> None:
    spans = [
        Pause(first_day=date.fromisoformat(a), last_day=date.fromisoformat(b), reason="检测鉴定")
        for a, b in pauses
    ]
    result = explain_deadline(at(start), period, calendar, spans)
    assert result.last_day == date.fromisoformat(last_day)
    assert result.paused_days == paused_days
    if paused_days:
        assert result.counting_rule.endswith("中止期间不计入")


def test_hours_are_wall_clock_and_not_rolled(calendar: WorkingCalendar) -> None:
    result = explain_deadline(at("2026-09-30", "16:30"), hours(24, law.COERCION_19), calendar)
    assert result.end == at("2026-10-01", "16:30")
    assert result.last_day == date(2026, 10, 1)  # a holiday: hours never roll forward


def test_hours_from_another_timezone_are_converted(calendar: WorkingCalendar) -> None:
    utc_start = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)  # 2026-03-02 04:00 in UTC+8
    result = explain_deadline(utc_start, hours(24, CITE), calendar)
    assert result.end == at("2026-03-03", "04:00")
    assert result.end.utcoffset() == timedelta(hours=8)


def test_hours_with_a_paused_day(calendar: WorkingCalendar) -> None:
    pause = Pause(first_day=date(2026, 3, 3), last_day=date(2026, 3, 3), reason="听证")
    result = explain_deadline(at("2026-03-02", "12:00"), hours(24, CITE), calendar, [pause])
    assert result.end == at("2026-03-04", "12:00")


def test_naive_start_is_rejected(calendar: WorkingCalendar) -> None:
    with pytest.raises(InvalidInput) as raised:
        explain_deadline(datetime(2026, 3, 2, 10), hours(24, CITE), calendar)
    assert raised.value.field == "start"


def test_pause_must_be_ordered() -> None:
    with pytest.raises(ValueError):
        Pause(first_day=date(2026, 3, 5), last_day=date(2026, 3, 4), reason="x")


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-11-30", 3, "2027-02-28"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-05-31", 12, "2027-05-31"),
    ],
)
def test_add_months(start: str, count: int, expected: str) -> None:
    assert add_months(date.fromisoformat(start), count) == date.fromisoformat(expected)
