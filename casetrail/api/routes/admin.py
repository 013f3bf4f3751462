"""Agency hierarchy and user administration (role ``admin``, within the agencies it administers)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from casetrail import limits
from casetrail.errors import Forbidden, InvalidInput, NotFound
from casetrail.rules.hearing_thresholds import FieldOfLaw, LargeAmount
from casetrail.rules.national_citations import PENALTY_42
from casetrail.rules.registry import get_profile
from casetrail.services.agency_settings import StatementContact, change_settings
from casetrail.store.models import Agency, AgencySettingChange, AuthToken, Membership, Role, User

from ..access import agencies_reached
from ..deps import CurrentUser, SessionDep
from ..schemas import UserOut
from ..security import hash_password

router = APIRouter(prefix="/admin", tags=["admin"])


async def administered_agencies(session: SessionDep, user: CurrentUser) -> set[uuid.UUID]:
    if not any(m.role == Role.admin for m in user.memberships):
        raise Forbidden("此操作需要系统管理员角色", rule="role")
    return await agencies_reached(session, (m for m in user.memberships if m.role == Role.admin))


Administered = Annotated[set[uuid.UUID], Depends(administered_agencies)]


class _AgencyRules(StatementContact):
    """An agency's settings: those deciding outcomes of its cases (each case keeps those it opened with)
    and the statement contact its 事先告知书 names by default."""

    field_of_law: FieldOfLaw | None = Field(default=None, description="执法领域（决定听证的较大数额标准）")
    hearing_threshold: LargeAmount | None = Field(
        default=None, description="本机关公布的较大数额罚款标准（优先于领域和省级标准）"
    )
    archive_days: int | None = Field(
        default=None, ge=1, le=3650, description="本机关规定的归档期限（天），规定未设期限时适用"
    )
    archive_policy: str | None = Field(
        default=None, max_length=200, description="规定归档期限的本机关制度名称"
    )


class AgencyIn(_AgencyRules):
    code: str = Field(min_length=1, max_length=limits.CODE_MAX, description="机关编码")
    name: str = Field(min_length=1, max_length=limits.SHORT_TEXT_MAX, description="机关全称")
    short_name: str = Field(min_length=1, max_length=limits.SHORT_NAME_MAX, description="文号代字")
    parent_id: uuid.UUID = Field(description="上级机关")
    profile_id: str = Field(default="national", description="适用的全过程记录规定")


class AgencySettings(_AgencyRules):
    """A change of an agency's settings: only the fields sent change (null clears one); the basis is kept
    with the change."""

    name: str | None = Field(
        default=None, min_length=1, max_length=limits.SHORT_TEXT_MAX, description="机关全称"
    )
    profile_id: str | None = Field(default=None, description="适用的全过程记录规定（此后立案的案件适用）")
    basis: str = Field(
        min_length=2, max_length=limits.SHORT_TEXT_MAX, description="变更依据（本机关文件或决定的名称、文号）"
    )


class AgencySettingChangeOut(BaseModel):
    at: datetime
    actor: str = Field(description="变更人")
    changes: dict[str, dict[str, object]] = Field(description="各项设置变更前后的值")
    basis: str


class AgencyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    short_name: str
    parent_id: uuid.UUID | None
    profile_id: str
    field_of_law: str | None
    hearing_threshold: dict[str, object] | None
    archive_days: int | None
    archive_policy: str | None
    statement_contact_person: str | None
    statement_contact_phone: str | None
    statement_address: str | None


class MembershipIn(BaseModel):
    agency_id: uuid.UUID
    role: Role


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=limits.USERNAME_MAX)
    full_name: str = Field(min_length=1, max_length=limits.NAME_MAX)
    password: str = Field(min_length=10, max_length=limits.PASSWORD_MAX, description="至少 10 位")
    certificate_no: str | None = Field(
        default=None, max_length=limits.CODE_MAX, description="执法证号（执法人员必填）"
    )
    memberships: list[MembershipIn] = Field(min_length=1)


@router.get("/agencies", response_model=list[AgencyOut])
async def list_agencies(session: SessionDep, scope: Administered) -> list[Agency]:
    return list((await session.execute(select(Agency).where(Agency.id.in_(scope)))).scalars())


@router.post("/agencies", response_model=AgencyOut, status_code=status.HTTP_201_CREATED)
async def create_agency(body: AgencyIn, session: SessionDep, scope: Administered) -> Agency:
    if body.parent_id not in scope:
        raise NotFound("上级机关不存在或不在您的管理范围内", field="parent_id", rule="agency_scope")
    get_profile(body.profile_id)  # NotFound listing the valid profiles
    threshold = body.hearing_threshold.model_dump() if body.hearing_threshold else None
    agency = Agency(**body.model_dump(exclude={"hearing_threshold"}), hearing_threshold=threshold)
    session.add(agency)
    try:
        await session.commit()
    except IntegrityError:
        raise InvalidInput(f"机关编码 {body.code} 已存在", field="code", rule="unique") from None
    return agency


@router.patch("/agencies/{agency_id}", response_model=AgencyOut, responses={403: {}, 404: {}, 422: {}})
async def change_agency_settings(
    agency_id: uuid.UUID, body: AgencySettings, session: SessionDep, user: CurrentUser, scope: Administered
) -> Agency:
    """Change an agency's settings, audited with their basis; cases already opened keep theirs."""
    agency = await session.get(Agency, agency_id, with_for_update=True) if agency_id in scope else None
    if agency is None:
        raise NotFound("机关不存在或不在您的管理范围内", field="agency_id", rule="agency_scope")
    sent = body.model_dump(include=body.model_fields_set - {"basis"}, mode="json")
    await change_settings(session, agency=agency, actor_id=user.id, sent=sent, basis=body.basis)
    return agency


@router.get(
    "/agencies/{agency_id}/changes", response_model=list[AgencySettingChangeOut], responses={403: {}, 404: {}}
)
async def agency_setting_changes(
    agency_id: uuid.UUID, session: SessionDep, scope: Administered
) -> list[AgencySettingChangeOut]:
    """The audit of an agency's setting changes, newest first."""
    if agency_id not in scope:
        raise NotFound("机关不存在或不在您的管理范围内", field="agency_id", rule="agency_scope")
    rows = await session.execute(
        select(AgencySettingChange, User.full_name)
        .join(User, User.id == AgencySettingChange.actor_id)
        .where(AgencySettingChange.agency_id == agency_id)
        .order_by(AgencySettingChange.id.desc())
    )
    return [
        AgencySettingChangeOut(at=change.at, actor=actor, changes=change.changes, basis=change.basis)
        for change, actor in rows
    ]


@router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
async def create_user(body: UserIn, session: SessionDep, scope: Administered) -> UserOut:
    for index, membership in enumerate(body.memberships):
        if membership.agency_id not in scope:
            raise NotFound(
                "机关不存在或不在您的管理范围内", field=f"memberships.{index}.agency_id", rule="agency_scope"
            )
    if any(m.role == Role.officer for m in body.memberships) and not body.certificate_no:
        raise InvalidInput(
            "执法人员须登记执法证号",
            field="certificate_no",
            rule="certificate_required",
            citation=str(PENALTY_42),
        )
    user = User(
        username=body.username,
        full_name=body.full_name,
        password_hash=hash_password(body.password),
        certificate_no=body.certificate_no,
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        raise InvalidInput(f"用户名 {body.username} 已存在", field="username", rule="unique") from None
    memberships = [Membership(user_id=user.id, agency_id=m.agency_id, role=m.role) for m in body.memberships]
    session.add_all(memberships)
    await session.commit()
    return UserOut.of(user, memberships)


class UserActive(BaseModel):
    active: bool = Field(description="false：停用（立即退出所有会话，不能再登录）；true：恢复")


@router.put("/users/{user_id}/active", response_model=UserOut, responses={403: {}, 404: {}, 422: {}})
async def set_user_active(
    user_id: uuid.UUID, body: UserActive, session: SessionDep, user: CurrentUser, scope: Administered
) -> UserOut:
    """Disable (or re-enable) a user of the agencies one administers; disabling ends their sessions."""
    target = await switch_user(session, admin=user, scope=scope, user_id=user_id, active=body.active)
    return UserOut.of(target, target.memberships)


async def switch_user(
    session: SessionDep, *, admin: User, scope: set[uuid.UUID], user_id: uuid.UUID, active: bool
) -> User:
    """The switch of the API and the workbench: 404 outside one's agencies, never oneself off."""
    target = await session.get(User, user_id)
    if target is None or not any(m.agency_id in scope for m in target.memberships):
        raise NotFound("用户不存在或不在您的管理范围内", field="user_id", rule="user_scope")
    if target.id == admin.id and not active:
        raise InvalidInput("不能停用自己的账号", field="active", rule="self_disable")
    target.active = active
    if active:
        target.failed_logins, target.locked_until = 0, None
    else:
        await session.execute(update(AuthToken).where(AuthToken.user_id == target.id).values(revoked=True))
    await session.commit()
    return target
