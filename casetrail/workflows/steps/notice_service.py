"""Serving a notice of the rights stage (事先告知书, 听证通知书) like the decision (处罚法 Art. 61 by analogy,
民诉法 Art. 87-95): either handed over at the step and signed for at once (直接送达, served that day), or
through the service workflow (mail, lodging, electronic, public notice …), whose outcome (the receipt's
date, or the deemed-service date) starts the period that runs from service.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Protocol

from pydantic import Field
from temporalio import workflow

from casetrail.errors import InvalidInput
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.service_ways import day_in_cst
from casetrail.workflows.types import IssuedDocumentRef, ServedDocument, ServiceResult, StepRequest

from ..fields import Choice
from .common import not_in_future

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law

Delivery = Literal["on_the_spot", "service"]
ON_THE_SPOT_TITLE = "直接送达（当场签收）"


# The fields each notice's payload declares, in its own order; defaults keep older payloads readable.
DeliveryChoice = Annotated[
    Delivery,
    Choice(
        on_the_spot="当场直接送达（受送达人当场在送达回证上签收）",
        service="按送达程序送达（直接、邮寄、留置、电子、公告等，以送达回证为准）",
    ),
]
DELIVERY: Any = Field(default="on_the_spot", description="送达方式")
RECEIVER = Field(default="", description="当场在送达回证上签收的人（不填为受送达人本人）")
SERVICE_PLACE = Field(default="", description="当场送达地点（不填为本机关办公场所）")


class NoticeDelivery(Protocol):
    """How the notice reaches the party, as the notices' payloads declare it."""

    @property
    def delivery(self) -> Delivery: ...

    @property
    def receiver(self) -> str: ...

    @property
    def service_place(self) -> str: ...


def check_delivery(payload: NoticeDelivery, served_on: date | None, *, served_field: str, what: str) -> None:
    """Pure: on the spot needs the signer and the date signed; through service, the receipt says it."""
    if payload.delivery == "service":
        if served_on is not None:
            raise InvalidInput(
                f"按送达程序送达的，{what}以送达回证（或视为送达之日）为准，此处不填写送达日期"
                f"（{law.CIVIL_PROCEDURE_87}）",
                field=served_field,
                rule="served_by_service",
                citation=str(law.CIVIL_PROCEDURE_87),
            )
        return
    if served_on is None:
        raise InvalidInput(
            f"当场直接送达的，须填写{what}的签收日期", field=served_field, rule="receipt_date_required"
        )
    not_in_future(served_on, field=served_field, what="送达日期")


def service_outcome(result: ServiceResult) -> tuple[date, dict[str, Any]]:
    """The service date the period runs from (the receipt's, or the deemed-service day), and the fields
    that say how it was reached, for the notice's served record."""
    served_on = result.served_at.astimezone(CST).date()
    return served_on, {
        "送达日期": served_on.isoformat(),
        "way": result.way_title,
        "service_record_id": result.record_id,
    }


def served_document(kind: str, issued: IssuedDocumentRef, title: str) -> ServedDocument:
    return ServedDocument(kind=kind, title=title, number=issued.number or "")


async def receipt_on_the_spot(
    ctx: CaseContext,
    request: StepRequest,
    payload: NoticeDelivery,
    document: ServedDocument,
    served_on: date,
) -> IssuedDocumentRef:
    """The 送达回证 signed at the step (直接送达, 民诉法 Art. 88)."""
    return await ctx.issue(
        "service_receipt",
        {
            "method": "直接送达",
            "served_at": day_in_cst(served_on).isoformat(),
            "place": payload.service_place.strip() or f"{ctx.state.start.agency_name}办公场所",
            "receiver": payload.receiver.strip() or str(ctx.state.start.party.get("name") or "受送达人"),
            "documents": [{"title": document.title, "number": document.number}],
        },
        actor=request.actor,
        name=f"{document.kind}_receipt",
    )
