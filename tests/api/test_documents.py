"""Documents issued by a case's workflow, read through the HTTP API: list, download, verify, case file."""

from __future__ import annotations

import os
import stat
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from temporalio.client import Client

from casetrail.store.blobs import default_store
from casetrail.workflows.case_workflow import CaseInput, CaseWorkflow
from tests.conftest import TASK_QUEUE
from tests.documents.pdftools import pdf_outline_titles, pdf_text
from tests.workflows.factory import prepare_case

from .conftest import Login
from .helpers import agency_id, case_body, ids_of, open_case, wait_for_phase


async def _closed_case(api: httpx.AsyncClient, login: Login, **overrides: Any) -> dict[str, Any]:
    """A case taken through filing approval and closing approval by officer1 and the leader."""
    officer, leader = await login("officer1"), await login("leader")
    district = await agency_id("demo-district-amr")
    body = case_body(district, await ids_of("officer1", "officer2"), **overrides)
    created = await api.post("/cases", json=body, headers=officer)
    assert created.status_code == 201, created.text
    case: dict[str, Any] = created.json()
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    task = next(t for t in (await api.get("/tasks", headers=leader)).json() if t["case_id"] == case["id"])
    approve = {"decision": "approve", "opinion": "同意立案"}
    signed = await api.post(f"/tasks/{task['id']}/decision", json=approve, headers=leader)
    assert signed.status_code == 200, signed.text
    payload = {"summary": "当事人已改正，罚款已缴清", "outcome": "罚款五千元"}
    closing = await api.post(
        f"/cases/{case['id']}/steps/request_closing", json={"payload": payload}, headers=officer
    )
    done = await api.post(f"/tasks/{closing.json()['task_id']}/decision", headers=leader,
                          json={"decision": "approve", "opinion": "同意结案"})  # fmt: skip
    assert done.status_code == 200, done.text
    return case


@pytest.fixture(scope="module")
async def closed_case(api: httpx.AsyncClient, login: Login) -> dict[str, Any]:
    return await _closed_case(api, login)


async def test_workflow_issues_the_filing_and_closing_forms(
    api: httpx.AsyncClient, login: Login, closed_case: dict[str, Any]
) -> None:
    officer = await login("officer1")
    documents = (await api.get(f"/cases/{closed_case['id']}/documents", headers=officer)).json()
    assert [d["title"] for d in documents] == ["立案审批表", "结案审批表"]
    filing, closing = documents
    assert filing["number"].startswith("泰示岱监立审字〔") and closing["number"] is None
    assert filing["template_version"].startswith("filing_approval@") and filing["pages"] >= 1

    detail = await wait_for_phase(api, officer, closed_case["id"], "archiving")
    records = {r["kind"]: r["fields"] for r in detail["records"]}
    assert records["filing_approval"]["document_id"] == filing["id"]
    assert records["filing_approval"]["document_number"] == filing["number"]
    assert records["closing_approval"]["document_id"] == closing["id"]


async def test_download_is_the_issued_pdf_named_by_its_number_and_audited(
    api: httpx.AsyncClient, login: Login, closed_case: dict[str, Any]
) -> None:
    officer = await login("officer1")
    filing = (await api.get(f"/cases/{closed_case['id']}/documents", headers=officer)).json()[0]
    response = await api.get(f"/cases/{closed_case['id']}/documents/{filing['id']}/pdf", headers=officer)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert quote(filing["number"]) in response.headers["content-disposition"]
    assert response.content == default_store().read(filing["sha256"])
    text = pdf_text(response.content)
    for fragment in (
        filing["number"],
        closed_case["case_no"],
        "泰安市某某超市有限公司",
        "赵某",
        "钱七",
        "同意立案",
    ):
        assert fragment in text, fragment

    events = (await api.get(f"/cases/{closed_case['id']}/audit", headers=officer)).json()
    downloads = [e for e in events if e["action"] == "document.downloaded"]
    assert downloads and downloads[-1]["detail"]["document_id"] == filing["id"]


async def test_verification_renders_again_byte_for_byte_and_detects_tampering(
    api: httpx.AsyncClient, login: Login
) -> None:
    officer = await login("officer1")
    case = await _closed_case(api, login)
    closing = (await api.get(f"/cases/{case['id']}/documents", headers=officer)).json()[1]
    url = f"/cases/{case['id']}/documents/{closing['id']}/verify"

    verified = (await api.get(url, headers=officer)).json()
    assert verified["reproducible"] is True and verified["differs"] == []
    assert verified["rendered_sha256"] == closing["sha256"] == verified["sha256"]

    path = default_store().path(closing["sha256"])
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    tampered_bytes = bytearray(path.read_bytes())
    tampered_bytes[len(tampered_bytes) // 2] ^= 0x01
    path.write_bytes(bytes(tampered_bytes))
    tampered = (await api.get(url, headers=officer)).json()
    assert tampered["reproducible"] is False and tampered["differs"] == ["stored_pdf"]
    assert not tampered["stored_pdf_intact"] and tampered["message"]


async def test_case_file_is_one_pdf_index_first_with_bookmarks(
    api: httpx.AsyncClient, login: Login, closed_case: dict[str, Any]
) -> None:
    officer = await login("officer1")
    response = await api.get(f"/cases/{closed_case['id']}/case-file", headers=officer)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert quote(f"卷宗-{closed_case['case_no']}") in response.headers["content-disposition"]
    assert "x-changed-templates" not in response.headers

    documents = (await api.get(f"/cases/{closed_case['id']}/documents", headers=officer)).json()
    outline = pdf_outline_titles(response.content)
    assert outline == ["卷内目录", f"立案审批表 {documents[0]['number']}", "结案审批表"]
    text = pdf_text(response.content)
    assert (
        text.index("卷内目录") < text.index("立案审批表")
        and "泰安市某某超市有限公司涉嫌销售过期食品案" in text
    )
    events = (await api.get(f"/cases/{closed_case['id']}/audit", headers=officer)).json()
    assert events[-1]["action"] == "document.downloaded" and events[-1]["detail"]["case_file"] is True


async def test_documents_are_scoped_to_the_case_agency(
    api: httpx.AsyncClient, login: Login, closed_case: dict[str, Any]
) -> None:
    outsider, supervisor = await login("gd_officer"), await login("supervisor")
    base = f"/cases/{closed_case['id']}"
    document_id = (await api.get(f"{base}/documents", headers=supervisor)).json()[0]["id"]
    for url in (f"{base}/documents", f"{base}/documents/{document_id}/pdf", f"{base}/case-file"):
        refused = await api.get(url, headers=outsider)
        assert refused.status_code == 404, url
        assert refused.json()["error"]["rule"] == "case_not_found"
    assert (await api.get(f"{base}/documents/{document_id}/pdf", headers=supervisor)).status_code == 200
    missing = await api.get(f"{base}/documents/{closed_case['id']}/pdf", headers=supervisor)
    assert missing.status_code == 404 and missing.json()["error"]["rule"] == "document_not_found"


async def test_case_without_documents_has_no_case_file(api: httpx.AsyncClient, login: Login) -> None:
    officer = await login("officer1")
    case = await open_case(api, officer)
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    response = await api.get(f"/cases/{case['id']}/case-file", headers=officer)
    assert response.status_code == 404 and response.json()["error"]["rule"] == "no_documents"


async def test_incomplete_party_refuses_filing_approval_naming_the_field(
    api: httpx.AsyncClient, login: Login, temporal_client: Client
) -> None:
    officer, leader = await login("officer1"), await login("leader")
    district = await agency_id("demo-district-amr")
    party = {"name": "王某", "kind": "person", "id_number": "370902199001011234"}  # no address
    body = case_body(district, await ids_of("officer1", "officer2"), party=party)
    at_the_door = await api.post("/cases", json=body, headers=officer)
    assert at_the_door.status_code == 422 and at_the_door.json()["error"]["field"] == "party.address"
    # A case whose party data is incomplete anyway (entered before the rule, or by another client)
    # is still refused at the document, never issued half-filled.
    start = await prepare_case(party=party)
    await temporal_client.start_workflow(
        CaseWorkflow.run, CaseInput(start=start), id=f"case-{start.case_id}", task_queue=TASK_QUEUE
    )
    case = {"id": start.case_id}
    await wait_for_phase(api, officer, case["id"], "filing_approval")
    task = next(t for t in (await api.get("/tasks", headers=leader)).json() if t["case_id"] == case["id"])

    refused = await api.post(f"/tasks/{task['id']}/decision", json={"decision": "approve"}, headers=leader)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (
        error["field"] == "party.address" and "住所" in error["message"] and "立案审批表" in error["message"]
    )
    # Nothing changed: no document, no clock, the approval task still open.
    detail = await wait_for_phase(api, officer, case["id"], "filing_approval")
    assert (
        detail["deadlines"] == []
        and (await api.get(f"/cases/{case['id']}/documents", headers=officer)).json() == []
    )
    assert any(t["status"] == "open" for t in detail["tasks"])
