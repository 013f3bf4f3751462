"""An ordinary penalty with a hearing, driven through the workbench alone in Chromium: the party asks for a
hearing, the notice goes out seven working days ahead, the legal reviewer hosts it and reports, and the
decision follows the hearing (处罚法 Art. 63-65, 58).

The hearing is recorded after the day it was held, so the notice, the request and the rights notice
are entered with the past dates they happened on: a hearing cannot be recorded before its day comes. Four
weeks back leaves seven working days between notice and hearing whatever holidays fall in between."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from .driver import Desk
from .paths import (
    FINDINGS,
    download_pdf,
    filed_case,
    issue_decision,
    pay_close_and_archive,
    rights_notice,
    serve_decision_in_person,
    store_recording,
)
from .test_paths import today

HEAVY = {
    "handling.kind": "给予行政处罚",
    "handling.penalty.kinds": ["罚款", "吊销许可证件"],
    "handling.penalty.fine_fen": "20000",
    "handling.penalty.detail": "吊销《食品经营许可证》",
}


async def test_ordinary_penalty_with_hearing_to_archive(browser: Browser, live_server: str) -> None:
    cause = "涉嫌销售超过保质期的食品（听证，浏览器）"
    officer, leader, case_url = await filed_case(browser, live_server, cause)
    await officer.step("finish_investigation", {**FINDINGS, **HEAVY})
    penalty = {k.removeprefix("handling."): v for k, v in HEAVY.items() if k != "handling.kind"}
    await officer.step("notify_rights", rights_notice(penalty, served_on=today(-30)))
    await expect(officer.page.locator("#records")).to_contain_text("要求听证")
    await officer.step("request_hearing", {"requested_on": today(-29), "applicant": "王某某", "form": "书面"})
    await officer.wait_for_phase("已申请听证")
    notice = {
        "notified_on": today(-28),
        "hearing_at": f"{today(-1)}T09:00",
        "place": "本局听证室",
        "host": "张三",
        "clerk": "孙八",
    }
    # An investigator of the case may not host (处罚法 Art. 64(4)): refused beside the field.
    await officer.refused("notify_hearing", notice, reason="不得主持听证")
    # Held in public unless a reason is given: unticked without one, refused beside that field, in Chinese.
    form = await officer.refused(
        "notify_hearing", {"host": "赵六", "public": False}, reason="不公开举行听证须写明理由"
    )
    await expect(form.locator(".has-error")).to_contain_text("不公开举行的理由")
    await expect(officer.page.get_by_role("alert").first).not_to_contain_text("payload")
    await form.locator('[name="public"]').check()
    await form.get_by_role("button", name="提交").click()
    await officer.wait_for_phase("听证已通知")
    await download_pdf(officer, "听证通知书")

    legal = await Desk.sign_in(browser, live_server, "legal")
    await legal.visit(case_url)
    await legal.step(
        "record_hearing",
        {
            "held_at": f"{today(-1)}T09:00",
            "place": "本局听证室",
            "host": "赵六",
            "recorder": "孙八",
            "participants": [
                {"name": "王某某", "capacity": "当事人的法定代表人"},
                {"name": "张三", "capacity": "调查人员"},
            ],
            "investigator_case": "销售过期食品，建议罚款二万元并吊销许可证",
            "party_defence": "对事实无异议，请求不吊销许可证",
            "party_signed": True,
            "av_recorded": True,  # 泰安 Art. 15(1): a hearing is recorded on AV
        },
    )
    await legal.step(
        "submit_hearing_report",
        {
            "host": "赵六",
            "case_summary": "当事人销售超过保质期的食品，拟罚款二万元并吊销许可证",
            "disputed_points": "是否应当吊销食品经营许可证",
            "findings": "违法事实清楚，当事人首次违法并已全部召回",
            "opinion": "建议维持罚款，不予吊销许可证",
        },
    )
    await legal.wait_for_phase("权利行使完毕")
    await download_pdf(legal, "听证报告")
    # 泰安 Art. 15(1), 17: the hearing's recording is stored, or the case file cannot be archived.
    await store_recording(officer, case_url, act="听证", held_on=today(-1), proves="听证会举行的全过程")

    await officer.visit(case_url)
    await officer.step(
        "propose_decision",
        {
            **FINDINGS,
            "handling.kind": "给予行政处罚",
            "handling.penalty.kinds": ["罚款"],
            "handling.penalty.fine_fen": "20000",
            "discretion_rule": "市场监管行政处罚裁量基准：一般情节",
            "considerations": "采纳听证意见：首次违法并已召回，不予吊销许可证",
        },
    )
    head = await Desk.sign_in(browser, live_server, "head", phone=True)
    await head.sign(cause, opinion="同意承办人意见")
    await officer.visit(case_url)
    # A hearing was held: legal review comes before the leader (处罚法 Art. 58(1)(2)).
    await officer.refused("submit_for_approval", {}, reason="法制审核")
    await officer.step("request_legal_review")
    await legal.sign(cause, opinion="事实清楚，程序合法，适用依据正确")
    await officer.visit(case_url)
    await officer.step("submit_for_approval")
    await leader.sign(cause, opinion="同意")

    await officer.visit(case_url)
    await issue_decision(officer, "行政处罚决定书", fine=True)
    await serve_decision_in_person(officer)
    await pay_close_and_archive(
        browser, officer, leader, case_url, cause=cause, yuan="20,000.00", file_no="31"
    )
