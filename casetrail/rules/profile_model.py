"""Typed shape of a jurisdiction profile (执法全过程记录规则配置).

A profile is fully materialised: a seed profile is built from the national profile by
:func:`derive`, so pinning ``ProfileRef(id, version)`` pins every rule, national ones included.
Each rule carries its citation and the date it applies from; ``citation``/``valid_from`` are
``None`` only where the law is silent (stated in ``note``) or the regulation states no date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from casetrail.rules.acts import EnforcementAct
from casetrail.rules.citation import Citation
from casetrail.rules.hearing_thresholds import FieldOfLaw, LargeAmount, standard_for
from casetrail.rules.periods import Period
from casetrail.rules.steps import ProcedureStep

AvLevel = Literal["mandatory", "situational", "not_required"]

AV_LEVEL_ZH: dict[AvLevel, str] = {
    "mandatory": "应当音像记录",
    "situational": "根据实际情况音像记录",
    "not_required": "不强制音像记录",
}


class Rule(BaseModel):
    """What every rule of a profile carries: the text it rests on and since when it applies."""

    model_config = ConfigDict(frozen=True)

    citation: Citation | None
    valid_from: date | None
    note: str = ""


class ProfileRef(BaseModel):
    """What a case pins when it starts: the profile and the exact version of its rules."""

    model_config = ConfigDict(frozen=True)

    id: str
    version: str

    def __str__(self) -> str:
        return f"{self.id}@{self.version}"


class AvRequirement(Rule):
    """Whether an act must be recorded on audio/video (音像记录), and whether without a break."""

    act: EnforcementAct
    level: AvLevel
    uninterrupted: bool = False
    """全程无间断: from arrival on the scene to departure (Guangdong Art. 19, Shanxi Art. 14)."""
    uninterrupted_when: str = ""
    """A condition under which the recording must be uninterrupted even if ``uninterrupted`` is False."""


class AvStorageRule(Rule):
    """Deadline to store an AV recording in the system once it ends (音像记录存储时限)."""

    period: Period
    after_return: Period | None = None
    """Same deadline counted from the officer's return to the unit (返回单位后), if allowed."""
    after_return_when: tuple[str, ...] = ()


class ArchiveRule(Rule):
    """Deadline to form and archive the case file (归档); ``period`` None = agency policy."""

    period: Period | None
    counted_from: str = ""


class EmergencyStartRule(Rule):
    """Starting a procedure first in an emergency and backfilling the approval (先行启动、补办手续)."""

    allowed: bool
    backfill: Period | None = None
    form: str = ""


class RecordAccessRule(Rule):
    """Who may read the record (查阅、复制执法记录)."""

    party_access: Literal["leader_approval", "per_rules", "not_set"]
    supervisor_retrieval_guaranteed: bool = False
    """Upper level, supervision, petitions may retrieve records and must not be refused."""
    secrets: Citation | None = None
    """The article protecting state and commercial secrets and personal privacy in the record."""
    retrieval: Citation | None = None
    """The article letting other bodies retrieve (调取) records; they may not be refused but for a legal reason."""
    retrieval_bodies: tuple[str, ...] = ()


class ChecklistRule(Rule):
    """Whether the agency must compile (and publish) a recording checklist (记录清单)."""

    title: str
    public: bool


class ProcedureObligation(Rule):
    """One step of the AV procedure (音像记录程序), e.g. the spoken opening, with its items."""

    text: str
    items: tuple[str, ...] = ()


class CoverageRule(Rule):
    """全程记录: a recording owed without a break runs from arrival on the scene to the end of the act
    (山西 Art. 14, 广东 Art. 19)."""

    breaks_refused: bool
    """No break at all (广东 Art. 19 无间断); False where a break for an objective reason is handled
    by the interruption rule instead (山西 Art. 15: the reason stated on resuming)."""


class AvProcedure(BaseModel):
    model_config = ConfigDict(frozen=True)

    coverage: CoverageRule | None = None

    device_check: ProcedureObligation | None = None
    spoken_opening: ProcedureObligation | None = None
    interruption: ProcedureObligation | None = None
    content_points: ProcedureObligation | None = None
    """重点记录的内容: what a recording must show; its description answers each item (the
    regulations' closing "其他应当记录的内容" is not an item one can answer, so it is left out)."""


class ElectronicRecordRule(Rule):
    """What must be written down about an electronic record when it is filed (电子记录说明)."""

    fields: tuple[str, ...]
    audio_transcript: bool = False
    """声音资料应当附有文字记录."""
    copy_to_disc_long_term: bool = False


class RecordRequirement(Rule):
    """A record a step must produce, and the fields it must carry."""

    step: ProcedureStep
    record_kind: str
    title_zh: str
    fields: tuple[str, ...]
    condition: str = ""


class Profile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: str
    name: str
    regulation_title: str
    scope: str
    valid_from: date | None
    based_on: ProfileRef | None
    av_requirements: tuple[AvRequirement, ...]
    av_storage: AvStorageRule | None
    av_procedure: AvProcedure
    electronic_records: tuple[ElectronicRecordRule, ...]
    archive: ArchiveRule
    emergency_start: EmergencyStartRule
    record_access: RecordAccessRule
    checklist: ChecklistRule | None
    record_requirements: tuple[RecordRequirement, ...]
    dispute_prone_acts: tuple[AvRequirement, ...] = ()
    """What a regulation asks of one act only when it is marked 容易引发争议 (明山 Art. 22(2): the
    simple procedure); every other act marked so is recorded as the profile's ``DISPUTE_PRONE``."""
    field_of_law: FieldOfLaw = FieldOfLaw.MARKET_REGULATION
    """The field an agency under this profile enforces unless the agency says otherwise."""
    province: str | None = None
    """The province whose published standards (e.g. the hearing amount) apply; None: not a provincial text."""

    def hearing_threshold(self, field: FieldOfLaw | None = None) -> LargeAmount:
        """较大数额 for the hearing right (处罚法 Art. 63) of ``field`` (default: the profile's) here."""
        return standard_for(field or self.field_of_law, self.province)

    @property
    def ref(self) -> ProfileRef:
        return ProfileRef(id=self.id, version=self.version)

    def av_requirement(self, act: EnforcementAct) -> AvRequirement:
        for requirement in self.av_requirements:
            if requirement.act is act:
                return requirement
        raise KeyError(act)  # unreachable for a profile built by derive(): every act is covered


def derive(
    base: Profile,
    *,
    av_overrides: Iterable[AvRequirement] = (),
    extra_records: Iterable[RecordRequirement] = (),
    extra_electronic_records: Iterable[ElectronicRecordRule] = (),
    **settings: Any,
) -> Profile:
    """A profile that inherits ``base`` and overrides what its regulation says.

    ``av_overrides`` replace the base requirement for their act; ``extra_records`` and
    ``extra_electronic_records`` are added to the base's (local rules add duties, they never
    waive national ones).
    """
    overrides = {requirement.act: requirement for requirement in av_overrides}
    av = tuple(overrides.get(requirement.act, requirement) for requirement in base.av_requirements)
    return Profile(
        **{
            **dict(base),
            **settings,
            "based_on": base.ref,
            "av_requirements": av,
            "record_requirements": base.record_requirements + tuple(extra_records),
            "electronic_records": base.electronic_records + tuple(extra_electronic_records),
        }
    )
