"""Legal time (期间计算): when does a statutory period end, and why.

Rules (STATUTES §1; 民事诉讼法 Art. 85, 民法典 Art. 201-203):

- The start day is not counted; counting begins the next day.
- ``calendar_days`` / ``months``: if the last day is not a working day, the period ends on the
  first working day after it. "法定休假日" is read as any non-working day (weekend or holiday).
- ``working_days``: only working days are counted, so the last day is always a working day.
- ``months``: the last day is the same day-of-month in the target month; when that month has no
  such day it is the month's last day (民法典 Art. 202: 1 month from 01-31 ends 02-28/29).
- ``hours``: wall-clock hours in UTC+8, never rolled over holidays.
- Pauses (中止) stop the clock for whole days; paused days are not counted, so a pause can only
  move the end later.

The end is reported as an exclusive instant: ``end`` is 00:00 (UTC+8) of the day *after*
``last_day``, i.e. 24:00 of the last day (民法典 Art. 203(2)). An act at any moment before
``end`` is in time; a timer fires at ``end``.
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone

from pydantic import BaseModel, ConfigDict

from casetrail.errors import InvalidInput
from casetrail.rules.calendar import WorkingCalendar
from casetrail.rules.citation import Citation
from casetrail.rules.national_citations import CIVIL_CODE_202, CIVIL_CODE_203, CIVIL_PROCEDURE_85
from casetrail.rules.periods import Pause, Period

SHANGHAI = timezone(timedelta(hours=8))
_ONE_DAY = timedelta(days=1)


class DeadlineResult(BaseModel):
    """A computed deadline with everything needed to show *why* it is what it is."""

    model_config = ConfigDict(frozen=True)

    start: datetime
    period: Period
    last_day: date
    end: datetime
    counting_rule: str
    citation: Citation
    citations: tuple[Citation, ...]
    provisional: bool
    paused_days: int
    explanation: tuple[str, ...]


def day_start(day: date) -> datetime:
    """00:00 of ``day`` in UTC+8."""
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def add_months(day: date, count: int) -> date:
    """The corresponding day ``count`` months later, or that month's last day (民法典 Art. 202)."""
    month_index = day.month - 1 + count
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


def explain_deadline(
    start: datetime,
    period: Period,
    calendar: WorkingCalendar,
    pauses: Sequence[Pause] = (),
) -> DeadlineResult:
    """When does ``period`` starting at ``start`` end, and why (in Chinese)?"""
    if start.tzinfo is None:
        raise InvalidInput("起算时间必须带时区（北京时间 UTC+8）", field="start", rule="timezone_required")
    start = start.astimezone(SHANGHAI)
    if period.unit == "hours":
        return _hours_deadline(start, period, pauses)
    return _day_deadline(start, period, calendar, pauses)


def _hours_deadline(start: datetime, period: Period, pauses: Sequence[Pause]) -> DeadlineResult:
    nominal = start + timedelta(hours=period.amount)
    paused = timedelta(0)
    while True:  # least fixed point: the paused time inside [start, end) extends the end
        overlap = sum((_overlap(start, nominal + paused, p) for p in pauses), timedelta(0))
        if overlap == paused:
            break
        paused = overlap
    end = nominal + paused
    explanation = [f"自{_fmt(start)}起连续计算{period.amount}小时（北京时间），不因节假日顺延"]
    if paused:
        explanation.append(f"中止期间不计入，共{paused / timedelta(hours=1):g}小时")
    explanation.append(f"期间届满于{_fmt(end)}")
    return DeadlineResult(
        start=start,
        period=period,
        last_day=(end - timedelta(microseconds=1)).date(),
        end=end,
        counting_rule=f"{period.label_zh()}，按北京时间连续计算，不因节假日顺延",
        citation=period.citation,
        citations=_citations(period, pauses if paused else ()),
        provisional=False,
        paused_days=paused.days,
        explanation=tuple(explanation),
    )


def _overlap(start: datetime, end: datetime, pause: Pause) -> timedelta:
    lo = max(start, day_start(pause.first_day))
    hi = min(end, day_start(pause.last_day + _ONE_DAY))
    return max(hi - lo, timedelta(0))


def _day_deadline(
    start: datetime, period: Period, calendar: WorkingCalendar, pauses: Sequence[Pause]
) -> DeadlineResult:
    start_day = start.date()
    explanation = [f"起算时间{_fmt(start)}，起算日{start_day.isoformat()}不计入，自次日开始计算"]
    skipped: list[date] = []
    paused: list[date] = []

    if period.unit == "months":
        nominal = add_months(start_day, period.amount)
        if nominal.day != start_day.day:
            explanation.append(
                f"到期月没有对应日，以月末日{nominal.isoformat()}为期间最后一日（民法典第二百零二条）"
            )
        paused = _paused_days_until_fixed_point(start_day, nominal, pauses)
        nominal += _ONE_DAY * len(paused)
    else:
        nominal = start_day
        counted = 0
        while counted < period.amount:
            nominal += _ONE_DAY
            if any(p.covers(nominal) for p in pauses):
                paused.append(nominal)
            elif period.unit == "working_days" and not calendar.is_working_day(nominal):
                skipped.append(nominal)
            else:
                counted += 1

    if skipped:
        explanation.append("不计入的非工作日：" + "、".join(calendar.describe(d) for d in skipped))
    if paused:
        explanation.append(f"中止期间不计入，共{len(paused)}日：" + _describe_pauses(paused, pauses))

    last_day = calendar.next_working_day(nominal)
    if last_day != nominal:
        explanation.append(
            f"期间最后一日{calendar.describe(nominal)}不是工作日，顺延至{calendar.describe(last_day)}"
        )
    end = day_start(last_day + _ONE_DAY)
    explanation.append(f"期间届满于{last_day.isoformat()} 24:00（北京时间）")

    unpublished = sorted(
        year for year in range(start_day.year, last_day.year + 1) if not calendar.is_published(year)
    )
    if unpublished:
        years = "、".join(f"{y}年" for y in unpublished)
        explanation.append(f"{years}节假日安排尚未公布，结果为暂定，公布后重新计算")

    return DeadlineResult(
        start=start,
        period=period,
        last_day=last_day,
        end=end,
        counting_rule=_counting_rule(period, bool(paused)),
        citation=period.citation,
        citations=_citations(period, pauses if paused else ()),
        provisional=bool(unpublished),
        paused_days=len(paused),
        explanation=tuple(explanation),
    )


def _paused_days_until_fixed_point(start_day: date, nominal: date, pauses: Sequence[Pause]) -> list[date]:
    """Paused days in (start_day, nominal + their count]: extending the end may reach more pauses."""
    paused: list[date] = []
    while True:
        end = nominal + _ONE_DAY * len(paused)
        found = [d for d in _days(start_day + _ONE_DAY, end) if any(p.covers(d) for p in pauses)]
        if len(found) == len(paused):
            return found
        paused = found


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += _ONE_DAY


def _describe_pauses(paused: list[date], pauses: Sequence[Pause]) -> str:
    parts = []
    for pause in pauses:
        hit = [d for d in paused if pause.covers(d)]
        if hit:
            parts.append(f"{hit[0].isoformat()}至{hit[-1].isoformat()}（{pause.reason}）")
    return "、".join(parts)


def _counting_rule(period: Period, has_pauses: bool) -> str:
    label = period.label_zh()
    if period.unit == "working_days":
        rule = f"{label}，起算日不计入，只计工作日，节假日和休息日不计入"
    elif period.unit == "months":
        rule = f"{label}，起算日不计入，到期月对应日届满（无对应日的为月末日），届满日为节假日的顺延"
    else:
        rule = f"{label}，起算日不计入，届满日为节假日的顺延至节假日后第一个工作日"
    return rule + ("；中止期间不计入" if has_pauses else "")


def _citations(period: Period, pauses: Iterable[Pause]) -> tuple[Citation, ...]:
    found = [period.citation, *period.counting_basis]
    if period.unit != "hours":
        found.append(CIVIL_PROCEDURE_85)
        if period.unit == "months":
            found.append(CIVIL_CODE_202)
        found.append(CIVIL_CODE_203)
    found += [p.citation for p in pauses if p.citation is not None]
    return tuple(dict.fromkeys(found))  # keep order, drop duplicates


def _fmt(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
