"""Recording obligations (记录义务): what an act must be recorded with, and what each step must record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from casetrail.errors import InvalidInput
from casetrail.rules.acts import EnforcementAct, parse_act
from casetrail.rules.calendar import WorkingCalendar
from casetrail.rules.citation import Citation
from casetrail.rules.legal_time import DeadlineResult, explain_deadline
from casetrail.rules.profile_model import (
    AV_LEVEL_ZH,
    AvLevel,
    AvRequirement,
    AvStorageRule,
    Profile,
    ProfileRef,
    RecordRequirement,
)
from casetrail.rules.steps import ProcedureStep, parse_step


class AvCircumstance(StrEnum):
    """A circumstance officers mark on any on-site act that can make its recording stricter."""

    dispute_prone = "dispute_prone"
    """容易引发争议 (泰安 Art. 15(5), 山西 Art. 11(1), 广东 Art. 16, 明山 Art. 22(2))."""
    case_handling_area = "case_handling_area"
    """在执法办案场所 (山西 Art. 10(6))."""
    liberty_life_property = "liberty_life_property"
    """直接涉及人身自由、生命健康、重大财产权益 (山西 Art. 10(6); 广东 Art. 16, 19: uninterrupted)."""

    @property
    def act(self) -> EnforcementAct:
        """The profile's requirement for this circumstance is kept as the requirement of this act."""
        return {
            "dispute_prone": EnforcementAct.DISPUTE_PRONE,
            "case_handling_area": EnforcementAct.CASE_HANDLING_AREA,
            "liberty_life_property": EnforcementAct.LIBERTY_LIFE_PROPERTY,
        }[self.value]

    @property
    def title_zh(self) -> str:
        return {
            "dispute_prone": "容易引发争议",
            "case_handling_area": "在执法办案场所进行",
            "liberty_life_property": "直接涉及人身自由、生命健康、重大财产权益",
        }[self.value]


AV_LEVEL_RANK: dict[AvLevel, int] = {"not_required": 0, "situational": 1, "mandatory": 2}


@dataclass(frozen=True)
class ActRequirement:
    """The requirement an act is recorded under, and the marked circumstance that set it (None: the act's own)."""

    requirement: AvRequirement
    raised_by: AvCircumstance | None


def circumstance_requirement(
    profile: Profile, act: EnforcementAct, circumstance: AvCircumstance
) -> AvRequirement:
    """What ``profile`` asks of ``act`` marked with ``circumstance``: the regulation's word on this act
    marked so where it has one (明山 Art. 22(2)), else the profile's requirement for the circumstance."""
    if circumstance is AvCircumstance.dispute_prone:
        for specific in profile.dispute_prone_acts:
            if specific.act is act:
                return specific
    return profile.av_requirement(circumstance.act)


def strictest_requirement(
    profile: Profile, act: EnforcementAct, circumstances: Iterable[AvCircumstance] = ()
) -> ActRequirement:
    """The strictest of the act's own requirement and each marked circumstance's (应当 > 根据实际情况 >
    不强制), with the rule that set it. On a tie the first marked circumstance is cited: the officers
    said why this act is recorded (a 泰安 inquiry marked dispute-prone cites Art. 15(5), not (1)).
    A recording owed without a break under any rule that asks for it is owed without a break."""
    own = profile.av_requirement(act)
    best = ActRequirement(own, None)
    applying = [own]
    for circumstance in dict.fromkeys(circumstances):
        candidate = circumstance_requirement(profile, act, circumstance)
        if candidate.level == "not_required":
            continue
        applying.append(candidate)
        if AV_LEVEL_RANK[candidate.level] > AV_LEVEL_RANK[best.requirement.level] or (
            best.raised_by is None and candidate.level == best.requirement.level
        ):
            best = ActRequirement(candidate, circumstance)
    if best.requirement.level == "not_required":
        return best
    uninterrupted = any(r.uninterrupted for r in applying if r.level != "not_required")
    if uninterrupted == best.requirement.uninterrupted:
        return best
    return ActRequirement(best.requirement.model_copy(update={"uninterrupted": True}), best.raised_by)


class RecordingObligation(BaseModel):
    """Everything a profile requires when ``act`` is carried out."""

    model_config = ConfigDict(frozen=True)

    profile: ProfileRef
    act: EnforcementAct
    act_title: str
    circumstances: tuple[AvCircumstance, ...] = ()
    """What the officers marked the act with (容易引发争议, 在执法办案场所)."""
    raised_by: AvCircumstance | None = None
    """The marked circumstance whose rule set ``av`` (None: the act's own requirement)."""
    av: AvLevel
    av_zh: str
    av_citation: Citation | None
    av_note: str
    uninterrupted: bool
    uninterrupted_when: str
    storage: AvStorageRule | None
    description_fields: tuple[str, ...]
    audio_transcript: bool
    citations: tuple[Citation, ...]


def recording_obligation(
    profile: Profile, act: EnforcementAct | str, circumstances: Iterable[AvCircumstance] = ()
) -> RecordingObligation:
    """What ``profile`` requires of ``act`` carried out in ``circumstances`` (see :func:`strictest_requirement`)."""
    act = parse_act(act) if isinstance(act, str) else act
    marked = tuple(dict.fromkeys(circumstances))
    strictest = strictest_requirement(profile, act, marked)
    requirement = strictest.requirement
    cited = [requirement.citation]
    if profile.av_storage is not None:
        cited.append(profile.av_storage.citation)
    cited += [rule.citation for rule in profile.electronic_records]
    return RecordingObligation(
        profile=profile.ref,
        act=act,
        act_title=act.title_zh,
        circumstances=marked,
        raised_by=strictest.raised_by,
        av=requirement.level,
        av_zh=AV_LEVEL_ZH[requirement.level],
        av_citation=requirement.citation,
        av_note=requirement.note,
        uninterrupted=requirement.uninterrupted,
        uninterrupted_when=requirement.uninterrupted_when,
        storage=profile.av_storage,
        description_fields=electronic_record_fields(profile),
        audio_transcript=any(rule.audio_transcript for rule in profile.electronic_records),
        citations=tuple(dict.fromkeys(c for c in cited if c is not None)),
    )


def electronic_record_fields(profile: Profile) -> tuple[str, ...]:
    """Union of the description fields every applicable rule asks of an electronic record."""
    return tuple(dict.fromkeys(field for rule in profile.electronic_records for field in rule.fields))


def av_storage_deadline(
    profile: Profile,
    recording_ended_at: datetime,
    calendar: WorkingCalendar,
    *,
    returned_at: datetime | None = None,
) -> DeadlineResult | None:
    """When a recording must be in the system; None if the profile sets no deadline.

    ``returned_at`` is the officer's return to the unit, for the profiles that let remote,
    continuous or water work count the deadline from the return (Shanxi Art. 17, Guangdong Art. 23).
    """
    rule = profile.av_storage
    if rule is None:
        if returned_at is not None:
            raise InvalidInput(
                "该规则配置未规定音像记录存储时限，不适用返回单位后起算",
                field="returned_at",
                rule="after_return_not_allowed",
            )
        return None
    if returned_at is None:
        return explain_deadline(recording_ended_at, rule.period, calendar)
    if rule.after_return is None:
        raise InvalidInput(
            "该规则配置不允许自返回单位后起算音像记录存储时限",
            field="returned_at",
            rule="after_return_not_allowed",
            citation=str(rule.citation) if rule.citation else None,
        )
    if returned_at < recording_ended_at:
        raise InvalidInput(
            "返回单位时间不能早于音像记录结束时间", field="returned_at", rule="return_after_recording"
        )
    return explain_deadline(returned_at, rule.after_return, calendar)


def required_records(profile: Profile, step: ProcedureStep | str) -> list[RecordRequirement]:
    """The records ``step`` must produce under ``profile``, national ones first, each with its citation."""
    step = parse_step(step) if isinstance(step, str) else step
    return [requirement for requirement in profile.record_requirements if requirement.step is step]


def field_required(profile: Profile, step: ProcedureStep, field_zh: str) -> RecordRequirement | None:
    """The requirement of ``profile`` that makes ``step``'s record carry ``field_zh`` (e.g. 值班领导意见), if any.

    The local regulations add fields to national records; this is how a step knows an input is
    mandatory under the case's regulation, and which article says so.
    """
    for requirement in required_records(profile, step):
        if field_zh in requirement.fields:
            return requirement
    return None


def require_field(profile: Profile, step: ProcedureStep, field_zh: str, *, value: object, field: str) -> None:
    """Refuse a blank ``value`` where the profile's record for ``step`` must carry ``field_zh``."""
    requirement = field_required(profile, step, field_zh)
    if requirement is None or (value.strip() if isinstance(value, str) else value):
        return
    raise InvalidInput(
        f"{requirement.title_zh}须载明{field_zh}（{field}）",
        field=field,
        rule="record_field_required",
        citation=str(requirement.citation),
    )


class RetentionClass(StrEnum):
    """保管期限 of what a case file holds (archival practice for 行政执法案卷: 永久, 定期30年, 定期10年)."""

    permanent = "permanent"
    long_term = "long_term"
    short_term = "short_term"

    @property
    def title_zh(self) -> str:
        return {"permanent": "永久", "long_term": "长期（定期30年）", "short_term": "定期10年"}[self.value]


#: What each kind of record is kept for: the decisions and the case file for good, what proves them
#: as long as they can be challenged and reviewed, working material for ten years.
RETENTION_BY_RECORD: dict[str, RetentionClass] = {
    "decision": RetentionClass.permanent,
    "case_file": RetentionClass.permanent,
    "document": RetentionClass.long_term,
    "text_record": RetentionClass.long_term,
    "evidence": RetentionClass.long_term,
    "recording": RetentionClass.short_term,
}


def document_retention(title: str) -> RetentionClass:
    """A 决定书 is a decision, kept for good; every other document as long as what it proves."""
    return RETENTION_BY_RECORD["decision" if title.endswith("决定书") else "document"]


@dataclass(frozen=True)
class RecordingRetention:
    """How a stored recording is kept: its retention class, whether it is copied to disc, and why."""

    retention: RetentionClass
    disc_copy: bool
    citation: Citation | None


def recording_retention(profile: Profile, *, used_as_evidence: bool) -> RecordingRetention:
    """Guangdong Art. 24: a recording used as evidence is copied to disc and kept long-term; other
    recordings are kept as the agency decides (the short default)."""
    if used_as_evidence:
        for rule in profile.electronic_records:
            if rule.copy_to_disc_long_term:
                return RecordingRetention(RetentionClass.long_term, True, rule.citation)
        return RecordingRetention(RETENTION_BY_RECORD["evidence"], False, None)
    return RecordingRetention(RETENTION_BY_RECORD["recording"], False, None)
