"""Routine administrative inspections (行政检查), shared by the JSON API and the workbench: a planned
inspection, a 双随机 draw with its recorded seed, and the penalty case an inspection leads to."""

from __future__ import annotations

import random
import secrets
import uuid
from typing import Annotated

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.rules.national_citations import PENALTY_42
from casetrail.services import documents
from casetrail.statuses import CaseStatus
from casetrail.store.models import Case, CaseOfficer, Record, User
from casetrail.workflows.fields import FieldKind, Kind, LongText
from casetrail.workflows.phases import phase_title
from casetrail.workflows.procedure import STEPS
from casetrail.workflows.starts import InspectionIntake

from . import case_service
from .gateway import CaseGateway
from .schemas import CaseCreate, CaseOut, Facts, Party

INSPECTORS_PER_TARGET = 2  # 处罚法 Art. 42: at least two officers
LINK_STEP = "link_penalty_case"
Officers = Annotated[list[uuid.UUID], FieldKind(Kind.OFFICERS)]


class InspectionPlan(BaseModel):
    """A planned inspection as the workbench's form asks it (the agency is picked beside it)."""

    matters: LongText = Field(min_length=1, description="检查事项")
    party: Party = Field(description="检查对象")
    officer_ids: Officers = Field(description="检查人员（至少两名持证执法人员）")


class PlannedInspection(InspectionPlan):
    agency_id: uuid.UUID


class InspectionDraw(BaseModel):
    """双随机: targets drawn from the register of inspected parties, two inspectors for each from the
    register of certified officers; the seed makes the draw reproducible and is recorded."""

    matters: LongText = Field(min_length=1, description="检查事项")
    targets: list[Party] = Field(min_length=1, description="检查对象名录")
    inspectors: Officers = Field(min_length=2, description="执法检查人员名录")
    count: int = Field(ge=1, description="抽取检查对象数量")
    seed: str | None = Field(default=None, max_length=64, description="随机种子（不填则自动生成并记录）")


class RandomDraw(InspectionDraw):
    agency_id: uuid.UUID


class Drawn(BaseModel):
    target: str
    inspectors: list[uuid.UUID]
    case: CaseOut


class DrawResult(BaseModel):
    seed: str
    drawn: list[Drawn]


class PenaltyCaseRequest(BaseModel):
    reason: LongText = Field(min_length=1, description="转立案理由")


def draw(body: InspectionDraw, seed: str) -> list[tuple[Party, list[uuid.UUID]]]:
    """The draw itself: the same registers and seed always give the same targets and inspectors."""
    if body.count > len(body.targets):
        raise InvalidInput(
            f"抽取数量（{body.count}）不能多于检查对象名录（{len(body.targets)}个）",
            field="count",
            rule="draw_count",
        )
    inspectors = list(dict.fromkeys(body.inspectors))
    if len(inspectors) < INSPECTORS_PER_TARGET:
        raise InvalidInput(
            "执法检查人员名录至少须有两名执法人员",
            field="inspectors",
            rule="two_officers",
            citation=str(PENALTY_42),
        )
    rng = random.Random(seed)
    targets = rng.sample(body.targets, body.count)
    return [(target, rng.sample(inspectors, INSPECTORS_PER_TARGET)) for target in targets]


async def plan_inspection(
    session: AsyncSession, *, user: User, gateway: CaseGateway, body: PlannedInspection
) -> Case:
    """A planned inspection: its own record and workflow, outside any penalty case."""
    create = CaseCreate(
        agency_id=body.agency_id,
        start_type="inspection",
        cause=f"行政检查：{body.matters}",
        party=body.party,
        officer_ids=body.officer_ids,
        facts=Facts(source="计划检查", summary=body.matters, handler_opinion="实施检查"),
        inspection=InspectionIntake(plan="planned", target=body.party.name, matters=body.matters),
    )
    return await case_service.open_case(session, user=user, gateway=gateway, body=create)


async def draw_inspections(
    session: AsyncSession, *, user: User, gateway: CaseGateway, body: RandomDraw
) -> DrawResult:
    """双随机、一公开: draw, record the registers and the seed with each inspection, open them."""
    seed = body.seed or secrets.token_hex(8)
    pairs = draw(body, seed)
    # The whole register is checked before the first inspection opens: one uncertified name found at
    # the third target would otherwise leave two inspections opened and the draw half done.
    agency = await case_service.opening_agency(session, user=user, agency_id=body.agency_id)
    await case_service.case_officers(session, agency_id=agency.id, officer_ids=body.inspectors)
    record = {
        "seed": seed,
        "targets_register": [t.name for t in body.targets],
        "inspectors_register": [str(i) for i in body.inspectors],
        "count": body.count,
        "drawn": [{"target": t.name, "inspectors": [str(i) for i in pair]} for t, pair in pairs],
    }
    drawn = []
    for target, pair in pairs:
        create = CaseCreate(
            agency_id=body.agency_id,
            start_type="inspection",
            cause=f"双随机抽查：{body.matters}",
            party=target,
            officer_ids=pair,
            facts=Facts(source="双随机抽查", summary=body.matters, handler_opinion="实施检查"),
            inspection=InspectionIntake(plan="random", target=target.name, matters=body.matters, draw=record),
        )
        case = await case_service.open_case(session, user=user, gateway=gateway, body=create)
        drawn.append(Drawn(target=target.name, inspectors=pair, case=CaseOut.model_validate(case)))
    return DrawResult(seed=seed, drawn=drawn)


async def open_penalty_case(
    session: AsyncSession, *, case: Case, user: User, gateway: CaseGateway, body: PenaltyCaseRequest
) -> Case:
    """Open the penalty case an inspection found cause for. It is linked to the inspection (its
    ``origin_case_id``): it carries the inspection's records, and reads the inspection's evidence as its
    own. The inspection ends linked to it."""
    if case.start_type != "inspection":
        raise InvalidInput(f"{case.case_no}不是行政检查", field="case_id", rule="not_an_inspection")
    if case.status != CaseStatus.open:
        raise ProcedureViolation(
            f"检查{case.case_no}已结束，不能再转立案", rule="inspection_ended", allowed=[]
        )
    # Asked of the live workflow before the penalty case is opened: a link the inspection would then
    # refuse (no on-site record yet) must not leave a penalty case behind that nothing points to.
    live = await gateway.snapshot(case.workflow_id)
    if LINK_STEP not in live.allowed_steps:
        raise ProcedureViolation(
            f"检查{case.case_no}当前处于“{phase_title(live.phase)}”阶段，"
            f"不能“{STEPS[LINK_STEP].title}”：须先制作现场检查笔录",
            field="step",
            rule="step_not_allowed_now",
            allowed=[STEPS[name].title for name in live.allowed_steps if name in STEPS],
        )
    records = (
        await session.execute(select(Record).where(Record.case_id == case.id).order_by(Record.step_key))
    ).scalars()
    carried = [{"record_id": str(r.id), "kind": r.kind, "title": r.title} for r in records]
    # The documents the inspection issued (现场检查笔录, 责令限期改正指令书 …) travel with its records.
    issued = [
        {"document_id": str(d.id), "kind": d.kind, "title": d.title, "number": d.number}
        for d in await documents.case_documents(session, case.id)
    ]
    officer_ids = [
        o.user_id
        for o in (await session.execute(select(CaseOfficer).where(CaseOfficer.case_id == case.id))).scalars()
    ]
    findings = next((r["title"] for r in carried if r["kind"] == "site_inspection"), "")
    create = CaseCreate(
        agency_id=case.agency_id,
        start_type="ex_officio",
        cause=case.cause.removeprefix("行政检查：").removeprefix("双随机抽查："),
        party=Party.model_validate(case.party),
        officer_ids=officer_ids,
        facts=Facts(source=f"行政检查发现（{case.case_no}）", summary=f"{body.reason}（见{findings}）"),
    )
    penalty = await case_service.open_case(
        session,
        user=user,
        gateway=gateway,
        body=create,
        carried={"inspection": case.case_no, "records": carried, "documents": issued},
        origin=case,
    )
    await case_service.submit_step(
        case=case,
        user=user,
        gateway=gateway,
        step=LINK_STEP,
        payload={"case_id": str(penalty.id), "case_no": penalty.case_no, "reason": body.reason},
        submission_id=None,
    )
    return penalty
