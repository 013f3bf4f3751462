"""Any list, exported as a spreadsheet: Excel (openpyxl, write-only: one row in memory at a time) or
CSV (UTF-8 with a byte-order mark, so that Excel on Windows opens the Chinese text correctly)."""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import AsyncIterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from openpyxl import Workbook


class ExportFormat(enum.StrEnum):
    xlsx = "xlsx"
    csv = "csv"


MEDIA_TYPES = {
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.csv: "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: AsyncIterable[Sequence[Any]]


async def render(sheet: Sheet, fmt: ExportFormat) -> bytes:
    """The whole file; rows are read from the async source once, in order."""
    if fmt is ExportFormat.csv:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(sheet.header)
        async for row in sheet.rows:
            writer.writerow(row)
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    book = Workbook(write_only=True)
    page = book.create_sheet(sheet.title)
    page.append(list(sheet.header))
    async for row in sheet.rows:
        page.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attachment_name(stem: str, fmt: ExportFormat) -> str:
    """A Content-Disposition value with the Chinese name (RFC 5987) and an ASCII fallback."""
    return f"attachment; filename=\"export.{fmt.value}\"; filename*=UTF-8''{quote(stem)}.{fmt.value}"
