"""Bad input gets a clear error naming the field and the rule; users see only their agencies' cases."""

from __future__ import annotations

import time
import uuid

import httpx
from temporalio.client import Client

from casetrail.seed import DEMO_PASSWORD

from .conftest import Login, make_app
from .helpers import agency_id, case_body, ids_of, open_case, wait_for_phase


async def test_unauthenticated_is_refused(api: httpx.AsyncClient) -> None:
    response = await api.get("/cases")
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith("请先登录")
    bad = await api.post("/auth/login", json={"username": "leader", "password": "wrong"})
    assert bad.status_code == 401 and bad.json()["error"]["field"] == "password"


async def test_unknown_case_is_404(api: httpx.AsyncClient, login: Login) -> None:
    response = await api.get(f"/cases/{uuid.uuid4()}", headers=await login("officer1"))
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "case_id"


async def test_invalid_body_names_the_field(api: httpx.AsyncClient, login: Login) -> None:
    district = await agency_id("demo-district-amr")
    body = case_body(district, await ids_of("officer1", "officer2"))
    del body["party"]["name"]
    response = await api.post("/cases", json=body, headers=await login("officer1"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "party.name" and "必填" in error["message"]


async def test_one_officer_alone_is_refused_with_citation(api: httpx.AsyncClient, login: Login) -> None:
    district = await agency_id("demo-district-amr")
    response = await api.post(
        "/cases", json=case_body(district, await ids_of("officer1")), headers=await login("officer1")
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "officer_ids" and error["rule"] == "two_officers"
    assert "第四十二条" in error["citation"]


async def test_step_not_allowed_now_is_409_naming_allowed_steps(api: httpx.AsyncClient, login: Login) -> None:
    officer = await login("officer1")
    case = await open_case(api, officer)
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    response = await api.post(
        f"/cases/{case['id']}/steps/request_closing",
        json={"payload": {"summary": "x", "outcome": "y"}},
        headers=officer,
    )
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["rule"] == "step_not_allowed_now" and isinstance(error["allowed"], list)
    unknown = await api.post(f"/cases/{case['id']}/steps/teleport", json={}, headers=officer)
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "step"


async def test_step_payload_is_validated_in_the_workflow(api: httpx.AsyncClient, login: Login) -> None:
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer)
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    task = next(t for t in (await api.get("/tasks", headers=leader)).json() if t["case_id"] == case["id"])
    returned_without_opinion = await api.post(
        f"/tasks/{task['id']}/decision", json={"decision": "return"}, headers=leader
    )
    assert returned_without_opinion.status_code == 422
    assert returned_without_opinion.json()["error"]["field"] == "opinion"
    await api.post(f"/tasks/{task['id']}/decision", json={"decision": "approve"}, headers=leader)
    response = await api.post(
        f"/cases/{case['id']}/steps/request_closing", json={"payload": {"summary": ""}}, headers=officer
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] in {"summary", "outcome"}
    # Only an officer named on the case may act on it (处罚法 Art. 42).
    other = await api.post(
        f"/cases/{case['id']}/steps/request_closing",
        json={"payload": {"summary": "s", "outcome": "o"}},
        headers=leader,
    )
    assert other.status_code == 403


async def test_filing_refused_ends_the_case_with_its_record(api: httpx.AsyncClient, login: Login) -> None:
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer)
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    task = next(t for t in (await api.get("/tasks", headers=leader)).json() if t["case_id"] == case["id"])
    response = await api.post(
        f"/tasks/{task['id']}/decision",
        json={"decision": "return", "opinion": "证据不足，不予立案"},
        headers=leader,
    )
    assert response.status_code == 200 and response.json()["phase"] == "ended"
    detail = await wait_for_phase(api, officer, case["id"], "ended")
    assert detail["records"][-1]["kind"] == "not_filed"
    assert detail["records"][-1]["fields"]["opinion"] == "证据不足，不予立案"


async def test_agency_scope(api: httpx.AsyncClient, login: Login) -> None:
    case = await open_case(api, await login("officer1"))
    outsider = await api.get(f"/cases/{case['id']}", headers=await login("gd_officer"))
    # Another agency's case answers like an unknown one (its existence is not disclosed).
    unknown = await api.get(f"/cases/{uuid.uuid4()}", headers=await login("gd_officer"))
    assert outsider.status_code == unknown.status_code == 404
    assert outsider.json() == unknown.json()
    assert case["id"] not in [
        c["id"] for c in (await api.get("/cases", headers=await login("gd_officer"))).json()
    ]
    # The city-level supervisor oversees the district agency below it.
    supervised = await api.get(f"/cases/{case['id']}", headers=await login("supervisor"))
    assert supervised.status_code == 200
    # An officer of another agency cannot open a case there.
    district = await agency_id("demo-district-amr")
    foreign = await api.post(
        "/cases",
        json=case_body(district, await ids_of("gd_officer", "gd_officer2")),
        headers=await login("gd_officer"),
    )
    assert foreign.status_code == 404 and foreign.json()["error"]["field"] == "agency_id"


async def test_no_worker_answers_503_quickly(temporal_client: Client, login: Login, database: str) -> None:
    app = make_app(temporal_client, task_queue=f"nobody-polls-{uuid.uuid4().hex[:6]}", update_timeout=3)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://casetrail.test") as client:
        district = await agency_id("demo-district-amr")
        started = time.monotonic()
        response = await client.post(
            "/cases",
            json=case_body(district, await ids_of("officer1", "officer2")),
            headers=await login("officer1"),
        )
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["error"]["rule"] == "no_worker" and "worker" in response.json()["error"]["message"]
    assert elapsed < 10


async def test_logout_revokes_the_token(api: httpx.AsyncClient) -> None:
    login = await api.post("/auth/login", json={"username": "head", "password": DEMO_PASSWORD})
    token = login.json()["token"]
    api.cookies.clear()
    headers = {"Authorization": f"Bearer {token}"}
    assert (await api.get("/auth/me", headers=headers)).status_code == 200
    assert (await api.post("/auth/logout", headers=headers)).status_code == 204
    again = await api.get("/auth/me", headers=headers)
    assert again.status_code == 401 and again.json()["error"]["rule"] == "token_invalid"
