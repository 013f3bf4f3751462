"""Building blocks shared by the document data models: party, officers, items, opinions, transcripts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


def invalid_field(field: str, rule: str, message_zh: str) -> PydanticCustomError:
    """A cross-field error that still points at one field: ``ctx.field`` is appended to the error location."""
    return PydanticCustomError(rule, message_zh, {"field": field})


class Block(BaseModel):
    """Base of every data model: immutable, no unknown keys (a typo must not silently drop a fact)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class PartyType(StrEnum):
    INDIVIDUAL = "individual"
    LEGAL_PERSON = "legal_person"
    OTHER_ORGANIZATION = "other_organization"

    @property
    def label(self) -> str:
        return {"individual": "自然人", "legal_person": "法人", "other_organization": "其他组织"}[self.value]


class Agency(Block):
    name: Text = Field(title="执法机关名称")
    short_name: Text = Field(title="机关代字")
    address: Text | None = Field(default=None, title="机关地址")
    phone: Text | None = Field(default=None, title="联系电话")
    contact: Text | None = Field(default=None, title="联系人")


class Party(Block):
    """当事人."""

    name: Text = Field(title="当事人名称")
    party_type: PartyType = Field(title="当事人类型")
    id_number: Text = Field(title="身份证件号码或统一社会信用代码")
    address: Text = Field(title="住所（地址）")
    legal_representative: Text | None = Field(default=None, title="法定代表人（负责人）")
    phone: Text | None = Field(default=None, title="联系电话")

    @model_validator(mode="after")
    def _organisation_has_representative(self) -> Self:
        if self.party_type is not PartyType.INDIVIDUAL and self.legal_representative is None:
            raise invalid_field(
                "legal_representative",
                "organisation_representative_required",
                "单位当事人须填写法定代表人（负责人）",
            )
        return self

    @property
    def id_label(self) -> str:
        return "身份证号码" if self.party_type is PartyType.INDIVIDUAL else "统一社会信用代码"


class Officer(Block):
    """执法人员 with the enforcement certificate (执法证) number shown to the party."""

    name: Text = Field(title="执法人员姓名")
    certificate_number: Text = Field(title="执法证件号")


class Person(Block):
    """Someone present who is not an officer: witness, interpreter, agent, inquired person."""

    name: Text = Field(title="姓名")
    role: Text = Field(title="身份")
    id_number: Text | None = Field(default=None, title="身份证件号码")
    phone: Text | None = Field(default=None, title="联系电话")


class Item(Block):
    """A row of a 清单: goods sampled, preserved, sealed or seized, or evidence requested."""

    name: Text = Field(title="名称")
    specification: Text | None = Field(default=None, title="规格型号")
    quantity: Annotated[Decimal, Field(gt=0)] = Field(title="数量")
    unit: Text = Field(title="单位")
    location: Text | None = Field(default=None, title="存放地点")
    note: Text | None = Field(default=None, title="备注")


class Exchange(Block):
    """One question and answer of a 笔录."""

    question: Text = Field(title="问")
    answer: Text = Field(title="答")


class Opinion(Block):
    """An opinion signed by a named person at a time: handler, reviewer, approver, legal reviewer."""

    role: Text = Field(title="意见类别")
    opinion: Text = Field(title="意见")
    signer: Text = Field(title="签名人")
    signed_on: date = Field(title="签署日期")


class Session(Block):
    """When and where an on-site act took place."""

    started_at: datetime = Field(title="开始时间")
    ended_at: datetime = Field(title="结束时间")
    place: Text = Field(title="地点")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ended_at < self.started_at:
            raise invalid_field("ended_at", "session_order", "结束时间不得早于开始时间")
        return self


class Remedies(Block):
    """Where the party may apply for review (复议) or sue (诉讼)."""

    review_body: Text = Field(title="行政复议机关")
    court: Text = Field(title="人民法院")


class PaymentAccount(Block):
    bank: Text = Field(title="缴款银行")
    account_name: Text = Field(title="账户名称")
    account_number: Text = Field(title="账号")


class EvidenceEntry(Block):
    name: Text = Field(title="证据名称")
    proves: Text = Field(title="证明事项")
