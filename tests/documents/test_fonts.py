from __future__ import annotations

from collections.abc import Iterator

import pytest

from casetrail.documents import fonts
from casetrail.documents.fonts import (
    RenderingPrerequisiteMissing,
    check_rendering_prerequisites,
    weasyprint_uses_harfbuzz_subset,
)
from casetrail.documents.render import render
from casetrail.documents.samples import sample_data


@pytest.fixture(autouse=True)
def _fresh_check() -> Iterator[None]:
    fonts.reset_prerequisite_cache()
    yield
    fonts.reset_prerequisite_cache()


def test_this_machine_has_everything() -> None:
    assert fonts.CJK_SERIF_FAMILY in fonts.chinese_font_families()
    assert weasyprint_uses_harfbuzz_subset()
    check_rendering_prerequisites()


def test_missing_cjk_font_is_reported_in_chinese_and_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "chinese_font_families", lambda: {"DejaVu Serif"})
    with pytest.raises(RenderingPrerequisiteMissing) as raised:
        check_rendering_prerequisites()
    message = raised.value.message
    assert "未找到中文宋体字体" in message and "CJK serif font" in message and "fonts-noto-cjk" in message
    assert raised.value.status_code == 503


def test_no_fc_list_means_no_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    assert fonts.chinese_font_families() == set()


def test_missing_harfbuzz_subset_library_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts.ctypes.util, "find_library", lambda name: None)
    assert not weasyprint_uses_harfbuzz_subset()
    with pytest.raises(RenderingPrerequisiteMissing) as raised:
        check_rendering_prerequisites()
    assert "libharfbuzz-subset0" in raised.value.message and "fontTools" in raised.value.message


def test_weasyprint_falling_back_to_fonttools_is_detected(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert not weasyprint_uses_harfbuzz_subset()


def test_render_refuses_instead_of_drawing_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "chinese_font_families", lambda: set())
    with pytest.raises(RenderingPrerequisiteMissing):
        render("inquiry_record", sample_data("inquiry_record"))


def test_only_success_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "chinese_font_families", lambda: set())
    with pytest.raises(RenderingPrerequisiteMissing):
        fonts.ensure_rendering_prerequisites()
    monkeypatch.undo()
    fonts.ensure_rendering_prerequisites()
    monkeypatch.setattr(fonts, "chinese_font_families", lambda: set())
    fonts.ensure_rendering_prerequisites()  # cached success: no subprocess per render
