"""Admins extend the agency hierarchy and add users within the agencies they administer."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from casetrail.seed import DEMO_PASSWORD
from casetrail.store import db
from casetrail.store.models import Agency, AgencySettingChange, User

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


async def test_admin_changes_agency_settings_with_their_basis_kept(
    api: httpx.AsyncClient, login: Login
) -> None:
    """Settings that decide hearing rights and archive periods change only with a basis, are audited
    append-only, and stay within the admin's agencies."""
    admin = await login("admin")
    created = await api.post(
        "/admin/agencies",
        json={
            "code": f"settings-{uuid.uuid4().hex[:6]}",
            "name": "泰安市示例市场监督管理局设置所",
            "short_name": "泰设所",
            "parent_id": await agency_id("demo-district-amr"),
            "profile_id": "taian-2017",
        },
        headers=admin,
    )
    agency = created.json()["id"]
    threshold = {
        "person_fen": 500000,
        "organisation_fen": 5000000,
        "source": "泰安市某局较大数额标准（2026）",
    }
    without_basis = await api.patch(f"/admin/agencies/{agency}", json={"archive_days": 30}, headers=admin)
    assert without_basis.status_code == 422 and without_basis.json()["error"]["field"] == "basis"
    changed = await api.patch(
        f"/admin/agencies/{agency}",
        json={"archive_days": 30, "archive_policy": "本局案卷归档制度", "hearing_threshold": threshold,
              "basis": "泰设所〔2026〕3号"},
        headers=admin,
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert (
        changed.json()["archive_days"] == 30 and changed.json()["hearing_threshold"]["person_fen"] == 500000
    )
    same = await api.patch(
        f"/admin/agencies/{agency}", json={"archive_days": 30, "basis": "再次"}, headers=admin
    )
    assert same.status_code == 422 and same.json()["error"]["rule"] == "no_change"
    cleared = await api.patch(
        f"/admin/agencies/{agency}", json={"profile_id": None, "basis": "误操作"}, headers=admin
    )
    assert cleared.status_code == 422 and cleared.json()["error"]["field"] == "profile_id"
    unknown = await api.patch(
        f"/admin/agencies/{agency}", json={"profile_id": "mars", "basis": "调整"}, headers=admin
    )
    assert unknown.status_code == 404 and "taian-2017" in str(unknown.json()["error"])
    reverted = await api.patch(
        f"/admin/agencies/{agency}", json={"archive_days": None, "basis": "泰设所〔2026〕4号"}, headers=admin
    )
    assert reverted.status_code == 200 and reverted.json()["archive_days"] is None

    log = (await api.get(f"/admin/agencies/{agency}/changes", headers=admin)).json()
    assert [entry["basis"] for entry in log] == ["泰设所〔2026〕4号", "泰设所〔2026〕3号"]
    assert log[0]["changes"] == {"archive_days": {"from": 30, "to": None}}
    assert log[1]["changes"]["archive_days"] == {"from": None, "to": 30}
    assert set(log[1]["changes"]) == {"archive_days", "archive_policy", "hearing_threshold"}
    assert log[0]["actor"] and not log[0]["actor"].isascii()

    foreign = await agency_id("demo-other-amr")
    refused = await api.patch(
        f"/admin/agencies/{foreign}", json={"archive_days": 1, "basis": "越权"}, headers=admin
    )
    assert refused.status_code == 404 and refused.json()["error"]["field"] == "agency_id"
    assert (await api.get(f"/admin/agencies/{foreign}/changes", headers=admin)).status_code == 404
    leader = await login("leader")
    assert (
        await api.patch(f"/admin/agencies/{agency}", json={"basis": "x"}, headers=leader)
    ).status_code == 403


async def test_the_statement_contact_is_an_agency_setting(api: httpx.AsyncClient, login: Login) -> None:
    """Whom, by what telephone and where a party states its case (处罚法 Art. 44): set with a basis,
    audited, a malformed telephone refused in Chinese beside its field."""
    admin = await login("admin")
    created = await api.post(
        "/admin/agencies",
        json={"code": f"contact-{uuid.uuid4().hex[:6]}", "name": "泰安市示例市场监督管理局联系所",
              "short_name": "泰联所", "parent_id": await agency_id("demo-district-amr")},
        headers=admin,
    )  # fmt: skip
    agency = created.json()["id"]
    assert created.json()["statement_contact_person"] is None
    bad = await api.patch(
        f"/admin/agencies/{agency}",
        json={"statement_contact_phone": "请打电话", "basis": "泰联所〔2026〕1号"},
        headers=admin,
    )
    error = bad.json()["error"]
    assert bad.status_code == 422 and error["field"] == "statement_contact_phone"
    assert "座机或手机号码" in error["message"] and "第四十四条" in error["message"]
    contact = {
        "statement_contact_person": "李明",
        "statement_contact_phone": "0538-8221234",
        "statement_address": "泰安市岱岳区擂鼓石大街1号三楼法制科",
    }
    changed = await api.patch(
        f"/admin/agencies/{agency}", json={**contact, "basis": "泰联所〔2026〕2号"}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    assert {k: changed.json()[k] for k in contact} == contact
    [entry] = (await api.get(f"/admin/agencies/{agency}/changes", headers=admin)).json()
    assert entry["changes"]["statement_contact_phone"] == {"from": None, "to": "0538-8221234"}


async def test_setting_changes_cannot_be_rewritten(database: str) -> None:
    async with db.transaction() as session:
        admin = (await session.execute(select(User).where(User.username == "admin"))).scalar_one()
        agency = (await session.execute(select(Agency).limit(1))).scalar_one()
        change = AgencySettingChange(agency_id=agency.id, actor_id=admin.id, changes={}, basis="测试")
        session.add(change)
        await session.flush()
        change_id = change.id
    for statement in ("UPDATE agency_setting_changes SET basis = '改写' WHERE id = :id",
                      "DELETE FROM agency_setting_changes WHERE id = :id"):  # fmt: skip
        with pytest.raises(DBAPIError, match="不得修改或删除"):
            async with db.transaction() as session:
                await session.execute(text(statement), {"id": change_id})
