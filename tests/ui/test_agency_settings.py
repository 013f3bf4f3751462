"""An administrator edits the agency's settings in the workbench (机关设置), in Chromium; the statement
contact set there prefills the 事先告知书's form, and the officer serves that notice by mail through the
service workflow, the window opening on the receipt's date (处罚法 Art. 44, 64(1); issue 13 item 8)."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser, expect

from tests.api.conftest import Login

from .cases import case_in_investigation
from .driver import Desk
from .paths import rights_notice
from .test_accessibility import serious_violations
from .test_paths import penalty_fields, today

CONTACT = {
    "statement_contact_person": "刘法制",
    "statement_contact_phone": "0538-8229999",
    "statement_address": "泰安市岱岳区擂鼓石大街1号二楼法制科",
}


async def test_admin_sets_the_statement_contact_and_the_notice_is_served_by_mail(
    browser: Browser, live_server: str, api: httpx.AsyncClient, login: Login
) -> None:
    admin = await Desk.sign_in(browser, live_server, "admin", phone=True)
    await admin.page.click("#admin-agencies")
    await expect(admin.page.locator("h1")).to_have_text("机关设置")
    await admin.check_page()
    await admin.page.locator("#agencies tr", has_text="岱岳分局").get_by_role("link", name="修改设置").click()
    await expect(admin.page.locator("#name")).to_have_value("泰安市示例市场监督管理局岱岳分局")
    assert await serious_violations(admin) == []
    form = admin.page.locator("#agency-settings")
    for name, value in {**CONTACT, "statement_contact_phone": "请打电话"}.items():
        await form.locator(f'[name="{name}"]').fill(value)
    await form.locator("#basis").fill("泰示岱监〔2026〕9号")
    await admin.page.click("#save-agency")
    # Refused beside the field, naming it, the rule and the article; what was typed stays.
    error = admin.page.locator(".has-error")
    await expect(error).to_contain_text("受理陈述、申辩的联系电话")
    await expect(error.locator(".field-error")).to_contain_text("座机或手机号码")
    await expect(error.locator(".field-error")).to_contain_text("第四十四条")
    await expect(form.locator("#statement_contact_person")).to_have_value("刘法制")
    await admin.check_page()
    # An amount that is not one is refused beside it too.
    await form.locator("#statement_contact_phone").fill(CONTACT["statement_contact_phone"])
    await form.locator('[name="hearing_threshold.person_fen"]').fill("五万")
    await admin.page.click("#save-agency")
    await expect(admin.page.locator(".has-error")).to_contain_text("对公民罚款的较大数额")
    await admin.page.locator('[name="hearing_threshold.person_fen"]').fill("")
    await admin.page.click("#save-agency")
    await expect(admin.page.get_by_role("status")).to_contain_text("设置已变更")
    await expect(form.locator("#statement_contact_phone")).to_have_value("0538-8229999")

    case = await case_in_investigation(api, login)
    officer_headers = await login("officer1")
    ended = await api.post(
        f"/cases/{case['id']}/steps/finish_investigation",
        json={"payload": {
            "facts": "当事人于货架销售超过保质期的酸奶12盒", "evidence": ["现场检查笔录"],
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
            "handling": {"kind": "penalty", "penalty": {"kinds": ["fine"], "fine_fen": 500_000}},
        }},
        headers=officer_headers,
    )  # fmt: skip
    assert ended.status_code == 200, ended.text

    officer = await Desk.sign_in(browser, live_server, "officer1")
    await officer.visit(f"/ui/cases/{case['id']}")
    await officer.wait_for_phase("调查终结")
    notice_form = await officer.open_step("notify_rights")
    # Prefilled from the agency's settings.
    await expect(notice_form.locator('[name="contact_person"]')).to_have_value("刘法制")
    await expect(notice_form.locator('[name="contact_phone"]')).to_have_value("0538-8229999")
    await expect(notice_form.locator('[name="statement_address"]')).to_have_value(
        CONTACT["statement_address"]
    )
    typed = rights_notice(penalty_fields("penalty", "5000"), served_on="")
    for key in ("served_on", "contact_person", "contact_phone", "statement_address"):
        del typed[key]
    await officer.step(
        "notify_rights",
        {**typed, "delivery": "按送达程序送达（直接、邮寄、留置、电子、公告等，以送达回证为准）"},
    )
    await officer.wait_for_phase("事先告知书送达中")
    await officer.step(
        "rights_notice:mail",
        {
            "carrier": "快递",
            "tracking_no": "EMS1190000002",
            "posted_on": today(-3),
            "receipt_date": today(-1),
            "mailing_list_no": "QD-21",
        },
    )
    await officer.wait_for_phase("告知期（陈述申辩、听证）")
    await expect(officer.page.locator("#records")).to_contain_text("行政处罚事先告知书送达记录")
    await expect(officer.page.locator("#records")).to_contain_text("邮寄送达")
