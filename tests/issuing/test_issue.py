"""Issuing documents against the real PostgreSQL, blob store and renderer."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from casetrail.errors import InvalidInput
from casetrail.services.documents import issue_document
from casetrail.services.rendering import Renderer, default_renderer
from casetrail.store.audit import verify_chain
from casetrail.store.blobs import BlobStore, default_store
from casetrail.store.db import transaction
from casetrail.store.models import AuditEvent, Counter, IssuedDocument, NumberStatus, TakenNumber
from casetrail.workflows.types import IssuedDocumentRef, IssueDocument
from tests.documents.pdftools import pdf_text
from tests.issuing.cases import PARTY, new_case

pytestmark = pytest.mark.usefixtures("database")

FILING_FIELDS: dict[str, Any] = {
    "source": "日常检查",
    "discovered_on": "2026-03-02",
    "summary": "检查发现冷库内存放超过保质期的速冻水饺12袋。",
    "opinions": [
        {"role": "承办人意见", "opinion": "建议立案。", "signer": "张三", "signed_on": "2026-03-02"}
    ],
}


def request(case_id: uuid.UUID, *, year: int = 2026, step: str | None = None, **data: Any) -> IssueDocument:
    return IssueDocument(
        case_id=str(case_id),
        step_key=step or f"0001-document-{uuid.uuid4().hex[:8]}",
        kind="filing_approval",
        data={**FILING_FIELDS, **data},
        issued_on=date(year, 3, 3).isoformat(),
    )


async def issue(req: IssueDocument, renderer: Renderer | None = None) -> IssuedDocumentRef:
    return await issue_document(req, store=default_store(), renderer=renderer or default_renderer())


async def test_issued_document_is_numbered_stored_and_audited() -> None:
    case_id = await new_case()
    ref = await issue(request(case_id, year=2030))

    assert ref.number == "泰示岱监立审字〔2030〕第1号"
    assert ref.title == "立案审批表"
    text = pdf_text(default_store().read(ref.sha256))
    expected = ["泰安市示例市场监督管理局岱岳分局", "泰示岱监立审字〔2030〕第1号", PARTY["name"], "张明远"]
    expected += ["经营超过保质期食品", "张三", "37090020260001", "李四", "日常检查"]
    for fragment in expected:
        assert fragment in text, fragment
    async with transaction() as session:
        row = await session.get(IssuedDocument, uuid.UUID(ref.document_id))
        query = select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.seq)
        events = list((await session.execute(query)).scalars())
    assert row is not None and row.snapshot["party"]["legal_representative"] == "张明远"
    assert row.template_version.startswith("filing_approval@") and row.size > 0 and row.pages == ref.pages
    assert [event.action for event in events] == ["document.issued"]
    assert events[0].detail["number"] == ref.number and events[0].detail["sha256"] == ref.sha256
    assert verify_chain(events) == []


async def test_issuing_again_with_the_same_step_key_returns_the_same_document() -> None:
    case_id = await new_case()
    first = await issue(request(case_id, year=2029, step="0007-document-filing_approval"))
    again = await issue(request(case_id, year=2029, step="0007-document-filing_approval"))
    assert again == first
    following = await issue(request(case_id, year=2029))
    assert following.number == "泰示岱监立审字〔2029〕第2号"


async def test_explicit_data_wins_over_the_case_facts() -> None:
    case_id = await new_case()
    ref = await issue(
        request(case_id, party={"address": "泰安市泰山区财源街道1号"}, case_cause="销售过期食品")
    )
    async with transaction() as session:
        row = await session.get(IssuedDocument, uuid.UUID(ref.document_id))
    assert row is not None
    assert row.snapshot["party"]["address"] == "泰安市泰山区财源街道1号"
    assert row.snapshot["party"]["name"] == PARTY["name"]  # merged into, not replaced
    assert row.snapshot["case_cause"] == "销售过期食品"


async def test_missing_data_is_refused_naming_the_field_and_takes_no_number() -> None:
    case_id = await new_case(party={"name": "王某", "kind": "person", "id_number": "370902199001011234"})
    with pytest.raises(InvalidInput) as raised:
        await issue(request(case_id, year=2028))
    assert raised.value.field == "party.address"
    assert "住所" in raised.value.message
    async with transaction() as session:
        taken = (
            await session.execute(select(func.count()).select_from(Counter).where(Counter.year == 2028))
        ).scalar()
    assert taken == 0


async def _numbers(year: int) -> list[str]:
    async with transaction() as session:
        query = select(IssuedDocument.number).where(IssuedDocument.number.like(f"%〔{year}〕%"))
        return sorted((await session.execute(query)).scalars(), key=lambda n: int(n.split("第")[1][:-1]))


async def test_concurrent_issues_account_for_every_number_even_when_one_fails() -> None:
    """Renders run in parallel in the pool; the counter is never locked while rendering."""
    year, count = 2031, 8
    cases = [await new_case() for _ in range(3)]
    requests = [request(cases[index % len(cases)], year=year) for index in range(count)]
    # The number is taken before the render, which then refuses: agency code and the 文号 disagree.
    failing = request(
        cases[0], year=year, agency={"name": "泰安市示例市场监督管理局岱岳分局", "short_name": "泰岱"}
    )
    jobs = [*requests[: count // 2], failing, *requests[count // 2 :]]
    results = await asyncio.gather(*(issue(job) for job in jobs), return_exceptions=True)

    refused = [result for result in results if isinstance(result, BaseException)]
    assert len(refused) == 1 and isinstance(refused[0], InvalidInput)
    assert refused[0].field == "number.agency_short_name"
    async with transaction() as session:
        counter = (await session.execute(select(Counter.value).where(Counter.year == year))).scalar_one()
        taken = (await session.execute(select(TakenNumber).where(TakenNumber.year == year))).scalars().all()
    assert counter == count + 1
    # Every number taken is issued or voided with the reason, as a spoiled numbered form is.
    assert sorted(t.sequence for t in taken) == list(range(1, count + 2))
    [voided] = [t for t in taken if t.status is NumberStatus.voided]
    assert voided.step_key == failing.step_key and "文号机关代字" in (voided.reason or "")
    issued = {t.number for t in taken if t.status is NumberStatus.issued}
    assert set(await _numbers(year)) == issued and len(issued) == count


async def test_a_retry_after_a_storage_failure_reuses_the_number(tmp_path: Any) -> None:
    case_id = await new_case()
    broken = BlobStore(tmp_path / "blobs")
    (tmp_path / "blobs" / "tmp").rmdir()  # the store cannot stage the PDF: the issue fails after the render
    job = request(case_id, year=2032)
    with pytest.raises(FileNotFoundError):
        await issue_document(job, store=broken, renderer=default_renderer())
    ref = await issue(job)  # Temporal retries the step: it reuses the number it reserved
    assert ref.number == "泰示岱监立审字〔2032〕第1号"
    assert (await issue(request(case_id, year=2032))).number == "泰示岱监立审字〔2032〕第2号"
