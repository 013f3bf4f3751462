"""Session fixtures: a real embedded PostgreSQL with the migrations applied, a real Temporal dev
server with our search attributes, and a worker polling it — all offline, all torn down cleanly."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import socket
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from temporalio.client import Client

from casetrail.config import get_settings
from casetrail.runtime.postgres import EmbeddedPostgres
from casetrail.runtime.temporal import DevServer
from casetrail.seed import seed_demo
from casetrail.services.calendar import seed_calendar
from casetrail.store import db, migrate

TASK_QUEUE = "casetrail-test"


def stable_free_port() -> int:
    """A free port below the kernel's ephemeral range.

    Ports a test must choose before starting a server that itself binds random ports (the Temporal
    dev server picks its HTTP and metrics ports from the ephemeral range) are taken from below that
    range, so the two cannot collide.
    """
    low, _ = (int(v) for v in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    for port in random.sample(range(20000, min(low, 32000)), 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A temporary directory outside pytest's basetemp.

    As root, embedded PostgreSQL runs as its own system user and needs to traverse the path;
    pytest resets its basetemp to mode 0700 whenever another pytest process starts, which would
    lock that user out mid-run.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The data folder (blobs, the compact font) of this run: a temporary one, never the checkout's."""
    home = tmp_path_factory.mktemp("home")
    saved = os.environ.get("CASETRAIL_HOME")
    os.environ["CASETRAIL_HOME"] = str(home)
    get_settings.cache_clear()
    yield home
    if saved is None:
        os.environ.pop("CASETRAIL_HOME", None)
    else:
        os.environ["CASETRAIL_HOME"] = saved
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[EmbeddedPostgres]:
    with scratch_dir("casetrail-test-pg-") as home:
        server = EmbeddedPostgres(home / "data")
        server.start()
        yield server
        server.stop()


@pytest.fixture(scope="session")
def database_url(pg_server: EmbeddedPostgres) -> str:
    name = f"casetrail_test_{uuid.uuid4().hex[:8]}"
    pg_server.ensure_database(name)
    url = pg_server.url(name)
    migrate.upgrade(url)  # the migrations themselves are under test here
    return url


@pytest.fixture(scope="session")
async def database(database_url: str) -> AsyncIterator[str]:
    db.configure(database_url)
    async with db.transaction() as session:
        await seed_calendar(session)
        await seed_demo(session)
    yield database_url
    await db.dispose()


@pytest.fixture(scope="session")
def temporal_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("temporal")
    server = DevServer(
        db_file=home / "temporal.sqlite", port=stable_free_port(), ui_port=None, log_file=home / "log"
    )
    with ExitStack() as stack:
        stack.callback(server.stop)
        yield server.start()


@pytest.fixture(scope="session")
async def temporal_client(temporal_address: str) -> Client:
    return await Client.connect(temporal_address)


@pytest.fixture(scope="session")
async def worker(temporal_client: Client, database: str) -> AsyncIterator[None]:
    from casetrail.api.gateway import CaseGateway
    from casetrail.worker import build_worker

    async with build_worker(temporal_client, TASK_QUEUE, strict=True):
        # Until the worker's first poll reaches the server the API answers 503 (no worker): the
        # first test to open a case would depend on how fast the worker started.
        gateway = CaseGateway(temporal_client, task_queue=TASK_QUEUE, update_timeout=5)
        for _ in range(600):
            if await gateway.worker_is_polling():
                break
            await asyncio.sleep(0.05)
        yield


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


# A Temporal client process can crash at interpreter exit (temporalio/sdk-python#300), turning a
# green run into exit 134/139. Leave with the real status once pytest has reported everything.
_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _exit_status and not os.environ.get("CASETRAIL_NO_HARD_EXIT"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[0])
