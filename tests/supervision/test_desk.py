"""The approval desk through the API, with real case workflows: what a signer sees, signing under a
delegation for a period, and reassignment — each on record in the case's audit chain."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from casetrail.store.models import Role
from tests.api.conftest import Login
from tests.api.helpers import agency_id, open_case, wait_for_phase
from tests.documents.pdftools import pdf_text

from .helpers import add_user, user_id


async def desk_item(api: httpx.AsyncClient, headers: dict[str, str], case_id: str) -> dict[str, Any] | None:
    response = await api.get("/desk", params={"limit": 200}, headers=headers)
    assert response.status_code == 200, response.text
    return next((i for i in response.json() if i["case_id"] == case_id), None)


async def test_leader_desk_shows_case_party_opinions_and_time_left(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer)
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    item = await desk_item(api, leader, case["id"])
    assert item is not None
    assert item["case_no"] == case["case_no"] and item["party"] == "泰安市某某超市有限公司"
    assert item["to_sign"].startswith("立案审批") and item["role_title"] == "行政机关负责人"
    assert item["authority_title"] == "本人职责"
    assert item["opinions"][0]["step"] == "承办人意见" and item["opinions"][0]["signer"] == "张三"
    assert item["time_left"] == "无期限" or item["time_left"].startswith(("剩余", "已超期"))
    # A task just opened has either no due time or time left, never an overdue one.
    assert item["time_left"] == "无期限" if item["due_at"] is None else item["time_left"].startswith("剩余")
    # Soonest due first: no task without a due time comes before one with it.
    listed = (await api.get("/desk", params={"limit": 200}, headers=leader)).json()
    dues = [i["due_at"] for i in listed]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated) and dues[: len(dated)] == dated


async def test_the_draft_document_is_a_pdf_from_the_render_pool_for_this_agency_only(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer, cause="涉嫌销售无标识食品")
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    item = await desk_item(api, leader, case["id"])
    assert item is not None
    assert item["draft_pdf"] == f"/desk/tasks/{item['task_id']}/draft.pdf"
    draft = await api.get(item["draft_pdf"], headers=leader)
    assert draft.status_code == 200 and draft.headers["content-type"] == "application/pdf"
    text = pdf_text(draft.content)
    assert "立案审批表" in text and case["case_no"] in text and "涉嫌销售无标识食品" in text
    assert "草稿（签批后编号）" in text and "张三" in text
    # Reading the draft takes no number: the case's documents are still none.
    assert (await api.get(f"/cases/{case['id']}/documents", headers=officer)).json() == []
    elsewhere = await api.get(f"/desk/tasks/{item['task_id']}/draft.pdf", headers=await login("gd_leader"))
    assert elsewhere.status_code == 404 and "不属于您所在机关" in elsewhere.json()["error"]["message"]
    assert str(item["task_id"]) not in elsewhere.text


async def test_deputy_signs_under_delegation_and_not_after_revocation(
    api: httpx.AsyncClient, login: Login
) -> None:
    district = await agency_id("demo-district-amr")
    deputy_name = await add_user("副局长甲", roles={uuid.UUID(district): (Role.unit_head,)})
    deputy, leader, officer = await login(deputy_name), await login("leader"), await login("officer1")
    now = datetime.now(UTC)
    deputy_id = str(await user_id(deputy_name))

    def lend(starts_at: datetime, ends_at: datetime) -> dict[str, str]:
        return {
            "deputy_id": deputy_id,
            "agency_id": district,
            "role": "leader",
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "reason": "局长出差",
        }

    refused = await api.post("/desk/delegations", json=lend(now, now - timedelta(hours=1)), headers=leader)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "ends_at"
    created = await api.post(
        "/desk/delegations", json=lend(now - timedelta(minutes=1), now + timedelta(hours=2)), headers=leader
    )
    assert created.status_code == 201, created.text
    delegation = created.json()
    case = await open_case(api, officer)
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    item = await desk_item(api, deputy, case["id"])
    assert item is not None and item["authority_title"] == "授权代签"
    signed = await api.post(
        f"/tasks/{item['task_id']}/decision",
        json={"decision": "approve", "opinion": "同意立案（代签）"},
        headers=deputy,
    )
    assert signed.status_code == 200, signed.text
    await wait_for_phase(api, officer, case["id"], "investigation")
    chain = (await api.get(f"/cases/{case['id']}/audit", headers=officer)).json()
    on_authority = [e for e in chain if e["action"] == "task.signing_on_authority"]
    assert len(on_authority) == 1 and on_authority[0]["detail"]["delegation_id"] == delegation["id"]

    revoked = await api.post(f"/desk/delegations/{delegation['id']}/revoke", headers=leader)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    second = await open_case(api, officer)
    await wait_for_phase(api, officer, second["id"], "filing_approval")
    assert await desk_item(api, deputy, second["id"]) is None
    task = await desk_item(api, leader, second["id"])
    assert task is not None
    denied = await api.post(
        f"/tasks/{task['task_id']}/decision", json={"decision": "approve", "opinion": "同意"}, headers=deputy
    )
    assert denied.status_code == 403 and "授权" in denied.json()["error"]["message"]

    outsider = await api.post(
        f"/desk/tasks/{task['task_id']}/reassign",
        json={"assignee_id": str(await user_id("gd_officer")), "reason": "出差"},
        headers=leader,
    )
    assert outsider.status_code == 422 and outsider.json()["error"]["message"] == "改派对象须为本机关人员"
    # Reassigned by the leader to the deputy by name: now the deputy may sign it, on record.
    moved = await api.post(
        f"/desk/tasks/{task['task_id']}/reassign",
        json={"assignee_id": deputy_id, "reason": "局长休假"},
        headers=leader,
    )
    assert moved.status_code == 200, moved.text
    item = await desk_item(api, deputy, second["id"])
    assert item is not None and item["authority_title"] == "改派给本人"
    signed = await api.post(
        f"/tasks/{task['task_id']}/decision", json={"decision": "approve", "opinion": "同意"}, headers=deputy
    )
    assert signed.status_code == 200, signed.text
    chain = (await api.get(f"/cases/{second['id']}/audit", headers=officer)).json()
    actions = [e["action"] for e in chain]
    assert "task.reassigned" in actions and "task.signing_on_authority" in actions
    officer_cannot = await api.post(
        f"/desk/tasks/{task['task_id']}/reassign",
        json={"assignee_id": deputy_id, "reason": "x"},
        headers=officer,
    )
    assert officer_cannot.status_code in (403, 422)
    # Refused for who asks (only the agency's leader reassigns), not for the payload or the task's state.
    assert officer_cannot.status_code == 403 and officer_cannot.json()["error"]["rule"] == "role"
    assert "负责人" in officer_cannot.json()["error"]["message"]
    gone = await api.post(
        f"/desk/tasks/{uuid.uuid4()}/reassign",
        json={"assignee_id": deputy_id, "reason": "出差"},
        headers=leader,
    )
    assert (
        gone.status_code == 404 and gone.json()["error"]["message"] == "该审批任务不存在，或不属于您所在机关"
    )
