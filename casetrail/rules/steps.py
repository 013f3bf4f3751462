"""Procedural steps (程序环节) that record requirements attach to (STATUTES §4)."""

from __future__ import annotations

from enum import StrEnum

from casetrail.errors import InvalidInput


class ProcedureStep(StrEnum):
    START_BY_APPLICATION = "start_by_application"
    START_EX_OFFICIO = "start_ex_officio"
    START_BY_COMPLAINT = "start_by_complaint"
    NOT_OPENED = "not_opened"
    INVESTIGATION = "investigation"
    COERCIVE_MEASURE = "coercive_measure"
    RIGHTS_NOTICE = "rights_notice"
    HEARING = "hearing"
    DECISION = "decision"
    SIMPLE_PROCEDURE = "simple_procedure"
    SERVICE_DIRECT = "service_direct"
    SERVICE_MAIL = "service_mail"
    SERVICE_LODGING = "service_lodging"
    SERVICE_ELECTRONIC = "service_electronic"
    SERVICE_ENTRUSTED = "service_entrusted"
    SERVICE_PUBLIC_NOTICE = "service_public_notice"
    EXECUTION = "execution"
    ENFORCEMENT = "enforcement"
    COURT_ENFORCEMENT = "court_enforcement"
    ARCHIVE = "archive"
    INTERNAL_APPROVAL = "internal_approval"

    @property
    def title_zh(self) -> str:
        return STEP_TITLES[self]


STEP_TITLES: dict[ProcedureStep, str] = {
    ProcedureStep.START_BY_APPLICATION: "依申请启动",
    ProcedureStep.START_EX_OFFICIO: "依职权启动（立案）",
    ProcedureStep.START_BY_COMPLAINT: "投诉、举报启动",
    ProcedureStep.NOT_OPENED: "不予启动（不予立案）",
    ProcedureStep.INVESTIGATION: "调查取证",
    ProcedureStep.COERCIVE_MEASURE: "行政强制措施",
    ProcedureStep.RIGHTS_NOTICE: "告知与陈述、申辩",
    ProcedureStep.HEARING: "听证",
    ProcedureStep.DECISION: "审查决定",
    ProcedureStep.SIMPLE_PROCEDURE: "简易程序",
    ProcedureStep.SERVICE_DIRECT: "直接送达",
    ProcedureStep.SERVICE_MAIL: "邮寄送达",
    ProcedureStep.SERVICE_LODGING: "留置送达",
    ProcedureStep.SERVICE_ELECTRONIC: "电子送达",
    ProcedureStep.SERVICE_ENTRUSTED: "委托、转交送达",
    ProcedureStep.SERVICE_PUBLIC_NOTICE: "公告送达",
    ProcedureStep.EXECUTION: "履行与改正",
    ProcedureStep.ENFORCEMENT: "催告与强制执行",
    ProcedureStep.COURT_ENFORCEMENT: "申请法院强制执行",
    ProcedureStep.ARCHIVE: "归档",
    ProcedureStep.INTERNAL_APPROVAL: "内部审批",
}


def parse_step(value: str) -> ProcedureStep:
    try:
        return ProcedureStep(value)
    except ValueError:
        raise InvalidInput(
            f"未知的程序环节：{value}",
            field="step",
            rule="known_step",
            allowed=[step.value for step in ProcedureStep],
        ) from None
