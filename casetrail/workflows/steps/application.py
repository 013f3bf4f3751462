"""Starting on application (依申请): register, then accept, refuse, or ask once for everything missing.

Mingshan Art. 7: record the application (written or oral), acceptance or refusal, on-the-spot
correction, the written receipt, and the one-time notice of everything to supplement (一次性告知);
Xinxiang Art. 6 and Taian Art. 7 likewise. An accepted application goes to filing approval
(Mingshan Art. 8: a general procedure starts with the 立案审批表).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.workflows import procedure
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import starter, step
from casetrail.workflows.starts import ApplicationIntake
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest

from ..fields import BeijingDateTime, LongText
from .act_documents import documents_fields
from .common import outcome
from .filing import request_filing
from .profile_rules import citation_of, requirements_fields

with workflow.unsafe.imports_passed_through():
    from casetrail.documents.fields import Remedies
    from casetrail.rules.steps import ProcedureStep

FORM_ZH = {"written": "书面申请", "oral": "口头申请"}


def _record(state: CaseState, kind: str, title: str, fields: dict[str, Any]) -> RecordDraft:
    step = ProcedureStep.START_BY_APPLICATION
    return RecordDraft(
        kind=kind,
        title=title,
        fields={**fields, "requirements": requirements_fields(state, step)},
        citation=citation_of(state, step),
    )


def _application_data(ctx: CaseContext) -> dict[str, Any]:
    """What every notice to the applicant names: when the application came and what it asks."""
    application = ApplicationIntake.model_validate(ctx.state.start.intake)
    received = application.received_at.astimezone(CST).date()
    return {"application_received_on": received.isoformat(), "application_matter": application.matter}


@starter("application", title="登记申请", moves_to={Phase.application_review})
async def start_application(ctx: CaseContext) -> None:
    start = ctx.state.start
    application = ApplicationIntake.model_validate(start.intake)
    await ctx.apply(
        "application_registered",
        action="case.application_registered",
        actor=start.opened_by,
        record=_record(
            ctx.state,
            "application_registration",
            "申请登记",
            {
                **application.model_dump(mode="json"),
                "form_zh": FORM_ZH[application.form],
                "registered_by": start.opened_by.name,
                "registered_at": ctx.now().isoformat(),
            },
        ),
        phase=Phase.application_review,
    )


class Acceptance(BaseModel):
    receipt_no: str = Field(min_length=1, description="受理凭证或回执编号")
    corrected_on_the_spot: str = Field(default="", description="当场更正的申请材料错误")
    summary: LongText = Field(min_length=1, description="基本情况")
    handler_opinion: LongText = Field(default="建议受理并立案", description="承办人意见")
    processing_days: int = Field(default=90, gt=0, description="受理通知书载明的办理期限（日）")


@step(
    "accept_application",
    title="受理申请",
    moves_to={Phase.filing_approval},
    phases={Phase.application_review},
    payload=Acceptance,
)
async def accept_application(ctx: CaseContext, request: StepRequest, payload: Acceptance) -> StepOutcome:
    notice = {**_application_data(ctx), "processing_days": payload.processing_days}
    issued = await ctx.issue("acceptance_notice", notice, actor=request.actor)
    await ctx.apply(
        "application_accepted",
        action="case.application_accepted",
        actor=request.actor,
        record=_record(
            ctx.state,
            "application_acceptance",
            "受理记录（出具受理凭证）",
            {
                **payload.model_dump(),
                "decision": "受理",
                "handler": request.actor.name,
                "at": ctx.now().isoformat(),
                **documents_fields([issued]),
            },
        ),
    )
    task = await request_filing(
        ctx,
        kind="filing",
        actor=request.actor,
        source="依申请",
        summary=payload.summary,
        handler_opinion=payload.handler_opinion,
    )
    return outcome(ctx, "已受理申请并提请立案审批", task_id=task.task_id)


class Refusal(BaseModel):
    reason: LongText = Field(min_length=1, description="不予受理的理由")
    legal_basis: str = Field(min_length=1, description="依据")
    notice_method: str = Field(min_length=1, description="告知申请人的方式（不予受理决定书等）")
    remedies: Remedies = Field(description="不予受理通知书载明的救济途径：行政复议机关和人民法院")


@step(
    "refuse_application",
    title="不予受理",
    moves_to={Phase.ended},
    phases={Phase.application_review, Phase.application_supplement},
    payload=Refusal,
)
async def refuse_application(ctx: CaseContext, request: StepRequest, payload: Refusal) -> StepOutcome:
    notice = {
        **_application_data(ctx),
        "reason": f"{payload.reason}（依据：{payload.legal_basis}）",
        "remedies": payload.remedies.model_dump(),
    }
    issued = await ctx.issue("non_acceptance_notice", notice, actor=request.actor)
    await ctx.apply(
        "application_refused",
        action="case.application_refused",
        actor=request.actor,
        record=_record(
            ctx.state,
            "application_refusal",
            "不予受理记录",
            {
                **payload.model_dump(),
                "decision": "不予受理",
                "handler": request.actor.name,
                "at": ctx.now().isoformat(),
                **documents_fields([issued]),
            },
        ),
        phase=Phase.ended,
        status="closed",
    )
    return outcome(ctx, "不予受理，案件终止")


class SupplementNotice(BaseModel):
    """一次性告知: every missing item at once."""

    items: list[str] = Field(min_length=1, description="需补正的全部内容")
    method: str = Field(min_length=1, description="告知方式（补正通知书等）")
    informed_at: BeijingDateTime = Field(description="告知时间")
    deadline: date = Field(description="补正通知书载明的补正期限")


def _only_once(state: CaseState, request: StepRequest, payload: SupplementNotice) -> None:
    if state.supplement_requested:
        raise ProcedureViolation(
            "需补正的全部内容应当一次性告知，不得再次要求补正；请受理或不予受理",
            field="step",
            rule="one_time_notice",
            citation=citation_of(state, ProcedureStep.START_BY_APPLICATION),
            allowed=procedure.describe_allowed(state),
        )


@step(
    "request_supplement",
    title="一次性告知补正",
    moves_to={Phase.application_supplement},
    phases={Phase.application_review},
    payload=SupplementNotice,
    checks=(_only_once,),
)
async def request_supplement(
    ctx: CaseContext, request: StepRequest, payload: SupplementNotice
) -> StepOutcome:
    notice = {**_application_data(ctx), "materials": payload.items, "deadline": payload.deadline.isoformat()}
    issued = await ctx.issue("correction_notice", notice, actor=request.actor)
    ctx.state.supplement_requested = True
    await ctx.apply(
        "supplement_requested",
        action="case.supplement_requested",
        actor=request.actor,
        record=_record(
            ctx.state,
            "supplement_notice",
            "一次性告知补正材料通知",
            {**payload.model_dump(mode="json"), "handler": request.actor.name, **documents_fields([issued])},
        ),
        phase=Phase.application_supplement,
    )
    return outcome(ctx, "已一次性告知需补正的全部内容")


class Supplement(BaseModel):
    materials: list[str] = Field(min_length=1, description="补正的材料")
    received_at: BeijingDateTime = Field(description="收到补正材料的时间")


@step(
    "receive_supplement",
    title="收到补正材料",
    moves_to={Phase.application_review},
    phases={Phase.application_supplement},
    payload=Supplement,
)
async def receive_supplement(ctx: CaseContext, request: StepRequest, payload: Supplement) -> StepOutcome:
    await ctx.apply(
        "supplement_received",
        action="case.supplement_received",
        actor=request.actor,
        record=_record(
            ctx.state,
            "supplement_received",
            "补正材料接收记录",
            {**payload.model_dump(mode="json"), "handler": request.actor.name},
        ),
        phase=Phase.application_review,
    )
    return outcome(ctx, "已收到补正材料，请受理或不予受理")
