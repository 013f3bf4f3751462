"""Start case workflows directly (without the API) for workflow tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment

from casetrail.errors import CasetrailError
from casetrail.store.db import transaction
from casetrail.store.models import Agency, Case, CaseOfficer, Deadline, Record, Role, User
from casetrail.workflows.case_workflow import CaseInput, CaseSnapshot, CaseWorkflow
from casetrail.workflows.failures import from_failure
from casetrail.workflows.types import Actor, CaseStart, Officer, StepOutcome, StepRequest, TaskDecision

from .conftest import TIME_SKIPPING_QUEUE


async def _user(username: str) -> User:
    async with transaction() as session:
        return (await session.execute(select(User).where(User.username == username))).scalar_one()


async def actor(username: str, role: Role) -> Actor:
    user = await _user(username)
    return Actor(str(user.id), user.full_name, [role.value], user.certificate_no)


async def leader_actor() -> Actor:
    return await actor("leader", Role.leader)


async def officer_actor() -> Actor:
    return await actor("officer1", Role.officer)


async def start_case(
    client: Client,
    task_queue: str,
    *,
    agency_code: str = "demo-district-amr",
    start_type: str = "ex_officio",
    facts: dict[str, Any] | None = None,
    max_history: int | None = None,
    intake: dict[str, Any] | None = None,
    profile_id: str | None = None,
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """Write the case row as the API does, then start its workflow (``profile_id`` overrides the agency's)."""
    officers = [await _user("officer1"), await _user("officer2")]
    case_id = uuid.uuid4()
    async with transaction() as session:
        agency = (await session.execute(select(Agency).where(Agency.code == agency_code))).scalar_one()
        case = Case(
            id=case_id,
            case_no=f"测试〔{datetime.now(UTC).year}〕{case_id.hex[:8]}号",
            agency_id=agency.id,
            workflow_id=f"case-{case_id}",
            profile_id=profile_id or agency.profile_id,
            profile_version="1",
            start_type=start_type,
            cause="测试案由",
            party={"name": "测试当事人", "kind": "person"},
            phase="starting",
            created_by=officers[0].id,
        )
        session.add(case)
        await session.flush()
        for officer in officers:
            session.add(
                CaseOfficer(case_id=case_id, user_id=officer.id, certificate_no=officer.certificate_no or "")
            )
        agency_id, agency_name, profile_id = str(agency.id), agency.name, case.profile_id
    start = CaseStart(
        case_id=str(case_id),
        case_no=case.case_no,
        agency_id=agency_id,
        agency_name=agency_name,
        profile_id=profile_id,
        profile_version="1",
        start_type=start_type,
        cause="测试案由",
        party={"name": "测试当事人", "kind": "person"},
        officers=[Officer(str(o.id), o.full_name, o.certificate_no or "") for o in officers],
        opened_by=await officer_actor(),
        facts=facts or {"summary": "测试案情"},
        intake=intake or {},
    )
    handle = await client.start_workflow(
        CaseWorkflow.run,
        CaseInput(start=start, max_history=max_history),
        id=case.workflow_id,
        task_queue=task_queue,
    )
    return handle, case_id


async def wait_for(
    handle: WorkflowHandle[Any, Any], predicate: Callable[[CaseSnapshot], bool], timeout: float = 20.0
) -> CaseSnapshot:
    """Query until the workflow reaches a state (its activities run on real time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        snapshot = await handle.query(CaseWorkflow.snapshot)
        if predicate(snapshot):
            return snapshot
        if loop.time() > deadline:
            raise AssertionError(f"workflow never reached the expected state: {snapshot}")
        await asyncio.sleep(0.05)


async def first_open_task(handle: WorkflowHandle[Any, Any]) -> str:
    snapshot = await wait_for(handle, lambda s: bool(s.open_tasks))
    return snapshot.open_tasks[0]["task_id"]


async def officer_ids() -> list[str]:
    return [str((await _user(name)).id) for name in ("officer1", "officer2")]


async def submit(
    handle: WorkflowHandle[Any, Any], step: str, payload: dict[str, Any], actor: Actor | None = None
) -> StepOutcome:
    request = StepRequest(step, actor or await officer_actor(), payload, str(uuid.uuid4()))
    outcome: StepOutcome = await handle.execute_update(CaseWorkflow.submit_step, request)
    return outcome


async def decide(
    handle: WorkflowHandle[Any, Any], task_id: str, decision: str = "approve", opinion: str = "同意"
) -> StepOutcome:
    outcome: StepOutcome = await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(task_id, decision, await leader_actor(), opinion)
    )
    return outcome


async def refusal(call: Awaitable[Any]) -> CasetrailError:
    """The domain error a refused Update carries (validator or handler)."""
    try:
        await call
    except WorkflowUpdateFailedError as exc:
        error = from_failure(exc)
        assert error is not None, exc
        return error
    raise AssertionError("the step was not refused")


async def records(case_id: uuid.UUID) -> list[Record]:
    async with transaction() as session:
        query = select(Record).where(Record.case_id == case_id).order_by(Record.created_at)
        return list((await session.execute(query)).scalars())


async def record_of(case_id: uuid.UUID, kind: str) -> Record:
    found = [r for r in await records(case_id) if r.kind == kind]
    assert len(found) == 1, [r.kind for r in await records(case_id)]
    return found[0]


async def deadlines(case_id: uuid.UUID) -> dict[str, Deadline]:
    async with transaction() as session:
        rows = (await session.execute(select(Deadline).where(Deadline.case_id == case_id))).scalars()
        return {row.key: row for row in rows}


async def case_row(case_id: uuid.UUID) -> Case:
    async with transaction() as session:
        case = await session.get(Case, case_id)
    assert case is not None
    return case


async def filed_case(
    env: WorkflowEnvironment, *, profile_id: str | None = None
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """An ex-officio case the leader has filed: in ``investigation`` with its 90-day clock."""
    handle, case_id = await start_case(env.client, TIME_SKIPPING_QUEUE, profile_id=profile_id)
    await decide(handle, await first_open_task(handle))
    return handle, case_id


def on_site(officers: list[str], **fields: Any) -> dict[str, Any]:
    """The attendance part of an act's payload: both case officers, certificates shown."""
    return {"officer_ids": officers, "certificates_shown": True, "place": "某某超市经营场所", **fields}
