"""明山 field gaps at intake: the duty leader's opinion in the duty log (Art. 9), the handling unit's
opinion on the filing form (Art. 8; 新乡镇 Art. 7), the legal review opinion for a major act (Art. 8(2))."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from .conftest import Login
from .helpers import agency_id, case_body, wait_for_phase

MINGSHAN = "《明山区应急管理局行政执法全过程记录制度》"
PASSWORD = "a-long-password"


async def mingshan_agency(api: httpx.AsyncClient, login: Login) -> tuple[str, list[str], dict[str, str]]:
    """An agency under the 明山 profile with two certified officers; the first one's bearer headers."""
    admin = await login("admin")
    code = f"mingshan-{uuid.uuid4().hex[:6]}"
    created = await api.post(
        "/admin/agencies",
        json={
            "code": code,
            "name": "明山区应急管理局",
            "short_name": "明应急",
            "parent_id": await agency_id("demo-city-amr"),
            "profile_id": "mingshan-emergency",
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    agency = created.json()["id"]
    officers = []
    for index in (1, 2):
        user = await api.post(
            "/admin/users",
            json={
                "username": f"{code}-o{index}",
                "full_name": f"明山执法{index}",
                "password": PASSWORD,
                "certificate_no": f"2105040026000{index}",
                "memberships": [{"agency_id": agency, "role": "officer"}],
            },
            headers=admin,
        )
        assert user.status_code == 201, user.text
        officers.append(user.json()["id"])
    token = await api.post("/auth/login", json={"username": f"{code}-o1", "password": PASSWORD})
    api.cookies.clear()
    return agency, officers, {"Authorization": f"Bearer {token.json()['token']}"}


COMPLAINT = {
    "complainant": {"name": "刘某", "contact": "13800000000"},
    "channel": "来电",
    "content": "某厂危险化学品仓库无人值守",
    "received_at": datetime.now(UTC).isoformat(),
}


async def test_mingshan_intake_records_carry_what_the_regulation_asks(
    api: httpx.AsyncClient, login: Login
) -> None:
    agency, officers, officer = await mingshan_agency(api, login)

    def body(facts: dict[str, Any], **overrides: Any) -> dict[str, Any]:
        base = case_body(agency, officers, **overrides)
        return {**base, "facts": {**base["facts"], **facts}}

    async def refused(payload: dict[str, Any]) -> dict[str, Any]:
        response = await api.post("/cases", json=payload, headers=officer)
        assert response.status_code == 422, response.text
        error: dict[str, Any] = response.json()["error"]
        return error

    unit = {"unit_opinion": "同意立案查处", "unit_head": "安全执法科科长孙某"}
    duty = await refused(body(unit, start_type="complaint", complaint=COMPLAINT))
    assert (duty["field"], duty["citation"]) == ("complaint.duty_leader_opinion", f"{MINGSHAN}第九条")

    no_unit = await refused(body({}))
    assert (no_unit["field"], no_unit["citation"]) == ("facts.unit_opinion", f"{MINGSHAN}第八条")

    major = await refused(body({**unit, "major_act": True}))
    assert (major["field"], major["citation"]) == ("facts.legal_review_opinion", f"{MINGSHAN}第八条第二款")

    complaint = body(
        unit, start_type="complaint", complaint={**COMPLAINT, "duty_leader_opinion": "转执法科核查"}
    )
    assert (await api.post("/cases", json=complaint, headers=officer)).status_code == 201
    complete = body({**unit, "major_act": True, "legal_review_opinion": "立案依据合法"})
    opened = await api.post("/cases", json=complete, headers=officer)
    assert opened.status_code == 201, opened.text
    detail = await wait_for_phase(api, officer, opened.json()["id"], "filing_approval")
    filing = next(r for r in detail["records"] if r["kind"] == "filing_request")
    assert filing["fields"]["unit_opinion"] == "同意立案查处"
    assert filing["fields"]["legal_review_opinion"] == "立案依据合法"
