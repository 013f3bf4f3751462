"""An on-site act marked 容易引发争议 in the workbench: the marks are checkboxes with Chinese labels, and an
unrecorded dispute-prone inquiry under 泰安 is refused beside the mark with Art. 15(5) (Chromium)."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser, expect

from tests.api.conftest import Login

from .cases import case_in_investigation
from .driver import Desk

INQUIRY = {
    "officer_ids": ["张三", "李四"],
    "certificates_shown": True,
    "place": "泰安市岱岳区某某超市",
    "started_at": "2026-03-02T09:30",
    "ended_at": "2026-03-02T10:05",
    "person": "店主刘某",
    "person_role": "当事人",
    "exchanges": [{"question": "酸奶从何处进货？", "answer": "从本市批发市场进货。"}],
    "signed_by": "刘某",
}


async def test_a_dispute_prone_inquiry_left_unrecorded_is_refused_beside_the_mark(
    browser: Browser, live_server: str, api: httpx.AsyncClient, login: Login
) -> None:
    case = await case_in_investigation(api, login)  # 泰安市示例市场监督管理局岱岳分局: taian-2017
    officer = await Desk.sign_in(browser, live_server, "officer1")
    await officer.visit(f"/ui/cases/{case['id']}")
    form = await officer.open_step("inquiry")
    await expect(form.get_by_label("该执法活动容易引发争议")).to_have_attribute("type", "checkbox")
    await expect(form.get_by_label("在执法办案场所进行")).to_have_attribute("type", "checkbox")

    form = await officer.refused(
        "inquiry", {**INQUIRY, "dispute_prone": True, "av_recorded": False}, reason="容易引发争议"
    )
    error = form.locator('.field:has(input[name="dispute_prone"]) .field-error')
    await expect(error).to_contain_text("应当进行音像记录")
    await expect(error).to_contain_text("《泰安市行政执法全过程记录办法》第十五条第（五）项")
    # What was typed stays, the mark too: the officer records the act or names the exception.
    await expect(form.locator('input[name="dispute_prone"]')).to_be_checked()
    await expect(form.locator('[name="person"]')).to_have_value("店主刘某")
