"""Steps several browser paths share, each done through the workbench as a person does it."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from .driver import Desk
from .test_paths import EVIDENCE, LAW, STATEMENT_CONTACT, now_local, open_case, today

PARTY_ADDRESS = "泰安市岱岳区某某路1号"


async def download_pdf(desk: Desk, title: str) -> None:
    """Download the issued document ``title`` from the case page's document list; it is a PDF."""
    async with desk.page.expect_download() as download_info:
        await desk.page.locator("#documents tr", has_text=title).get_by_role("link", name="下载").click()
    download = await download_info.value
    assert (await download.path()).read_bytes().startswith(b"%PDF"), f"{title} is not a PDF"


# The first bytes of an MP4 (an ISO base media ``ftyp`` box): the server reads the type from them.
MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


async def store_recording(desk: Desk, case_url: str, *, act: str, held_on: str, proves: str) -> None:
    """Upload the video of ``act`` for its recording duty through the case page's form, the description
    answering each point the case's regulation names (泰安 Art. 16), and see the duty fulfilled."""
    await desk.visit(case_url)
    form = await desk.open_step("upload")
    video = {"name": f"{act}录像.mp4", "mimeType": "video/mp4", "buffer": MP4_HEAD + bytes(4096)}
    await form.locator("input[type=file]").set_input_files(video)
    await form.locator("select[name=kind]").select_option("video")
    duty = form.locator("select[name=obligation_key] option", has_text=act).first
    await form.locator("select[name=obligation_key]").select_option(await duty.get_attribute("value"))
    await form.locator("[name=device]").fill("执法记录仪DSJ-0001")
    await form.locator("[name=recorded_from]").fill(f"{held_on}T09:00")
    await form.locator("[name=recorded_to]").fill(f"{held_on}T11:00")
    await form.locator("[name=proves]").fill(proves)
    for point in await form.locator('[data-points="content"] textarea').all():
        await point.fill(f"09:00-11:00 录有：{await point.get_attribute('data-point')}")
    await form.get_by_role("button", name="上传", exact=True).click()
    await expect(desk.page.locator("#evidence")).to_contain_text(f"{act}录像.mp4", timeout=30_000)
    await expect(desk.page.locator("#av-duties tr", has_text=act)).to_contain_text("已上传")


FINDINGS = {"facts": "当事人于货架销售超过保质期的酸奶120盒", "evidence": EVIDENCE, "legal_basis": LAW}


def rights_notice(penalty: dict[str, object], *, served_on: str) -> dict[str, object]:
    """The 行政处罚告知书's form for ``penalty`` (its ``penalty.*`` fields), served on ``served_on``."""
    return {
        **FINDINGS,
        "violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "penalty_provision": LAW,
        "evidence_proves": "当事人销售超过保质期的食品",
        "reasons": "违法事实清楚，证据确实充分",
        **penalty,
        "served_on": served_on,
        **STATEMENT_CONTACT,
    }


async def filed_case(browser: Browser, base: str, cause: str) -> tuple[Desk, Desk, str]:
    """An ex-officio case opened by officer1 (with officer2) and filed by the leader: the officer's and
    the leader's desks, and the case page's address, the officer's page there in 调查取证."""
    officer = await Desk.sign_in(browser, base, "officer1")
    case_url = await open_case(officer, cause)
    leader = await Desk.sign_in(browser, base, "leader")
    await leader.sign(cause, opinion="同意立案")
    await officer.visit(case_url)
    await officer.wait_for_phase("调查取证")
    return officer, leader, case_url


async def approve_proposal(
    browser: Browser, officer: Desk, leader: Desk, case_url: str, *, cause: str
) -> None:
    """The proposed decision signed by the unit head (on a phone), submitted, and approved by the leader."""
    head = await Desk.sign_in(browser, officer.base, "head", phone=True)
    await head.sign(cause, opinion="同意承办人意见")
    await officer.visit(case_url)
    await officer.step("submit_for_approval")
    await leader.sign(cause, opinion="同意")
    await officer.visit(case_url)


REMEDIES = {"remedies.review_body": "泰安市岱岳区人民政府", "remedies.court": "泰安市岱岳区人民法院"}
PAYMENT = {
    "payment.bank": "中国工商银行泰安分行",
    "payment.account_name": "泰安市财政局",
    "payment.account_number": "1606020129200123456",
}


async def issue_decision(officer: Desk, title: str, *, fine: bool) -> None:
    """The approved decision issued with the party present; its PDF downloaded from the document list."""
    await officer.step("issue_decision", {"party_present": True, **REMEDIES, **(PAYMENT if fine else {})})
    await download_pdf(officer, title)


async def serve_decision_in_person(officer: Desk) -> None:
    """The decision handed to the party's legal representative, who signs the 送达回证 (recorded on video)."""
    await officer.step("serve_decision")
    await officer.step(
        "decision:direct",
        {
            "place": PARTY_ADDRESS,
            "receiver": "王某某",
            "receiver_relation": "法定代表人",
            "signed_at": now_local(),
            "av_recorded": True,
        },
    )


async def close_and_archive(
    browser: Browser, officer: Desk, leader: Desk, case_url: str, *, cause: str, outcome: str, file_no: str
) -> None:
    """The case closed with the leader's approval, then archived by the archivist."""
    await officer.visit(case_url)
    await officer.step("request_closing", {"summary": outcome, "outcome": outcome})
    await leader.sign(cause, opinion="同意结案")
    archivist = await Desk.sign_in(browser, officer.base, "archivist")
    await archivist.visit(case_url)
    await archivist.step("archive_case", {"file_no": f"泰岱市监档〔2026〕{file_no}号", "retention": "长期"})
    await officer.visit(case_url)
    await officer.wait_for_phase("已归档")
    await expect(officer.page.locator("#next")).to_contain_text("案件已归档")


async def pay_close_and_archive(
    browser: Browser, officer: Desk, leader: Desk, case_url: str, *, cause: str, yuan: str, file_no: str
) -> None:
    """From 履行期: the fine paid in full (entered in 元), then closed and archived."""
    await officer.visit(case_url)
    await officer.wait_for_phase("履行期")
    payment = {"amount_fen": yuan, "paid_on": today(), "receipt_no": f"鲁财{file_no}"}
    await officer.step("record_payment", payment)
    await officer.wait_for_phase("已履行")
    await expect(officer.page.locator("#records")).to_contain_text(f"{yuan} 元")
    await close_and_archive(
        browser, officer, leader, case_url, cause=cause, outcome="罚款已缴清，执行完毕", file_no=file_no
    )
