"""The party's rights before a penalty (处罚法 Art. 44, 45, 62): notice, statement, waiver, review.

The notice of intended penalty (行政处罚事先告知书) opens a window of 5 working days (Art. 64(1),
counted by Art. 85) as a movable durable timer. The party may state and defend (陈述、申辩), waive,
or ask for a hearing (see ``hearing.py``); statements are reviewed (复核, Art. 45). When the window
closes with nothing, the rights are recorded as not exercised. :func:`require_rights_concluded`
is what the decision stage asks before any penalty.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.context import CaseContext
from casetrail.workflows.decision_records import (
    ADOPTION_ZH,
    DeclarationFacts,
    DocumentProvisions,
    Findings,
    ReviewFacts,
    RightsFacts,
    WaiverFacts,
)
from casetrail.workflows.phases import HEARING_PENDING, Phase
from casetrail.workflows.procedure import describe_allowed, on_expiry, step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, ServiceResult, StepOutcome, StepRequest

from ..fields import Choice, LongText, NowRequiredText
from .act_documents import documents_fields, session_data
from .common import BeijingDatetime, not_in_future, outcome, party_kind, record_basis
from .document_data import document_fields, findings_data, issues_remaining_kinds, penalty_data
from .escalation import lift_flag
from .notice_service import (
    DELIVERY,
    ON_THE_SPOT_TITLE,
    RECEIVER,
    SERVICE_PLACE,
    DeliveryChoice,
    check_delivery,
    receipt_on_the_spot,
    served_document,
    service_outcome,
)
from .service_steps import served, start_service, withdraw_service

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.deadline_text import deadline_text
    from casetrail.rules.hearing_thresholds import LargeAmount
    from casetrail.rules.legal_time import day_start
    from casetrail.rules.penalties import Penalty, hearing_grounds
    from casetrail.rules.periods import Period
    from casetrail.rules.registry import get_profile
    from casetrail.rules.steps import ProcedureStep

WINDOW_TIMER = "rights_window"


def hearing_threshold(state: CaseState) -> LargeAmount:
    """较大数额 as pinned when the case opened; a case started before that uses its profile's."""
    start = state.start
    if start.hearing_threshold is not None:
        return LargeAmount.model_validate(start.hearing_threshold)
    return get_profile(start.profile_id, start.profile_version).hearing_threshold()


def rights_of(state: CaseState) -> RightsFacts | None:
    return state.rights


def not_within_window(rights: RightsFacts, made_on: date) -> bool:
    """Whether something the party did on ``made_on`` (or posted then) came after the window's last day.

    民诉法 Art. 85: a period is kept by the date an act was made or posted, whatever the date it arrives.
    """
    return rights.window_due_at is not None and day_start(made_on) >= rights.window_due_at


def require_rights(state: CaseState) -> RightsFacts:
    rights = rights_of(state)
    if rights is None:
        raise ProcedureViolation(
            "尚未送达行政处罚事先告知书",
            field="step",
            rule="rights_not_notified",
            citation=str(law.PENALTY_44),
        )
    return rights


# ---- what a penalty decision needs (处罚法 Art. 44, 45, 62, 65) --------------------------------


def require_rights_concluded(state: CaseState) -> RightsFacts:
    """Refuse a penalty decision until the party was told, heard (or waived), and the hearing ended."""
    rights = rights_of(state)
    if rights is None:
        raise ProcedureViolation(
            "作出行政处罚决定前，应当告知当事人拟作出的处罚内容及事实、理由、依据，"
            "并告知其陈述、申辩、要求听证等权利：尚未送达行政处罚事先告知书",
            field="step",
            rule="rights_not_notified",
            citation=str(law.PENALTY_44),
        )
    if rights.window_open:
        due = f"（{deadline_text(rights.window_due_at)}）" if rights.window_due_at else ""
        raise ProcedureViolation(
            f"当事人陈述、申辩和要求听证的期限{due}尚未届满，不得作出处罚决定：当事人已陈述、申辩并经复核的，"
            "记录其“陈述申辩完毕声明”（无补充意见）后即可拟定处理意见；也可由当事人明确放弃，或待期限届满"
            f"（{law.PENALTY_44_45_62}）",
            field="step",
            rule="rights_window_open",
            citation=str(law.PENALTY_62),
        )
    if rights.hearing in ("requested", "scheduled", "held"):
        raise ProcedureViolation(
            "当事人已要求听证，听证结束并形成听证报告后方可依据听证笔录作出决定",
            field="step",
            rule="hearing_not_ended",
            citation=str(law.PENALTY_65),
        )
    require_statements_reviewed(rights)
    return rights


def require_statements_reviewed(rights: RightsFacts) -> None:
    if rights.unreviewed_statements:
        raise ProcedureViolation(
            f"当事人提出的事实、理由和证据尚未复核，须先制作复核意见书（{law.PENALTY_45}）",
            field="step",
            rule="statement_not_reviewed",
            citation=str(law.PENALTY_45),
        )


def require_within_notice(rights: RightsFacts, penalty: Penalty, *, field: str) -> None:
    """Not heavier than what the party was told (Art. 44), nor raised again after review (Art. 45)."""
    if penalty.heavier_than(rights.noticed):
        raise ProcedureViolation(
            "拟作出的处罚超出事先告知的内容，须重新告知当事人并听取陈述、申辩",
            field=field,
            rule="heavier_than_noticed",
            citation=str(law.PENALTY_44),
        )
    if penalty.heavier_than(rights.ceiling):
        raise ProcedureViolation(
            "不得因当事人陈述、申辩而给予更重的处罚（复核后已减轻）",
            field=field,
            rule="heavier_after_statement",
            citation=str(law.PENALTY_45),
        )


# ---- the notice (行政处罚事先告知书) -------------------------------------------------------------


class RightsNotice(Findings, DocumentProvisions):
    """The notice's form. ``delivery`` says how it is served; the free-text 送达方式 of notices given
    before the service workflow is gone from the form, and an old payload carrying it still validates
    (pydantic ignores the extra key), so those histories replay."""

    reasons: LongText = Field(min_length=1, description="拟处罚的理由")
    penalty: Penalty = Field(description="拟作出的行政处罚")
    delivery: DeliveryChoice = DELIVERY
    served_on: date | None = Field(default=None, description="当场送达的签收日期（按送达程序送达的不填）")
    receiver: str = RECEIVER
    service_place: str = SERVICE_PLACE
    # Where, how and to whom the party makes its statement (处罚法 Art. 44): printed in the notice.
    # Blank is refused when the step is taken; the defaults keep the payloads of older cases readable.
    contact_person: NowRequiredText = Field(default="", description="受理陈述、申辩的联系人")
    contact_phone: NowRequiredText = Field(default="", description="联系电话")
    statement_address: NowRequiredText = Field(default="", description="陈述、申辩的地点（地址）")


_PROVISIONS = set(DocumentProvisions.model_fields)
# Notices issued after this patch state the window's last day and where to make a statement; the
# deadline is computed before the notice is issued (older histories issued first, then computed).
NOTICE_STATES_WINDOW = "rights-notice-states-window"
# Notices after this patch are served like the decision (receipt, or the service workflow) and the
# window runs from the service date; older histories took a typed date and armed the window at once.
NOTICE_SERVED = "rights-notice-served"
SERVICE_PURPOSE = "rights_notice"
# The hearing notice's service purpose and the mark of one served too late, named here for the waiver
# (hearing.py imports this module).
HEARING_NOTICE_PURPOSE = "hearing_notice"
HEARING_NOTICE_TOO_LATE = "hearing_notice_too_late"
NOTICE_TITLE = "行政处罚事先告知书"
_CONTACT_FIELDS = (
    ("contact_person", "受理陈述、申辩的联系人"),
    ("contact_phone", "联系电话"),
    ("statement_address", "陈述、申辩的地点（地址）"),
)


def _require_statement_contact(payload: RightsNotice) -> None:
    for name, title in _CONTACT_FIELDS:
        if not str(getattr(payload, name)).strip():
            raise InvalidInput(
                f"事先告知书须写明当事人向谁、在何处、如何陈述、申辩：缺少{title}（{law.PENALTY_44_45}）",
                field=name,
                rule="statement_contact_required",
                citation=str(law.PENALTY_44_45),
            )


def _notice_served_not_in_future(state: CaseState, request: StepRequest, payload: RightsNotice) -> None:
    if payload.served_on is not None:
        not_in_future(payload.served_on, field="served_on", what="送达日期")


def _window_period(grounds: object) -> Period:
    return national_deadlines.HEARING_REQUEST if grounds else national_deadlines.STATEMENT_WINDOW


@step(
    "notify_rights",
    title="送达行政处罚事先告知书",
    moves_to={Phase.rights_window, Phase.serving_rights_notice},
    phases={Phase.investigation_ended, Phase.rights_concluded, Phase.proposal_returned},
    payload=RightsNotice,
    checks=(_notice_served_not_in_future,),
)
async def notify_rights(ctx: CaseContext, request: StepRequest, payload: RightsNotice) -> StepOutcome:
    grounds = hearing_grounds(payload.penalty, party_kind(ctx.state), hearing_threshold(ctx.state))
    rights = ["陈述权", "申辩权", "申请回避权", *(["要求听证权"] if grounds else [])]
    period = _window_period(grounds)
    data: dict[str, Any] = {
        **findings_data(payload.facts, payload.evidence, payload),
        "penalty": penalty_data(payload.penalty),
        "hearing_available": bool(grounds),
    }
    served_by_workflow = workflow.patched(NOTICE_SERVED) and payload.delivery == "service"
    if workflow.patched(NOTICE_SERVED):
        check_delivery(payload, payload.served_on, served_field="served_on", what="事先告知书")
    computed = None
    if workflow.patched(NOTICE_STATES_WINDOW):
        _require_statement_contact(payload)
        data |= {
            "contact_person": payload.contact_person,
            "contact_phone": payload.contact_phone,
            "statement_address": payload.statement_address,
        }
        if payload.served_on is not None:
            # The notice states the window's last day, so it is computed before the notice is issued.
            computed = await ctx.compute(period, start=day_start(payload.served_on))
            data["statement_last_day"] = computed.last_day
    # Issued first: missing party data refuses the step before the window starts or a record changes.
    document = await ctx.issue("penalty_notice", data, actor=request.actor)
    hearing_notice = None
    if grounds and issues_remaining_kinds():
        # 听证告知书: the right to ask for a hearing within 5 working days, told in its own document.
        hearing_notice = await ctx.issue(
            "hearing_rights_notice",
            {"facts_summary": payload.facts, "penalty": penalty_data(payload.penalty)},
            actor=request.actor,
        )
    served = served_document("penalty_notice", document, NOTICE_TITLE)
    receipt = None
    if workflow.patched(NOTICE_SERVED) and payload.served_on is not None:
        receipt = await receipt_on_the_spot(ctx, request, payload, served, payload.served_on)
    window = None
    service_id = None
    if served_by_workflow:
        service_id = await start_service(ctx, SERVICE_PURPOSE, served)
    else:
        assert payload.served_on is not None, "refused by check_delivery"
        window = await ctx.arm(
            WINDOW_TIMER,
            period,
            label=_window_label(grounds),
            on_expiry="rights_window_closed",
            start=day_start(payload.served_on),
            computed=computed,
        )
    await ctx.apply(
        "rights_notice",
        action="rights.notified",
        actor=request.actor,
        record=RecordDraft(
            kind="penalty_pre_notice",
            title=NOTICE_TITLE,
            fields={
                "party": ctx.state.start.party,
                "facts": payload.facts,
                "evidence": payload.evidence,
                "reasons": payload.reasons,
                "legal_basis": payload.legal_basis,
                "proposed_penalty": payload.penalty.describe(),
                "rights": rights,
                "hearing_grounds": [g.model_dump() for g in grounds],
                "window_due_at": window.due_at.isoformat() if window else None,
                "served_on": payload.served_on.isoformat() if payload.served_on else None,
                "service_method": _delivery_text(payload),
                **(
                    {"receiver": payload.receiver, "service_receipt": document_fields(receipt)}
                    if receipt
                    else {}
                ),
                **({"service_workflow_id": service_id} if service_id else {}),
                # How the party was told to state (明山 Art. 11): to whom, by what telephone, where.
                "contact_person": payload.contact_person,
                "contact_phone": payload.contact_phone,
                "statement_address": payload.statement_address,
                "notified_by": request.actor.name,
                "basis": record_basis(ctx, ProcedureStep.RIGHTS_NOTICE),
                **document_fields(document),
                **({"hearing_rights_notice": document_fields(hearing_notice)} if hearing_notice else {}),
            },
            citation=str(law.PENALTY_44),
        ),
        phase=Phase.serving_rights_notice if served_by_workflow else Phase.rights_window,
        deadlines=[window],
    )
    ctx.state.rights = RightsFacts(
        noticed=payload.penalty,
        served_on=payload.served_on,
        hearing_grounds=grounds,
        window_due_at=window.due_at if window else None,
        provisions=DocumentProvisions.model_validate(payload.model_dump(include=_PROVISIONS)),
        notice_number=document.number,
    )
    if window is None:
        return outcome(
            ctx, f"事先告知书（{document.number}）已制作，开始送达；陈述、申辩期限自送达之日起计算"
        )
    return outcome(ctx, f"事先告知书（{document.number}）已送达，期限为{deadline_text(window.due_at)}")


def _window_label(grounds: object) -> str:
    return "陈述、申辩和要求听证期限" if grounds else "陈述、申辩期限"


def _delivery_text(payload: RightsNotice) -> str:
    if workflow.patched(NOTICE_SERVED) and payload.delivery == "service":
        return "按送达程序送达"
    return ON_THE_SPOT_TITLE


@served(
    SERVICE_PURPOSE,
    title="事先告知书送达",
    phases={Phase.serving_rights_notice},
    moves_to={Phase.rights_window},
)
async def rights_notice_served(ctx: CaseContext, result: ServiceResult) -> None:
    """The window runs from the service date: the receipt's, or the day a public notice deemed it served
    (处罚法 Art. 44, 64(1); counted by Art. 85)."""
    rights = require_rights(ctx.state)
    served_on, how = service_outcome(result)
    window = await ctx.arm(
        WINDOW_TIMER,
        _window_period(rights.hearing_grounds),
        label=_window_label(rights.hearing_grounds),
        on_expiry="rights_window_closed",
        start=day_start(served_on),
    )
    await ctx.apply(
        "rights_notice_served",
        action="rights.notice_served",
        record=RecordDraft(
            kind="penalty_pre_notice_served",
            title="行政处罚事先告知书送达记录",
            fields={
                **how,
                "due_at": window.due_at.isoformat(),  # read as the window's last day
            },
            citation=window.citation or str(law.PENALTY_44),
        ),
        phase=Phase.rights_window,
        deadlines=[window],
    )
    rights.served_on, rights.window_due_at = served_on, window.due_at
    ctx.state.rights = rights


# ---- statement and defence (陈述、申辩) -------------------------------------------------------


class Statement(BaseModel):
    made_at: BeijingDatetime = Field(description="陈述、申辩时间")
    posted_on: date | None = Field(
        default=None, description="书面材料邮寄的，交邮日期（在途时间不计入期间，民事诉讼法第八十五条）"
    )
    form: Annotated[Literal["oral", "written"], Choice(oral="口头", written="书面")] = Field(
        description="口头或书面"
    )
    speaker: str = Field(min_length=1, description="陈述人")
    content: LongText = Field(min_length=1, description="陈述、申辩的事实、理由和证据")
    recusal_request: str = Field(default="", description="申请回避的对象和理由")
    # The 陈述申辩笔录 of an oral statement: where it ended, where it was made, who signed it.
    ended_at: BeijingDatetime | None = Field(default=None, description="口头陈述结束时间")
    place: str = Field(default="", description="口头陈述地点（不填为本机关办公场所）")
    signed_by: str = Field(default="", description="在笔录上签名的陈述人")
    refusal_note: str = Field(default="", description="陈述人拒绝签名的情况")


def statement_record_data(ctx: CaseContext, request: StepRequest, payload: Statement) -> dict[str, Any]:
    """The 陈述申辩笔录: the party's statement as answers to the officer, who records it."""
    ended_at = payload.ended_at or payload.made_at
    exchanges = [
        {
            "question": "请对本机关拟作出的行政处罚进行陈述、申辩，并提出事实、理由和证据。",
            "answer": payload.content,
        },
        {"question": "是否申请执法人员回避？", "answer": payload.recusal_request or "不申请回避。"},
    ]
    return {
        **session_data(
            payload.made_at,
            max(ended_at, payload.made_at),
            place=payload.place or f"{ctx.state.start.agency_name}办公场所",
            recorder=request.actor.name,
        ),
        "speaker": {"name": payload.speaker, "role": "陈述申辩人"},
        "exchanges": exchanges,
        "signed_by": payload.signed_by or None,
        "refusal_note": payload.refusal_note or None,
    }


def _statement_not_in_future(state: CaseState, request: StepRequest, payload: Statement) -> None:
    not_in_future(payload.made_at.date(), field="made_at", what="陈述、申辩时间")


@step(
    "record_statement",
    title="陈述申辩笔录",
    phases={Phase.rights_window, Phase.rights_concluded},
    payload=Statement,
    checks=(_statement_not_in_future,),
)
async def record_statement(ctx: CaseContext, request: StepRequest, payload: Statement) -> StepOutcome:
    rights = require_rights(ctx.state)
    # An oral statement is written down as a 陈述申辩笔录; a written one is itself the material.
    documents = (
        [
            await ctx.issue(
                "statement_record", statement_record_data(ctx, request, payload), actor=request.actor
            )
        ]
        if payload.form == "oral" and issues_remaining_kinds()
        else []
    )
    await ctx.apply(
        "statement",
        action="rights.statement_recorded",
        actor=request.actor,
        record=RecordDraft(
            kind="statement",
            title="陈述申辩笔录" if payload.form == "oral" else "书面陈述申辩材料",
            fields={
                **payload.model_dump(mode="json"),
                # Timely by the date made or posted, even when the window closed before it arrived.
                "within_window": not not_within_window(rights, payload.posted_on or payload.made_at.date()),
                "recorder": request.actor.name,
                **documents_fields(documents),
            },
            citation=str(law.PENALTY_45),
        ),
    )
    rights.statements += 1
    rights.unreviewed_statements += 1
    rights.unreviewed_points.append(f"{payload.speaker}：{payload.content}")
    ctx.state.rights = rights
    return outcome(ctx, "已记录陈述、申辩，待复核")


# ---- review of the statement (复核意见书) --------------------------------------------------------


class StatementReview(BaseModel):
    adoption: Annotated[
        Literal["adopted", "partly_adopted", "not_adopted"],
        Choice(adopted="采纳", partly_adopted="部分采纳", not_adopted="不予采纳"),
    ] = Field(description="是否采纳")
    reasons: LongText = Field(min_length=1, description="采纳或不予采纳的理由")
    revised_penalty: Penalty | None = Field(default=None, description="采纳后调整的拟处罚内容")


def _something_to_review(state: CaseState, request: StepRequest, payload: StatementReview) -> None:
    rights = require_rights(state)
    if not rights.unreviewed_statements:
        raise ProcedureViolation("没有待复核的陈述、申辩", field="step", rule="nothing_to_review")
    if payload.revised_penalty is not None:
        require_within_notice(rights, payload.revised_penalty, field="revised_penalty")


def review_data(
    ctx: CaseContext, request: StepRequest, payload: StatementReview, rights: RightsFacts
) -> dict[str, Any]:
    """复核意见书: what the party said, the review, whether it was adopted and what changes."""
    findings = payload.reasons
    if payload.revised_penalty is not None:
        findings += f"。调整拟作出的行政处罚为：{'，'.join(payload.revised_penalty.describe())}"
    return {
        "statement_summary": "；".join(rights.unreviewed_points) or "当事人提出了陈述、申辩",
        "review_findings": findings,
        "adopted": payload.adoption != "not_adopted",
        "opinions": [
            {
                "role": f"复核意见（{ADOPTION_ZH[payload.adoption]}）",
                "opinion": payload.reasons,
                "signer": request.actor.name,
                "signed_on": ctx.now().date().isoformat(),
            }
        ],
    }


@step(
    "review_statement",
    title="复核意见书",
    phases={Phase.rights_window, Phase.rights_concluded},
    payload=StatementReview,
    checks=(_something_to_review,),
)
async def review_statement(ctx: CaseContext, request: StepRequest, payload: StatementReview) -> StepOutcome:
    rights = require_rights(ctx.state)
    issued = await ctx.issue(
        "review_opinion", review_data(ctx, request, payload, rights), actor=request.actor
    )
    await ctx.apply(
        "statement_review",
        action="rights.statement_reviewed",
        actor=request.actor,
        record=RecordDraft(
            kind="statement_review",
            title="复核意见书",
            fields={
                "adoption": ADOPTION_ZH[payload.adoption],
                "reasons": payload.reasons,
                "noticed_penalty": rights.noticed.describe(),
                "revised_penalty": payload.revised_penalty.describe() if payload.revised_penalty else None,
                "reviewer": request.actor.name,
                "reviewed_at": ctx.now().isoformat(),
                **documents_fields([issued]),
            },
            citation=str(law.PENALTY_45),
        ),
    )
    rights.reviews.append(
        ReviewFacts(
            points=rights.unreviewed_points,
            adoption=payload.adoption,
            reasons=payload.reasons,
            revised_penalty=payload.revised_penalty.describe() if payload.revised_penalty else None,
            reviewed_on=ctx.now().date(),
        )
    )
    rights.unreviewed_statements = 0
    rights.unreviewed_points = []
    if payload.revised_penalty is not None:
        rights.reviewed_penalty = payload.revised_penalty
    ctx.state.rights = rights
    return outcome(ctx, f"复核意见：{ADOPTION_ZH[payload.adoption]}")


# ---- waiver (放弃陈述、申辩或听证) ----------------------------------------------------------------


class Waiver(BaseModel):
    scope: Annotated[Literal["all", "hearing"], Choice(all="放弃陈述、申辩和听证", hearing="仅放弃听证")] = (
        Field(description="放弃全部权利或仅放弃听证")
    )
    form: Annotated[
        Literal["written", "oral", "absent"],
        Choice(written="书面", oral="口头", absent="无正当理由拒不出席听证"),
    ] = Field(description="书面、口头，或无正当理由拒不出席听证（视为放弃）")
    note: LongText = Field(min_length=1, description="放弃的具体情况")


def _waiver_fits_phase(state: CaseState, request: StepRequest, payload: Waiver) -> None:
    rights = require_rights(state)
    if payload.scope == "all" and rights.statements:
        # A right already used is not waived: the heard party declares it has nothing to add instead.
        raise InvalidInput(
            "当事人已陈述、申辩，不能记录为放弃陈述、申辩：经复核后请记录“陈述申辩完毕声明”（无补充意见），"
            "享有听证权利而不要求听证的，记录“仅放弃听证”"
            f"（{law.PENALTY_45_62}）",
            field="scope",
            rule="statement_already_made",
            citation=str(law.PENALTY_45_62),
        )
    if state.phase in HEARING_PENDING | {Phase.serving_hearing_notice} and payload.scope != "hearing":
        raise InvalidInput("已要求听证的，只能放弃听证", field="scope", rule="waiver_scope")
    if payload.scope == "hearing" and not rights.may_request_hearing:
        raise InvalidInput(
            "拟作出的处罚不属于应当告知听证权利的情形",
            field="scope",
            rule="no_hearing_right",
            citation=str(law.PENALTY_63),
        )
    if payload.form == "absent" and state.phase != Phase.hearing_scheduled:
        raise InvalidInput(
            "只有已通知听证的，才存在拒不出席听证",
            field="form",
            rule="absent_needs_hearing",
            citation=str(law.PENALTY_64_6),
        )


def _waiver_before_notice_served(state: CaseState) -> ProcedureViolation | None:
    """A right is waived only once the party has been told of it (处罚法 Art. 44; 泰安 Art. 10-11 record
    the waiver of rights told): none while the 事先告知书 is still being served. A party present at the
    office receives it directly — that is service (民诉法 Art. 88) — and may then waive in writing."""
    if state.phase != Phase.serving_rights_notice:
        return None
    return ProcedureViolation(
        "事先告知书尚在送达中，当事人尚未被告知陈述、申辩和要求听证的权利，不能放弃尚未告知的权利"
        f"（{law.PENALTY_44}）。当事人在场的，请先在送达程序中以“直接送达”记录其当场签收送达回证"
        f"（{law.CIVIL_PROCEDURE_88}），告知书即已送达，再记录其书面放弃；当事人不在场的，待送达完成后记录",
        field="step",
        rule="waiver_before_notice_served",
        citation=str(law.PENALTY_44),
        allowed=describe_allowed(state),
    )


# A party who asked for a hearing may give it up while its 听证通知书 is still being served (it was told of
# the right by the 事先告知书): the rights conclude and the notice's service is withdrawn.
WAIVER_WITHDRAWS_HEARING_NOTICE = "waiver-withdraws-hearing-notice"
# A hearing given up needs no new time: the mark of a notice served too late is lifted (as its own record).
WAIVER_LIFTS_LATE_NOTICE = "waiver-lifts-late-notice-flag"


@step(
    "record_waiver",
    title="放弃陈述申辩或听证记录",
    moves_to={Phase.rights_concluded},
    phases={
        Phase.rights_window,
        Phase.hearing_requested,
        Phase.serving_hearing_notice,
        Phase.hearing_scheduled,
    },
    payload=Waiver,
    checks=(_waiver_fits_phase,),
    not_now=_waiver_before_notice_served,
)
async def record_waiver(ctx: CaseContext, request: StepRequest, payload: Waiver) -> StepOutcome:
    rights = require_rights(ctx.state)
    everything = payload.scope == "all"
    concludes = everything or ctx.state.phase != Phase.rights_window
    notice_being_served = ctx.state.phase == Phase.serving_hearing_notice
    citation = (
        law.PENALTY_62 if everything else law.PENALTY_64_6 if payload.form == "absent" else law.PENALTY_64
    )
    await ctx.apply(
        "rights_waived",
        action="rights.waived",
        actor=request.actor,
        record=RecordDraft(
            kind="rights_waiver",
            title="放弃陈述、申辩和听证权利记录" if everything else "放弃听证权利记录",
            fields={
                **payload.model_dump(mode="json"),
                "recorder": request.actor.name,
                "recorded_at": ctx.now().isoformat(),
            },
            citation=str(citation),
        ),
        phase=Phase.rights_concluded if concludes else None,
        deadlines=[ctx.clear_timer(WINDOW_TIMER, status=DeadlineStatus.met)] if everything else [],
    )
    rights.waivers.append(WaiverFacts(scope=payload.scope, form=payload.form, recorded_on=ctx.now().date()))
    rights.waived_all = rights.waived_all or everything
    if rights.may_request_hearing:
        rights.hearing = "waived"
    rights.window_open = rights.window_open and not everything
    ctx.state.rights = rights
    # After the record: a waiver the database refused leaves the notice's service running.
    if notice_being_served and workflow.patched(WAIVER_WITHDRAWS_HEARING_NOTICE):
        await withdraw_service(ctx, HEARING_NOTICE_PURPOSE)
    if rights.hearing == "waived":
        await lift_flag(
            ctx,
            HEARING_NOTICE_TOO_LATE,
            title="听证通知书送达过迟，须另定听证时间",
            reason="当事人放弃听证，无须另定听证时间",
            citation=str(citation),
            patch=WAIVER_LIFTS_LATE_NOTICE,
        )
    return outcome(ctx, "已记录放弃权利")


# ---- heard, nothing further to add (当事人陈述申辩完毕声明) ---------------------------------------


class StatementsComplete(BaseModel):
    """The party, heard, says on the record that it has nothing to add (泰安 Art. 10: an oral one is
    written down). Not a waiver: the rights were used."""

    declared_at: BeijingDatetime = Field(description="当事人表示陈述、申辩完毕的时间")
    declarant: str = Field(min_length=1, description="作出表示的当事人或其委托代理人")
    form: Annotated[Literal["written", "oral"], Choice(written="书面声明", oral="口头表示（记入笔录）")] = (
        Field(description="书面声明或口头表示")
    )
    statement: LongText = Field(min_length=1, description="当事人表示的原话或书面声明的内容")


def _heard_with_nothing_to_add(state: CaseState, request: StepRequest, payload: StatementsComplete) -> None:
    rights = require_rights(state)
    not_in_future(payload.declared_at.date(), field="declared_at", what="表示时间")
    if rights.served_on is not None and payload.declared_at.date() < rights.served_on:
        raise InvalidInput(
            "表示陈述、申辩完毕的时间不能早于事先告知书送达日期", field="declared_at", rule="after_notice"
        )
    if not rights.statements:
        raise ProcedureViolation(
            "当事人尚未陈述、申辩，不能记录“陈述申辩完毕”：当事人明确放弃的，记录放弃；否则待期限届满"
            f"（{law.PENALTY_45_62}）",
            field="step",
            rule="not_heard",
            citation=str(law.PENALTY_45_62),
        )
    require_statements_reviewed(rights)
    if rights.may_request_hearing and rights.hearing == "not_requested":
        raise ProcedureViolation(
            "当事人享有要求听证的权利，期限尚未届满：当事人要求听证的，记录听证申请；明确不要求听证的，"
            f"记录“仅放弃听证”后再记录陈述申辩完毕（{law.PENALTY_63_64_1}）",
            field="step",
            rule="hearing_right_open",
            citation=str(law.PENALTY_63_64_1),
        )


@step(
    "declare_statements_complete",
    title="陈述申辩完毕声明（无补充意见）",
    moves_to={Phase.rights_concluded},
    phases={Phase.rights_window},
    payload=StatementsComplete,
    checks=(_heard_with_nothing_to_add,),
)
async def declare_statements_complete(
    ctx: CaseContext, request: StepRequest, payload: StatementsComplete
) -> StepOutcome:
    rights = require_rights(ctx.state)
    await ctx.apply(
        "statements_complete",
        action="rights.statements_complete",
        actor=request.actor,
        record=RecordDraft(
            kind="statements_complete",
            title="当事人陈述申辩完毕声明",
            fields={
                **payload.model_dump(mode="json"),
                "statements": rights.statements,
                "reviews": [review.adoption for review in rights.reviews],
                "hearing": "已放弃听证" if rights.hearing == "waived" else "不适用听证",
                "recorder": request.actor.name,
                "recorded_at": ctx.now().isoformat(),
                "basis": record_basis(ctx, ProcedureStep.RIGHTS_NOTICE),
            },
            citation=str(law.PENALTY_44_45_62),
        ),
        phase=Phase.rights_concluded,
        deadlines=[ctx.clear_timer(WINDOW_TIMER, status=DeadlineStatus.met)],
    )
    rights.declaration = DeclarationFacts(
        declarant=payload.declarant, declared_on=payload.declared_at.date(), form=payload.form
    )
    rights.window_open = False
    ctx.state.rights = rights
    return outcome(ctx, "已记录当事人陈述、申辩完毕，可以拟定处理意见")


# ---- the window closes ----------------------------------------------------------------------


@on_expiry(
    "rights_window_closed",
    title="陈述、申辩和要求听证期限届满",
    phases={Phase.rights_window},
    moves_to={Phase.rights_concluded},
)
async def rights_window_closed(ctx: CaseContext, key: str) -> None:
    """Five working days passed: the rights not exercised are recorded as such (Art. 64(1))."""
    rights = require_rights(ctx.state)
    timer = ctx.state.timers[key]
    silent = rights.statements == 0 and rights.hearing == "not_requested"
    await ctx.apply(
        "rights_window_closed",
        action="rights.window_closed",
        record=RecordDraft(
            kind="rights_not_exercised" if silent else "rights_window_closed",
            title="逾期未行使陈述、申辩和听证权利记录" if silent else "陈述、申辩期限届满记录",
            fields={
                "served_on": rights.served_on.isoformat() if rights.served_on else None,
                "due_at": timer.due_at.isoformat(),
                "statements": rights.statements,
                "hearing": "未要求听证" if rights.may_request_hearing else "不适用听证",
                "note": "当事人在期限内未陈述、申辩，也未要求听证，视为放弃上述权利"
                if silent
                else "期限届满",
            },
            citation=timer.citation,
        ),
        # The window is the party's, whatever the handler did meanwhile (e.g. proposed no penalty).
        phase=Phase.rights_concluded if ctx.state.phase == Phase.rights_window else None,
        deadlines=[ctx.clear_timer(key, status=DeadlineStatus.met)],
        flags=["rights_not_exercised"] if silent else [],
    )
    rights.window_open = False
    rights.window_lapsed = True
    ctx.state.rights = rights
