"""Render one document to PDF: validate, fill the template, lay out with WeasyPrint, write PDF/A-2b.

Deterministic: the same kind, data snapshot and number give the same bytes. The PDF dates come from the
issued date, the file identifier is the MD5 of the content (pydyf), font subset tags are hashes of the
font description, and PDF/A-2 writes no random XMP ids.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib.metadata import version as package_version
from typing import TYPE_CHECKING, Any

import pydyf

from casetrail.documents.base import DocumentData
from casetrail.documents.catalog import DocumentKind, get_kind
from casetrail.documents.citations import Law
from casetrail.documents.compact_font import COMPACT_FAMILY, compact_font
from casetrail.documents.environment import (
    STYLESHEET_PATH,
    TEMPLATE_DIR,
    template_environment,
    template_version,
)
from casetrail.documents.fonts import ensure_rendering_prerequisites
from casetrail.documents.numbering import DocumentNumber
from casetrail.documents.validation import validate_data
from casetrail.errors import InvalidInput

if TYPE_CHECKING:
    # WeasyPrint is imported where a document is laid out (the render pool's processes), not by every
    # process that merely issues or reads documents: it is half of the worker's and the API's imports.
    from weasyprint import CSS, Document
    from weasyprint.text.fonts import FontConfiguration

#: Archival output. PDF/A-2b: fonts embedded, XMP metadata and an sRGB output intent.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/a-2b"}
_CHINA_OFFSET = "+08:00"

# Pango font maps are not thread-safe; one render at a time per process. Scale with processes.
_render_lock = threading.Lock()

#: Where a draft's number will be (a draft is read before signing; the number is taken when it is issued).
DRAFT_MARK = "草稿（签批后编号）"

#: zlib level of the PDF streams. pydyf hard-codes 9; 6 gives files 0.4 % larger for 60 % less
#: compression time (about 11 ms a document: much of the data is font data, already dense).
ZLIB_LEVEL = 6


class _Zlib:
    """The ``zlib`` pydyf sees: the same functions, at :data:`ZLIB_LEVEL`."""

    def compressobj(self, level: int = ZLIB_LEVEL, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(ZLIB_LEVEL, *args, **kwargs)

    def compress(self, data: bytes, level: int = ZLIB_LEVEL) -> bytes:
        return zlib.compress(data, ZLIB_LEVEL)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


pydyf.zlib = _Zlib()


class Typeface(StrEnum):
    """Which CJK face documents are set in (the stylesheet names the compact face, then the full one)."""

    #: The compact face (``compact_font``) with the full system face as fallback for rare characters.
    COMPACT = "compact"
    #: The full system face only: what every document cost before the compact face (benchmark baseline).
    FULL = "full"


_typeface: ContextVar[Typeface] = ContextVar("typeface", default=Typeface.COMPACT)


def current_typeface() -> Typeface:
    return _typeface.get()


@contextmanager
def typeface(choice: Typeface) -> Iterator[None]:
    """Render with ``choice`` inside the block (the benchmark compares both in one run)."""
    token = _typeface.set(choice)
    try:
        yield
    finally:
        _typeface.reset(token)


@dataclass(frozen=True, slots=True)
class _Typesetting:
    font_config: FontConfiguration
    stylesheets: tuple[CSS, ...]


@cache
def _typesetting(choice: Typeface) -> _Typesetting:
    # One font configuration per typeface: the full baseline must not even know the compact face.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    stylesheets = [CSS(filename=str(STYLESHEET_PATH), font_config=font_config)]
    if choice is Typeface.COMPACT:
        face = f'@font-face {{ font-family: "{COMPACT_FAMILY}"; src: url("{compact_font().as_uri()}"); }}'
        stylesheets.insert(0, CSS(string=face, font_config=font_config))
    return _Typesetting(font_config, tuple(stylesheets))


@cache
def rendering_environment() -> dict[str, str]:
    """What besides the template and the data decides the bytes: recorded with each issued document,
    so a verification that fails can say whether the renderer or the fonts changed."""
    return {
        "weasyprint": package_version("weasyprint"),
        "pydyf": pydyf.__version__,
        "zlib_level": str(ZLIB_LEVEL),
        "compact_font": compact_font().name,
    }


def prepare_rendering() -> None:
    """Check the prerequisites and build (or find) the compact face: call at process start."""
    ensure_rendering_prerequisites()
    _typesetting(Typeface.COMPACT)


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """A rendered document and everything needed to render it again byte for byte."""

    kind: str
    title: str
    number: DocumentNumber | None
    issued_on: date
    pdf: bytes
    sha256: str
    page_count: int
    template_version: str
    snapshot: dict[str, Any]

    @property
    def number_text(self) -> str | None:
        return None if self.number is None else str(self.number)


@dataclass(frozen=True, slots=True)
class LaidOutDocument:
    """A validated document laid out in pages, before PDF output (joined into case files)."""

    kind: DocumentKind
    data: DocumentData
    number: DocumentNumber | None
    template_version: str
    document: Document


def _check_number(kind: DocumentKind, data: DocumentData, number: DocumentNumber | None) -> None:
    if kind.number_code is None:
        if number is not None:
            raise InvalidInput(f"《{kind.title}》不编文号", field="number", rule="unnumbered_kind")
        return
    if number is None:
        raise InvalidInput(
            f"缺少文书编号：《{kind.title}》须编{kind.number_code}号", field="number", rule="number_required"
        )
    if number.kind_code != kind.number_code:
        raise InvalidInput(
            f"文书代字应为“{kind.number_code}”，而不是“{number.kind_code}”",
            field="number.kind_code",
            rule="kind_code",
        )
    if number.agency_short_name != data.agency.short_name:
        raise InvalidInput(
            f"文号机关代字“{number.agency_short_name}”与执法机关代字“{data.agency.short_name}”不一致",
            field="number.agency_short_name",
            rule="agency_short_name",
        )


def _html(kind: DocumentKind, data: DocumentData, number: str | None, version: str) -> str:
    basis = "，".join((*kind.legal_basis, *data.additional_basis))
    template = template_environment().get_template(kind.template_name)
    return template.render(
        kind=kind,
        doc=data,
        number=number,
        basis=basis,
        issued_at=f"{data.issued_on.isoformat()}T00:00:00{_CHINA_OFFSET}",
        template_version=version,
        Law=Law,
    )


def lay_out(
    kind_key: str, data: Mapping[str, Any], *, number: DocumentNumber | None = None, draft: bool = False
) -> LaidOutDocument:
    """Validate and lay out without writing the PDF. A ``draft`` (read before signing) has no number
    yet: the number's place says so."""
    kind = get_kind(kind_key)
    validated = validate_data(kind, data)
    printed: str | None = DRAFT_MARK
    if not draft:
        _check_number(kind, validated, number)
        printed = None if number is None else str(number)
    ensure_rendering_prerequisites()
    version = template_version(kind.template_name)
    from weasyprint import HTML

    html = HTML(string=_html(kind, validated, printed, version), base_url=str(TEMPLATE_DIR))
    setting = _typesetting(_typeface.get())
    with _render_lock:
        document = html.render(
            stylesheets=list(setting.stylesheets), font_config=setting.font_config, **PDF_OPTIONS
        )
    return LaidOutDocument(kind, validated, number, version, document)


def write_pdf(document: Document) -> bytes:
    with _render_lock:
        pdf = document.write_pdf(**PDF_OPTIONS)
    assert isinstance(pdf, bytes)
    return pdf


def render(
    kind: str, data: Mapping[str, Any], *, number: DocumentNumber | None = None, draft: bool = False
) -> RenderedDocument:
    """Render one document; refuses (:class:`InvalidInput`) rather than leave a blank unfilled."""
    return finish(lay_out(kind, data, number=number, draft=draft))


def finish(laid_out: LaidOutDocument) -> RenderedDocument:
    """Write the PDF of a document laid out by :func:`lay_out` (the case file lays its index out until
    its page count settles, then writes it once)."""
    pdf = write_pdf(laid_out.document)
    return RenderedDocument(
        kind=laid_out.kind.key,
        title=laid_out.kind.title,
        number=laid_out.number,
        issued_on=laid_out.data.issued_on,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        page_count=len(laid_out.document.pages),
        template_version=laid_out.template_version,
        snapshot=laid_out.data.model_dump(mode="json"),
    )


def render_html(html: str) -> bytes:
    """A PDF of a free-standing HTML page (reports) in the documents' typefaces and stylesheet."""
    from weasyprint import HTML  # imported where documents are laid out (start-up cost, issue 16)

    ensure_rendering_prerequisites()
    setting = _typesetting(_typeface.get())
    with _render_lock:
        pdf = HTML(string=html).write_pdf(
            stylesheets=list(setting.stylesheets), font_config=setting.font_config, **PDF_OPTIONS
        )
    assert isinstance(pdf, bytes)
    return pdf
