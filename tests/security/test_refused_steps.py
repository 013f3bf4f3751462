"""A failure retrying cannot fix is refused at once and the case stays usable.

The edge refuses what the database would; these tests go past it (straight to the workflow, and
with arbitrary payloads) to check that whatever is refused, the next valid step still succeeds.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from temporalio.client import Client

from casetrail.api.actors import actor_for
from casetrail.api.gateway import CaseGateway
from casetrail.errors import InvalidInput
from casetrail.store.db import transaction
from casetrail.store.models import User
from casetrail.workflows.procedure import STEPS
from casetrail.workflows.types import TaskDecision
from tests.api.conftest import Login
from tests.api.helpers import approve_filing, ids_of, open_case, wait_for_phase
from tests.conftest import TASK_QUEUE
from tests.workflows.factory import INQUIRY, on_site


async def test_a_value_the_database_refuses_is_refused_once_and_the_task_stays_signable(
    api: httpx.AsyncClient, login: Login, temporal_client: Client
) -> None:
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer)
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    task = next(t for t in (await api.get("/tasks", headers=leader)).json() if t["case_id"] == case["id"])
    async with transaction() as session:
        signer = (await session.execute(select(User).where(User.username == "leader"))).scalar_one()
        actor = actor_for(signer, uuid.UUID(case["agency_id"]))
    # Straight to the workflow: PostgreSQL cannot store NUL, on any retry.
    gateway = CaseGateway(temporal_client, task_queue=TASK_QUEUE, update_timeout=20)
    poisoned = TaskDecision(task_id=task["id"], decision="approve", actor=actor, opinion="同意\x00")
    with pytest.raises(InvalidInput) as refused:
        await gateway.decide_task(case["workflow_id"], poisoned, str(uuid.uuid4()))
    assert refused.value.rule == "data" and "数据库" in refused.value.message

    signed = await api.post(
        f"/tasks/{task['id']}/decision", json={"decision": "approve", "opinion": "同意立案"}, headers=leader
    )
    assert signed.status_code == 200, signed.text
    assert signed.json()["phase"] == "investigation"


_JUNK = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=10),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=3),
)


def _junk_payloads() -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    names = sorted(name for name, spec in STEPS.items() if spec.payload is not None)

    def for_step(name: str) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
        model = STEPS[name].payload
        assert model is not None
        fields = sorted(model.model_fields)
        if not fields:
            return st.tuples(st.just(name), st.just({}))
        return st.tuples(st.just(name), st.dictionaries(st.sampled_from(fields), _JUNK, max_size=len(fields)))

    return st.sampled_from(names).flatmap(for_step)


async def test_after_any_refused_payload_the_next_valid_step_succeeds(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer, leader = await login("officer1"), await login("leader")
    officers = await ids_of("officer1", "officer2")
    valid_inquiry = on_site(officers, **INQUIRY)
    loop = asyncio.get_running_loop()
    case_ids: list[str] = []

    async def fresh_case() -> str:
        case = await open_case(api, officer)
        assert (await approve_filing(api, officer, leader, case["id"])).status_code == 200
        return str(case["id"])

    async def attempt(step: str, payload: dict[str, Any]) -> None:
        if not case_ids:
            case_ids.append(await fresh_case())
        case_id = case_ids[-1]
        response = await api.post(
            f"/cases/{case_id}/steps/{step}", json={"payload": payload}, headers=officer
        )
        assert response.status_code < 500, response.text
        if response.status_code == 200:
            case_ids.clear()  # an accepted step may have moved the case on: use a new one next time
            return
        error = response.json()["error"]
        assert error["message"] and error["code"] != "internal"
        valid = await api.post(
            f"/cases/{case_id}/steps/inquiry", json={"payload": valid_inquiry}, headers=officer
        )
        assert valid.status_code == 200, (step, payload, valid.text)

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(_junk_payloads())
    def property(example: tuple[str, dict[str, Any]]) -> None:
        asyncio.run_coroutine_threadsafe(attempt(*example), loop).result(timeout=120)

    # Hypothesis drives from a thread; the requests run on this (the session's) event loop.
    await asyncio.to_thread(property)
