"""Closing (结案) with the leader's approval; the case file is then archived (``archiving.py``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.statuses import DeadlineStatus, FreezeStatus, MeasureStatus
from casetrail.workflows import procedure
from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import approval, on_return, step
from casetrail.workflows.records import ClosingRequested
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import DeadlineDraft, RecordDraft, StepOutcome, StepRequest, TaskDecision

from ..fields import LongText
from .archiving import ARCHIVE_TIMER, arm_archive_deadline
from .av_duties import AV_STORAGE_CHECK
from .case_clock import CLOCK, WARNING
from .common import outcome, signer_fields
from .document_data import document_fields
from .simple_procedure import BANK_TIMER

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law

# Phases from which a case may be proposed for closing; later stages add theirs.
CLOSABLE_PHASES = {
    Phase.investigation,
    Phase.decision_served,  # no penalty, or transferred: nothing to execute
    Phase.performed,
    Phase.enforced,
    Phase.court_decided,
    Phase.decision_revoked,  # by review or judgment
}


# Closing ends the procedure's clocks, but not every clock is met by it.
CLOSING_CLOCKS_PATCH = "closing-marks-only-what-was-met"
# Duties that outlive the closing keep running: the archive clock (until the file is archived), an AV
# storage deadline (until it is checked against the uploads), and paying a fine collected on the spot
# into the bank (处罚法 Art. 71; ``record_bank_deposit`` is open in every phase).
OUTLIVE_CLOSING = frozenset({ARCHIVE_TIMER, BANK_TIMER})


def closing_clocks(ctx: CaseContext) -> list[DeadlineDraft | None]:
    """What closing does to each running clock, truthfully.

    The case-handling clock (处罚法 Art. 60) is met: the case ended before it ran out. Its warning is
    an internal wake-up without a Deadline row. A duty that outlives the closing keeps running. Any
    other clock (a window nobody used, a reminder) ends unmet: cancelled, not "met".
    """
    drafts: list[DeadlineDraft | None] = []
    for key, timer in list(ctx.state.timers.items()):
        if key in OUTLIVE_CLOSING or timer.on_expiry == AV_STORAGE_CHECK:
            continue
        if key == WARNING:
            ctx.clear_timer(key)
            continue
        drafts.append(
            ctx.clear_timer(key, status=DeadlineStatus.met if key == CLOCK else DeadlineStatus.cancelled)
        )
    return drafts


# What a measure still in force must get before the case closes, and the article that asks it.
IN_FORCE = {MeasureStatus.active, MeasureStatus.overdue}
MEASURE_LAW = {
    "evidence_preservation": law.PENALTY_56,
    "seizure": law.COERCION_27,
    "liberty": law.COERCION_20,
}


def _no_measure_in_force(state: CaseState, request: StepRequest, payload: ClosingRequest) -> None:
    """A case does not close over a seizure, a preservation or a freeze still in force: each is decided
    on or released first (处罚法 Art. 56; 强制法 Art. 27, 28, 32, 33)."""
    held = [m for m in state.measures.values() if m.status in IN_FORCE]
    frozen = [f for f in state.freezes.values() if f.status == FreezeStatus.active]
    if not held and not frozen:
        return
    named = [m.kind.title_zh for m in held] + [f"冻结{f.account}" for f in frozen]
    citations = [MEASURE_LAW[m.kind] for m in held if m.kind in MEASURE_LAW]
    if frozen:
        citations.append(law.COERCION_32)
    raise ProcedureViolation(
        f"尚有未依法处理或解除的措施（{'、'.join(dict.fromkeys(named))}），应当先作出处理决定或者解除，再提请结案",
        field="step",
        rule="measures_in_force",
        citation="；".join(dict.fromkeys(str(c) for c in citations)),
        allowed=procedure.describe_allowed(state),
    )


class ClosingRequest(BaseModel):
    summary: LongText = Field(min_length=1, description="结案报告：处理结果及执行情况")
    outcome: LongText = Field(min_length=1, description="处理结果")


@step(
    "request_closing",
    title="提请结案",
    moves_to={Phase.closing_approval},
    phases=CLOSABLE_PHASES,
    payload=ClosingRequest,
    checks=(_no_measure_in_force,),
)
async def request_closing(ctx: CaseContext, request: StepRequest, payload: ClosingRequest) -> StepOutcome:
    task = ctx.task(
        "closing",
        title=f"结案审批：{ctx.state.start.cause}",
        subject={"case_no": ctx.state.start.case_no, "summary": payload.summary, "outcome": payload.outcome},
    )
    ctx.state.phase_before_closing = ctx.state.phase
    ctx.state.closing_request = ClosingRequested(
        requested_at=ctx.now(), summary=payload.summary, outcome=payload.outcome, handler=request.actor.name
    )
    await ctx.apply(
        "closing_request",
        action="case.closing_requested",
        actor=request.actor,
        record=RecordDraft(
            kind="closing_request",
            title="结案审批表（承办人意见）",
            fields={"summary": payload.summary, "outcome": payload.outcome, "handler": request.actor.name},
        ),
        phase=Phase.closing_approval,
        open_tasks=[task],
    )
    return outcome(ctx, "已提请结案审批", task_id=task.task_id)


def closing_form(ctx: CaseContext, decision: TaskDecision) -> dict[str, Any]:
    """The step's own fields of the 结案审批表: outcome, execution, the handler's and leader's opinions."""
    request = ctx.state.closing_request
    assert request is not None, "the closing task is opened by request_closing"
    handler = {"role": "承办人意见", "opinion": "建议结案", "signer": request.handler}
    leader = {
        "role": "机关负责人意见",
        "opinion": decision.opinion or "同意结案",
        "signer": decision.actor.name,
    }
    return {
        "outcome": request.outcome,
        "execution": request.summary,
        "opinions": [
            {**handler, "signed_on": request.requested_at.date().isoformat()},
            {**leader, "signed_on": ctx.now().date().isoformat()},
        ],
    }


@approval("closing", title="结案审批", phases={Phase.closing_approval}, moves_to={Phase.archiving})
async def approve_closing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    form = await ctx.issue("closing_approval", closing_form(ctx, decision), actor=decision.actor)
    if workflow.patched(CLOSING_CLOCKS_PATCH):
        finished = closing_clocks(ctx)
    else:  # cases closed before the patch: every clock but AV storage and archive was marked met
        finished = [
            ctx.clear_timer(key, status=DeadlineStatus.met)
            for key, timer in list(ctx.state.timers.items())
            if timer.on_expiry != AV_STORAGE_CHECK and key != ARCHIVE_TIMER
        ]
    await ctx.apply(
        "closing_approved",
        action="case.closed",
        actor=decision.actor,
        record=RecordDraft(
            kind="closing_approval",
            title="结案审批表（负责人审批）",
            fields={
                "decision": "同意结案",
                **signer_fields(ctx, decision.actor, decision.opinion),
                **document_fields(form),
            },
        ),
        phase=Phase.archiving,
        status="closed",
        close_tasks=[ctx.close_task(decision)],
        deadlines=[*finished, await arm_archive_deadline(ctx)],
    )
    return outcome(ctx, "已结案，待归档")


@on_return("closing", moves_to=CLOSABLE_PHASES)
async def return_closing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    previous, ctx.state.phase_before_closing = ctx.state.phase_before_closing or Phase.investigation, None
    ctx.state.closing_request = None
    await ctx.apply(
        "closing_returned",
        action="case.closing_returned",
        actor=decision.actor,
        record=RecordDraft(
            kind="closing_returned",
            title="结案审批退回",
            fields={"decision": "退回", **signer_fields(ctx, decision.actor, decision.opinion)},
        ),
        phase=previous,
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "结案审批已退回")
