"""Paths that start otherwise than ex officio, driven through the workbench alone in Chromium."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.async_api import Browser, expect

from .driver import Desk
from .paths import (
    FINDINGS,
    PAYMENT,
    REMEDIES,
    approve_proposal,
    close_and_archive,
    download_pdf,
    issue_decision,
    pay_close_and_archive,
    rights_notice,
    serve_decision_in_person,
)
from .test_paths import CST, now_local, open_case, today

BANK_DEPOSIT = "当场收缴罚款缴付银行"  # offered only while collected money awaits the bank (处罚法 Art. 71)


async def test_simple_procedure_on_the_spot_to_archive(browser: Browser, live_server: str) -> None:
    """当场处罚 (处罚法 Art. 51-52, 68-71): decided and the fine collected on the spot on a phone, the numbered
    decision downloaded, filed with the agency, the money paid into the bank, then closed and archived."""
    officer = await Desk.sign_in(browser, live_server, "officer1", phone=True)
    decision = {
        "start_type": "简易程序（当场处罚）",
        "on_the_spot.facts": "在店外人行道摆放货架占道经营",
        "on_the_spot.occurred_at": now_local(),
        "on_the_spot.violated_provision": "《泰安市市容和环境卫生管理条例》第十二条",
        "on_the_spot.legal_basis": "《泰安市市容和环境卫生管理条例》第二十条",
        "on_the_spot.penalty.kinds": ["罚款"],
        "on_the_spot.penalty.fine_fen": "50",
        "on_the_spot.place": "泰安市岱岳区某某路1号门前",
        "on_the_spot.decided_at": now_local(),
        **{f"on_the_spot.{name}": value for name, value in {**REMEDIES, **PAYMENT}.items()},
        "on_the_spot.certificates_shown": True,
        "on_the_spot.statement": "承认占道，请求从轻",
        "on_the_spot.statement_review": "已按最低标准处罚，不再减轻",
        "on_the_spot.party_signed": True,
        "on_the_spot.collected_on_the_spot": True,
        "on_the_spot.receipt_no": "鲁财罚00012345",
    }
    cause = "占道经营（当场处罚，浏览器）"
    case_url = await open_case(officer, cause, decision, phase="当场处罚待备案")
    await download_pdf(officer, "当场行政处罚决定书")
    deposit = officer.page.locator("#next")
    await expect(deposit).not_to_contain_text(BANK_DEPOSIT)  # the money has not reached the agency yet
    await officer.step(
        "file_on_the_spot_decision", {"fine_handed_over_at": now_local(), "note": "当场收缴罚款50元"}
    )
    await officer.wait_for_phase("已作出决定")
    await officer.step(
        "record_bank_deposit",
        {"deposited_at": now_local(), "bank": "中国工商银行泰安分行", "receipt_no": "鲁财缴0001"},
    )
    await expect(deposit).not_to_contain_text(BANK_DEPOSIT)
    await serve_decision_in_person(officer)
    leader = await Desk.sign_in(browser, live_server, "leader")
    await pay_close_and_archive(browser, officer, leader, case_url, cause=cause, yuan="50.00", file_no="21")


async def test_application_accepted_to_a_no_penalty_decision_and_archive(
    browser: Browser, live_server: str
) -> None:
    cause = "依申请：核查某超市食品标签（浏览器）"
    officer = await Desk.sign_in(browser, live_server, "officer1")
    application = {
        "start_type": "依申请",
        "application.applicant": "泰安市某某食品超市有限公司",
        "application.contact": "0538-1234567",
        "application.form": "书面",
        "application.matter": "申请对本店进货食品标签进行核查并依法处理",
        "application.materials": ["营业执照复印件", "进货凭证"],
        "application.received_at": now_local(),
    }
    case_url = await open_case(officer, cause, application, phase="申请审查")
    await expect(officer.page.locator("#records")).to_contain_text("进货凭证")
    await officer.step(
        "accept_application",
        {"receipt_no": "泰岱市监受〔2026〕1号", "summary": "申请材料齐全，符合受理条件"},
    )
    await download_pdf(officer, "受理通知书")
    leader = await Desk.sign_in(browser, live_server, "leader")
    await leader.sign(cause, opinion="同意立案")
    await officer.visit(case_url)
    await officer.wait_for_phase("调查取证")
    no_penalty = {
        "facts": "当事人销售的预包装食品标签缺少生产日期，已于当日全部下架改正",
        "evidence": ["现场检查笔录", "询问笔录"],
        "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
        "handling.kind": "不予行政处罚",
        "handling.reason": "违法行为轻微并及时改正，没有造成危害后果",
    }
    await officer.step("finish_investigation", no_penalty)
    await officer.step("propose_decision", no_penalty)
    await approve_proposal(browser, officer, leader, case_url, cause=cause)
    await expect(officer.page.locator("#next")).not_to_contain_text(BANK_DEPOSIT)  # nothing collected
    await issue_decision(officer, "不予行政处罚决定书", fine=False)
    await serve_decision_in_person(officer)
    await officer.wait_for_phase("决定书已送达")
    await close_and_archive(
        browser, officer, leader, case_url, cause=cause, outcome="依申请核查，不予行政处罚", file_no="22"
    )


async def test_emergency_start_backfilled_within_24_hours_to_archive(
    browser: Browser, live_server: str
) -> None:
    """Taian allows starting first when the situation is urgent (Taian Art. 8): investigation at once, the
    filing approval backfilled by the leader within 24 hours of the start."""
    cause = "紧急：涉嫌销售过期食品且正在转移（浏览器）"
    # Minute 7: the 24 hours never end at midnight, where the end would read as the day's 24:00.
    started = datetime.now(UTC).astimezone(CST).replace(minute=7, second=0, microsecond=0) - timedelta(
        hours=1
    )
    officer = await Desk.sign_in(browser, live_server, "officer1")
    emergency = {
        "start_type": "情况紧急先行启动（事后补办）",
        "emergency.urgency": "当事人正在将过期酸奶装车转移，不立即检查将灭失证据",
        "emergency.started_at": started.strftime("%Y-%m-%dT%H:%M"),
        "emergency.actions": "立即制止装车并清点",
    }
    case_url = await open_case(officer, cause, emergency, phase="调查取证")
    backfill = officer.page.locator("#deadlines tr", has_text="补办")
    # An hour-counted period shows its exact end (issue 17), with the weekday.
    due = started + timedelta(hours=24)
    await expect(backfill).to_contain_text(
        f"{due:%Y-%m-%d}（星期{'一二三四五六日'[due.weekday()]}）{due:%H:%M}前"
    )
    await expect(backfill).to_contain_text("第八条")
    leader = await Desk.sign_in(browser, live_server, "leader")
    await leader.sign(cause, opinion="情况紧急，同意先行启动并补办立案")
    await officer.visit(case_url)
    await expect(officer.page.locator("#deadlines tr", has_text="补办")).to_contain_text("已完成")
    await officer.wait_for_phase("调查取证")
    handling = {
        "handling.kind": "给予行政处罚",
        "handling.penalty.kinds": ["罚款"],
        "handling.penalty.fine_fen": "3000",
    }
    await officer.step("finish_investigation", {**FINDINGS, **handling})
    penalty = {"penalty.kinds": ["罚款"], "penalty.fine_fen": "3000"}
    await officer.step("notify_rights", rights_notice(penalty, served_on=today()))
    await officer.step(
        "record_waiver",
        {"scope": "放弃陈述、申辩和听证", "form": "书面", "note": "当事人书面表示放弃陈述、申辩"},
    )
    await officer.step(
        "propose_decision",
        {**FINDINGS, **handling, "discretion_rule": "裁量基准：一般情节", "considerations": "积极配合调查"},
    )
    await approve_proposal(browser, officer, leader, case_url, cause=cause)
    await issue_decision(officer, "行政处罚决定书", fine=True)
    await serve_decision_in_person(officer)
    await pay_close_and_archive(
        browser, officer, leader, case_url, cause=cause, yuan="3,000.00", file_no="24"
    )
