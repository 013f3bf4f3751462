"""Numbering per agency, kind and year, safe under concurrent issue, every number accounted for.

The counter row is bumped with one ``INSERT … ON CONFLICT DO UPDATE … RETURNING``. Callers that
render or call Temporal after taking a number do it in a transaction of its own (:func:`take_number`),
so concurrent issuers wait on the counter row only for that instant; the number is then recorded in
``taken_numbers`` as reserved, and later issued, or voided with the reason (a spoiled render, a case
Temporal would not start), as agencies account for spoiled numbered forms.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Counter, NumberStatus, TakenNumber


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


async def take_number(
    session: AsyncSession,
    *,
    agency_id: uuid.UUID,
    kind: str,
    year: int,
    text: Callable[[int], str],
    case_id: uuid.UUID | None,
    step_key: str | None = None,
) -> TakenNumber:
    """Take the next number and record it as reserved; commit at once, so the counter row is locked
    only for this instant, never across a render or a call to Temporal. ``text`` formats it."""
    sequence = await next_number(session, agency_id=agency_id, kind=kind, year=year)
    taken = TakenNumber(
        agency_id=agency_id,
        kind=kind,
        year=year,
        sequence=sequence,
        number=text(sequence),
        case_id=case_id,
        step_key=step_key,
        status=NumberStatus.reserved,
    )
    session.add(taken)
    await session.flush()
    return taken


async def live_number(session: AsyncSession, *, case_id: uuid.UUID, step_key: str) -> TakenNumber | None:
    """The number reserved or issued for a step's document, which a retried issue reuses."""
    query = select(TakenNumber).where(
        TakenNumber.case_id == case_id,
        TakenNumber.step_key == step_key,
        TakenNumber.status != NumberStatus.voided,
    )
    return (await session.execute(query)).scalar_one_or_none()


async def settle_number(
    session: AsyncSession, taken_id: uuid.UUID, status: NumberStatus, *, reason: str | None = None
) -> None:
    """Mark a taken number issued, or voided with the reason it was spoiled."""
    await session.execute(
        update(TakenNumber)
        .where(TakenNumber.id == taken_id)
        .values(status=status, reason=reason, settled_at=func.now())
    )
