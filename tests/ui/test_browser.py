"""The web UI in a real browser: an officer opens a case, a leader signs, the case is archived."""

from __future__ import annotations

from playwright.async_api import Browser, Locator, Page, expect

from casetrail.seed import DEMO_PASSWORD


async def sign_in(browser: Browser, base: str, username: str) -> Page:
    context = await browser.new_context(locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{base}/ui/login")
    await page.fill("#username", username)
    await page.fill("#password", DEMO_PASSWORD)
    await page.click("#login")
    await expect(page.locator("h1")).to_have_text("案件")
    return page


async def wait_for_phase(page: Page, phase: str) -> None:
    for _ in range(100):
        if (await page.locator("#phase").inner_text()) == phase:
            return
        await page.wait_for_timeout(100)
        await page.reload()
    await expect(page.locator("#phase")).to_have_text(phase)


async def open_step(page: Page, step: str) -> Locator:
    """The 下一步 panel keeps one form open at a time: open this step's."""
    await page.locator(f"details[data-form={step}] > summary").click()
    return page.locator(f"form[data-step={step}]")


async def test_login_rejects_a_wrong_password(browser: Browser, live_server: str) -> None:
    page = await (await browser.new_context()).new_page()
    await page.goto(f"{live_server}/ui/cases")
    assert "/ui/login?next=/ui/cases" in page.url  # not signed in: sent to the login page, and back after
    await page.fill("#username", "leader")
    await page.fill("#password", "wrong")
    await page.click("#login")
    await expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")


async def test_case_from_filing_to_archive_in_the_browser(browser: Browser, live_server: str) -> None:
    officer = await sign_in(browser, live_server, "officer1")
    await officer.goto(f"{live_server}/ui/cases/new")
    await officer.fill("#cause", "涉嫌无照经营")
    await officer.fill("#party_name", "张某某")
    await officer.select_option("#party_kind", "person")
    await officer.fill("#party_id_number", "370902198805051234")
    await officer.fill("#party_address", "泰安市岱岳区某某村1号")
    await officer.fill("#summary", "群众举报，现场核实无营业执照")
    await officer.get_by_label("张三").check()
    await officer.click("#submit-case")
    # One officer alone is refused with the article (处罚法 Art. 42), and nothing is written.
    await expect(officer.get_by_role("alert")).to_contain_text("执法人员不得少于两人")
    await expect(officer.get_by_role("alert")).to_contain_text("第四十二条")
    await officer.get_by_label("张三").check()
    await officer.get_by_label("李四").check()
    await officer.click("#submit-case")
    await wait_for_phase(officer, "立案审批")
    case_url = officer.url

    leader = await sign_in(browser, live_server, "leader")
    await leader.goto(f"{live_server}/ui/tasks")
    row = leader.locator("tr", has_text="立案审批：涉嫌无照经营")
    await row.locator("textarea").fill("同意立案")
    await row.get_by_role("button", name="同意").click()
    await expect(leader.get_by_role("status")).to_contain_text("已批准立案")

    await officer.goto(case_url)
    await wait_for_phase(officer, "调查取证")
    await expect(officer.locator("#deadlines")).to_contain_text("第六十条")
    closing = await open_step(officer, "request_closing")
    await closing.locator("[name=summary]").fill("当事人已办理营业执照")
    await closing.locator("[name=outcome]").fill("不予处罚")
    await closing.get_by_role("button", name="提交").click()
    await expect(officer.get_by_role("status")).to_contain_text("已提请结案审批")

    await leader.goto(f"{live_server}/ui/tasks")
    row = leader.locator("tr", has_text="结案审批：涉嫌无照经营")
    await row.get_by_role("button", name="同意").click()
    await expect(leader.get_by_role("status")).to_be_visible()

    archivist = await sign_in(browser, live_server, "archivist")
    await archivist.goto(case_url)
    await wait_for_phase(archivist, "待归档")
    archive = await open_step(archivist, "archive_case")
    await archive.locator("[name=file_no]").fill("泰示岱监档〔2026〕7号")
    await archive.locator("[name=retention]").fill("长期")
    await archive.get_by_role("button", name="提交").click()
    await officer.goto(case_url)
    await wait_for_phase(officer, "已归档")
    await expect(officer.locator("#records")).to_contain_text("钱七")
