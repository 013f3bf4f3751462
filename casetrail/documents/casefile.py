"""The case file (卷宗): the 卷内目录 first, then every document exactly as it was issued.

The archived PDFs are bound as they are (merged with pypdf), not laid out again: a document in the
file is byte for byte the page the party received, even when its template has changed since, and
binding costs one small layout (the index and the volume page stamps) instead of one per document.
The price is one embedded CJK subset per document instead of one for the whole file.

Each page carries its volume page number (页号) in the top right corner, stamped over the issued
page; the index's page ranges are those numbers. Text records and evidence items are listed after
the documents with their SHA-256 and where they are kept (一案一卷: everything the case holds).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from casetrail.documents.render import RenderedDocument, render
from casetrail.errors import InvalidInput

INDEX_KIND = "case_file_index"


@dataclass(frozen=True, slots=True)
class RenderedCaseFile:
    pdf: bytes
    sha256: str
    page_count: int
    #: The 卷内目录 data as rendered: sequence, title, number, date and page range of each document.
    index_snapshot: dict[str, Any]
    #: Kinds whose template changed since issue. Always empty now that the issued PDFs are bound;
    #: kept so callers that report it need no change.
    changed_templates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Attachment:
    """An item of the file that is not a printed document: a text record or an evidence file."""

    title: str
    dated: date
    #: What the index's 文号 column shows: words a person reads (e.g. the record a recording belongs
    #: to), never a step key; None for a text record, whose title says what it is.
    reference: str | None
    kept_at: str
    sha256: str | None = None


def _index_data(
    documents: Sequence[RenderedDocument],
    attachments: Sequence[Attachment],
    *,
    case_title: str,
    bound_on: date,
    first_page: int,
) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    page = first_page
    for document in documents:
        entries.append({
            "sequence": len(entries) + 1,
            "title": document.title,
            "number": document.number_text,
            "dated": document.issued_on,
            "first_page": page,
            "last_page": page + document.page_count - 1,
        })  # fmt: skip
        page += document.page_count
    for item in attachments:
        entries.append({
            "sequence": len(entries) + 1,
            "title": item.title,
            "number": item.reference,
            "dated": item.dated,
            "sha256": item.sha256,
            "kept_at": item.kept_at,
        })  # fmt: skip
    first = documents[0].snapshot
    return {
        "agency": first["agency"],
        "case_number": first["case_number"],
        "issued_on": bound_on,
        "case_title": case_title,
        "entries": entries,
    }


def _check_same_case(documents: Sequence[RenderedDocument]) -> None:
    if not documents:
        raise InvalidInput("卷宗至少应包含一份文书", field="documents", rule="case_file_not_empty")
    case_numbers = {document.snapshot["case_number"] for document in documents}
    if len(case_numbers) > 1:
        raise InvalidInput(
            f"卷宗内文书须属于同一案件，发现多个案件编号：{'、'.join(sorted(case_numbers))}",
            field="documents",
            rule="case_file_single_case",
        )


# The volume page number (页号) goes in the top right corner of each page, as archives number the
# front of a sheet: digits only, in a standard PDF font, drawn over the issued page without touching
# its content. 10.5 pt, 14 mm from the right edge and 12 mm from the top of an A4 page.
_A4_WIDTH_PT, _A4_HEIGHT_PT = 595.28, 841.89
_STAMP_SIZE_PT = 10.5
_STAMP_RIGHT_PT, _STAMP_TOP_PT = 14 * 72 / 25.4, 12 * 72 / 25.4


def _stamper(writer: PdfWriter) -> Callable[[PageObject, int], None]:
    """Draws page numbers by appending a content stream to each page: the issued page's own stream is
    left as it is (wrapped in q/Q so its graphics state cannot move the stamp), never re-parsed."""
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    }))  # fmt: skip
    save, restore = (writer._add_object(_stream(data)) for data in (b"q\n", b"\nQ\n"))

    def stamp(page: PageObject, number: int) -> None:
        box = page.mediabox
        width = len(str(number)) * 0.556 * _STAMP_SIZE_PT  # Helvetica digits are 0.556 em wide
        x = float(box.right) - _STAMP_RIGHT_PT - width
        y = float(box.top) - _STAMP_TOP_PT - _STAMP_SIZE_PT
        text = f"BT /CtPageNo {_STAMP_SIZE_PT} Tf {x:.2f} {y:.2f} Td ({number}) Tj ET".encode()
        resources = page[NameObject("/Resources")].get_object()
        assert isinstance(resources, DictionaryObject)
        if NameObject("/Font") not in resources:
            resources[NameObject("/Font")] = DictionaryObject()
        fonts = resources[NameObject("/Font")].get_object()
        assert isinstance(fonts, DictionaryObject)
        fonts[NameObject("/CtPageNo")] = font
        contents = page[NameObject("/Contents")]
        listed = contents.get_object()
        original = list(listed) if isinstance(listed, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject(
            [save, *original, restore, writer._add_object(_stream(text))]
        )

    return stamp


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def build_case_file(
    documents: Sequence[RenderedDocument],
    *,
    case_title: str,
    bound_on: date,
    attachments: Sequence[Attachment] = (),
) -> RenderedCaseFile:
    """One PDF: the 卷内目录, then each issued PDF in the given order, bookmarked and page-stamped."""
    _check_same_case(documents)
    # The index's own length shifts every page range after it; settle it (one page unless the case is huge).
    index_pages = 1 + (len(documents) + len(attachments)) // 40  # about 40 rows a page; the loop corrects
    while True:
        data = _index_data(documents, attachments, case_title=case_title, bound_on=bound_on,
                           first_page=index_pages + 1)  # fmt: skip
        index = render(INDEX_KIND, data)
        if index.page_count == index_pages:
            break
        index_pages = index.page_count

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(index.pdf)), outline_item="卷内目录", import_outline=False)
    for document in documents:
        bookmark = f"{document.title} {document.number_text}" if document.number else document.title
        writer.append(PdfReader(io.BytesIO(document.pdf)), outline_item=bookmark, import_outline=False)
    total = len(writer.pages)
    stamp = _stamper(writer)
    for number, page in enumerate(writer.pages, start=1):
        stamp(page, number)
    writer.add_metadata(
        {"/Title": f"{case_title}（{index.snapshot['case_number']}）", "/Producer": "casetrail"}
    )
    # pypdf derives the file identifier from the content: the same documents give the same bytes.
    output = io.BytesIO()
    writer.write(output)
    pdf = output.getvalue()
    return RenderedCaseFile(
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        page_count=total,
        index_snapshot=index.snapshot,
        changed_templates=(),
    )
