"""The web workbench: server-rendered pages over the same services as the JSON API (session cookie login).

Every form posts, then redirects (POST-redirect-GET): a reload never posts again, and each rendered form
carries its own submission id, which is the Temporal Update id, so a form sent twice is applied once.
Cookie-session posts carry a CSRF token derived from the session.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy import select

from casetrail.config import get_settings
from casetrail.errors import CasetrailError, Forbidden, InvalidInput, Unauthorized
from casetrail.notifications import service as notices
from casetrail.rules.deadline_text import deadline_text
from casetrail.services import documents
from casetrail.store.blobs import default_store
from casetrail.store.models import Agency, Case, Role, User
from casetrail.workflows import procedure
from casetrail.workflows.phases import phase_title
from casetrail.workflows.service import ServiceAttempt
from casetrail.workflows.service_ways import WAYS
from casetrail.workflows.starts import ApplicationIntake, ComplaintIntake, EmergencyIntake
from casetrail.workflows.steps.simple_procedure import OnTheSpotDecision

from . import case_service, ui_case, ui_receipt, ui_site
from .access import visible_agency_ids
from .actors import actor_for
from .deps import PresentedToken, SessionDep, get_current_case, get_current_user, get_gateway
from .listing import flag_title
from .routes.auth import authenticate, issue_token, revoke
from .routes.dashboard import OVERSEEING
from .schemas import CaseCreate
from .security import SESSION_COOKIE, set_session_cookie
from .ui_forms import FormData, FormField, form_fields, multi, parse_form, readable_refusal
from .ui_view import beijing, without_holding_ids

FLASH_COOKIE = "casetrail_flash"
_RAW_ID = re.compile(r"\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*")

templates = Jinja2Templates(directory=str(Path(__file__).parent / "ui_templates"))
# A value a record or row lacks prints as nothing, never as "None" (set before any template compiles).
templates.env.finalize = lambda value: "" if value is None else value
templates.env.filters["deadline"] = deadline_text
templates.env.globals.update(
    phase_name=phase_title,
    fmt=beijing,
    flag_title=flag_title,
    kind_title=lambda k: ui_case.EVIDENCE_KINDS.get(k, k),
)

router = APIRouter(prefix="/ui", include_in_schema=False)


class LoginRequired(Exception):
    """Raised by UI pages without a valid session; answered with a redirect to the login page."""


async def ui_user(request: Request, session: SessionDep, token: PresentedToken) -> User:
    try:
        user = await get_current_user(session, token)
    except Unauthorized:
        raise LoginRequired from None
    request.state.user = user
    request.state.unread = await notices.unread_count(session, user_id=user.id)
    return user


UiUser = Annotated[User, Depends(ui_user)]


def csrf_token(session_token: str | None) -> str:
    """Bound to the session: a page of another site cannot know it, and it dies with the session."""
    return hashlib.sha256(f"casetrail-csrf|{session_token or ''}".encode()).hexdigest()[:32]


async def check_csrf(request: Request) -> None:
    form = await request.form()
    sent = str(form.get("csrf", ""))
    if not hmac.compare_digest(sent, csrf_token(request.cookies.get(SESSION_COOKIE))):
        raise Forbidden("表单已过期或来源不明（CSRF 校验未通过），请刷新页面后重新提交", rule="csrf")


Csrf = Depends(check_csrf)


DESK_ROLES = frozenset({Role.leader, Role.unit_head, Role.legal_reviewer})


def _menu(request: Request) -> dict[str, Any]:
    """The header's links for the signed-in user's roles, and the unread notifications."""
    user = getattr(request.state, "user", None)
    roles = {m.role for m in user.memberships} if user is not None else set()
    return {
        "desk": bool(roles & DESK_ROLES),
        "dashboard": bool(roles & set(OVERSEEING)),
        "file": Role.officer in roles,
        "admin": Role.admin in roles,
        "unread": getattr(request.state, "unread", 0),
    }


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    flash = request.cookies.get(FLASH_COOKIE)
    context = {
        "csrf": csrf_token(request.cookies.get(SESSION_COOKIE)),
        "notice": unquote(flash) if flash else None,
        "menu": _menu(request),
        **context,
    }
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/ui")
    return response


def redirect_with_notice(url: str, notice: str) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(FLASH_COOKIE, quote(notice), path="/ui", max_age=60, httponly=True, samesite="lax")
    return response


def error_context(error: CasetrailError) -> dict[str, Any]:
    return {
        "message": without_holding_ids(_RAW_ID.sub("", error.message)),
        "field": error.field,
        "citation": error.citation,
        "allowed": [without_holding_ids(re.sub(r"^\w+（(.*)）$", r"\1", a)) for a in error.allowed or []],
    }


def _next_url(raw: str) -> str:
    return raw if raw.startswith("/ui/") and not raw.startswith("//") else "/ui/cases"


@router.get("/login")
async def login_form(request: Request, next: str = "/ui/cases") -> HTMLResponse:
    return page(request, "login.html", {"user": None, "next": _next_url(next)})


@router.post("/login", response_model=None)
async def login(request: Request, session: SessionDep) -> Response:
    form = await request.form()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    target = _next_url(str(form.get("next", "")))
    try:
        user = await authenticate(session, username, password)
    except CasetrailError as error:
        context = {"user": None, "error": error_context(error), "username": username, "next": target}
        return page(request, "login.html", context, 401)
    settings = get_settings()
    token = await issue_token(session, user, "session", settings.session_hours)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, token.token, hours=settings.session_hours, secure=settings.cookie_secure)
    return response


@router.post("/logout", dependencies=[Csrf])
async def logout(session: SessionDep, token: PresentedToken) -> RedirectResponse:
    await revoke(session, token)
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/cases")
async def cases_page(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    query = select(Case).where(Case.agency_id.in_(await visible_agency_ids(session, user)))
    rows = (
        await session.execute(query.order_by(Case.next_deadline_at.asc().nulls_last()).limit(200))
    ).scalars()
    return page(request, "cases.html", {"user": user, "cases": list(rows)})


@router.get("/cases/new")
async def new_case_form(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    return page(request, "new_case.html", await _new_case_context(session, user, {}))


async def _new_case_context(
    session: SessionDep, user: User, form: dict[str, Any], values: FormData | None = None
) -> dict[str, Any]:
    agency_ids = [m.agency_id for m in user.memberships if m.role == Role.officer]
    agencies = (await session.execute(select(Agency).where(Agency.id.in_(agency_ids)))).scalars().all()
    officers = (
        await session.execute(
            select(User)
            .where(User.memberships.any(), User.certificate_no.is_not(None))
            .order_by(User.username)
        )
    ).scalars()
    colleagues = [
        o
        for o in officers
        if any(m.agency_id in agency_ids and m.role == Role.officer for m in o.memberships)
    ]
    return {
        "user": user,
        "agencies": agencies,
        "officers": colleagues,
        "form": form,
        "values": values or {},
        "start_types": list(START_TYPES.items()),
        "sections": START_SECTIONS,
        "pickers": {"officer_options": [], "users": [], "evidence_options": []},
    }


@router.post("/cases/new", response_model=None, dependencies=[Csrf])
async def new_case(request: Request, session: SessionDep, user: UiUser) -> Response:
    form = await request.form()
    values = {key: str(value) for key, value in form.items()}
    sent = multi(form)
    start_type = values.get("start_type", "ex_officio")
    section = START_SECTIONS.get(start_type)
    parsed = parse_form(section.fields, sent) if section else None

    async def again(error: dict[str, Any], status: int) -> HTMLResponse:
        context = await _new_case_context(session, user, values, sent)
        return page(request, "new_case.html", {**context, "error": error}, status)

    if parsed and parsed.errors:
        return await again({"message": next(iter(parsed.errors.values()))}, 422)
    try:
        intake = {section.key: parsed.payload} if section and parsed else {}
        party = {
            "name": values.get("party_name", ""),
            "kind": values.get("party_kind", "organisation"),
            "id_number": values.get("party_id_number", ""),
            "address": values.get("party_address", ""),
            "representative": values.get("party_representative", ""),
        }
        body = CaseCreate.model_validate(
            {
                "start_type": start_type,
                **intake,
                "agency_id": uuid.UUID(values.get("agency_id", "")),
                "cause": values.get("cause", ""),
                "party": party,
                "officer_ids": [uuid.UUID(str(v)) for v in form.getlist("officer_ids")],
                "facts": {"source": values.get("source", "依职权发现"), "summary": values.get("summary", "")},
            }
        )
        case = await case_service.open_case(session, user=user, gateway=get_gateway(request), body=body)
    except CasetrailError as error:
        return await again(error_context(error), error.status_code)
    except ValidationError as error:
        names = "、".join(dict.fromkeys(_label_of(e["loc"], section) for e in error.errors()))
        return await again({"message": f"请完整、正确填写：{names}"}, 422)
    except ValueError:
        return await again({"message": "请选择执法机关"}, 422)
    return redirect_with_notice(f"/ui/cases/{case.id}", f"已提交立案审批：{case.case_no}")


@dataclass(frozen=True)
class StartSection:
    key: str  # CaseCreate's field for this start type
    title: str
    fields: list[FormField]


START_TYPES = {
    "ex_officio": "依职权发现（检查中发现）",
    "complaint": "投诉、举报",
    "application": "依申请",
    "emergency": "情况紧急先行启动（事后补办）",
    "simple": "简易程序（当场处罚）",
}
START_SECTIONS = {
    "complaint": StartSection(
        "complaint", "投诉举报登记（值班记录）", form_fields(ComplaintIntake, prefix="complaint")
    ),
    "application": StartSection(
        "application", "申请登记", form_fields(ApplicationIntake, prefix="application")
    ),
    "emergency": StartSection("emergency", "先行启动情况", form_fields(EmergencyIntake, prefix="emergency")),
    "simple": StartSection(
        "on_the_spot", "当场处罚决定书", form_fields(OnTheSpotDecision, prefix="on_the_spot")
    ),
}
_CASE_LABELS = {"cause": "案由", "name": "当事人名称", "summary": "基本案情", "id_number": "证件号码",
                "address": "住所", "officer_ids": "承办执法人员"}  # fmt: skip


def _label_of(loc: tuple[Any, ...], section: StartSection | None) -> str:
    """The Chinese label of a refused field of the 立案 form."""
    name = ".".join(str(part) for part in loc)
    if section is not None:
        for field_ in section.fields:
            for leaf in field_.leaves():
                if name.endswith(leaf.name.split(".", 1)[-1]) and leaf.name.split(".", 1)[-1] in name:
                    return leaf.label
    return _CASE_LABELS.get(str(loc[-1]) if loc else "", "必填项")


@router.get("/cases/{case_id}")
async def case_page(
    case_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser, form: str = ""
) -> HTMLResponse:
    """The case; ``?form=`` opens one step's form in the page (without script, or from a link)."""
    case = await get_current_case(case_id, session, user)
    context = await ui_case.case_context(
        request, session, user, case, env=templates.env, open_form=form or None
    )
    return page(request, "case.html", context)


@router.get("/cases/{case_id}/forms/{key}")
async def step_form(
    case_id: uuid.UUID, key: str, request: Request, session: SessionDep, user: UiUser
) -> HTMLResponse:
    """One step's form, fetched when its panel is opened (the case page renders none it need not)."""
    case = await get_current_case(case_id, session, user)
    return page(request, "_step_form.html", await ui_case.step_form(request, session, user, case, key))


async def refused_form(
    request: Request,
    session: SessionDep,
    user: User,
    case: Case,
    *,
    form_key: str,
    form: FormData,
    error: CasetrailError,
    field_errors: dict[str, str] | None = None,
) -> HTMLResponse:
    """The case page again with the refused form open, what was typed kept, the reason beside the field."""
    errors = dict(field_errors or {})
    if error.field and not errors:
        errors[error.field] = error.message + (f"（依据：{error.citation}）" if error.citation else "")
    context = await ui_case.case_context(
        request, session, user, case, env=templates.env, open_form=form_key, values=form, field_errors=errors
    )
    context["error"] = error_context(error)
    return page(request, "case.html", context, error.status_code)


@router.get("/cases/{case_id}/documents/{document_id}")
async def document_preview(
    case_id: uuid.UUID, document_id: uuid.UUID, session: SessionDep, user: UiUser
) -> Response:
    """An issued document shown inline in the browser's PDF viewer (to read or print)."""
    case = await get_current_case(case_id, session, user)
    row = await documents.case_document(session, case.id, document_id)
    pdf = await asyncio.to_thread(default_store().read, row.sha256)
    disposition = f"inline; filename=\"document.pdf\"; filename*=UTF-8''{quote(row.title)}.pdf"
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": disposition})


@router.post("/cases/{case_id}/steps/{step}", response_model=None, dependencies=[Csrf])
async def case_step(
    case_id: uuid.UUID, step: str, request: Request, session: SessionDep, user: UiUser
) -> Response:
    case = await get_current_case(case_id, session, user)
    spec = procedure.STEPS.get(step)
    form = multi(await request.form())
    fields = form_fields(spec.payload if spec else None)
    parsed = parse_form(fields, form)
    try:
        if parsed.errors:
            field, message = next(iter(parsed.errors.items()))
            raise InvalidInput(message, field=field, rule="form")
        outcome = await case_service.submit_step(
            case=case,
            user=user,
            gateway=get_gateway(request),
            step=step,
            payload=parsed.payload,
            submission_id=_submission_id(form),
        )
    except CasetrailError as error:
        error.message, error.field = readable_refusal(error.message, error.field, fields)
        return await refused_form(
            request, session, user, case, form_key=step, form=form, error=error, field_errors=parsed.errors
        )
    return redirect_with_notice(f"/ui/cases/{case.id}", outcome.message)


@router.get("/cases/{case_id}/services/{purpose}/receipt")
async def service_receipt(
    case_id: uuid.UUID, purpose: str, session: SessionDep, user: UiUser, request: Request
) -> Response:
    """The 送达回证 to print and take along before the outcome of a service attempt is recorded."""
    case = await get_current_case(case_id, session, user)
    service = await get_gateway(request).service_snapshot(case.workflow_id, purpose)
    pdf = await ui_receipt.blank_receipt(session, case, service)
    disposition = f"inline; filename=\"receipt.pdf\"; filename*=UTF-8''{quote('送达回证')}.pdf"
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": disposition})


@router.post("/cases/{case_id}/services/{purpose}/{way}", response_model=None, dependencies=[Csrf])
async def service_attempt(
    case_id: uuid.UUID, purpose: str, way: str, request: Request, session: SessionDep, user: UiUser
) -> Response:
    case = await get_current_case(case_id, session, user)
    form = multi(await request.form())
    fields = form_fields(WAYS.get(way))
    parsed = parse_form(fields, form)
    try:
        case_service.refuse_if_archived(case)
        if parsed.errors:
            field, message = next(iter(parsed.errors.items()))
            raise InvalidInput(message, field=field, rule="form")
        attempt = ServiceAttempt(
            way=way,
            actor=actor_for(user, case.agency_id),
            payload=parsed.payload,
            submission_id=_submission_id(form),
        )
        snapshot = await get_gateway(request).attempt_service(case.workflow_id, purpose, attempt)
    except CasetrailError as error:
        error.message, error.field = readable_refusal(error.message, error.field, fields)
        return await refused_form(
            request,
            session,
            user,
            case,
            form_key=f"{purpose}:{way}",
            form=form,
            error=error,
            field_errors=parsed.errors,
        )
    done = "已送达" if snapshot.status == "served" else "已记录送达情况"
    return redirect_with_notice(f"/ui/cases/{case.id}", f"{snapshot.document.title}：{done}")


def _submission_id(form: FormData) -> str:
    sent = (form.get("submission_id") or [""])[0]
    try:
        return str(uuid.UUID(sent))
    except ValueError:
        return str(uuid.uuid4())


@router.get("/notifications")
async def notifications_page(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    """The notification centre (通知中心): the newest first, the unread marked."""
    rows = await notices.list_notifications(session, user_id=user.id, limit=100)
    return page(request, "notifications.html", {"user": user, "notifications": rows})


@router.post("/notifications/read-all", dependencies=[Csrf])
async def read_all_notifications(session: SessionDep, user: UiUser) -> RedirectResponse:
    marked = await notices.mark_read(session, user_id=user.id, notification_id=None, now=datetime.now(UTC))
    return redirect_with_notice("/ui/notifications", f"已将 {marked} 条通知标为已读")


@router.get("/tasks")
async def tasks_page(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    tasks = await case_service.signable_tasks(session, user=user)
    cases = {
        c.id: c
        for c in (
            await session.execute(select(Case).where(Case.id.in_([t.case_id for t in tasks])))
        ).scalars()
    }
    context = {"user": user, "tasks": tasks, "cases": cases, "submission_id": str(uuid.uuid4())}
    return page(request, "tasks.html", context)


async def sign_from_form(request: Request, session: SessionDep, user: User, task_id: uuid.UUID) -> str:
    """Sign one approval task as posted from 待我审批 or the approval desk; the outcome's message.

    One submission id serves a whole rendered list: joined with the task it stays one per task, so two
    tasks of one case signed from the same page are not taken for the same Update."""
    form = multi(await request.form())
    outcome = await case_service.decide_task(
        session,
        user=user,
        gateway=get_gateway(request),
        task_id=task_id,
        decision=(form.get("decision") or ["approve"])[0],
        opinion=(form.get("opinion") or [""])[0],
        submission_id=str(uuid.uuid5(uuid.UUID(_submission_id(form)), str(task_id))),
    )
    return outcome.message


@router.post("/tasks/{task_id}", response_model=None, dependencies=[Csrf])
async def sign_task(task_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser) -> Response:
    try:
        message = await sign_from_form(request, session, user, task_id)
    except CasetrailError as error:
        tasks = await case_service.signable_tasks(session, user=user)
        context = {"user": user, "tasks": tasks, "cases": {}, "error": error_context(error)}
        return page(request, "tasks.html", context, error.status_code)
    return redirect_with_notice("/ui/tasks", message)


install = ui_site.installer(router, page=page, error_context=error_context, login_required=LoginRequired)
