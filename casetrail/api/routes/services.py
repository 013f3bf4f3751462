"""Serving documents on the party (送达): each document's service runs as its own workflow."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter

from casetrail.workflows.service import ServiceAttempt

from ..actors import actor_for
from ..case_service import refuse_if_archived
from ..deps import CurrentCase, CurrentUser, Gateway
from ..schemas import ServiceAttemptBody

router = APIRouter(prefix="/cases", tags=["service"])


@router.get("/{case_id}/services/{purpose}")
async def service_state(purpose: str, case: CurrentCase, gateway: Gateway) -> dict[str, Any]:
    """Attempts so far, the ways still open, and when (and how) the document was served."""
    return asdict(await gateway.service_snapshot(case.workflow_id, purpose))


@router.post("/{case_id}/services/{purpose}/attempts")
async def attempt_service(
    purpose: str, body: ServiceAttemptBody, case: CurrentCase, user: CurrentUser, gateway: Gateway
) -> dict[str, Any]:
    """Record an attempt at service; an unlawful way is refused with the article (409/422)."""
    refuse_if_archived(case)
    attempt = ServiceAttempt(
        way=body.way,
        actor=actor_for(user, case.agency_id),
        payload=body.payload,
        submission_id=body.submission_id or str(uuid.uuid4()),
    )
    return asdict(await gateway.attempt_service(case.workflow_id, purpose, attempt))
