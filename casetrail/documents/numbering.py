"""Document numbers (文书编号), e.g. ``泰某罚决字〔2026〕第12号``.

Allocation of the sequence lives in PostgreSQL (later); this module only holds the value and its format.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class DocumentNumber(BaseModel):
    """A 文书编号: agency short name (机关代字), kind code (文书代字), year and sequence (顺序号)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agency_short_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        title="机关代字"
    )
    kind_code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^〔〕]+字$")] = Field(
        title="文书代字"
    )
    year: int = Field(ge=1990, le=2200, title="年份")
    sequence: int = Field(ge=1, title="顺序号")

    def __str__(self) -> str:
        return format_document_number(self)


def format_document_number(number: DocumentNumber) -> str:
    # Hexagonal brackets 〔〕 for the year and no zero padding, as GB/T 9704-2012 §7.2.4 prescribes.
    return f"{number.agency_short_name}{number.kind_code}〔{number.year}〕第{number.sequence}号"
