"""Read the state of a case that continued as new under older code into today's typed fields.

Before the stage records were typed, they travelled in ``CaseState.facts`` as JSON; such a state may
still arrive as continue-as-new input (:class:`ArrivingState`). Each legacy key is read into its typed
field, once, on load; today's ``CaseState`` has no such field.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from typing import Any, get_type_hints

from pydantic import TypeAdapter
from temporalio.converter import value_to_type

from .phases import Phase
from .records import ClosingRequested, CourtWindow, DecisionFacts, ExtensionRequested, FilingRequested
from .state import STAGE_RECORDS, CaseState, Freeze
from .steps.simple_procedure import OnTheSpotDecision, on_the_spot_decision

# Asia/Shanghai without ZoneInfo (the sandbox refuses it); China has no DST.
CST = timezone(timedelta(hours=8))
_MILESTONES = ("procedure_started_at", "filed_at", "decision_served_at", "execution_ended_at")
# Kept under the same key, in the same JSON shape, as the typed field now holds it.
_SAME_SHAPE = tuple(
    name for name in STAGE_RECORDS if name not in ("decision", "case_extensions", "on_the_spot")
)
_EXTENSION_REQUEST = "case_extension:"  # + task id


@dataclass
class ArrivingState(CaseState):
    """A state as continue-as-new hands it over: today's fields, and the untyped stage data older
    code kept in ``facts`` (JSON), which only :func:`upgrade_state` reads."""

    facts: dict[str, Any] = field(default_factory=dict)


def upgrade_state(arrived: CaseState) -> CaseState:
    """Today's state from what arrived: the same fields, every legacy fact in its typed field."""
    state = CaseState(**{f.name: getattr(arrived, f.name) for f in fields(CaseState)})
    facts = dict(arrived.facts) if isinstance(arrived, ArrivingState) else {}
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
    if "on_the_spot" in facts:  # the officer's form, its record and number
        raw = facts.pop("on_the_spot")
        form = OnTheSpotDecision.model_validate(raw["decision"])
        state.on_the_spot = on_the_spot_decision(
            form, record_id=raw["record_id"], document_no=raw["document_no"]
        )
    _upgrade_execution(state, facts)
    return state


def _upgrade_execution(state: CaseState, facts: dict[str, Any]) -> None:
    """Rights, deliberation, payment, remedies, reminder, enforcement, services, consent, correction,
    record access and case-clock extensions: decoded as the Temporal converter decodes the fields."""
    hints = get_type_hints(CaseState)
    for name in _SAME_SHAPE:
        if name in facts:
            setattr(state, name, value_to_type(hints[name], facts.pop(name)))
    extensions = state.case_extensions
    for key in [key for key in facts if key.startswith(_EXTENSION_REQUEST)]:
        task_id = key.removeprefix(_EXTENSION_REQUEST)
        extensions.pending[task_id] = value_to_type(ExtensionRequested, facts.pop(key))
    extensions.days += int(facts.pop("case_extension_days", 0))
    extensions.bases_used.extend(facts.pop("case_extension_bases", []))
    # Written by the end of investigation and never read: the report is its record and document.
    facts.pop("investigation_report", None)


def _on(day: str) -> datetime:
    """A request date stored as an ISO day: its start, Beijing time."""
    return datetime.fromisoformat(day).replace(tzinfo=CST)
