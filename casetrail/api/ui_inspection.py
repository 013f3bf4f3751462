"""Routine inspections (行政检查) in the workbench: planned, or drawn at random (双随机) with its recorded
seed; the on-site steps are the case page's, and the penalty case one leads to is opened from there."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from casetrail.errors import CasetrailError, InvalidInput
from casetrail.store.models import Agency, Membership, Role, User

from . import inspection_service as inspections
from .deps import SessionDep, get_current_case, get_gateway
from .inspection_service import (
    InspectionDraw,
    InspectionPlan,
    PenaltyCaseRequest,
    PlannedInspection,
    RandomDraw,
)
from .ui import Csrf, UiUser, error_context, page, redirect_with_notice, refused_form
from .ui_forms import FormData, FormField, form_fields, multi, parse_form, readable_refusal

router = APIRouter(prefix="/ui", include_in_schema=False)

PLAN_FIELDS = form_fields(InspectionPlan, "plan-")
DRAW_FIELDS = form_fields(InspectionDraw, "draw-")
FORMS: dict[str, tuple[list[FormField], type[BaseModel]]] = {
    "plan": (PLAN_FIELDS, PlannedInspection),
    "draw": (DRAW_FIELDS, RandomDraw),
}


async def _context(session: SessionDep, user: User) -> dict[str, Any]:
    """The agencies the user inspects for, and the certified officers of them (the inspector register)."""
    agency_ids = [m.agency_id for m in user.memberships if m.role == Role.officer]
    agencies = (await session.execute(select(Agency).where(Agency.id.in_(agency_ids)))).scalars().all()
    officers = (
        await session.execute(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.agency_id.in_(agency_ids), Membership.role == Role.officer)
            .where(User.certificate_no.is_not(None))
            .distinct()
            .order_by(User.username)
        )
    ).scalars()
    options = [(str(o.id), f"{o.full_name}（执法证 {o.certificate_no}）") for o in officers]
    return {
        "user": user,
        "agencies": agencies,
        "plan_fields": PLAN_FIELDS,
        "draw_fields": DRAW_FIELDS,
        "ctx": {"officer_options": options, "users": [], "evidence_options": [], "holdings": {}},
        "values": {},
        "errors": {},
        "which": "",
    }


@router.get("/inspections/new")
async def new_inspection_form(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    return page(request, "new_inspection.html", await _context(session, user))


def _model_refusal(error: ValidationError, fields: list[FormField]) -> InvalidInput:
    """The first thing the model refused, by the field's Chinese label."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message, field = readable_refusal(f"字段 {where} 不符合要求：{first['msg']}", where, fields)
    if where == "agency_id":
        message = "执法机关：请选择执法机关"
    return InvalidInput(message, field=field, rule="form")


@router.post("/inspections/{which}", response_model=None, dependencies=[Csrf])
async def start_inspection(which: str, request: Request, session: SessionDep, user: UiUser) -> Response:
    """A planned inspection, or a 双随机 draw opening one inspection per target drawn."""
    if which not in FORMS:
        return page(request, "error.html", {"user": user, "message": "没有这种检查方式"}, 404)
    fields, model = FORMS[which]
    form: FormData = multi(await request.form())
    parsed = parse_form(fields, form)
    gateway = get_gateway(request)
    try:
        if parsed.errors:
            field, message = next(iter(parsed.errors.items()))
            raise InvalidInput(message, field=field, rule="form")
        try:
            body = model.model_validate({**parsed.payload, "agency_id": (form.get("agency_id") or [""])[0]})
        except ValidationError as error:
            raise _model_refusal(error, fields) from None
        if isinstance(body, PlannedInspection):
            case = await inspections.plan_inspection(session, user=user, gateway=gateway, body=body)
            return redirect_with_notice(f"/ui/cases/{case.id}", f"已制定检查计划：{case.case_no}")
        assert isinstance(body, RandomDraw)
        result = await inspections.draw_inspections(session, user=user, gateway=gateway, body=body)
    except CasetrailError as error:
        error.message, error.field = readable_refusal(error.message, error.field, fields)
        context = await _context(session, user)
        errors = dict(parsed.errors) or ({error.field: error.message} if error.field else {})
        context.update(values=form, errors=errors, which=which, error=error_context(error))
        return page(request, "new_inspection.html", context, error.status_code)
    drawn = "、".join(f"{d.target}（{d.case.case_no}）" for d in result.drawn)
    first = result.drawn[0].case
    return redirect_with_notice(
        f"/ui/cases/{first.id}", f"双随机抽取完成，随机种子：{result.seed}；抽中：{drawn}"
    )


@router.post("/inspections/{case_id}/penalty-case", response_model=None, dependencies=[Csrf])
async def open_penalty_case(
    case_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser
) -> Response:
    """转立案查处 from the inspection's page: the penalty case is opened with the inspection's records and
    evidence, and the inspection ends linked to it."""
    case = await get_current_case(case_id, session, user)
    fields = form_fields(PenaltyCaseRequest, f"{inspections.LINK_STEP}-")
    form = multi(await request.form())
    parsed = parse_form(fields, form)
    try:
        try:
            body = PenaltyCaseRequest.model_validate(parsed.payload)
        except ValidationError as error:
            raise _model_refusal(error, fields) from None
        penalty = await inspections.open_penalty_case(
            session, case=case, user=user, gateway=get_gateway(request), body=body
        )
    except CasetrailError as error:
        error.message, error.field = readable_refusal(error.message, error.field, fields)
        return await refused_form(
            request, session, user, case, form_key=inspections.LINK_STEP, form=form, error=error
        )
    return redirect_with_notice(f"/ui/cases/{penalty.id}", f"已转立案查处，提交立案审批：{penalty.case_no}")
