from __future__ import annotations

import io
from datetime import date
from itertools import pairwise
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from casetrail.documents import casefile
from casetrail.documents.casefile import INDEX_KIND, Attachment, build_case_file
from casetrail.documents.catalog import CATALOG, SECONDARY_VOLUME, Volume
from casetrail.documents.render import LaidOutDocument, lay_out, render
from casetrail.documents.samples import all_sample_kinds, sample_data, sample_number
from casetrail.errors import InvalidInput
from tests.documents.conftest import RenderCache
from tests.documents.pdftools import pdf_fonts, pdf_outline_titles, pdf_page_number_stamp, pdf_pages, pdf_text

KINDS = ["filing_approval", "inquiry_record", "penalty_notice", "penalty_decision", "service_receipt"]
CASE_TITLE = "泰安市岱宗食品有限公司经营超过保质期食品案"


def test_case_file_has_index_first_then_every_document_bookmarked(rendered: RenderCache) -> None:
    documents = [rendered(kind) for kind in KINDS]
    case_file = build_case_file(documents, case_title=CASE_TITLE, bound_on=date(2026, 5, 1))

    assert case_file.page_count == 1 + sum(document.page_count for document in documents)
    entries = case_file.index_snapshot["entries"]
    assert [entry["title"] for entry in entries] == [document.title for document in documents]
    assert entries[0]["first_page"] == 2
    for previous, entry in pairwise(entries):
        assert entry["first_page"] == previous["last_page"] + 1
    assert entries[-1]["last_page"] == case_file.page_count

    outline = pdf_outline_titles(case_file.pdf)
    assert outline[0] == "卷内目录"
    assert outline[1:] == [
        f"{document.title} {document.number_text}" if document.number else document.title
        for document in documents
    ]
    text = pdf_text(case_file.pdf)
    assert text.index("卷内目录") < text.index("立案审批表")
    assert "泰山市监罚决字〔2026〕第12号" in text
    # Bound as issued: each document keeps its own embedded subsets; only the page-number digits
    # use the standard Helvetica every PDF reader carries.
    fonts = pdf_fonts(case_file.pdf)
    assert all(font.embedded for font in fonts if font.name != "Helvetica")
    assert sum("CJK" in font.name for font in fonts) >= len(documents)
    assert case_file.changed_templates == ()


def test_index_page_numbers_are_the_printed_volume_pages(rendered: RenderCache) -> None:
    documents = [rendered(kind) for kind in KINDS]
    attachments = [
        Attachment("询问记录（文字记录）", date(2026, 3, 2), None, "案件记录库（审计链）"),
        Attachment("证据：现场.mp4", date(2026, 3, 2), "现场检查记录", "证据存储库", sha256="ab" * 32),
    ]
    case_file = build_case_file(
        documents, case_title=CASE_TITLE, bound_on=date(2026, 5, 1), attachments=attachments
    )
    pages = pdf_pages(case_file.pdf)
    assert len(pages) == case_file.page_count
    for number in range(1, len(pages) + 1):
        assert pdf_page_number_stamp(case_file.pdf, number) == str(number)
    for document, entry in zip(documents, case_file.index_snapshot["entries"], strict=False):
        first, last = entry["first_page"], entry["last_page"]
        assert document.title.replace(" ", "") in "".join(pages[first - 1])
        assert last - first + 1 == document.page_count
    # Text records and evidence are listed with where they are kept and their hash, without pages.
    index_text = "".join(pages[0])
    assert (
        "证据：现场.mp4" in index_text
        and "现场检查记录" in index_text
        and "证据存储库" in index_text
        and "ab" * 32 in index_text
    )
    assert [e["sequence"] for e in case_file.index_snapshot["entries"]] == list(range(1, len(KINDS) + 3))


def test_the_secondary_volume_follows_the_main_one(rendered: RenderCache) -> None:
    """正卷 (what the party was given, the evidence) then 副卷 (internal reports, reviews, approvals,
    the text records), whatever the issue order; each headed in the index, pages running on."""
    kinds = ["filing_approval", "investigation_report", "legal_review_opinion", "penalty_decision"]
    documents = [rendered(kind) for kind in kinds]
    attachments = [
        Attachment("立案记录（文字记录）", date(2026, 3, 2), None, "案件记录库", volume=Volume.secondary),
        Attachment("证据：现场.mp4", date(2026, 3, 2), "现场检查记录", "证据存储库", sha256="cd" * 32),
    ]
    case_file = build_case_file(
        documents, case_title=CASE_TITLE, bound_on=date(2026, 5, 1), attachments=attachments
    )
    entries = case_file.index_snapshot["entries"]
    assert [(e["title"], e["volume"]) for e in entries] == [
        ("立案审批表", "正卷"),
        ("行政处罚决定书", "正卷"),
        ("证据：现场.mp4", "正卷"),
        ("案件调查终结报告", "副卷"),
        ("法制审核意见书", "副卷"),
        ("立案记录（文字记录）", "副卷"),
    ]
    printed = [e for e in entries if e["first_page"] is not None]
    for previous, entry in pairwise(printed):
        assert entry["first_page"] == previous["last_page"] + 1
    pages = pdf_pages(case_file.pdf)
    assert "行政处罚决定书" in "".join(pages[printed[1]["first_page"] - 1])
    assert "法制审核意见书" in "".join(pages[printed[3]["first_page"] - 1])
    index_lines = [line.strip() for line in pages[0]]
    assert [line for line in index_lines if line in ("正卷", "副卷")] == ["正卷", "副卷"]
    assert pdf_outline_titles(case_file.pdf)[1:3] == [
        f"{documents[0].title} {documents[0].number_text}" if documents[0].number else documents[0].title,
        f"{documents[3].title} {documents[3].number_text}" if documents[3].number else documents[3].title,
    ]


def test_documents_are_bound_as_issued_not_laid_out_again(rendered: RenderCache) -> None:
    documents = [rendered(kind) for kind in KINDS[:3]]
    case_file = build_case_file(documents, case_title=CASE_TITLE, bound_on=date(2026, 5, 1))
    bound = PdfReader(io.BytesIO(case_file.pdf))
    offset = 1
    for document in documents:
        issued = PdfReader(io.BytesIO(document.pdf))
        for index, page in enumerate(issued.pages):
            # The issued page's own content stream is kept; only the volume stamp is added on top.
            assert page.extract_text().strip() in bound.pages[offset + index].extract_text()
        offset += len(issued.pages)


def test_case_file_is_a_well_formed_pdf_whose_pages_are_the_issued_streams(rendered: RenderCache) -> None:
    """qpdf reads the volume without repairing it (an inline stream in a page's /Contents once made it
    see no page at all), and each bound page draws the issued content stream byte for byte, compressed
    as issued, between the q/Q that isolate it and the 页号 stamp."""
    documents = [rendered(kind) for kind in KINDS[:3]]
    case_file = build_case_file(documents, case_title=CASE_TITLE, bound_on=date(2026, 5, 1))
    with pikepdf.open(io.BytesIO(case_file.pdf)) as bound:
        assert bound.get_warnings() == []
        assert len(bound.pages) == case_file.page_count
        offset = len(bound.pages) - sum(document.page_count for document in documents)
        for document in documents:
            with pikepdf.open(io.BytesIO(document.pdf)) as issued:
                for index, page in enumerate(issued.pages):
                    contents = bound.pages[offset + index].obj.Contents
                    assert isinstance(contents, pikepdf.Array) and len(contents) == 4
                    save, stream, restore, _stamp = contents
                    assert all(part.is_indirect for part in contents)
                    assert (save.read_bytes(), restore.read_bytes()) == (b"q\n", b"\nQ\n")
                    assert stream.read_raw_bytes() == page.obj.Contents.read_raw_bytes()
            offset += document.page_count


@pytest.mark.parametrize(("documents", "items"), [(5, 0), (30, 0), (45, 4)])
def test_index_is_laid_out_once(
    rendered: RenderCache, monkeypatch: pytest.MonkeyPatch, documents: int, items: int
) -> None:
    """Its page count is estimated right for case files of one, two and three index pages, so it is
    laid out once: a layout is as slow as a long document, the estimate's only purpose."""
    kinds = [kind for kind in all_sample_kinds() if kind != INDEX_KIND]
    bound = [rendered(kinds[i % len(kinds)]) for i in range(documents)]
    attachments = [
        Attachment(f"证据：现场照片{i}.jpg", date(2026, 3, 2), "现场检查记录", "证据存储库", sha256="ab" * 32)
        for i in range(items)
    ]
    layouts: list[str] = []

    def counted(kind: str, data: Any, **options: Any) -> LaidOutDocument:
        layouts.append(kind)
        return lay_out(kind, data, **options)

    monkeypatch.setattr(casefile, "lay_out", counted)
    case_file = build_case_file(
        bound, case_title=CASE_TITLE, bound_on=date(2026, 11, 30), attachments=attachments
    )
    assert layouts == [INDEX_KIND]
    assert case_file.index_snapshot["entries"][0]["first_page"] - 1 == {5: 1, 30: 2, 45: 3}[documents]


def test_case_file_is_deterministic(rendered: RenderCache) -> None:
    documents = [rendered(kind) for kind in KINDS[:2]]
    first = build_case_file(documents, case_title=CASE_TITLE, bound_on=date(2026, 5, 1))
    again = build_case_file(documents, case_title=CASE_TITLE, bound_on=date(2026, 5, 1))
    assert first.pdf == again.pdf


def test_case_file_refuses_documents_of_two_cases(rendered: RenderCache) -> None:
    other = render("inquiry_record", sample_data("inquiry_record", case_number="泰山市监立〔2026〕19号"))
    with pytest.raises(InvalidInput) as raised:
        build_case_file(
            [rendered("filing_approval"), other], case_title=CASE_TITLE, bound_on=date(2026, 5, 1)
        )
    assert raised.value.rule == "case_file_single_case"


def test_empty_case_file_is_refused() -> None:
    with pytest.raises(InvalidInput):
        build_case_file([], case_title=CASE_TITLE, bound_on=date(2026, 5, 1))


def test_sample_number_matches_kind() -> None:
    assert sample_number("inquiry_record") is None


def test_every_secondary_volume_kind_is_a_catalog_kind() -> None:
    """A misspelt key would file its document in the 正卷 without a word."""
    assert SECONDARY_VOLUME.issubset(CATALOG)
