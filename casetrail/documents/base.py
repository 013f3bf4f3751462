"""What every document carries, and the mixins the kinds compose (no field is declared twice)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from casetrail.documents.fields import (
    Agency,
    Block,
    EvidenceEntry,
    Exchange,
    Item,
    Money,
    Officer,
    Opinion,
    Party,
    PaymentAccount,
    Remedies,
    Session,
    Text,
)


class DocumentData(Block):
    """Every document: the issuing agency, the case, the date it bears."""

    agency: Agency = Field(title="执法机关")
    case_number: Text = Field(title="案件编号")
    issued_on: date = Field(title="文书日期")
    # Profile-specific citations (e.g. 《泰安市行政执法全过程记录办法》第十八条) appended to the kind's basis.
    additional_basis: tuple[Text, ...] = Field(default=(), title="补充法律依据")


class CaseDocument(DocumentData):
    """A document about a party in a case, handled by at least two officers (处罚法 Art. 42, 55)."""

    party: Party = Field(title="当事人")
    case_cause: Text = Field(title="案由")
    officers: Annotated[tuple[Officer, ...], Field(min_length=2)] = Field(title="执法人员")


class WithSession(Block):
    session: Session = Field(title="时间地点")
    recorder: Text = Field(title="记录人")
    # Who signed the record, or the officers' note that the person refused to (one of the two is kept).
    signed_by: Text | None = Field(default=None, title="签名人")
    refusal_note: Text | None = Field(default=None, title="拒绝签名情况")


class WithTranscript(Block):
    exchanges: Annotated[tuple[Exchange, ...], Field(min_length=1)] = Field(title="问答记录")


class WithItems(Block):
    items: Annotated[tuple[Item, ...], Field(min_length=1)] = Field(title="物品清单")


class WithOpinions(Block):
    """Handler proposes, reviewer reviews, approver approves, each named (Mingshan Art. 38)."""

    opinions: Annotated[tuple[Opinion, ...], Field(min_length=1)] = Field(title="审核审批意见")


class WithRemedies(Block):
    remedies: Remedies = Field(title="救济途径")


class WithPayment(Block):
    payment: PaymentAccount = Field(title="缴款账户")


class Penalty(Block):
    measures: Text = Field(title="处罚种类和幅度")
    fine: Money | None = Field(default=None, title="罚款金额（元）")
    confiscation: Text | None = Field(default=None, title="没收违法所得、非法财物")


class WithFindings(Block):
    """Facts, evidence, provisions violated and applied, discretion (Mingshan Art. 16, Guangdong Art. 13)."""

    facts: Text = Field(title="违法事实")
    evidence: Annotated[tuple[EvidenceEntry, ...], Field(min_length=1)] = Field(title="证据")
    violated_provision: Text = Field(title="违反的法律规定")
    penalty_provision: Text = Field(title="处罚依据")
    discretion: Text | None = Field(default=None, title="裁量基准适用情况")


class WithPenalty(Block):
    penalty: Penalty = Field(title="行政处罚")


class WithApplication(Block):
    """An application by the party (依申请): when it came and what it asks."""

    application_received_on: date = Field(title="申请收到日期")
    application_matter: Text = Field(title="申请事项")


class WithPriorDocument(Block):
    """A document that follows another one: a list attached to a notice, a reminder after a decision."""

    prior_document_title: Text = Field(title="所依据文书名称")
    prior_document_number: Text = Field(title="所依据文书编号")
