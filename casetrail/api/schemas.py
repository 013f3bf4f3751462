"""Request and response bodies of the JSON API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class LoginBody(BaseModel):
    username: str = Field(min_length=1)
    password: str = Field(min_length=1)


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
    memberships: list[MembershipOut]


class Party(BaseModel):
    """当事人."""

    name: str = Field(min_length=1, description="姓名或名称")
    kind: Literal["person", "organisation"] = Field(description="自然人或法人/其他组织")
    id_number: str = Field(default="", description="身份证号或统一社会信用代码")
    address: str = Field(default="", description="住所")
    representative: str = Field(default="", description="法定代表人")


class Facts(BaseModel):
    source: str = Field(default="依职权发现", description="案件来源")
    summary: str = Field(min_length=1, description="基本案情")
    handler_opinion: str = Field(default="建议立案", description="承办人意见")


class CaseCreate(BaseModel):
    agency_id: uuid.UUID
    start_type: Literal["ex_officio"] = "ex_officio"
    cause: str = Field(min_length=1, description="案由")
    party: Party
    officer_ids: list[uuid.UUID] = Field(description="承办执法人员（至少两名）")
    facts: Facts


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
    status: str
    next_deadline_at: datetime | None
    next_deadline_label: str | None
    flags: list[Any]
    created_at: datetime


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
    status: str
    due_at: datetime | None
    decision: str | None
    opinion: str | None
    signed_by: uuid.UUID | None
    signed_at: datetime | None
    created_at: datetime


class DeadlineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    label: str
    due_at: datetime
    citation: str | None
    status: str
    provisional: bool


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
