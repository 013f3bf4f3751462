"""Response bodies of the evidence API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from casetrail.statuses import UploadStatus
from casetrail.store.models import EvidenceItem


class UploadOut(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    size: int
    offset: int
    status: UploadStatus
    evidence_id: uuid.UUID | None = None


class EvidenceOut(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    kind: str
    sha256: str
    size: int
    filename: str
    media_type: str
    obligation_key: str | None
    metadata: dict[str, Any]
    confidentiality: str
    late: bool
    late_reason: str | None
    supersedes_id: uuid.UUID | None
    superseded: bool = False
    created_by: uuid.UUID
    created_at: datetime

    @classmethod
    def of(cls, item: EvidenceItem, *, superseded: bool = False) -> EvidenceOut:
        return cls(
            id=item.id,
            case_id=item.case_id,
            kind=item.kind,
            sha256=item.sha256,
            size=item.size,
            filename=item.filename,
            media_type=item.media_type,
            obligation_key=item.obligation_key,
            metadata=item.meta,
            confidentiality=item.confidentiality,
            late=item.late,
            late_reason=item.late_reason,
            supersedes_id=item.supersedes_id,
            superseded=superseded,
            created_by=item.created_by,
            created_at=item.created_at,
        )
