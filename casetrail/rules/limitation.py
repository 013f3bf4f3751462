"""The limitation on penalties (处罚时效, 处罚法 Art. 36).

A violation not discovered within two years is no longer punished; where it endangered citizens'
life, health or financial security with harmful consequences, five years. The time runs from the day
of the violation, or from the day it ended if it was continuing or repeated (连续或者继续状态).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, model_validator

from casetrail.errors import ProcedureViolation
from casetrail.rules import national_citations as law
from casetrail.rules.legal_time import add_months

YEARS = 2
YEARS_LIFE_HEALTH_FINANCE = 5


class ViolationDates(BaseModel):
    """When the violation happened, as captured at intake (违法行为发生日期)."""

    occurred_on: date = Field(description="违法行为发生之日")
    ended_on: date | None = Field(default=None, description="有连续或者继续状态的，行为终了之日")
    harms_life_health_finance: bool = Field(
        default=False, description="涉及公民生命健康安全、金融安全且有危害后果"
    )

    @model_validator(mode="after")
    def _ended_after_start(self) -> ViolationDates:
        if self.ended_on is not None and self.ended_on < self.occurred_on:
            raise ValueError("行为终了之日不能早于违法行为发生之日（ended_on）")
        return self

    @property
    def runs_from(self) -> date:
        return self.ended_on or self.occurred_on

    @property
    def years(self) -> int:
        return YEARS_LIFE_HEALTH_FINANCE if self.harms_life_health_finance else YEARS

    def limitation_date(self) -> date:
        """The last day on which discovering the violation still allows a penalty."""
        return add_months(self.runs_from, 12 * self.years)


def check_limitation(violation: ViolationDates, *, discovered_on: date, field: str) -> date:
    """The limitation date; refuses a case discovered after it (Art. 36)."""
    last_day = violation.limitation_date()
    if discovered_on > last_day:
        raise ProcedureViolation(
            f"违法行为自{violation.runs_from.isoformat()}起{violation.years}年内未被发现（至{last_day.isoformat()}），"
            f"{discovered_on.isoformat()}发现时已超过处罚时效，不再给予行政处罚，不予立案",
            field=field,
            rule="limitation_expired",
            citation=str(law.PENALTY_36),
        )
    return last_day
