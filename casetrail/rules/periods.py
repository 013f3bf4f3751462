"""Period specifications (期间) as data, and which statutory "N days" are working days.

Callers never decide whether "5 days" means working days: :func:`penalty_law_days` and
:func:`coercion_law_days` apply 行政处罚法 Art. 85 and 行政强制法 Art. 69.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casetrail.rules.citation import Citation
from casetrail.rules.national_citations import COERCION_69, PENALTY_85, REVIEW_88

TimeUnit = Literal["hours", "calendar_days", "working_days", "months"]

UNIT_ZH: dict[TimeUnit, str] = {
    "hours": "小时",
    "calendar_days": "日",
    "working_days": "个工作日",
    "months": "个月",
}


class Period(BaseModel):
    """A statutory period: ``amount`` units, for the reason ``citation`` gives.

    ``counting_basis`` cites the rule that makes the unit what it is (e.g. 处罚法 Art. 85 for a
    5-day period that counts working days); it is empty when the article itself says so.
    """

    model_config = ConfigDict(frozen=True)

    amount: int = Field(gt=0)
    unit: TimeUnit
    citation: Citation
    counting_basis: tuple[Citation, ...] = ()

    def label_zh(self) -> str:
        return f"{self.amount}{UNIT_ZH[self.unit]}"


class Pause(BaseModel):
    """Whole days (inclusive) during which a clock stops (期间中止), e.g. 检测、鉴定, 听证, 公告."""

    model_config = ConfigDict(frozen=True)

    first_day: date
    last_day: date
    reason: str
    citation: Citation | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Pause:
        if self.last_day < self.first_day:
            raise ValueError("pause last_day is before first_day")
        return self

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


# 处罚法 Art. 85: only these day counts are working days; longer ones are calendar days.
_PENALTY_WORKING_DAY_COUNTS = frozenset({2, 3, 5, 7})
# 强制法 Art. 69: "十日以内" — ten days and under are working days.
_COERCION_WORKING_DAY_LIMIT = 10
# 复议法 Art. 88: 三日、五日、七日、十日 are working days.
_REVIEW_WORKING_DAY_COUNTS = frozenset({3, 5, 7, 10})


def penalty_law_days(days: int, citation: Citation) -> Period:
    """A period of 行政处罚法 written as ``days`` days (2, 3, 5, 7 are working days, Art. 85)."""
    if days in _PENALTY_WORKING_DAY_COUNTS:
        return Period(amount=days, unit="working_days", citation=citation, counting_basis=(PENALTY_85,))
    return Period(amount=days, unit="calendar_days", citation=citation)


def coercion_law_days(days: int, citation: Citation) -> Period:
    """A period of 行政强制法 written as ``days`` days (10 and under are working days, Art. 69)."""
    if days <= _COERCION_WORKING_DAY_LIMIT:
        return Period(amount=days, unit="working_days", citation=citation, counting_basis=(COERCION_69,))
    return Period(amount=days, unit="calendar_days", citation=citation)


def review_law_days(days: int, citation: Citation) -> Period:
    """A period of 行政复议法 written as ``days`` days (3, 5, 7, 10 are working days, Art. 88)."""
    if days in _REVIEW_WORKING_DAY_COUNTS:
        return Period(amount=days, unit="working_days", citation=citation, counting_basis=(REVIEW_88,))
    return Period(amount=days, unit="calendar_days", citation=citation)


def hours(amount: int, citation: Citation) -> Period:
    return Period(amount=amount, unit="hours", citation=citation)


def working_days(amount: int, citation: Citation) -> Period:
    """A period the citing text itself states in working days (e.g. 2个工作日 in a local regulation)."""
    return Period(amount=amount, unit="working_days", citation=citation)


def calendar_days(amount: int, citation: Citation) -> Period:
    return Period(amount=amount, unit="calendar_days", citation=citation)


def months(amount: int, citation: Citation) -> Period:
    return Period(amount=amount, unit="months", citation=citation)
