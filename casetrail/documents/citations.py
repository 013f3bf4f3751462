"""Statute citations as they are written in documents: 《中华人民共和国行政处罚法》第四十四条、第四十五条."""

from __future__ import annotations

from enum import StrEnum

from casetrail.rules import citation
from casetrail.rules import national_citations as national


class Law(StrEnum):
    PENALTY = f"《{national.PENALTY_LAW.title}》"
    COERCION = f"《{national.COERCION_LAW.title}》"
    REVIEW = f"《{national.REVIEW_LAW.title}》"
    LITIGATION = f"《{national.LITIGATION_LAW.title}》"
    CIVIL_PROCEDURE = f"《{national.CIVIL_PROCEDURE_LAW.title}》"
    LICENSING = "《中华人民共和国行政许可法》"  # cited by documents only, not by the rules


#: An article number, or (article, paragraph) for 第N条第M款.
Article = int | tuple[int, int]


def _article(article: Article) -> str:
    return citation.article(*article) if isinstance(article, tuple) else citation.article(article)


def cite(law: Law, *articles: Article) -> str:
    if not articles:
        raise ValueError("a citation names at least one article")
    return law.value + "、".join(_article(article) for article in articles)
