"""Closing and archiving: closing approval, case-file index, AV record notes, access requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from casetrail.documents.base import CaseDocument, DocumentData, WithOpinions
from casetrail.documents.fields import Block, Officer, Person, Text, invalid_field

RecordingMethod = Literal["录像", "录音", "拍照", "执法记录仪", "电子数据"]


class ClosingApproval(CaseDocument, WithOpinions):
    """结案审批表."""

    outcome: Text = Field(title="处理结果")
    execution: Text = Field(title="执行情况")


class IndexEntry(Block):
    sequence: int = Field(ge=1, title="顺序号")
    title: Text = Field(title="文件题名")
    number: Text | None = Field(default=None, title="文号")
    dated: date = Field(title="日期")
    # Printed documents have volume pages; text records and evidence files are kept electronically.
    first_page: int | None = Field(default=None, ge=1, title="起始页号")
    last_page: int | None = Field(default=None, ge=1, title="终止页号")
    sha256: Text | None = Field(default=None, title="SHA-256 校验值")
    kept_at: Text | None = Field(default=None, title="存放位置")
    volume: Text = Field(default="正卷", title="卷别（正卷、副卷）")


class CaseFileIndex(DocumentData):
    """卷内目录."""

    case_title: Text = Field(title="案卷题名")
    entries: Annotated[tuple[IndexEntry, ...], Field(min_length=1)] = Field(title="卷内文件")


class Recording(Block):
    """One electronic record and its description (Taian Art. 18, Xinxiang Art. 27)."""

    method: RecordingMethod = Field(title="记录方式")
    started_at: datetime = Field(title="记录开始时间")
    ended_at: datetime = Field(title="记录结束时间")
    maker: Text = Field(title="制作人")
    place: Text | None = Field(default=None, title="取证地点")
    proves: Text = Field(title="证明对象")
    file_name: Text = Field(title="文件名")
    sha256: Text | None = Field(default=None, title="文件校验值（SHA-256）")
    transcript: Text | None = Field(default=None, title="录音文字记录")

    @model_validator(mode="after")
    def _audio_has_transcript(self) -> Self:
        if self.method == "录音" and self.transcript is None:
            raise invalid_field("transcript", "audio_transcript", "录音资料须附文字记录")
        return self


class CaseByName(DocumentData):
    """A record about the case made before the party's full record may be known (a complaint, a routine
    inspection): the party by name, the officers without the two-officer rule of an act."""

    case_cause: Text = Field(title="案由")
    party_name: Text | None = Field(default=None, title="当事人")
    officers: tuple[Officer, ...] = Field(default=(), title="承办人")


class AvRecordNote(CaseByName):
    """音像记录说明."""

    recordings: Annotated[tuple[Recording, ...], Field(min_length=1)] = Field(title="音像记录")


class RecordAccessApproval(CaseByName, WithOpinions):
    """查阅申请审批表: reading the record needs the leader's approval (Taian Art. 19); the request may
    come in any phase, before the party's record is complete."""

    applicant: Person = Field(title="申请人")
    requested_records: Text = Field(title="申请查阅的记录")
    access_purpose: Text = Field(title="查阅事由")
