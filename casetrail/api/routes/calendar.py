"""Working-day calendar administration (工作日历): read by every user, changed by system admins.

A change commits first (rows + audit row), then every affected case is told to recompute its
deadlines. Temporal must be reachable before anything is written, so a change is never saved
with nobody told; should single Signals still fail, the answer says how many, and
``POST /calendar/changes/{id}/announce`` tells them again (harmless to repeat).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

from fastapi import APIRouter

from casetrail.services import calendar_admin
from casetrail.services.calendar_admin import CalendarChangeResult, HolidayNotice
from casetrail.services.calendar_notify import announce
from casetrail.store.models import CalendarChange

from ..deps import CurrentUser, Gateway, SessionDep
from ..params import RowId, Year, YearFilter
from ..schemas import (
    AnnouncementOut,
    CalendarChangeOut,
    CalendarChangeResultOut,
    CalendarDayBody,
    CalendarDayOut,
    CalendarYearOut,
)

router = APIRouter(prefix="/calendar", tags=["working-day calendar"])


@router.get("/years/{year}", response_model=CalendarYearOut)
async def year_days(year: Year, session: SessionDep, _: CurrentUser) -> CalendarYearOut:
    """Every day of the year: working or not, why, and whether the year's notice has been entered."""
    calendar = await calendar_admin.year_calendar(session, year)
    return CalendarYearOut(
        year=calendar.year,
        published=calendar.published,
        notice=calendar.notice,
        days=[CalendarDayOut(**asdict(day)) for day in calendar.days],
    )


@router.put("/days/{day}", response_model=CalendarChangeResultOut)
async def set_day(
    day: date, body: CalendarDayBody, session: SessionDep, user: CurrentUser, gateway: Gateway
) -> CalendarChangeResultOut:
    """Make one day a working or non-working day (e.g. a make-up day the notice of another year set)."""
    change = await calendar_admin.set_day(
        session, day=day, is_working=body.is_working, note=body.note, actor=user
    )
    return await _commit_and_announce(session, gateway, change)


@router.put("/years/{year}/notice", response_model=CalendarChangeResultOut)
async def enter_notice(
    year: Year, body: HolidayNotice, session: SessionDep, user: CurrentUser, gateway: Gateway
) -> CalendarChangeResultOut:
    """Enter the year's State Council holiday notice: the year becomes published, deadlines final."""
    change = await calendar_admin.enter_notice(session, year=year, notice=body, actor=user)
    return await _commit_and_announce(session, gateway, change)


@router.get("/changes", response_model=list[CalendarChangeOut])
async def changes(session: SessionDep, _: CurrentUser, year: YearFilter = None) -> Sequence[CalendarChange]:
    """The audit of calendar administration: who changed what, when."""
    return await calendar_admin.list_changes(session, year)


@router.post("/changes/{change_id}/announce", response_model=CalendarChangeResultOut)
async def announce_again(
    change_id: RowId, session: SessionDep, user: CurrentUser, gateway: Gateway
) -> CalendarChangeResultOut:
    """Tell the affected cases of a change again (after Temporal was unreachable for some)."""
    calendar_admin.ensure_calendar_admin(user)
    change = await calendar_admin.get_change(session, change_id)
    return await _commit_and_announce(session, gateway, change)


async def _commit_and_announce(
    session: SessionDep, gateway: Gateway, change: CalendarChangeResult
) -> CalendarChangeResultOut:
    await session.commit()
    announcement = await announce(gateway.client, session, change)
    counts = AnnouncementOut(**announcement.to_dict())
    message = f"已保存：{change.summary}；已通知 {counts.notified} 件在办案件重新计算期限"
    if counts.failed:
        message += f"；{counts.failed} 件未能通知（Temporal 不可用），请稍后重新通知"
    return CalendarChangeResultOut(
        change_id=change.change_id,
        year=change.year,
        changed_days=change.changed_days,
        summary=change.summary,
        announcement=counts,
        message=message,
    )
