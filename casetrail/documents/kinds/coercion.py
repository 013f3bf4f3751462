"""Coercive measures (行政强制措施): 查封、扣押."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import Field, model_validator

from casetrail.documents.base import (
    CaseDocument,
    WithItems,
    WithPriorDocument,
    WithRemedies,
    WithSession,
)
from casetrail.documents.fields import Person, Text, invalid_field

SeizureMeasure = Literal["查封", "扣押"]
# The longest run of consecutive non-working days in a State Council holiday notice (Spring Festival).
MAX_HOLIDAY_RUN_DAYS = 9


class SeizureDecision(CaseDocument, WithRemedies):
    """查封扣押决定书 (强制法 Art. 24: reason, basis, objects, place, period, remedies)."""

    measure: SeizureMeasure = Field(title="强制措施种类")
    reason: Text = Field(title="查封扣押理由")
    authorising_provision: Text = Field(title="查封扣押依据")
    objects_summary: Text = Field(title="查封扣押对象（详见清单）")
    place: Text = Field(title="查封扣押场所")
    starts_on: date = Field(title="期限起始日")
    ends_on: date = Field(title="期限届满日")

    @model_validator(mode="after")
    def _at_most_thirty_days(self) -> Self:
        # 强制法 Art. 25: 30 days, the day it starts not counted; a last day that is not a working day
        # moves to the next one (民诉法 Art. 85), at most past the longest holiday run. An extension is
        # a separate decision.
        if not 0 <= (self.ends_on - self.starts_on).days <= 30 + MAX_HOLIDAY_RUN_DAYS:
            raise invalid_field(
                "ends_on", "seizure_period", "查封、扣押期限不得超过三十日（《行政强制法》第二十五条）"
            )
        return self


class SeizureList(CaseDocument, WithItems, WithPriorDocument):
    """查封扣押清单."""


class OnSiteRecord(CaseDocument, WithSession):
    """现场笔录 of a coercive measure (强制法 Art. 18)."""

    measure: Text = Field(title="实施的强制措施")
    proceedings: Text = Field(title="实施经过")
    party_present: bool = Field(title="当事人是否到场")
    party_statement: Text | None = Field(default=None, title="当事人陈述、申辩")
    witness: Person | None = Field(default=None, title="见证人")

    @model_validator(mode="after")
    def _witness_when_party_absent(self) -> Self:
        if not self.party_present and self.witness is None:
            raise invalid_field(
                "witness", "witness_required", "当事人不到场的，应当邀请见证人到场（《行政强制法》第十八条）"
            )
        return self
