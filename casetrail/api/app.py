"""The FastAPI application: JSON API (and, later, the server-rendered UI)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from temporalio.client import Client

from casetrail.config import Settings, get_settings

from . import errors, ui, ui_account, ui_admin, ui_dashboard, ui_desk, ui_inspection
from .gateway import CaseGateway
from .headers import SecurityHeaders
from .input_guard import InputGuard
from .rate_limit import RateLimit
from .routes import (
    admin,
    assessment,
    auth,
    calendar,
    cases,
    dashboard,
    desk,
    documents,
    evidence,
    health,
    inspections,
    notifications,
    rules,
    services,
    tasks,
)

log = logging.getLogger(__name__)

ClientFactory = Callable[[], Awaitable[Client]]


def create_app(client_factory: ClientFactory, settings: Settings | None = None) -> FastAPI:
    """``client_factory`` connects to Temporal; the database must be configured by the caller."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            client = await client_factory()
            app.state.gateway = CaseGateway(
                client, task_queue=settings.task_queue, update_timeout=settings.update_timeout_seconds
            )
        except Exception as exc:
            # The API still serves reads from PostgreSQL; writes answer 503 until Temporal is back.
            log.error("Temporal unreachable at start: %s", exc)
            app.state.gateway = None
        yield

    # No /redoc: FastAPI's ReDoc page loads its bundle from a CDN; /docs serves Swagger UI from our own path.
    app = FastAPI(
        title="casetrail",
        version="0.1.0",
        lifespan=lifespan,
        responses=errors.ERROR_RESPONSES,
        redoc_url=None,
    )
    app.state.gateway = None
    app.state.settings = settings
    errors.install(app)
    for module in (
        health,
        auth,
        cases,
        services,
        tasks,
        documents,
        evidence,
        admin,
        calendar,
        rules,
        inspections,
        notifications,
        desk,
        dashboard,
        assessment,
    ):
        app.include_router(module.router)
    ui.install(app)
    app.include_router(ui_desk.router)
    app.include_router(ui_inspection.router)
    app.include_router(ui_account.router)
    app.include_router(ui_admin.router)
    app.include_router(ui_dashboard.router)
    app.add_middleware(InputGuard)
    app.add_middleware(RateLimit, per_minute=settings.open_rate_per_minute)
    app.add_middleware(SecurityHeaders)  # outermost: refusals carry the headers too
    return app
