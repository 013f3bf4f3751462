"""Filing (立案): the filing request (立案审批表), the leader's decision, and the ex-officio start.

Every way of starting a case that leads to an investigation files it through ``request_filing``
and ``file_case``/``not_filed``; each start type registers its own approval kind so that what
follows a refusal (telling a complainant, releasing an emergency measure) stays with that start.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from temporalio import workflow

from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import approval, on_return, starter
from casetrail.workflows.types import Actor, DeadlineDraft, RecordDraft, StepOutcome, TaskDecision, TaskDraft

from .case_clock import start_case_clock
from .common import officers_fields, outcome, signer_fields
from .document_data import document_fields

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations

FILING_CITATION = str(national_citations.PENALTY_54)


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
                **(extra or {}),
            },
            citation=citation,
        ),
        phase=phase,
        open_tasks=[task],
        deadlines=deadlines,
    )
    # What the 立案审批表 shows as the handler's side when the leader signs it.
    ctx.state.facts["filing_request"] = {
        "requested_on": ctx.now().date().isoformat(),
        "source": source,
        "summary": summary,
        "handler_opinion": handler_opinion,
        "handler": actor.name if actor else start.opened_by.name,
    }
    return task


def filing_form(ctx: CaseContext, decision: TaskDecision) -> dict[str, Any]:
    """The step's own fields of the 立案审批表; agency, party, cause and officers come from the case."""
    start = ctx.state.start
    request = dict(ctx.state.facts.get("filing_request") or {})
    requested_on = str(request.get("requested_on") or ctx.now().date().isoformat())
    return {
        "source": request.get("source") or "依职权发现",
        "discovered_on": start.facts.get("discovered_on") or requested_on,
        "summary": request.get("summary") or start.cause,
        "opinions": [
            {
                "role": "承办人意见",
                "opinion": request.get("handler_opinion") or "建议立案",
                "signer": request.get("handler") or start.opened_by.name,
                "signed_on": requested_on,
            },
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
    ctx.state.facts["filed_at"] = ctx.now().isoformat()
    return outcome(ctx, "已批准立案")


async def not_filed(ctx: CaseContext, decision: TaskDecision, *, notice_pending: bool = False) -> StepOutcome:
    """Not approved: the case is not opened and ends with its record (Xinxiang Art. 7), unless a named
    complainant must first be told (then it waits in ``complainant_notice``)."""
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
        phase=Phase.complainant_notice if notice_pending else Phase.ended,
        status=None if notice_pending else "closed",
        close_tasks=[ctx.close_task(decision)],
        deadlines=[]
        if notice_pending
        else [ctx.clear_timer(k, status="cancelled") for k in list(ctx.state.timers)],
    )
    return outcome(ctx, "不予立案，待告知投诉举报人" if notice_pending else "不予立案，案件终止")


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


@on_return("filing", moves_to={Phase.ended})
async def refuse_filing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    return await not_filed(ctx, decision)
