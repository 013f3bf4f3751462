"""Late-payment surcharge (加处罚款): 行政处罚法 Art. 72-73, 行政强制法 Art. 45-46.

3 % of the fine for every day after the last day of the payment period, never more than the fine,
not accruing while an administrative review (复议) or lawsuit (诉讼) is pending. Money is integer
fen. Rounding: the total is computed exactly and fractions of a fen are dropped (floor), so the
agency never demands more than the statute allows; it is computed on the total, not per day, so no
rounding error accumulates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from casetrail.errors import InvalidInput
from casetrail.rules.citation import Citation
from casetrail.rules.national_citations import COERCION_45, COERCION_46, PENALTY_72, PENALTY_73
from casetrail.rules.periods import Pause

DAILY_RATE_PERCENT = 3
# 强制法 Art. 46: enforcement may follow a reminder once the surcharge has run more than 30 days.
ENFORCEABLE_AFTER_DAYS = 30


class SurchargeResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    fine_fen: int
    amount_fen: int
    days_counted: int
    paused_days: int
    capped: bool
    """The surcharge has reached the fine: further days add nothing."""
    enforceable_after_reminder: bool
    citation: Citation
    citations: tuple[Citation, ...]
    explanation: tuple[str, ...]


def late_surcharge(
    fine_fen: int,
    payment_last_day: date,
    as_of: date,
    pauses: Sequence[Pause] = (),
) -> SurchargeResult:
    """Surcharge owed on ``as_of`` (inclusive); the payment period ended on ``payment_last_day``."""
    if fine_fen <= 0:
        raise InvalidInput("罚款数额必须大于零（单位：分）", field="fine_fen", rule="positive_amount")
    days_counted = 0
    paused_days = 0
    day = payment_last_day + timedelta(days=1)
    while day <= as_of:
        if any(p.covers(day) for p in pauses):
            paused_days += 1
        else:
            days_counted += 1
        day += timedelta(days=1)

    uncapped = fine_fen * DAILY_RATE_PERCENT * days_counted // 100
    amount = min(uncapped, fine_fen)
    capped = uncapped >= fine_fen

    explanation = [
        f"缴款期限届满日{payment_last_day.isoformat()}的次日起，每日按罚款数额的百分之三加处罚款",
        f"计至{as_of.isoformat()}，计入{days_counted}日：{_yuan(fine_fen)} × 3% × {days_counted} = "
        f"{_yuan(uncapped)}（不足一分的部分舍去）",
    ]
    if paused_days:
        explanation.append(f"行政复议或者行政诉讼期间{paused_days}日不予计算")
    if capped:
        explanation.append(f"加处罚款的数额不得超出罚款数额，以{_yuan(fine_fen)}为限")
    enforceable = days_counted > ENFORCEABLE_AFTER_DAYS
    if enforceable:
        explanation.append("加处罚款已超过三十日，经催告仍不履行的可以强制执行")

    citations = [PENALTY_72, COERCION_45]
    if paused_days:
        citations.append(PENALTY_73)
    if enforceable:
        citations.append(COERCION_46)
    return SurchargeResult(
        fine_fen=fine_fen,
        amount_fen=amount,
        days_counted=days_counted,
        paused_days=paused_days,
        capped=capped,
        enforceable_after_reminder=enforceable,
        citation=PENALTY_72,
        citations=tuple(citations),
        explanation=tuple(explanation),
    )


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}元"
