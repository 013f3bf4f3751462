"""A statutory citation (法律依据): which law, which article, what it requires."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write 1..999 the way article numbers are written: 十五, 二十, 一百零二, 二百零二."""
    if not 1 <= n <= 999:
        raise ValueError(f"article number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        # 第十条 / 第十五条, but 第一百一十条.
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def article(number: int, paragraph: int | None = None, item: int | None = None) -> str:
    """``article(64, item=1)`` -> ``第六十四条第（一）项``; ``article(61, 2)`` -> ``第六十一条第二款``."""
    text = f"第{chinese_number(number)}条"
    if paragraph is not None:
        text += f"第{chinese_number(paragraph)}款"
    if item is not None:
        text += f"第（{chinese_number(item)}）项"
    return text


def article_range(first: int, last: int) -> str:
    """``article_range(35, 37)`` -> ``第三十五条至第三十七条``."""
    return f"{article(first)}至{article(last)}"


class Citation(BaseModel):
    """One legal basis: ``law`` is the full title without 《》, ``article`` the Chinese article form."""

    model_config = ConfigDict(frozen=True)

    law: str
    article: str
    text: str

    def __str__(self) -> str:
        return f"《{self.law}》{self.article}"
