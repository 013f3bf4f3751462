"""Routine inspections (行政检查, 明山 Art. 2, 12-13; 广东 Art. 2) driven through the workbench alone in
Chromium: a 双随机 draw with its recorded seed to a penalty case that holds the inspection's evidence,
and a planned inspection closed after a passed 复查 (明山 Art. 28; 新乡镇 Art. 23)."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.async_api import Browser, expect

from casetrail.api.inspection_service import InspectionDraw, draw
from casetrail.api.schemas import Party
from tests.documents.pdftools import pdf_running_text

from .driver import Desk, fill
from .test_paths import CST, now_local, today

OFFICERS = ["张三", "李四"]
ON_SITE = {"officer_ids": OFFICERS, "certificates_shown": True, "place": "经营场所冷库", "av_recorded": True}
# What the 现场检查笔录 needs besides: its times, who was present and signed (or the note of refusal).
RECORD = {
    "started_at": (datetime.now(UTC).astimezone(CST) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    "ended_at": now_local(),
    "present": "周某（法定代表人）",
    "signed_by": "周某",
}
TARGETS = [
    {
        "name": f"泰安市某某冷链食品有限公司{n}",
        "kind": "法人或其他组织",
        "id_number": f"91370900MA3D00000{n}",
        "address": f"泰安市岱岳区某某路{n}号",
        "representative": "周某",
    }
    for n in (1, 2, 3)
]
SEED = "2026年第4批双随机-冷链"
ORDER = {
    "problems": "冷库温度超过食品标签标示的贮存温度",
    "legal_basis": "《中华人民共和国食品安全法》第五十四条",
    "correct_by": today(10),
    "served_on": today(),
}


def drawn_target() -> str:
    """Who the seed draws from the register, as anyone can recompute it (双随机、一公开). The targets are
    drawn before the inspectors, so any two inspectors give the same target."""
    register = [Party.model_validate({**t, "kind": "organisation"}) for t in TARGETS]
    body = InspectionDraw(
        matters="冷链食品", targets=register, inspectors=[uuid.uuid4(), uuid.uuid4()], count=1, seed=SEED
    )
    return draw(body, SEED)[0][0].name


async def upload(officer: Desk, path: Path, proves: str) -> str:
    """A file uploaded from the case page; its sha256 once it is listed."""
    form = await officer.open_step("upload")
    await form.locator("input[type=file]").set_input_files(str(path))
    await form.locator("select[name=kind]").select_option(label="书证、电子文件")
    await form.locator("[name=proves]").fill(proves)
    await form.get_by_role("button", name="上传", exact=True).click()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    await expect(officer.page.locator("#evidence")).to_contain_text(digest, timeout=30_000)
    return digest


async def test_random_draw_to_a_penalty_case_that_holds_the_inspections_evidence(
    browser: Browser, live_server: str, tmp_path: Path
) -> None:
    officer = await Desk.sign_in(browser, live_server, "officer1")
    await officer.visit("/ui/inspections/new")
    await officer.page.locator('details[data-form="draw"] > summary').click()
    form = officer.page.locator("#draw-inspection")
    await fill(
        form,
        {
            "matters": "冷链食品贮存条件双随机抽查",
            "targets": TARGETS,
            "inspectors": OFFICERS,
            "count": "5",
            "seed": SEED,
        },
    )
    await form.get_by_role("button", name="随机抽取").click()
    # Refused by the field and its rule, in Chinese, with what was typed kept (the register too).
    await expect(officer.page.get_by_role("alert").first).to_contain_text(
        "抽取数量（5）不能多于检查对象名录（3个）"
    )
    await officer.check_page()
    await expect(form.locator('[name="targets.2.name"]')).to_have_value(TARGETS[2]["name"])
    await fill(form, {"count": "1", "inspectors": OFFICERS})
    await form.get_by_role("button", name="随机抽取").click()
    await expect(officer.page.get_by_role("status")).to_contain_text(f"随机种子：{SEED}")
    await officer.check_page()
    await officer.wait_for_phase("待现场检查")
    await expect(officer.page.locator("#party")).to_have_text(drawn_target())
    timeline = officer.page.locator("#records")
    await expect(timeline).to_contain_text("双随机抽取记录")
    await expect(timeline).to_contain_text(SEED)
    inspection_url = officer.page.url
    inspection_no = await officer.page.locator("#case-no").inner_text()

    photo = tmp_path / "冷库温度计读数.pdf"
    photo.write_bytes(b"%PDF-1.4\n" + os.urandom(2048))
    digest = await upload(officer, photo, "检查时冷库温度计显示12℃")

    alone = {
        **ON_SITE,
        **RECORD,
        "officer_ids": OFFICERS[:1],
        "findings": "冷库温度12℃",
        "violation_found": True,
    }
    await officer.refused("record_site_inspection", alone, reason="不得少于两人")
    await expect(officer.page.get_by_role("alert").first).to_contain_text("第四十二条")
    await expect(officer.page.get_by_role("alert").first).to_contain_text("实施行政检查的执法人员")
    await officer.step(
        "record_site_inspection",
        {**ON_SITE, **RECORD, "findings": "冷库温度12℃，超过标示的0-4℃贮存温度", "violation_found": True},
        expect_notice="发现问题",
    )
    await officer.wait_for_phase("已现场检查")
    # The 现场检查笔录, downloaded from the inspection's page: the inspection's number, party and findings.
    async with officer.page.expect_download() as download_info:
        row = officer.page.locator("#documents tr", has_text="现场检查（勘验）笔录")
        await row.get_by_role("link", name="下载").click()
    record = pdf_running_text((await (await download_info.value).path()).read_bytes())
    assert inspection_no in record and "检字" in inspection_no
    assert drawn_target() in record and "冷库温度12℃，超过标示的0-4℃贮存温度" in record
    assert "签名：周某" in record
    await officer.step("order_correction", ORDER, expect_notice="已责令限期改正")
    await officer.wait_for_phase("限期改正中")
    await expect(officer.page.locator("#deadlines")).to_contain_text("责令限期改正")
    await expect(officer.page.locator("#documents")).to_contain_text("责改字")
    await officer.step(
        "record_reinspection",
        {**ON_SITE, "corrected": "未改正", "details": "冷库制冷机组仍未维修", "checked_at": now_local()},
    )
    await officer.wait_for_phase("已复查")
    refused = await officer.refused("close_inspection", {"conclusion": "结束检查"}, reason="应当依法立案查处")
    await expect(refused).to_be_visible()

    await officer.step(
        "link_penalty_case", {"reason": "逾期未改正，冷库温度仍不符合要求"}, expect_notice="已转立案查处"
    )
    await officer.wait_for_phase("立案审批")
    origin = officer.page.locator('a.linked[data-relation="inspection"]')
    await expect(origin).to_have_text(inspection_no)
    await expect(officer.page.locator("#evidence")).to_contain_text(digest)
    await expect(officer.page.locator("#evidence")).to_contain_text("冷库温度计读数.pdf")
    penalty_no = await officer.page.locator("#case-no").inner_text()
    assert "立字" in penalty_no

    await origin.click()
    await officer.check_page()
    assert officer.page.url == inspection_url
    await officer.wait_for_phase("已移送立案")
    await expect(officer.page.locator('a.linked[data-relation="penalty_case"]')).to_have_text(penalty_no)
    await expect(officer.page.locator("#records")).to_contain_text("行政检查转立案记录")


async def test_planned_inspection_closed_after_a_passed_correction_check(
    browser: Browser, live_server: str
) -> None:
    officer = await Desk.sign_in(browser, live_server, "officer1", phone=True)
    await officer.visit("/ui/inspections/new")
    form = officer.page.locator("#plan-inspection")
    await fill(
        form,
        {
            "matters": "小餐饮后厨卫生计划检查",
            **{f"party.{key}": value for key, value in TARGETS[2].items()},
            "officer_ids": OFFICERS,
        },
    )
    await form.get_by_role("button", name="制定检查计划").click()
    await expect(officer.page.get_by_role("status")).to_contain_text("已制定检查计划")
    await officer.check_page()
    await officer.wait_for_phase("待现场检查")
    await expect(officer.page.locator("#records")).to_contain_text("行政检查计划")
    await officer.step(
        "record_site_inspection",
        {**ON_SITE, **RECORD, "findings": "后厨未设置防蝇设施", "violation_found": True},
    )
    await officer.wait_for_phase("已现场检查")
    await officer.step("order_correction", {**ORDER, "problems": "后厨未设置防蝇设施"})
    await officer.wait_for_phase("限期改正中")
    await officer.step(
        "record_reinspection",
        {**ON_SITE, "corrected": "已改正", "details": "已加装纱窗和灭蝇灯", "checked_at": now_local()},
    )
    await officer.wait_for_phase("已复查")
    await officer.step("close_inspection", {"conclusion": "已按期改正，结束检查"}, expect_notice="检查已结束")
    await officer.wait_for_phase("已办结")
    await expect(officer.page.locator("#records")).to_contain_text("行政检查结论")
    await expect(officer.page.locator("#next")).to_contain_text("您当前没有可办理的步骤")
    await expect(officer.page.locator("a.linked")).to_have_count(0)
