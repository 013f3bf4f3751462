"""Documents state a deadline as the law counts it (issue 17): the last day, ending at its 24:00, with
the weekday, never "X日前" (which reads as the day before) and never the next day's 00:00."""

from __future__ import annotations

import pytest

from casetrail.documents.render import render
from casetrail.documents.samples import sample_data, sample_number
from tests.documents.pdftools import pdf_text

# Each kind with the sentence around its deadline; the deadline given is the period's last day.
WORDING = {
    "reminder_notice": ("deadline", "于2026-12-07（星期一）24:00前履行上述义务"),
    "evidence_request_notice": ("deadline", "于2026-12-07（星期一）24:00前将下列证据材料提供至"),
    "correction_notice": ("deadline", "请于2026-12-07（星期一）24:00前补正上述材料"),
    "testing_commission": ("deadline", "请于2026-12-07（星期一）24:00前出具检验（鉴定）意见"),
    "surcharge_decision": ("due_on", "缴纳期限为2026-12-07（星期一）24:00前，已届满"),
}


@pytest.mark.parametrize("kind", list(WORDING))
def test_a_document_names_the_last_day_and_its_end(kind: str) -> None:
    field, sentence = WORDING[kind]
    document = render(kind, sample_data(kind, **{field: "2026-12-07"}), number=sample_number(kind))
    text = pdf_text(document.pdf)
    assert sentence in text, text
    assert "2026年12月7日前" not in text and "2026-12-08" not in text
