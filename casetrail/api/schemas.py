"""Request and response bodies of the JSON API."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from casetrail import limits
from casetrail.rules.deadline_text import deadline_text, last_day
from casetrail.rules.limitation import ViolationDates
from casetrail.statuses import ApprovalStatus, CaseStatus, DeadlineStatus
from casetrail.store.models import Membership, User
from casetrail.workflows.fields import Choice
from casetrail.workflows.starts import (
    ApplicationIntake,
    ComplaintIntake,
    EmergencyIntake,
    InspectionIntake,
    StartType,
)
from casetrail.workflows.steps.simple_procedure import OnTheSpotDecision

from .case_reads import LinkedCase


class LoginBody(BaseModel):
    username: str = Field(min_length=1, max_length=limits.USERNAME_MAX)
    password: str = Field(min_length=1, max_length=limits.PASSWORD_MAX)


class TokenOut(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime


class MembershipOut(BaseModel):
    agency_id: uuid.UUID
    role: str


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    username: str
    full_name: str
    certificate_no: str | None
    active: bool = True
    memberships: list[MembershipOut]

    @classmethod
    def of(cls, user: User, memberships: Iterable[Membership]) -> Self:
        return cls(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            certificate_no=user.certificate_no,
            active=user.active,
            memberships=[MembershipOut(agency_id=m.agency_id, role=m.role.value) for m in memberships],
        )


class Party(BaseModel):
    """当事人."""

    name: str = Field(min_length=1, max_length=limits.SHORT_TEXT_MAX, description="姓名或名称")
    kind: Annotated[
        Literal["person", "organisation"], Choice(organisation="法人或其他组织", person="自然人")
    ] = Field(description="自然人或法人/其他组织")
    id_number: str = Field(min_length=1, max_length=limits.CODE_MAX, description="身份证号或统一社会信用代码")
    address: str = Field(min_length=1, max_length=limits.SHORT_TEXT_MAX, description="住所")
    representative: str = Field(
        default="", max_length=limits.NAME_MAX, description="法定代表人（法人或其他组织必填）"
    )

    @model_validator(mode="after")
    def _representative_for_organisations(self) -> Party:
        # Every document addressed to an organisation names its legal representative (立案审批表 on).
        if self.kind == "organisation" and not self.representative.strip():
            raise ValueError("法人或其他组织须填写法定代表人（representative）")
        return self


class Facts(BaseModel):
    source: str = Field(default="依职权发现", max_length=limits.SHORT_TEXT_MAX, description="案件来源")
    summary: str = Field(min_length=1, max_length=limits.LONG_TEXT_MAX, description="基本案情")
    handler_opinion: str = Field(
        default="建议立案", max_length=limits.LONG_TEXT_MAX, description="承办人意见"
    )
    discovered_on: date | None = Field(default=None, description="发现违法行为之日（默认为立案登记之日）")
    unit_opinion: str = Field(
        default="",
        max_length=limits.LONG_TEXT_MAX,
        description="承办机构意见（明山第八条、新乡镇第七条要求）",
    )
    unit_head: str = Field(
        default="", max_length=limits.SHORT_TEXT_MAX, description="签署承办机构意见的负责人"
    )
    major_act: bool = Field(default=False, description="是否重大行政执法行为")
    legal_review_opinion: str = Field(
        default="",
        max_length=limits.LONG_TEXT_MAX,
        description="法制机构合法性审查意见（重大行政执法行为，明山第八条第二款）",
    )


class CaseCreate(BaseModel):
    agency_id: uuid.UUID
    start_type: StartType | Literal["simple"] = "ex_officio"
    cause: str = Field(min_length=1, max_length=limits.CAUSE_MAX, description="案由")
    party: Party
    officer_ids: list[uuid.UUID] = Field(description="承办执法人员（至少两名）")
    facts: Facts
    # The section named by ``start_type`` is required (checked by the route, naming the field).
    complaint: ComplaintIntake | None = Field(default=None, description="投诉举报登记（值班记录）")
    application: ApplicationIntake | None = Field(default=None, description="申请登记")
    emergency: EmergencyIntake | None = Field(default=None, description="先行启动情况")
    inspection: InspectionIntake | None = Field(default=None, description="行政检查计划或双随机抽取记录")
    on_the_spot: OnTheSpotDecision | None = Field(default=None, description="当场处罚决定（简易程序）")
    violation: ViolationDates | None = Field(
        default=None, description="违法行为发生（或终了）日期，用于计算处罚时效（行政处罚法第三十六条）"
    )

    @model_validator(mode="after")
    def _on_the_spot_only_for_simple(self) -> CaseCreate:
        if (self.start_type == "simple") != (self.on_the_spot is not None):
            raise ValueError("简易程序（simple）须填写当场处罚决定（on_the_spot），其他启动方式不得填写")
        return self


class CaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_no: str
    agency_id: uuid.UUID
    workflow_id: str
    profile_id: str
    profile_version: str
    start_type: str
    cause: str
    party: dict[str, Any]
    phase: str
    status: CaseStatus
    next_deadline_at: datetime | None
    next_deadline_label: str | None
    flags: list[Any]
    created_at: datetime
    violation_on: date | None = None
    limitation_date: date | None = Field(default=None, description="处罚时效届满日（行政处罚法第三十六条）")
    origin_case_id: uuid.UUID | None = Field(default=None, description="转立案的来源行政检查")

    @computed_field(description="下一期限，按法定期间计算方式表述（如“2026-12-07（星期一）24:00前”）")  # type: ignore[prop-decorator]
    @property
    def next_deadline_text(self) -> str | None:
        return deadline_text(self.next_deadline_at) if self.next_deadline_at else None


class RecordOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    step_key: str
    kind: str
    title: str
    fields: dict[str, Any]
    citation: str | None
    actor_id: uuid.UUID | None
    created_at: datetime


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID
    kind: str
    title: str
    role: str
    subject: dict[str, Any]
    status: ApprovalStatus
    due_at: datetime | None
    decision: str | None
    opinion: str | None
    signed_by: uuid.UUID | None
    signed_at: datetime | None
    created_at: datetime

    @computed_field(description="期限，按法定期间计算方式表述")  # type: ignore[prop-decorator]
    @property
    def due_text(self) -> str | None:
        return deadline_text(self.due_at) if self.due_at else None


class DeadlineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    label: str
    due_at: datetime = Field(
        description="期限届满的时刻（不含）：按日计算的期间为最后一日次日 00:00（北京时间）"
    )
    citation: str | None
    status: DeadlineStatus
    provisional: bool

    @computed_field(description="期间最后一日（北京时间）")  # type: ignore[prop-decorator]
    @property
    def last_day(self) -> date:
        return last_day(self.due_at)

    @computed_field(description="期限，按法定期间计算方式表述（如“2026-12-07（星期一）24:00前”）")  # type: ignore[prop-decorator]
    @property
    def due_text(self) -> str:
        return deadline_text(self.due_at)


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    action: str
    actor_id: uuid.UUID | None
    detail: dict[str, Any]
    at: datetime
    prev_hash: str
    hash: str


class CaseDetail(BaseModel):
    case: CaseOut
    officers: list[dict[str, Any]]
    records: list[RecordOut]
    tasks: list[TaskOut]
    deadlines: list[DeadlineOut]
    linked: list[LinkedCase] = Field(
        default_factory=list, description="关联案件：来源行政检查，或由检查转立案的处罚案件"
    )


class StepBody(BaseModel):
    payload: dict[str, Any] = Field(default_factory=dict)
    submission_id: str | None = Field(default=None, max_length=128, description="幂等键：重试时使用相同的值")


class DecisionBody(BaseModel):
    decision: Literal["approve", "return"]
    opinion: str = ""
    submission_id: str | None = Field(default=None, max_length=128)


class OutcomeOut(BaseModel):
    phase: str
    message: str
    allowed_steps: list[str]
    task_id: str | None = None


class CalendarDayOut(BaseModel):
    day: date
    weekday: str
    is_working: bool
    note: str
    source: str = Field(
        description="seed 预置 | notice 国务院通知 | admin 管理员调整 | weekday 周一至周五规则"
    )


class CalendarYearOut(BaseModel):
    year: int
    published: bool = Field(description="是否已录入当年国务院节假日安排通知；未录入年份的期限为暂定")
    notice: str | None
    days: list[CalendarDayOut]


class CalendarDayBody(BaseModel):
    is_working: bool = Field(description="true 工作日，false 非工作日")
    note: str = Field(min_length=1, max_length=100, description="调整说明")


class CalendarChangeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    action: str
    year: int
    actor_id: uuid.UUID
    at: datetime
    changed_days: list[date]
    detail: dict[str, Any]


class AnnouncementOut(BaseModel):
    change_id: int
    notified: int = Field(description="已通知重新计算期限的案件数")
    finished: int = Field(description="流程已结束、无需重新计算的案件数")
    failed: int = Field(description="未能通知的案件数（Temporal 不可用）；可重新通知")


class CalendarChangeResultOut(BaseModel):
    change_id: int
    year: int
    changed_days: list[date]
    summary: str
    announcement: AnnouncementOut
    message: str


class ServiceAttemptBody(BaseModel):
    way: str = Field(
        min_length=1, description="送达方式：direct、mail、lodging、entrusted、electronic、public_notice"
    )
    payload: dict[str, Any] = Field(default_factory=dict)
    submission_id: str | None = Field(default=None, max_length=128, description="幂等键：重试时使用相同的值")


class DocumentOut(BaseModel):
    """An issued document (文书): its number, what it was rendered from, and the PDF's checksum."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    step_key: str
    kind: str
    title: str
    number: str | None
    template_version: str
    sha256: str
    size: int
    pages: int
    created_at: datetime


class VerificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    reproducible: bool
    sha256: str
    rendered_sha256: str | None
    stored_pdf_intact: bool
    issued_template_version: str
    current_template_version: str | None
    differs: list[str] = Field(description="不一致之处：template_version、snapshot、pdf、stored_pdf")
    message: str
