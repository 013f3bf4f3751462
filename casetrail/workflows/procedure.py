"""The registry of procedure steps, approval kinds and deadline-expiry handlers.

Each stage of the procedure lives in its own module under ``workflows/steps`` and registers here;
the workflow itself only dispatches. A new step is a new registration, not a rewrite.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from casetrail.errors import Forbidden, InvalidInput, ProcedureViolation
from casetrail.limits import first_control_character
from casetrail.roles import Role, role_title, role_titles
from casetrail.rules.national_citations import PENALTY_42

from .duties import require_separate_signer
from .moves import ANY_PHASE, Moves
from .phases import Phase, phase_title
from .state import CaseState
from .types import Actor, ServiceResult, StepOutcome, StepRequest, TaskDecision

if TYPE_CHECKING:
    from .context import CaseContext

StepHandler = Callable[["CaseContext", StepRequest, Any], Awaitable[StepOutcome]]
Check = Callable[[CaseState, StepRequest, Any], None]
NotNow = Callable[[CaseState], ProcedureViolation | None]
ApprovalHandler = Callable[["CaseContext", TaskDecision], Awaitable[StepOutcome]]
ExpiryHandler = Callable[["CaseContext", str], Awaitable[None]]
Starter = Callable[["CaseContext"], Awaitable[None]]
ServedHandler = Callable[["CaseContext", ServiceResult], Awaitable[None]]


@dataclass(frozen=True)
class StepSpec:
    name: str
    title: str  # Chinese, shown in "allowed steps" lists
    phases: frozenset[Phase]
    handler: StepHandler
    payload: type[BaseModel] | None = None
    roles: frozenset[Role] = frozenset({Role.officer})
    # Officer steps must be taken by an officer named on the case (处罚法 Art. 42).
    case_officer_only: bool = True
    checks: tuple[Check, ...] = ()
    moves_to: frozenset[Phase] = frozenset()
    # Whether the step exists at all for this case (e.g. only where its regulation provides it).
    available: Callable[[CaseState], bool] | None = None
    # Why the step cannot be taken in a phase it does not run in, where the law says more than
    # "not in this phase" (e.g. a waiver before the notice that told the party of its rights is served).
    not_now: NotNow | None = None

    def allowed_in(self, phase: str) -> bool:
        return phase in self.phases

    @property
    def moves(self) -> Moves:
        return Moves(self.title, self.phases, self.moves_to)


@dataclass(frozen=True)
class ApprovalSpec:
    kind: str
    title: str
    role: Role
    on_approve: ApprovalHandler
    on_return: ApprovalHandler
    approve_moves: Moves
    return_moves: Moves

    def handler_for(self, decision: str) -> tuple[ApprovalHandler, Moves]:
        if decision == "approve":
            return self.on_approve, self.approve_moves
        return self.on_return, self.return_moves


@dataclass(frozen=True)
class ExpirySpec:
    name: str
    handler: ExpiryHandler
    moves: Moves


@dataclass(frozen=True)
class ServedSpec:
    purpose: str
    handler: ServedHandler
    moves: Moves


@dataclass(frozen=True)
class StarterSpec:
    start_type: str
    handler: Starter
    moves: Moves


STEPS: dict[str, StepSpec] = {}
APPROVALS: dict[str, ApprovalSpec] = {}
EXPIRIES: dict[str, ExpirySpec] = {}
STARTERS: dict[str, StarterSpec] = {}
SERVED: dict[str, ServedSpec] = {}
# Timers derived from another timer (a reminder before a deadline) follow it when it moves.
FOLLOWERS: dict[str, Callable[[CaseContext], None]] = {}


def step(
    name: str,
    *,
    title: str,
    phases: Collection[Phase],
    moves_to: Collection[Phase] = (),
    payload: type[BaseModel] | None = None,
    roles: Collection[Role] = frozenset({Role.officer}),
    case_officer_only: bool = True,
    checks: tuple[Check, ...] = (),
    available: Callable[[CaseState], bool] | None = None,
    not_now: NotNow | None = None,
) -> Callable[[StepHandler], StepHandler]:
    def register(handler: StepHandler) -> StepHandler:
        if name in STEPS:
            raise RuntimeError(f"step {name!r} registered twice")
        STEPS[name] = StepSpec(
            name,
            title,
            frozenset(phases),
            handler,
            payload,
            frozenset(roles),
            case_officer_only,
            checks,
            frozenset(moves_to),
            available,
            not_now,
        )
        return handler

    return register


def approval(
    kind: str,
    *,
    title: str,
    role: Role = Role.leader,
    phases: Collection[Phase] = ANY_PHASE,
    moves_to: Collection[Phase] = (),
) -> Callable[[ApprovalHandler], ApprovalHandler]:
    """Register the approve handler (decided in ``phases``); the return handler is ``on_return``."""

    def register(on_approve: ApprovalHandler) -> ApprovalHandler:
        approve = Moves.of(f"{title}：同意", phases, moves_to)
        refuse = Moves.of(f"{title}：退回", phases)
        APPROVALS[kind] = ApprovalSpec(
            kind, title, role, on_approve, _no_return_handler(title), approve, refuse
        )
        return on_approve

    return register


def on_return(kind: str, *, moves_to: Collection[Phase] = ()) -> Callable[[ApprovalHandler], ApprovalHandler]:
    def register(handler: ApprovalHandler) -> ApprovalHandler:
        spec = APPROVALS[kind]
        moves = Moves.of(spec.return_moves.title, spec.return_moves.phases, moves_to)
        APPROVALS[kind] = replace(spec, on_return=handler, return_moves=moves)
        return handler

    return register


def _no_return_handler(title: str) -> ApprovalHandler:
    async def refuse(ctx: CaseContext, decision: TaskDecision) -> StepOutcome:
        raise ProcedureViolation(f"审批事项“{title}”不能退回", field="decision", rule="no_return")

    return refuse


def on_expiry(
    name: str, *, title: str, phases: Collection[Phase] = ANY_PHASE, moves_to: Collection[Phase] = ()
) -> Callable[[ExpiryHandler], ExpiryHandler]:
    """What runs when a timer naming ``name`` runs out (in ``phases``), and where it may move the case."""

    def register(handler: ExpiryHandler) -> ExpiryHandler:
        EXPIRIES[name] = ExpirySpec(name, handler, Moves.of(title, phases, moves_to))
        return handler

    return register


def follows(key: str) -> Callable[[Callable[[CaseContext], None]], Callable[[CaseContext], None]]:
    """Register what re-derives its own timer when the timer ``key`` is moved (e.g. recomputed)."""

    def register(handler: Callable[[CaseContext], None]) -> Callable[[CaseContext], None]:
        FOLLOWERS[key] = handler
        return handler

    return register


def on_served(
    purpose: str, *, title: str, phases: Collection[Phase] = ANY_PHASE, moves_to: Collection[Phase] = ()
) -> Callable[[ServedHandler], ServedHandler]:
    """What the case does once the document served for ``purpose`` reached the party."""

    def register(handler: ServedHandler) -> ServedHandler:
        if purpose in SERVED:
            raise RuntimeError(f"service purpose {purpose!r} registered twice")
        SERVED[purpose] = ServedSpec(purpose, handler, Moves.of(title, phases, moves_to))
        return handler

    return register


def starter(start_type: str, *, title: str, moves_to: Collection[Phase]) -> Callable[[Starter], Starter]:
    def register(handler: Starter) -> Starter:
        STARTERS[start_type] = StarterSpec(start_type, handler, Moves.of(title, {Phase.starting}, moves_to))
        return handler

    return register


# ---- validation (pure: runs in Update validators, must not mutate state) --------------------


def allowed_steps(state: CaseState) -> list[str]:
    if state.finished:
        return []
    return [
        name
        for name, spec in STEPS.items()
        if spec.allowed_in(state.phase) and (spec.available is None or spec.available(state))
    ]


def describe_allowed(state: CaseState) -> list[str]:
    """The steps allowed now, as people read them (titles, never ids)."""
    return [STEPS[name].title for name in allowed_steps(state)]


def parse_payload(spec: StepSpec, payload: dict[str, Any]) -> Any:
    if spec.payload is None:
        return payload
    return parse_model(spec.payload, payload)


def parse_model(model: type[BaseModel], payload: dict[str, Any]) -> Any:
    """Validate a payload; the first problem becomes an ``InvalidInput`` naming the field in Chinese."""
    # The API refuses these at the edge; a client of the workflow itself must not slip one past.
    where = first_control_character(payload)
    if where is not None:
        raise InvalidInput(
            f"字段 {where} 含有不可见的控制字符（如 NUL）", field=where, rule="control_character"
        )
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        raise InvalidInput(
            f"字段 {where} 不符合要求：{_zh_reason(first['type'], first['msg'])}",
            field=where,
            rule=first["type"],
        ) from None


def _zh_reason(kind: str, message: str) -> str:
    reasons = {
        "missing": "必填",
        "string_too_short": "不能为空",
        "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
        "date_parsing": "日期格式应为 YYYY-MM-DD",
        "datetime_parsing": "时间格式应为 ISO 8601（含时区）",
        "datetime_from_date_parsing": "时间格式应为 ISO 8601",
        "timezone_aware": "时间须带时区（北京时间 +08:00）",
        "bool_parsing": "应为 true 或 false",
        "int_parsing": "应为整数",
        "greater_than_equal": "数值过小",
        "greater_than": "须大于零",
        "literal_error": "取值不在允许范围内",
    }
    return reasons.get(kind, message)


def validate_step(state: CaseState, request: StepRequest) -> tuple[StepSpec, Any]:
    """Refuse an illegal step with the rule and citation; return the spec and the parsed payload."""
    spec = STEPS.get(request.step)
    if spec is None:
        raise InvalidInput(
            "所请求的办案步骤不存在，请从当前可办理的步骤中选择",
            field="step",
            rule="unknown_step",
            allowed=describe_allowed(state),
        )
    if not spec.allowed_in(state.phase):
        reason = spec.not_now(state) if spec.not_now else None
        if reason is not None:
            raise reason
        raise ProcedureViolation(
            f"案件当前处于“{phase_title(state.phase)}”阶段，不能执行“{spec.title}”",
            field="step",
            rule="step_not_allowed_now",
            allowed=describe_allowed(state),
        )
    if not spec.roles.intersection(request.actor.roles):
        raise Forbidden(f"“{spec.title}”需由以下角色办理：{role_titles(spec.roles)}", rule="role")
    if spec.case_officer_only and Role.officer in spec.roles:
        require_case_officer(state, request.actor, spec.title)
    payload = parse_payload(spec, request.payload)
    for check in spec.checks:
        check(state, request, payload)
    return spec, payload


def require_case_officer(state: CaseState, actor: Actor, title: str) -> None:
    """Officer acts are done by the officers named on the case (处罚法 Art. 42)."""
    officer_ids = {officer.user_id for officer in state.start.officers}
    if actor.user_id not in officer_ids:
        raise Forbidden(
            f"“{title}”须由本案承办执法人员办理",
            rule="case_officer",
            citation=str(PENALTY_42),
        )


def validate_decision(state: CaseState, decision: TaskDecision) -> ApprovalSpec:
    task = state.tasks.get(decision.task_id)
    if task is None:
        raise ProcedureViolation(
            "该审批任务不存在或已办结", field="task_id", rule="task_not_open", allowed=describe_allowed(state)
        )
    if decision.decision not in ("approve", "return"):
        raise InvalidInput("审批意见应为“同意”或“退回”", field="decision", rule="enum")
    if decision.decision == "return" and not decision.opinion.strip():
        raise InvalidInput("退回须写明意见", field="opinion", rule="required_when_returned")
    if task.role not in decision.actor.roles:
        raise Forbidden(f"“{task.title}”须由{role_title(task.role)}签批", rule="role")
    require_separate_signer(state, decision)
    return APPROVALS[task.kind]
