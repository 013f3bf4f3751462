"""Invariants of legal time over arbitrary starts, lengths and pauses (2024-2028 calendar)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from casetrail.rules.calendar_seed import seed_calendar
from casetrail.rules.legal_time import SHANGHAI, explain_deadline
from casetrail.rules.national_citations import PENALTY_60
from casetrail.rules.periods import Pause, Period, TimeUnit

CALENDAR = seed_calendar(range(2024, 2030))

starts = st.builds(
    lambda day, minutes: datetime.combine(day, time(0), SHANGHAI) + timedelta(minutes=minutes),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(min_value=0, max_value=24 * 60 - 1),
)
units: st.SearchStrategy[TimeUnit] = st.sampled_from(["hours", "calendar_days", "working_days", "months"])
periods = st.builds(
    lambda unit, amount: Period(amount=amount, unit=unit, citation=PENALTY_60),
    units,
    st.integers(min_value=1, max_value=40),
)
pauses = st.builds(
    lambda first, length: Pause(first_day=first, last_day=first + timedelta(days=length), reason="检测"),
    st.dates(min_value=date(2024, 12, 1), max_value=date(2027, 6, 30)),
    st.integers(min_value=0, max_value=20),
)


@given(starts, st.integers(min_value=1, max_value=60))
def test_working_day_deadline_ends_on_a_working_day(start: datetime, amount: int) -> None:
    result = explain_deadline(
        start, Period(amount=amount, unit="working_days", citation=PENALTY_60), CALENDAR
    )
    assert CALENDAR.is_working_day(result.last_day)
    counted = [
        start.date() + timedelta(days=i)
        for i in range(1, (result.last_day - start.date()).days + 1)
        if CALENDAR.is_working_day(start.date() + timedelta(days=i))
    ]
    assert len(counted) == amount


@given(starts, periods)
def test_day_deadlines_end_on_a_working_day_after_the_start(start: datetime, period: Period) -> None:
    result = explain_deadline(start, period, CALENDAR)
    assert result.end > start
    if period.unit != "hours":
        assert CALENDAR.is_working_day(result.last_day)
        assert result.last_day > start.date()


@settings(max_examples=300)
@given(starts, periods, st.lists(pauses, max_size=3), pauses)
def test_adding_a_pause_never_shortens(
    start: datetime, period: Period, existing: list[Pause], extra: Pause
) -> None:
    before = explain_deadline(start, period, CALENDAR, existing)
    after = explain_deadline(start, period, CALENDAR, [*existing, extra])
    assert after.end >= before.end
    assert after.paused_days >= before.paused_days


@given(starts, periods, st.integers(min_value=1, max_value=10))
def test_longer_periods_never_end_earlier(start: datetime, period: Period, more: int) -> None:
    longer = period.model_copy(update={"amount": period.amount + more})
    assert explain_deadline(start, longer, CALENDAR).end >= explain_deadline(start, period, CALENDAR).end
