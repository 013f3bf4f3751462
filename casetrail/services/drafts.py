"""The document an approval task will issue, rendered as a draft for the signer to read before signing
(审批表草稿): the same template and renderer (the render pool) as the issued document, no number, and
only the opinions already given — the signer's own is added when they sign.

Built from the read model: the case, its officers, and the handler's request record the task was
opened with. Task kinds without a draft here are previewed as the HTML approval form only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.documents.case_data import document_data
from casetrail.documents.catalog import get_kind
from casetrail.documents.render import RenderedDocument, render
from casetrail.errors import NotFound
from casetrail.store.models import ApprovalTask, Record, User

from .documents import load_case_facts
from .rendering import Renderer

CST = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Request:
    """The handler's request that opened the task: its fields, who made it and when."""

    fields: dict[str, Any]
    handler: str
    on: date


def _opinion(role: str, opinion: str, signer: str, on: date) -> dict[str, str]:
    return {"role": role, "opinion": opinion, "signer": signer, "signed_on": on.isoformat()}


def _filing(request: Request) -> dict[str, Any]:
    """The 立案审批表 as ``steps.filing.filing_form`` fills it, before the leader's opinion."""
    fields = request.fields
    opinions = [
        _opinion("承办人意见", str(fields.get("handler_opinion") or "建议立案"), request.handler, request.on)
    ]
    if fields.get("unit_opinion"):
        opinions.append(
            _opinion(
                "承办机构意见", str(fields["unit_opinion"]), str(fields.get("unit_head") or ""), request.on
            )
        )
    return {
        "source": fields.get("source") or "依职权发现",
        "discovered_on": fields.get("discovered_on") or request.on.isoformat(),
        "summary": fields.get("facts") or fields.get("summary"),
        "opinions": opinions,
    }


def _closing(request: Request) -> dict[str, Any]:
    """The 结案审批表 as ``steps.closing.closing_form`` fills it, before the leader's opinion."""
    return {
        "outcome": request.fields.get("outcome"),
        "execution": request.fields.get("summary"),
        "opinions": [_opinion("承办人意见", "建议结案", request.handler, request.on)],
    }


@dataclass(frozen=True)
class Draft:
    document_kind: str
    fields: Callable[[Request], dict[str, Any]]


DRAFTS: dict[str, Draft] = {
    "filing": Draft("filing_approval", _filing),
    "complaint_filing": Draft("filing_approval", _filing),
    "closing": Draft("closing_approval", _closing),
}


def has_draft(task: ApprovalTask) -> bool:
    return task.kind in DRAFTS


async def _request(session: AsyncSession, task: ApprovalTask) -> Request:
    found = (
        await session.execute(
            select(Record, User.full_name)
            .outerjoin(User, User.id == Record.actor_id)
            .where(Record.case_id == task.case_id, Record.step_key == task.step_key)
            .order_by(Record.created_at)
            .limit(1)
        )
    ).first()
    if found is None:
        raise NotFound(
            "该审批事项没有承办人的提请记录，无法生成文书草稿", field="task_id", rule="request_missing"
        )
    record, name = found
    handler = str(record.fields.get("handler") or name or "")
    return Request(dict(record.fields), handler, record.created_at.astimezone(CST).date())


async def render_draft(
    session: AsyncSession, *, task: ApprovalTask, renderer: Renderer, now: datetime
) -> RenderedDocument:
    """The task's document as it stands: refuses (NotFound) a task kind without a draft, and
    (InvalidInput, naming the field) a request that lacks what the document needs."""
    draft = DRAFTS.get(task.kind)
    if draft is None:
        raise NotFound(f"“{task.title}”没有可预览的文书草稿", field="task_id", rule="no_draft")
    kind = get_kind(draft.document_kind)
    _, facts = await load_case_facts(session, task.case_id)
    explicit = draft.fields(await _request(session, task))
    data = document_data(kind, facts, explicit, issued_on=now.astimezone(CST).date())
    return await renderer.run(partial(render, kind.key, data, draft=True))
