from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from casetrail.documents import compact_font as compact
from casetrail.documents.environment import TEMPLATE_DIR
from casetrail.documents.render import Typeface, render, typeface
from casetrail.documents.samples import PARTY, sample_data, sample_number
from tests.documents.conftest import RenderCache
from tests.documents.pdftools import pdf_fonts, pdf_text


@pytest.fixture(scope="module")
def face() -> TTFont:
    return TTFont(compact.compact_font())


def test_compact_face_is_small_dense_and_renamed(face: TTFont) -> None:
    order = face.getGlyphOrder()
    assert 10_000 < len(order) < 16_000  # of 65,535 in the full face
    # CID = glyph id: WeasyPrint writes glyph ids as CIDs and readers look CFF glyphs up by CID.
    assert order == [".notdef", *(f"cid{gid:05d}" for gid in range(1, len(order)))]
    assert face["name"].getDebugName(1) == compact.COMPACT_FAMILY
    assert face["CFF "].cff.fontNames == [compact.COMPACT_POSTSCRIPT_NAME]
    assert {"GSUB", "GPOS", "hmtx", "vmtx"} <= set(face.keys())


def test_compact_face_covers_gb2312_and_every_template_character(face: TTFont) -> None:
    cmap = face["cmap"].getBestCmap()
    assert compact.compact_charset() >= {ord(c) for c in "罚款决定书〔〕第号—①□"}
    template_text = "".join(path.read_text() for path in TEMPLATE_DIR.iterdir())
    missing = {c for c in template_text if ord(c) > 0x7F and ord(c) not in cmap}
    assert not missing
    assert ord("堃") not in cmap and 0x2020C not in cmap  # rare: left to the full face


def test_building_twice_gives_the_same_bytes() -> None:
    source = compact.system_cjk_serif()
    assert compact.build_compact_font(source) == compact.build_compact_font(source)


def test_cache_is_reused_and_named_by_its_inputs(tmp_path: Path) -> None:
    built = compact.compact_font(tmp_path)
    assert re.fullmatch(rf"{compact.COMPACT_POSTSCRIPT_NAME}-[0-9a-f]{{16}}\.otf", built.name)
    assert compact.compact_font(tmp_path) == built
    # No temporary file left; the system font's digest is remembered beside the face.
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([built.name, compact._DIGEST_MEMO])


def test_the_system_font_digest_is_remembered_by_its_stat(tmp_path: Path) -> None:
    font = tmp_path / "font.ttc"
    font.write_bytes(b"first")
    first = compact._file_digest(font, tmp_path)
    memo = tmp_path / compact._DIGEST_MEMO
    memo.write_text(memo.read_text().replace(first, "remembered"))
    assert compact._file_digest(font, tmp_path) == "remembered"  # not hashed again
    font.write_bytes(b"second, longer")  # replaced: size and mtime change
    assert compact._file_digest(font, tmp_path) not in ("remembered", first)


def _pixels(pdf: bytes) -> list[bytes]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-gray", str(source), f"{folder}/page"], check=True)
        return [page.read_bytes() for page in sorted(Path(folder).glob("page-*.pgm"))]


@pytest.mark.parametrize("kind", ["penalty_decision", "inquiry_record", "seizure_list"])
def test_compact_face_prints_exactly_like_the_full_face(rendered: RenderCache, kind: str) -> None:
    compact_document = rendered(kind)
    with typeface(Typeface.FULL):
        full_document = render(kind, compact_document.snapshot, number=compact_document.number)
    assert compact_document.page_count == full_document.page_count
    assert _pixels(compact_document.pdf) == _pixels(full_document.pdf)
    assert len(compact_document.pdf) < len(full_document.pdf) / 2
    assert [font.name.split("+")[1] for font in pdf_fonts(compact_document.pdf)] == ["Casetrail-Serif-CJK-SC"]
    assert [font.name.split("+")[1] for font in pdf_fonts(full_document.pdf)] == ["Noto-Serif-CJK-SC"]


def test_rare_characters_fall_back_to_the_full_face() -> None:
    party = {**PARTY, "name": "泰安市堃𠈌食品有限公司"}
    document = render("penalty_decision", sample_data("penalty_decision", party=party),
                      number=sample_number("penalty_decision"))  # fmt: skip
    assert "泰安市堃𠈌食品有限公司" in pdf_text(document.pdf)
    faces = sorted(font.name.split("+")[1] for font in pdf_fonts(document.pdf))
    assert faces == ["Casetrail-Serif-CJK-SC", "Noto-Serif-CJK-SC"]
