"""Gap-free numbering per agency, kind and year, safe under concurrent issue.

The counter row is bumped with one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` inside the
caller's transaction: concurrent issuers queue on the row lock, and a rolled-back issue gives its
number back, so the issued numbers have no gaps and are never reused.
"""

from __future__ import annotations

import uuid

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Counter


async def next_number(session: AsyncSession, *, agency_id: uuid.UUID, kind: str, year: int) -> int:
    stmt = (
        insert(Counter)
        .values(agency_id=agency_id, kind=kind, year=year, value=1)
        .on_conflict_do_update(
            index_elements=[Counter.agency_id, Counter.kind, Counter.year],
            set_={"value": Counter.value + 1},
        )
        .returning(Counter.value)
    )
    return int((await session.execute(stmt)).scalar_one())
