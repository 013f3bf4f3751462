"""Case page benchmark: server time to render a case with 300 records and 30 documents, against
``GET /auth/me`` measured in the same run (target: p50 ≤ 3× the baseline).

    python -m bench.ui [--requests 60] [--records 300] [--documents 30] [--quick]

Starts an embedded PostgreSQL and the Temporal dev server with a worker, opens a real case through
the API (its workflow answers the page's snapshot query), adds the records and documents to the read
model, and times both requests in-process through the ASGI app (no network: the server's own time).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import socket
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.options import parse_with_quick
from bench.serving import token_from

TARGET_RATIO = 3.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def fill_read_model(case_id: uuid.UUID, *, records: int, documents: int) -> None:
    """Records like the steps write (Chinese and payload keys, amounts, times) and issued documents."""
    from casetrail.store import db
    from casetrail.store.models import IssuedDocument, Record

    start = datetime.now(UTC) - timedelta(days=30)
    async with db.transaction() as session:
        for index in range(records):
            session.add(
                Record(
                    case_id=case_id,
                    step_key=f"bench-{index:04d}",
                    kind="inspection",
                    title="现场检查笔录",
                    fields={
                        "place": "泰安市岱岳区某某路1号",
                        "started_at": (start + timedelta(hours=index)).isoformat(),
                        "findings": "货架上有过期酸奶12盒，已责令下架" * 3,
                        "persons_present": ["店长王某", "店员李某"],
                        "certificates_shown": True,
                        "缴纳金额（分）": 500_000,
                        "items": [{"name": "酸奶", "quantity": "12盒"}],
                    },
                    citation="《中华人民共和国行政处罚法》第五十五条",
                    created_at=start + timedelta(hours=index),
                )
            )
        for index in range(documents):
            session.add(
                IssuedDocument(
                    case_id=case_id,
                    step_key=f"bench-doc-{index:04d}",
                    kind="inspection_record",
                    title="现场检查笔录",
                    number=f"泰岱市监检〔2026〕{index + 1}号-{uuid.uuid4().hex[:6]}",
                    template_version="bench",
                    snapshot={},
                    sha256="0" * 64,
                    size=40_000,
                    pages=2,
                )
            )


async def timed(client: httpx.AsyncClient, path: str, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = await client.get(path)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return samples


async def measure(
    root: Path, *, rounds: int, records: int, documents: int
) -> tuple[list[float], list[float]]:
    from temporalio.client import Client

    from casetrail.api.app import create_app
    from casetrail.api.gateway import CaseGateway
    from casetrail.config import Settings
    from casetrail.runtime.postgres import EmbeddedPostgres
    from casetrail.runtime.temporal import DevServer
    from casetrail.seed import DEMO_PASSWORD, seed_demo
    from casetrail.store import db, migrate
    from casetrail.worker import build_worker

    postgres = EmbeddedPostgres(root / "pg" / "data")
    url = postgres.start()
    server = DevServer(
        db_file=root / "temporal.sqlite", port=free_port(), ui_port=None, log_file=root / "t.log"
    )
    address = server.start()
    try:
        await asyncio.to_thread(migrate.upgrade, url)
        db.configure(url)
        async with db.transaction() as session:
            await seed_demo(session)
        client = await Client.connect(address)
        queue = f"bench-ui-{uuid.uuid4().hex[:6]}"
        app = create_app(lambda: client, Settings(CASETRAIL_HOME=str(root), CASETRAIL_TASK_QUEUE=queue))  # type: ignore[call-arg,arg-type,return-value]
        # Opening the case and signing its filing are set-up, not measured: on a shared machine the
        # worker in this process can take longer than an officer's 15 s to answer (it ended the run).
        gateway = CaseGateway(client, task_queue=queue, update_timeout=120)
        app.state.gateway = gateway
        async with build_worker(client, queue):
            while not await gateway.worker_is_polling():
                await asyncio.sleep(0.1)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="https://bench") as api:
                case_id = await open_case(api, DEMO_PASSWORD)
                await fill_read_model(case_id, records=records, documents=documents)
                login = await api.post("/ui/login", data={"username": "officer1", "password": DEMO_PASSWORD})
                assert login.status_code == 303
                await timed(api, f"/ui/cases/{case_id}", 3)  # warm: templates compiled, pools open
                await timed(api, "/auth/me", 3)
                profiler = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
                if profiler:
                    profiler.enable()
                page = await timed(api, f"/ui/cases/{case_id}", rounds)
                if profiler:
                    profiler.disable()
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
                me = await timed(api, "/auth/me", rounds)
        await db.dispose()
        return page, me
    finally:
        server.stop()
        postgres.stop()


async def open_case(api: httpx.AsyncClient, password: str) -> uuid.UUID:
    """A real case in investigation: opened by officer1, filing signed by the leader."""
    from sqlalchemy import select

    from casetrail.store import db
    from casetrail.store.models import Agency, Case, User

    async def bearer(username: str) -> dict[str, str]:
        answer = await api.post("/auth/login", json={"username": username, "password": password})
        token = token_from(answer, username)
        api.cookies.clear()
        return {"Authorization": f"Bearer {token}"}

    async with db.transaction() as session:
        agency = (
            await session.execute(select(Agency).where(Agency.code == "demo-district-amr"))
        ).scalar_one()
        officers = (
            await session.execute(select(User.id).where(User.username.in_(("officer1", "officer2"))))
        ).scalars()
        officer_ids = [str(i) for i in officers]
    officer, leader = await bearer("officer1"), await bearer("leader")
    party = {"name": "泰安市某某食品超市", "kind": "organisation", "id_number": "91370900MA3C000001",
             "address": "泰安市岱岳区某某路1号", "representative": "王某某"}  # fmt: skip
    body = {"agency_id": str(agency.id), "cause": "基准：案件页面", "party": party, "officer_ids": officer_ids,
            "facts": {"source": "日常检查", "summary": "基准"}}  # fmt: skip
    created = await api.post("/cases", json=body, headers=officer)
    assert created.status_code == 201, created.text
    case_id = uuid.UUID(created.json()["id"])
    for _ in range(200):
        tasks = (await api.get("/tasks", headers=leader)).json()
        task = next((t for t in tasks if t["case_id"] == str(case_id)), None)
        if task:
            signed = await api.post(
                f"/tasks/{task['id']}/decision", json={"decision": "approve"}, headers=leader
            )
            assert signed.status_code == 200, signed.text
            break
        await asyncio.sleep(0.1)
    for _ in range(200):
        async with db.transaction() as session:
            if (await session.get(Case, case_id)).phase == "investigation":  # type: ignore[union-attr]
                return case_id
        await asyncio.sleep(0.1)
    raise RuntimeError("the bench case did not reach the investigation")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--documents", type=int, default=30)
    args = parse_with_quick(parser, argv, {"requests": 10, "records": 30, "documents": 3})
    with tempfile.TemporaryDirectory(prefix="casetrail-bench-ui-") as tmp:
        root = Path(tmp)
        os.chmod(root, 0o755)  # the embedded PostgreSQL runs as its own user
        page, me = asyncio.run(
            measure(root, rounds=args.requests, records=args.records, documents=args.documents)
        )
    page_p50, me_p50 = statistics.median(page), statistics.median(me)
    ratio = page_p50 / me_p50
    print(
        f"case page with {args.records} records and {args.documents} documents, {args.requests} requests each"
    )
    print(
        f"  GET /ui/cases/{{id}}  p50 {page_p50:7.1f} ms   p90 {statistics.quantiles(page, n=10)[-1]:7.1f} ms"
    )
    print(f"  GET /auth/me         p50 {me_p50:7.1f} ms   p90 {statistics.quantiles(me, n=10)[-1]:7.1f} ms")
    verdict = "OK" if ratio <= TARGET_RATIO else "MISS"
    print(f"  ratio p50            {ratio:7.2f}x   (target <= {TARGET_RATIO:.0f}x) {verdict}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
