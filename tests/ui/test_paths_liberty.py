"""限制公民人身自由 through the workbench in Chromium: taken on the spot, its legal period on the case page,
the family told, released from the case's own list of measures."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from playwright.async_api import Browser, expect

from casetrail.workflows.phases import phase_title

from .driver import Desk
from .test_paths import CST, open_case
from .test_paths_enforcement import local, pick_and_submit

LIBERTY_ID = re.compile(r"\bliberty-\d+\b")


async def test_an_officer_restricts_liberty_sees_its_deadline_and_releases_it(
    browser: Browser, live_server: str
) -> None:
    cause = "涉嫌违法拒不说明身份（限制人身自由，浏览器）"
    officer = await Desk.sign_in(browser, live_server, "officer1")
    case_url = await open_case(officer, cause)
    leader = await Desk.sign_in(browser, live_server, "leader")
    await leader.sign(cause, opinion="同意立案")
    await officer.visit(case_url)
    await officer.wait_for_phase(phase_title("investigation"))

    now = datetime.now(CST)
    taken = {
        "av_recorded": True,
        "officer_ids": ["张三", "李四"],
        "certificates_shown": True,
        "signed_by": "王某",
        "place": "泰安市岱岳区某某路1号",
        "started_at": local(now - timedelta(minutes=20)),
        "ended_at": local(now - timedelta(minutes=5)),
        "person": "王某",
        "reason": "拒不说明身份且有违法嫌疑，需继续盘问",
        "law_article": "第九条",
        "period_hours": "24",
        "held_at": "某某派出所候问室",
        "rights_told": True,
        "party_statement": "要求通知家属",
        "urgency": "当事人正欲离开现场",
        "taken_at": local(now - timedelta(minutes=20)),
    }
    # A regulation cannot set it: refused beside the field with 强制法 Art. 10, what was typed kept.
    form = await officer.refused(
        "restrict_liberty_on_the_spot", {**taken, "law_name": "某省治安管理条例"}, reason="不是法律"
    )
    await expect(officer.page.get_by_role("alert").first).to_contain_text("第十条")
    await expect(form.locator('[name="person"]')).to_have_value("王某")

    await officer.step(
        "restrict_liberty_on_the_spot",
        {**taken, "law_name": "中华人民共和国人民警察法"},
        expect_notice="立即通知其家属",
    )
    deadlines = officer.page.locator("#deadlines")
    await expect(deadlines).to_contain_text("限制王某人身自由的法定期限")
    await expect(deadlines).to_contain_text("返回行政机关后立即报告负责人并补办批准")
    await expect(officer.page.locator("#records")).to_contain_text("限制公民人身自由现场笔录")

    await pick_and_submit(
        officer,
        "notify_liberty_family",
        "measure_id",
        "第1项限制公民人身自由",
        {"family_member": "李某", "relation": "配偶", "way": "电话通知", "notified_at": local(now)},
    )
    await expect(officer.page.locator("#records")).to_contain_text("限制人身自由通知家属记录")
    await pick_and_submit(
        officer,
        "release_liberty",
        "measure_id",
        "第1项限制公民人身自由",
        {"ground": "实施行政强制措施的目的已经达到", "detail": "身份已查明", "released_at": local(now)},
    )
    await expect(officer.page.locator("#records")).to_contain_text("解除限制人身自由记录")
    # Released: nothing is left to release, and no internal id reached the page.
    form = await officer.open_step("release_liberty")
    await expect(form.locator('[name="measure_id"] option')).to_have_count(1)
    text = await officer.page.locator("body").inner_text()
    assert not LIBERTY_ID.search(text)
    await leader.sign("当场限制人身自由补办批准", opinion="同意")
