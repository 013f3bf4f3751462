"""`casetrail history` prints a case workflow's events for ops."""

from __future__ import annotations

import httpx

from casetrail.config import Settings
from casetrail.ops import print_history

from .conftest import Login
from .helpers import agency_id, case_body, ids_of, wait_for_phase


async def test_history_lists_the_events_of_a_case(
    api: httpx.AsyncClient, login: Login, temporal_address: str
) -> None:
    officer = await login("officer1")
    body = case_body(await agency_id("demo-district-amr"), await ids_of("officer1", "officer2"))
    case = (await api.post("/cases", json=body, headers=officer)).json()
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    lines: list[str] = []
    await print_history(Settings(TEMPORAL_ADDRESS=temporal_address), case["id"], printer=lines.append)  # type: ignore[call-arg]
    text = "\n".join(lines)
    assert case["workflow_id"] in lines[0] and "RUNNING" in lines[0]
    assert "CasePhase = filing_approval" in text
    assert "commit_step" in text and "workflow_execution_started" in text
