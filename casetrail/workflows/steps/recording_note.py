"""The 音像记录说明: each electronic record filed with its method, time, maker, what it proves and, for
audio, its transcript (Taian Art. 18, Xinxiang Art. 27; 广东 Art. 24 for recordings used as evidence;
nationally 最高人民法院关于行政诉讼证据若干问题的规定 Art. 12)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput
from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest

from ..fields import BeijingDateTime, Choice, ItemList, LongText
from .act_documents import documents_fields
from .common import outcome, party_name

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.profile_model import Profile
    from casetrail.rules.registry import get_profile

METHODS = {
    "video": "录像",
    "audio": "录音",
    "photo": "拍照",
    "body_camera": "执法记录仪",
    "electronic": "电子数据",
}


class RecordingDescription(BaseModel):
    method: Annotated[Literal["video", "audio", "photo", "body_camera", "electronic"], Choice(**METHODS)] = (
        Field(description="记录方式")
    )
    started_at: BeijingDateTime = Field(description="记录开始时间")
    ended_at: BeijingDateTime = Field(description="记录结束时间")
    maker: str = Field(min_length=1, description="制作人")
    place: str = Field(default="", description="取证地点")
    proves: LongText = Field(min_length=1, description="证明对象")
    file_name: str = Field(min_length=1, description="文件名")
    sha256: str = Field(default="", pattern=r"^([0-9a-f]{64})?$", description="文件校验值（SHA-256）")
    transcript: LongText = Field(default="", description="录音文字记录")


class RecordingNote(BaseModel):
    recordings: ItemList[RecordingDescription] = Field(min_length=1, description="音像记录")


# From the first act that may be recorded until the file is closed: not while a complaint or an
# application is still being reviewed, nor once the case is archived or ended.
NOTE_PHASES = frozenset(Phase) - {
    Phase.starting,
    Phase.complaint_review,
    Phase.complainant_notice,
    Phase.not_opened_notice,
    Phase.application_review,
    Phase.application_supplement,
    Phase.filing_approval,
    Phase.archived,
    Phase.ended,
    Phase.inspection_closed,
    Phase.referred_to_case,
}


def _profile(state: CaseState) -> Profile:
    return get_profile(state.start.profile_id, state.start.profile_version)


def _citations(state: CaseState) -> list[str]:
    return list(
        dict.fromkeys(str(rule.citation) for rule in _profile(state).electronic_records if rule.citation)
    )


def _check_note(state: CaseState, request: StepRequest, payload: RecordingNote) -> None:
    rules = _profile(state).electronic_records
    transcript_rules = [rule for rule in rules if rule.audio_transcript]
    # 广东 Art. 24: a recording used as evidence states where it was taken.
    place_rules = [rule for rule in rules if "取证地点" in rule.fields]
    for index, recording in enumerate(payload.recordings):
        if place_rules and not recording.place.strip():
            raise InvalidInput(
                "音像记录说明须注明取证地点",
                field=f"recordings.{index}.place",
                rule="recording_place",
                citation="、".join(str(rule.citation) for rule in place_rules),
            )
        if recording.ended_at < recording.started_at:
            raise InvalidInput(
                "记录结束时间不得早于开始时间", field=f"recordings.{index}.ended_at", rule="session_order"
            )
        if recording.method == "audio" and transcript_rules and not recording.transcript.strip():
            raise InvalidInput(
                "声音资料应当附有该声音内容的文字记录",
                field=f"recordings.{index}.transcript",
                rule="audio_transcript",
                citation="、".join(str(rule.citation) for rule in transcript_rules),
            )


def _recording_data(recording: RecordingDescription) -> dict[str, Any]:
    return {
        "method": METHODS[recording.method],
        "started_at": recording.started_at.isoformat(),
        "ended_at": recording.ended_at.isoformat(),
        "maker": recording.maker,
        "place": recording.place or None,
        "proves": recording.proves,
        "file_name": recording.file_name,
        "sha256": recording.sha256 or None,
        "transcript": recording.transcript or None,
    }


@step(
    "describe_recordings",
    title="制作音像记录说明",
    phases=NOTE_PHASES,
    payload=RecordingNote,
    checks=(_check_note,),
)
async def describe_recordings(ctx: CaseContext, request: StepRequest, payload: RecordingNote) -> StepOutcome:
    citations = _citations(ctx.state)
    data = {
        "recordings": [_recording_data(recording) for recording in payload.recordings],
        "additional_basis": citations,
        "party_name": party_name(ctx.state),
    }
    issued = await ctx.issue("av_record_note", data, actor=request.actor)
    await ctx.apply(
        "recording_note",
        action="record.av_note_made",
        actor=request.actor,
        record=RecordDraft(
            kind="av_record_note",
            title="音像记录说明",
            fields={**data, "maker": request.actor.name, **documents_fields([issued])},
            citation="、".join(citations) or None,
        ),
    )
    return outcome(ctx, f"已制作音像记录说明（{len(payload.recordings)}项）")
