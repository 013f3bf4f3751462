"""What the execution stages keep between steps: the fine and its payment, review or lawsuit, the
reminder, the enforcement plan and the correction check (处罚法 Art. 66-73, 强制法 Art. 35-37).

Like ``records.py``: dataclasses of JSON-able fields (days as ISO strings, the default Temporal
converter has no ``date``), carried in ``CaseState`` through continue-as-new. Mutable where a later
step updates them in place (a payment adds up, a remedy concludes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal


@dataclass(frozen=True)
class DueInstalment:
    due_on: str  # ISO day
    amount_fen: int


@dataclass(frozen=True)
class DeferralRequested:
    """A request to defer or pay in instalments (处罚法 Art. 66), awaiting the leader."""

    kind: Literal["deferral", "instalments"]
    reason: str
    until: str | None  # ISO day, for a deferral
    instalments: list[DueInstalment] = field(default_factory=list)


@dataclass(frozen=True)
class InstalmentPlan:
    """Approved instalments; ``paid_before`` counts what was paid before the plan began."""

    instalments: list[DueInstalment]
    paid_before: int


@dataclass
class FinePayment:
    """The fine the decision imposed and how much of it is paid (处罚法 Art. 67, 72)."""

    fine_fen: int
    last_day: str  # ISO day: the surcharge runs from the day after it
    paid_fen: int = 0
    plan: InstalmentPlan | None = None
    pending_deferral: DeferralRequested | None = None

    @property
    def last_day_date(self) -> date:
        return date.fromisoformat(self.last_day)

    @property
    def unpaid(self) -> bool:
        return self.paid_fen < self.fine_fen


@dataclass
class Remedy:
    """Review applied for or suit filed by the party; while pending the surcharge pauses (Art. 73)."""

    kind: Literal["review", "lawsuit"]
    filed_on: str  # ISO day
    body: str
    reference: str
    concluded_on: str | None = None
    outcome: Literal["upheld", "revoked"] | None = None


@dataclass
class Reminder:
    """The reminder notice (催告书, 强制法 Art. 35) and the party's statement after it (Art. 36)."""

    perform_by: str  # ISO day
    document_no: str | None
    obligation: str
    statement: Literal["waived", "reviewed"] | None = None
    # How the statement was handled, as the enforcement decision states it (强制法 Art. 36, 38).
    statement_handling: str | None = None
    served_at: datetime | None = None


@dataclass(frozen=True)
class EnforcementPlan:
    """What the officers asked the leader to decide (强制法 Art. 37): what the later steps read."""

    mode: str  # a key of steps.enforcement.MODES
    reasons: str
    basis: str
    planned_at: datetime
    urgent: bool


@dataclass(frozen=True)
class CorrectionChecked:
    """The last check whether an ordered correction was made."""

    corrected: bool
    checked_at: datetime
