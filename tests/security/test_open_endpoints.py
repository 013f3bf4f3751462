"""The deadline calculator answers bounded questions off the event loop; open endpoints are rate
limited per address."""

from __future__ import annotations

import httpx
from temporalio.client import Client

from casetrail.api.app import create_app
from casetrail.config import Settings


async def test_a_thousand_year_pause_or_period_is_refused_naming_the_field(api: httpx.AsyncClient) -> None:
    base = {"start": "2026-03-02T09:00:00+08:00", "preset": "hearing_request"}
    pause = {"first_day": "2026-03-03", "last_day": "3026-03-03", "reason": "检测"}
    refused = await api.post("/deadlines/what-if", json=base | {"pauses": [pause]})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "pauses"
    assert "3660" in refused.json()["error"]["message"]
    months = await api.post(
        "/deadlines/what-if", json={"start": base["start"], "amount": 10_000, "unit": "months"}
    )
    assert months.status_code == 422 and months.json()["error"]["field"] == "amount"
    far = await api.post("/deadlines/what-if", json=base | {"start": "2259-01-01T00:00:00+08:00"})
    assert far.status_code == 422 and far.json()["error"]["field"] == "start"
    paused = pause | {"last_day": "2026-03-20"}
    answered = await api.post("/deadlines/what-if", json=base | {"pauses": [paused]})
    assert answered.status_code == 200, answered.text


async def test_open_endpoints_are_rate_limited_per_address(temporal_client: Client) -> None:
    async def factory() -> Client:
        return temporal_client

    app = create_app(factory, Settings(CASETRAIL_OPEN_RATE_PER_MINUTE=3))  # type: ignore[call-arg]
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://casetrail.test") as client:
        answers = [(await client.get("/deadlines/presets")).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        limited = await client.get("/profiles")
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert "请求过于频繁" in limited.json()["error"]["message"]
        # Signed-in work is not limited by it.
        assert (await client.get("/cases")).status_code == 401
    other = httpx.ASGITransport(app=app, client=("203.0.113.8", 4000))
    async with httpx.AsyncClient(transport=other, base_url="http://casetrail.test") as client:
        assert (await client.get("/deadlines/presets")).status_code == 200
