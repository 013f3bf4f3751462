"""Cases and tasks written straight into the read model, with exactly the values a test asserts on."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from casetrail.api.security import hash_password
from casetrail.seed import DEMO_PASSWORD
from casetrail.store.db import transaction
from casetrail.store.models import Agency, ApprovalTask, Case, CaseOfficer, Membership, Role, User


async def user_id(username: str) -> uuid.UUID:
    async with transaction() as session:
        return (await session.execute(select(User.id).where(User.username == username))).scalar_one()


async def agency(code: str) -> uuid.UUID:
    async with transaction() as session:
        return (await session.execute(select(Agency.id).where(Agency.code == code))).scalar_one()


async def add_case(
    *,
    agency_id: uuid.UUID,
    case_no: str,
    party_name: str,
    id_number: str = "",
    officers: tuple[uuid.UUID, ...] = (),
    **values: Any,
) -> uuid.UUID:
    async with transaction() as session:
        creator = officers[0] if officers else (await session.execute(select(User.id).limit(1))).scalar_one()
        case = Case(
            case_no=case_no,
            agency_id=agency_id,
            workflow_id=f"seeded-{uuid.uuid4()}",
            profile_id=values.pop("profile_id", "taian-2017"),
            profile_version="1",
            start_type=values.pop("start_type", "ex_officio"),
            cause=values.pop("cause", "检索测试"),
            party={"name": party_name, "id_number": id_number, "kind": "organisation"},
            phase=values.pop("phase", "investigation"),
            created_by=creator,
            **values,
        )
        session.add(case)
        await session.flush()
        for index, officer in enumerate(officers):
            session.add(CaseOfficer(case_id=case.id, user_id=officer, certificate_no="", lead=index == 0))
        return case.id


async def add_task(
    *, case_id: uuid.UUID, agency_id: uuid.UUID, role: str, due_at: datetime | None, title: str = "审批"
) -> uuid.UUID:
    async with transaction() as session:
        task = ApprovalTask(
            case_id=case_id,
            agency_id=agency_id,
            step_key=f"seeded:{uuid.uuid4()}",
            kind="filing",
            title=title,
            role=role,
            due_at=due_at,
        )
        session.add(task)
        await session.flush()
        return task.id


async def add_agency(
    name: str, *, parent: uuid.UUID | None = None, profile_id: str = "taian-2017"
) -> uuid.UUID:
    """A fresh agency (unique code), so that a test's counts are its own whatever else ran."""
    async with transaction() as session:
        code = f"t-{uuid.uuid4().hex[:10]}"
        row = Agency(code=code, name=name, short_name=name[:8], parent_id=parent, profile_id=profile_id)
        session.add(row)
        await session.flush()
        return row.id


async def add_user(
    full_name: str, *, roles: dict[uuid.UUID, tuple[Role, ...]], certificate: bool = False
) -> str:
    """A user with the demo password holding ``roles`` per agency; returns the username."""
    username = f"u{uuid.uuid4().hex[:10]}"
    async with transaction() as session:
        user = User(
            username=username,
            full_name=full_name,
            password_hash=hash_password(DEMO_PASSWORD),
            certificate_no=f"C{uuid.uuid4().int % 10**12:012d}" if certificate else None,
        )
        session.add(user)
        await session.flush()
        for agency_id, held in roles.items():
            for role in held:
                session.add(Membership(user_id=user.id, agency_id=agency_id, role=role))
    return username
