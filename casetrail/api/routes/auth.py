from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta
from typing import Protocol

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from casetrail import limits
from casetrail.config import get_settings
from casetrail.errors import InvalidInput, TooManyRequests, Unauthorized
from casetrail.store.models import AuthToken, UnknownSignIn, User

from ..deps import CurrentUser, PresentedToken, SessionDep
from ..schemas import LoginBody, TokenOut, UserOut
from ..security import (
    SESSION_COOKIE,
    check_password,
    hash_password,
    lock_after,
    new_token,
    set_session_cookie,
    token_hash,
)

router = APIRouter(prefix="/auth", tags=["auth"])

PASSWORD_MIN = 10


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=limits.PASSWORD_MAX, description="当前密码")
    new_password: str = Field(
        min_length=PASSWORD_MIN,
        max_length=limits.PASSWORD_MAX,
        description=f"新密码（至少 {PASSWORD_MIN} 位）",
    )


async def issue_token(session: SessionDep, user: User, kind: str, hours: int) -> TokenOut:
    token, digest = new_token()
    expires_at = datetime.now(UTC) + timedelta(hours=hours)
    session.add(AuthToken(token_hash=digest, user_id=user.id, kind=kind, expires_at=expires_at))
    await session.commit()
    return TokenOut(token=token, expires_at=expires_at)


def _bad_credentials() -> Unauthorized:
    return Unauthorized("用户名或密码错误", field="password", rule="bad_credentials")


class _Backoff(Protocol):
    """What counts failed sign-ins: an account, or a username no account has (UnknownSignIn)."""

    failed_logins: int
    locked_until: datetime | None


def _locked(holder: _Backoff, now: datetime) -> TooManyRequests:
    assert holder.locked_until is not None
    minutes = max(1, round((holder.locked_until - now).total_seconds() / 60))
    return TooManyRequests(
        f"连续登录失败次数过多，账号已暂时锁定，请约 {minutes} 分钟后再试", rule="login_backoff"
    )


async def _count_failure(session: SessionDep, holder: _Backoff, now: datetime) -> None:
    holder.failed_logins += 1
    wait = lock_after(holder.failed_logins)
    holder.locked_until = now + wait if wait else None
    await session.commit()


async def _unknown(session: SessionDep, username: str) -> UnknownSignIn:
    digest = hashlib.sha256(username.encode()).hexdigest()
    # Two first failures at once: the second insert finds the first's row instead of failing.
    await session.execute(
        insert(UnknownSignIn).values(username_sha256=digest, failed_logins=0).on_conflict_do_nothing()
    )
    return await session.get_one(UnknownSignIn, digest, with_for_update=True)


async def authenticate(session: SessionDep, username: str, password: str) -> User:
    """The user, or 401; every path costs one argon2 verification. After repeated failures the
    account waits (429), doubling up to 15 minutes, even for the right password; a username no
    account has locks the same way, so neither the cost nor the lock tells which usernames exist."""
    user = (await session.execute(select(User).where(User.username == username))).scalar_one_or_none()
    now = datetime.now(UTC)
    holder: _Backoff = user if user is not None else await _unknown(session, username)
    if holder.locked_until is not None and holder.locked_until > now:
        await check_password(None, password)
        raise _locked(holder, now)
    if user is None:
        await check_password(None, password)
        await _count_failure(session, holder, now)
        raise _bad_credentials()
    if not await check_password(user.password_hash, password) or not user.active:
        await _count_failure(session, user, now)
        raise _bad_credentials()
    if user.failed_logins:
        user.failed_logins, user.locked_until = 0, None
        await session.commit()
    return user


@router.post("/login", response_model=TokenOut, responses={401: {}, 422: {}, 429: {}})
async def login(body: LoginBody, session: SessionDep, response: Response) -> TokenOut:
    """Sign in: returns a bearer token and sets the session cookie used by the web UI."""
    user = await authenticate(session, body.username, body.password)
    settings = get_settings()
    out = await issue_token(session, user, "session", settings.session_hours)
    set_session_cookie(response, out.token, hours=settings.session_hours, secure=settings.cookie_secure)
    return out


async def revoke(session: SessionDep, token: str | None) -> None:
    if token:
        await session.execute(
            update(AuthToken).where(AuthToken.token_hash == token_hash(token)).values(revoked=True)
        )
        await session.commit()


@router.post("/logout", status_code=204)
async def logout(user: CurrentUser, session: SessionDep, token: PresentedToken, response: Response) -> None:
    """Revoke the token used for this request (bearer or session cookie)."""
    await revoke(session, token)
    response.delete_cookie(SESSION_COOKIE)


@router.post("/password", status_code=204, responses={401: {}, 422: {}})
async def change_password(
    body: PasswordChange, user: CurrentUser, session: SessionDep, token: PresentedToken
) -> None:
    """Change one's own password; every other session of the user is signed out. A wrong current
    password counts as a failed sign-in: a session left open is no way to guess the password."""
    await set_own_password(session=session, user=user, token=token, change=body)


async def set_own_password(
    session: SessionDep, *, user: User, token: str | None, change: PasswordChange
) -> None:
    """The password change of the API and the workbench: refused (401/422/429) with the field named."""
    now = datetime.now(UTC)
    if user.locked_until is not None and user.locked_until > now:
        raise _locked(user, now)
    if not await check_password(user.password_hash, change.current_password):
        await _count_failure(session, user, now)
        raise Unauthorized("当前密码不正确", field="current_password", rule="bad_credentials")
    if change.new_password == change.current_password:
        raise InvalidInput("新密码不能与当前密码相同", field="new_password", rule="password_unchanged")
    user.password_hash = await asyncio.to_thread(hash_password, change.new_password)
    user.failed_logins, user.locked_until = 0, None
    await session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user.id, AuthToken.token_hash != token_hash(token or ""))
        .values(revoked=True)
    )
    await session.commit()


@router.get("/me", response_model=UserOut)
async def me(user: CurrentUser) -> UserOut:
    return UserOut.of(user, user.memberships)
