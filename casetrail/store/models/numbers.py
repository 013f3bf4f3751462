from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, new_id, status_type


class NumberStatus(enum.StrEnum):
    """Where a taken number (case number or 文号) stands: every one is accounted for."""

    reserved = "reserved"  # taken for a case or document still being made (a retry reuses it)
    issued = "issued"
    voided = "voided"  # spoiled, with the reason, as agencies do with spoiled numbered forms


class TakenNumber(Base):
    """A number taken from a counter, outside the transaction that renders or starts the case, so the
    counter row is locked only for the instant of taking it."""

    __tablename__ = "taken_numbers"
    __table_args__ = (
        UniqueConstraint("agency_id", "kind", "year", "sequence"),
        # One live number per document of a step: a retried issue finds and reuses it.
        Index(
            "uq_taken_numbers_live_step",
            "case_id",
            "step_key",
            unique=True,
            postgresql_where=text("status <> 'voided' AND step_key IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agencies.id"))
    kind: Mapped[str] = mapped_column(String(32))  # the counter kind: "case" or a 文书代字
    year: Mapped[int]
    sequence: Mapped[int] = mapped_column(BigInteger)
    number: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[uuid.UUID | None]  # no foreign key: a voided case number outlives its case row
    step_key: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[NumberStatus] = mapped_column(status_type(NumberStatus))
    reason: Mapped[str | None] = mapped_column(Text)
    taken_at: Mapped[datetime] = mapped_column(server_default=func.now())
    settled_at: Mapped[datetime | None]
