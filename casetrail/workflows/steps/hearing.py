"""The hearing (听证, 处罚法 Art. 63-65): request, notice, record and report.

A request must come within the 5-working-day window of the notice (Art. 64(1)) and only for the
penalties of Art. 63; the notice must reach the party at least 7 working days before the hearing
(Art. 64(2)), which needs the working-day calendar and so is checked in the handler, through the
deadline activity, rather than in the Update validator; the host may not be an investigator of the
case (Art. 64(4)).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field, model_validator
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.roles import Role
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.context import CaseContext
from casetrail.workflows.decision_records import HearingReportFacts, RightsFacts
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, ServiceResult, StepOutcome, StepRequest

from ..fields import LongText
from .act_documents import documents_fields, session_data
from .av_duties import AV_REPORT_FIELDS, AvReport, reported_act_recording
from .common import BeijingDatetime, not_in_future, outcome, record_basis
from .document_data import document_fields, issues_remaining_kinds
from .escalation import lift_flag
from .notice_service import (
    DELIVERY,
    RECEIVER,
    SERVICE_PLACE,
    DeliveryChoice,
    check_delivery,
    receipt_on_the_spot,
    served_document,
    service_outcome,
)
from .rights import (
    HEARING_NOTICE_PURPOSE,
    HEARING_NOTICE_TOO_LATE,
    WINDOW_TIMER,
    not_within_window,
    require_rights,
)
from .service_steps import served, start_service

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.deadline_text import deadline_text
    from casetrail.rules.legal_time import day_start
    from casetrail.rules.steps import ProcedureStep

# Whoever hosts or records a hearing is named in the payload; the user entering it may be any
# officer of the agency or a legal reviewer, since the host must not be one of the case's investigators.
HEARING_STAFF = frozenset({Role.officer, Role.legal_reviewer})
# Hearing notices after this patch are served like the decision; the 7 working days run from service.
HEARING_NOTICE_SERVED = "hearing-notice-served"
SERVICE_PURPOSE = HEARING_NOTICE_PURPOSE
NOTICE_TITLE = "听证通知书"
TOO_LATE = HEARING_NOTICE_TOO_LATE
# After this patch the mark of a notice served too late is lifted, as its own record, once a new
# notice reaches the party in time for the day it names (before, marks could only be added).
FLAGS_CLEARED_PATCH = "flag-cleared-when-remedied"


def _require_independent_host(state: CaseState, host: str) -> None:
    if host.strip() in {officer.name for officer in state.start.officers}:
        raise ProcedureViolation(
            f"{host}是本案调查人员，不得主持听证",
            field="host",
            rule="host_not_investigator",
            citation=str(law.PENALTY_64_4),
        )


# ---- request (听证申请) ------------------------------------------------------------------------


class HearingRequest(BaseModel):
    requested_on: date = Field(description="当事人提出听证要求的日期")
    posted_on: date | None = Field(
        default=None, description="邮寄提出的，交邮日期（在途时间不计入期间，民事诉讼法第八十五条）"
    )
    applicant: str = Field(min_length=1, description="申请人")
    form: str = Field(min_length=1, description="书面或口头")

    @property
    def made_on(self) -> date:
        """The date that counts for the window: the posting date of a mailed request."""
        return self.posted_on or self.requested_on


def _hearing_may_be_requested(state: CaseState, request: StepRequest, payload: HearingRequest) -> None:
    rights = require_rights(state)
    if not rights.may_request_hearing:
        raise ProcedureViolation(
            "拟作出的处罚不属于应当告知听证权利的情形，不组织听证",
            field="step",
            rule="no_hearing_right",
            citation=str(law.PENALTY_63),
        )
    if rights.waived_all or rights.hearing != "not_requested":
        raise ProcedureViolation(
            "当事人已放弃听证或已提出听证要求，不再受理听证申请",
            field="step",
            rule="hearing_already_decided",
            citation=str(law.PENALTY_64_1),
        )
    # Timely by the date it was made (or posted), even if the window's timer fired before it arrived.
    if not_within_window(rights, payload.made_on):
        due = deadline_text(rights.window_due_at)
        raise ProcedureViolation(
            f"听证要求应当在告知后五个工作日内（{due}）提出，提出（交邮）日期{payload.made_on.isoformat()}已逾期",
            field="posted_on" if payload.posted_on else "requested_on",
            rule="hearing_request_late",
            citation=f"{law.PENALTY_64_1}、{law.CIVIL_PROCEDURE_85}",
        )
    if rights.served_on is not None and payload.made_on < rights.served_on:
        raise InvalidInput("听证申请日期不能早于告知书送达日期", field="requested_on", rule="after_notice")
    if payload.posted_on is not None and payload.posted_on > payload.requested_on:
        raise InvalidInput("交邮日期不能晚于收到申请的日期", field="posted_on", rule="posted_before_received")
    not_in_future(payload.requested_on, field="requested_on", what="听证申请日期")


@step(
    "request_hearing",
    title="听证申请",
    moves_to={Phase.hearing_requested},
    phases={Phase.rights_window, Phase.rights_concluded},
    payload=HearingRequest,
    checks=(_hearing_may_be_requested,),
)
async def request_hearing(ctx: CaseContext, request: StepRequest, payload: HearingRequest) -> StepOutcome:
    rights = require_rights(ctx.state)
    await ctx.apply(
        "hearing_request",
        action="hearing.requested",
        actor=request.actor,
        record=RecordDraft(
            kind="hearing_request",
            title="听证申请记录",
            fields={
                **payload.model_dump(mode="json"),
                "made_on": payload.made_on.isoformat(),
                "received_after_window": not rights.window_open,
                "grounds": [g.model_dump() for g in rights.hearing_grounds],
                "recorder": request.actor.name,
            },
            citation=f"{law.PENALTY_64_1}、{law.CIVIL_PROCEDURE_85}"
            if payload.posted_on
            else str(law.PENALTY_64_1),
        ),
        phase=Phase.hearing_requested,
        deadlines=[ctx.clear_timer(WINDOW_TIMER, status=DeadlineStatus.met)],
    )
    rights.hearing, rights.window_open = "requested", False
    ctx.state.rights = rights
    return outcome(ctx, "已受理听证申请，请在听证七个工作日前送达听证通知书")


# ---- notice (听证通知书) -----------------------------------------------------------------------


class HearingNotice(BaseModel):
    delivery: DeliveryChoice = DELIVERY
    notified_on: date | None = Field(default=None, description="当场送达的签收日期（按送达程序送达的不填）")
    receiver: str = RECEIVER
    service_place: str = SERVICE_PLACE
    hearing_at: BeijingDatetime = Field(description="听证时间")
    place: str = Field(min_length=1, description="听证地点")
    host: str = Field(min_length=1, description="听证主持人（非本案调查人员）")
    clerk: str = Field(min_length=1, description="书记员（听证通知书载明）")
    public: bool = Field(default=True, description="是否公开举行")
    closed_reason: str = Field(default="", description="不公开举行的理由（国家秘密、商业秘密或者个人隐私）")

    @model_validator(mode="after")
    def _closed_needs_reason(self) -> HearingNotice:
        if not self.public and not self.closed_reason.strip():
            raise ValueError("不公开举行听证须写明理由（closed_reason）")
        return self


def _hearing_notice_valid(state: CaseState, request: StepRequest, payload: HearingNotice) -> None:
    if state.phase == Phase.hearing_scheduled and not notice_served_too_late(require_rights(state)):
        raise ProcedureViolation(
            "听证已通知：只有听证通知书送达过迟、不能在通知的时间举行听证的，才重新通知当事人",
            field="step",
            rule="hearing_already_notified",
            citation=str(law.PENALTY_64_2),
        )
    if payload.notified_on is not None:
        not_in_future(payload.notified_on, field="notified_on", what="通知送达日期")
    _require_independent_host(state, payload.host)


def notice_served_too_late(rights: RightsFacts) -> bool:
    """The notice reached the party too late for the time it named (Art. 64(2)): a new notice is due."""
    return (
        rights.hearing_earliest is not None
        and rights.hearing_at is not None
        and rights.hearing_at.date() < rights.hearing_earliest
    )


async def _earliest_hearing_day(ctx: CaseContext, served_on: date) -> tuple[date, list[str]]:
    notice_period = await ctx.compute(national_deadlines.HEARING_NOTICE, start=day_start(served_on))
    return date.fromisoformat(notice_period.last_day), notice_period.explanation


def _too_early(served_on: date, earliest: date) -> str:
    return (
        f"应当在举行听证的七个工作日前通知当事人：{served_on.isoformat()}送达通知的，"
        f"听证最早于{earliest.isoformat()}举行"
    )


@step(
    "notify_hearing",
    title="送达听证通知书",
    moves_to={Phase.hearing_scheduled, Phase.serving_hearing_notice},
    # Again from hearing_scheduled only when the notice was served too late (a new time, a new notice).
    phases={Phase.hearing_requested, Phase.hearing_scheduled},
    available=lambda state: (
        state.phase != Phase.hearing_scheduled
        or (state.rights is not None and notice_served_too_late(state.rights))
    ),
    payload=HearingNotice,
    checks=(_hearing_notice_valid,),
)
async def notify_hearing(ctx: CaseContext, request: StepRequest, payload: HearingNotice) -> StepOutcome:
    served_patch = workflow.patched(HEARING_NOTICE_SERVED)
    if served_patch:
        check_delivery(payload, payload.notified_on, served_field="notified_on", what="听证通知书")
    by_service = served_patch and payload.delivery == "service"
    earliest = explanation = None
    if payload.notified_on is not None:
        earliest, explanation = await _earliest_hearing_day(ctx, payload.notified_on)
        if payload.hearing_at.date() < earliest:
            raise ProcedureViolation(
                _too_early(payload.notified_on, earliest),
                field="hearing_at",
                rule="hearing_notice_too_late",
                citation=str(law.PENALTY_64_2),
            )
    rights = require_rights(ctx.state)
    # Issued first: a notice that cannot be made refuses the step before any record changes.
    document = await ctx.issue(
        "hearing_notice",
        {
            "hearing_at": payload.hearing_at.isoformat(),
            "hearing_place": payload.place,
            "host": payload.host,
            "clerk": payload.clerk,
            "public": payload.public,
        },
        actor=request.actor,
    )
    served = served_document("hearing_notice", document, NOTICE_TITLE)
    receipt = service_id = None
    if by_service:
        service_id = await start_service(ctx, SERVICE_PURPOSE, served)
    elif served_patch and payload.notified_on is not None:
        receipt = await receipt_on_the_spot(ctx, request, payload, served, payload.notified_on)
    await ctx.apply(
        "hearing_notice",
        action="hearing.notified",
        actor=request.actor,
        record=RecordDraft(
            kind="hearing_notice",
            title=NOTICE_TITLE,
            fields={
                **payload.model_dump(mode="json"),
                "party": ctx.state.start.party,
                "earliest_hearing_day": earliest.isoformat() if earliest else None,
                "notice_period": explanation,
                "notified_by": request.actor.name,
                **document_fields(document),
                **({"service_receipt": document_fields(receipt)} if receipt else {}),
                **({"service_workflow_id": service_id} if service_id else {}),
            },
            citation=str(law.PENALTY_64_2),
        ),
        phase=Phase.serving_hearing_notice if by_service else Phase.hearing_scheduled,
    )
    rights.hearing, rights.hearing_at, rights.hearing_earliest = "scheduled", payload.hearing_at, earliest
    ctx.state.rights = rights
    if payload.notified_on is not None and earliest is not None:
        await _late_notice_remedied(ctx, payload.notified_on, earliest)
    if by_service:
        return outcome(ctx, "听证通知书已制作，开始送达；听证不得早于送达之日起七个工作日举行")
    return outcome(ctx, f"听证定于{payload.hearing_at.isoformat()}在{payload.place}举行")


@served(
    SERVICE_PURPOSE,
    title="听证通知书送达",
    phases={Phase.serving_hearing_notice},
    moves_to={Phase.hearing_scheduled},
)
async def hearing_notice_served(ctx: CaseContext, result: ServiceResult) -> None:
    """The 7 working days before the hearing run from the service date (Art. 64(2)); a notice served too
    late for the time it names leaves the hearing to be held no earlier than the law allows."""
    rights = require_rights(ctx.state)
    served_on, how = service_outcome(result)
    earliest, explanation = await _earliest_hearing_day(ctx, served_on)
    too_late = rights.hearing_at is not None and rights.hearing_at.date() < earliest
    await ctx.apply(
        "hearing_notice_served",
        action="hearing.notice_served",
        record=RecordDraft(
            kind="hearing_notice_served",
            title="听证通知书送达记录",
            fields={
                **how,
                "听证最早举行日期": earliest.isoformat(),
                "notice_period": explanation,
                **(
                    {"说明": f"{_too_early(served_on, earliest)}，须另行确定听证时间并重新通知"}
                    if too_late
                    else {}
                ),
            },
            citation=str(law.PENALTY_64_2),
        ),
        phase=Phase.hearing_scheduled,
        flags=["hearing_notice_too_late"] if too_late else [],
    )
    rights.hearing_earliest = earliest
    ctx.state.rights = rights
    if not too_late:
        await _late_notice_remedied(ctx, served_on, earliest)


async def _late_notice_remedied(ctx: CaseContext, served_on: date, earliest: date) -> None:
    """A new notice reached the party in time for the day it names: the earlier notice's mark is lifted,
    recorded as its own entry (the mark said the hearing had to be set again and notified)."""
    rights = ctx.state.rights
    if rights is None or rights.hearing_at is None:
        return
    await lift_flag(
        ctx,
        TOO_LATE,
        title="听证通知书送达过迟，须另定听证时间",
        reason=f"重新通知的听证通知书于{served_on.isoformat()}送达，听证定于"
        f"{rights.hearing_at.date().isoformat()}，不早于最早可举行日期{earliest.isoformat()}",
        citation=str(law.PENALTY_64_2),
        patch=FLAGS_CLEARED_PATCH,
    )


# ---- record (听证笔录) -------------------------------------------------------------------------


class HearingParticipant(BaseModel):
    name: str = Field(min_length=1, description="姓名")
    capacity: str = Field(min_length=1, description="身份：当事人、委托代理人、调查人员、证人等")


class HearingRecord(AvReport):
    held_at: BeijingDatetime = Field(description="听证开始时间")
    place: str = Field(min_length=1, description="听证地点")
    host: str = Field(min_length=1, description="主持人")
    recorder: str = Field(min_length=1, description="记录员")
    participants: list[HearingParticipant] = Field(min_length=1, description="参加人员")
    investigator_case: LongText = Field(min_length=1, description="调查人员提出的违法事实、证据和处罚建议")
    party_defence: LongText = Field(min_length=1, description="当事人的申辩和质证")
    party_signed: bool = Field(description="当事人或代理人核对无误后签字或者盖章")
    refusal_note: LongText = Field(default="", description="拒绝签字或者盖章的，主持人注明的情况")
    ended_at: BeijingDatetime | None = Field(default=None, description="听证结束时间")
    public: bool = Field(default=True, description="是否公开举行")

    @model_validator(mode="after")
    def _signed_or_noted(self) -> HearingRecord:
        if not self.party_signed and not self.refusal_note.strip():
            raise ValueError("当事人拒绝签字或者盖章的，须由主持人在笔录中注明（refusal_note）")
        return self


def _signer(payload: HearingRecord) -> str:
    """Who signed for the party: the participants there as party or agent (当事人、委托代理人)."""
    signers = [p.name for p in payload.participants if "当事人" in p.capacity or "代理人" in p.capacity]
    return "、".join(signers) or "当事人"


def hearing_record_data(payload: HearingRecord) -> dict[str, Any]:
    """The 听证笔录: the host asks, the investigators state the case, the party defends and cross-examines."""
    ended_at = max(payload.ended_at or payload.held_at, payload.held_at)
    return {
        **session_data(payload.held_at, ended_at, place=payload.place, recorder=payload.recorder),
        "host": payload.host,
        "public": payload.public,
        "participants": [{"name": p.name, "role": p.capacity} for p in payload.participants],
        "exchanges": [
            {
                "question": "请案件调查人员提出当事人违法的事实、证据和行政处罚建议。",
                "answer": payload.investigator_case,
            },
            {"question": "请当事人进行申辩和质证。", "answer": payload.party_defence},
        ],
        "signed_by": _signer(payload) if payload.party_signed else None,
        "refusal_note": payload.refusal_note or None,
    }


def _hearing_record_valid(state: CaseState, request: StepRequest, payload: HearingRecord) -> None:
    _require_independent_host(state, payload.host)
    not_in_future(payload.held_at.date(), field="held_at", what="听证时间")
    rights = require_rights(state)
    if rights.hearing_earliest is not None and payload.held_at.date() < rights.hearing_earliest:
        raise ProcedureViolation(
            f"听证通知书送达之日起七个工作日后方可举行听证，最早于{rights.hearing_earliest.isoformat()}举行",
            field="held_at",
            rule="hearing_before_notice_period",
            citation=str(law.PENALTY_64_2),
        )
    scheduled = rights.hearing_at
    if scheduled is not None and payload.held_at.date() < scheduled.date():
        raise ProcedureViolation(
            f"听证不得早于通知的时间（{scheduled.date().isoformat()}）举行",
            field="held_at",
            rule="hearing_before_notice",
            citation=str(law.PENALTY_64_2),
        )


@step(
    "record_hearing",
    title="听证笔录",
    moves_to={Phase.hearing_held},
    phases={Phase.hearing_scheduled},
    payload=HearingRecord,
    roles=HEARING_STAFF,
    case_officer_only=False,
    checks=(_hearing_record_valid,),
)
async def record_hearing(ctx: CaseContext, request: StepRequest, payload: HearingRecord) -> StepOutcome:
    rights = require_rights(ctx.state)
    # 泰安 Art. 15(1), 广东 Art. 16, 明山 Art. 13: recorded; 山西 Art. 11(3), 新乡镇 Art. 15: as needed.
    recording = await reported_act_recording(ctx, EnforcementAct.HEARING, payload)
    documents = (
        [await ctx.issue("hearing_record", hearing_record_data(payload), actor=request.actor)]
        if issues_remaining_kinds()
        else []
    )
    av = recording.attach(ctx, "hearing_record")
    await ctx.apply(
        "hearing_record",
        action="hearing.held",
        actor=request.actor,
        record=RecordDraft(
            kind="hearing_record",
            title="听证笔录",
            fields={
                **payload.model_dump(mode="json", exclude=AV_REPORT_FIELDS),
                "entered_by": request.actor.name,
                "basis": record_basis(ctx, ProcedureStep.HEARING),
                **documents_fields(documents),
                **({"av": av.fields} if av.fields else {}),
            },
            citation=str(law.PENALTY_64_8),
        ),
        phase=Phase.hearing_held,
        deadlines=av.deadlines,
        av_obligations=av.obligations,
    )
    rights.hearing, rights.held_at = "held", payload.held_at
    ctx.state.rights = rights
    return outcome(ctx, "听证笔录已记录，待提交听证报告")


# ---- report (听证报告) -------------------------------------------------------------------------


class HearingReport(BaseModel):
    host: str = Field(min_length=1, description="主持人")
    case_summary: LongText = Field(min_length=1, description="案件基本情况（听证报告载明）")
    disputed_points: LongText = Field(min_length=1, description="争议焦点（听证报告载明）")
    findings: LongText = Field(min_length=1, description="听证认定的事实和证据")
    opinion: LongText = Field(min_length=1, description="主持人的处理意见和建议")


def _report_host_independent(state: CaseState, request: StepRequest, payload: HearingReport) -> None:
    _require_independent_host(state, payload.host)


@step(
    "submit_hearing_report",
    title="听证报告",
    moves_to={Phase.rights_concluded},
    phases={Phase.hearing_held},
    payload=HearingReport,
    roles=HEARING_STAFF,
    case_officer_only=False,
    checks=(_report_host_independent,),
)
async def submit_hearing_report(
    ctx: CaseContext, request: StepRequest, payload: HearingReport
) -> StepOutcome:
    rights = require_rights(ctx.state)
    held_on = (rights.held_at or rights.hearing_at or ctx.now()).date()
    # Issued first: a report that cannot be made refuses the step before the hearing concludes.
    document = await ctx.issue(
        "hearing_report",
        {
            "hearing_on": held_on.isoformat(),
            "host": payload.host,
            "case_summary": payload.case_summary,
            "disputed_points": payload.disputed_points,
            "host_opinion": f"{payload.findings}。{payload.opinion}",
        },
        actor=request.actor,
    )
    await ctx.apply(
        "hearing_report",
        action="hearing.reported",
        actor=request.actor,
        record=RecordDraft(
            kind="hearing_report",
            title="听证报告",
            fields={
                **payload.model_dump(mode="json"),
                "reported_at": ctx.now().isoformat(),
                **document_fields(document),
            },
            citation=str(law.PENALTY_65),
        ),
        phase=Phase.rights_concluded,
    )
    rights.hearing = "concluded"
    rights.hearing_report = HearingReportFacts(
        held_on=held_on, host=payload.host, findings=payload.findings, opinion=payload.opinion
    )
    ctx.state.rights = rights
    return outcome(ctx, "听证结束，可依据听证笔录拟定处理意见")
