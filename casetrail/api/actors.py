"""Turn a signed-in user into the workflow's ``Actor`` for one case's agency."""

from __future__ import annotations

import uuid

from casetrail.store.models import User
from casetrail.workflows.types import Actor

from .access import roles_in


def actor_for(user: User, agency_id: uuid.UUID) -> Actor:
    return Actor(
        user_id=str(user.id),
        name=user.full_name,
        roles=sorted(r.value for r in roles_in(user, agency_id)),
        certificate_no=user.certificate_no,
    )
