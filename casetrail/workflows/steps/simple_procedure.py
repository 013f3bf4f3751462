"""Simple procedure (简易程序, 当场处罚; 处罚法 Art. 51, 52, 68-71).

The case starts with the decision already made on the spot: a warning or a fine up to 200 yuan
(person) or 3,000 yuan (organisation), on a numbered form handed to the party after hearing its
statement. The officer then files it with the agency (备案); a fine collected on the spot must
reach the agency within 2 working days (Art. 71), a durable timer. Mingshan Art. 22 lists what is
recorded.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, model_validator
from temporalio import workflow

from casetrail.errors import CasetrailError, InvalidInput, ProcedureViolation
from casetrail.roles import Role
from casetrail.statuses import DeadlineStatus
from casetrail.workflows import procedure
from casetrail.workflows.context import CaseContext
from casetrail.workflows.failures import to_failure
from casetrail.workflows.moves import ANY_PHASE
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import on_expiry, starter, step
from casetrail.workflows.records import DecisionFacts
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest

from ..fields import LongText
from .av_duties import AV_REPORT_FIELDS, AvReport, check_av_answer, reported_act_recording
from .common import (
    BeijingDatetime,
    not_in_future,
    officers_fields,
    outcome,
    party_kind,
    record_basis,
)
from .decision import record_decision
from .document_data import document_fields, penalty_data
from .escalation import mark_overdue

with workflow.unsafe.imports_passed_through():
    from casetrail.documents.fields import PaymentAccount, Remedies
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.penalties import (
        DecisionKind,
        Penalty,
        check_on_the_spot,
        check_on_the_spot_collection,
    )
    from casetrail.rules.profile_model import Profile
    from casetrail.rules.steps import ProcedureStep

ON_THE_SPOT_FACT = "on_the_spot"  # the CaseStart.facts key the API fills with the form
HANDOVER_TIMER = "fine_handover"
BANK_TIMER = "fine_bank_deposit"


class OnTheSpotDecision(AvReport):
    """当场行政处罚决定书: what the officer writes on the numbered form (Art. 52), and whether the
    act was recorded on AV (明山 Art. 22: a dispute-prone on-the-spot act is recorded)."""

    facts: LongText = Field(min_length=1, description="违法事实")
    occurred_at: BeijingDatetime = Field(description="违法行为时间")
    violated_provision: str = Field(min_length=1, description="违反的法律规定")
    legal_basis: str = Field(min_length=1, description="处罚依据")
    penalty: Penalty = Field(description="处罚内容：警告或者罚款")
    place: str = Field(min_length=1, description="作出决定的地点")
    decided_at: BeijingDatetime = Field(description="作出决定的时间")
    remedies: Remedies = Field(description="决定书载明的救济途径：行政复议机关和人民法院")
    payment: PaymentAccount = Field(description="决定书载明的罚款缴款账户")
    certificates_shown: bool = Field(description="已向当事人出示执法证件")
    statement: LongText = Field(min_length=1, description="当事人的陈述、申辩（或无异议）")
    statement_review: str = Field(min_length=1, description="对陈述、申辩的复核及是否采纳的理由")
    party_signed: bool = Field(description="当事人在决定书上签收")
    refusal_note: LongText = Field(default="", description="当事人拒绝签收的情况")
    collected_on_the_spot: bool = Field(default=False, description="当场收缴罚款")
    hard_to_enforce_later: bool = Field(default=False, description="不当场收缴事后难以执行")
    receipt_no: str = Field(default="", description="罚款专用票据编号")

    @model_validator(mode="after")
    def _complete(self) -> OnTheSpotDecision:
        if not self.party_signed and not self.refusal_note.strip():
            raise ValueError("当事人拒绝签收的，须注明情况（refusal_note）")
        if self.collected_on_the_spot and not self.receipt_no.strip():
            raise ValueError("当场收缴罚款须出具专用票据并填写票据编号（receipt_no）")
        return self


def check_on_the_spot_decision(decision: OnTheSpotDecision, party: str) -> None:
    """Everything the law asks of an on-the-spot decision; the API asks it before starting the case."""
    check_on_the_spot(decision.penalty, party)
    if not decision.certificates_shown:
        raise ProcedureViolation(
            "当场作出行政处罚决定，执法人员应当向当事人出示执法证件",
            field="on_the_spot.certificates_shown",
            rule="certificates_shown",
            citation=str(law.PENALTY_52),
        )
    if decision.collected_on_the_spot:
        check_on_the_spot_collection(decision.penalty, decision.hard_to_enforce_later)


def check_on_the_spot_recording(decision: OnTheSpotDecision, profile: Profile, *, now: datetime) -> None:
    """The recording answer the agency's regulation asks of an on-the-spot decision (the API asks it
    before starting the case; the starter asks again)."""
    check_av_answer(profile, EnforcementAct.SIMPLE_PROCEDURE, decision, now=now, prefix="on_the_spot.")


def on_the_spot_decision(
    decision: OnTheSpotDecision, *, record_id: str | None, document_no: str | None
) -> DecisionFacts:
    """The decision made on the spot as the case keeps it: until it is filed, then as its decision."""
    return DecisionFacts(
        kind=DecisionKind.PENALTY,
        fine_fen=decision.penalty.fine_fen,
        penalties=list(decision.penalty.kinds),
        penalty_text=decision.penalty.describe(),
        decided_at=decision.decided_at,
        record_id=record_id,
        document_no=document_no,
        payment=decision.payment.model_dump(mode="json"),
        remedies=decision.remedies.model_dump(mode="json"),
        party_present=True,
        procedure="simple",
        collected_on_the_spot=decision.collected_on_the_spot,
    )


def _decision_of(state: CaseState) -> DecisionFacts:
    assert state.on_the_spot is not None, "the simple starter records the decision first"
    return state.on_the_spot


@starter("simple", title="当场作出处罚决定（简易程序）", moves_to={Phase.on_the_spot})
async def start_simple(ctx: CaseContext) -> None:
    start = ctx.state.start
    try:
        decision = procedure.parse_model(OnTheSpotDecision, start.facts.get(ON_THE_SPOT_FACT) or {})
        check_on_the_spot_decision(decision, party_kind(ctx.state))
    except InvalidInput as error:
        # The API validates first; a workflow started with a bad form fails visibly, not forever,
        # naming the field in Chinese (parse_model), never pydantic's English message.
        incomplete = InvalidInput(
            f"当场处罚决定内容不完整：{error.message}", field=error.field, rule=error.rule
        )
        raise to_failure(incomplete) from None
    except ProcedureViolation as error:
        raise to_failure(error) from None
    handover = (
        await ctx.arm(
            HANDOVER_TIMER,
            national_deadlines.ON_THE_SPOT_FINE_HANDOVER,
            label="当场收缴的罚款交至行政机关",
            on_expiry="fine_handover_overdue",
            start=decision.decided_at,
        )
        if decision.collected_on_the_spot
        else None
    )
    try:
        recording = await reported_act_recording(ctx, EnforcementAct.SIMPLE_PROCEDURE, decision)
    except CasetrailError as error:
        raise to_failure(error) from None
    # Issued before the record: the numbered form is the decision (Art. 52), not a copy made later.
    document = await ctx.issue(
        "summary_penalty_decision",
        {
            **decision.model_dump(
                mode="json", include={"facts", "violated_provision", "place", "remedies", "payment"}
            ),
            "occurred_at": decision.occurred_at.isoformat(),
            "penalty_provision": decision.legal_basis,
            "penalty": penalty_data(decision.penalty),
            "paid_on_the_spot": decision.collected_on_the_spot,
        },
        actor=start.opened_by,
    )
    av = recording.attach(ctx, "on_the_spot_decision")
    applied = await ctx.apply(
        "on_the_spot_decision",
        action="case.decided_on_the_spot",
        actor=start.opened_by,
        record=RecordDraft(
            kind="on_the_spot_decision",
            title="当场行政处罚决定书",
            fields={
                "party": start.party,
                **decision.model_dump(mode="json", exclude={"penalty", *AV_REPORT_FIELDS}),
                "penalty": decision.penalty.describe(),
                "officers": officers_fields(ctx),
                "handed_over": "当场交付当事人",
                "basis": record_basis(ctx, ProcedureStep.SIMPLE_PROCEDURE),
                **document_fields(document),
                **({"av": av.fields} if av.fields else {}),
            },
            citation=str(law.PENALTY_52),
        ),
        phase=Phase.on_the_spot,
        deadlines=[handover, *av.deadlines],
        av_obligations=av.obligations,
    )
    ctx.state.on_the_spot = on_the_spot_decision(
        decision, record_id=applied.record_id, document_no=document.number
    )


class SimpleFiling(BaseModel):
    fine_handed_over_at: BeijingDatetime | None = Field(
        default=None, description="当场收缴的罚款交至本机关的时间"
    )
    note: LongText = Field(default="", description="备案说明")


def _handover_given(state: CaseState, request: StepRequest, payload: SimpleFiling) -> None:
    if _decision_of(state).collected_on_the_spot and payload.fine_handed_over_at is None:
        raise InvalidInput(
            "当场收缴的罚款须写明交至本机关的时间",
            field="fine_handed_over_at",
            rule="handover_required",
            citation=str(law.PENALTY_71),
        )


@step(
    "file_on_the_spot_decision",
    title="当场处罚决定备案",
    moves_to={Phase.decided},
    phases={Phase.on_the_spot},
    payload=SimpleFiling,
    checks=(_handover_given,),
)
async def file_on_the_spot_decision(
    ctx: CaseContext, request: StepRequest, payload: SimpleFiling
) -> StepOutcome:
    on_the_spot = _decision_of(ctx.state)
    # 处罚法 Art. 71: once the money reaches the agency, the agency pays it into the bank within 2
    # working days, whether or not anyone records the next step.
    bank = (
        await ctx.arm(
            BANK_TIMER,
            national_deadlines.ON_THE_SPOT_FINE_HANDOVER,
            label="当场收缴的罚款由行政机关缴付指定银行",
            on_expiry="fine_bank_deposit_overdue",
            start=payload.fine_handed_over_at,
        )
        if payload.fine_handed_over_at is not None
        else None
    )
    await ctx.apply(
        "on_the_spot_filed",
        action="case.on_the_spot_filed",
        actor=request.actor,
        record=RecordDraft(
            kind="on_the_spot_filing",
            title="当场处罚决定备案记录",
            fields={
                "decision_no": on_the_spot.document_no,
                "filed_by": request.actor.name,
                "filed_at": ctx.now().isoformat(),
                "fine_handed_over_at": payload.fine_handed_over_at.isoformat()
                if payload.fine_handed_over_at
                else None,
                "note": payload.note,
            },
            citation=str(law.PENALTY_52),
        ),
        phase=Phase.decided,
        deadlines=[ctx.clear_timer(HANDOVER_TIMER, status=DeadlineStatus.met), bank],
    )
    # Pending until recorded, even after its deadline passed (a late deposit is still recorded).
    ctx.state.bank_deposit_pending = bank is not None
    record_decision(ctx.state, on_the_spot)
    return outcome(ctx, "当场处罚决定已备案")


@on_expiry("fine_handover_overdue", title="当场收缴罚款交纳期限届满")
async def fine_handover_overdue(ctx: CaseContext, key: str) -> None:
    timer = ctx.state.timers[key]
    await ctx.apply(
        "fine_handover_overdue",
        action="deadline.overdue",
        record=RecordDraft(
            kind="deadline_overdue",
            title="当场收缴罚款逾期未交至行政机关",
            fields={"deadline": timer.label, "due_at": timer.due_at.isoformat()},
            citation=timer.citation,
        ),
        deadlines=[ctx.clear_timer(key, status=DeadlineStatus.overdue)],
        flags=["fine_handover_overdue"],
    )


class BankDeposit(BaseModel):
    deposited_at: BeijingDatetime = Field(description="缴付银行的时间")
    bank: str = Field(min_length=1, description="指定的银行")
    receipt_no: str = Field(min_length=1, description="银行缴款凭证号")


def _deposit_not_in_future(state: CaseState, request: StepRequest, payload: BankDeposit) -> None:
    not_in_future(payload.deposited_at.date(), field="deposited_at", what="缴付银行时间")


@step(
    "record_bank_deposit",
    title="当场收缴罚款缴付银行",
    phases=ANY_PHASE,
    payload=BankDeposit,
    roles={Role.officer, Role.archivist, Role.leader},
    case_officer_only=False,
    checks=(_deposit_not_in_future,),
    available=lambda state: state.bank_deposit_pending,
)
async def record_bank_deposit(ctx: CaseContext, request: StepRequest, payload: BankDeposit) -> StepOutcome:
    if not ctx.state.bank_deposit_pending:
        raise ProcedureViolation(
            "没有待缴付银行的当场收缴罚款",
            field="step",
            rule="nothing_to_deposit",
            citation=str(law.PENALTY_71),
        )
    await ctx.apply(
        "fine_bank_deposit",
        action="fine.deposited",
        actor=request.actor,
        record=RecordDraft(
            kind="fine_bank_deposit",
            title="当场收缴罚款缴付银行记录",
            fields={**payload.model_dump(mode="json"), "recorder": request.actor.name},
            citation=str(law.PENALTY_71),
        ),
        deadlines=[ctx.clear_timer(BANK_TIMER, status=DeadlineStatus.met)],
    )
    ctx.state.bank_deposit_pending = False
    return outcome(ctx, "已记录罚款缴付银行")


@on_expiry("fine_bank_deposit_overdue", title="当场收缴罚款缴付银行期限届满")
async def fine_bank_deposit_overdue(ctx: CaseContext, key: str) -> None:
    await mark_overdue(ctx, key, flag="fine_bank_deposit_overdue", title="当场收缴的罚款逾期未缴付银行")
