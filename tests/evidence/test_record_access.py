"""A party's request to copy the record: registered by an officer in any phase, approved by the
leader through the case workflow; only then may the party's representative download, and never
a confidential item. The release is an event in the audit chain."""

from __future__ import annotations

import hashlib
import uuid

import httpx
from sqlalchemy import select

from casetrail.store.db import transaction
from casetrail.store.models import AuditEvent
from tests.api.helpers import open_case, wait_for_phase
from tests.issuing.case_file_check import check_case_file

from .conftest import EvLogin, metadata, party_user, upload, user_id, video_bytes


async def test_party_downloads_only_after_the_leaders_approval(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    officer, leader = await ev_login("officer1"), await ev_login("leader")
    case_id = (await open_case(ev_api, officer))["id"]
    await wait_for_phase(ev_api, officer, case_id, "filing_approval")

    data = video_bytes(2048)
    plain = (await upload(ev_api, officer, case_id, data)).json()
    private = (
        await upload(
            ev_api, officer, case_id, video_bytes(64), metadata=metadata(confidentiality="personal_privacy")
        )
    ).json()
    party = await party_user()
    party_headers = await ev_login(party)
    before = await ev_api.get(f"/evidence/{plain['id']}/content", headers=party_headers)
    assert before.status_code == 403

    requested = await ev_api.post(
        f"/cases/{case_id}/steps/request_record_access",
        json={
            "payload": {
                "requester_name": "王律师",
                "relation": "agent",
                "grantee_user_id": str(await user_id(party)),
                "mode": "copy",
                "purpose": "申请行政复议需要",
            }
        },
        headers=officer,
    )
    assert requested.status_code == 200, requested.text
    assert requested.json()["phase"] == "filing_approval", "the request does not move the case"
    task_id = requested.json()["task_id"]
    pending = await ev_api.get(f"/evidence/{plain['id']}/content", headers=party_headers)
    assert pending.status_code == 403

    by_officer = await ev_api.post(
        f"/tasks/{task_id}/decision", json={"decision": "approve"}, headers=officer
    )
    assert by_officer.status_code == 403
    approved = await ev_api.post(
        f"/tasks/{task_id}/decision", json={"decision": "approve", "opinion": "同意复制"}, headers=leader
    )
    assert approved.status_code == 200, approved.text

    copied = await ev_api.get(f"/evidence/{plain['id']}/content", headers=party_headers)
    assert copied.status_code == 200 and copied.content == data
    assert (await ev_api.get(f"/evidence/{private['id']}/content", headers=party_headers)).status_code == 403
    listed = await ev_api.get(f"/cases/{case_id}/evidence", headers=party_headers)
    assert [i["id"] for i in listed.json()] == [plain["id"]]

    async with transaction() as session:
        events = list(
            (await session.execute(select(AuditEvent).where(AuditEvent.case_id == case_id))).scalars()
        )
    actions = [e.action for e in events]
    assert "record.access_requested" in actions and "record.access_approved" in actions
    shared = [e for e in events if e.action == "evidence.shared"]
    assert len(shared) == 1 and shared[0].detail["basis"] == "party_grant"
    assert shared[0].detail["evidence_id"] == plain["id"] and shared[0].detail["grant_record_id"]

    # The 卷宗 holds the approval form at its page and lists both recordings with hash and store.
    bound = await check_case_file(uuid.UUID(case_id))
    entries = bound.index_snapshot["entries"]
    # An internal approval: filed in the 副卷, after the 正卷's evidence.
    (form,) = [e for e in entries if e["first_page"] is not None]
    assert (form["title"], form["volume"]) == ("查阅申请审批表", "副卷")
    assert all(e["volume"] == "正卷" for e in entries[: entries.index(form)])
    kept = {e["sha256"]: e["kept_at"] for e in entries if e.get("sha256")}
    assert hashlib.sha256(data).hexdigest() in kept and len(kept) == 2 and all(kept.values())
