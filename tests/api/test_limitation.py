"""处罚法 Art. 36: the violation date is captured at intake; a case discovered after the limitation is
not filed; the limitation date is shown on the case."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from casetrail.rules.legal_time import add_months

from .conftest import Login
from .helpers import agency_id, case_body, ids_of, wait_for_phase

PENALTY_36 = "《中华人民共和国行政处罚法》第三十六条"


async def _open(api: httpx.AsyncClient, headers: dict[str, str], **violation: object) -> httpx.Response:
    body = case_body(await agency_id("demo-district-amr"), await ids_of("officer1", "officer2"))
    body["facts"]["discovered_on"] = date.today().isoformat()
    return await api.post("/cases", json={**body, "violation": violation}, headers=headers)


async def test_limitation_refuses_filing_and_is_shown_on_the_case(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("officer1")
    three_years_ago = date.today() - timedelta(days=3 * 366)

    expired = await _open(api, officer, occurred_on=three_years_ago.isoformat())
    assert expired.status_code == 409, expired.text
    error = expired.json()["error"]
    assert (error["rule"], error["field"], error["citation"]) == (
        "limitation_expired",
        "violation",
        PENALTY_36,
    )
    assert "2年" in error["message"]

    # Five years where life, health or financial security was harmed.
    grave = await _open(api, officer, occurred_on=three_years_ago.isoformat(), harms_life_health_finance=True)
    assert grave.status_code == 201, grave.text
    assert grave.json()["limitation_date"] == add_months(three_years_ago, 60).isoformat()

    # A continuing violation runs from the day it ended.
    ended = date.today() - timedelta(days=30)
    continuing = await _open(
        api, officer, occurred_on=three_years_ago.isoformat(), ended_on=ended.isoformat()
    )
    assert continuing.status_code == 201, continuing.text
    case = continuing.json()
    assert case["violation_on"] == ended.isoformat()
    detail = await wait_for_phase(api, officer, case["id"], "filing_approval")
    assert detail["case"]["limitation_date"] == add_months(ended, 24).isoformat()
    filing = next(r for r in detail["records"] if r["kind"] == "filing_request")
    assert filing["fields"]["limitation_date"] == add_months(ended, 24).isoformat()
