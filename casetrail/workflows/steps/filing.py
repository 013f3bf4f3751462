"""Starting a case ex officio: the filing request (立案审批表) and the leader's filing approval."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

from casetrail.workflows.context import CaseContext
from casetrail.workflows.procedure import approval, on_expiry, on_return, starter
from casetrail.workflows.types import RecordDraft, StepOutcome, TaskDecision

from .common import officers_fields, outcome, signer_fields

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_deadlines

FILING_CITATION = "《中华人民共和国行政处罚法》第五十四条"


@starter("ex_officio")
async def start_ex_officio(ctx: CaseContext) -> None:
    """依职权立案: reason, source, party, facts, handler opinion go to the leader (Xinxiang Art. 7)."""
    start = ctx.state.start
    task = ctx.task(
        "filing",
        title=f"立案审批：{start.cause}",
        subject={"case_no": start.case_no, "cause": start.cause, "party": start.party},
    )
    await ctx.apply(
        "filing_request",
        action="case.filing_requested",
        actor=start.opened_by,
        record=RecordDraft(
            kind="filing_request",
            title="立案审批表（承办人意见）",
            fields={
                "case_no": start.case_no,
                "cause": start.cause,
                "source": start.facts.get("source", "依职权发现"),
                "party": start.party,
                "facts": start.facts.get("summary", ""),
                "handler_opinion": start.facts.get("handler_opinion", "建议立案"),
                "officers": officers_fields(ctx),
                "requested_at": ctx.now().isoformat(),
            },
            citation=FILING_CITATION,
        ),
        phase="filing_approval",
        open_tasks=[task],
    )
    ctx.state.facts["filing_requested_on"] = ctx.now().date().isoformat()


def filing_form(ctx: CaseContext, decision: TaskDecision) -> dict[str, Any]:
    """The step's own fields of the 立案审批表; agency, party, cause and officers come from the case."""
    start = ctx.state.start
    requested_on = str(ctx.state.facts.get("filing_requested_on", ctx.now().date().isoformat()))
    return {
        "source": start.facts.get("source") or "依职权发现",
        "discovered_on": start.facts.get("discovered_on") or requested_on,
        "summary": start.facts.get("summary") or start.cause,
        "opinions": [
            {
                "role": "承办人意见",
                "opinion": start.facts.get("handler_opinion") or "建议立案",
                "signer": start.opened_by.name,
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


@approval("filing", title="立案审批")
async def approve_filing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    # Issued first: missing party data refuses the approval before any timer or record changes.
    form = await ctx.issue("filing_approval", filing_form(ctx, decision), actor=decision.actor)
    handling_clock = await ctx.arm(
        "case_handling",
        national_deadlines.CASE_HANDLING,
        label="作出行政处罚决定",
        on_expiry="case_handling_overdue",
    )
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
                "document_id": form.document_id,
                "document_number": form.number,
            },
            citation=FILING_CITATION,
        ),
        phase="investigation",
        close_tasks=[ctx.close_task(decision)],
        deadlines=[handling_clock],
    )
    ctx.state.facts["filed_at"] = ctx.now().isoformat()
    return outcome(ctx, "已批准立案")


@on_expiry("case_handling_overdue")
async def case_handling_overdue(ctx: CaseContext, key: str) -> None:
    """The 90-day clock ran out without a decision (处罚法 Art. 60): mark the case overdue."""
    timer = ctx.state.timers[key]
    await ctx.apply(
        "case_handling_overdue",
        action="deadline.overdue",
        record=RecordDraft(
            kind="deadline_overdue",
            title="办案期限已届满",
            fields={"deadline": timer.label, "due_at": timer.due_at.isoformat()},
            citation=timer.citation,
        ),
        deadlines=[ctx.clear_timer(key, status="overdue")],
        flags=["case_handling_overdue"],
    )


@on_return("filing")
async def refuse_filing(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
    """Not approved: the case is not opened and ends with its record (Xinxiang Art. 7)."""
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
        phase="ended",
        status="closed",
        close_tasks=[ctx.close_task(decision)],
    )
    return outcome(ctx, "不予立案，案件终止")
