"""Deadline computation runs here, not in the workflow: the result (and the calendar it used) is
recorded in history, so a later calendar correction cannot break the replay of a running case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from temporalio import activity

from casetrail.errors import CasetrailError
from casetrail.rules.legal_time import DeadlineResult, explain_deadline
from casetrail.rules.periods import Pause, Period
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from casetrail.workflows.failures import to_failure


@dataclass
class DeadlineQuery:
    """``period`` and ``pauses`` are the JSON forms of rules.periods.Period / Pause.

    ``fresh`` bypasses the calendar cache: a recomputation after a calendar change must see the
    change even when it was made by another process (the API) less than a cache period ago.
    """

    start: datetime
    period: dict[str, Any]
    pauses: list[dict[str, Any]] = field(default_factory=list)
    fresh: bool = False


@dataclass
class ComputedDeadline:
    end: datetime
    last_day: str
    label: str
    counting_rule: str
    citation: str
    provisional: bool
    explanation: list[str]


@activity.defn
async def compute_deadline(query: DeadlineQuery) -> ComputedDeadline:
    try:
        period = Period.model_validate(query.period)
        pauses = [Pause.model_validate(p) for p in query.pauses]
        async with transaction() as session:
            calendar = await load_calendar(session, use_cache=not query.fresh)
        result = explain_deadline(query.start, period, calendar, pauses)
    except CasetrailError as error:
        raise to_failure(error) from None
    return computed(result)


def computed(result: DeadlineResult) -> ComputedDeadline:
    return ComputedDeadline(
        end=result.end,
        last_day=result.last_day.isoformat(),
        label=result.period.label_zh(),
        counting_rule=result.counting_rule,
        citation=str(result.citation),
        provisional=result.provisional,
        explanation=list(result.explanation),
    )


ALL = [compute_deadline]
