"""What performance assessment (考核) and case-file review (案卷评查) measure against, as data.

考核: recording duty is part of performance assessment in four of the five regulations; a report names
the article of the agency's regulation (泰安 Art. 20, 明山 Art. 36, 山西 Art. 22, 广东 Art. 27).

案卷评查: a closed case file scores 100 completeness points less deductions; any veto item (否决项)
makes it 不合格 whatever the points. Every item cites the rule it enforces.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .citation import Citation
from .national_citations import PENALTY_54, PENALTY_57, PENALTY_58, PENALTY_60
from .profiles import guangdong_2018, mingshan_emergency, shanxi, taian_2017

ASSESSMENT_BASIS: dict[str, Citation] = {
    "taian-2017": taian_2017.REGULATION.cite(
        20, "行政执法机关应当将行政执法全过程记录工作纳入行政执法责任制考核内容，建立考核机制"
    ),
    "mingshan-emergency": mingshan_emergency.REGULATION.cite(
        36, "行政执法全过程记录制度的建立和实施情况纳入依法行政及行政执法评议考核"
    ),
    "shanxi": shanxi.REGULATION.cite(22, "未按规定进行全过程记录的，对直接责任人员依纪依法处理"),
    "guangdong-2018": guangdong_2018.REGULATION.cite(
        27, "未按照本办法进行行政执法全过程记录的，对直接责任人员责令书面检查、批评教育、通报批评等"
    ),
}
NO_LOCAL_BASIS = "本机关适用的规定未设全过程记录考核条款，按本系统统计口径出具"


def assessment_basis(profile_id: str) -> str:
    citation = ASSESSMENT_BASIS.get(profile_id)
    return f"{citation}：{citation.text}" if citation else NO_LOCAL_BASIS


class Check(enum.StrEnum):
    """What the review reads in the case file (the read model)."""

    no_decision = "no_decision"
    legal_review_missing = "legal_review_missing"
    recording_missing = "recording_missing"
    deadline_missed = "deadline_missed"
    document_missing = "document_missing"


@dataclass(frozen=True)
class RubricItem:
    key: str
    title: str
    check: Check
    citation: str
    veto: bool = False
    points: int = 0  # deducted when the check fails (completeness items)
    document_kind: str | None = None


RECORDING_RULE = (
    "各地全过程记录规定的音像记录条款（泰安第十五条、山西第十六条、广东第十一条等，以记录义务载明者为准）"
)

RUBRIC: tuple[RubricItem, ...] = (
    RubricItem("veto_no_decision", "无处理决定文书", Check.no_decision, str(PENALTY_57), veto=True),
    RubricItem(
        "veto_legal_review",
        "依法应当法制审核而未审核",
        Check.legal_review_missing,
        str(PENALTY_58),
        veto=True,
    ),
    RubricItem("veto_recording", "应当音像记录而未记录", Check.recording_missing, RECORDING_RULE, veto=True),
    RubricItem(
        "veto_deadline", "超过法定期限且未经批准延长", Check.deadline_missed, str(PENALTY_60), veto=True
    ),
    RubricItem(
        "doc_filing",
        "缺立案审批表",
        Check.document_missing,
        str(PENALTY_54),
        points=30,
        document_kind="filing_approval",
    ),
    RubricItem(
        "doc_investigation",
        "缺案件调查终结报告",
        Check.document_missing,
        str(PENALTY_57),
        points=40,
        document_kind="investigation_report",
    ),
    RubricItem(
        "doc_closing",
        "缺结案审批表",
        Check.document_missing,
        "案卷应当载明结案审批（各地全过程记录规定的归档条款）",
        points=30,
        document_kind="closing_approval",
    ),
)
FULL_MARKS = 100
PASS_MARK = 80
