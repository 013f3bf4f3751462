"""Audio/video recording duties (音像记录义务) and issued documents (文书), both pointing at blobs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casetrail.limits import TITLE_MAX
from casetrail.statuses import AvObligationStatus, AvRequirement

from .base import Base, CreatedAt, new_id, status_type


class AvObligation(CreatedAt, Base):
    """A recording the profile requires for an act: opened by the workflow, fulfilled by an upload."""

    __tablename__ = "av_obligations"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    key: Mapped[str] = mapped_column(String(160))  # the step key of the act
    act: Mapped[str] = mapped_column(String(64))
    requirement: Mapped[AvRequirement] = mapped_column(status_type(AvRequirement))
    uninterrupted: Mapped[bool] = mapped_column(default=False)
    storage_due_at: Mapped[datetime | None]
    citation: Mapped[str | None] = mapped_column(Text)
    description_fields: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[AvObligationStatus] = mapped_column(
        status_type(AvObligationStatus), default=AvObligationStatus.open
    )
    fulfilled_at: Mapped[datetime | None]
    late_reason: Mapped[str | None] = mapped_column(Text)


class IssuedDocument(CreatedAt, Base):
    """A rendered official document: number, template version, data snapshot, and the PDF's sha256."""

    __tablename__ = "issued_documents"
    __table_args__ = (UniqueConstraint("case_id", "step_key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    step_key: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    number: Mapped[str | None] = mapped_column(String(100), unique=True)
    template_version: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    pages: Mapped[int]
