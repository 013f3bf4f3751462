"""Chinese formatting used in documents: dates, times, amounts in figures and in capitals (大写)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_GROUP_UNITS = ("", "万", "亿", "万亿")


def chinese_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_datetime(value: datetime) -> str:
    return f"{chinese_date(value)}{value.hour}时{value.minute:02d}分"


def _group_in_words(group: int) -> str:
    words = ""
    zero_pending = False
    for place, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        digit = group // place % 10
        if digit == 0:
            zero_pending = bool(words)
            continue
        if zero_pending:
            words += "零"
            zero_pending = False
        words += _CAPITAL_DIGITS[digit] + unit
    return words


def _integer_in_words(number: int) -> str:
    groups: list[int] = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    words = ""
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            continue
        # A gap inside the number is read as one 零: 10500 → 壹万零伍佰.
        if words and (group < 1000 or groups[index + 1] == 0):
            words += "零"
        words += _group_in_words(group) + _GROUP_UNITS[index]
    return words


def yuan_in_words(amount: Decimal) -> str:
    """Amount in financial capitals, as fines are written: 5000 → 伍仟元整, 0.5 → 伍角."""
    cents = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    words = _integer_in_words(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return (words or "零元") + "整"
    if jiao:
        words += _CAPITAL_DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen:
        words += _CAPITAL_DIGITS[fen] + "分"
    return words


def yuan(amount: Decimal) -> str:
    """人民币5,000.00元（大写：伍仟元整）."""
    return f"人民币{amount:,.2f}元（大写：{yuan_in_words(amount)}）"
