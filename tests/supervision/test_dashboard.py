"""The supervision dashboard against a seeded data set whose every figure is known in advance."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from casetrail.store.db import transaction
from casetrail.store.models import AvObligation, IssuedDocument, Record, Role
from tests.api.conftest import Login

from .helpers import add_agency, add_case, add_user, user_id

CST = timezone(timedelta(hours=8))
NOW = datetime.now(UTC)


def opened(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=CST)


async def records(case_id: uuid.UUID, *kinds: str, at: datetime, **fields: Any) -> None:
    async with transaction() as session:
        for kind in kinds:
            session.add(
                Record(
                    case_id=case_id,
                    step_key=f"{kind}-{uuid.uuid4().hex[:6]}",
                    kind=kind,
                    title=kind,
                    fields=fields,
                    created_at=at,
                )
            )


async def documents(case_id: uuid.UUID, *kinds: str) -> None:
    async with transaction() as session:
        for kind in kinds:
            session.add(
                IssuedDocument(
                    case_id=case_id,
                    step_key=f"document-{kind}",
                    kind=kind,
                    title=kind,
                    number=None,
                    template_version="1",
                    snapshot={},
                    sha256="0" * 64,
                    size=1,
                    pages=1,
                )
            )


async def recording(case_id: uuid.UUID, *, requirement: str, on_time: bool | None) -> None:
    """``on_time`` None: not stored at all."""
    due = opened(4, 2)
    async with transaction() as session:
        session.add(
            AvObligation(
                case_id=case_id,
                key=f"av-{uuid.uuid4().hex[:6]}",
                act="on_site_inspection",
                requirement=requirement,
                storage_due_at=due,
                status="open" if on_time is None else "fulfilled",
                fulfilled_at=None if on_time is None else due + timedelta(hours=-1 if on_time else 5),
            )
        )


@pytest.fixture(scope="module")
async def seeded() -> dict[str, Any]:
    city = await add_agency("统计测试市局")
    a = await add_agency("统计测试甲局", parent=city)
    b = await add_agency("统计测试乙局", parent=city)
    supervisor = await add_user("统计监督员", roles={city: (Role.supervisor,)})
    leader = await add_user("甲局负责人", roles={a: (Role.leader,)})
    officer = await add_user("统计承办", roles={b: (Role.officer,)}, certificate=True)
    officer_id = await user_id(officer)

    async def case(n: int, agency: uuid.UUID, party: str, **row: Any) -> uuid.UUID:
        return await add_case(agency_id=agency, case_no=f"统计{n}", party_name=party, **row)

    closed = {"status": "closed", "phase": "archived"}
    cases = {
        "a1": await case(1, a, "甲", created_at=opened(3, 10), next_deadline_at=NOW + timedelta(days=1)),
        "a2": await case(
            2,
            a,
            "乙",
            created_at=opened(3, 20),
            next_deadline_at=NOW - timedelta(days=1),
            start_type="complaint",
        ),
        "a3": await case(3, a, "丙", created_at=opened(3, 1), **closed),
        "b1": await case(4, b, "丁", officers=(officer_id,), created_at=opened(4, 1), **closed),
        "b2": await case(
            5, b, "戊", officers=(officer_id,), created_at=opened(4, 15), start_type="emergency"
        ),
    }
    await records(cases["a3"], "leader_approval", "legal_review", "hearing_record", at=opened(3, 5))
    await records(cases["a3"], "closing_approval", at=opened(3, 11))  # 10 days
    await records(cases["a3"], "statement_review", at=opened(3, 4), adoption="采纳")
    await documents(cases["a3"], "filing_approval", "investigation_report", "closing_approval")
    await records(cases["b1"], "leader_approval", at=opened(4, 10))
    await records(cases["b1"], "closing_approval", at=opened(4, 21))  # 20 days
    await records(cases["b1"], "statement_review", at=opened(4, 4), adoption="不予采纳")
    await documents(cases["b1"], "filing_approval", "closing_approval")
    await recording(cases["b1"], requirement="mandatory", on_time=True)
    await recording(cases["b1"], requirement="mandatory", on_time=False)
    await recording(cases["b1"], requirement="situational", on_time=None)
    await recording(cases["b2"], requirement="mandatory", on_time=None)
    return {"city": city, "a": a, "b": b, "supervisor": supervisor, "leader": leader, "cases": cases}


async def test_every_figure_has_its_known_answer(
    reads_api: httpx.AsyncClient, reads_login: Login, seeded: dict[str, Any]
) -> None:
    headers = await reads_login(seeded["supervisor"])
    response = await reads_api.get("/dashboard", headers=headers)
    assert response.status_code == 200, response.text
    board = response.json()
    assert board["total"] == 5
    assert {c["key"]: c["count"] for c in board["by_start_type"]} == {
        "ex_officio": 3,
        "complaint": 1,
        "emergency": 1,
    }
    assert {c["title"]: c["count"] for c in board["by_start_type"]}["先行启动"] == 1
    assert {c["title"]: c["count"] for c in board["by_agency"]} == {"统计测试甲局": 3, "统计测试乙局": 2}
    assert {c["title"]: c["count"] for c in board["by_month"]} == {"2026年3月": 3, "2026年4月": 2}
    assert {c["title"]: c["count"] for c in board["by_phase"]} == {"调查取证": 3, "已归档": 2}
    assert (board["open"]["count"], board["near_due"]["count"], board["overdue"]["count"]) == (3, 1, 1)
    assert board["closed"]["count"] == 2
    assert board["handling_days_avg"] == 15.0 and board["handling_days_p90"] == 19.0
    assert (board["hearing"]["numerator"], board["hearing"]["denominator"]) == (1, 2)
    assert (board["legal_review"]["numerator"], board["legal_review"]["denominator"]) == (1, 2)
    assert (board["statements_adopted"]["numerator"], board["statements_adopted"]["denominator"]) == (1, 2)
    assert (board["documents"]["numerator"], board["documents"]["denominator"]) == (5, 6)
    assert (board["recording"]["numerator"], board["recording"]["denominator"]) == (1, 3)
    assert [(r["title"], r["numerator"], r["denominator"]) for r in board["recording_by_agency"]] == [
        ("统计测试乙局", 1, 3)
    ]
    assert [(r["title"], r["numerator"], r["denominator"]) for r in board["recording_by_officer"]] == [
        ("统计承办", 1, 3)
    ]
    # A period narrows every figure: April only.
    april = (await reads_api.get("/dashboard", params={"opened_from": "2026-04-01"}, headers=headers)).json()
    assert april["total"] == 2 and april["closed"]["count"] == 1 and april["handling_days_avg"] == 20.0


async def test_each_figure_drills_down_to_its_cases(
    reads_api: httpx.AsyncClient, reads_login: Login, seeded: dict[str, Any]
) -> None:
    headers = await reads_login(seeded["supervisor"])
    board = (await reads_api.get("/dashboard", headers=headers)).json()

    async def behind(link: str) -> list[str]:
        response = await reads_api.get(link, headers=headers)
        assert response.status_code == 200, response.text
        return sorted(c["case_no"] for c in response.json())

    assert await behind(board["overdue"]["drill"]) == ["统计2"]
    assert await behind(board["near_due"]["drill"]) == ["统计1"]
    assert await behind(board["documents"]["drill"]) == ["统计4"]
    assert await behind(board["recording"]["drill"]) == ["统计4", "统计5"]
    assert await behind(board["hearing"]["drill"]) == ["统计3"]
    march = next(c for c in board["by_month"] if c["title"] == "2026年3月")
    assert await behind(march["drill"]) == ["统计1", "统计2", "统计3"]


async def test_a_leader_sees_their_agency_and_an_officer_nothing(
    reads_api: httpx.AsyncClient, reads_login: Login, seeded: dict[str, Any]
) -> None:
    leader = (await reads_api.get("/dashboard", headers=await reads_login(seeded["leader"]))).json()
    assert (
        leader["total"] == 3
        and leader["recording"]["denominator"] == 0
        and leader["recording"]["value"] is None
    )
    officer = await reads_api.get("/dashboard", headers=await reads_login("officer1"))
    assert officer.status_code == 403 and "监督" in officer.json()["error"]["message"]


async def test_case_file_review_then_assessment_report_in_json_excel_and_pdf(
    reads_api: httpx.AsyncClient, reads_login: Login, seeded: dict[str, Any]
) -> None:
    supervisor = await reads_login(seeded["supervisor"])
    a3, b1 = seeded["cases"]["a3"], seeded["cases"]["b1"]
    clean = (await reads_api.get(f"/cases/{a3}/review", headers=supervisor)).json()
    assert (clean["score"], clean["vetoed"], clean["verdict"], clean["findings"]) == (100, False, "合格", [])
    flawed = (await reads_api.get(f"/cases/{b1}/review", headers=supervisor)).json()
    assert flawed["vetoed"] and flawed["verdict"] == "不合格（否决项）" and flawed["score"] == 60
    by_key = {f["key"]: f for f in flawed["findings"]}
    assert set(by_key) == {"veto_recording", "doc_investigation"}
    assert (
        by_key["doc_investigation"]["deduction"] == 40
        and "第五十七条" in by_key["doc_investigation"]["citation"]
    )
    assert by_key["veto_recording"]["veto"] and by_key["veto_recording"]["citation"]

    scored = await reads_api.post(
        f"/cases/{a3}/review/scores", json={"deduction": 5, "comment": "询问笔录签名不全"}, headers=supervisor
    )
    assert scored.status_code == 201, scored.text
    assert scored.json()["score"] == 95 and scored.json()["manual"][0]["comment"] == "询问笔录签名不全"
    leader = await reads_login(seeded["leader"])
    refused = await reads_api.post(
        f"/cases/{a3}/review/scores", json={"deduction": 5, "comment": "x"}, headers=leader
    )
    assert refused.status_code == 403 and "监督人员" in refused.json()["error"]["message"]

    report = (await reads_api.get("/assessment", headers=supervisor)).json()
    assert any("泰安市行政执法全过程记录办法》第二十条" in b for b in report["basis"])
    rows = {r[0]: r[1:] for r in report["rows"]}
    assert rows["统计测试甲局"] == ["3", "1", "1", "—", "100.0%（3/3）", "1", "95.0", "1"]
    assert rows["统计测试乙局"] == ["2", "1", "0", "33.3%（1/3）", "66.7%（2/3）", "1", "60.0", "0"]
    officers = (await reads_api.get("/assessment", params={"by": "officer"}, headers=supervisor)).json()
    assert [r[:3] for r in officers["rows"]] == [["统计承办", "2", "1"]]

    excel = await reads_api.get("/assessment/report.xlsx", headers=supervisor)
    assert excel.status_code == 200
    sheet = load_workbook(io.BytesIO(excel.content)).active
    assert sheet is not None
    text = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("第二十条" in t for t in text) and "统计测试乙局" in text
    pdf = await reads_api.get("/assessment/report.pdf", headers=supervisor)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_dashboard_page_shows_the_figures_and_links_to_the_cases(
    reads_api: httpx.AsyncClient, reads_login: Login, seeded: dict[str, Any]
) -> None:
    headers = await reads_login(seeded["supervisor"])
    html = (await reads_api.get("/ui/dashboard", headers=headers)).text
    assert (
        "音像记录按时存储率" in html
        and "33.3%（1/3）" in html
        and "/ui/dashboard/cases?figure=overdue" in html
    )
    drill = await reads_api.get("/ui/dashboard/cases", params={"figure": "overdue"}, headers=headers)
    assert drill.status_code == 200 and "统计2" in drill.text and "统计1" not in drill.text
    officer = await reads_api.get("/ui/dashboard", headers=await reads_login("officer1"))
    assert officer.status_code == 403 and "执法监督统计仅向监督人员和机关负责人开放" in officer.text
