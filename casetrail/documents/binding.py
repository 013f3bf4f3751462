"""Bind PDFs into one volume as they are: pages copied with qpdf (pikepdf), stamped, bookmarked.

Nothing of a bound page is parsed or rewritten: qpdf copies its objects and passes its streams
through still compressed (``StreamDecodeLevel.none``), so each page's content stream is byte for
byte the issued one. The volume page number (页号) is drawn by a separate content stream appended to
the page, after the issued stream wrapped in q/Q so the issued page's graphics state (WeasyPrint
flips the y axis) cannot move it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Page, Pdf, Stream, StreamDecodeLevel


@dataclass(frozen=True, slots=True)
class Part:
    """One PDF of the volume and the title of its bookmark."""

    pdf: bytes
    bookmark: str


@dataclass(frozen=True, slots=True)
class BoundVolume:
    pdf: bytes
    page_count: int


# The 页号 goes in the top right corner of each page, as archives number the front of a sheet:
# digits only, in a standard PDF font, drawn over the issued page without touching its content.
# 10.5 pt, 14 mm from the right edge and 12 mm from the top of the page.
_STAMP_FONT = Name("/CtPageNo")
_STAMP_SIZE_PT = 10.5
_STAMP_RIGHT_PT, _STAMP_TOP_PT = 14 * 72 / 25.4, 12 * 72 / 25.4
_HELVETICA_DIGIT_EM = 0.556


class _Stamper:
    def __init__(self, volume: Pdf) -> None:
        self._volume = volume
        self._font = volume.make_indirect(
            Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
        )
        # One q and one Q stream shared by every page: they are the same bytes.
        self._save, self._restore = Stream(volume, b"q\n"), Stream(volume, b"\nQ\n")

    def stamp(self, page: Page, number: int) -> None:
        box = page.mediabox
        width = len(str(number)) * _HELVETICA_DIGIT_EM * _STAMP_SIZE_PT
        x = float(box[2]) - _STAMP_RIGHT_PT - width
        y = float(box[3]) - _STAMP_TOP_PT - _STAMP_SIZE_PT
        text = f"BT {_STAMP_FONT} {_STAMP_SIZE_PT} Tf {x:.2f} {y:.2f} Td ({number}) Tj ET".encode()
        resources = page.resources  # created if the page has none
        if Name.Font not in resources:
            resources.Font = Dictionary()
        resources.Font[_STAMP_FONT] = self._font
        contents = page.obj.Contents
        issued = list(contents) if isinstance(contents, Array) else [contents]
        page.obj.Contents = Array([self._save, *issued, self._restore, Stream(self._volume, text)])


def bind(parts: Sequence[Part], *, title: str, producer: str) -> BoundVolume:
    """One PDF of every part's pages in order, each page stamped with its number in the volume and
    each part bookmarked at its first page. The same parts give the same bytes (the file identifier
    is a digest of the content)."""
    with ExitStack() as open_files:
        volume = open_files.enter_context(pikepdf.new())
        # The sources stay open until the volume is written: qpdf reads their streams only then.
        sources = [open_files.enter_context(pikepdf.open(io.BytesIO(part.pdf))) for part in parts]
        first_pages = []
        for source in sources:
            first_pages.append(len(volume.pages))
            volume.pages.extend(source.pages)
        stamper = _Stamper(volume)
        for number, page in enumerate(volume.pages, start=1):
            stamper.stamp(page, number)
        with volume.open_outline() as outline:
            outline.root.extend(
                OutlineItem(part.bookmark, first) for part, first in zip(parts, first_pages, strict=True)
            )
        volume.docinfo[Name.Title] = title
        volume.docinfo[Name.Producer] = producer
        output = io.BytesIO()
        volume.save(
            output, deterministic_id=True, stream_decode_level=StreamDecodeLevel.none, min_version="1.7"
        )
        return BoundVolume(output.getvalue(), len(volume.pages))
