"""Asking for evidence (调取证据): the 调取证据通知书 names what the party is to provide, by when and where
(处罚法 Art. 55: the party must answer truthfully and assist; STATUTES §4 lists it among the records of
the investigation)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.procedure import step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest

from .act_documents import documents_fields
from .common import INVESTIGATION_PHASES, outcome

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.deadline_text import deadline_text


class EvidenceRequest(BaseModel):
    holder: str = Field(default="", description="被调取证据的单位或个人（不填为当事人）")
    requested: list[str] = Field(min_length=1, description="需提供的证据材料（每项一行）")
    deadline: date = Field(description="提供期限")
    delivery_place: str = Field(min_length=1, description="提供地点")


def _check_request(state: CaseState, request: StepRequest, payload: EvidenceRequest) -> None:
    if payload.deadline <= workflow.now().astimezone(CST).date():
        raise InvalidInput(
            "调取证据通知书应当给予当事人提供证据的期限，提供期限须晚于今天",
            field="deadline",
            rule="future_deadline",
            citation=str(law.PENALTY_55),
        )
    for index, entry in enumerate(payload.requested):
        if not entry.strip():
            raise InvalidInput("需提供的证据材料不能为空", field=f"requested.{index}", rule="evidence_named")


@step(
    "request_evidence",
    title="调取证据",
    phases=INVESTIGATION_PHASES,
    payload=EvidenceRequest,
    checks=(_check_request,),
)
async def request_evidence(ctx: CaseContext, request: StepRequest, payload: EvidenceRequest) -> StepOutcome:
    requested = [entry.strip() for entry in payload.requested]
    data = {
        "requested": requested,
        "deadline": payload.deadline.isoformat(),
        "delivery_place": payload.delivery_place,
        "addressee": payload.holder.strip() or None,
    }
    issued = await ctx.issue("evidence_request_notice", data, actor=request.actor)
    await ctx.apply(
        "evidence_request",
        action="investigation.evidence_requested",
        actor=request.actor,
        record=RecordDraft(
            kind="evidence_request",
            title="调取证据通知书",
            fields={**data, "handler": request.actor.name, **documents_fields([issued])},
            citation=str(law.PENALTY_55),
        ),
    )
    return outcome(
        ctx, f"已制作调取证据通知书（{issued.number}），请当事人于{deadline_text(payload.deadline)}提供"
    )
