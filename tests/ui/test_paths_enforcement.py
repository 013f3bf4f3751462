"""Measures and execution driven through the workbench alone in Chromium, switching users, to the end:
a seizure extended and released before the decision; a fine left unpaid, the reminder, and the
agency's own enforcement; the application to the people's court.

The last two need weeks and months to pass (15 days to pay, the reminder's period, the six months to
sue). They run against a live server whose Temporal is the time-skipping test server: the test moves
the server's clock with ``env.sleep`` between steps a person takes in the browser, and every date the
person types is read from that clock.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from playwright.async_api import Browser, expect
from temporalio.testing import WorkflowEnvironment

from casetrail import search_attributes
from casetrail.api.gateway import CaseGateway
from casetrail.worker import build_worker
from casetrail.workflows.phases import phase_title
from tests.api.conftest import make_app
from tests.documents.pdftools import pdf_text
from tests.workflows import conftest as time_skipping  # (its test_server_binary is no test)
from tests.workflows.factory import DECISION_TERMS

from .conftest import serving
from .driver import Desk, fill
from .test_paths import CST, EVIDENCE, LAW, STATEMENT_CONTACT, open_case, penalty_fields, today

QUEUE = "casetrail-ui-time"
# A measure's or commission's internal id must never reach a page either.
HOLDING_ID = re.compile(r"\b(seizure|evidence_preservation|freeze|testing)-\d+\b")


async def check(desk: Desk) -> None:
    await desk.check_page()
    text = await desk.page.locator("body").inner_text()
    assert not HOLDING_ID.search(text), f"{desk.page.url}: {HOLDING_ID.search(text)}"


async def download_pdf(desk: Desk, title: str) -> bytes:
    """Download the issued document ``title`` from the case page's documents table."""
    async with desk.page.expect_download() as info:
        await (
            desk.page.locator("#documents tr", has_text=title).first.get_by_role("link", name="下载").click()
        )
    pdf = (await (await info.value).path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    return pdf


async def pick_and_submit(desk: Desk, key: str, field: str, label: str, values: dict[str, object]) -> None:
    """Submit ``key``'s form, choosing in ``field`` the one option whose label starts with ``label``."""
    form = await desk.open_step(key)
    select = form.locator(f'[name="{field}"]')
    await expect(select).to_contain_text(label)
    options = await select.locator("option").all_inner_texts()
    await select.select_option(label=next(o for o in options if o.startswith(label)))
    await fill(form, values)
    await form.get_by_role("button", name="提交").click()
    await expect(desk.page.get_by_role("status")).to_be_visible()
    await check(desk)


def decision_terms(prefix: str = "") -> dict[str, object]:
    """Where to seek review or sue, and where to pay, as a decision's form asks them."""
    return {f"{prefix}{group}.{k}": v for group, terms in DECISION_TERMS.items() for k, v in terms.items()}


def local(moment: datetime) -> str:
    return moment.astimezone(CST).strftime("%Y-%m-%dT%H:%M")


SEIZURE = {
    "av_recorded": True,
    "officer_ids": ["张三", "李四"],
    "certificates_shown": True,
    "signed_by": "王某某",
    "place": "泰安市岱岳区某某路1号店内",
    "measure": "扣押",
    "reason": "涉嫌销售超过保质期的食品，需防止转移",
    "legal_basis": "《中华人民共和国食品安全法》第一百一十条第（四）项",
    "items": [{"name": "过期酸奶", "quantity": "12", "unit": "盒"}],
    "party_present": True,
    "rights_told": True,
    **{k: v for k, v in decision_terms().items() if k.startswith("remedies.")},
}


async def decide_and_issue(officer: Desk, head: Desk, leader: Desk, case_url: str, cause: str) -> None:
    """From the end of the investigation to the decision issued (rights waived), through the forms."""
    findings = {
        "facts": "当事人于货架销售超过保质期的酸奶12盒",
        "evidence": EVIDENCE,
        "legal_basis": LAW,
        "handling.kind": "给予行政处罚",
    }
    await officer.step("finish_investigation", {**findings, **penalty_fields("handling.penalty", "3000")})
    await officer.step(
        "notify_rights",
        {
            "violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
            "penalty_provision": LAW,
            "evidence_proves": "当事人销售超过保质期的食品",
            "reasons": "违法事实清楚，证据确实充分",
            **{k: v for k, v in findings.items() if k != "handling.kind"},
            **penalty_fields("penalty", "3000"),
            "served_on": today(),
            **STATEMENT_CONTACT,
        },
    )
    await officer.wait_for_phase(phase_title("rights_window"))
    await officer.step(
        "record_waiver", {"scope": "放弃陈述、申辩和听证", "form": "书面", "note": "当事人书面放弃"}
    )
    await officer.step(
        "propose_decision",
        {
            **findings,
            **penalty_fields("handling.penalty", "3000"),
            "discretion_rule": "市场监管行政处罚裁量基准：一般情节",
            "considerations": "扣押物品已依法解除，当事人积极配合",
        },
    )
    await head.sign(cause, opinion="同意承办人意见")
    await officer.visit(case_url)
    await officer.step("submit_for_approval")
    await leader.sign(cause, opinion="同意")
    await officer.visit(case_url)
    await officer.step("issue_decision", {"party_present": False, **decision_terms()})
    await download_pdf(officer, "行政处罚决定书")


async def test_seizure_extended_then_released_before_the_decision(browser: Browser, live_server: str) -> None:
    cause = "涉嫌销售过期酸奶（扣押，浏览器）"
    officer = await Desk.sign_in(browser, live_server, "officer1")
    case_url = await open_case(officer, cause)
    leader = await Desk.sign_in(browser, live_server, "leader")
    await leader.sign(cause, opinion="同意立案")
    await officer.visit(case_url)
    await officer.wait_for_phase(phase_title("investigation"))

    started = datetime.now(CST) - timedelta(minutes=40)
    await officer.step(
        "request_seizure",
        {**SEIZURE, "started_at": local(started), "ended_at": local(started + timedelta(minutes=30))},
    )
    await leader.sign("扣押审批", opinion="同意扣押")
    await officer.visit(case_url)
    await expect(officer.page.locator("#deadlines")).to_contain_text("扣押期限")
    await check(officer)
    await download_pdf(officer, "扣押决定书")

    # The seized goods go for testing: the seizure is ticked from the case's list, and the result is
    # recorded against the commission picked from the case's list.
    form = await officer.open_step("commission_testing")
    await form.locator('fieldset[data-name="seizure_ids"]').get_by_label("第1项扣押").check()
    await fill(
        form,
        {
            "kind": "检验",
            "institution": "泰安市食品药品检验检测研究院",
            "items": [{"name": "过期酸奶", "quantity": "2", "unit": "盒"}],
            "purpose": "检验是否变质",
            "expected_end": today(10),
            "party_notified_in_writing": True,
        },
    )
    await form.get_by_role("button", name="提交").click()
    await expect(officer.page.get_by_role("status")).to_contain_text("已委托检验")
    await check(officer)
    await pick_and_submit(
        officer,
        "record_testing_result",
        "testing_id",
        "第1项检验、鉴定委托",
        {"report_no": "泰检〔2026〕88号", "opinion": "样品已变质，不符合食品安全标准"},
    )
    await expect(officer.page.locator("#records")).to_contain_text("样品已变质")

    # The measure to extend is picked from the case's own measures, by what it is, not typed as an id.
    await pick_and_submit(
        officer,
        "request_seizure_extension",
        "measure_id",
        "第1项扣押",
        {"days": "30", "reason": "需委托检验，情况复杂", "party_notice": "书面告知当事人"},
    )
    await leader.sign("延长查封扣押期限审批", opinion="同意延长")
    await officer.visit(case_url)
    await expect(officer.page.locator("#records")).to_contain_text("延长查封扣押期限决定书")
    # Once only (强制法 Art. 25): a second extension is refused with the article, what was typed kept.
    form = await officer.refused(
        "request_seizure_extension",
        {"days": "10", "reason": "检验尚未完成", "party_notice": "书面告知当事人"},
        reason="只能延长一次",
    )
    await expect(form.locator('[name="reason"]')).to_have_value("检验尚未完成")
    await expect(officer.page.get_by_role("alert").first).to_contain_text("第二十五条")
    await pick_and_submit(
        officer,
        "release_seizure",
        "measure_id",
        "第1项扣押",
        {"reason": "经检查已无扣押必要", "returned": "已当场退还过期酸奶12盒，当事人签收"},
    )
    await expect(officer.page.locator("#records")).to_contain_text("解除查封扣押决定书")
    # Released: nothing is left to extend or release.
    form = await officer.open_step("release_seizure")
    await expect(form.locator('[name="measure_id"] option')).to_have_count(1)
    await check(officer)

    head = await Desk.sign_in(browser, live_server, "head")
    await decide_and_issue(officer, head, leader, case_url, cause)


# ---- the paths that need time to pass ------------------------------------------------------------


@dataclass
class Clock:
    """The time-skipping server's clock: what "now" is for the procedure, and how to move it."""

    env: WorkflowEnvironment

    async def now(self) -> datetime:
        return (await self.env.get_current_time()).astimezone(CST)

    async def today(self, days: int = 0) -> str:
        return ((await self.now()) + timedelta(days=days)).date().isoformat()

    async def skip(self, days: float) -> None:
        await self.env.sleep(timedelta(days=days))


class TimeSkippingGateway(CaseGateway):
    """The test server does not implement DescribeTaskQueue, the API's check that a worker polls before
    it accepts a step; the fixture's own worker is polling the whole time."""

    async def worker_is_polling(self) -> bool:
        return True


@dataclass
class TimeServer:
    base: str
    clock: Clock


@pytest.fixture(scope="module")
async def time_server(database: str) -> AsyncIterator[TimeServer]:
    """The workbench over its own time-skipping Temporal (not the workflow tests': their clock stays)."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=time_skipping.test_server_binary()
    )
    time_skipping.patient_sleep(env)
    await search_attributes.register(env.client)
    app = make_app(env.client, task_queue=QUEUE)
    async with env, build_worker(env.client, QUEUE, strict=True), serving(app) as base:
        # Set once the server's start-up has connected its own gateway.
        app.state.gateway = TimeSkippingGateway(env.client, task_queue=QUEUE, update_timeout=20)
        yield TimeServer(base, Clock(env))


async def served_on_the_spot_fine(browser: Browser, server: TimeServer, cause: str) -> tuple[Desk, str]:
    """A fine decided on the spot (简易程序), filed, its decision PDF downloaded, served by mail."""
    clock = server.clock
    officer = await Desk.sign_in(browser, server.base, "officer1")
    now = local(await clock.now())
    on_the_spot = {
        "start_type": "简易程序（当场处罚）",
        "on_the_spot.facts": "当事人货架上摆放超过保质期的酸奶2盒待售",
        "on_the_spot.occurred_at": now,
        "on_the_spot.violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "on_the_spot.legal_basis": LAW,
        **penalty_fields("on_the_spot.penalty", "1000"),
        "on_the_spot.place": "泰安市岱岳区某某路1号",
        "on_the_spot.decided_at": now,
        **decision_terms("on_the_spot."),
        "on_the_spot.certificates_shown": True,
        "on_the_spot.statement": "无异议",
        "on_the_spot.statement_review": "当事人无异议",
        "on_the_spot.party_signed": True,
    }
    case_url = await open_case(officer, cause, on_the_spot, phase=phase_title("on_the_spot"))
    await officer.step("file_on_the_spot_decision", {"note": "当场处罚后当日备案"})
    await officer.wait_for_phase(phase_title("decided"))
    await download_pdf(officer, "当场行政处罚决定书")
    await officer.step("serve_decision")
    await serve_by_mail(officer, "decision", "当场行政处罚决定书", clock)
    await officer.wait_for_phase(phase_title("performance"))
    return officer, case_url


async def serve_by_mail(officer: Desk, purpose: str, document: str, clock: Clock) -> None:
    """The 送达回证 naming ``document`` is offered for printing first; then the mail's outcome is recorded."""
    receipt = officer.page.locator("#print-receipt")
    next_form = officer.page.locator(f'details[data-form="{purpose}:mail"]')
    await expect(receipt).to_be_visible()
    # Printing comes before recording: the link stands above the forms of the ways.
    above = await receipt.evaluate(
        "(a, d) => !!(a.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING)",
        await next_form.element_handle(),
    )
    assert above
    response = await officer.page.request.get(await receipt.evaluate("a => a.href"))
    assert response.ok
    text = pdf_text(await response.body())
    assert "送达回证" in text and document in text, text
    await officer.step(
        f"{purpose}:mail",
        {
            "carrier": "挂号信",
            "tracking_no": f"XA{purpose}1",
            "posted_on": await clock.today(),
            "receipt_date": await clock.today(),
        },
    )


async def reminded(officer: Desk, clock: Clock, mode: str) -> None:
    """The fine is overdue: the 催告书 made, printed and served; the party waives its statement."""
    await officer.wait_for_phase(phase_title("overdue"))
    await officer.step(
        "issue_reminder",
        {
            "obligation": "缴纳罚款人民币1000元",
            "perform_by": await clock.today(3),
            "manner": "到指定银行缴纳",
            "payment_method": "至中国工商银行泰安分行缴纳，账号1606020129200123456",
            "enforcement_mode": mode,
        },
    )
    # It names the decision not performed as what it is: made on the spot (处罚法 Art. 52).
    assert "当场行政处罚决定书" in pdf_text(await download_pdf(officer, "催告书"))
    await serve_by_mail(officer, "reminder", "催告书", clock)
    await officer.wait_for_phase(phase_title("reminded"))
    await officer.step("record_reminder_statement", {"waived": True})


async def closed_and_archived(
    officer: Desk, leader: Desk, archivist: Desk, case_url: str, cause: str
) -> None:
    await officer.visit(case_url)
    await officer.step("request_closing", {"summary": "已依法强制执行", "outcome": "执行完毕"})
    await leader.sign(cause, opinion="同意结案")
    await archivist.visit(case_url)
    await archivist.step("archive_case", {"file_no": "泰岱市监档〔2026〕21号", "retention": "长期"})
    await officer.visit(case_url)
    await officer.wait_for_phase(phase_title("archived"))


def lawful_time(after: datetime) -> datetime:
    """10:00 on the first weekday after ``after`` (强制法 Art. 43: not at night, not on a rest day)."""
    day = after.astimezone(CST) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=10, minute=0, second=0, microsecond=0)


async def test_unpaid_fine_reminded_then_enforced_by_the_agency(
    browser: Browser, time_server: TimeServer
) -> None:
    cause = "当场处罚罚款逾期未缴（加处罚款，浏览器）"
    clock = time_server.clock
    officer, case_url = await served_on_the_spot_fine(browser, time_server, cause)
    await clock.skip(16)  # 处罚法 Art. 67: fifteen days to pay
    await officer.visit(case_url)
    await reminded(officer, clock, "加处罚款")
    await clock.skip(4)  # the reminder's period passes unperformed (强制法 Art. 37)
    planned = lawful_time(await clock.now())
    await officer.visit(case_url)
    await officer.step(
        "request_enforcement",
        {
            "mode": "加处罚款或滞纳金",
            "reasons": "当事人经催告逾期仍未缴纳罚款",
            "basis": "《中华人民共和国行政处罚法》第七十二条第一款第（一）项",
            "planned_at": local(planned),
        },
    )
    leader = await Desk.sign_in(browser, time_server.base, "leader")
    await leader.sign("强制执行决定审批", opinion="同意")
    await officer.visit(case_url)
    await officer.wait_for_phase(phase_title("serving_enforcement_decision"))
    await download_pdf(officer, "行政强制执行决定书")
    await serve_by_mail(officer, "enforcement_decision", "行政强制执行决定书", clock)
    await officer.wait_for_phase(phase_title("enforcing"))
    await clock.skip((planned - await clock.now()).total_seconds() / 86400 + 1 / 24)
    await officer.visit(case_url)
    await officer.step(
        "record_enforcement",
        {"executed_at": local(planned), "result": "依法加处罚款，当事人已缴清罚款及加处罚款"},
    )
    await officer.wait_for_phase(phase_title("enforced"))
    archivist = await Desk.sign_in(browser, time_server.base, "archivist")
    await closed_and_archived(officer, leader, archivist, case_url, cause)


async def test_unpaid_fine_taken_to_the_court(browser: Browser, time_server: TimeServer) -> None:
    cause = "当场处罚罚款逾期未缴（申请法院强制执行，浏览器）"
    clock = time_server.clock
    officer, case_url = await served_on_the_spot_fine(browser, time_server, cause)
    # Six months to sue must pass before the court may be asked (强制法 Art. 53, 行政诉讼法 Art. 46).
    await clock.skip(186)
    await officer.visit(case_url)
    await reminded(officer, clock, "申请人民法院强制执行")
    await clock.skip(25)  # ten working days after the reminder (强制法 Art. 54), with rest days and 端午
    await officer.visit(case_url)
    await officer.step(
        "apply_to_court", {"court": "泰安市岱岳区人民法院", "application_no": "泰岱市监强申〔2027〕1号"}
    )
    await officer.wait_for_phase(phase_title("court_pending"))
    await expect(officer.page.locator("#records")).to_contain_text("强制执行申请书")
    await officer.step(
        "record_court_result",
        {
            "ruling": "准予执行",
            "ruling_no": "（2027）鲁0911行审1号",
            "ruled_on": await clock.today(),
            "result": "法院裁定准予执行，罚款已划缴",
        },
    )
    leader = await Desk.sign_in(browser, time_server.base, "leader")
    archivist = await Desk.sign_in(browser, time_server.base, "archivist")
    await closed_and_archived(officer, leader, archivist, case_url, cause)
