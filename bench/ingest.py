"""Evidence ingest benchmark: upload a large file through the real API and compare with sha256sum.

    python -m bench.ingest [--size-mb 1024] [--chunk-kb 1024] [--client curl|httpx] [--quick]

Starts an embedded PostgreSQL and the API (uvicorn, in a subprocess on a free port, no Temporal
needed for uploads), streams the file with a real HTTP client, and reports throughput against
`sha256sum` of the same file in the same run (target ≥ 0.7x), the server's peak RSS (VmHWM,
target < 150 MB) and the cost of re-hashing a partial upload on a resume in another process.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.options import parse_with_quick
from bench.serving import sign_in, wait_listening

MB = 1024 * 1024


@dataclass
class Figures:
    size: int
    sha256sum_s: float
    upload_s: float
    rehash_s: float
    server_peak_rss: int  # bytes (VmHWM) while uploading, reset after the login
    server_idle_rss: int
    server_login_peak_rss: int  # VmHWM up to the login: argon2 hashes with 64 MiB of memory

    def rows(self) -> list[tuple[str, str]]:
        mb = self.size / MB
        ratio = self.sha256sum_s / self.upload_s
        return [
            ("file", f"{mb:,.0f} MiB"),
            ("sha256sum", f"{self.sha256sum_s:6.2f} s  {mb / self.sha256sum_s:7.1f} MiB/s"),
            ("upload via API", f"{self.upload_s:6.2f} s  {mb / self.upload_s:7.1f} MiB/s"),
            ("upload / sha256sum", f"{ratio:6.2f}x   (target >= 0.70x) {'OK' if ratio >= 0.7 else 'MISS'}"),
            ("server RSS idle", f"{self.server_idle_rss / MB:6.1f} MiB"),
            (
                "server peak RSS at login",
                f"{self.server_login_peak_rss / MB:6.1f} MiB (argon2 memory_cost 64 MiB)",
            ),
            (
                "server peak RSS uploading",
                f"{self.server_peak_rss / MB:6.1f} MiB (target < 150) "
                f"{'OK' if self.server_peak_rss < 150 * MB else 'MISS'}",
            ),
            (
                "re-hash on resume elsewhere",
                f"{self.rehash_s:6.2f} s for the whole file (hashlib, 1 MiB reads)",
            ),
        ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: An MP4 ``ftyp`` box: the upload is declared a video, and the server reads its first bytes.
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def make_file(path: Path, size: int) -> None:
    """An MP4 header, then random bytes (incompressible, like a recording's payload)."""
    with path.open("wb") as out:
        out.write(MP4_HEAD[:size])
        remaining = size - min(size, len(MP4_HEAD))
        while remaining:
            block = os.urandom(min(4 * MB, remaining))
            out.write(block)
            remaining -= len(block)


def timed_sha256sum(path: Path) -> tuple[str, float]:
    started = time.perf_counter()
    out = subprocess.run(["sha256sum", str(path)], check=True, capture_output=True, text=True).stdout
    return out.split()[0], time.perf_counter() - started


def timed_rehash(path: Path) -> float:
    started = time.perf_counter()
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(MB):
            digest.update(chunk)
    return time.perf_counter() - started


def rss(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


def content_answers(profile_id: str) -> dict[str, str]:
    """What the demo agency's regulation asks a recording to show (泰安 Art. 16), each answered."""
    from casetrail.rules.registry import get_profile

    points = get_profile(profile_id).av_procedure.content_points
    return {item: f"00:00-05:00 录有{item}" for item in points.items} if points else {}


async def prepare_database(url: str) -> uuid.UUID:
    from sqlalchemy import select

    from casetrail.seed import seed_demo
    from casetrail.store import db, migrate
    from casetrail.store.models import Agency, Case, CaseOfficer, User

    await asyncio.to_thread(migrate.upgrade, url)
    db.configure(url)
    try:
        async with db.transaction() as session:
            await seed_demo(session)
            agency = (
                await session.execute(select(Agency).where(Agency.code == "demo-district-amr"))
            ).scalar_one()
            officers = (
                (await session.execute(select(User).where(User.username.in_(("officer1", "officer2")))))
                .scalars()
                .all()
            )
            case = Case(
                case_no=f"基准〔2026〕{uuid.uuid4().hex[:8]}号",
                agency_id=agency.id,
                workflow_id=f"bench-{uuid.uuid4()}",
                profile_id=agency.profile_id,
                profile_version="1",
                start_type="ex_officio",
                cause="证据上传基准测试",
                party={},
                phase="investigation",
                created_by=officers[0].id,
            )
            session.add(case)
            await session.flush()
            for officer in officers:
                session.add(
                    CaseOfficer(
                        case_id=case.id, user_id=officer.id, certificate_no=officer.certificate_no or ""
                    )
                )
            return case.id
    finally:
        await db.dispose()


def serve(database_url: str, home: str, port: int) -> None:
    """The API process under test (no Temporal: uploads do not touch the workflow)."""
    import uvicorn

    from casetrail.api.app import create_app
    from casetrail.config import Settings
    from casetrail.errors import Unavailable
    from casetrail.store import db

    async def no_temporal() -> object:
        raise Unavailable("基准测试不连接 Temporal")

    settings = Settings(CASETRAIL_HOME=home)  # type: ignore[call-arg]
    db.configure(database_url, pool_size=4)
    app = create_app(no_temporal, settings)  # type: ignore[arg-type]
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def curl_patch(url: str, headers: dict[str, str], source: Path) -> tuple[int, str]:
    """curl streams the file from disk (C client: the figure is the server's, not the client's)."""
    command = ["curl", "-sS", "-X", "PATCH", "-T", str(source), "-w", "\n%{http_code}", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    body, _, status = out.rpartition("\n")
    return int(status), body


def file_chunks(path: Path, chunk: int) -> Iterator[bytes]:
    with path.open("rb") as source:
        while block := source.read(chunk):
            yield block


def run(size: int, chunk: int, client: str) -> Figures:
    from casetrail.runtime.postgres import EmbeddedPostgres
    from casetrail.seed import DEMO_PASSWORD

    with tempfile.TemporaryDirectory(prefix="casetrail-bench-") as tmp:
        root = Path(tmp)
        os.chmod(root, 0o755)  # the embedded PostgreSQL runs as its own user
        source = root / "evidence.bin"
        print(f"writing {size / MB:,.0f} MiB of random data …", flush=True)
        make_file(source, size)
        sha256, sha256sum_s = timed_sha256sum(source)
        rehash_s = timed_rehash(source)

        postgres = EmbeddedPostgres(root / "pg" / "data")
        url = postgres.start()
        server: subprocess.Popen[bytes] | None = None
        try:
            case_id = asyncio.run(prepare_database(url))
            port = free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "bench.ingest", "serve", url, str(root / "home"), str(port)],
                cwd=Path(__file__).resolve().parent.parent,
            )
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=600) as http:
                wait_listening(base, server)
                headers = {"Authorization": f"Bearer {sign_in(http, 'officer1', DEMO_PASSWORD)}"}
                idle = rss(server.pid, "VmRSS")
                login_peak = rss(server.pid, "VmHWM")
                # Reset the high-water mark so the figure is the ingest's own, not argon2's.
                Path(f"/proc/{server.pid}/clear_refs").write_text("5")
                started = time.perf_counter()
                created = http.post(
                    f"/cases/{case_id}/uploads",
                    headers=headers,
                    json={
                        "kind": "video",
                        "filename": "bench.mp4",
                        "media_type": "video/mp4",
                        "size": size,
                        "sha256": sha256,
                        "metadata": {
                            "recorder": "张三",
                            "method": "执法记录仪",
                            "device": "DSJ-0001",
                            "recorded_from": "2026-03-02T09:00:00+08:00",
                            "recorded_to": "2026-03-02T10:00:00+08:00",
                            "place": "某地",
                            "proves": "基准测试",
                            "content": content_answers("taian-2017"),
                        },
                    },
                )
                created.raise_for_status()
                patch_headers = {
                    **headers,
                    "Upload-Offset": "0",
                    "Content-Type": "application/offset+octet-stream",
                    "Content-Length": str(size),
                }
                url = f"{base}/uploads/{created.json()['id']}"
                if client == "curl":
                    status, body = curl_patch(url, patch_headers, source)
                else:
                    done = http.patch(url, headers=patch_headers, content=file_chunks(source, chunk))
                    status, body = done.status_code, done.text
                upload_s = time.perf_counter() - started
                if status != 201 or json.loads(body)["sha256"] != sha256:
                    raise RuntimeError(f"upload failed: {status} {body[:300]}")
                peak = rss(server.pid, "VmHWM")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            postgres.stop()
    return Figures(size, sha256sum_s, upload_s, rehash_s, peak, idle, login_peak)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["serve"]:
        serve(args[1], args[2], int(args[3]))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--chunk-kb", type=int, default=1024, help="httpx client write size")
    parser.add_argument("--client", choices=("curl", "httpx"), default="curl")
    options = parse_with_quick(parser, args, {"size_mb": 16})
    figures = run(options.size_mb * MB, options.chunk_kb * 1024, options.client)
    width = max(len(name) for name, _ in figures.rows())
    print()
    for name, value in figures.rows():
        print(f"{name.ljust(width)}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
