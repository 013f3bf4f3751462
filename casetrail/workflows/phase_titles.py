"""What each procedure phase is called in Chinese (UI, lists, reports); the phase names themselves
are owned by the stage modules that set them."""

from __future__ import annotations

PHASE_TITLES: dict[str, str] = {
    "starting": "启动中",
    "complaint_review": "投诉举报核查",
    "complainant_notice": "待告知投诉举报人",
    "not_opened_notice": "待记录不予立案告知或公示",
    "inspecting": "待现场检查",
    "inspected": "已现场检查",
    "correcting": "限期改正中",
    "correction_checked": "已复查",
    "application_review": "申请审查",
    "application_supplement": "待补正材料",
    "application_supplement_requested": "已一次性告知补正",
    "filing_approval": "立案审批",
    "investigation": "调查取证",
    "investigation_ended": "调查终结",
    "rights_window": "告知期（陈述申辩、听证）",
    "hearing_requested": "已申请听证",
    "hearing_scheduled": "听证已通知",
    "hearing_held": "听证已举行",
    "rights_concluded": "权利行使完毕",
    "unit_review": "承办机构审核",
    "deliberation": "法制审核与集体讨论",
    "legal_review": "法制审核",
    "leader_approval": "负责人审批",
    "proposal_returned": "退回修改",
    "decision_approved": "决定已批准",
    "on_the_spot": "当场处罚待备案",
    "decided": "已作出决定",
    "serving_decision": "决定书送达中",
    "decision_served": "决定书已送达",
    "performance": "履行期",
    "performed": "已履行",
    "serving_reminder": "催告书送达中",
    "reminded": "已催告",
    "enforcement_approval": "强制执行审批",
    "serving_enforcement_decision": "强制执行决定书送达中",
    "enforcing": "强制执行中",
    "enforced": "已强制执行",
    "court_pending": "申请法院强制执行中",
    "court_decided": "法院已裁定",
    "decision_revoked": "决定已撤销",
    "closing_approval": "结案审批",
    "archiving": "待归档",
    "archived": "已归档",
    "ended": "已终止",
}


def phase_title(phase: str) -> str:
    return PHASE_TITLES.get(phase, phase)
