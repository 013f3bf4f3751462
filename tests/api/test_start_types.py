"""Complaint, application and emergency starts through the HTTP API, real PostgreSQL and Temporal."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from casetrail.store.audit import verify_chain
from casetrail.store.db import transaction
from casetrail.store.models import AuditEvent, Case
from tests.workflows.factory import INQUIRY

from .conftest import Login
from .helpers import agency_id, case_body, ids_of, wait_for_phase

COMPLAINT = {
    "complainant": {"name": "王某", "contact": "13800000000"},
    "channel": "12315热线",
    "content": "某超市销售过期酸奶",
    "received_at": "2026-03-02T09:30:00+08:00",
}


async def test_complaint_case_from_duty_log_to_an_inquiry(api: httpx.AsyncClient, login: Login) -> None:
    officer, leader = await login("officer1"), await login("leader")
    officers = await ids_of("officer1", "officer2")
    body = case_body(
        await agency_id("demo-district-amr"), officers, start_type="complaint", complaint=COMPLAINT
    )
    response = await api.post("/cases", json=body, headers=officer)
    assert response.status_code == 201, response.text
    case = response.json()
    assert case["start_type"] == "complaint"

    detail = await wait_for_phase(api, officer, case["id"], "complaint_review")
    [log] = detail["records"]
    assert log["kind"] == "duty_log" and log["fields"]["complainant"]["name"] == "王某"

    proposed = await api.post(
        f"/cases/{case['id']}/steps/propose_filing",
        json={"payload": {"summary": "核查属实"}},
        headers=officer,
    )
    assert proposed.status_code == 200, proposed.text
    signed = await api.post(
        f"/tasks/{proposed.json()['task_id']}/decision",
        json={"decision": "approve", "opinion": "同意立案"},
        headers=leader,
    )
    assert signed.status_code == 200 and signed.json()["phase"] == "investigation"
    assert {"inquiry", "request_seizure", "commission_testing"} <= set(signed.json()["allowed_steps"])

    inquiry: dict[str, Any] = {
        "officer_ids": officers[:1],
        "certificates_shown": True,
        "place": "某超市",
        **INQUIRY,
    }
    alone = await api.post(f"/cases/{case['id']}/steps/inquiry", json={"payload": inquiry}, headers=officer)
    assert alone.status_code == 409, alone.text
    error = alone.json()["error"]
    assert error["rule"] == "two_officers" and error["citation"] == "《中华人民共和国行政处罚法》第四十二条"
    done = await api.post(
        f"/cases/{case['id']}/steps/inquiry",
        json={"payload": inquiry | {"officer_ids": officers}},
        headers=officer,
    )
    assert done.status_code == 200, done.text

    detail = (await api.get(f"/cases/{case['id']}", headers=officer)).json()
    assert [r["kind"] for r in detail["records"]] == [
        "duty_log",
        "filing_request",
        "filing_approval",
        "inquiry",
    ]
    inquiry_record = detail["records"][-1]
    assert inquiry_record["fields"]["officer_count"] == 2
    deadline_keys = {d["key"] for d in detail["deadlines"]}
    assert {"case_handling", f"av:{inquiry_record['step_key']}"} <= deadline_keys
    async with transaction() as session:
        events = (
            await session.execute(
                select(AuditEvent).where(AuditEvent.case_id == uuid.UUID(case["id"])).order_by(AuditEvent.seq)
            )
        ).scalars()
        assert verify_chain(events) == []


async def test_start_details_must_match_the_start_type(api: httpx.AsyncClient, login: Login) -> None:
    officer = await login("officer1")
    district = await agency_id("demo-district-amr")
    officers = await ids_of("officer1", "officer2")
    missing = await api.post(
        "/cases", json=case_body(district, officers, start_type="application"), headers=officer
    )
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "application"
    assert missing.json()["error"]["message"] == "以“依申请”方式启动的，须填写其登记信息"  # no raw value
    unknown = await api.post(
        "/cases", json=case_body(district, [*officers, str(uuid.uuid4())]), headers=officer
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "officer_ids"
    assert "第 3 位执法人员不存在" in unknown.json()["error"]["message"]
    incomplete = {k: v for k, v in COMPLAINT.items() if k != "received_at"}
    bad = await api.post(
        "/cases",
        json=case_body(district, officers, start_type="complaint", complaint=incomplete),
        headers=officer,
    )
    assert bad.status_code == 422
    assert (
        bad.json()["error"]["field"] == "complaint.received_at" and "必填" in bad.json()["error"]["message"]
    )


async def test_emergency_start_is_refused_where_the_profile_does_not_allow_it(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("gd_officer")
    cause = f"紧急先行启动测试 {uuid.uuid4().hex[:6]}"
    emergency = {"urgency": "危险化学品泄漏", "started_at": datetime.now(UTC).isoformat()}
    body = case_body(
        await agency_id("demo-other-amr"),
        await ids_of("gd_officer", "gd_officer2"),
        start_type="emergency",
        emergency=emergency,
        cause=cause,
    )
    response = await api.post("/cases", json=body, headers=officer)
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["rule"] == "emergency_start_not_allowed" and error["field"] == "start_type"
    assert error["citation"] == "《中华人民共和国行政处罚法》第五十四条"
    assert "emergency" not in error["allowed"]
    async with transaction() as session:
        written = (await session.execute(select(func.count()).where(Case.cause == cause))).scalar_one()
    assert written == 0


async def test_emergency_start_in_taian_investigates_at_once(api: httpx.AsyncClient, login: Login) -> None:
    officer = await login("officer1")
    started = datetime.now(UTC) - timedelta(hours=1)
    emergency = {"urgency": "当事人正在销毁证据", "started_at": started.isoformat(), "actions": "立即制止"}
    body = case_body(
        await agency_id("demo-district-amr"),
        await ids_of("officer1", "officer2"),
        start_type="emergency",
        emergency=emergency,
    )
    future = body | {"emergency": emergency | {"started_at": (started + timedelta(days=1)).isoformat()}}
    refused = await api.post("/cases", json=future, headers=officer)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "emergency.started_at"

    response = await api.post("/cases", json=body, headers=officer)
    assert response.status_code == 201, response.text
    detail = await wait_for_phase(api, officer, response.json()["id"], "investigation")
    backfill = next(d for d in detail["deadlines"] if d["key"] == "emergency_backfill")
    assert datetime.fromisoformat(backfill["due_at"]) == started + timedelta(hours=24)
    [task] = detail["tasks"]
    assert task["kind"] == "emergency_filing" and task["role"] == "leader" and task["due_at"]
