"""`casetrail dev` stopped by SIGTERM stops everything it started; a leftover from a crash (SIGKILL)
is taken over by the next start instead of failing it."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from tests.conftest import scratch_dir
from tests.test_dev_command import _request, _start, _wait_healthy, dev_env


def _ours(home: Path) -> list[int]:
    """Processes whose command line names this data folder (PostgreSQL, the Temporal dev server)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if str(home).encode() in (proc / "cmdline").read_bytes():
                    pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def test_sigterm_stops_everything_and_a_crash_leftover_is_taken_over() -> None:
    with scratch_dir("casetrail-test-signals-") as tmp:
        home = tmp / "var"
        env, api_port = dev_env(home)
        base, log = f"http://127.0.0.1:{api_port}", tmp / "dev.log"

        crashed = _start(tmp, env, log)
        _wait_healthy(base, crashed, log)
        crashed.send_signal(signal.SIGKILL)
        crashed.wait(10)
        assert _ours(home), "a SIGKILL leaves the embedded services running"

        proc = _start(tmp, env, log)
        try:
            _wait_healthy(base, proc, log)  # took the leftover over
            status, _ = _request(f"{base}/health")
            assert status == 200
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(60) == 0, log.read_text()
        deadline = time.monotonic() + 10
        while _ours(home) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _ours(home) == [], log.read_text()[-3000:]
        assert "Traceback" not in log.read_text()
