"""Schemathesis over the OpenAPI against the real `casetrail dev` stack, signed in as an officer,
bounded in time: not one server error."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from casetrail.seed import DEMO_PASSWORD
from tests.conftest import scratch_dir
from tests.test_dev_command import _request, _start, _wait_healthy

from .helpers import dev_env

FUZZ_SECONDS = 120


def _schemathesis() -> str:
    found = Path(sys.executable).parent / "schemathesis"
    if not found.exists() and shutil.which("schemathesis") is None:
        pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
    return str(found) if found.exists() else str(shutil.which("schemathesis"))


def test_no_server_error_anywhere_in_the_api() -> None:
    binary = _schemathesis()
    with scratch_dir("casetrail-test-fuzz-") as tmp:
        # The fuzzer is one address calling fast: no rate limit for it.
        env, api_port = dev_env(tmp / "var", CASETRAIL_OPEN_RATE_PER_MINUTE="0")
        base, log = f"http://127.0.0.1:{api_port}", tmp / "dev.log"
        proc = _start(tmp, env, log)
        try:
            _wait_healthy(base, proc, log)
            status, token = _request(
                f"{base}/auth/login", {"username": "officer1", "password": DEMO_PASSWORD}
            )
            assert status == 200
            fuzz = subprocess.run(
                [
                    binary,
                    "run",
                    f"{base}/openapi.json",
                    "-H",
                    f"Authorization: Bearer {token['token']}",
                    "--checks",
                    "not_a_server_error",
                    "--max-time",
                    str(FUZZ_SECONDS),
                    "--max-examples",
                    "15",
                    "--workers",
                    "1",
                    "--exclude-path-regex",
                    "/auth/(logout|password)",  # keep the session the fuzzer signs in with
                ],
                capture_output=True,
                text=True,
                timeout=FUZZ_SECONDS + 120,
                check=False,
            )
            assert fuzz.returncode == 0, fuzz.stdout[-6000:]
            assert "passed" in fuzz.stdout
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
        assert "Internal Server Error" not in log.read_text()
