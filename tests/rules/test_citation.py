from __future__ import annotations

import pytest

from casetrail.rules.citation import Citation, article, article_range, chinese_number
from casetrail.rules.national_citations import CIVIL_CODE_202, PENALTY_60, PENALTY_64_1


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (36, "三十六"),
        (85, "八十五"),
        (100, "一百"),
        (102, "一百零二"),
        (110, "一百一十"),
        (202, "二百零二"),
    ],
)
def test_chinese_number(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


def test_article_forms() -> None:
    assert article(61, paragraph=2) == "第六十一条第二款"
    assert article(64, item=1) == "第六十四条第（一）项"
    assert article_range(35, 37) == "第三十五条至第三十七条"


def test_citation_str_and_frozen() -> None:
    assert str(PENALTY_60) == "《中华人民共和国行政处罚法》第六十条"
    assert str(PENALTY_64_1) == "《中华人民共和国行政处罚法》第六十四条第（一）项"
    assert str(CIVIL_CODE_202) == "《中华人民共和国民法典》第二百零二条"
    with pytest.raises(ValueError):
        PENALTY_60.text = "x"  # type: ignore[misc]
    assert Citation(law="a", article="b", text="c") == Citation(law="a", article="b", text="c")
