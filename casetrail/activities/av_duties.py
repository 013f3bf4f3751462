"""AV recording duties (音像记录义务): when a recording must be stored, and whether it has been.

The storage deadline needs the DB working-day calendar (2 working days in Taian, Shanxi, Xinxiang),
so it is computed here; the workflow's expiry handler asks for the status instead of waiting for
a signal from the upload API, which only sets ``av_obligations.status``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from temporalio import activity

from casetrail.errors import CasetrailError
from casetrail.rules.recording import av_storage_deadline
from casetrail.rules.registry import get_profile
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation
from casetrail.workflows.failures import to_failure

from .deadlines import ComputedDeadline, computed


@dataclass
class AvStorageQuery:
    profile_id: str
    profile_version: str
    recording_ended_at: datetime
    returned_at: datetime | None = None  # return to the unit, where the profile counts from it
    # Read the calendar from the database, not the cache: a recomputation after a calendar change.
    fresh: bool = False


@dataclass
class AvStatusQuery:
    case_id: str
    key: str


@activity.defn
async def compute_av_storage_deadline(query: AvStorageQuery) -> ComputedDeadline | None:
    """None when the profile sets no storage deadline (national default)."""
    try:
        profile = get_profile(query.profile_id, query.profile_version)
        async with transaction() as session:
            calendar = await load_calendar(session, use_cache=not query.fresh)
        result = av_storage_deadline(
            profile, query.recording_ended_at, calendar, returned_at=query.returned_at
        )
    except CasetrailError as error:
        raise to_failure(error) from None
    return None if result is None else computed(result)


@activity.defn
async def av_obligation_status(query: AvStatusQuery) -> str:
    """open | fulfilled | overdue, as the upload API left it."""
    async with transaction() as session:
        status = (
            await session.execute(
                select(AvObligation.status).where(
                    AvObligation.case_id == uuid.UUID(query.case_id), AvObligation.key == query.key
                )
            )
        ).scalar_one()
    return str(status)


ALL: list[Callable[..., Any]] = [compute_av_storage_deadline, av_obligation_status]
