"""AV recording duties of an act (音像记录义务): open the obligation, remind, then mark met or overdue.

Whether an act must be recorded, how soon the recording must be stored and what its description
must say all come from the case's profile (``rules.recording``). The storage deadline is computed
in an activity (it needs the DB working-day calendar); one movable timer per obligation wakes first
for a reminder, then at the deadline, and asks an activity whether the upload API has marked the
obligation fulfilled — no signal from the upload is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.statuses import DeadlineStatus
from casetrail.workflows import procedure
from casetrail.workflows.av import MARK_FIELDS, ActMarks, act_named, av_duty
from casetrail.workflows.context import ACTIVITY_RETRY, CaseContext
from casetrail.workflows.procedure import on_expiry
from casetrail.workflows.state import AvDuty, CaseState
from casetrail.workflows.types import (
    AvDutyOpened,
    AvObligationDraft,
    DeadlineDraft,
    RecordDraft,
)

from ..fields import BeijingDateTime
from .profile_rules import case_profile

with workflow.unsafe.imports_passed_through():
    from casetrail.activities.av_duties import (
        AvStatusQuery,
        AvStorageQuery,
        av_obligation_status,
        compute_av_storage_deadline,
    )
    from casetrail.activities.deadlines import ComputedDeadline
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.profile_model import Profile
    from casetrail.rules.recording import RecordingObligation, recording_obligation

# How long before the storage deadline officers are reminded (a service level, not a statute).
REMINDER_LEAD = timedelta(hours=4)
TIMER_PREFIX = "av:"


AV_STORAGE_CHECK = "av_storage_check"


class AvException(StrEnum):
    """The only grounds on which a mandatory recording may be left out: the regulations name
    涉及国家秘密 (Taian Art. 15 "除涉及国家秘密等不适宜音像记录的情形外"; Mingshan Art. 13)."""

    state_secret = "state_secret"

    @property
    def title_zh(self) -> str:
        return {"state_secret": "涉及国家秘密"}[self.value]


class AvReport(ActMarks):
    """What officers report about the recording of an act."""

    av_recorded: bool | None = Field(default=None, description="是否进行了音像记录")
    av_exception: AvException | None = Field(
        default=None, description="应当音像记录而未记录的法定情形（仅限涉及国家秘密）"
    )
    av_not_recorded_reason: str = Field(
        default="", description="未记录的具体情况（涉及国家秘密的事项、定密依据等）"
    )
    recording_ended_at: BeijingDateTime | None = Field(default=None, description="音像记录结束时间")
    returned_at: BeijingDateTime | None = Field(
        default=None, description="返回单位时间（连续、异地、边远地区执法，按规定自返回后起算存储时限）"
    )


# The report's own fields: a step's record shows them in its "av" section, not twice.
AV_REPORT_FIELDS = set(AvReport.model_fields)


def check_av_report(state: CaseState, act: EnforcementAct, report: AvReport) -> None:
    """Refuse a report the case's profile does not accept (see ``check_av_answer``)."""
    check_av_answer(
        case_profile(state), act, report, now=workflow.now(), allowed=procedure.describe_allowed(state)
    )


def check_av_answer(
    profile: Profile,
    act: EnforcementAct,
    report: AvReport,
    *,
    now: datetime,
    prefix: str = "",
    allowed: list[str] | None = None,
) -> None:
    """Refuse a report ``profile`` does not accept: a mandatory recording skipped without a reason,
    a situational one left unanswered, or a return-to-unit start the profile does not allow.
    ``prefix`` names where the report sits in the request (``on_the_spot.`` for the case's opening)."""
    obligation = recording_obligation(profile, act, report.circumstances)
    cited = str(obligation.av_citation) if obligation.av_citation else None
    if obligation.av == "mandatory" and report.av_recorded is False:
        if report.av_exception is None:
            raise ProcedureViolation(
                f"{act_named(obligation)}应当进行音像记录；仅涉及国家秘密等法定情形可以不记录，须选择该情形",
                # A duty a mark made mandatory is refused at the mark, beside the article that says so.
                field=prefix
                + (MARK_FIELDS[obligation.raised_by] if obligation.raised_by else "av_exception"),
                rule="av_mandatory",
                citation=cited,
                allowed=allowed,
            )
        if not report.av_not_recorded_reason.strip():
            raise InvalidInput(
                f"以“{report.av_exception.title_zh}”为由未音像记录的，须写明具体情况",
                field=f"{prefix}av_not_recorded_reason",
                rule="av_exception_explained",
                citation=cited,
            )
    if obligation.av == "situational" and report.av_recorded is None:
        raise InvalidInput(
            f"{act_named(obligation)}{obligation.av_zh}，须说明是否进行了音像记录",
            field=f"{prefix}av_recorded",
            rule="av_situational_answer",
            citation=cited,
        )
    if report.returned_at is None:
        return
    storage = profile.av_storage
    if storage is None or storage.after_return is None:
        raise InvalidInput(
            "本机关适用的规定不允许音像记录存储时限自返回单位后起算",
            field=f"{prefix}returned_at",
            rule="after_return_not_allowed",
            citation=str(storage.citation) if storage and storage.citation else None,
        )
    if report.returned_at < (report.recording_ended_at or now):
        raise InvalidInput(
            "返回单位时间不能早于音像记录结束时间",
            field=f"{prefix}returned_at",
            rule="return_after_recording",
        )


# Marks on an act (容易引发争议, 在执法办案场所) raise its recording from this patch on; a history from
# before it replays as if nothing was marked (an unknown field was ignored then).
AV_CIRCUMSTANCES_PATCH = "av-circumstances"


def as_handled(report: AvReport) -> AvReport:
    """The report as a step's handler acts on it (see AV_CIRCUMSTANCES_PATCH)."""
    if not report.circumstances or workflow.patched(AV_CIRCUMSTANCES_PATCH):
        return report
    return report.model_copy(update=dict.fromkeys(ActMarks.model_fields, False))


@dataclass
class AvEffects:
    """What an act's recording adds to its step: obligations, their deadlines, the record's AV section."""

    obligations: list[AvObligationDraft] = field(default_factory=list)
    deadlines: list[DeadlineDraft] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    # The duty's timer, for the workflow that keeps it (the case, when a service child opened it).
    opened: AvDutyOpened | None = None


@dataclass
class AvDutyPlan:
    """An act's recording duty as computed before its step is applied (the key comes at ``attach``)."""

    obligation: RecordingObligation
    recorded: bool
    report: AvReport
    due: ComputedDeadline | None
    ended_at: datetime | None = None  # the recording's end the deadline counts from (or from the return)


async def plan_av_duty(ctx: CaseContext, act: EnforcementAct, report: AvReport) -> AvDutyPlan:
    """Whether ``act`` leaves a recording to store, and by when (the profile's storage deadline)."""
    report = as_handled(report)
    obligation = recording_obligation(case_profile(ctx.state), act, report.circumstances)
    recorded = report.av_recorded if report.av_recorded is not None else obligation.av == "mandatory"
    if not recorded:
        return AvDutyPlan(obligation, False, report, None)
    start = ctx.state.start
    ended_at = report.recording_ended_at or ctx.now()
    due = await workflow.execute_activity(
        compute_av_storage_deadline,
        AvStorageQuery(start.profile_id, start.profile_version, ended_at, report.returned_at),
        start_to_close_timeout=timedelta(seconds=30),
        retry_policy=ACTIVITY_RETRY,
    )
    return AvDutyPlan(obligation, True, report, due, ended_at)


def attach_av_duty(ctx: CaseContext, plan: AvDutyPlan, step_name: str, *, arm: bool = True) -> AvEffects:
    """The duty as the step applied next as ``step_name`` records it (call right before that ``apply``:
    the obligation is keyed by the act's step key, which links it to the act's record).

    ``arm``: start the duty's timer here. A service child does not (it ends once the document is
    served, long before a storage deadline): it hands ``AvEffects.opened`` to the case instead.
    """
    obligation, due = plan.obligation, plan.due
    effects = AvEffects(fields=_record_fields(obligation, plan.recorded, plan.report))
    if not plan.recorded:
        return effects
    key = ctx.state.peek_step_key(step_name)
    due_at = due.end if due else None
    effects.obligations.append(
        AvObligationDraft(
            key=key,
            act=obligation.act.value,
            requirement="mandatory" if obligation.av == "mandatory" else "situational",
            uninterrupted=obligation.uninterrupted,
            storage_due_at=due_at,
            citation=str(obligation.av_citation) if obligation.av_citation else None,
            description_fields=list(obligation.description_fields),
        )
    )
    effects.fields.update(obligation_key=key, storage_due_at=due_at.isoformat() if due_at else None)
    if due is None:
        return effects
    effects.fields["storage_rule"] = f"{due.counting_rule}（{due.citation}）"
    opened = AvDutyOpened(
        key=key,
        act=obligation.act.value,
        label=f"音像记录存储（{obligation.act_title}）",
        due_at=due.end,
        citation=due.citation,
        provisional=due.provisional,
        recording_ended_at=plan.ended_at,
        returned_at=plan.report.returned_at,
    )
    effects.opened = opened
    effects.deadlines.append(
        DeadlineDraft(
            TIMER_PREFIX + key, opened.label, due.end, due.citation, DeadlineStatus.open, due.provisional
        )
    )
    if arm:
        arm_av_duty(ctx, opened)
    return effects


def arm_av_duty(ctx: CaseContext, opened: AvDutyOpened) -> None:
    """One movable timer per duty: it wakes first for the reminder, then at the deadline."""
    ctx.state.av_duties[opened.key] = AvDuty(
        opened.key,
        opened.act,
        opened.due_at,
        recording_ended_at=opened.recording_ended_at,
        returned_at=opened.returned_at,
    )
    ctx.set_timer(
        TIMER_PREFIX + opened.key,
        label=opened.label,
        due_at=opened.due_at,
        wake_at=max(opened.due_at - REMINDER_LEAD, ctx.now()),
        citation=opened.citation,
        on_expiry=AV_STORAGE_CHECK,
        provisional=opened.provisional,
    )


async def open_av_duty(ctx: CaseContext, act: EnforcementAct, step_name: str, report: AvReport) -> AvEffects:
    """The recording duty of the act applied next as ``step_name`` (call right before that ``apply``)."""
    return attach_av_duty(ctx, await plan_av_duty(ctx, act, report), step_name)


# Duties opened by service, enforcement and the correction check got a storage date but no timer
# before this patch; cases that opened one then replay the old path (``workflows.av.av_duty``).
AV_TIMERS_PATCH = "av-duty-timers-for-every-act"


@dataclass
class ActRecording:
    """The recording duty of an act whose step only says whether it was recorded."""

    plan: AvDutyPlan | None
    legacy: AvObligationDraft | None = None  # a case from before AV_TIMERS_PATCH: no timer

    def attach(self, ctx: CaseContext, step_name: str, *, arm: bool = True) -> AvEffects:
        if self.plan is None:
            return AvEffects(obligations=[self.legacy] if self.legacy else [])
        return attach_av_duty(ctx, self.plan, step_name, arm=arm)


async def act_recording(
    ctx: CaseContext,
    act: EnforcementAct | None,
    *,
    performed_at: datetime,
    recorded: bool,
    marks: ActMarks | None = None,
) -> ActRecording:
    """Plan the duty where the step has its time; ``attach`` it right before the step's ``apply``.
    ``marks``: what the officers marked the act with (容易引发争议, 在执法办案场所)."""
    if act is None:
        return ActRecording(None)
    if not workflow.patched(AV_TIMERS_PATCH):
        return ActRecording(None, await av_duty(ctx, act, performed_at=performed_at, recorded=recorded))
    marks = marks or ActMarks()
    report = AvReport(
        av_recorded=recorded,
        recording_ended_at=performed_at,
        # Only the marks: ``marks`` may be the step's whole payload, which carries its own report.
        **marks.model_dump(include=set(ActMarks.model_fields)),
    )
    return ActRecording(await plan_av_duty(ctx, act, report))


# Hearings (听证) and on-the-spot decisions (简易程序) did not ask about their recording before this patch.
AV_REPORT_PATCH = "av-report-hearing-and-simple-procedure"


async def reported_act_recording(ctx: CaseContext, act: EnforcementAct, report: AvReport) -> ActRecording:
    """The duty of an act whose step began to ask about its recording with AV_REPORT_PATCH: checked
    here, in the handler, so a case from before the patch replays its step as it was taken."""
    if not workflow.patched(AV_REPORT_PATCH):
        return ActRecording(None)
    report = as_handled(report)
    check_av_report(ctx.state, act, report)
    return ActRecording(await plan_av_duty(ctx, act, report))


def _record_fields(obligation: RecordingObligation, recorded: bool, report: AvReport) -> dict[str, Any]:
    return {
        "act": obligation.act_title,
        "circumstances": [circumstance.title_zh for circumstance in obligation.circumstances],
        "requirement": obligation.av_zh,
        "requirement_citation": str(obligation.av_citation) if obligation.av_citation else None,
        "recorded": recorded,
        "not_recorded_reason": report.av_not_recorded_reason,
        "not_recorded_exception": report.av_exception.title_zh if report.av_exception else None,
        "uninterrupted": obligation.uninterrupted,
        "uninterrupted_when": obligation.uninterrupted_when,
        "description_fields": list(obligation.description_fields),
        "audio_transcript": obligation.audio_transcript,
    }


@on_expiry(AV_STORAGE_CHECK, title="音像记录存储期限届满")
async def av_storage_check(ctx: CaseContext, key: str) -> None:
    """Reminder time or deadline: stored → met; before the deadline → remind; after → overdue."""
    duty = ctx.state.av_duties[key.removeprefix(TIMER_PREFIX)]
    assert duty.due_at is not None
    status = await workflow.execute_activity(
        av_obligation_status,
        AvStatusQuery(ctx.state.start.case_id, duty.key),
        start_to_close_timeout=timedelta(seconds=30),
        retry_policy=ACTIVITY_RETRY,
    )
    if status == "fulfilled":
        duty.status = DeadlineStatus.met
        await ctx.apply(
            "av_stored",
            action="av.stored",
            deadlines=[ctx.clear_timer(key, status=DeadlineStatus.met)],
            detail={"obligation": duty.key},
        )
    elif workflow.now() < duty.due_at:
        timer = ctx.state.timers[key]
        ctx.set_timer(
            key,
            label=timer.label,
            due_at=duty.due_at,
            citation=timer.citation,
            on_expiry=timer.on_expiry,
            provisional=timer.provisional,
        )
        await ctx.apply(
            "av_storage_reminder",
            action="av.storage_reminder",
            detail={"obligation": duty.key, "due_at": duty.due_at.isoformat()},
        )
    else:
        duty.status = DeadlineStatus.overdue
        timer = ctx.state.timers[key]
        await ctx.apply(
            "av_storage_overdue",
            action="av.storage_overdue",
            record=RecordDraft(
                kind="av_storage_overdue",
                title="音像记录逾期未存储",
                fields={
                    "obligation_key": duty.key,
                    "act": duty.act,
                    "due_at": duty.due_at.isoformat(),
                    "marked_at": ctx.now().isoformat(),
                },
                citation=timer.citation,
            ),
            deadlines=[ctx.clear_timer(key, status=DeadlineStatus.overdue)],
            av_overdue=[duty.key],
            flags=["av_storage_overdue"],
        )
