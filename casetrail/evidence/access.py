"""Who may view or download which evidence: the access matrix by role, agency, mark and grant.

Staff of the case's agency and the supervision above it see the record within their need to know
(Guangdong Art. 25: use strictly limited; upper level and supervision may retrieve, state secrets
excepted). A party or their agent sees nothing without the leader's approval of their request
(Taian Art. 19, Mingshan Art. 34, Xinxiang Art. 29), and never an item marked confidential.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import Forbidden
from casetrail.rules.profile_model import Profile
from casetrail.store.models import Agency, Case, CaseOfficer, Record, Role, User

from .metadata import CONFIDENTIALITY_ZH, Confidentiality

Purpose = Literal["view", "download"]

# The record kind the record-access approval writes (workflows/steps/record_access.py).
GRANT_RECORD_KIND = "record_access_approved"


class Basis(enum.StrEnum):
    """Why someone may see an item; recorded with every view and download."""

    case_officer = "case_officer"  # 本案承办人
    leader = "leader"  # 机关负责人
    legal_reviewer = "legal_reviewer"  # 法制审核人员
    unit_head = "unit_head"  # 承办机构负责人
    agency_staff = "agency_staff"  # 本机关其他执法、档案人员
    supervision = "supervision"  # 上级机关、法制监督（Guangdong Art. 25）
    party_grant = "party_grant"  # 当事人经负责人批准查阅、复制


# Who may see an item, by its mark, most specific basis first.
READERS: dict[Confidentiality, tuple[Basis, ...]] = {
    Confidentiality.none: tuple(Basis),
    Confidentiality.commercial_secret: (
        Basis.case_officer,
        Basis.leader,
        Basis.legal_reviewer,
        Basis.unit_head,
        Basis.supervision,
    ),
    Confidentiality.personal_privacy: (
        Basis.case_officer,
        Basis.leader,
        Basis.legal_reviewer,
        Basis.unit_head,
        Basis.supervision,
    ),
    # Guangdong Art. 25 lets supervision retrieve records "except state secrets".
    Confidentiality.state_secret: (Basis.case_officer, Basis.leader),
}

_ROLE_BASIS = {
    Role.leader: Basis.leader,
    Role.legal_reviewer: Basis.legal_reviewer,
    Role.unit_head: Basis.unit_head,
    Role.officer: Basis.agency_staff,
    Role.archivist: Basis.agency_staff,
}


@dataclass(frozen=True)
class Grant:
    """An approved request of a party to read (查阅) or copy (复制) the record."""

    record_id: uuid.UUID
    mode: str  # read | copy
    evidence_ids: frozenset[str]  # empty: the whole record
    valid_until: datetime

    def covers(self, evidence_id: uuid.UUID, purpose: Purpose, now: datetime) -> bool:
        if now > self.valid_until:
            return False
        if self.evidence_ids and str(evidence_id) not in self.evidence_ids:
            return False
        return purpose == "view" or self.mode == "copy"


@dataclass(frozen=True)
class Viewer:
    """A user as seen from one case: their bases for access and their approved grants."""

    user_id: uuid.UUID
    bases: frozenset[Basis]
    grants: tuple[Grant, ...]

    @property
    def is_staff(self) -> bool:
        return bool(self.bases)


@dataclass(frozen=True)
class Allowed:
    basis: Basis
    grant: Grant | None = None


def secrets_citation(profile: Profile) -> str | None:
    cited = profile.record_access.secrets
    return str(cited) if cited else None


def party_access_citation(profile: Profile) -> str | None:
    rule = profile.record_access
    return str(rule.citation) if rule.citation else None


def decide(
    viewer: Viewer,
    *,
    evidence_id: uuid.UUID,
    mark: Confidentiality,
    purpose: Purpose,
    profile: Profile,
    now: datetime,
) -> Allowed:
    """The basis on which ``viewer`` may view or download the item, or Forbidden with the article."""
    readers = READERS[mark]
    for basis in readers:
        if basis in viewer.bases:
            return Allowed(basis)
    if viewer.is_staff:
        raise Forbidden(
            f"该证据标注为“{CONFIDENTIALITY_ZH[mark]}”，仅限本案承办人及经授权的负责人查看",
            field="confidentiality",
            rule="confidential",
            citation=secrets_citation(profile),
        )
    if Basis.party_grant in readers:
        for grant in viewer.grants:
            if grant.covers(evidence_id, purpose, now):
                return Allowed(Basis.party_grant, grant)
        action = "复制（下载）" if purpose == "download" else "查阅"
        raise Forbidden(
            f"{action}执法记录须经行政机关负责人批准：请先提出查阅、复制申请",
            rule="record_access_approval_required",
            citation=party_access_citation(profile),
        )
    raise Forbidden(
        f"该证据标注为“{CONFIDENTIALITY_ZH[mark]}”，依法不予查阅、复制",
        field="confidentiality",
        rule="confidential",
        citation=secrets_citation(profile),
    )


def visible_marks(viewer: Viewer) -> set[Confidentiality]:
    """The marks whose items ``viewer`` may at least see listed (party: only with a grant)."""
    marks = {mark for mark, readers in READERS.items() if viewer.bases.intersection(readers)}
    if not viewer.is_staff and viewer.grants:
        marks.add(Confidentiality.none)
    return marks


async def viewer_for(session: AsyncSession, user: User, case: Case, *, now: datetime) -> Viewer:
    """Resolve the user's bases for ``case``: case officer, roles in its agency, supervision above it."""
    bases: set[Basis] = set()
    officer = await session.execute(
        select(CaseOfficer.id).where(CaseOfficer.case_id == case.id, CaseOfficer.user_id == user.id)
    )
    if officer.first() is not None:
        bases.add(Basis.case_officer)
    lineage = await _agency_lineage(session, case.agency_id)
    for membership in user.memberships:
        if membership.agency_id == case.agency_id and membership.role in _ROLE_BASIS:
            bases.add(_ROLE_BASIS[membership.role])
        if membership.role is Role.supervisor and membership.agency_id in lineage:
            bases.add(Basis.supervision)
    grants = () if bases else await _grants(session, case.id, user.id, now)
    return Viewer(user.id, frozenset(bases), grants)


async def _agency_lineage(session: AsyncSession, agency_id: uuid.UUID) -> set[uuid.UUID]:
    """The agency and every agency above it."""
    parents = {row[0]: row[1] for row in await session.execute(select(Agency.id, Agency.parent_id))}
    lineage: set[uuid.UUID] = set()
    current: uuid.UUID | None = agency_id
    while current is not None and current not in lineage:
        lineage.add(current)
        current = parents.get(current)
    return lineage


async def _grants(
    session: AsyncSession, case_id: uuid.UUID, user_id: uuid.UUID, now: datetime
) -> tuple[Grant, ...]:
    rows = await session.execute(
        select(Record).where(
            Record.case_id == case_id,
            Record.kind == GRANT_RECORD_KIND,
            Record.fields["grantee_user_id"].astext == str(user_id),
        )
    )
    grants = (
        Grant(
            record_id=record.id,
            mode=str(record.fields["mode"]),
            evidence_ids=frozenset(str(i) for i in record.fields.get("evidence_ids", [])),
            valid_until=datetime.fromisoformat(str(record.fields["valid_until"])),
        )
        for record in rows.scalars()
    )
    return tuple(grant for grant in grants if now <= grant.valid_until)
