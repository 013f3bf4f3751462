"""Lists at scale: 100,000 cases and 25,000 open approval tasks over several agencies.

    python -m bench.lists [--cases 100000] [--tasks 25000] [--requests 200] [--quick]

Seeds an embedded PostgreSQL through COPY, starts the API (uvicorn in a subprocess, no Temporal:
lists read PostgreSQL only) and measures, over real HTTP, p50/p95 of the first page, a deep page
(keyset cursor in the middle), each filter, the party-name search and a leader's task list, against
`GET /auth/me` in the same run. Target: each ≤ 3× `/auth/me` at p95.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg

from bench.ingest import free_port
from bench.options import parse_with_quick
from bench.serving import sign_in, wait_listening

TARGET = 3.0
BRANDS = [a + b for a in "鑫华瑞恒泰福宏德嘉兴" for b in "达源盛通利安昌隆丰祥"]  # 100 brand names
TRADES = ["食品", "百货", "五金", "药房", "餐饮", "建材", "物流", "科技", "服装", "超市"]
FORMS = ["有限公司", "经营部", "商行", "店"]
PHASES = ["investigation", "rights_window", "legal_review", "leader_approval", "performance", "archived"]
START_TYPES = ["ex_officio", "complaint", "application", "emergency"]
AGENCY_TREE = (
    # code, name, parent code, profile
    ("bench-province", "某省市场监督管理局", None, "national"),
    ("bench-city-1", "某市市场监督管理局", "bench-province", "taian-2017"),
    ("bench-city-2", "另一市市场监督管理局", "bench-province", "guangdong-2018"),
    ("bench-d-11", "某市甲区分局", "bench-city-1", "taian-2017"),
    ("bench-d-12", "某市乙区分局", "bench-city-1", "taian-2017"),
    ("bench-d-21", "另一市丙区分局", "bench-city-2", "guangdong-2018"),
    ("bench-d-22", "另一市丁区分局", "bench-city-2", "guangdong-2018"),
)


@dataclass(frozen=True)
class Timing:
    name: str
    p50_ms: float
    p95_ms: float
    rows: int


def party_name(rng: random.Random) -> str:
    return f"{rng.choice(['泰安市', '济南市', '广州市', '深圳市'])}{rng.choice(BRANDS)}{rng.choice(TRADES)}{rng.choice(FORMS)}"


def seed(url: str, *, cases: int, tasks: int) -> dict[str, Any]:
    """The agencies, users and rows; returns what the measurements need (ids, a deep cursor)."""
    rng = random.Random(20261130)
    now = datetime.now(UTC)
    with psycopg.connect(url) as conn:
        ids: dict[str, uuid.UUID] = {}
        for code, name, parent, profile in AGENCY_TREE:
            ids[code] = uuid.uuid4()
            conn.execute(
                "INSERT INTO agencies (id, code, name, short_name, parent_id, profile_id) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (ids[code], code, name, name[:6], ids[parent] if parent else None, profile),
            )
        districts = [ids[c] for c, *_ in AGENCY_TREE if c.startswith("bench-d-")]
        officers = [uuid.uuid4() for _ in range(40)]
        supervisor, leader = uuid.uuid4(), uuid.uuid4()
        password = conn.execute("SELECT password_hash FROM users WHERE username = 'leader'").fetchone()
        assert password is not None
        people: list[tuple[uuid.UUID, str, str, str | None]] = [
            (o, f"bench-officer-{i}", f"执法员{i}", f"3709{i:010d}") for i, o in enumerate(officers)
        ]
        people += [
            (supervisor, "bench-supervisor", "省局监督员", None),
            (leader, "bench-leader", "甲区局长", None),
        ]
        with conn.cursor().copy(
            "COPY users (id, username, full_name, password_hash, certificate_no, active) FROM STDIN"
        ) as copy:
            for user_id, username, full_name, certificate in people:
                copy.write_row((user_id, username, full_name, password[0], certificate, True))
        memberships = [
            (uuid.uuid4(), o, districts[i % len(districts)], "officer") for i, o in enumerate(officers)
        ]
        memberships += [
            (uuid.uuid4(), supervisor, ids["bench-province"], "supervisor"),
            (uuid.uuid4(), leader, ids["bench-d-11"], "leader"),
        ]
        with conn.cursor().copy("COPY memberships (id, user_id, agency_id, role) FROM STDIN") as copy:
            for row in memberships:
                copy.write_row(row)

        case_ids: list[tuple[uuid.UUID, uuid.UUID]] = []
        with conn.cursor().copy(
            "COPY cases (id, case_no, agency_id, workflow_id, profile_id, profile_version, start_type, cause,"
            " party, phase, status, next_deadline_at, next_deadline_label, flags, created_by, created_at)"
            " FROM STDIN"
        ) as copy:
            for n in range(cases):
                case_id = uuid.uuid4()
                agency = districts[n % len(districts)]
                phase = rng.choice(PHASES)
                closed = phase == "archived"
                deadline = None if closed else now + timedelta(hours=rng.randint(-30 * 24, 90 * 24))
                flags = (
                    ["case_handling_overdue"] if deadline and deadline < now and rng.random() < 0.5 else []
                )
                party = {
                    "name": party_name(rng),
                    "kind": "organisation",
                    "id_number": f"9137{rng.randrange(10**14):014d}",
                }
                copy.write_row(
                    (
                        case_id,
                        f"基准立字〔{2024 + n % 3}〕第{n + 1}号",
                        agency,
                        f"case-{case_id}",
                        "taian-2017",
                        "1",
                        rng.choice(START_TYPES),
                        "涉嫌违法经营",
                        json.dumps(party, ensure_ascii=False),
                        phase,
                        "archived" if closed else "open",
                        deadline,
                        "作出行政处罚决定" if deadline else None,
                        json.dumps(flags),
                        officers[0],
                        now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60)),
                    )
                )
                case_ids.append((case_id, agency))
                if n == cases // 3:
                    sample_code = party["id_number"][5:15]
        with conn.cursor().copy(
            "COPY case_officers (id, case_id, user_id, certificate_no, lead) FROM STDIN"
        ) as copy:
            for n, (case_id, _agency) in enumerate(case_ids):
                first, second = officers[n % len(officers)], officers[(n + 1) % len(officers)]
                copy.write_row((uuid.uuid4(), case_id, first, "", True))
                copy.write_row((uuid.uuid4(), case_id, second, "", False))
        with conn.cursor().copy(
            "COPY approval_tasks (id, case_id, agency_id, step_key, kind, title, role, subject, status, due_at)"
            " FROM STDIN"
        ) as copy:
            for n in range(tasks * 2):  # as many signed tasks as open ones: history is part of the table
                case_id, agency = case_ids[rng.randrange(len(case_ids))]
                copy.write_row(
                    (
                        uuid.uuid4(),
                        case_id,
                        agency,
                        f"bench:{n}",
                        "filing",
                        "立案审批",
                        rng.choice(["leader", "unit_head", "legal_reviewer"]),
                        "{}",
                        "open" if n < tasks else "signed",
                        now + timedelta(hours=rng.randint(-5 * 24, 30 * 24)),
                    )
                )
        conn.commit()
        conn.execute("ANALYZE")
        middle = conn.execute(
            "SELECT next_deadline_at, id FROM cases ORDER BY coalesce(next_deadline_at, 'infinity'), id "
            "OFFSET %s LIMIT 1",
            (cases // 2,),
        ).fetchone()
        assert middle is not None
    return {
        "districts": districts,
        "city": ids["bench-city-1"],
        "officer": officers[3],
        "middle": middle,
        "middle_row": cases // 2,
        "sample_code": sample_code,
    }


def measure(
    clients: dict[str, httpx.Client], cases: list[tuple[str, str, str, dict[str, Any]]], *, requests: int
) -> list[Timing]:
    """Round-robin: each round sends every request once, so a machine shared with other work slows
    the baseline and the lists alike and the ratios stay fair."""
    samples: dict[str, list[float]] = {name: [] for name, *_ in cases}
    rows: dict[str, int] = {}
    for round_ in range(requests + 10):
        for name, who, path, params in cases:
            started = time.perf_counter()
            response = clients[who].get(path, params=params)
            elapsed = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            if round_ >= 10:  # warm-up rounds are not counted
                samples[name].append(elapsed)
            body = response.json()
            rows[name] = len(body) if isinstance(body, list) else 1
    timings = []
    for name, *_ in cases:
        ordered = sorted(samples[name])
        timings.append(
            Timing(name, statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1], rows[name])
        )
    return timings


def login(base: str, username: str) -> httpx.Client:
    from casetrail.seed import DEMO_PASSWORD

    client = httpx.Client(base_url=base, timeout=60)
    token = sign_in(client, username, DEMO_PASSWORD)
    client.cookies.clear()
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def scenarios(facts: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(name, who, path, params): the supervisor sees all 100,000 cases; the leader is one district's."""
    from casetrail.services.search import encode_cursor

    today = datetime.now(UTC).date()
    deep = encode_cursor(*facts["middle"])
    page = {"limit": 50}
    return [
        ("cases: first page", "supervisor", "/cases", page),
        (
            f"cases: deep page (keyset, row {facts['middle_row']:,})",
            "supervisor",
            "/cases",
            page | {"after": deep},
        ),
        ("cases: newest first", "supervisor", "/cases", page | {"sort": "newest"}),
        ("cases: party name 鑫达食品", "supervisor", "/cases", page | {"q": "鑫达食品"}),
        ("cases: credit code part", "supervisor", "/cases", page | {"q": facts["sample_code"]}),
        ("cases: case number", "supervisor", "/cases", page | {"q": "第7777号"}),
        ("cases: officer", "supervisor", "/cases", page | {"officer_id": str(facts["officer"])}),
        ("cases: phase", "supervisor", "/cases", page | {"phase": "legal_review"}),
        ("cases: start type", "supervisor", "/cases", page | {"start_type": "emergency"}),
        ("cases: profile", "supervisor", "/cases", page | {"profile_id": "taian-2017"}),
        ("cases: agency subtree", "supervisor", "/cases", page | {"agency_id": str(facts["city"])}),
        ("cases: one district", "supervisor", "/cases", page | {"agency_id": str(facts["districts"][3])}),
        (
            "cases: opened in a month",
            "supervisor",
            "/cases",
            page
            | {
                "opened_from": str(today - timedelta(days=400)),
                "opened_to": str(today - timedelta(days=370)),
            },
        ),
        (
            "cases: deadline in a week",
            "supervisor",
            "/cases",
            page | {"deadline_from": str(today), "deadline_to": str(today + timedelta(days=7))},
        ),
        ("cases: overdue", "supervisor", "/cases", page | {"overdue": "true"}),
        ("cases: flagged", "supervisor", "/cases", page | {"flagged": "true"}),
        ("cases: a district leader's", "leader", "/cases", page),
        ("tasks: a leader's first page", "leader", "/tasks", page),
        ("tasks: a leader's, no limit given", "leader", "/tasks", {}),
        ("desk: a leader's first page (with opinions)", "leader", "/desk", page),
    ]


def run(*, cases: int, tasks: int, requests: int) -> list[Timing]:
    from casetrail.runtime.postgres import EmbeddedPostgres
    from casetrail.seed import seed_demo
    from casetrail.store import db, migrate

    with tempfile.TemporaryDirectory(prefix="casetrail-bench-lists-") as tmp:
        root = Path(tmp)
        os.chmod(root, 0o755)  # the embedded PostgreSQL runs as its own user
        postgres = EmbeddedPostgres(root / "pg" / "data")
        url = postgres.start()
        server: subprocess.Popen[bytes] | None = None
        try:
            migrate.upgrade(url)

            async def demo() -> None:
                db.configure(url)
                async with db.transaction() as session:
                    await seed_demo(session)
                await db.dispose()

            asyncio.run(demo())
            started = time.perf_counter()
            facts = seed(url.replace("postgresql+psycopg", "postgresql"), cases=cases, tasks=tasks)
            print(
                f"seeded {cases:,} cases, {tasks:,} open tasks in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            port = free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "bench.ingest", "serve", url, str(root / "home"), str(port)],
                cwd=Path(__file__).resolve().parent.parent,
            )
            base = f"http://127.0.0.1:{port}"
            wait_listening(base, server)
            clients = {"supervisor": login(base, "bench-supervisor"), "leader": login(base, "bench-leader")}
            baseline: tuple[str, str, str, dict[str, Any]] = (
                "GET /auth/me (baseline)",
                "supervisor",
                "/auth/me",
                {},
            )
            timings = measure(clients, [baseline, *scenarios(facts)], requests=requests)
            for client in clients.values():
                client.close()
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            postgres.stop()
    return timings


def report(timings: list[Timing]) -> bool:
    baseline = timings[0].p95_ms
    width = max(len(t.name) for t in timings)
    print(f"\n{'request'.ljust(width)}   p50 ms   p95 ms  rows  p95 / auth/me (target <= {TARGET:.0f}x)")
    ok = True
    for timing in timings:
        ratio = timing.p95_ms / baseline
        verdict = "" if timing.name.startswith("GET /auth/me") else ("OK" if ratio <= TARGET else "MISS")
        ok = ok and verdict != "MISS"
        print(
            f"{timing.name.ljust(width)}  {timing.p50_ms:7.2f}  {timing.p95_ms:7.2f}  {timing.rows:4d}  {ratio:5.2f}x {verdict}"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lists", description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=25_000)
    parser.add_argument("--requests", type=int, default=200)
    options = parse_with_quick(parser, argv, {"cases": 2000, "tasks": 500, "requests": 10})
    ok = report(run(cases=options.cases, tasks=options.tasks, requests=options.requests))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
