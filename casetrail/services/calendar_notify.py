"""Tell the cases a calendar change may affect (Signal ``calendar_changed``), after it has committed.

Affected: every case with an open deadline that is provisional (its year's notice was missing) or
that ends after the first day whose status changed (the day may lie inside its period). The
selection errs on the wide side: a case whose deadlines come out the same writes nothing.
A Signal needs no running worker; a case whose workflow has finished is skipped.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from casetrail.rules.legal_time import day_start
from casetrail.services.calendar import invalidate_cache
from casetrail.services.calendar_admin import CalendarChangeResult
from casetrail.statuses import DeadlineStatus
from casetrail.store.models import Case, Deadline
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.types import CalendarChanged

log = logging.getLogger(__name__)

# Signals are cheap but not free: bound the fan-out so a year's notice does not flood the server.
CONCURRENT_SIGNALS = 16


@dataclass
class Announcement:
    change_id: int
    notified: list[str] = field(default_factory=list)  # workflow ids told
    finished: list[str] = field(default_factory=list)  # workflow already ended: nothing to move
    failed: list[str] = field(default_factory=list)  # Temporal unreachable: announce again

    def to_dict(self) -> dict[str, int]:
        return {
            "change_id": self.change_id,
            "notified": len(self.notified),
            "finished": len(self.finished),
            "failed": len(self.failed),
        }


async def affected_workflows(session: AsyncSession, change: CalendarChangeResult) -> list[str]:
    reasons: list[ColumnElement[bool]] = [Deadline.provisional.is_(True)]
    if change.changed_days:
        reasons.append(Deadline.due_at > day_start(min(change.changed_days)))
    query = (
        select(Case.workflow_id)
        .join(Deadline, Deadline.case_id == Case.id)
        .where(Deadline.status == DeadlineStatus.open, or_(*reasons))
        .distinct()
        .order_by(Case.workflow_id)
    )
    return list((await session.execute(query)).scalars())


async def announce(client: Client, session: AsyncSession, change: CalendarChangeResult) -> Announcement:
    """Drop the calendar cache and signal every affected case; call after the change committed."""
    invalidate_cache()
    signal = CalendarChanged(change_id=change.change_id, summary=change.summary)
    announcement = Announcement(change.change_id)
    gate = asyncio.Semaphore(CONCURRENT_SIGNALS)

    async def tell(workflow_id: str) -> None:
        async with gate:
            try:
                await client.get_workflow_handle(workflow_id).signal(CaseWorkflow.calendar_changed, signal)
            except RPCError as exc:
                if exc.status == RPCStatusCode.NOT_FOUND:
                    announcement.finished.append(workflow_id)
                    return
                log.warning("calendar change %s not delivered to %s: %s", change.change_id, workflow_id, exc)
                announcement.failed.append(workflow_id)
                return
            announcement.notified.append(workflow_id)

    await asyncio.gather(*(tell(workflow_id) for workflow_id in await affected_workflows(session, change)))
    return announcement
