"""Users made for one test through the admin API, and signing in without keeping the cookie."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import httpx

from tests.api.conftest import Login
from tests.api.helpers import agency_id
from tests.conftest import repo_root, stable_free_port


async def new_user(
    api: httpx.AsyncClient, login: Login, password: str, *roles: str, certificate_no: str | None = None
) -> tuple[str, str]:
    """A fresh user of the district agency holding ``roles``: (username, id)."""
    district = await agency_id("demo-district-amr")
    username = f"u-{uuid.uuid4().hex[:6]}"
    created = await api.post(
        "/admin/users",
        json={
            "username": username,
            "full_name": "测试某",
            "password": password,
            "certificate_no": certificate_no,
            "memberships": [{"agency_id": district, "role": role} for role in roles],
        },
        headers=await login("admin"),
    )
    assert created.status_code == 201, created.text
    return username, str(created.json()["id"])


async def sign_in(api: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    response = await api.post("/auth/login", json={"username": username, "password": password})
    api.cookies.clear()
    return response


async def bearer(api: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    response = await sign_in(api, username, password)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def dev_env(home: Path, **extra: str) -> tuple[dict[str, str], int]:
    """The environment of a `casetrail dev` of this checkout on free ports; and its API port."""
    api_port = stable_free_port()
    env = {
        **os.environ,
        "CASETRAIL_HOME": str(home),
        "CASETRAIL_API_PORT": str(api_port),
        "CASETRAIL_TEMPORAL_PORT": str(stable_free_port()),
        "CASETRAIL_TEMPORAL_UI_PORT": str(stable_free_port()),
        "PYTHONPATH": str(repo_root()),
        **extra,
    }
    env.pop("DATABASE_URL", None)
    env.pop("TEMPORAL_ADDRESS", None)
    return env, api_port
