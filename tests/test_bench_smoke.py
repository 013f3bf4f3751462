"""Every benchmark runs to the end at its smallest size (``--quick``) and prints its figures.

Each runs as a person runs it (``python -m bench.X --quick`` from the repository root, its own
embedded PostgreSQL, Temporal and API processes where it has them), so a benchmark broken by a change
elsewhere (a sign-in rule, an upload check, a renamed step) fails here rather than on the day it is
needed. Only that it completes and prints its figure lines is checked, never a time: the figures of
a quick run on a shared machine mean nothing. ``bench/bare.py`` is the bare-engine worker that
``bench.throughput`` starts and measures against; its figures are the throughput's baseline column.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Generous: a quick run takes 15-60 s of CPU, and the shared 2-core machine may give it a fraction.
TIMEOUT_S = 900


@dataclass(frozen=True)
class Bench:
    module: str
    lines: tuple[str, ...]
    #: 1 is a missed target (bench.lists, bench.ui): a verdict, not a failure to run.
    exit_codes: frozenset[int] = frozenset({0})


BENCHES = [
    Bench(
        "bench.render",
        ("per page p50", "case file, 4 documents", "bind issued", "fontTools fallback (full face)"),
    ),
    Bench(
        "bench.ingest",
        ("upload / sha256sum", "server peak RSS at login", "server peak RSS uploading", "re-hash on resume"),
    ),
    Bench(
        "bench.lists",
        ("GET /auth/me (baseline)", "cases: deep page (keyset, row 1,000)", "desk: a leader's first page"),
        frozenset({0, 1}),
    ),
    Bench("bench.ui", ("GET /ui/cases/{id}", "GET /auth/me", "ratio p50"), frozenset({0, 1})),
    Bench(
        "bench.throughput",
        (
            "concurrency 1",
            "first workflow task p50 (concurrency 1)",
            "worker memory per cached case",
            "start to /health, warm",
        ),
    ),
]


@pytest.mark.parametrize("bench", BENCHES, ids=[b.module for b in BENCHES])
def test_benchmark_runs_and_prints_its_figures(bench: Bench) -> None:
    done = subprocess.run(
        [sys.executable, "-m", bench.module, "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode in bench.exit_codes, (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    missing = [line for line in bench.lines if line not in done.stdout]
    assert not missing, (missing, done.stdout[-3000:])
