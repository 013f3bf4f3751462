"""The phases of a case (案件所处阶段), each with the one Chinese title people see.

One source for the workflow, the read model, the UI, documents, errors and search attributes.
Values are the strings stored in histories and the database: never rename a value of a phase a
running case may be in (add a new one instead).
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    starting = "starting"
    complaint_review = "complaint_review"
    complainant_notice = "complainant_notice"
    not_opened_notice = "not_opened_notice"  # 新乡镇 Art. 7(2): how the party or public was told
    application_review = "application_review"
    application_supplement = "application_supplement"
    filing_approval = "filing_approval"
    investigation = "investigation"
    investigation_ended = "investigation_ended"  # 调查终结
    serving_rights_notice = "serving_rights_notice"  # 事先告知书送达中：期限自送达之日起算
    rights_window = "rights_window"  # 告知后，陈述申辩和要求听证期间
    hearing_requested = "hearing_requested"
    serving_hearing_notice = "serving_hearing_notice"
    hearing_scheduled = "hearing_scheduled"
    hearing_held = "hearing_held"
    rights_concluded = "rights_concluded"  # 权利行使完毕（期满、陈述申辩完毕、放弃或听证结束）
    unit_review = "unit_review"  # 承办机构审核
    deliberation = "deliberation"  # 法制审核、专家论证、集体讨论
    legal_review = "legal_review"
    leader_approval = "leader_approval"
    proposal_returned = "proposal_returned"  # 退回承办人修改
    decision_approved = "decision_approved"
    on_the_spot = "on_the_spot"  # 当场处罚后，待备案
    decided = "decided"
    serving_decision = "serving_decision"
    decision_served = "decision_served"
    performance = "performance"
    overdue = "overdue"  # 罚款逾期未缴纳
    performed = "performed"
    serving_reminder = "serving_reminder"
    reminded = "reminded"
    enforcement_approval = "enforcement_approval"
    serving_enforcement_decision = "serving_enforcement_decision"
    enforcing = "enforcing"
    enforced = "enforced"
    court_pending = "court_pending"
    court_decided = "court_decided"
    decision_revoked = "decision_revoked"
    closing_approval = "closing_approval"
    archiving = "archiving"
    archived = "archived"
    ended = "ended"
    # A routine inspection (行政检查) outside any penalty case.
    inspecting = "inspecting"
    inspected = "inspected"
    correcting = "correcting"  # 责令限期改正期间
    serving_correction_order = "serving_correction_order"  # 指令书按送达程序送达中
    correction_checked = "correction_checked"  # 已复查
    # How an inspection ends: closed without a case, or handed to the penalty case it led to. A case
    # that is stopped reads 已终止 (ended); an inspection that did its work does not.
    inspection_closed = "inspection_closed"  # 已办结
    referred_to_case = "referred_to_case"  # 已移送立案
    # The phase of a service child workflow (workflows/service.py), never of a case.
    serving = "serving"

    @property
    def title(self) -> str:  # type: ignore[override]  # the Chinese title, not str.title()
        return PHASE_TITLES[self]

    @property
    def final(self) -> bool:
        return self in FINAL_PHASES


PHASE_TITLES: dict[Phase, str] = {
    Phase.starting: "启动中",
    Phase.complaint_review: "投诉举报核查",
    Phase.complainant_notice: "待告知投诉举报人",
    Phase.not_opened_notice: "待记录不予立案告知或公示",
    Phase.application_review: "申请审查",
    Phase.application_supplement: "待补正材料",
    Phase.filing_approval: "立案审批",
    Phase.investigation: "调查取证",
    Phase.investigation_ended: "调查终结",
    Phase.serving_rights_notice: "事先告知书送达中",
    Phase.rights_window: "告知期（陈述申辩、听证）",
    Phase.hearing_requested: "已申请听证",
    Phase.serving_hearing_notice: "听证通知书送达中",
    Phase.hearing_scheduled: "听证已通知",
    Phase.hearing_held: "听证已举行",
    Phase.rights_concluded: "权利行使完毕",
    Phase.unit_review: "承办机构审核",
    Phase.deliberation: "法制审核与集体讨论",
    Phase.legal_review: "法制审核",
    Phase.leader_approval: "负责人审批",
    Phase.proposal_returned: "退回修改",
    Phase.decision_approved: "决定已批准",
    Phase.on_the_spot: "当场处罚待备案",
    Phase.decided: "已作出决定",
    Phase.serving_decision: "决定书送达中",
    Phase.decision_served: "决定书已送达",
    Phase.performance: "履行期",
    Phase.overdue: "逾期未履行",
    Phase.performed: "已履行",
    Phase.serving_reminder: "催告书送达中",
    Phase.reminded: "已催告",
    Phase.enforcement_approval: "强制执行审批",
    Phase.serving_enforcement_decision: "强制执行决定书送达中",
    Phase.enforcing: "强制执行中",
    Phase.enforced: "已强制执行",
    Phase.court_pending: "申请法院强制执行中",
    Phase.court_decided: "法院已裁定",
    Phase.decision_revoked: "决定已撤销",
    Phase.closing_approval: "结案审批",
    Phase.archiving: "待归档",
    Phase.archived: "已归档",
    Phase.ended: "已终止",
    Phase.inspecting: "待现场检查",
    Phase.inspected: "已现场检查",
    Phase.correcting: "限期改正中",
    Phase.serving_correction_order: "责令限期改正指令书送达中",
    Phase.correction_checked: "已复查",
    Phase.inspection_closed: "已办结",
    Phase.referred_to_case: "已移送立案",
    Phase.serving: "送达中",
}

# Where a case's procedure ends: nothing follows either.
FINAL_PHASES: frozenset[Phase] = frozenset(
    {Phase.archived, Phase.ended, Phase.inspection_closed, Phase.referred_to_case}
)

HEARING_PENDING: frozenset[Phase] = frozenset(
    {Phase.hearing_requested, Phase.hearing_scheduled, Phase.hearing_held}
)


def phase_title(phase: str) -> str:
    """The Chinese title of a stored phase value (an unknown value is never shown as it is)."""
    try:
        return Phase(phase).title
    except ValueError:
        return "未知阶段"
