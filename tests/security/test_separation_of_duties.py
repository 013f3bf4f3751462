"""No one signs an approval on a case they handle or opened, even holding the leader's role too."""

from __future__ import annotations

import httpx

from tests.api.conftest import Login
from tests.api.helpers import agency_id, case_body, ids_of, wait_for_phase

from .helpers import bearer, new_user


async def _user_with_both_roles(api: httpx.AsyncClient, login: Login) -> tuple[dict[str, str], str]:
    username, user_id = await new_user(
        api, login, "a-long-password", "officer", "leader", certificate_no="37090020268888"
    )
    return await bearer(api, username, "a-long-password"), user_id


async def test_an_officer_holding_the_leader_role_cannot_sign_their_own_case(
    api: httpx.AsyncClient, login: Login
) -> None:
    district = await agency_id("demo-district-amr")
    both, user_id = await _user_with_both_roles(api, login)
    (officer2,) = await ids_of("officer2")
    opened = await api.post("/cases", json=case_body(district, [user_id, officer2]), headers=both)
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["id"]
    await wait_for_phase(api, both, case_id, "filing_approval")
    task = next(t for t in (await api.get("/tasks", headers=both)).json() if t["case_id"] == case_id)

    refused = await api.post(f"/tasks/{task['id']}/decision", json={"decision": "approve"}, headers=both)
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["rule"] == "separation_of_duties"
    signed = await api.post(
        f"/tasks/{task['id']}/decision", json={"decision": "approve"}, headers=await login("leader")
    )
    assert signed.status_code == 200, signed.text


async def test_whoever_opened_a_case_cannot_sign_it_either(api: httpx.AsyncClient, login: Login) -> None:
    district = await agency_id("demo-district-amr")
    both, _ = await _user_with_both_roles(api, login)
    # Opens the case for two other officers: still the one who proposed it.
    opened = await api.post(
        "/cases", json=case_body(district, await ids_of("officer1", "officer2")), headers=both
    )
    assert opened.status_code == 201, opened.text
    await wait_for_phase(api, both, opened.json()["id"], "filing_approval")
    task = next(
        t for t in (await api.get("/tasks", headers=both)).json() if t["case_id"] == opened.json()["id"]
    )
    refused = await api.post(f"/tasks/{task['id']}/decision", json={"decision": "approve"}, headers=both)
    assert refused.status_code == 403 and refused.json()["error"]["rule"] == "separation_of_duties"
