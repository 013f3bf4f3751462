"""Filing (立案): the filing request (立案审批表), the leader's decision, and the ex-officio start.

Every way of starting a case that leads to an investigation files it through ``request_filing``
and ``file_case``/``not_filed``; each start type registers its own approval kind so that what
follows a refusal (telling a complainant, releasing an emergency measure) stays with that start.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import approval, on_return, starter, step
from casetrail.workflows.records import FilingRequested
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import (
    Actor,
    DeadlineDraft,
    RecordDraft,
    StepOutcome,
    StepRequest,
    TaskDecision,
    TaskDraft,
)

from ..fields import Choice
from .av_clocks import end_running_clocks
from .case_clock import start_case_clock
from .common import BeijingDatetime, not_in_future, officers_fields, outcome, signer_fields
from .document_data import document_fields
from .profile_rules import case_profile

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations
    from casetrail.rules.recording import field_required
    from casetrail.rules.steps import ProcedureStep

FILING_CITATION = str(national_citations.PENALTY_54)
FILING_FACTS = (
    "violation",
    "limitation_date",
    "unit_opinion",
    "unit_head",
    "major_act",
    "legal_review_opinion",
    "carried_from",  # the inspection this case came from, with its records
)


async def request_filing(
    ctx: CaseContext,
    *,
    kind: str,
    actor: Actor,
    source: str,
    summary: str,
    handler_opinion: str,
    title: str = "立案审批表（承办人意见）",
    phase: Phase = Phase.filing_approval,
    extra: dict[str, Any] | None = None,
    citation: str = FILING_CITATION,
    due_at: datetime | None = None,
    deadlines: Sequence[DeadlineDraft] = (),
) -> TaskDraft:
    """Reason, source, party, facts and the handler's opinion go to the leader (Xinxiang Art. 7,
    Mingshan Art. 8)."""
    start = ctx.state.start
    task = ctx.task(
        kind,
        title=f"立案审批：{start.cause}",
        subject={"case_no": start.case_no, "cause": start.cause, "party": start.party, "source": source},
        due_at=due_at,
    )
    await ctx.apply(
        "filing_request",
        action="case.filing_requested",
        actor=actor,
        record=RecordDraft(
            kind="filing_request",
            title=title,
            fields={
                "case_no": start.case_no,
                "cause": start.cause,
                "source": source,
                "party": start.party,
                "facts": summary,
                "handler_opinion": handler_opinion,
                "officers": officers_fields(ctx),
                "requested_at": ctx.now().isoformat(),
                # Checked when the case was opened: the limitation (处罚法 Art. 36), the handling unit's
                # opinion (明山 Art. 8, 新乡镇 Art. 7), the legal review of a major act (明山 Art. 8(2)).
                **{key: start.facts[key] for key in FILING_FACTS if start.facts.get(key)},
                **(extra or {}),
            },
            citation=citation,
        ),
        phase=phase,
        open_tasks=[task],
        deadlines=deadlines,
    )
    # What the 立案审批表 shows as the handler's side when the leader signs it.
    ctx.state.filing_request = FilingRequested(
        requested_at=ctx.now(),
        source=source,
        summary=summary,
        handler_opinion=handler_opinion,
        handler=actor.name if actor else start.opened_by.name,
    )
    return task


def unit_opinion(facts: dict[str, Any], signed_on: str) -> list[dict[str, str]]:
    """The handling unit's opinion on the 立案审批表, where the intake gave one."""
    if not facts.get("unit_opinion"):
        return []
    return [
        {
            "role": "承办机构意见",
            "opinion": str(facts["unit_opinion"]),
            "signer": str(facts.get("unit_head") or ""),
            "signed_on": signed_on,
        }
    ]


def filing_form(ctx: CaseContext, decision: TaskDecision) -> dict[str, Any]:
    """The step's own fields of the 立案审批表; agency, party, cause and officers come from the case."""
    start = ctx.state.start
    request = ctx.state.filing_request
    requested_on = (request.requested_at if request else ctx.now()).date().isoformat()
    return {
        "source": (request and request.source) or "依职权发现",
        "discovered_on": start.facts.get("discovered_on") or requested_on,
        "summary": (request and request.summary) or start.cause,
        "opinions": [
            {
                "role": "承办人意见",
                "opinion": (request and request.handler_opinion) or "建议立案",
                "signer": (request and request.handler) or start.opened_by.name,
                "signed_on": requested_on,
            },
            *unit_opinion(start.facts, requested_on),
            {
                "role": "机关负责人意见",
                "opinion": decision.opinion or "同意立案",
                "signer": decision.actor.name,
                "signed_on": ctx.now().date().isoformat(),
            },
        ],
    }


async def file_case(
    ctx: CaseContext,
    decision: TaskDecision,
    *,
    clock_start: datetime | None = None,
    extra: dict[str, Any] | None = None,
    deadlines: Sequence[DeadlineDraft | None] = (),
) -> StepOutcome:
    """The leader approves: the case is filed and the case-handling clock starts (处罚法 Art. 54, 60)."""
    # Issued first: missing party data refuses the approval before any timer or record changes.
    form = await ctx.issue("filing_approval", filing_form(ctx, decision), actor=decision.actor)
    handling_clock = await start_case_clock(ctx, start=clock_start)
    await ctx.apply(
        "filing_approved",
        action="case.filed",
        actor=decision.actor,
        record=RecordDraft(
            kind="filing_approval",
            title="立案审批表（负责人审批）",
            fields={
                "decision": "同意立案",
                **signer_fields(ctx, decision.actor, decision.opinion),
                **document_fields(form),
                **(extra or {}),
            },
            citation=FILING_CITATION,
        ),
        phase=Phase.investigation,
        close_tasks=[ctx.close_task(decision)],
        deadlines=[handling_clock, *deadlines],
    )
    ctx.state.milestones.filed_at = ctx.now()
    return outcome(ctx, "已批准立案")


NOT_OPENED_NOTICE = Phase.not_opened_notice
PUBLIC_TOLD = "告知当事人或向社会公示的情况"


def must_tell_party_or_public(state: CaseState) -> bool:
    """新乡镇 Art. 7(2): a case not opened records how the party was told or the public informed."""
    return field_required(case_profile(state), ProcedureStep.NOT_OPENED, PUBLIC_TOLD) is not None


async def not_filed(ctx: CaseContext, decision: TaskDecision, *, notice_pending: bool = False) -> StepOutcome:
    """Not approved: the case is not opened and ends with its record (Xinxiang Art. 7), unless a named
    complainant must first be told (then it waits in ``complainant_notice``), or the regulation asks
    how the party or the public was told (then it waits in ``not_opened_notice``)."""
    waits = Phase.complainant_notice if notice_pending else None
    if waits is None and must_tell_party_or_public(ctx.state):
        waits = NOT_OPENED_NOTICE
    cleared = [] if waits else await end_running_clocks(ctx)
    await ctx.apply(
        "filing_refused",
        action="case.not_filed",
        actor=decision.actor,
        record=RecordDraft(
            kind="not_filed",
            title="不予立案审批",
            fields={"decision": "不予立案", **signer_fields(ctx, decision.actor, decision.opinion)},
            citation=FILING_CITATION,
        ),
        phase=waits or Phase.ended,
        status=None if waits else "closed",
        close_tasks=[ctx.close_task(decision)],
        deadlines=cleared,
    )
    if waits == NOT_OPENED_NOTICE:
        return outcome(ctx, "不予立案，请记录告知当事人或向社会公示的情况")
    return outcome(ctx, "不予立案，待告知投诉举报人" if notice_pending else "不予立案，案件终止")


AUDIENCE_ZH = {"party": "告知当事人", "public": "向社会公示"}


class NotOpenedNotice(BaseModel):
    """How the party was told, or the public informed, that no case is opened (新乡镇 Art. 7(2))."""

    audience: Annotated[Literal["party", "public"], Choice(**AUDIENCE_ZH)] = Field(
        description="告知当事人或向社会公示"
    )
    method: str = Field(min_length=1, description="告知或公示的方式（书面、电话、公示栏、网站等）")
    told_at: BeijingDatetime = Field(description="告知或公示时间")
    content: str = Field(min_length=1, description="告知或公示的内容")


def _told_not_in_future(state: CaseState, request: StepRequest, payload: NotOpenedNotice) -> None:
    not_in_future(payload.told_at.date(), field="told_at", what="告知或公示时间")


@step(
    "record_not_opened_notice",
    title="记录不予立案的告知或公示情况",
    phases={NOT_OPENED_NOTICE},
    moves_to={Phase.ended},
    payload=NotOpenedNotice,
    checks=(_told_not_in_future,),
)
async def record_not_opened_notice(
    ctx: CaseContext, request: StepRequest, payload: NotOpenedNotice
) -> StepOutcome:
    requirement = field_required(case_profile(ctx.state), ProcedureStep.NOT_OPENED, PUBLIC_TOLD)
    await ctx.apply(
        "not_opened_notice",
        action="case.not_opened_notice",
        actor=request.actor,
        record=RecordDraft(
            kind="not_opened_notice",
            title="不予立案告知当事人记录" if payload.audience == "party" else "不予立案向社会公示记录",
            fields={
                **payload.model_dump(mode="json"),
                "audience_zh": AUDIENCE_ZH[payload.audience],
                "recorder": request.actor.name,
            },
            citation=str(requirement.citation) if requirement else FILING_CITATION,
        ),
        phase=Phase.ended,
        status="closed",
        deadlines=await end_running_clocks(ctx),
    )
    return outcome(ctx, "已记录告知或公示情况，案件终止")


@starter("ex_officio", title="依职权立案", moves_to={Phase.filing_approval})
async def start_ex_officio(ctx: CaseContext) -> None:
    """依职权立案."""
    start = ctx.state.start
    await request_filing(
        ctx,
        kind="filing",
        actor=start.opened_by,
        source=start.facts.get("source", "依职权发现"),
        summary=start.facts.get("summary", ""),
        handler_opinion=start.facts.get("handler_opinion", "建议立案"),
    )


@approval("filing", title="立案审批", phases={Phase.filing_approval}, moves_to={Phase.investigation})
async def approve_filing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await file_case(ctx, decision)


@on_return("filing", moves_to={Phase.ended, NOT_OPENED_NOTICE})
async def refuse_filing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await not_filed(ctx, decision)
