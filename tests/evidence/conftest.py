"""Evidence tests: the real API (in-process and over real HTTP via uvicorn) on the session's
PostgreSQL, with a blob store and upload folder of their own under a temporary directory."""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import select
from temporalio.client import Client

from casetrail.api.security import hash_password
from casetrail.evidence.uploads import EvidenceStorage
from casetrail.rules.registry import get_profile
from casetrail.seed import DEMO_PASSWORD
from casetrail.store.blobs import BlobStore
from casetrail.store.db import transaction
from casetrail.store.models import Agency, AvObligation, Case, CaseOfficer, User
from tests.api.conftest import Login, bearer_login, make_app
from tests.conftest import free_port

MAX_BYTES = 64 * 1024 * 1024


@pytest.fixture(scope="session")
def storage(tmp_path_factory: pytest.TempPathFactory) -> EvidenceStorage:
    root = tmp_path_factory.mktemp("evidence")
    return EvidenceStorage(blobs=BlobStore(root / "blobs"), uploads=root / "uploads", max_bytes=MAX_BYTES)


@pytest.fixture(scope="session")
def evidence_app(temporal_client: Client, worker: None, storage: EvidenceStorage) -> FastAPI:
    app = make_app(temporal_client)
    app.state.evidence_storage = storage
    return app


@pytest.fixture(scope="session")
async def ev_api(evidence_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=evidence_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://casetrail.test") as client:
        yield client


@pytest.fixture(scope="session")
async def ev_server(evidence_app: FastAPI) -> AsyncIterator[str]:
    """The same app behind a real uvicorn on a free port (for broken connections)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(evidence_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


EvLogin = Login


@pytest.fixture(scope="session")
def ev_login(ev_api: httpx.AsyncClient) -> EvLogin:
    return bearer_login(ev_api)


async def party_user() -> str:
    """A party's representative: an account with no role in any agency."""
    username = f"party-{uuid.uuid4().hex[:8]}"
    async with transaction() as session:
        session.add(
            User(username=username, full_name="当事人代理人", password_hash=hash_password(DEMO_PASSWORD))
        )
    return username


async def user_id(username: str) -> uuid.UUID:
    async with transaction() as session:
        return (await session.execute(select(User.id).where(User.username == username))).scalar_one()


async def new_case(
    agency_code: str = "demo-district-amr", officers: tuple[str, ...] = ("officer1", "officer2")
) -> uuid.UUID:
    """A case row as the API writes it (evidence does not need the workflow to run)."""
    case_id = uuid.uuid4()
    async with transaction() as session:
        agency = (await session.execute(select(Agency).where(Agency.code == agency_code))).scalar_one()
        users = (await session.execute(select(User).where(User.username.in_(officers)))).scalars().all()
        session.add(
            Case(
                id=case_id,
                case_no=f"证测〔{datetime.now(UTC).year}〕{case_id.hex[:10]}号",
                agency_id=agency.id,
                workflow_id=f"case-{case_id}",
                profile_id=agency.profile_id,
                profile_version="1",
                start_type="ex_officio",
                cause="涉嫌销售过期食品",
                party={"name": "某超市", "kind": "organisation"},
                phase="investigation",
                created_by=users[0].id,
            )
        )
        await session.flush()
        for user in users:
            session.add(
                CaseOfficer(case_id=case_id, user_id=user.id, certificate_no=user.certificate_no or "")
            )
    return case_id


async def add_obligation(case_id: uuid.UUID, key: str, *, due_in: timedelta) -> None:
    """An AV obligation as the workflow opens it (store the recording within 2 working days)."""
    async with transaction() as session:
        session.add(
            AvObligation(
                case_id=case_id,
                key=key,
                act="inspection",
                requirement="mandatory",
                storage_due_at=datetime.now(UTC) + due_in,
                citation="《泰安市行政执法全过程记录办法》第十七条",
            )
        )


#: What a recording shows of each point a regulation asks it to (泰安 Art. 16, 山西 Art. 12, 广东 Art. 17,
#: 新乡镇 Art. 12), written as an officer describes it; one answer serves the same wording in two texts.
CONTENT_ANSWERS = {
    item: f"00:00-05:00 录有：{item}（货架、冷柜及店主刘某陈述的情况）"
    for profile_id in ("taian-2017", "shanxi", "guangdong-2018", "wanzhou-xinxiang-2024")
    for points in [get_profile(profile_id).av_procedure.content_points]
    if points is not None
    for item in points.items
}


def metadata(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "content": CONTENT_ANSWERS,
        "recorder": "张三",
        "method": "执法记录仪现场录像",
        "device": "DSJ-0001",
        "recorded_from": "2026-03-02T09:00:00+08:00",
        "recorded_to": "2026-03-02T09:40:00+08:00",
        "place": "泰安市岱岳区某超市",
        "proves": "货架上陈列过期酸奶12盒",
    }
    body.update(overrides)
    return body


def upload_body(data: bytes, kind: str = "video", **meta: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "filename": "现场检查.mp4",
        "media_type": "video/mp4",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "metadata": metadata(**meta),
    }


async def upload(
    api: httpx.AsyncClient, headers: dict[str, str], case_id: uuid.UUID, data: bytes, **body: Any
) -> httpx.Response:
    """Create and send an upload in one PATCH; returns the final response."""
    created = await api.post(f"/cases/{case_id}/uploads", json={**upload_body(data), **body}, headers=headers)
    assert created.status_code == 201, created.text
    return await api.patch(
        f"/uploads/{created.json()['id']}",
        content=data,
        headers={**headers, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
    )


def video_bytes(size: int) -> bytes:
    """``size`` bytes that read as an MP4 video (an ISO base media ``ftyp`` box), then random data."""
    head = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    return head + os.urandom(max(size - len(head), 0))


#: What a Guangdong recording's spoken opening states, item by item (广东 Art. 18).
GD_OPENING = {
    "时间": "2026年3月2日9时",
    "地点": "某厂生产车间",
    "执法人员": "陈一、陈二",
    "执法行为": "安全生产现场检查",
    "音像记录的摄录重点": "消防通道和灭火器",
}
