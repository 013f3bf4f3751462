"""Enforcement by the agency itself (行政机关强制执行): the decision on the leader's approval, served
on the party, then carried out and recorded (强制法 Art. 37, 38, 43, 45, 46, 50-51; Xinxiang Art. 24).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.av import ActMarks, require_av
from casetrail.workflows.citations import record_citation
from casetrail.workflows.context import ACTIVITY_RETRY, CST, CaseContext
from casetrail.workflows.execution_records import EnforcementPlan
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import approval, on_return, step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import (
    RecordDraft,
    ServiceResult,
    StepOutcome,
    StepRequest,
    TaskDecision,
)

from ..fields import AmountYuan, BeijingDateTime, Choice, LongText
from .archiving import execution_ended
from .av_duties import act_recording
from .common import decision_of, outcome, signer_fields
from .document_data import document_fields, served_document
from .performance import EXECUTION_TIMERS, fine_unpaid, pending_remedy, surcharge_as_of, today
from .reminder import reminder_document_fields, reminder_of, require_reminder_expired, require_statement_heard
from .service_steps import served, start_service

with workflow.unsafe.imports_passed_through():
    from casetrail.activities.calendar_days import WorkingDay, describe_day
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.deadline_text import deadline_text
    from casetrail.rules.steps import ProcedureStep
    from casetrail.rules.surcharge import ENFORCEABLE_AFTER_DAYS

# 强制法 Art. 43 does not define 夜间; we read it as 22:00-06:00 Beijing time, the usual reading in
# enforcement practice and the night other statutes define (e.g. 噪声污染防治法).
NIGHT_STARTS, NIGHT_ENDS = 22, 6


@dataclass(frozen=True)
class Mode:
    title: str
    act: EnforcementAct | None  # the on-site act whose recording the profile may require
    monetary: bool


MODES: dict[str, Mode] = {
    "surcharge": Mode("加处罚款", None, monetary=True),
    "transfer": Mode("划拨存款、汇款", EnforcementAct.COERCIVE_EXECUTION, monetary=True),
    "auction": Mode("拍卖或者依法处理财物", EnforcementAct.COERCIVE_EXECUTION, monetary=True),
    "remove_obstruction": Mode("排除妨碍、恢复原状", EnforcementAct.REMOVE_OBSTRUCTION, monetary=False),
    "substitute": Mode("代履行", EnforcementAct.SUBSTITUTE_PERFORMANCE, monetary=False),
    # 明山 Art. 15 names 断电; 强制法 Art. 43(2) forbids it against residents' daily life.
    "stop_supply": Mode("停止供水、供电、供热、供燃气", EnforcementAct.POWER_CUT, monetary=False),
    "demolition": Mode("强制拆除", EnforcementAct.FORCED_DEMOLITION, monetary=False),
}
ModeName = Annotated[
    Literal[
        "surcharge", "transfer", "auction", "remove_obstruction", "substitute", "stop_supply", "demolition"
    ],
    Choice(
        surcharge="加处罚款或滞纳金",
        transfer="划拨存款、汇款",
        auction="拍卖或者依法处理查封、扣押的场所、设施或者财物",
        remove_obstruction="排除妨碍、恢复原状",
        substitute="代履行",
        stop_supply="停止供水、供电、供热、供燃气",
        demolition="强制拆除",
    ),
]


class EnforcementRequest(BaseModel):
    mode: ModeName = Field(description="强制执行方式")
    reasons: LongText = Field(min_length=1, description="强制执行的理由")
    basis: str = Field(min_length=1, description="强制执行的依据")
    planned_at: BeijingDateTime = Field(description="强制执行的时间")
    urgent: bool = Field(default=False, description="情况紧急")
    urgent_reason: str = Field(default="", description="情况紧急的理由")
    substitute_reminder_served_at: BeijingDateTime | None = Field(
        default=None, description="代履行催告送达时间（默认为催告书送达时间）"
    )
    supply_to_residence: bool = Field(
        default=False, description="停止供应是否涉及居民生活（居民生活不得停止供水、供电、供热、供燃气）"
    )
    demolition_notice_on: date | None = Field(default=None, description="强制拆除公告日期")
    demolition_deadline: date | None = Field(default=None, description="公告限期当事人自行拆除的最后一日")


def plan_of(state: CaseState) -> EnforcementPlan:
    """The enforcement the leader is asked to decide, or decided; its steps follow its request."""
    if state.enforcement is None:
        raise ProcedureViolation("尚未提请强制执行决定", field="step", rule="enforcement_not_requested")
    return state.enforcement


def _check_request(state: CaseState, request: StepRequest, payload: EnforcementRequest) -> None:
    require_reminder_expired(state)
    require_statement_heard(state)
    if payload.urgent and not payload.urgent_reason.strip():
        raise InvalidInput(
            "情况紧急的，须写明理由",
            field="urgent_reason",
            rule="urgent_reason_required",
            citation=str(law.COERCION_43),
        )
    if payload.planned_at < workflow.now():
        raise InvalidInput("强制执行时间不能早于当前时间", field="planned_at", rule="not_in_past")
    if payload.mode == "stop_supply" and payload.supply_to_residence:
        raise ProcedureViolation(
            "行政机关不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行行政决定",
            field="supply_to_residence",
            rule="no_supply_cut_to_residence",
            citation=str(law.COERCION_43_2),
        )
    if payload.mode == "demolition":
        _check_demolition(state, payload)
    mode = MODES[payload.mode]
    if mode.monetary and payload.mode != "surcharge" and fine_unpaid(state):
        # 强制法 Art. 46: money is taken only once the surcharge has run more than 30 days.
        surcharge = surcharge_as_of(state, today())
        if surcharge.days_counted <= ENFORCEABLE_AFTER_DAYS:
            raise ProcedureViolation(
                f"加处罚款已计{surcharge.days_counted}日，超过{ENFORCEABLE_AFTER_DAYS}日后经催告仍不履行的，"
                f"方可{mode.title}",
                field="mode",
                rule="surcharge_over_30_days",
                citation=str(national_deadlines.SURCHARGE_BEFORE_ENFORCEMENT.citation),
            )


def _check_demolition(state: CaseState, payload: EnforcementRequest) -> None:
    """强制法 Art. 44: announced with a time limit to demolish oneself; only after that limit and after the
    review and lawsuit periods have passed with neither brought."""
    citation = str(law.COERCION_44)
    if payload.demolition_notice_on is None or payload.demolition_deadline is None:
        raise ProcedureViolation(
            "强制拆除应当先予公告，限期当事人自行拆除：请填写公告日期和限期",
            field="demolition_notice_on",
            rule="demolition_notice_required",
            citation=citation,
        )
    if payload.planned_at.astimezone(CST).date() <= payload.demolition_deadline:
        raise ProcedureViolation(
            f"公告限期（至{payload.demolition_deadline.isoformat()}）届满前不得强制拆除",
            field="planned_at",
            rule="demolition_before_deadline",
            citation=citation,
        )
    if pending_remedy(state) is not None:
        raise ProcedureViolation(
            "当事人已申请行政复议或者提起行政诉讼，不得强制拆除",
            field="mode",
            rule="demolition_remedy_pending",
            citation=citation,
        )
    remedies_end = state.court_window.remedy_periods_end if state.court_window else None
    if remedies_end is None or payload.planned_at < remedies_end:
        due = f"（期限为{deadline_text(remedies_end)}）" if remedies_end else ""
        raise ProcedureViolation(
            f"申请行政复议和提起行政诉讼的法定期限届满前不得强制拆除{due}",
            field="planned_at",
            rule="demolition_before_remedy_periods",
            citation=citation,
        )


async def _require_lawful_time(ctx: CaseContext, at: datetime, *, urgent: bool, field: str) -> None:
    """No enforcement at night or on a statutory holiday or rest day unless urgent (强制法 Art. 43)."""
    if urgent:
        return
    local = at.astimezone(CST)
    if local.hour >= NIGHT_STARTS or local.hour < NIGHT_ENDS:
        raise ProcedureViolation(
            f"不得在夜间（{NIGHT_STARTS}时至次日{NIGHT_ENDS}时）实施行政强制执行，情况紧急的除外",
            field=field,
            rule="no_enforcement_at_night",
            citation=str(law.COERCION_43),
        )
    day: WorkingDay = await workflow.execute_activity(
        describe_day,
        local.date().isoformat(),
        start_to_close_timeout=timedelta(seconds=30),
        retry_policy=ACTIVITY_RETRY,
    )
    if not day.is_working:
        raise ProcedureViolation(
            f"{day.description}不是工作日，不得在法定节假日实施行政强制执行，情况紧急的除外",
            field=field,
            rule="no_enforcement_on_holidays",
            citation=str(law.COERCION_43),
        )


@step(
    "request_enforcement",
    title="提请作出强制执行决定",
    moves_to={Phase.enforcement_approval},
    phases={Phase.reminded},
    payload=EnforcementRequest,
    checks=(_check_request,),
)
async def request_enforcement(
    ctx: CaseContext, request: StepRequest, payload: EnforcementRequest
) -> StepOutcome:
    await _require_lawful_time(ctx, payload.planned_at, urgent=payload.urgent, field="planned_at")
    if payload.mode == "substitute":
        reminded = payload.substitute_reminder_served_at or reminder_of(ctx.state).served_at
        assert reminded is not None, "enforcement follows the reminder's service"
        notice = await ctx.compute(national_deadlines.SUBSTITUTE_PERFORMANCE_REMINDER, start=reminded)
        if payload.planned_at < notice.end:
            raise ProcedureViolation(
                f"代履行三日前应当催告当事人履行：最早可于{notice.end.astimezone(CST).date().isoformat()}代履行",
                field="planned_at",
                rule="substitute_reminder_3_days",
                citation=str(law.COERCION_51),
            )
    plan = payload.model_dump(mode="json")
    ctx.state.enforcement = EnforcementPlan(
        mode=payload.mode,
        reasons=payload.reasons,
        basis=payload.basis,
        planned_at=payload.planned_at,
        urgent=payload.urgent,
    )
    mode = MODES[payload.mode]
    task = ctx.task(
        "enforcement_decision",
        title=f"强制执行决定审批（{mode.title}）：{ctx.state.start.cause}",
        subject={"case_no": ctx.state.start.case_no, **plan},
    )
    await ctx.apply(
        "enforcement_request",
        action="case.enforcement_requested",
        actor=request.actor,
        record=RecordDraft(
            kind="enforcement_request",
            title="行政强制执行审批表（承办人意见）",
            fields={**plan, "mode_title": mode.title, "handler": request.actor.name},
            citation=str(law.COERCION_37),
        ),
        phase=Phase.enforcement_approval,
        open_tasks=[task],
    )
    return outcome(ctx, f"已提请强制执行决定审批（{mode.title}）", task_id=task.task_id)


@approval(
    "enforcement_decision",
    title="行政强制执行决定审批",
    phases={Phase.enforcement_approval},
    moves_to={Phase.serving_enforcement_decision},
)
async def approve_enforcement(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    plan, reminder, decided = plan_of(ctx.state), reminder_of(ctx.state), decision_of(ctx.state)
    assert reminder.served_at is not None, "enforcement follows the reminder's service"
    mode = MODES[plan.mode]
    # Issued first: a decision that cannot be made refuses the approval before service starts.
    issued = await ctx.issue(
        "enforcement_decision",
        {
            **reminder_document_fields(ctx.state),
            "remedies": decided.remedies,
            "statement_handling": reminder.statement_handling,
            "enforcement_mode": mode.title,
            "executes_on": plan.planned_at.astimezone(CST).date().isoformat(),
        },
        actor=decision.actor,
    )
    document = served_document("enforcement_decision", issued)
    child_id = await start_service(ctx, "enforcement_decision", document)
    await ctx.apply(
        "enforcement_decided",
        action="case.enforcement_decided",
        actor=decision.actor,
        record=RecordDraft(
            kind="enforcement_decision",
            title="行政强制执行决定书",
            fields={
                "文号": issued.number,
                "当事人": ctx.state.start.party.get("name"),
                "强制执行的理由和依据": f"{plan.reasons}；{plan.basis}",
                "强制执行的方式和时间": f"{mode.title}，{plan.planned_at.isoformat()}",
                "申请行政复议或者提起行政诉讼的途径和期限": "可自收到本决定书之日起六十日内申请行政复议，"
                "或者六个月内向人民法院提起行政诉讼",
                **signer_fields(ctx, decision.actor, decision.opinion),
                **document_fields(issued),
            },
            citation=record_citation(ctx.state.start, ProcedureStep.ENFORCEMENT, law.COERCION_37),
        ),
        phase=Phase.serving_enforcement_decision,
        close_tasks=[ctx.close_task(decision)],
        detail={"service_workflow_id": child_id},
    )
    return outcome(ctx, "已作出强制执行决定，开始送达")


@on_return("enforcement_decision", moves_to={Phase.reminded})
async def return_enforcement(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    ctx.state.enforcement = None
    await ctx.apply(
        "enforcement_returned",
        action="case.enforcement_returned",
        actor=decision.actor,
        record=RecordDraft(
            kind="enforcement_returned",
            title="行政强制执行审批（退回）",
            fields={"decision": "退回", **signer_fields(ctx, decision.actor, decision.opinion)},
        ),
        phase=Phase.reminded,
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "强制执行审批已退回")


@served(
    "enforcement_decision",
    title="强制执行决定书送达",
    phases={Phase.serving_enforcement_decision},
    moves_to={Phase.enforcing},
)
async def enforcement_decision_served(ctx: CaseContext, result: ServiceResult) -> None:
    await ctx.apply(
        "enforcement_decision_served",
        action="case.enforcement_decision_served",
        phase=Phase.enforcing,
        detail={"served_at": result.served_at.isoformat(), "way": result.way},
    )


class EnforcementDone(ActMarks):
    executed_at: BeijingDateTime = Field(description="执行时间")
    result: LongText = Field(min_length=1, description="执行情况")
    collected_fen: AmountYuan | None = Field(default=None, ge=0, description="划拨或拍卖所得（分）")
    av_recorded: bool = Field(default=False, description="是否音像记录")


def _check_done(state: CaseState, request: StepRequest, payload: EnforcementDone) -> None:
    if payload.executed_at > workflow.now():
        raise InvalidInput("执行时间不能晚于当前时间", field="executed_at", rule="not_in_future")
    act = MODES[plan_of(state).mode].act
    if act is not None:
        require_av(state.start, act, payload.av_recorded, circumstances=payload.circumstances)


@step(
    "record_enforcement",
    title="记录强制执行情况",
    moves_to={Phase.enforced},
    phases={Phase.enforcing},
    payload=EnforcementDone,
    checks=(_check_done,),
)
async def record_enforcement(ctx: CaseContext, request: StepRequest, payload: EnforcementDone) -> StepOutcome:
    plan = plan_of(ctx.state)
    mode = MODES[plan.mode]
    await _require_lawful_time(ctx, payload.executed_at, urgent=plan.urgent, field="executed_at")
    recording = await act_recording(
        ctx, mode.act, performed_at=payload.executed_at, recorded=payload.av_recorded, marks=payload
    )
    archive = await execution_ended(ctx, payload.executed_at)
    av = recording.attach(ctx, "enforcement_done")
    await ctx.apply(
        "enforcement_done",
        action="case.enforced",
        actor=request.actor,
        record=RecordDraft(
            kind="enforcement_record",
            title=f"强制执行记录（{mode.title}）",
            fields={**payload.model_dump(mode="json"), "mode": plan.mode, "mode_title": mode.title},
            citation=record_citation(ctx.state.start, ProcedureStep.ENFORCEMENT, law.COERCION_37),
        ),
        phase=Phase.enforced,
        deadlines=[
            *(ctx.clear_timer(key, status=DeadlineStatus.cancelled) for key in EXECUTION_TIMERS),
            archive,
            *av.deadlines,
        ],
        av_obligations=av.obligations,
    )
    return outcome(ctx, f"强制执行（{mode.title}）已执行")
