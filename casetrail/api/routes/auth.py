from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Response
from sqlalchemy import select, update

from casetrail.config import get_settings
from casetrail.errors import Unauthorized
from casetrail.store.models import AuthToken, User

from ..deps import CurrentUser, PresentedToken, SessionDep
from ..schemas import LoginBody, TokenOut, UserOut
from ..security import SESSION_COOKIE, new_token, token_hash, verify_password

router = APIRouter(prefix="/auth", tags=["auth"])


async def issue_token(session: SessionDep, user: User, kind: str, hours: int) -> TokenOut:
    token, digest = new_token()
    expires_at = datetime.now(UTC) + timedelta(hours=hours)
    session.add(AuthToken(token_hash=digest, user_id=user.id, kind=kind, expires_at=expires_at))
    await session.commit()
    return TokenOut(token=token, expires_at=expires_at)


async def authenticate(session: SessionDep, username: str, password: str) -> User:
    user = (await session.execute(select(User).where(User.username == username))).scalar_one_or_none()
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise Unauthorized("用户名或密码错误", field="password", rule="bad_credentials")
    return user


@router.post("/login", response_model=TokenOut)
async def login(body: LoginBody, session: SessionDep, response: Response) -> TokenOut:
    """Sign in: returns a bearer token and sets the session cookie used by the web UI."""
    user = await authenticate(session, body.username, body.password)
    hours = get_settings().session_hours
    out = await issue_token(session, user, "session", hours)
    response.set_cookie(SESSION_COOKIE, out.token, httponly=True, samesite="lax", max_age=hours * 3600)
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


@router.get("/me", response_model=UserOut)
async def me(user: CurrentUser) -> UserOut:
    return UserOut.of(user, user.memberships)
