"""Admins extend the agency hierarchy and add users within the agencies they administer."""

from __future__ import annotations

import uuid

import httpx

from casetrail.seed import DEMO_PASSWORD

from .conftest import Login
from .helpers import agency_id


async def test_admin_creates_an_agency_and_an_officer_who_can_log_in(
    api: httpx.AsyncClient, login: Login
) -> None:
    admin = await login("admin")
    code = f"demo-town-{uuid.uuid4().hex[:6]}"
    created = await api.post(
        "/admin/agencies",
        json={
            "code": code,
            "name": "泰安市示例市场监督管理局某镇所",
            "short_name": "泰示镇监",
            "parent_id": await agency_id("demo-district-amr"),
            "profile_id": "taian-2017",
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    town = created.json()["id"]
    duplicate = await api.post("/admin/agencies", json={**created.json(), "parent_id": town}, headers=admin)
    assert duplicate.status_code == 422 and duplicate.json()["error"]["field"] == "code"

    no_certificate = {
        "username": f"o-{code}",
        "full_name": "王小二",
        "password": "a-long-password",
        "memberships": [{"agency_id": town, "role": "officer"}],
    }
    refused = await api.post("/admin/users", json=no_certificate, headers=admin)
    assert refused.status_code == 422 and "第四十二条" in refused.json()["error"]["citation"]
    ok = await api.post(
        "/admin/users", json={**no_certificate, "certificate_no": "37090020269999"}, headers=admin
    )
    assert ok.status_code == 201, ok.text
    signed_in = await api.post("/auth/login", json={"username": f"o-{code}", "password": "a-long-password"})
    api.cookies.clear()
    assert signed_in.status_code == 200


async def test_non_admins_and_foreign_agencies_are_refused(api: httpx.AsyncClient, login: Login) -> None:
    assert (await api.get("/admin/agencies", headers=await login("leader"))).status_code == 403
    foreign = await api.post(
        "/admin/users",
        json={
            "username": "x-foreign",
            "full_name": "某某",
            "password": DEMO_PASSWORD,
            "memberships": [{"agency_id": await agency_id("demo-other-amr"), "role": "leader"}],
        },
        headers=await login("admin"),
    )
    assert foreign.status_code == 404 and foreign.json()["error"]["field"] == "memberships.0.agency_id"
    bad_profile = await api.post(
        "/admin/agencies",
        json={
            "code": "x",
            "name": "x",
            "short_name": "x",
            "parent_id": await agency_id("demo-city-amr"),
            "profile_id": "mars",
        },
        headers=await login("admin"),
    )
    assert bad_profile.status_code == 404 and "taian-2017" in str(bad_profile.json()["error"])
