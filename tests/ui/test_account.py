"""A user changes their own password in the workbench, and an administrator disables and restores a
user, in Chromium; the posts need the page's CSRF token, refusals name the field and the rule."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser, Locator, expect

from tests.api.conftest import Login
from tests.security.helpers import new_user

from .driver import Desk, assert_plain
from .test_accessibility import serious_violations

FIRST, SECOND = "initial-pass-123", "changed-pass-456"


async def refused_sign_in(browser: Browser, base: str, username: str, password: str) -> None:
    context = await browser.new_context(locale="zh-CN")
    page = await context.new_page()
    await page.goto(f"{base}/ui/login")
    await page.fill("#username", username)
    await page.fill("#password", password)
    await page.click("#login")
    await expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    await context.close()


async def test_a_user_changes_their_own_password(
    browser: Browser, live_server: str, api: httpx.AsyncClient, login: Login
) -> None:
    username, _ = await new_user(api, login, FIRST, "archivist")
    desk = await Desk.sign_in(browser, live_server, username, password=FIRST, phone=True)
    await desk.page.click("#account")
    await expect(desk.page.locator("h1")).to_have_text("修改密码")
    await desk.check_page()
    assert await serious_violations(desk) == []

    form = desk.page.locator("#password-form")
    # Two different new passwords: refused beside the confirmation, nothing changed.
    await form.locator("#current_password").fill(FIRST)
    await form.locator("#new_password").fill(SECOND)
    await form.locator("#confirm_password").fill(SECOND + "x")
    await desk.page.click("#change-password")
    await expect(desk.page.locator(".has-error")).to_contain_text("确认新密码")
    await expect(desk.page.locator(".has-error .field-error")).to_have_text("两次输入的新密码不一致")
    await desk.check_page()
    # A wrong current password is refused, naming it.
    await form.locator("#current_password").fill("not-the-password")
    await form.locator("#new_password").fill(SECOND)
    await form.locator("#confirm_password").fill(SECOND)
    await desk.page.click("#change-password")
    await expect(desk.page.locator(".has-error")).to_contain_text("当前密码")
    await expect(desk.page.locator(".has-error .field-error")).to_have_text("当前密码不正确")
    await desk.check_page()
    # A post without the page's token is refused (CSRF).
    forged = await desk.page.request.post(
        f"{live_server}/ui/account/password",
        form={"current_password": FIRST, "new_password": SECOND, "confirm_password": SECOND},
    )
    assert forged.status == 403 and "CSRF" in await forged.text()

    await form.locator("#current_password").fill(FIRST)
    await form.locator("#new_password").fill(SECOND)
    await form.locator("#confirm_password").fill(SECOND)
    await desk.page.click("#change-password")
    await expect(desk.page.get_by_role("status")).to_contain_text("密码已修改")
    await desk.check_page()
    await refused_sign_in(browser, live_server, username, FIRST)
    await Desk.sign_in(browser, live_server, username, password=SECOND)


async def test_an_admin_disables_and_restores_a_user(
    browser: Browser, live_server: str, api: httpx.AsyncClient, login: Login
) -> None:
    username, _ = await new_user(api, login, FIRST, "archivist")
    user = await Desk.sign_in(browser, live_server, username, password=FIRST)
    admin = await Desk.sign_in(browser, live_server, "admin", phone=True)
    await admin.page.click("#admin-users")
    await expect(admin.page.locator("h1")).to_have_text("用户管理")
    assert await serious_violations(admin) == []
    overflow = await admin.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the users page scrolls sideways by {overflow}px"
    row = admin.page.locator("#users tr", has_text=username)
    await expect(row).to_contain_text("档案管理人员")
    await expect(row).to_contain_text("在用")
    # Usernames are what an administrator goes by; everything else on the page is plain Chinese.
    text = await admin.page.evaluate(
        "() => { const b = document.body.cloneNode(true);"
        " b.querySelectorAll('td[data-label=\"用户名\"]').forEach(e => e.remove()); return b.innerText; }"
    )
    assert_plain(text, "用户管理")
    # The administrator cannot switch themself off: no button on their own row.
    await expect(admin.page.locator("#users tr", has_text="（本人）").get_by_role("button")).to_have_count(0)

    await row.get_by_role("button", name="停用").click()
    await expect(admin.page.get_by_role("status")).to_contain_text("已停用")
    await expect(row).to_contain_text("已停用")
    # Their open session ended: the next page sends them to sign in, and signing in is refused.
    await user.page.goto(f"{live_server}/ui/cases")
    await expect(user.page.locator("h1")).to_have_text("登录")
    await refused_sign_in(browser, live_server, username, FIRST)

    await row.get_by_role("button", name="恢复").click()
    await expect(admin.page.get_by_role("status")).to_contain_text("已恢复")
    await Desk.sign_in(browser, live_server, username, password=FIRST)
    # Not without the page's token (CSRF), and an officer has no such page.
    forged = await admin.page.request.post(
        admin.page.url.replace("/ui/admin/users", f"/ui/admin/users/{await row_id(row)}/active"),
        form={"active": "false"},
    )
    assert forged.status == 403 and "CSRF" in await forged.text()
    officer = await Desk.sign_in(browser, live_server, "officer1")
    await expect(officer.page.locator("#admin-users")).to_have_count(0)
    response = await officer.page.goto(f"{live_server}/ui/admin/users")
    assert response is not None and response.status == 403
    await expect(officer.page.get_by_role("alert")).to_contain_text("系统管理员")
    await officer.check_page()


async def row_id(row: Locator) -> str:
    action = await row.locator("form").get_attribute("action")
    assert action is not None
    return action.split("/")[-2]
