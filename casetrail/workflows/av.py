"""Audio/video recording duties (音像记录义务) that a step opens, by the case's pinned profile."""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow

from casetrail.errors import InvalidInput

from .context import CaseContext
from .types import AvObligationDraft, CaseStart

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.recording import RecordingObligation, recording_obligation
    from casetrail.rules.registry import get_profile


def obligation(start: CaseStart, act: EnforcementAct) -> RecordingObligation:
    return recording_obligation(get_profile(start.profile_id, start.profile_version), act)


def require_av(start: CaseStart, act: EnforcementAct, recorded: bool, *, field: str = "av_recorded") -> None:
    """Refuse an act done without a recording where the case's profile makes one mandatory."""
    duty = obligation(start, act)
    if duty.av == "mandatory" and not recorded:
        raise InvalidInput(
            f"{duty.act_title}{duty.av_zh}，须先进行音像记录",
            field=field,
            rule="av_mandatory",
            citation=str(duty.av_citation) if duty.av_citation else None,
        )


async def av_duty(
    ctx: CaseContext, act: EnforcementAct, *, performed_at: datetime, recorded: bool
) -> AvObligationDraft | None:
    """The recording the act leaves to be stored and described, or None when there is none.

    A mandatory recording is always owed; a recording the officers chose to make is owed once made
    (it is evidence and must be stored within the profile's deadline like any other).
    """
    duty = obligation(ctx.state.start, act)
    if duty.av != "mandatory" and not recorded:
        return None
    storage_due = None
    if duty.storage is not None:
        storage_due = (await ctx.compute(duty.storage.period, start=performed_at)).end
    return AvObligationDraft(
        key="",
        act=act.value,
        requirement="mandatory" if duty.av == "mandatory" else "situational",
        uninterrupted=duty.uninterrupted,
        storage_due_at=storage_due,
        citation=str(duty.av_citation) if duty.av_citation else None,
        description_fields=list(duty.description_fields),
    )
