"""`casetrail` command line: dev (whole stack), doctor, migrate, worker, api, calendar, fonts, verify."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from contextlib import ExitStack, suppress

from casetrail import calendar_cli
from casetrail.config import Settings, get_settings
from casetrail.errors import CasetrailError, InvalidInput
from casetrail.runtime.stack import start_database


async def _prepare_database(url: str, *, demo: bool) -> None:
    """Migrate and seed the calendar; the demo users (published password) only when asked."""
    from casetrail.seed import seed_demo
    from casetrail.services.calendar import seed_calendar
    from casetrail.store import db, migrate

    await asyncio.to_thread(migrate.upgrade, url)
    db.configure(url)
    try:
        async with db.transaction() as session:
            await seed_calendar(session)
            if demo and await seed_demo(session):
                print("已创建演示机关和用户（密码见 README，仅供本机演示）")
    finally:
        await db.dispose()


async def _create_admin(url: str, args: argparse.Namespace, password: str) -> None:
    from casetrail.seed import create_admin
    from casetrail.store import db

    db.configure(url)
    try:
        async with db.transaction() as session:
            user = await create_admin(
                session,
                username=args.username,
                full_name=args.full_name,
                password=password,
                agency_code=args.agency_code,
                agency_name=args.agency_name,
                short_name=args.short_name,
                profile_id=args.profile,
            )
    finally:
        await db.dispose()
    print(f"已创建系统管理员 {user.username}（{args.agency_name}）")


def operator_password() -> str:
    """From CASETRAIL_ADMIN_PASSWORD (automation), else typed twice at the terminal."""
    import getpass

    password = os.environ.get("CASETRAIL_ADMIN_PASSWORD")
    if password:
        return password
    first = getpass.getpass("管理员密码：")
    if getpass.getpass("再次输入：") != first:
        raise InvalidInput("两次输入的密码不一致", field="password", rule="password_mismatch")
    return first


def cmd_create_admin(settings: Settings, args: argparse.Namespace) -> int:
    password = operator_password()
    with ExitStack() as stack:
        url = start_database(settings, stack)
        asyncio.run(_prepare_database(url, demo=False))
        asyncio.run(_create_admin(url, args, password))
    return 0


async def _serve(
    settings: Settings, database_url: str, temporal_address: str, *, api: bool, worker: bool
) -> None:
    import uvicorn

    from casetrail.api.app import create_app
    from casetrail.runtime.stack import wait_for_services
    from casetrail.store import db
    from casetrail.worker import build_worker

    client = await wait_for_services(database_url, temporal_address, settings.temporal_namespace)
    db.configure(database_url)
    jobs = []
    if worker:
        from casetrail.evidence.schedule import ensure_anchor_schedule

        await ensure_anchor_schedule(client, settings.task_queue)
        jobs.append(asyncio.create_task(build_worker(client, settings.task_queue).run()))
    server = None
    if api:

        async def factory() -> object:
            return client

        app = create_app(factory, settings)  # type: ignore[arg-type]
        server = uvicorn.Server(
            uvicorn.Config(app, host=settings.api_host, port=settings.api_port, log_level="info")
        )
        jobs.append(asyncio.create_task(server.serve()))
    try:
        await asyncio.gather(*jobs)
    finally:
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        await db.dispose()


def cmd_dev(settings: Settings) -> int:
    from casetrail.runtime.stack import start_services

    with ExitStack() as stack:
        endpoints = start_services(settings, stack)
        asyncio.run(_prepare_database(endpoints.database_url, demo=True))
        app_url = app_database_url(settings, endpoints.database_url)
        print(
            f"casetrail 已启动：API http://{settings.api_host}:{settings.api_port}/docs  "
            f"Temporal UI http://127.0.0.1:{settings.temporal_ui_port}  数据目录 {settings.home_path}\n"
            "按 Ctrl-C 停止。"
        )
        with suppress(KeyboardInterrupt):
            asyncio.run(_serve(settings, app_url, endpoints.temporal_address, api=True, worker=True))
        print("正在停止…")
    return 0


def cmd_migrate(settings: Settings, *, demo: bool) -> int:
    with ExitStack() as stack:
        url = start_database(settings, stack)
        asyncio.run(_prepare_database(url, demo=demo))
        if os.environ.get("CASETRAIL_APP_DB_PASSWORD"):
            app_database_url(settings, url)  # compose: the worker and API then sign in as casetrail_app
    return 0


def app_database_url(settings: Settings, owner_url: str) -> str:
    """The URL the worker and API run with: the embedded database's, as the application role; an
    external DATABASE_URL is used as given (compose points it at casetrail_app)."""
    from casetrail.runtime.roles import enable_app_login

    password = os.environ.get("CASETRAIL_APP_DB_PASSWORD")
    if settings.database_url and not password:
        return owner_url
    return enable_app_login(owner_url, password=password)


def cmd_process(settings: Settings, *, api: bool, worker: bool) -> int:
    if not settings.temporal_address:
        print("请设置 TEMPORAL_ADDRESS（或使用 `casetrail dev` 启动内置服务）", file=sys.stderr)
        return 2
    with ExitStack() as stack:
        url = start_database(settings, stack)
        if not settings.database_url:
            url = app_database_url(settings, url)
        with suppress(KeyboardInterrupt):
            asyncio.run(_serve(settings, url, settings.temporal_address, api=api, worker=worker))
    return 0


def cmd_fonts_build() -> int:
    """Build (or find) the compact CJK face under the data folder, as `make dev` and CI do."""
    from casetrail.documents.compact_font import compact_font

    path = compact_font()
    print(f"精简字体：{path}（{path.stat().st_size // 1024} KiB）")
    return 0


def cmd_doctor(settings: Settings) -> int:
    from casetrail.doctor import run_checks

    return 0 if asyncio.run(run_checks(settings)) else 1


async def _verify(url: str, settings: Settings) -> int:
    from casetrail.store import db
    from casetrail.store.blobs import BlobStore
    from casetrail.verify import verify_all

    db.configure(url)
    try:
        async with db.transaction() as session:
            report = await verify_all(session, BlobStore(settings.home_path / "blobs"))
    finally:
        await db.dispose()
    for finding in report.findings:
        print(f"[{finding.kind}] {finding.subject}: {finding.message}")
    print(report.summary())
    return 0 if report.ok else 1


async def _anchor(url: str) -> int:
    from datetime import UTC, datetime

    from casetrail.activities.anchors import CST
    from casetrail.evidence.anchors import write_anchor
    from casetrail.store import db

    db.configure(url)
    try:
        now = datetime.now(UTC)
        async with db.transaction() as session:
            anchor = await write_anchor(session, day=now.astimezone(CST).date(), now=now)
    finally:
        await db.dispose()
    print(f"{anchor.day} 锚定：{anchor.chains} 条审计链，本次变动 {len(anchor.heads)} 条，哈希 {anchor.hash}")
    return 0


def cmd_with_database(settings: Settings, command: str) -> int:
    with ExitStack() as stack:
        url = start_database(settings, stack)
        return asyncio.run(_verify(url, settings) if command == "verify" else _anchor(url))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casetrail", description="行政执法案件全过程记录系统")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dev", help="启动整个系统（内置 PostgreSQL 与 Temporal 开发服务器）")
    sub.add_parser("doctor", help="检查 PostgreSQL、Temporal、worker，并试生成一份文书（字体与 HarfBuzz）")
    sub.add_parser("migrate", help="执行数据库迁移（不创建任何用户）")
    sub.add_parser("seed-demo", help="执行迁移并写入演示机关和用户（公开的演示密码，仅供演示）")
    admin = sub.add_parser(
        "create-admin", help="创建首个系统管理员（密码取自 CASETRAIL_ADMIN_PASSWORD 或在终端输入）"
    )
    admin.add_argument("--username", default="admin", help="用户名")
    admin.add_argument("--full-name", default="系统管理员", help="姓名")
    admin.add_argument("--agency-code", required=True, help="机关编码（已存在则加入该机关）")
    admin.add_argument("--agency-name", required=True, help="机关全称")
    admin.add_argument("--short-name", required=True, help="文号代字")
    admin.add_argument("--profile", default="national", help="适用的全过程记录规定")
    sub.add_parser("worker", help="只运行 worker（需 TEMPORAL_ADDRESS）")
    sub.add_parser("api", help="只运行 API（需 TEMPORAL_ADDRESS）")
    history = sub.add_parser("history", help="查看案件流程的 Temporal 历史（运维）")
    history.add_argument("case", help="案件 ID 或 workflow ID（case-…）")
    calendar_cli.add_commands(sub)
    sub.add_parser("verify", help="校验全部证据文件、审计链、证据记录与每日锚定，指出被改动之处")
    sub.add_parser("anchor", help="写入今日的审计链锚定（通常由每日定时任务完成）")
    fonts = sub.add_parser("fonts", help="文书字体")
    fonts.add_argument("action", choices=["build"], help="build：由系统字体生成精简中文字体（数据目录下）")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("CASETRAIL_LOG_LEVEL", "INFO"), format="%(levelname)s %(name)s: %(message)s"
    )
    settings = get_settings()
    try:
        return _run(args, settings)
    except CasetrailError as error:
        # e.g. a worker refusing to start without fonts: say what to install, not a traceback.
        print(error.message, file=sys.stderr)
        return 3


def _run(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command
    if command == "fonts":
        return cmd_fonts_build()
    if command == "dev":
        return cmd_dev(settings)
    if command == "doctor":
        return cmd_doctor(settings)
    if command == "history":
        from casetrail.ops import print_history

        asyncio.run(print_history(settings, args.case))
        return 0
    if command in ("migrate", "seed-demo"):
        return cmd_migrate(settings, demo=command == "seed-demo")
    if command == "create-admin":
        return cmd_create_admin(settings, args)
    if command == "calendar":
        return calendar_cli.run(settings, args)
    if command in ("verify", "anchor"):
        return cmd_with_database(settings, command)
    return cmd_process(settings, api=command == "api", worker=command == "worker")


if __name__ == "__main__":
    sys.exit(main())
