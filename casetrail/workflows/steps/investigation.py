"""Investigation acts (调查取证): inquiry, inspection/勘验, collecting evidence, sampling, refusal.

Each act names the officers present (at least two of the case's officers, certificates shown),
records what STATUTES §4 and the profile's requirements ask, and opens the AV duty the profile
sets for the act. One registration per act from a table: the acts differ only in their payload.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field
from temporalio import workflow

from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import Check, step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import DeadlineDraft, IssuedDocumentRef, RecordDraft, StepOutcome, StepRequest

from ..fields import BeijingDateTime, Choice, ItemList, LongText
from .act_documents import (
    PERSON_ROLES,
    ListedItem,
    PersonRole,
    QuestionAnswer,
    Signing,
    check_signing,
    documents_fields,
    issue_with_list,
    session_data,
    signing_data,
)
from .attendance import Attendance, attendance_check, attendance_fields
from .av_duties import AvEffects, AvReport, check_av_report, open_av_duty
from .common import INVESTIGATION_PHASES, outcome
from .profile_rules import check_required_fields, citation_of, requirements_fields

with workflow.unsafe.imports_passed_through():
    from casetrail.rules.acts import EnforcementAct
    from casetrail.rules.steps import ProcedureStep


class ActPayload(Attendance, AvReport):
    """What every on-site act records besides its own content."""

    place: str = Field(min_length=1, description="地点")
    started_at: BeijingDateTime | None = Field(default=None, description="开始时间")
    ended_at: BeijingDateTime | None = Field(default=None, description="结束时间")


Item = ListedItem


class TimedAct(ActPayload):
    """An act whose 笔录 prints when it began and ended."""

    started_at: BeijingDateTime = Field(description="开始时间")
    ended_at: BeijingDateTime = Field(description="结束时间")


class Inquiry(Signing, TimedAct):
    person: str = Field(min_length=1, description="被询问人")
    person_role: Annotated[PersonRole, Choice(party="当事人", witness="证人")] = Field(
        description="当事人或证人"
    )
    exchanges: list[QuestionAnswer] = Field(min_length=1, description="询问内容（逐问逐答）")


class Inspection(Signing, TimedAct):
    kind: Annotated[Literal["inspection", "survey"], Choice(inspection="现场检查", survey="勘验")] = Field(
        default="inspection", description="现场检查或勘验"
    )
    findings: LongText = Field(min_length=1, description="检查（勘验）情况")
    present: str = Field(min_length=1, description="现场负责人或在场人")
    persons_present: list[str] = Field(default_factory=list, description="其他在场人员")


class EvidenceCollection(ActPayload):
    holder: str = Field(min_length=1, description="被调取证据的单位或个人")
    items: ItemList[Item] = Field(min_length=1, description="证据清单")


class Sampling(ActPayload):
    items: ItemList[Item] = Field(min_length=1, description="抽样物品清单")
    purpose: str = Field(min_length=1, description="抽样目的")
    sampling_base: str = Field(default="", description="抽样基数")
    sampled_from: str = Field(min_length=1, description="被抽样单位或个人")


class RefusalOfInvestigation(Attendance):
    refused_by: str = Field(min_length=1, description="拒绝接受调查、检查的当事人或有关人员")
    refused_act: str = Field(min_length=1, description="被拒绝的调查、检查行为")
    circumstances: LongText = Field(min_length=1, description="拒绝的具体情况")
    place: str = Field(min_length=1, description="地点")
    av_recorded: bool | None = Field(default=None, description="是否进行了音像记录")


ACT_FIELDS = set(Attendance.model_fields) | set(AvReport.model_fields)

IssueDocuments = Callable[[CaseContext, StepRequest, Any], Awaitable[list[IssuedDocumentRef]]]


async def issue_inquiry_record(
    ctx: CaseContext, request: StepRequest, payload: Inquiry
) -> list[IssuedDocumentRef]:
    data = {
        **session_data(
            payload.started_at, payload.ended_at, place=payload.place, recorder=request.actor.name
        ),
        **signing_data(payload),
        "inquired": {"name": payload.person, "role": PERSON_ROLES[payload.person_role]},
        "exchanges": [exchange.model_dump() for exchange in payload.exchanges],
    }
    return [await ctx.issue("inquiry_record", data, actor=request.actor)]


async def issue_inspection_record(
    ctx: CaseContext, request: StepRequest, payload: Inspection
) -> list[IssuedDocumentRef]:
    findings = payload.findings
    if payload.persons_present:
        findings += f"（其他在场人员：{'、'.join(payload.persons_present)}）"
    data = {
        **session_data(
            payload.started_at, payload.ended_at, place=payload.place, recorder=request.actor.name
        ),
        **signing_data(payload),
        "present": {"name": payload.present, "role": "现场负责人（在场人）"},
        "findings": findings,
    }
    return [await ctx.issue("inspection_record", data, actor=request.actor)]


async def issue_sampling_documents(
    ctx: CaseContext, request: StepRequest, payload: Sampling
) -> list[IssuedDocumentRef]:
    notice = {"sampled_at": payload.place, "sampling_purpose": payload.purpose}
    return await issue_with_list(
        ctx,
        notice=("sampling_notice", notice),
        items=payload.items,
        list_kind="sampling_list",
        actor=request.actor,
    )


@dataclass(frozen=True)
class ActSpec:
    """One investigation act: its step, its record, its payload, the AV act and the profile's
    conditional record requirements (``kinds``) it answers to."""

    name: str
    step_title: str
    record_title: str
    payload: type[Attendance]
    act: EnforcementAct | None
    kinds: tuple[str, ...] = ()
    documents: IssueDocuments | None = None
    # The stage whose record requirements the act answers to, and what it cites when the profile
    # names none there (an inspection's acts outside a penalty case).
    step: ProcedureStep = ProcedureStep.INVESTIGATION
    fallback_citation: str | None = None


def act_check(act: EnforcementAct | None, kinds: tuple[str, ...] = ()) -> Check:
    """The profile's demands on an act: its AV report and the record fields its requirements name."""

    def check(state: CaseState, request: StepRequest, payload: Any) -> None:
        if act is not None:
            check_av_report(state, act, payload)
        check_required_fields(state, ProcedureStep.INVESTIGATION, payload, kinds)
        if isinstance(payload, Signing):
            check_signing(payload)

    return check


def act_fields(
    ctx: CaseContext,
    payload: Attendance,
    av: AvEffects,
    *,
    recorded_by: str,
    step: ProcedureStep = ProcedureStep.INVESTIGATION,
    kinds: tuple[str, ...] = (),
) -> dict[str, Any]:
    """An act's record: its content, who was there, its AV duty, what the profile asks of the record."""
    return {
        **payload.model_dump(mode="json", exclude=ACT_FIELDS),
        **attendance_fields(ctx.state, payload),
        "av": av.fields or {"recorded": getattr(payload, "av_recorded", None)},
        "recorded_by": recorded_by,
        "requirements": requirements_fields(ctx.state, step, kinds),
    }


async def record_act(
    ctx: CaseContext,
    request: StepRequest,
    payload: Attendance,
    spec: ActSpec,
    *,
    area: str = "investigation",
    phase: Phase | None = None,
    finished: Sequence[DeadlineDraft | None] = (),
) -> None:
    """Record an on-site act: its documents, who was there, its AV duty, what the profile asks of it.

    ``area`` names the audit action (``investigation.inquiry``); ``phase`` is where the act moves the
    case; ``finished`` are the clocks it ends.
    """
    # Issued first: a 笔录 or notice that cannot be made refuses the act before it is recorded.
    issued = await spec.documents(ctx, request, payload) if spec.documents else []
    av = (
        await open_av_duty(ctx, spec.act, spec.name, payload)
        if spec.act and isinstance(payload, AvReport)
        else AvEffects()
    )
    await ctx.apply(
        spec.name,
        action=f"{area}.{spec.name}",
        actor=request.actor,
        record=RecordDraft(
            kind=spec.name,
            title=spec.record_title,
            fields={
                **act_fields(
                    ctx, payload, av, recorded_by=request.actor.name, step=spec.step, kinds=spec.kinds
                ),
                **documents_fields(issued),
            },
            citation=citation_of(ctx.state, spec.step, spec.kinds) or spec.fallback_citation,
        ),
        phase=phase,
        av_obligations=av.obligations,
        deadlines=[*finished, *av.deadlines],
    )


ACTS = (
    ActSpec(
        "inquiry", "调查询问", "询问笔录", Inquiry, EnforcementAct.INQUIRY, documents=issue_inquiry_record
    ),
    ActSpec(
        "inspection",
        "现场检查（勘验）",
        "现场检查（勘验）笔录",
        Inspection,
        EnforcementAct.INSPECTION,
        documents=issue_inspection_record,
    ),
    ActSpec(
        "collect_evidence",
        "调取证据",
        "调取证据通知书及证据清单",
        EvidenceCollection,
        EnforcementAct.EVIDENCE_COLLECTION,
    ),
    ActSpec(
        "sampling",
        "抽样取证",
        "抽样取证通知书及抽样物品清单",
        Sampling,
        EnforcementAct.SAMPLING,
        documents=issue_sampling_documents,
    ),
    ActSpec(
        "record_refusal",
        "记录拒绝接受调查",
        "拒绝接受调查、检查记录",
        RefusalOfInvestigation,
        None,
        kinds=("refusal_of_investigation",),
    ),
)


def _register(spec: ActSpec) -> None:
    async def handle(ctx: CaseContext, request: StepRequest, payload: Attendance) -> StepOutcome:
        await record_act(ctx, request, payload, spec)
        return outcome(ctx, f"已记录：{spec.record_title}")

    step(
        spec.name,
        title=spec.step_title,
        phases=INVESTIGATION_PHASES,
        payload=spec.payload,
        checks=(attendance_check(), act_check(spec.act, spec.kinds)),
    )(handle)


for _spec in ACTS:
    _register(_spec)
