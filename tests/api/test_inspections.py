"""Routine inspection (行政检查) end to end through the API: a 双随机 draw with a recorded, reproducible
seed; the on-site inspection by two certified officers with its 现场检查笔录 and recording; 责令限期改正
with its durable deadline; the 复查; the end, closed or a linked penalty case carrying the records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from hashlib import sha256
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import func, select

from casetrail.api.inspection_service import RandomDraw, draw
from casetrail.api.listing import CASE_HEADER, case_row
from casetrail.rules.deadline_text import deadline_text
from casetrail.store.db import transaction
from casetrail.store.models import Case
from tests.documents.pdftools import pdf_text
from tests.evidence.conftest import upload, video_bytes

from .conftest import Login
from .helpers import agency_id, approve_filing, ids_of, wait_for_phase


def party(name: str, number: str) -> dict[str, str]:
    return {
        "name": name,
        "kind": "organisation",
        "id_number": number,
        "address": "泰安市岱岳区某路1号",
        "representative": "赵某",
    }


TARGETS = [party(f"泰安市某某商贸有限公司{i}", f"91370900MA3C00000{i}") for i in range(4)]


async def case_count() -> int:
    async with transaction() as session:
        return int((await session.execute(select(func.count()).select_from(Case))).scalar_one())


async def test_a_draw_with_one_uncertified_inspector_opens_no_inspection(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("officer1")
    body = {
        "agency_id": await agency_id("demo-district-amr"),
        "matters": "食品经营场所日常监督检查",
        "targets": TARGETS,
        "inspectors": await ids_of("officer1", "officer2", "leader"),
        "count": 3,
        "seed": "2026-双随机-002",
    }
    before = await case_count()
    refused = await api.post("/inspections/draw", json=body, headers=officer)
    assert refused.status_code == 422 and refused.json()["error"]["rule"] == "certificate_required"
    assert refused.json()["error"]["citation"]
    assert await case_count() == before  # not the first targets opened and the rest refused


async def exported(case_id: str) -> tuple[str, str]:
    """阶段 and 状态 as the case list's export shows them."""
    async with transaction() as session:
        case = await session.get(Case, UUID(case_id))
        assert case is not None
        row = case_row(case)
    return row[CASE_HEADER.index("阶段")], row[CASE_HEADER.index("状态")]


async def step(
    api: httpx.AsyncClient, headers: dict[str, str], case_id: str, name: str, payload: dict[str, Any]
) -> httpx.Response:
    return await api.post(f"/cases/{case_id}/steps/{name}", json={"payload": payload}, headers=headers)


def on_site(officers: list[str], **fields: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "officer_ids": officers,
        "certificates_shown": True,
        "place": "经营场所",
        "av_recorded": True,
        "started_at": (now - timedelta(hours=1)).isoformat(),
        "ended_at": now.isoformat(),
        "present": "赵某（法定代表人）",
        "signed_by": "赵某",
        **fields,
    }


async def plan(
    api: httpx.AsyncClient, headers: dict[str, str], officers: list[str], target: dict[str, str], matters: str
) -> dict[str, Any]:
    """A planned inspection of ``target``, waiting for its on-site inspection."""
    planned = await api.post(
        "/inspections",
        json={
            "agency_id": await agency_id("demo-district-amr"),
            "party": target,
            "officer_ids": officers,
            "matters": matters,
        },
        headers=headers,
    )
    assert planned.status_code == 201, planned.text
    inspection: dict[str, Any] = planned.json()
    await wait_for_phase(api, headers, inspection["id"], "inspecting")
    return inspection


async def issued(
    api: httpx.AsyncClient, headers: dict[str, str], case_id: str, title: str
) -> tuple[str, str]:
    """The newest document of the case titled ``title``: its number, and its text as pdftotext reads it."""
    listed = (await api.get(f"/cases/{case_id}/documents", headers=headers)).json()
    document = [d for d in listed if d["title"] == title][-1]
    pdf = await api.get(f"/cases/{case_id}/documents/{document['id']}/pdf", headers=headers)
    assert pdf.status_code == 200, pdf.text
    return document["number"] or "", pdf_text(pdf.content)


async def test_random_inspection_to_correction_check_and_a_linked_penalty_case(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("officer1")
    officers = await ids_of("officer1", "officer2")
    body = {
        "agency_id": await agency_id("demo-district-amr"),
        "matters": "食品经营场所日常监督检查",
        "targets": TARGETS,
        "inspectors": officers,
        "count": 2,
        "seed": "2026-双随机-001",
    }
    drawn = await api.post("/inspections/draw", json=body, headers=officer)
    assert drawn.status_code == 201, drawn.text
    result = drawn.json()
    assert result["seed"] == "2026-双随机-001" and len(result["drawn"]) == 2
    # Reproducible: the same registers and seed give the same draw.
    again = draw(RandomDraw.model_validate(body), result["seed"])
    assert [t.name for t, _ in again] == [d["target"] for d in result["drawn"]]
    first, second = (d["case"] for d in result["drawn"])
    assert "检字" in first["case_no"] and first["start_type"] == "inspection"

    detail = await wait_for_phase(api, officer, first["id"], "inspecting")
    plan = next(r for r in detail["records"] if r["kind"] == "random_draw")
    assert plan["fields"]["draw"]["seed"] == "2026-双随机-001"

    # At least two certified officers (处罚法 Art. 42).
    one = await step(
        api,
        officer,
        first["id"],
        "record_site_inspection",
        on_site(officers[:1], findings="x", violation_found=False),
    )
    assert one.status_code == 409 and one.json()["error"]["rule"] == "two_officers"
    # The refusal names what the officers are doing: an inspection, not an investigation (处罚法 Art. 42).
    assert one.json()["error"]["message"].startswith("实施行政检查的执法人员不得少于两人")
    # The 现场检查笔录 is signed by the party, or the refusal to sign is noted.
    unsigned = await step(
        api,
        officer,
        first["id"],
        "record_site_inspection",
        on_site(officers, findings="x", violation_found=False, signed_by=""),
    )
    assert (
        unsigned.status_code == 422 and unsigned.json()["error"]["rule"] == "record_signed_or_refusal_noted"
    )
    found = await step(
        api,
        officer,
        first["id"],
        "record_site_inspection",
        on_site(officers, findings="冷藏柜温度超标，部分食品未标注进货日期", violation_found=True),
    )
    assert found.status_code == 200, found.text
    target = result["drawn"][0]["target"]
    number, text = await issued(api, officer, first["id"], "现场检查（勘验）笔录")
    assert not number  # a 笔录 has no 文号 of its own: it carries the inspection's 检字 number
    assert first["case_no"] in text and "检字" in text
    assert target in text and "冷藏柜温度超标，部分食品未标注进货日期" in text
    assert "赵某（法定代表人）" in text and "签名：赵某" in text and "第五十五条" in text

    today = datetime.now(UTC).astimezone().date()
    ordered = await step(
        api,
        officer,
        first["id"],
        "order_correction",
        {
            "problems": "冷藏设施温度不符合要求",
            "legal_basis": "《中华人民共和国食品安全法》第五十四条",
            "correct_by": (today + timedelta(days=10)).isoformat(),
            "served_on": today.isoformat(),
            "receiver": "赵某",
        },
    )
    assert ordered.status_code == 200, ordered.text
    order_no, order = await issued(api, officer, first["id"], "责令限期改正指令书")
    assert "责改字" in order_no and order_no in order
    assert target in order and first["case_no"] in order and "冷藏设施温度不符合要求" in order
    # The last day as the law counts it (处罚法 Art. 28 orders the correction; the whole day is the party's).
    assert deadline_text(today + timedelta(days=10)) in order and "第二十八条" in order
    _, receipt = await issued(api, officer, first["id"], "送达回证")
    assert order_no in receipt and "赵某" in receipt and "直接送达" in receipt
    detail = await wait_for_phase(api, officer, first["id"], "correcting")
    clock = next(d for d in detail["deadlines"] if d["key"] == "correction_deadline")
    assert clock["status"] == "open" and "第二十八条" in clock["citation"]

    checked = await step(
        api,
        officer,
        first["id"],
        "record_reinspection",
        on_site(
            officers,
            corrected="not_corrected",
            details="冷藏柜仍未维修",
            checked_at=datetime.now(UTC).isoformat(),
        ),
    )
    assert checked.status_code == 200, checked.text
    _, check = await issued(api, officer, first["id"], "整改复查意见书")
    assert order_no in check and "冷藏柜仍未维修" in check and "未改正" in check and "立案查处" in check
    refused = await step(api, officer, first["id"], "close_inspection", {"conclusion": "结束"})
    assert refused.status_code == 409 and refused.json()["error"]["rule"] == "uncorrected_needs_case"

    opened = await api.post(
        f"/inspections/{first['id']}/penalty-case", json={"reason": "逾期未改正"}, headers=officer
    )
    assert opened.status_code == 201, opened.text
    penalty = opened.json()
    assert penalty["start_type"] == "ex_officio" and "立字" in penalty["case_no"]
    filing = next(
        r
        for r in (await wait_for_phase(api, officer, penalty["id"], "filing_approval"))["records"]
        if r["kind"] == "filing_request"
    )
    carried = filing["fields"]["carried_from"]
    assert carried["inspection"] == first["case_no"]
    assert {"site_inspection", "correction_order", "correction_check"} <= {
        r["kind"] for r in carried["records"]
    }
    assert [d["title"] for d in carried["documents"]] == [
        "现场检查（勘验）笔录",
        "责令限期改正指令书",
        "送达回证",
        "整改复查意见书",
    ]
    assert order_no in [d["number"] for d in carried["documents"]]
    ended = await wait_for_phase(api, officer, first["id"], "referred_to_case")
    # Not 已终止 (a stopped case) nor 已结案 (no case was closed): the inspection handed its findings on.
    assert await exported(first["id"]) == ("已移送立案", "已移送立案")
    link = next(r for r in ended["records"] if r["kind"] == "penalty_case_opened")
    assert link["fields"]["case_no"] == penalty["case_no"]

    # The other target: nothing found, the inspection is closed.
    await wait_for_phase(api, officer, second["id"], "inspecting")
    # Before the on-site record no penalty case can be opened from it, and none is left behind.
    before = await case_count()
    early = await api.post(f"/inspections/{second['id']}/penalty-case", json={"reason": "x"}, headers=officer)
    assert early.status_code == 409 and early.json()["error"]["rule"] == "step_not_allowed_now"
    assert "转立案查处" in early.json()["error"]["message"] and "link_penalty_case" not in early.text
    assert await case_count() == before
    # Nor can the link be typed through the generic step route, naming a case of one's choosing.
    forged = await api.post(
        f"/cases/{second['id']}/steps/link_penalty_case",
        json={"payload": {"case_id": first["id"], "case_no": "伪造", "reason": "x"}},
        headers=officer,
    )
    assert forged.status_code == 422 and forged.json()["error"]["rule"] == "step_taken_by_the_system"
    assert "转立案查处" in forged.json()["error"]["message"]
    clean = await step(
        api,
        officer,
        second["id"],
        "record_site_inspection",
        on_site(officers, findings="未发现问题", violation_found=False),
    )
    assert clean.status_code == 200, clean.text
    closed = await step(api, officer, second["id"], "close_inspection", {"conclusion": "未发现违法行为"})
    assert closed.status_code == 200 and closed.json()["phase"] == "inspection_closed"
    # The inspection's workflow stops when it ends: no clock of it may stay "open" with nobody to mark it.
    ended = await wait_for_phase(api, officer, second["id"], "inspection_closed")
    assert await exported(second["id"]) == ("已办结", "已办结")
    assert [d["key"] for d in ended["deadlines"] if d["status"] == "open"] == []


async def test_the_penalty_case_holds_the_inspections_evidence_and_links_both_ways(
    api: httpx.AsyncClient, login: Login
) -> None:
    """Linked workflows, one record: a file uploaded during the inspection is the penalty case's evidence
    (listed, and in its 卷宗 index with its sha256) without a copy, and each case names the other."""
    officer, leader = await login("officer1"), await login("leader")
    officers = await ids_of("officer1", "officer2")
    inspection = await plan(api, officer, officers, TARGETS[0], "冷链食品贮存条件检查")
    data = video_bytes(4096)
    uploaded = await upload(api, officer, inspection["id"], data)
    assert uploaded.status_code == 201, uploaded.text
    found = await step(
        api,
        officer,
        inspection["id"],
        "record_site_inspection",
        on_site(officers, findings="冷藏柜温度12℃，超过标示贮存温度", violation_found=True),
    )
    assert found.status_code == 200, found.text

    opened = await api.post(
        f"/inspections/{inspection['id']}/penalty-case",
        json={"reason": "贮存条件不符合要求"},
        headers=officer,
    )
    assert opened.status_code == 201, opened.text
    penalty = opened.json()
    assert penalty["origin_case_id"] == inspection["id"]

    listed = (await api.get(f"/cases/{penalty['id']}/evidence", headers=officer)).json()
    assert [(e["sha256"], e["case_id"]) for e in listed] == [(sha256(data).hexdigest(), inspection["id"])]

    detail = (await api.get(f"/cases/{penalty['id']}", headers=officer)).json()
    assert [(link["relation"], link["case_no"]) for link in detail["linked"]] == [
        ("inspection", inspection["case_no"])
    ]
    back = await wait_for_phase(api, officer, inspection["id"], "referred_to_case")
    assert [(link["relation"], link["case_no"]) for link in back["linked"]] == [
        ("penalty_case", penalty["case_no"])
    ]

    assert (await approve_filing(api, officer, leader, penalty["id"])).status_code == 200
    await wait_for_phase(api, officer, penalty["id"], "investigation")
    bound = await api.get(f"/cases/{penalty['id']}/case-file", headers=officer)
    assert bound.status_code == 200, bound.text
    index = pdf_text(bound.content)
    assert sha256(data).hexdigest() in index
    # The plan, the 现场检查笔录's record and its PDF (by its sha256), the link and the file: listed from
    # the inspection, marked as its own.
    assert index.count("〔行政检查〕") == 5 and "〔行政检查〕证据" in index
    listed = (await api.get(f"/cases/{inspection['id']}/documents", headers=officer)).json()
    # The 笔录 is listed by its own hash; its title wraps in its cell, and pdftotext reads the wrapped
    # line after the 文号 of the row beside it, so only the title's first line is matched whole.
    assert "〔行政检查〕现场检" in index and listed[0]["sha256"] in index


async def test_an_order_served_by_mail_is_checked_only_once_it_reached_the_party(
    api: httpx.AsyncClient, login: Login
) -> None:
    """The 责令限期改正指令书 served through the service workflow like a penalty case's documents (民诉法
    Art. 87-95): the 复查 waits for the service; the receipt's date is recorded with the way."""
    officer = await login("officer1")
    officers = await ids_of("officer1", "officer2")
    inspection = await plan(api, officer, officers, TARGETS[1], "食品贮存条件检查")
    found = await step(
        api,
        officer,
        inspection["id"],
        "record_site_inspection",
        on_site(officers, findings="仓库食品离地存放不足10厘米", violation_found=True, present=""),
    )
    # The 现场检查笔录 names who was present on site.
    assert found.status_code == 422 and found.json()["error"]["field"] == "present", found.text
    found = await step(
        api,
        officer,
        inspection["id"],
        "record_site_inspection",
        on_site(officers, findings="仓库食品离地存放不足10厘米", violation_found=True),
    )
    assert found.status_code == 200, found.text
    today = datetime.now(UTC).astimezone().date()
    order = {
        "problems": "食品贮存不符合离地离墙要求",
        "legal_basis": "《中华人民共和国食品安全法》第五十四条",
        "correct_by": (today + timedelta(days=15)).isoformat(),
        "delivery": "service",
    }
    dated = await step(
        api, officer, inspection["id"], "order_correction", {**order, "served_on": today.isoformat()}
    )
    assert dated.status_code == 422 and dated.json()["error"]["rule"] == "served_by_service"
    ordered = await step(api, officer, inspection["id"], "order_correction", order)
    assert ordered.status_code == 200, ordered.text
    assert ordered.json()["phase"] == "serving_correction_order"
    order_no, _ = await issued(api, officer, inspection["id"], "责令限期改正指令书")
    early = await step(
        api,
        officer,
        inspection["id"],
        "record_reinspection",
        on_site(officers, corrected="corrected", details="已整改", checked_at=datetime.now(UTC).isoformat()),
    )
    assert early.status_code == 409 and early.json()["error"]["rule"] == "step_not_allowed_now"

    mail = {
        "carrier": "registered",
        "tracking_no": "XA200",
        "posted_on": today.isoformat(),
        "receipt_date": today.isoformat(),
    }
    attempts = f"/cases/{inspection['id']}/services/correction_order/attempts"
    delivered = await api.post(attempts, json={"way": "mail", "payload": mail}, headers=officer)
    assert delivered.status_code == 200, delivered.text
    assert delivered.json()["status"] == "served"
    detail = await wait_for_phase(api, officer, inspection["id"], "correcting")
    served = next(r for r in detail["records"] if r["kind"] == "correction_order_served")
    assert (
        served["fields"]["document_number"] == order_no and served["fields"]["送达日期"] == today.isoformat()
    )
    checked = await step(
        api,
        officer,
        inspection["id"],
        "record_reinspection",
        on_site(officers, corrected="corrected", details="已整改", checked_at=datetime.now(UTC).isoformat()),
    )
    assert checked.status_code == 200, checked.text
