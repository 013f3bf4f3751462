"""HTML to PDF with WeasyPrint, refusing to render when the output would be wrong or very slow.

Kept small on purpose: ``casetrail.documents`` (the 文书 renderer) is meant to take this over.
Without a CJK font WeasyPrint silently draws empty boxes; without HarfBuzz subsetting a Noto CJK
page takes seconds instead of milliseconds (DESIGN.md).
"""

from __future__ import annotations

import asyncio
import ctypes.util
import shutil
import subprocess
import threading
from functools import cache

from casetrail.errors import Unavailable

CJK_FONT_FAMILY = "Noto Serif CJK SC"

# Pango's font map is not thread-safe: one layout at a time per process.
_render_lock = threading.Lock()


@cache
def missing_prerequisites() -> tuple[str, ...]:
    problems = []
    fc_list = shutil.which("fc-list")
    families = (
        subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
        if fc_list
        else ""
    )
    if CJK_FONT_FAMILY not in families:
        problems.append(f"未安装中文字体 {CJK_FONT_FAMILY}（Debian 软件包 fonts-noto-cjk）")
    if ctypes.util.find_library("harfbuzz-subset") is None:
        problems.append("未安装 HarfBuzz 字体子集库（Debian 软件包 libharfbuzz-subset0）")
    return tuple(problems)


def _render(html: str) -> bytes:
    from weasyprint import HTML  # heavy import, only where PDFs are made

    with _render_lock:
        pdf: bytes = HTML(string=html).write_pdf()
    return pdf


async def html_to_pdf(html: str) -> bytes:
    """Render in a thread: WeasyPrint is synchronous and CPU-bound."""
    problems = missing_prerequisites()
    if problems:
        raise Unavailable("无法生成 PDF：" + "；".join(problems), rule="rendering_prerequisites")
    return await asyncio.to_thread(_render, html)
