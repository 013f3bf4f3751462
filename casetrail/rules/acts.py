"""Enforcement acts (执法行为) that recording obligations attach to.

``DISPUTE_PRONE`` and ``CASE_HANDLING_AREA`` are not acts a step performs but circumstances any
on-site act can be marked with (``rules.recording.AvCircumstance``); the profiles give them a
level like any act, and a marked act is recorded at the stricter of the two.
"""

from __future__ import annotations

from enum import StrEnum

from casetrail.errors import InvalidInput


class EnforcementAct(StrEnum):
    INQUIRY = "inquiry"
    INSPECTION = "inspection"
    RANDOM_CHECK = "random_check"
    SEARCH = "search"
    SAMPLING = "sampling"
    EVIDENCE_COLLECTION = "evidence_collection"
    EVIDENCE_PRESERVATION = "evidence_preservation"
    SEAL_SEIZE = "seal_seize"
    FREEZE = "freeze"
    POWER_CUT = "power_cut"
    RESTRICT_LIBERTY = "restrict_liberty"
    HEARING = "hearing"
    SIMPLE_PROCEDURE = "simple_procedure"
    DIRECT_SERVICE = "direct_service"
    LODGING_SERVICE = "lodging_service"
    PUBLIC_NOTICE_SERVICE = "public_notice_service"
    CORRECTION_CHECK = "correction_check"
    COERCIVE_EXECUTION = "coercive_execution"
    REMOVE_OBSTRUCTION = "remove_obstruction"
    FORCED_DEMOLITION = "forced_demolition"
    SUBSTITUTE_PERFORMANCE = "substitute_performance"
    DISPUTE_PRONE = "dispute_prone"
    LIBERTY_LIFE_PROPERTY = "liberty_life_property"
    CASE_HANDLING_AREA = "case_handling_area"

    @property
    def title_zh(self) -> str:
        return ACT_TITLES[self]


ACT_TITLES: dict[EnforcementAct, str] = {
    EnforcementAct.INQUIRY: "调查询问（询问当事人、证人）",
    EnforcementAct.INSPECTION: "现场检查（勘验）",
    EnforcementAct.RANDOM_CHECK: "随机抽查",
    EnforcementAct.SEARCH: "检查当事人的人身、场所、物品",
    EnforcementAct.SAMPLING: "抽样取证",
    EnforcementAct.EVIDENCE_COLLECTION: "调取书证、物证等证据",
    EnforcementAct.EVIDENCE_PRESERVATION: "证据保全（先行登记保存）",
    EnforcementAct.SEAL_SEIZE: "查封、扣押",
    EnforcementAct.FREEZE: "冻结存款、汇款",
    EnforcementAct.POWER_CUT: "断电",
    EnforcementAct.RESTRICT_LIBERTY: "限制公民人身自由",
    EnforcementAct.HEARING: "听证",
    EnforcementAct.SIMPLE_PROCEDURE: "简易程序（当场处罚）",
    EnforcementAct.DIRECT_SERVICE: "直接送达",
    EnforcementAct.LODGING_SERVICE: "留置送达",
    EnforcementAct.PUBLIC_NOTICE_SERVICE: "公告送达（张贴公告）",
    EnforcementAct.CORRECTION_CHECK: "责令改正情况核查",
    EnforcementAct.COERCIVE_EXECUTION: "行政强制执行",
    EnforcementAct.REMOVE_OBSTRUCTION: "排除妨碍、恢复原状",
    EnforcementAct.FORCED_DEMOLITION: "强制拆除",
    EnforcementAct.SUBSTITUTE_PERFORMANCE: "代履行",
    EnforcementAct.DISPUTE_PRONE: "其他容易引发争议的执法活动",
    EnforcementAct.LIBERTY_LIFE_PROPERTY: "其他直接涉及人身自由、生命健康、重大财产权益的现场执法",
    EnforcementAct.CASE_HANDLING_AREA: "在执法办案场所开展的执法活动",
}

COERCIVE_MEASURES = (
    EnforcementAct.SEAL_SEIZE,
    EnforcementAct.FREEZE,
    EnforcementAct.POWER_CUT,
    EnforcementAct.RESTRICT_LIBERTY,
)
"""行政强制措施."""

COERCIVE_EXECUTION_MODES = (
    EnforcementAct.COERCIVE_EXECUTION,
    EnforcementAct.REMOVE_OBSTRUCTION,
    EnforcementAct.FORCED_DEMOLITION,
    EnforcementAct.SUBSTITUTE_PERFORMANCE,
)
"""行政强制执行 and its on-site modes."""


def parse_act(value: str) -> EnforcementAct:
    """The act named ``value``; :class:`InvalidInput` listing the valid names otherwise."""
    try:
        return EnforcementAct(value)
    except ValueError:
        raise InvalidInput(
            f"未知的执法行为：{value}",
            field="act",
            rule="known_act",
            allowed=[act.value for act in EnforcementAct],
        ) from None
