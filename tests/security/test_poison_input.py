"""Control characters never get past the edge: PostgreSQL refuses NUL, and a text the database
refuses must never reach a case's activity (it would be retried for ever, holding the case)."""

from __future__ import annotations

import httpx
import pytest

from casetrail.errors import InvalidInput
from casetrail.workflows.procedure import STEPS, parse_model
from tests.api.conftest import Login
from tests.api.helpers import agency_id, case_body, ids_of, open_case, wait_for_phase
from tests.workflows.factory import INQUIRY, on_site


async def test_nul_in_the_summary_at_opening_is_refused_naming_the_field(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("officer1")
    body = case_body(await agency_id("demo-district-amr"), await ids_of("officer1", "officer2"))
    body["facts"]["summary"] = "检查发现\x00过期酸奶"
    refused = await api.post("/cases", json=body, headers=officer)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "facts.summary" and error["rule"] == "control_character"
    assert "控制字符" in error["message"]


async def test_control_characters_in_a_step_payload_and_a_leaders_opinion(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer)
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    task = next(t for t in (await api.get("/tasks", headers=leader)).json() if t["case_id"] == case["id"])
    opinion = await api.post(
        f"/tasks/{task['id']}/decision", json={"decision": "approve", "opinion": "同意\x00"}, headers=leader
    )
    assert opinion.status_code == 422 and opinion.json()["error"]["field"] == "opinion"
    signed = await api.post(f"/tasks/{task['id']}/decision", json={"decision": "approve"}, headers=leader)
    assert signed.status_code == 200, signed.text

    inquiry = on_site(await ids_of("officer1", "officer2"), **INQUIRY)
    inquiry["exchanges"] = [{"question": "酸奶从何处进货？", "answer": "从批发市场\x1b进货。"}]
    step = f"/cases/{case['id']}/steps/inquiry"
    refused = await api.post(step, json={"payload": inquiry}, headers=officer)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "payload.exchanges.0.answer"
    # Line breaks and tabs are text, not control characters; the case is still usable.
    done = await api.post(
        step,
        json={
            "payload": inquiry | {"exchanges": [{"question": "问：\n\t进货？", "answer": "答：\t批发市场"}]}
        },
        headers=officer,
    )
    assert done.status_code == 200, done.text


async def test_query_strings_and_form_fields_are_checked(api: httpx.AsyncClient, login: Login) -> None:
    officer = await login("officer1")
    listed = await api.get("/cases?phase=inv%00estigation", headers=officer)
    assert listed.status_code == 422 and listed.json()["error"]["field"] == "phase"
    form = await api.post(
        "/ui/login",
        data={"username": "officer1\x00", "password": "x"},
        headers={"accept": "text/html"},
    )
    assert form.status_code == 422 and "username" in form.text and "控制字符" in form.text
    assert form.headers["content-type"].startswith("text/html")


def test_the_workflow_never_receives_a_control_character() -> None:
    model = STEPS["inquiry"].payload
    assert model is not None
    with pytest.raises(InvalidInput) as refused:
        parse_model(model, {"transcript": "a\x00b"})
    assert refused.value.field == "transcript" and refused.value.rule == "control_character"
