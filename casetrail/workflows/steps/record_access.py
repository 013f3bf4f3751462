"""A party's request to read (查阅) or copy (复制) the record, decided by the agency's leader.

Taian Art. 19, Mingshan Art. 34, Xinxiang Art. 29: only with the leader's approval; Shanxi Art. 18:
not released without it. The approval record is the grant the evidence API checks before a party's
representative may see or download anything; items marked confidential are never released.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import ProcedureViolation
from casetrail.roles import Role
from casetrail.workflows import procedure
from casetrail.workflows.context import CaseContext
from casetrail.workflows.moves import ANY_PHASE
from casetrail.workflows.procedure import approval, on_return, step
from casetrail.workflows.records import RecordAccessRequested
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest, TaskDecision

from ..fields import Choice, FileRefs, LongText
from .act_documents import documents_fields
from .common import outcome, party_name, signer_fields
from .document_data import issues_remaining_kinds

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.citation import Citation
    from casetrail.rules.profile_model import RecordAccessRule
    from casetrail.rules.registry import get_profile


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
    evidence_ids: FileRefs[uuid.UUID] = Field(
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
    roles={Role.officer, Role.archivist},
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
    ctx.state.record_access_pending[task.task_id] = RecordAccessRequested(**fields)
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


async def issue_access_form(
    ctx: CaseContext, decision: TaskDecision, fields: dict[str, Any]
) -> dict[str, Any]:
    """The 查阅申请审批表 with the leader's opinion, granted or not; what the record says of it."""
    if not issues_remaining_kinds():
        return {}
    mode_zh = "复制" if fields["mode"] == "copy" else "查阅"
    count = len(fields["evidence_ids"])
    relation = "当事人" if fields["relation"] == "party" else "委托代理人"
    citation = _citation(ctx)
    data = {
        "applicant": {
            "name": fields["requester_name"],
            "role": relation,
            "id_number": fields["id_number"] or None,
        },
        "requested_records": f"{mode_zh}本案{'全部执法记录' if not count else f'证据材料{count}件'}",
        "access_purpose": fields["purpose"],
        "party_name": party_name(ctx.state),
        "opinions": [
            {
                "role": "机关负责人意见",
                "opinion": decision.opinion or ("同意" if decision.decision == "approve" else "不同意"),
                "signer": decision.actor.name,
                "signed_on": ctx.now().date().isoformat(),
            }
        ],
        "additional_basis": [citation] if citation else [],
    }
    return documents_fields([await ctx.issue("record_access_approval", data, actor=decision.actor)])


@approval("record_access", title="查阅、复制执法记录审批")
async def approve_record_access(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    # Issued before the request leaves the pending list: a form that cannot be made leaves it pending.
    requested = ctx.state.record_access_pending[decision.task_id]
    fields = asdict(requested)
    form = await issue_access_form(ctx, decision, fields)
    del ctx.state.record_access_pending[decision.task_id]
    valid_until = ctx.now() + timedelta(days=requested.valid_days)
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
                **form,
            },
            citation=_citation(ctx),
        ),
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "已同意查阅、复制申请")


@on_return("record_access")
async def refuse_record_access(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    # Issued before the request leaves the pending list: a form that cannot be made leaves it pending.
    fields = asdict(ctx.state.record_access_pending[decision.task_id])
    form = await issue_access_form(ctx, decision, fields)
    del ctx.state.record_access_pending[decision.task_id]
    await ctx.apply(
        "record_access_refused",
        action="record.access_refused",
        actor=decision.actor,
        record=RecordDraft(
            kind="record_access_refused",
            title="查阅、复制执法记录审批（不同意）",
            fields={
                **fields,
                "decision": "不同意",
                **signer_fields(ctx, decision.actor, decision.opinion),
                **form,
            },
            citation=_citation(ctx),
        ),
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "未同意查阅、复制申请")


# ---- retrieval by other bodies (调取, 广东 Art. 25(2)) ----------------------------------------------

RetrievalBody = Literal["upper_agency", "supervision", "legal_affairs", "petitions"]
BODY_ZH: dict[str, str] = {
    "upper_agency": "上级行政执法主体",
    "supervision": "监察部门",
    "legal_affairs": "法制部门",
    "petitions": "信访部门",
}


class RecordRetrieval(BaseModel):
    """An upper agency, 监察, 法制 or 信访 retrieving the record: registered, and provided unless the law bars it."""

    body: Annotated[RetrievalBody, Choice(**BODY_ZH)] = Field(description="调取单位类别")
    body_name: str = Field(min_length=1, max_length=200, description="调取单位名称")
    requested_by: str = Field(min_length=1, max_length=100, description="经办人")
    purpose: LongText = Field(min_length=1, description="因工作需要调取的事由")
    evidence_ids: FileRefs[uuid.UUID] = Field(default_factory=list, description="调取的记录；为空表示全部")
    withheld_reason: Annotated[
        Literal["", "state_secret", "other_legal_ground"],
        Choice(**{"": "无", "state_secret": "涉及国家秘密", "other_legal_ground": "其他法定事由"}),
    ] = Field(default="", description="不予提供的法定事由（仅限涉及国家秘密等）")
    withheld_detail: str = Field(default="", description="不予提供的具体法定事由及依据")


def case_access_rule(state: CaseState) -> RecordAccessRule:
    return get_profile(state.start.profile_id, state.start.profile_version).record_access


def _retrieval_rule(state: CaseState) -> Citation:
    rule = case_access_rule(state)
    if rule.retrieval is None:
        raise ProcedureViolation(
            "本规则配置未规定其他部门调取执法记录的程序，请按查阅、复制申请办理",
            field="step",
            rule="retrieval_not_provided",
            allowed=procedure.describe_allowed(state),
        )
    return rule.retrieval


def _retrieval_allowed(state: CaseState, request: StepRequest, payload: RecordRetrieval) -> None:
    citation = _retrieval_rule(state)
    if payload.withheld_reason == "other_legal_ground" and not payload.withheld_detail.strip():
        raise ProcedureViolation(
            "不予提供须写明法定事由及其依据，否则不得拒绝提供",
            field="withheld_detail",
            rule="retrieval_refusal_needs_ground",
            citation=str(citation),
        )


@step(
    "record_retrieval",
    title="登记其他部门调取执法记录",
    phases=ANY_PHASE,
    payload=RecordRetrieval,
    roles={Role.officer, Role.archivist, Role.leader},
    case_officer_only=False,
    checks=(_retrieval_allowed,),
    available=lambda state: case_access_rule(state).retrieval is not None,
)
async def record_retrieval(ctx: CaseContext, request: StepRequest, payload: RecordRetrieval) -> StepOutcome:
    citation = _retrieval_rule(ctx.state)
    provided = not payload.withheld_reason
    await ctx.apply(
        "record_retrieval",
        action="record.retrieved" if provided else "record.retrieval_withheld",
        actor=request.actor,
        record=RecordDraft(
            kind="record_retrieval",
            title="执法记录调取登记" if provided else "执法记录调取登记（依法不予提供）",
            fields={
                **payload.model_dump(mode="json"),
                "body_zh": BODY_ZH[payload.body],
                "provided": provided,
                "registered_by": request.actor.name,
                "registered_at": ctx.now().isoformat(),
            },
            citation=str(citation),
        ),
    )
    return outcome(
        ctx, f"已登记{payload.body_name}调取执法记录" + ("并提供" if provided else "，依法不予提供")
    )
