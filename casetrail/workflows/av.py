"""Audio/video recording duties (音像记录义务) that a step opens, by the case's pinned profile."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput

from .context import CaseContext
from .types import AvObligationDraft, CaseStart

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.recording import AvCircumstance, RecordingObligation, recording_obligation
    from casetrail.rules.registry import get_profile


class ActMarks(BaseModel):
    """What officers may mark any on-site act with: each can make its recording stricter
    (泰安 Art. 15(5), 山西 Art. 10(6) and 11(1), 广东 Art. 16 and 19, 明山 Art. 22(2))."""

    dispute_prone: bool = Field(default=False, description="该执法活动容易引发争议")
    at_case_handling_area: bool = Field(default=False, description="在执法办案场所进行")
    touches_liberty_life_property: bool = Field(
        default=False, description="直接涉及人身自由、生命健康、重大财产权益"
    )

    @property
    def circumstances(self) -> tuple[AvCircumstance, ...]:
        marks = {
            AvCircumstance.dispute_prone: self.dispute_prone,
            AvCircumstance.case_handling_area: self.at_case_handling_area,
            AvCircumstance.liberty_life_property: self.touches_liberty_life_property,
        }
        return tuple(circumstance for circumstance, marked in marks.items() if marked)


# The field of each mark: a duty a mark made stricter is refused at the mark, beside its article.
MARK_FIELDS: dict[AvCircumstance, str] = {
    AvCircumstance.dispute_prone: "dispute_prone",
    AvCircumstance.case_handling_area: "at_case_handling_area",
    AvCircumstance.liberty_life_property: "touches_liberty_life_property",
}


def act_named(duty: RecordingObligation) -> str:
    """The act as a refusal names it, quoted: after the mark whose rule made its recording stricter
    (容易引发争议的“调查询问（询问当事人、证人）”)."""
    if duty.raised_by is None:
        return f"“{duty.act_title}”"
    return f"{duty.raised_by.title_zh}的“{duty.act_title}”"


def obligation(
    start: CaseStart, act: EnforcementAct, circumstances: tuple[AvCircumstance, ...] = ()
) -> RecordingObligation:
    return recording_obligation(get_profile(start.profile_id, start.profile_version), act, circumstances)


def require_av(
    start: CaseStart,
    act: EnforcementAct,
    recorded: bool,
    *,
    circumstances: tuple[AvCircumstance, ...] = (),
    field: str = "av_recorded",
) -> None:
    """Refuse an act done without a recording where the case's profile makes one mandatory."""
    duty = obligation(start, act, circumstances)
    if duty.av == "mandatory" and not recorded:
        raise InvalidInput(
            f"{act_named(duty)}{duty.av_zh}，须先进行音像记录",
            field=MARK_FIELDS[duty.raised_by] if duty.raised_by else field,
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
