"""One workflow per enforcement case (案件): it owns the procedure state and the statutory timers.

Officers and leaders act through Updates whose validators refuse illegal procedure with the
citation; each handler runs under one lock, so steps apply in order. The main loop only waits for
the earliest deadline (a movable durable timer) and continues-as-new when history grows.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from temporalio import workflow

from casetrail.errors import CasetrailError

from . import procedure
from .context import CaseContext, until_next_timer
from .deadline_recompute import recompute_deadlines
from .failures import to_failure
from .state import CaseState, stage_records
from .state_upgrade import ArrivingState, upgrade_state

# Importing the step modules registers the procedure's steps.
from .steps import register_all
from .steps.av_duties import arm_av_duty
from .types import (
    AvDutyOpened,
    CalendarChanged,
    CaseStart,
    ServiceResult,
    StepOutcome,
    StepRequest,
    TaskDecision,
)

register_all()


@dataclass
class CaseInput:
    start: CaseStart
    # Set when continuing as new; a state older code handed over may carry its untyped facts.
    state: ArrivingState | CaseState | None = None
    # Continue as new after this many history events even if the server has not suggested it yet
    # (the server suggests at its own limit; a lower bound keeps replay cheap and is testable).
    max_history: int | None = None


@dataclass
class CaseSnapshot:
    case_id: str
    phase: str
    status: str
    allowed_steps: list[str]
    open_tasks: list[dict[str, str]]
    deadlines: list[dict[str, str | bool | None]]
    flags: list[str]
    history: list[str]


@workflow.defn(name="Case")
class CaseWorkflow:
    @workflow.init
    def __init__(self, input: CaseInput) -> None:
        self.state = CaseState(start=input.start) if input.state is None else upgrade_state(input.state)
        self._max_history = input.max_history
        self._lock = asyncio.Lock()
        self._timers_changed = False
        self.ctx = CaseContext(self.state, self._mark_timers_changed)

    def _mark_timers_changed(self) -> None:
        self._timers_changed = True

    @workflow.run
    async def run(self, input: CaseInput) -> str:
        if input.state is None:
            async with self._lock:
                starter = procedure.STARTERS[self.state.start.start_type]
                with self.ctx.running(starter.moves):
                    await starter.handler(self.ctx)
        while not self.state.finished:
            await self._wait_for_next_deadline()
            async with self._lock:
                await self._fire_expired_timers()
            if self._should_continue_as_new():
                # Let running Update handlers finish first, or their callers would see them lost.
                await workflow.wait_condition(workflow.all_handlers_finished)
                workflow.continue_as_new(
                    CaseInput(start=self.state.start, state=self.state, max_history=self._max_history)
                )
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self.state.phase

    async def _wait_for_next_deadline(self) -> None:
        self._timers_changed = False
        await until_next_timer(
            self.state.timers.values(),
            lambda: self._timers_changed or self.state.finished or self._should_continue_as_new(),
        )

    def _should_continue_as_new(self) -> bool:
        info = workflow.info()
        if info.is_continue_as_new_suggested():
            return True
        return self._max_history is not None and info.get_current_history_length() > self._max_history

    async def _fire_expired_timers(self) -> None:
        now = workflow.now()
        for timer in sorted(self.state.timers.values(), key=lambda t: t.due_at):
            # An earlier handler may have cleared or moved this timer: look at it as it is now.
            current = self.state.timers.get(timer.key)
            if current is not None and current.due_at <= now:
                expiry = procedure.EXPIRIES[current.on_expiry]
                with self.ctx.running(expiry.moves):
                    await expiry.handler(self.ctx, current.key)

    # ---- officers' and leaders' actions ---------------------------------------------------

    @workflow.update
    async def submit_step(self, request: StepRequest) -> StepOutcome:
        async with self._lock:
            earlier = self.state.outcomes.get(request.submission_id)
            if earlier is not None:
                return earlier
            try:
                # Validate again under the lock: an earlier Update may have moved the case on.
                spec, payload = procedure.validate_step(self.state, request)
                with self.ctx.running(spec.moves):
                    outcome = await spec.handler(self.ctx, request, payload)
            except CasetrailError as error:
                raise to_failure(error) from None
            self.state.remember(request.submission_id, outcome)
            return outcome

    @submit_step.validator
    def _validate_step(self, request: StepRequest) -> None:
        if request.submission_id in self.state.outcomes:
            return  # a retry of a step already taken: answered with its outcome
        try:
            procedure.validate_step(self.state, request)
        except CasetrailError as error:
            raise to_failure(error) from None

    @workflow.update
    async def decide_task(self, decision: TaskDecision) -> StepOutcome:
        async with self._lock:
            earlier = self.state.outcomes.get(decision.submission_id)
            if earlier is not None:
                return earlier
            try:
                spec = procedure.validate_decision(self.state, decision)
                handler, moves = spec.handler_for(decision.decision)
                with self.ctx.running(moves):
                    outcome = await handler(self.ctx, decision)
            except CasetrailError as error:
                raise to_failure(error) from None
            self.state.remember(decision.submission_id, outcome)
            return outcome

    @decide_task.validator
    def _validate_decision(self, decision: TaskDecision) -> None:
        if decision.submission_id in self.state.outcomes:
            return
        try:
            procedure.validate_decision(self.state, decision)
        except CasetrailError as error:
            raise to_failure(error) from None

    # ---- the system's own events ------------------------------------------------------------

    @workflow.signal
    async def calendar_changed(self, change: CalendarChanged) -> None:
        """The working-day calendar changed: move the deadlines it decides (provisional ones above all)."""
        async with self._lock:
            if not self.state.finished:
                await recompute_deadlines(self.ctx, change)

    @workflow.signal
    async def service_completed(self, result: ServiceResult) -> None:
        """A service child reports that its document reached the party (see workflows/service.py)."""
        async with self._lock:
            served = procedure.SERVED[result.purpose]
            with self.ctx.running(served.moves):
                await served.handler(self.ctx, result)

    @workflow.signal
    async def av_duty_opened(self, opened: AvDutyOpened) -> None:
        """A service child opened a recording duty; its storage timer runs here (see workflows/service.py)."""
        async with self._lock:
            if not self.state.finished and opened.key not in self.state.av_duties:
                arm_av_duty(self.ctx, opened)

    @workflow.query
    def snapshot(self) -> CaseSnapshot:
        state = self.state
        return CaseSnapshot(
            case_id=state.start.case_id,
            phase=state.phase,
            status=state.status,
            allowed_steps=procedure.allowed_steps(state),
            open_tasks=[
                {"task_id": t.task_id, "kind": t.kind, "title": t.title} for t in state.tasks.values()
            ],
            deadlines=[
                {
                    "key": t.key,
                    "label": t.label,
                    "due_at": t.legal_due_at.isoformat(),
                    "provisional": t.provisional,
                }
                for t in state.timers.values()
            ],
            flags=list(state.flags),
            history=list(state.history),
        )

    @workflow.query
    def facts(self) -> dict[str, Any]:
        """What the stages recorded for later ones (rights, deliberation, decision …), for ops and tests."""
        return stage_records(self.state)
