"""Bring up what a process needs: the database (embedded or external) and Temporal (dev or external)."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass

from temporalio.client import Client

from casetrail.config import Settings

from .postgres import EmbeddedPostgres
from .temporal import DevServer

log = logging.getLogger(__name__)


@dataclass
class Endpoints:
    database_url: str
    temporal_address: str


def start_database(settings: Settings, stack: ExitStack) -> str:
    """The external DATABASE_URL, or the embedded server under CASETRAIL_HOME (stopped by ``stack``)."""
    if settings.database_url:
        return settings.database_url
    settings.home_path.mkdir(parents=True, exist_ok=True)
    postgres = EmbeddedPostgres(settings.home_path / "pg")
    url = postgres.start()
    stack.callback(postgres.stop)
    log.info("embedded PostgreSQL: %s", settings.home_path / "pg")
    return url


def start_temporal(settings: Settings, stack: ExitStack, *, ui: bool = True) -> str:
    """The external TEMPORAL_ADDRESS, or the dev server with SQLite under CASETRAIL_HOME."""
    if settings.temporal_address:
        return settings.temporal_address
    settings.home_path.mkdir(parents=True, exist_ok=True)
    server = DevServer(
        db_file=settings.home_path / "temporal.sqlite",
        port=settings.temporal_port,
        ui_port=settings.temporal_ui_port if ui else None,
        log_file=settings.home_path / "temporal.log",
    )
    address = server.start()
    stack.callback(server.stop)
    log.info("Temporal dev server: %s (UI http://127.0.0.1:%s)", address, settings.temporal_ui_port)
    return address


def start_services(settings: Settings, stack: ExitStack) -> Endpoints:
    """Start the embedded services the settings leave unset; ``stack`` stops them in reverse order."""
    database_url = start_database(settings, stack)
    return Endpoints(database_url, start_temporal(settings, stack))


async def connect_temporal(address: str, namespace: str) -> Client:
    return await Client.connect(address, namespace=namespace)


async def wait_for_services(
    database_url: str, temporal_address: str, namespace: str, *, timeout: float = 120
) -> Client:
    """Pre-start check for separately deployed processes: wait until PostgreSQL answers and the
    schema is migrated, and Temporal accepts a connection; fail with what is missing."""
    import asyncio

    import psycopg

    libpq_url = database_url.replace("postgresql+psycopg://", "postgresql://")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last_error = ""
    while loop.time() < deadline:
        try:
            async with await psycopg.AsyncConnection.connect(libpq_url, connect_timeout=5) as conn:
                await conn.execute("SELECT version_num FROM alembic_version")
            return await connect_temporal(temporal_address, namespace)
        except Exception as exc:
            last_error = f"{type(exc).__name__}: {exc}"
            log.info("waiting for services: %s", last_error)
            await asyncio.sleep(2)
    raise RuntimeError(
        f"服务未就绪（{timeout:.0f} 秒）：{last_error}；请检查 DATABASE_URL、TEMPORAL_ADDRESS 并运行 `casetrail migrate`"
    )
