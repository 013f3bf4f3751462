"""Opening cases and acting on them: the one implementation behind the JSON API and the web UI."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import Forbidden, InvalidInput, NotFound, ProcedureViolation, Unavailable
from casetrail.roles import role_titles
from casetrail.rules.hearing_thresholds import FieldOfLaw, LargeAmount
from casetrail.rules.limitation import ViolationDates, check_limitation
from casetrail.rules.national_citations import PENALTY_42
from casetrail.rules.profile_model import Profile
from casetrail.rules.recording import require_field
from casetrail.rules.registry import current_ref, get_profile
from casetrail.rules.steps import ProcedureStep
from casetrail.services import desk, search
from casetrail.statuses import ApprovalStatus, CaseStatus
from casetrail.store import audit
from casetrail.store.models import Agency, ApprovalTask, Case, CaseOfficer, NumberStatus, Role, User
from casetrail.store.numbering import settle_number, take_number
from casetrail.workflows.case_workflow import CaseInput
from casetrail.workflows.starts import INTAKE_MODELS, EmergencyIntake, emergency_start_rule
from casetrail.workflows.steps.simple_procedure import (
    ON_THE_SPOT_FACT,
    check_on_the_spot_decision,
    check_on_the_spot_recording,
)
from casetrail.workflows.types import CaseStart, Officer, StepOutcome, StepRequest, TaskDecision

from .access import visible_agency_ids
from .actors import actor_for
from .gateway import CaseGateway
from .listing import START_TYPE_TITLES
from .schemas import CaseCreate

OFFICERS_CITATION = str(PENALTY_42)
CST = timezone(timedelta(hours=8))


def require_role(user: User, agency_id: uuid.UUID, *roles: Role) -> None:
    held = {m.role for m in user.memberships if m.agency_id == agency_id}
    if not held.intersection(roles):
        raise Forbidden(f"此操作需要本机关的以下角色之一：{role_titles(roles)}", rule="role")


async def case_officers(
    session: AsyncSession, *, agency_id: uuid.UUID, officer_ids: list[uuid.UUID]
) -> list[User]:
    """At least two officers of the agency, each holding an enforcement certificate (处罚法 Art. 42)."""
    unique_ids = list(dict.fromkeys(officer_ids))
    if len(unique_ids) < 2:
        raise InvalidInput(
            "执法人员不得少于两人", field="officer_ids", rule="two_officers", citation=OFFICERS_CITATION
        )
    users = {u.id: u for u in (await session.execute(select(User).where(User.id.in_(unique_ids)))).scalars()}
    officers = []
    for place, officer_id in enumerate(unique_ids, start=1):
        user = users.get(officer_id)
        if user is None:
            raise InvalidInput(
                f"所选的第 {place} 位执法人员不存在（可能已被删除），请重新选择",
                field="officer_ids",
                rule="unknown_user",
            )
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


def add_case_officers(session: AsyncSession, case_id: uuid.UUID, officers: list[User]) -> None:
    """Name the officers on the case with the certificate each holds now; the first one leads."""
    for index, officer in enumerate(officers):
        session.add(
            CaseOfficer(
                case_id=case_id,
                user_id=officer.id,
                certificate_no=officer.certificate_no or "",
                lead=index == 0,
            )
        )


def agency_hearing_threshold(agency: Agency) -> LargeAmount:
    """较大数额 (处罚法 Art. 63): the agency's published standard, else its field's under its profile."""
    if agency.hearing_threshold is not None:
        return LargeAmount.model_validate(agency.hearing_threshold)
    field = FieldOfLaw(agency.field_of_law) if agency.field_of_law else None
    return get_profile(agency.profile_id).hearing_threshold(field)


def limitation_fact(violation: ViolationDates | None, limitation_date: date | None) -> dict[str, Any]:
    """What the 立案审批表 shows of the limitation (处罚法 Art. 36)."""
    if violation is None or limitation_date is None:
        return {}
    return {"violation": violation.model_dump(mode="json"), "limitation_date": limitation_date.isoformat()}


def check_intake_records(body: CaseCreate, profile: Profile) -> None:
    """What the agency's regulation makes the opening records carry (422 naming the field and article):
    the duty leader's opinion in the duty log (明山 Art. 9); the handling unit's opinion on the filing
    form (明山 Art. 8, 新乡镇 Art. 7); for a major act, the legal review opinion (明山 Art. 8(2))."""
    if body.complaint is not None:
        require_field(
            profile,
            ProcedureStep.START_BY_COMPLAINT,
            "值班领导意见",
            value=body.complaint.duty_leader_opinion,
            field="complaint.duty_leader_opinion",
        )
    if body.start_type in ("simple", "inspection"):
        return  # no filing form: on-the-spot decision, or an inspection outside any case
    filing = ProcedureStep.START_EX_OFFICIO
    require_field(profile, filing, "承办机构意见", value=body.facts.unit_opinion, field="facts.unit_opinion")
    if body.facts.unit_opinion.strip() and not body.facts.unit_head.strip():
        raise InvalidInput(
            "承办机构意见须由承办机构负责人签署：请填写签署人",
            field="facts.unit_head",
            rule="unit_head_required",
        )
    if body.facts.major_act:
        require_field(
            profile,
            filing,
            "审查意见",
            value=body.facts.legal_review_opinion,
            field="facts.legal_review_opinion",
        )


def start_intake(body: CaseCreate, *, profile_id: str, profile_version: str, now: datetime) -> dict[str, Any]:
    """The start type's section of the body (422 naming it when missing); an emergency start only where
    the agency's profile allows it (409 with the citation), and not dated in the future."""
    if INTAKE_MODELS.get(body.start_type) is None:
        return {}
    section = getattr(body, body.start_type)
    if section is None:
        raise InvalidInput(
            f"以“{START_TYPE_TITLES[body.start_type]}”方式启动的，须填写其登记信息",
            field=body.start_type,
            rule="start_details_required",
        )
    if isinstance(section, EmergencyIntake):
        emergency_start_rule(profile_id, profile_version)
        if section.started_at > now:
            raise InvalidInput(
                "先行启动时间不能晚于当前时间", field="emergency.started_at", rule="not_in_future"
            )
    intake: dict[str, Any] = section.model_dump(mode="json")
    return intake


async def opening_agency(session: AsyncSession, *, user: User, agency_id: uuid.UUID) -> Agency:
    """The agency a case is opened in: one the user sees, and holds the officer role in."""
    agency = await session.get(Agency, agency_id)
    if agency is None or agency.id not in await visible_agency_ids(session, user):
        raise NotFound("执法机关不存在或不可见", field="agency_id", rule="agency_not_found")
    require_role(user, agency.id, Role.officer)
    return agency


async def open_case(
    session: AsyncSession,
    *,
    user: User,
    gateway: CaseGateway,
    body: CaseCreate,
    carried: dict[str, Any] | None = None,
    origin: Case | None = None,
) -> Case:
    """Create the read-model row, then start the case workflow. The case number is taken and the row
    committed before the call to Temporal, so no lock (the counter's least of all) is held across it;
    if Temporal refuses, the case is ended and its number voided with the reason, never lost.
    ``carried``: what an inspection hands to the penalty case it leads to (its number and records),
    kept in the case's facts; ``origin``: that inspection, linked to the case."""
    agency = await opening_agency(session, user=user, agency_id=body.agency_id)
    officers = await case_officers(session, agency_id=agency.id, officer_ids=body.officer_ids)
    now = datetime.now(UTC)
    # The newest version of the agency's profile; a case already running keeps the one it pinned.
    profile_version = current_ref(agency.profile_id).version
    intake = start_intake(body, profile_id=agency.profile_id, profile_version=profile_version, now=now)
    profile = get_profile(agency.profile_id, profile_version)
    check_intake_records(body, profile)
    if body.on_the_spot is not None:
        check_on_the_spot_decision(body.on_the_spot, body.party.kind)
        check_on_the_spot_recording(body.on_the_spot, profile, now=now)
    limitation_date = None
    if body.violation is not None:
        discovered_on = body.facts.discovered_on or now.astimezone(CST).date()
        limitation_date = check_limitation(body.violation, discovered_on=discovered_on, field="violation")
    await gateway.require_worker()

    case_id = uuid.uuid4()
    # An inspection is numbered as one (检字), a case as a case (立字).
    kind, word = ("inspection", "检") if body.start_type == "inspection" else ("case", "立")
    taken = await take_number(
        session,
        agency_id=agency.id,
        kind=kind,
        year=now.year,
        text=lambda n: f"{agency.short_name}{word}字〔{now.year}〕第{n}号",
        case_id=case_id,
    )
    case = Case(
        id=case_id,
        case_no=taken.number,
        agency_id=agency.id,
        workflow_id=f"case-{case_id}",
        profile_id=agency.profile_id,
        profile_version=profile_version,
        start_type=body.start_type,
        cause=body.cause,
        party=body.party.model_dump(),
        phase="starting",
        violation_on=body.violation.runs_from if body.violation else None,
        limitation_date=limitation_date,
        origin_case_id=origin.id if origin else None,
        created_by=user.id,
        updated_at=now,
    )
    session.add(case)
    await session.flush()
    add_case_officers(session, case_id, officers)
    await audit.append_event(
        session,
        case_id=case_id,
        action="case.created",
        actor_id=user.id,
        detail={"case_no": case.case_no},
        at=now,
    )
    await session.commit()
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
        facts=body.facts.model_dump(mode="json", exclude_none=True)
        | limitation_fact(body.violation, limitation_date)
        | ({"carried_from": carried} if carried else {})
        | ({ON_THE_SPOT_FACT: body.on_the_spot.model_dump(mode="json")} if body.on_the_spot else {}),
        intake=intake,
        hearing_threshold=agency_hearing_threshold(agency).model_dump(),
        agency_archive_days=agency.archive_days,
        agency_archive_policy=agency.archive_policy or "",
    )
    try:
        await gateway.start_case(
            CaseInput(start=start), workflow_id=case.workflow_id, agency_code=agency.code
        )
    except Unavailable as refused:
        if not await gateway.workflow_exists(case.workflow_id):
            await _void_case(session, case, taken.id, user, refused)
            raise
    await settle_number(session, taken.id, NumberStatus.issued)
    await session.commit()
    return case


async def _void_case(
    session: AsyncSession, case: Case, number_id: uuid.UUID, user: User, refused: Unavailable
) -> None:
    """The workflow did not start: end the case and void its number, saying why."""
    reason = f"案件流程未能启动：{refused.message}"
    case.phase, case.status = "ended", CaseStatus.voided
    await settle_number(session, number_id, NumberStatus.voided, reason=reason)
    await audit.append_event(session, case_id=case.id, action="case.voided", actor_id=user.id,
                             detail={"case_no": case.case_no, "reason": reason}, at=datetime.now(UTC))  # fmt: skip
    await session.commit()


def refuse_if_archived(case: Case) -> None:
    """An archived case file is read-only: its workflow has completed and nothing may be added."""
    if case.status == CaseStatus.archived:
        raise ProcedureViolation(
            f"案件{case.case_no}已归档，案卷只读，不能再办理任何步骤", rule="case_archived", allowed=[]
        )


async def submit_step(
    *,
    case: Case,
    user: User,
    gateway: CaseGateway,
    step: str,
    payload: dict[str, object],
    submission_id: str | None,
) -> StepOutcome:
    refuse_if_archived(case)
    request = StepRequest(
        step=step,
        actor=actor_for(user, case.agency_id),
        payload=dict(payload),
        submission_id=submission_id or str(uuid.uuid4()),
    )
    return await gateway.submit_step(case.workflow_id, request)


async def decide_task(
    session: AsyncSession,
    *,
    user: User,
    gateway: CaseGateway,
    task_id: uuid.UUID,
    decision: str,
    opinion: str,
    submission_id: str | None,
) -> StepOutcome:
    """Sign (approve) or return an approval task; who, when and the opinion become part of the record."""
    task = await session.get(ApprovalTask, task_id)
    now = datetime.now(UTC)
    if task is None or (
        task.agency_id not in await visible_agency_ids(session, user) and task.assignee_id != user.id
    ):
        raise desk.task_not_found()
    # By role, by a delegation in force, or by reassignment (the last two written to the case's chain).
    how = await desk.signing(session, user=user, task=task, now=now)
    case = await session.get(Case, task.case_id)
    assert case is not None
    await desk.record_signing(session, user=user, task=task, how=how, now=now)
    actor = actor_for(user, task.agency_id)
    if task.role not in actor.roles:  # the authority lent or assigned is the task's role, for this task
        actor = replace(actor, roles=sorted({*actor.roles, task.role}))
    request = TaskDecision(
        task_id=str(task.id),
        decision=decision,
        actor=actor,
        opinion=opinion,
        submission_id=submission_id or str(uuid.uuid4()),
    )
    await session.commit()  # no connection held idle in a transaction across the Update
    return await gateway.decide_task(case.workflow_id, request, request.submission_id)


def signable_pairs(user: User) -> set[tuple[uuid.UUID, str]]:
    """The (agency, role) pairs whose approval tasks the user may sign."""
    return {(m.agency_id, m.role.value) for m in user.memberships}


async def signable_tasks(
    session: AsyncSession, *, user: User, status: ApprovalStatus = ApprovalStatus.open
) -> list[ApprovalTask]:
    """Approval tasks the user may sign (their role in the task's agency), soonest due first."""
    page = await search.search_tasks(
        session,
        signable=signable_pairs(user),
        filters=search.TaskFilter(status=status),
        limit=search.PAGE_MAX,
    )
    return page.items
