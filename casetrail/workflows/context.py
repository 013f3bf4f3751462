"""What a step handler may do: apply effects through the activity, open tasks, move timers.

Determinism: ids come from ``workflow.uuid4()``, time from ``workflow.now()``; every side effect
goes through the ``commit_step`` activity, so handlers stay pure orchestration.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy, SearchAttributeUpdate
from temporalio.exceptions import ActivityError

from casetrail import search_attributes
from casetrail.roles import Role
from casetrail.statuses import DeadlineStatus

from .issuers import ISSUED_BY
from .moves import NO_HANDLER, Moves
from .phases import Phase
from .state import CaseState, PendingTask, Timer
from .types import (
    Actor,
    AppliedStep,
    AvObligationDraft,
    AvStorageMoved,
    DeadlineDraft,
    IssuedDocumentRef,
    IssueDocument,
    RecordDraft,
    StepEffects,
    TaskClosure,
    TaskDecision,
    TaskDraft,
)

with workflow.unsafe.imports_passed_through():
    from casetrail.activities import case_store, deadlines
    from casetrail.activities.deadlines import ComputedDeadline, DeadlineQuery
    from casetrail.rules.periods import Pause, Period

# Asia/Shanghai without ZoneInfo, which fails in the sandbox (DESIGN.md); China has no DST.
CST = timezone(timedelta(hours=8))

T = TypeVar("T")

ACTIVITY_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(seconds=30))
# Rendering a long document takes seconds; the activity heartbeats every 2 s while it renders.
DOCUMENT_TIMEOUT = timedelta(minutes=5)
DOCUMENT_HEARTBEAT_TIMEOUT = timedelta(seconds=30)


# Short database activities (a step's write, a deadline's computation) run as local activities: the
# worker runs them inside the workflow task instead of a round trip through the server's task queue
# each (about half of a step's server calls and most of its latency under load). Cases started
# before this change keep regular activities, so their histories replay unchanged.
LOCAL_ACTIVITIES_PATCH = "short-activities-local"
SHORT_TIMEOUT = timedelta(seconds=30)


async def short_activity(activity: Callable[[Any], Awaitable[T]], argument: Any) -> T:
    if workflow.patched(LOCAL_ACTIVITIES_PATCH):
        return await workflow.execute_local_activity(
            activity, argument, start_to_close_timeout=SHORT_TIMEOUT, retry_policy=ACTIVITY_RETRY
        )
    return await workflow.execute_activity(
        activity, argument, start_to_close_timeout=SHORT_TIMEOUT, retry_policy=ACTIVITY_RETRY
    )


async def until_next_timer(timers: Iterable[Timer], wake: Callable[[], bool]) -> None:
    """Wait until the earliest timer is due or ``wake()`` holds, whichever comes first."""
    due = min((t.due_at for t in timers), default=None)
    timeout = None if due is None else max(due - workflow.now(), timedelta(0))
    with contextlib.suppress(TimeoutError):
        await workflow.wait_condition(wake, timeout=timeout)


class CaseContext:
    def __init__(
        self,
        state: CaseState,
        on_timers_changed: Callable[[], None],
        *,
        publishes_search_attributes: bool = True,
    ) -> None:
        self.state = state
        self._on_timers_changed = on_timers_changed
        # A child workflow acting on the case (e.g. service) writes the case's records but is not the case.
        self._publishes_search_attributes = publishes_search_attributes
        # The declaration of the handler running now (handlers run one at a time, under the case's lock).
        self._running: Moves = NO_HANDLER

    @contextlib.contextmanager
    def running(self, moves: Moves) -> Iterator[None]:
        """Run a registered handler: while it runs, ``apply`` holds its phase changes to ``moves``."""
        outer, self._running = self._running, moves
        try:
            yield
        finally:
            self._running = outer

    def check_move(self, phase: Phase | None) -> None:
        """Refuse (before anything is committed) a phase change the running handler did not declare."""
        if phase is not None and not self._running.permits(self.state.phase, phase):
            raise self._running.refuse(self.state.phase, phase)

    def now(self) -> datetime:
        return workflow.now().astimezone(CST)

    # ---- tasks ---------------------------------------------------------------------------

    def task(
        self,
        kind: str,
        *,
        title: str,
        role: Role = Role.leader,
        subject: dict[str, Any],
        due_at: datetime | None = None,
    ) -> TaskDraft:
        return TaskDraft(str(workflow.uuid4()), kind, title, role, subject, due_at)

    def close_task(self, decision: TaskDecision) -> TaskClosure:
        return TaskClosure(
            decision.task_id, decision.decision, decision.opinion, decision.actor.user_id, self.now()
        )

    # ---- timers --------------------------------------------------------------------------

    def set_timer(
        self,
        key: str,
        *,
        label: str,
        due_at: datetime,
        citation: str | None,
        on_expiry: str,
        provisional: bool = False,
        wake_at: datetime | None = None,
    ) -> DeadlineDraft:
        """Start or move a deadline; the main loop re-arms its timer.

        ``wake_at``: wake earlier than ``due_at`` (a reminder); the deadline stays ``due_at``.
        """
        timer = Timer(key, label, wake_at or due_at, citation, on_expiry, provisional)
        timer.deadline_at = due_at if wake_at is not None else None
        self.state.timers[key] = timer
        self._on_timers_changed()
        return DeadlineDraft(key, label, due_at, citation, DeadlineStatus.open, provisional)

    def move_timer(self, key: str, *, due_at: datetime, provisional: bool) -> DeadlineDraft:
        """Move a running deadline (keeping how it was computed); the main loop re-arms its timer."""
        timer = self.state.timers[key]
        timer.due_at, timer.provisional = due_at, provisional
        self._on_timers_changed()
        return DeadlineDraft(key, timer.label, due_at, timer.citation, DeadlineStatus.open, provisional)

    async def compute(
        self,
        period: Period,
        *,
        start: datetime | None = None,
        pauses: Sequence[Pause] = (),
        fresh: bool = False,
    ) -> ComputedDeadline:
        """When ``period`` from ``start`` (default: now) ends, by the case's calendar, with the reason.

        ``fresh``: read the calendar from the database, not the activity worker's cache.
        """
        query = DeadlineQuery(
            start=start or self.now(),
            period=period.model_dump(mode="json"),
            pauses=[p.model_dump(mode="json") for p in pauses],
            fresh=fresh,
        )
        return await short_activity(deadlines.compute_deadline, query)

    async def arm(
        self,
        key: str,
        period: Period,
        *,
        label: str,
        on_expiry: str,
        start: datetime | None = None,
        pauses: Sequence[Pause] = (),
        computed: ComputedDeadline | None = None,
    ) -> DeadlineDraft:
        """Compute a statutory deadline and start its timer; returns the draft for ``apply``.

        ``computed``: the same period from the same start, already computed (a document stated it).
        """
        start = start or self.now()
        computed = computed or await self.compute(period, start=start, pauses=pauses)
        draft = self.set_timer(
            key,
            label=f"{label}（{computed.label}）",
            due_at=computed.end,
            citation=computed.citation,
            on_expiry=on_expiry,
            provisional=computed.provisional,
        )
        timer = self.state.timers[key]
        timer.start, timer.period = start, period.model_dump(mode="json")
        timer.base_label, timer.pauses = label, [p.model_dump(mode="json") for p in pauses]
        return draft

    async def rearm(
        self, key: str, *, period: Period | None = None, pauses: Sequence[Pause] | None = None
    ) -> DeadlineDraft:
        """Recompute a running deadline from its own start with a new period (延长) or pauses (中止)."""
        timer = self.state.timers[key]
        if timer.start is None or timer.period is None:
            raise RuntimeError(f"timer {key!r} was not armed from a statutory period")
        return await self.arm(
            key,
            period or Period.model_validate(timer.period),
            label=timer.base_label,
            on_expiry=timer.on_expiry,
            start=timer.start,
            pauses=[Pause.model_validate(p) for p in timer.pauses] if pauses is None else pauses,
        )

    def clear_timer(self, key: str, *, status: DeadlineStatus = DeadlineStatus.met) -> DeadlineDraft | None:
        timer = self.state.timers.pop(key, None)
        if timer is None:
            return None
        self._on_timers_changed()
        return DeadlineDraft(key, timer.label, timer.legal_due_at, timer.citation, status, timer.provisional)

    # ---- documents -----------------------------------------------------------------------

    async def issue(
        self, kind: str, data: dict[str, Any], *, actor: Actor | None = None, name: str | None = None
    ) -> IssuedDocumentRef:
        """Issue a document (文书) of this case: numbered, rendered, stored and audited, exactly once.

        ``data`` holds the step's own fields; agency, case number, party, cause and officers come from
        the database (explicit fields win). Missing data fails the step with the field named.
        ``name`` (default: the kind) keys the issue; a child acting on the case (service) names its own,
        since its step sequence is not the case's.
        """
        if kind not in ISSUED_BY:
            # A programming error, not the user's: the issuing path must be declared (issuers.py).
            raise RuntimeError(f"document kind {kind!r} is issued but not declared in ISSUED_BY")
        request = IssueDocument(
            case_id=self.state.start.case_id,
            step_key=self.state.next_step_key(f"document-{name or kind}"),
            kind=kind,
            data=data,
            issued_on=self.now().date().isoformat(),
            actor_id=actor.user_id if actor else None,
        )
        # By name: the activity module imports WeasyPrint, which has no place in workflow code.
        result: IssuedDocumentRef = await workflow.execute_activity(
            "issue_document",
            request,
            result_type=IssuedDocumentRef,
            start_to_close_timeout=DOCUMENT_TIMEOUT,
            heartbeat_timeout=DOCUMENT_HEARTBEAT_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
        )
        return result

    # ---- effects -------------------------------------------------------------------------

    async def apply(
        self,
        name: str,
        *,
        action: str,
        actor: Actor | None = None,
        record: RecordDraft | None = None,
        phase: Phase | None = None,
        status: str | None = None,
        open_tasks: Sequence[TaskDraft] = (),
        close_tasks: Sequence[TaskClosure] = (),
        deadlines: Sequence[DeadlineDraft | None] = (),
        av_obligations: Sequence[AvObligationDraft] = (),
        av_overdue: Sequence[str] = (),
        av_moved: Sequence[AvStorageMoved] = (),
        flags: Sequence[str] = (),
        clear_flags: Sequence[str] = (),
        detail: dict[str, Any] | None = None,
    ) -> AppliedStep:
        """Write one step's record, audit event, tasks, deadlines and read model in one transaction."""
        state = self.state
        self.check_move(phase)
        step_key = state.next_step_key(name)
        effects = StepEffects(
            case_id=state.start.case_id,
            step_key=step_key,
            at=self.now(),
            audit_action=action,
            actor_id=actor.user_id if actor else None,
            audit_detail=detail or {},
            record=record,
            phase=phase,
            status=status,
            open_tasks=list(open_tasks),
            close_tasks=list(close_tasks),
            deadlines=[d for d in deadlines if d is not None],
            # An obligation belongs to the act's step: its key defaults to the step key.
            av_obligations=[replace(o, key=o.key or step_key) for o in av_obligations],
            av_overdue=list(av_overdue),
            av_moved=list(av_moved),
            flags=[f for f in flags if f not in state.flags],
            flags_cleared=[f for f in clear_flags if f in state.flags],
        )
        # Known before the commit: the activity makes the task visible in the read model, and a
        # signer acting on it at once must pass the Update validator. Its handler then waits for
        # the lock this step holds, so it still runs after the commit.
        for task in open_tasks:
            state.tasks[task.task_id] = PendingTask(
                task.task_id, task.kind, task.title, task.role, effects.step_key
            )
        # The phase too, for the same reason: once the read model shows it, a client acts on it, and
        # the Update validator must already agree (the read model is never ahead of the workflow).
        before = (state.phase, state.status, list(state.flags))
        state.flags[:] = [f for f in state.flags if f not in effects.flags_cleared] + effects.flags
        state.phase = phase or state.phase
        state.status = status or state.status
        try:
            applied = await short_activity(case_store.commit_step, effects)
        except BaseException as error:
            state.phase, state.status = before[0], before[1]
            state.flags[:] = before[2]
            if isinstance(error, ActivityError):
                # Refused for good (the database cannot store it): the step's tasks never opened.
                for task in open_tasks:
                    state.tasks.pop(task.task_id, None)
            raise
        for closure in close_tasks:
            state.tasks.pop(closure.task_id, None)
        state.history.append(name)
        self.publish_search_attributes()
        return applied

    def publish_search_attributes(self) -> None:
        if not self._publishes_search_attributes:
            return
        # The legal deadline, not a reminder's earlier wake-up (ops search cases by when the law's time
        # runs out); histories from before the patch published the wake-up time.
        legal = workflow.patched("next-deadline-is-legal")
        timers = self.state.timers.values()
        next_due = min((t.legal_due_at if legal else t.due_at for t in timers), default=None)
        updates: list[SearchAttributeUpdate[Any]] = [
            search_attributes.CASE_PHASE.value_set(self.state.phase),
            search_attributes.NEXT_DEADLINE.value_set(next_due)
            if next_due
            else search_attributes.NEXT_DEADLINE.value_unset(),
        ]
        workflow.upsert_search_attributes(updates)
