"""Start case workflows directly (without the API) for workflow tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from temporalio.client import Client, WorkflowHandle

from casetrail.store.db import transaction
from casetrail.store.models import Agency, Case, CaseOfficer, Role, User
from casetrail.workflows.case_workflow import CaseInput, CaseSnapshot, CaseWorkflow
from casetrail.workflows.types import Actor, CaseStart, Officer

# Complete enough for the 立案审批表 issued at filing approval.
PARTY = {
    "name": "测试当事人",
    "kind": "person",
    "id_number": "370902199001011234",
    "address": "泰安市泰山区测试路1号",
}


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


async def insert_case(
    *,
    agency_code: str = "demo-district-amr",
    start_type: str = "ex_officio",
    cause: str = "测试案由",
    party: dict[str, Any] | None = None,
    phase: str = "starting",
) -> tuple[Case, Agency, list[User]]:
    """Write the case row and its officers (officer1 leading, officer2) as the API does."""
    officers = [await _user("officer1"), await _user("officer2")]
    case_id = uuid.uuid4()
    async with transaction() as session:
        agency = (await session.execute(select(Agency).where(Agency.code == agency_code))).scalar_one()
        case = Case(
            id=case_id,
            case_no=f"测试〔{datetime.now(UTC).year}〕{case_id.hex[:8]}号",
            agency_id=agency.id,
            workflow_id=f"case-{case_id}",
            profile_id=agency.profile_id,
            profile_version="1",
            start_type=start_type,
            cause=cause,
            party=PARTY if party is None else party,
            phase=phase,
            created_by=officers[0].id,
        )
        session.add(case)
        await session.flush()
        for index, officer in enumerate(officers):
            session.add(
                CaseOfficer(
                    case_id=case_id,
                    user_id=officer.id,
                    certificate_no=officer.certificate_no or "",
                    lead=index == 0,
                )
            )
    return case, agency, officers


async def start_case(
    client: Client,
    task_queue: str,
    *,
    agency_code: str = "demo-district-amr",
    start_type: str = "ex_officio",
    facts: dict[str, Any] | None = None,
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """Write the case row as the API does, then start its workflow."""
    case, agency, officers = await insert_case(agency_code=agency_code, start_type=start_type)
    start = CaseStart(
        case_id=str(case.id),
        case_no=case.case_no,
        agency_id=str(agency.id),
        agency_name=agency.name,
        profile_id=agency.profile_id,
        profile_version="1",
        start_type=start_type,
        cause=case.cause,
        party=case.party,
        officers=[Officer(str(o.id), o.full_name, o.certificate_no or "") for o in officers],
        opened_by=await officer_actor(),
        facts=facts or {"summary": "测试案情"},
    )
    handle = await client.start_workflow(
        CaseWorkflow.run, CaseInput(start=start), id=case.workflow_id, task_queue=task_queue
    )
    return handle, case.id


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
