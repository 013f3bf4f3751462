"""The dashboard's charts: overdue cases by agency and by officer with known answers (JSON), and in
Chromium every chart drawn by ECharts from the embedded figures, one point per table row, a bar that
opens the cases behind it, nothing raw on the page and no serious axe-core finding."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, expect

from casetrail.store.models import Role
from tests.api.conftest import Login
from tests.ui.driver import Desk
from tests.ui.test_accessibility import serious_violations

from .helpers import add_agency, add_case, add_user, user_id

CST = timezone(timedelta(hours=8))
NOW = datetime.now(UTC)
CHARTS = {  # chart -> the table (by its heading) holding the same figures
    "phase": "按阶段",
    "overdue-agency": "逾期案件（按执法机关）",
    "overdue-officer": "逾期案件（按承办人员）",
    "month": "按月份",
    "start-type": "按启动方式",
}


@pytest.fixture(scope="module")
async def world() -> dict[str, Any]:
    city = await add_agency("图表测试市局")
    a = await add_agency("图表测试甲局", parent=city)
    b = await add_agency("图表测试乙局", parent=city)
    supervisor = await add_user("图表监督员", roles={city: (Role.supervisor,)})
    zhang, li, wang = [
        await user_id(await add_user(name, roles={agency: (Role.officer,)}, certificate=True))
        for name, agency in (("图表张", a), ("图表李", a), ("图表王", b))
    ]

    def opened(month: int) -> datetime:
        return datetime(2026, month, 10, 10, tzinfo=CST)

    overdue, later = NOW - timedelta(days=2), NOW + timedelta(days=10)
    label = {"next_deadline_label": "作出处理决定"}
    tag = uuid.uuid4().hex[:4]
    rows = (
        ("c1", a, (zhang, li), {"next_deadline_at": overdue, "created_at": opened(3), **label}),
        (
            "c2",
            a,
            (zhang,),
            {"next_deadline_at": overdue, "created_at": opened(4), "phase": "rights_window", **label},
        ),
        (
            "c3",
            a,
            (li,),
            {"next_deadline_at": later, "created_at": opened(4), "start_type": "complaint", **label},
        ),
        ("c4", b, (wang,), {"next_deadline_at": overdue, "created_at": opened(4), **label}),
        ("c5", b, (wang,), {"created_at": opened(5), "status": "closed", "phase": "archived"}),
    )
    cases = {
        key: await add_case(
            agency_id=agency, case_no=f"图表{tag}{key}", party_name="某公司", officers=officers, **values
        )
        for key, agency, officers, values in rows
    }
    return {"supervisor": supervisor, "cases": cases, "tag": tag, "a": a}


async def test_overdue_cases_by_agency_and_officer_have_known_answers_and_drill_down(
    reads_api: httpx.AsyncClient, reads_login: Login, world: dict[str, Any]
) -> None:
    headers = await reads_login(world["supervisor"])
    board = (await reads_api.get("/dashboard", headers=headers)).json()
    assert board["overdue"]["count"] == 3
    assert [(c["title"], c["count"]) for c in board["overdue_by_agency"]] == [
        ("图表测试甲局", 2),
        ("图表测试乙局", 1),
    ]
    # A case handled by two officers is overdue for each of them.
    assert [(c["title"], c["count"]) for c in board["overdue_by_officer"]] == [
        ("图表张", 2),
        ("图表李", 1),
        ("图表王", 1),
    ]

    async def behind(link: str) -> list[str]:
        response = await reads_api.get(link, headers=headers)
        assert response.status_code == 200, response.text
        return sorted(c["case_no"].removeprefix(f"图表{world['tag']}") for c in response.json())

    assert await behind(board["overdue_by_agency"][0]["drill"]) == ["c1", "c2"]
    assert await behind(board["overdue_by_officer"][1]["drill"]) == ["c1"]
    assert await behind(board["overdue_by_officer"][2]["drill"]) == ["c4"]


async def table_counts(desk: Desk, heading: str) -> list[tuple[str, int]]:
    table = desk.page.locator(f"h2:text-is('{heading}') + table")
    rows = await table.locator("tr").all()
    return [
        (await row.locator("td").first.inner_text(), int(await row.locator("td a").inner_text()))
        for row in rows
    ]


async def chart_series(desk: Desk, key: str) -> dict[str, Any]:
    """What ECharts drew in the chart's element: the series and their points, and the canvas."""
    result: dict[str, Any] = await desk.page.evaluate(
        """key => {
            const el = document.getElementById('chart-' + key);
            const chart = echarts.getInstanceByDom(el);
            const option = chart.getOption();
            const labels = option.xAxis && option.xAxis.length ? option.xAxis[0].data : null;
            return {
                canvas: el.querySelectorAll('canvas').length,
                series: option.series.map(s => s.data.map(d => typeof d === 'object' ? [d.name, d.value] : d)),
                labels: labels,
            };
        }""",
        key,
    )
    return result


async def test_each_chart_draws_its_table_and_a_bar_opens_the_cases_behind_it(
    browser: Browser, live_server: str, world: dict[str, Any]
) -> None:
    supervisor = await Desk.sign_in(browser, live_server, world["supervisor"])
    # The page's Content-Security-Policy (script-src 'self') lets ECharts run: no refusal, no script error.
    problems: list[str] = []
    supervisor.page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    supervisor.page.on("pageerror", lambda e: problems.append(str(e)))
    response = await supervisor.page.goto(f"{live_server}/ui/dashboard")
    assert (
        response is not None
        and "script-src 'self'" in (await response.all_headers())["content-security-policy"]
    )
    await supervisor.check_page()
    await expect(supervisor.page.locator("#chart-phase canvas")).to_have_count(1)
    await expect(supervisor.page.locator(".chart-fallback")).to_have_count(0)
    for key, heading in CHARTS.items():
        table = await table_counts(supervisor, heading)
        drawn = await chart_series(supervisor, key)
        assert drawn["canvas"] == 1, key
        assert len(drawn["series"]) == 1, key
        if key == "start-type":  # a pie: named slices
            assert sorted(drawn["series"][0]) == sorted([list(row) for row in table]), key
        elif key == "month":  # a trend: in time order
            assert list(zip(drawn["labels"], drawn["series"][0], strict=True)) == sorted(table), key
        else:
            assert list(zip(drawn["labels"], drawn["series"][0], strict=True)) == table, key
    assert dict(await table_counts(supervisor, "逾期案件（按执法机关）")) == {
        "图表测试甲局": 2,
        "图表测试乙局": 1,
    }
    assert (await chart_series(supervisor, "month"))["labels"] == ["2026年3月", "2026年4月", "2026年5月"]
    # The figures reach the page as data, never as text a person reads.
    assert "chart-data" not in await supervisor.page.locator("body").inner_text()
    assert problems == []
    assert await serious_violations(supervisor) == []

    # A click on the first bar of the overdue-by-agency chart opens the cases behind it.
    point = await supervisor.page.evaluate(
        """() => {
            const el = document.getElementById('chart-overdue-agency');
            const chart = echarts.getInstanceByDom(el);
            const [x, top] = chart.convertToPixel({seriesIndex: 0}, [0, 1]);
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + top];
        }"""
    )
    await supervisor.page.mouse.click(point[0], point[1])
    await expect(supervisor.page.locator("#drill")).to_contain_text(f"图表{world['tag']}c1")
    await supervisor.check_page()
    drill = await supervisor.page.locator("#drill").inner_text()
    assert f"图表{world['tag']}c2" in drill and f"图表{world['tag']}c4" not in drill

    phone = await Desk.sign_in(browser, live_server, world["supervisor"], phone=True)
    await phone.visit("/ui/dashboard")  # check_page: nothing raw, nothing wider than the phone
    await expect(phone.page.locator("#chart-overdue-officer canvas")).to_have_count(1)
    assert await serious_violations(phone) == []


async def test_without_the_chart_library_each_chart_says_so_and_the_tables_stay(
    browser: Browser, live_server: str, world: dict[str, Any]
) -> None:
    """A blocked or missing vendor script leaves no blank box: each chart says where its figures are."""
    supervisor = await Desk.sign_in(browser, live_server, world["supervisor"])
    await supervisor.page.route("**/ui/vendor/echarts/**", lambda route: route.abort())
    await supervisor.page.goto(f"{live_server}/ui/dashboard")
    fallback = supervisor.page.locator(".chart-fallback")
    await expect(fallback).to_have_count(len(CHARTS))
    for text in await fallback.all_inner_texts():
        assert text == "图表未能加载，各项数字见下方表格。"
    assert dict(await table_counts(supervisor, "逾期案件（按执法机关）")) == {
        "图表测试甲局": 2,
        "图表测试乙局": 1,
    }
