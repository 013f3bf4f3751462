"""Document numbers (文书编号), e.g. ``泰某罚决字〔2026〕第12号``.

Allocation of the sequence lives in PostgreSQL (``activities/documents``, gap-free per agency, kind
code and year); this module holds the value, its format and its parsing.
"""

from __future__ import annotations

import re
from typing import Annotated, Self

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

    @classmethod
    def parse(cls, text: str, *, kind_code: str) -> Self:
        """The number printed as ``text``; the kind code says where the agency's short name ends."""
        match = re.fullmatch(
            rf"(?P<agency>.+){re.escape(kind_code)}〔(?P<year>\d{{4}})〕第(?P<sequence>\d+)号", text
        )
        if match is None:
            raise ValueError(f"不是{kind_code}文号：{text}")
        return cls(
            agency_short_name=match["agency"],
            kind_code=kind_code,
            year=int(match["year"]),
            sequence=int(match["sequence"]),
        )


def format_document_number(number: DocumentNumber) -> str:
    # Hexagonal brackets 〔〕 for the year and no zero padding, as GB/T 9704-2012 §7.2.4 prescribes.
    return f"{number.agency_short_name}{number.kind_code}〔{number.year}〕第{number.sequence}号"
