"""Values that cross the Temporal boundary (workflow inputs, Update arguments, activity I/O).

Plain dataclasses of JSON-able fields: small payloads, no ORM objects, no files (files go to the
blob store; workflows pass ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from casetrail.roles import Role
from casetrail.statuses import DeadlineStatus

from .phases import Phase


@dataclass(frozen=True)
class Actor:
    """Who acts: resolved and authorised by the API before the workflow is asked."""

    user_id: str
    name: str
    roles: list[str] = field(default_factory=list)
    certificate_no: str | None = None


@dataclass(frozen=True)
class Officer:
    """An officer named on the case (承办人) with the enforcement certificate shown (处罚法 Art. 42)."""

    user_id: str
    name: str
    certificate_no: str


@dataclass
class CaseStart:
    case_id: str
    case_no: str
    agency_id: str
    agency_name: str
    profile_id: str
    profile_version: str
    start_type: str  # ex_officio | complaint | application | emergency | simple
    cause: str
    party: dict[str, Any]
    officers: list[Officer]
    opened_by: Actor
    facts: dict[str, Any] = field(default_factory=dict)
    # What the start type brings (the complaint, the application, the emergency report), as
    # validated by ``workflows.starts`` — its JSON form.
    intake: dict[str, Any] = field(default_factory=dict)
    # 较大数额 for the hearing right (rules.hearing_thresholds.LargeAmount JSON), resolved when the case
    # opened: the agency's published standard, else its field's in its province. None: the profile's.
    hearing_threshold: dict[str, Any] | None = None
    # The agency's own archive period (days) and the policy setting it: applies only where the
    # profile's regulation sets none (山西 Art. 17, 广东). None: the agency configured none.
    agency_archive_days: int | None = None
    agency_archive_policy: str = ""


@dataclass
class StepRequest:
    """An officer's or leader's action on the case, sent as an Update (id = submission_id)."""

    step: str
    actor: Actor
    payload: dict[str, Any] = field(default_factory=dict)
    submission_id: str = ""


@dataclass
class TaskDecision:
    """A leader's signature on an approval task: approve, or return with an opinion."""

    task_id: str
    decision: str  # approve | return
    actor: Actor
    opinion: str = ""
    submission_id: str = ""


@dataclass
class StepOutcome:
    phase: Phase
    message: str
    allowed_steps: list[str]
    task_id: str | None = None


@dataclass
class CalendarChanged:
    """Signal: an admin changed the working-day calendar (a day, or a year's holiday notice).

    The case recomputes every deadline it computed from a period; ``change_id`` is the
    ``calendar_changes`` row, so the case's audit event points at who changed what.
    """

    change_id: int
    summary: str


@dataclass
class ServedDocument:
    """A document to be served on the party (送达的执法文书): what it is and its number (文号)."""

    kind: str
    title: str
    number: str


@dataclass
class ServiceResult:
    """How and when a document reached the party; the service child signals it to the case."""

    purpose: str  # which handler of the case takes it (procedure.on_served)
    document: ServedDocument
    served_at: datetime
    way: str
    way_title: str
    record_id: str | None = None


# ---- activity I/O -------------------------------------------------------------------------


@dataclass
class RecordDraft:
    """A text record (文字记录) of one step, with the fields STATUTES section 4 requires."""

    kind: str
    title: str
    fields: dict[str, Any]
    citation: str | None = None


@dataclass
class TaskDraft:
    task_id: str
    kind: str
    title: str
    role: Role
    subject: dict[str, Any]
    due_at: datetime | None = None


@dataclass
class TaskClosure:
    task_id: str
    decision: str
    opinion: str
    signed_by: str
    signed_at: datetime
    status: str = "signed"


@dataclass
class DeadlineDraft:
    key: str
    label: str
    due_at: datetime
    citation: str | None
    status: DeadlineStatus = DeadlineStatus.open
    provisional: bool = False


@dataclass
class AvObligationDraft:
    """A recording the profile requires for an act (音像记录义务), fulfilled later by an upload."""

    key: str
    act: str
    requirement: str  # mandatory | situational
    uninterrupted: bool
    storage_due_at: datetime | None
    citation: str | None
    description_fields: list[str] = field(default_factory=list)


@dataclass
class AvStorageMoved:
    """An obligation's storage deadline recomputed (the working-day calendar changed)."""

    key: str
    storage_due_at: datetime


@dataclass
class AvDutyOpened:
    """A recording duty's storage timer, as the workflow that keeps it arms it (signalled to the case
    by a service child, which ends before the deadline)."""

    key: str  # the obligation's key: the act's step key
    act: str
    label: str
    due_at: datetime
    citation: str | None
    provisional: bool = False
    # What the deadline counts from, so it can be computed again when the calendar changes
    # (None in signals sent before it was kept: such a duty keeps its deadline).
    recording_ended_at: datetime | None = None
    returned_at: datetime | None = None


@dataclass
class StepEffects:
    """Everything one step changes, written by one activity in one transaction.

    ``step_key`` makes the write idempotent: a retried activity finds the step applied and stops.
    """

    case_id: str
    step_key: str
    at: datetime
    audit_action: str
    actor_id: str | None = None
    audit_detail: dict[str, Any] = field(default_factory=dict)
    record: RecordDraft | None = None
    phase: Phase | None = None
    status: str | None = None
    open_tasks: list[TaskDraft] = field(default_factory=list)
    close_tasks: list[TaskClosure] = field(default_factory=list)
    deadlines: list[DeadlineDraft] = field(default_factory=list)
    av_obligations: list[AvObligationDraft] = field(default_factory=list)
    av_overdue: list[str] = field(default_factory=list)  # keys of obligations whose storage deadline passed
    av_moved: list[AvStorageMoved] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    flags_cleared: list[str] = field(default_factory=list)  # the condition a flag records was remedied


@dataclass
class AppliedStep:
    record_id: str | None
    already_applied: bool


@dataclass
class IssueDocument:
    """Issue one official document (文书) of a case: number it, render it, store it, record it.

    ``data`` holds the step's own fields only; agency, case number, party, cause and officers come
    from the database (explicit data wins, see ``documents.case_data``). ``step_key`` makes it
    idempotent: issuing again with the same key returns the same document and number.
    """

    case_id: str
    step_key: str
    kind: str
    data: dict[str, Any]
    issued_on: str  # ISO date (文书日期); a date does not cross Temporal's JSON converter
    actor_id: str | None = None


@dataclass
class IssuedDocumentRef:
    document_id: str
    number: str | None
    sha256: str
    pages: int
    title: str
