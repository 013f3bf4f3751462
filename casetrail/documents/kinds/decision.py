"""Decision: investigation report, legal review, collective discussion, decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import Field, model_validator

from casetrail.documents.base import (
    CaseDocument,
    WithFindings,
    WithOpinions,
    WithPayment,
    WithPenalty,
    WithRemedies,
    WithSession,
)
from casetrail.documents.fields import Block, PartyType, Person, Text, invalid_field

# 处罚法 Art. 51: on-the-spot fines at most 200 yuan for a person, 3000 yuan for an organisation.
SUMMARY_FINE_LIMITS = {
    PartyType.INDIVIDUAL: 200,
    PartyType.LEGAL_PERSON: 3000,
    PartyType.OTHER_ORGANIZATION: 3000,
}


class InvestigationReport(CaseDocument):
    """案件调查终结报告: the handler's findings and proposed handling, before the party is heard.

    Its findings are what the investigation established (facts, evidence by name, the legal basis);
    the provisions violated and applied are separated only in the documents that reach the party.
    """

    investigation_summary: Text | None = Field(default=None, title="调查经过")
    facts: Text = Field(title="违法事实")
    evidence: Annotated[tuple[Text, ...], Field(min_length=1)] = Field(title="证据")
    legal_basis: Text = Field(title="法律依据")
    handling: Text = Field(title="处理建议")


class LegalReviewOpinion(CaseDocument, WithOpinions):
    """法制审核意见书 (处罚法 Art. 58)."""

    review_items: Text = Field(title="审核内容")
    conclusion: Text = Field(title="审核结论")


class CollectiveDiscussion(CaseDocument, WithSession):
    """集体讨论记录 (处罚法 Art. 57(2))."""

    host: Text = Field(title="主持人")
    attendees: Annotated[tuple[Person, ...], Field(min_length=3)] = Field(title="参加人员")
    discussion: Text = Field(title="讨论内容")
    conclusion: Text = Field(title="讨论决定")


class PenaltyDecision(CaseDocument, WithFindings, WithPenalty, WithRemedies, WithPayment):
    """行政处罚决定书 (处罚法 Art. 59)."""

    statement_handling: Text = Field(title="陈述申辩（听证）及采纳情况")


class WithoutPenalty(Block):
    """An outcome other than a penalty (处罚法 Art. 57(1)(2)-(4)): what was found, why, on what basis."""

    facts: Text = Field(title="查明的事实")
    reason: Text = Field(title="理由")
    legal_basis: Text = Field(title="法律依据")


class NoPenaltyDecision(CaseDocument, WithoutPenalty, WithRemedies):
    """不予行政处罚决定书 (处罚法 Art. 57(1)(2)(3))."""


class CaseTransfer(CaseDocument, WithoutPenalty):
    """案件移送书: a violation beyond the agency's power or suspected a crime (处罚法 Art. 27, 57(1)(4))."""

    transfer_to: Text = Field(title="受移送机关")


class SummaryPenaltyDecision(CaseDocument, WithPenalty, WithRemedies, WithPayment):
    """当场处罚决定书 (处罚法 Art. 51, 52)."""

    occurred_at: datetime = Field(title="违法行为时间")
    place: Text = Field(title="违法行为地点")
    facts: Text = Field(title="违法事实")
    violated_provision: Text = Field(title="违反的法律规定")
    penalty_provision: Text = Field(title="处罚依据")
    paid_on_the_spot: bool = Field(title="是否当场收缴")

    @model_validator(mode="after")
    def _within_summary_limit(self) -> Self:
        limit = SUMMARY_FINE_LIMITS[self.party.party_type]
        if self.penalty.fine is not None and self.penalty.fine > limit:
            raise invalid_field(
                "penalty",
                "summary_fine_limit",
                f"当场处罚的罚款不得超过{limit}元（《行政处罚法》第五十一条）",
            )
        return self
