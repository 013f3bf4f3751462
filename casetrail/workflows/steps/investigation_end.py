"""The end of the investigation (调查终结): the handler's report with the proposed handling.

The findings (facts, evidence, legal basis) and the handling (penalty, no penalty or transfer) are
shared with the decision proposal, which restates them after the party has been heard.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator
from temporalio import workflow

from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import step
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest

from ..fields import LongText
from .act_documents import documents_fields
from .common import officers_fields, outcome

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.penalties import DecisionKind, Penalty


class Findings(BaseModel):
    facts: LongText = Field(min_length=1, description="违法事实")
    evidence: list[str] = Field(min_length=1, description="证据清单")
    legal_basis: str = Field(min_length=1, description="法律依据")


class Handling(BaseModel):
    """处理意见: one of the outcomes of 处罚法 Art. 57(1)."""

    kind: DecisionKind = Field(description="处理类型")
    penalty: Penalty | None = Field(default=None, description="拟给予的行政处罚")
    reason: LongText = Field(default="", description="不予处罚或移送的理由")
    transfer_to: str = Field(default="", description="移送机关")

    @model_validator(mode="after")
    def _complete(self) -> Handling:
        if (self.kind is DecisionKind.PENALTY) != (self.penalty is not None):
            raise ValueError("给予行政处罚时须写明处罚内容（penalty），其他处理不得填写")
        if self.kind is not DecisionKind.PENALTY and not self.reason.strip():
            raise ValueError("不予处罚或移送须写明理由（reason）")
        if (self.kind is DecisionKind.TRANSFER) != bool(self.transfer_to.strip()):
            raise ValueError("移送须写明移送机关（transfer_to），其他处理不得填写")
        return self

    def describe(self) -> list[str]:
        if self.penalty is not None:
            return self.penalty.describe()
        if self.kind is DecisionKind.TRANSFER:
            return [f"移送{self.transfer_to}"]
        return [self.kind.title_zh]

    def fields(self) -> dict[str, object]:
        return {
            "handling": self.kind.title_zh,
            "penalty": self.describe(),
            "reason": self.reason,
            "transfer_to": self.transfer_to,
        }


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
    ctx.state.facts["investigation_report"] = payload.model_dump(mode="json")
    return outcome(ctx, "调查终结报告已提交")
