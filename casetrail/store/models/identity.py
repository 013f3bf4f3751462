"""Agencies, users, their roles, and login tokens."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Enum, ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casetrail.limits import CODE_MAX, NAME_MAX, PHONE_MAX, SHORT_NAME_MAX, SHORT_TEXT_MAX, USERNAME_MAX
from casetrail.roles import ROLE_TITLES, Role

from .base import Base, CreatedAt, new_id

# The role enumeration and its Chinese names live in the leaf module casetrail.roles.
ROLE_NAMES_ZH = ROLE_TITLES

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
    # The field of law it enforces (rules.hearing_thresholds.FieldOfLaw); None: the profile's.
    field_of_law: Mapped[str | None] = mapped_column(String(32))
    # Its own published 较大数额 standard (LargeAmount JSON), which overrides the field's and province's.
    hearing_threshold: Mapped[dict[str, Any] | None]
    # Its archive period in days, where the regulation sets none (山西 Art. 17, 广东), and the policy saying so.
    archive_days: Mapped[int | None]
    archive_policy: Mapped[str | None] = mapped_column(String(200))
    # Whom, by what telephone and where a party states its case (处罚法 Art. 44): the 事先告知书 names them,
    # its form is prefilled from these.
    statement_contact_person: Mapped[str | None] = mapped_column(String(NAME_MAX))
    statement_contact_phone: Mapped[str | None] = mapped_column(String(PHONE_MAX))
    statement_address: Mapped[str | None] = mapped_column(String(SHORT_TEXT_MAX))

    parent: Mapped[Agency | None] = relationship(remote_side=[id])


class AgencySettingChange(Base):
    """One change of an agency's settings (who, when, what it was and became, and on what basis).

    The settings decide legal outcomes of the cases opened after them (the 较大数额 that gives a hearing
    right, the archive period), so their changes are kept as the calendar's are: append-only, the
    database refusing UPDATE and DELETE (migration 0013).
    """

    __tablename__ = "agency_setting_changes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agencies.id"), index=True)
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(server_default=func.now())
    # {setting: {"from": old, "to": new}} for each setting that changed.
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    basis: Mapped[str] = mapped_column(Text)  # the agency's document or decision that makes the change


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


class UnknownSignIn(Base):
    """Failed sign-ins under a username no account has, counted as an account's are: an unknown name
    then locks after the same failures, so the lock does not tell which usernames exist.

    Keyed by the name's sha256: people type their password into the username field by mistake.
    """

    __tablename__ = "unknown_sign_ins"

    username_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]


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
