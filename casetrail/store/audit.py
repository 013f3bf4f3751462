"""The per-case audit hash chain (append in the same transaction as the record it describes)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .models import AuditEvent, Case, Record

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """Canonical form hashed by the chain: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(body)).encode()).hexdigest()


def event_body(
    *,
    case_id: uuid.UUID | str,
    seq: int,
    action: str,
    step_key: str | None,
    actor_id: uuid.UUID | str | None,
    detail: dict[str, Any],
    at: datetime,
) -> dict[str, Any]:
    """What is hashed; times in UTC so the database session's time zone cannot change the hash."""
    return {
        "case_id": str(case_id),
        "seq": seq,
        "action": action,
        "step_key": step_key,
        "actor_id": str(actor_id) if actor_id else None,
        "detail": detail,
        "at": at.astimezone(UTC).isoformat(),
    }


def body_of(event: AuditEvent) -> dict[str, Any]:
    """The hashed body of a stored (or about to be stored) event."""
    return event_body(
        case_id=event.case_id,
        seq=event.seq,
        action=event.action,
        step_key=event.step_key,
        actor_id=event.actor_id,
        detail=event.detail,
        at=event.at,
    )


async def append_event(
    session: AsyncSession,
    *,
    case_id: uuid.UUID,
    action: str,
    actor_id: uuid.UUID | None,
    detail: dict[str, Any],
    at: datetime,
    step_key: str | None = None,
) -> AuditEvent:
    """Append one event; the case row lock serialises concurrent appends to the same chain."""
    await session.execute(select(Case.id).where(Case.id == case_id).with_for_update())
    last = (
        await session.execute(
            select(AuditEvent.seq, AuditEvent.hash)
            .where(AuditEvent.case_id == case_id)
            .order_by(AuditEvent.seq.desc())
            .limit(1)
        )
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    event = AuditEvent(
        case_id=case_id,
        seq=seq,
        action=action,
        step_key=step_key,
        actor_id=actor_id,
        detail=detail,
        at=at,
        prev_hash=prev,
    )
    event.hash = event_hash(prev, body_of(event))
    session.add(event)
    await session.flush()
    await session.execute(update(Case).where(Case.id == case_id).values(audit_seq=seq, audit_head=event.hash))
    return event


def record_hash(record: Record) -> str:
    """The hash of a text record's row, written into its step's audit event."""
    body = {
        "id": str(record.id),
        "case_id": str(record.case_id),
        "step_key": record.step_key,
        "kind": record.kind,
        "title": record.title,
        "fields": record.fields,
        "citation": record.citation,
        "actor_id": str(record.actor_id) if record.actor_id else None,
    }
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(events: Iterable[AuditEvent]) -> list[ChainBreak]:
    """Re-hash a case's events in order; name every link that does not match."""
    breaks: list[ChainBreak] = []
    prev = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            breaks.append(ChainBreak(event.seq, f"序号不连续：应为 {expected_seq}"))
        if event.prev_hash != prev:
            breaks.append(ChainBreak(event.seq, "prev_hash 与上一事件的哈希不符"))
        body = body_of(event)
        if event.hash != event_hash(event.prev_hash, body):
            breaks.append(ChainBreak(event.seq, "事件内容与哈希不符（已被改动）"))
        prev = event.hash
    return breaks
