"""The end of the investigation (调查终结): the handler's report with the proposed handling.

The findings (facts, evidence, legal basis) and the handling (penalty, no penalty or transfer) are
shared with the decision proposal, which restates them after the party has been heard.
"""

from __future__ import annotations

from pydantic import Field
from temporalio import workflow

from casetrail.workflows.context import CaseContext
from casetrail.workflows.decision_records import Findings, Handling
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import step
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest

from ..fields import LongText
from .act_documents import documents_fields
from .common import officers_fields, outcome

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law


class InvestigationReport(Findings):
    handling: Handling = Field(description="处理意见（处罚法第五十七条）")
    investigation_summary: LongText = Field(default="", description="调查经过（报告载明）")


def report_data(payload: InvestigationReport) -> dict[str, object]:
    """The 案件调查终结报告's own fields, as the handler wrote them."""
    handling = payload.handling
    proposal = f"{handling.kind.title_zh}：{'，'.join(handling.describe())}"
    if handling.reason.strip():
        proposal += f"。理由：{handling.reason}"
    return {
        "investigation_summary": payload.investigation_summary or None,
        "facts": payload.facts,
        "evidence": payload.evidence,
        "legal_basis": payload.legal_basis,
        "handling": proposal,
    }


@step(
    "finish_investigation",
    title="调查终结报告",
    moves_to={Phase.investigation_ended},
    phases={Phase.investigation},
    payload=InvestigationReport,
)
async def finish_investigation(
    ctx: CaseContext, request: StepRequest, payload: InvestigationReport
) -> StepOutcome:
    issued = await ctx.issue("investigation_report", report_data(payload), actor=request.actor)
    await ctx.apply(
        "investigation_ended",
        action="investigation.ended",
        actor=request.actor,
        record=RecordDraft(
            kind="investigation_report",
            title="案件调查终结报告",
            fields={
                "facts": payload.facts,
                "evidence": payload.evidence,
                "legal_basis": payload.legal_basis,
                **payload.handling.fields(),
                "investigators": officers_fields(ctx),
                "reporter": request.actor.name,
                "reported_at": ctx.now().isoformat(),
                **documents_fields([issued]),
            },
            citation=str(law.PENALTY_57),
        ),
        phase=Phase.investigation_ended,
    )
    return outcome(ctx, "调查终结报告已提交")
