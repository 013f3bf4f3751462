"""Tamper evidence covers everything: each of the 11 kinds of alteration is named by `verify`, the
database refuses TRUNCATE, and the application's role can only add to the record and read it."""

from __future__ import annotations

import asyncio
import os
import stat
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from casetrail.evidence.anchors import write_anchor
from casetrail.runtime.postgres import EmbeddedPostgres
from casetrail.runtime.roles import enable_app_login
from casetrail.store import audit, migrate
from casetrail.store.blobs import BlobStore
from casetrail.store.models import CalendarChange, IssuedDocument, Record, User
from casetrail.verify import Report
from tests.evidence import tampering
from tests.evidence.tampering import bare_case, demo_officer, findings, recorded_video, seeded_database


@dataclass
class World:
    blobs: BlobStore
    sessions: async_sessionmaker[AsyncSession]
    cases: list[uuid.UUID] = field(default_factory=list)
    records: list[uuid.UUID] = field(default_factory=list)
    documents: list[uuid.UUID] = field(default_factory=list)
    evidence: list[uuid.UUID] = field(default_factory=list)
    blob: str = ""
    calendar_change: int = 0


async def _added(
    session: AsyncSession, row: Record | IssuedDocument, officer: User, at: datetime
) -> uuid.UUID:
    """As commit_step writes a step or a document: the row, then its event naming it (and its hash)."""
    session.add(row)
    await session.flush()
    if isinstance(row, Record):
        action = f"step.{row.kind}"
        detail = {"record_id": str(row.id), "record_hash": audit.record_hash(row)}
    else:
        action = "document.issued"
        detail = {"document_id": str(row.id), "number": str(row.number), "sha256": row.sha256}
    await audit.append_event(
        session,
        case_id=row.case_id,
        action=action,
        actor_id=officer.id,
        step_key=row.step_key,
        detail=detail,
        at=at,
    )
    return row.id


async def _case_with_everything(session: AsyncSession, world: World, index: int, officer: User) -> None:
    case = await bare_case(session, f"篡改〔2026〕{index}号", officer)
    world.cases.append(case.id)
    at = datetime.now(UTC)
    await audit.append_event(
        session, case_id=case.id, action="case.created", actor_id=officer.id, detail={}, at=at
    )
    for step in range(2):
        record = Record(
            case_id=case.id,
            step_key=f"000{step + 1}-inquiry",
            kind="inquiry",
            title="询问笔录",
            fields={"transcript": f"问：……答：……{step}"},
            actor_id=officer.id,
        )
        world.records.append(await _added(session, record, officer, at))
    pdf = world.blobs.put_bytes(f"%PDF 文书 {index}".encode() * 50)
    document = IssuedDocument(
        case_id=case.id,
        step_key="0003-document-filing",
        kind="filing_approval",
        title="立案审批表",
        number=f"泰示岱监立〔2026〕{index}号",
        template_version="1",
        snapshot={},
        sha256=pdf.sha256,
        size=pdf.size,
        pages=1,
    )
    world.documents.append(await _added(session, document, officer, at))
    item, video = await recorded_video(session, world.blobs, case.id, index, officer, at)
    world.evidence.append(item.id)
    world.blob = video.sha256


async def _views_after_the_anchor(session: AsyncSession, world: World, officer: User) -> None:
    for case_id in world.cases:
        for n in range(3):
            at = datetime.now(UTC)
            await audit.append_event(
                session,
                case_id=case_id,
                action="evidence.viewed",
                actor_id=officer.id,
                detail={"n": n},
                at=at,
            )


@pytest.fixture(scope="module")
async def world(
    pg_server: EmbeddedPostgres, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    async with seeded_database(pg_server, "casetrail_tamper") as (_, sessions):
        world = World(BlobStore(tmp_path_factory.mktemp("tamper") / "blobs"), sessions)
        async with world.sessions() as session, session.begin():
            officer = await demo_officer(session)
            for index in (1, 2, 3):
                await _case_with_everything(session, world, index, officer)
            for day in ("2026-10-09", "2026-10-10"):
                change = CalendarChange(
                    action="day.set", year=2026, actor_id=officer.id, changed_days=[day], detail={}
                )
                session.add(change)
                await session.flush()
                world.calendar_change = change.id
            await write_anchor(session, day=date(2026, 3, 1), now=datetime.now(UTC) + timedelta(seconds=1))
        async with world.sessions() as session, session.begin():
            await _views_after_the_anchor(session, world, officer)
        yield world


async def verify(world: World) -> Report:
    return await tampering.verify(world.sessions, world.blobs)


async def as_superuser(world: World, table: str, statement: str, **params: object) -> None:
    await tampering.as_superuser(world.sessions, table, statement, **params)


async def test_verify_names_each_of_the_eleven_kinds_of_alteration(world: World) -> None:
    clean = await verify(world)
    assert clean.ok, clean.findings
    assert (clean.records, clean.documents, clean.evidence, clean.calendar_changes) == (6, 3, 3, 2)
    first, second, third = (str(c) for c in world.cases)
    expected: set[tuple[str, str]] = set()

    async def named(*new: tuple[str, str]) -> None:
        expected.update(new)
        report = await verify(world)
        assert findings(report) == expected, report.findings

    # 1. A byte of a stored blob.
    path = world.blobs.path(world.blob)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.write_bytes(bytes(data))
    await named(("blob", world.blob))
    # 2. A records row edited.
    await as_superuser(
        world,
        "records",
        'UPDATE records SET fields = \'{"transcript": "改"}\' WHERE id = :id',
        id=world.records[0],
    )
    await named(("record", str(world.records[0])))
    # 3. A records row deleted.
    await as_superuser(world, "records", "DELETE FROM records WHERE id = :id", id=world.records[3])
    await named(("record", str(world.records[3])))
    # 4. An audit event edited in place.
    await as_superuser(
        world, "audit_events", "UPDATE audit_events SET detail = '{}' WHERE case_id = :c AND seq = 6", c=first
    )
    await named(("chain", f"{first}#6"))
    # 5. An audit event deleted from the middle of a chain (after the anchor).
    await as_superuser(
        world, "audit_events", "DELETE FROM audit_events WHERE case_id = :c AND seq = 7", c=third
    )
    report = await verify(world)
    new = findings(report) - expected
    assert new and all(k == "chain" and s.startswith(f"{third}#") for k, s in new), new
    expected.update(new)
    # 6. The tail of a chain cut off after the last anchor: only the case's recorded head catches it.
    await as_superuser(
        world, "audit_events", "DELETE FROM audit_events WHERE case_id = :c AND seq >= 7", c=second
    )
    await named(("chain", f"{second}#7"))
    # 7. A document's number changed.
    await as_superuser(
        world,
        "issued_documents",
        "UPDATE issued_documents SET number = '伪〔2026〕1号' WHERE id = :id",
        id=world.documents[0],
    )
    await named(("document", str(world.documents[0])))
    # 8. A document pointed at another case's PDF.
    await as_superuser(
        world,
        "issued_documents",
        "UPDATE issued_documents SET sha256 = (SELECT sha256 FROM issued_documents WHERE id = :other) WHERE id = :id",
        id=world.documents[1],
        other=world.documents[2],
    )
    await named(("document", str(world.documents[1])))
    # 9. An evidence row edited.
    await as_superuser(
        world,
        "evidence_items",
        "UPDATE evidence_items SET meta = jsonb_set(meta, '{proves}', '\"无\"') WHERE id = :id",
        id=world.evidence[1],
    )
    await named(("evidence", str(world.evidence[1])))
    # 10. The anchor.
    await as_superuser(world, "audit_anchors", "UPDATE audit_anchors SET chains = chains + 1")
    await named(("anchor", "2026-03-01"))
    # 11. A calendar change rewritten.
    await as_superuser(
        world,
        "calendar_changes",
        "UPDATE calendar_changes SET changed_days = '[\"2026-10-11\"]' WHERE id = :id",
        id=world.calendar_change,
    )
    await named(("calendar", f"#{world.calendar_change}"))
    assert {k for k, _ in expected} == {
        "blob",
        "record",
        "chain",
        "document",
        "evidence",
        "anchor",
        "calendar",
    }


RECORD_TABLES = (
    "records",
    "audit_events",
    "evidence_items",
    "audit_anchors",
    "calendar_changes",
    "issued_documents",
)


async def test_truncate_is_refused_and_the_app_role_only_adds_and_reads(world: World) -> None:
    for table in RECORD_TABLES:
        async with world.sessions() as session:
            with pytest.raises(DBAPIError, match="不得清空"):
                await session.execute(text(f"TRUNCATE {table} CASCADE"))
            await session.rollback()
    for table in RECORD_TABLES:
        for statement in (
            f"UPDATE {table} SET id = id",
            f"DELETE FROM {table}",
            f"ALTER TABLE {table} DISABLE TRIGGER USER",
            f"TRUNCATE {table}",
        ):
            async with world.sessions() as session:
                await session.execute(text("SET ROLE casetrail_app"))
                with pytest.raises(DBAPIError, match=r"permission denied|must be owner"):
                    await session.execute(text(statement))
                await session.rollback()
        async with world.sessions() as session:
            await session.execute(text("SET ROLE casetrail_app"))
            await session.execute(text(f"SELECT count(*) FROM {table}"))
            await session.rollback()


async def test_the_application_signs_in_as_its_role(pg_server: EmbeddedPostgres) -> None:
    name = f"casetrail_role_{uuid.uuid4().hex[:8]}"
    pg_server.ensure_database(name)
    owner = pg_server.url(name)
    await asyncio.to_thread(migrate.upgrade, owner)
    app_url = enable_app_login(owner, password=None)
    assert make_url(app_url).username == "casetrail_app"
    engine = create_async_engine(app_url)
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT current_user"))).scalar_one() == "casetrail_app"
            await conn.execute(text("SELECT count(*) FROM records"))
            with pytest.raises(DBAPIError, match="permission denied"):
                await conn.execute(text("DELETE FROM audit_events"))
    finally:
        await engine.dispose()
        pg_server.drop_database(name)
