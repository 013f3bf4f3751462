"""The case file's index (卷内目录): every record, issued document and AV recording of a case, in
order, each with the description the archive needs (Taian Art. 18, Xinxiang Art. 27-28)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from temporalio import activity

from casetrail.errors import ProcedureViolation
from casetrail.rules.acts import parse_act
from casetrail.rules.recording import (
    RETENTION_BY_RECORD,
    RecordingRetention,
    document_retention,
    recording_retention,
)
from casetrail.rules.registry import get_profile
from casetrail.statuses import AvObligationStatus, AvRequirement
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation, Case, IssuedDocument, Record
from casetrail.workflows.failures import to_failure

CST = timezone(timedelta(hours=8))  # due times read in Beijing time

#: The record a leader signs to let a case be archived without a mandatory recording.
RECORDING_EXCEPTION = "recording_exception"

_REQUIREMENT_ZH = {"mandatory": "应当音像记录", "situational": "根据实际情况音像记录"}
_AV_STATUS_ZH = {"open": "待存储", "fulfilled": "已存储", "overdue": "逾期未存储"}


@dataclass
class CaseFileEntry:
    number: int
    kind: str  # record | document | recording
    title: str
    at: str
    reference: str  # step key, document number or recording key
    description: dict[str, Any] = field(default_factory=dict)


@dataclass
class CaseFileIndex:
    entries: list[CaseFileEntry]
    records: int
    documents: int
    recordings: int
    recordings_not_stored: int
    # The duties whose recording is stored: their storage deadline was met, even if its timer never fired.
    stored: list[str] = field(default_factory=list)


def _record(row: Record) -> tuple[datetime, str, str, str, dict[str, Any]]:
    description = {
        "类别": row.kind,
        "依据": row.citation,
        "保管期限": RETENTION_BY_RECORD["text_record"].title_zh,
    }
    return row.created_at, "record", row.title, row.step_key, description


def _document(row: IssuedDocument) -> tuple[datetime, str, str, str, dict[str, Any]]:
    description = {
        "文书种类": row.kind,
        "模板版本": row.template_version,
        "页数": row.pages,
        "大小（字节）": row.size,
        "SHA-256": row.sha256,
        "保管期限": document_retention(row.title).title_zh,
    }
    return row.created_at, "document", row.title, row.number or row.step_key, description


def _recording(row: AvObligation, kept: RecordingRetention) -> tuple[datetime, str, str, str, dict[str, Any]]:
    act = parse_act(row.act)
    description = {
        "执法行为": act.title_zh,
        "要求": _REQUIREMENT_ZH.get(row.requirement, row.requirement),
        "全程无间断": row.uninterrupted,
        "状态": _AV_STATUS_ZH.get(row.status, row.status),
        "存储期限": row.storage_due_at.isoformat() if row.storage_due_at else None,
        "存储时间": row.fulfilled_at.isoformat() if row.fulfilled_at else None,
        "应当载明": list(row.description_fields),
        "依据": row.citation,
        "保管期限": kept.retention.title_zh,
        "光盘备份": f"复制到光盘后附卷归档（{kept.citation}）" if kept.disc_copy else None,
    }
    return row.created_at, "recording", f"音像记录：{act.title_zh}", row.key, description


@activity.defn
async def build_case_file_index(case_id: str) -> CaseFileIndex:
    key = uuid.UUID(case_id)
    async with transaction() as session:
        records = (await session.execute(select(Record).where(Record.case_id == key))).scalars().all()
        documents = (
            (await session.execute(select(IssuedDocument).where(IssuedDocument.case_id == key)))
            .scalars()
            .all()
        )
        recordings = (
            (await session.execute(select(AvObligation).where(AvObligation.case_id == key))).scalars().all()
        )
        case = await session.get(Case, key)
        assert case is not None
    refuse_missing_recordings(recordings, records)
    # A recording a case keeps is its evidence (广东 Art. 24: copied to disc, kept long-term).
    kept = recording_retention(get_profile(case.profile_id, case.profile_version), used_as_evidence=True)
    items = sorted(
        [
            *map(_record, records),
            *map(_document, documents),
            *(_recording(row, kept) for row in recordings),
        ],
        key=lambda item: (item[0], item[3]),
    )
    entries = [
        CaseFileEntry(number, kind, title, at.isoformat(), reference, description)
        for number, (at, kind, title, reference, description) in enumerate(items, start=1)
    ]
    return CaseFileIndex(
        entries=entries,
        records=len(records),
        documents=len(documents),
        recordings=len(recordings),
        recordings_not_stored=sum(1 for r in recordings if r.status != AvObligationStatus.fulfilled),
        stored=[r.key for r in recordings if r.status == AvObligationStatus.fulfilled],
    )


def refuse_missing_recordings(recordings: Sequence[AvObligation], records: Sequence[Record]) -> None:
    """No case file while a mandatory recording is not stored, unless a leader signed the exception."""
    excepted = {r.fields.get("obligation_key") for r in records if r.kind == RECORDING_EXCEPTION}
    missing = [
        r
        for r in recordings
        if r.requirement == AvRequirement.mandatory
        and r.status != AvObligationStatus.fulfilled
        and r.key not in excepted
    ]
    if not missing:
        return
    # Named as a person knows them (the act and when it was due), never by the step key.
    acts = "、".join(f"{parse_act(r.act).title_zh}（{_due_text(r)}）" for r in missing)
    citations = "、".join(dict.fromkeys(r.citation for r in missing if r.citation))
    raise to_failure(
        ProcedureViolation(
            f"以下应当音像记录的执法行为尚未存储音像记录，案卷不得归档：{acts}。"
            "请上传音像记录，或由负责人签署未能存储音像记录的例外说明",
            field="step",
            rule="mandatory_recording_missing",
            citation=citations or None,
            allowed=["负责人签署音像记录例外说明"],
        )
    )


def _due_text(row: AvObligation) -> str:
    if row.storage_due_at is None:
        return "未设存储时限"
    return f"应于{row.storage_due_at.astimezone(CST):%Y年%m月%d日 %H:%M}前存储"


ALL = [build_case_file_index]
