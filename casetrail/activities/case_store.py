"""The one activity that writes a step: record, audit event, tasks, deadlines and read model.

All in one short transaction, so a step is either fully recorded or not at all; the step key makes
a retried activity a no-op (Temporal may run an activity more than once).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta, timezone
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.dialects.postgresql import Insert, insert
from temporalio import activity

from casetrail.activities.notify import wake_ladders
from casetrail.limits import clip
from casetrail.statuses import AvObligationStatus, CaseStatus, DeadlineStatus
from casetrail.store import audit
from casetrail.store.db import transaction
from casetrail.store.models import ApprovalTask, AuditEvent, AvObligation, Case, Deadline, Record
from casetrail.workflows.types import AppliedStep, DeadlineDraft, StepEffects

CST = timezone(timedelta(hours=8))  # document years follow Beijing time


@activity.defn
async def commit_step(effects: StepEffects) -> AppliedStep:
    applied = await write_step(effects)
    if effects.deadlines:
        # After the commit, and again on a retry: each written deadline's reminder ladder re-reads it.
        await wake_ladders(
            activity.client(),
            task_queue=activity.info().task_queue,
            case_id=effects.case_id,
            deadline_keys=[d.key for d in effects.deadlines],
        )
    return applied


async def write_step(effects: StepEffects) -> AppliedStep:
    """One transaction of at most eight statements for a usual step: lock the case row (once: the
    audit append reuses the lock), read the chain head and whether the step is already applied, then
    the writes, flushed together, with the next deadline computed in the case row's UPDATE."""
    case_id = uuid.UUID(effects.case_id)
    async with transaction() as session:
        case = (await session.execute(select(Case).where(Case.id == case_id).with_for_update())).scalar_one()
        # After the lock, in its own statement: a READ COMMITTED snapshot taken before the lock was
        # granted would miss the events of the step that held it.
        done, seq, last_hash = (await session.execute(_applied_and_head(case_id, effects.step_key))).one()
        if done is not None:
            return AppliedStep(record_id=done.get("record_id"), already_applied=True)

        actor_id = uuid.UUID(effects.actor_id) if effects.actor_id else None
        record_id: uuid.UUID | None = None
        record_digest: str | None = None  # the row's hash, kept in the chain (casetrail verify)
        if effects.record is not None:
            record_id = uuid.uuid4()
            record = Record(
                id=record_id,
                case_id=case_id,
                step_key=effects.step_key,
                kind=effects.record.kind,
                title=clip(effects.record.title),
                fields=effects.record.fields,
                citation=effects.record.citation,
                actor_id=actor_id,
            )
            session.add(record)
            record_digest = audit.record_hash(record)
        session.add_all(_opened_tasks(effects, case))
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
        if effects.deadlines:
            await session.execute(_upsert_deadlines(case_id, effects.deadlines))
        session.add_all(_av_obligations(effects, case_id))
        if effects.av_overdue:
            # Only an obligation still open goes overdue: an upload that won the race stays fulfilled.
            await session.execute(
                update(AvObligation)
                .where(
                    AvObligation.case_id == case_id,
                    AvObligation.key.in_(effects.av_overdue),
                    AvObligation.status == AvObligationStatus.open,
                )
                .values(status=AvObligationStatus.overdue)
            )

        for moved in effects.av_moved:
            await session.execute(
                update(AvObligation)
                .where(AvObligation.case_id == case_id, AvObligation.key == moved.key)
                .values(storage_due_at=moved.storage_due_at)
            )

        if effects.phase is not None:
            case.phase = effects.phase
        if effects.status is not None:
            case.status = CaseStatus(effects.status)
        if effects.flags or effects.flags_cleared:
            case.flags = [*(f for f in case.flags if f not in effects.flags_cleared), *effects.flags]
        _refresh_next_deadline(case)
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
                **({"flags_cleared": effects.flags_cleared} if effects.flags_cleared else {}),
                "av_obligations": [o.key for o in effects.av_obligations],
            },
            at=effects.at,
            head=audit.ChainHead(seq or 0, last_hash or audit.GENESIS),
            case=case,
        )
    return AppliedStep(record_id=str(record_id) if record_id else None, already_applied=False)


def _applied_and_head(case_id: uuid.UUID, step_key: str) -> Select[dict[str, Any] | None, int, str]:
    """The detail of the event that already applied this step (if any) and the chain's head, in one row."""
    head = audit.chain_head_query(case_id).subquery()
    return select(
        select(AuditEvent.detail)
        .where(AuditEvent.case_id == case_id, AuditEvent.step_key == step_key)
        .limit(1)
        .scalar_subquery(),
        select(head.c.seq).scalar_subquery(),
        select(head.c.hash).scalar_subquery(),
    )


def _opened_tasks(effects: StepEffects, case: Case) -> list[ApprovalTask]:
    return [
        ApprovalTask(
            id=uuid.UUID(draft.task_id),
            case_id=case.id,
            agency_id=case.agency_id,
            step_key=effects.step_key,
            kind=draft.kind,
            title=clip(draft.title),
            role=draft.role,
            subject=draft.subject,
            due_at=draft.due_at,
        )
        for draft in effects.open_tasks
    ]


def _av_obligations(effects: StepEffects, case_id: uuid.UUID) -> list[AvObligation]:
    return [
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
        for obligation in effects.av_obligations
    ]


def _upsert_deadlines(case_id: uuid.UUID, drafts: Sequence[DeadlineDraft]) -> Insert:
    """Every deadline of the step in one statement (the last draft of a key wins, as before)."""
    by_key = {draft.key: draft for draft in drafts}
    statement = insert(Deadline).values(
        [
            {
                "id": uuid.uuid4(),
                "case_id": case_id,
                "key": draft.key,
                "label": clip(draft.label),
                "due_at": draft.due_at,
                "citation": draft.citation,
                "status": draft.status,
                "provisional": draft.provisional,
            }
            for draft in by_key.values()
        ]
    )
    changed = ("label", "due_at", "citation", "status", "provisional")
    return statement.on_conflict_do_update(
        index_elements=[Deadline.case_id, Deadline.key],
        set_={name: statement.excluded[name] for name in changed},
    )


def _refresh_next_deadline(case: Case) -> None:
    """Computed by the case row's own UPDATE (subqueries), after this step's deadlines are written."""
    upcoming = (
        select(Deadline)
        .where(
            Deadline.case_id == case.id, Deadline.status.in_((DeadlineStatus.open, DeadlineStatus.overdue))
        )
        .order_by(Deadline.due_at)
        .limit(1)
        .subquery()
    )
    case.next_deadline_at = select(upcoming.c.due_at).scalar_subquery()
    case.next_deadline_label = select(upcoming.c.label).scalar_subquery()


ALL = [commit_step]
