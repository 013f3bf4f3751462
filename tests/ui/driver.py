"""A person at the workbench in Chromium: signs in, opens a case, fills a step's form through its widgets,
signs approval tasks, and checks every page it sees shows nothing raw (ids, English keys, reprs)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from playwright.async_api import Browser, Locator, Page, expect

from casetrail.seed import DEMO_PASSWORD

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Words a person must never read: Python reprs, "JSON", and the internal names of phases, roles,
# statuses and steps.
RAW = re.compile(
    r"\b(None|True|False|JSON|officer|unit_head|legal_reviewer|leader|archivist|investigation|rights_window"
    r"|rights_concluded|deliberation|decision_approved|decided|performance|performed|archiving|archived"
    r"|open|met|overdue|cancelled|approved|returned|signed|fulfilled|mandatory|situational|penalty|fine"
    r"|finish_investigation|notify_rights|record_statement|issue_decision|serve_decision|record_payment)\b|\{'|\[\]"
)
PHONE = {"width": 390, "height": 844}


def assert_plain(text: str, where: str) -> None:
    assert not UUID.search(text), f"{where}: raw id {UUID.search(text)}"
    found = RAW.search(text)
    assert found is None, f"{where}: {text[max(0, found.start() - 60) : found.end() + 60]!r}"


@dataclass
class Desk:
    page: Page
    base: str
    name: str

    @classmethod
    async def sign_in(
        cls, browser: Browser, base: str, username: str, *, phone: bool = False, password: str = DEMO_PASSWORD
    ) -> Desk:
        context = await browser.new_context(
            locale="zh-CN", viewport=PHONE if phone else None, accept_downloads=True
        )
        page = await context.new_page()
        desk = cls(page, base, username)
        await desk.visit("/ui/login")
        await page.fill("#username", username)
        await page.fill("#password", password)
        await page.click("#login")
        await expect(page.locator("h1")).to_have_text("案件")
        await desk.check_page()
        return desk

    async def visit(self, path: str) -> None:
        await self.page.goto(path if path.startswith("http") else f"{self.base}{path}")
        await self.check_page()

    async def check_page(self) -> None:
        """Nothing raw on the page, and at phone width nothing wider than the screen."""
        text = await self.page.locator("body").inner_text()
        assert_plain(text, f"{self.name} at {self.page.url}")
        overflow = await self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{self.page.url} scrolls sideways by {overflow}px"

    async def wait_for_phase(self, phase: str) -> None:
        for _ in range(150):
            if (await self.page.locator("#phase").inner_text()) == phase:
                return
            await self.page.wait_for_timeout(150)
            await self.page.reload()
        await expect(self.page.locator("#phase")).to_have_text(phase)

    async def open_step(self, key: str) -> Locator:
        """Open one form of the 下一步 panel (one is open at a time); waits for it to be offered."""
        summary = self.page.locator(f'details[data-form="{key}"] > summary')
        for _ in range(100):
            if await summary.count():
                break
            await self.page.wait_for_timeout(150)
            await self.page.reload()
        if not await self.page.locator(f'details[data-form="{key}"]').evaluate("d => d.open"):
            await summary.click()  # (a refused form comes back open, with what was typed)
        return self.page.locator(f'details[data-form="{key}"] form')

    async def step(self, key: str, values: dict[str, Any] | None = None, *, expect_notice: str = "") -> None:
        form = await self.open_step(key)
        await fill(form, values or {})
        await form.get_by_role("button", name="提交").click()
        await expect(self.page.get_by_role("status")).to_contain_text(expect_notice)
        await self.check_page()

    async def refused(self, key: str, values: dict[str, Any], *, reason: str) -> Locator:
        form = await self.open_step(key)
        await fill(form, values)
        await form.get_by_role("button", name="提交").click()
        await expect(self.page.get_by_role("alert").first).to_contain_text(reason)
        await self.check_page()
        return self.page.locator(f'details[data-form="{key}"] form')

    async def sign(self, title: str, *, opinion: str = "同意", decision: str = "同意") -> None:
        """Sign the approval task whose title contains ``title`` once it reaches the task list."""
        await self.visit("/ui/tasks")
        row = self.page.locator("#tasks tr", has_text=title)
        for _ in range(100):
            if await row.count():
                break
            await self.page.wait_for_timeout(150)
            await self.visit("/ui/tasks")
        await row.locator("textarea").fill(opinion)
        await row.get_by_role("button", name=decision).click()
        await expect(self.page.get_by_role("status")).to_be_visible()
        await self.check_page()


async def fill(form: Locator, values: dict[str, Any]) -> None:
    """Enter values the way a person does: type, pick, tick, add rows."""
    for name, value in values.items():
        if isinstance(value, bool):
            box = form.locator(f'input[type=checkbox][name="{name}"]')
            await (box.check() if value else box.uncheck())
        elif isinstance(value, list) and await form.locator(f'fieldset[data-rows="{name}"]').count():
            rows = form.locator(f'fieldset[data-rows="{name}"]')
            for index, row in enumerate(value):
                if index >= await rows.locator(".row-list > .row").count():
                    await rows.locator(".add-row").click()
                if isinstance(row, dict):
                    await fill(form, {f"{name}.{index}.{k}": v for k, v in row.items()})
                else:
                    await form.locator(f'[name="{name}.{index}"]').fill(row)
        elif isinstance(value, list):  # pick by the label a person reads (officers by name, kinds)
            group = form.locator(f'fieldset[data-name="{name}"]')
            for label in value:
                await group.get_by_label(label).check()
        else:
            field = form.locator(f'[name="{name}"]')
            if await field.evaluate("e => e.tagName") == "SELECT":
                await field.select_option(label=value)
            else:
                await field.fill(value)
