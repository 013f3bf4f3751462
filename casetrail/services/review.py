"""案卷评查: a closed case file scored against the rubric (rules/assessment.py) from the read model,
plus supervisors' manual scores. Every finding names its rubric item and the rule it cites."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import Forbidden, InvalidInput
from casetrail.rules.assessment import FULL_MARKS, PASS_MARK, RUBRIC, Check, RubricItem
from casetrail.statuses import AvObligationStatus, CaseStatus, DeadlineStatus
from casetrail.store.models import (
    ApprovalTask,
    AvObligation,
    Case,
    Deadline,
    IssuedDocument,
    ManualScore,
    Record,
    Role,
    User,
)

DECIDED_RECORDS = ("leader_approval", "on_the_spot_decision")


@dataclass(frozen=True)
class Finding:
    key: str
    title: str
    citation: str
    veto: bool
    deduction: int
    detail: str


@dataclass(frozen=True)
class ManualFinding:
    reviewer: str
    deduction: int
    comment: str


@dataclass(frozen=True)
class Review:
    case_id: uuid.UUID
    findings: list[Finding]
    manual: list[ManualFinding]
    score: int
    vetoed: bool

    @property
    def passed(self) -> bool:
        return not self.vetoed and self.score >= PASS_MARK


@dataclass(frozen=True)
class CaseFile:
    """What the checks read, loaded once per case."""

    record_kinds: set[str]
    document_kinds: set[str]
    legal_review_grounds: bool
    missed_recordings: list[str]  # citations of mandatory recordings not stored on time
    missed_deadlines: list[tuple[str, str | None]]  # (label, citation)


async def load_case_file(session: AsyncSession, case_id: uuid.UUID) -> CaseFile:
    kinds = set((await session.execute(select(Record.kind).where(Record.case_id == case_id))).scalars())
    documents = set(
        (
            await session.execute(select(IssuedDocument.kind).where(IssuedDocument.case_id == case_id))
        ).scalars()
    )
    subjects = (
        await session.execute(select(ApprovalTask.subject).where(ApprovalTask.case_id == case_id))
    ).scalars()
    obligations = (
        await session.execute(
            select(AvObligation).where(
                AvObligation.case_id == case_id, AvObligation.requirement == "mandatory"
            )
        )
    ).scalars()
    overdue = (
        await session.execute(
            select(Deadline.label, Deadline.citation).where(
                Deadline.case_id == case_id, Deadline.status == DeadlineStatus.overdue
            )
        )
    ).all()
    return CaseFile(
        record_kinds=kinds,
        document_kinds=documents,
        # 处罚法 Art. 58(1)(2): a hearing held, or grounds the proposal named for the legal review.
        legal_review_grounds="hearing_record" in kinds or any((s or {}).get("grounds") for s in subjects),
        missed_recordings=[
            o.citation or o.act
            for o in obligations
            if o.status != AvObligationStatus.fulfilled
            or (
                o.storage_due_at is not None
                and o.fulfilled_at is not None
                and o.fulfilled_at > o.storage_due_at
            )
        ],
        missed_deadlines=[(label, citation) for label, citation in overdue],
    )


def _failure(item: RubricItem, case_file: CaseFile) -> str | None:
    """Why the item fails, or None when the file meets it."""
    if item.check is Check.no_decision:
        return None if case_file.record_kinds & set(DECIDED_RECORDS) else "案卷中没有负责人审批的处理决定"
    if item.check is Check.legal_review_missing:
        if case_file.legal_review_grounds and "legal_review" not in case_file.record_kinds:
            return "属于应当法制审核的情形，案卷中没有法制审核意见"
        return None
    if item.check is Check.recording_missing:
        return "、".join(case_file.missed_recordings) or None
    if item.check is Check.deadline_missed:
        return "、".join(label for label, _ in case_file.missed_deadlines) or None
    return None if item.document_kind in case_file.document_kinds else f"案卷中没有{item.title[1:]}"


async def review_case(session: AsyncSession, *, case_id: uuid.UUID) -> Review:
    case_file = await load_case_file(session, case_id)
    findings = []
    for item in RUBRIC:
        detail = _failure(item, case_file)
        if detail is not None:
            citation = item.citation
            if item.check is Check.deadline_missed and case_file.missed_deadlines[0][1]:
                citation = case_file.missed_deadlines[0][1] or citation
            findings.append(Finding(item.key, item.title, citation, item.veto, item.points, detail))
    manual = [
        ManualFinding(name, score.deduction, score.comment)
        for score, name in await session.execute(
            select(ManualScore, User.full_name)
            .join(User, User.id == ManualScore.reviewer_id)
            .where(ManualScore.case_id == case_id)
            .order_by(ManualScore.created_at)
        )
    ]
    points = FULL_MARKS - sum(f.deduction for f in findings) - sum(m.deduction for m in manual)
    return Review(case_id, findings, manual, max(0, min(FULL_MARKS, points)), any(f.veto for f in findings))


async def add_manual_score(
    session: AsyncSession, *, case: Case, reviewer: User, deduction: int, comment: str
) -> ManualScore:
    if not any(m.role in (Role.supervisor, Role.admin) for m in reviewer.memberships):
        raise Forbidden("只有监督人员可以对案卷人工评分", rule="role")
    if case.status == CaseStatus.open:
        raise InvalidInput("案件尚未结案，不能评查案卷", field="case_id", rule="case_not_closed")
    if not -FULL_MARKS <= deduction <= FULL_MARKS:
        raise InvalidInput(f"扣分须在 -{FULL_MARKS} 到 {FULL_MARKS} 之间", field="deduction", rule="range")
    if not comment.strip():
        raise InvalidInput("人工评分须填写评查意见", field="comment", rule="comment_required")
    score = ManualScore(case_id=case.id, reviewer_id=reviewer.id, deduction=deduction, comment=comment)
    session.add(score)
    await session.commit()
    return score
