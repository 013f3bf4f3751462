"""Between the handler's proposal and the decision: who reviews and approves it (审查决定).

Handling-unit review (承办机构审核, ``unit_head``), legal review (法制审核, ``legal_reviewer``) where
处罚法 Art. 58 requires it, expert opinion (专家论证, optional), collective discussion (集体讨论)
where Art. 57(2) requires it, and the leader's approval (负责人审批). Each signature is an approval
task; any of them may return the proposal with an opinion to the handler, who revises it.
:func:`require_ready_for_decision` is the one gate both the leader's task and the decision pass.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.roles import Role
from casetrail.workflows.context import CaseContext
from casetrail.workflows.decision_records import (
    BeijingDatetime,
    CollectiveDiscussion,
    DecisionProposal,
    Deliberation,
    Signature,
)
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import approval, on_return, step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import (
    Actor,
    IssuedDocumentRef,
    RecordDraft,
    StepOutcome,
    StepRequest,
    TaskDecision,
)

from ..fields import LongText
from .act_documents import documents_fields
from .common import not_in_future, outcome, record_basis, signer_fields
from .rights import require_rights_concluded, require_within_notice, rights_of

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.citation import Citation
    from casetrail.rules.penalties import DecisionKind
    from casetrail.rules.steps import ProcedureStep

UNIT_REVIEW_TASK = "decision_unit_review"
LEGAL_REVIEW_TASK = "decision_legal_review"
LEADER_TASK = "decision_approval"


def deliberation_of(state: CaseState) -> Deliberation:
    found = state.deliberation
    if found is None:
        raise ProcedureViolation("尚未提出处理意见", field="step", rule="no_proposal")
    return found


def legal_review_grounds(state: CaseState, proposal: DecisionProposal) -> list[Citation]:
    """The items of 处罚法 Art. 58 this decision falls under; empty if no legal review is required."""
    rights = rights_of(state)
    heard = rights is not None and rights.hearing == "concluded"
    flagged = (
        (proposal.major_public_interest, law.PENALTY_58_1),
        (heard and proposal.handling.kind is DecisionKind.PENALTY, law.PENALTY_58_2),
        (proposal.complex_legal_relations, law.PENALTY_58_3),
        (proposal.legal_review_by_law, law.PENALTY_58_4),
    )
    return [citation for applies, citation in flagged if applies]


def require_legal_review(state: CaseState, deliberation: Deliberation) -> None:
    grounds = legal_review_grounds(state, deliberation.proposal)
    if grounds and deliberation.legal_review is None:
        raise ProcedureViolation(
            "本案属于应当法制审核的情形（"
            + "；".join(g.text for g in grounds)
            + "），未经法制审核不得作出决定",
            field="step",
            rule="legal_review_required",
            citation="、".join(str(g) for g in grounds),
        )


def require_ready_for_decision(state: CaseState) -> Deliberation:
    """Everything the law asks before the leader signs and the decision issues."""
    deliberation = deliberation_of(state)
    penalty = deliberation.proposal.handling.penalty
    if penalty is not None:
        require_within_notice(require_rights_concluded(state), penalty, field="handling.penalty")
    require_legal_review(state, deliberation)
    if deliberation.proposal.complex_or_serious and deliberation.collective_discussion is None:
        raise ProcedureViolation(
            "情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定",
            field="step",
            rule="collective_discussion_required",
            citation=str(law.PENALTY_57),
        )
    return deliberation


def _signature(ctx: CaseContext, actor: Actor, opinion: str) -> Signature:
    return Signature.model_validate(signer_fields(ctx, actor, opinion))


def _proposal_subject(ctx: CaseContext, deliberation: Deliberation) -> dict[str, object]:
    proposal = deliberation.proposal
    return {
        "case_no": ctx.state.start.case_no,
        "party": ctx.state.start.party.get("name", ""),
        "handling": proposal.handling.kind.title_zh,
        "penalty": proposal.handling.describe(),
        "revision": deliberation.revision,
    }


# ---- handling-unit review (承办机构审核) -------------------------------------------------------


@approval(
    UNIT_REVIEW_TASK,
    title="承办机构审核",
    role=Role.unit_head,
    phases={Phase.unit_review},
    moves_to={Phase.deliberation},
)
async def approve_unit_review(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    deliberation = deliberation_of(ctx.state)
    await ctx.apply(
        "unit_review_approved",
        action="decision.unit_reviewed",
        actor=decision.actor,
        record=RecordDraft(
            kind="unit_review",
            title="承办机构审核意见",
            fields={"decision": "同意", **signer_fields(ctx, decision.actor, decision.opinion)},
            citation=str(law.PENALTY_57),
        ),
        phase=Phase.deliberation,
        close_tasks=[ctx.close_task(decision)],
    )
    deliberation.unit_review = _signature(ctx, decision.actor, decision.opinion)
    ctx.state.deliberation = deliberation
    grounds = legal_review_grounds(ctx.state, deliberation.proposal)
    return outcome(ctx, "承办机构已审核" + ("，本案须经法制审核" if grounds else ""))


# ---- legal review (法制审核) -----------------------------------------------------------------


def _not_yet_reviewed(state: CaseState, request: StepRequest, payload: object) -> None:
    if deliberation_of(state).legal_review is not None:
        raise ProcedureViolation("本处理意见已通过法制审核", field="step", rule="already_reviewed")


@step(
    "request_legal_review",
    title="提请法制审核",
    moves_to={Phase.legal_review},
    phases={Phase.deliberation},
    checks=(_not_yet_reviewed,),
)
async def request_legal_review(ctx: CaseContext, request: StepRequest, payload: object) -> StepOutcome:
    deliberation = deliberation_of(ctx.state)
    grounds = legal_review_grounds(ctx.state, deliberation.proposal)
    task = ctx.task(
        LEGAL_REVIEW_TASK,
        title=f"法制审核：{ctx.state.start.cause}",
        role=Role.legal_reviewer,
        subject={**_proposal_subject(ctx, deliberation), "grounds": [str(g) for g in grounds]},
    )
    await ctx.apply(
        "legal_review_requested",
        action="decision.legal_review_requested",
        actor=request.actor,
        phase=Phase.legal_review,
        open_tasks=[task],
        detail={"grounds": [str(g) for g in grounds]},
    )
    return outcome(ctx, "已提请法制审核", task_id=task.task_id)


async def issue_legal_review_opinion(
    ctx: CaseContext, decision: TaskDecision, deliberation: Deliberation, *, passed: bool
) -> IssuedDocumentRef:
    """法制审核意见书: what was reviewed, on which grounds, the reviewer's opinion and conclusion."""
    grounds = "、".join(str(g) for g in legal_review_grounds(ctx.state, deliberation.proposal))
    handling = "，".join(deliberation.proposal.handling.describe())
    conclusion = "审核通过" if passed else "审核未通过，退回承办人修改处理意见"
    data = {
        "review_items": f"对承办人提出的处理意见（{handling}）的事实、证据、依据和程序进行审核"
        + (f"；审核事由：{grounds}" if grounds else ""),
        "conclusion": conclusion,
        "opinions": [
            {
                "role": "法制审核意见",
                "opinion": decision.opinion or conclusion,
                "signer": decision.actor.name,
                "signed_on": ctx.now().date().isoformat(),
            }
        ],
    }
    return await ctx.issue("legal_review_opinion", data, actor=decision.actor)


@approval(
    LEGAL_REVIEW_TASK,
    title="法制审核",
    role=Role.legal_reviewer,
    phases={Phase.legal_review},
    moves_to={Phase.deliberation},
)
async def approve_legal_review(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    deliberation = deliberation_of(ctx.state)
    issued = await issue_legal_review_opinion(ctx, decision, deliberation, passed=True)
    await ctx.apply(
        "legal_review_passed",
        action="decision.legal_review_passed",
        actor=decision.actor,
        record=RecordDraft(
            kind="legal_review",
            title="法制审核意见书",
            fields={
                "result": "审核通过",
                "reviewer": decision.actor.name,
                "grounds": [str(g) for g in legal_review_grounds(ctx.state, deliberation.proposal)],
                **signer_fields(ctx, decision.actor, decision.opinion),
                **documents_fields([issued]),
            },
            citation=str(law.PENALTY_58),
        ),
        phase=Phase.deliberation,
        close_tasks=[ctx.close_task(decision)],
    )
    deliberation.legal_review = _signature(ctx, decision.actor, decision.opinion)
    ctx.state.deliberation = deliberation
    return outcome(ctx, "法制审核通过")


# ---- expert opinion and collective discussion ------------------------------------------------


class ExpertOpinion(BaseModel):
    held_at: BeijingDatetime = Field(description="论证时间")
    experts: list[str] = Field(min_length=1, description="专家")
    opinion: LongText = Field(min_length=1, description="论证意见")


@step("record_expert_opinion", title="专家论证意见", phases={Phase.deliberation}, payload=ExpertOpinion)
async def record_expert_opinion(
    ctx: CaseContext, request: StepRequest, payload: ExpertOpinion
) -> StepOutcome:
    deliberation = deliberation_of(ctx.state)
    await ctx.apply(
        "expert_opinion",
        action="decision.expert_opinion",
        actor=request.actor,
        record=RecordDraft(
            kind="expert_opinion",
            title="专家论证意见",
            fields={
                **payload.model_dump(mode="json"),
                "recorder": request.actor.name,
                "basis": record_basis(ctx, ProcedureStep.DECISION),
            },
        ),
    )
    deliberation.expert_opinions += 1
    ctx.state.deliberation = deliberation
    return outcome(ctx, "已记录专家论证意见")


def _discussion_valid(state: CaseState, request: StepRequest, payload: CollectiveDiscussion) -> None:
    not_in_future(payload.held_at.date(), field="held_at", what="讨论时间")
    # The discussion decides (Art. 57(2)); a decision that needs legal review may not precede it.
    require_legal_review(state, deliberation_of(state))


@step(
    "record_collective_discussion",
    title="集体讨论记录",
    moves_to={Phase.proposal_returned},
    phases={Phase.deliberation},
    payload=CollectiveDiscussion,
    roles={Role.leader},
    checks=(_discussion_valid,),
)
async def record_collective_discussion(
    ctx: CaseContext, request: StepRequest, payload: CollectiveDiscussion
) -> StepOutcome:
    deliberation = deliberation_of(ctx.state)
    minutes = {
        "session": {
            "started_at": payload.held_at.isoformat(),
            "ended_at": payload.ended_at.isoformat(),
            "place": payload.place,
        },
        "recorder": request.actor.name,
        "host": payload.chair,
        "attendees": [
            {"name": payload.chair, "role": "主持人"},
            *({"name": p.name, "role": p.position} for p in payload.participants),
        ],
        "discussion": "；".join(f"{p.name}（{p.position}）：{p.opinion}" for p in payload.participants),
        "conclusion": payload.conclusion,
    }
    issued = await ctx.issue("collective_discussion", minutes, actor=request.actor)
    await ctx.apply(
        "collective_discussion",
        action="decision.collective_discussion",
        actor=request.actor,
        record=RecordDraft(
            kind="collective_discussion",
            title="集体讨论记录",
            fields={
                **payload.model_dump(mode="json"),
                "recorder": request.actor.name,
                **documents_fields([issued]),
            },
            citation=str(law.PENALTY_57),
        ),
        phase=None if payload.agrees else Phase.proposal_returned,
    )
    if payload.agrees:
        deliberation.collective_discussion = payload
        ctx.state.deliberation = deliberation
        return outcome(ctx, "集体讨论同意处理意见")
    return outcome(ctx, "集体讨论未同意，退回承办人修改处理意见")


# ---- the leader's approval (负责人审批) ---------------------------------------------------------


def _ready_for_decision(state: CaseState, request: StepRequest, payload: object) -> None:
    require_ready_for_decision(state)


@step(
    "submit_for_approval",
    title="报请负责人审批",
    moves_to={Phase.leader_approval},
    phases={Phase.deliberation},
    checks=(_ready_for_decision,),
)
async def submit_for_approval(ctx: CaseContext, request: StepRequest, payload: object) -> StepOutcome:
    deliberation = deliberation_of(ctx.state)
    task = ctx.task(
        LEADER_TASK,
        title=f"处理决定审批：{ctx.state.start.cause}",
        role=Role.leader,
        subject={**_proposal_subject(ctx, deliberation), **deliberation.trail()},
    )
    await ctx.apply(
        "decision_submitted",
        action="decision.submitted_for_approval",
        actor=request.actor,
        phase=Phase.leader_approval,
        open_tasks=[task],
    )
    return outcome(ctx, "已报请负责人审批", task_id=task.task_id)


@approval(
    LEADER_TASK,
    title="处理决定审批",
    role=Role.leader,
    phases={Phase.leader_approval},
    moves_to={Phase.decision_approved},
)
async def approve_decision(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    deliberation = require_ready_for_decision(ctx.state)
    await ctx.apply(
        "decision_approved",
        action="decision.approved",
        actor=decision.actor,
        record=RecordDraft(
            kind="leader_approval",
            title="负责人审批意见",
            fields={
                "decision": "同意",
                "handling": deliberation.proposal.handling.fields(),
                **signer_fields(ctx, decision.actor, decision.opinion),
                "basis": record_basis(ctx, ProcedureStep.DECISION),
            },
            citation=str(law.PENALTY_57),
        ),
        phase=Phase.decision_approved,
        close_tasks=[ctx.close_task(decision)],
    )
    deliberation.leader_approval = _signature(ctx, decision.actor, decision.opinion)
    ctx.state.deliberation = deliberation
    return outcome(ctx, "负责人已批准，可制作并送达决定书")


# ---- any signer may return the proposal to the handler --------------------------------------


async def _return_to_handler(ctx: CaseContext, decision: TaskDecision, by: str) -> StepOutcome:
    await ctx.apply(
        f"{by}_returned",
        action="decision.proposal_returned",
        actor=decision.actor,
        record=RecordDraft(
            kind="proposal_returned",
            title=f"{APPROVAL_TITLES[by]}退回意见",
            fields={"decision": "退回", **signer_fields(ctx, decision.actor, decision.opinion)},
        ),
        phase=Phase.proposal_returned,
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, f"已退回承办人：{decision.opinion}")


APPROVAL_TITLES = {UNIT_REVIEW_TASK: "承办机构审核", LEGAL_REVIEW_TASK: "法制审核", LEADER_TASK: "负责人审批"}


@on_return(UNIT_REVIEW_TASK, moves_to={Phase.proposal_returned})
async def return_unit_review(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await _return_to_handler(ctx, decision, UNIT_REVIEW_TASK)


@on_return(LEGAL_REVIEW_TASK, moves_to={Phase.proposal_returned})
async def return_legal_review(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    """审核未通过: Art. 58 forbids the decision; the handler revises."""
    await issue_legal_review_opinion(ctx, decision, deliberation_of(ctx.state), passed=False)
    return await _return_to_handler(ctx, decision, LEGAL_REVIEW_TASK)


@on_return(LEADER_TASK, moves_to={Phase.proposal_returned})
async def return_decision(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await _return_to_handler(ctx, decision, LEADER_TASK)
