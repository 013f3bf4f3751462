"""An API client without Temporal (lists, exports and reports read only PostgreSQL) and a seeding helper."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from casetrail.api.app import create_app
from casetrail.config import Settings
from tests.api.conftest import Login, bearer_login


@pytest.fixture(scope="session")
async def reads_api(database: str) -> AsyncIterator[httpx.AsyncClient]:
    async def no_temporal() -> None:
        raise RuntimeError("these tests read PostgreSQL only")

    app = create_app(no_temporal, Settings())  # type: ignore[arg-type, call-arg]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://casetrail.test") as client:
        yield client


@pytest.fixture(scope="session")
def reads_login(reads_api: httpx.AsyncClient) -> Login:
    return bearer_login(reads_api)
