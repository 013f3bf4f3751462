"""Freezing deposits and remittances (冻结存款、汇款, 强制法 Art. 29-33).

On the leader's approval two certified officers hand the bank the freeze notice (Art. 30); the freeze
decision must reach the party within 3 working days (Art. 31); the freeze lasts 30 days, extendable
once by at most 30 on approval (Art. 32); it is released, and the bank and the party told, when the
law says so (Art. 33). If nothing is decided in time the bank lifts it when the period ends (Art. 32).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.statuses import DeadlineStatus, FreezeStatus
from casetrail.workflows.context import CaseContext
from casetrail.workflows.procedure import approval, on_expiry, on_return, step
from casetrail.workflows.state import CaseState, Freeze
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest, TaskDecision

from ..fields import Choice, FreezeId
from .attendance import Attendance, attendance_check
from .common import INVESTIGATION_PHASES, BeijingDatetime, not_in_future, outcome, signer_fields
from .escalation import mark_overdue

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.deadline_text import deadline_text


class FreezeRequest(Attendance):
    bank: str = Field(min_length=1, description="金融机构")
    account: str = Field(min_length=1, description="账户")
    amount_fen: int = Field(ge=1, description="冻结数额（分），与违法行为涉及的金额相当")
    involved_fen: int = Field(ge=1, description="违法行为涉及的金额（分）")
    reason: str = Field(min_length=1, description="冻结的理由")
    legal_basis: str = Field(min_length=1, description="冻结的依据")
    frozen_elsewhere: bool = Field(default=False, description="是否已被其他国家机关依法冻结")


def _freeze_lawful(state: CaseState, request: StepRequest, payload: FreezeRequest) -> None:
    if payload.frozen_elsewhere:
        raise ProcedureViolation(
            "存款、汇款已被其他国家机关依法冻结的，不得重复冻结",
            field="frozen_elsewhere",
            rule="no_double_freeze",
            citation=str(law.COERCION_29),
        )
    if payload.amount_fen > payload.involved_fen:
        raise ProcedureViolation(
            "冻结数额应当与违法行为涉及的金额相当，不得超出",
            field="amount_fen",
            rule="freeze_amount",
            citation=str(law.COERCION_29),
        )


@step(
    "request_freeze",
    title="申请冻结存款、汇款",
    phases=INVESTIGATION_PHASES,
    payload=FreezeRequest,
    checks=(attendance_check(coercive=True), _freeze_lawful),
)
async def request_freeze(ctx: CaseContext, request: StepRequest, payload: FreezeRequest) -> StepOutcome:
    freeze_id = f"freeze-{len(ctx.state.freezes) + 1}"
    task = ctx.task(
        "freeze",
        title=f"冻结存款、汇款审批：{ctx.state.start.cause}",
        subject={"freeze_id": freeze_id, **payload.model_dump(mode="json")},
    )
    await ctx.apply(
        "freeze_request",
        action="measure.freeze_requested",
        actor=request.actor,
        record=RecordDraft(
            kind="freeze_request",
            title="冻结存款、汇款审批表（承办人意见）",
            fields={"freeze_id": freeze_id, **payload.model_dump(mode="json"), "handler": request.actor.name},
            citation=str(law.COERCION_30),
        ),
        open_tasks=[task],
    )
    # Only once committed: a step the database refused leaves no pending freeze behind.
    ctx.state.freezes[freeze_id] = Freeze(plan=payload.model_dump(mode="json"), task_id=task.task_id)
    return outcome(ctx, "已提请冻结审批", task_id=task.task_id)


def _by_task(state: CaseState, task_id: str) -> tuple[str, Freeze]:
    return next((fid, f) for fid, f in state.freezes.items() if task_id in (f.task_id, f.extension_task))


@approval("freeze", title="冻结存款、汇款审批")
async def approve_freeze(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    freeze_id, freeze = _by_task(ctx.state, decision.task_id)
    if freeze.status == FreezeStatus.active:
        return await _extend(ctx, decision, freeze_id, freeze)
    delivery = await ctx.arm(
        f"{freeze_id}:delivery",
        national_deadlines.FREEZE_DECISION_DELIVERY,
        label="向当事人交付冻结决定书",
        on_expiry="freeze_delivery_overdue",
    )
    period = await ctx.arm(
        freeze_id, national_deadlines.FREEZE_MAX, label="冻结期限", on_expiry="freeze_period_ended"
    )
    await ctx.apply(
        "freeze_imposed",
        action="measure.freeze_imposed",
        actor=decision.actor,
        record=RecordDraft(
            kind="freeze_notice",
            title="冻结通知书（交付金融机构）",
            fields={
                "freeze_id": freeze_id,
                **freeze.plan,
                "delivery_due_at": delivery.due_at.isoformat(),
                "period_due_at": period.due_at.isoformat(),
                **signer_fields(ctx, decision.actor, decision.opinion),
            },
            citation=str(law.COERCION_30),
        ),
        close_tasks=[ctx.close_task(decision)],
        deadlines=[delivery, period],
    )
    freeze.status = FreezeStatus.active
    return outcome(ctx, f"已批准冻结，须在{deadline_text(delivery.due_at)}向当事人交付冻结决定书")


@on_return("freeze")
async def refuse_freeze(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    freeze_id, freeze = _by_task(ctx.state, decision.task_id)
    extension = (
        freeze.status == FreezeStatus.active
    )  # an extension was refused: the freeze runs on to its end
    if extension:
        title, message = "冻结延期审批（不予批准）", "冻结延期未获批准"
    else:
        title, message = "冻结审批（不予批准）", "冻结未获批准"
    await ctx.apply(
        "freeze_refused",
        action="measure.freeze_refused",
        actor=decision.actor,
        record=RecordDraft(
            kind="freeze_refused",
            title=title,
            fields={"freeze_id": freeze_id, **signer_fields(ctx, decision.actor, decision.opinion)},
        ),
        close_tasks=[ctx.close_task(decision)],
    )
    if extension:
        freeze.extension_task, freeze.extension_days = None, 0
    else:
        freeze.status = FreezeStatus.refused
    return outcome(ctx, message)


class FreezeDelivery(BaseModel):
    freeze_id: FreezeId = Field(min_length=1, description="冻结措施")
    delivered_at: BeijingDatetime = Field(description="冻结决定书交付当事人的时间")
    way: str = Field(min_length=1, description="交付方式")


def _active(state: CaseState, freeze_id: str) -> Freeze:
    freeze = state.freezes.get(freeze_id)
    if freeze is None or freeze.status != FreezeStatus.active:
        where = f"对{freeze.account}的冻结{freeze.status.title}" if freeze else "所选冻结措施不存在"
        raise ProcedureViolation(
            f"{where}，只能对正在执行的冻结措施办理",
            field="freeze_id",
            rule="freeze_not_active",
            citation=str(law.COERCION_32),
            allowed=[fid for fid, f in state.freezes.items() if f.status == FreezeStatus.active],
        )
    return freeze


def _delivery_valid(state: CaseState, request: StepRequest, payload: FreezeDelivery) -> None:
    _active(state, payload.freeze_id)
    not_in_future(payload.delivered_at.date(), field="delivered_at", what="交付时间")


@step(
    "deliver_freeze_decision",
    title="交付冻结决定书",
    phases=INVESTIGATION_PHASES,
    payload=FreezeDelivery,
    checks=(_delivery_valid,),
)
async def deliver_freeze_decision(
    ctx: CaseContext, request: StepRequest, payload: FreezeDelivery
) -> StepOutcome:
    key = f"{payload.freeze_id}:delivery"
    late = key not in ctx.state.timers
    await ctx.apply(
        "freeze_decision_delivered",
        action="measure.freeze_decision_delivered",
        actor=request.actor,
        record=RecordDraft(
            kind="freeze_decision_delivered",
            title="冻结决定书交付记录",
            fields={**payload.model_dump(mode="json"), "late": late, "recorder": request.actor.name},
            citation=str(law.COERCION_31),
        ),
        deadlines=[ctx.clear_timer(key, status=DeadlineStatus.met)],
    )
    return outcome(ctx, "已交付冻结决定书" + ("（逾期）" if late else ""))


@on_expiry("freeze_delivery_overdue", title="冻结决定书交付期限届满")
async def freeze_delivery_overdue(ctx: CaseContext, key: str) -> None:
    await mark_overdue(ctx, key, flag="freeze_delivery_overdue", title="冻结决定书未在三日内交付当事人")


class FreezeExtension(BaseModel):
    freeze_id: FreezeId = Field(min_length=1, description="冻结措施")
    days: int = Field(ge=1, le=30, description="延长天数（不超过三十日）")
    reason: str = Field(min_length=1, description="情况复杂的具体情况")


def _extension_valid(state: CaseState, request: StepRequest, payload: FreezeExtension) -> None:
    freeze = _active(state, payload.freeze_id)
    if freeze.extended or freeze.extension_task:
        raise ProcedureViolation(
            "冻结期限只能延长一次",
            field="freeze_id",
            rule="freeze_extended_once",
            citation=str(law.COERCION_32),
        )


@step(
    "request_freeze_extension",
    title="申请延长冻结期限",
    phases=INVESTIGATION_PHASES,
    payload=FreezeExtension,
    checks=(_extension_valid,),
)
async def request_freeze_extension(
    ctx: CaseContext, request: StepRequest, payload: FreezeExtension
) -> StepOutcome:
    freeze = ctx.state.freezes[payload.freeze_id]
    task = ctx.task(
        "freeze",
        title=f"延长冻结期限审批：{ctx.state.start.cause}",
        subject=payload.model_dump(mode="json"),
        due_at=ctx.state.timers[payload.freeze_id].due_at,
    )
    await ctx.apply(
        "freeze_extension_request",
        action="measure.freeze_extension_requested",
        actor=request.actor,
        record=RecordDraft(
            kind="freeze_extension_request",
            title="延长冻结期限审批表（承办人意见）",
            fields={**payload.model_dump(mode="json"), "handler": request.actor.name},
            citation=str(law.COERCION_32),
        ),
        open_tasks=[task],
    )
    freeze.extension_task, freeze.extension_days = task.task_id, payload.days
    return outcome(ctx, "已提请延长冻结期限审批", task_id=task.task_id)


async def _extend(ctx: CaseContext, decision: TaskDecision, freeze_id: str, freeze: Freeze) -> StepOutcome:
    base = national_deadlines.FREEZE_MAX
    days = freeze.extension_days
    period = await ctx.rearm(freeze_id, period=base.model_copy(update={"amount": base.amount + days}))
    await ctx.apply(
        "freeze_extended",
        action="measure.freeze_extended",
        actor=decision.actor,
        record=RecordDraft(
            kind="freeze_extension",
            title="延长冻结期限决定（书面告知当事人）",
            fields={
                "freeze_id": freeze_id,
                "extended_days": days,
                "new_due_at": period.due_at.isoformat(),
                **signer_fields(ctx, decision.actor, decision.opinion),
            },
            citation=str(law.COERCION_32),
        ),
        close_tasks=[ctx.close_task(decision)],
        deadlines=[period],
    )
    freeze.extended, freeze.extension_task, freeze.extension_days = True, None, 0
    return outcome(ctx, f"已批准延长冻结期限，新的期限为{deadline_text(period.due_at)}")


RELEASE_ZH = {
    "no_violation": "当事人没有违法行为",
    "unrelated": "冻结的存款、汇款与违法行为无关",
    "no_longer_needed": "行政机关对违法行为已经作出处理决定，不再需要冻结",
    "decided": "冻结期限已经届满",
    "other": "其他不再需要采取冻结措施的情形",
}
ReleaseReason = Annotated[
    Literal["no_violation", "unrelated", "no_longer_needed", "decided", "other"], Choice(**RELEASE_ZH)
]


class FreezeRelease(BaseModel):
    freeze_id: FreezeId = Field(min_length=1, description="冻结措施")
    reason: ReleaseReason = Field(description="解除冻结的法定情形")
    bank_notified: bool = Field(description="是否已通知金融机构")
    party_notified: bool = Field(description="是否已通知当事人")


def _release_valid(state: CaseState, request: StepRequest, payload: FreezeRelease) -> None:
    _active(state, payload.freeze_id)
    if not (payload.bank_notified and payload.party_notified):
        raise ProcedureViolation(
            "解除冻结的，应当及时通知金融机构和当事人",
            field="bank_notified" if not payload.bank_notified else "party_notified",
            rule="release_notice",
            citation=str(law.COERCION_33),
        )


@step(
    "release_freeze",
    title="解除冻结",
    phases=INVESTIGATION_PHASES,
    payload=FreezeRelease,
    checks=(_release_valid,),
)
async def release_freeze(ctx: CaseContext, request: StepRequest, payload: FreezeRelease) -> StepOutcome:
    await ctx.apply(
        "freeze_released",
        action="measure.freeze_released",
        actor=request.actor,
        record=RecordDraft(
            kind="freeze_release",
            title="解除冻结决定书",
            fields={**payload.model_dump(mode="json"), "reason_zh": RELEASE_ZH[payload.reason]},
            citation=str(law.COERCION_33),
        ),
        deadlines=[
            ctx.clear_timer(payload.freeze_id, status=DeadlineStatus.met),
            ctx.clear_timer(f"{payload.freeze_id}:delivery", status=DeadlineStatus.cancelled),
        ],
    )
    ctx.state.freezes[payload.freeze_id].status = FreezeStatus.released
    return outcome(ctx, "已解除冻结并通知金融机构和当事人")


@on_expiry("freeze_period_ended", title="冻结期限届满")
async def freeze_period_ended(ctx: CaseContext, key: str) -> None:
    """Art. 32: nothing decided in time, the bank lifts the freeze when the period ends."""
    await mark_overdue(
        ctx, key, flag="freeze_period_ended", title="冻结期限届满未作出处理决定，金融机构应当解除冻结"
    )
    ctx.state.freezes[key].status = FreezeStatus.lapsed
