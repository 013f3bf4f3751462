"""`casetrail history` prints a case workflow's events for ops."""

from __future__ import annotations

import asyncio

import httpx

from casetrail.config import Settings
from casetrail.ops import print_history

from .conftest import Login
from .helpers import open_case, wait_for_phase


async def test_history_lists_the_events_of_a_case(
    api: httpx.AsyncClient, login: Login, temporal_address: str
) -> None:
    officer = await login("officer1")
    case = await open_case(api, officer)
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    settings = Settings(TEMPORAL_ADDRESS=temporal_address)  # type: ignore[call-arg]
    # Search attributes reach Temporal's visibility store after the upsert, not with it: under
    # load describe() can still show the previous phase, so read the history again until it shows.
    for _ in range(100):
        lines: list[str] = []
        await print_history(settings, case["id"], printer=lines.append)
        text = "\n".join(lines)
        if "CasePhase = filing_approval" in text:
            break
        await asyncio.sleep(0.1)
    assert case["workflow_id"] in lines[0] and "RUNNING" in lines[0]
    assert "CasePhase = filing_approval" in text
    assert "commit_step" in text and "workflow_execution_started" in text
