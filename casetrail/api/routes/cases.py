from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, status
from sqlalchemy import select

from casetrail.errors import InvalidInput, NotFound, ProcedureViolation
from casetrail.store import audit
from casetrail.store.models import Agency, AuditEvent, Case, CaseOfficer, Deadline, Record, Role, User
from casetrail.store.numbering import next_number
from casetrail.workflows.case_workflow import CaseInput
from casetrail.workflows.types import CaseStart, Officer, StepRequest

from ..access import visible_agency_ids
from ..actors import actor_for
from ..deps import CurrentCase, CurrentUser, Gateway, SessionDep, require_role
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
from .tasks import tasks_of_case

router = APIRouter(prefix="/cases", tags=["cases"])

OFFICERS_CITATION = "《中华人民共和国行政处罚法》第四十二条"


@router.get("", response_model=list[CaseOut])
async def list_cases(
    session: SessionDep, user: CurrentUser, phase: str | None = None, limit: int = 100, offset: int = 0
) -> list[Case]:
    """Cases of the agencies the user belongs to or supervises, with phase and next deadline."""
    query = select(Case).where(Case.agency_id.in_(await visible_agency_ids(session, user)))
    if phase:
        query = query.where(Case.phase == phase)
    query = query.order_by(Case.next_deadline_at.asc().nulls_last(), Case.created_at.desc())
    return list((await session.execute(query.limit(min(limit, 500)).offset(offset))).scalars())


async def _case_officers(
    session: SessionDep, agency_id: uuid.UUID, officer_ids: list[uuid.UUID]
) -> list[User]:
    unique_ids = list(dict.fromkeys(officer_ids))
    if len(unique_ids) < 2:
        raise InvalidInput(
            "执法人员不得少于两人", field="officer_ids", rule="two_officers", citation=OFFICERS_CITATION
        )
    users = {u.id: u for u in (await session.execute(select(User).where(User.id.in_(unique_ids)))).scalars()}
    officers = []
    for officer_id in unique_ids:
        user = users.get(officer_id)
        if user is None:
            raise InvalidInput(f"执法人员 {officer_id} 不存在", field="officer_ids", rule="unknown_user")
        is_officer = any(m.agency_id == agency_id and m.role == Role.officer for m in user.memberships)
        if not is_officer or not user.certificate_no:
            raise InvalidInput(
                f"{user.full_name} 不是本机关持有执法证件的执法人员",
                field="officer_ids",
                rule="certificate_required",
                citation=OFFICERS_CITATION,
            )
        officers.append(user)
    return officers


@router.post("", response_model=CaseOut, status_code=status.HTTP_201_CREATED)
async def open_case(body: CaseCreate, session: SessionDep, user: CurrentUser, gateway: Gateway) -> Case:
    """Open a case: the read model row and the case workflow are created together, or neither."""
    agency = await session.get(Agency, body.agency_id)
    if agency is None or agency.id not in await visible_agency_ids(session, user):
        raise NotFound("执法机关不存在或不可见", field="agency_id", rule="agency_not_found")
    require_role(user, agency.id, Role.officer)
    officers = await _case_officers(session, agency.id, body.officer_ids)
    await gateway.require_worker()

    now = datetime.now(UTC)
    case_id = uuid.uuid4()
    number = await next_number(session, agency_id=agency.id, kind="case", year=now.year)
    case = Case(
        id=case_id,
        case_no=f"{agency.short_name}立字〔{now.year}〕第{number}号",
        agency_id=agency.id,
        workflow_id=f"case-{case_id}",
        profile_id=agency.profile_id,
        profile_version="1",
        start_type=body.start_type,
        cause=body.cause,
        party=body.party.model_dump(),
        phase="starting",
        created_by=user.id,
        updated_at=now,
    )
    session.add(case)
    await session.flush()
    for index, officer in enumerate(officers):
        assert officer.certificate_no is not None
        session.add(
            CaseOfficer(
                case_id=case_id, user_id=officer.id, certificate_no=officer.certificate_no, lead=index == 0
            )
        )
    await audit.append_event(
        session,
        case_id=case_id,
        action="case.created",
        actor_id=user.id,
        detail={"case_no": case.case_no},
        at=now,
    )
    await session.flush()
    start = CaseStart(
        case_id=str(case_id),
        case_no=case.case_no,
        agency_id=str(agency.id),
        agency_name=agency.name,
        profile_id=case.profile_id,
        profile_version=case.profile_version,
        start_type=body.start_type,
        cause=body.cause,
        party=case.party,
        officers=[Officer(str(o.id), o.full_name, o.certificate_no or "") for o in officers],
        opened_by=actor_for(user, agency.id),
        facts=body.facts.model_dump(),
    )
    # Started inside the open transaction: if Temporal refuses, nothing is committed.
    await gateway.start_case(CaseInput(start=start), workflow_id=case.workflow_id, agency_code=agency.code)
    await session.commit()
    return case


@router.get("/{case_id}", response_model=CaseDetail)
async def case_detail(case: CurrentCase, session: SessionDep) -> CaseDetail:
    officers = (
        await session.execute(
            select(CaseOfficer, User)
            .join(User, User.id == CaseOfficer.user_id)
            .where(CaseOfficer.case_id == case.id)
        )
    ).all()
    records = (
        await session.execute(select(Record).where(Record.case_id == case.id).order_by(Record.created_at))
    ).scalars()
    deadlines = (
        await session.execute(select(Deadline).where(Deadline.case_id == case.id).order_by(Deadline.due_at))
    ).scalars()
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


def refuse_if_archived(case: Case) -> None:
    """An archived case file is read-only: its workflow has completed and nothing may be added."""
    if case.status == "archived":
        raise ProcedureViolation(
            f"案件{case.case_no}已归档，案卷只读，不能再办理任何步骤", rule="case_archived", allowed=[]
        )


@router.post("/{case_id}/steps/{step}", response_model=OutcomeOut)
async def submit_step(
    step: str, body: StepBody, case: CurrentCase, user: CurrentUser, gateway: Gateway
) -> OutcomeOut:
    """Take a procedure step; refused with 409 (and the allowed steps) when the law does not allow it now."""
    refuse_if_archived(case)
    request = StepRequest(
        step=step,
        actor=actor_for(user, case.agency_id),
        payload=body.payload,
        submission_id=body.submission_id or str(uuid.uuid4()),
    )
    outcome = await gateway.submit_step(case.workflow_id, request)
    return OutcomeOut(**outcome.__dict__)
