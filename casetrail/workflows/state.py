"""All procedure state of one case in one dataclass (passed whole to continue-as-new)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from casetrail.roles import Role
from casetrail.statuses import DeadlineStatus, FreezeStatus, MeasureStatus
from casetrail.workflows.phases import Phase

from .decision_records import Deliberation, RightsFacts, StateModel
from .execution_records import CorrectionChecked, EnforcementPlan, FinePayment, Remedy, Reminder
from .records import (
    CaseExtensions,
    ClosingRequested,
    ConsentOnFile,
    CourtWindow,
    DecisionFacts,
    FilingRequested,
    InspectionFindings,
    Milestones,
    RecordAccessRequested,
    ServiceStarted,
)
from .types import CaseStart, StepOutcome

# Enough for any retry window (a retry comes within minutes; a case takes a few hundred steps in years).
REMEMBERED_SUBMISSIONS = 200


@dataclass
class PendingTask:
    """An approval task the workflow waits on; ``kind`` selects the approval handler."""

    task_id: str
    kind: str
    title: str
    role: Role
    step_key: str


@dataclass
class Timer:
    """A statutory deadline as a movable durable timer: ``on_expiry`` names the handler to run."""

    key: str
    label: str
    due_at: datetime
    citation: str | None
    on_expiry: str
    provisional: bool = False
    # How it was computed, so a provisional deadline can be recomputed when the calendar changes.
    start: datetime | None = None
    period: dict[str, Any] | None = None
    # The label without the computed period, and the pauses (rules.periods.Pause JSON) it was
    # computed with, so ``CaseContext.rearm`` can extend or pause it from the same start.
    base_label: str = ""
    pauses: list[dict[str, Any]] = field(default_factory=list)
    # The statutory deadline when the timer wakes before it (an AV storage reminder): the Deadline row
    # and everything a person reads keep this instant, never the wake-up time in ``due_at``.
    deadline_at: datetime | None = None

    @property
    def legal_due_at(self) -> datetime:
        return self.deadline_at or self.due_at


class MeasureKind(StrEnum):
    """What a measure holds: evidence registered and kept (先行登记保存, 处罚法 Art. 56), property sealed
    or seized (查封、扣押, 强制法 Art. 22-28) or a citizen's liberty restricted (限制公民人身自由, 强制法
    Art. 9(1), 20). The value is the prefix of the measure's id."""

    evidence_preservation = "evidence_preservation"
    seizure = "seizure"
    liberty = "liberty"

    @property
    def title_zh(self) -> str:
        return {
            "evidence_preservation": "先行登记保存",
            "seizure": "查封、扣押",
            "liberty": "限制公民人身自由",
        }[self.value]


@dataclass
class Measure:
    """A measure in force on evidence, property or a person: 先行登记保存, 查封/扣押 (强制法 Art. 24-28) or
    限制人身自由 (强制法 Art. 20)."""

    measure_id: str
    kind: MeasureKind
    plan: dict[str, Any]  # the officers' request (payload JSON), what the leader signs
    requested_by: str  # the officer who asked for it (name), who writes its record
    status: MeasureStatus = MeasureStatus.pending
    task_id: str | None = None
    emergency: bool = False  # taken on the spot before approval (强制法 Art. 19)
    started_at: datetime | None = None
    extension_days: int = 0
    extension_requested_days: int = 0
    extension_task_id: str | None = None
    # 限制人身自由: the family told of the agency, place and period (强制法 Art. 20(1)).
    family_notified: bool = False
    period_due_at: datetime | None = None  # the end of the legal period it may not exceed (Art. 20)


@dataclass
class Freeze:
    """A freeze of deposits or remittances (冻结存款、汇款, 强制法 Art. 29-33)."""

    plan: dict[str, Any]  # the officers' request (FreezeRequest JSON), what the leader signs
    task_id: str
    status: FreezeStatus = FreezeStatus.pending
    extended: bool = False  # Art. 32: once at most
    extension_task: str | None = None
    extension_days: int = 0

    @property
    def account(self) -> str:
        """The frozen account as a person names it."""
        return f"{self.plan['bank']}账户{self.plan['account']}"


@dataclass
class Testing:
    """A commissioned test or appraisal (检验、检测、鉴定) and the clocks it pauses."""

    testing_id: str
    pauses: dict[str, dict[str, Any]]  # timer key -> the rules.periods.Pause (JSON) applied to it
    done: bool = False


@dataclass
class AvDuty:
    """An AV recording the workflow waits to see stored (音像记录存储时限); key = the act's step key."""

    key: str
    act: str
    due_at: datetime | None
    status: DeadlineStatus = DeadlineStatus.open  # open | met | overdue
    # What the storage deadline counts from (the recording's end, or the return to the unit), kept so
    # the deadline is computed again when the calendar changes; None for duties opened before.
    recording_ended_at: datetime | None = None
    returned_at: datetime | None = None


@dataclass
class CaseState:
    start: CaseStart
    phase: Phase = Phase.starting
    status: str = "open"
    sequence: int = 0  # step counter for deterministic, unique step keys
    tasks: dict[str, PendingTask] = field(default_factory=dict)
    timers: dict[str, Timer] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    rights: RightsFacts | None = None  # the party's rights once the notice of intended penalty is served
    deliberation: Deliberation | None = None  # the proposal under review and its signatures
    on_the_spot: DecisionFacts | None = None  # decided on the spot (简易程序), until it is filed (备案)
    decision: DecisionFacts | None = None  # the decision stage's record, for service and execution
    milestones: Milestones = field(default_factory=Milestones)
    filing_request: FilingRequested | None = None
    closing_request: ClosingRequested | None = None
    court_window: CourtWindow | None = None
    inspection: InspectionFindings | None = None  # a routine inspection's findings (行政检查)
    # A fine collected on the spot reached the agency and awaits its bank deposit (处罚法 Art. 71).
    bank_deposit_pending: bool = False
    phase_before_closing: Phase | None = None  # where a returned closing request goes back to
    supplement_requested: bool = False  # an application's one-time request for materials (一次性告知)
    history: list[str] = field(default_factory=list)  # step names done, in order
    # submission id -> the outcome it had. Temporal answers a repeated Update id only within one run;
    # this answers it after continue-as-new too, with the original outcome instead of running it again.
    outcomes: dict[str, StepOutcome] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    freezes: dict[str, Freeze] = field(default_factory=dict)  # freeze id (freeze-1 …) -> the freeze
    testings: dict[str, Testing] = field(default_factory=dict)
    av_duties: dict[str, AvDuty] = field(default_factory=dict)
    case_extensions: CaseExtensions = field(default_factory=CaseExtensions)
    record_access_pending: dict[str, RecordAccessRequested] = field(default_factory=dict)  # by task id
    services: dict[str, ServiceStarted] = field(default_factory=dict)  # by purpose (decision, reminder …)
    electronic_consent: ConsentOnFile | None = None
    payment: FinePayment | None = None  # a decision with a fine, once served
    remedies: list[Remedy] = field(default_factory=list)
    reminder: Reminder | None = None
    enforcement: EnforcementPlan | None = None
    correction: CorrectionChecked | None = None

    @property
    def finished(self) -> bool:
        return self.status == "archived" or (self.phase.final and self.phase is not Phase.archived)

    def remember(self, submission_id: str, outcome: StepOutcome) -> None:
        if not submission_id:
            return
        self.outcomes[submission_id] = outcome
        while len(self.outcomes) > REMEMBERED_SUBMISSIONS:
            del self.outcomes[next(iter(self.outcomes))]  # the oldest: dicts keep insertion order

    def next_step_key(self, name: str) -> str:
        key = self.peek_step_key(name)
        self.sequence += 1
        return key

    def peek_step_key(self, name: str) -> str:
        """The key the next ``next_step_key(name)`` returns (e.g. to name an AV duty after its act)."""
        return f"{self.sequence + 1:04d}-{name}"


# What the stages left for later ones, under the names the ``facts`` query has always used.
STAGE_RECORDS = (
    "rights",
    "deliberation",
    "on_the_spot",
    "decision",
    "payment",
    "remedies",
    "reminder",
    "enforcement",
    "services",
    "electronic_consent",
    "correction",
    "record_access_pending",
    "case_extensions",
)


def stage_records(state: CaseState) -> dict[str, Any]:
    """The typed stage records as plain dicts (the ``facts`` query), each once it exists."""
    records: dict[str, Any] = {"milestones": asdict(state.milestones)}
    for name in STAGE_RECORDS:
        value = getattr(state, name)
        if value:
            records[name] = _as_json(value)
    return records


def _as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value.model_dump(mode="json") if isinstance(value, StateModel) else asdict(value)
