"""Read the state of a case that continued as new under older code into today's typed fields.

Before the stage records were typed, they travelled in ``CaseState.facts`` as JSON; such a state may
still arrive as continue-as-new input. Each legacy key is popped into its typed field, once, on load.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pydantic import TypeAdapter

from .phases import Phase
from .records import ClosingRequested, CourtWindow, DecisionFacts, FilingRequested
from .state import CaseState, Freeze

# Asia/Shanghai without ZoneInfo (the sandbox refuses it); China has no DST.
CST = timezone(timedelta(hours=8))
_MILESTONES = ("procedure_started_at", "filed_at", "decision_served_at", "execution_ended_at")


def upgrade_state(state: CaseState) -> None:
    facts = state.facts
    if "decision" in facts:
        state.decision = TypeAdapter(DecisionFacts).validate_python(facts.pop("decision"))
    for name in _MILESTONES:
        if name in facts:
            setattr(state.milestones, name, datetime.fromisoformat(facts.pop(name)))
    if "filing_request" in facts:
        raw = facts.pop("filing_request")
        state.filing_request = FilingRequested(
            _on(raw["requested_on"]), raw["source"], raw["summary"], raw["handler_opinion"], raw["handler"]
        )
    if "closing_request" in facts:
        raw = facts.pop("closing_request")
        state.closing_request = ClosingRequested(
            _on(raw["requested_on"]), raw["summary"], raw["outcome"], raw["handler"]
        )
    if "court_window" in facts:
        raw = facts.pop("court_window")
        state.court_window = CourtWindow(
            remedy_periods_end=datetime.fromisoformat(raw["remedy_periods_end"]),
            review_last_day=raw["review_last_day"],
            lawsuit_last_day=raw["lawsuit_last_day"],
            after_reminder_end=datetime.fromisoformat(raw["after_reminder_end"]),
            opens_at=datetime.fromisoformat(raw["opens_at"]),
            closes_at=datetime.fromisoformat(raw["closes_at"]),
            explanation=list(raw["explanation"]),
        )
    if "phase_before_closing" in facts:
        state.phase_before_closing = Phase(facts.pop("phase_before_closing"))
    for freeze_id, raw in facts.pop("freezes", {}).items():
        state.freezes[freeze_id] = Freeze(
            plan=raw["plan"],
            task_id=raw["task_id"],
            status=raw["status"],
            extended=raw["extended"],
            extension_task=raw.get("extension_task"),
            extension_days=int(raw.get("extension_days", 0)),
        )
    if "application_supplement_requested" in facts:
        state.supplement_requested = bool(facts.pop("application_supplement_requested"))


def _on(day: str) -> datetime:
    """A request date stored as an ISO day: its start, Beijing time."""
    return datetime.fromisoformat(day).replace(tzinfo=CST)
