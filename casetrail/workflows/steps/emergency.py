"""Starting first in an emergency (先行启动) and backfilling the filing approval.

Taian Art. 8 and Mingshan Art. 8: where the situation is urgent the procedure may start at once and
the approval (审批表 / 《立案审批表》) is backfilled within 24 hours of the start; other profiles do
not allow it (the API refuses with 409 before anything is written). Investigation proceeds at once;
a durable timer escalates a backfill the leader has not signed in time. The case-handling clock runs
from the emergency start.
"""

from __future__ import annotations

from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import approval, on_expiry, on_return, starter
from casetrail.workflows.starts import EmergencyIntake, emergency_start_rule
from casetrail.workflows.state import MeasureKind
from casetrail.workflows.types import RecordDraft, StepOutcome, TaskDecision

from .coercive_measures import OPEN, RELEASED, release
from .escalation import mark_overdue
from .filing import FILING_CITATION, file_case, not_filed, request_filing

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law

BACKFILL = "emergency_backfill"


@starter("emergency", title="情况紧急先行启动", moves_to={Phase.investigation, Phase.ended})
async def start_emergency(ctx: CaseContext) -> None:
    start = ctx.state.start
    intake = EmergencyIntake.model_validate(start.intake)
    try:
        rule = emergency_start_rule(start.profile_id, start.profile_version)
    except ProcedureViolation as refusal:
        # Only reachable when a client bypasses the API's check: end with the reason on file.
        await ctx.apply(
            "emergency_start_refused",
            action="case.emergency_start_refused",
            actor=start.opened_by,
            record=RecordDraft(
                kind="emergency_start_refused",
                title="先行启动不予准许",
                fields={"reason": refusal.message, **intake.model_dump(mode="json")},
                citation=refusal.citation,
            ),
            phase=Phase.ended,
            status="closed",
        )
        return
    assert rule.backfill is not None  # emergency_start_rule refuses a rule without one
    backfill = await ctx.arm(
        BACKFILL,
        rule.backfill,
        label=f"补办《{rule.form}》审批手续",
        on_expiry="emergency_backfill_overdue",
        start=intake.started_at,
    )
    ctx.state.milestones.procedure_started_at = intake.started_at
    await request_filing(
        ctx,
        kind="emergency_filing",
        actor=start.opened_by,
        source=start.facts.get("source", "情况紧急，先行启动"),
        summary=start.facts.get("summary", ""),
        handler_opinion=start.facts.get("handler_opinion", "建议立案"),
        title=f"{rule.form}（情况紧急先行启动后补办）",
        phase=Phase.investigation,
        extra={
            "emergency": {
                **intake.model_dump(mode="json"),
                "backfill_due_at": backfill.due_at.isoformat(),
                "backfill_rule": str(rule.citation),
            }
        },
        citation=f"{rule.citation}、{FILING_CITATION}",
        due_at=backfill.due_at,
        deadlines=[backfill],
    )


@approval(
    "emergency_filing",
    title="立案审批（先行启动后补办）",
    phases={Phase.investigation},
    moves_to={Phase.investigation},
)
async def approve_emergency_filing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await file_case(
        ctx,
        decision,
        clock_start=ctx.state.milestones.procedure_started_at,
        extra={"backfilled_late": BACKFILL not in ctx.state.timers},
        deadlines=[ctx.clear_timer(BACKFILL, status=DeadlineStatus.met)],
    )


@on_return("emergency_filing", moves_to={Phase.ended, Phase.not_opened_notice})
async def refuse_emergency_filing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    """Not filed: measures taken since the emergency start are released before the case ends."""
    for measure in [m for m in ctx.state.measures.values() if m.kind in RELEASED and m.status in OPEN]:
        await release(
            ctx,
            measure,
            actor=decision.actor,
            reason="先行启动的执法程序未获立案批准，程序终止",
            returned="解除并退还" if measure.kind == MeasureKind.seizure else RELEASED[measure.kind].at_once,
            citation=str(law.COERCION_28 if measure.kind == MeasureKind.seizure else law.COERCION_20),
        )
    return await not_filed(ctx, decision)


@on_expiry("emergency_backfill_overdue", title="补办立案审批手续期限届满")
async def emergency_backfill_overdue(ctx: CaseContext, key: str) -> None:
    await mark_overdue(ctx, key, flag="emergency_backfill_overdue", title="先行启动逾期未补办立案审批手续")
