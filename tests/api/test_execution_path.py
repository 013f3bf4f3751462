"""From a decided case to the archived case file through the HTTP API: serving the decision,
payment, closing and archiving, on the real Temporal dev server and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import httpx
from sqlalchemy import select
from temporalio.client import Client

from casetrail.store.audit import verify_chain
from casetrail.store.db import transaction
from casetrail.store.models import AuditEvent
from tests.conftest import TASK_QUEUE
from tests.workflows.factory import penalty_decision, start_decided_case

from .conftest import Login
from .helpers import wait_for_phase

CST = timezone(timedelta(hours=8))


async def test_decided_case_is_served_paid_closed_and_archived(
    api: httpx.AsyncClient, login: Login, temporal_client: Client
) -> None:
    officer, leader, archivist = await login("officer1"), await login("leader"), await login("archivist")
    now = datetime.now(UTC).astimezone(CST)
    _, case_uuid = await start_decided_case(
        temporal_client, TASK_QUEUE, decision=penalty_decision(now, fine_fen=50_000)
    )
    case_id = str(case_uuid)
    served = await api.post(
        f"/cases/{case_id}/steps/serve_decision",
        json={"payload": {}},
        headers=officer,
    )
    assert served.status_code == 200, served.text
    assert served.json()["phase"] == "serving_decision"
    service = (await api.get(f"/cases/{case_id}/services/decision", headers=officer)).json()
    assert service["status"] == "serving" and "mail" in service["ways"]

    attempts = f"/cases/{case_id}/services/decision/attempts"
    notice = await api.post(
        attempts,
        json={
            "way": "public_notice",
            "payload": {
                "reason_others_failed": "无",
                "carrier": "公告栏",
                "posted": False,
                "published_on": now.date().isoformat(),
                "notice_text": "公告",
                "collection_place": "本局政务服务窗口",
            },
        },
        headers=officer,
    )
    assert notice.status_code == 409, notice.text
    assert "第九十五条" in notice.json()["error"]["citation"]
    electronic = await api.post(
        attempts,
        json={
            "way": "electronic",
            "payload": {
                "channel": "email",
                "address": "a@example.cn",
                "sent_at": now.isoformat(),
                "arrived_at": now.isoformat(),
            },
        },
        headers=officer,
    )
    assert electronic.status_code == 409
    assert electronic.json()["error"]["rule"] == "electronic_consent_required"
    unknown = await api.post(attempts, json={"way": "pigeon", "payload": {}}, headers=officer)
    assert unknown.status_code == 422 and "mail" in unknown.json()["error"]["allowed"]

    mail = {
        "carrier": "registered",
        "tracking_no": "XA100",
        "posted_on": (now - timedelta(days=2)).date().isoformat(),
        "receipt_date": now.date().isoformat(),
    }
    delivered = await api.post(attempts, json={"way": "mail", "payload": mail}, headers=officer)
    assert delivered.status_code == 200, delivered.text
    assert delivered.json()["status"] == "served" and delivered.json()["way"] == "mail"
    await wait_for_phase(api, officer, case_id, "performance")
    again = await api.post(attempts, json={"way": "mail", "payload": mail}, headers=officer)
    assert again.status_code == 409 and again.json()["error"]["rule"] == "already_served"

    paid = await api.post(
        f"/cases/{case_id}/steps/record_payment",
        json={"payload": {"amount_fen": 50_000, "paid_on": now.date().isoformat(), "receipt_no": "鲁财0001"}},
        headers=officer,
    )
    assert paid.status_code == 200, paid.text
    assert paid.json()["phase"] == "performed" and "request_closing" in paid.json()["allowed_steps"]

    closing = await api.post(
        f"/cases/{case_id}/steps/request_closing",
        json={"payload": {"summary": "罚款已缴清", "outcome": "执行完毕"}},
        headers=officer,
    )
    assert closing.status_code == 200, closing.text
    signed = await api.post(
        f"/tasks/{closing.json()['task_id']}/decision",
        json={"decision": "approve", "opinion": "同意结案"},
        headers=leader,
    )
    assert signed.status_code == 200 and signed.json()["phase"] == "archiving"
    assert signed.json()["allowed_steps"] == [
        "archive_case",
        "approve_recording_exception",
        "request_record_access",
        "describe_recordings",
    ]
    by_officer = await api.post(
        f"/cases/{case_id}/steps/archive_case",
        json={"payload": {"file_no": "档", "retention": "长期"}},
        headers=officer,
    )
    assert by_officer.status_code == 403
    archived = await api.post(
        f"/cases/{case_id}/steps/archive_case",
        json={"payload": {"file_no": "泰示岱监档〔2026〕88号", "retention": "长期", "location": "档案室A-3"}},
        headers=archivist,
    )
    assert archived.status_code == 200, archived.text
    detail = await wait_for_phase(api, officer, case_id, "archived")

    # Read-only from now on, and the API says why.
    after = await api.post(
        f"/cases/{case_id}/steps/record_payment",
        json={"payload": {"amount_fen": 1, "paid_on": now.date().isoformat(), "receipt_no": "x"}},
        headers=officer,
    )
    assert after.status_code == 409
    assert after.json()["error"]["rule"] == "case_archived" and "已归档" in after.json()["error"]["message"]
    assert after.json()["error"]["allowed"] == []

    kinds = [r["kind"] for r in detail["records"]]
    assert kinds == ["service_mail", "payment", "closing_request", "closing_approval", "archive"]
    # The court-application window (强制法 Art. 53) ran from the decision's service; paying ended it.
    assert {d["key"]: d["status"] for d in detail["deadlines"]} == {
        "decision_service": "met",
        "fine_payment": "met",
        "court_application_window": "met",
        "archive": "met",
    }
    index = detail["records"][-1]["fields"]["index"]
    assert [e["title"] for e in index][:2] == ["送达回证（邮寄送达）", "罚款缴纳记录"]
    async with transaction() as session:
        stored = (
            await session.execute(
                select(AuditEvent).where(AuditEvent.case_id == uuid.UUID(case_id)).order_by(AuditEvent.seq)
            )
        ).scalars()
        assert verify_chain(stored) == []
