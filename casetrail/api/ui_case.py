"""The case page's content: header, the "下一步" forms this user may take now, the services running,
the timeline, deadlines, recording duties and documents (read model only, plus one snapshot query)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import CasetrailError
from casetrail.rules.registry import get_profile
from casetrail.services import documents
from casetrail.store.models import ApprovalTask, AvObligation, Case, EvidenceItem, Membership, Record, User
from casetrail.workflows import procedure
from casetrail.workflows.service import ServiceSnapshot
from casetrail.workflows.service_ways import WAYS

from .case_reads import deadlines_of_case, officers_of_case
from .deps import get_gateway
from .ui_forms import FormData, FormField, form_fields
from .ui_view import CST, act_title, beijing, deadline_view, lines, title_of

FINISHED_PHASES = ("ended", "archived")
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


@dataclass
class TimelineEntry:
    title: str
    when: str
    who: str
    citation: str
    lines: list[tuple[str, str]]


def _roles(user: User, case: Case) -> set[str]:
    return {m.role.value for m in user.memberships if m.agency_id == case.agency_id}


def may_take(spec: procedure.StepSpec, *, roles: set[str], is_case_officer: bool) -> bool:
    """What the workflow would accept from this user (role, and 处罚法 Art. 42 for officer acts)."""
    if not spec.roles & roles:
        return False
    if spec.case_officer_only and "officer" in spec.roles and "officer" in roles & spec.roles:
        return is_case_officer or bool((spec.roles - {"officer"}) & roles)
    return True


async def _services(request: Request, case: Case) -> list[ServiceSnapshot]:
    gateway = get_gateway(request)

    async def one(purpose: str) -> ServiceSnapshot | None:
        try:
            return await gateway.service_snapshot(case.workflow_id, purpose)
        except CasetrailError:
            return None

    found = await asyncio.gather(*(one(p) for p in procedure.SERVED))
    return [s for s in found if s is not None and s.status != "served"]


async def _next_steps(
    request: Request, case: Case, user: User, is_case_officer: bool
) -> tuple[list[StepForm], list[dict[str, Any]], str]:
    if case.status == "archived" or case.phase in FINISHED_PHASES:
        return [], [], ""
    try:
        snapshot = await get_gateway(request).snapshot(case.workflow_id)
    except CasetrailError as error:
        return [], [], error.message
    roles = _roles(user, case)
    forms = [
        StepForm(name, spec.title, f"/ui/cases/{case.id}/steps/{name}", form_fields(spec.payload, f"{name}-"))
        for name in snapshot.allowed_steps
        if (spec := procedure.STEPS.get(name)) is not None
        and may_take(spec, roles=roles, is_case_officer=is_case_officer)
    ]
    services = []
    for service in await _services(request, case) if is_case_officer else []:
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
        services.append({"document": service.document.title, "attempts": len(service.attempts), "ways": ways})
        forms += ways
    return forms, services, ""


async def _with_person(session: AsyncSession, model: Any, person: Any, case_id: uuid.UUID) -> list[Any]:
    """A case's rows of ``model`` in order, each with the user who acted (or None)."""
    query = (
        select(model, User)
        .outerjoin(User, User.id == person)
        .where(model.case_id == case_id)
        .order_by(model.created_at)
    )
    return list((await session.execute(query)).all())


async def case_context(
    request: Request,
    session: AsyncSession,
    user: User,
    case: Case,
    *,
    open_form: str | None = None,
    values: FormData | None = None,
    field_errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    officers = await officers_of_case(session, case.id)
    is_case_officer = any(o.user_id == user.id for o, _ in officers)
    colleagues = (
        await session.execute(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.agency_id == case.agency_id)
            .distinct()
            .order_by(User.username)
        )
    ).scalars()
    users = list(colleagues)
    people = {str(u.id): u.full_name for u in users} | {str(u.id): u.full_name for _, u in officers}
    forms, services, unavailable = await _next_steps(request, case, user, is_case_officer)
    for form in forms:
        if form.key == open_form:
            form.values, form.errors, form.open = values or {}, field_errors or {}, True
    records = await _with_person(session, Record, Record.actor_id, case.id)
    now = datetime.now(UTC)
    tasks = await _with_person(session, ApprovalTask, ApprovalTask.signed_by, case.id)
    duty_rows = list(
        (
            await session.execute(
                select(AvObligation).where(AvObligation.case_id == case.id).order_by(AvObligation.created_at)
            )
        ).scalars()
    )
    evidence = (
        await session.execute(
            select(EvidenceItem).where(EvidenceItem.case_id == case.id).order_by(EvidenceItem.created_at)
        )
    ).scalars()
    evidence_items = list(evidence)
    profile = get_profile(case.profile_id, case.profile_version)
    return {
        "user": user,
        "case": case,
        "profile_title": profile.regulation_title,
        "officers": [
            {"name": u.full_name, "certificate_no": o.certificate_no, "lead": o.lead} for o, u in officers
        ],
        "forms": forms,
        "services": services,
        "unavailable": unavailable,
        "ctx": {
            "officer_options": [
                (str(u.id), f"{u.full_name}（执法证 {o.certificate_no}）") for o, u in officers
            ],
            "users": users,
            "evidence_options": [(str(e.id), e.filename) for e in evidence_items],
        },
        "timeline": [
            TimelineEntry(
                r.title,
                beijing(r.created_at),
                u.full_name if u else "系统",
                r.citation or "",
                lines(r.fields, people),
            )
            for r, u in records
        ],
        "deadlines": [
            deadline_view(
                label=d.label,
                due_at=d.due_at,
                status=d.status,
                citation=d.citation,
                provisional=d.provisional,
                now=now,
            )
            for d in await deadlines_of_case(session, case.id)
        ],
        "tasks": [
            {
                "title": t.title,
                "status": title_of(t.status),
                "signer": u.full_name if u else "",
                "opinion": t.opinion or "",
                "signed_at": beijing(t.signed_at),
                "mine": t.status == "open" and t.role in _roles(user, case),
            }
            for t, u in tasks
        ],
        "duties": [
            {
                "act": act_title(d.act),
                "requirement": title_of(d.requirement),
                "status": title_of(d.status),
                "due": beijing(d.storage_due_at),
                "citation": d.citation or "",
            }
            for d in duty_rows
        ],
        "documents": await documents.case_documents(session, case.id),
        "evidence": evidence_items,
        "can_upload": case.status != "archived" and bool({"officer", "archivist"} & _roles(user, case)),
        "upload_duties": [
            (d.key, f"{act_title(d.act)}（{title_of(d.requirement)}，{beijing(d.storage_due_at)}前存储）")
            for d in duty_rows
            if d.status != "fulfilled"
        ],
        "evidence_kinds": list(EVIDENCE_KINDS.items()),
        "now_local": now.astimezone(CST).strftime("%Y-%m-%dT%H:%M"),
        "upload_chunk": UPLOAD_CHUNK,
    }
