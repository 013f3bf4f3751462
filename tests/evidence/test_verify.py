"""`casetrail verify` names exactly what an attacker altered: one byte of a blob, one evidence row
(trigger disabled as superuser), one chain link, a chain rewritten with fresh hashes (caught by
the daily anchor), and the anchor itself. Runs on a database of its own."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from casetrail.evidence.anchors import write_anchor
from casetrail.runtime.postgres import EmbeddedPostgres
from casetrail.store import audit
from casetrail.store.blobs import BlobStore
from casetrail.store.models import AuditEvent
from casetrail.verify import Report
from tests.conftest import repo_root

from . import tampering
from .tampering import bare_case, demo_officer, findings, recorded_video, seeded_database


@dataclass
class World:
    url: str
    home: Path
    blobs: BlobStore
    sessions: async_sessionmaker[AsyncSession]
    cases: list[uuid.UUID]
    evidence: list[uuid.UUID]
    sha256: str


@pytest.fixture(scope="module")
async def world(
    pg_server: EmbeddedPostgres, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    async with seeded_database(pg_server, "casetrail_verify") as (url, sessions):
        home = tmp_path_factory.mktemp("verify-home")
        blobs = BlobStore(home / "blobs")
        world = World(url, home, blobs, sessions, [], [], "")
        async with sessions() as session, session.begin():
            officer = await demo_officer(session)
            for index in range(2):
                case = await bare_case(session, f"校验〔2026〕{index + 1}号", officer)
                world.cases.append(case.id)
                now = datetime.now(UTC)
                await audit.append_event(
                    session, case_id=case.id, action="case.created", actor_id=officer.id, detail={}, at=now
                )
                item, blob = await recorded_video(session, blobs, case.id, index, officer, now)
                world.evidence.append(item.id)
                world.sha256 = blob.sha256
                await audit.append_event(
                    session,
                    case_id=case.id,
                    action="evidence.viewed",
                    actor_id=officer.id,
                    detail={"evidence_id": str(item.id)},
                    at=now + timedelta(seconds=1),
                )
            await write_anchor(session, day=date(2026, 3, 1))
        yield world


async def verify(world: World) -> Report:
    return await tampering.verify(world.sessions, world.blobs)


async def as_attacker(world: World, table: str, statement: str, **params: object) -> None:
    """Bypass the append-only trigger the way a superuser could."""
    await tampering.as_superuser(world.sessions, table, statement, **params)


async def test_verify_names_each_alteration(world: World) -> None:
    clean = await verify(world)
    assert clean.ok, clean.findings
    assert (clean.chains, clean.events, clean.evidence, clean.anchors) == (2, 6, 2, 1)
    assert clean.blobs == 2

    # 1. One byte of a stored recording.
    path = world.blobs.path(world.sha256)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    expected = {("blob", world.sha256)}
    report = await verify(world)
    assert findings(report) == expected
    assert world.sha256 in report.findings[0].message

    # 2. One evidence row, edited in the database with the trigger disabled.
    first_case, second_case = (str(c) for c in world.cases)
    await as_attacker(
        world,
        "evidence_items",
        "UPDATE evidence_items SET meta = jsonb_set(meta, '{proves}', '\"无违法事实\"') WHERE id = :id",
        id=world.evidence[0],
    )
    expected.add(("evidence", str(world.evidence[0])))
    report = await verify(world)
    assert findings(report) == expected
    assert "校验〔2026〕1号" in next(f.message for f in report.findings if f.kind == "evidence")

    # 3. One link of the first case's chain: the view event's detail changed in place.
    await as_attacker(
        world,
        "audit_events",
        "UPDATE audit_events SET detail = '{}'::jsonb WHERE case_id = :case AND seq = 3",
        case=world.cases[0],
    )
    expected.add(("chain", f"{first_case}#3"))
    report = await verify(world)
    assert findings(report) == expected

    # 4. The second case's chain rewritten from seq 3 with every hash recomputed: the chain alone
    #    looks intact, the anchor and the case's recorded head do not.
    async with world.sessions() as session:
        events = list(
            (
                await session.execute(
                    select(AuditEvent).where(AuditEvent.case_id == world.cases[1]).order_by(AuditEvent.seq)
                )
            ).scalars()
        )
    forged = events[2]
    body = audit.event_body(
        case_id=forged.case_id,
        seq=forged.seq,
        action="evidence.viewed",
        step_key=None,
        actor_id=forged.actor_id,
        detail={"evidence_id": "forged"},
        at=forged.at,
    )
    await as_attacker(
        world,
        "audit_events",
        "UPDATE audit_events SET detail = CAST(:detail AS jsonb), hash = :hash WHERE id = :id",
        detail='{"evidence_id": "forged"}',
        hash=audit.event_hash(forged.prev_hash, body),
        id=forged.id,
    )
    expected.add(("anchor", f"2026-03-01:{second_case}#3"))
    # The head kept with the case (seq and hash of the last event) catches it too.
    expected.add(("chain", f"{second_case}#3"))
    report = await verify(world)
    assert findings(report) == expected

    # 5. The anchor itself.
    await as_attacker(world, "audit_anchors", "UPDATE audit_anchors SET chains = chains + 1")
    expected.add(("anchor", "2026-03-01"))
    assert findings(await verify(world)) == expected


async def test_cli_verify_exits_nonzero_and_names_the_blob(world: World) -> None:
    """The real `casetrail verify` against the same (by now altered) database and blob folder."""
    env = {
        **os.environ,
        "DATABASE_URL": world.url,
        "CASETRAIL_HOME": str(world.home),
        "PYTHONPATH": str(repo_root()),
    }
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "casetrail.cli", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=repo_root(),
    )
    assert result.returncode == 1, result.stderr
    assert f"[blob] {world.sha256}" in result.stdout
    assert "已校验：文件 2 个，审计链 2 条" in result.stdout
