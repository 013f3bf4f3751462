"""Typesetting a decision as an official would: read back from the PDF with pdftotext.

The longest demo agency name (seed.py) heads a long decision; the facts grow line by line so that the
closing paragraph, seal and date fall at every position around a page break.
"""

from __future__ import annotations

from typing import Any

import pytest

from casetrail.documents.base import CaseDocument, WithRemedies
from casetrail.documents.catalog import CATALOG
from casetrail.documents.render import render
from casetrail.documents.samples import sample_data, sample_number
from casetrail.seed import DEMO_AGENCIES
from tests.documents.conftest import RenderCache
from tests.documents.pdftools import pdf_pages, pdf_text

LONGEST_AGENCY = max((name for _, name, *_ in DEMO_AGENCIES), key=len)
FACT = "经查，当事人于2026年2月至3月间在其经营场所销售超过保质期的速冻水饺，执法人员现场清点、拍照并制作笔录，当事人对此无异议"


def decision(*, facts_lines: int, **overrides: Any) -> bytes:
    data = sample_data("penalty_decision")
    data["agency"] = {**data["agency"], "name": LONGEST_AGENCY}
    data["facts"] = "；".join([FACT] * facts_lines)  # deliberately without a closing 。
    data.update(overrides)
    return render("penalty_decision", data, number=sample_number("penalty_decision")).pdf


@pytest.fixture(scope="module")
def long_decisions() -> list[bytes]:
    # One fact is about two and a half lines: eight lengths step the ending through a page break.
    return [decision(facts_lines=n) for n in range(14, 22)]


def test_letterhead_stays_on_one_line_for_the_longest_agency_name(long_decisions: list[bytes]) -> None:
    for pdf in long_decisions:
        assert pdf_pages(pdf)[0][0] == LONGEST_AGENCY


def test_seal_and_date_never_stand_alone_on_a_page(long_decisions: list[bytes]) -> None:
    page_counts = set()
    for pdf in long_decisions:
        pages = pdf_pages(pdf)
        page_counts.add(len(pages))
        seal_page = next(page for page in reversed(pages) if "（印章）" in page)
        before_seal = seal_page[: seal_page.index("（印章）")]
        body = [line for line in before_seal if not line.startswith("—")]
        assert any("本决定依据" in line for line in body), seal_page
    assert len(page_counts) > 1, "the lengths must move the ending across a page break"


def test_cause_facts_and_fine_read_as_written_once() -> None:
    text = pdf_text(
        decision(
            facts_lines=1,
            case_cause="涉嫌销售超过保质期食品",
            penalty={"measures": "罚款", "fine": "5000.00"},
        )
    )
    assert "涉嫌涉嫌" not in text and "当事人涉嫌销售超过保质期食品一案" in text
    assert "罚款，罚款" not in text
    assert "作出如下行政处罚：罚款人民币5,000.00元（大写：伍仟元整）。" in text
    assert "当事人对此无异议。" in text


def test_a_cause_without_suspicion_gets_it_once(long_decisions: list[bytes]) -> None:
    assert "当事人涉嫌经营超过保质期食品一案" in pdf_text(long_decisions[0])


@pytest.mark.parametrize("kind", [k for k, v in CATALOG.items() if v.model.model_fields.get("penalty")])
def test_amounts_carry_capitals(rendered: RenderCache, kind: str) -> None:
    # Every sample with a penalty carries a fine, so that no kind passes this by skipping.
    assert sample_data(kind)["penalty"].get("fine") is not None, kind
    assert "（大写：" in pdf_text(rendered(kind).pdf)


RIGHTS = {
    # 复议法 Art. 20 and 行政诉讼法 Art. 46: every decision against the party names review and lawsuit.
    "review": ("申请行政复议", "提起行政诉讼"),
    # 处罚法 Art. 44, 45: the notice of intended penalty names statement and defence.
    "statement": ("陈述、申辩的权利",),
}


@pytest.mark.parametrize("kind", [k for k, v in CATALOG.items() if issubclass(v.model, WithRemedies)])
def test_every_decision_with_remedies_states_review_and_lawsuit_rights(
    rendered: RenderCache, kind: str
) -> None:
    text = pdf_text(rendered(kind).pdf)
    for words in RIGHTS["review"]:
        assert words in text, (kind, words)


@pytest.mark.parametrize("kind", ["penalty_notice", "summary_penalty_decision"])
def test_notices_before_a_penalty_state_the_right_to_be_heard(rendered: RenderCache, kind: str) -> None:
    assert issubclass(CATALOG[kind].model, CaseDocument)
    text = pdf_text(rendered(kind).pdf)
    for words in RIGHTS["statement"]:
        assert words in text, (kind, words)
