"""Refuse to render when the PDF would be wrong or unbearably slow.

Without a CJK font Pango silently draws empty boxes (豆腐块); without HarfBuzz-subset WeasyPrint falls
back to fontTools subsetting, ~50x slower on Noto CJK. Both are system packages, so they are checked at
run time, once per process, and reported in Chinese and English.
"""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
import threading

from casetrail.errors import Unavailable

#: The family the stylesheet names first; layout metrics are tuned for it.
CJK_SERIF_FAMILY = "Noto Serif CJK SC"
CJK_FONT_PACKAGE = "fonts-noto-cjk"
HARFBUZZ_SUBSET_PACKAGE = "libharfbuzz-subset0"
#: WeasyPrint uses HarfBuzz-subset only from this version on (``weasyprint.pdf.fonts.Font.subset``).
MIN_HARFBUZZ_VERSION = (4, 1, 0)


class RenderingPrerequisiteMissing(Unavailable):
    """A system font or library that rendering needs is not installed."""

    code = "rendering_prerequisite_missing"


def chinese_font_families() -> set[str]:
    """Families fontconfig offers for Chinese (``fc-list :lang=zh family``)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    listing = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    return {family.strip() for line in listing.splitlines() for family in line.split(",") if family.strip()}


def weasyprint_uses_harfbuzz_subset() -> bool:
    """Mirror WeasyPrint's own choice between HarfBuzz-subset and the fontTools fallback."""
    if ctypes.util.find_library("harfbuzz-subset") is None:
        return False
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(*MIN_HARFBUZZ_VERSION))


def _missing_cjk_font() -> list[str]:
    if CJK_SERIF_FAMILY in chinese_font_families():
        return []
    return [
        f"未找到中文宋体字体“{CJK_SERIF_FAMILY}”，文书将显示为空白方框；请安装 {CJK_FONT_PACKAGE}。"
        f" / CJK serif font '{CJK_SERIF_FAMILY}' not found (fc-list :lang=zh): documents would render"
        f" as empty boxes; install the Debian package {CJK_FONT_PACKAGE}."
    ]


def check_cjk_font() -> None:
    """The font half of the check, without importing WeasyPrint (a process that starts, not renders)."""
    if problems := _missing_cjk_font():
        raise RenderingPrerequisiteMissing("\n".join(problems), rule="rendering_prerequisites")


def check_rendering_prerequisites() -> None:
    """Raise :class:`RenderingPrerequisiteMissing` naming every missing prerequisite."""
    problems = _missing_cjk_font()
    if not weasyprint_uses_harfbuzz_subset():
        problems.append(
            f"缺少 HarfBuzz 字体子集库，生成速度将下降约五十倍；请安装 {HARFBUZZ_SUBSET_PACKAGE}。"
            f" / libharfbuzz-subset (>= {'.'.join(map(str, MIN_HARFBUZZ_VERSION))}) not usable by"
            f" WeasyPrint: it would fall back to fontTools, ~50x slower; install {HARFBUZZ_SUBSET_PACKAGE}."
        )
    if problems:
        raise RenderingPrerequisiteMissing("\n".join(problems), rule="rendering_prerequisites")


_checked = False
_check_lock = threading.Lock()


def ensure_rendering_prerequisites() -> None:
    """Check once per process; only success is cached, so installing the package fixes a running worker."""
    global _checked
    if _checked:
        return
    with _check_lock:
        if not _checked:
            check_rendering_prerequisites()
            _checked = True


def reset_prerequisite_cache() -> None:
    global _checked
    _checked = False
