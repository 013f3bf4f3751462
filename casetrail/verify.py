"""`casetrail verify`: re-hash every blob, every audit chain, every evidence row and every anchor,
and name exactly what was altered (which blob, which case and event, which evidence row, which anchor).

Events are streamed chain by chain; only the events an anchor points at are kept in memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.evidence.anchors import Heads, anchor_hash, heads_root, stored_heads
from casetrail.evidence.items import CREATED_ACTION, row_hash
from casetrail.store import audit
from casetrail.store.blobs import BlobStore
from casetrail.store.models import AuditAnchor, AuditEvent, Case, EvidenceItem, IssuedDocument


@dataclass(frozen=True)
class Finding:
    """One thing that does not match: ``kind`` blob | chain | evidence | anchor; ``subject`` names it."""

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

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        return (
            f"已校验：文件 {self.blobs} 个，审计链 {self.chains} 条（事件 {self.events} 个），"
            f"证据 {self.evidence} 条，每日锚定 {self.anchors} 个；发现问题 {len(self.findings)} 处"
        )

    def add(self, kind: str, subject: str, message: str) -> None:
        self.findings.append(Finding(kind, subject, message))


@dataclass(frozen=True)
class _Created:
    """What the audit chain recorded when an evidence row was written."""

    case_id: str
    seq: int
    row_hash: str


@dataclass
class _ChainScan:
    created: dict[str, _Created] = field(default_factory=dict)
    anchored_events: dict[tuple[str, int], str] = field(default_factory=dict)


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
        for event in chain:
            if (case_id, event.seq) in wanted:
                scan.anchored_events[(case_id, event.seq)] = event.hash
            if event.action == CREATED_ACTION and "evidence_id" in event.detail:
                evidence_id = str(event.detail["evidence_id"])
                scan.created[evidence_id] = _Created(case_id, event.seq, str(event.detail.get("row_hash")))
    return scan


async def _verify_evidence_rows(
    session: AsyncSession, report: Report, names: _Names, created: dict[str, _Created]
) -> None:
    seen: set[str] = set()
    async for item in await session.stream_scalars(select(EvidenceItem).execution_options(yield_per=2000)):
        report.evidence += 1
        key = str(item.id)
        seen.add(key)
        event = created.get(key)
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
    for key in sorted(created.keys() - seen):
        event = created[key]
        report.add(
            "evidence",
            key,
            f"证据 {key}（{names.case(event.case_id)}）已从数据库中删除"
            f"（审计链第 {event.seq} 号事件记录了它的创建）",
        )


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
