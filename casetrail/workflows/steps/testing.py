"""Commissioned testing and appraisal (委托检验、检测、检疫、鉴定) and the clocks it pauses.

强制法 Art. 25: testing time is not counted in a seizure's period, and the party is told the
period in writing. The case-handling clock pauses only where a rule says so (处罚法 Art. 60 "另有
规定"), e.g. 市场监督管理行政处罚程序规定 Art. 64; the officer names that basis. The commission
pauses from today to the announced end; the result replaces that with the actual days.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.statuses import MeasureStatus
from casetrail.workflows import procedure
from casetrail.workflows.context import CST, CaseContext
from casetrail.workflows.procedure import step
from casetrail.workflows.state import CaseState, MeasureKind, Testing
from casetrail.workflows.types import DeadlineDraft, RecordDraft, StepOutcome, StepRequest

from ..fields import Choice, ItemList, LongText, SeizureId, TestingId
from .act_documents import ListedItem, documents_fields, items_data
from .case_clock import CLOCK, rearm_with_pauses
from .common import INVESTIGATION_PHASES, outcome
from .measures import resolve_measure

with workflow.unsafe.imports_passed_through():
    from casetrail.rules import national_citations as law
    from casetrail.rules.citation import Citation
    from casetrail.rules.periods import Pause

KIND_ZH = {"test": "检验", "detection": "检测", "quarantine": "检疫", "appraisal": "鉴定"}
# Rules under which testing time is not counted in the case-handling period.
CASE_CLOCK_PAUSE_BASES: dict[str, Citation] = {"amr_procedure_64": law.AMR_PROCEDURE_64}


class TestingCommission(BaseModel):
    kind: Annotated[
        Literal["test", "detection", "quarantine", "appraisal"],
        Choice(test="检验", detection="检测", quarantine="检疫", appraisal="鉴定"),
    ] = Field(description="检验、检测、检疫或鉴定")
    institution: str = Field(min_length=1, description="受委托的机构")
    items: ItemList[ListedItem] = Field(min_length=1, description="送检物品")
    purpose: LongText = Field(min_length=1, description="委托事项")
    expected_end: date = Field(description="检测（鉴定）期间届满日，书面告知当事人")
    seizure_ids: list[SeizureId] | None = Field(
        default=None, description="送检的查封、扣押措施（不填为全部在期限内的）"
    )
    party_notified_in_writing: bool = Field(default=False, description="是否已书面告知当事人检测期间")
    case_clock_pause_basis: (
        Annotated[
            Literal["amr_procedure_64"], Choice(amr_procedure_64="市场监督管理行政处罚程序规定第六十四条")
        ]
        | None
    ) = Field(default=None, description="检测期间不计入办案期限的依据")


def _paused_seizures(state: CaseState, payload: TestingCommission) -> list[str]:
    if payload.seizure_ids is None:
        return [
            m.measure_id
            for m in state.measures.values()
            if m.kind == MeasureKind.seizure and m.status == MeasureStatus.active
        ]
    return [
        resolve_measure(state, MeasureKind.seizure, sid, {MeasureStatus.active}).measure_id
        for sid in payload.seizure_ids
    ]


def _commission_check(state: CaseState, request: StepRequest, payload: TestingCommission) -> None:
    if payload.expected_end < workflow.now().astimezone(CST).date():
        raise InvalidInput("检测期间届满日不能早于今天", field="expected_end", rule="not_in_past")
    if _paused_seizures(state, payload) and not payload.party_notified_in_writing:
        raise ProcedureViolation(
            "查封、扣押物品送检的，检测期间应当明确并书面告知当事人",
            field="party_notified_in_writing",
            rule="testing_period_told",
            citation=str(law.COERCION_25),
            allowed=procedure.describe_allowed(state),
        )


@step(
    "commission_testing",
    title="委托检验、检测、鉴定",
    phases=INVESTIGATION_PHASES,
    payload=TestingCommission,
    checks=(_commission_check,),
)
async def commission_testing(
    ctx: CaseContext, request: StepRequest, payload: TestingCommission
) -> StepOutcome:
    # Issued first: a commission that cannot be made refuses the step before any clock pauses.
    commission = {
        "institution": payload.institution,
        "requirements": f"{KIND_ZH[payload.kind]}：{payload.purpose}",
        "deadline": payload.expected_end.isoformat(),
        "items": items_data(payload.items),
    }
    issued = await ctx.issue("testing_commission", commission, actor=request.actor)
    testing_id = f"testing-{len(ctx.state.testings) + 1}"
    reason = f"{KIND_ZH[payload.kind]}期间（{testing_id}，{payload.institution}）"
    first_day = ctx.now().date()
    pauses = {
        key: Pause(
            first_day=first_day, last_day=payload.expected_end, reason=reason, citation=law.COERCION_25
        )
        for key in _paused_seizures(ctx.state, payload)
    }
    basis = CASE_CLOCK_PAUSE_BASES.get(payload.case_clock_pause_basis or "")
    if basis is not None and CLOCK in ctx.state.timers:
        pauses[CLOCK] = Pause(
            first_day=first_day, last_day=payload.expected_end, reason=reason, citation=basis
        )
    testing = Testing(testing_id, {key: pause.model_dump(mode="json") for key, pause in pauses.items()})
    ctx.state.testings[testing_id] = testing
    deadlines = [await _add_pause(ctx, key, pause) for key, pause in pauses.items()]
    await ctx.apply(
        "testing_commissioned",
        action="investigation.testing_commissioned",
        actor=request.actor,
        record=RecordDraft(
            kind="testing_commission",
            title=f"{KIND_ZH[payload.kind]}委托书及检测期间告知书",
            fields={
                "testing_id": testing_id,
                **payload.model_dump(mode="json"),
                "paused_deadlines": [{"key": d.key, "new_due_at": d.due_at.isoformat()} for d in deadlines],
                "handler": request.actor.name,
                **documents_fields([issued]),
            },
            citation="、".join(dict.fromkeys(str(p.citation) for p in pauses.values())) or None,
        ),
        deadlines=deadlines,
    )
    return outcome(ctx, f"已委托{KIND_ZH[payload.kind]}，相关期限已中止计算")


class TestingResult(BaseModel):
    testing_id: TestingId | None = Field(default=None, description="检验、鉴定委托（只有一项未完成时可不填）")
    report_no: str = Field(default="", description="检验报告或鉴定意见书编号")
    opinion: LongText = Field(min_length=1, description="检验、鉴定意见")


def _open_testing(state: CaseState, testing_id: str | None) -> Testing:
    open_ = [t for t in state.testings.values() if not t.done]
    if testing_id is not None:
        found = [t for t in open_ if t.testing_id == testing_id]
    else:
        found = open_ if len(open_) == 1 else []
    if not found:
        raise InvalidInput(
            "请指定未完成的检验、鉴定委托",
            field="testing_id",
            rule="testing_not_found",
            allowed=[t.testing_id for t in open_],
        )
    return found[0]


def _testing_open(state: CaseState, request: StepRequest, payload: TestingResult) -> None:
    _open_testing(state, payload.testing_id)


@step(
    "record_testing_result",
    title="收到检验、鉴定意见",
    phases=INVESTIGATION_PHASES,
    payload=TestingResult,
    checks=(_testing_open,),
)
async def record_testing_result(
    ctx: CaseContext, request: StepRequest, payload: TestingResult
) -> StepOutcome:
    testing = _open_testing(ctx.state, payload.testing_id)
    testing.done = True
    today = ctx.now().date()
    deadlines = []
    for key, announced in testing.pauses.items():
        if key not in ctx.state.timers:
            continue  # released or already overdue
        old = Pause.model_validate(announced)
        actual = old.model_copy(update={"last_day": max(today, old.first_day)})
        testing.pauses[key] = actual.model_dump(mode="json")
        deadlines.append(await _add_pause(ctx, key, actual, replacing=old))
    await ctx.apply(
        "testing_result",
        action="investigation.testing_result",
        actor=request.actor,
        record=RecordDraft(
            kind="testing_result",
            title="检验（鉴定）意见",
            fields={
                "testing_id": testing.testing_id,
                **payload.model_dump(),
                "received_on": today.isoformat(),
                "resumed_deadlines": [{"key": d.key, "new_due_at": d.due_at.isoformat()} for d in deadlines],
                "handler": request.actor.name,
            },
        ),
        deadlines=deadlines,
    )
    return outcome(ctx, "已记录检验、鉴定意见，相关期限恢复计算")


async def _add_pause(
    ctx: CaseContext, key: str, pause: Pause, *, replacing: Pause | None = None
) -> DeadlineDraft:
    kept = [Pause.model_validate(p) for p in ctx.state.timers[key].pauses]
    return await rearm_with_pauses(ctx, key, [*(p for p in kept if p != replacing), pause])
