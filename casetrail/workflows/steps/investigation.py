"""Investigation acts (调查取证): inquiry, inspection/勘验, collecting evidence, sampling, refusal.

Each act names the officers present (at least two of the case's officers, certificates shown),
records what STATUTES §4 and the profile's requirements ask, and opens the AV duty the profile
sets for the act. One registration per act from a table: the acts differ only in their payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.workflows.context import CaseContext
from casetrail.workflows.procedure import Check, step
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, StepOutcome, StepRequest

from ..fields import BeijingDateTime, Choice, ItemList, LongText
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


class Item(BaseModel):
    name: str = Field(min_length=1, description="名称")
    quantity: str = Field(min_length=1, description="数量")
    specification: str = Field(default="", description="规格、批号、状况")


class Inquiry(ActPayload):
    person: str = Field(min_length=1, description="被询问人")
    person_role: Annotated[Literal["party", "witness"], Choice(party="当事人", witness="证人")] = Field(
        description="当事人或证人"
    )
    transcript: LongText = Field(min_length=1, description="询问内容（问答）")


class Inspection(ActPayload):
    kind: Annotated[Literal["inspection", "survey"], Choice(inspection="现场检查", survey="勘验")] = Field(
        default="inspection", description="现场检查或勘验"
    )
    findings: LongText = Field(min_length=1, description="检查（勘验）情况")
    persons_present: list[str] = Field(default_factory=list, description="在场人员")


class EvidenceCollection(ActPayload):
    holder: str = Field(min_length=1, description="被调取证据的单位或个人")
    items: ItemList[Item] = Field(min_length=1, description="证据清单")


class Sampling(ActPayload):
    items: ItemList[Item] = Field(min_length=1, description="抽样物品清单")
    sampling_base: str = Field(default="", description="抽样基数")
    sampled_from: str = Field(min_length=1, description="被抽样单位或个人")


class RefusalOfInvestigation(Attendance):
    refused_by: str = Field(min_length=1, description="拒绝接受调查、检查的当事人或有关人员")
    refused_act: str = Field(min_length=1, description="被拒绝的调查、检查行为")
    circumstances: LongText = Field(min_length=1, description="拒绝的具体情况")
    place: str = Field(min_length=1, description="地点")
    av_recorded: bool | None = Field(default=None, description="是否进行了音像记录")


ACT_FIELDS = set(Attendance.model_fields) | set(AvReport.model_fields)


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


def act_check(act: EnforcementAct | None, kinds: tuple[str, ...] = ()) -> Check:
    """The profile's demands on an act: its AV report and the record fields its requirements name."""

    def check(state: CaseState, request: StepRequest, payload: Any) -> None:
        if act is not None:
            check_av_report(state, act, payload)
        check_required_fields(state, ProcedureStep.INVESTIGATION, payload, kinds)

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


async def record_act(ctx: CaseContext, request: StepRequest, payload: Attendance, spec: ActSpec) -> None:
    av = (
        await open_av_duty(ctx, spec.act, spec.name, payload)
        if spec.act and isinstance(payload, AvReport)
        else AvEffects()
    )
    await ctx.apply(
        spec.name,
        action=f"investigation.{spec.name}",
        actor=request.actor,
        record=RecordDraft(
            kind=spec.name,
            title=spec.record_title,
            fields=act_fields(ctx, payload, av, recorded_by=request.actor.name, kinds=spec.kinds),
            citation=citation_of(ctx.state, ProcedureStep.INVESTIGATION, spec.kinds),
        ),
        av_obligations=av.obligations,
        deadlines=av.deadlines,
    )


ACTS = (
    ActSpec("inquiry", "调查询问", "询问笔录", Inquiry, EnforcementAct.INQUIRY),
    ActSpec("inspection", "现场检查（勘验）", "现场检查（勘验）笔录", Inspection, EnforcementAct.INSPECTION),
    ActSpec(
        "collect_evidence",
        "调取证据",
        "调取证据通知书及证据清单",
        EvidenceCollection,
        EnforcementAct.EVIDENCE_COLLECTION,
    ),
    ActSpec("sampling", "抽样取证", "抽样取证通知书及抽样物品清单", Sampling, EnforcementAct.SAMPLING),
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
