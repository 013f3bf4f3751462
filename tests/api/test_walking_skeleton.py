"""One case end to end through the HTTP API, real PostgreSQL and the real Temporal dev server."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from temporalio.client import Client

from casetrail.store.audit import verify_chain
from casetrail.store.db import transaction
from casetrail.store.models import AuditEvent

from .conftest import Login
from .helpers import open_case, wait_for_phase


async def test_case_walks_from_filing_to_archive(
    api: httpx.AsyncClient, login: Login, temporal_client: Client
) -> None:
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer)
    assert case["case_no"].startswith("泰示岱监立字〔")

    detail = await wait_for_phase(api, officer, case["id"], "filing_approval")
    assert [r["kind"] for r in detail["records"]] == ["filing_request"]
    assert len(detail["officers"]) == 2 and all(o["certificate_no"] for o in detail["officers"])

    tasks = (await api.get("/tasks", headers=leader)).json()
    filing = next(t for t in tasks if t["case_id"] == case["id"])
    assert filing["kind"] == "filing" and filing["status"] == "open"
    # An officer may not sign a leader's task.
    refused = await api.post(f"/tasks/{filing['id']}/decision", json={"decision": "approve"}, headers=officer)
    assert refused.status_code == 403
    signed = await api.post(
        f"/tasks/{filing['id']}/decision", json={"decision": "approve", "opinion": "同意立案"}, headers=leader
    )
    assert signed.status_code == 200, signed.text
    assert signed.json()["phase"] == "investigation"
    assert "request_closing" in signed.json()["allowed_steps"]

    listed = (await api.get("/cases", params={"phase": "investigation"}, headers=officer)).json()
    row = next(c for c in listed if c["id"] == case["id"])
    # The 90-day case-handling clock (处罚法 Art. 60) is the next deadline in the read model.
    assert row["next_deadline_at"] and "90日" in row["next_deadline_label"]

    closing = await api.post(
        f"/cases/{case['id']}/steps/request_closing",
        json={"payload": {"summary": "当事人已改正，罚款已缴清", "outcome": "已执行完毕"}},
        headers=officer,
    )
    assert closing.status_code == 200, closing.text
    task_id = closing.json()["task_id"]
    done = await api.post(
        f"/tasks/{task_id}/decision", json={"decision": "approve", "opinion": "同意结案"}, headers=leader
    )
    assert done.status_code == 200, done.text
    assert done.json()["phase"] == "archiving"
    archived = await api.post(
        f"/cases/{case['id']}/steps/archive_case",
        json={"payload": {"file_no": "泰示岱监档〔2026〕1号", "retention": "长期"}},
        headers=await login("archivist"),
    )
    assert archived.status_code == 200, archived.text
    assert archived.json()["phase"] == "archived"

    detail = await wait_for_phase(api, officer, case["id"], "archived")
    assert detail["case"]["status"] == "archived"
    kinds = [r["kind"] for r in detail["records"]]
    assert kinds == ["filing_request", "filing_approval", "closing_request", "closing_approval", "archive"]
    approval = detail["records"][1]["fields"]
    assert approval["signer"] == "钱七" and approval["opinion"] == "同意立案" and approval["signed_at"]
    signed_tasks = [t for t in detail["tasks"] if t["status"] == "signed"]
    assert len(signed_tasks) == 2 and all(t["signed_by"] and t["signed_at"] for t in signed_tasks)

    # The audit chain is complete and every link verifies.
    events = (await api.get(f"/cases/{case['id']}/audit", headers=officer)).json()
    assert [e["action"] for e in events] == [
        "case.created",
        "case.filing_requested",
        "document.issued",  # 立案审批表
        "case.filed",
        "case.closing_requested",
        "document.issued",  # 结案审批表
        "case.closed",
        "case.archived",
    ]
    async with transaction() as session:
        stored = (
            await session.execute(
                select(AuditEvent).where(AuditEvent.case_id == uuid.UUID(case["id"])).order_by(AuditEvent.seq)
            )
        ).scalars()
        assert verify_chain(stored) == []

    # The workflow completed in Temporal and its history is there for ops.
    handle = temporal_client.get_workflow_handle(case["workflow_id"])
    assert await handle.result() == "archived"
    history = await handle.fetch_history()
    assert len(history.events) > 10
