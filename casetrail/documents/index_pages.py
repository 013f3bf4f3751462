"""How many pages the 卷内目录 will take, estimated before it is laid out.

The index's page ranges start after the index itself, so its own length must be known before its
rows can be written. Laying it out costs as much as a long document (about 0.1 s a page), so the
binder lays it out with this estimate and only again when the layout disagrees: a wrong estimate
costs one more layout, never a wrong page number.

The figures are the index's geometry at the sizes in style.css (CSS px, 0.75 pt), as WeasyPrint lays
it out: an A4 page less its margins, the masthead and the two lines above the table, and each row
one line of 11 pt text per line of its longest cell. Characters are counted in ems: a full-width
(CJK) character is one, an ASCII one 0.56 (the face's digits are 0.56 em wide).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

_ASCII_EM = 0.56
#: A4 (297 mm) less the top and bottom margins (37 + 35 mm).
_PAGE_PX = 850.39
#: The masthead (agency and 卷内目录) with its bottom margin.
_MASTHEAD_PX = 99.07
#: A line of the two paragraphs above the table (15 pt, line-height 1.75), and the ems it holds.
_HEAD_LINE_PX, _HEAD_LINE_EMS = 35.0, 29.48
#: The table's top margin and border, then its head row, repeated at the top of every page.
_TABLE_TOP_PX, _HEAD_ROW_PX = 8.5, 31.0
#: A row's padding and border; a title line (11 pt, line-height 1.5) and the ems the column holds.
_ROW_EDGE_PX, _TITLE_LINE_PX, _TITLE_EMS = 9.0, 22.0, 9.85
#: The ems the 页号 column holds (its lines are title lines): "100—101" takes two.
_PAGES_EMS = 3.52
#: A 文号 line (9 pt) and the ems its column holds.
_REFERENCE_LINE_PX, _REFERENCE_EMS = 18.0, 15.5
#: A line of an item's 存放位置 and SHA-256 row (10 pt) and the ems it holds.
_ATTACHMENT_LINE_PX, _ATTACHMENT_EMS = 20.0, 39.6
#: The closing note (two lines of 12 pt) with the margins between it and the table.
_NOTE_PX = 77.3


@dataclass(frozen=True, slots=True)
class IndexRow:
    """The text of one entry that decides its height."""

    title: str
    reference: str | None
    #: What the 页号 column shows ("3—4", or 电子 for an item kept outside the PDF).
    pages: str
    #: The 存放位置 line of an item kept outside the PDF, with its hash line if it has one.
    kept_at: str | None = None
    sha256: str | None = None


def _ems(text: str) -> float:
    return sum(_ASCII_EM if ord(character) < 0x80 else 1.0 for character in text)


def _lines(text: str, ems_per_line: float) -> int:
    return max(1, math.ceil(_ems(text) / ems_per_line))


def _heights(row: IndexRow) -> list[float]:
    """The entry's row, then the row under it for an item kept outside the PDF."""
    title = max(_lines(row.title, _TITLE_EMS), _lines(row.pages, _PAGES_EMS)) * _TITLE_LINE_PX
    reference = _lines(row.reference or "", _REFERENCE_EMS) * _REFERENCE_LINE_PX
    heights = [_ROW_EDGE_PX + max(title, reference)]
    if row.kept_at is not None:
        lines = _lines(f"存放位置：{row.kept_at}", _ATTACHMENT_EMS) + (row.sha256 is not None)
        heights.append(_ROW_EDGE_PX + lines * _ATTACHMENT_LINE_PX)
    return heights


def estimate_index_pages(rows: Sequence[IndexRow], *, case_title: str, heading: str) -> int:
    """Pages the index will take; ``heading`` is the line under the case title (number and date)."""
    head_lines = _lines(f"案卷题名：{case_title}", _HEAD_LINE_EMS) + _lines(heading, _HEAD_LINE_EMS)
    used = _MASTHEAD_PX + head_lines * _HEAD_LINE_PX + _TABLE_TOP_PX + _HEAD_ROW_PX
    pages = 1
    for height in (height for row in rows for height in _heights(row)):
        if used + height > _PAGE_PX:  # rows are not broken across pages (tr: break-inside avoid)
            pages += 1
            used = _HEAD_ROW_PX
        used += height
    return pages + (used + _NOTE_PX > _PAGE_PX)
