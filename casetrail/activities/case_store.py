"""The one activity that writes a step: record, audit event, tasks, deadlines and read model.

All in one short transaction, so a step is either fully recorded or not at all; the step key makes
a retried activity a no-op (Temporal may run an activity more than once).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio import activity

from casetrail.limits import clip
from casetrail.store import audit
from casetrail.store.db import transaction
from casetrail.store.models import ApprovalTask, AuditEvent, AvObligation, Case, Deadline, Record
from casetrail.workflows.types import AppliedStep, DeadlineDraft, StepEffects

CST = timezone(timedelta(hours=8))  # document years follow Beijing time


@activity.defn
async def commit_step(effects: StepEffects) -> AppliedStep:
    case_id = uuid.UUID(effects.case_id)
    async with transaction() as session:
        case = (await session.execute(select(Case).where(Case.id == case_id).with_for_update())).scalar_one()
        done = (
            await session.execute(
                select(AuditEvent.detail).where(
                    AuditEvent.case_id == case_id, AuditEvent.step_key == effects.step_key
                )
            )
        ).scalar_one_or_none()
        if done is not None:
            return AppliedStep(record_id=done.get("record_id"), already_applied=True)

        actor_id = uuid.UUID(effects.actor_id) if effects.actor_id else None
        record_id: uuid.UUID | None = None
        record_digest: str | None = None  # the row's hash, kept in the chain (casetrail verify)
        if effects.record is not None:
            record = Record(
                case_id=case_id,
                step_key=effects.step_key,
                kind=effects.record.kind,
                title=clip(effects.record.title),
                fields=effects.record.fields,
                citation=effects.record.citation,
                actor_id=actor_id,
            )
            session.add(record)
            await session.flush()
            record_id = record.id
            record_digest = audit.record_hash(record)

        for draft in effects.open_tasks:
            session.add(
                ApprovalTask(
                    id=uuid.UUID(draft.task_id),
                    case_id=case_id,
                    agency_id=case.agency_id,
                    step_key=effects.step_key,
                    kind=draft.kind,
                    title=clip(draft.title),
                    role=draft.role,
                    subject=draft.subject,
                    due_at=draft.due_at,
                )
            )
        for closure in effects.close_tasks:
            await session.execute(
                update(ApprovalTask)
                .where(ApprovalTask.id == uuid.UUID(closure.task_id))
                .values(
                    status=closure.status,
                    decision=closure.decision,
                    opinion=closure.opinion,
                    signed_by=uuid.UUID(closure.signed_by),
                    signed_at=closure.signed_at,
                )
            )
        for deadline in effects.deadlines:
            await _upsert_deadline(session, case_id, deadline)
        for obligation in effects.av_obligations:
            session.add(
                AvObligation(
                    case_id=case_id,
                    key=obligation.key,
                    act=obligation.act,
                    requirement=obligation.requirement,
                    uninterrupted=obligation.uninterrupted,
                    storage_due_at=obligation.storage_due_at,
                    citation=obligation.citation,
                    description_fields=obligation.description_fields,
                )
            )

        if effects.av_overdue:
            # Only an obligation still open goes overdue: an upload that won the race stays fulfilled.
            await session.execute(
                update(AvObligation)
                .where(
                    AvObligation.case_id == case_id,
                    AvObligation.key.in_(effects.av_overdue),
                    AvObligation.status == "open",
                )
                .values(status="overdue")
            )

        if effects.phase is not None:
            case.phase = effects.phase
        if effects.status is not None:
            case.status = effects.status
        if effects.flags:
            case.flags = [*case.flags, *effects.flags]
        await _refresh_next_deadline(session, case)
        case.updated_at = effects.at

        await audit.append_event(
            session,
            case_id=case_id,
            action=effects.audit_action,
            actor_id=actor_id,
            step_key=effects.step_key,
            detail={
                **effects.audit_detail,
                "record_id": str(record_id) if record_id else None,
                "record_hash": record_digest,
                "phase": case.phase,
                "tasks_opened": [t.task_id for t in effects.open_tasks],
                "tasks_closed": [t.task_id for t in effects.close_tasks],
                "flags": effects.flags,
                "av_obligations": [o.key for o in effects.av_obligations],
            },
            at=effects.at,
        )
    return AppliedStep(record_id=str(record_id) if record_id else None, already_applied=False)


async def _upsert_deadline(session: AsyncSession, case_id: uuid.UUID, draft: DeadlineDraft) -> None:
    values = {
        "label": clip(draft.label),
        "due_at": draft.due_at,
        "citation": draft.citation,
        "status": draft.status,
        "provisional": draft.provisional,
    }
    await session.execute(
        insert(Deadline)
        .values(id=uuid.uuid4(), case_id=case_id, key=draft.key, **values)
        .on_conflict_do_update(index_elements=[Deadline.case_id, Deadline.key], set_=values)
    )


async def _refresh_next_deadline(session: AsyncSession, case: Case) -> None:
    row = (
        await session.execute(
            select(Deadline.due_at, Deadline.label)
            .where(Deadline.case_id == case.id, Deadline.status.in_(("open", "overdue")))
            .order_by(Deadline.due_at)
            .limit(1)
        )
    ).first()
    due: datetime | None = row[0] if row else None
    case.next_deadline_at = due
    case.next_deadline_label = row[1] if row else None


ALL = [commit_step]
