"""Whole procedures driven through the workbench alone in Chromium, switching users, to the archive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from playwright.async_api import Browser, expect

from tests.documents.pdftools import pdf_running_text

from .driver import Desk, fill

CST = timezone(timedelta(hours=8))
EVIDENCE = ["现场检查笔录", "询问笔录", "现场照片6张"]
LAW = "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"
# Where, how and to whom the party states (printed in the 事先告知书, 处罚法 Art. 44).
STATEMENT_CONTACT = {
    "contact_person": "李明",
    "contact_phone": "0538-8221234",
    "statement_address": "泰安市岱岳区擂鼓石大街1号三楼法制科",
}


def today(days: int = 0) -> str:
    return (datetime.now(UTC).astimezone(CST) + timedelta(days=days)).date().isoformat()


def now_local() -> str:
    return datetime.now(UTC).astimezone(CST).strftime("%Y-%m-%dT%H:%M")


async def open_case(
    officer: Desk, cause: str, start: dict[str, object] | None = None, phase: str = "立案审批"
) -> str:
    """立案 through the form (ex officio unless ``start`` picks a start type and fills its section);
    returns the case page's address."""
    await officer.visit("/ui/cases/new")
    await fill(
        officer.page.locator("#new-case"),
        {
            **(start or {}),
            "cause": cause,
            "party_name": "泰安市某某食品超市有限公司",
            "party_id_number": "91370900MA3C000001",
            "party_address": "泰安市岱岳区某某路1号",
            "party_representative": "王某某",
            "summary": "日常检查发现货架上有过期酸奶12盒",
        },
    )
    await officer.page.get_by_label("张三").check()
    await officer.page.get_by_label("李四").check()
    await officer.page.click("#submit-case")
    await officer.wait_for_phase(phase)
    await officer.check_page()
    return officer.page.url


def penalty_fields(prefix: str, yuan: str) -> dict[str, object]:
    return {f"{prefix}.kinds": ["罚款"], f"{prefix}.fine_fen": yuan}


async def test_ordinary_penalty_with_statement_to_archive(browser: Browser, live_server: str) -> None:
    cause = "涉嫌销售超过保质期的食品（浏览器）"
    officer = await Desk.sign_in(browser, live_server, "officer1")
    case_url = await open_case(officer, cause)
    leader = await Desk.sign_in(browser, live_server, "leader")
    await leader.sign(cause, opinion="同意立案")

    await officer.visit(case_url)
    await officer.wait_for_phase("调查取证")
    await officer.step(
        "finish_investigation",
        {
            "facts": "当事人于货架销售超过保质期的酸奶12盒",
            "evidence": EVIDENCE,
            "legal_basis": LAW,
            "handling.kind": "给予行政处罚",
            **penalty_fields("handling.penalty", "5000.00"),
        },
    )
    notice = {
        "violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "penalty_provision": LAW,
        "evidence_proves": "当事人销售超过保质期的食品",
        "facts": "当事人于货架销售超过保质期的酸奶12盒",
        "evidence": EVIDENCE,
        "legal_basis": LAW,
        "reasons": "违法事实清楚，证据确实充分",
        **penalty_fields("penalty", "5000"),
        "served_on": today(),
        **STATEMENT_CONTACT,
    }
    # 元 with more than two decimals is refused beside the field, and what was typed stays.
    form = await officer.refused(
        "notify_rights", {**notice, "penalty.fine_fen": "5000.123"}, reason="最多两位小数"
    )
    await expect(form.locator('[name="reasons"]')).to_have_value("违法事实清楚，证据确实充分")
    await form.locator('[name="penalty.fine_fen"]').fill("5000")
    await expect(form.locator('[name="penalty.fine_fen"] ~ .daxie')).to_have_text("人民币伍仟元整")
    await form.get_by_role("button", name="提交").click()
    await expect(officer.page.get_by_role("status")).to_be_visible()
    await officer.wait_for_phase("告知期（陈述申辩、听证）")

    await officer.step(
        "record_statement",
        {"made_at": now_local(), "form": "口头", "speaker": "王某某", "content": "已当场下架，请求从轻"},
    )
    await officer.step("review_statement", {"adoption": "部分采纳", "reasons": "主动下架，积极配合"})
    # Heard and reviewed, the party has nothing to add: that is declared, not waived (处罚法 Art. 45, 62).
    await officer.refused(
        "record_waiver",
        {"scope": "放弃陈述、申辩和听证", "form": "书面", "note": "当事人书面表示不再陈述、申辩"},
        reason="当事人已陈述、申辩，不能记录为放弃陈述、申辩",
    )
    await officer.step(
        "declare_statements_complete",
        {
            "declared_at": now_local(),
            "declarant": "王某某",
            "form": "书面声明",
            "statement": "陈述、申辩完毕，无补充意见",
        },
    )
    await officer.wait_for_phase("权利行使完毕")
    await officer.step(
        "propose_decision",
        {
            "facts": "当事人于货架销售超过保质期的酸奶12盒",
            "evidence": EVIDENCE,
            "legal_basis": LAW,
            "handling.kind": "给予行政处罚",
            **penalty_fields("handling.penalty", "4000"),
            "discretion_rule": "市场监管行政处罚裁量基准：一般情节",
            "considerations": "首次违法，积极配合调查",
        },
    )
    head = await Desk.sign_in(browser, live_server, "head", phone=True)
    await head.sign(cause, opinion="同意承办人意见")
    await officer.visit(case_url)
    await officer.step("submit_for_approval")
    await leader.sign(cause, opinion="同意")

    await officer.visit(case_url)
    await officer.step(
        "issue_decision",
        {
            "party_present": False,
            "remedies.review_body": "泰安市岱岳区人民政府",
            "remedies.court": "泰安市岱岳区人民法院",
            "payment.bank": "中国工商银行泰安分行",
            "payment.account_name": "泰安市财政局",
            "payment.account_number": "1606020129200123456",
        },
    )
    async with officer.page.expect_download() as download_info:
        await (
            officer.page.locator("#documents tr", has_text="行政处罚决定书")
            .get_by_role("link", name="下载")
            .click()
        )
    download = await download_info.value
    decision_text = pdf_running_text((await download.path()).read_bytes())
    assert "当事人提出陈述、申辩：王某某：已当场下架，请求从轻。" in decision_text
    assert "对其意见部分采纳，理由是：主动下架，积极配合" in decision_text
    assert "王某某于" in decision_text and "书面声明陈述、申辩完毕，无补充意见" in decision_text
    assert "放弃" not in decision_text

    await officer.step("serve_decision")
    await officer.step(
        "decision:mail",
        {
            "carrier": "挂号信",
            "tracking_no": "XA1000001",
            "posted_on": today(-2),
            "receipt_date": today(),
        },
    )
    await officer.wait_for_phase("履行期")
    await officer.step(
        "record_payment", {"amount_fen": "4000.00", "paid_on": today(), "receipt_no": "鲁财0001"}
    )
    await officer.step("request_closing", {"summary": "罚款已缴清", "outcome": "执行完毕"})
    await leader.sign(cause, opinion="同意结案")

    archivist = await Desk.sign_in(browser, live_server, "archivist")
    await archivist.visit(case_url)
    await archivist.step("archive_case", {"file_no": "泰岱市监档〔2026〕9号", "retention": "长期"})
    await officer.visit(case_url)
    await officer.wait_for_phase("已归档")
    await expect(officer.page.locator("#records")).to_contain_text("4,000.00 元")
    await expect(officer.page.locator("#next")).to_contain_text("案件已归档")


async def test_complaint_declined_with_the_complainant_told(browser: Browser, live_server: str) -> None:
    officer = await Desk.sign_in(browser, live_server, "officer1", phone=True)
    complaint = {
        "start_type": "投诉、举报",
        "complaint.complainant.name": "王某",
        "complaint.complainant.contact": "13800000000",
        "complaint.channel": "12315热线",
        "complaint.content": "某超市销售过期酸奶",
        "complaint.received_at": now_local(),
    }
    case_url = await open_case(officer, "投诉：销售过期酸奶（浏览器）", complaint, phase="投诉举报核查")
    await expect(officer.page.locator("#records")).to_contain_text("12315热线")
    # A named complainant must be told why (the notice is required beside the field).
    await officer.refused(
        "decline_complaint", {"reason": "经核查，该超市已停业，不具备立案条件"}, reason="告知"
    )
    await officer.step(
        "decline_complaint",
        {
            "reason": "经核查，该超市已停业，不具备立案条件",
            "notice.method": "电话",
            "notice.informed_at": now_local(),
            "notice.content": "告知不予立案及理由",
        },
    )
    await officer.visit(case_url)
    await officer.wait_for_phase("已终止")
    await expect(officer.page.locator("#records")).to_contain_text("告知不予立案及理由")
    await expect(officer.page.locator("#next")).not_to_contain_text("不予立案（投诉举报）")
