"""Calendar administration (工作日历维护): an admin corrects a day or enters a year's holiday notice.

Shared by the API and the CLI. Each change writes the calendar rows and its audit row
(``calendar_changes``: who, when, what, which days changed status) in the caller's transaction
; once the transaction has committed the caller announces the change
(:func:`casetrail.services.calendar_notify.announce`), which drops the calendar cache and tells
the affected cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import Forbidden, InvalidInput, NotFound
from casetrail.rules.calendar import CalendarDay, WorkingCalendar, weekday_zh
from casetrail.store.models import CalendarChange, CalendarDayRow, CalendarYear, Role, User

# The calendar drives every statutory deadline of every agency: only system admins change it.
CALENDAR_ADMIN_ROLE = Role.admin
FIRST_YEAR, LAST_YEAR = 2000, 2100
DEFAULT_HOLIDAY_NOTE = "法定节假日"
DEFAULT_WORKDAY_NOTE = "调休上班"


class NoticeDay(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: date = Field(description="日期 YYYY-MM-DD")
    note: str = Field(default="", max_length=100, description="说明，如“春节”“调休上班”")


class HolidayNotice(BaseModel):
    """国务院办公厅关于某年部分节假日安排的通知: every day off and every make-up working day (调休)."""

    model_config = ConfigDict(frozen=True)

    notice: str = Field(min_length=1, max_length=200, description="通知文号，如 国办发明电〔2026〕7号")
    holidays: list[NoticeDay] = Field(min_length=1, description="放假日（含调休放假的周末）")
    workdays: list[NoticeDay] = Field(default_factory=list, description="调休上班的周末")


@dataclass(frozen=True)
class DayStatus:
    day: date
    weekday: str
    is_working: bool
    note: str
    source: str  # seed | notice | admin | weekday (no row: the Monday-to-Friday rule)


@dataclass(frozen=True)
class YearCalendar:
    year: int
    published: bool
    notice: str | None
    days: list[DayStatus]


@dataclass(frozen=True)
class CalendarChangeResult:
    change_id: int
    action: str
    year: int
    changed_days: list[date]
    summary: str


def ensure_calendar_admin(user: User) -> None:
    if not any(m.role == CALENDAR_ADMIN_ROLE for m in user.memberships):
        raise Forbidden("只有系统管理员可以维护工作日历", rule="calendar_admin")


def check_year(year: int, *, field: str = "year") -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间", field=field, rule="year_range")


async def year_calendar(session: AsyncSession, year: int) -> YearCalendar:
    """Every day of ``year`` with its status and where the status comes from."""
    check_year(year)
    rows = {row.day: row for row in await _rows_of_year(session, year)}
    setting = await session.get(CalendarYear, year)
    days = []
    for day in _days_of_year(year):
        row = rows.get(day)
        if row is not None:
            days.append(DayStatus(day, weekday_zh(day), row.is_working, row.note, row.source))
        else:
            working = day.weekday() < 5
            days.append(
                DayStatus(day, weekday_zh(day), working, "工作日" if working else "休息日", "weekday")
            )
    return YearCalendar(
        year=year,
        published=bool(setting and setting.published),
        notice=setting.notice if setting else None,
        days=days,
    )


async def set_day(
    session: AsyncSession, *, day: date, is_working: bool, note: str, actor: User
) -> CalendarChangeResult:
    """Make ``day`` a working or a non-working day (an agency's correction), with a note."""
    ensure_calendar_admin(actor)
    check_year(day.year, field="day")
    if not note.strip():
        raise InvalidInput("请填写调整说明（如“调休上班”“国庆节”）", field="note", rule="note_required")
    before = await _calendar_of_year(session, day.year)
    previous = await session.get(CalendarDayRow, day)
    values = {"is_working": is_working, "note": note.strip(), "source": "admin", "updated_by": actor.id}
    await session.execute(
        insert(CalendarDayRow)
        .values(day=day, **values)
        .on_conflict_do_update(index_elements=[CalendarDayRow.day], set_=values)
    )
    changed = [day] if before.is_working_day(day) != is_working else []
    status = "工作日" if is_working else "非工作日"
    return await _record_change(
        session,
        action="day.set",
        year=day.year,
        actor=actor,
        changed=changed,
        summary=f"{day.isoformat()}设为{status}（{note.strip()}）",
        detail={
            "day": day.isoformat(),
            "before": _row_detail(previous) if previous else None,
            "after": {"is_working": is_working, "note": note.strip()},
        },
    )


async def enter_notice(
    session: AsyncSession, *, year: int, notice: HolidayNotice, actor: User
) -> CalendarChangeResult:
    """Enter the year's State Council notice: it replaces the year's rows and marks the year published."""
    ensure_calendar_admin(actor)
    check_year(year)
    _check_notice(year, notice)
    before = await _calendar_of_year(session, year)
    setting = await session.get(CalendarYear, year)
    await session.execute(
        delete(CalendarDayRow).where(
            CalendarDayRow.day >= date(year, 1, 1), CalendarDayRow.day <= date(year, 12, 31)
        )
    )
    rows = [
        {"day": d.day, "is_working": False, "note": d.note or DEFAULT_HOLIDAY_NOTE} for d in notice.holidays
    ] + [{"day": d.day, "is_working": True, "note": d.note or DEFAULT_WORKDAY_NOTE} for d in notice.workdays]
    await session.execute(
        insert(CalendarDayRow).values([{**r, "source": "notice", "updated_by": actor.id} for r in rows])
    )
    published = {"published": True, "notice": notice.notice, "updated_by": actor.id}
    await session.execute(
        insert(CalendarYear)
        .values(year=year, **published)
        .on_conflict_do_update(index_elements=[CalendarYear.year], set_=published)
    )
    after = await _calendar_of_year(session, year)
    changed = [d for d in _days_of_year(year) if before.is_working_day(d) != after.is_working_day(d)]
    return await _record_change(
        session,
        action="notice.entered",
        year=year,
        actor=actor,
        changed=changed,
        summary=f"录入{year}年节假日安排（{notice.notice}）",
        detail={
            "notice": notice.notice,
            "previous": {
                "published": bool(setting and setting.published),
                "notice": setting.notice if setting else None,
            },
            "holidays": [d.model_dump(mode="json") for d in notice.holidays],
            "workdays": [d.model_dump(mode="json") for d in notice.workdays],
        },
    )


async def list_changes(session: AsyncSession, year: int | None = None) -> Sequence[CalendarChange]:
    query = select(CalendarChange).order_by(CalendarChange.id)
    if year is not None:
        query = query.where(CalendarChange.year == year)
    return (await session.execute(query)).scalars().all()


async def get_change(session: AsyncSession, change_id: int) -> CalendarChangeResult:
    change = await session.get(CalendarChange, change_id)
    if change is None:
        raise NotFound(
            f"工作日历变更记录 {change_id} 不存在", field="change_id", rule="calendar_change_not_found"
        )
    return CalendarChangeResult(
        change_id=change.id,
        action=change.action,
        year=change.year,
        changed_days=[date.fromisoformat(d) for d in change.changed_days],
        summary=str(change.detail.get("summary", "")),
    )


# ---- internals ------------------------------------------------------------------------------


def _check_notice(year: int, notice: HolidayNotice) -> None:
    seen: dict[date, str] = {}
    for field, days in (("holidays", notice.holidays), ("workdays", notice.workdays)):
        for index, entry in enumerate(days):
            where = f"{field}[{index}].day"
            if entry.day.year != year:
                raise InvalidInput(
                    f"{entry.day.isoformat()} 不在 {year} 年内；跨年的调休日请单独设置",
                    field=where,
                    rule="day_in_year",
                )
            if entry.day in seen:
                raise InvalidInput(
                    f"{entry.day.isoformat()} 重复出现（已列入 {seen[entry.day]}）",
                    field=where,
                    rule="day_listed_once",
                )
            if field == "workdays" and entry.day.weekday() < 5:
                raise InvalidInput(
                    f"{entry.day.isoformat()}（{weekday_zh(entry.day)}）本为工作日，调休上班日应为周六或周日",
                    field=where,
                    rule="makeup_day_on_weekend",
                )
            seen[entry.day] = field


def _in_year(year: int) -> ColumnElement[bool]:
    return CalendarDayRow.day.between(date(year, 1, 1), date(year, 12, 31))


async def _rows_of_year(session: AsyncSession, year: int) -> Sequence[CalendarDayRow]:
    query = select(CalendarDayRow).where(_in_year(year))
    return (await session.execute(query.order_by(CalendarDayRow.day))).scalars().all()


async def _calendar_of_year(session: AsyncSession, year: int) -> WorkingCalendar:
    rows = await _rows_of_year(session, year)
    return WorkingCalendar([CalendarDay(day=r.day, is_working=r.is_working, note=r.note) for r in rows], ())


def _days_of_year(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


def _row_detail(row: CalendarDayRow) -> dict[str, Any]:
    return {"is_working": row.is_working, "note": row.note, "source": row.source}


async def _record_change(
    session: AsyncSession,
    *,
    action: str,
    year: int,
    actor: User,
    changed: list[date],
    summary: str,
    detail: dict[str, Any],
) -> CalendarChangeResult:
    change = CalendarChange(
        action=action,
        year=year,
        actor_id=actor.id,
        changed_days=[d.isoformat() for d in changed],
        detail={**detail, "summary": summary, "actor": actor.username},
    )
    session.add(change)
    await session.flush()
    return CalendarChangeResult(change.id, action, year, changed, summary)
