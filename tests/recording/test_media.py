"""A recording duty is fulfilled only by audio, video or a photo, judged from the file's bytes."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from casetrail.evidence.media import MediaCategory, sniff
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation, EvidenceItem
from tests.evidence.conftest import (
    GD_OPENING,
    EvLogin,
    add_obligation,
    metadata,
    new_case,
    upload,
    upload_body,
    video_bytes,
)

A, V, P = MediaCategory.audio, MediaCategory.video, MediaCategory.photo
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"0" * 150  # 200 bytes


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00", {V}),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", {V}),  # QuickTime .mov
        (b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00", {A}),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", {P}),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", {A}),
        (b"RIFF\x24\x00\x00\x00AVI LIST", {V}),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", {A}),
        (b"\xff\xfb\x90\x64\x00", {A}),  # MP3 frame without a tag
        (b"#!AMR\n", {A}),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", {P}),
        (b"\x89PNG\r\n\x1a\n\x00", {P}),
        (b"\x1aE\xdf\xa3\x9fB\x86", {A, V}),  # Matroska / WebM
        (b"\x47" + b"\x00" * 187 + b"\x47" + b"\x00" * 10, {V}),  # MPEG-TS packets
        (PDF, {MediaCategory.unknown}),
        (b"PK\x03\x04", {MediaCategory.unknown}),  # a zip (docx) renamed .mp4
        (b"", {MediaCategory.unknown}),
    ],
)
def test_the_type_is_read_from_the_bytes(head: bytes, expected: set[MediaCategory]) -> None:
    assert sniff(head) == expected


async def _duty(case_id: uuid.UUID, key: str) -> AvObligation:
    query = select(AvObligation).where(AvObligation.case_id == case_id, AvObligation.key == key)
    async with transaction() as session:
        return (await session.execute(query)).scalar_one()


async def taian_case_with_duty(ev_login: EvLogin, key: str) -> tuple[dict[str, str], uuid.UUID]:
    """officer1's headers and a Taian case with the recording duty ``key``, due tomorrow."""
    case_id = await new_case()
    await add_obligation(case_id, key, due_in=timedelta(days=1))
    return await ev_login("officer1"), case_id


async def test_a_pdf_declared_as_video_fulfils_no_duty(ev_api: httpx.AsyncClient, ev_login: EvLogin) -> None:
    officer, case_id = await taian_case_with_duty(ev_login, "0007-seizure")
    response = await upload(ev_api, officer, case_id, PDF, metadata=metadata(obligation_key="0007-seizure"))
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == "file" and error["rule"] == "media_type_mismatch"
    assert "泰安市行政执法全过程记录办法》第十七条" in error["citation"] and "申报为视频" in error["message"]
    assert (await _duty(case_id, "0007-seizure")).status == "open"
    async with transaction() as session:
        kept = (await session.execute(select(EvidenceItem).where(EvidenceItem.case_id == case_id))).all()
    assert kept == []
    # A real video of the same act then fulfils it.
    video = await upload(
        ev_api, officer, case_id, video_bytes(400), metadata=metadata(obligation_key="0007-seizure")
    )
    assert video.status_code == 201, video.text
    assert (await _duty(case_id, "0007-seizure")).status == "fulfilled"


async def test_a_document_is_refused_for_a_recording_duty_before_any_byte(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    officer, case_id = await taian_case_with_duty(ev_login, "0004-inquiry")
    body = upload_body(PDF, kind="document") | {"metadata": metadata(obligation_key="0004-inquiry")}
    response = await ev_api.post(f"/cases/{case_id}/uploads", json=body, headers=officer)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert (error["field"], error["rule"]) == ("kind", "recording_must_be_media") and error["citation"]


async def test_a_photo_declared_as_a_photo_is_kept_without_a_duty(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    officer = await ev_login("officer1")
    case_id = await new_case()
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)
    body = upload_body(jpeg, kind="photo") | {"filename": "现场.jpg", "media_type": "image/jpeg"}
    response = await upload(ev_api, officer, case_id, jpeg, **body)
    assert response.status_code == 201, response.text
    assert response.json()["sha256"] == hashlib.sha256(jpeg).hexdigest()


async def test_guangdong_art_24_a_recording_used_as_evidence_goes_to_disc_and_is_kept_long(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    case_id = await new_case("demo-other-amr", ("gd_officer", "gd_officer2"))
    officer = await ev_login("gd_officer")
    meta = metadata(opening=GD_OPENING)
    response = await upload(ev_api, officer, case_id, video_bytes(300), metadata=meta)
    assert response.status_code == 201, response.text
    kept = response.json()["metadata"]
    assert kept["retention"] == "长期（定期30年）" and kept["disc_copy"] is True
    assert "广东省行政执法全过程记录办法（试行）》第二十四条" in kept["retention_basis"]
    # Taian sets no disc copy: kept as evidence, long-term, without the mark.
    taian = await upload(ev_api, await ev_login("officer1"), await new_case(), video_bytes(300))
    assert taian.json()["metadata"]["disc_copy"] is False


async def test_taian_art_16_a_recording_without_its_content_points_is_refused_at_upload(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    officer, case_id = await taian_case_with_duty(ev_login, "0005-inspection")
    answers = {k: v for k, v in metadata()["content"].items() if k != "重要涉案物品等相关证据及其主要特征"}
    body = upload_body(video_bytes(300)) | {
        "metadata": metadata(obligation_key="0005-inspection", content=answers)
    }
    response = await ev_api.post(f"/cases/{case_id}/uploads", json=body, headers=officer)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == "metadata.content.重要涉案物品等相关证据及其主要特征"
    assert (
        error["citation"] == "《泰安市行政执法全过程记录办法》第十六条" and "应当重点记录" in error["message"]
    )
    assert (await _duty(case_id, "0005-inspection")).status == "open"
