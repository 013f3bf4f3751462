"""Who may see which agency's cases: members see their agency; supervisors, ops and admins see
their agency and every agency below it (Guangdong Art. 25: upper level and supervision retrieve)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.store.models import SUBTREE_ROLES, Agency, Membership, Role, User


async def visible_agency_ids(session: AsyncSession, user: User) -> set[uuid.UUID]:
    return await agencies_reached(session, user.memberships)


async def agencies_reached(session: AsyncSession, memberships: Iterable[Membership]) -> set[uuid.UUID]:
    """The memberships' agencies, plus every agency below those held with a subtree role."""
    memberships = list(memberships)
    direct = {m.agency_id for m in memberships}
    roots = {m.agency_id for m in memberships if m.role in SUBTREE_ROLES}
    if not roots:
        return direct
    rows = (await session.execute(select(Agency.id, Agency.parent_id))).all()
    children: dict[uuid.UUID, list[uuid.UUID]] = {}
    for agency_id, parent_id in rows:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(agency_id)
    seen = set(direct)
    stack = list(roots)
    while stack:
        current = stack.pop()
        seen.add(current)
        stack.extend(c for c in children.get(current, []) if c not in seen)
    return seen


def roles_in(user: User, agency_id: uuid.UUID) -> set[Role]:
    return {m.role for m in user.memberships if m.agency_id == agency_id}
