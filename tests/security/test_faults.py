"""Faults answered clearly: PostgreSQL down is 503 in Chinese; out-of-range parameters are 422; the
OpenAPI documents the 4xx answers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from temporalio.client import Client

from casetrail.api.deps import get_session
from casetrail.seed import DEMO_PASSWORD
from tests.api.conftest import Login, make_app
from tests.conftest import free_port


async def test_postgresql_down_is_503_in_chinese(temporal_client: Client, login: Login) -> None:
    token = await login("officer1")  # signed in while the database was up
    dead = create_async_engine(f"postgresql+psycopg://casetrail@127.0.0.1:{free_port()}/casetrail")

    async def unreachable() -> AsyncIterator[AsyncSession]:
        async with async_sessionmaker(dead)() as session:
            yield session

    app = make_app(temporal_client)
    app.dependency_overrides[get_session] = unreachable
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://casetrail.test") as client:
        for response in (
            await client.get("/cases", headers=token),
            await client.post("/auth/login", json={"username": "officer1", "password": DEMO_PASSWORD}),
        ):
            assert response.status_code == 503, response.text
            error = response.json()["error"]
            assert error["rule"] == "database_unreachable" and "数据库暂时无法连接" in error["message"]
            assert response.headers["retry-after"]
    await dead.dispose()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/cases?limit=-1", "limit"),
        ("/cases?limit=1000000000000", "limit"),
        ("/cases?limit=99999999999999999999", "limit"),
        ("/cases?after=not-a-cursor", "after"),
        ("/cases?after=" + "9" * 40, "after"),
        ("/calendar/years/2259909563039", "year"),
        ("/calendar/changes?year=99999", "year"),
        ("/calendar/changes/99999999999999999999/announce", "change_id"),
        ("/cases?phase=%00", "phase"),
    ],
)
async def test_out_of_range_parameters_are_422_naming_the_field(
    api: httpx.AsyncClient, login: Login, url: str, field: str
) -> None:
    method = "POST" if url.endswith("announce") else "GET"
    response = await api.request(method, url, headers=await login("admin"))
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    # A Chinese sentence (all() of an empty message would pass too).
    message = error["message"]
    assert (
        error["field"] == field and len(message) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in message[:2])
    )


async def test_openapi_documents_the_4xx_answers(api: httpx.AsyncClient) -> None:
    spec = (await api.get("/openapi.json")).json()
    assert "ErrorOut" in spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"401", "404", "422", "503"} <= documented, (method, path)
