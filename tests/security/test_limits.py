"""Every text has a length declared once (casetrail.limits): longer is 422, huge bodies are 413,
and titles derived from the cause never overflow their column."""

from __future__ import annotations

import httpx

from casetrail import limits
from casetrail.store.models import ApprovalTask, Record
from tests.api.conftest import Login
from tests.api.helpers import agency_id, case_body, ids_of, open_case, wait_for_phase


async def test_a_cause_longer_than_its_limit_is_refused_at_the_api(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("officer1")
    body = case_body(await agency_id("demo-district-amr"), await ids_of("officer1", "officer2"))
    refused = await api.post("/cases", json=body | {"cause": "涉" * 196}, headers=officer)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "cause" and error["rule"] == "string_too_long"


async def test_the_longest_cause_opens_a_case_and_its_titles_fit(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("officer1")
    case = await open_case(api, officer, cause="涉" * limits.CAUSE_MAX)
    detail = await wait_for_phase(api, officer, case["id"], "filing_approval")
    assert all(len(task["title"]) <= limits.TITLE_MAX for task in detail["tasks"])


async def test_overlong_text_anywhere_is_422_and_an_overlarge_body_is_413(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("officer1")
    case = await open_case(api, officer)
    step = f"/cases/{case['id']}/steps/inquiry"
    long_text = await api.post(
        step, json={"payload": {"transcript": "问" * (limits.LONG_TEXT_MAX + 1)}}, headers=officer
    )
    assert long_text.status_code == 422 and long_text.json()["error"]["field"] == "payload.transcript"
    huge = await api.post(
        step, json={"payload": {f"f{i}": "问" * 10_000 for i in range(60)}}, headers=officer
    )
    assert huge.status_code == 413, huge.text
    assert huge.json()["error"]["rule"] == "body_too_large" and "过大" in huge.json()["error"]["message"]


def test_derived_titles_are_clipped_to_their_column() -> None:
    for model in (ApprovalTask, Record):
        assert model.__table__.c.title.type.length == limits.TITLE_MAX
    title = limits.clip("立案审批：" + "涉" * 300)
    assert len(title) == limits.TITLE_MAX and title.endswith("…")
    assert limits.clip("立案审批：短") == "立案审批：短"
