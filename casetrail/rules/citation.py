"""A statutory citation (法律依据): which law, which article, what it requires."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write 1..9999 the way article numbers are written: 十五, 二十, 一百一十, 一百零二, 一千零一."""
    if not 0 < n < 10000:
        raise ValueError(f"article number out of range: {n}")
    if 10 <= n < 20:
        # 第十条 / 第十五条, but 第一百一十条.
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    parts: list[str] = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_DIGITS[digit] + unit)
    return "".join(parts)


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
