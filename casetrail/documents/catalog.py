"""Every document kind: Chinese title, template, data model, number code (文书代字) and legal basis."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from casetrail.documents.base import DocumentData
from casetrail.documents.citations import Law, cite
from casetrail.documents.kinds import (
    archive,
    coercion,
    decision,
    execution,
    filing,
    inspection,
    investigation,
    rights,
    service,
)
from casetrail.errors import InvalidInput


class Volume(StrEnum):
    """Which volume of the 卷宗 a document is filed in. Practice (e.g. 市场监督管理行政处罚程序规定, 案卷分
    正卷、副卷) keeps what the party was given and the evidence in the 正卷, and the agency's internal
    deliberation in the 副卷; the five regulations are silent, so the common practice is followed."""

    main = "main"
    secondary = "secondary"

    @property
    def title_zh(self) -> str:
        return {"main": "正卷", "secondary": "副卷"}[self.value]


# The 副卷: investigation report, reviews and opinions, the hearing report, the deliberation, internal
# approvals (结案审批表, 查阅申请审批表). The 立案审批表 stays in the 正卷, as practice files it first there.
SECONDARY_VOLUME = frozenset({
    "investigation_report",
    "legal_review_opinion",
    "collective_discussion",
    "review_opinion",
    "hearing_report",
    "closing_approval",
    "record_access_approval",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class DocumentKind:
    key: str
    title: str
    model: type[DocumentData]
    number_code: str | None
    legal_basis: tuple[str, ...]
    #: Decisions carry the red agency name and red rule (版头) of GB/T 9704.
    letterhead: bool = False

    @property
    def template_name(self) -> str:
        return f"{self.key}.html.j2"

    @property
    def volume(self) -> Volume:
        return Volume.secondary if self.key in SECONDARY_VOLUME else Volume.main


P, C = Law.PENALTY, Law.COERCION
_RECORD_KEEPING = cite(P, 47)

_KINDS = (
    DocumentKind("filing_approval", "立案审批表", filing.FilingApproval, "立审字", (cite(P, 54),)),
    DocumentKind("non_filing_notice", "不予立案告知书", filing.NonFilingNotice, "不立告字", (cite(P, 54),)),
    DocumentKind(
        "acceptance_notice", "受理通知书", filing.AcceptanceNotice, "受字", (cite(Law.LICENSING, 32),)
    ),
    DocumentKind(
        "non_acceptance_notice",
        "不予受理通知书",
        filing.NonAcceptanceNotice,
        "不受字",
        (cite(Law.LICENSING, 32),),
    ),
    DocumentKind(
        "correction_notice", "补正通知书", filing.CorrectionNotice, "补正字", (cite(Law.LICENSING, 32),)
    ),
    DocumentKind("inquiry_record", "询问笔录", investigation.InquiryRecord, None, (cite(P, 42, 55),)),
    DocumentKind(
        "inspection_record", "现场检查（勘验）笔录", investigation.InspectionRecord, None, (cite(P, 55),)
    ),
    DocumentKind(
        "correction_order", "责令限期改正指令书", inspection.CorrectionOrder, "责改字", (cite(P, 28),)
    ),
    DocumentKind(
        "reinspection_opinion", "整改复查意见书", inspection.ReinspectionOpinion, "复查字", (cite(P, 28),)
    ),
    DocumentKind(
        "evidence_request_notice",
        "调取证据通知书",
        investigation.EvidenceRequestNotice,
        "调证字",
        (cite(P, 55),),
    ),
    DocumentKind("sampling_notice", "抽样取证通知书", investigation.SamplingNotice, "抽样字", (cite(P, 56),)),
    DocumentKind("sampling_list", "抽样取证物品清单", investigation.SamplingList, None, (cite(P, 56),)),
    DocumentKind(
        "preservation_notice",
        "先行登记保存证据通知书",
        investigation.PreservationNotice,
        "先保字",
        (cite(P, 56),),
    ),
    DocumentKind(
        "preservation_list", "先行登记保存证据清单", investigation.PreservationList, None, (cite(P, 56),)
    ),
    DocumentKind(
        "testing_commission", "检验（鉴定）委托书", investigation.TestingCommission, "检委字", (cite(C, 25),)
    ),
    DocumentKind(
        "seizure_decision",
        "查封扣押决定书",
        coercion.SeizureDecision,
        "封扣字",
        (cite(C, 18, 24, 25),),
        letterhead=True,
    ),
    DocumentKind("seizure_list", "查封扣押清单", coercion.SeizureList, None, (cite(C, 24),)),
    DocumentKind("on_site_record", "现场笔录", coercion.OnSiteRecord, None, (cite(C, 18),)),
    DocumentKind(
        "penalty_notice", "行政处罚事先告知书", rights.PenaltyNotice, "罚告字", (cite(P, 44, 45, 62),)
    ),
    DocumentKind("statement_record", "陈述申辩笔录", rights.StatementRecord, None, (cite(P, 45),)),
    DocumentKind("review_opinion", "复核意见书", rights.ReviewOpinion, "复核字", (cite(P, 45),)),
    DocumentKind(
        "hearing_rights_notice", "听证告知书", rights.HearingRightsNotice, "听告字", (cite(P, 63, 64),)
    ),
    DocumentKind("hearing_notice", "听证通知书", rights.HearingNotice, "听通字", (cite(P, 64),)),
    DocumentKind("hearing_record", "听证笔录", rights.HearingRecord, None, (cite(P, 64),)),
    DocumentKind("hearing_report", "听证报告", rights.HearingReport, None, (cite(P, 65),)),
    DocumentKind(
        "investigation_report", "案件调查终结报告", decision.InvestigationReport, None, (cite(P, 57),)
    ),
    DocumentKind(
        "legal_review_opinion", "法制审核意见书", decision.LegalReviewOpinion, "法审字", (cite(P, 58),)
    ),
    DocumentKind(
        "collective_discussion", "集体讨论记录", decision.CollectiveDiscussion, None, (cite(P, (57, 2)),)
    ),
    DocumentKind(
        "penalty_decision",
        "行政处罚决定书",
        decision.PenaltyDecision,
        "罚决字",
        (cite(P, 59, 67, 72), cite(Law.REVIEW, 20), cite(Law.LITIGATION, 46)),
        letterhead=True,
    ),
    DocumentKind(
        "no_penalty_decision",
        "不予行政处罚决定书",
        decision.NoPenaltyDecision,
        "不罚字",
        (cite(P, 57), cite(Law.REVIEW, 20), cite(Law.LITIGATION, 46)),
        letterhead=True,
    ),
    DocumentKind("transfer_decision", "案件移送书", decision.CaseTransfer, "移字", (cite(P, 27, 57),)),
    DocumentKind(
        "summary_penalty_decision",
        "当场行政处罚决定书",
        decision.SummaryPenaltyDecision,
        "简罚字",
        (cite(P, 51, 52), cite(Law.REVIEW, 20), cite(Law.LITIGATION, 46)),
        letterhead=True,
    ),
    DocumentKind(
        "service_receipt", "送达回证", service.ServiceReceipt, None, (cite(Law.CIVIL_PROCEDURE, 87),)
    ),
    DocumentKind("public_notice", "公告", service.PublicNotice, "公告字", (cite(Law.CIVIL_PROCEDURE, 95),)),
    DocumentKind("reminder_notice", "催告书", execution.ReminderNotice, "催字", (cite(C, 35, 36, 37),)),
    DocumentKind(
        "surcharge_decision",
        "加处罚款决定书",
        execution.SurchargeDecision,
        "加罚字",
        (cite(P, 72), cite(C, 45)),
        letterhead=True,
    ),
    DocumentKind(
        "enforcement_decision",
        "行政强制执行决定书",
        execution.EnforcementDecision,
        "强执字",
        (cite(C, 37),),
        letterhead=True,
    ),
    DocumentKind(
        "court_enforcement_application",
        "强制执行申请书",
        execution.CourtEnforcementApplication,
        "强申字",
        (cite(C, 53, 54, 55),),
    ),
    DocumentKind("closing_approval", "结案审批表", archive.ClosingApproval, None, (_RECORD_KEEPING,)),
    DocumentKind("case_file_index", "卷内目录", archive.CaseFileIndex, None, (_RECORD_KEEPING,)),
    DocumentKind("av_record_note", "音像记录说明", archive.AvRecordNote, None, (_RECORD_KEEPING,)),
    DocumentKind(
        "record_access_approval", "查阅申请审批表", archive.RecordAccessApproval, None, (_RECORD_KEEPING,)
    ),
)

CATALOG: dict[str, DocumentKind] = {kind.key: kind for kind in _KINDS}


def get_kind(key: str) -> DocumentKind:
    """The kind named ``key``; an unknown key lists every valid one."""
    try:
        return CATALOG[key]
    except KeyError:
        valid = [f"{kind.key}（{kind.title}）" for kind in _KINDS]
        raise InvalidInput(
            f"未知的文书种类：{key}。可用的文书种类：{'、'.join(valid)}",
            field="kind",
            rule="known_document_kind",
            allowed=list(CATALOG),
        ) from None
