"""What an evidence file is: its description (电子记录说明) and the AV procedure facts.

The pydantic models check shape (422 naming the field); :func:`check_against_profile` checks what
the case's pinned profile requires, with the article that requires it.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from casetrail.errors import InvalidInput
from casetrail.rules.acts import EnforcementAct
from casetrail.rules.profile_model import ProcedureObligation, Profile

EvidenceKind = Literal["audio", "video", "photo", "document"]
AV_KINDS: frozenset[str] = frozenset({"audio", "video"})


class Confidentiality(StrEnum):
    """Marks that restrict who may see an item (Taian Art. 19, Mingshan Art. 35, Guangdong Art. 26)."""

    none = "none"
    state_secret = "state_secret"  # 国家秘密
    commercial_secret = "commercial_secret"  # 商业秘密
    personal_privacy = "personal_privacy"  # 个人隐私


CONFIDENTIALITY_ZH = {
    Confidentiality.none: "无密级",
    Confidentiality.state_secret: "国家秘密",
    Confidentiality.commercial_secret: "商业秘密",
    Confidentiality.personal_privacy: "个人隐私",
}


class Interruption(BaseModel):
    """A break in a recording (中止记录) and what was done about it (Shanxi Art. 15, Guangdong Art. 20)."""

    model_config = ConfigDict(extra="forbid")

    stopped_at: AwareDatetime = Field(description="中止时间")
    resumed_at: AwareDatetime | None = Field(default=None, description="恢复记录时间；无法恢复的为空")
    reason: str = Field(min_length=1, description="中止原因（设备故障、电量不足、现场阻挠等）")
    reason_stated_on_resume: bool = Field(default=False, description="恢复时是否语音说明中止原因")
    reported_to_leader: bool = Field(default=False, description="无法继续记录时是否立即报告负责人")
    written_note: str | None = Field(default=None, description="无法继续记录的书面说明")


class EvidenceMetadata(BaseModel):
    """The description every electronic record carries (制作方法、制作时间、制作人、证明对象 …)."""

    model_config = ConfigDict(extra="forbid")

    obligation_key: str | None = Field(
        default=None, max_length=160, description="所履行的音像记录义务（执法行为的步骤键）"
    )
    step_key: str | None = Field(default=None, max_length=160, description="所属办案步骤")
    act: EnforcementAct | None = Field(default=None, description="执法行为")
    device: str | None = Field(default=None, max_length=200, description="记录设备（如执法记录仪编号）")
    # 制作人, 制作方法 and 证明对象 are what the profile's electronic-record rules ask (泰安 Art. 18, 新乡镇
    # Art. 27, 广东 Art. 24, the evidence rules nationally): check_against_profile refuses a blank one
    # with the article, which a shape check could not name.
    recorder: str = Field(default="", max_length=100, description="制作人（取证人员）")
    method: str = Field(default="", max_length=200, description="制作方法")
    recorded_from: AwareDatetime = Field(description="制作（开始）时间")
    recorded_to: AwareDatetime | None = Field(default=None, description="结束时间")
    place: str | None = Field(default=None, max_length=300, description="地点")
    proves: str = Field(default="", description="证明对象")
    transcript: str | None = Field(default=None, description="声音资料的文字记录")
    spoken_opening: str | None = Field(default=None, description="开始记录时的语音说明内容（全文）")
    opening: dict[str, str] = Field(
        default_factory=dict,
        description="语音说明逐项内容：规则要求的每一项（时间、地点、执法人员……）说了什么",
    )
    content: dict[str, str] = Field(
        default_factory=dict,
        description="重点记录内容逐项说明：规则要求重点记录的每一项，本记录中记录了什么（未涉及的写明原因）",
    )
    device_checked: list[str] = Field(
        default_factory=list, description="记录开始前检查过的设备项目（设备性能、电量、储存空间）"
    )
    arrived_at: AwareDatetime | None = Field(default=None, description="到达现场时间（全程无间断记录）")
    departed_at: AwareDatetime | None = Field(default=None, description="离开现场时间（全程无间断记录）")
    interruptions: list[Interruption] = Field(default_factory=list, description="中止记录情况")
    confidentiality: Confidentiality = Field(default=Confidentiality.none, description="保密标识")
    late_reason: str | None = Field(default=None, description="逾期存储的原因")
    supersedes: uuid.UUID | None = Field(default=None, description="更正的原证据（原证据保留不变）")
    note: str | None = Field(default=None, description="其他说明")

    @model_validator(mode="after")
    def _times_in_order(self) -> EvidenceMetadata:
        if self.recorded_to is not None and self.recorded_to < self.recorded_from:
            raise ValueError("结束时间不能早于开始时间")
        return self


class UploadCreate(BaseModel):
    """Open a resumable upload: what will arrive, how big, and its sha256."""

    model_config = ConfigDict(extra="forbid")

    kind: EvidenceKind = Field(description="证据类型")
    filename: str = Field(min_length=1, max_length=255, description="文件名")
    media_type: str = Field(default="application/octet-stream", max_length=127, description="媒体类型")
    size: int = Field(gt=0, description="文件大小（字节）")
    sha256: str = Field(pattern="^[0-9a-f]{64}$", description="文件的 SHA-256（小写十六进制）")
    metadata: EvidenceMetadata


# The profile's description fields (rules/profiles: ElectronicRecordRule.fields) → our metadata.
DESCRIPTION_FIELDS: dict[str, str] = {
    "制作方法": "method",
    "制作时间": "recorded_from",
    "制作人": "recorder",
    "证明对象": "proves",
    "取证人员": "recorder",
    "取证时间": "recorded_from",
    "取证地点": "place",
}


def check_against_profile(profile: Profile, kind: str, metadata: EvidenceMetadata) -> None:
    """Refuse a description the pinned profile does not accept, naming the field and the article."""
    # Local rules come after the national one: cite the most specific article that asks.
    for rule in reversed(profile.electronic_records):
        for label in rule.fields:
            field = DESCRIPTION_FIELDS.get(label)
            if field is not None and not _given(getattr(metadata, field)):
                _missing(f"metadata.{field}", f"电子记录应当载明{label}", rule.citation)
        if kind == "audio" and rule.audio_transcript and not (metadata.transcript or "").strip():
            _missing("metadata.transcript", "声音资料应当附有文字记录", rule.citation)
    if kind not in AV_KINDS:
        return
    if metadata.recorded_to is None:
        _missing("metadata.recorded_to", "音像记录应当载明结束时间", None)
    if not (metadata.device or "").strip():
        _missing("metadata.device", "音像记录应当载明记录设备", None)
    _check_av_procedure(profile, metadata)


def _given(value: object) -> bool:
    return bool(value.strip()) if isinstance(value, str) else value is not None


# What an officer types when he did not say it: not an answer to a point the regulation lists.
PLACEHOLDERS = frozenset({"略", "无", "同上", "见上", "见前", "—", "-", "/", "…", "...", "省略", "不详"})


def _answers(text: str | None) -> bool:
    value = (text or "").strip()
    return len(value) >= 2 and value not in PLACEHOLDERS


def _check_av_procedure(profile: Profile, metadata: EvidenceMetadata) -> None:
    """Device check (Shanxi Art. 13), spoken opening item by item (Shanxi Art. 14, Guangdong Art. 18),
    breaks with their reasons and, where asked, the report to the leader (Shanxi Art. 15, Guangdong Art. 20)."""
    procedure = profile.av_procedure
    if procedure.device_check is not None:
        for item in procedure.device_check.items:
            if item not in metadata.device_checked:
                _missing(
                    "metadata.device_checked",
                    f"音像记录开始前应当检查{item}（须检查：{'、'.join(procedure.device_check.items)}）",
                    procedure.device_check.citation,
                )
    opening = procedure.spoken_opening
    if opening is not None:
        for item in opening.items:
            if not _answers(metadata.opening.get(item)):
                _missing(
                    f"metadata.opening.{item}",
                    f"音像记录开始时应当语音说明{item}（逐项说明：{'、'.join(opening.items)}），不得以“略”等代替",
                    opening.citation,
                )
    _check_content_points(procedure.content_points, metadata)
    interruption = procedure.interruption
    if interruption is None:
        return
    report_required = any("负责人报告" in item for item in interruption.items)
    for index, stop in enumerate(metadata.interruptions):
        where = f"metadata.interruptions.{index}"
        if stop.resumed_at is not None and not stop.reason_stated_on_resume:
            _missing(
                f"{where}.reason_stated_on_resume",
                "重新开始记录时应当语音说明中止原因",
                interruption.citation,
            )
        if stop.resumed_at is None and not (stop.written_note or "").strip():
            _missing(
                f"{where}.written_note", "确实无法继续记录的，应当事后书面说明情况", interruption.citation
            )
        if stop.resumed_at is None and report_required and not stop.reported_to_leader:
            _missing(
                f"{where}.reported_to_leader",
                "确实无法继续记录的，应当立即向负责人报告",
                interruption.citation,
            )


# A content point a structured field of the description already answers (山西 Art. 12(1)).
CONTENT_FROM_FIELDS: dict[str, tuple[str, ...]] = {
    "执法活动开始和结束的时间": ("recorded_from", "recorded_to")
}


def _check_content_points(points: ProcedureObligation | None, metadata: EvidenceMetadata) -> None:
    """What the recording must show (泰安 Art. 16, 山西 Art. 12, 广东 Art. 17, 新乡镇 Art. 12): the
    description says, point by point, what the recording holds of it, or why the act had none."""
    if points is None:
        return
    for item in points.items:
        fields = CONTENT_FROM_FIELDS.get(item)
        if fields is not None and all(getattr(metadata, name) for name in fields):
            continue
        if not _answers(metadata.content.get(item)):
            _missing(
                f"metadata.content.{item}",
                f"音像记录应当重点记录“{item}”：请写明本记录中的相应内容（未涉及的写明原因），不得以“略”等代替",
                points.citation,
            )


def _missing(field: str, requirement: str, citation: object | None) -> None:
    raise InvalidInput(
        f"字段 {field}：{requirement}",
        field=field,
        rule="evidence_description",
        citation=str(citation) if citation else None,
    )
