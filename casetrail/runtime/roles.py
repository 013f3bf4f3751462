"""The application's own database role (created by migration 0005): the owner runs the migrations,
the worker and API run as ``casetrail_app``, which may add to the record and read it but neither
change it nor switch its triggers off."""

from __future__ import annotations

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

APP_ROLE = "casetrail_app"


def enable_app_login(owner_url: str, *, password: str | None) -> str:
    """Let the application role log in (with ``password``, or by the server's local trust as the
    embedded PostgreSQL has it) and return the database URL to run the application with."""
    owner = make_url(owner_url)
    statement = sql.SQL("ALTER ROLE {} LOGIN").format(sql.Identifier(APP_ROLE))
    if password:
        statement = sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(APP_ROLE), sql.Literal(password)
        )
    libpq = owner.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(statement)
    return owner.set(username=APP_ROLE, password=password).render_as_string(hide_password=False)
