"""Performance of the decision (履行): the fine paid within 15 days of service, deferral or
instalments on the leader's approval, the late surcharge, review or lawsuit pausing it, and the
check that an ordered correction was made (处罚法 Art. 66, 67, 72, 73; Mingshan Art. 28, Xinxiang Art. 23).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.av import ActMarks, require_av
from casetrail.workflows.citations import record_citation
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.execution_records import (
    CorrectionChecked,
    DeferralRequested,
    DueInstalment,
    FinePayment,
    InstalmentPlan,
    Remedy,
)
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import approval, on_expiry, on_return, step
from casetrail.workflows.service_ways import day_in_cst
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import (
    DeadlineDraft,
    RecordDraft,
    ServiceResult,
    StepOutcome,
    StepRequest,
    TaskDecision,
)

from ..fields import AmountYuan, BeijingDateTime, Choice, LongText
from .archiving import execution_ended
from .av_clocks import end_running_clocks
from .av_duties import act_recording
from .common import decision_of, outcome, signer_fields
from .court_window import arm_court_window
from .escalation import mark_overdue
from .service_steps import served, withdraw_services

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.penalties import yuan_text
    from casetrail.rules.periods import Pause
    from casetrail.rules.steps import ProcedureStep
    from casetrail.rules.surcharge import SurchargeResult, late_surcharge

# While the obligation is unperformed the party may pay, seek review or sue.
PAYABLE_PHASES = {Phase.performance, Phase.overdue, Phase.serving_reminder, Phase.reminded}
CORRECTION_PHASES = {*PAYABLE_PHASES, Phase.decision_served, Phase.performed}
# Deadlines of the execution stages that end once the obligation is performed.
EXECUTION_TIMERS = ("fine_payment", "court_application_window")


def today() -> date:
    return workflow.now().astimezone(CST).date()


def last_day_of(due_at: datetime) -> date:
    """A computed deadline ends at 00:00 after its last day (legal_time): the last day itself."""
    return (due_at.astimezone(CST) - timedelta(days=1)).date()


def end_of(day: date) -> datetime:
    return day_in_cst(day + timedelta(days=1))


def served_on(state: CaseState) -> date:
    served_at = state.milestones.decision_served_at
    assert served_at is not None, "performance phases follow the decision's service"
    return served_at.astimezone(CST).date()


# ---- money owed ---------------------------------------------------------------------------


def remedy_pauses(state: CaseState, as_of: date) -> list[Pause]:
    """Review or lawsuit days, during which the surcharge does not accrue (处罚法 Art. 73)."""
    pauses = []
    for remedy in state.remedies:
        first = date.fromisoformat(remedy.filed_on)
        last = date.fromisoformat(remedy.concluded_on) if remedy.concluded_on else as_of
        if last >= first:
            title = "行政复议" if remedy.kind == "review" else "行政诉讼"
            pauses.append(
                Pause(first_day=first, last_day=last, reason=f"{title}期间", citation=law.PENALTY_73)
            )
    return pauses


def surcharge_as_of(state: CaseState, as_of: date) -> SurchargeResult:
    payment = _require_fine(state)
    return late_surcharge(payment.fine_fen, payment.last_day_date, as_of, remedy_pauses(state, as_of))


def owed_total(state: CaseState, as_of: date) -> int:
    return _require_fine(state).fine_fen + surcharge_as_of(state, as_of).amount_fen


def fine_last_day(state: CaseState) -> date:
    """The last day to pay the fine, as its clock was computed (the surcharge runs from the next day)."""
    return _require_fine(state).last_day_date


def fine_unpaid(state: CaseState) -> bool:
    return state.payment is not None and state.payment.unpaid


def yuan(fen: int) -> str:
    """An amount in a record or message: ``5,000.00元``."""
    return f"{yuan_text(fen)}元"


def _require_fine(state: CaseState) -> FinePayment:
    payment = state.payment
    if payment is None:
        raise ProcedureViolation("本案决定没有罚款，无需缴纳", field="step", rule="no_fine")
    return payment


def _not_in_future(day: date, field: str) -> None:
    if day > today():
        raise InvalidInput("日期不能晚于今天", field=field, rule="not_in_future")


def _not_before_service(state: CaseState, day: date, field: str) -> None:
    if day < served_on(state):
        raise InvalidInput("日期不能早于决定书送达之日", field=field, rule="after_service")


# ---- the decision served: performance begins -----------------------------------------------


@served(
    "decision",
    title="处罚决定书送达",
    phases={Phase.serving_decision},
    moves_to={Phase.performance, Phase.decision_served},
)
async def decision_served(ctx: CaseContext, result: ServiceResult) -> None:
    """A penalty is now to be performed, the fine within 15 days of receiving the decision
    (处罚法 Art. 67); a decision not to punish, or a transfer, has nothing left to execute."""
    ctx.state.milestones.decision_served_at = result.served_at
    deadlines = [ctx.clear_timer("decision_service", status=DeadlineStatus.met)]
    decided = decision_of(ctx.state)
    penalty = decided.is_penalty
    fine = decided.fine_fen if penalty else None
    if fine:
        clock = await ctx.arm(
            "fine_payment",
            national_deadlines.FINE_PAYMENT,
            label="缴纳罚款",
            on_expiry="fine_payment_overdue",
            start=result.served_at,
        )
        ctx.state.payment = FinePayment(fine_fen=fine, last_day=last_day_of(clock.due_at).isoformat())
        deadlines.append(clock)
    if penalty:
        deadlines.append(await arm_court_window(ctx))
    if not penalty:
        deadlines.append(await execution_ended(ctx, result.served_at))
    await ctx.apply(
        "decision_served",
        action="case.decision_served",
        phase=Phase.performance if penalty else Phase.decision_served,
        deadlines=deadlines,
        detail={"served_at": result.served_at.isoformat(), "way": result.way, "fine_fen": fine},
    )


@on_expiry(
    "fine_payment_overdue", title="缴纳罚款期限届满", phases={Phase.performance}, moves_to={Phase.overdue}
)
async def fine_payment_overdue(ctx: CaseContext, key: str) -> None:
    """Unpaid on the last day: 3 % a day is added from the next day (处罚法 Art. 72)."""
    await mark_overdue(ctx, key, name=f"{key}_overdue", flag="fine_payment_overdue", phase=Phase.overdue)


async def _performed(
    ctx: CaseContext, name: str, *, request: StepRequest, ended_on: date, record: RecordDraft
) -> None:
    withdrawn = await withdraw_services(ctx)
    done = [ctx.clear_timer(key, status=DeadlineStatus.met) for key in EXECUTION_TIMERS]
    archive = await execution_ended(ctx, day_in_cst(ended_on))
    await ctx.apply(
        name,
        action="case.performed",
        actor=request.actor,
        record=record,
        phase=Phase.performed,
        deadlines=[*done, archive],
        detail={"services_withdrawn": withdrawn},
    )


# ---- payment --------------------------------------------------------------------------------


class Payment(BaseModel):
    amount_fen: AmountYuan = Field(ge=1, description="缴纳金额（分）")
    paid_on: date = Field(description="缴纳日期")
    receipt_no: str = Field(min_length=1, description="罚没款收据或缴款凭证号")
    payer: str = Field(default="", description="缴款人")


def _check_payment(state: CaseState, request: StepRequest, payload: Payment) -> None:
    payment = _require_fine(state)
    _not_in_future(payload.paid_on, "paid_on")
    _not_before_service(state, payload.paid_on, "paid_on")
    owed = owed_total(state, payload.paid_on)
    if payment.paid_fen + payload.amount_fen > owed:
        raise InvalidInput(
            f"缴纳金额超过应缴金额：罚款及加处罚款合计{yuan(owed)}，已缴{yuan(payment.paid_fen)}",
            field="amount_fen",
            rule="not_above_owed",
            citation=str(law.PENALTY_72),
        )


@step(
    "record_payment",
    title="记录罚款缴纳",
    moves_to={Phase.performed},
    phases=PAYABLE_PHASES,
    payload=Payment,
    checks=(_check_payment,),
)
async def record_payment(ctx: CaseContext, request: StepRequest, payload: Payment) -> StepOutcome:
    payment = _require_fine(ctx.state)
    surcharge = surcharge_as_of(ctx.state, payload.paid_on)
    owed = payment.fine_fen + surcharge.amount_fen
    payment.paid_fen += payload.amount_fen
    settled = payment.paid_fen >= owed
    record = RecordDraft(
        kind="payment",
        title="罚款缴纳记录",
        fields={
            "缴纳金额（分）": payload.amount_fen,
            "缴纳日期": payload.paid_on.isoformat(),
            "收据号": payload.receipt_no,
            "缴款人": payload.payer or ctx.state.start.party.get("name"),
            "罚款（分）": payment.fine_fen,
            "加处罚款（分）": surcharge.amount_fen,
            "加处罚款计算": list(surcharge.explanation),
            "加处罚款计入天数": surcharge.days_counted,
            "复议诉讼期间不计天数": surcharge.paused_days,
            "加处罚款已达上限": surcharge.capped,
            "应缴合计（分）": owed,
            "累计已缴（分）": payment.paid_fen,
            "是否缴清": settled,
        },
        citation="；".join(str(c) for c in (law.PENALTY_67, *surcharge.citations)),
    )
    if settled:
        await _performed(ctx, "payment_settled", request=request, ended_on=payload.paid_on, record=record)
        return outcome(ctx, f"罚款已缴清（含加处罚款{yuan(surcharge.amount_fen)}）")
    moved = _next_instalment_timer(ctx) if ctx.state.phase == Phase.performance else None
    await ctx.apply(
        "payment", action="case.payment_recorded", actor=request.actor, record=record, deadlines=[moved]
    )
    return outcome(ctx, f"已记录缴纳{yuan(payload.amount_fen)}，尚欠{yuan(owed - payment.paid_fen)}")


# ---- deferral and instalments (处罚法 Art. 66) ------------------------------------------------


class Instalment(BaseModel):
    due_on: date = Field(description="本期缴纳期限")
    amount_fen: AmountYuan = Field(ge=1, description="本期金额（分）")


class DeferralRequest(BaseModel):
    kind: Annotated[
        Literal["deferral", "instalments"], Choice(deferral="暂缓缴纳", instalments="分期缴纳")
    ] = Field(description="暂缓缴纳或分期缴纳")
    reason: LongText = Field(min_length=1, description="当事人确有经济困难的理由")
    until: date | None = Field(default=None, description="暂缓至")
    instalments: list[Instalment] = Field(default_factory=list, description="分期计划")


def _check_deferral(state: CaseState, request: StepRequest, payload: DeferralRequest) -> None:
    payment = _require_fine(state)
    if payment.pending_deferral is not None:
        raise ProcedureViolation(
            "已有暂缓或分期缴纳申请待审批",
            field="step",
            rule="deferral_pending",
            citation=str(law.PENALTY_66),
        )
    last_day = payment.last_day_date
    if payload.kind == "deferral":
        if payload.until is None or payload.until <= last_day:
            raise InvalidInput(
                f"暂缓缴纳的期限应晚于当前缴款期限{last_day.isoformat()}",
                field="until",
                rule="later_than_due",
                citation=str(law.PENALTY_66),
            )
        return
    dues = [i.due_on for i in payload.instalments]
    if len(dues) < 2 or dues != sorted(set(dues)) or dues[0] <= today():
        raise InvalidInput(
            "分期缴纳至少两期，各期期限应晚于今天并依次递增",
            field="instalments",
            rule="instalment_plan",
            citation=str(law.PENALTY_66),
        )
    remaining = payment.fine_fen - payment.paid_fen
    if sum(i.amount_fen for i in payload.instalments) != remaining:
        raise InvalidInput(
            f"各期金额合计应等于未缴罚款{yuan(remaining)}",
            field="instalments",
            rule="instalments_sum",
            citation=str(law.PENALTY_66),
        )


@step(
    "request_payment_deferral",
    title="申请暂缓或者分期缴纳罚款",
    phases={Phase.performance},
    payload=DeferralRequest,
    checks=(_check_deferral,),
)
async def request_payment_deferral(
    ctx: CaseContext, request: StepRequest, payload: DeferralRequest
) -> StepOutcome:
    plan = payload.model_dump(mode="json")
    _require_fine(ctx.state).pending_deferral = DeferralRequested(
        kind=payload.kind,
        reason=payload.reason,
        until=payload.until.isoformat() if payload.until else None,
        instalments=[DueInstalment(i.due_on.isoformat(), i.amount_fen) for i in payload.instalments],
    )
    kind = "暂缓缴纳" if payload.kind == "deferral" else "分期缴纳"
    task = ctx.task(
        "payment_deferral",
        title=f"{kind}罚款审批：{ctx.state.start.cause}",
        subject={"case_no": ctx.state.start.case_no, **plan},
    )
    await ctx.apply(
        "payment_deferral_request",
        action="case.payment_deferral_requested",
        actor=request.actor,
        record=RecordDraft(
            kind="payment_deferral_request",
            title=f"{kind}罚款审批表（承办人意见）",
            fields={**plan, "handler": request.actor.name},
            citation=str(law.PENALTY_66),
        ),
        open_tasks=[task],
    )
    return outcome(ctx, f"已提请{kind}审批", task_id=task.task_id)


def _payment_timer(ctx: CaseContext, last_day: date, label: str) -> DeadlineDraft:
    _require_fine(ctx.state).last_day = last_day.isoformat()
    return ctx.set_timer(
        "fine_payment",
        label=f"{label}（至{last_day.isoformat()}）",
        due_at=end_of(last_day),
        citation=str(law.PENALTY_66),
        on_expiry="fine_payment_overdue",
    )


def _next_instalment_timer(ctx: CaseContext) -> DeadlineDraft | None:
    """Move the payment clock to the first instalment not yet covered by what was paid."""
    payment = _require_fine(ctx.state)
    if not payment.plan or "fine_payment" not in ctx.state.timers:
        return None
    covered = payment.paid_fen - payment.plan.paid_before
    cumulative = 0
    for number, instalment in enumerate(payment.plan.instalments, start=1):
        cumulative += instalment.amount_fen
        if cumulative > covered:
            return _payment_timer(ctx, date.fromisoformat(instalment.due_on), f"分期缴纳罚款第{number}期")
    return None


@approval("payment_deferral", title="暂缓或者分期缴纳罚款审批")
async def approve_deferral(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    payment = _require_fine(ctx.state)
    plan = payment.pending_deferral
    assert plan is not None, "the task is opened with the request"
    payment.pending_deferral = None
    clock: DeadlineDraft | None
    if plan.kind == "deferral":
        assert plan.until is not None, "a deferral names its day (_check_deferral)"
        clock = _payment_timer(ctx, date.fromisoformat(plan.until), "经批准暂缓缴纳罚款")
    else:
        payment.plan = InstalmentPlan(instalments=plan.instalments, paid_before=payment.paid_fen)
        clock = _next_instalment_timer(ctx)
    await ctx.apply(
        "payment_deferral_approved",
        action="case.payment_deferral_approved",
        actor=decision.actor,
        record=RecordDraft(
            kind="payment_deferral_approval",
            title="暂缓（分期）缴纳罚款审批表（负责人审批）",
            fields={
                "decision": "同意",
                **asdict(plan),
                **signer_fields(ctx, decision.actor, decision.opinion),
            },
            citation=str(law.PENALTY_66),
        ),
        close_tasks=[ctx.close_task(decision)],
        deadlines=[clock],
    )
    return outcome(ctx, "已批准暂缓（分期）缴纳罚款")


@on_return("payment_deferral")
async def refuse_deferral(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    _require_fine(ctx.state).pending_deferral = None
    await ctx.apply(
        "payment_deferral_refused",
        action="case.payment_deferral_refused",
        actor=decision.actor,
        record=RecordDraft(
            kind="payment_deferral_refused",
            title="暂缓（分期）缴纳罚款审批（不予批准）",
            fields={"decision": "不予批准", **signer_fields(ctx, decision.actor, decision.opinion)},
            citation=str(law.PENALTY_66),
        ),
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "暂缓（分期）缴纳罚款未获批准")


# ---- review and lawsuit pause the surcharge (处罚法 Art. 73) ----------------------------------

REMEDY_TITLES = {"review": "申请行政复议", "lawsuit": "提起行政诉讼"}
REMEDY_CITATIONS = {"review": law.REVIEW_20, "lawsuit": law.LITIGATION_46}


def pending_remedy(state: CaseState) -> Remedy | None:
    return next((r for r in state.remedies if r.concluded_on is None), None)


class RemedyFiled(BaseModel):
    kind: Annotated[Literal["review", "lawsuit"], Choice(review="行政复议", lawsuit="行政诉讼")] = Field(
        description="行政复议或行政诉讼"
    )
    filed_on: date = Field(description="申请或起诉日期")
    body: str = Field(min_length=1, description="复议机关或人民法院")
    reference: str = Field(default="", description="受理文书编号")


def _check_remedy_filed(state: CaseState, request: StepRequest, payload: RemedyFiled) -> None:
    if pending_remedy(state) is not None:
        raise ProcedureViolation("已有尚未审结的复议或诉讼", field="step", rule="remedy_pending")
    _not_in_future(payload.filed_on, "filed_on")
    _not_before_service(state, payload.filed_on, "filed_on")


@step(
    "record_remedy",
    title="记录当事人申请复议或提起诉讼",
    phases=PAYABLE_PHASES,
    payload=RemedyFiled,
    checks=(_check_remedy_filed,),
)
async def record_remedy(ctx: CaseContext, request: StepRequest, payload: RemedyFiled) -> StepOutcome:
    remedy = Remedy(
        kind=payload.kind,
        filed_on=payload.filed_on.isoformat(),
        body=payload.body,
        reference=payload.reference,
    )
    ctx.state.remedies.append(remedy)
    await ctx.apply(
        "remedy_filed",
        action="case.remedy_filed",
        actor=request.actor,
        record=RecordDraft(
            kind="remedy_filed",
            title=f"当事人{REMEDY_TITLES[payload.kind]}记录",
            fields={**asdict(remedy), "effect": "复议、诉讼期间加处罚款不予计算"},
            citation=f"{REMEDY_CITATIONS[payload.kind]}；{law.PENALTY_73}",
        ),
    )
    return outcome(ctx, f"已记录当事人{REMEDY_TITLES[payload.kind]}，加处罚款暂停计算")


class RemedyConcluded(BaseModel):
    outcome: Annotated[Literal["upheld", "revoked"], Choice(upheld="维持", revoked="撤销")] = Field(
        description="维持或撤销"
    )
    concluded_on: date = Field(description="复议决定或裁判生效日期")
    document_no: str = Field(min_length=1, description="复议决定书或判决书文号")


def _check_remedy_concluded(state: CaseState, request: StepRequest, payload: RemedyConcluded) -> None:
    remedy = pending_remedy(state)
    if remedy is None:
        raise ProcedureViolation("没有尚未审结的复议或诉讼", field="step", rule="no_remedy_pending")
    _not_in_future(payload.concluded_on, "concluded_on")
    if payload.concluded_on < date.fromisoformat(remedy.filed_on):
        raise InvalidInput("审结日期不能早于申请日期", field="concluded_on", rule="after_filing")


@step(
    "record_remedy_result",
    title="记录复议或诉讼结果",
    moves_to={Phase.decision_revoked},
    phases=PAYABLE_PHASES,
    payload=RemedyConcluded,
    checks=(_check_remedy_concluded,),
)
async def record_remedy_result(
    ctx: CaseContext, request: StepRequest, payload: RemedyConcluded
) -> StepOutcome:
    remedy = pending_remedy(ctx.state)
    assert remedy is not None
    remedy.concluded_on, remedy.outcome = payload.concluded_on.isoformat(), payload.outcome
    revoked = payload.outcome == "revoked"
    withdrawn: list[str] = []
    if revoked:
        withdrawn = await withdraw_services(ctx)
    cleared = await end_running_clocks(ctx) if revoked else []
    archive = await execution_ended(ctx, day_in_cst(payload.concluded_on)) if revoked else None
    await ctx.apply(
        "remedy_concluded",
        action="case.remedy_concluded",
        actor=request.actor,
        record=RecordDraft(
            kind="remedy_result",
            title=f"{REMEDY_TITLES[remedy.kind]}结果记录",
            fields={**asdict(remedy), "document_no": payload.document_no},
            citation=str(REMEDY_CITATIONS[remedy.kind]),
        ),
        phase=Phase.decision_revoked if revoked else None,
        deadlines=[*cleared, archive],
        detail={"services_withdrawn": withdrawn},
    )
    return outcome(ctx, "决定已被撤销" if revoked else "决定被维持，加处罚款恢复计算")


# ---- correction, performance without money, non-performance ----------------------------------


class CorrectionCheck(ActMarks):
    ordered_correction: str = Field(min_length=1, description="责令改正的内容")
    checked_at: BeijingDateTime = Field(description="核查时间")
    on_site: bool = Field(description="是否实地核查")
    corrected: bool = Field(description="是否已改正")
    findings: LongText = Field(min_length=1, description="核查情况")
    av_recorded: bool = Field(default=False, description="是否音像记录")


def _check_correction(state: CaseState, request: StepRequest, payload: CorrectionCheck) -> None:
    if payload.checked_at > workflow.now():
        raise InvalidInput("核查时间不能晚于当前时间", field="checked_at", rule="not_in_future")
    if payload.on_site:
        require_av(
            state.start,
            EnforcementAct.CORRECTION_CHECK,
            payload.av_recorded,
            circumstances=payload.circumstances,
        )


@step(
    "record_correction_check",
    title="核查责令改正情况",
    phases=CORRECTION_PHASES,
    payload=CorrectionCheck,
    checks=(_check_correction,),
)
async def record_correction_check(
    ctx: CaseContext, request: StepRequest, payload: CorrectionCheck
) -> StepOutcome:
    recording = await act_recording(
        ctx,
        EnforcementAct.CORRECTION_CHECK if payload.on_site else None,
        performed_at=payload.checked_at,
        recorded=payload.av_recorded,
        marks=payload,
    )
    ctx.state.correction = CorrectionChecked(corrected=payload.corrected, checked_at=payload.checked_at)
    av = recording.attach(ctx, "correction_check")
    await ctx.apply(
        "correction_check",
        action="case.correction_checked",
        actor=request.actor,
        record=RecordDraft(
            kind="correction_check",
            title="责令改正情况核查记录",
            fields={**payload.model_dump(mode="json"), "checkers": request.actor.name},
            citation=record_citation(ctx.state.start, ProcedureStep.EXECUTION) or None,
        ),
        deadlines=av.deadlines,
        av_obligations=av.obligations,
    )
    return outcome(ctx, "已改正" if payload.corrected else "未改正，已记录核查情况")


class PerformanceDone(BaseModel):
    description: LongText = Field(min_length=1, description="履行情况")
    performed_on: date = Field(description="履行完毕日期")


def _check_performance_done(state: CaseState, request: StepRequest, payload: PerformanceDone) -> None:
    _not_in_future(payload.performed_on, "performed_on")
    if fine_unpaid(state):
        raise ProcedureViolation(
            "罚款尚未缴清，不能确认履行完毕", field="step", rule="fine_unpaid", citation=str(law.PENALTY_67)
        )


@step(
    "confirm_performance",
    title="确认决定履行完毕",
    moves_to={Phase.performed},
    phases={Phase.performance},
    payload=PerformanceDone,
    checks=(_check_performance_done,),
)
async def confirm_performance(
    ctx: CaseContext, request: StepRequest, payload: PerformanceDone
) -> StepOutcome:
    record = RecordDraft(
        kind="performance",
        title="决定履行情况记录",
        fields=payload.model_dump(mode="json"),
        citation=record_citation(ctx.state.start, ProcedureStep.EXECUTION) or None,
    )
    await _performed(
        ctx, "performance_confirmed", request=request, ended_on=payload.performed_on, record=record
    )
    return outcome(ctx, "决定已履行完毕")


class NonPerformance(BaseModel):
    obligation: str = Field(min_length=1, description="未履行的义务")
    due_on: date = Field(description="决定规定的履行期限")
    findings: LongText = Field(min_length=1, description="逾期未履行的情况")


def _check_non_performance(state: CaseState, request: StepRequest, payload: NonPerformance) -> None:
    if "fine_payment" in state.timers:
        raise ProcedureViolation(
            "缴纳罚款的期限尚未届满",
            field="step",
            rule="payment_period_running",
            citation=str(law.PENALTY_67),
        )
    if payload.due_on >= today():
        raise ProcedureViolation(
            "履行期限尚未届满", field="due_on", rule="period_running", citation=str(law.PENALTY_66)
        )


@step(
    "record_non_performance",
    title="记录逾期不履行",
    moves_to={Phase.overdue},
    phases={Phase.performance},
    payload=NonPerformance,
    checks=(_check_non_performance,),
)
async def record_non_performance(
    ctx: CaseContext, request: StepRequest, payload: NonPerformance
) -> StepOutcome:
    await ctx.apply(
        "non_performance",
        action="case.not_performed",
        actor=request.actor,
        record=RecordDraft(
            kind="non_performance",
            title="逾期不履行情况记录",
            fields=payload.model_dump(mode="json"),
            citation=record_citation(ctx.state.start, ProcedureStep.EXECUTION) or None,
        ),
        phase=Phase.overdue,
        flags=["not_performed"],
    )
    return outcome(ctx, "已记录逾期不履行，可以催告")
