"""Chinese formatting used in documents: dates, times, amounts in figures and in capitals (大写)."""

from __future__ import annotations

import re
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


_SENTENCE_ENDS = "。！？…”"
_SOFT_ENDS = "；，、;,:："
_SUSPECTED = "涉嫌"


def suspected(cause: str) -> str:
    """The cause as a decision names it before the facts are established: 涉嫌 once, never twice."""
    return cause if cause.startswith(_SUSPECTED) else _SUSPECTED + cause


def sentence(text: str) -> str:
    """Text closed as a sentence: a trailing comma or semicolon becomes 。, a bare end gets one."""
    text = text.rstrip()
    if not text or text[-1] in _SENTENCE_ENDS:
        return text
    return (text[:-1] if text[-1] in _SOFT_ENDS else text) + "。"


def clause(text: str) -> str:
    """Text continued by the sentence around it: its own closing punctuation goes."""
    return text.rstrip().rstrip(_SENTENCE_ENDS[:-1] + _SOFT_ENDS)


def penalty_wording(measures: str, fine: Decimal | None, confiscation: str | None) -> str:
    """警告，罚款人民币…（大写…），没收…: a fine is named once, with its amount, never as a bare 罚款 too.

    The officer's own separators between the measures are kept; only a bare 罚款 item goes, since the
    amount that follows names it.
    """
    pieces = re.split(r"([、，；])", measures.strip())
    items = [(pieces[0], "")] + [(pieces[i + 1], pieces[i]) for i in range(1, len(pieces) - 1, 2)]
    kept = [
        (item.strip(), sep)
        for item, sep in items
        if item.strip() and not (fine is not None and item.strip() == "罚款")
    ]
    words = "".join((sep if index else "") + item for index, (item, sep) in enumerate(kept))
    tail = ([f"罚款{yuan(fine)}"] if fine is not None else []) + ([confiscation] if confiscation else [])
    return "，".join([words, *tail] if words else tail)


# GB/T 9704 letterhead (发文机关标志): red, centred, on one line. The type area of the A4 page is
# 156 mm (210 − 28 − 26) ≈ 442 pt; each character takes its em plus the 0.15 em letter spacing.
_LETTERHEAD_WIDTH_PT = 430.0
_LETTERHEAD_MAX_PT = 26.0
_LETTERHEAD_SPACING_EM = 0.15


def letterhead_size(name: str) -> str:
    """The largest size up to 26 pt at which the agency's name fits one line, as a CSS length."""
    fitted = _LETTERHEAD_WIDTH_PT / (len(name) * (1 + _LETTERHEAD_SPACING_EM))
    return f"{min(_LETTERHEAD_MAX_PT, fitted):.1f}pt"
