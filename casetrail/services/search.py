"""Every list query in one place: cases and approval tasks, filtered in SQL, paged by keyset.

Keyset, not offset: a page is found by the sort key of the last row already shown (the cursor), so
page 1,000 costs what page 1 costs. Each sort has an index over exactly its key (migration 0006);
NULL deadlines sort last through ``coalesce(…, 'infinity')``, the same expression the index holds.
"""

from __future__ import annotations

import base64
import enum
import json
import uuid
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Select,
    and_,
    cast,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import InvalidInput
from casetrail.statuses import ApprovalStatus, CaseStatus
from casetrail.store.models import Agency, ApprovalTask, Case, CaseOfficer
from casetrail.store.models.case import SEARCH_SEPARATOR, infinity_if_null, search_text_of

T = TypeVar("T")

PAGE_MAX = 500


def case_search_text() -> ColumnElement[str]:
    """The expression the trigram index ``ix_cases_search_trgm`` holds; the query must use the same one."""
    return search_text_of(Case.case_no, Case.party)


def case_deadline_key() -> ColumnElement[datetime]:
    return infinity_if_null(Case.next_deadline_at)


def task_due_key() -> ColumnElement[datetime]:
    return infinity_if_null(ApprovalTask.due_at)


class CaseSort(enum.StrEnum):
    deadline = "deadline"  # next deadline first, cases without one last
    newest = "newest"  # most recently opened first


@dataclass(frozen=True, kw_only=True)
class CaseFilter:
    """What a case list may be narrowed by; every field is optional."""

    q: str | None = None  # substring of the case number, party name or credit code
    officer_id: uuid.UUID | None = None
    phase: str | None = None
    start_type: str | None = None
    profile_id: str | None = None
    status: CaseStatus | None = None
    agency_id: uuid.UUID | None = None  # this agency and every agency below it
    opened_from: datetime | None = None
    opened_to: datetime | None = None
    deadline_from: datetime | None = None
    deadline_to: datetime | None = None
    overdue: bool | None = None
    flagged: bool | None = None
    flag: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# ---- cursors ----------------------------------------------------------------------------------


def encode_cursor(key: datetime | None, row_id: uuid.UUID) -> str:
    """``key`` None stands for a row without a deadline (sorted as infinity)."""
    raw = json.dumps([key.isoformat() if key else None, str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[ColumnElement[datetime], uuid.UUID]:
    """The cursor's sort key as a SQL value, and the id of the last row shown."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key, row_id = json.loads(raw)
        at = infinity_if_null(
            cast(literal(None if key is None else datetime.fromisoformat(key)), DateTime(timezone=True))
        )
        return at, uuid.UUID(row_id)
    except (ValueError, TypeError) as error:
        raise InvalidInput(
            "翻页位置（after）无效：请使用上一页返回的 X-Next-Cursor", field="after", rule="cursor"
        ) from error


def _page_size(limit: int) -> int:
    if not 1 <= limit <= PAGE_MAX:
        raise InvalidInput(f"每页条数（limit）须在 1 到 {PAGE_MAX} 之间", field="limit", rule="page_size")
    return limit


# ---- agencies ---------------------------------------------------------------------------------


async def agency_subtree(session: AsyncSession, *, roots: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """The agencies and every agency below them."""
    rows = (await session.execute(select(Agency.id, Agency.parent_id))).all()
    children: dict[uuid.UUID, list[uuid.UUID]] = {}
    for agency_id, parent_id in rows:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(agency_id)
    seen: set[uuid.UUID] = set()
    stack = list(roots)
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(children.get(current, []))
    return seen


# ---- cases ------------------------------------------------------------------------------------


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _case_conditions(filters: CaseFilter, agencies: Collection[uuid.UUID], now: datetime) -> list[Any]:
    conditions: list[Any] = [Case.agency_id.in_(agencies) if agencies else false()]
    if filters.q and (q := filters.q.replace(SEARCH_SEPARATOR, "").strip()):
        conditions.append(case_search_text().ilike(_like(q)))
    if filters.officer_id is not None:
        conditions.append(
            exists().where(CaseOfficer.case_id == Case.id, CaseOfficer.user_id == filters.officer_id)
        )
    for column, value in (
        (Case.phase, filters.phase),
        (Case.start_type, filters.start_type),
        (Case.profile_id, filters.profile_id),
        (Case.status, filters.status),
    ):
        if value:
            conditions.append(column == value)
    if filters.opened_from is not None:
        conditions.append(Case.created_at >= filters.opened_from)
    if filters.opened_to is not None:
        conditions.append(Case.created_at < filters.opened_to)
    # Deadline conditions are written on the sort key so that its index serves filter and order alike.
    deadline = case_deadline_key()
    if filters.deadline_from is not None:
        conditions += [deadline >= filters.deadline_from, Case.next_deadline_at.is_not(None)]
    if filters.deadline_to is not None:
        conditions.append(deadline < filters.deadline_to)
    # A deadline marked overdue stays the case's next deadline until it is met or cancelled.
    if filters.overdue is not None:
        conditions.append(deadline < now if filters.overdue else deadline >= now)
    if filters.flagged is not None:
        marked = func.jsonb_array_length(Case.flags) > 0
        conditions.append(marked if filters.flagged else ~marked)
    if filters.flag:
        conditions.append(Case.flags.contains([filters.flag]))
    return conditions


async def _case_agencies(
    session: AsyncSession, *, visible: Collection[uuid.UUID], filters: CaseFilter
) -> set[uuid.UUID]:
    agencies = set(visible)
    if filters.agency_id is not None:
        agencies &= await agency_subtree(session, roots=[filters.agency_id])
    return agencies


def _ordered_cases(query: Select[Case], sort: CaseSort, after: str | None) -> Select[Case]:
    if sort is CaseSort.deadline:
        key = case_deadline_key()
        if after:
            at, row_id = decode_cursor(after)
            query = query.where(tuple_(key, Case.id) > tuple_(at, row_id))
        return query.order_by(key, Case.id)
    if after:
        at, row_id = decode_cursor(after)
        query = query.where(tuple_(Case.created_at, Case.id) < tuple_(at, row_id))
    return query.order_by(Case.created_at.desc(), Case.id.desc())


def _case_cursor(case: Case, sort: CaseSort) -> str:
    key = case.next_deadline_at if sort is CaseSort.deadline else case.created_at
    return encode_cursor(key, case.id)


async def search_cases(
    session: AsyncSession,
    *,
    visible: Collection[uuid.UUID],
    filters: CaseFilter,
    sort: CaseSort = CaseSort.deadline,
    after: str | None = None,
    limit: int = 50,
    now: datetime | None = None,
) -> Page[Case]:
    """One page of the cases the user may see that match ``filters``, and the cursor of the next."""
    size = _page_size(limit)
    agencies = await _case_agencies(session, visible=visible, filters=filters)
    query = select(Case).where(*_case_conditions(filters, agencies, now or datetime.now(UTC)))
    rows = list((await session.execute(_ordered_cases(query, sort, after).limit(size + 1))).scalars())
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _case_cursor(rows[-1], sort) if more else None)


async def all_cases(
    session: AsyncSession,
    *,
    visible: Collection[uuid.UUID],
    filters: CaseFilter,
    sort: CaseSort = CaseSort.deadline,
    batch: int = PAGE_MAX,
) -> AsyncIterator[Case]:
    """Every matching case, page by page (exports): memory stays one page whatever the result size."""
    after: str | None = None
    now = datetime.now(UTC)
    while True:
        page = await search_cases(
            session, visible=visible, filters=filters, sort=sort, after=after, limit=batch, now=now
        )
        for case in page.items:
            yield case
        session.expunge_all()
        if page.next_cursor is None:
            return
        after = page.next_cursor


# ---- approval tasks ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TaskFilter:
    status: ApprovalStatus = ApprovalStatus.open
    case_id: uuid.UUID | None = None
    kind: str | None = None
    due_before: datetime | None = None
    assignee_id: uuid.UUID | None = None  # also the tasks reassigned to this user


def _signable(pairs: Collection[tuple[uuid.UUID, str]]) -> Any:
    if not pairs:
        return false()
    return or_(*(and_(ApprovalTask.agency_id == a, ApprovalTask.role == r) for a, r in sorted(pairs)))


async def search_tasks(
    session: AsyncSession,
    *,
    signable: Collection[tuple[uuid.UUID, str]],
    filters: TaskFilter,
    after: str | None = None,
    limit: int = 50,
) -> Page[ApprovalTask]:
    """Tasks whose (agency, role) the user holds, soonest due first, one page at a time."""
    size = _page_size(limit)
    key = task_due_key()
    whose = _signable(signable)
    if filters.assignee_id is not None:
        whose = or_(whose, ApprovalTask.assignee_id == filters.assignee_id)
    query = select(ApprovalTask).where(whose, ApprovalTask.status == filters.status)
    if filters.case_id is not None:
        query = query.where(ApprovalTask.case_id == filters.case_id)
    if filters.kind:
        query = query.where(ApprovalTask.kind == filters.kind)
    if filters.due_before is not None:
        query = query.where(ApprovalTask.due_at < filters.due_before)
    if after:
        at, row_id = decode_cursor(after)
        query = query.where(tuple_(key, ApprovalTask.id) > tuple_(at, row_id))
    rows = list((await session.execute(query.order_by(key, ApprovalTask.id).limit(size + 1))).scalars())
    more = len(rows) > size
    rows = rows[:size]
    cursor = encode_cursor(rows[-1].due_at, rows[-1].id) if more else None
    return Page(rows, cursor)
