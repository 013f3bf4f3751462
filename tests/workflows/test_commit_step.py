"""``commit_step`` writes a step in one short transaction (``write_step``): few statements, the case row
locked once. (It then wakes the written deadlines' reminder ladders, which needs a running activity.)"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, select

from casetrail.activities.case_store import write_step
from casetrail.statuses import DeadlineStatus
from casetrail.store import audit, db
from casetrail.store.models import ApprovalTask, AuditEvent, Case, Deadline
from casetrail.workflows.types import DeadlineDraft, RecordDraft, StepEffects, TaskClosure, TaskDraft

from .factory import insert_case


@contextmanager
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    engine = db.engine().sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def effects(case: Case, key: str, **changes: Any) -> StepEffects:
    return StepEffects(
        case_id=str(case.id), step_key=key, at=datetime.now(UTC), audit_action=f"case.{key}", **changes
    )


async def test_a_step_is_eight_statements_at_most_and_locks_the_case_once(database: str) -> None:
    case, _, officers = await insert_case()
    now = datetime.now(UTC)
    task_id = str(uuid.uuid4())
    opening = effects(
        case,
        "open",
        record=RecordDraft("filing_request", "立案申请", {"summary": "测试"}),
        phase="filing_approval",
        open_tasks=[TaskDraft(task_id, "filing", "立案审批", "leader", {})],
        deadlines=[
            DeadlineDraft("later", "后到期", now + timedelta(days=9), None),
            DeadlineDraft("sooner", "先到期", now + timedelta(days=2), None),
        ],
    )
    signing = effects(
        case,
        "sign",
        actor_id=str(officers[0].id),
        record=RecordDraft("filing_approval", "立案审批", {"opinion": "同意"}),
        phase="investigation",
        close_tasks=[TaskClosure(task_id, "approve", "同意", str(officers[0].id), now, "signed")],
        open_tasks=[TaskDraft(str(uuid.uuid4()), "closing", "结案审批", "leader", {})],
        deadlines=[
            DeadlineDraft("sooner", "先到期", now + timedelta(days=2), None, status=DeadlineStatus.met)
        ],
    )
    for step in (opening, signing):
        with statements() as seen:
            applied = await write_step(step)
        assert not applied.already_applied and applied.record_id
        writes = [s for s in seen if not s.lstrip().upper().startswith(("BEGIN", "COMMIT"))]
        assert len(writes) <= 8, "\n".join(writes)
        assert sum("FOR UPDATE" in s for s in writes) == 1

    again = await write_step(signing)
    assert again.already_applied

    async with db.transaction() as session:
        row = await session.get(Case, case.id)
        assert row is not None and row.phase == "investigation"
        assert row.next_deadline_label == "后到期"  # the met deadline no longer counts
        keys = (await session.execute(select(Deadline.key).where(Deadline.case_id == case.id))).scalars()
        assert sorted(keys) == ["later", "sooner"]
        task = await session.get(ApprovalTask, uuid.UUID(task_id))
        assert task is not None and task.status == "signed"
        events = (
            await session.execute(
                select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq)
            )
        ).scalars()
        chain = list(events)
    assert [e.action for e in chain] == ["case.open", "case.sign"]
    assert audit.verify_chain(chain) == []
