"""What the tamper tests share (tests/evidence/test_verify.py, tests/security/test_tamper.py): a
seeded database of their own, a bare case with a recorded video, `verify_all` on it, and altering a
record table the way only its owner or a superuser could."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from casetrail.evidence.items import Lateness, record_evidence
from casetrail.evidence.metadata import EvidenceMetadata
from casetrail.runtime.postgres import EmbeddedPostgres
from casetrail.seed import seed_demo
from casetrail.store import migrate
from casetrail.store.blobs import BlobStore, StoredBlob
from casetrail.store.models import Agency, Case, EvidenceItem, User
from casetrail.verify import Report, verify_all

from .conftest import metadata


@asynccontextmanager
async def seeded_database(
    pg_server: EmbeddedPostgres, prefix: str
) -> AsyncIterator[tuple[str, async_sessionmaker[AsyncSession]]]:
    """A migrated database of its own holding the demo seed: (url, sessions); dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    pg_server.ensure_database(name)
    url = pg_server.url(name)
    await asyncio.to_thread(migrate.upgrade, url)
    engine = create_async_engine(url)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with sessions() as session, session.begin():
            await seed_demo(session)
        yield url, sessions
    finally:
        await engine.dispose()
        pg_server.drop_database(name)


async def demo_officer(session: AsyncSession) -> User:
    return (await session.execute(select(User).where(User.username == "officer1"))).scalar_one()


async def bare_case(session: AsyncSession, case_no: str, officer: User) -> Case:
    """A case row of the demo district agency in investigation (no workflow behind it)."""
    agency = (await session.execute(select(Agency).where(Agency.code == "demo-district-amr"))).scalar_one()
    case = Case(
        case_no=case_no,
        agency_id=agency.id,
        workflow_id=f"tamper-{uuid.uuid4()}",
        profile_id="taian-2017",
        profile_version="1",
        start_type="ex_officio",
        cause="测试",
        party={},
        phase="investigation",
        created_by=officer.id,
    )
    session.add(case)
    await session.flush()
    return case


async def recorded_video(
    session: AsyncSession, blobs: BlobStore, case_id: uuid.UUID, index: int, officer: User, at: datetime
) -> tuple[EvidenceItem, StoredBlob]:
    """A site video stored and recorded as evidence of the case, on time."""
    blob = blobs.put_bytes(f"现场录像 {index}".encode() * 1000)
    item = await record_evidence(
        session,
        case_id=case_id,
        kind="video",
        blob=blob,
        filename="现场.mp4",
        media_type="video/mp4",
        metadata=EvidenceMetadata.model_validate(metadata()),
        lateness=Lateness(False, None),
        actor_id=officer.id,
        at=at,
    )
    return item, blob


async def verify(sessions: async_sessionmaker[AsyncSession], blobs: BlobStore) -> Report:
    async with sessions() as session:
        return await verify_all(session, blobs)


async def as_superuser(
    sessions: async_sessionmaker[AsyncSession], table: str, statement: str, **params: object
) -> None:
    """What only the owner or a superuser could do: switch the table's triggers off and alter it."""
    async with sessions() as session, session.begin():
        await session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        await session.execute(text(statement), params)
        await session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


def findings(report: Report) -> set[tuple[str, str]]:
    """What `verify` named: (kind, subject) of each finding."""
    return {(f.kind, f.subject) for f in report.findings}
