"""What happened in a case: the read model, officers, records, approval tasks, deadlines, audit chain.

Temporal decides what happens next; these tables hold what happened. Records and audit events
are append-only (a correction is a new record that references the old one).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    cast,
    func,
    literal_column,
)
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column

from casetrail.limits import TITLE_MAX
from casetrail.statuses import ApprovalStatus, CaseStatus, DeadlineStatus

from .base import Base, CreatedAt, new_id, status_type

# What the case search matches: the case number, the party's name and its credit code / ID number,
# joined by a unit separator (chr 31) so that a query cannot match across two fields.
SEARCH_SEPARATOR = "\x1f"


def search_text_of(case_no: Any, party: Any) -> ColumnElement[str]:
    """The searched text; immutable operators only (||, coalesce, chr) so that it can be indexed."""
    sep = func.chr(31)
    name = func.coalesce(party["name"].astext, "")
    id_number = func.coalesce(party["id_number"].astext, "")
    expression: ColumnElement[str] = case_no.op("||")(sep).op("||")(name).op("||")(sep).op("||")(id_number)
    return expression


def infinity_if_null(column: InstrumentedAttribute[datetime | None] | Any) -> ColumnElement[datetime]:
    """The sort key of a nullable deadline: no deadline sorts after every deadline."""
    return func.coalesce(column, cast(literal_column("'infinity'"), DateTime(timezone=True)))


class Case(CreatedAt, Base):
    """Read model of one case (案件), updated by activities; lists never query Temporal."""

    __tablename__ = "cases"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_no: Mapped[str] = mapped_column(String(64), unique=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agencies.id"), index=True)
    workflow_id: Mapped[str] = mapped_column(String(128), unique=True)
    profile_id: Mapped[str] = mapped_column(String(64))
    profile_version: Mapped[str] = mapped_column(String(32))
    start_type: Mapped[str] = mapped_column(String(32))
    cause: Mapped[str] = mapped_column(Text)  # 案由
    party: Mapped[dict[str, Any]] = mapped_column(default=dict)
    phase: Mapped[str] = mapped_column(String(48), index=True)
    status: Mapped[CaseStatus] = mapped_column(status_type(CaseStatus), default=CaseStatus.open)
    next_deadline_at: Mapped[datetime | None] = mapped_column(index=True)
    next_deadline_label: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    flags: Mapped[list[Any]] = mapped_column(default=list)  # overdue / escalated marks
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime | None]
    # The audit chain's head (last seq and hash), moved with every event: a cut chain mismatches it.
    audit_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    audit_head: Mapped[str | None] = mapped_column(String(64))
    # 处罚法 Art. 36: when the violation happened (or ended) and the last day it may still be punished.
    violation_on: Mapped[date | None]
    limitation_date: Mapped[date | None]
    # The inspection (行政检查) this penalty case was opened from: linked workflows, one record. The case
    # reads the inspection's evidence as its own instead of holding copies of it.
    origin_case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)

    @property
    def evidence_case_ids(self) -> list[uuid.UUID]:
        """The cases whose evidence items are this case's evidence: itself and its inspection."""
        return [self.id] if self.origin_case_id is None else [self.origin_case_id, self.id]


class CaseOfficer(Base):
    """An officer handling the case (承办人), with the certificate number shown to the party."""

    __tablename__ = "case_officers"
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    certificate_no: Mapped[str] = mapped_column(String(64))
    lead: Mapped[bool] = mapped_column(default=False)


class Record(CreatedAt, Base):
    """A text record (文字记录) of one step, with the fields STATUTES section 4 requires.

    ``step_key`` comes from the workflow, so a retried activity never writes twice.
    """

    __tablename__ = "records"
    __table_args__ = (UniqueConstraint("case_id", "step_key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    step_key: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    citation: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("records.id"))


class ApprovalTask(CreatedAt, Base):
    """A step that needs a leader's signature (审批): who may sign, what, by when, and the outcome."""

    __tablename__ = "approval_tasks"
    __table_args__ = (UniqueConstraint("case_id", "step_key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agencies.id"), index=True)
    step_key: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    role: Mapped[str] = mapped_column(String(32))
    subject: Mapped[dict[str, Any]] = mapped_column(default=dict)  # what is to be signed
    status: Mapped[ApprovalStatus] = mapped_column(
        status_type(ApprovalStatus), default=ApprovalStatus.open, index=True
    )
    due_at: Mapped[datetime | None]
    decision: Mapped[str | None] = mapped_column(String(16))  # approve | return
    opinion: Mapped[str | None] = mapped_column(Text)
    signed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime | None]
    # Reassigned to one person while the signer is away (audited in the case's chain); None: by role.
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)


class Deadline(CreatedAt, Base):
    """A statutory deadline of a case as the workflow computed it (the timer lives in Temporal)."""

    __tablename__ = "deadlines"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    key: Mapped[str] = mapped_column(String(96))
    label: Mapped[str] = mapped_column(String(TITLE_MAX))
    due_at: Mapped[datetime]
    citation: Mapped[str | None] = mapped_column(Text)
    status: Mapped[DeadlineStatus] = mapped_column(status_type(DeadlineStatus), default=DeadlineStatus.open)
    provisional: Mapped[bool] = mapped_column(default=False)


class Counter(Base):
    """Gap-free sequence per agency, kind and year (case numbers, 文号); bumped in the issuing transaction."""

    __tablename__ = "counters"

    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class AuditEvent(Base):
    """One action in the per-case hash chain: hash = sha256(prev_hash || canonical JSON of the event)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("case_id", "seq"),
        # A workflow step is applied once even when its activity is retried.
        Index("uq_audit_events_case_step", "case_id", "step_key", unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int]
    action: Mapped[str] = mapped_column(String(64))
    step_key: Mapped[str | None] = mapped_column(String(160))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# List indexes (migration 0006): one per keyset sort, each over exactly its key. The migration also
# holds the GIN indexes (pg_trgm over search_text_of(), jsonb_path_ops over flags).
Index("ix_cases_deadline_order", infinity_if_null(Case.next_deadline_at), Case.id)
Index("ix_cases_created_order", Case.created_at, Case.id)
Index("ix_case_officers_user", CaseOfficer.user_id, CaseOfficer.case_id)
Index(
    "ix_approval_tasks_signable",
    ApprovalTask.agency_id,
    ApprovalTask.role,
    ApprovalTask.status,
    infinity_if_null(ApprovalTask.due_at),
    ApprovalTask.id,
)
