"""How a deadline reads to a person: the last day the law gives, never the instant after it.

The machine value of a deadline is an exclusive instant (``legal_time``): a day-counted period
(working days, calendar days, months) ends at 00:00 Beijing time of the day *after* its last day,
because it "ends at the end of" that day (民法典 Art. 203(2); 民诉法 Art. 85). Printed as an instant
that reads "2026-12-08 00:00", a day late to anyone who counts days. This module turns the instant
back into the day the law names: "2026-12-07（星期一）24:00前", or "2026-12-07 当日届满" where space
is tight. An hour-counted period (24 小时) ends at its exact wall-clock time and shows it.

Every surface (workbench, documents, notifications, API text, step messages) calls
:func:`deadline_text`; the workbench and the documents register it as the Jinja filter ``deadline``.
Pure stdlib, so workflow code may call it inside the sandbox.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))
_WEEKDAYS = "一二三四五六日"
_ONE_DAY = timedelta(days=1)


def weekday_text(day: date) -> str:
    return f"星期{_WEEKDAYS[day.weekday()]}"


def _local(end: datetime) -> datetime:
    # A naive instant is one the store wrote in UTC (timestamps are timezone-aware everywhere else).
    return (end if end.tzinfo else end.replace(tzinfo=UTC)).astimezone(BEIJING)


def ends_at_midnight(end: datetime) -> bool:
    """Whether ``end`` is 24:00 of a Beijing day: the end of a day-counted period's last day."""
    return _local(end).time() == time(0)


def last_day(end: date | datetime) -> date:
    """The last day on which an act is still in time: for an exclusive end at 00:00, the day before.

    A ``date`` is already a last day (a reminder's 履行期限, a payment's 届满日) and comes back as is.
    """
    if not isinstance(end, datetime):
        return end
    local = _local(end)
    return local.date() - _ONE_DAY if local.time() == time(0) else local.date()


def deadline_text(end: date | datetime | None, *, short: bool = False) -> str:
    """A deadline as the law counts it; ``short`` for a table cell or a one-line notice.

    ``end`` is either the exclusive instant (``DeadlineResult.end``, ``Deadline.due_at``) or, for a
    period stated as a date, its last day. Examples::

        2026-12-08 00:00+08 → "2026-12-07（星期一）24:00前"  short: "2026-12-07 当日届满"
        2026-12-07 15:30+08 → "2026-12-07（星期一）15:30前"  short: "2026-12-07 15:30前"
        date(2026, 12, 7)   → "2026-12-07（星期一）24:00前"  short: "2026-12-07 当日届满"
    """
    if end is None:
        return ""
    day = last_day(end)
    clock = "24:00" if not isinstance(end, datetime) or ends_at_midnight(end) else f"{_local(end):%H:%M}"
    if short:
        return f"{day.isoformat()} 当日届满" if clock == "24:00" else f"{day.isoformat()} {clock}前"
    return f"{day.isoformat()}（{weekday_text(day)}）{clock}前"
