"""The daily anchor over every case's audit chain (审计链每日锚定).

A chain proves its own events are intact, but someone who rewrites a chain from some event on and
recomputes the later hashes leaves a valid-looking chain behind. The anchor fixes, once a day,
every chain's head (seq, hash); anchors are themselves hash-linked. Each anchor stores only the
heads that moved since the previous one, so a year of anchors stays small, and ``root`` hashes
every chain's head at that moment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.store import audit
from casetrail.store.models import AuditAnchor, AuditEvent

Heads = dict[str, tuple[int, str]]  # case id → (seq, hash) of the chain's last event


def heads_root(heads: Mapping[str, tuple[int, str]]) -> str:
    digest = hashlib.sha256()
    for case_id in sorted(heads):
        seq, head = heads[case_id]
        digest.update(f"{case_id}:{seq}:{head}\n".encode())
    return digest.hexdigest()


def anchor_hash(
    *, prev_hash: str, day: date, anchored_at: datetime, chains: int, heads: Mapping[str, Any], root: str
) -> str:
    body = {
        "day": day.isoformat(),
        "anchored_at": anchored_at.astimezone(UTC).isoformat(),
        "chains": chains,
        "heads": {case_id: list(value) for case_id, value in heads.items()},
        "root": root,
    }
    return audit.event_hash(prev_hash, body)


def stored_heads(anchor: AuditAnchor) -> Heads:
    return {case_id: (int(value[0]), str(value[1])) for case_id, value in anchor.heads.items()}


async def current_heads(session: AsyncSession) -> Heads:
    rows = await session.execute(
        select(AuditEvent.case_id, AuditEvent.seq, AuditEvent.hash)
        .ext(distinct_on(AuditEvent.case_id))
        .order_by(AuditEvent.case_id, AuditEvent.seq.desc())
    )
    return {str(case_id): (seq, head) for case_id, seq, head in rows}


async def write_anchor(session: AsyncSession, *, day: date, now: datetime | None = None) -> AuditAnchor:
    """Anchor every chain as it stands now under ``day``; once per day (a second call returns it)."""
    # One writer at a time (the CLI and the schedule may meet); released at commit.
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('casetrail_audit_anchor'))"))
    existing = (await session.execute(select(AuditAnchor).where(AuditAnchor.day == day))).scalar_one_or_none()
    if existing is not None:
        return existing
    previous: list[AuditAnchor] = list(
        (await session.execute(select(AuditAnchor).order_by(AuditAnchor.id))).scalars()
    )
    anchored: Heads = {}
    for anchor in previous:
        anchored.update(stored_heads(anchor))
    heads = await current_heads(session)
    moved = {case_id: head for case_id, head in heads.items() if anchored.get(case_id) != head}
    anchored_at = now or datetime.now(UTC)
    prev_hash = previous[-1].hash if previous else audit.GENESIS
    root = heads_root(heads)
    anchor = AuditAnchor(
        day=day,
        anchored_at=anchored_at,
        chains=len(heads),
        heads={case_id: list(head) for case_id, head in moved.items()},
        root=root,
        prev_hash=prev_hash,
        hash=anchor_hash(
            prev_hash=prev_hash, day=day, anchored_at=anchored_at, chains=len(heads), heads=moved, root=root
        ),
    )
    session.add(anchor)
    await session.flush()
    return anchor
