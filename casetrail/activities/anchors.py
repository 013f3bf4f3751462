"""The activity that writes the day's audit anchor (run by the daily Temporal Schedule)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from temporalio import activity

from casetrail.evidence.anchors import write_anchor
from casetrail.store.db import transaction

CST = timezone(timedelta(hours=8))


@dataclass
class AnchorWritten:
    day: str
    hash: str
    chains: int
    moved: int


@activity.defn
async def write_daily_anchor() -> AnchorWritten:
    """Anchor every chain under today's date (Asia/Shanghai); a retry finds it written and returns it."""
    now = datetime.now(UTC)
    async with transaction() as session:
        anchor = await write_anchor(session, day=now.astimezone(CST).date(), now=now)
        return AnchorWritten(anchor.day.isoformat(), anchor.hash, anchor.chains, len(anchor.heads))


ALL = [write_daily_anchor]
