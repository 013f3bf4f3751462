"""What one stage leaves for later ones, as typed records held in ``CaseState``.

Frozen dataclasses of JSON-able fields, so they travel through continue-as-new with the state (the
Temporal converter decodes them by their type) and are passed through the sandbox with it. Test
fixtures build them with these same types: a record the real stage could not produce cannot be written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import TypeAdapter

from casetrail.rules.penalties import DecisionKind, PenaltyKind


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


def upgrade_decision(state_facts: dict[str, Any]) -> DecisionFacts | None:
    """A case that continued as new before the decision became a typed field carries it in
    ``facts["decision"]`` (``DecisionFacts`` JSON): read it back as the record."""
    raw = state_facts.pop("decision", None)
    return None if raw is None else TypeAdapter(DecisionFacts).validate_python(raw)
