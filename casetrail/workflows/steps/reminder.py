"""The reminder notice (催告书) before any enforcement, served on the party, and the party's
statement recorded and reviewed (强制法 Art. 35-37, 54; Xinxiang Art. 24, Mingshan Art. 29).

Once the reminder is served the court-application window (强制法 Art. 53-54) is computed and kept in
``state.court_window`` so the court step's validator can refuse early and late applications.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.workflows.citations import record_citation
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.execution_records import Reminder
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import on_expiry, step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, ServiceResult, StepOutcome, StepRequest

from ..fields import LongText
from .common import decision_of, outcome
from .court_window import COURT_WINDOW_TIMER, court_application_window
from .document_data import document_fields, served_document
from .escalation import mark_overdue
from .performance import fine_unpaid, owed_total, today, yuan
from .service_steps import decision_title, served, start_service

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.deadline_text import deadline_text
    from casetrail.rules.steps import ProcedureStep

STATEMENT_RIGHTS = "当事人收到催告书后有权进行陈述和申辩"


class ReminderNotice(BaseModel):
    obligation: str = Field(min_length=1, description="履行的义务")
    perform_by: date = Field(description="履行义务的期限")
    manner: str = Field(min_length=1, description="履行方式")
    payment_method: str = Field(default="", description="涉及金钱给付的给付方式")
    enforcement_mode: str = Field(min_length=1, description="逾期不履行拟采取的强制执行方式")


def _check_reminder(state: CaseState, request: StepRequest, payload: ReminderNotice) -> None:
    if payload.perform_by <= today():
        raise InvalidInput(
            "催告书应当给予当事人履行义务的期限",
            field="perform_by",
            rule="future_deadline",
            citation=str(law.COERCION_35),
        )
    if fine_unpaid(state) and not payload.payment_method.strip():
        raise InvalidInput(
            "涉及金钱给付的，应当载明金额和给付方式",
            field="payment_method",
            rule="payment_method",
            citation=str(law.COERCION_35),
        )


@step(
    "issue_reminder",
    title="制作并送达催告书",
    moves_to={Phase.serving_reminder},
    phases={Phase.overdue},
    payload=ReminderNotice,
    checks=(_check_reminder,),
)
async def issue_reminder(ctx: CaseContext, request: StepRequest, payload: ReminderNotice) -> StepOutcome:
    fields: dict[str, Any] = {
        "当事人": ctx.state.start.party.get("name"),
        "履行义务": payload.obligation,
        "履行义务的期限": payload.perform_by.isoformat(),
        "履行方式": payload.manner,
        "依法享有的陈述权和申辩权": STATEMENT_RIGHTS,
    }
    if fine_unpaid(ctx.state):
        # 强制法 Art. 35(3): the amount, as owed today (fine plus the surcharge so far).
        owed = owed_total(ctx.state, today()) - (ctx.state.payment.paid_fen if ctx.state.payment else 0)
        fields.update({"金额（分）": owed, "金额": yuan(owed), "给付方式": payload.payment_method})
    decision = decision_of(ctx.state)
    # Issued first: a reminder that cannot be made refuses the step before service starts.
    issued = await ctx.issue(
        "reminder_notice",
        {
            "obligation": payload.obligation,
            "prior_document_title": decision_title(decision),
            "prior_document_number": decision.document_no,
            "payment": decision.payment,
            "deadline": payload.perform_by.isoformat(),
            "enforcement_mode": payload.enforcement_mode,
        },
        actor=request.actor,
    )
    ctx.state.reminder = Reminder(
        perform_by=payload.perform_by.isoformat(), document_no=issued.number, obligation=payload.obligation
    )
    document = served_document("reminder_notice", issued)
    child_id = await start_service(ctx, "reminder", document)
    await ctx.apply(
        "reminder_issued",
        action="case.reminder_issued",
        actor=request.actor,
        record=RecordDraft(
            kind="reminder_notice",
            title="催告书",
            fields={**fields, "拟采取的强制执行方式": payload.enforcement_mode, **document_fields(issued)},
            citation=record_citation(ctx.state.start, ProcedureStep.ENFORCEMENT, law.COERCION_35),
        ),
        phase=Phase.serving_reminder,
        detail={"service_workflow_id": child_id},
    )
    return outcome(ctx, "已制作催告书，开始送达")


@served("reminder", title="催告书送达", phases={Phase.serving_reminder}, moves_to={Phase.reminded})
async def reminder_served(ctx: CaseContext, result: ServiceResult) -> None:
    reminder_of(ctx.state).served_at = result.served_at
    window = await court_application_window(ctx, result.served_at)
    ctx.state.court_window = window
    # Normally running since the decision was served; set here for a case served before it was.
    closes = None
    if COURT_WINDOW_TIMER not in ctx.state.timers:
        closes = ctx.set_timer(
            COURT_WINDOW_TIMER,
            label="申请人民法院强制执行（三个月）",
            due_at=window.closes_at,
            citation=str(law.COERCION_53),
            on_expiry="court_application_window_passed",
        )
    await ctx.apply(
        "reminder_served",
        action="case.reminder_served",
        phase=Phase.reminded,
        deadlines=[closes],
        detail={
            "served_at": result.served_at.isoformat(),
            "way": result.way,
            "court_window": window.as_fields(),
        },
    )


@on_expiry("court_application_window_passed", title="申请人民法院强制执行期限届满")
async def court_application_window_passed(ctx: CaseContext, key: str) -> None:
    await mark_overdue(ctx, key, name=f"{key}_overdue", flag="court_application_window_passed")


class ReminderStatement(BaseModel):
    waived: bool = Field(description="当事人是否放弃陈述、申辩")
    statement: LongText = Field(default="", description="陈述申辩的事实和理由")
    evidence: list[str] = Field(default_factory=list, description="当事人提出的证据")
    review_opinion: LongText = Field(default="", description="复核意见")
    adopted: bool = Field(default=False, description="是否采纳")


def _check_statement(state: CaseState, request: StepRequest, payload: ReminderStatement) -> None:
    if not payload.waived and not payload.statement.strip():
        raise InvalidInput(
            "须记录当事人陈述申辩的事实和理由",
            field="statement",
            rule="statement_required",
            citation=str(law.COERCION_36),
        )
    if not payload.waived and not payload.review_opinion.strip():
        raise InvalidInput(
            "当事人提出的事实、理由和证据应当进行复核",
            field="review_opinion",
            rule="review_required",
            citation=str(law.COERCION_36),
        )


@step(
    "record_reminder_statement",
    title="记录催告后的陈述申辩及复核",
    phases={Phase.reminded},
    payload=ReminderStatement,
    checks=(_check_statement,),
)
async def record_reminder_statement(
    ctx: CaseContext, request: StepRequest, payload: ReminderStatement
) -> StepOutcome:
    reminder = reminder_of(ctx.state)
    reminder.statement = "waived" if payload.waived else "reviewed"
    # The enforcement decision states how the statement was handled (强制法 Art. 36, 38).
    reminder.statement_handling = (
        "当事人收到催告书后放弃陈述、申辩。"
        if payload.waived
        else f"当事人提出陈述、申辩：{payload.statement}。经复核，{payload.review_opinion}，"
        f"{'予以采纳' if payload.adopted else '不予采纳'}。"
    )
    await ctx.apply(
        "reminder_statement",
        action="case.reminder_statement_recorded",
        actor=request.actor,
        record=RecordDraft(
            kind="reminder_statement",
            title="催告后陈述申辩记录及复核意见",
            fields={**payload.model_dump(mode="json"), "recorder": request.actor.name},
            citation=record_citation(ctx.state.start, ProcedureStep.ENFORCEMENT, law.COERCION_36),
        ),
    )
    return outcome(ctx, "已记录当事人放弃陈述申辩" if payload.waived else "已记录陈述申辩及复核意见")


# ---- what enforcement and the court application require of the reminder ---------------------


def reminder_of(state: CaseState) -> Reminder:
    """The reminder issued; steps that need it are allowed only in phases after it."""
    if state.reminder is None:
        raise ProcedureViolation("尚未制作催告书", field="step", rule="reminder_not_issued")
    return state.reminder


def reminder_document_fields(state: CaseState) -> dict[str, Any]:
    """What the execution documents after the reminder restate: the decision, the obligation, the
    day the reminder was served (强制执行决定书, 强制法 Art. 38; 强制执行申请书, Art. 55)."""
    reminder, decided = reminder_of(state), decision_of(state)
    # Enforcement and the court application are allowed only once the reminder was served.
    assert reminder.served_at is not None, "the reminder is served before its period can run out"
    return {
        "obligation": reminder.obligation,
        "prior_document_title": decision_title(decided),
        "prior_document_number": decided.document_no,
        "reminder_served_on": reminder.served_at.astimezone(CST).date().isoformat(),
    }


def require_statement_heard(state: CaseState) -> None:
    """The party's statement after the reminder was recorded and reviewed, or waived (强制法 Art. 36)."""
    if reminder_of(state).statement is None:
        raise ProcedureViolation(
            "须先记录当事人收到催告书后的陈述、申辩（或放弃）及复核意见",
            field="step",
            rule="statement_not_recorded",
            citation=str(law.COERCION_36),
            allowed=["记录催告后的陈述申辩及复核"],  # the step that is missing, by its title
        )


def require_reminder_expired(state: CaseState) -> None:
    """Enforcement only once the period the reminder gave has passed unperformed (强制法 Art. 37)."""
    perform_by = date.fromisoformat(reminder_of(state).perform_by)
    if today() <= perform_by:
        raise ProcedureViolation(
            f"催告书确定的履行期限（{deadline_text(perform_by)}）尚未届满，不得作出强制执行决定",
            field="step",
            rule="reminder_period_running",
            citation=str(law.COERCION_37),
        )
