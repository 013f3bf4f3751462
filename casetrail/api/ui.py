"""The web UI: server-rendered pages over the same services as the JSON API (session cookie login)."""

from __future__ import annotations

import uuid
from datetime import timedelta, timezone
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy import select

from casetrail.config import get_settings
from casetrail.errors import CasetrailError, Unauthorized
from casetrail.store.models import Agency, ApprovalTask, Case, Role, User
from casetrail.workflows import procedure
from casetrail.workflows.phases import phase_title

from . import case_service
from .access import visible_agency_ids
from .case_reads import deadlines_of_case, officers_of_case, records_of_case
from .deps import PresentedToken, SessionDep, get_current_case, get_current_user, get_gateway
from .routes.auth import authenticate, issue_token, revoke
from .schemas import CaseCreate, Facts, Party
from .security import SESSION_COOKIE, set_session_cookie
from .ui_forms import form_fields, payload_from_form

CST = timezone(timedelta(hours=8))


templates = Jinja2Templates(directory=str(Path(__file__).parent / "ui_templates"))
templates.env.globals["phase_name"] = phase_title
templates.env.globals["fmt"] = lambda moment: (
    moment.astimezone(CST).strftime("%Y-%m-%d %H:%M") if moment else ""
)

router = APIRouter(prefix="/ui", include_in_schema=False)


class LoginRequired(Exception):
    """Raised by UI pages without a valid session; answered with a redirect to the login page."""


async def ui_user(session: SessionDep, token: PresentedToken) -> User:
    try:
        return await get_current_user(session, token)
    except Unauthorized:
        raise LoginRequired from None


UiUser = Annotated[User, Depends(ui_user)]


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_context(error: CasetrailError) -> dict[str, Any]:
    return {
        "message": error.message,
        "field": error.field,
        "citation": error.citation,
        "allowed": error.allowed,
    }


@router.get("/login")
async def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html", {"user": None})


@router.post("/login", response_model=None)
async def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    try:
        user = await authenticate(session, username, password)
    except CasetrailError as error:
        return page(
            request, "login.html", {"user": None, "error": error_context(error), "username": username}, 401
        )
    settings = get_settings()
    token = await issue_token(session, user, "session", settings.session_hours)
    response = RedirectResponse("/ui/cases", status_code=303)
    set_session_cookie(response, token.token, hours=settings.session_hours, secure=settings.cookie_secure)
    return response


@router.post("/logout")
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


async def _case_page(
    request: Request, session: SessionDep, user: User, case: Case, **extra: Any
) -> HTMLResponse:
    officers = await officers_of_case(session, case.id)
    records = await records_of_case(session, case.id)
    deadlines = await deadlines_of_case(session, case.id)
    tasks = (
        await session.execute(
            select(ApprovalTask, User)
            .outerjoin(User, User.id == ApprovalTask.signed_by)
            .where(ApprovalTask.case_id == case.id)
            .order_by(ApprovalTask.created_at)
        )
    ).all()
    steps = []
    if case.status != "archived" and case.phase not in ("ended", "archived"):
        try:
            snapshot = await get_gateway(request).snapshot(case.workflow_id)
            allowed = snapshot.allowed_steps
        except CasetrailError:
            allowed = []
        steps = [
            {
                "name": name,
                "title": procedure.STEPS[name].title,
                "fields": form_fields(procedure.STEPS[name].payload),
            }
            for name in allowed
        ]
    context = {
        "user": user,
        "case": case,
        "officers": [{"name": u.full_name, "certificate_no": o.certificate_no} for o, u in officers],
        "records": list(records),
        "deadlines": list(deadlines),
        "tasks": [
            {
                "title": t.title,
                "status": t.status,
                "signer": u.full_name if u else None,
                "opinion": t.opinion,
                "signed_at": t.signed_at,
            }
            for t, u in tasks
        ],
        "steps": steps,
        **extra,
    }
    return page(request, "case.html", context, 200 if "error" not in extra else 409)


@router.get("/cases/new")
async def new_case_form(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    return page(request, "new_case.html", await _new_case_context(session, user, {}))


async def _new_case_context(session: SessionDep, user: User, form: dict[str, Any]) -> dict[str, Any]:
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
    return {"user": user, "agencies": agencies, "officers": colleagues, "form": form}


@router.post("/cases/new", response_model=None)
async def new_case(request: Request, session: SessionDep, user: UiUser) -> Response:
    form = await request.form()
    values = {key: str(value) for key, value in form.items()}
    try:
        body = CaseCreate(
            agency_id=uuid.UUID(values.get("agency_id", "")),
            cause=values.get("cause", ""),
            party=Party(
                name=values.get("party_name", ""),
                kind=values.get("party_kind", "organisation"),  # type: ignore[arg-type]
                id_number=values.get("party_id_number", ""),
                address=values.get("party_address", ""),
                representative=values.get("party_representative", ""),
            ),
            officer_ids=[uuid.UUID(str(v)) for v in form.getlist("officer_ids")],
            facts=Facts(source=values.get("source", "依职权发现"), summary=values.get("summary", "")),
        )
        case = await case_service.open_case(session, user=user, gateway=get_gateway(request), body=body)
    except CasetrailError as error:
        context = {**await _new_case_context(session, user, values), "error": error_context(error)}
        return page(request, "new_case.html", context, error.status_code)
    except ValidationError as error:
        message = "请完整填写：" + "、".join(".".join(str(p) for p in e["loc"]) for e in error.errors())
        context = {**await _new_case_context(session, user, values), "error": {"message": message}}
        return page(request, "new_case.html", context, 422)
    except ValueError:
        context = {**await _new_case_context(session, user, values), "error": {"message": "请选择执法机关"}}
        return page(request, "new_case.html", context, 422)
    return RedirectResponse(f"/ui/cases/{case.id}", status_code=303)


@router.get("/cases/{case_id}")
async def case_page(case_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    case = await get_current_case(case_id, session, user)
    return await _case_page(request, session, user, case)


@router.post("/cases/{case_id}/steps/{step}", response_model=None)
async def case_step(
    case_id: uuid.UUID, step: str, request: Request, session: SessionDep, user: UiUser
) -> Response:
    case = await get_current_case(case_id, session, user)
    spec = procedure.STEPS.get(step)
    form = {key: str(value) for key, value in (await request.form()).items()}
    payload = payload_from_form(form_fields(spec.payload if spec else None), form)
    try:
        outcome = await case_service.submit_step(
            case=case, user=user, gateway=get_gateway(request), step=step, payload=payload, submission_id=None
        )
    except CasetrailError as error:
        return await _case_page(request, session, user, case, error=error_context(error))
    await session.refresh(case)
    return await _case_page(request, session, user, case, notice=outcome.message)


@router.get("/tasks")
async def tasks_page(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    tasks = await case_service.signable_tasks(session, user=user)
    return page(request, "tasks.html", {"user": user, "tasks": tasks})


@router.post("/tasks/{task_id}", response_model=None)
async def sign_task(
    task_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    user: UiUser,
    decision: Annotated[str, Form()] = "approve",
    opinion: Annotated[str, Form()] = "",
) -> Response:
    try:
        outcome = await case_service.decide_task(
            session,
            user=user,
            gateway=get_gateway(request),
            task_id=task_id,
            decision=decision,
            opinion=opinion,
            submission_id=None,
        )
    except CasetrailError as error:
        tasks = await case_service.signable_tasks(session, user=user)
        context = {"user": user, "tasks": tasks, "error": error_context(error)}
        return page(request, "tasks.html", context, error.status_code)
    tasks = await case_service.signable_tasks(session, user=user)
    return page(request, "tasks.html", {"user": user, "tasks": tasks, "notice": outcome.message})


def install(app: Any) -> None:
    from fastapi.responses import RedirectResponse as Redirect

    @app.exception_handler(LoginRequired)
    async def to_login(_: Request, __: LoginRequired) -> Redirect:
        return Redirect("/ui/login", status_code=303)

    @app.get("/", include_in_schema=False)
    async def home() -> Redirect:
        return Redirect("/ui/cases", status_code=303)

    app.include_router(router)
