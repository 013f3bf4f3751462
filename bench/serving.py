"""Waiting for a benchmark's API process and signing in to it, with the server's answer in the error.

The benchmarks start the API without Temporal, so ``/health`` answers 503 (degraded) once it is up.
``/health`` and ``/auth/login`` share the per-address limit on open endpoints (120 a minute): polling
without a pause spent the bucket in a second and the sign-in then got 429, read as a missing token.
"""

from __future__ import annotations

import subprocess
import time

import httpx

#: A pause between polls: two a second is what the open-endpoint bucket refills (120 a minute), so
#: however long a loaded machine takes to start the API, the sign-ins after it keep their tokens.
POLL_S = 0.5


def wait_listening(base: str, server: subprocess.Popen[bytes], *, timeout: float = 180.0) -> None:
    """Until the API answers ``/health`` with anything (503 is its answer without Temporal)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the API process exited with {server.returncode} before answering")
        try:
            httpx.get(f"{base}/health", timeout=10)
            return
        except httpx.TransportError:
            time.sleep(POLL_S)
    raise RuntimeError(f"the API at {base} did not answer /health within {timeout:.0f} s")


def token_from(response: httpx.Response, username: str) -> str:
    """The bearer token of a ``POST /auth/login`` answer; any other answer is raised in full."""
    if response.status_code != 200:
        raise RuntimeError(f"sign-in as {username} failed: {response.status_code} {response.text[:300]}")
    return str(response.json()["token"])


def sign_in(client: httpx.Client, username: str, password: str) -> str:
    return token_from(client.post("/auth/login", json={"username": username, "password": password}), username)
