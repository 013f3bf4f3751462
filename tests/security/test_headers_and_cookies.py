"""Session cookies are Secure/HttpOnly/SameSite; pages cannot be framed and carry a CSP; the compose
stack publishes no unauthenticated Temporal UI on the network."""

from __future__ import annotations

from typing import Any

import httpx
import yaml

from casetrail.api.headers import PAGE_POLICY
from casetrail.seed import DEMO_PASSWORD
from tests.conftest import repo_root


def _cookie(response: httpx.Response) -> str:
    (cookie,) = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    return cookie.lower()


async def test_session_cookies_are_secure_httponly_and_samesite(api: httpx.AsyncClient) -> None:
    for url, kwargs in (
        ("/auth/login", {"json": {"username": "officer1", "password": DEMO_PASSWORD}}),
        ("/ui/login", {"data": {"username": "officer1", "password": DEMO_PASSWORD}}),
    ):
        response = await api.post(url, **kwargs)  # type: ignore[arg-type]
        api.cookies.clear()
        assert response.status_code in (200, 303), response.text
        cookie = _cookie(response)
        assert "; secure" in cookie and "; httponly" in cookie and "samesite=lax" in cookie, url


async def test_pages_cannot_be_framed_and_carry_a_content_security_policy(api: httpx.AsyncClient) -> None:
    page = await api.get("/ui/login")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["content-security-policy"] == PAGE_POLICY
    assert "frame-ancestors 'none'" in PAGE_POLICY and "script-src 'self'" in PAGE_POLICY
    assert page.headers["x-content-type-options"] == "nosniff"
    # JSON and refusals are frame-blocked too.
    for response in (await api.get("/health"), await api.get("/cases?limit=%00")):
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    # No ReDoc page: FastAPI's loads its bundle from a CDN (the docs are offline, at /docs).
    assert (await api.get("/redoc")).status_code == 404


def test_compose_publishes_the_temporal_ui_on_loopback_only() -> None:
    compose: dict[str, Any] = yaml.safe_load((repo_root() / "docker-compose.yml").read_text())
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            if name != "api":
                assert str(port).startswith("127.0.0.1:"), (name, port)
