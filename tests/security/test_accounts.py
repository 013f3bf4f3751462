"""Accounts: no published password on a production install, the first admin's password is the
operator's, passwords change, admins disable users, failures back off, unknown users cost the same."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest

from casetrail.api import security
from casetrail.runtime.postgres import EmbeddedPostgres
from casetrail.seed import DEMO_PASSWORD
from tests.api.conftest import Login
from tests.conftest import repo_root

from .helpers import new_user, sign_in


def _cli(url: str, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("CASETRAIL_ADMIN_PASSWORD", None)
    if password is not None:
        env["CASETRAIL_ADMIN_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "casetrail.cli", *args],
        env=env,
        cwd=repo_root(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _usernames(url: str) -> set[str]:
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as conn:
        return {row[0] for row in conn.execute("SELECT username FROM users")}


@pytest.fixture
def fresh_database(pg_server: EmbeddedPostgres) -> Iterator[str]:
    name = f"casetrail_accounts_{uuid.uuid4().hex[:8]}"
    pg_server.ensure_database(name)
    yield pg_server.url(name)


def test_migrate_creates_no_users_and_the_first_admin_has_the_operators_password(fresh_database: str) -> None:
    migrated = _cli(fresh_database, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert _usernames(fresh_database) == set()

    agency = ["--agency-code", "ta-amr", "--agency-name", "泰安市市场监督管理局", "--short-name", "泰市监"]
    weak = _cli(fresh_database, "create-admin", *agency, password="short")
    assert weak.returncode == 3 and "至少" in weak.stderr
    published = _cli(fresh_database, "create-admin", *agency, password=DEMO_PASSWORD)
    assert published.returncode == 3 and "演示密码" in published.stderr
    created = _cli(
        fresh_database, "create-admin", "--username", "root", *agency, password="operator-chosen-1"
    )
    assert created.returncode == 0, created.stderr
    assert _usernames(fresh_database) == {"root"}

    demo = _cli(fresh_database, "seed-demo")
    assert demo.returncode == 0, demo.stderr
    # The demo data only goes into an empty install (it seeds agencies only when none exist).
    assert "admin" not in _usernames(fresh_database)


async def test_change_password_signs_out_other_sessions(api: httpx.AsyncClient, login: Login) -> None:
    username, _ = await new_user(api, login, "first-password", "leader")
    other = (await sign_in(api, username, "first-password")).json()["token"]
    mine = {"Authorization": f"Bearer {(await sign_in(api, username, 'first-password')).json()['token']}"}
    wrong = await api.post(
        "/auth/password", json={"current_password": "nope", "new_password": "second-password"}, headers=mine
    )
    assert wrong.status_code == 401 and wrong.json()["error"]["field"] == "current_password"
    changed = await api.post(
        "/auth/password",
        json={"current_password": "first-password", "new_password": "second-password"},
        headers=mine,
    )
    assert changed.status_code == 204, changed.text
    assert (await api.get("/auth/me", headers=mine)).status_code == 200
    assert (await api.get("/auth/me", headers={"Authorization": f"Bearer {other}"})).status_code == 401
    assert (await sign_in(api, username, "first-password")).status_code == 401
    assert (await sign_in(api, username, "second-password")).status_code == 200


async def test_an_admin_disables_a_user_whose_sessions_end(api: httpx.AsyncClient, login: Login) -> None:
    username, user_id = await new_user(api, login, "some-password", "leader")
    token = (await sign_in(api, username, "some-password")).json()["token"]
    admin = await login("admin")
    outsider = await api.put(
        f"/admin/users/{user_id}/active", json={"active": False}, headers=await login("leader")
    )
    assert outsider.status_code == 403
    disabled = await api.put(f"/admin/users/{user_id}/active", json={"active": False}, headers=admin)
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    assert (await api.get("/auth/me", headers={"Authorization": f"Bearer {token}"})).status_code == 401
    assert (await sign_in(api, username, "some-password")).status_code == 401
    enabled = await api.put(f"/admin/users/{user_id}/active", json={"active": True}, headers=admin)
    assert enabled.status_code == 200
    assert (await sign_in(api, username, "some-password")).status_code == 200


async def test_repeated_failures_lock_the_account_for_a_while(api: httpx.AsyncClient, login: Login) -> None:
    username, _ = await new_user(api, login, "right-password", "leader")
    for _ in range(security.FREE_FAILURES):
        assert (await sign_in(api, username, "wrong-password")).status_code == 401
    locked = await sign_in(api, username, "right-password")
    assert locked.status_code == 429, locked.text
    assert (
        locked.json()["error"]["rule"] == "login_backoff"
        and "分钟后再试" in locked.json()["error"]["message"]
    )


async def test_an_unknown_username_locks_like_a_known_one(api: httpx.AsyncClient, login: Login) -> None:
    """Were only real accounts locked, the 429 after a few guesses would tell which usernames exist."""
    known, _ = await new_user(api, login, "right-password", "leader")
    unknown = f"nobody-{uuid.uuid4().hex[:8]}"
    answers: dict[str, list[tuple[int, str]]] = {}
    for username in (known, unknown):
        replies = [await sign_in(api, username, "wrong-password") for _ in range(security.FREE_FAILURES + 1)]
        answers[username] = [(r.status_code, r.json()["error"]["rule"]) for r in replies]
    assert answers[known] == answers[unknown]
    assert answers[unknown][-1] == (429, "login_backoff")
    assert answers[unknown][0] == (401, "bad_credentials")


async def test_guessing_the_current_password_in_a_session_locks_too(
    api: httpx.AsyncClient, login: Login
) -> None:
    username, _ = await new_user(api, login, "right-password", "leader")
    mine = {"Authorization": f"Bearer {(await sign_in(api, username, 'right-password')).json()['token']}"}
    for _ in range(security.FREE_FAILURES):
        guess = {"current_password": "wrong-password", "new_password": "another-password"}
        assert (await api.post("/auth/password", json=guess, headers=mine)).status_code == 401
    right = {"current_password": "right-password", "new_password": "another-password"}
    locked = await api.post("/auth/password", json=right, headers=mine)
    assert locked.status_code == 429 and locked.json()["error"]["rule"] == "login_backoff"
    assert (await sign_in(api, username, "right-password")).status_code == 429


def test_backoff_doubles_up_to_fifteen_minutes() -> None:
    assert security.lock_after(security.FREE_FAILURES - 1) is None
    first = security.lock_after(security.FREE_FAILURES)
    assert first == security.FIRST_LOCK
    assert security.lock_after(security.FREE_FAILURES + 1) == 2 * security.FIRST_LOCK
    assert security.lock_after(100) == security.LONGEST_LOCK


async def test_unknown_and_known_usernames_cost_one_argon2_verification_each(
    api: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified: list[str] = []
    real = security.verify_password

    def counting(password_hash: str, password: str) -> bool:
        verified.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(security, "verify_password", counting)
    for username in (f"nobody-{uuid.uuid4().hex[:6]}", "officer2"):
        verified.clear()
        assert (await sign_in(api, username, "wrong-password")).status_code == 401
        assert len(verified) == 1 and verified[0].startswith("$argon2"), username
