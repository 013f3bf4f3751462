"""Helpers shared by the stage modules."""

from __future__ import annotations

from datetime import date
from typing import Any

from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.workflows import procedure
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.decision_records import BeijingDatetime as BeijingDatetime
from casetrail.workflows.phases import Phase
from casetrail.workflows.records import DecisionFacts
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import Actor, StepOutcome

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.recording import required_records
    from casetrail.rules.registry import get_profile
    from casetrail.rules.steps import ProcedureStep


def outcome(ctx: CaseContext, message: str, *, task_id: str | None = None) -> StepOutcome:
    return StepOutcome(ctx.state.phase, message, procedure.allowed_steps(ctx.state), task_id)


def signer_fields(ctx: CaseContext, actor: Actor, opinion: str) -> dict[str, Any]:
    """Who signed, when and with what opinion (Mingshan Art. 17-20, Xinxiang Art. 16)."""
    return {
        "signer": actor.name,
        "signer_id": actor.user_id,
        "signed_at": ctx.now().isoformat(),
        "opinion": opinion,
    }


def officers_fields(ctx: CaseContext) -> list[dict[str, str]]:
    return [
        {"name": o.name, "certificate_no": o.certificate_no, "user_id": o.user_id}
        for o in ctx.state.start.officers
    ]


# Phases in which investigation acts and measures are allowed; supplementary investigation after
# the rights notice adds its phase here.
INVESTIGATION_PHASES = frozenset({Phase.investigation})


def party_name(state: CaseState) -> str | None:
    """The party's name as the case was opened with it; a complaint may name nobody."""
    return str(state.start.party.get("name") or "").strip() or None


def party_kind(state: CaseState) -> str:
    """公民 ("person") or 法人或者其他组织 ("organisation"): amounts in the law depend on it."""
    return "person" if state.start.party.get("kind") == "person" else "organisation"


# ---- stage records ----------------------------------------------------------------------------


def decision_of(state: CaseState) -> DecisionFacts:
    """The decision made; steps that need it are allowed only in phases after it."""
    if state.decision is None:
        raise ProcedureViolation("案件尚未作出决定", field="step", rule="decision_not_made")
    return state.decision


# ---- time in payloads -----------------------------------------------------------------------


def today() -> date:
    """The workflow's current date in Beijing time (safe in validators: reads workflow time)."""
    return workflow.now().astimezone(CST).date()


def not_in_future(day: date, *, field: str, what: str) -> None:
    if day > today():
        raise InvalidInput(f"{what}不能晚于今天（{today().isoformat()}）", field=field, rule="not_in_future")


# ---- the case's own regulation ----------------------------------------------------------------


def record_basis(ctx: CaseContext, step: ProcedureStep) -> list[str]:
    """The citations that require records at ``step`` under the case's pinned profile (national and local).

    Stored in the record so an auditor sees which regulation made it necessary.
    """
    start = ctx.state.start
    profile = get_profile(start.profile_id, start.profile_version)
    return list(dict.fromkeys(str(req.citation) for req in required_records(profile, step)))
