"""Measures (先行登记保存 / 查封扣押): requesting one, and finding the one a step or approval is about."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from casetrail.errors import InvalidInput
from casetrail.statuses import MeasureStatus
from casetrail.workflows.context import CaseContext
from casetrail.workflows.procedure import Check
from casetrail.workflows.state import CaseState, Measure, MeasureKind
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest, TaskDecision

from .common import outcome, signer_fields


class MeasureRef(BaseModel):
    measure_id: str | None = Field(default=None, description="措施编号（本案只有一项时可不填）")


def new_measure_id(state: CaseState, kind: MeasureKind) -> str:
    return f"{kind}-{sum(1 for m in state.measures.values() if m.kind == kind) + 1}"


def ordinal(measure_id: str) -> str:
    """How a person names a measure in a label or message: its order in the case (第2项), not its id."""
    return f"第{measure_id.rsplit('-', 1)[-1]}项"


def resolve_measure(
    state: CaseState, kind: MeasureKind, measure_id: str | None, statuses: set[MeasureStatus]
) -> Measure:
    """The measure named, or the only one of ``kind`` in ``statuses``; 422 listing the candidates."""
    candidates = [m for m in state.measures.values() if m.kind == kind and m.status in statuses]
    if measure_id is not None:
        found = [m for m in candidates if m.measure_id == measure_id]
    else:
        found = candidates if len(candidates) == 1 else []
    if len(found) != 1:
        raise InvalidInput(
            f"所填的措施编号不是本案可办理的{kind.title_zh}措施，请从可办理的措施中选择"
            if measure_id
            else f"本案有多项可办理的{kind.title_zh}措施，请填写措施编号"
            if candidates
            else f"本案没有可办理的{kind.title_zh}措施",
            field="measure_id",
            rule="measure_not_found",
            allowed=[m.measure_id for m in candidates],
        )
    return found[0]


def measure_of_task(state: CaseState, task_id: str) -> Measure:
    return next(m for m in state.measures.values() if task_id in (m.task_id, m.extension_task_id))


def measure_check(kind: MeasureKind, statuses: set[MeasureStatus]) -> Check:
    """Refuse in the validator a step about a measure that does not exist or is not in ``statuses``."""

    def check(state: CaseState, request: StepRequest, payload: MeasureRef) -> None:
        resolve_measure(state, kind, payload.measure_id, statuses)

    return check


async def request_measure(
    ctx: CaseContext,
    request: StepRequest,
    payload: BaseModel,
    *,
    kind: MeasureKind,
    task_title: str,
    subject: dict[str, Any],
    record_title: str,
    action: str,
    citation: str,
    message: str,
) -> StepOutcome:
    """The handler asks the leader to approve a measure: kept in the state, its task opened, recorded."""
    plan = payload.model_dump(mode="json")
    measure = Measure(new_measure_id(ctx.state, kind), kind, plan, request.actor.name)
    task = ctx.task(kind, title=task_title, subject={"measure_id": measure.measure_id, **subject})
    measure.task_id = task.task_id
    record_kind = f"{kind}_request"
    await ctx.apply(
        record_kind,
        action=action,
        actor=request.actor,
        record=RecordDraft(
            kind=record_kind,
            title=record_title,
            fields={"measure_id": measure.measure_id, **plan, "handler": request.actor.name},
            citation=citation,
        ),
        open_tasks=[task],
    )
    # Only once committed: a step the database refused leaves no pending measure behind.
    ctx.state.measures[measure.measure_id] = measure
    return outcome(ctx, message, task_id=task.task_id)


async def refuse_measure(
    ctx: CaseContext, decision: TaskDecision, *, record_title: str, action: str, citation: str, message: str
) -> StepOutcome:
    """The leader does not approve a requested measure: it is refused and the refusal recorded."""
    measure = measure_of_task(ctx.state, decision.task_id)
    record_kind = f"{measure.kind}_refused"
    await ctx.apply(
        record_kind,
        action=action,
        actor=decision.actor,
        record=RecordDraft(
            kind=record_kind,
            title=record_title,
            fields={"measure_id": measure.measure_id, **signer_fields(ctx, decision.actor, decision.opinion)},
            citation=citation,
        ),
        close_tasks=[ctx.close_task(decision)],
    )
    measure.status = MeasureStatus.refused
    return outcome(ctx, message)
