"""The workbench's 机关设置 page: an administrator edits the settings of the agencies they administer —
name, recording regulation, field of law, the 较大数额 standard, the archive period, and whom, by what
telephone and where a party states its case (处罚法 Art. 44), which prefill the 事先告知书's form.

Same rules and audit as ``PATCH /admin/agencies/{id}`` (casetrail.services.agency_settings); a refusal
comes back beside the field it names, in Chinese, with what was typed kept.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import CasetrailError, InvalidInput, NotFound
from casetrail.rules.hearing_thresholds import FIELD_TITLES
from casetrail.rules.registry import list_profiles
from casetrail.services.agency_settings import SETTING_TITLES, change_settings
from casetrail.store.models import Agency, User

from .deps import SessionDep
from .errors import reason_zh
from .routes.admin import AgencySettings, administered_agencies
from .ui import Csrf, UiUser, error_context, page, redirect_with_notice
from .ui_forms import fen_from_yuan

router = APIRouter(prefix="/ui", include_in_schema=False)

THRESHOLD = "hearing_threshold"
THRESHOLD_PARTS = {
    f"{THRESHOLD}.person_fen": "对公民罚款的较大数额（元）",
    f"{THRESHOLD}.organisation_fen": "对法人或者其他组织罚款的较大数额（元）",
    f"{THRESHOLD}.source": "规定该数额的文件及条款",
}
LABELS = {
    **{k: v for k, v in SETTING_TITLES.items() if k != THRESHOLD},
    **THRESHOLD_PARTS,
    "basis": "变更依据（本机关文件或决定的名称、文号）",
}
TEXTS = ("name", "archive_policy", "statement_contact_person", "statement_contact_phone", "statement_address")


@dataclass
class Form:
    values: dict[str, str]
    errors: dict[str, str]


def _values_of(agency: Agency) -> dict[str, str]:
    """The agency's settings as the form shows them (amounts in 元)."""
    threshold = agency.hearing_threshold or {}
    return {
        **{key: getattr(agency, key) or "" for key in TEXTS},
        "profile_id": agency.profile_id,
        "field_of_law": agency.field_of_law or "",
        "archive_days": str(agency.archive_days or ""),
        f"{THRESHOLD}.person_fen": _yuan(threshold.get("person_fen")),
        f"{THRESHOLD}.organisation_fen": _yuan(threshold.get("organisation_fen")),
        f"{THRESHOLD}.source": str(threshold.get("source") or ""),
    }


def _yuan(fen: object) -> str:
    return f"{int(str(fen)) / 100:.2f}" if fen is not None else ""


def _threshold(values: dict[str, str]) -> dict[str, Any] | None:
    """The 较大数额 standard from its three fields: none at all, or all three."""
    if not any(values[name] for name in THRESHOLD_PARTS):
        return None
    standard: dict[str, Any] = {}
    for name, label in THRESHOLD_PARTS.items():
        raw, key = values[name], name.removeprefix(f"{THRESHOLD}.")
        if not raw:
            raise InvalidInput(
                f"{label}：填写本机关公布的较大数额标准的，须同时填写两个数额和规定它的文件",
                field=name,
                rule="threshold_complete",
            )
        if key == "source":
            standard[key] = raw
            continue
        fen = fen_from_yuan(raw)
        if fen is None:
            raise InvalidInput(
                f"{label}应为以元为单位的金额，最多两位小数，如 50000.00", field=name, rule="yuan"
            )
        standard[key] = fen
    return standard


def _settings(values: dict[str, str]) -> AgencySettings:
    """The form as the API's model; the first problem in words naming the field and the rule."""
    if not values["archive_days"].isdigit() and values["archive_days"]:
        raise InvalidInput(f"{LABELS['archive_days']}应为整数", field="archive_days", rule="integer")
    sent: dict[str, Any] = {
        **{key: values[key] or None for key in TEXTS},
        "profile_id": values["profile_id"] or None,
        "field_of_law": values["field_of_law"] or None,
        "archive_days": int(values["archive_days"]) if values["archive_days"] else None,
        THRESHOLD: _threshold(values),
    }
    if not values["basis"]:
        raise InvalidInput(
            f"请填写{LABELS['basis']}：机关设置的每次变更都记录其依据", field="basis", rule="required"
        )
    try:
        return AgencySettings.model_validate({**sent, "basis": values["basis"]})
    except ValidationError as invalid:
        first = invalid.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        label = LABELS.get(field) or LABELS.get(str(first["loc"][0]), "该项")
        raise InvalidInput(f"{label}：{reason_zh(first)}", field=field, rule=str(first["type"])) from None


async def _agency(session: AsyncSession, user: User, agency_id: uuid.UUID) -> Agency:
    scope = await administered_agencies(session, user)
    agency = await session.get(Agency, agency_id) if agency_id in scope else None
    if agency is None:
        raise NotFound("机关不存在或不在您的管理范围内", field="agency_id", rule="agency_scope")
    return agency


def _edit_page(
    request: Request, user: User, agency: Agency, form: Form, error: CasetrailError | None = None
) -> HTMLResponse:
    context = {
        "user": user,
        "agency": agency,
        "labels": LABELS,
        "values": form.values,
        "field_error": form.errors,
        "profiles": [(p.id, p.regulation_title) for p in list_profiles()],
        "fields_of_law": [(f.value, title) for f, title in FIELD_TITLES.items()],
        **({"error": error_context(error)} if error else {}),
    }
    return page(request, "agency_settings.html", context, error.status_code if error else 200)


@router.get("/admin/agencies")
async def agencies_page(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    scope = await administered_agencies(session, user)
    agencies = (
        await session.execute(select(Agency).where(Agency.id.in_(scope)).order_by(Agency.code))
    ).scalars()
    return page(request, "agencies.html", {"user": user, "agencies": list(agencies)})


@router.get("/admin/agencies/{agency_id}")
async def agency_page(
    agency_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser
) -> HTMLResponse:
    agency = await _agency(session, user, agency_id)
    return _edit_page(request, user, agency, Form(_values_of(agency), {}))


@router.post("/admin/agencies/{agency_id}", response_model=None, dependencies=[Csrf])
async def change_agency(
    agency_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser
) -> Response:
    agency = await _agency(session, user, agency_id)
    posted = await request.form()
    values = {name: str(posted.get(name, "")).strip() for name in (*_values_of(agency), "basis")}
    try:
        settings = _settings(values)
        sent = settings.model_dump(exclude={"basis"}, mode="json")
        await change_settings(session, agency=agency, actor_id=user.id, sent=sent, basis=settings.basis)
    except CasetrailError as error:
        errors = {error.field: error.message} if error.field and error.field in values else {}
        return _edit_page(request, user, agency, Form(values, errors), error)
    return redirect_with_notice(
        f"/ui/admin/agencies/{agency_id}", f"{agency.name}的设置已变更，变更记录已保存"
    )
