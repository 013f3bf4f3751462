"""Serving documents from the case: starting a service child, the party's consent to electronic
service, and serving the decision (处罚法 Art. 61).

Other stages serve their documents with :func:`start_service` and take the result with
:func:`served` (a registration under ``procedure.on_served``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import asdict

from pydantic import BaseModel
from temporalio import workflow
from temporalio.workflow import ParentClosePolicy

from casetrail.errors import ProcedureViolation
from casetrail.workflows import procedure
from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import ServedHandler, on_expiry, step
from casetrail.workflows.records import ConsentOnFile, DecisionFacts, ServiceStarted
from casetrail.workflows.service import ServiceInput, ServiceWorkflow, service_workflow_id
from casetrail.workflows.service_ways import ElectronicConsent
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import RecordDraft, ServedDocument, ServiceResult, StepOutcome, StepRequest

from .common import decision_of, outcome
from .escalation import mark_overdue

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules import national_deadlines

DECISION_TITLES = {
    "penalty": "行政处罚决定书",
    "no_penalty": "不予行政处罚决定书",
    "transfer": "案件移送告知书",
}
ON_THE_SPOT_TITLE = "当场行政处罚决定书"


def decision_title(decision: DecisionFacts) -> str:
    """What the decision document is called where it is served or cited: a decision made on the spot
    is a 当场行政处罚决定书 (处罚法 Art. 52), numbered as one."""
    return ON_THE_SPOT_TITLE if decision.procedure == "simple" else DECISION_TITLES[decision.kind]


# Phases in which the party may still sign the consent to electronic service.
CONSENT_PHASES = {
    Phase.investigation_ended,
    Phase.serving_rights_notice,
    Phase.rights_window,
    Phase.hearing_requested,
    Phase.serving_hearing_notice,
    Phase.rights_concluded,
    Phase.decided,
    Phase.serving_decision,
    Phase.performance,
    Phase.overdue,
    Phase.serving_reminder,
    Phase.reminded,
}


async def start_service(ctx: CaseContext, purpose: str, document: ServedDocument) -> str:
    """Start serving ``document``; the handler registered with :func:`served` takes the result."""
    running = ctx.state.services.get(purpose)
    if running is not None and running.status == "serving":
        raise ProcedureViolation(
            f"{document.title}正在送达中", field="step", rule="service_running", allowed=[]
        )
    case_workflow_id = workflow.info().workflow_id
    # The parent's next sequence number makes the key unique even when a purpose is served again.
    key = f"{purpose}{ctx.state.sequence + 1:04d}"
    child_id = service_workflow_id(case_workflow_id, purpose)
    await workflow.start_child_workflow(
        ServiceWorkflow.run,
        ServiceInput(
            start=ctx.state.start,
            case_workflow_id=case_workflow_id,
            purpose=purpose,
            key=key,
            document=document,
            consent=asdict(ctx.state.electronic_consent) if ctx.state.electronic_consent else None,
        ),
        id=child_id,
        parent_close_policy=ParentClosePolicy.ABANDON,
    )
    ctx.state.services[purpose] = ServiceStarted(workflow_id=child_id, key=key, document=document)
    return child_id


async def withdraw_services(ctx: CaseContext) -> list[str]:
    """The obligation ended while documents were still being served: stop serving them.

    A result arriving later is ignored (``served`` takes results of running services only).
    """
    return [purpose for purpose in list(ctx.state.services) if await withdraw_service(ctx, purpose)]


async def withdraw_service(ctx: CaseContext, purpose: str) -> bool:
    """Stop serving the ``purpose`` document if it is still being served (e.g. a hearing notice once
    the party gave up the hearing); whether there was one to stop."""
    service = ctx.state.services.get(purpose)
    if service is None or service.status != "serving":
        return False
    service.status = "withdrawn"
    await workflow.get_external_workflow_handle(service.workflow_id).cancel()
    return True


def served(
    purpose: str, *, title: str, phases: Collection[Phase], moves_to: Collection[Phase]
) -> Callable[[ServedHandler], ServedHandler]:
    """Register what the case does once the ``purpose`` document is served (each result taken once)."""

    def register(handler: ServedHandler) -> ServedHandler:
        async def take_once(ctx: CaseContext, result: ServiceResult) -> None:
            service = ctx.state.services.get(purpose)
            if service is None or service.status != "serving":
                return
            service.status, service.served_at, service.way = "served", result.served_at, result.way
            await handler(ctx, result)

        procedure.on_served(purpose, title=title, phases=phases, moves_to=moves_to)(take_once)
        return handler

    return register


# ---- consent to electronic service --------------------------------------------------------


@step(
    "record_service_consent",
    title="记录当事人同意电子送达的确认书",
    phases=CONSENT_PHASES,
    payload=ElectronicConsent,
)
async def record_service_consent(
    ctx: CaseContext, request: StepRequest, payload: ElectronicConsent
) -> StepOutcome:
    consent = payload.model_dump(mode="json")
    ctx.state.electronic_consent = ConsentOnFile(**consent)
    await ctx.apply(
        "service_consent",
        action="service.consent_recorded",
        actor=request.actor,
        record=RecordDraft(
            kind="electronic_service_consent",
            title="送达地址确认书（同意电子送达）",
            fields=consent,
            citation=f"{law.PENALTY_61_2}；{law.CIVIL_PROCEDURE_90}",
        ),
    )
    for service in ctx.state.services.values():
        if service.status == "serving":
            await workflow.get_external_workflow_handle(service.workflow_id).signal(
                ServiceWorkflow.consent_recorded, consent
            )
    return outcome(ctx, "已记录电子送达确认书")


# ---- serving the decision -----------------------------------------------------------------


class DecisionService(BaseModel):
    """Nothing to type: the decision document was issued, numbered, by ``issue_decision``."""


def _decision_issued(state: CaseState, request: StepRequest, payload: DecisionService) -> None:
    if state.decision is None or not state.decision.document_no:
        raise ProcedureViolation("决定书尚未制作，不能送达", field="step", rule="decision_not_issued")


@step(
    "serve_decision",
    title="送达决定书",
    moves_to={Phase.serving_decision},
    phases={Phase.decided},
    payload=DecisionService,
    checks=(_decision_issued,),
)
async def serve_decision(ctx: CaseContext, request: StepRequest, payload: DecisionService) -> StepOutcome:
    decision = decision_of(ctx.state)
    assert decision.document_no, "refused by _decision_issued"
    document = ServedDocument(
        kind=f"{decision.kind}_decision",
        title=decision_title(decision),
        number=decision.document_no,
    )
    # The 7 working days (处罚法 Art. 61) run from the decision: issue_decision armed them; a case
    # decided before it did so gets them here, still counted from the decision.
    clock = None
    if not decision.party_present and "decision_service" not in ctx.state.timers:
        clock = await ctx.arm(
            "decision_service",
            national_deadlines.DECISION_SERVICE_ABSENT_PARTY,
            label=f"当事人不在场，送达{document.title}",
            on_expiry="decision_service_overdue",
            start=decision.decided_at,
        )
    child_id = await start_service(ctx, "decision", document)
    await ctx.apply(
        "decision_service_started",
        action="service.started",
        actor=request.actor,
        phase=Phase.serving_decision,
        deadlines=[clock],
        detail={"document": asdict(document), "service_workflow_id": child_id},
    )
    return outcome(ctx, f"开始送达{document.title}")


@on_expiry("decision_service_overdue", title="决定书送达期限届满")
async def decision_service_overdue(ctx: CaseContext, key: str) -> None:
    await mark_overdue(ctx, key, name=f"{key}_overdue", flag="decision_service_overdue")
