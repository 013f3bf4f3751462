"""`casetrail verify`: re-hash every blob, every audit chain (against its case's head), every text
record, issued document and evidence row (against the event that wrote it), the calendar's change
log and every anchor, and name exactly what was altered.

Events are streamed chain by chain; only the events an anchor points at are kept in memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.evidence.anchors import Heads, anchor_hash, heads_root, stored_heads
from casetrail.evidence.items import CREATED_ACTION, row_hash
from casetrail.store import audit
from casetrail.store.blobs import BlobStore
from casetrail.store.models import AuditAnchor, AuditEvent, Case, EvidenceItem, IssuedDocument, Record

_Row = TypeVar("_Row", EvidenceItem, Record, IssuedDocument)
_Event = TypeVar("_Event", bound="_Created | _Issued")


@dataclass(frozen=True)
class Finding:
    """One thing that does not match; ``subject`` names it. ``kind``: blob | chain | record | document |
    evidence | anchor | calendar."""

    kind: str
    subject: str
    message: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    blobs: int = 0
    chains: int = 0
    events: int = 0
    evidence: int = 0
    anchors: int = 0
    records: int = 0
    documents: int = 0
    calendar_changes: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        return (
            f"已校验：文件 {self.blobs} 个，审计链 {self.chains} 条（事件 {self.events} 个），"
            f"文字记录 {self.records} 条，文书 {self.documents} 份，证据 {self.evidence} 条，"
            f"日历变更 {self.calendar_changes} 次，每日锚定 {self.anchors} 个；发现问题 {len(self.findings)} 处"
        )

    def add(self, kind: str, subject: str, message: str) -> None:
        self.findings.append(Finding(kind, subject, message))


@dataclass(frozen=True)
class _Created:
    """What the audit chain recorded when an evidence row was written."""

    case_id: str
    seq: int
    row_hash: str


@dataclass(frozen=True)
class _Issued:
    """What the audit chain recorded when a document was issued."""

    case_id: str
    seq: int
    number: str | None
    sha256: str


@dataclass
class _ChainScan:
    created: dict[str, _Created] = field(default_factory=dict)
    anchored_events: dict[tuple[str, int], str] = field(default_factory=dict)
    records: dict[str, _Created] = field(default_factory=dict)  # row_hash: the record's hash
    documents: dict[str, _Issued] = field(default_factory=dict)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)


class _Names:
    def __init__(self, case_numbers: dict[str, str]) -> None:
        self._numbers = case_numbers

    def case(self, case_id: Any) -> str:
        return f"案件 {self._numbers.get(str(case_id), '?')}（{case_id}）"


async def verify_all(session: AsyncSession, blobs: BlobStore) -> Report:
    report = Report()
    names = _Names({str(i): no for i, no in await session.execute(select(Case.id, Case.case_no))})
    anchors = list((await session.execute(select(AuditAnchor).order_by(AuditAnchor.id))).scalars())
    wanted = {(case_id, seq) for anchor in anchors for case_id, (seq, _) in stored_heads(anchor).items()}
    scan = await _verify_chains(session, report, names, wanted)
    await _verify_heads(session, report, names, scan.heads)
    await _verify_records(session, report, names, scan.records)
    await _verify_documents(session, report, names, scan.documents)
    await _verify_calendar_changes(session, report)
    await _verify_evidence_rows(session, report, names, scan.created)
    await _verify_blobs(session, report, blobs)
    _verify_anchors(report, names, anchors, scan.anchored_events)
    return report


async def _chains(session: AsyncSession) -> AsyncIterator[list[AuditEvent]]:
    query = select(AuditEvent).order_by(AuditEvent.case_id, AuditEvent.seq).execution_options(yield_per=2000)
    chain: list[AuditEvent] = []
    async for event in await session.stream_scalars(query):
        if chain and chain[0].case_id != event.case_id:
            yield chain
            chain = []
        chain.append(event)
    if chain:
        yield chain


async def _verify_chains(
    session: AsyncSession, report: Report, names: _Names, wanted: set[tuple[str, int]]
) -> _ChainScan:
    scan = _ChainScan()
    async for chain in _chains(session):
        case_id = str(chain[0].case_id)
        report.chains += 1
        report.events += len(chain)
        for broken in audit.verify_chain(chain):
            report.add(
                "chain",
                f"{case_id}#{broken.seq}",
                f"{names.case(case_id)} 审计链第 {broken.seq} 号事件：{broken.reason}",
            )
        scan.heads[case_id] = (chain[-1].seq, chain[-1].hash)
        for event in chain:
            _remember_rows(scan, case_id, event)
            if (case_id, event.seq) in wanted:
                scan.anchored_events[(case_id, event.seq)] = event.hash
            if event.action == CREATED_ACTION and "evidence_id" in event.detail:
                evidence_id = str(event.detail["evidence_id"])
                scan.created[evidence_id] = _Created(case_id, event.seq, str(event.detail.get("row_hash")))
    return scan


async def _verify_evidence_rows(
    session: AsyncSession, report: Report, names: _Names, created: dict[str, _Created]
) -> None:
    def check(item: EvidenceItem, key: str, event: _Created | None) -> None:
        if event is None:
            report.add(
                "evidence", key, f"证据 {key}（{names.case(item.case_id)}）在审计链中没有创建记录：来历不明"
            )
        elif row_hash(item) != event.row_hash:
            report.add(
                "evidence",
                key,
                f"证据 {key}（{names.case(item.case_id)}）与审计链第 {event.seq} 号事件记录的哈希不符："
                "该数据库行已被改动",
            )

    def deleted(key: str, event: _Created) -> None:
        report.add(
            "evidence",
            key,
            f"证据 {key}（{names.case(event.case_id)}）已从数据库中删除"
            f"（审计链第 {event.seq} 号事件记录了它的创建）",
        )

    report.evidence += await _against_chain(session, EvidenceItem, created, check, deleted)


async def _against_chain(
    session: AsyncSession,
    model: type[_Row],
    recorded: dict[str, _Event],
    check: Callable[[_Row, str, _Event | None], None],
    deleted: Callable[[str, _Event], None],
) -> int:
    """Hold every row of ``model`` against the event that wrote it (``check``), then name every row the
    chain recorded that is gone (``deleted``); returns how many rows were read."""
    seen: set[str] = set()
    async for row in await session.stream_scalars(select(model).execution_options(yield_per=2000)):
        key = str(row.id)
        seen.add(key)
        check(row, key, recorded.get(key))
    for key in sorted(recorded.keys() - seen):
        deleted(key, recorded[key])
    return len(seen)


async def _verify_blobs(session: AsyncSession, report: Report, blobs: BlobStore) -> None:
    referenced = set((await session.execute(select(EvidenceItem.sha256))).scalars())
    referenced |= set((await session.execute(select(IssuedDocument.sha256))).scalars())
    stored = sorted(path.name for path in blobs.root.glob("??/??/*") if path.is_file())
    for sha256 in sorted(referenced.difference(stored)):
        report.add("blob", sha256, f"文件 {sha256} 缺失：数据库引用了它，但存储中没有")
    for sha256 in stored:
        report.blobs += 1
        if not await asyncio.to_thread(blobs.verify, sha256):
            report.add("blob", sha256, f"文件 {sha256} 的内容与其 SHA-256 不符：已被改动")


def _verify_anchors(
    report: Report, names: _Names, anchors: Sequence[AuditAnchor], events: dict[tuple[str, int], str]
) -> None:
    anchored: Heads = {}
    prev = audit.GENESIS
    for anchor in anchors:
        report.anchors += 1
        day = anchor.day.isoformat()
        delta = stored_heads(anchor)
        if anchor.prev_hash != prev:
            report.add("anchor", day, f"{day} 的锚定与上一锚定不相连：锚定记录被改动或删除")
        recomputed = anchor_hash(
            prev_hash=anchor.prev_hash,
            day=anchor.day,
            anchored_at=anchor.anchored_at,
            chains=anchor.chains,
            heads=delta,
            root=anchor.root,
        )
        if recomputed != anchor.hash:
            report.add("anchor", day, f"{day} 的锚定记录内容与其哈希不符：已被改动")
        anchored.update(delta)
        if heads_root(anchored) != anchor.root:
            report.add("anchor", day, f"{day} 的锚定根哈希与所含各链头不符：已被改动")
        for case_id, (seq, head) in sorted(delta.items()):
            actual = events.get((case_id, seq))
            if actual != head:
                state = "已不存在" if actual is None else "的哈希与锚定值不符"
                report.add(
                    "anchor",
                    f"{day}:{case_id}#{seq}",
                    f"{names.case(case_id)} 审计链第 {seq} 号事件{state}（{day} 锚定）：该链已被改写",
                )
        prev = anchor.hash


def _remember_rows(scan: _ChainScan, case_id: str, event: AuditEvent) -> None:
    """The rows an event wrote, with what it recorded about them."""
    detail = event.detail
    if detail.get("record_id"):
        scan.records[str(detail["record_id"])] = _Created(case_id, event.seq, str(detail.get("record_hash")))
    if event.action == "document.issued" and "document_id" in detail:
        scan.documents[str(detail["document_id"])] = _Issued(
            case_id, event.seq, detail.get("number"), str(detail.get("sha256"))
        )


async def _verify_heads(
    session: AsyncSession, report: Report, names: _Names, heads: dict[str, tuple[int, str]]
) -> None:
    """Each case's chain must end where the case says its head is: catches a chain cut short."""
    for case_id, seq, head in await session.execute(select(Case.id, Case.audit_seq, Case.audit_head)):
        last_seq, last_hash = heads.get(str(case_id), (0, None))
        if last_seq < seq:
            report.add(
                "chain",
                f"{case_id}#{last_seq + 1}",
                f"{names.case(case_id)} 审计链应有 {seq} 个事件，现只有 {last_seq} 个：第 {last_seq + 1} 号起被截断删除",
            )
        elif last_seq == seq and seq and last_hash != head:
            report.add(
                "chain", f"{case_id}#{seq}", f"{names.case(case_id)} 审计链末端与案件记录的链头不符：已被改写"
            )


async def _verify_records(
    session: AsyncSession, report: Report, names: _Names, written: dict[str, _Created]
) -> None:
    def check(record: Record, key: str, event: _Created | None) -> None:
        where = f"文字记录 {key}（{names.case(record.case_id)}，{record.title}）"
        if event is None:
            report.add("record", key, f"{where}在审计链中没有写入记录：来历不明")
        elif event.row_hash != "None" and audit.record_hash(record) != event.row_hash:
            report.add("record", key, f"{where}与审计链第 {event.seq} 号事件记录的哈希不符：该行已被改动")

    def deleted(key: str, event: _Created) -> None:
        report.add(
            "record",
            key,
            f"文字记录 {key}（{names.case(event.case_id)}）已被删除（审计链第 {event.seq} 号事件记录了它）",
        )

    report.records += await _against_chain(session, Record, written, check, deleted)


async def _verify_documents(
    session: AsyncSession, report: Report, names: _Names, issued: dict[str, _Issued]
) -> None:
    def check(row: IssuedDocument, key: str, event: _Issued | None) -> None:
        where = f"文书 {row.number or row.title}（{key}，{names.case(row.case_id)}）"
        if event is None:
            report.add("document", key, f"{where}在审计链中没有出具记录：来历不明")
            return
        changed = [
            label
            for label, ok in (
                ("文号", row.number == event.number),
                ("所属案件", str(row.case_id) == event.case_id),
                ("PDF 文件", row.sha256 == event.sha256),
            )
            if not ok
        ]
        if changed:
            report.add(
                "document",
                key,
                f"{where}的{'、'.join(changed)}与审计链第 {event.seq} 号事件记录的不符：已被改动",
            )

    def deleted(key: str, event: _Issued) -> None:
        report.add("document", key, f"文书 {event.number}（{key}，{names.case(event.case_id)}）已被删除")

    report.documents += await _against_chain(session, IssuedDocument, issued, check, deleted)


async def _verify_calendar_changes(session: AsyncSession, report: Report) -> None:
    """The calendar's change log is chained by the database (migration 0005); re-hash it in order."""
    rows = await session.execute(
        text(
            "SELECT id, chain_seq, prev_hash, hash, "
            "encode(sha256(convert_to(casetrail_calendar_change_text(c), 'UTF8')), 'hex') AS recomputed "
            "FROM calendar_changes c ORDER BY chain_seq NULLS FIRST, id"
        )
    )
    prev, expected_seq = audit.GENESIS, 1
    for change_id, seq, prev_hash, stored, recomputed in rows:
        report.calendar_changes += 1
        subject = f"#{change_id}"
        if seq != expected_seq or prev_hash != prev:
            report.add("calendar", subject, f"日历变更 #{change_id} 与前一变更不相连：变更记录被删除或插入")
        if stored != recomputed:
            report.add("calendar", subject, f"日历变更 #{change_id} 的内容与其哈希不符：已被改动")
        prev, expected_seq = stored, (seq or 0) + 1
