"""What a routine inspection's officers record, and the documents the inspection issues from it.

The 现场检查笔录 goes through the investigation's own 现场检查（勘验）笔录 (one kind, one issuing
function); the 责令限期改正指令书 (处罚法 Art. 28) is handed over with its 送达回证 or served through the
service workflow like a penalty case's notices (民诉法 Art. 87-95); the 整改复查意见书 names the 指令书
it checks and the profile's article for the check (明山 Art. 28, 新乡镇 Art. 23). All numbered as the
inspection's own documents (its 检字 number printed on them), stored and listed like a case's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.workflows import procedure
from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.types import IssuedDocumentRef, RecordDraft, ServiceResult, StepRequest

from ..fields import AskedOfNewSteps, BeijingDateTime, Choice, NowRequiredText
from .act_documents import check_signing
from .common import BeijingDatetime, today
from .document_data import document_fields
from .investigation import ActPayload, Inspection, issue_inspection_record
from .notice_service import (
    DELIVERY,
    RECEIVER,
    SERVICE_PLACE,
    DeliveryChoice,
    receipt_on_the_spot,
    served_document,
    service_outcome,
)
from .profile_rules import citation_of
from .service_steps import served, start_service

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.steps import ProcedureStep

# Past this marker an inspection issues its documents: the 现场检查笔录, the 责令限期改正指令书 with the
# 送达回证 signed when it is handed over, and the 整改复查意见书.
INSPECTION_DOCUMENTS = "inspection-issues-its-documents"


# ---- on site (现场检查笔录) -------------------------------------------------------------------------


class SiteInspection(ActPayload):
    # The 现场检查笔录 needs its times and who was present; they default to blank only so that
    # inspections recorded before the record was issued still read (INSPECTION_DOCUMENTS); the form
    # asks them and the step refuses them blank now.
    started_at: Annotated[BeijingDateTime | None, AskedOfNewSteps()] = Field(
        default=None, description="开始时间"
    )
    ended_at: Annotated[BeijingDateTime | None, AskedOfNewSteps()] = Field(
        default=None, description="结束时间"
    )
    findings: str = Field(min_length=1, description="检查情况")
    violation_found: bool = Field(description="是否发现违法行为或安全隐患")
    present: NowRequiredText = Field(default="", description="现场负责人或在场人")
    persons_present: list[str] = Field(default_factory=list, description="其他在场人员")
    refusal_note: str = Field(default="", description="拒绝签名的情况（由执法人员注明，见证人在场的写明）")


async def issue_site_record(
    ctx: CaseContext, request: StepRequest, payload: SiteInspection
) -> list[IssuedDocumentRef]:
    """The 现场检查笔录, through the same path as an investigation's 现场检查（勘验）笔录: times, place,
    officers and certificates, who was present, what was checked and found, signature or refusal."""
    if not workflow.patched(INSPECTION_DOCUMENTS):
        return []
    record = procedure.parse_model(
        Inspection, {**payload.model_dump(mode="json", exclude_none=True), "kind": "inspection"}
    )
    check_signing(record)
    return await issue_inspection_record(ctx, request, record)


# ---- order to correct (责令限期改正指令书) -------------------------------------------------------------


class CorrectionOrder(BaseModel):
    problems: str = Field(min_length=1, description="责令改正的违法行为或隐患")
    legal_basis: str = Field(min_length=1, description="责令改正的依据")
    correct_by: date = Field(description="改正期限（最后一日）")
    delivery: DeliveryChoice = DELIVERY
    served_on: date | None = Field(default=None, description="当场送达的签收日期（按送达程序送达的不填）")
    receiver: str = RECEIVER
    service_place: str = SERVICE_PLACE


ORDER_TITLE = "责令限期改正指令书"
ORDER_PURPOSE = "correction_order"


async def issue_order(ctx: CaseContext, request: StepRequest, payload: CorrectionOrder) -> dict[str, Any]:
    """The 指令书, and its 送达回证 signed by the receiver the day it was handed over, or its service
    (mail, lodging … through the service workflow, 民诉法 Art. 87-95); what the order's record says."""
    found = ctx.state.inspection
    assert found is not None, "refused by _order_lawful"
    order = await ctx.issue(
        "correction_order",
        {
            "inspected_on": found.inspected_on or today().isoformat(),
            "problems": payload.problems,
            "correction_basis": payload.legal_basis,
            "correct_by": payload.correct_by.isoformat(),
        },
        actor=request.actor,
    )
    ctx.state.inspection = replace(found, order_number=order.number)
    document = served_document(ORDER_PURPOSE, order, ORDER_TITLE)
    if payload.served_on is None:  # check_delivery: served through the service workflow
        return {
            **document_fields(order),
            "service_workflow_id": await start_service(ctx, ORDER_PURPOSE, document),
        }
    receipt = await receipt_on_the_spot(ctx, request, payload, document, payload.served_on)
    return {
        **document_fields(order),
        "receiver": payload.receiver.strip() or str(ctx.state.start.party.get("name") or ""),
        "service_receipt": document_fields(receipt),
    }


@served(
    ORDER_PURPOSE,
    title="责令限期改正指令书送达",
    phases={Phase.serving_correction_order},
    moves_to={Phase.correcting},
)
async def correction_order_served(ctx: CaseContext, result: ServiceResult) -> None:
    """The 指令书 reached the party: the date and the way, as the service record says; the correction
    can now be checked (复查)."""
    _, how = service_outcome(result)
    await ctx.apply(
        "correction_order_served",
        action="inspection.correction_order_served",
        record=RecordDraft(
            kind="correction_order_served",
            title="责令限期改正指令书送达情况",
            fields={**how, "document_number": ctx.state.services[ORDER_PURPOSE].document.number},
            citation=str(law.CIVIL_PROCEDURE_87),
        ),
        phase=Phase.correcting,
    )


# ---- the correction check (整改复查意见书) -----------------------------------------------------------


CORRECTED = Choice(corrected="已改正", not_corrected="未改正", partly_corrected="部分改正")
CORRECTION_KINDS = ("correction_check",)


class CorrectionCheck(ActPayload):
    corrected: Annotated[
        Literal["corrected", "not_corrected", "partly_corrected"],
        CORRECTED,
    ] = Field(description="改正情况")
    details: str = Field(min_length=1, description="复查情况（涉及的安全设备设施等）")
    checked_at: BeijingDatetime = Field(description="复查时间")


async def issue_reinspection_opinion(
    ctx: CaseContext, request: StepRequest, payload: CorrectionCheck
) -> list[IssuedDocumentRef]:
    """The 整改复查意见书, naming the 指令书 it checks (an order made before the inspection issued its
    documents has no number to name, and gets none)."""
    found = ctx.state.inspection
    if not workflow.patched(INSPECTION_DOCUMENTS) or found is None or found.order_number is None:
        return []
    profile_basis = citation_of(ctx.state, ProcedureStep.EXECUTION, CORRECTION_KINDS)
    data = {
        "prior_document_title": ORDER_TITLE,
        "prior_document_number": found.order_number,
        "checked_at": payload.checked_at.isoformat(),
        "place": payload.place,
        "details": payload.details,
        "corrected": CORRECTED.label(payload.corrected),
        "uncorrected": payload.corrected != "corrected",
        "additional_basis": [profile_basis] if profile_basis else [],
    }
    return [await ctx.issue("reinspection_opinion", data, actor=request.actor)]
