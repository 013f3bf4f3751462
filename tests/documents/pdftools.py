"""poppler-utils wrappers: what a reader of the PDF actually gets."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree


def pdf_text(pdf: bytes) -> str:
    """Text as pdftotext extracts it, with all whitespace removed (lines wrap anywhere in CJK text)."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return re.sub(r"\s+", "", result.stdout.decode("utf-8"))


def pdf_running_text(pdf: bytes) -> str:
    """:func:`pdf_text` without the page numbers (—1—) that stand wherever a page breaks a sentence."""
    return re.sub(r"—\d+—", "", pdf_text(pdf))


def pdf_info(pdf: bytes) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", "-isodates", "-"], input=pdf, capture_output=True, check=True)
    pairs = (line.split(":", 1) for line in result.stdout.decode("utf-8").splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


@dataclass(frozen=True)
class PdfFont:
    name: str
    embedded: bool
    subset: bool
    unicode_map: bool


def pdf_fonts(pdf: bytes) -> list[PdfFont]:
    result = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    fonts = []
    for line in result.stdout.decode().splitlines()[2:]:
        columns = line.split()
        # name type... encoding emb sub uni objectID gen: the flags are the 5th to 3rd columns from the end.
        emb, sub, uni = columns[-5:-2]
        fonts.append(PdfFont(columns[0], emb == "yes", sub == "yes", uni == "yes"))
    return fonts


def pdf_outline_titles(pdf: bytes) -> list[str]:
    """Bookmark (outline) titles, in order, from pdftohtml's XML output."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftohtml", "-xml", "-i", "-q", str(source), str(Path(folder) / "out")], check=True)
        root = ElementTree.parse(Path(folder) / "out.xml").getroot()
    return [(item.text or "").strip() for item in root.iter("item")]


def pdf_pages(pdf: bytes) -> list[list[str]]:
    """Each page's non-empty text lines as pdftotext reads them (whitespace inside a line removed)."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    pages = result.stdout.decode("utf-8").split("\f")
    lines = ([re.sub(r"\s+", "", line) for line in page.splitlines()] for page in pages)
    return [[line for line in page if line] for page in lines if any(page)]


def pdf_page_number_stamp(pdf: bytes, page: int) -> str:
    """What pdftotext reads in the top right corner of ``page`` (1-based), where a volume's 页号 goes."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-x", "480", "-y", "0",
         "-W", "115", "-H", "60", "-", "-"],
        input=pdf, capture_output=True, check=True,
    )  # fmt: skip
    return re.sub(r"\s+", "", result.stdout.decode("utf-8"))
