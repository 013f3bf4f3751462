"""The case file (卷宗): the 卷内目录 first, then every document exactly as it was issued.

The archived PDFs are bound as they are (copied with qpdf, documents/binding.py), not laid out again:
a document in the file is byte for byte the page the party received, even when its template has
changed since, and binding costs one small layout (the index) instead of one per document. The price
is one embedded CJK subset per document instead of one for the whole file.

Each page carries its volume page number (页号) in the top right corner, stamped over the issued
page; the index's page ranges are those numbers. Text records and evidence items are listed with
their SHA-256 and where they are kept (一案一卷: everything the case holds).

The file is in two volumes, as practice files it: the 正卷 (documents the party was given, the
evidence) and then the 副卷 (the agency's internal reports, reviews, deliberation and approvals, and
the text records), each headed in the index; pages run on through both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from casetrail.documents.binding import Part, bind
from casetrail.documents.catalog import Volume, get_kind
from casetrail.documents.formatting import chinese_date
from casetrail.documents.index_pages import IndexRow, estimate_index_pages
from casetrail.documents.render import RenderedDocument, finish, lay_out
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
    volume: Volume = Volume.main


def in_volume_order(documents: Sequence[RenderedDocument]) -> list[RenderedDocument]:
    """The documents as they are bound: the 正卷's, then the 副卷's, each in the order given."""
    return sorted(documents, key=lambda document: get_kind(document.kind).volume != Volume.main)


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
    # The index lists each volume whole (its documents, then its electronic items) before the next;
    # ``documents`` are already in volume order, so page numbers run on as the pages are bound.
    for volume in Volume:
        for document in documents:
            if get_kind(document.kind).volume != volume:
                continue
            entries.append({
                "sequence": len(entries) + 1,
                "title": document.title,
                "number": document.number_text,
                "dated": document.issued_on,
                "first_page": page,
                "last_page": page + document.page_count - 1,
                "volume": volume.title_zh,
            })  # fmt: skip
            page += document.page_count
        for item in attachments:
            if item.volume != volume:
                continue
            entries.append({
                "sequence": len(entries) + 1,
                "title": item.title,
                "number": item.reference,
                "dated": item.dated,
                "sha256": item.sha256,
                "kept_at": item.kept_at,
                "volume": volume.title_zh,
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


def _page_range(entry: dict[str, Any]) -> str:
    """The 页号 cell as the template prints it."""
    if "first_page" not in entry:
        return "电子"
    first, last = entry["first_page"], entry["last_page"]
    return str(first) if first == last else f"{first}—{last}"


def _estimated_index_pages(
    documents: Sequence[RenderedDocument],
    attachments: Sequence[Attachment],
    *,
    case_title: str,
    bound_on: date,
) -> int:
    pages = 1
    # The estimate reads the page numbers, whose digits it depends on: two rounds settle it.
    for _ in range(2):
        data = _index_data(documents, attachments, case_title=case_title, bound_on=bound_on,
                           first_page=pages + 1)  # fmt: skip
        rows: list[IndexRow] = []
        for entry, before in zip(data["entries"], [None, *data["entries"]], strict=False):
            if before is None or before["volume"] != entry["volume"]:
                rows.append(IndexRow(entry["volume"], None, ""))  # the volume's heading row
            rows.append(IndexRow(
                entry["title"], entry["number"], _page_range(entry), entry.get("kept_at"), entry.get("sha256")
            ))  # fmt: skip
        heading = f"案件编号：{data['case_number']}　　立卷日期：{chinese_date(bound_on)}"
        pages = estimate_index_pages(rows, case_title=case_title, heading=heading)
    return pages


def _render_index(
    documents: Sequence[RenderedDocument],
    attachments: Sequence[Attachment],
    *,
    case_title: str,
    bound_on: date,
) -> RenderedDocument:
    """The 卷内目录, laid out until its page count is the one its page ranges assume (once, unless
    the estimate is wrong), then written once."""
    index_pages = _estimated_index_pages(documents, attachments, case_title=case_title, bound_on=bound_on)
    while True:
        data = _index_data(documents, attachments, case_title=case_title, bound_on=bound_on,
                           first_page=index_pages + 1)  # fmt: skip
        laid_out = lay_out(INDEX_KIND, data)
        if len(laid_out.document.pages) == index_pages:
            return finish(laid_out)
        index_pages = len(laid_out.document.pages)


def build_case_file(
    documents: Sequence[RenderedDocument],
    *,
    case_title: str,
    bound_on: date,
    attachments: Sequence[Attachment] = (),
) -> RenderedCaseFile:
    """One PDF: the 卷内目录, then each issued PDF in the given order, bookmarked and page-stamped."""
    _check_same_case(documents)
    documents = in_volume_order(documents)
    index = _render_index(documents, attachments, case_title=case_title, bound_on=bound_on)
    parts = [Part(index.pdf, "卷内目录")]
    parts += [
        Part(document.pdf, f"{document.title} {document.number_text}" if document.number else document.title)
        for document in documents
    ]
    volume = bind(parts, title=f"{case_title}（{index.snapshot['case_number']}）", producer="casetrail")
    return RenderedCaseFile(
        pdf=volume.pdf,
        sha256=hashlib.sha256(volume.pdf).hexdigest(),
        page_count=volume.page_count,
        index_snapshot=index.snapshot,
        changed_templates=(),
    )
