"""The documents on-site acts issue, built from what the act's step collected.

A 笔录 (inquiry, inspection, coercive-measure record) carries its session times, the officer who
wrote it, the questions and answers or what was seen, and the signature or the note of refusal;
a 清单 carries each item with its quantity and unit.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from casetrail.errors import InvalidInput
from casetrail.workflows.context import CaseContext
from casetrail.workflows.types import IssuedDocumentRef


class ListedItem(BaseModel):
    """A row of a 清单: what, how many, in which unit."""

    name: str = Field(min_length=1, description="名称")
    quantity: Decimal = Field(gt=0, description="数量")
    unit: str = Field(min_length=1, description="单位")
    specification: str = Field(default="", description="规格、批号、状况")
    location: str = Field(default="", description="存放地点")


class QuestionAnswer(BaseModel):
    """One question and its answer in a 询问笔录."""

    question: str = Field(min_length=1, description="问")
    answer: str = Field(min_length=1, description="答")


class Signing(BaseModel):
    """How a 笔录 was closed: signed by the person, or a note of the refusal (拒绝签名的注明)."""

    signed_by: str = Field(default="", description="在笔录上签字或盖章的当事人或在场人员")
    refusal_note: str = Field(default="", description="拒绝签名的情况（由执法人员注明，见证人在场的写明）")


def check_signing(payload: Signing) -> None:
    """Run after the profile's own checks, so a profile that cites an article for it speaks first."""
    if not payload.signed_by.strip() and not payload.refusal_note.strip():
        raise InvalidInput(
            "笔录须由当事人或在场人员签名；拒绝签名的，须注明拒签情况",
            field="signed_by",
            rule="record_signed_or_refusal_noted",
        )


def signing_data(payload: Signing) -> dict[str, Any]:
    return {"signed_by": payload.signed_by or None, "refusal_note": payload.refusal_note or None}


def session_data(started_at: datetime, ended_at: datetime, *, place: str, recorder: str) -> dict[str, Any]:
    return {
        "session": {"started_at": started_at.isoformat(), "ended_at": ended_at.isoformat(), "place": place},
        "recorder": recorder,
    }


def items_data(items: list[ListedItem]) -> list[dict[str, Any]]:
    return [
        {
            "name": item.name,
            "quantity": str(item.quantity),
            "unit": item.unit,
            "specification": item.specification or None,
            "location": item.location or None,
        }
        for item in items
    ]


def items_text(items: list[ListedItem]) -> str:
    """速冻水饺12袋、火腿肠30包: the items as a decision names them."""
    return "、".join(f"{item.name}{item.quantity.normalize():f}{item.unit}" for item in items)


PersonRole = Literal["party", "witness"]
PERSON_ROLES: dict[str, str] = {"party": "当事人", "witness": "证人"}


async def issue_with_list(
    ctx: CaseContext,
    *,
    notice: tuple[str, dict[str, Any]],
    items: list[ListedItem],
    list_kind: str,
    actor_name: str | None = None,
    **issue: Any,
) -> list[IssuedDocumentRef]:
    """A notice and the 清单 attached to it, which names the notice by its number."""
    notice_kind, notice_data = notice
    issued = await ctx.issue(notice_kind, notice_data, **issue)
    listed = await ctx.issue(
        list_kind,
        {
            "items": items_data(items),
            "prior_document_title": issued.title,
            "prior_document_number": issued.number,
        },
        **issue,
    )
    return [issued, listed]


def documents_fields(documents: list[IssuedDocumentRef]) -> dict[str, Any]:
    """What an act's record says about the documents it issued."""
    return {
        "documents": [{"document_id": d.document_id, "title": d.title, "number": d.number} for d in documents]
    }
