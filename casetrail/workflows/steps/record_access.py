"""A party's request to read (查阅) or copy (复制) the record, decided by the agency's leader.

Taian Art. 19, Mingshan Art. 34, Xinxiang Art. 29: only with the leader's approval; Shanxi Art. 18:
not released without it. The approval record is the grant the evidence API checks before a party's
representative may see or download anything; items marked confidential are never released.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.workflows.context import CaseContext
from casetrail.workflows.procedure import ANY_PHASE, approval, on_return, step
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest, TaskDecision

from ..fields import Choice, LongText
from .common import outcome, signer_fields

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.registry import get_profile

PENDING = "record_access_pending"  # state.facts key: task id → the request awaiting the leader


class RecordAccessRequest(BaseModel):
    """查阅、复制执法记录申请."""

    requester_name: str = Field(min_length=1, max_length=100, description="申请人姓名或名称")
    relation: Annotated[Literal["party", "agent"], Choice(party="当事人", agent="委托代理人")] = Field(
        description="当事人或委托代理人"
    )
    grantee_user_id: uuid.UUID | None = Field(default=None, description="获准后可在线查阅、下载的账号")
    id_number: str = Field(default="", max_length=64, description="身份证件号码")
    mode: Annotated[Literal["read", "copy"], Choice(read="查阅", copy="复制")] = Field(
        description="查阅或复制"
    )
    purpose: LongText = Field(min_length=1, description="申请事由")
    evidence_ids: list[uuid.UUID] = Field(
        default_factory=list, description="申请的证据；为空表示全部执法记录"
    )
    valid_days: int = Field(default=30, ge=1, le=365, description="批准后的有效天数")


def _citation(ctx: CaseContext) -> str | None:
    start = ctx.state.start
    rule = get_profile(start.profile_id, start.profile_version).record_access
    return str(rule.citation) if rule.citation else None


@step(
    "request_record_access",
    title="登记查阅、复制执法记录申请",
    phases=ANY_PHASE,
    payload=RecordAccessRequest,
    roles={"officer", "archivist"},
    case_officer_only=False,
)
async def request_record_access(
    ctx: CaseContext, request: StepRequest, payload: RecordAccessRequest
) -> StepOutcome:
    fields: dict[str, Any] = payload.model_dump(mode="json")
    mode_zh = "复制" if payload.mode == "copy" else "查阅"
    task = ctx.task(
        "record_access",
        title=f"{mode_zh}执法记录审批：{payload.requester_name}",
        subject={"case_no": ctx.state.start.case_no, **fields},
    )
    ctx.state.facts.setdefault(PENDING, {})[task.task_id] = fields
    await ctx.apply(
        "record_access_request",
        action="record.access_requested",
        actor=request.actor,
        record=RecordDraft(
            kind="record_access_request",
            title=f"{mode_zh}执法记录申请",
            fields={**fields, "registered_by": request.actor.name, "registered_at": ctx.now().isoformat()},
            citation=_citation(ctx),
        ),
        open_tasks=[task],
    )
    return outcome(ctx, f"已登记{mode_zh}申请，待机关负责人审批", task_id=task.task_id)


@approval("record_access", title="查阅、复制执法记录审批")
async def approve_record_access(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    fields = ctx.state.facts[PENDING].pop(decision.task_id)
    valid_until = ctx.now() + timedelta(days=int(fields["valid_days"]))
    await ctx.apply(
        "record_access_approved",
        action="record.access_approved",
        actor=decision.actor,
        record=RecordDraft(
            # evidence/access.py reads this record as the grant (kind GRANT_RECORD_KIND).
            kind="record_access_approved",
            title="查阅、复制执法记录审批（负责人同意）",
            fields={
                **fields,
                "decision": "同意",
                "task_id": decision.task_id,
                "valid_until": valid_until.isoformat(),
                **signer_fields(ctx, decision.actor, decision.opinion),
            },
            citation=_citation(ctx),
        ),
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "已同意查阅、复制申请")


@on_return("record_access")
async def refuse_record_access(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    fields = ctx.state.facts[PENDING].pop(decision.task_id)
    await ctx.apply(
        "record_access_refused",
        action="record.access_refused",
        actor=decision.actor,
        record=RecordDraft(
            kind="record_access_refused",
            title="查阅、复制执法记录审批（不同意）",
            fields={**fields, "decision": "不同意", **signer_fields(ctx, decision.actor, decision.opinion)},
            citation=_citation(ctx),
        ),
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "未同意查阅、复制申请")
