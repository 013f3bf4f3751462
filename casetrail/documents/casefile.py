"""The case file (卷宗): every document of a case joined into one PDF behind a 卷内目录 index.

Documents are laid out again from their snapshots and their WeasyPrint pages joined
(``Document.copy``), rather than concatenating the archived PDFs. Gains: bookmarks come from each
document's heading, the CJK font is subset and embedded once for the whole file (not once per
document), and no PDF-merging library is needed. Costs: a second layout of every document, and the
pages use the *current* templates — a document whose template changed since it was issued would not
be the issued one, so such documents are listed in ``changed_templates`` for the caller to decide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from casetrail.documents.render import LaidOutDocument, RenderedDocument, lay_out, write_pdf
from casetrail.errors import InvalidInput

if TYPE_CHECKING:
    from weasyprint import Page

INDEX_KIND = "case_file_index"


@dataclass(frozen=True, slots=True)
class RenderedCaseFile:
    pdf: bytes
    sha256: str
    page_count: int
    #: The 卷内目录 data as rendered: sequence, title, number, date and page range of each document.
    index_snapshot: dict[str, Any]
    #: Kinds whose template differs from the version recorded when the document was issued.
    changed_templates: tuple[str, ...]


def _index_data(
    documents: Sequence[RenderedDocument],
    laid_out: Sequence[LaidOutDocument],
    *,
    case_title: str,
    bound_on: date,
    first_page: int,
) -> dict[str, Any]:
    entries = []
    page = first_page
    for sequence, (document, layout) in enumerate(zip(documents, laid_out, strict=True), start=1):
        pages = len(layout.document.pages)
        entries.append({
            "sequence": sequence,
            "title": document.title,
            "number": document.number_text,
            "dated": document.issued_on,
            "first_page": page,
            "last_page": page + pages - 1,
        })  # fmt: skip
        page += pages
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


def build_case_file(
    documents: Sequence[RenderedDocument], *, case_title: str, bound_on: date
) -> RenderedCaseFile:
    """One PDF: the 卷内目录 first, then each document in the given order, each with a bookmark."""
    _check_same_case(documents)
    laid_out = [lay_out(document.kind, document.snapshot, number=document.number) for document in documents]

    # The index's own length shifts every page range after it; settle it (one page unless the case is huge).
    index_pages = 1
    while True:
        index_data = _index_data(documents, laid_out, case_title=case_title, bound_on=bound_on,
                                 first_page=index_pages + 1)  # fmt: skip
        index = lay_out(INDEX_KIND, index_data)
        if len(index.document.pages) == index_pages:
            break
        index_pages = len(index.document.pages)

    pages: list[Page] = [*index.document.pages]
    for layout in laid_out:
        pages.extend(layout.document.pages)
    joined = index.document.copy(pages)
    joined.metadata.title = f"{case_title}（{index.data.case_number}）"
    pdf = write_pdf(joined)
    changed = tuple(
        document.kind
        for document, layout in zip(documents, laid_out, strict=True)
        if document.template_version != layout.template_version
    )
    return RenderedCaseFile(
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        page_count=len(pages),
        index_snapshot=index.data.model_dump(mode="json"),
        changed_templates=changed,
    )
