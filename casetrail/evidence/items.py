"""Evidence rows: written once, hashed into the case's audit chain, fulfilling AV obligations.

The audit event that records an item carries the hash of its row, so ``casetrail verify`` can tell
an altered row from an intact one even if the attacker bypasses the append-only trigger.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import InvalidInput
from casetrail.rules.profile_model import Profile
from casetrail.rules.recording import RETENTION_BY_RECORD, recording_retention
from casetrail.rules.registry import get_profile
from casetrail.statuses import AvObligationStatus
from casetrail.store import audit
from casetrail.store.blobs import StoredBlob
from casetrail.store.models import AvObligation, Case, EvidenceItem

from .media import MEDIA_KINDS, check_media
from .metadata import EvidenceMetadata

CREATED_ACTION = "evidence.created"


def row_hash(item: EvidenceItem) -> str:
    """sha256 of the row's canonical JSON (times in UTC, ids as strings)."""
    body: dict[str, Any] = {
        "id": str(item.id),
        "case_id": str(item.case_id),
        "kind": item.kind,
        "sha256": item.sha256,
        "size": item.size,
        "filename": item.filename,
        "media_type": item.media_type,
        "obligation_key": item.obligation_key,
        "meta": item.meta,
        "confidentiality": item.confidentiality,
        "late": item.late,
        "late_reason": item.late_reason,
        "supersedes_id": str(item.supersedes_id) if item.supersedes_id else None,
        "created_by": str(item.created_by),
        "created_at": item.created_at.astimezone(UTC).isoformat(),
    }
    return hashlib.sha256(audit.canonical_json(body).encode()).hexdigest()


@dataclass(frozen=True)
class Lateness:
    """Whether a recording reaches the system after its storage deadline (and the stated reason)."""

    late: bool
    reason: str | None


async def check_obligation(
    session: AsyncSession,
    case_id: uuid.UUID,
    metadata: EvidenceMetadata,
    now: datetime,
    *,
    profile: Profile,
    kind: str | None = None,
) -> Lateness:
    """The obligation the upload fulfils must exist and be answered by a recording (``kind``: audio,
    video or photo) covering what ``profile`` asks of it; a late upload is accepted only with its reason."""
    if metadata.obligation_key is None:
        return Lateness(False, None)
    obligation = await _obligation(session, case_id, metadata.obligation_key, lock=False)
    if kind is not None:
        check_media(kind, b"", duty_citation=obligation.citation, fulfils_duty=True, bytes_known=False)
    if obligation.uninterrupted:
        coverage = profile.av_procedure.coverage
        if coverage is None:
            check_uninterrupted(metadata, obligation.citation)
        else:
            check_uninterrupted(
                metadata,
                str(coverage.citation) if coverage.citation else None,
                breaks=not coverage.breaks_refused,
            )
    late = obligation.storage_due_at is not None and now > obligation.storage_due_at
    if late and not (metadata.late_reason or "").strip():
        due = obligation.storage_due_at.isoformat() if obligation.storage_due_at else ""
        raise InvalidInput(
            f"音像记录应于 {due} 前存储，现已逾期：请在 metadata.late_reason 中说明逾期原因",
            field="metadata.late_reason",
            rule="late_reason_required",
            citation=obligation.citation,
        )
    return Lateness(late, metadata.late_reason if late else None)


def _uninterrupted_error(field: str, message: str, citation: str | None) -> InvalidInput:
    return InvalidInput(message, field=field, rule="uninterrupted_recording", citation=citation)


def check_uninterrupted(metadata: EvidenceMetadata, citation: str | None, *, breaks: bool = False) -> None:
    """全程无间断 (Guangdong Art. 16, 19; Shanxi Art. 14): from arrival to departure, and no break
    unless ``breaks`` (山西 Art. 15 lets a break for an objective reason stand once explained)."""
    if metadata.interruptions and not breaks:
        raise _uninterrupted_error(
            "metadata.interruptions",
            "该执法行为应当全程不间断音像记录，有中止的记录不能履行本项义务",
            citation,
        )
    if metadata.arrived_at is None:
        raise _uninterrupted_error("metadata.arrived_at", "全程不间断音像记录应当载明到达现场时间", citation)
    if metadata.departed_at is None:
        raise _uninterrupted_error("metadata.departed_at", "全程不间断音像记录应当载明离开现场时间", citation)
    if metadata.recorded_from > metadata.arrived_at:
        raise _uninterrupted_error(
            "metadata.recorded_from", "全程不间断音像记录应当自到达现场时开始，记录开始晚于到达", citation
        )
    if metadata.recorded_to is None or metadata.recorded_to < metadata.departed_at:
        raise _uninterrupted_error(
            "metadata.recorded_to", "全程不间断音像记录应当持续到离开现场，记录结束早于离开", citation
        )


async def check_recording_bytes(
    session: AsyncSession, case_id: uuid.UUID, kind: str, metadata: EvidenceMetadata, head: bytes
) -> None:
    """The file's first bytes must be what it was declared as; for a duty, audio, video or a photo."""
    citation = None
    if metadata.obligation_key is not None:
        citation = (await _obligation(session, case_id, metadata.obligation_key, lock=False)).citation
    check_media(kind, head, duty_citation=citation, fulfils_duty=metadata.obligation_key is not None)


async def record_evidence(
    session: AsyncSession,
    *,
    case_id: uuid.UUID,
    kind: str,
    blob: StoredBlob,
    filename: str,
    media_type: str,
    metadata: EvidenceMetadata,
    lateness: Lateness,
    actor_id: uuid.UUID,
    at: datetime,
) -> EvidenceItem:
    """Insert the item, fulfil its obligation and append the audit event, in the caller's transaction."""
    if metadata.supersedes is not None:
        original = await session.get(EvidenceItem, metadata.supersedes)
        if original is None or original.case_id != case_id:
            raise InvalidInput(
                "被更正的证据不存在，或不属于本案",
                field="metadata.supersedes",
                rule="unknown_evidence",
            )
    item = EvidenceItem(
        id=uuid.uuid4(),
        case_id=case_id,
        kind=kind,
        sha256=blob.sha256,
        size=blob.size,
        filename=filename,
        media_type=media_type,
        obligation_key=metadata.obligation_key,
        meta={
            **metadata.model_dump(mode="json", exclude={"confidentiality", "late_reason", "supersedes"}),
            **await _retention(session, case_id, kind),
        },
        confidentiality=metadata.confidentiality.value,
        late=lateness.late,
        late_reason=lateness.reason,
        supersedes_id=metadata.supersedes,
        created_by=actor_id,
        created_at=at,
    )
    session.add(item)
    await session.flush()
    if metadata.obligation_key is not None:
        obligation = await _obligation(session, case_id, metadata.obligation_key, lock=True)
        obligation.status = AvObligationStatus.fulfilled
        obligation.fulfilled_at = obligation.fulfilled_at or at
        if lateness.late:
            obligation.late_reason = lateness.reason
    await audit.append_event(
        session,
        case_id=case_id,
        action=CREATED_ACTION,
        actor_id=actor_id,
        detail={
            "evidence_id": str(item.id),
            "kind": kind,
            "sha256": blob.sha256,
            "size": blob.size,
            "obligation_key": metadata.obligation_key,
            "late": lateness.late,
            "supersedes_id": str(metadata.supersedes) if metadata.supersedes else None,
            "row_hash": row_hash(item),
        },
        at=at,
    )
    return item


async def _retention(session: AsyncSession, case_id: uuid.UUID, kind: str) -> dict[str, Any]:
    """How long the item is kept and whether it goes to disc (Guangdong Art. 24 for recordings)."""
    if kind not in MEDIA_KINDS:
        return {"retention": RETENTION_BY_RECORD["evidence"].title_zh}
    case = await session.get(Case, case_id)
    assert case is not None
    # Everything in the evidence store is kept because it proves something: used as evidence.
    kept = recording_retention(get_profile(case.profile_id, case.profile_version), used_as_evidence=True)
    return {
        "retention": kept.retention.title_zh,
        "disc_copy": kept.disc_copy,
        "retention_basis": str(kept.citation) if kept.citation else None,
    }


async def _obligation(session: AsyncSession, case_id: uuid.UUID, key: str, *, lock: bool) -> AvObligation:
    query = select(AvObligation).where(AvObligation.case_id == case_id, AvObligation.key == key)
    if lock:
        # The workflow's deadline check may mark it overdue at the same moment.
        query = query.with_for_update()
    obligation = (await session.execute(query)).scalar_one_or_none()
    if obligation is None:
        raise InvalidInput(
            "本案没有所选的音像记录义务，请重新选择对应的执法行为",
            field="metadata.obligation_key",
            rule="unknown_obligation",
        )
    return obligation
