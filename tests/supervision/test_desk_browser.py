"""The approval desk in a real browser: a leader previews the draft (the approval form, and the
document itself as a PDF rendered by the render pool) and signs; then lends the signature to a deputy,
who signs the next case under the delegation."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import httpx
from playwright.async_api import Browser, expect

from casetrail.store.models import Role
from tests.api.conftest import Login
from tests.api.helpers import agency_id, open_case, wait_for_phase
from tests.documents.pdftools import pdf_text
from tests.ui.driver import assert_plain
from tests.ui.test_browser import sign_in

from .helpers import add_user

CST_FORM = "%Y-%m-%dT%H:%M"


async def test_leader_signs_after_preview_and_deputy_signs_under_delegation(
    browser: Browser, live_server: str, api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("officer1")
    first = await open_case(api, officer, cause="涉嫌销售不合格电线")
    await wait_for_phase(api, officer, first["id"], "filing_approval")

    leader = await sign_in(browser, live_server, "leader")
    await leader.get_by_role("navigation").get_by_role("link", name="审批台").click()
    row = leader.locator("#desk tr", has_text=first["case_no"])
    await expect(row).to_contain_text("泰安市某某超市有限公司")
    await expect(row).to_contain_text("承办人意见")
    assert_plain(await leader.locator("body").inner_text(), "the leader's desk")
    await row.get_by_role("link", name="预览审批表").click()
    await expect(leader.locator("h1")).to_contain_text("草稿预览")
    await expect(leader.locator("#draft")).to_contain_text(first["case_no"])
    await expect(leader.locator("#draft")).to_contain_text("涉嫌销售不合格电线")
    await expect(leader.locator("#opinions")).to_contain_text("承办人意见")
    assert_plain(await leader.locator("body").inner_text(), "the draft preview")
    # The document itself, as it will be issued: the 立案审批表 rendered now, no number, no leader's opinion yet.
    href = await leader.locator("#draft-pdf").get_attribute("href")
    draft = await leader.context.request.get(f"{live_server}{href}")
    assert draft.status == 200 and draft.headers["content-type"] == "application/pdf", (await draft.text())[
        -3000:
    ]
    assert draft.headers["content-disposition"].startswith("inline")
    text = pdf_text(await draft.body())
    assert "立案审批表" in text and first["case_no"] in text and "涉嫌销售不合格电线" in text, text
    assert "草稿（签批后编号）" in text and "立审字" not in text, text
    assert "承办人意见" in text and "机关负责人意见" not in text, text
    await leader.click("#back-to-desk")
    row = leader.locator("#desk tr", has_text=first["case_no"])
    await row.locator("textarea").fill("同意立案")
    await row.get_by_role("button", name="同意").click()
    await expect(leader.get_by_role("status")).to_contain_text("已批准立案")
    await wait_for_phase(api, officer, first["id"], "investigation")

    district = uuid.UUID(await agency_id("demo-district-amr"))
    deputy_name = await add_user("副局长乙", roles={district: (Role.unit_head,)})
    await leader.goto(f"{live_server}/ui/desk")  # the deputy is a new member: list them
    await leader.select_option("#deputy_id", label="副局长乙")
    until = datetime.now() + timedelta(hours=10)  # read as Beijing time by the form
    await leader.fill("#ends_at", until.strftime(CST_FORM))
    await leader.fill("#reason", "局长外出学习")
    await leader.click("#submit-delegation")
    await expect(leader.get_by_role("status")).to_contain_text("已授权代签至")
    assert_plain(await leader.locator("body").inner_text(), "the desk after delegating")

    second = await open_case(api, officer, cause="涉嫌销售过期药品")
    await wait_for_phase(api, officer, second["id"], "filing_approval")
    deputy = await sign_in(browser, live_server, deputy_name)
    await deputy.goto(f"{live_server}/ui/desk")
    row = deputy.locator("#desk tr", has_text=second["case_no"])
    await expect(row).to_contain_text("授权代签")
    assert_plain(await deputy.locator("body").inner_text(), "the deputy's desk")
    await row.get_by_role("link", name="预览审批表").click()
    await expect(deputy.locator("#draft")).to_contain_text("涉嫌销售过期药品")
    await deputy.click("#back-to-desk")
    row = deputy.locator("#desk tr", has_text=second["case_no"])
    await row.locator("textarea").fill("同意立案（代签）")
    await row.get_by_role("button", name="同意").click()
    await expect(deputy.get_by_role("status")).to_contain_text("已批准立案")
    assert_plain(await deputy.locator("body").inner_text(), "the deputy's desk after signing")
    await wait_for_phase(api, officer, second["id"], "investigation")
    chain = (await api.get(f"/cases/{second['id']}/audit", headers=officer)).json()
    assert [e["detail"]["authority"] for e in chain if e["action"] == "task.signing_on_authority"] == [
        "delegation"
    ]

    # The leader sees the delegation in force and revokes it: the deputy's desk no longer lists the leader's tasks.
    third = await open_case(api, officer, cause="涉嫌销售假冒商品")
    await wait_for_phase(api, officer, third["id"], "filing_approval")
    await leader.goto(f"{live_server}/ui/desk")
    lent = leader.locator("#delegations li", has_text="副局长乙")
    await expect(lent).to_contain_text("局长外出学习")
    assert_plain(await leader.locator("body").inner_text(), "the desk with a delegation in force")
    await lent.get_by_role("button", name="撤销").click()
    await expect(leader.get_by_role("status")).to_contain_text("已撤销对副局长乙的代签授权")
    await expect(leader.locator("#delegations")).to_have_count(0)
    await deputy.goto(f"{live_server}/ui/desk")
    await expect(deputy.locator("#desk")).not_to_contain_text(third["case_no"])

    # The supervisor reaches the dashboard from the header; figures and the cases behind them read plain.
    supervisor = await sign_in(browser, live_server, "supervisor")
    await expect(supervisor.get_by_role("navigation").get_by_role("link", name="审批台")).to_have_count(0)
    await supervisor.get_by_role("navigation").get_by_role("link", name="执法监督").click()
    await expect(supervisor.locator("#summary")).to_contain_text("案件总数")
    assert_plain(await supervisor.locator("body").inner_text(), "the dashboard")
    await supervisor.locator("#summary a").first.click()
    await expect(supervisor.locator("#drill")).to_contain_text(second["case_no"])
    assert_plain(await supervisor.locator("body").inner_text(), "the cases behind a figure")
