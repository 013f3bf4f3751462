from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from casetrail.documents.citations import Law, cite
from casetrail.documents.formatting import (
    chinese_date,
    chinese_datetime,
    clause,
    letterhead_size,
    penalty_wording,
    sentence,
    suspected,
    yuan,
    yuan_in_words,
)
from casetrail.documents.numbering import DocumentNumber
from casetrail.rules.citation import chinese_number


def test_document_number_format() -> None:
    number = DocumentNumber(agency_short_name="泰某", kind_code="罚决字", year=2026, sequence=12)
    assert str(number) == "泰某罚决字〔2026〕第12号"


def test_document_number_rejects_a_code_without_zi() -> None:
    with pytest.raises(ValueError):
        DocumentNumber(agency_short_name="泰某", kind_code="罚决", year=2026, sequence=12)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (10, "十"),
        (15, "十五"),
        (42, "四十二"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
    ],
)
def test_chinese_numerals(number: int, words: str) -> None:
    assert chinese_number(number) == words


def test_cite_with_paragraph() -> None:
    assert cite(Law.PENALTY, 44, (57, 2)) == "《中华人民共和国行政处罚法》第四十四条、第五十七条第二款"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("50000", "伍万元整"),
        ("10500", "壹万零伍佰元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("3000.10", "叁仟元壹角"),
        ("12.05", "壹拾贰元零伍分"),
        ("0.50", "伍角"),
        ("0", "零元整"),
        ("100000001", "壹亿零壹元整"),
    ],
)
def test_yuan_in_words(amount: str, words: str) -> None:
    assert yuan_in_words(Decimal(amount)) == words


def test_formatting() -> None:
    assert yuan(Decimal("50000")) == "人民币50,000.00元（大写：伍万元整）"
    assert chinese_date(date(2026, 3, 5)) == "2026年3月5日"
    assert chinese_datetime(datetime(2026, 3, 5, 9, 5)) == "2026年3月5日9时05分"


def test_document_number_parses_back() -> None:
    number = DocumentNumber(agency_short_name="泰示岱监", kind_code="立审字", year=2026, sequence=107)
    assert DocumentNumber.parse(str(number), kind_code="立审字") == number
    with pytest.raises(ValueError):
        DocumentNumber.parse(str(number), kind_code="罚决字")


@pytest.mark.parametrize(
    ("measures", "fine", "expected"),
    [
        ("罚款", "5000", "罚款人民币5,000.00元（大写：伍仟元整）"),
        ("警告、罚款", "200", "警告，罚款人民币200.00元（大写：贰佰元整）"),
        ("警告；没收水饺、汤圆", None, "警告；没收水饺、汤圆"),
        ("罚款", None, "罚款"),
    ],
)
def test_penalty_wording_names_a_fine_once(measures: str, fine: str | None, expected: str) -> None:
    assert penalty_wording(measures, Decimal(fine) if fine else None, None) == expected


def test_sentences_and_suspicion() -> None:
    assert sentence("当事人无异议") == "当事人无异议。"
    assert sentence("当事人无异议；") == "当事人无异议。"
    assert sentence("当事人说“无异议。”") == "当事人说“无异议。”"
    assert clause("已销售38袋。") == "已销售38袋"
    assert suspected("涉嫌销售过期食品") == suspected("销售过期食品") == "涉嫌销售过期食品"
    assert float(letterhead_size("泰安市示例市场监督管理局岱岳分局").removesuffix("pt")) < 26
    assert letterhead_size("泰山区市场监督管理局") == "26.0pt"
