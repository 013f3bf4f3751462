"""Helpers to drive cases through the HTTP API in tests."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import select

from casetrail.store.db import transaction
from casetrail.store.models import Agency, User


async def ids_of(*usernames: str) -> list[str]:
    async with transaction() as session:
        rows = (
            await session.execute(select(User.username, User.id).where(User.username.in_(usernames)))
        ).all()
    by_name = {name: str(uid) for name, uid in rows}
    return [by_name[name] for name in usernames]


async def agency_id(code: str) -> str:
    async with transaction() as session:
        return str((await session.execute(select(Agency.id).where(Agency.code == code))).scalar_one())


def case_body(agency: str, officers: list[str], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "agency_id": agency,
        "start_type": "ex_officio",
        "cause": "涉嫌销售过期食品",
        "party": {
            "name": "泰安市某某超市有限公司",
            "kind": "organisation",
            "id_number": "91370900MA3C000000",
            "address": "泰安市泰山区东岳大街1号",
            "representative": "赵某",
        },
        "officer_ids": officers,
        "facts": {"source": "日常检查", "summary": "检查发现货架上有过期酸奶12盒"},
    }
    body.update(overrides)
    return body


async def wait_for_phase(
    api: httpx.AsyncClient,
    headers: dict[str, str],
    case_id: str,
    phase: str,
    timeout: float = 20.0,
    interval: float = 0.1,
) -> dict[str, Any]:
    """Poll the read model until the workflow's activity has written the phase."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        response = await api.get(f"/cases/{case_id}", headers=headers)
        assert response.status_code == 200, response.text
        detail: dict[str, Any] = response.json()
        if detail["case"]["phase"] == phase:
            return detail
        if loop.time() > deadline:
            raise AssertionError(f"case stayed in {detail['case']['phase']!r}, expected {phase!r}")
        await asyncio.sleep(interval)


async def open_case(api: httpx.AsyncClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """An ex-officio case of the district agency with officer1 and officer2, opened through the API."""
    district = await agency_id("demo-district-amr")
    response = await api.post(
        "/cases", json=case_body(district, await ids_of("officer1", "officer2"), **overrides), headers=headers
    )
    assert response.status_code == 201, response.text
    case: dict[str, Any] = response.json()
    return case


async def approve_filing(
    api: httpx.AsyncClient, officer: dict[str, str], leader: dict[str, str], case_id: str
) -> httpx.Response:
    """The leader signs the case's filing approval once the workflow has opened it."""
    await wait_for_phase(api, officer, case_id, "filing_approval")
    task = next(t for t in (await api.get("/tasks", headers=leader)).json() if t["case_id"] == case_id)
    return await api.post(f"/tasks/{task['id']}/decision", json={"decision": "approve"}, headers=leader)
