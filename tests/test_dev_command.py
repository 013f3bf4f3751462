"""The README's first command: `casetrail dev` starts everything, Ctrl-C stops it, data survives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from casetrail.seed import DEMO_PASSWORD

from .conftest import repo_root, scratch_dir, stable_free_port


def _request(url: str, body: dict[str, Any] | None = None, token: str | None = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def dev_env(home: Path, **extra: str) -> tuple[dict[str, str], int]:
    """The environment of a `casetrail dev` of this checkout on free ports; and its API port."""
    api_port = stable_free_port()
    env = {
        **os.environ,
        "CASETRAIL_HOME": str(home),
        "CASETRAIL_API_PORT": str(api_port),
        "CASETRAIL_TEMPORAL_PORT": str(stable_free_port()),
        "CASETRAIL_TEMPORAL_UI_PORT": str(stable_free_port()),
        # Run this checkout's code (worktrees share one virtualenv whose editable install points elsewhere).
        "PYTHONPATH": str(repo_root()),
        **extra,
    }
    env.pop("DATABASE_URL", None)
    env.pop("TEMPORAL_ADDRESS", None)
    return env, api_port


def _wait_healthy(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"casetrail dev exited early:\n{log.read_text()}")
        try:
            status, body = _request(f"{base}/health")
            if status == 200 and body["status"] == "ok":
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"casetrail dev never became healthy:\n{log.read_text()}")


def _start(home: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    cmd = [str(Path(sys.executable).parent / "casetrail"), "dev"]
    return subprocess.Popen(cmd, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, cwd=home)


def _stop(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGINT)
    return proc.wait(60)


def test_dev_starts_stops_and_keeps_data() -> None:
    with scratch_dir("casetrail-test-dev-") as tmp_path:
        _dev_starts_stops_and_keeps_data(tmp_path)


def _dev_starts_stops_and_keeps_data(tmp_path: Path) -> None:
    env, api_port = dev_env(tmp_path / "var")
    base = f"http://127.0.0.1:{api_port}"
    log = tmp_path / "dev.log"

    proc = _start(tmp_path, env, log)
    try:
        _wait_healthy(base, proc, log)
        status, token = _request(f"{base}/auth/login", {"username": "admin", "password": DEMO_PASSWORD})
        assert status == 200
        status, me = _request(f"{base}/auth/me", token=token["token"])
        assert status == 200 and me["username"] == "admin"
    finally:
        assert _stop(proc) == 0, log.read_text()
    assert (tmp_path / "var" / "pg" / "PG_VERSION").exists()
    assert (tmp_path / "var" / "temporal.sqlite").exists()

    # Starting again reuses the data: the login token issued before is still valid.
    proc = _start(tmp_path, env, log)
    try:
        _wait_healthy(base, proc, log)
        status, me = _request(f"{base}/auth/me", token=token["token"])
        assert status == 200 and me["username"] == "admin"
    finally:
        assert _stop(proc) == 0, log.read_text()
