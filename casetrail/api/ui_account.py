"""The workbench's account pages: changing one's own password, and an administrator disabling (or
restoring) a user of the agencies they administer. Same rules as the JSON API (``/auth/password``,
``PUT /admin/users/{id}/active``); CSRF-protected posts, POST-redirect-GET, refusals in Chinese beside
the field they concern."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from casetrail import limits
from casetrail.errors import CasetrailError, InvalidInput
from casetrail.roles import role_titles
from casetrail.store.models import Agency, Membership, User

from .deps import PresentedToken, SessionDep
from .routes.admin import administered_agencies, switch_user
from .routes.auth import PASSWORD_MIN, PasswordChange, set_own_password
from .ui import Csrf, UiUser, error_context, page, redirect_with_notice

router = APIRouter(prefix="/ui", include_in_schema=False)

PASSWORD_LABELS = {"current_password": "当前密码", "new_password": "新密码", "confirm_password": "确认新密码"}


def _password_change(current: str, new: str, confirm: str) -> PasswordChange:
    """The form as the API's model, or the first problem in words naming the field and the rule."""
    if not current:
        raise InvalidInput("请填写当前密码", field="current_password", rule="required")
    if len(new) < PASSWORD_MIN:
        raise InvalidInput(f"新密码至少 {PASSWORD_MIN} 位", field="new_password", rule="password_min_length")
    if len(new) > limits.PASSWORD_MAX:
        raise InvalidInput(
            f"新密码不能超过 {limits.PASSWORD_MAX} 位", field="new_password", rule="password_max_length"
        )
    if new != confirm:
        raise InvalidInput("两次输入的新密码不一致", field="confirm_password", rule="password_confirm")
    try:
        return PasswordChange(current_password=current, new_password=new)
    except ValidationError:
        raise InvalidInput("当前密码过长", field="current_password", rule="password_max_length") from None


@router.get("/account/password")
async def password_form(request: Request, user: UiUser) -> HTMLResponse:
    return page(request, "password.html", {"user": user, "labels": PASSWORD_LABELS, "min": PASSWORD_MIN})


@router.post("/account/password", response_model=None, dependencies=[Csrf])
async def change_password(
    request: Request, session: SessionDep, user: UiUser, token: PresentedToken
) -> Response:
    form = await request.form()
    sent = {name: str(form.get(name, "")) for name in PASSWORD_LABELS}
    try:
        change = _password_change(sent["current_password"], sent["new_password"], sent["confirm_password"])
        await set_own_password(session, user=user, token=token, change=change)
    except CasetrailError as error:
        context = {
            "user": user,
            "labels": PASSWORD_LABELS,
            "min": PASSWORD_MIN,
            "error": error_context(error),
            "field_error": {error.field: error.message} if error.field else {},
        }
        return page(request, "password.html", context, error.status_code)
    return redirect_with_notice("/ui/cases", "密码已修改；您在其他设备上的登录已退出")


async def _users_page(
    request: Request, session: SessionDep, user: User, *, error: CasetrailError | None = None
) -> HTMLResponse:
    scope = await administered_agencies(session, user)
    users = (
        (
            await session.execute(
                select(User)
                .where(User.memberships.any(Membership.agency_id.in_(scope)))
                .order_by(User.username)
            )
        )
        .scalars()
        .all()
    )
    agencies = {a.id: a.short_name for a in (await session.execute(select(Agency))).scalars()}
    rows = [
        {
            "id": u.id,
            "username": u.username,
            "name": u.full_name,
            "roles": role_titles(m.role for m in u.memberships if m.agency_id in scope),
            "agencies": "、".join(dict.fromkeys(agencies.get(m.agency_id, "") for m in u.memberships)),
            "active": u.active,
            "me": u.id == user.id,
        }
        for u in users
    ]
    context = {"user": user, "rows": rows, **({"error": error_context(error)} if error else {})}
    return page(request, "users.html", context, error.status_code if error else 200)


@router.get("/admin/users")
async def users_page(request: Request, session: SessionDep, user: UiUser) -> HTMLResponse:
    return await _users_page(request, session, user)


@router.post("/admin/users/{user_id}/active", response_model=None, dependencies=[Csrf])
async def set_active(user_id: uuid.UUID, request: Request, session: SessionDep, user: UiUser) -> Response:
    form = await request.form()
    active = str(form.get("active", "")) == "true"
    try:
        scope = await administered_agencies(session, user)
        target = await switch_user(session, admin=user, scope=scope, user_id=user_id, active=active)
    except CasetrailError as error:
        return await _users_page(request, session, user, error=error)
    done = "已恢复" if active else "已停用，其所有登录已退出"
    return redirect_with_notice("/ui/admin/users", f"用户{target.full_name}{done}")
