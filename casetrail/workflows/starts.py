"""What each way of starting a case brings (启动方式), validated before its workflow starts.

The API validates a request against these models (422 naming the field) and the starters read
the same models back from ``CaseStart.intake``. Pure: safe in the workflow sandbox.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from casetrail.errors import ProcedureViolation
from casetrail.rules.profile_model import EmergencyStartRule
from casetrail.rules.registry import get_profile

from .fields import BeijingDateTime, Choice, LongText

StartType = Literal["ex_officio", "complaint", "application", "emergency", "inspection"]


class Complainant(BaseModel):
    """投诉人、举报人; no name means an anonymous complaint."""

    name: str = Field(default="", description="姓名或名称（匿名的不填）")
    contact: str = Field(default="", description="联系方式")
    id_number: str = Field(default="", description="身份证号或统一社会信用代码")

    @property
    def named(self) -> bool:
        return bool(self.name.strip())


class ComplaintIntake(BaseModel):
    """The duty log entry of a complaint or report (值班记录, Mingshan Art. 9; Xinxiang Art. 8)."""

    complainant: Complainant = Field(description="投诉举报人")
    channel: str = Field(min_length=1, description="投诉举报途径（来电、来信、来访、网络等）")
    content: LongText = Field(min_length=1, description="投诉举报内容")
    received_at: BeijingDateTime = Field(description="接收时间")
    duty_leader_opinion: LongText = Field(default="", description="值班领导意见")


class ApplicationIntake(BaseModel):
    """An application registered (申请登记, Mingshan Art. 7; Xinxiang Art. 6)."""

    applicant: str = Field(min_length=1, description="申请人")
    contact: str = Field(default="", description="联系方式")
    form: Annotated[Literal["written", "oral"], Choice(written="书面", oral="口头")] = Field(
        description="书面申请或口头申请"
    )
    matter: LongText = Field(min_length=1, description="申请事项")
    materials: list[str] = Field(default_factory=list, description="提交的申请材料")
    received_at: BeijingDateTime = Field(description="收到申请的时间")


class EmergencyIntake(BaseModel):
    """A procedure started first because the situation is urgent (先行启动, Taian Art. 8; Mingshan Art. 8)."""

    urgency: LongText = Field(min_length=1, description="情况紧急的具体情形")
    started_at: BeijingDateTime = Field(description="执法程序先行启动的时间")
    actions: LongText = Field(default="", description="启动后已采取的措施")


class InspectionIntake(BaseModel):
    """How the inspection came about: planned, or drawn at random from the registers (双随机)."""

    plan: Annotated[Literal["planned", "random"], Choice(planned="计划检查", random="双随机抽查")] = Field(
        description="计划检查或双随机抽查"
    )
    target: str = Field(min_length=1, description="检查对象")
    matters: str = Field(min_length=1, description="检查事项")
    draw: dict[str, object] | None = Field(
        default=None, description="双随机抽取记录：随机种子、对象名录、执法人员名录、抽取结果"
    )


INTAKE_MODELS: dict[str, type[BaseModel] | None] = {
    "ex_officio": None,
    "complaint": ComplaintIntake,
    "application": ApplicationIntake,
    "emergency": EmergencyIntake,
    "inspection": InspectionIntake,
}


def emergency_start_rule(profile_id: str, profile_version: str) -> EmergencyStartRule:
    """The profile's rule for starting first and backfilling the approval, or 409 where it has none."""
    profile = get_profile(profile_id, profile_version)
    rule = profile.emergency_start
    if not rule.allowed or rule.backfill is None:
        raise ProcedureViolation(
            f"{profile.name}适用的规定不允许先行启动执法程序后补办立案手续，应当先经立案审批"
            + (f"（{rule.note}）" if rule.note else ""),
            field="start_type",
            rule="emergency_start_not_allowed",
            citation=str(rule.citation) if rule.citation else None,
            allowed=[name for name in INTAKE_MODELS if name != "emergency"],
        )
    return rule
