"""The case's whole-process record as the case page shows it, rendered once per state of the record.

Records are append-only (a correction is a new record that supersedes; the audit chain forbids
edits), so a case's timeline is fully determined by how many records it has and the newest one's
time: the HTML is kept for that key and a page view only counts the rows.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from jinja2 import Environment
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.store.models import Record, User

from .ui_view import beijing, lines

CACHED_CASES = 256


@dataclass(frozen=True)
class TimelineEntry:
    title: str
    when: str
    who: str
    citation: str
    lines: list[tuple[str, str]]


_cache: OrderedDict[tuple[uuid.UUID, int, datetime | None], Markup] = OrderedDict()


async def timeline_html(
    session: AsyncSession, env: Environment, case_id: uuid.UUID, users: Callable[[], Awaitable[list[User]]]
) -> Markup:
    """``users`` names the accounts a record may refer to by id; asked only when rendering."""
    count, newest = (
        await session.execute(
            select(func.count(Record.id), func.max(Record.created_at)).where(Record.case_id == case_id)
        )
    ).one()
    key = (case_id, count, newest)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    people = {str(u.id): u.full_name for u in await users()}
    rows = await session.execute(
        select(Record, User)
        .outerjoin(User, User.id == Record.actor_id)
        .where(Record.case_id == case_id)
        .order_by(Record.created_at)
    )
    entries = [
        TimelineEntry(
            r.title,
            beijing(r.created_at),
            u.full_name if u else "系统",
            r.citation or "",
            lines(r.fields, people),
        )
        for r, u in rows.all()
    ]
    html = Markup(env.get_template("_timeline.html").render(timeline=entries))
    _cache[key] = html
    while len(_cache) > CACHED_CASES:
        _cache.popitem(last=False)
    return html
