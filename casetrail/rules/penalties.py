"""Kinds of administrative penalty (行政处罚的种类) and the rules that depend on them.

Which penalties give the party a right to a hearing (处罚法 Art. 63), when a penalty may be imposed
on the spot (Art. 51) and its fine collected there (Art. 68), and whether a penalty is heavier than
the one the party was told of (Art. 44, 45). Amounts are in fen (分), never floats.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casetrail.errors import ProcedureViolation
from casetrail.rules import national_citations as law
from casetrail.rules.citation import Citation
from casetrail.rules.hearing_thresholds import MARKET_REGULATION_LARGE_AMOUNT, LargeAmount, PartyKind


class PenaltyKind(StrEnum):
    """处罚法 Art. 9."""

    WARNING = "warning"
    PUBLIC_CRITICISM = "public_criticism"
    FINE = "fine"
    CONFISCATE_GAINS = "confiscate_gains"
    CONFISCATE_PROPERTY = "confiscate_property"
    SUSPEND_LICENCE = "suspend_licence"
    LOWER_QUALIFICATION = "lower_qualification"
    REVOKE_LICENCE = "revoke_licence"
    RESTRICT_BUSINESS = "restrict_business"
    SUSPEND_BUSINESS = "suspend_business"
    ORDER_CLOSURE = "order_closure"
    RESTRICT_PRACTICE = "restrict_practice"
    DETENTION = "detention"
    OTHER = "other"

    @property
    def title_zh(self) -> str:
        return PENALTY_TITLES[self]


PENALTY_TITLES: dict[PenaltyKind, str] = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.PUBLIC_CRITICISM: "通报批评",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATE_GAINS: "没收违法所得",
    PenaltyKind.CONFISCATE_PROPERTY: "没收非法财物",
    PenaltyKind.SUSPEND_LICENCE: "暂扣许可证件",
    PenaltyKind.LOWER_QUALIFICATION: "降低资质等级",
    PenaltyKind.REVOKE_LICENCE: "吊销许可证件",
    PenaltyKind.RESTRICT_BUSINESS: "限制开展生产经营活动",
    PenaltyKind.SUSPEND_BUSINESS: "责令停产停业",
    PenaltyKind.ORDER_CLOSURE: "责令关闭",
    PenaltyKind.RESTRICT_PRACTICE: "限制从业",
    PenaltyKind.DETENTION: "行政拘留",
    PenaltyKind.OTHER: "法律、行政法规规定的其他行政处罚",
}

CONFISCATIONS = frozenset({PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY})

# Art. 63(1)(3)-(4): these kinds give the right to a hearing whatever the amount.
_HEARING_KINDS: dict[PenaltyKind, Citation] = {
    PenaltyKind.LOWER_QUALIFICATION: law.PENALTY_63_3,
    PenaltyKind.REVOKE_LICENCE: law.PENALTY_63_3,
    PenaltyKind.SUSPEND_BUSINESS: law.PENALTY_63_4,
    PenaltyKind.ORDER_CLOSURE: law.PENALTY_63_4,
    PenaltyKind.RESTRICT_PRACTICE: law.PENALTY_63_4,
}

# Art. 51: the on-the-spot ceiling; Art. 68(1): the on-the-spot collection ceiling.
ON_THE_SPOT_FINE_LIMIT_FEN: dict[PartyKind, int] = {"person": 20_000, "organisation": 300_000}
ON_THE_SPOT_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.FINE})
ON_THE_SPOT_COLLECTION_LIMIT_FEN = 10_000


class Penalty(BaseModel):
    """A penalty proposed, notified or decided: its kinds and amounts."""

    model_config = ConfigDict(frozen=True)

    kinds: list[PenaltyKind] = Field(min_length=1, description="处罚种类")
    fine_fen: int | None = Field(default=None, ge=1, description="罚款金额（分）")
    confiscated_value_fen: int | None = Field(
        default=None, ge=0, description="没收违法所得或非法财物价值（分）"
    )
    detail: str = Field(default="", description="处罚内容说明，如吊销的许可证件名称")
    other_serious: bool = Field(
        default=False, description="其他较重的行政处罚（处罚法第六十三条第一款第五项）"
    )
    hearing_by_rule: bool = Field(
        default=False, description="法律、法规、规章规定应当告知听证的其他情形（第六十三条第一款第六项）"
    )

    @model_validator(mode="after")
    def _amounts_match_kinds(self) -> Penalty:
        if len(set(self.kinds)) != len(self.kinds):
            raise ValueError("处罚种类不能重复")
        if (PenaltyKind.FINE in self.kinds) != (self.fine_fen is not None):
            raise ValueError("处罚种类含罚款时须写明罚款金额（fine_fen），否则不得填写")
        if bool(CONFISCATIONS.intersection(self.kinds)) != (self.confiscated_value_fen is not None):
            raise ValueError("处罚种类含没收时须写明没收价值（confiscated_value_fen），否则不得填写")
        return self

    def describe(self) -> list[str]:
        """Each kind in Chinese, with its amount: ``["罚款人民币5,000.00元", "没收违法所得"]``."""
        parts = []
        for kind in self.kinds:
            if kind is PenaltyKind.FINE and self.fine_fen is not None:
                parts.append(f"罚款人民币{yuan_text(self.fine_fen)}元")
            elif kind in CONFISCATIONS and self.confiscated_value_fen is not None:
                parts.append(f"{kind.title_zh}（价值人民币{yuan_text(self.confiscated_value_fen)}元）")
            else:
                parts.append(kind.title_zh)
        return [*parts, self.detail] if self.detail else parts

    def heavier_than(self, other: Penalty) -> bool:
        """True if this penalty adds a kind or a larger amount to ``other``."""
        return (
            not set(self.kinds) <= set(other.kinds)
            or (self.fine_fen or 0) > (other.fine_fen or 0)
            or (self.confiscated_value_fen or 0) > (other.confiscated_value_fen or 0)
        )


def yuan(fen: int) -> str:
    """The amount as a plain figure (``5000.00``): the documents' data, which templates parse and format."""
    return f"{fen // 100}.{fen % 100:02d}"


def yuan_text(fen: int) -> str:
    """The amount as people read it in a sentence, grouped by thousands (``5,000.00``)."""
    return f"{fen // 100:,}.{fen % 100:02d}"


class HearingGround(BaseModel):
    """Why the party may ask for a hearing: the Art. 63 item it falls under."""

    model_config = ConfigDict(frozen=True)

    reason: str
    citation: str


def hearing_grounds(
    penalty: Penalty, party_kind: PartyKind, large: LargeAmount = MARKET_REGULATION_LARGE_AMOUNT
) -> list[HearingGround]:
    """The Art. 63 items ``penalty`` falls under; empty when the party has no right to a hearing."""
    grounds: list[tuple[str, Citation]] = []
    threshold = large.threshold(party_kind)
    if penalty.fine_fen is not None and penalty.fine_fen >= threshold:
        grounds.append((f"较大数额罚款（{yuan_text(threshold)}元以上，{large.source}）", law.PENALTY_63_1))
    if penalty.confiscated_value_fen is not None and penalty.confiscated_value_fen >= threshold:
        grounds.append((f"没收较大数额违法所得或较大价值非法财物（{large.source}）", law.PENALTY_63_2))
    grounds += [(kind.title_zh, _HEARING_KINDS[kind]) for kind in penalty.kinds if kind in _HEARING_KINDS]
    if penalty.other_serious:
        grounds.append(("其他较重的行政处罚", law.PENALTY_63_5))
    if penalty.hearing_by_rule:
        grounds.append(("法律、法规、规章规定的其他情形", law.PENALTY_63_6))
    return [HearingGround(reason=reason, citation=str(citation)) for reason, citation in grounds]


def check_on_the_spot(penalty: Penalty, party_kind: PartyKind) -> None:
    """Refuse a penalty the simple procedure may not impose (Art. 51): only a warning or a small fine."""
    extra = [kind.title_zh for kind in penalty.kinds if kind not in ON_THE_SPOT_KINDS]
    if extra:
        raise ProcedureViolation(
            f"当场处罚只能给予警告或者罚款，{'、'.join(extra)}须适用普通程序",
            field="on_the_spot.penalty.kinds",
            rule="on_the_spot_kinds",
            citation=str(law.PENALTY_51),
        )
    limit = ON_THE_SPOT_FINE_LIMIT_FEN["person" if party_kind == "person" else "organisation"]
    if penalty.fine_fen is not None and penalty.fine_fen > limit:
        whom = "公民" if party_kind == "person" else "法人或者其他组织"
        raise ProcedureViolation(
            f"对{whom}当场罚款不得超过{yuan_text(limit)}元（拟罚款{yuan_text(penalty.fine_fen)}元），须适用普通程序",
            field="on_the_spot.penalty.fine_fen",
            rule="on_the_spot_limit",
            citation=str(law.PENALTY_51),
        )


def check_on_the_spot_collection(penalty: Penalty, hard_to_enforce_later: bool) -> None:
    """Art. 68: a fine is collected on the spot only if ≤ 100 yuan or hard to enforce later."""
    if penalty.fine_fen is None:
        raise ProcedureViolation(
            "未处罚款，不存在当场收缴", field="on_the_spot.collected", rule="nothing_to_collect"
        )
    if penalty.fine_fen > ON_THE_SPOT_COLLECTION_LIMIT_FEN and not hard_to_enforce_later:
        raise ProcedureViolation(
            f"罚款超过{yuan_text(ON_THE_SPOT_COLLECTION_LIMIT_FEN)}元，只有不当场收缴事后难以执行的才可当场收缴",
            field="on_the_spot.collected",
            rule="on_the_spot_collection",
            citation=str(law.PENALTY_68),
        )


class DecisionKind(StrEnum):
    """What a general-procedure case ends in (处罚法 Art. 57(1))."""

    PENALTY = "penalty"
    NO_PENALTY = "no_penalty"
    TRANSFER = "transfer"

    @property
    def title_zh(self) -> str:
        return DECISION_TITLES[self]


DECISION_TITLES: dict[DecisionKind, str] = {
    DecisionKind.PENALTY: "给予行政处罚",
    DecisionKind.NO_PENALTY: "不予行政处罚",
    DecisionKind.TRANSFER: "移送有关机关",
}
