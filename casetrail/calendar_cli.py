"""`casetrail calendar list|set|publish|announce`: the working-day calendar from the command line.

The same service as the API (``services.calendar_admin``), the same rule (system admins only,
named with ``--by``), the same audit row, and the same announcement to the affected cases; as in
the API, nothing is written while Temporal is unreachable, so no change goes untold.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from contextlib import ExitStack
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from casetrail.config import Settings
from casetrail.errors import CasetrailError, NotFound
from casetrail.runtime.stack import start_database
from casetrail.services import calendar_admin
from casetrail.services.calendar_admin import CalendarChangeResult, HolidayNotice, NoticeDay
from casetrail.store import db
from casetrail.store.models import User

EXIT_REFUSED = 1
EXIT_TEMPORAL_UNREACHABLE = 3
CONNECT_TIMEOUT_SECONDS = 10.0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("calendar", help="维护工作日历（节假日、调休）")
    commands = parser.add_subparsers(dest="calendar_command", required=True)

    listing = commands.add_parser("list", help="列出某年的节假日与调休上班日")
    listing.add_argument("year", type=int)
    listing.add_argument("--all", action="store_true", help="列出全年每一天")

    setting = commands.add_parser("set", help="将某日设为工作日或非工作日")
    setting.add_argument("day", type=date.fromisoformat, help="YYYY-MM-DD")
    kind = setting.add_mutually_exclusive_group(required=True)
    kind.add_argument("--working", dest="is_working", action="store_true", help="设为工作日（如调休上班）")
    kind.add_argument("--rest", dest="is_working", action="store_false", help="设为非工作日（如节假日）")
    setting.add_argument("--note", required=True, help="说明，如“调休上班”")
    setting.add_argument("--by", required=True, help="操作的系统管理员用户名")

    publish = commands.add_parser("publish", help="录入某年国务院节假日安排通知（该年期限不再为暂定）")
    publish.add_argument("year", type=int)
    publish.add_argument("--notice", required=True, help="通知文号")
    publish.add_argument(
        "--holiday", action="append", required=True, type=day_spec, help="放假日：DAY[..DAY][=说明]，可重复"
    )
    publish.add_argument(
        "--workday", action="append", default=[], type=day_spec, help="调休上班日：DAY[=说明]"
    )
    publish.add_argument("--by", required=True, help="操作的系统管理员用户名")

    again = commands.add_parser("announce", help="再次通知受某次变更影响的在办案件重新计算期限")
    again.add_argument("change_id", type=int)
    again.add_argument("--by", required=True, help="操作的系统管理员用户名")


def day_spec(spec: str) -> list[NoticeDay]:
    """``2027-02-05..2027-02-11=春节`` -> seven days noted 春节; ``2027-02-20`` -> one day."""
    days, _, note = spec.partition("=")
    first, _, last = days.partition("..")
    try:
        start, end = date.fromisoformat(first), date.fromisoformat(last or first)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期格式应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD：{spec}"
        ) from None
    if end < start:
        raise argparse.ArgumentTypeError(f"结束日期早于开始日期：{spec}")
    return [NoticeDay(day=start + timedelta(days=n), note=note) for n in range((end - start).days + 1)]


def run(settings: Settings, args: argparse.Namespace) -> int:
    with ExitStack() as stack:
        url = start_database(settings, stack)
        code = asyncio.run(_run(settings, url, args))
    if args.calendar_command != "list":
        # A process that made a Temporal client can abort at interpreter exit (temporalio/sdk-python#300,
        # DESIGN.md), turning a saved change into exit 134: leave with the real status, everything closed.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


async def _run(settings: Settings, url: str, args: argparse.Namespace) -> int:
    db.configure(url)
    try:
        if args.calendar_command == "list":
            await _print_year(args.year, every_day=args.all)
            return 0
        return await _change(settings, args)
    except CasetrailError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        await db.dispose()


async def _print_year(year: int, *, every_day: bool) -> None:
    async with db.transaction() as session:
        calendar = await calendar_admin.year_calendar(session, year)
    status = (
        f"已录入国务院通知 {calendar.notice or ''}".rstrip()
        if calendar.published
        else "通知未录入，期限为暂定"
    )
    print(f"{year}年工作日历（{status}）")
    for day in calendar.days:
        if every_day or day.source != "weekday":
            print(f"{day.day.isoformat()} {day.weekday} {'工作日' if day.is_working else '休息'}  {day.note}")


async def _change(settings: Settings, args: argparse.Namespace) -> int:
    from casetrail.services.calendar_notify import announce  # imports the workflow definitions

    client = await _temporal(settings)
    if client is None:
        return EXIT_TEMPORAL_UNREACHABLE
    async with db.transaction() as session:
        actor = await _user(session, args.by)
        change = await _apply(session, actor, args)
    print(f"已保存：{change.summary}；工作状态改变的日期：{_days(change)}")
    async with db.transaction() as session:
        announcement = await announce(client, session, change)
    counts = announcement.to_dict()
    print(f"已通知 {counts['notified']} 件在办案件重新计算期限（流程已结束 {counts['finished']} 件）")
    if counts["failed"]:
        print(
            f"{counts['failed']} 件未能通知：请稍后运行 casetrail calendar announce {change.change_id}",
            file=sys.stderr,
        )
        return EXIT_TEMPORAL_UNREACHABLE
    return 0


async def _apply(session: AsyncSession, actor: User, args: argparse.Namespace) -> CalendarChangeResult:
    if args.calendar_command == "set":
        return await calendar_admin.set_day(
            session, day=args.day, is_working=args.is_working, note=args.note, actor=actor
        )
    if args.calendar_command == "publish":
        notice = HolidayNotice(
            notice=args.notice,
            holidays=[day for spec in args.holiday for day in spec],
            workdays=[day for spec in args.workday for day in spec],
        )
        return await calendar_admin.enter_notice(session, year=args.year, notice=notice, actor=actor)
    calendar_admin.ensure_calendar_admin(actor)
    return await calendar_admin.get_change(session, args.change_id)


async def _user(session: AsyncSession, username: str) -> User:
    user = (await session.execute(select(User).where(User.username == username))).scalar_one_or_none()
    if user is None or not user.active:
        raise NotFound(f"用户 {username} 不存在或已停用", field="by", rule="user_not_found")
    return user


async def _temporal(settings: Settings) -> Client | None:
    address = settings.temporal_address or f"127.0.0.1:{settings.temporal_port}"
    try:
        return await asyncio.wait_for(
            Client.connect(address, namespace=settings.temporal_namespace), CONNECT_TIMEOUT_SECONDS
        )
    except Exception as exc:  # any failure to connect means the same to the admin: nothing saved
        print(
            f"无法连接 Temporal（{address}）：{exc}\n未保存任何变更：在办案件须在同一操作中得到通知。"
            "请启动 casetrail dev 或设置 TEMPORAL_ADDRESS 后重试。",
            file=sys.stderr,
        )
        return None


def _days(change: CalendarChangeResult) -> str:
    return "、".join(d.isoformat() for d in change.changed_days) or "无"
