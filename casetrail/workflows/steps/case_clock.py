"""The case-handling clock (办案期限, 处罚法 Art. 60): 90 days from filing, a warning before it ends,
extension by the leader, pauses for testing where a rule says so, and the overdue mark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.workflows import procedure
from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import approval, follows, on_expiry, on_return, step
from casetrail.workflows.records import ExtensionRequested
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import DeadlineDraft, RecordDraft, StepOutcome, StepRequest, TaskDecision

from ..fields import Choice, LongText
from .common import outcome, signer_fields
from .escalation import lift_flag, mark_overdue

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_deadlines
    from casetrail.rules.case_extensions import EXTENSION_BASES, ExtensionBasis, ExtensionBasisId
    from casetrail.rules.deadline_text import deadline_text
    from casetrail.rules.periods import Pause

CLOCK = "case_handling"
WARNING = "case_handling_approaching"
# How early the case is marked as approaching its end (a service level, not a statute).
WARNING_LEAD = timedelta(days=10)
# After this patch an approved extension lifts the "approaching its end" mark (before, it stayed).
EXTENSION_LIFTS_WARNING = "extension-lifts-case-clock-warning"
EXTENSION_PHASES = {Phase.investigation}


async def start_case_clock(ctx: CaseContext, *, start: datetime | None = None) -> DeadlineDraft:
    """Arm the 90 days from ``start`` (default now: the filing) and its warning."""
    clock = await ctx.arm(
        CLOCK,
        national_deadlines.CASE_HANDLING,
        label="作出行政处罚决定",
        on_expiry="case_handling_overdue",
        start=start,
    )
    _move_warning(ctx)
    return clock


async def rearm_with_pauses(ctx: CaseContext, key: str, pauses: Sequence[Pause]) -> DeadlineDraft:
    """Re-arm a running deadline with ``pauses``; the case clock's warning follows its end."""
    draft = await ctx.rearm(key, pauses=pauses)
    if key == CLOCK:
        _move_warning(ctx)
    return draft


@follows(CLOCK)
def _move_warning(ctx: CaseContext) -> None:
    # An internal wake-up, not a statutory deadline: no Deadline row is written for it.
    clock = ctx.state.timers[CLOCK]
    ctx.set_timer(
        WARNING,
        label="办案期限即将届满提醒",
        due_at=clock.due_at - WARNING_LEAD,
        citation=clock.citation,
        on_expiry="case_handling_approaching",
    )


@on_expiry("case_handling_approaching", title="办案期限即将届满")
async def case_handling_approaching(ctx: CaseContext, key: str) -> None:
    clock = ctx.state.timers[CLOCK]
    ctx.clear_timer(key)
    await ctx.apply(
        "case_handling_approaching",
        action="deadline.approaching",
        record=RecordDraft(
            kind="deadline_approaching",
            title="办案期限即将届满提醒",
            fields={
                "deadline": clock.label,
                "due_at": clock.due_at.isoformat(),
                "warned_at": ctx.now().isoformat(),
            },
            citation=clock.citation,
        ),
        flags=["case_handling_approaching"],
    )


@on_expiry("case_handling_overdue", title="办案期限届满")
async def case_handling_overdue(ctx: CaseContext, key: str) -> None:
    """The clock ran out without a decision (处罚法 Art. 60): mark the case overdue."""
    ctx.clear_timer(WARNING)
    await mark_overdue(ctx, key, flag="case_handling_overdue", title="办案期限已届满")


# ---- extension (延长办案期限) ---------------------------------------------------------------


class CaseExtension(BaseModel):
    basis: Annotated[
        ExtensionBasisId, Choice(**{basis.value: rule.title_zh for basis, rule in EXTENSION_BASES.items()})
    ] = Field(description="延长的依据（处罚法第六十条“另有规定”）")
    days: int = Field(gt=0, description="延长天数")
    reason: LongText = Field(min_length=1, description="延长理由（案情复杂等）")
    collective_discussion: str = Field(default="", description="负责人集体讨论决定继续延期的会议纪要")

    @property
    def rule(self) -> ExtensionBasis:
        return EXTENSION_BASES[self.basis]


def _extension_within_basis(state: CaseState, request: StepRequest, payload: CaseExtension) -> None:
    """The basis caps the extension, may be used once, and may need an earlier extension first."""
    rule, used = payload.rule, state.case_extensions.bases_used
    allowed = procedure.describe_allowed(state)
    if rule.max_days is not None and payload.days > rule.max_days:
        raise ProcedureViolation(
            f"依{rule.citation}延长办案期限不得超过{rule.max_days}日（申请{payload.days}日）",
            field="days",
            rule="extension_cap",
            citation=str(rule.citation),
            allowed=allowed,
        )
    if rule.once and rule.id in used:
        raise ProcedureViolation(
            f"依{rule.citation}只能延长一次，已经延长过",
            field="basis",
            rule="extension_once",
            citation=str(rule.citation),
            allowed=allowed,
        )
    if rule.requires is not None and rule.requires not in used:
        first = EXTENSION_BASES[rule.requires]
        raise ProcedureViolation(
            f"须先依{first.citation}延长后仍不能作出决定的，方可{rule.title_zh}",
            field="basis",
            rule="extension_order",
            citation=str(rule.citation),
            allowed=allowed,
        )
    if rule.collective_discussion and not payload.collective_discussion.strip():
        raise ProcedureViolation(
            "继续延期应当由负责人集体讨论决定，须附集体讨论纪要",
            field="collective_discussion",
            rule="collective_discussion_required",
            citation=str(rule.citation),
            allowed=allowed,
        )


def _basis_fields(payload: CaseExtension) -> dict[str, Any]:
    rule = payload.rule
    return {
        "basis": rule.title_zh,
        "basis_citation": str(rule.citation),
        "cap_days": rule.max_days,
        "pauses_not_counted": list(rule.pauses),
    }


def _clock_running(state: CaseState, request: StepRequest, payload: CaseExtension) -> None:
    if CLOCK not in state.timers:
        raise ProcedureViolation(
            "办案期限未在计算或已届满，不能延长",
            field="step",
            rule="case_clock_not_running",
            citation=str(national_deadlines.CASE_HANDLING.citation),
            allowed=procedure.describe_allowed(state),
        )
    if any(task.kind == "case_extension" for task in state.tasks.values()):
        raise ProcedureViolation(
            "已有延长办案期限的申请待审批",
            field="step",
            rule="extension_pending",
            allowed=procedure.describe_allowed(state),
        )


@step(
    "request_case_extension",
    title="申请延长办案期限",
    phases=EXTENSION_PHASES,
    payload=CaseExtension,
    checks=(_clock_running, _extension_within_basis),
)
async def request_case_extension(
    ctx: CaseContext, request: StepRequest, payload: CaseExtension
) -> StepOutcome:
    clock = ctx.state.timers[CLOCK]
    task = ctx.task(
        "case_extension",
        title=f"延长办案期限审批：{ctx.state.start.cause}",
        subject={
            **payload.model_dump(mode="json"),
            **_basis_fields(payload),
            "current_due_at": clock.due_at.isoformat(),
        },
        due_at=clock.due_at,
    )
    ctx.state.case_extensions.pending[task.task_id] = ExtensionRequested(**payload.model_dump(mode="json"))
    await ctx.apply(
        "case_extension_request",
        action="case.extension_requested",
        actor=request.actor,
        record=RecordDraft(
            kind="case_extension_request",
            title="延长办案期限审批表（承办人意见）",
            fields={
                **payload.model_dump(mode="json"),
                **_basis_fields(payload),
                "current_due_at": clock.due_at.isoformat(),
                "handler": request.actor.name,
            },
            citation=str(payload.rule.citation),
        ),
        open_tasks=[task],
    )
    return outcome(ctx, "已提请延长办案期限审批", task_id=task.task_id)


@approval("case_extension", title="延长办案期限审批")
async def approve_case_extension(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    extensions = ctx.state.case_extensions
    requested = CaseExtension.model_validate(asdict(extensions.pending.pop(decision.task_id)))
    days = extensions.days + requested.days
    extensions.bases_used.append(str(requested.basis))
    base = national_deadlines.CASE_HANDLING
    clock = await ctx.rearm(CLOCK, period=base.model_copy(update={"amount": base.amount + days}))
    _move_warning(ctx)
    extensions.days = days
    await ctx.apply(
        "case_extension_approved",
        action="case.extended",
        actor=decision.actor,
        record=RecordDraft(
            kind="case_extension_approval",
            title="延长办案期限审批表（负责人审批）",
            fields={
                "decision": "同意延长",
                "extended_days": requested.days,
                "extended_days_total": days,
                **_basis_fields(requested),
                "new_due_at": clock.due_at.isoformat(),
                **signer_fields(ctx, decision.actor, decision.opinion),
            },
            citation=str(requested.rule.citation),
        ),
        close_tasks=[ctx.close_task(decision)],
        deadlines=[clock],
    )
    if ctx.state.timers[WARNING].due_at > workflow.now():
        # Extended beyond the warning's lead: the end is no longer near.
        await lift_flag(
            ctx,
            WARNING,
            title="办案期限即将届满",
            reason=f"已批准延长办案期限，新的期限为{deadline_text(clock.due_at)}",
            citation=str(requested.rule.citation),
            patch=EXTENSION_LIFTS_WARNING,
        )
    return outcome(ctx, f"已批准延长办案期限，新的期限为{deadline_text(clock.due_at)}")


@on_return("case_extension")
async def refuse_case_extension(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    ctx.state.case_extensions.pending.pop(decision.task_id, None)
    await ctx.apply(
        "case_extension_refused",
        action="case.extension_refused",
        actor=decision.actor,
        record=RecordDraft(
            kind="case_extension_refused",
            title="延长办案期限审批（不予延长）",
            fields={"decision": "不同意延长", **signer_fields(ctx, decision.actor, decision.opinion)},
        ),
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "延长办案期限未获批准")
