"""Supervision figures (执法监督) from the read model — never from Temporal — and the cases behind each.

Definitions (each figure's drill-down selects exactly the cases it counts):
- volumes: cases opened in the period, by phase, start type, agency and month (Beijing time);
- open / near due (next deadline within ``NEAR_DUE``) / overdue (next deadline passed), now; the overdue
  cases by agency and by officer (a case handled by two officers counts for each);
- handling time: filing to the closing approval (结案审批) of the cases closed, average and 90th percentile;
- recording compliance: mandatory recordings stored on time ÷ mandatory recordings, per agency and officer;
- document completeness: of closed cases, the required documents issued ÷ required (``REQUIRED_DOCUMENTS``);
- rates over decided cases (负责人审批 or 当场处罚 recorded): hearings held, legal reviews made; and
  statements adopted (采纳 or 部分采纳) ÷ statements reviewed (复核意见书).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, case, distinct, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from casetrail.statuses import AvObligationStatus, CaseStatus
from casetrail.store.models import AvObligation, Case, CaseOfficer, IssuedDocument, Record, User

NEAR_DUE = timedelta(days=3)
REQUIRED_DOCUMENTS = ("filing_approval", "investigation_report", "closing_approval")
DECIDED_RECORDS = ("leader_approval", "on_the_spot_decision")
ADOPTED = ("采纳", "部分采纳")


class Figure(enum.StrEnum):
    """What a drill-down asks for; ``value`` narrows it (a phase, a start type, an agency id, a month)."""

    phase = "phase"
    start_type = "start_type"
    agency = "agency"
    month = "month"
    open = "open"
    near_due = "near_due"
    overdue = "overdue"
    overdue_agency = "overdue_agency"
    overdue_officer = "overdue_officer"
    closed = "closed"
    decided = "decided"
    hearing = "hearing"
    legal_review = "legal_review"
    incomplete_documents = "incomplete_documents"
    recording_missed = "recording_missed"


@dataclass(frozen=True)
class Scope:
    agencies: Collection[uuid.UUID]
    opened_from: datetime | None = None
    opened_to: datetime | None = None
    officer_id: uuid.UUID | None = None  # only the cases this officer handles


@dataclass
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return round(self.numerator / self.denominator, 4) if self.denominator else None


@dataclass
class Dashboard:
    total: int
    by_phase: dict[str, int]
    by_start_type: dict[str, int]
    by_agency: dict[uuid.UUID, int]
    by_month: dict[str, int]
    open: int
    near_due: int
    overdue: int
    closed: int
    handling_days_avg: float | None
    handling_days_p90: float | None
    recording: Rate
    recording_by_agency: dict[uuid.UUID, Rate] = field(default_factory=dict)
    recording_by_officer: dict[str, Rate] = field(default_factory=dict)
    documents: Rate = field(default_factory=lambda: Rate(0, 0))
    hearing: Rate = field(default_factory=lambda: Rate(0, 0))
    legal_review: Rate = field(default_factory=lambda: Rate(0, 0))
    statements_adopted: Rate = field(default_factory=lambda: Rate(0, 0))
    overdue_by_agency: dict[uuid.UUID, int] = field(default_factory=dict)
    overdue_by_officer: dict[uuid.UUID, int] = field(default_factory=dict)


def _in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    # A voided case never started (its workflow was refused, its number spoiled): not a case handled.
    conditions: list[ColumnElement[bool]] = [
        Case.agency_id.in_(scope.agencies),
        Case.status != CaseStatus.voided,
    ]
    if scope.opened_from is not None:
        conditions.append(Case.created_at >= scope.opened_from)
    if scope.opened_to is not None:
        conditions.append(Case.created_at < scope.opened_to)
    if scope.officer_id is not None:
        conditions.append(_handled_by(scope.officer_id))
    return conditions


def _has_record(*kinds: str) -> ColumnElement[bool]:
    return exists().where(Record.case_id == Case.id, Record.kind.in_(kinds))


def _closing_at() -> ScalarSelect[Any]:
    return (
        select(func.min(Record.created_at))
        .where(Record.case_id == Case.id, Record.kind == "closing_approval")
        .scalar_subquery()
    )


def _documents_present() -> ScalarSelect[Any]:
    return (
        select(func.count(distinct(IssuedDocument.kind)))
        .where(IssuedDocument.case_id == Case.id, IssuedDocument.kind.in_(REQUIRED_DOCUMENTS))
        .scalar_subquery()
    )


def _on_time() -> ColumnElement[bool]:
    return and_(
        AvObligation.status == AvObligationStatus.fulfilled,
        or_(AvObligation.storage_due_at.is_(None), AvObligation.fulfilled_at <= AvObligation.storage_due_at),
    )


def _month() -> ColumnElement[str]:
    return func.to_char(func.timezone("Asia/Shanghai", Case.created_at), "YYYY-MM")


def _overdue(now: datetime) -> ColumnElement[bool]:
    return Case.next_deadline_at < now


def _handled_by(officer_id: uuid.UUID | None) -> ColumnElement[bool]:
    # Aliased: a query that itself joins the case officers must not swallow this subquery.
    handled = aliased(CaseOfficer)
    return exists().where(handled.case_id == Case.id, handled.user_id == officer_id)


async def _counts(
    session: AsyncSession,
    scope: Scope,
    column: ColumnElement[Any] | InstrumentedAttribute[Any],
    *where: ColumnElement[bool],
    by_officer: bool = False,
) -> dict[Any, int]:
    query = select(column, func.count(distinct(Case.id))).where(*_in_scope(scope), *where).group_by(column)
    if by_officer:
        query = query.join(CaseOfficer, CaseOfficer.case_id == Case.id)
    return {key: int(n) for key, n in (await session.execute(query)).all()}


async def figures(session: AsyncSession, *, scope: Scope, now: datetime) -> Dashboard:
    conditions = _in_scope(scope)
    is_open = Case.status == CaseStatus.open
    totals = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(is_open),
                func.count().filter(
                    is_open, Case.next_deadline_at >= now, Case.next_deadline_at < now + NEAR_DUE
                ),
                func.count().filter(_overdue(now)),
                func.count().filter(_has_record("closing_approval")),
            ).where(*conditions)
        )
    ).one()
    days = (func.extract("epoch", _closing_at() - Case.created_at) / 86400.0).label("days")
    handling = (
        await session.execute(
            select(func.avg(days), func.percentile_cont(0.9).within_group(days)).where(
                *conditions,
                _has_record("closing_approval"),
            )
        )
    ).one()
    decided = _has_record(*DECIDED_RECORDS)
    rates = (
        await session.execute(
            select(
                func.count().filter(decided),
                func.count().filter(decided, _has_record("hearing_record")),
                func.count().filter(decided, _has_record("legal_review")),
                func.coalesce(
                    func.sum(case((_has_record("closing_approval"), _documents_present()), else_=0)),
                    0,
                ),
            ).where(*conditions)
        )
    ).one()
    statements = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(Record.fields["adoption"].astext.in_(ADOPTED)),
            )
            .join(Case, Case.id == Record.case_id)
            .where(Record.kind == "statement_review", *conditions)
        )
    ).one()
    recording_by_agency = await _recording(session, scope, Case.agency_id)
    recording_by_officer = await _recording(session, scope, User.full_name, by_officer=True)
    all_recording = Rate(
        sum(r.numerator for r in recording_by_agency.values()),
        sum(r.denominator for r in recording_by_agency.values()),
    )
    return Dashboard(
        total=int(totals[0]),
        by_phase={str(k): v for k, v in (await _counts(session, scope, Case.phase)).items()},
        by_start_type={str(k): v for k, v in (await _counts(session, scope, Case.start_type)).items()},
        by_agency={
            k: v
            for k, v in (await _counts(session, scope, Case.agency_id)).items()
            if isinstance(k, uuid.UUID)
        },
        by_month={str(k): v for k, v in (await _counts(session, scope, _month())).items()},
        open=int(totals[1]),
        near_due=int(totals[2]),
        overdue=int(totals[3]),
        closed=int(totals[4]),
        handling_days_avg=round(float(handling[0]), 2) if handling[0] is not None else None,
        handling_days_p90=round(float(handling[1]), 2) if handling[1] is not None else None,
        recording=all_recording,
        recording_by_agency=recording_by_agency,
        recording_by_officer=recording_by_officer,
        documents=Rate(int(rates[3]), int(totals[4]) * len(REQUIRED_DOCUMENTS)),
        hearing=Rate(int(rates[1]), int(rates[0])),
        legal_review=Rate(int(rates[2]), int(rates[0])),
        statements_adopted=Rate(int(statements[1]), int(statements[0])),
        overdue_by_agency=await _counts(session, scope, Case.agency_id, _overdue(now)),
        overdue_by_officer=await _counts(session, scope, CaseOfficer.user_id, _overdue(now), by_officer=True),
    )


async def _recording(
    session: AsyncSession,
    scope: Scope,
    key: ColumnElement[Any] | InstrumentedAttribute[Any],
    *,
    by_officer: bool = False,
) -> dict[Any, Rate]:
    query = (
        select(key, func.count().filter(_on_time()), func.count())
        .select_from(AvObligation)
        .join(Case, Case.id == AvObligation.case_id)
        .where(AvObligation.requirement == "mandatory", *_in_scope(scope))
    )
    if by_officer:
        query = query.join(CaseOfficer, CaseOfficer.case_id == Case.id).join(
            User, User.id == CaseOfficer.user_id
        )
    rows = (await session.execute(query.group_by(key))).all()
    return {k: Rate(int(good), int(total)) for k, good, total in rows}


def drill(scope: Scope, figure: Figure, value: str | None, now: datetime) -> Select[Case]:
    """The cases behind one figure, soonest deadline first (as the case list sorts)."""
    query = select(Case).where(*_in_scope(scope))
    conditions: dict[Figure, ColumnElement[bool]] = {
        Figure.phase: Case.phase == value,
        Figure.start_type: Case.start_type == value,
        Figure.agency: Case.agency_id == _uuid(value),
        Figure.month: _month() == value,
        Figure.open: Case.status == CaseStatus.open,
        Figure.near_due: and_(
            Case.status == CaseStatus.open,
            Case.next_deadline_at >= now,
            Case.next_deadline_at < now + NEAR_DUE,
        ),
        Figure.overdue: _overdue(now),
        Figure.overdue_agency: and_(_overdue(now), Case.agency_id == _uuid(value)),
        Figure.overdue_officer: and_(_overdue(now), _handled_by(_uuid(value))),
        Figure.closed: _has_record("closing_approval"),
        Figure.decided: _has_record(*DECIDED_RECORDS),
        Figure.hearing: and_(_has_record(*DECIDED_RECORDS), _has_record("hearing_record")),
        Figure.legal_review: and_(_has_record(*DECIDED_RECORDS), _has_record("legal_review")),
        Figure.incomplete_documents: and_(
            _has_record("closing_approval"),
            _documents_present() < len(REQUIRED_DOCUMENTS),
        ),
        Figure.recording_missed: exists().where(
            AvObligation.case_id == Case.id, AvObligation.requirement == "mandatory", ~_on_time()
        ),
    }
    return query.where(conditions[figure]).order_by(Case.next_deadline_at.asc().nulls_last(), Case.id)


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None
