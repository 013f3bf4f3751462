from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from casetrail.errors import CasetrailError
from casetrail.store.db import engine

router = APIRouter(tags=["health"])


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    """Unauthenticated readiness: database, Temporal, a worker polling the task queue."""
    checks: dict[str, str] = {}
    try:
        async with engine().connect() as conn:
            await conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    gateway = request.app.state.gateway
    if gateway is None:
        checks["temporal"] = "error: not connected"
    else:
        try:
            checks["worker"] = "ok" if await gateway.worker_is_polling() else "error: no worker polling"
            checks["temporal"] = "ok"
        except CasetrailError as exc:
            checks["temporal"] = f"error: {exc.message}"
    healthy = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks}, status_code=200 if healthy else 503
    )
