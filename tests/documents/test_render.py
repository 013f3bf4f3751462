from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from casetrail.documents.base import CaseDocument
from casetrail.documents.catalog import CATALOG
from casetrail.documents.numbering import DocumentNumber
from casetrail.documents.render import render
from casetrail.documents.samples import AGENCY, PARTY, sample_data, sample_number
from casetrail.errors import InvalidInput
from tests.documents.conftest import RenderCache
from tests.documents.pdftools import pdf_fonts, pdf_info, pdf_text

KINDS = list(CATALOG)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_with_its_facts_and_citations(rendered: RenderCache, kind: str) -> None:
    document = rendered(kind)
    text = pdf_text(document.pdf)

    assert document.pdf.startswith(b"%PDF-")
    assert document.page_count >= 1
    assert CATALOG[kind].title in text
    assert AGENCY["name"] in text
    if issubclass(CATALOG[kind].model, CaseDocument):
        assert _compact(document.snapshot["party"]["name"]) in text
    if document.number is not None:
        assert str(document.number) in text
    for citation in CATALOG[kind].legal_basis:
        assert _compact(citation) in text, citation


@pytest.mark.parametrize("kind", KINDS)
def test_fonts_are_embedded_cjk_subsets(rendered: RenderCache, kind: str) -> None:
    fonts = pdf_fonts(rendered(kind).pdf)
    assert fonts
    for font in fonts:
        assert font.embedded and font.subset and font.unicode_map, font
        assert re.fullmatch(r"[A-Z]{6}\+.+", font.name), font.name
    assert any("CJK" in font.name for font in fonts)


def test_penalty_decision_states_rights_and_payment_terms(rendered: RenderCache) -> None:
    text = pdf_text(rendered("penalty_decision").pdf)
    assert "六十日内" in text and "泰安市泰山区人民政府申请行政复议" in text  # 复议法 Art. 20
    assert "六个月内" in text and "泰安市泰山区人民法院提起行政诉讼" in text  # 行政诉讼法 Art. 46
    assert "十五日内" in text and "百分之三加处罚款" in text  # 处罚法 Art. 67, 72
    assert "伍万元整" in text


def test_penalty_notice_states_statement_and_hearing_rights(rendered: RenderCache) -> None:
    text = pdf_text(rendered("penalty_notice").pdf)
    assert "陈述、申辩的权利" in text and "2026-03-27（星期五）24:00前向本机关提出陈述、申辩意见" in text
    # Where, how and to whom (处罚法 Art. 44).
    assert "可以到泰安市岱岳区市场监督管理局（泰安市岱岳区擂鼓石大街1号）三楼法制科口头陈述、申辩" in text
    assert "联系人：李明，联系电话：0538-8221234" in text
    assert "2026-03-27（星期五）24:00前向本机关（联系人：李明" in text and "提出听证申请" in text
    assert "《中华人民共和国行政处罚法》第六十三条、第六十四条" in text


def test_penalty_notice_omits_hearing_when_not_available() -> None:
    document = render("penalty_notice", sample_data("penalty_notice", hearing_available=False),
                      number=sample_number("penalty_notice"))  # fmt: skip
    text = pdf_text(document.pdf)
    assert "听证" not in text and "第六十三条" not in text and "第六十四条" not in text
    assert "第四十四条、第四十五条、第六十二条制作" in text


def test_reminder_states_deadline_and_right_to_defend(rendered: RenderCache) -> None:
    text = pdf_text(rendered("reminder_notice").pdf)
    assert "于2026-06-04（星期四）24:00前履行" in text
    assert "有权进行陈述和申辩" in text


def test_rare_characters_survive_to_the_text_layer() -> None:
    party = {**PARTY, "name": "泰安市堃𠈌食品有限公司", "legal_representative": "王堃𠈌"}
    document = render("penalty_decision", sample_data("penalty_decision", party=party),
                      number=sample_number("penalty_decision"))  # fmt: skip
    text = pdf_text(document.pdf)
    assert "泰安市堃𠈌食品有限公司" in text
    assert "王堃𠈌" in text


def test_same_snapshot_gives_the_same_bytes(rendered: RenderCache) -> None:
    first = rendered("penalty_decision")
    again = render("penalty_decision", first.snapshot, number=first.number)
    assert again.pdf == first.pdf
    assert again.sha256 == first.sha256
    assert again.snapshot == first.snapshot


def test_metadata_dates_come_from_the_issued_date(rendered: RenderCache) -> None:
    info = pdf_info(rendered("penalty_decision").pdf)
    assert info["CreationDate"] == info["ModDate"] == "2026-03-20T00:00:00+08"
    assert info["Title"] == "行政处罚决定书 泰山市监罚决字〔2026〕第12号"
    assert info["Creator"].startswith("casetrail penalty_decision@")
    assert info["Metadata Stream"] == "yes"  # XMP, as PDF/A requires


def test_output_declares_pdf_a_2b(rendered: RenderCache) -> None:
    xmp = subprocess.run(
        ["pdfinfo", "-meta", "-"], input=rendered("penalty_decision").pdf, capture_output=True
    )
    assert 'pdfaid:part="2"' in xmp.stdout.decode() and 'pdfaid:conformance="B"' in xmp.stdout.decode()


def test_rendered_document_records_version_and_snapshot(rendered: RenderCache) -> None:
    document = rendered("seizure_decision")
    assert document.template_version.startswith("seizure_decision@")
    assert document.snapshot["party"]["name"] == PARTY["name"]
    assert document.snapshot["issued_on"] == "2026-03-20"
    assert len(document.sha256) == 64


def _without(data: dict[str, Any], path: str) -> dict[str, Any]:
    *parents, leaf = path.split(".")
    copy: dict[str, Any] = {**data}
    target = copy
    for parent in parents:
        target[parent] = {**target[parent]}
        target = target[parent]
    del target[leaf]
    return copy


@pytest.mark.parametrize(
    ("kind", "path", "label"),
    [
        ("penalty_decision", "party.name", "当事人名称"),
        ("penalty_decision", "remedies.review_body", "行政复议机关"),
        ("penalty_decision", "facts", "违法事实"),
        ("inquiry_record", "exchanges", "问答记录"),
        ("case_file_index", "case_title", "案卷题名"),
    ],
)
def test_missing_required_field_refuses_and_names_it(kind: str, path: str, label: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        render(kind, _without(sample_data(kind), path), number=sample_number(kind))
    assert raised.value.field == path
    assert path in raised.value.message and label in raised.value.message
    assert "不予生成" in raised.value.message


def test_blank_text_counts_as_missing() -> None:
    party = {**PARTY, "address": "   "}
    with pytest.raises(InvalidInput) as raised:
        render(
            "penalty_decision",
            sample_data("penalty_decision", party=party),
            number=sample_number("penalty_decision"),
        )
    assert raised.value.field == "party.address"
    assert "缺少必填项" in raised.value.message


def test_organisation_without_representative_is_refused() -> None:
    party = {**PARTY, "legal_representative": None}
    with pytest.raises(InvalidInput) as raised:
        render(
            "penalty_decision",
            sample_data("penalty_decision", party=party),
            number=sample_number("penalty_decision"),
        )
    assert raised.value.field == "party.legal_representative"


def test_one_officer_is_not_enough() -> None:
    data = sample_data("inquiry_record")
    with pytest.raises(InvalidInput) as raised:
        render("inquiry_record", {**data, "officers": data["officers"][:1]})
    assert raised.value.field == "officers"
    assert "至少需要2项" in raised.value.message


def test_unknown_field_is_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        render("inquiry_record", {**sample_data("inquiry_record"), "partyy": "x"})
    assert raised.value.field == "partyy"


def test_summary_fine_above_the_statutory_limit_is_refused() -> None:
    data = sample_data("summary_penalty_decision")
    penalty = {**data["penalty"], "fine": "500.00"}
    with pytest.raises(InvalidInput) as raised:
        render(
            "summary_penalty_decision",
            {**data, "penalty": penalty},
            number=sample_number("summary_penalty_decision"),
        )
    assert raised.value.field == "penalty"
    assert "200元" in raised.value.message


def test_unknown_kind_is_refused_with_the_list() -> None:
    with pytest.raises(InvalidInput) as raised:
        render("fine_letter", {})
    assert raised.value.allowed == KINDS


def test_numbered_kind_needs_its_number() -> None:
    with pytest.raises(InvalidInput) as raised:
        render("penalty_decision", sample_data("penalty_decision"))
    assert raised.value.field == "number"


def test_number_must_carry_the_kind_code_and_agency() -> None:
    wrong_code = DocumentNumber(agency_short_name="泰山市监", kind_code="罚告字", year=2026, sequence=1)
    with pytest.raises(InvalidInput) as raised:
        render("penalty_decision", sample_data("penalty_decision"), number=wrong_code)
    assert raised.value.field == "number.kind_code"
    wrong_agency = DocumentNumber(agency_short_name="岱岳市监", kind_code="罚决字", year=2026, sequence=1)
    with pytest.raises(InvalidInput) as raised:
        render("penalty_decision", sample_data("penalty_decision"), number=wrong_agency)
    assert raised.value.field == "number.agency_short_name"


def test_unnumbered_kind_refuses_a_number() -> None:
    with pytest.raises(InvalidInput):
        render("inquiry_record", sample_data("inquiry_record"), number=sample_number("penalty_decision"))


def test_markup_in_data_is_escaped() -> None:
    party = {**PARTY, "name": "<b>岱宗</b>&公司"}
    document = render("penalty_decision", sample_data("penalty_decision", party=party),
                      number=sample_number("penalty_decision"))  # fmt: skip
    assert "<b>岱宗</b>&公司" in pdf_text(document.pdf)
