"""What counts as 较大数额 for the hearing right (处罚法 Art. 63(1)(1)-(2)), per field of law and province.

处罚法 leaves the amount to the ministries and provinces, so it is data: each standard names the
field of law it governs, the province that published it (None for a national one) and its source.
Lookup order for a case: the agency's own published standard (carried by the case), else the
province's standard for the agency's field, else the national standard of that field.

Figures, verified against the texts:
- market regulation: 市场监督管理行政处罚听证办法 Art. 5 — 10,000 yuan for a person, 100,000 yuan for
  a legal person or other organisation;
- work safety: 安全生产违法行为行政处罚办法 (国家安全监管总局令第77号修正, 2015) Art. 33 ¶2 — the amount
  the provincial people's congress standing committee or government sets; where none is set, 10,000 yuan
  for an individual and 30,000 yuan for a 生产经营单位. The official text could not be read offline: the
  figures follow the article as quoted while it was in force; the 2007 text (总局令第15号) had 20,000 and
  50,000, which an earlier version here used. Where the two disagree the lower is the safe reading: an
  extra hearing notice costs a week, a hearing right withheld voids the decision (处罚法 Art. 38). Its
  successor (应急管理部令第18号, in force 2026-02-01) is a new row once its text is at hand; until then an
  agency enters its standard (the override below).
No provincial standard is recorded yet: a province's is added here as a row when an agency needs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class FieldOfLaw(StrEnum):
    """The field of administrative law an agency enforces (执法领域): it decides the hearing amount."""

    MARKET_REGULATION = "market_regulation"
    WORK_SAFETY = "work_safety"

    @property
    def title_zh(self) -> str:
        return FIELD_TITLES[self]


FIELD_TITLES: dict[FieldOfLaw, str] = {
    FieldOfLaw.MARKET_REGULATION: "市场监督管理",
    FieldOfLaw.WORK_SAFETY: "安全生产",
}

PartyKind = str  # "person" (公民) | "organisation" (法人或者其他组织), as in the case's party


class LargeAmount(BaseModel):
    """The 较大数额 thresholds in fen, and the text that sets them."""

    model_config = ConfigDict(frozen=True)

    person_fen: int = Field(gt=0, description="对公民（个人）罚款的较大数额（分）")
    organisation_fen: int = Field(gt=0, description="对法人或者其他组织罚款的较大数额（分）")
    source: str = Field(min_length=1, description="规定该数额的文件及条款")

    def threshold(self, party_kind: PartyKind) -> int:
        return self.person_fen if party_kind == "person" else self.organisation_fen


class ThresholdStandard(BaseModel):
    """One published standard: which field, which province (None: national), which amounts."""

    model_config = ConfigDict(frozen=True)

    field: FieldOfLaw
    province: str | None
    amount: LargeAmount


MARKET_REGULATION_LARGE_AMOUNT = LargeAmount(
    person_fen=1_000_000, organisation_fen=10_000_000, source="市场监督管理行政处罚听证办法第五条"
)
WORK_SAFETY_LARGE_AMOUNT = LargeAmount(
    person_fen=1_000_000,
    organisation_fen=3_000_000,
    source="安全生产违法行为行政处罚办法第三十三条第二款（省级未规定数额的，个人1万元以上、生产经营单位3万元以上）",
)

STANDARDS: tuple[ThresholdStandard, ...] = (
    ThresholdStandard(
        field=FieldOfLaw.MARKET_REGULATION, province=None, amount=MARKET_REGULATION_LARGE_AMOUNT
    ),
    ThresholdStandard(field=FieldOfLaw.WORK_SAFETY, province=None, amount=WORK_SAFETY_LARGE_AMOUNT),
)


def standard_for(
    field: FieldOfLaw, province: str | None, standards: Iterable[ThresholdStandard] = STANDARDS
) -> LargeAmount:
    """The province's standard for ``field`` where one is published, else the national one."""
    by_key = {(s.field, s.province): s.amount for s in standards}
    return by_key.get((field, province)) or by_key[(field, None)]
