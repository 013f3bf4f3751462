"""The draft of the document an approval task will issue, from the read model through the renderer:
the 结案审批表 before the leader signs, a request lacking what the document needs, and a task kind
with no draft."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import update

from casetrail.errors import InvalidInput, NotFound
from casetrail.services import drafts
from casetrail.services.rendering import Renderer
from casetrail.store.db import transaction
from casetrail.store.models import ApprovalTask, Case, CaseOfficer, Record, Role
from tests.documents.pdftools import pdf_text

from .helpers import add_agency, add_case, add_user, user_id

PARTY = {
    "name": "某某餐饮有限公司",
    "kind": "organisation",
    "id_number": "91370900MA3C000001",
    "address": "泰安市泰山区某路1号",
    "representative": "王某",
}


async def closing_task(fields: dict[str, Any], *, kind: str = "closing") -> ApprovalTask:
    agency = await add_agency("草稿测试局")
    officers = [
        await user_id(await add_user(name, roles={agency: (Role.officer,)}, certificate=True))
        for name in ("草稿承办", "草稿协办")
    ]
    officer = officers[0]
    case_id = await add_case(
        agency_id=agency,
        case_no=f"草稿〔2026〕{uuid.uuid4().hex[:6]}号",
        party_name="",
        officers=tuple(officers),
    )
    step_key = f"closing_request:{uuid.uuid4().hex[:6]}"
    async with transaction() as session:
        await session.execute(update(Case).where(Case.id == case_id).values(party=PARTY, cause="超范围经营"))
        await session.execute(
            update(CaseOfficer).where(CaseOfficer.case_id == case_id).values(certificate_no="37090020269999")
        )
        session.add(
            Record(case_id=case_id, step_key=step_key, kind="closing_request", title="结案审批表（承办人意见）",
                   fields=fields, actor_id=officer)
        )  # fmt: skip
        task = ApprovalTask(
            case_id=case_id, agency_id=agency, step_key=step_key, kind=kind, title="结案审批：超范围经营",
            role=Role.leader.value, subject={},
        )  # fmt: skip
        session.add(task)
        await session.flush()
        session.expunge(task)
    return task


async def render(task: ApprovalTask) -> bytes:
    async with transaction() as session:
        rendered = await drafts.render_draft(
            session, task=task, renderer=Renderer(processes=0), now=datetime.now(UTC)
        )
    return rendered.pdf


async def test_closing_draft_shows_the_request_and_no_leader_opinion_yet(database: str) -> None:
    task = await closing_task(
        {"summary": "罚款已全额缴纳", "outcome": "罚款人民币伍仟元", "handler": "草稿承办"}
    )
    assert drafts.has_draft(task)
    text = pdf_text(await render(task))
    assert "结案审批表" in text and "草稿（签批后编号）" in text and "超范围经营" in text
    assert "罚款已全额缴纳" in text and "罚款人民币伍仟元" in text and "草稿承办" in text
    assert "机关负责人意见" not in text


async def test_a_request_missing_the_outcome_is_refused_naming_the_field(database: str) -> None:
    task = await closing_task({"summary": "罚款已全额缴纳", "handler": "草稿承办"})
    with pytest.raises(InvalidInput) as refused:
        await render(task)
    assert refused.value.field == "outcome" and "结案审批表" in refused.value.message


async def test_a_task_kind_without_a_draft_says_so(database: str) -> None:
    task = await closing_task({"summary": "x", "outcome": "y"}, kind="seizure")
    assert not drafts.has_draft(task)
    with pytest.raises(NotFound) as refused:
        await render(task)
    assert "没有可预览的文书草稿" in refused.value.message and refused.value.field == "task_id"
