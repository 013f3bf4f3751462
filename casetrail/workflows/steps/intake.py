"""Complaints and reports (投诉举报): the duty log, then a case opened or not.

Mingshan Art. 9: the duty officer fills the 值班记录 and reports; a case is opened with the leader's
approval (立案审批表), otherwise the complainant is told and that is recorded. Xinxiang Art. 8: the
record holds the complainant, the content, the recorder and the handling; a named complainant is
told when no case is opened.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import approval, on_return, starter, step
from casetrail.workflows.starts import ComplaintIntake
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import (
    Actor,
    IssuedDocumentRef,
    RecordDraft,
    StepOutcome,
    StepRequest,
    TaskDecision,
)

from ..fields import BeijingDateTime, LongText
from .act_documents import documents_fields
from .common import outcome, party_name
from .document_data import issues_remaining_kinds
from .filing import file_case, not_filed, request_filing
from .profile_rules import citation_of, requirements_fields

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.steps import ProcedureStep

REVIEW_PHASES = {Phase.complaint_review}


def complaint_of(state: CaseState) -> ComplaintIntake:
    return ComplaintIntake.model_validate(state.start.intake)


@starter("complaint", title="登记投诉举报", moves_to={Phase.complaint_review})
async def start_complaint(ctx: CaseContext) -> None:
    start = ctx.state.start
    complaint = complaint_of(ctx.state)
    await ctx.apply(
        "duty_log",
        action="case.complaint_received",
        actor=start.opened_by,
        record=RecordDraft(
            kind="duty_log",
            title="值班记录（投诉举报登记）",
            fields={
                "complainant": complaint.complainant.model_dump(),
                "named": complaint.complainant.named,
                "channel": complaint.channel,
                "content": complaint.content,
                "received_at": complaint.received_at.isoformat(),
                "recorder": start.opened_by.name,
                "recorder_id": start.opened_by.user_id,
                "recorded_at": ctx.now().isoformat(),
                "duty_leader_opinion": complaint.duty_leader_opinion,
                "reported_party": start.party,
                "handling": "转承办机构审查是否立案",
                "requirements": requirements_fields(ctx.state, ProcedureStep.START_BY_COMPLAINT),
            },
            citation=citation_of(ctx.state, ProcedureStep.START_BY_COMPLAINT),
        ),
        phase=Phase.complaint_review,
    )


class FilingProposal(BaseModel):
    summary: LongText = Field(min_length=1, description="核查后的基本案情")
    handler_opinion: LongText = Field(default="建议立案", description="承办人意见")


@step(
    "propose_filing",
    title="提请立案",
    moves_to={Phase.filing_approval},
    phases=REVIEW_PHASES,
    payload=FilingProposal,
)
async def propose_filing(ctx: CaseContext, request: StepRequest, payload: FilingProposal) -> StepOutcome:
    task = await request_filing(
        ctx,
        kind="complaint_filing",
        actor=request.actor,
        source="投诉举报",
        summary=payload.summary,
        handler_opinion=payload.handler_opinion,
    )
    return outcome(ctx, "已提请立案审批", task_id=task.task_id)


@approval(
    "complaint_filing",
    title="立案审批（投诉举报）",
    phases={Phase.filing_approval},
    moves_to={Phase.investigation},
)
async def approve_complaint_filing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await file_case(ctx, decision)


@on_return("complaint_filing", moves_to={Phase.complainant_notice, Phase.not_opened_notice, Phase.ended})
async def refuse_complaint_filing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await not_filed(ctx, decision, notice_pending=complaint_of(ctx.state).complainant.named)


# ---- not opening a case (不予立案) and telling the complainant --------------------------------


class ComplainantNotice(BaseModel):
    """How a named complainant was told that no case is opened."""

    method: str = Field(min_length=1, description="告知方式（电话、书面、短信等）")
    informed_at: BeijingDateTime = Field(description="告知时间")
    content: LongText = Field(min_length=1, description="告知内容")


class ComplaintDecline(BaseModel):
    reason: LongText = Field(min_length=1, description="不予立案的理由")
    notice: ComplainantNotice | None = Field(default=None, description="告知投诉举报人的情况")
    public_notice: str = Field(default="", description="向社会公示的情况")


def _named_complainant_told(state: CaseState, request: StepRequest, payload: ComplaintDecline) -> None:
    if payload.notice is None and complaint_of(state).complainant.named:
        raise InvalidInput(
            "实名投诉举报不予立案的，应当告知投诉人、举报人并记录告知情况",
            field="notice",
            rule="complainant_must_be_told",
            citation=citation_of(state, ProcedureStep.NOT_OPENED, kinds=("complainant_informed",)),
        )


@step(
    "decline_complaint",
    title="不予立案（投诉举报）",
    moves_to={Phase.ended},
    phases=REVIEW_PHASES,
    payload=ComplaintDecline,
    checks=(_named_complainant_told,),
)
async def decline_complaint(ctx: CaseContext, request: StepRequest, payload: ComplaintDecline) -> StepOutcome:
    await _end_not_opened(
        ctx, request.actor, reason=payload.reason, notice=payload.notice, public=payload.public_notice
    )
    return outcome(ctx, "不予立案，案件终止")


@step(
    "inform_complainant",
    title="告知投诉举报人",
    moves_to={Phase.ended},
    phases={Phase.complainant_notice},
    payload=ComplainantNotice,
)
async def inform_complainant(
    ctx: CaseContext, request: StepRequest, payload: ComplainantNotice
) -> StepOutcome:
    await _end_not_opened(ctx, request.actor, reason="立案审批未获批准", notice=payload, public="")
    return outcome(ctx, "已告知投诉举报人，案件终止")


async def _end_not_opened(
    ctx: CaseContext, actor: Actor, *, reason: str, notice: ComplainantNotice | None, public: str
) -> None:
    kinds = ("complainant_informed",)
    documents = [await issue_non_filing_notice(ctx, actor, reason)] if issues_remaining_kinds() else []
    await ctx.apply(
        "not_opened",
        action="case.not_opened",
        actor=actor,
        record=RecordDraft(
            kind="not_opened",
            title="不予立案及告知投诉举报人记录",
            fields={
                "reason": reason,
                "complainant": complaint_of(ctx.state).complainant.model_dump(),
                "notice": notice.model_dump(mode="json") if notice else None,
                "public_notice": public,
                "handler": actor.name,
                "requirements": requirements_fields(ctx.state, ProcedureStep.NOT_OPENED, kinds),
                **documents_fields(documents),
            },
            citation=citation_of(ctx.state, ProcedureStep.NOT_OPENED, kinds),
        ),
        phase=Phase.ended,
        status="closed",
    )


async def issue_non_filing_notice(ctx: CaseContext, actor: Actor, reason: str) -> IssuedDocumentRef:
    """不予立案告知书 to the named complainant; an anonymous complaint's notice is kept in the file."""
    complaint = complaint_of(ctx.state)
    citation = citation_of(ctx.state, ProcedureStep.NOT_OPENED, ("complainant_informed",))
    data = {
        "addressee": complaint.complainant.name.strip() or None,
        "reported_party": party_name(ctx.state),
        "received_on": complaint.received_at.astimezone(CST).date().isoformat(),
        "matter": complaint.content,
        "reason": reason,
        "additional_basis": [citation] if citation else [],
    }
    return await ctx.issue("non_filing_notice", data, actor=actor)
