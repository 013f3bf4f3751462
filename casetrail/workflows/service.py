"""Service of one document on the party (送达) as a child workflow of the case.

Why a child: every document that must reach the party (decision, reminder notice, enforcement
decision …) goes through the same ways and rules, and a public notice keeps a 30-day durable timer
of its own. Officers record attempts as Updates **on the child**: its validator owns the service
history (which ways failed, the consent on file) and refuses an unlawful way with the citation,
synchronously. Forwarding attempts through the case workflow is not possible as an Update
(a workflow can only *signal* another one), so the refusal would be lost.

Records go to the parent case through the same ``commit_step`` activity (same case id, step keys
prefixed by the service key). When the document is served the child signals the case
(``service_completed``) — a signal reaches the case's current run even after it continued-as-new,
which is why the child is started with ``ParentClosePolicy.ABANDON`` and does not rely on the
parent awaiting its result.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from temporalio import workflow

from casetrail.errors import CasetrailError, Forbidden, InvalidInput, ProcedureViolation
from casetrail.roles import Role
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.phases import Phase

from . import procedure
from .context import CST, CaseContext, until_next_timer
from .failures import to_failure
from .service_ways import WAYS, Attempt, ElectronicConsent, ServiceSoFar, Way, way_citation
from .state import CaseState
from .steps.av_duties import act_recording
from .types import Actor, CaseStart, DeadlineDraft, RecordDraft, ServedDocument, ServiceResult

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_deadlines

DEEMED_SERVED = "deemed_served"
# Signal names on the case workflow (not imported: the case workflow imports this module).
CASE_SERVICE_COMPLETED = "service_completed"
CASE_AV_DUTY_OPENED = "av_duty_opened"


def service_workflow_id(case_workflow_id: str, purpose: str) -> str:
    """One service per purpose at a time, so the API can address it without asking the case."""
    return f"{case_workflow_id}-service-{purpose}"


@dataclass
class ServiceInput:
    start: CaseStart
    case_workflow_id: str
    purpose: str
    key: str  # unique within the case: prefixes the step keys of this service's records
    document: ServedDocument
    consent: dict[str, Any] | None = None  # ElectronicConsent as JSON, if on file


@dataclass
class ServiceAttempt:
    """An officer's attempt at service, sent as an Update to the service workflow."""

    way: str
    actor: Actor
    payload: dict[str, Any] = field(default_factory=dict)
    submission_id: str = ""


@dataclass
class ServiceSnapshot:
    purpose: str
    document: ServedDocument
    status: str  # serving | public_notice | served
    attempts: list[dict[str, Any]]
    ways: list[str]
    consent_on_file: bool
    deemed_served_at: str | None
    served_at: str | None
    way: str | None


@workflow.defn(name="Service")
class ServiceWorkflow:
    @workflow.init
    def __init__(self, input: ServiceInput) -> None:
        self.input = input
        # The child's own step sequence and timers; its records belong to the parent case.
        self.case = CaseState(start=input.start, phase=Phase.serving)
        self.ctx = CaseContext(self.case, self._mark_timers_changed, publishes_search_attributes=False)
        self.attempts: list[Attempt] = []
        self.consent = ElectronicConsent.model_validate(input.consent) if input.consent else None
        self.result: ServiceResult | None = None
        self._lock = asyncio.Lock()
        self._timers_changed = False

    def _mark_timers_changed(self) -> None:
        self._timers_changed = True

    @property
    def _notice_key(self) -> str:
        return f"service-{self.input.key}-deemed-served"

    @workflow.run
    async def run(self, input: ServiceInput) -> ServiceResult:
        while self.result is None:
            self._timers_changed = False
            await until_next_timer(
                self.case.timers.values(), lambda: self.result is not None or self._timers_changed
            )
            async with self._lock:
                await self._deem_served_if_due()
        await workflow.wait_condition(workflow.all_handlers_finished)
        assert self.result is not None
        await workflow.get_external_workflow_handle(input.case_workflow_id).signal(
            CASE_SERVICE_COMPLETED, self.result
        )
        return self.result

    # ---- attempts ------------------------------------------------------------------------

    @workflow.update
    async def attempt(self, attempt: ServiceAttempt) -> ServiceSnapshot:
        async with self._lock:
            try:
                way = self._validate(attempt)  # again under the lock: an earlier attempt may have served
                await self._record(attempt, way)
            except CasetrailError as error:
                raise to_failure(error) from None
            return self.snapshot()

    @attempt.validator
    def _validate_attempt(self, attempt: ServiceAttempt) -> None:
        try:
            self._validate(attempt)
        except CasetrailError as error:
            raise to_failure(error) from None

    def _validate(self, attempt: ServiceAttempt) -> Way:
        document = self.input.document
        if self.result is not None:
            raise ProcedureViolation(
                f"{document.title}已于{self.result.served_at.isoformat()}以{self.result.way_title}方式送达",
                field="way",
                rule="already_served",
                allowed=[],
            )
        way_type = WAYS.get(attempt.way)
        if way_type is None:
            raise InvalidInput(
                "所选的送达方式不存在，请从可用的送达方式中选择",
                field="way",
                rule="known_way",
                allowed=list(WAYS),
            )
        if Role.officer not in attempt.actor.roles:
            raise Forbidden(f"“{way_type.title}”须由执法人员办理", rule="role")
        procedure.require_case_officer(self.case, attempt.actor, f"送达{document.title}")
        way: Way = procedure.parse_model(way_type, attempt.payload)
        way.check(ServiceSoFar(self.input.start, tuple(self.attempts), self.consent, self.ctx.now()))
        return way

    async def _record(self, attempt: ServiceAttempt, way: Way) -> None:
        document = self.input.document
        outcome = way.outcome()
        served_at = way.served_at()
        recording = await act_recording(
            self.ctx,
            way.recorded_act(),
            performed_at=served_at or self.ctx.now(),
            recorded=way.av_recorded(),
            marks=way.marked(),
        )
        deadlines: list[DeadlineDraft | None] = []
        fields: dict[str, Any] = {
            "送达文书": document.title,
            "文号": document.number,
            "受送达人": self.input.start.party.get("name"),
            "送达方式": way.title,
            "行政机关（印章）": self.input.start.agency_name,
            "送达人": attempt.actor.name,
            "结果": {"served": "已送达", "failed": "未能送达", "published": "已发出公告"}[outcome],
            "送达日期": served_at.isoformat() if served_at else None,
            **way.record_fields(),
        }
        published_at = way.notice_published_at()
        if published_at is not None:
            notice = await self.ctx.arm(
                self._notice_key,
                national_deadlines.PUBLIC_NOTICE_DEEMED_SERVED,
                label=f"{document.title}公告送达，视为送达",
                on_expiry=DEEMED_SERVED,
                start=published_at,
            )
            fields["视为送达时间"] = notice.due_at.isoformat()
            deadlines.append(notice)
        elif served_at is not None:
            # Reached the party another way while a notice was running: the notice is moot.
            deadlines.append(self.ctx.clear_timer(self._notice_key, status=DeadlineStatus.cancelled))
        issues = way.document(document)
        if issues is not None:
            # Issued first: a document that cannot be made refuses the attempt before it is recorded.
            kind, data = issues
            issued = await self.ctx.issue(
                kind, data, actor=attempt.actor, name=f"service-{self.input.key}-{kind}"
            )
            fields.update(document_id=issued.document_id, document_number=issued.number)
        step_name = f"service-{self.input.key}-{way.name}"
        # The case keeps the duty's timer: this workflow ends once the document is served.
        av = recording.attach(self.ctx, step_name, arm=False)
        applied = await self.ctx.apply(
            step_name,
            action="service.served" if served_at else f"service.{outcome}",
            actor=attempt.actor,
            record=RecordDraft(
                kind=f"service_{way.name}",
                title=f"送达回证（{way.title}）" if served_at else f"送达记录（{way.title}）",
                fields=fields,
                citation=way_citation(self.input.start, type(way)),
            ),
            deadlines=[*deadlines, *av.deadlines],
            av_obligations=av.obligations,
            detail={"purpose": self.input.purpose, "document": asdict(document), "outcome": outcome},
        )
        if av.opened is not None:
            await workflow.get_external_workflow_handle(self.input.case_workflow_id).signal(
                CASE_AV_DUTY_OPENED, av.opened
            )
        self.attempts.append(
            Attempt(way.name, outcome, self.ctx.now().isoformat(), applied.record_id, attempt.submission_id)
        )
        if served_at is not None:
            self.result = ServiceResult(
                self.input.purpose, document, served_at, way.name, way.title, applied.record_id
            )

    async def _deem_served_if_due(self) -> None:
        """公告 published 30 days ago (民诉法 Art. 95): the document counts as served."""
        timer = self.case.timers.get(self._notice_key)
        if self.result is not None or timer is None or timer.due_at > workflow.now():
            return
        # The timer fires at 24:00 of the 30th day; the service date is that day.
        served_at = (timer.due_at - timedelta(seconds=1)).astimezone(CST)
        document = self.input.document
        applied = await self.ctx.apply(
            f"service-{self.input.key}-deemed",
            action="service.served",
            record=RecordDraft(
                kind="service_public_notice_deemed",
                title="公告送达视为送达记录",
                fields={
                    "送达文书": document.title,
                    "文号": document.number,
                    "受送达人": self.input.start.party.get("name"),
                    "视为送达日期": served_at.date().isoformat(),
                    "说明": "自发出公告之日起经过三十日，视为送达",
                },
                citation=timer.citation,
            ),
            deadlines=[self.ctx.clear_timer(self._notice_key, status=DeadlineStatus.met)],
            detail={"purpose": self.input.purpose, "document": asdict(document), "outcome": "deemed_served"},
        )
        self.result = ServiceResult(
            self.input.purpose, document, served_at, "public_notice", "公告送达", applied.record_id
        )

    # ---- consent and state ---------------------------------------------------------------

    @workflow.signal
    def consent_recorded(self, consent: dict[str, Any]) -> None:
        """The party signed the consent to electronic service while this service was running."""
        self.consent = ElectronicConsent.model_validate(consent)

    @workflow.query
    def snapshot(self) -> ServiceSnapshot:
        notice = self.case.timers.get(self._notice_key)
        if self.result is not None:
            status = "served"
        elif notice is not None:
            status = "public_notice"
        else:
            status = "serving"
        return ServiceSnapshot(
            purpose=self.input.purpose,
            document=self.input.document,
            status=status,
            attempts=[asdict(a) for a in self.attempts],
            ways=[] if self.result else list(WAYS),
            consent_on_file=self.consent is not None,
            deemed_served_at=notice.due_at.isoformat() if notice else None,
            served_at=self.result.served_at.isoformat() if self.result else None,
            way=self.result.way if self.result else None,
        )
