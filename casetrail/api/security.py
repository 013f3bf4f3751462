"""Passwords (argon2), opaque login tokens (only their sha256 is stored), sign-in backoff, cookies."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.responses import Response

_hasher = PasswordHasher()

SESSION_COOKIE = "casetrail_session"

# Verified when the username is unknown or locked, so every sign-in costs one argon2 verification
# and the answer's timing does not tell which usernames exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

# Failures allowed before the backoff starts; then 30 s, doubling, at most 15 minutes.
FREE_FAILURES = 5
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def check_password(password_hash: str | None, password: str) -> bool:
    """Verify off the event loop (argon2 takes ~0.1 s of CPU); ``None`` costs the same and fails."""
    ok = await asyncio.to_thread(verify_password, password_hash or _DUMMY_HASH, password)
    return ok and password_hash is not None


def lock_after(failures: int) -> timedelta | None:
    """How long an account waits after ``failures`` consecutive failed sign-ins."""
    if failures < FREE_FAILURES:
        return None
    return min(FIRST_LOCK * 2 ** min(failures - FREE_FAILURES, 10), LONGEST_LOCK)


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_session_cookie(response: Response, token: str, *, hours: int, secure: bool) -> None:
    """HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site posts), Secure unless the
    deployment is plain http (``CASETRAIL_COOKIE_SECURE=false`` for local development)."""
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure, max_age=hours * 3600, path="/"
    )
