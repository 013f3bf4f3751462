"""The case page's content: header, the "下一步" forms this user may take now, the services running,
the timeline, deadlines, recording duties and documents (read model only; Temporal only for a running service)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from jinja2 import Environment
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import CasetrailError, NotFound
from casetrail.rules.deadline_text import deadline_text
from casetrail.rules.registry import get_profile
from casetrail.statuses import ApprovalStatus, AvObligationStatus, CaseStatus
from casetrail.store.models import (
    Agency,
    ApprovalTask,
    AvObligation,
    Case,
    EvidenceItem,
    IssuedDocument,
    Membership,
    User,
)
from casetrail.workflows import procedure
from casetrail.workflows.phases import FINAL_PHASES
from casetrail.workflows.service import ServiceSnapshot
from casetrail.workflows.service_ways import WAYS
from casetrail.workflows.steps.simple_procedure import BANK_TIMER

from .case_reads import deadlines_of_case, linked_cases, officers_of_case
from .deps import get_gateway
from .inspection_service import LINK_STEP, PenaltyCaseRequest
from .ui_forms import FormData, FormField, form_fields
from .ui_holdings import case_holdings
from .ui_recording import keeping_marks, upload_points
from .ui_timeline import timeline_html
from .ui_view import CST, act_title, beijing, deadline_view

FINISHED_PHASES = frozenset(FINAL_PHASES)
# A step the workflow offers only while its state says so (StepSpec.available) is offered here from what
# the read model says of the same thing, without querying the workflow on every page: money collected on
# the spot awaits the bank while its deadline runs (处罚法 Art. 71); retrieval where the profile has a rule.
# tests/ui/test_workbench_fixes.py checks that every such step has its entry here.
AVAILABLE: dict[str, Callable[[Case, set[str]], bool]] = {
    # Notified again only where the notice reached the party too late for its time (处罚法 Art. 64(2)).
    "notify_hearing": lambda case, running: (
        case.phase != "hearing_scheduled" or "hearing_notice_too_late" in case.flags
    ),
    "record_bank_deposit": lambda case, running: BANK_TIMER in running,
    "record_retrieval": lambda case, running: (
        get_profile(case.profile_id, case.profile_version).record_access.retrieval is not None
    ),
}
RUNNING = ("open", "overdue")
EVIDENCE_KINDS = {"photo": "照片", "video": "视频", "audio": "录音", "document": "书证、电子文件"}
# Bytes per PATCH of a browser upload: small enough to lose little when a connection drops.
UPLOAD_CHUNK = 1024 * 1024


@dataclass
class StepForm:
    key: str  # step name, or "purpose:way" for a service attempt
    title: str
    action: str
    fields: list[FormField]
    submission_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    values: FormData = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    open: bool = False


def _roles(user: User, case: Case) -> set[str]:
    return {m.role.value for m in user.memberships if m.agency_id == case.agency_id}


def may_take(spec: procedure.StepSpec, *, roles: set[str], is_case_officer: bool) -> bool:
    """What the workflow would accept from this user (role, and 处罚法 Art. 42 for officer acts)."""
    if not spec.roles & roles:
        return False
    if spec.case_officer_only and "officer" in spec.roles and "officer" in roles & spec.roles:
        return is_case_officer or bool((spec.roles - {"officer"}) & roles)
    return True


async def _running_service(request: Request, case: Case) -> ServiceSnapshot | None:
    """The document being served: the read model's phase names it (``serving_decision`` …)."""
    purpose = case.phase.removeprefix("serving_")
    if purpose == case.phase or purpose not in procedure.SERVED:
        return None
    try:
        service = await get_gateway(request).service_snapshot(case.workflow_id, purpose)
    except CasetrailError:
        return None
    return service if service.status != "served" else None


def _form(case: Case, name: str, spec: procedure.StepSpec) -> StepForm:
    if name == LINK_STEP:
        # The link is the system's to write once the penalty case exists: the officer asks for the
        # case (its reason) and the inspection route opens it, then links it.
        fields = form_fields(PenaltyCaseRequest, f"{name}-")
        return StepForm(name, spec.title, f"/ui/inspections/{case.id}/penalty-case", fields)
    return StepForm(
        name, spec.title, f"/ui/cases/{case.id}/steps/{name}", form_fields(spec.payload, f"{name}-")
    )


async def _next_steps(
    request: Request, case: Case, user: User, is_case_officer: bool, running: set[str]
) -> tuple[list[StepForm], list[dict[str, Any]]]:
    """The steps declared for the case's phase (read model) that this user may take; the workflow
    still judges each one when it is sent. ``running``: the keys of the case's running deadlines."""
    if case.status == CaseStatus.archived or case.phase in FINISHED_PHASES:
        return [], []
    roles = _roles(user, case)
    forms = [
        _form(case, name, spec)
        for name, spec in procedure.STEPS.items()
        if spec.allowed_in(case.phase)
        and may_take(spec, roles=roles, is_case_officer=is_case_officer)
        and (name not in AVAILABLE or AVAILABLE[name](case, running))
    ]
    service = await _running_service(request, case) if is_case_officer else None
    if service is None:
        return forms, []
    ways = [
        StepForm(
            f"{service.purpose}:{way}",
            WAYS[way].title,
            f"/ui/cases/{case.id}/services/{service.purpose}/{way}",
            form_fields(WAYS[way], f"{service.purpose}-{way}-"),
        )
        for way in service.ways
        if way in WAYS
    ]
    receipt = f"/ui/cases/{case.id}/services/{service.purpose}/receipt"
    return forms + ways, [
        {"document": service.document.title, "attempts": len(service.attempts), "receipt": receipt}
    ]


async def _document_list(session: AsyncSession, case_id: uuid.UUID) -> list[Any]:
    """What the documents table shows, without each document's data snapshot."""
    query = (
        select(IssuedDocument.id, IssuedDocument.title, IssuedDocument.number, IssuedDocument.pages)
        .where(IssuedDocument.case_id == case_id)
        .order_by(IssuedDocument.created_at, IssuedDocument.step_key)
    )
    return list((await session.execute(query)).all())


async def _with_person(session: AsyncSession, model: Any, person: Any, case_id: uuid.UUID) -> list[Any]:
    """A case's rows of ``model`` in order, each with the user who acted (or None)."""
    query = (
        select(model, User)
        .outerjoin(User, User.id == person)
        .where(model.case_id == case_id)
        .order_by(model.created_at)
    )
    return list((await session.execute(query)).all())


@dataclass
class Pickers:
    """What the officer, user and evidence pickers offer on this case (the forms' ``ctx``)."""

    officers: list[dict[str, Any]]
    officer_options: list[tuple[str, str]]
    users: list[User]
    evidence: list[EvidenceItem]
    evidence_options: list[tuple[str, str]]
    is_case_officer: bool
    holdings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # measures, testings


async def agency_users(session: AsyncSession, agency_id: uuid.UUID) -> list[User]:
    query = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.agency_id == agency_id)
        .distinct()
        .order_by(User.username)
    )
    return list((await session.execute(query)).scalars())


async def _pickers(session: AsyncSession, user: User, case: Case, *, with_users: bool) -> Pickers:
    """``with_users`` when a form is rendered: it may pick an account or one of the case's holdings
    (the case page itself renders no form)."""
    officers = await officers_of_case(session, case.id)
    evidence = await session.execute(
        select(EvidenceItem)
        .where(EvidenceItem.case_id.in_(case.evidence_case_ids))
        .order_by(EvidenceItem.created_at)
    )
    items = list(evidence.scalars())
    return Pickers(
        officers=[
            {"name": u.full_name, "certificate_no": o.certificate_no, "lead": o.lead} for o, u in officers
        ],
        officer_options=[(str(u.id), f"{u.full_name}（执法证 {o.certificate_no}）") for o, u in officers],
        users=await agency_users(session, case.agency_id) if with_users else [],
        evidence=items,
        evidence_options=[(str(e.id), e.filename) for e in items],
        is_case_officer=any(o.user_id == user.id for o, _ in officers),
        holdings=await case_holdings(session, case.id) if with_users else {},
    )


# Forms the agency's settings prefill (机关设置): step -> {payload field: Agency attribute}. Whom, by
# what telephone and where a party states its case are the agency's, the same on every notice.
AGENCY_DEFAULTS = {
    "notify_rights": {
        "contact_person": "statement_contact_person",
        "contact_phone": "statement_contact_phone",
        "statement_address": "statement_address",
    }
}


async def _prefill(session: AsyncSession, case: Case, forms: list[StepForm]) -> None:
    wanted = [form for form in forms if form.key in AGENCY_DEFAULTS]
    agency = await session.get(Agency, case.agency_id) if wanted else None
    for form in wanted:
        defaults = AGENCY_DEFAULTS[form.key].items()
        form.values = {name: [value] for name, attr in defaults if (value := getattr(agency, attr, None))}


async def step_form(
    request: Request, session: AsyncSession, user: User, case: Case, key: str
) -> dict[str, Any]:
    """One form of the 下一步 panel, loaded when it is opened."""
    pickers = await _pickers(session, user, case, with_users=True)
    running = {d.key for d in await deadlines_of_case(session, case.id) if d.status in RUNNING}
    forms, _ = await _next_steps(request, case, user, pickers.is_case_officer, running)
    form = next((f for f in forms if f.key == key), None)
    if form is None:
        raise NotFound("该步骤当前不可办理或您无权办理", field="step", rule="form_not_offered")
    await _prefill(session, case, [form])
    return {"form": form, "ctx": pickers}


async def case_context(
    request: Request,
    session: AsyncSession,
    user: User,
    case: Case,
    *,
    env: Environment,
    open_form: str | None = None,
    values: FormData | None = None,
    field_errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    pickers = await _pickers(session, user, case, with_users=open_form is not None)
    deadlines = await deadlines_of_case(session, case.id)
    running = {d.key for d in deadlines if d.status in RUNNING}
    forms, services = await _next_steps(request, case, user, pickers.is_case_officer, running)
    await _prefill(session, case, forms)
    for form in forms:
        if form.key == open_form:
            form.values, form.errors, form.open = values or {}, field_errors or {}, True
    now = datetime.now(UTC)
    tasks = await _with_person(session, ApprovalTask, ApprovalTask.signed_by, case.id)
    duty_rows = list(
        (
            await session.execute(
                select(AvObligation).where(AvObligation.case_id == case.id).order_by(AvObligation.created_at)
            )
        ).scalars()
    )
    profile = get_profile(case.profile_id, case.profile_version)
    return {
        "user": user,
        "case": case,
        "profile_title": profile.regulation_title,
        "officers": pickers.officers,
        "linked": await linked_cases(session, case),
        "forms": forms,
        "services": services,
        "ctx": pickers,
        "timeline": await timeline_html(session, env, case.id, lambda: agency_users(session, case.agency_id)),
        "deadlines": [
            deadline_view(
                label=d.label,
                due_at=d.due_at,
                status=d.status,
                citation=d.citation,
                provisional=d.provisional,
                now=now,
            )
            for d in deadlines
        ],
        "tasks": [
            {
                "title": t.title,
                "status": t.status.title,
                "signer": u.full_name if u else "",
                "opinion": t.opinion or "",
                "signed_at": beijing(t.signed_at),
                "mine": t.status == ApprovalStatus.open and t.role in _roles(user, case),
            }
            for t, u in tasks
        ],
        "duties": [
            {
                "act": act_title(d.act),
                "requirement": d.requirement.title,
                "status": d.status.title,
                "due": deadline_text(d.storage_due_at),
                "citation": d.citation or "",
            }
            for d in duty_rows
        ],
        "documents": await _document_list(session, case.id),
        "evidence": pickers.evidence,
        "keeping_marks": keeping_marks,
        "upload_points": upload_points(profile),
        "can_upload": case.status != CaseStatus.archived
        and bool({"officer", "archivist"} & _roles(user, case)),
        "upload_duties": [
            (
                d.key,
                f"{act_title(d.act)}（{d.requirement.title}"
                + (f"，{deadline_text(d.storage_due_at)}存储）" if d.storage_due_at else "）"),
            )
            for d in duty_rows
            if d.status != AvObligationStatus.fulfilled
        ],
        "evidence_kinds": list(EVIDENCE_KINDS.items()),
        "now_local": now.astimezone(CST).strftime("%Y-%m-%dT%H:%M"),
        "upload_chunk": UPLOAD_CHUNK,
    }
