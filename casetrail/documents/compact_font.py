"""A compact CJK face: Noto Serif CJK SC cut down to GB 2312 and common symbols, glyphs renumbered.

Why: WeasyPrint writes glyph ids as PDF CIDs, so it subsets keeping every glyph id up to the highest
one used (``HB_SUBSET_FLAGS_RETAIN_GIDS``). With the 65,535-glyph Noto Serif CJK every document then
embeds a font with tens of thousands of empty glyph slots: ~55 ms of subsetting and ~28 ms of
compressing per document, most of the time of a one-page document. The compact face holds the same
outlines, metrics and layout tables for ~13k glyphs, numbered densely, so the same text lays out and
prints identically (tested pixel for pixel) at a fraction of the cost. Characters outside it (堃, 𠈌)
fall back to the full face, which the stylesheet names next.

It is derived from the installed system font, so it is built on the machine: HarfBuzz-subset cuts it
(under a second), fontTools renumbers the CIDs and renames it, and the result is cached under the data
folder, named by a digest of every input, so a font package upgrade builds a new one instead of
silently mixing faces. Building is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from casetrail.documents.fonts import (
    CJK_FONT_PACKAGE,
    CJK_SERIF_FAMILY,
    HARFBUZZ_SUBSET_PACKAGE,
    RenderingPrerequisiteMissing,
)

#: The family the stylesheet names first; the full face follows it as the fallback.
COMPACT_FAMILY = "Casetrail Serif CJK SC"
COMPACT_POSTSCRIPT_NAME = "CasetrailSerifCJKsc-Regular"
#: Bump when the recipe below changes: it is part of the cache key.
RECIPE_VERSION = "1"

# Beyond the 6,763 hanzi and the symbols of GB 2312: Latin, punctuation, numbers, arrows, maths,
# circled numbers, box drawing and shapes (□ ■ ○ for check boxes), CJK punctuation and full-width forms.
_SYMBOL_RANGES = (
    range(0x0020, 0x007F),
    range(0x00A0, 0x0250),
    range(0x2000, 0x2070),
    range(0x2100, 0x2300),
    range(0x2460, 0x2600),
    range(0x3000, 0x3040),
    range(0x3200, 0x3300),
    range(0xFF00, 0xFFF0),
)

# hb-subset.h
_HB_SUBSET_FLAGS_NO_HINTING = 0x1  # WeasyPrint drops hinting when it embeds anyway
_HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40
_HB_SUBSET_SETS_NAME_ID = 4
#: Name records kept: the standard names plus the licence (13, 14) that must travel with the OFL font.
_NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


@cache
def compact_charset() -> frozenset[int]:
    """Code points of the compact face: GB 2312 and the symbol ranges."""
    codepoints = {code for block in _SYMBOL_RANGES for code in block}
    for code in range(0x80, 0x10000):
        try:
            chr(code).encode("gb2312")
        except UnicodeEncodeError:
            continue
        codepoints.add(code)
    return frozenset(codepoints)


@dataclass(frozen=True, slots=True)
class FontSource:
    """A face inside a font file (Debian ships Noto CJK as collections: ``.ttc`` plus index)."""

    path: Path
    index: int


def system_cjk_serif() -> FontSource:
    """Where fontconfig finds Noto Serif CJK SC Regular."""
    fc_match = shutil.which("fc-match")
    if fc_match is not None:
        lines = subprocess.run(
            [fc_match, "--format=%{file}\n%{index}\n%{family}", f"{CJK_SERIF_FAMILY}:style=Regular"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        ).stdout.splitlines()
        if len(lines) == 3 and CJK_SERIF_FAMILY in lines[2].split(","):
            return FontSource(Path(lines[0]), int(lines[1]))
    raise RenderingPrerequisiteMissing(
        f"未找到中文宋体字体“{CJK_SERIF_FAMILY}”，无法生成精简字体；请安装 {CJK_FONT_PACKAGE}。"
        f" / fontconfig has no '{CJK_SERIF_FAMILY}' Regular to build the compact face from;"
        f" install {CJK_FONT_PACKAGE}.",
        rule="rendering_prerequisites",
    )


def _library(name: str) -> ctypes.CDLL:
    found = ctypes.util.find_library(name)
    if found is None:
        raise RenderingPrerequisiteMissing(
            f"缺少 {name} 库，无法生成精简字体；请安装 {HARFBUZZ_SUBSET_PACKAGE}。"
            f" / lib{name} not found; install {HARFBUZZ_SUBSET_PACKAGE}.",
            rule="rendering_prerequisites",
        )
    return ctypes.CDLL(found)


def _harfbuzz_subset(source: FontSource, codepoints: Iterable[int]) -> bytes:
    """Cut ``source`` to ``codepoints`` (and the glyphs its layout tables reach), renumbering glyphs."""
    hb, hb_subset = _library("harfbuzz"), _library("harfbuzz-subset")
    pointer = ctypes.c_void_p
    hb.hb_blob_create_from_file.restype = pointer
    hb.hb_blob_create_from_file.argtypes = [ctypes.c_char_p]
    hb.hb_face_create.restype = pointer
    hb.hb_face_create.argtypes = [pointer, ctypes.c_uint]
    hb.hb_face_reference_blob.restype = pointer
    hb.hb_face_reference_blob.argtypes = [pointer]
    hb.hb_blob_get_data.restype = ctypes.c_void_p
    hb.hb_blob_get_data.argtypes = [pointer, ctypes.POINTER(ctypes.c_uint)]
    hb.hb_set_add.argtypes = [pointer, ctypes.c_uint32]
    for destroy in (hb.hb_blob_destroy, hb.hb_face_destroy):
        destroy.argtypes = [pointer]
    hb_subset.hb_subset_input_create_or_fail.restype = pointer
    hb_subset.hb_subset_input_destroy.argtypes = [pointer]
    hb_subset.hb_subset_input_unicode_set.restype = pointer
    hb_subset.hb_subset_input_unicode_set.argtypes = [pointer]
    hb_subset.hb_subset_input_set.restype = pointer
    hb_subset.hb_subset_input_set.argtypes = [pointer, ctypes.c_int]
    hb_subset.hb_subset_input_set_flags.argtypes = [pointer, ctypes.c_uint]
    hb_subset.hb_subset_or_fail.restype = pointer
    hb_subset.hb_subset_or_fail.argtypes = [pointer, pointer]

    blob = hb.hb_blob_create_from_file(str(source.path).encode())
    face = hb.hb_face_create(blob, source.index)
    request = hb_subset.hb_subset_input_create_or_fail()
    subset = result = None
    try:
        unicodes = hb_subset.hb_subset_input_unicode_set(request)
        for code in sorted(codepoints):
            hb.hb_set_add(unicodes, code)
        name_ids = hb_subset.hb_subset_input_set(request, _HB_SUBSET_SETS_NAME_ID)
        for name_id in _NAME_IDS:
            hb.hb_set_add(name_ids, name_id)
        hb_subset.hb_subset_input_set_flags(
            request, _HB_SUBSET_FLAGS_NO_HINTING | _HB_SUBSET_FLAGS_NOTDEF_OUTLINE
        )
        subset = hb_subset.hb_subset_or_fail(face, request)
        if not subset:
            raise RenderingPrerequisiteMissing(
                f"HarfBuzz 无法精简字体 {source.path} / hb_subset failed on {source.path}",
                rule="compact_font_build",
            )
        result = hb.hb_face_reference_blob(subset)
        length = ctypes.c_uint()
        data = hb.hb_blob_get_data(result, ctypes.byref(length))
        return ctypes.string_at(data, length.value)
    finally:
        if result:
            hb.hb_blob_destroy(result)
        if subset:
            hb.hb_face_destroy(subset)
        hb_subset.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def _renumber_and_rename(font_data: bytes) -> bytes:
    """Make CID = glyph id and give the face its own name.

    Noto CJK is a CID-keyed CFF font whose CIDs equal its glyph ids; HarfBuzz renumbers the glyphs
    but keeps the CIDs. WeasyPrint declares ``CIDToGIDMap /Identity`` and writes glyph ids as CIDs, and
    a PDF reader finds CFF glyphs by CID, so the CIDs must follow the new glyph ids. The new family
    name keeps fontconfig from ever taking the partial face for the full one.
    """
    from fontTools.ttLib import TTFont

    # lazy: only CFF and name are decompiled and rewritten; every other table is copied byte for byte.
    font = TTFont(io.BytesIO(font_data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    old_names = list(top.charset)
    new_names = [".notdef", *(f"cid{gid:05d}" for gid in range(1, len(old_names)))]
    char_strings = top.CharStrings
    char_strings.charStrings = {
        new: char_strings.charStrings[old] for new, old in zip(new_names, old_names, strict=True)
    }
    top.charset = new_names
    top.CIDCount = len(new_names)
    font.setGlyphOrder(new_names)
    cff.fontNames = [COMPACT_POSTSCRIPT_NAME]
    top.CIDFontName = COMPACT_POSTSCRIPT_NAME
    top.FullName = top.FamilyName = COMPACT_FAMILY
    renamed = {1: COMPACT_FAMILY, 3: f"casetrail-{RECIPE_VERSION};{COMPACT_POSTSCRIPT_NAME}",
               4: COMPACT_FAMILY, 6: COMPACT_POSTSCRIPT_NAME, 16: COMPACT_FAMILY}  # fmt: skip
    for record in font["name"].names:
        if record.nameID in renamed:
            record.string = renamed[record.nameID]
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def build_compact_font(source: FontSource) -> bytes:
    return _renumber_and_rename(_harfbuzz_subset(source, compact_charset()))


def _cache_key(source: FontSource, folder: Path) -> str:
    import fontTools

    digest = hashlib.sha256(_file_digest(source.path, folder).encode())
    recipe = [RECIPE_VERSION, str(source.index), fontTools.version, _harfbuzz_version(),
              ",".join(map(str, sorted(compact_charset())))]  # fmt: skip
    digest.update("\0".join(recipe).encode())
    return digest.hexdigest()[:16]


def _file_digest(path: Path, folder: Path) -> str:
    """SHA-256 of the system font file, remembered in ``folder`` by its stat: hashing the whole CJK
    collection took 0.28 s at every start. A changed size, mtime or inode (a package upgrade replaces
    the file) means hashing it again."""
    stat = path.stat()
    stamp = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}"
    memo = folder / _DIGEST_MEMO
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        saved = json.loads(memo.read_text())
        if saved["stamp"] == stamp:
            return str(saved["sha256"])
    digest = hashlib.sha256()
    with path.open("rb") as font_file:
        while chunk := font_file.read(1 << 20):
            digest.update(chunk)
    with contextlib.suppress(OSError):  # a read-only data folder only costs the hash next time
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(memo, json.dumps({"stamp": stamp, "sha256": digest.hexdigest()}).encode())
    return digest.hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as output:
        output.write(data)
    os.replace(temporary, path)


def _harfbuzz_version() -> str:
    hb = _library("harfbuzz")
    hb.hb_version_string.restype = ctypes.c_char_p
    return str(hb.hb_version_string().decode())


def font_directory() -> Path:
    from casetrail.config import get_settings

    return get_settings().home_path / "fonts"


_DIGEST_MEMO = "system-font-digest.json"
_lock = threading.Lock()
_built: dict[Path, Path] = {}


def compact_font(directory: Path | None = None) -> Path:
    """The compact face for the installed system font, built on first use and cached in ``directory``.

    Concurrent builders (processes) write the same bytes to temporary files and rename them into
    place, so a reader never sees a partial font.
    """
    folder = directory or font_directory()
    with _lock:
        if folder in _built:
            return _built[folder]
        source = system_cjk_serif()
        path = folder / f"{COMPACT_POSTSCRIPT_NAME}-{_cache_key(source, folder)}.otf"
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, build_compact_font(source))
        _built[folder] = path
        return path
