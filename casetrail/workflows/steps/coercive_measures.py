"""Seal and seizure (查封、扣押, 行政强制法 Art. 18-28).

Normally the leader approves first (Art. 18); in an emergency officers act on the spot and report
to the leader within 24 hours, and a measure the leader disagrees with is released at once (Art. 19).
In force: 30 days, one extension of at most 30 days on approval, testing time not counted
(Art. 25, see ``testing``); a measure neither extended nor released by its end is marked overdue
and escalated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import Field
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.statuses import DeadlineStatus, MeasureStatus
from casetrail.workflows import procedure
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.procedure import Check, approval, on_expiry, on_return, step
from casetrail.workflows.state import CaseState, Measure, MeasureKind
from casetrail.workflows.types import (
    Actor,
    DeadlineDraft,
    IssuedDocumentRef,
    RecordDraft,
    StepOutcome,
    StepRequest,
    TaskClosure,
    TaskDecision,
    TaskDraft,
)

from ..fields import Choice, ItemList, LongText, SeizureId
from .act_documents import Signing, documents_fields, issue_with_list, items_text, session_data, signing_data
from .attendance import attendance_check
from .av_duties import open_av_duty
from .common import INVESTIGATION_PHASES, BeijingDatetime, not_in_future, outcome, signer_fields
from .escalation import mark_overdue
from .investigation import Item, TimedAct, act_check, act_fields
from .measures import (
    MeasureRef,
    measure_check,
    measure_of_task,
    new_measure_id,
    ordinal,
    refuse_measure,
    request_measure,
    resolve_measure,
)
from .profile_rules import citation_of

with workflow.unsafe.imports_passed_through():
    from casetrail.documents.fields import Remedies
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.deadline_text import deadline_text
    from casetrail.rules.steps import ProcedureStep

KIND = MeasureKind.seizure
OPEN = {MeasureStatus.active, MeasureStatus.overdue}
MEASURE_ZH = {"seal": "查封", "seize": "扣押"}
EMERGENCY_REQUIREMENTS = ("emergency_measure_report",)
REMEDIES = "当事人不服的，可以依法申请行政复议或者提起行政诉讼"


class SeizureRequest(Signing, TimedAct):
    measure: Annotated[Literal["seal", "seize"], Choice(seal="查封", seize="扣押")] = Field(
        description="查封或扣押"
    )
    reason: LongText = Field(min_length=1, description="理由")
    legal_basis: str = Field(min_length=1, description="依据")
    items: ItemList[Item] = Field(min_length=1, description="场所、设施或者财物清单")
    party_present: bool = Field(description="当事人是否到场")
    witness: str = Field(default="", description="当事人不到场时邀请的见证人")
    rights_told: bool = Field(
        description="是否当场告知采取措施的理由、依据以及当事人依法享有的权利、救济途径"
    )
    party_statement: LongText = Field(default="", description="当事人的陈述和申辩")
    remedies: Remedies = Field(description="决定书载明的救济途径：行政复议机关和人民法院")


class OnTheSpotSeizure(SeizureRequest):
    urgency: LongText = Field(min_length=1, description="情况紧急、需要当场实施的理由")
    taken_at: BeijingDatetime = Field(
        description="当场实施的时间：二十四小时报告期限和三十日期限自此起算（行政强制法第十九条）"
    )


def taken_not_in_future(state: CaseState, request: StepRequest, payload: Any) -> None:
    """A measure taken on the spot was not taken later than today."""
    not_in_future(payload.taken_at.date(), field="taken_at", what="当场实施时间")


def scene_check(what: str) -> Check:
    """强制法 Art. 18: tell the party the reasons, basis and remedies; a witness when the party is absent
    (a payload without ``party_present`` has the party there: the person whose liberty is restricted)."""

    def check(state: CaseState, request: StepRequest, payload: Any) -> None:
        allowed = procedure.describe_allowed(state)
        if not payload.rights_told:
            raise ProcedureViolation(
                f"实施{what}应当当场告知当事人采取措施的理由、依据以及依法享有的权利、救济途径",
                field="rights_told",
                rule="rights_told",
                citation=str(law.COERCION_18),
                allowed=allowed,
            )
        if not getattr(payload, "party_present", True) and not payload.witness.strip():
            raise ProcedureViolation(
                "当事人不到场的，应当邀请见证人到场，由见证人和执法人员在现场笔录上签名或者盖章",
                field="witness",
                rule="witness_required",
                citation=str(law.COERCION_18),
                allowed=allowed,
            )

    return check


CHECKS = (attendance_check(coercive=True), act_check(EnforcementAct.SEAL_SEIZE), scene_check("查封、扣押"))


def report_key(measure_id: str) -> str:
    return f"{measure_id}:report"


# ---- imposing: after approval, or on the spot ----------------------------------------------


@step(
    "request_seizure",
    title="申请查封、扣押",
    phases=INVESTIGATION_PHASES,
    payload=SeizureRequest,
    checks=CHECKS,
)
async def request_seizure(ctx: CaseContext, request: StepRequest, payload: SeizureRequest) -> StepOutcome:
    return await request_measure(
        ctx,
        request,
        payload,
        kind=KIND,
        task_title=f"{MEASURE_ZH[payload.measure]}审批：{ctx.state.start.cause}",
        subject=_summary(payload),
        record_title="查封扣押审批表（承办人意见）",
        action="measure.seizure_requested",
        citation=str(law.COERCION_18),
        message="已提请查封、扣押审批",
    )


@approval(KIND, title="查封、扣押审批")
async def approve_seizure(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    measure = measure_of_task(ctx.state, decision.task_id)
    await impose(
        ctx,
        measure,
        actor=decision.actor,
        approval=signer_fields(ctx, decision.actor, decision.opinion),
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, f"已批准并实施{MEASURE_ZH[measure.plan['measure']]}")


@on_return(KIND)
async def refuse_seizure(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await refuse_measure(
        ctx,
        decision,
        record_title="查封扣押审批（不予批准）",
        action="measure.seizure_refused",
        citation=str(law.COERCION_18),
        message="查封、扣押未获批准",
    )


@step(
    "seize_on_the_spot",
    title="情况紧急当场查封、扣押",
    phases=INVESTIGATION_PHASES,
    payload=OnTheSpotSeizure,
    checks=(*CHECKS, taken_not_in_future),
)
async def seize_on_the_spot(ctx: CaseContext, request: StepRequest, payload: OnTheSpotSeizure) -> StepOutcome:
    measure = Measure(
        new_measure_id(ctx.state, KIND),
        KIND,
        payload.model_dump(mode="json"),
        request.actor.name,
        emergency=True,
    )
    ctx.state.measures[measure.measure_id] = measure
    task_id = await impose(ctx, measure, actor=request.actor, approval=None)
    return outcome(ctx, "已当场实施，须在二十四小时内向负责人报告并补办批准手续", task_id=task_id)


async def impose(
    ctx: CaseContext,
    measure: Measure,
    *,
    actor: Actor,
    approval: dict[str, Any] | None,
    close_tasks: Sequence[TaskClosure] = (),
) -> str | None:
    """Put the measure in force: decision, list and scene record, its 30 days, its AV duty; on the
    spot, also the 24-hour report to the leader. Returns the report task's id, if any."""
    emergency_model = OnTheSpotSeizure if measure.emergency else SeizureRequest
    plan = emergency_model.model_validate(measure.plan)
    # On the spot, both clocks run from when the officers acted, not from when it was entered.
    started_at = plan.taken_at if isinstance(plan, OnTheSpotSeizure) else ctx.now()
    # Issued first: documents that cannot be made refuse the measure before its clock starts.
    period = await ctx.compute(national_deadlines.SEIZURE_MAX, start=started_at)
    documents = await issue_seizure_documents(
        ctx, plan, recorder=measure.requested_by, actor=actor, starts=started_at, ends=period.end
    )
    clock = await ctx.arm(
        measure.measure_id,
        national_deadlines.SEIZURE_MAX,
        label=f"{MEASURE_ZH[plan.measure]}期限（{ordinal(measure.measure_id)}）",
        on_expiry="seizure_overdue",
        start=started_at,
    )
    deadlines: list[DeadlineDraft] = [clock]
    open_tasks = []
    kinds: tuple[str, ...] = ()
    if measure.emergency:
        kinds = EMERGENCY_REQUIREMENTS
        report, task = await open_emergency_report(
            ctx,
            measure,
            label=f"紧急实施{MEASURE_ZH[plan.measure]}报告负责人并补办批准",
            task_title=f"紧急实施{MEASURE_ZH[plan.measure]}补办批准：{ctx.state.start.cause}",
            subject=_summary(plan),
            started_at=started_at,
        )
        deadlines.append(report)
        open_tasks.append(task)
    av = await open_av_duty(ctx, EnforcementAct.SEAL_SEIZE, "seizure_imposed", plan)
    measure.status, measure.started_at = MeasureStatus.active, started_at
    step_ = ProcedureStep.COERCIVE_MEASURE
    await ctx.apply(
        "seizure_imposed",
        action="measure.seizure_imposed",
        actor=actor,
        record=RecordDraft(
            kind="seizure_decision",
            title=f"{MEASURE_ZH[plan.measure]}决定书、清单及现场笔录",
            fields={
                "measure_id": measure.measure_id,
                "measure_zh": MEASURE_ZH[plan.measure],
                **act_fields(ctx, plan, av, recorded_by=measure.requested_by, step=step_, kinds=kinds),
                "imposed_at": started_at.isoformat(),
                "period_due_at": clock.due_at.isoformat(),
                "remedies": REMEDIES,
                "approval": approval
                or {"status": "情况紧急当场实施，须在二十四小时内向行政机关负责人报告并补办批准手续"},
                **documents_fields(documents),
            },
            citation=citation_of(ctx.state, step_, kinds),
        ),
        open_tasks=open_tasks,
        close_tasks=close_tasks,
        deadlines=[*deadlines, *av.deadlines],
        av_obligations=av.obligations,
    )
    return open_tasks[0].task_id if open_tasks else None


async def issue_seizure_documents(
    ctx: CaseContext, plan: SeizureRequest, *, recorder: str, actor: Actor, starts: datetime, ends: datetime
) -> list[IssuedDocumentRef]:
    """查封扣押决定书, the 清单 that names it, and the 现场笔录 of the scene (强制法 Art. 18, 24)."""
    measure = MEASURE_ZH[plan.measure]
    decision = {
        "measure": measure,
        "reason": plan.reason,
        "authorising_provision": plan.legal_basis,
        "objects_summary": items_text(plan.items),
        "place": plan.place,
        "starts_on": starts.astimezone(CST).date().isoformat(),
        # The period's end is the midnight after its last day.
        "ends_on": (ends.astimezone(CST) - timedelta(microseconds=1)).date().isoformat(),
        "remedies": plan.remedies.model_dump(),
    }
    documents = await issue_with_list(
        ctx, notice=("seizure_decision", decision), items=plan.items, list_kind="seizure_list", actor=actor
    )
    proceedings = (
        f"执法人员出示执法证件，当场告知当事人{measure}的理由、依据以及依法享有的权利、救济途径，"
        f"对{items_text(plan.items)}实施{measure}，并制作{measure}清单。"
    )
    record = {
        **session_data(plan.started_at, plan.ended_at, place=plan.place, recorder=recorder),
        **signing_data(plan),
        "measure": measure,
        "proceedings": proceedings,
        "party_present": plan.party_present,
        "party_statement": plan.party_statement or None,
        "witness": {"name": plan.witness, "role": "见证人"} if plan.witness.strip() else None,
    }
    return [*documents, await ctx.issue("on_site_record", record, actor=actor)]


async def open_emergency_report(
    ctx: CaseContext,
    measure: Measure,
    *,
    label: str,
    task_title: str,
    subject: dict[str, Any],
    started_at: datetime,
) -> tuple[DeadlineDraft, TaskDraft]:
    """A measure taken on the spot: the leader's task to approve it afterwards, due 24 hours from when
    it was taken (强制法 Art. 19), and the timer that escalates a report not made in time."""
    report = await ctx.arm(
        report_key(measure.measure_id),
        national_deadlines.EMERGENCY_MEASURE_REPORT,
        label=label,
        on_expiry="emergency_measure_report_overdue",
        start=started_at,
    )
    task = ctx.task(
        "emergency_measure",
        title=task_title,
        subject={"measure_id": measure.measure_id, **subject},
        due_at=report.due_at,
    )
    measure.task_id = task.task_id
    return report, task


def _summary(plan: SeizureRequest) -> dict[str, Any]:
    return {
        "measure": MEASURE_ZH[plan.measure],
        "reason": plan.reason,
        "legal_basis": plan.legal_basis,
        "items": [item.model_dump(mode="json") for item in plan.items],
    }


# ---- the leader's word on a measure taken on the spot (强制法 Art. 19) ----------------------


@approval("emergency_measure", title="紧急实施强制措施补办批准")
async def approve_emergency_measure(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    await _leader_word(ctx, decision, "同意")
    return outcome(ctx, "已补办批准")


@on_return("emergency_measure")
async def disagree_emergency_measure(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    """The leader holds the measure should not have been taken: it is released at once."""
    measure = measure_of_task(ctx.state, decision.task_id)
    if measure.status not in OPEN:
        await _leader_word(ctx, decision, "不同意（措施此前已解除）")
        return outcome(ctx, "负责人不同意；该措施此前已解除")
    await release(
        ctx,
        measure,
        actor=decision.actor,
        reason=f"行政机关负责人认为不应当采取该行政强制措施：{decision.opinion}",
        returned=RELEASED[measure.kind].at_once,
        citation=str(law.COERCION_19),
        close_tasks=[ctx.close_task(decision)],
        deadlines=[ctx.clear_timer(report_key(measure.measure_id), status=DeadlineStatus.met)],
    )
    return outcome(ctx, "负责人不同意，已立即解除")


async def _leader_word(ctx: CaseContext, decision: TaskDecision, verdict: str) -> None:
    measure = measure_of_task(ctx.state, decision.task_id)
    await ctx.apply(
        "emergency_measure_reviewed",
        action="measure.emergency_reviewed",
        actor=decision.actor,
        record=RecordDraft(
            kind="emergency_measure_review",
            title="紧急实施强制措施报告及补办批准",
            fields={
                "measure_id": measure.measure_id,
                "decision": verdict,
                "reported_late": report_key(measure.measure_id) not in ctx.state.timers,
                **signer_fields(ctx, decision.actor, decision.opinion),
            },
            citation=str(law.COERCION_19),
        ),
        close_tasks=[ctx.close_task(decision)],
        deadlines=[ctx.clear_timer(report_key(measure.measure_id), status=DeadlineStatus.met)],
    )


# ---- extension (延长) and release (解除) ----------------------------------------------------


class SeizureRef(MeasureRef):
    measure_id: SeizureId | None = Field(default=None, description="查封、扣押措施（本案只有一项时可不填）")


class SeizureExtension(SeizureRef):
    days: int = Field(gt=0, description="延长天数")
    reason: LongText = Field(min_length=1, description="延长理由（情况复杂）")
    party_notice: str = Field(min_length=1, description="书面告知当事人延长决定及理由的方式")


def _one_extension(state: CaseState, request: StepRequest, payload: SeizureExtension) -> None:
    measure = resolve_measure(state, KIND, payload.measure_id, OPEN)
    refusal = None
    if measure.status == MeasureStatus.overdue:
        refusal = ("seizure_expired", "查封、扣押期限已届满，不能再延长，应当依法解除")
    elif measure.extension_days or measure.extension_task_id:
        refusal = ("one_extension", "查封、扣押的期限只能延长一次")
    elif payload.days > national_deadlines.SEIZURE_EXTENSION_MAX.amount:
        limit = national_deadlines.SEIZURE_EXTENSION_MAX.label_zh()
        refusal = ("extension_max", f"延长期限不得超过{limit}")
    if refusal:
        raise ProcedureViolation(
            refusal[1],
            field="days" if refusal[0] == "extension_max" else "step",
            rule=refusal[0],
            citation=str(national_deadlines.SEIZURE_EXTENSION_MAX.citation),
            allowed=procedure.describe_allowed(state),
        )


@step(
    "request_seizure_extension",
    title="申请延长查封、扣押期限",
    phases=INVESTIGATION_PHASES,
    payload=SeizureExtension,
    checks=(_one_extension,),
)
async def request_seizure_extension(
    ctx: CaseContext, request: StepRequest, payload: SeizureExtension
) -> StepOutcome:
    measure = resolve_measure(ctx.state, KIND, payload.measure_id, OPEN)
    task = ctx.task(
        "seizure_extension",
        title=f"延长查封扣押期限审批：{ctx.state.start.cause}",
        subject={"measure_id": measure.measure_id, **payload.model_dump()},
        due_at=ctx.state.timers[measure.measure_id].due_at,
    )
    measure.extension_task_id, measure.extension_requested_days = task.task_id, payload.days
    await ctx.apply(
        "seizure_extension_request",
        action="measure.extension_requested",
        actor=request.actor,
        record=RecordDraft(
            kind="seizure_extension_request",
            title="延长查封扣押期限审批表（承办人意见）",
            fields={**payload.model_dump(), "measure_id": measure.measure_id, "handler": request.actor.name},
            citation=str(law.COERCION_25),
        ),
        open_tasks=[task],
    )
    return outcome(ctx, "已提请延长查封、扣押期限审批", task_id=task.task_id)


@approval("seizure_extension", title="延长查封、扣押期限审批")
async def approve_seizure_extension(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    measure = measure_of_task(ctx.state, decision.task_id)
    if measure.status != MeasureStatus.active:
        raise ProcedureViolation(
            "该查封、扣押已届满或已解除，不能延长，请退回该申请",
            field="decision",
            rule="seizure_not_active",
            citation=str(law.COERCION_25),
        )
    base = national_deadlines.SEIZURE_MAX
    days = measure.extension_requested_days
    clock = await ctx.rearm(measure.measure_id, period=base.model_copy(update={"amount": base.amount + days}))
    measure.extension_days, measure.extension_task_id = days, None
    await ctx.apply(
        "seizure_extended",
        action="measure.seizure_extended",
        actor=decision.actor,
        record=RecordDraft(
            kind="seizure_extension",
            title="延长查封扣押期限决定书",
            fields={
                "measure_id": measure.measure_id,
                "extended_days": days,
                "new_due_at": clock.due_at.isoformat(),
                **signer_fields(ctx, decision.actor, decision.opinion),
            },
            citation=str(law.COERCION_25),
        ),
        close_tasks=[ctx.close_task(decision)],
        deadlines=[clock],
    )
    return outcome(ctx, f"已延长{days}日，期限为{deadline_text(clock.due_at)}")


@on_return("seizure_extension")
async def refuse_seizure_extension(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    measure = measure_of_task(ctx.state, decision.task_id)
    measure.extension_task_id, measure.extension_requested_days = None, 0
    await ctx.apply(
        "seizure_extension_refused",
        action="measure.extension_refused",
        actor=decision.actor,
        record=RecordDraft(
            kind="seizure_extension_refused",
            title="延长查封扣押期限审批（不予批准）",
            fields={"measure_id": measure.measure_id, **signer_fields(ctx, decision.actor, decision.opinion)},
            citation=str(law.COERCION_25),
        ),
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "延长查封、扣押期限未获批准")


class SeizureRelease(SeizureRef):
    reason: LongText = Field(min_length=1, description="解除理由")
    returned: str = Field(min_length=1, description="退还财物情况")


@step(
    "release_seizure",
    title="解除查封、扣押",
    phases=INVESTIGATION_PHASES,
    payload=SeizureRelease,
    checks=(measure_check(KIND, OPEN),),
)
async def release_seizure(ctx: CaseContext, request: StepRequest, payload: SeizureRelease) -> StepOutcome:
    measure = resolve_measure(ctx.state, KIND, payload.measure_id, OPEN)
    await release(
        ctx,
        measure,
        actor=request.actor,
        reason=payload.reason,
        returned=payload.returned,
        citation=str(law.COERCION_28),
    )
    return outcome(ctx, "已解除查封、扣押")


@dataclass(frozen=True)
class Released:
    """How the release of a measure of one kind is recorded."""

    step: str
    action: str
    record_kind: str
    title: str
    at_once: str  # what releasing it at once means (the leader disagreed, the case was not filed)


RELEASED = {
    MeasureKind.seizure: Released(
        "seizure_released",
        "measure.seizure_released",
        "seizure_release",
        "解除查封扣押决定书",
        "立即解除，财物当场退还",
    ),
    MeasureKind.liberty: Released(
        "liberty_released",
        "measure.liberty_released",
        "liberty_release",
        "解除限制人身自由记录",
        "立即解除，当场恢复人身自由",
    ),
}


async def release(
    ctx: CaseContext,
    measure: Measure,
    *,
    actor: Actor,
    reason: str,
    returned: str,
    citation: str,
    released_at: datetime | None = None,
    extra: dict[str, Any] | None = None,
    close_tasks: Sequence[TaskClosure] = (),
    deadlines: Sequence[DeadlineDraft | None] = (),
) -> None:
    """Release the measure: stop its clock and withdraw a pending extension request. A report due to
    the leader for a measure taken on the spot stays due (强制法 Art. 19)."""
    closures = list(close_tasks)
    if measure.extension_task_id:
        closures.append(
            TaskClosure(
                measure.extension_task_id, "withdrawn", "措施已解除", actor.user_id, ctx.now(), "cancelled"
            )
        )
    was = measure.status
    how = RELEASED[measure.kind]
    await ctx.apply(
        how.step,
        action=how.action,
        actor=actor,
        record=RecordDraft(
            kind=how.record_kind,
            title=how.title,
            fields={
                "measure_id": measure.measure_id,
                "reason": reason,
                "returned": returned,
                "released_at": (released_at or ctx.now()).isoformat(),
                "was_overdue": was == MeasureStatus.overdue,
                "handler": actor.name,
                **(extra or {}),
            },
            citation=citation,
        ),
        close_tasks=closures,
        deadlines=[ctx.clear_timer(measure.measure_id, status=DeadlineStatus.met), *deadlines],
    )
    # Only once committed: a refused step leaves the measure in force, its extension request open.
    measure.status, measure.extension_task_id = MeasureStatus.released, None


# ---- overdue ------------------------------------------------------------------------------


@on_expiry("seizure_overdue", title="查封、扣押期限届满")
async def seizure_overdue(ctx: CaseContext, key: str) -> None:
    ctx.state.measures[key].status = MeasureStatus.overdue
    await mark_overdue(
        ctx, key, flag="seizure_overdue", title="查封、扣押期限届满未延长或解除", fields={"measure_id": key}
    )


@on_expiry("emergency_measure_report_overdue", title="紧急实施强制措施报告期限届满")
async def emergency_measure_report_overdue(ctx: CaseContext, key: str) -> None:
    await mark_overdue(
        ctx,
        key,
        flag="emergency_measure_report_overdue",
        title="当场实施的强制措施逾期未报告负责人补办批准",
        fields={"measure_id": key.removesuffix(":report")},
    )
