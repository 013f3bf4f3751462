"""The escalation ladder (期限提醒与督办): who is told what, when, for each kind of deadline.

Rungs are data: a rung fires at 08:30 Beijing time a number of working days before or after the day
a deadline falls due (``working_days``), or at the very moment it runs out (``at_due``). Each rung of
a deadline fires once; the ladder ends when the deadline is met or cancelled.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from .calendar import WorkingCalendar

CST = timezone(timedelta(hours=8))
NOTICE_TIME = time(8, 30)  # office hours start: reminders are not sent at night


class Rung(enum.StrEnum):
    approaching = "approaching"  # 即将到期
    due_today = "due_today"  # 今日到期
    overdue = "overdue"  # 已逾期
    escalated_leader = "escalated_leader"  # 逾期督办：报机关负责人
    escalated_legal = "escalated_legal"  # 逾期督办：报法制机构


RUNG_TITLES = {
    Rung.approaching: "期限即将届满",
    Rung.due_today: "期限今日届满",
    Rung.overdue: "期限已届满",
    Rung.escalated_leader: "逾期督办（报机关负责人）",
    Rung.escalated_legal: "逾期督办（报法制机构）",
}


class Audience(enum.StrEnum):
    officers = "officers"  # the case's officers (承办人)
    leader = "leader"  # the agency's leaders (行政机关负责人)
    legal_office = "legal_office"  # supervisors of the agency and of the agencies above it (法制机构)


@dataclass(frozen=True)
class RungRule:
    rung: Rung
    audience: Audience
    working_days: int = 0  # relative to the due day: negative before, positive after
    at_due: bool = False  # at the deadline itself, not at 08:30 of a day


@dataclass(frozen=True)
class Ladder:
    name: str
    rungs: tuple[RungRule, ...]


DEFAULT = Ladder(
    "default",
    (
        RungRule(Rung.approaching, Audience.officers, working_days=-2),
        RungRule(Rung.due_today, Audience.officers, working_days=0),
        RungRule(Rung.overdue, Audience.officers, at_due=True),
        RungRule(Rung.escalated_leader, Audience.leader, working_days=1),
        RungRule(Rung.escalated_legal, Audience.legal_office, working_days=3),
    ),
)
# Deadlines counted in hours (emergency reports, on-the-spot fines): a day's notice is all there is.
SHORT = Ladder(
    "short",
    (
        RungRule(Rung.due_today, Audience.officers, working_days=0),
        RungRule(Rung.overdue, Audience.officers, at_due=True),
        RungRule(Rung.escalated_leader, Audience.leader, working_days=1),
        RungRule(Rung.escalated_legal, Audience.legal_office, working_days=3),
    ),
)
# The case-handling clock (处罚法 Art. 60) runs 90 days: the officers are warned a week ahead.
CASE_HANDLING = Ladder(
    "case_handling",
    (
        RungRule(Rung.approaching, Audience.officers, working_days=-5),
        *DEFAULT.rungs[1:],
    ),
)

LADDERS: dict[str, Ladder] = {
    "case_handling": CASE_HANDLING,
    "report": SHORT,  # <measure id>:report, the 24 hours of 强制法 Art. 19
    "emergency_backfill": SHORT,
    "fine_handover": SHORT,
}


def ladder_for(deadline_key: str) -> Ladder:
    """The ladder of a deadline key; a key naming an instance (``<measure id>:report``) uses its kind's."""
    for part in (deadline_key, *deadline_key.split(":")):
        if part in LADDERS:
            return LADDERS[part]
    return DEFAULT


def shift_working_days(calendar: WorkingCalendar, day: date, count: int) -> date:
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


@dataclass(frozen=True)
class PlannedRung:
    rung: Rung
    audience: Audience
    fire_at: datetime


def plan(ladder: Ladder, *, due_at: datetime, calendar: WorkingCalendar) -> Sequence[PlannedRung]:
    """When each rung of ``ladder`` fires for a deadline due at ``due_at``, in firing order.

    A rung before the deadline never fires after it (a deadline due at 08:00 is "due today" at 08:00).
    """
    # A day-counted deadline ends at 24:00 of its last day: that day is the due day, not the next.
    due_day = (due_at.astimezone(CST) - timedelta(microseconds=1)).date()
    planned = []
    for rule in ladder.rungs:
        if rule.at_due:
            fire_at = due_at
        else:
            day = shift_working_days(calendar, due_day, rule.working_days)
            fire_at = datetime.combine(day, NOTICE_TIME, CST)
            if rule.working_days <= 0:
                fire_at = min(fire_at, due_at)
        planned.append(PlannedRung(rule.rung, rule.audience, fire_at))
    return sorted(planned, key=lambda p: p.fire_at)
