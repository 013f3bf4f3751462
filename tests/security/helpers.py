"""Users made for one test through the admin API, and signing in without keeping the cookie."""

from __future__ import annotations

import uuid

import httpx

from tests.api.conftest import Login
from tests.api.helpers import agency_id


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
