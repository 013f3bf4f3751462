"""Who may see which agency's cases: the agency's case staff see their agency; supervisors see their
agency and every agency below it (Guangdong Art. 25: upper level and supervision retrieve).

Ops and admins read no case content: their duty is the running system (health, workflow histories
on the server: `casetrail history`, `casetrail doctor`) and the agencies, users and calendar they
administer. To them another agency's case and their own agency's case answer alike: 404."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.store.models import SUBTREE_ROLES, Agency, Membership, Role, User

# The roles whose duty is the cases themselves.
CASE_READERS = frozenset(
    {Role.officer, Role.unit_head, Role.legal_reviewer, Role.leader, Role.archivist, Role.supervisor}
)


async def visible_agency_ids(session: AsyncSession, user: User) -> set[uuid.UUID]:
    return await agencies_reached(session, (m for m in user.memberships if m.role in CASE_READERS))


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
