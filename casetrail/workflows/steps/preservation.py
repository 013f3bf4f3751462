"""Evidence registered and preserved (先行登记保存证据, 处罚法 Art. 56).

Where evidence may be lost, the leader approves preserving it; the agency must decide what to do
with it within 7 working days (Art. 56 + 85). The request names the officers on site; the approval
puts the measure in force, writes the notice and list, opens the AV duty and starts the timer.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from temporalio import workflow

from casetrail.statuses import DeadlineStatus, MeasureStatus
from casetrail.workflows.context import CaseContext
from casetrail.workflows.procedure import approval, on_expiry, on_return, step
from casetrail.workflows.state import MeasureKind
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest, TaskDecision

from ..fields import Choice, ItemList, LongText, PreservationId
from .act_documents import documents_fields, issue_with_list
from .attendance import attendance_check
from .av_duties import open_av_duty
from .common import INVESTIGATION_PHASES, outcome, signer_fields
from .escalation import mark_overdue
from .investigation import ActPayload, Item, act_check, act_fields
from .measures import (
    MeasureRef,
    measure_check,
    measure_of_task,
    ordinal,
    refuse_measure,
    request_measure,
    resolve_measure,
)
from .profile_rules import citation_of

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.deadline_text import deadline_text
    from casetrail.rules.steps import ProcedureStep

KIND = MeasureKind.evidence_preservation
# The profile's conditional requirements that apply to this act (national Art. 56, Mingshan Art. 14).
REQUIREMENTS = ("evidence_preservation_notice", "evidence_preservation")
OPEN = {MeasureStatus.active, MeasureStatus.overdue}


class PreservationRequest(ActPayload):
    reason: LongText = Field(min_length=1, description="启动理由（证据可能灭失或者以后难以取得的情形）")
    form: str = Field(default="", description="保全形式（先行登记保存、复制、音像、鉴定等）")
    holder: str = Field(min_length=1, description="证据持有人")
    items: ItemList[Item] = Field(min_length=1, description="证据物品清单")
    storage_place: str = Field(min_length=1, description="保存地点（通知书载明）")
    storage_method: str = Field(min_length=1, description="保存方式（通知书载明）")


@step(
    "request_evidence_preservation",
    title="申请先行登记保存证据",
    phases=INVESTIGATION_PHASES,
    payload=PreservationRequest,
    checks=(attendance_check(), act_check(EnforcementAct.EVIDENCE_PRESERVATION, REQUIREMENTS)),
)
async def request_preservation(
    ctx: CaseContext, request: StepRequest, payload: PreservationRequest
) -> StepOutcome:
    return await request_measure(
        ctx,
        request,
        payload,
        kind=KIND,
        task_title=f"先行登记保存证据审批：{ctx.state.start.cause}",
        subject={"reason": payload.reason, "items": payload.model_dump(mode="json")["items"]},
        record_title="先行登记保存证据审批表（承办人意见）",
        action="measure.preservation_requested",
        citation=str(law.PENALTY_56),
        message="已提请先行登记保存证据审批",
    )


@approval(KIND, title="先行登记保存证据审批")
async def approve_preservation(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    measure = measure_of_task(ctx.state, decision.task_id)
    plan = PreservationRequest.model_validate(measure.plan)
    # Issued first: the notice and list that cannot be made refuse the approval before the clock starts.
    notice = {
        "reason": plan.reason,
        "storage_place": plan.storage_place,
        "storage_method": plan.storage_method,
    }
    documents = await issue_with_list(
        ctx,
        notice=("preservation_notice", notice),
        items=plan.items,
        list_kind="preservation_list",
        actor=decision.actor,
    )
    clock = await ctx.arm(
        measure.measure_id,
        national_deadlines.EVIDENCE_PRESERVATION_DECISION,
        label=f"先行登记保存证据处理决定（{ordinal(measure.measure_id)}）",
        on_expiry="preservation_decision_overdue",
    )
    av = await open_av_duty(ctx, EnforcementAct.EVIDENCE_PRESERVATION, "evidence_preserved", plan)
    measure.status, measure.started_at = MeasureStatus.active, ctx.now()
    await ctx.apply(
        "evidence_preserved",
        action="measure.preservation_imposed",
        actor=decision.actor,
        record=RecordDraft(
            kind="evidence_preservation_notice",
            title="先行登记保存证据通知书及证据物品清单",
            fields={
                "measure_id": measure.measure_id,
                **act_fields(ctx, plan, av, recorded_by=measure.requested_by, kinds=REQUIREMENTS),
                "decision_due_at": clock.due_at.isoformat(),
                "approval": signer_fields(ctx, decision.actor, decision.opinion),
                **documents_fields(documents),
            },
            citation=citation_of(ctx.state, ProcedureStep.INVESTIGATION, REQUIREMENTS),
        ),
        close_tasks=[ctx.close_task(decision)],
        deadlines=[clock, *av.deadlines],
        av_obligations=av.obligations,
    )
    return outcome(ctx, f"已批准先行登记保存，应于{deadline_text(clock.due_at)}作出处理决定")


@on_return(KIND)
async def refuse_preservation(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await refuse_measure(
        ctx,
        decision,
        record_title="先行登记保存证据审批（不予批准）",
        action="measure.preservation_refused",
        citation=str(law.PENALTY_56),
        message="先行登记保存证据未获批准",
    )


DECISIONS_ZH = {
    "release": "解除先行登记保存，退还证据",
    "seize": "依法查封、扣押",
    "test": "送检验、检测、鉴定",
    "transfer": "移送有关机关",
    "confiscate": "依法予以没收（作出处罚决定时）",
}


class PreservationDecision(MeasureRef):
    measure_id: PreservationId | None = Field(
        default=None, description="先行登记保存措施（本案只有一项时可不填）"
    )
    decision: Annotated[
        Literal["release", "seize", "test", "transfer", "confiscate"],
        Choice(
            release="解除先行登记保存",
            seize="查封、扣押",
            test="送检验、检测、鉴定",
            transfer="移送有关机关",
            confiscate="依法没收",
        ),
    ] = Field(description="处理决定")
    details: LongText = Field(min_length=1, description="处理决定的具体内容")


@step(
    "decide_preserved_evidence",
    title="先行登记保存证据处理决定",
    phases=INVESTIGATION_PHASES,
    payload=PreservationDecision,
    checks=(measure_check(KIND, OPEN),),
)
async def decide_preserved_evidence(
    ctx: CaseContext, request: StepRequest, payload: PreservationDecision
) -> StepOutcome:
    measure = resolve_measure(ctx.state, KIND, payload.measure_id, OPEN)
    late = measure.status == MeasureStatus.overdue
    await ctx.apply(
        "evidence_preservation_decided",
        action="measure.preservation_decided",
        actor=request.actor,
        record=RecordDraft(
            kind="evidence_preservation_decision",
            title="先行登记保存证据处理决定书",
            fields={
                "measure_id": measure.measure_id,
                "decision": DECISIONS_ZH[payload.decision],
                "details": payload.details,
                "late": late,
                "handler": request.actor.name,
            },
            citation=str(law.PENALTY_56),
        ),
        deadlines=[ctx.clear_timer(measure.measure_id, status=DeadlineStatus.met)],
    )
    measure.status = MeasureStatus.decided
    return outcome(ctx, "已作出先行登记保存证据处理决定")


@on_expiry("preservation_decision_overdue", title="先行登记保存处理决定期限届满")
async def preservation_decision_overdue(ctx: CaseContext, key: str) -> None:
    ctx.state.measures[key].status = MeasureStatus.overdue
    await mark_overdue(
        ctx,
        key,
        flag="evidence_preservation_overdue",
        title="先行登记保存证据逾期未作出处理决定",
        fields={"measure_id": key},
    )
