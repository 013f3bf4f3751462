"""The party's rights: notice of intended penalty, statement and defence, hearing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from casetrail.documents.base import (
    CaseDocument,
    WithFindings,
    WithOpinions,
    WithPenalty,
    WithSession,
    WithTranscript,
)
from casetrail.documents.fields import Person, Text


class PenaltyNotice(CaseDocument, WithFindings, WithPenalty):
    """行政处罚事先告知书 (处罚法 Art. 44, 45; hearing Art. 63, 64)."""

    hearing_available: bool = Field(title="是否适用听证")
    # Where, how and to whom to state, and the window's last day (Art. 44). Notices issued before these
    # were kept have none of them; they are printed when present.
    statement_last_day: date | None = Field(default=None, title="陈述、申辩期限的最后一日")
    contact_person: Text | None = Field(default=None, title="联系人")
    contact_phone: Text | None = Field(default=None, title="联系电话")
    statement_address: Text | None = Field(default=None, title="陈述、申辩地点")


class StatementRecord(CaseDocument, WithSession, WithTranscript):
    """陈述申辩笔录."""

    speaker: Person = Field(title="陈述申辩人")


class ReviewOpinion(CaseDocument, WithOpinions):
    """复核意见书: the statement or defence, its review, and whether it was adopted."""

    statement_summary: Text = Field(title="当事人陈述申辩要点")
    review_findings: Text = Field(title="复核意见")
    adopted: bool = Field(title="是否采纳")


class HearingRightsNotice(CaseDocument, WithPenalty):
    """听证告知书."""

    facts_summary: Text = Field(title="拟处罚的违法事实")


class HearingNotice(CaseDocument):
    """听证通知书: served at least 7 days before the hearing (处罚法 Art. 64(2))."""

    hearing_at: datetime = Field(title="听证时间")
    hearing_place: Text = Field(title="听证地点")
    host: Text = Field(title="听证主持人")
    clerk: Text = Field(title="书记员")
    public: bool = Field(title="是否公开举行")


class HearingRecord(CaseDocument, WithSession, WithTranscript):
    """听证笔录."""

    host: Text = Field(title="听证主持人")
    participants: Annotated[tuple[Person, ...], Field(min_length=1)] = Field(title="听证参加人")
    public: bool = Field(title="是否公开举行")


class HearingReport(CaseDocument):
    """听证报告 (处罚法 Art. 65)."""

    hearing_on: date = Field(title="听证日期")
    host: Text = Field(title="听证主持人")
    case_summary: Text = Field(title="案件基本情况")
    disputed_points: Text = Field(title="争议焦点")
    host_opinion: Text = Field(title="主持人意见")
