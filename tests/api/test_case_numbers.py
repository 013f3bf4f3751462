"""A case number is taken before the workflow starts: issued when it starts, voided (with the reason)
when Temporal refuses, so every number stays accounted for."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from casetrail.api.gateway import CaseGateway
from casetrail.api.listing import CASE_HEADER, case_row
from casetrail.errors import Unavailable
from casetrail.services.dashboard import Scope, figures
from casetrail.store.db import transaction
from casetrail.store.models import Case, NumberStatus, TakenNumber

from .conftest import Login
from .helpers import agency_id, case_body, ids_of


async def _taken(case_id: str) -> TakenNumber:
    async with transaction() as session:
        query = select(TakenNumber).where(TakenNumber.case_id == uuid.UUID(case_id))
        return (await session.execute(query)).scalar_one()


async def test_refused_start_voids_the_case_number(
    api: httpx.AsyncClient, login: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = await login("officer1")
    body = case_body(await agency_id("demo-district-amr"), await ids_of("officer1", "officer2"))
    opened = await api.post("/cases", json=body, headers=officer)
    assert opened.status_code == 201, opened.text
    issued = await _taken(opened.json()["id"])
    assert issued.status is NumberStatus.issued and issued.number == opened.json()["case_no"]

    async def refuse(self: CaseGateway, *_: object, **__: object) -> None:
        raise Unavailable("无法启动案件流程：测试中断", rule="temporal_unreachable")

    counted = await _cases_counted(body["agency_id"])
    monkeypatch.setattr(CaseGateway, "start_case", refuse)
    refused = await api.post("/cases", json=body, headers=officer)
    assert refused.status_code == 503 and "测试中断" in refused.json()["error"]["message"]
    async with transaction() as session:
        query = select(TakenNumber).where(
            TakenNumber.kind == "case",
            TakenNumber.year == issued.year,
            TakenNumber.sequence == issued.sequence + 1,
        )
        voided = (await session.execute(query)).scalar_one()
        case = await session.get(Case, voided.case_id)
        exported = case_row(case) if case is not None else []
    assert voided.status is NumberStatus.voided and "测试中断" in (voided.reason or "")
    assert case is not None and case.status == "voided" and case.case_no == voided.number
    assert exported[CASE_HEADER.index("状态")] == "已作废（流程未能启动）"  # not "voided"
    assert await _cases_counted(body["agency_id"]) == counted  # supervision and 考核 figures leave it out


async def _cases_counted(agency: str) -> int:
    async with transaction() as session:
        return (await figures(session, scope=Scope([uuid.UUID(agency)]), now=datetime.now(UTC))).total
