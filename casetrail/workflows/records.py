"""What one stage leaves for later ones, as typed records held in ``CaseState``.

Frozen dataclasses of JSON-able fields, so they travel through continue-as-new with the state (the
Temporal converter decodes them by their type) and are passed through the sandbox with it. Test
fixtures build them with these same types: a record the real stage could not produce cannot be written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from casetrail.rules.penalties import DecisionKind, PenaltyKind

from .types import ServedDocument


@dataclass(frozen=True)
class DecisionFacts:
    """The decision made (处罚决定、不予处罚决定或移送): what service and execution need to know."""

    kind: DecisionKind
    fine_fen: int | None
    penalties: list[PenaltyKind]
    penalty_text: list[str]
    decided_at: datetime
    record_id: str | None
    document_no: str | None
    party_present: bool
    procedure: Literal["general", "simple"]
    document_id: str | None = None
    # What the decision names for paying the fine and for review or suit; the execution
    # documents (催告书, 强制执行决定书) name them again.
    payment: dict[str, str] | None = None
    remedies: dict[str, str] | None = None
    collected_on_the_spot: bool = False
    transfer_to: str = ""

    @property
    def is_penalty(self) -> bool:
        return self.kind == DecisionKind.PENALTY


@dataclass
class Milestones:
    """When the procedure reached the points later deadlines and records count from."""

    procedure_started_at: datetime | None = None  # an emergency start (先行启动), before filing
    filed_at: datetime | None = None  # 立案 (the case clock starts, 处罚法 Art. 60)
    decision_served_at: datetime | None = None  # performance and the reminder count from it
    execution_ended_at: datetime | None = (
        None  # performed, enforced, ruled or revoked: archiving counts from it
    )


@dataclass(frozen=True)
class FilingRequested:
    """The handler's side of the 立案审批表, shown again when the leader signs it."""

    requested_at: datetime
    source: str
    summary: str
    handler_opinion: str
    handler: str


@dataclass(frozen=True)
class ClosingRequested:
    """The handler's side of the 结案审批表, shown again when the leader signs it."""

    requested_at: datetime
    summary: str
    outcome: str
    handler: str


@dataclass(frozen=True)
class CourtWindow:
    """When the agency may apply to the court for enforcement (强制法 Art. 53-54), as computed when
    the reminder was served; the court step refuses applications outside it."""

    remedy_periods_end: datetime
    review_last_day: str  # ISO day, as the deadline computation states it
    lawsuit_last_day: str
    after_reminder_end: datetime
    opens_at: datetime
    closes_at: datetime
    explanation: list[str]

    def as_fields(self) -> dict[str, str | list[str]]:
        """As records and audit details state it."""
        return {
            "remedy_periods_end": self.remedy_periods_end.isoformat(),
            "review_last_day": self.review_last_day,
            "lawsuit_last_day": self.lawsuit_last_day,
            "after_reminder_end": self.after_reminder_end.isoformat(),
            "opens_at": self.opens_at.isoformat(),
            "closes_at": self.closes_at.isoformat(),
            "explanation": list(self.explanation),
        }


@dataclass(frozen=True)
class InspectionFindings:
    """What a routine inspection found on site, and what the correction check (复查) saw."""

    findings: str
    violation_found: bool
    corrected: Literal["corrected", "not_corrected", "partly_corrected"] | None = None
    # Known once the inspection issues its documents: the day inspected, ISO (the 指令书 states it),
    # and the 责令限期改正指令书's number (the 整改复查意见书 names it).
    inspected_on: str | None = None
    order_number: str | None = None

    def as_fields(self) -> dict[str, str | bool]:
        """As the closing and hand-over records state it."""
        fields: dict[str, str | bool] = {"findings": self.findings, "violation_found": self.violation_found}
        if self.corrected is not None:
            fields["corrected"] = self.corrected
        return fields


@dataclass
class ServiceStarted:
    """A document being served by a service child workflow, under one purpose (decision, reminder …)."""

    workflow_id: str
    key: str
    document: ServedDocument
    status: Literal["serving", "served", "withdrawn"] = "serving"
    served_at: datetime | None = None
    way: str | None = None


@dataclass(frozen=True)
class ConsentOnFile:
    """The party's consent to electronic service (送达地址确认书, 处罚法 Art. 61(2)), as signed."""

    channel: str
    address: str
    signed_on: str  # ISO day
    signer: str


@dataclass(frozen=True)
class RecordAccessRequested:
    """A request to read or copy the enforcement records, awaiting the leader (its task id keys it)."""

    requester_name: str
    relation: Literal["party", "agent"]
    grantee_user_id: str | None
    id_number: str
    mode: Literal["read", "copy"]
    purpose: str
    evidence_ids: list[str]
    valid_days: int


@dataclass(frozen=True)
class ExtensionRequested:
    """A request to extend the case clock (延长办案期限), awaiting the leader."""

    basis: str
    days: int
    reason: str
    collective_discussion: str = ""


@dataclass
class CaseExtensions:
    """Extensions of the case clock: requested (task id → request), granted days, bases used."""

    pending: dict[str, ExtensionRequested] = field(default_factory=dict)
    days: int = 0
    bases_used: list[str] = field(default_factory=list)
