"""Who sees which evidence: by role, agency, confidentiality mark; every view and download is an
event in the case's audit chain."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select

from casetrail.api.security import hash_password
from casetrail.seed import DEMO_PASSWORD
from casetrail.store.db import transaction
from casetrail.store.models import Agency, AuditEvent, Membership, Role, User

from .conftest import EvLogin, metadata, new_case, party_user, upload, user_id, video_bytes

MARKS = ("none", "commercial_secret", "personal_privacy", "state_secret")

# username → which marks they may view (others: 403).
MATRIX: dict[str, set[str]] = {
    "officer1": set(MARKS),  # case officer
    "officer3": {"none"},  # officer of the agency, not on the case
    "leader": set(MARKS),
    "legal": {"none", "commercial_secret", "personal_privacy"},
    "head": {"none", "commercial_secret", "personal_privacy"},
    "archivist": {"none"},
    "supervisor": {"none", "commercial_secret", "personal_privacy"},  # upper level, not state secrets
    "ops": set(),
    "gd_officer": set(),  # another agency
}


@pytest.fixture(scope="module")
async def officer3() -> str:
    """A district officer who is not on the case."""
    username = f"officer3-{uuid.uuid4().hex[:6]}"
    async with transaction() as session:
        agency = (
            await session.execute(select(Agency).where(Agency.code == "demo-district-amr"))
        ).scalar_one()
        user = User(
            username=username,
            full_name="刘五",
            password_hash=hash_password(DEMO_PASSWORD),
            certificate_no="37090020269999",
        )
        session.add(user)
        await session.flush()
        session.add(Membership(user_id=user.id, agency_id=agency.id, role=Role.officer))
    return username


async def test_access_matrix_by_role_agency_and_mark(
    ev_api: httpx.AsyncClient, ev_login: EvLogin, officer3: str
) -> None:
    officer = await ev_login("officer1")
    case_id = await new_case()
    items: dict[str, str] = {}
    for mark in MARKS:
        response = await upload(
            ev_api, officer, case_id, video_bytes(64), metadata=metadata(confidentiality=mark)
        )
        assert response.status_code == 201, response.text
        items[mark] = response.json()["id"]
    party = await party_user()

    allowed_views = 0
    for username, may_see in [*MATRIX.items(), (party, set())]:
        login = officer3 if username == "officer3" else username
        headers = await ev_login(login)
        for mark, evidence_id in items.items():
            viewed = await ev_api.get(f"/evidence/{evidence_id}", headers=headers)
            downloaded = await ev_api.get(f"/evidence/{evidence_id}/content", headers=headers)
            # Another agency's staff are told nothing exists there (404); others why not (403).
            expected = 200 if mark in may_see else 404 if username in ("gd_officer", "ops") else 403
            assert (viewed.status_code, downloaded.status_code) == (expected, expected), (username, mark)
            if expected == 403:
                assert viewed.json()["error"]["message"]
            allowed_views += expected == 200
        listed = await ev_api.get(f"/cases/{case_id}/evidence", headers=headers)
        if may_see:
            assert {i["confidentiality"] for i in listed.json()} == may_see, username
        else:
            assert listed.status_code == (404 if username in ("gd_officer", "ops") else 403), username

    refused = await ev_api.get(f"/evidence/{items['none']}/content", headers=await ev_login(party))
    assert refused.json()["error"]["rule"] == "record_access_approval_required"
    assert "第十九条" in refused.json()["error"]["citation"]
    secret = await ev_api.get(f"/evidence/{items['state_secret']}", headers=await ev_login("legal"))
    assert (
        secret.json()["error"]["rule"] == "confidential"
        and "第十九条第四款" in secret.json()["error"]["citation"]
    )

    async with transaction() as session:
        events = list(
            (await session.execute(select(AuditEvent).where(AuditEvent.case_id == case_id))).scalars()
        )
    views = [e for e in events if e.action == "evidence.viewed"]
    downloads = [e for e in events if e.action == "evidence.downloaded"]
    assert len(views) == len(downloads) == allowed_views
    supervisor_id = str(await user_id("supervisor"))
    assert {e.detail["basis"] for e in views if str(e.actor_id) == supervisor_id} == {"supervision"}
    assert all(e.detail["sha256"] for e in downloads)
