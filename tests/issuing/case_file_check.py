"""The 卷宗 of a case a path has driven: bound from what the path issued, checked as a reader sees it."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from datetime import date

from sqlalchemy import select

from casetrail.documents.casefile import Attachment, RenderedCaseFile
from casetrail.documents.catalog import Volume, get_kind
from casetrail.documents.formatting import chinese_date
from casetrail.services import documents
from casetrail.services.rendering import default_renderer
from casetrail.store.blobs import default_store
from casetrail.store.db import transaction
from casetrail.store.models import Case, EvidenceItem, Record
from tests.documents.pdftools import pdf_info, pdf_page_number_stamp, pdf_pages


async def check_case_file(case_id: uuid.UUID) -> RenderedCaseFile:
    """Every issued document, text record and evidence file is listed; each document's index pages
    are where pdftotext finds its title (and number) in the bound PDF, stamped with that page."""
    async with transaction() as session:
        rows = await documents.case_documents(session, case_id)
        case = await session.get(Case, case_id)
    assert case is not None and rows
    store = default_store()
    bound = await documents.bind_case_file(rows, case, store=store, renderer=default_renderer())
    attachments = await documents.case_file_attachments(case_id)
    entries = bound.index_snapshot["entries"]
    # 正卷 first, then 副卷; in each, its documents in issue order, then its electronic items.
    bound_rows = sorted(rows, key=lambda row: get_kind(row.kind).volume != Volume.main)
    printed_entries = [e for e in entries if e["first_page"] is not None]
    assert [e["title"] for e in printed_entries] == [r.title for r in bound_rows]
    expected = [
        (title, volume.title_zh)
        for volume in Volume
        for title in [r.title for r in bound_rows if get_kind(r.kind).volume == volume]
        + [a.title for a in attachments if a.volume == volume]
    ]
    assert [(e["title"], e["volume"]) for e in entries] == expected
    pages = pdf_pages(bound.pdf)
    assert len(pages) == bound.page_count
    page = printed_entries[0]["first_page"]
    for row, entry in zip(bound_rows, printed_entries, strict=True):
        printed = int(pdf_info(store.read(row.sha256))["Pages"])  # the issued PDF, not the row's count
        assert (entry["first_page"], entry["last_page"]) == (page, page + printed - 1), row.title
        first = "".join(pages[page - 1])
        assert row.title.replace(" ", "") in first, (row.title, page)
        assert row.number is None or (row.number in first and entry["number"] == row.number), row.title
        assert pdf_page_number_stamp(bound.pdf, page) == str(page)
        page += printed
    assert page - 1 == bound.page_count
    index_lines = [line for lines in pages[: printed_entries[0]["first_page"] - 1] for line in lines]
    # Each volume is headed where its entries begin.
    headings = [line.strip() for line in index_lines if line.strip() in ("正卷", "副卷")]
    assert headings == list(dict.fromkeys(volume for _, volume in expected)), index_lines
    # Each date stands whole on one line (a narrow column broke "…30" from "日"): the volume's, after
    # its label, and every entry's in its cell.
    bound_on = chinese_date(date.fromisoformat(str(bound.index_snapshot["issued_on"])))
    assert any(f"立卷日期：{bound_on}" in line for line in index_lines), index_lines
    dates = Counter(chinese_date(date.fromisoformat(str(entry["dated"]))) for entry in entries)
    dates[bound_on] += 1
    for text, listed in dates.items():
        assert sum(line.count(text) for line in index_lines) >= listed, (text, index_lines)
    # So does each document number: a reader copies it as one token.
    for row in rows:
        assert row.number is None or any(row.number in line for line in index_lines), (
            row.number,
            index_lines,
        )
    await _index_shows_no_internal_keys(case_id, "".join(index_lines))
    await _recordings_name_their_act(case_id, attachments)
    return bound


async def _recordings_name_their_act(case_id: uuid.UUID, attachments: list[Attachment]) -> None:
    """A recording's 文号 cell names the act it recorded: never empty, whether or not the act has a record."""
    async with transaction() as session:
        recordings = (
            await session.execute(
                select(EvidenceItem.sha256).where(
                    EvidenceItem.case_id == case_id, EvidenceItem.obligation_key.is_not(None)
                )
            )
        ).scalars()
        recorded = set(recordings)
    unnamed = [a.title for a in attachments if a.sha256 in recorded and not a.reference]
    assert not unnamed, unnamed


# A step key as the workflow writes it ("0001-inspection_planned"), or an evidence kind's code.
_KEY_SHAPE = re.compile(r"\d{4}-[a-z]|[a-z]_[a-z]|(?<![a-z])(?:audio|video|photo|document)(?![a-z])")


async def _index_shows_no_internal_keys(case_id: uuid.UUID, index_text: str) -> None:
    """The 卷内目录 is read by a person: no record's step key, duty key or evidence kind code in it."""
    async with transaction() as session:
        keys = set(
            (await session.execute(select(Record.step_key).where(Record.case_id == case_id))).scalars()
        )
        evidence = (
            await session.execute(select(EvidenceItem).where(EvidenceItem.case_id == case_id))
        ).scalars()
        keys |= {item.obligation_key for item in evidence if item.obligation_key}
    assert not [key for key in keys if key.replace(" ", "") in index_text], index_text
    assert not _KEY_SHAPE.search(index_text.replace("SHA-256", "")), index_text
