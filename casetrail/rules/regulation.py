"""A legal text the rules cite (a national law or a local regulation), with the date it took effect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casetrail.rules.citation import Citation, article


@dataclass(frozen=True)
class Regulation:
    title: str
    valid_from: date | None
    """None when the text only says 自印发之日起施行 and carries no date."""

    def cite(
        self, number: int, text: str, *, paragraph: int | None = None, item: int | None = None
    ) -> Citation:
        return Citation(law=self.title, article=article(number, paragraph, item), text=text)
