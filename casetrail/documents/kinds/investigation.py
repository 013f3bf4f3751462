"""Investigation records and evidence notices."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from casetrail.documents.base import CaseDocument, WithItems, WithPriorDocument, WithSession, WithTranscript
from casetrail.documents.fields import Person, Text


class InquiryRecord(CaseDocument, WithSession, WithTranscript):
    """询问笔录."""

    inquired: Person = Field(title="被询问人")


class InspectionRecord(CaseDocument, WithSession):
    """现场检查（勘验）笔录."""

    present: Person = Field(title="现场负责人或在场人")
    findings: Text = Field(title="检查（勘验）情况")


class EvidenceRequestNotice(CaseDocument):
    """调取证据通知书, to the party or to another unit or person holding the evidence (明山 Art. 12(2),
    新乡镇 Art. 9(3): 向有关单位和个人调取)."""

    addressee: Text | None = Field(default=None, title="被调取人（不填为当事人）")

    requested: Annotated[tuple[Text, ...], Field(min_length=1)] = Field(title="需提供的证据材料")
    deadline: date = Field(title="提供期限")
    delivery_place: Text = Field(title="提供地点")


class SamplingNotice(CaseDocument):
    """抽样取证通知书."""

    sampled_at: Text = Field(title="抽样地点")
    sampling_purpose: Text = Field(title="抽样目的")


class SamplingList(CaseDocument, WithItems, WithPriorDocument):
    """抽样取证物品清单."""


class PreservationNotice(CaseDocument):
    """先行登记保存证据通知书: decided within 7 working days (处罚法 Art. 56)."""

    reason: Text = Field(title="先行登记保存理由")
    storage_place: Text = Field(title="保存地点")
    storage_method: Text = Field(title="保存方式")


class PreservationList(CaseDocument, WithItems, WithPriorDocument):
    """先行登记保存证据清单."""


class TestingCommission(CaseDocument, WithItems):
    """检验（鉴定）委托书."""

    institution: Text = Field(title="受委托机构")
    requirements: Text = Field(title="检验（鉴定）要求")
    deadline: date = Field(title="要求完成日期")
