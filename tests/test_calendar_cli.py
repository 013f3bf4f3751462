"""`casetrail calendar list|set|publish`: the real command against the session's PostgreSQL and Temporal."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from casetrail.store.db import transaction
from casetrail.store.models import CalendarChange, User

from .conftest import free_port


async def casetrail(*args: str, database: str, temporal: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "TEMPORAL_ADDRESS": temporal,
        "CASETRAIL_LOG_LEVEL": "WARNING",
        # This checkout's code (worktrees share one virtualenv whose editable install points elsewhere).
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    command = [str(Path(sys.executable).parent / "casetrail"), "calendar", *args]
    # In a thread: the session's worker runs on this event loop and must keep polling.
    return await asyncio.to_thread(
        subprocess.run, command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


async def changes_count() -> int:
    async with transaction() as session:
        return int((await session.execute(select(func.count()).select_from(CalendarChange))).scalar_one())


async def test_list_set_publish(database: str, temporal_address: str, worker: None, tmp_path: Path) -> None:
    def run(*args: str) -> asyncio.Future[subprocess.CompletedProcess[str]]:
        return asyncio.ensure_future(
            casetrail(*args, database=database, temporal=temporal_address, cwd=tmp_path)
        )

    listing = await run("list", "2026")
    assert listing.returncode == 0, listing.stderr
    assert "2026年工作日历（已录入国务院通知" in listing.stdout and "2026-10-05 周一 休息" in listing.stdout

    refused = await run("set", "2031-01-04", "--working", "--note", "调休上班", "--by", "officer1")
    assert refused.returncode == 1 and "只有系统管理员可以维护工作日历" in refused.stderr

    saved = await run("set", "2031-01-04", "--working", "--note", "调休上班", "--by", "admin")
    assert saved.returncode == 0, saved.stderr
    assert "已保存：2031-01-04设为工作日（调休上班）" in saved.stdout and "已通知" in saved.stdout
    async with transaction() as session:
        change = (
            await session.execute(select(CalendarChange).order_by(CalendarChange.id.desc()).limit(1))
        ).scalar_one()
        admin = (await session.execute(select(User).where(User.username == "admin"))).scalar_one()
    assert change.actor_id == admin.id and change.changed_days == ["2031-01-04"]

    published = await run(
        "publish",
        "2031",
        "--notice",
        "国办发明电〔2030〕8号",
        "--holiday",
        "2031-01-01=元旦",
        "--holiday",
        "2031-01-22..2031-01-28=春节",
        "--workday",
        "2031-01-18",
        "--by",
        "admin",
    )
    assert published.returncode == 0, published.stderr
    after = await run("list", "2031")
    assert "2031年工作日历（已录入国务院通知 国办发明电〔2030〕8号）" in after.stdout
    assert "2031-01-27 周一 休息  春节" in after.stdout and "2031-01-18 周六 工作日  调休上班" in after.stdout
    assert "2031-01-04" not in after.stdout  # the notice replaced the earlier correction

    bad_spec = await run(
        "publish", "2031", "--notice", "x", "--holiday", "2031-01-09..2031-01-02", "--by", "admin"
    )
    assert bad_spec.returncode == 2 and "结束日期早于开始日期" in bad_spec.stderr


async def test_nothing_is_saved_while_temporal_is_unreachable(database: str, tmp_path: Path) -> None:
    before = await changes_count()
    result = await casetrail(
        "set",
        "2031-02-08",
        "--working",
        "--note",
        "调休上班",
        "--by",
        "admin",
        database=database,
        temporal=f"127.0.0.1:{free_port()}",
        cwd=tmp_path,
    )
    assert result.returncode == 3 and "未保存任何变更" in result.stderr
    assert await changes_count() == before
