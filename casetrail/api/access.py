"""Who may see which agency's cases: members see their agency; supervisors, ops and admins see
their agency and every agency below it (Guangdong Art. 25: upper level and supervision retrieve)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.services.search import agency_subtree
from casetrail.store.models import SUBTREE_ROLES, Membership, Role, User


async def visible_agency_ids(session: AsyncSession, user: User) -> set[uuid.UUID]:
    return await agencies_reached(session, user.memberships)


async def agencies_reached(session: AsyncSession, memberships: Iterable[Membership]) -> set[uuid.UUID]:
    """The memberships' agencies, plus every agency below those held with a subtree role."""
    memberships = list(memberships)
    direct = {m.agency_id for m in memberships}
    roots = {m.agency_id for m in memberships if m.role in SUBTREE_ROLES}
    if not roots:
        return direct
    return direct | await agency_subtree(session, roots=roots)


def roles_in(user: User, agency_id: uuid.UUID) -> set[Role]:
    return {m.role for m in user.memberships if m.agency_id == agency_id}
