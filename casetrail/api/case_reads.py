"""What a case page shows, read from the read model: one query each for the JSON API and the web UI."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.store.models import ApprovalTask, CaseOfficer, Deadline, Record, User


async def officers_of_case(session: AsyncSession, case_id: uuid.UUID) -> Sequence[Row[CaseOfficer, User]]:
    query = (
        select(CaseOfficer, User)
        .join(User, User.id == CaseOfficer.user_id)
        .where(CaseOfficer.case_id == case_id)
    )
    return (await session.execute(query)).all()


async def records_of_case(session: AsyncSession, case_id: uuid.UUID) -> Sequence[Record]:
    query = select(Record).where(Record.case_id == case_id).order_by(Record.created_at)
    return (await session.execute(query)).scalars().all()


async def deadlines_of_case(session: AsyncSession, case_id: uuid.UUID) -> Sequence[Deadline]:
    query = select(Deadline).where(Deadline.case_id == case_id).order_by(Deadline.due_at)
    return (await session.execute(query)).scalars().all()


async def tasks_of_case(session: AsyncSession, case_id: uuid.UUID) -> Sequence[ApprovalTask]:
    query = select(ApprovalTask).where(ApprovalTask.case_id == case_id).order_by(ApprovalTask.created_at)
    return (await session.execute(query)).scalars().all()
