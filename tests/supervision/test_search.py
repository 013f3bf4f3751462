"""Case search and task lists: every filter in SQL, keyset pages that neither skip nor repeat, exports."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from openpyxl import load_workbook

from casetrail.store.models import Role
from tests.api.conftest import Login

from .helpers import add_agency, add_case, add_task, add_user, user_id

NOW = datetime.now(UTC)
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
async def world() -> dict[str, Any]:
    """A city with two districts; a supervisor at the city, a leader in district A; known cases."""
    city = await add_agency("检索测试市局")
    district_a = await add_agency("检索测试甲分局", parent=city)
    district_b = await add_agency("检索测试乙分局", parent=city)
    supervisor = await add_user("监督员", roles={city: (Role.supervisor,)})
    leader = await add_user("甲局长", roles={district_a: (Role.leader,)})
    officer = await add_user("甲执法员", roles={district_a: (Role.officer,)}, certificate=True)
    officer_id = await user_id(officer)
    cases: dict[str, uuid.UUID] = {}
    cases["overdue"] = await add_case(
        agency_id=district_a,
        case_no="检测立字〔2026〕第1号",
        party_name="泰山红星食品有限公司",
        id_number="91370900MA3CXYZ001",
        officers=(officer_id,),
        next_deadline_at=NOW - timedelta(days=2),
        flags=["case_handling_overdue"],
    )
    cases["soon"] = await add_case(
        agency_id=district_a,
        case_no="检测立字〔2026〕第2号",
        party_name="岱岳百货商店",
        id_number="91370900MA3CXYZ002",
        next_deadline_at=NOW + timedelta(days=3),
        phase="rights_window",
        start_type="complaint",
    )
    cases["later"] = await add_case(
        agency_id=district_b,
        case_no="检测立字〔2026〕第3号",
        party_name="红星五金经营部",
        id_number="91370900MA3CXYZ003",
        next_deadline_at=NOW + timedelta(days=30),
        profile_id="guangdong-2018",
    )
    cases["none"] = await add_case(
        agency_id=district_b,
        case_no="检测立字〔2026〕第4号",
        party_name="张某",
        id_number="370902199001011234",
    )
    for index in range(7):
        await add_task(
            case_id=cases["soon"],
            agency_id=district_a,
            role="leader",
            due_at=None if index == 6 else NOW + timedelta(days=index),
            title=f"审批{index}",
        )
    await add_task(case_id=cases["later"], agency_id=district_b, role="leader", due_at=NOW, title="乙局审批")
    return {
        "city": city,
        "a": district_a,
        "b": district_b,
        "supervisor": supervisor,
        "leader": leader,
        "officer": officer_id,
        "cases": cases,
    }


async def numbers(api: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[str]:
    response = await api.get("/cases", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [c["case_no"][-3:-1] for c in response.json()]


async def test_every_filter_narrows_in_sql(
    reads_api: httpx.AsyncClient, reads_login: Login, world: dict[str, Any]
) -> None:
    supervisor = await reads_login(world["supervisor"])
    assert await numbers(reads_api, supervisor) == ["第1", "第2", "第3", "第4"]  # deadline order, none last
    assert await numbers(reads_api, supervisor, q="红星") == ["第1", "第3"]  # party name substring
    assert await numbers(reads_api, supervisor, q="XYZ002") == ["第2"]  # credit code substring
    assert await numbers(reads_api, supervisor, q="〔2026〕第4") == ["第4"]  # case number
    assert await numbers(reads_api, supervisor, q="100%") == []  # LIKE wildcards are literal
    assert await numbers(reads_api, supervisor, officer_id=str(world["officer"])) == ["第1"]
    assert await numbers(reads_api, supervisor, phase="rights_window") == ["第2"]
    assert await numbers(reads_api, supervisor, start_type="complaint") == ["第2"]
    assert await numbers(reads_api, supervisor, profile_id="guangdong-2018") == ["第3"]
    assert await numbers(reads_api, supervisor, agency_id=str(world["b"])) == ["第3", "第4"]
    assert await numbers(reads_api, supervisor, overdue="true") == ["第1"]
    assert await numbers(reads_api, supervisor, overdue="false") == ["第2", "第3", "第4"]
    assert await numbers(reads_api, supervisor, flagged="true") == ["第1"]
    assert await numbers(reads_api, supervisor, flag="case_handling_overdue") == ["第1"]
    in_a_week = (NOW + timedelta(days=7)).date().isoformat()
    assert await numbers(reads_api, supervisor, deadline_to=in_a_week) == ["第1", "第2"]
    assert await numbers(reads_api, supervisor, deadline_from=in_a_week) == ["第3"]
    # Dates in a query are Beijing dates: from 16:00 UTC "tomorrow" in UTC is still today there.
    tomorrow = (NOW.astimezone(BEIJING) + timedelta(days=1)).date().isoformat()
    assert await numbers(reads_api, supervisor, opened_from=tomorrow) == []
    assert await numbers(reads_api, supervisor, sort="newest") == ["第4", "第3", "第2", "第1"]
    # The leader of district A sees district A only, whatever the filter asks for.
    leader = await reads_login(world["leader"])
    assert await numbers(reads_api, leader) == ["第1", "第2"]
    assert await numbers(reads_api, leader, agency_id=str(world["b"])) == []


async def test_keyset_pages_cover_everything_once(
    reads_api: httpx.AsyncClient, reads_login: Login, world: dict[str, Any]
) -> None:
    supervisor = await reads_login(world["supervisor"])
    for sort in ("deadline", "newest"):
        seen: list[str] = []
        after: str | None = None
        while True:
            params = {"limit": 1, "sort": sort} | ({"after": after} if after else {})
            response = await reads_api.get("/cases", params=params, headers=supervisor)
            assert response.status_code == 200, response.text
            seen += [c["case_no"] for c in response.json()]
            after = response.headers.get("X-Next-Cursor")
            if after is None:
                break
        assert len(seen) == len(set(seen)) == 4, (sort, seen)


async def test_bad_cursor_and_page_size_are_named(
    reads_api: httpx.AsyncClient, reads_login: Login, world: dict[str, Any]
) -> None:
    supervisor = await reads_login(world["supervisor"])
    response = await reads_api.get("/cases", params={"after": "garbage"}, headers=supervisor)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "after" and "翻页" in error["message"]
    response = await reads_api.get("/cases", params={"limit": 0}, headers=supervisor)
    assert response.status_code == 422


async def test_tasks_are_the_signers_own_soonest_first_in_pages(
    reads_api: httpx.AsyncClient, reads_login: Login, world: dict[str, Any]
) -> None:
    leader = await reads_login(world["leader"])
    titles: list[str] = []
    after: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 3} | ({"after": after} if after else {})
        response = await reads_api.get("/tasks", params=params, headers=leader)
        assert response.status_code == 200, response.text
        titles += [t["title"] for t in response.json()]
        after = response.headers.get("X-Next-Cursor")
        if after is None:
            break
    # District B's task is not the district A leader's; the task without a due time comes last.
    assert titles == [f"审批{i}" for i in range(7)]
    supervisor = await reads_login(world["supervisor"])
    assert (await reads_api.get("/tasks", headers=supervisor)).json() == []


async def test_exports_hold_the_filtered_rows_in_chinese(
    reads_api: httpx.AsyncClient, reads_login: Login, world: dict[str, Any]
) -> None:
    supervisor = await reads_login(world["supervisor"])
    response = await reads_api.get("/cases/export.csv", params={"q": "红星"}, headers=supervisor)
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "案件编号"
    assert [r[0] for r in rows[1:]] == ["检测立字〔2026〕第1号", "检测立字〔2026〕第3号"]
    assert rows[1][9] == "办案期限已届满" and rows[1][5] == "调查取证"

    response = await reads_api.get(
        "/cases/export.xlsx", params={"agency_id": str(world["b"])}, headers=supervisor
    )
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "案件编号"
    assert [v[1] for v in values[1:]] == ["红星五金经营部", "张某"]
