"""Role × agency: who reads which agency's cases. Case staff read their agency's cases, supervisors
also those of the agencies below theirs; ops and admins read none; nobody reads another
jurisdiction's. Every cell is checked on the detail, the audit chain, the documents and the list."""

from __future__ import annotations

import httpx

from tests.api.conftest import Login
from tests.api.helpers import agency_id, case_body, ids_of, open_case

DISTRICT_READERS = {"officer1", "officer2", "head", "legal", "leader", "archivist", "supervisor"}
OTHER_READERS = {"gd_officer", "gd_officer2", "gd_leader"}
EVERYONE = DISTRICT_READERS | OTHER_READERS | {"ops", "admin"}


async def test_role_by_agency_access_matrix_has_no_leaks(api: httpx.AsyncClient, login: Login) -> None:
    district_case = await open_case(api, await login("officer1"))
    other = await api.post(
        "/cases",
        json=case_body(await agency_id("demo-other-amr"), await ids_of("gd_officer", "gd_officer2")),
        headers=await login("gd_officer"),
    )
    assert other.status_code == 201, other.text
    cases = {district_case["id"]: DISTRICT_READERS, other.json()["id"]: OTHER_READERS}

    leaks, denials = [], []
    for username in sorted(EVERYONE):
        headers = await login(username)
        listed = {c["id"] for c in (await api.get("/cases?limit=500", headers=headers)).json()}
        for case_id, readers in cases.items():
            may_read = username in readers
            if (case_id in listed) != may_read:
                (leaks if not may_read else denials).append((username, "list", case_id))
            for url in (f"/cases/{case_id}", f"/cases/{case_id}/audit", f"/cases/{case_id}/documents"):
                status = (await api.get(url, headers=headers)).status_code
                if status != (200 if may_read else 404):
                    (leaks if status == 200 else denials).append((username, url, status))
    assert leaks == [], leaks
    assert denials == [], denials
