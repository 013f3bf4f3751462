"""An archived case file is read-only: no evidence is added to it."""

from __future__ import annotations

import os

import httpx
from sqlalchemy import update

from casetrail.store.db import transaction
from casetrail.store.models import Case
from tests.evidence.conftest import EvLogin, new_case, upload_body


async def test_evidence_cannot_be_uploaded_to_an_archived_case(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    officer = await ev_login("officer1")
    case_id = await new_case()
    data = os.urandom(500)
    opened = await ev_api.post(f"/cases/{case_id}/uploads", json=upload_body(data), headers=officer)
    assert opened.status_code == 201, opened.text
    async with transaction() as session:
        await session.execute(
            update(Case).where(Case.id == case_id).values(status="archived", phase="archived")
        )

    refused = await ev_api.post(f"/cases/{case_id}/uploads", json=upload_body(data), headers=officer)
    assert refused.status_code == 409, refused.text
    assert (
        refused.json()["error"]["rule"] == "case_archived"
        and "已归档，案卷只读" in refused.json()["error"]["message"]
    )
    # An upload opened before archiving cannot be finished after it.
    late = await ev_api.patch(
        f"/uploads/{opened.json()['id']}",
        content=data,
        headers={**officer, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
    )
    assert late.status_code == 409 and late.json()["error"]["rule"] == "case_archived"
