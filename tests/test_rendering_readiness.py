"""Fail loudly: doctor renders a real document, the worker refuses to start without fonts, and
`casetrail fonts build` leaves the compact face in the data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from temporalio.client import Client

from casetrail import cli
from casetrail.config import get_settings
from casetrail.doctor import check_rendering
from casetrail.documents import compact_font, fonts
from casetrail.documents.fonts import RenderingPrerequisiteMissing
from casetrail.worker import build_worker


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine without fonts-noto-cjk, as fontconfig would report it."""
    fonts.reset_prerequisite_cache()
    monkeypatch.setattr(fonts, "chinese_font_families", lambda: {"DejaVu Serif"})
    yield
    monkeypatch.undo()
    fonts.reset_prerequisite_cache()


def test_doctor_smoke_renders_a_document() -> None:
    check = check_rendering()
    assert check.ok, check
    assert "行政处罚决定书" in check.detail and "CasetrailSerifCJKsc" in check.detail


@pytest.mark.usefixtures("no_cjk_font")
def test_doctor_names_the_missing_font_package() -> None:
    check = check_rendering()
    assert not check.ok
    assert "fonts-noto-cjk" in check.detail and "未找到中文宋体字体" in check.detail
    assert "system-packages.sh" in check.fix


@pytest.mark.usefixtures("no_cjk_font")
async def test_worker_refuses_to_start_without_fonts(temporal_client: Client) -> None:
    with pytest.raises(RenderingPrerequisiteMissing) as raised:
        build_worker(temporal_client, "never-started")
    assert "fonts-noto-cjk" in raised.value.message


def test_cli_says_what_to_install_instead_of_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASETRAIL_HOME", str(tmp_path))  # no face built there yet
    get_settings.cache_clear()
    monkeypatch.setattr(compact_font.shutil, "which", lambda name: None)  # no fontconfig tools
    try:
        assert cli.main(["fonts", "build"]) == 3
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    error = capsys.readouterr().err
    assert "fonts-noto-cjk" in error and "Traceback" not in error


def test_fonts_build_command_leaves_the_face_in_the_data_folder(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["fonts", "build"]) == 0
    built = list((data_home / "fonts").glob("CasetrailSerifCJKsc-Regular-*.otf"))
    assert len(built) == 1
    assert str(built[0]) in capsys.readouterr().out
