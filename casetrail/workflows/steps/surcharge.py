"""The 加处罚款决定书: a fine unpaid when its period ended is surcharged 3 % a day from the next day, never
above the fine (处罚法 Art. 72; 强制法 Art. 45); the decision tells the party so, with its remedies."""

from __future__ import annotations

from pydantic import BaseModel
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.workflows.context import CaseContext
from casetrail.workflows.moves import ANY_PHASE
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, ServiceResult, StepOutcome, StepRequest

from .act_documents import documents_fields
from .common import decision_of, outcome
from .document_data import served_document
from .performance import fine_last_day, fine_unpaid, yuan
from .service_steps import decision_title, served, start_service

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law

SURCHARGE_STEP = "surcharge_decision"
SERVICE_PURPOSE = "surcharge_decision"


class SurchargeDecision(BaseModel):
    """Nothing to enter: the fine, its last day and the decision's terms are the case's own."""


def _check_surcharge(state: CaseState, request: StepRequest, payload: SurchargeDecision) -> None:
    if not fine_unpaid(state) or "fine_payment_overdue" not in state.flags:
        raise ProcedureViolation(
            "罚款缴纳期限届满后仍未缴纳的，方可作出加处罚款决定",
            field="step",
            rule="fine_not_overdue",
            citation=str(law.PENALTY_72),
        )
    if SURCHARGE_STEP in state.history:
        raise ProcedureViolation(
            "本案已作出加处罚款决定",
            field="step",
            rule="surcharge_already_decided",
            citation=str(law.PENALTY_72),
        )


@step(
    "issue_surcharge_decision",
    title="制作加处罚款决定书",
    phases={Phase.overdue, Phase.serving_reminder, Phase.reminded},
    payload=SurchargeDecision,
    checks=(_check_surcharge,),
)
async def issue_surcharge_decision(
    ctx: CaseContext, request: StepRequest, payload: SurchargeDecision
) -> StepOutcome:
    decided = decision_of(ctx.state)
    assert decided.fine_fen is not None, "refused by _check_surcharge"
    due_on = fine_last_day(ctx.state)
    data = {
        "obligation": "缴纳罚款",
        "prior_document_title": decision_title(decided),
        "prior_document_number": decided.document_no,
        "fine": f"{decided.fine_fen / 100:.2f}",
        "due_on": due_on.isoformat(),
        "remedies": decided.remedies,
        "payment": decided.payment,
    }
    issued = await ctx.issue("surcharge_decision", data, actor=request.actor)
    # A decision reaches the party through service, as the penalty decision and the reminder do.
    child_id = await start_service(ctx, SERVICE_PURPOSE, served_document("surcharge_decision", issued))
    await ctx.apply(
        SURCHARGE_STEP,
        action="case.surcharge_decided",
        actor=request.actor,
        record=RecordDraft(
            kind="surcharge_decision",
            title="加处罚款决定书",
            fields={
                "fine": yuan(decided.fine_fen),
                "payment_last_day": due_on.isoformat(),
                "surcharge_from": "罚款缴纳期限届满次日，每日按罚款数额的百分之三，不超过罚款数额",
                "decided_by": request.actor.name,
                **documents_fields([issued]),
            },
            citation=f"{law.PENALTY_72}；{law.COERCION_45}",
        ),
        detail={"service_workflow_id": child_id},
    )
    return outcome(ctx, f"已制作加处罚款决定书（{issued.number}），开始送达")


@served(SERVICE_PURPOSE, title="加处罚款决定书送达", phases=ANY_PHASE, moves_to=())
async def surcharge_decision_served(ctx: CaseContext, result: ServiceResult) -> None:
    """Served while the case goes on (reminder, enforcement): its phase is the case's own business."""
    await ctx.apply(
        "surcharge_decision_served",
        action="case.surcharge_decision_served",
        detail={"served_at": result.served_at.isoformat(), "way": result.way},
    )
