"""The handler's proposal and the decision itself (处罚法 Art. 57-62).

A penalty may be proposed only after the party was told and heard (Art. 44, 45, 62, 65) and never
heavier than what was notified; no penalty and transfer need no notice. The decision issues once
the leader approved and every review the law requires is on file; it stops the 90-day case clock
(Art. 60) and hands the case to service and execution in phase ``decided`` with
``state.decision`` (:class:`~casetrail.workflows.records.DecisionFacts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.roles import Role
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import HEARING_PENDING, Phase
from casetrail.workflows.procedure import step
from casetrail.workflows.records import DecisionFacts
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import IssuedDocumentRef, RecordDraft, StepOutcome, StepRequest

from .common import outcome, record_basis
from .deliberation import (
    UNIT_REVIEW_TASK,
    DecisionProposal,
    Deliberation,
    legal_review_grounds,
    require_ready_for_decision,
)
from .document_data import document_fields, findings_data, penalty_data
from .profile_rules import case_profile
from .rights import require_rights_concluded, require_within_notice

with workflow.unsafe.imports_passed_through():
    from casetrail.documents.fields import PaymentAccount, Remedies
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.penalties import DecisionKind
    from casetrail.rules.recording import require_field
    from casetrail.rules.steps import ProcedureStep

DECISION_SERVICE_TIMER = "decision_service"
CASE_HANDLING_TIMER = "case_handling"  # armed by filing.py when the case is filed (Art. 60)


def record_decision(state: CaseState, facts: DecisionFacts) -> None:
    state.decision = facts


# ---- the proposal (案件处理审批表：承办人意见) ----------------------------------------------------


def _proposal_allowed(state: CaseState, request: StepRequest, payload: DecisionProposal) -> None:
    # Mingshan Art. 16: the draft states the factors that had to be considered.
    require_field(
        case_profile(state),
        ProcedureStep.DECISION,
        "应考虑的有关因素",
        value=payload.considerations,
        field="considerations",
    )
    penalty = payload.handling.penalty
    if penalty is None:
        return
    require_within_notice(require_rights_concluded(state), penalty, field="handling.penalty")
    if not payload.discretion_rule.strip():
        raise InvalidInput(
            "给予行政处罚须写明适用的行政裁量权基准", field="discretion_rule", rule="discretion_rule_required"
        )


@step(
    "propose_decision",
    title="拟定处理意见",
    moves_to={Phase.unit_review},
    phases={
        Phase.investigation_ended,
        Phase.rights_window,
        *HEARING_PENDING,
        Phase.rights_concluded,
        Phase.proposal_returned,
    },
    payload=DecisionProposal,
    checks=(_proposal_allowed,),
)
async def propose_decision(ctx: CaseContext, request: StepRequest, payload: DecisionProposal) -> StepOutcome:
    previous = ctx.state.deliberation
    deliberation = Deliberation(
        proposal=payload, revision=previous.revision + 1 if previous else 1, drafter=request.actor.name
    )
    grounds = legal_review_grounds(ctx.state, payload)
    task = ctx.task(
        UNIT_REVIEW_TASK,
        title=f"承办机构审核：{ctx.state.start.cause}",
        role=Role.unit_head,
        subject={
            "case_no": ctx.state.start.case_no,
            "handling": payload.handling.kind.title_zh,
            "penalty": payload.handling.describe(),
            "revision": deliberation.revision,
        },
    )
    await ctx.apply(
        "decision_proposal",
        action="decision.proposed",
        actor=request.actor,
        record=RecordDraft(
            kind="decision_proposal",
            title="案件处理审批表（承办人意见）",
            fields={
                "facts": payload.facts,
                "evidence": payload.evidence,
                "legal_basis": payload.legal_basis,
                "discretion_rule": payload.discretion_rule,
                "considerations": payload.considerations,
                **payload.handling.fields(),
                "legal_review_grounds": [str(g) for g in grounds],
                "collective_discussion_required": payload.complex_or_serious,
                "drafter": request.actor.name,
                "drafted_at": ctx.now().isoformat(),
                "revision": deliberation.revision,
                "basis": record_basis(ctx, ProcedureStep.DECISION),
            },
            citation=str(law.PENALTY_57),
        ),
        phase=Phase.unit_review,
        open_tasks=[task],
    )
    ctx.state.deliberation = deliberation
    return outcome(ctx, "处理意见已提交承办机构审核", task_id=task.task_id)


# ---- the decision (决定书) ---------------------------------------------------------------------


class DecisionIssue(BaseModel):
    party_present: bool = Field(description="宣告时当事人是否在场：在场的当场交付，不在场的七日内送达")
    remedies: Remedies | None = Field(
        default=None, description="决定书载明的救济途径：行政复议机关和人民法院（移送的不填）"
    )
    payment: PaymentAccount | None = Field(default=None, description="决定书载明的罚款缴款账户")


def _approved_and_ready(state: CaseState, request: StepRequest, payload: DecisionIssue) -> None:
    if require_ready_for_decision(state).leader_approval is None:
        raise ProcedureViolation("处理意见尚未经负责人批准", field="step", rule="not_approved")


@dataclass(frozen=True)
class DecisionDocument:
    kind: str  # the document kind in the catalog and the record's kind
    title: str
    citation: str


DOCUMENTS: dict[DecisionKind, DecisionDocument] = {
    DecisionKind.PENALTY: DecisionDocument("penalty_decision", "行政处罚决定书", str(law.PENALTY_59)),
    DecisionKind.NO_PENALTY: DecisionDocument(
        "no_penalty_decision", "不予行政处罚决定书", str(law.PENALTY_57)
    ),
    DecisionKind.TRANSFER: DecisionDocument("transfer_decision", "案件移送书", str(law.PENALTY_57)),
}

REMEDIES = (
    "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼"
)


def _document_data(state: CaseState, deliberation: Deliberation, payload: DecisionIssue) -> dict[str, Any]:
    """The decision document's own fields: what was proposed, approved and told to the party."""
    proposal, handling = deliberation.proposal, deliberation.proposal.handling
    terms = payload.model_dump(mode="json", include={"remedies", "payment"}, exclude_none=True)
    grounds = {"facts": proposal.facts, "reason": handling.reason, "legal_basis": proposal.legal_basis}
    if handling.kind is DecisionKind.TRANSFER:
        # A transfer is a letter to the receiving authority: no remedies, nothing to pay.
        return {**grounds, "transfer_to": handling.transfer_to}
    if handling.penalty is None:
        return {**grounds, "remedies": terms.get("remedies")}
    rights = require_rights_concluded(state)
    if rights.provisions is None:
        raise ProcedureViolation(
            "事先告知书未载明违反的法律规定、处罚依据和证据证明的事项，须重新告知当事人",
            field="step",
            rule="notice_without_provisions",
            citation=str(law.PENALTY_44),
        )
    return {
        **terms,
        **findings_data(
            proposal.facts, proposal.evidence, rights.provisions, discretion=proposal.discretion_rule
        ),
        "penalty": penalty_data(handling.penalty),
        "statement_handling": rights.statement_handling(),
    }


@step(
    "issue_decision",
    title="作出决定",
    moves_to={Phase.decided},
    phases={Phase.decision_approved},
    payload=DecisionIssue,
    checks=(_approved_and_ready,),
)
async def issue_decision(ctx: CaseContext, request: StepRequest, payload: DecisionIssue) -> StepOutcome:
    deliberation = require_ready_for_decision(ctx.state)
    proposal, handling = deliberation.proposal, deliberation.proposal.handling
    document = DOCUMENTS[handling.kind]
    fine_fen = handling.penalty.fine_fen if handling.penalty else None
    # Issued first: a decision document that cannot be made refuses the step before the clock stops.
    issued: IssuedDocumentRef = await ctx.issue(
        document.kind, _document_data(ctx.state, deliberation, payload), actor=request.actor
    )
    decided_at = ctx.now()
    # 处罚法 Art. 61: a party not present is served within 7 working days of the decision, whether or
    # not anyone has started the service yet.
    service_clock = None
    if not payload.party_present:
        service_clock = await ctx.arm(
            DECISION_SERVICE_TIMER,
            national_deadlines.DECISION_SERVICE_ABSENT_PARTY,
            label=f"当事人不在场，送达{document.title}",
            on_expiry="decision_service_overdue",
            start=decided_at,
        )
    applied = await ctx.apply(
        "decision",
        action="decision.issued",
        actor=request.actor,
        record=RecordDraft(
            kind=document.kind,
            title=document.title,
            fields={
                "party": ctx.state.start.party,
                "facts": proposal.facts,
                "evidence": proposal.evidence,
                "legal_basis": proposal.legal_basis,
                "discretion_rule": proposal.discretion_rule,
                **handling.fields(),
                "performance": "自收到本决定书之日起十五日内缴纳罚款" if fine_fen else "",
                "remedies": REMEDIES if handling.kind is not DecisionKind.TRANSFER else "",
                "agency": ctx.state.start.agency_name,
                "decided_at": decided_at.isoformat(),
                "party_present": payload.party_present,
                "approvals": deliberation.trail(),
                "basis": record_basis(ctx, ProcedureStep.DECISION),
                **document_fields(issued),
            },
            citation=document.citation,
        ),
        phase=Phase.decided,
        deadlines=[ctx.clear_timer(CASE_HANDLING_TIMER, status=DeadlineStatus.met), service_clock],
    )
    record_decision(
        ctx.state,
        DecisionFacts(
            kind=handling.kind,
            fine_fen=fine_fen,
            penalties=list(handling.penalty.kinds) if handling.penalty else [],
            penalty_text=handling.describe(),
            decided_at=decided_at,
            record_id=applied.record_id,
            document_no=issued.number,
            document_id=issued.document_id,
            payment=payload.payment.model_dump(mode="json") if payload.payment else None,
            remedies=payload.remedies.model_dump(mode="json") if payload.remedies else None,
            party_present=payload.party_present,
            procedure="general",
            transfer_to=handling.transfer_to,
        ),
    )
    return outcome(ctx, f"已作出{document.title}（{issued.number}）")
