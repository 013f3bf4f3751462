"""Resumable uploads: byte-for-byte after a broken connection; every refusal is a clear 4xx that
keeps nothing partial as evidence; AV obligations fulfilled, late ones only with a reason."""

from __future__ import annotations

import asyncio
import hashlib
import stat
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from casetrail.evidence.uploads import EvidenceStorage
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation, EvidenceItem, UploadSession

from .conftest import (
    GD_OPENING,
    MAX_BYTES,
    EvLogin,
    add_obligation,
    metadata,
    new_case,
    upload,
    upload_body,
    video_bytes,
)

OCTETS = "application/offset+octet-stream"


async def evidence_of(case_id: uuid.UUID) -> list[EvidenceItem]:
    async with transaction() as session:
        rows = await session.execute(select(EvidenceItem).where(EvidenceItem.case_id == case_id))
        return list(rows.scalars())


async def break_connection_after(
    base_url: str, path: str, headers: dict[str, str], data: bytes, storage: EvidenceStorage, upload_id: str
) -> None:
    """Send the whole PATCH's headers and part of its body over a real socket, then drop it once the
    server has written at least 4 MiB."""
    url = urlsplit(base_url)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    head = [f"PATCH {path} HTTP/1.1", f"Host: {url.netloc}", f"Content-Length: {len(data)}"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
    sent = 9 * 1024 * 1024
    writer.write(data[:sent])
    await writer.drain()
    while storage.offset(uuid.UUID(upload_id)) < 4 * 1024 * 1024:
        await asyncio.sleep(0.02)
    writer.transport.abort()
    del reader


async def test_resume_after_broken_connection_is_byte_for_byte(
    ev_api: httpx.AsyncClient, ev_server: str, ev_login: EvLogin, storage: EvidenceStorage
) -> None:
    officer = await ev_login("officer1")
    case_id = await new_case()
    data = video_bytes(12 * 1024 * 1024 + 123)
    created = await ev_api.post(f"/cases/{case_id}/uploads", json=upload_body(data), headers=officer)
    assert created.status_code == 201, created.text
    upload_id = created.json()["id"]
    path = f"/uploads/{upload_id}"

    await break_connection_after(
        ev_server, path, {**officer, "Upload-Offset": "0", "Content-Type": OCTETS}, data, storage, upload_id
    )
    async with httpx.AsyncClient(base_url=ev_server, timeout=30) as http:
        head = await http.head(path, headers=officer)
        assert head.status_code == 200
        offset = int(head.headers["Upload-Offset"])
        assert 4 * 1024 * 1024 <= offset <= 9 * 1024 * 1024
        assert head.headers["Upload-Length"] == str(len(data))

        async def rest() -> httpx.AsyncByteStream:  # type: ignore[misc]
            for start in range(offset, len(data), 256 * 1024):
                yield data[start : start + 256 * 1024]

        done = await http.patch(
            path, content=rest(), headers={**officer, "Upload-Offset": str(offset), "Content-Type": OCTETS}
        )
    assert done.status_code == 201, done.text
    item = done.json()
    assert item["sha256"] == hashlib.sha256(data).hexdigest() and item["size"] == len(data)

    download = await ev_api.get(f"/evidence/{item['id']}/content", headers=officer)
    assert download.status_code == 200 and download.content == data
    blob = storage.blobs.path(item["sha256"])
    assert blob.read_bytes() == data
    assert stat.S_IMODE(blob.stat().st_mode) & 0o222 == 0, "stored evidence must be read-only"
    assert not storage.part_path(uuid.UUID(upload_id)).exists()

    again = await ev_api.head(path, headers=officer)
    assert again.headers["Upload-Status"] == "completed" and again.headers["Evidence-Id"] == item["id"]


async def test_wrong_offset_is_409_naming_the_offset(ev_api: httpx.AsyncClient, ev_login: EvLogin) -> None:
    officer = await ev_login("officer1")
    case_id = await new_case()
    data = video_bytes(1000)
    created = await ev_api.post(f"/cases/{case_id}/uploads", json=upload_body(data), headers=officer)
    upload_id = created.json()["id"]
    first = await ev_api.patch(
        f"/uploads/{upload_id}", content=data[:400], headers={**officer, "Upload-Offset": "0"}
    )
    assert first.status_code == 204 and first.headers["Upload-Offset"] == "400"
    wrong = await ev_api.patch(
        f"/uploads/{upload_id}", content=data[300:], headers={**officer, "Upload-Offset": "300"}
    )
    assert wrong.status_code == 409
    error = wrong.json()["error"]
    assert (
        error["field"] == "Upload-Offset" and error["rule"] == "offset_mismatch" and "400" in error["message"]
    )
    missing = await ev_api.patch(f"/uploads/{upload_id}", content=data[400:], headers=officer)
    assert missing.status_code == 422 and "Upload-Offset" in missing.json()["error"]["field"]
    finished = await ev_api.patch(
        f"/uploads/{upload_id}", content=data[400:], headers={**officer, "Upload-Offset": "400"}
    )
    assert finished.status_code == 201, finished.text
    assert [i.sha256 for i in await evidence_of(case_id)] == [hashlib.sha256(data).hexdigest()]


async def test_hash_mismatch_is_422_and_nothing_is_kept(
    ev_api: httpx.AsyncClient, ev_login: EvLogin, storage: EvidenceStorage
) -> None:
    officer = await ev_login("officer1")
    case_id = await new_case()
    data = video_bytes(5000)
    body = {**upload_body(data), "sha256": hashlib.sha256(b"something else").hexdigest()}
    created = await ev_api.post(f"/cases/{case_id}/uploads", json=body, headers=officer)
    upload_id = created.json()["id"]
    response = await ev_api.patch(
        f"/uploads/{upload_id}", content=data, headers={**officer, "Upload-Offset": "0"}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "sha256" and error["rule"] == "sha256_mismatch"
    assert hashlib.sha256(data).hexdigest() in error["message"] and body["sha256"] in error["message"]
    assert await evidence_of(case_id) == []
    assert not storage.part_path(uuid.UUID(upload_id)).exists()
    assert not storage.blobs.exists(hashlib.sha256(data).hexdigest())
    closed = await ev_api.patch(
        f"/uploads/{upload_id}", content=b"x", headers={**officer, "Upload-Offset": "0"}
    )
    assert closed.status_code == 409 and closed.json()["error"]["rule"] == "upload_closed"


async def test_size_limits_are_413(
    ev_api: httpx.AsyncClient, ev_login: EvLogin, storage: EvidenceStorage
) -> None:
    officer = await ev_login("officer1")
    case_id = await new_case()
    too_big = {**upload_body(b"x"), "size": MAX_BYTES + 1}
    refused = await ev_api.post(f"/cases/{case_id}/uploads", json=too_big, headers=officer)
    assert refused.status_code == 413
    assert refused.json()["error"]["field"] == "size" and "超过上限" in refused.json()["error"]["message"]

    data = video_bytes(100)
    created = await ev_api.post(f"/cases/{case_id}/uploads", json=upload_body(data), headers=officer)
    upload_id = created.json()["id"]
    await ev_api.patch(f"/uploads/{upload_id}", content=data[:10], headers={**officer, "Upload-Offset": "0"})

    async def overflowing() -> httpx.AsyncByteStream:  # type: ignore[misc]
        yield data[10:]
        yield b"extra bytes beyond the declared size"

    over = await ev_api.patch(
        f"/uploads/{upload_id}", content=overflowing(), headers={**officer, "Upload-Offset": "10"}
    )
    assert over.status_code == 413 and over.json()["error"]["rule"] == "exceeds_declared_size"
    assert storage.offset(uuid.UUID(upload_id)) == 10, "the refused request left nothing behind"
    assert await evidence_of(case_id) == []


async def test_unknown_case_is_404(ev_api: httpx.AsyncClient, ev_login: EvLogin) -> None:
    response = await ev_api.post(
        f"/cases/{uuid.uuid4()}/uploads", json=upload_body(b"abc"), headers=await ev_login("officer1")
    )
    assert response.status_code == 404 and response.json()["error"]["field"] == "case_id"


@pytest.mark.parametrize(
    ("agency", "officers", "kind", "meta", "field", "article"),
    [
        ("demo-district-amr", ("officer1", "officer2"), "video", {"proves": None}, "metadata.proves", None),
        ("demo-district-amr", ("officer1", "officer2"), "audio", {}, "metadata.transcript", "第十八条"),
        ("demo-other-amr", ("gd_officer", "gd_officer2"), "video", {}, "metadata.opening.时间", "第十八条"),
        (
            "demo-other-amr",
            ("gd_officer", "gd_officer2"),
            "video",
            {
                "spoken_opening": "现在是3月2日9时，执法人员陈一、陈二在某厂检查，正在录像",
                "opening": GD_OPENING,
                "interruptions": [{"stopped_at": "2026-03-02T09:10:00+08:00", "reason": "现场人员阻挠"}],
            },
            "metadata.interruptions.0.written_note",
            "第二十条",
        ),
    ],
)
async def test_description_is_checked_against_the_profile(
    ev_api: httpx.AsyncClient,
    ev_login: EvLogin,
    agency: str,
    officers: tuple[str, str],
    kind: str,
    meta: dict[str, object],
    field: str,
    article: str | None,
) -> None:
    case_id = await new_case(agency, officers)
    body = upload_body(b"recording", kind=kind)
    body["metadata"] = {k: v for k, v in {**metadata(), **meta}.items() if v is not None}
    response = await ev_api.post(f"/cases/{case_id}/uploads", json=body, headers=await ev_login(officers[0]))
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == field and error["message"]
    if article:
        assert article in error["citation"]


async def test_obligation_fulfilled_on_time_and_late_only_with_reason(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    officer = await ev_login("officer2")
    case_id = await new_case()
    await add_obligation(case_id, "0003-inspection", due_in=timedelta(days=1))
    await add_obligation(case_id, "0005-sampling", due_in=-timedelta(hours=3))

    on_time = await upload(
        ev_api, officer, case_id, video_bytes(300), metadata=metadata(obligation_key="0003-inspection")
    )
    assert on_time.status_code == 201 and on_time.json()["late"] is False

    late_data = video_bytes(300)
    no_reason = await ev_api.post(
        f"/cases/{case_id}/uploads",
        json={**upload_body(late_data), "metadata": metadata(obligation_key="0005-sampling")},
        headers=officer,
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["field"] == "metadata.late_reason"
    assert "第十七条" in no_reason.json()["error"]["citation"]

    reason = "执法记录仪故障，返回单位后修复导出"
    late = await upload(
        ev_api,
        officer,
        case_id,
        late_data,
        metadata=metadata(obligation_key="0005-sampling", late_reason=reason),
    )
    assert late.status_code == 201 and late.json()["late"] is True and late.json()["late_reason"] == reason

    unknown = await ev_api.post(
        f"/cases/{case_id}/uploads",
        json={**upload_body(late_data), "metadata": metadata(obligation_key="9999-nothing")},
        headers=officer,
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "metadata.obligation_key"

    async with transaction() as session:
        rows = await session.execute(select(AvObligation).where(AvObligation.case_id == case_id))
        obligations = {o.key: o for o in rows.scalars()}
    assert (
        obligations["0003-inspection"].status == "fulfilled"
        and obligations["0003-inspection"].late_reason is None
    )
    assert (
        obligations["0005-sampling"].status == "fulfilled"
        and obligations["0005-sampling"].late_reason == reason
    )
    assert all(o.fulfilled_at is not None for o in obligations.values())


async def test_evidence_is_append_only_and_corrections_reference_the_original(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    officer = await ev_login("officer1")
    case_id = await new_case()
    data = video_bytes(256)
    original = (await upload(ev_api, officer, case_id, data)).json()
    corrected = await upload(
        ev_api,
        officer,
        case_id,
        data,
        metadata=metadata(proves="货架上陈列过期酸奶13盒", supersedes=original["id"]),
    )
    assert corrected.status_code == 201 and corrected.json()["supersedes_id"] == original["id"]

    listed = (await ev_api.get(f"/cases/{case_id}/evidence", headers=officer)).json()
    by_id = {item["id"]: item for item in listed}
    assert by_id[original["id"]]["superseded"] is True
    assert by_id[original["id"]]["metadata"]["proves"] == "货架上陈列过期酸奶12盒"

    for statement in (
        "UPDATE evidence_items SET filename = 'x' WHERE id = :id",
        "DELETE FROM evidence_items WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="不得修改或删除"):
            async with transaction() as session:
                await session.execute(text(statement), {"id": original["id"]})
    async with transaction() as session:
        upload_rows = await session.execute(
            select(UploadSession.status).where(UploadSession.case_id == case_id)
        )
        assert set(upload_rows.scalars()) == {"completed"}
