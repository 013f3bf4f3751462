"""What a case page shows, read from the read model: one query each for the JSON API and the web UI."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.store.models import ApprovalTask, Case, CaseOfficer, Deadline, Record, User


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


class Link(StrEnum):
    """How another case is linked to this one (linked workflows, one record)."""

    inspection = "inspection"  # the inspection this penalty case was opened from
    penalty_case = "penalty_case"  # the penalty case this inspection led to


LINK_TITLES = {Link.inspection: "来源行政检查", Link.penalty_case: "转立案查处"}


class LinkedCase(BaseModel):
    relation: Link
    relation_title: str
    case_id: uuid.UUID
    case_no: str


async def linked_cases(session: AsyncSession, case: Case) -> list[LinkedCase]:
    """The inspection a penalty case came from, and the penalty case an inspection led to."""
    query = select(Case).where((Case.id == case.origin_case_id) | (Case.origin_case_id == case.id))
    return [
        LinkedCase(relation=link, relation_title=LINK_TITLES[link], case_id=other.id, case_no=other.case_no)
        for other in (await session.execute(query.order_by(Case.created_at))).scalars()
        for link in [Link.inspection if other.id == case.origin_case_id else Link.penalty_case]
    ]
