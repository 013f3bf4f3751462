"""Simple procedure (当场处罚) and the rights gate of the general procedure through the HTTP API."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
from sqlalchemy import func, select
from temporalio.client import Client

from casetrail.store.db import transaction
from casetrail.store.models import Case
from casetrail.workflows.case_workflow import CaseWorkflow
from tests.workflows.factory import DECISION_TERMS

from .conftest import Login
from .helpers import agency_id, approve_filing, case_body, ids_of, open_case, wait_for_phase

CST = timezone(timedelta(hours=8))
PENALTY_44 = "《中华人民共和国行政处罚法》第四十四条"
PENALTY_51 = "《中华人民共和国行政处罚法》第五十一条"


def on_the_spot(fine_yuan: int, **overrides: Any) -> dict[str, Any]:
    return {
        "facts": "在禁止区域占道经营",
        "legal_basis": "《泰安市市容和环境卫生管理条例》第二十条",
        "violated_provision": "《泰安市市容和环境卫生管理条例》第十二条",
        "occurred_at": datetime.now(CST).isoformat(),
        **DECISION_TERMS,
        "penalty": {"kinds": ["fine"], "fine_fen": fine_yuan * 100},
        "place": "泰山区东岳大街",
        "decided_at": datetime.now(CST).isoformat(),
        "certificates_shown": True,
        "statement": "承认占道，请求从轻",
        "statement_review": "已按最低标准处罚，不再减轻",
        "party_signed": True,
        **overrides,
    }


async def simple_case(party_kind: str, decision: dict[str, Any], cause: str) -> dict[str, Any]:
    party = {
        "name": "王某",
        "kind": party_kind,
        "id_number": "370902199001010011",
        "address": "泰安市泰山区某路2号",
    }
    if party_kind == "organisation":
        party["representative"] = "王某某"
    return case_body(
        await agency_id("demo-district-amr"),
        await ids_of("officer1", "officer2"),
        start_type="simple",
        cause=cause,
        party=party,
        on_the_spot=decision,
    )


async def cases_with_cause(cause: str) -> int:
    async with transaction() as session:
        return int((await session.execute(select(func.count()).where(Case.cause == cause))).scalar_one())


async def test_simple_procedure_above_its_limit_is_refused(api: httpx.AsyncClient, login: Login) -> None:
    officer = await login("officer1")
    cause = f"占道经营-{uuid.uuid4().hex[:6]}"

    response = await api.post(
        "/cases", json=await simple_case("person", on_the_spot(201), cause), headers=officer
    )
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert (error["rule"], error["citation"], error["field"]) == (
        "on_the_spot_limit",
        PENALTY_51,
        "on_the_spot.penalty.fine_fen",
    )
    assert "200.00元" in error["message"]

    revocation = on_the_spot(0, penalty={"kinds": ["warning", "revoke_licence"]})
    response = await api.post(
        "/cases", json=await simple_case("organisation", revocation, cause), headers=officer
    )
    assert response.status_code == 409 and response.json()["error"]["rule"] == "on_the_spot_kinds"
    assert await cases_with_cause(cause) == 0  # nothing half-written

    # 3,000 yuan is within the limit for an organisation.
    response = await api.post(
        "/cases", json=await simple_case("organisation", on_the_spot(3000), cause), headers=officer
    )
    assert response.status_code == 201, response.text


async def test_simple_procedure_decided_on_the_spot_then_filed(
    api: httpx.AsyncClient, login: Login, temporal_client: Client
) -> None:
    officer = await login("officer1")
    decision = on_the_spot(50, collected_on_the_spot=True, receipt_no="鲁财罚00012345")
    response = await api.post(
        "/cases", json=await simple_case("person", decision, "占道经营"), headers=officer
    )
    assert response.status_code == 201, response.text
    case = response.json()

    detail = await wait_for_phase(api, officer, case["id"], "on_the_spot")
    [record] = detail["records"]
    assert record["kind"] == "on_the_spot_decision" and record["citation"].endswith("第五十二条")
    assert re.fullmatch(r"泰示岱监简罚字〔\d{4}〕第\d+号", record["fields"]["document_number"])
    assert record["fields"]["penalty"] == ["罚款人民币50.00元"]
    [handover] = detail["deadlines"]
    assert handover["key"] == "fine_handover" and handover["status"] == "open"
    assert handover["citation"].endswith("第七十一条")

    step = f"/cases/{case['id']}/steps/file_on_the_spot_decision"
    missing = await api.post(step, json={"payload": {}}, headers=officer)
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "fine_handed_over_at"
    filed = await api.post(
        step, json={"payload": {"fine_handed_over_at": datetime.now(CST).isoformat()}}, headers=officer
    )
    assert filed.status_code == 200, filed.text
    assert filed.json()["phase"] == "decided"

    detail = await wait_for_phase(api, officer, case["id"], "decided")
    assert [r["kind"] for r in detail["records"]] == ["on_the_spot_decision", "on_the_spot_filing"]
    assert detail["deadlines"][0]["status"] == "met"
    facts = await temporal_client.get_workflow_handle(case["workflow_id"]).query(CaseWorkflow.facts)
    decided = facts["decision"]
    assert decided["procedure"] == "simple" and decided["collected_on_the_spot"] is True
    assert (decided["fine_fen"], decided["party_present"]) == (5000, True)
    assert decided["document_no"] == record["fields"]["document_number"]


async def test_penalty_proposal_before_the_rights_notice_is_refused(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer)
    filed = await approve_filing(api, officer, leader, case["id"])
    assert filed.status_code == 200, filed.text

    findings = {
        "facts": "销售过期酸奶12盒",
        "evidence": ["现场检查笔录"],
        "legal_basis": "食品安全法第一百二十四条",
    }
    handling = {"kind": "penalty", "penalty": {"kinds": ["fine"], "fine_fen": 500_000}}
    ended = await api.post(
        f"/cases/{case['id']}/steps/finish_investigation",
        json={"payload": {**findings, "handling": handling}},
        headers=officer,
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["phase"] == "investigation_ended"
    assert "notify_rights" in ended.json()["allowed_steps"]

    proposal = {**findings, "handling": handling, "discretion_rule": "一般情节"}
    refused = await api.post(
        f"/cases/{case['id']}/steps/propose_decision", json={"payload": proposal}, headers=officer
    )
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert (error["rule"], error["citation"]) == ("rights_not_notified", PENALTY_44)
    assert "事先告知书" in error["message"]

    # Without a penalty there is nothing to notify: no penalty may be proposed at once.
    no_penalty = {
        **findings,
        "handling": {"kind": "no_penalty", "reason": "违法行为轻微并及时改正，没有造成危害后果"},
    }
    accepted = await api.post(
        f"/cases/{case['id']}/steps/propose_decision", json={"payload": no_penalty}, headers=officer
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["phase"] == "unit_review"
    await wait_for_phase(api, officer, case["id"], "unit_review")
    head_tasks = (await api.get("/tasks", headers=await login("head"))).json()
    review = next(t for t in head_tasks if t["case_id"] == case["id"])
    assert (review["kind"], review["role"]) == ("decision_unit_review", "unit_head")
