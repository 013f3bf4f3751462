"""Cases written straight into the read model, for tests of what happens to a case's documents."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from casetrail.store.db import transaction
from casetrail.store.models import Agency, Case, CaseOfficer, User

PARTY: dict[str, Any] = {
    "name": "泰安市岱宗食品有限公司",
    "kind": "organisation",
    "id_number": "91370902MA3C7Q2X4Y",
    "address": "泰安市泰山区温泉路16号",
    "representative": "张明远",
}


async def new_case(
    *,
    agency_code: str = "demo-district-amr",
    party: dict[str, Any] | None = None,
    cause: str = "经营超过保质期食品",
) -> uuid.UUID:
    """A case of the agency handled by officer1 (lead) and officer2, as the API would open it."""
    case_id = uuid.uuid4()
    async with transaction() as session:
        agency = (await session.execute(select(Agency).where(Agency.code == agency_code))).scalar_one()
        officers = (
            (
                await session.execute(
                    select(User).where(User.username.in_(("officer1", "officer2"))).order_by(User.username)
                )
            )
            .scalars()
            .all()
        )
        session.add(
            Case(
                id=case_id,
                case_no=f"{agency.short_name}立字〔2026〕第{case_id.hex[:8]}号",
                agency_id=agency.id,
                workflow_id=f"case-{case_id}",
                profile_id=agency.profile_id,
                profile_version="1",
                start_type="ex_officio",
                cause=cause,
                party=PARTY if party is None else party,
                phase="investigation",
                created_by=officers[0].id,
            )
        )
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
    return case_id
