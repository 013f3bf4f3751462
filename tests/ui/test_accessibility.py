"""axe-core (from the npm registry, served from our own path) on the main pages: no serious or critical
violations, at desktop and phone width."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.async_api import Browser

from tests.api.conftest import Login

from .cases import case_in_investigation
from .driver import Desk

AXE = "/ui/vendor/axe-core/axe.min.js"


async def serious_violations(desk: Desk) -> list[str]:
    await desk.page.add_script_tag(url=f"{desk.base}{AXE}")
    result: dict[str, Any] = await desk.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


async def test_main_pages_pass_axe(
    browser: Browser, live_server: str, api: httpx.AsyncClient, login: Login
) -> None:
    case = await case_in_investigation(api, login)
    for phone in (False, True):
        officer = await Desk.sign_in(browser, live_server, "officer1", phone=phone)
        for path in ("/ui/cases", f"/ui/cases/{case['id']}", "/ui/cases/new", "/ui/tasks"):
            await officer.visit(path)
            if path.endswith(case["id"]):
                await officer.open_step("collect_evidence")  # an open form with rows and pickers
            assert await serious_violations(officer) == [], path
    anonymous = await (await browser.new_context(locale="zh-CN")).new_page()
    await anonymous.goto(f"{live_server}/ui/login")
    assert await serious_violations(Desk(anonymous, live_server, "anonymous")) == []
