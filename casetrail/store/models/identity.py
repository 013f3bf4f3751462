"""Agencies, users, their roles, and login tokens."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casetrail.limits import CODE_MAX, NAME_MAX, SHORT_NAME_MAX, SHORT_TEXT_MAX, USERNAME_MAX

from .base import Base, CreatedAt, new_id


class Role(enum.StrEnum):
    """Roles inside an agency. The Chinese names are what the UI shows."""

    officer = "officer"  # 执法人员 (holds an enforcement certificate, 执法证)
    unit_head = "unit_head"  # 承办机构负责人
    legal_reviewer = "legal_reviewer"  # 法制审核人员
    leader = "leader"  # 行政机关负责人
    archivist = "archivist"  # 档案管理人员
    supervisor = "supervisor"  # 监督人员（法制机构、上级机关）
    ops = "ops"  # 运维
    admin = "admin"  # 系统管理员


ROLE_NAMES_ZH = {
    Role.officer: "执法人员",
    Role.unit_head: "承办机构负责人",
    Role.legal_reviewer: "法制审核人员",
    Role.leader: "行政机关负责人",
    Role.archivist: "档案管理人员",
    Role.supervisor: "监督人员",
    Role.ops: "运维人员",
    Role.admin: "系统管理员",
}

# Roles whose membership of an agency extends to every agency below it.
SUBTREE_ROLES = frozenset({Role.supervisor, Role.ops, Role.admin})


class Agency(CreatedAt, Base):
    """An enforcement agency (行政执法机关) in the hierarchy; pins the jurisdiction profile."""

    __tablename__ = "agencies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(CODE_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX))
    short_name: Mapped[str] = mapped_column(String(SHORT_NAME_MAX))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agencies.id"))
    profile_id: Mapped[str] = mapped_column(String(64), default="national")

    parent: Mapped[Agency | None] = relationship(remote_side=[id])


class User(CreatedAt, Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX), unique=True)
    full_name: Mapped[str] = mapped_column(String(NAME_MAX))
    password_hash: Mapped[str] = mapped_column(String(200))
    certificate_no: Mapped[str | None] = mapped_column(String(CODE_MAX))  # 执法证号
    active: Mapped[bool] = mapped_column(default=True)
    # Consecutive failed sign-ins, and until when the next attempt is refused (backoff).
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]

    memberships: Mapped[list[Membership]] = relationship(back_populates="user", lazy="selectin")


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "agency_id", "role"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agencies.id"))
    role: Mapped[Role] = mapped_column(Enum(Role, name="role", native_enum=False, length=32))

    user: Mapped[User] = relationship(back_populates="memberships")


class AuthToken(CreatedAt, Base):
    """A login session (cookie) or an API bearer token; only its sha256 is stored."""

    __tablename__ = "auth_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))  # "session" | "api"
    expires_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(default=False)
