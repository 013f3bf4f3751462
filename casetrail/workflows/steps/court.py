"""Applying to the people's court for enforcement (申请人民法院强制执行) and its result
(强制法 Art. 53-55; Xinxiang Art. 25, Mingshan Art. 31).

The window was computed when the reminder was served (``reminder.court_application_window``);
the validator refuses an application before it opens or after it closes, with the article.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.citations import record_citation
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import step
from casetrail.workflows.service_ways import day_in_cst
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest

from ..fields import Choice, LongText
from .act_documents import documents_fields
from .archiving import execution_ended
from .common import outcome
from .document_data import issues_remaining_kinds
from .performance import EXECUTION_TIMERS, last_day_of, pending_remedy
from .reminder import reminder_document_fields, require_statement_heard

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.steps import ProcedureStep

# 强制法 Art. 55: what the application must be accompanied by.
REQUIRED_MATERIALS = [
    "强制执行申请书",
    "行政决定书及作出决定的事实、理由和依据",
    "当事人的意见及行政机关催告情况",
    "申请强制执行标的情况",
]


class CourtApplication(BaseModel):
    court: str = Field(min_length=1, description="受理申请的人民法院")
    # The 强制执行申请书 is numbered when issued; a number entered here is one given outside the system.
    application_no: str = Field(default="", description="强制执行申请书文号（系统制作的申请书自动编号）")
    materials: list[str] = Field(default_factory=lambda: list(REQUIRED_MATERIALS), description="申请材料")


def _check_window(state: CaseState, request: StepRequest, payload: CourtApplication) -> None:
    require_statement_heard(state)
    if pending_remedy(state) is not None:
        raise ProcedureViolation(
            "当事人已申请行政复议或者提起行政诉讼，尚未审结，不得申请人民法院强制执行",
            field="step",
            rule="remedy_pending",
            citation=str(law.COERCION_53),
        )
    window = state.court_window
    if window is None:
        raise ProcedureViolation(
            "催告书尚未送达，不得申请人民法院强制执行",
            field="step",
            rule="not_reminded",
            citation=str(law.COERCION_54),
        )
    now = workflow.now()
    # As a person reads them: the first day one may apply, and the last day of the window.
    opens_on = window.opens_at.astimezone(CST).date().isoformat()
    if now < window.remedy_periods_end:
        raise ProcedureViolation(
            f"申请行政复议的期限（{window.review_last_day}届满）和提起行政诉讼的期限"
            f"（{window.lawsuit_last_day}届满）尚未届满，不得申请人民法院强制执行；最早可于{opens_on}申请",
            field="step",
            rule="remedy_periods_running",
            citation=f"{law.COERCION_53}；{law.REVIEW_20}；{law.LITIGATION_46}",
        )
    if now < window.after_reminder_end:
        raise ProcedureViolation(
            f"催告书送达十日后当事人仍未履行的，方可申请人民法院强制执行；最早可于{opens_on}申请",
            field="step",
            rule="ten_days_after_reminder",
            citation=str(law.COERCION_54),
        )
    if now >= window.closes_at:
        raise ProcedureViolation(
            f"申请人民法院强制执行的期限已于{last_day_of(window.closes_at).isoformat()}届满"
            "（复议、诉讼期限届满之日起三个月）",
            field="step",
            rule="court_window_passed",
            citation=str(law.COERCION_53),
        )


@step(
    "apply_to_court",
    title="申请人民法院强制执行",
    moves_to={Phase.court_pending},
    phases={Phase.reminded},
    payload=CourtApplication,
    checks=(_check_window,),
)
async def apply_to_court(ctx: CaseContext, request: StepRequest, payload: CourtApplication) -> StepOutcome:
    documents = []
    if issues_remaining_kinds():
        # The 强制执行申请书 with the materials Art. 55 asks for listed as its attachments.
        data = {
            **reminder_document_fields(ctx.state),
            "court": payload.court,
            "attachments": payload.materials,
        }
        documents.append(await ctx.issue("court_enforcement_application", data, actor=request.actor))
    await ctx.apply(
        "court_application",
        action="case.court_application_filed",
        actor=request.actor,
        record=RecordDraft(
            kind="court_enforcement_application",
            title="强制执行申请书及材料",
            fields={
                **payload.model_dump(mode="json"),
                "window": _window_fields(ctx.state),
                **documents_fields(documents),
            },
            citation=record_citation(
                ctx.state.start, ProcedureStep.COURT_ENFORCEMENT, law.COERCION_53, law.COERCION_54
            ),
        ),
        phase=Phase.court_pending,
        deadlines=[ctx.clear_timer("court_application_window", status=DeadlineStatus.met)],
    )
    return outcome(ctx, f"已向{payload.court}申请强制执行")


class CourtResult(BaseModel):
    ruling: Annotated[Literal["granted", "refused"], Choice(granted="准予执行", refused="不予执行")] = Field(
        description="裁定准予执行或者不予执行"
    )
    ruling_no: str = Field(min_length=1, description="裁定书文号")
    ruled_on: date = Field(description="裁定日期")
    result: LongText = Field(min_length=1, description="强制执行结果")


@step(
    "record_court_result",
    title="记录法院裁定及执行结果",
    moves_to={Phase.court_decided},
    phases={Phase.court_pending},
    payload=CourtResult,
)
async def record_court_result(ctx: CaseContext, request: StepRequest, payload: CourtResult) -> StepOutcome:
    archive = await execution_ended(ctx, day_in_cst(payload.ruled_on))
    await ctx.apply(
        "court_result",
        action="case.court_result_recorded",
        actor=request.actor,
        record=RecordDraft(
            kind="court_enforcement_result",
            title="人民法院强制执行结果记录",
            fields=payload.model_dump(mode="json"),
            citation=record_citation(ctx.state.start, ProcedureStep.COURT_ENFORCEMENT) or None,
        ),
        phase=Phase.court_decided,
        deadlines=[
            *(ctx.clear_timer(key, status=DeadlineStatus.cancelled) for key in EXECUTION_TIMERS),
            archive,
        ],
    )
    return outcome(ctx, "已记录人民法院裁定及执行结果")


def _window_fields(state: CaseState) -> dict[str, str | list[str]]:
    return state.court_window.as_fields() if state.court_window else {}
