"""Retrying a service attempt with the same submission id (as the 503 message advises) returns the
original outcome, even after the service ended; a different attempt is still "already served"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import httpx
from temporalio.client import Client

from tests.api.conftest import Login
from tests.conftest import TASK_QUEUE
from tests.workflows.factory import penalty_decision, start_decided_case

CST = timezone(timedelta(hours=8))


async def test_a_retried_attempt_returns_its_original_outcome(
    api: httpx.AsyncClient, login: Login, temporal_client: Client
) -> None:
    officer = await login("officer1")
    now = datetime.now(UTC).astimezone(CST)
    _, case_uuid = await start_decided_case(temporal_client, TASK_QUEUE, decision=penalty_decision(now))
    served = await api.post(f"/cases/{case_uuid}/steps/serve_decision", json={"payload": {}}, headers=officer)
    assert served.status_code == 200, served.text
    attempts = f"/cases/{case_uuid}/services/decision/attempts"
    mail = {
        "way": "mail",
        "submission_id": str(uuid.uuid4()),
        "payload": {
            "carrier": "registered",
            "tracking_no": "XA200",
            "posted_on": (now - timedelta(days=2)).date().isoformat(),
            "receipt_date": now.date().isoformat(),
        },
    }
    first = await api.post(attempts, json=mail, headers=officer)
    assert first.status_code == 200 and first.json()["status"] == "served", first.text
    for _ in range(2):
        retried = await api.post(attempts, json=mail, headers=officer)
        assert retried.status_code == 200, retried.text
        assert retried.json()["served_at"] == first.json()["served_at"]
        assert len(retried.json()["attempts"]) == 1
    other = await api.post(attempts, json=mail | {"submission_id": str(uuid.uuid4())}, headers=officer)
    assert other.status_code == 409 and other.json()["error"]["rule"] == "already_served"
