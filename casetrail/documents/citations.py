"""Statute citations as they are written in documents: 《中华人民共和国行政处罚法》第四十四条、第四十五条."""

from __future__ import annotations

from enum import StrEnum

_DIGITS = "零一二三四五六七八九"


class Law(StrEnum):
    PENALTY = "《中华人民共和国行政处罚法》"
    COERCION = "《中华人民共和国行政强制法》"
    REVIEW = "《中华人民共和国行政复议法》"
    LITIGATION = "《中华人民共和国行政诉讼法》"
    CIVIL_PROCEDURE = "《中华人民共和国民事诉讼法》"
    LICENSING = "《中华人民共和国行政许可法》"


#: An article number, or (article, paragraph) for 第N条第M款.
Article = int | tuple[int, int]


def chinese_numeral(number: int) -> str:
    """1..9999 as statutes number their articles: 10 → 十, 15 → 十五, 105 → 一百零五."""
    if not 0 < number < 10000:
        raise ValueError(f"article number out of range: {number}")
    if 10 <= number < 20:
        return "十" + (_DIGITS[number % 10] if number % 10 else "")
    parts: list[str] = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_DIGITS[digit] + unit)
    return "".join(parts)


def _article(article: Article) -> str:
    if isinstance(article, tuple):
        number, paragraph = article
        return f"第{chinese_numeral(number)}条第{chinese_numeral(paragraph)}款"
    return f"第{chinese_numeral(article)}条"


def cite(law: Law, *articles: Article) -> str:
    if not articles:
        raise ValueError("a citation names at least one article")
    return law.value + "、".join(_article(article) for article in articles)
