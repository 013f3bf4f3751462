from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from temporalio.client import Client

from casetrail.api.app import create_app
from casetrail.api.gateway import CaseGateway
from casetrail.config import Settings
from casetrail.seed import DEMO_PASSWORD
from tests.conftest import TASK_QUEUE


def make_app(client: Client, *, task_queue: str = TASK_QUEUE, update_timeout: float = 20.0) -> FastAPI:
    async def factory() -> Client:
        return client

    app = create_app(factory, Settings(CASETRAIL_TASK_QUEUE=task_queue))  # type: ignore[call-arg]
    # httpx's ASGI transport does not run the lifespan: connect the gateway here.
    app.state.gateway = CaseGateway(client, task_queue=task_queue, update_timeout=update_timeout)
    return app


@pytest.fixture(scope="session")
async def api(temporal_client: Client, worker: None) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=make_app(temporal_client))
    async with httpx.AsyncClient(transport=transport, base_url="http://casetrail.test") as client:
        yield client


Login = Callable[[str], Awaitable[dict[str, str]]]


def bearer_login(client: httpx.AsyncClient) -> Login:
    """Bearer headers for a demo user, logged in once per client."""
    cache: dict[str, dict[str, str]] = {}

    async def headers(username: str) -> dict[str, str]:
        if username not in cache:
            response = await client.post(
                "/auth/login", json={"username": username, "password": DEMO_PASSWORD}
            )
            assert response.status_code == 200, response.text
            client.cookies.clear()  # API tests authenticate with the bearer token only
            cache[username] = {"Authorization": f"Bearer {response.json()['token']}"}
        return cache[username]

    return headers


@pytest.fixture(scope="session")
def login(api: httpx.AsyncClient) -> Login:
    """Bearer headers for a demo user."""
    return bearer_login(api)
