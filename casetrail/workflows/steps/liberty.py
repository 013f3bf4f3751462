"""Restricting a citizen's liberty (限制公民人身自由, 行政强制法 Art. 9(1), 10, 18, 20).

Only a 法律 may set this measure (Art. 10): the officers name the law and its article, and the
period that law allows, in hours. It is taken like any coercive measure (Art. 18: the leader's
approval, two certified officers, the party heard, a 现场笔录), or on the spot in an emergency, then
reported to the leader on return for approval (Art. 19, 20(2)). The family is told on the spot or at
once afterwards of the agency, the place and the period (Art. 20(1)). The period runs as a durable
timer: a restriction not released by its end is marked overdue (Art. 20: 不得超过法定期限). It is
released as soon as its purpose is achieved or its conditions are gone (Art. 20).

The recording duty is the profile's: mandatory and uninterrupted under 山西 Art. 10(5) and 广东
Art. 16/19, mandatory under 泰安 Art. 15 and 明山 Art. 15.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.statuses import MeasureStatus
from casetrail.workflows import procedure
from casetrail.workflows.context import CaseContext
from casetrail.workflows.procedure import approval, on_expiry, on_return, step
from casetrail.workflows.state import CaseState, Measure, MeasureKind
from casetrail.workflows.types import (
    Actor,
    DeadlineDraft,
    RecordDraft,
    StepOutcome,
    StepRequest,
    TaskClosure,
    TaskDecision,
    TaskDraft,
)

from ..fields import BeijingDateTime, Choice, LibertyId, LongText, NowRequiredText
from .act_documents import Signing, documents_fields, session_data, signing_data
from .attendance import attendance_check
from .av_duties import open_av_duty
from .coercive_measures import open_emergency_report, release, scene_check, taken_not_in_future
from .common import INVESTIGATION_PHASES, not_in_future, outcome, signer_fields
from .escalation import mark_overdue
from .investigation import TimedAct, act_check, act_fields
from .measures import (
    MeasureRef,
    measure_of_task,
    new_measure_id,
    refuse_measure,
    request_measure,
    resolve_measure,
)
from .profile_rules import applicable

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.deadline_text import deadline_text
    from casetrail.rules.periods import hours
    from casetrail.rules.steps import ProcedureStep

KIND = MeasureKind.liberty
OPEN = {MeasureStatus.active, MeasureStatus.overdue}
WHAT = "限制公民人身自由"
# The longest period a law gives (治安管理处罚法 Art. 83 继续盘问: 48 hours; isolation and treatment
# measures run in days): a bound against a slip of the keyboard, not a rule.
MAX_HOURS = 24 * 90
# Names of texts below 法律, which may not set this measure (强制法 Art. 10).
NOT_A_LAW = ("条例", "规定", "办法", "细则", "规则", "意见", "通知")
# The 查封扣押 decision is no record of this measure: its scene record and the report are.
NOT_RECORDED_HERE = {"coercive_measure_decision"}
EMERGENCY_REQUIREMENTS = ("emergency_measure_report",)


class LibertyRestriction(Signing, TimedAct):
    person: str = Field(min_length=1, description="被限制人身自由的公民")
    reason: LongText = Field(min_length=1, description="限制人身自由的理由")
    law_name: NowRequiredText = Field(
        default="", description="设定该措施的法律名称（只有法律可以设定，行政强制法第十条）"
    )
    law_article: NowRequiredText = Field(default="", description="该法律的条款")
    period_hours: int = Field(
        gt=0, le=MAX_HOURS, description="该法律规定的期限（小时），自实施时起算，不得超过"
    )
    held_at: str = Field(min_length=1, description="限制人身自由的场所")
    rights_told: bool = Field(
        description="是否当场告知采取措施的理由、依据以及当事人依法享有的权利、救济途径"
    )
    party_statement: LongText = Field(default="", description="当事人的陈述和申辩")


class OnTheSpotLibertyRestriction(LibertyRestriction):
    urgency: LongText = Field(min_length=1, description="情况紧急、需要当场实施的理由")
    taken_at: BeijingDateTime = Field(
        description="当场实施的时间：法定期限和报告负责人的期限自此起算（行政强制法第十九条、第二十条）"
    )


def _set_by_law(state: CaseState, request: StepRequest, payload: LibertyRestriction) -> None:
    """Art. 10: only a 法律 sets it; 行政法规, 地方性法规 and 规章 may not."""
    basis = f"{law.COERCION_10}、{law.COERCION_9_1}"
    allowed = procedure.describe_allowed(state)
    title = payload.law_name.strip().strip("《》 ")
    for field, value, what in (("law_name", title, "法律名称"), ("law_article", payload.law_article, "条款")):
        if not value.strip():
            raise ProcedureViolation(
                f"限制公民人身自由只能依照法律实施，须写明设定该措施的{what}",
                field=field,
                rule="liberty_legal_basis",
                citation=basis,
                allowed=allowed,
            )
    if title.endswith(NOT_A_LAW):
        raise ProcedureViolation(
            f"《{title}》不是法律：限制公民人身自由的行政强制措施只能由法律设定，"
            "行政法规、地方性法规和规章不得设定",
            field="law_name",
            rule="liberty_set_by_law_only",
            citation=basis,
            allowed=allowed,
        )


CHECKS = (
    _set_by_law,
    attendance_check(coercive=True),
    act_check(EnforcementAct.RESTRICT_LIBERTY),
    scene_check(WHAT),
)


def _summary(plan: LibertyRestriction) -> dict[str, Any]:
    return {
        "measure": WHAT,
        "person": plan.person,
        "reason": plan.reason,
        "legal_basis": _basis(plan),
        "period_hours": plan.period_hours,
        "held_at": plan.held_at,
    }


def _basis(plan: LibertyRestriction) -> str:
    return f"《{plan.law_name.strip().strip('《》 ')}》{plan.law_article.strip()}"


# ---- taking it: after approval, or on the spot ------------------------------------------------


@step(
    "request_liberty_restriction",
    title="申请限制公民人身自由",
    phases=INVESTIGATION_PHASES,
    payload=LibertyRestriction,
    checks=CHECKS,
)
async def request_liberty_restriction(
    ctx: CaseContext, request: StepRequest, payload: LibertyRestriction
) -> StepOutcome:
    return await request_measure(
        ctx,
        request,
        payload,
        kind=KIND,
        task_title=f"限制人身自由审批：{ctx.state.start.cause}",
        subject=_summary(payload),
        record_title="限制人身自由审批表（承办人意见）",
        action="measure.liberty_requested",
        citation=f"{law.COERCION_18}、{law.COERCION_20}",
        message="已提请限制人身自由审批",
    )


@approval(KIND, title="限制人身自由审批")
async def approve_liberty_restriction(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    measure = measure_of_task(ctx.state, decision.task_id)
    due = await impose(
        ctx,
        measure,
        actor=decision.actor,
        approval=signer_fields(ctx, decision.actor, decision.opinion),
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, f"已批准并实施限制人身自由，期限至{deadline_text(due.due_at)}；应当立即通知其家属")


@on_return(KIND)
async def refuse_liberty_restriction(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await refuse_measure(
        ctx,
        decision,
        record_title="限制人身自由审批（不予批准）",
        action="measure.liberty_refused",
        citation=str(law.COERCION_18),
        message="限制人身自由未获批准",
    )


@step(
    "restrict_liberty_on_the_spot",
    title="情况紧急当场限制人身自由",
    phases=INVESTIGATION_PHASES,
    payload=OnTheSpotLibertyRestriction,
    checks=(*CHECKS, taken_not_in_future),
)
async def restrict_liberty_on_the_spot(
    ctx: CaseContext, request: StepRequest, payload: OnTheSpotLibertyRestriction
) -> StepOutcome:
    measure = Measure(
        new_measure_id(ctx.state, KIND),
        KIND,
        payload.model_dump(mode="json"),
        request.actor.name,
        emergency=True,
    )
    ctx.state.measures[measure.measure_id] = measure
    due = await impose(ctx, measure, actor=request.actor, approval=None)
    return outcome(
        ctx,
        f"已当场实施，期限至{deadline_text(due.due_at)}；应当立即通知其家属，返回后立即报告负责人并补办批准手续",
        task_id=measure.task_id,
    )


async def impose(
    ctx: CaseContext,
    measure: Measure,
    *,
    actor: Actor,
    approval: dict[str, Any] | None,
    close_tasks: Sequence[TaskClosure] = (),
) -> DeadlineDraft:
    """The restriction in force: its 现场笔录, its legal period, its AV duty; on the spot, the report
    to the leader too. Returns its period's deadline."""
    plan = (OnTheSpotLibertyRestriction if measure.emergency else LibertyRestriction).model_validate(
        measure.plan
    )
    started_at = plan.taken_at if isinstance(plan, OnTheSpotLibertyRestriction) else ctx.now()
    # Issued first: a record that cannot be made refuses the measure before its clock starts.
    scene = await ctx.issue("on_site_record", _scene_record(plan, recorder=measure.requested_by), actor=actor)
    clock = await ctx.arm(
        measure.measure_id,
        hours(plan.period_hours, law.COERCION_20),
        label=f"限制{plan.person}人身自由的法定期限",
        on_expiry="liberty_overdue",
        start=started_at,
    )
    deadlines: list[DeadlineDraft] = [clock]
    open_tasks: list[TaskDraft] = []
    kinds: tuple[str, ...] = ()
    cited = [law.COERCION_18, law.COERCION_20]
    if measure.emergency:
        kinds, cited = EMERGENCY_REQUIREMENTS, [*cited, law.COERCION_19]
        report, task = await open_emergency_report(
            ctx,
            measure,
            label="当场限制人身自由，返回行政机关后立即报告负责人并补办批准",
            task_title=f"当场限制人身自由补办批准：{ctx.state.start.cause}",
            subject=_summary(plan),
            started_at=started_at,
        )
        deadlines.append(report)
        open_tasks.append(task)
    av = await open_av_duty(ctx, EnforcementAct.RESTRICT_LIBERTY, "liberty_imposed", plan)
    measure.status, measure.started_at, measure.period_due_at = MeasureStatus.active, started_at, clock.due_at
    requirements = [
        r
        for r in applicable(ctx.state, ProcedureStep.COERCIVE_MEASURE, kinds)
        if r.record_kind not in NOT_RECORDED_HERE
    ]
    await ctx.apply(
        "liberty_imposed",
        action="measure.liberty_imposed",
        actor=actor,
        record=RecordDraft(
            kind="liberty_restriction",
            title="限制公民人身自由现场笔录",
            fields={
                "measure_id": measure.measure_id,
                "measure_zh": WHAT,
                **act_fields(ctx, plan, av, recorded_by=measure.requested_by),
                "legal_basis": _basis(plan),
                "imposed_at": started_at.isoformat(),
                "period_due_at": clock.due_at.isoformat(),
                "requirements": [
                    {"title": r.title_zh, "fields": list(r.fields), "citation": str(r.citation)}
                    for r in requirements
                ],
                "approval": approval
                or {"status": "情况紧急当场实施，返回行政机关后应当立即向负责人报告并补办批准手续"},
                **documents_fields([scene]),
            },
            citation="、".join(dict.fromkeys([*map(str, cited), *(str(r.citation) for r in requirements)])),
        ),
        open_tasks=open_tasks,
        close_tasks=close_tasks,
        deadlines=[*deadlines, *av.deadlines],
        av_obligations=av.obligations,
    )
    return clock


def _scene_record(plan: LibertyRestriction, *, recorder: str) -> dict[str, Any]:
    """The 现场笔录 (强制法 Art. 18(7)): the officers, the basis and period told, the party heard."""
    proceedings = (
        f"执法人员出示执法证件，依照{_basis(plan)}，对{plan.person}实施限制人身自由，"
        f"场所为{plan.held_at}，期限为{plan.period_hours}小时；当场告知其采取措施的理由、依据以及依法享有的"
        f"权利、救济途径，听取其陈述和申辩。理由：{plan.reason}"
    )
    return {
        **session_data(plan.started_at, plan.ended_at, place=plan.place, recorder=recorder),
        **signing_data(plan),
        "measure": WHAT,
        "proceedings": proceedings,
        "party_present": True,
        "party_statement": plan.party_statement or None,
        "witness": None,
    }


def _minute(moment: datetime) -> datetime:
    """A form's times have minutes only: a time in the minute the measure began is not before it."""
    return moment.replace(second=0, microsecond=0)


# ---- telling the family (强制法 Art. 20(1)) --------------------------------------------------------


class LibertyRef(MeasureRef):
    measure_id: LibertyId | None = Field(default=None, description="限制人身自由措施（本案只有一项时可不填）")


NOTICE_WAYS = {
    "on_the_spot": "当场告知",
    "telephone": "电话通知",
    "text_message": "短信通知",
    "in_writing": "书面通知",
    "in_person": "上门通知",
}
NoticeWay = Annotated[
    Literal["on_the_spot", "telephone", "text_message", "in_writing", "in_person"], Choice(**NOTICE_WAYS)
]


class FamilyNotice(LibertyRef):
    family_member: str = Field(min_length=1, description="被通知的家属姓名")
    relation: str = Field(min_length=1, description="与当事人的关系")
    way: NoticeWay = Field(description="告知或者通知的方式")
    notified_at: BeijingDateTime = Field(description="告知或者通知的时间")


def _notice_valid(state: CaseState, request: StepRequest, payload: FamilyNotice) -> None:
    measure = resolve_measure(state, KIND, payload.measure_id, OPEN | {MeasureStatus.released})
    not_in_future(payload.notified_at.date(), field="notified_at", what="通知时间")
    if measure.started_at and payload.notified_at < _minute(measure.started_at):
        raise InvalidInput(
            "通知家属的时间不能早于实施限制人身自由的时间",
            field="notified_at",
            rule="notice_after_measure",
            citation=str(law.COERCION_20),
        )


@step(
    "notify_liberty_family",
    title="通知被限制人身自由者的家属",
    phases=INVESTIGATION_PHASES,
    payload=FamilyNotice,
    checks=(_notice_valid,),
)
async def notify_liberty_family(ctx: CaseContext, request: StepRequest, payload: FamilyNotice) -> StepOutcome:
    measure = resolve_measure(ctx.state, KIND, payload.measure_id, OPEN | {MeasureStatus.released})
    plan = LibertyRestriction.model_validate(measure.plan)
    due = ctx.state.timers.get(measure.measure_id)
    assert measure.started_at is not None
    await ctx.apply(
        "liberty_family_notified",
        action="measure.liberty_family_notified",
        actor=request.actor,
        record=RecordDraft(
            kind="liberty_family_notice",
            title="限制人身自由通知家属记录",
            fields={
                "measure_id": measure.measure_id,
                "person": plan.person,
                "family_member": payload.family_member,
                "relation": payload.relation,
                "way": NOTICE_WAYS[payload.way],
                "notified_at": payload.notified_at.isoformat(),
                # What Art. 20(1) says the family is told: the agency, the place and the period.
                "agency": ctx.state.start.agency_name,
                "held_at": plan.held_at,
                "period_hours": plan.period_hours,
                "period_due_at": due.legal_due_at.isoformat() if due else None,
                "minutes_after_measure": int(
                    (payload.notified_at - measure.started_at).total_seconds() // 60
                ),
                "recorder": request.actor.name,
            },
            citation=str(law.COERCION_20),
        ),
    )
    measure.family_notified = True
    return outcome(ctx, f"已记录{NOTICE_WAYS[payload.way]}家属{payload.family_member}")


# ---- release (强制法 Art. 20: 目的已经达到或者条件已经消失，应当立即解除) -------------------------


RELEASE_GROUNDS = {
    "purpose_achieved": "实施行政强制措施的目的已经达到",
    "conditions_gone": "实施行政强制措施的条件已经消失",
    "period_ended": "法定期限届满",
}
ReleaseGround = Annotated[
    Literal["purpose_achieved", "conditions_gone", "period_ended"], Choice(**RELEASE_GROUNDS)
]


class LibertyRelease(LibertyRef):
    ground: ReleaseGround = Field(description="解除的情形")
    detail: LongText = Field(min_length=1, description="解除的具体情况")
    released_at: BeijingDateTime = Field(description="恢复人身自由的时间")


def _release_valid(state: CaseState, request: StepRequest, payload: LibertyRelease) -> None:
    measure = resolve_measure(state, KIND, payload.measure_id, OPEN)
    not_in_future(payload.released_at.date(), field="released_at", what="解除时间")
    if measure.started_at and payload.released_at < _minute(measure.started_at):
        raise InvalidInput(
            "解除时间不能早于实施限制人身自由的时间", field="released_at", rule="release_after_measure"
        )


@step(
    "release_liberty",
    title="解除限制人身自由",
    phases=INVESTIGATION_PHASES,
    payload=LibertyRelease,
    checks=(_release_valid,),
)
async def release_liberty(ctx: CaseContext, request: StepRequest, payload: LibertyRelease) -> StepOutcome:
    measure = resolve_measure(ctx.state, KIND, payload.measure_id, OPEN)
    plan = LibertyRestriction.model_validate(measure.plan)
    await release(
        ctx,
        measure,
        actor=request.actor,
        reason=f"{RELEASE_GROUNDS[payload.ground]}：{payload.detail}",
        returned=f"已恢复{plan.person}的人身自由"
        + ("" if measure.family_notified else "（尚未记录通知家属）"),
        citation=str(law.COERCION_20),
        released_at=payload.released_at,
        extra={
            "person": plan.person,
            "family_notified": measure.family_notified,
            "period_due_at": measure.period_due_at.isoformat() if measure.period_due_at else None,
            # 强制法 Art. 20: 不得超过法定期限.
            "within_legal_period": bool(
                measure.period_due_at and payload.released_at <= measure.period_due_at
            ),
        },
    )
    return outcome(ctx, f"已解除对{plan.person}的限制人身自由")


@on_expiry("liberty_overdue", title="限制人身自由法定期限届满")
async def liberty_overdue(ctx: CaseContext, key: str) -> None:
    measure = ctx.state.measures[key]
    measure.status = MeasureStatus.overdue
    await mark_overdue(
        ctx,
        key,
        flag="liberty_overdue",
        title="限制人身自由超过法定期限仍未解除",
        fields={"measure_id": key, "family_notified": measure.family_notified},
    )
