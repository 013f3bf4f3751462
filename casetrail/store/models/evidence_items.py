"""Evidence files (证据：音频、视频、照片、文件), their resumable uploads, and the daily audit anchors.

``evidence_items`` and ``audit_anchors`` are append-only (the database refuses UPDATE/DELETE): a
correction is a new item that references the old one through ``supersedes_id``. Upload sessions
are working state, not record: their trail is in the audit chain.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casetrail.limits import FILENAME_MAX
from casetrail.statuses import UploadStatus

from .base import Base, CreatedAt, new_id, status_type


class EvidenceItem(Base):
    """One stored evidence file: its blob (sha256), what it is, who made it, and who may see it."""

    __tablename__ = "evidence_items"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # audio | video | photo | document
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    media_type: Mapped[str] = mapped_column(String(127))
    obligation_key: Mapped[str | None] = mapped_column(String(160))  # av_obligations.key it fulfils
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)  # EvidenceMetadata as JSON
    confidentiality: Mapped[str] = mapped_column(String(24), default="none")
    late: Mapped[bool] = mapped_column(default=False)
    late_reason: Mapped[str | None] = mapped_column(Text)
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("evidence_items.id"))
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    # Set by the application (not the server clock) because it is part of the hashed row.
    created_at: Mapped[datetime]


class UploadSession(CreatedAt, Base):
    """A resumable upload (tus-like): declared size and sha256; the bytes so far are the partial file."""

    __tablename__ = "upload_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(FILENAME_MAX))
    media_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    late: Mapped[bool] = mapped_column(default=False)
    status: Mapped[UploadStatus] = mapped_column(status_type(UploadStatus), default=UploadStatus.open)
    evidence_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("evidence_items.id"))
    finished_at: Mapped[datetime | None]


class AuditAnchor(Base):
    """A daily anchor over every case's audit chain.

    ``heads`` holds only the chains whose head moved since the previous anchor; ``root`` hashes
    every chain's head as of ``anchored_at``; ``hash`` links the anchors into one chain.
    """

    __tablename__ = "audit_anchors"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(unique=True)
    anchored_at: Mapped[datetime]
    chains: Mapped[int]
    heads: Mapped[dict[str, Any]] = mapped_column(default=dict)
    root: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
