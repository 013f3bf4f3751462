"""The one wording of a deadline (issue 17), for each kind of period, from the real legal-time results."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from casetrail.rules import national_deadlines as periods
from casetrail.rules.calendar import WorkingCalendar
from casetrail.rules.deadline_text import deadline_text, last_day
from casetrail.rules.legal_time import explain_deadline

CST = timezone(timedelta(hours=8))


def test_working_days_end_at_24_00_of_their_last_day(calendar: WorkingCalendar) -> None:
    # STATUTES §1: 5 working days from 2026-09-30 skip the National Day holiday and end on 10-13.
    result = explain_deadline(datetime(2026, 9, 30, 15, tzinfo=CST), periods.HEARING_REQUEST, calendar)
    assert result.end == datetime(2026, 10, 14, tzinfo=CST)
    assert deadline_text(result.end) == "2026-10-13（星期二）24:00前"
    assert deadline_text(result.end, short=True) == "2026-10-13 当日届满"
    assert last_day(result.end) == result.last_day == date(2026, 10, 13)


def test_calendar_days_rolled_past_a_holiday_show_the_rolled_day(calendar: WorkingCalendar) -> None:
    # STATUTES §1: 15 calendar days from 2026-09-20 end on 10-05, a holiday: rolled to 10-08.
    result = explain_deadline(datetime(2026, 9, 20, 9, tzinfo=CST), periods.FINE_PAYMENT, calendar)
    assert deadline_text(result.end) == "2026-10-08（星期四）24:00前"


def test_months_end_on_the_corresponding_day(calendar: WorkingCalendar) -> None:
    result = explain_deadline(datetime(2026, 6, 7, 9, tzinfo=CST), periods.LAWSUIT, calendar)
    assert deadline_text(result.end) == "2026-12-07（星期一）24:00前"


def test_hours_show_their_exact_time(calendar: WorkingCalendar) -> None:
    start = datetime(2026, 10, 1, 9, 15, tzinfo=CST)  # a holiday: hours are never rolled over
    result = explain_deadline(start, periods.EMERGENCY_MEASURE_REPORT, calendar)
    assert deadline_text(result.end) == "2026-10-02（星期五）09:15前"
    assert deadline_text(result.end, short=True) == "2026-10-02 09:15前"
    # An instant in another zone is read in Beijing time.
    assert deadline_text(result.end.astimezone(UTC)) == "2026-10-02（星期五）09:15前"


def test_a_last_day_given_as_a_date_and_nothing() -> None:
    assert deadline_text(date(2026, 12, 7)) == "2026-12-07（星期一）24:00前"
    assert deadline_text(date(2026, 12, 7), short=True) == "2026-12-07 当日届满"
    # 2026-12-07 24:00 and 2026-12-08 00:00 Beijing time are the same instant, whatever zone it arrives in.
    assert deadline_text(datetime(2026, 12, 7, 16, tzinfo=UTC)) == "2026-12-07（星期一）24:00前"
    assert deadline_text(None) == ""
