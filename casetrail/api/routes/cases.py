from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import select

from casetrail.errors import InvalidInput
from casetrail.services import search
from casetrail.services.exports import MEDIA_TYPES, ExportFormat, Sheet, attachment_name, render
from casetrail.services.search import CaseSort
from casetrail.store.models import AuditEvent, Case

from .. import case_service as cases_service
from ..access import visible_agency_ids
from ..case_reads import (
    deadlines_of_case,
    linked_cases,
    officers_of_case,
    records_of_case,
    tasks_of_case,
)
from ..deps import CurrentCase, CurrentUser, Gateway, SessionDep
from ..inspection_service import LINK_STEP
from ..listing import CASE_HEADER, CaseFilterDep, announce_next, case_rows
from ..schemas import (
    AuditEventOut,
    CaseCreate,
    CaseDetail,
    CaseOut,
    DeadlineOut,
    OutcomeOut,
    RecordOut,
    StepBody,
    TaskOut,
)

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("", response_model=list[CaseOut])
async def list_cases(
    session: SessionDep,
    user: CurrentUser,
    filters: CaseFilterDep,
    response: Response,
    sort: CaseSort = CaseSort.deadline,
    after: Annotated[str | None, Query(description="上一页响应头 X-Next-Cursor 的值")] = None,
    limit: Annotated[int, Query(ge=1, le=search.PAGE_MAX)] = 100,
) -> list[Case]:
    """Cases of the agencies the user belongs to or supervises, filtered and one page at a time
    (keyset: the next page's cursor is in the X-Next-Cursor header, absent on the last page)."""
    page = await search.search_cases(
        session,
        visible=await visible_agency_ids(session, user),
        filters=filters,
        sort=sort,
        after=after,
        limit=limit,
    )
    announce_next(response, page)
    return page.items


@router.get("/export.{fmt}")
async def export_cases(
    fmt: ExportFormat,
    session: SessionDep,
    user: CurrentUser,
    filters: CaseFilterDep,
    sort: CaseSort = CaseSort.deadline,
) -> Response:
    """Every case matching the filters, as an Excel workbook or a CSV file."""
    cases = search.all_cases(
        session, visible=await visible_agency_ids(session, user), filters=filters, sort=sort
    )
    body = await render(Sheet("案件", CASE_HEADER, case_rows(cases)), fmt)
    return Response(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": attachment_name("案件清单", fmt.value)},
    )


@router.post("", response_model=CaseOut, status_code=status.HTTP_201_CREATED)
async def open_case(body: CaseCreate, session: SessionDep, user: CurrentUser, gateway: Gateway) -> Case:
    """Open a case: the read model row and the case workflow are created together, or neither."""
    return await cases_service.open_case(session, user=user, gateway=gateway, body=body)


@router.get("/{case_id}", response_model=CaseDetail)
async def case_detail(case: CurrentCase, session: SessionDep) -> CaseDetail:
    officers = await officers_of_case(session, case.id)
    records = await records_of_case(session, case.id)
    deadlines = await deadlines_of_case(session, case.id)
    return CaseDetail(
        case=CaseOut.model_validate(case),
        officers=[
            {
                "user_id": str(o.user_id),
                "name": u.full_name,
                "certificate_no": o.certificate_no,
                "lead": o.lead,
            }
            for o, u in officers
        ],
        records=[RecordOut.model_validate(r) for r in records],
        tasks=[TaskOut.model_validate(t) for t in await tasks_of_case(session, case.id)],
        deadlines=[DeadlineOut.model_validate(d) for d in deadlines],
        linked=await linked_cases(session, case),
    )


@router.get("/{case_id}/audit", response_model=list[AuditEventOut])
async def case_audit(case: CurrentCase, session: SessionDep) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq)
    return list((await session.execute(query)).scalars())


@router.get("/{case_id}/workflow")
async def case_workflow_state(case: CurrentCase, gateway: Gateway) -> dict[str, object]:
    """The live procedure state from Temporal: phase, allowed steps, open tasks, timers."""
    snapshot = await gateway.snapshot(case.workflow_id)
    return snapshot.__dict__


@router.post("/{case_id}/steps/{step}", response_model=OutcomeOut)
async def submit_step(
    step: str, body: StepBody, case: CurrentCase, user: CurrentUser, gateway: Gateway
) -> OutcomeOut:
    """Take a procedure step; refused with 409 (and the allowed steps) when the law does not allow it now."""
    if step == LINK_STEP:
        # The link names the penalty case the system opens; typed here it could name any case.
        raise InvalidInput(
            "“转立案查处”须通过检查的转立案功能办理：由系统开立处罚案件并记录关联，不能作为步骤直接提交",
            field="step",
            rule="step_taken_by_the_system",
        )
    outcome = await cases_service.submit_step(
        case=case,
        user=user,
        gateway=gateway,
        step=step,
        payload=body.payload,
        submission_id=body.submission_id,
    )
    return OutcomeOut(**outcome.__dict__)
