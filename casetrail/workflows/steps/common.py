"""Helpers shared by the stage modules."""

from __future__ import annotations

from typing import Any

from casetrail.workflows import procedure
from casetrail.workflows.context import CaseContext
from casetrail.workflows.types import Actor, StepOutcome


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
INVESTIGATION_PHASES = frozenset({"investigation"})
