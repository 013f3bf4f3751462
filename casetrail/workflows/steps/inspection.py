"""Routine administrative inspection (行政检查) outside any penalty case (明山 Art. 2, 12-13; 广东 Art. 2).

An inspection is its own record (a case row of start type ``inspection``, numbered 检字): planned, or
drawn at random (双随机) with the seed recorded; the on-site inspection by at least two certified
officers with the 现场检查笔录 and its recording per the profile; findings; an order to correct within a
time limit (责令限期改正, 处罚法 Art. 28) as a durable timer; the correction check (复查, recorded per
明山 Art. 28 / 新乡镇 Art. 23); and the end: closed, or a penalty case opened that carries its records.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.statuses import DeadlineStatus
from casetrail.workflows import procedure
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import on_expiry, starter, step
from casetrail.workflows.records import InspectionFindings
from casetrail.workflows.starts import InspectionIntake
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest

from .attendance import attendance_check
from .av_clocks import end_running_clocks
from .common import not_in_future, outcome, today
from .escalation import lift_flag, mark_overdue
from .inspection_documents import (
    CORRECTED,
    CORRECTION_KINDS,
    INSPECTION_DOCUMENTS,
    ORDER_TITLE,
    CorrectionCheck,
    CorrectionOrder,
    SiteInspection,
    issue_order,
    issue_reinspection_opinion,
    issue_site_record,
)
from .investigation import ActSpec, act_check, record_act
from .notice_service import check_delivery
from .service_steps import withdraw_services

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.deadline_text import deadline_text
    from casetrail.rules.legal_time import day_start
    from casetrail.rules.steps import ProcedureStep

INSPECTING = Phase.inspecting
INSPECTED = Phase.inspected
CORRECTING = Phase.correcting
CORRECTION_CHECKED = Phase.correction_checked
SERVING_ORDER = Phase.serving_correction_order
CORRECTION_TIMER = "correction_deadline"
# Past this marker an inspection ends as 已办结 or 已移送立案, not as a stopped case (已终止).
INSPECTION_END_PHASES = "inspection-ends-closed-or-referred"
# What the officers are doing, as the two-officer refusal names it (处罚法 Art. 42, 55).
INSPECTING_ACTS = "实施行政检查"


@starter("inspection", title="行政检查（计划或双随机抽取）", moves_to={INSPECTING})
async def start_inspection(ctx: CaseContext) -> None:
    start = ctx.state.start
    intake = InspectionIntake.model_validate(start.intake)
    await ctx.apply(
        "inspection_planned",
        action="inspection.planned",
        actor=start.opened_by,
        record=RecordDraft(
            kind="inspection_plan" if intake.plan == "planned" else "random_draw",
            title="行政检查计划" if intake.plan == "planned" else "双随机抽取记录",
            fields={
                **intake.model_dump(mode="json"),
                "inspectors": [{"name": o.name, "certificate_no": o.certificate_no} for o in start.officers],
                "case_no": start.case_no,
            },
        ),
        phase=INSPECTING,
    )


# ---- on site (现场检查笔录) --------------------------------------------------------------------


def _act(state: CaseState) -> EnforcementAct:
    intake = InspectionIntake.model_validate(state.start.intake)
    return EnforcementAct.RANDOM_CHECK if intake.plan == "random" else EnforcementAct.INSPECTION


def _av_as_profile_asks(state: CaseState, request: StepRequest, payload: SiteInspection) -> None:
    act_check(_act(state))(state, request, payload)


SITE_INSPECTION = ActSpec(
    "site_inspection",
    "现场检查",
    "现场检查笔录",
    SiteInspection,
    EnforcementAct.INSPECTION,  # or the random check (双随机), as the case was drawn
    documents=issue_site_record,
    fallback_citation=str(law.PENALTY_55),
)


@step(
    "record_site_inspection",
    title="现场检查",
    phases={INSPECTING},
    moves_to={INSPECTED},
    payload=SiteInspection,
    checks=(attendance_check(acts=INSPECTING_ACTS), _av_as_profile_asks),
)
async def record_site_inspection(
    ctx: CaseContext, request: StepRequest, payload: SiteInspection
) -> StepOutcome:
    spec = replace(SITE_INSPECTION, act=_act(ctx.state))
    await record_act(ctx, request, payload, spec, area="inspection", phase=INSPECTED)
    inspected_at = payload.started_at or ctx.now()
    ctx.state.inspection = InspectionFindings(
        payload.findings,
        payload.violation_found,
        inspected_on=inspected_at.astimezone(CST).date().isoformat(),
    )
    return outcome(ctx, "已记录现场检查笔录" + ("，发现问题" if payload.violation_found else "，未发现问题"))


# ---- order to correct within a time limit (责令限期改正) -------------------------------------------


def _order_lawful(state: CaseState, request: StepRequest, payload: CorrectionOrder) -> None:
    if state.inspection is None or not state.inspection.violation_found:
        raise ProcedureViolation(
            "现场检查未发现违法行为，不能责令改正",
            field="step",
            rule="nothing_to_correct",
            citation=str(law.PENALTY_28),
            allowed=procedure.describe_allowed(state),
        )
    check_delivery(payload, payload.served_on, served_field="served_on", what=ORDER_TITLE)
    if payload.correct_by < (payload.served_on or today()):
        raise ProcedureViolation(
            "改正期限不能早于送达日期" if payload.served_on else "改正期限不能早于今天",
            field="correct_by",
            rule="deadline_after_service",
            citation=str(law.PENALTY_28),
        )


@step(
    "order_correction",
    title="责令限期改正",
    phases={INSPECTED, CORRECTION_CHECKED},
    moves_to={CORRECTING, SERVING_ORDER},
    payload=CorrectionOrder,
    checks=(_order_lawful,),
)
async def order_correction(ctx: CaseContext, request: StepRequest, payload: CorrectionOrder) -> StepOutcome:
    # Issued first: missing party data refuses the order before its clock starts.
    issued = await issue_order(ctx, request, payload) if workflow.patched(INSPECTION_DOCUMENTS) else {}
    serving = "service_workflow_id" in issued
    # The whole last day is the party's: the check is due from the start of the next day.
    due_at = day_start(payload.correct_by) + timedelta(days=1)
    clock = ctx.set_timer(
        CORRECTION_TIMER,
        label=f"责令限期改正（至{payload.correct_by.isoformat()}）",
        due_at=due_at,
        citation=str(law.PENALTY_28),
        on_expiry="correction_deadline_reached",
    )
    await ctx.apply(
        "correction_order",
        action="inspection.correction_ordered",
        actor=request.actor,
        record=RecordDraft(
            kind="correction_order",
            title=ORDER_TITLE,
            fields={**payload.model_dump(mode="json"), "ordered_by": request.actor.name, **issued},
            citation=str(law.PENALTY_28),
        ),
        phase=SERVING_ORDER if serving else CORRECTING,
        deadlines=[clock],
    )
    served_later = "；指令书按送达程序送达，送达后方可复查" if serving else ""
    return outcome(ctx, f"已责令限期改正，期限为{deadline_text(payload.correct_by)}{served_later}")


@on_expiry("correction_deadline_reached", title="改正期限届满")
async def correction_deadline_reached(ctx: CaseContext, key: str) -> None:
    """The time to correct has passed: the correction check is due (明山 Art. 28: 按期核查)."""
    await mark_overdue(ctx, key, flag="correction_check_due", title="改正期限届满，应当复查")


CHECK_DUE = "correction_check_due"
# After this patch the check's mark is lifted once the check is recorded (before, it stayed for ever).
CHECK_DUE_LIFTED_PATCH = "correction-check-due-lifted"


# ---- the correction check (复查) ----------------------------------------------------------------


CORRECTION_CHECK = ActSpec(
    "correction_check",
    "复查",
    "整改复查意见书",
    CorrectionCheck,
    EnforcementAct.CORRECTION_CHECK,
    kinds=CORRECTION_KINDS,
    documents=issue_reinspection_opinion,
    step=ProcedureStep.EXECUTION,
    fallback_citation=str(law.PENALTY_28),
)


def _check_lawful(state: CaseState, request: StepRequest, payload: CorrectionCheck) -> None:
    not_in_future(payload.checked_at.date(), field="checked_at", what="复查时间")
    check = act_check(EnforcementAct.CORRECTION_CHECK, CORRECTION_KINDS)
    check(state, request, payload)


@step(
    "record_reinspection",
    title="复查",
    phases={CORRECTING},
    moves_to={CORRECTION_CHECKED},
    payload=CorrectionCheck,
    checks=(attendance_check(acts=INSPECTING_ACTS), _check_lawful),
)
async def record_reinspection(
    ctx: CaseContext, request: StepRequest, payload: CorrectionCheck
) -> StepOutcome:
    await record_act(
        ctx,
        request,
        payload,
        CORRECTION_CHECK,
        area="inspection",
        phase=CORRECTION_CHECKED,
        finished=[ctx.clear_timer(CORRECTION_TIMER, status=DeadlineStatus.met)],
    )
    found = ctx.state.inspection
    assert found is not None, "a correction is ordered only on findings"
    ctx.state.inspection = replace(found, corrected=payload.corrected)
    await lift_flag(
        ctx,
        CHECK_DUE,
        title="改正期限届满待复查",
        reason=f"已于{payload.checked_at.date().isoformat()}复查（{CORRECTED.label(payload.corrected)}）",
        citation=str(law.PENALTY_28),
        patch=CHECK_DUE_LIFTED_PATCH,
    )
    return outcome(ctx, "已记录复查情况")


def _findings(state: CaseState) -> dict[str, str | bool]:
    return state.inspection.as_fields() if state.inspection else {}


# ---- the end: closed, or a penalty case (结束检查 / 转立案) ----------------------------------------------


async def _end(ctx: CaseContext, request: StepRequest, *, record: RecordDraft, phase: Phase) -> None:
    """The inspection ends (closed, or handed to a penalty case); what still runs is cancelled, but for
    a recording already stored, whose deadline was met.

    Its workflow stops here, so a clock left running (the correction deadline, an AV storage check of
    the on-site recording) would stay "open" for ever with nobody to mark it, and a 指令书 still being
    served is withdrawn.
    """
    await withdraw_services(ctx)
    cleared = await end_running_clocks(ctx)
    await ctx.apply(
        record.kind,
        action=f"inspection.{record.kind}",
        actor=request.actor,
        record=record,
        phase=phase if workflow.patched(INSPECTION_END_PHASES) else Phase.ended,
        status="closed",
        deadlines=cleared,
    )


class InspectionClose(BaseModel):
    conclusion: str = Field(min_length=1, description="检查结论")


def _may_close(state: CaseState, request: StepRequest, payload: InspectionClose) -> None:
    found = state.inspection
    if state.phase == CORRECTION_CHECKED and (found is None or found.corrected != "corrected"):
        raise ProcedureViolation(
            "复查未改正的，应当依法立案查处，不能直接结束检查",
            field="step",
            rule="uncorrected_needs_case",
            citation=str(law.PENALTY_28),
            allowed=procedure.describe_allowed(state),
        )
    if state.phase == INSPECTED and found is not None and found.violation_found:
        raise ProcedureViolation(
            "发现问题的，应当责令改正或者立案查处，不能直接结束检查",
            field="step",
            rule="findings_need_action",
            citation=str(law.PENALTY_28),
            allowed=procedure.describe_allowed(state),
        )


@step(
    "close_inspection",
    title="结束检查",
    phases={INSPECTED, CORRECTION_CHECKED},
    moves_to={Phase.ended, Phase.inspection_closed},
    payload=InspectionClose,
    checks=(_may_close,),
)
async def close_inspection(ctx: CaseContext, request: StepRequest, payload: InspectionClose) -> StepOutcome:
    await _end(
        ctx,
        request,
        record=RecordDraft(
            kind="inspection_closed",
            title="行政检查结论",
            fields={**payload.model_dump(), "findings": _findings(ctx.state)},
        ),
        phase=Phase.inspection_closed,
    )
    return outcome(ctx, "检查已结束")


class PenaltyCaseLinked(BaseModel):
    """Set by the API once it opened the penalty case that carries this inspection's records."""

    case_id: str = Field(min_length=1, description="转立的处罚案件（由系统在立案后填写）")
    case_no: str = Field(min_length=1, description="立案的案件编号")
    reason: str = Field(min_length=1, description="转立案理由")


@step(
    "link_penalty_case",
    title="转立案查处",
    phases={INSPECTED, CORRECTING, SERVING_ORDER, CORRECTION_CHECKED},
    moves_to={Phase.ended, Phase.referred_to_case},
    payload=PenaltyCaseLinked,
)
async def link_penalty_case(
    ctx: CaseContext, request: StepRequest, payload: PenaltyCaseLinked
) -> StepOutcome:
    await _end(
        ctx,
        request,
        record=RecordDraft(
            kind="penalty_case_opened",
            title="行政检查转立案记录",
            fields={**payload.model_dump(), "findings": _findings(ctx.state)},
            citation=str(law.PENALTY_54),
        ),
        phase=Phase.referred_to_case,
    )
    return outcome(ctx, f"已转立案查处（{payload.case_no}）")
