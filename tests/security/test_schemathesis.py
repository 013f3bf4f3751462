"""Schemathesis over the OpenAPI against the real `casetrail dev` stack, signed in as an officer,
bounded in time: not one server error."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from casetrail.seed import DEMO_PASSWORD
from tests.conftest import scratch_dir
from tests.test_dev_command import _request, _start, _wait_healthy, dev_env

FUZZ_SECONDS = 120


#: Operations the fuzzer leaves alone: they would end the session it signs in with.
KEEP_SESSION = r"/auth/(logout|password)"


def _schemathesis() -> str:
    """A dev dependency (pyproject.toml): missing is a broken install, not a reason to skip."""
    found = Path(sys.executable).parent / "schemathesis"
    binary = str(found) if found.exists() else shutil.which("schemathesis")
    assert binary, "schemathesis is not installed (pip install -e '.[dev]')"
    return binary


def _operations(spec: dict[str, Any]) -> int:
    methods = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
    return sum(
        1
        for path, item in spec["paths"].items()
        if not re.search(KEEP_SESSION, path)
        for method in item
        if method in methods
    )


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
            # The schema is built on its first request, which takes longer than the fuzzer's 10 s
            # read timeout on a loaded machine: fetch it once here and give the fuzzer the file.
            with urllib.request.urlopen(f"{base}/openapi.json", timeout=120) as answer:
                spec = json.loads(answer.read())
            (tmp / "openapi.json").write_text(json.dumps(spec))
            fuzz = subprocess.run(
                [
                    binary,
                    "run",
                    str(tmp / "openapi.json"),
                    "--url",
                    base,
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
                    "--request-timeout",
                    "60",  # a slow answer on a busy machine is not what this test looks for
                    "--exclude-path-regex",
                    KEEP_SESSION,
                ],
                capture_output=True,
                text=True,
                timeout=FUZZ_SECONDS + 120,
                check=False,
            )
            assert fuzz.returncode == 0, fuzz.stdout[-6000:]
            assert "passed" in fuzz.stdout
            # Every operation was called, not only loaded (a run that reaches none passes too).
            operations = _operations(spec)
            assert operations > 50, operations
            assert re.search(rf"Tested:\s+{operations}\b", fuzz.stdout), fuzz.stdout[-3000:]
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
        assert "Internal Server Error" not in log.read_text()
