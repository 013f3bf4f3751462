"""Recording checklist data (执法全过程记录清单 / 音像记录事项清单): Guangdong Art. 16, Shanxi Art. 8.

Rows are computed for any profile; ``profile.checklist`` says whether the regulation requires the
agency to compile it and whether it must be public.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from casetrail.rules.acts import EnforcementAct
from casetrail.rules.citation import Citation
from casetrail.rules.profile_model import AV_LEVEL_ZH, AvLevel, AvStorageRule, Profile


class ChecklistRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    act: EnforcementAct
    act_title: str
    av: AvLevel
    av_zh: str
    uninterrupted: bool
    uninterrupted_when: str
    storage_deadline: str
    citation: Citation | None
    note: str


def storage_deadline_label(rule: AvStorageRule | None) -> str:
    """``24小时；连续工作、异地执法…的，返回单位后24小时`` in Chinese."""
    if rule is None:
        return "未规定"
    label = rule.period.label_zh()
    if rule.after_return is not None:
        label += f"；{'、'.join(rule.after_return_when)}的，返回单位后{rule.after_return.label_zh()}"
    return label


def recording_checklist(profile: Profile) -> list[ChecklistRow]:
    """One row per act the profile requires (or allows as situation requires) to be recorded on AV."""
    storage = storage_deadline_label(profile.av_storage)
    return [
        ChecklistRow(
            act=requirement.act,
            act_title=requirement.act.title_zh,
            av=requirement.level,
            av_zh=AV_LEVEL_ZH[requirement.level],
            uninterrupted=requirement.uninterrupted,
            uninterrupted_when=requirement.uninterrupted_when,
            storage_deadline=storage,
            citation=requirement.citation,
            note=requirement.note,
        )
        for requirement in profile.av_requirements
        if requirement.level != "not_required"
    ]
