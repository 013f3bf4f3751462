"""Start case workflows directly (without the API) for workflow tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from casetrail.api.case_service import add_case_officers
from casetrail.errors import CasetrailError
from casetrail.rules.penalties import DecisionKind, PenaltyKind
from casetrail.store.blobs import default_store
from casetrail.store.db import transaction
from casetrail.store.models import Agency, Case, Deadline, IssuedDocument, Record, Role, User
from casetrail.workflows.case_workflow import CaseInput, CaseSnapshot, CaseWorkflow
from casetrail.workflows.failures import from_failure
from casetrail.workflows.phases import Phase
from casetrail.workflows.records import DecisionFacts
from casetrail.workflows.service import ServiceAttempt, ServiceSnapshot, ServiceWorkflow, service_workflow_id
from casetrail.workflows.state import CaseState
from casetrail.workflows.types import Actor, CaseStart, Officer, StepOutcome, StepRequest, TaskDecision
from tests.documents.pdftools import pdf_text

from .conftest import TIME_SKIPPING_QUEUE

# Workflows a test started on the shared time-skipping server; terminated after the test so their
# timers do not fire (and run activities) while a later test skips time.
STARTED: list[WorkflowHandle[Any, Any]] = []


async def _user(username: str) -> User:
    async with transaction() as session:
        return (await session.execute(select(User).where(User.username == username))).scalar_one()


async def actor(username: str, role: Role) -> Actor:
    user = await _user(username)
    return Actor(str(user.id), user.full_name, [role.value], user.certificate_no)


async def leader_actor() -> Actor:
    return await actor("leader", Role.leader)


async def officer_actor() -> Actor:
    return await actor("officer1", Role.officer)


# What a decision document names beyond the case: where to seek review or sue, where to pay.
DECISION_TERMS = {
    "remedies": {"review_body": "泰安市泰山区人民政府", "court": "泰安市泰山区人民法院"},
    "payment": {
        "bank": "中国工商银行泰安分行",
        "account_name": "泰安市财政局",
        "account_number": "1606020129200123456",
    },
}

# A party complete enough for every document (立案审批表 needs the id number and address).
PARTY = {
    "name": "测试当事人",
    "kind": "person",
    "id_number": "370902199001011234",
    "address": "泰安市泰山区测试路1号",
}


async def insert_case(
    *,
    agency_code: str = "demo-district-amr",
    start_type: str = "ex_officio",
    cause: str = "测试案由",
    party: dict[str, Any] | None = None,
    phase: str = "starting",
    profile_id: str | None = None,
) -> tuple[Case, Agency, list[User]]:
    """Write the case row and its officers (officer1 leading, officer2) as the API does
    (``profile_id`` overrides the agency's)."""
    officers = [await _user("officer1"), await _user("officer2")]
    case_id = uuid.uuid4()
    async with transaction() as session:
        agency = (await session.execute(select(Agency).where(Agency.code == agency_code))).scalar_one()
        case = Case(
            id=case_id,
            case_no=f"测试〔{datetime.now(UTC).year}〕{case_id.hex[:8]}号",
            agency_id=agency.id,
            workflow_id=f"case-{case_id}",
            profile_id=profile_id or agency.profile_id,
            profile_version="1",
            start_type=start_type,
            cause=cause,
            party=PARTY if party is None else party,
            phase=phase,
            created_by=officers[0].id,
        )
        session.add(case)
        await session.flush()
        add_case_officers(session, case_id, officers)
    return case, agency, officers


async def prepare_case(
    *,
    agency_code: str = "demo-district-amr",
    start_type: str = "ex_officio",
    facts: dict[str, Any] | None = None,
    intake: dict[str, Any] | None = None,
    profile_id: str | None = None,
    party: dict[str, Any] | None = None,
) -> CaseStart:
    """Write the case row as the API does and return the workflow's start input."""
    case, agency, officers = await insert_case(
        agency_code=agency_code, start_type=start_type, profile_id=profile_id, party=party
    )
    return CaseStart(
        case_id=str(case.id),
        case_no=case.case_no,
        agency_id=str(agency.id),
        agency_name=agency.name,
        profile_id=case.profile_id,
        profile_version="1",
        start_type=start_type,
        cause=case.cause,
        party=case.party,
        officers=[Officer(str(o.id), o.full_name, o.certificate_no or "") for o in officers],
        opened_by=await officer_actor(),
        facts=facts or {"summary": "测试案情"},
        intake=intake or {},
    )


async def _start_workflow(
    client: Client, task_queue: str, case_input: CaseInput
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    start = case_input.start
    handle = await client.start_workflow(
        CaseWorkflow.run, case_input, id=f"case-{start.case_id}", task_queue=task_queue
    )
    STARTED.append(handle)
    return handle, uuid.UUID(start.case_id)


async def start_case(
    client: Client,
    task_queue: str,
    *,
    agency_code: str = "demo-district-amr",
    start_type: str = "ex_officio",
    facts: dict[str, Any] | None = None,
    max_history: int | None = None,
    intake: dict[str, Any] | None = None,
    profile_id: str | None = None,
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """Write the case row as the API does, then start its workflow."""
    start = await prepare_case(
        agency_code=agency_code, start_type=start_type, facts=facts, intake=intake, profile_id=profile_id
    )
    return await _start_workflow(client, task_queue, CaseInput(start=start, max_history=max_history))


def plain_case_start(**changes: Any) -> CaseStart:
    """A case's start input for tests of pure procedure code (no database row behind it); ``changes``
    set its other fields (profile, party, the agency's archive period …)."""
    officer = Actor("u1", "张三", ["officer"], "37000001")
    start = CaseStart(
        case_id="c1",
        case_no="泰市监立〔2026〕1号",
        agency_id="a1",
        agency_name="泰安市市场监督管理局",
        profile_id="national",
        profile_version="1",
        start_type="ex_officio",
        cause="测试案由",
        party={"name": "测试当事人", "kind": "person"},
        officers=[Officer("u1", "张三", "37000001")],
        opened_by=officer,
    )
    return replace(start, **changes)


def penalty_decision(
    decided_at: datetime,
    *,
    fine_fen: int | None = 100_000,
    party_present: bool = False,
    kind: DecisionKind = DecisionKind.PENALTY,
) -> DecisionFacts:
    """The decision record as the decision stage leaves it (the same type, so it cannot be one the
    stage could never produce)."""
    penalty = kind is DecisionKind.PENALTY
    return DecisionFacts(
        kind=kind,
        fine_fen=fine_fen if penalty else None,
        penalties=([PenaltyKind.FINE] if fine_fen else [PenaltyKind.WARNING]) if penalty else [],
        penalty_text=([f"罚款{fine_fen / 100:.2f}元"] if fine_fen else ["警告"]) if penalty else [],
        decided_at=decided_at,
        record_id=None,
        # A prepared state: numbered as ``issue_decision`` numbers, unique per test run.
        document_no=f"泰示岱监罚决字〔{decided_at.year}〕第{uuid.uuid4().int % 10**9}号",
        party_present=party_present,
        procedure="general",
        payment=DECISION_TERMS["payment"],
        remedies=DECISION_TERMS["remedies"],
    )


async def start_decided_case(
    client: Client,
    task_queue: str,
    *,
    decision: DecisionFacts,
    agency_code: str = "demo-district-amr",
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """A case whose decision was just made: started with a prepared state, as continue-as-new does."""
    start = await prepare_case(agency_code=agency_code)
    async with transaction() as session:
        case = await session.get(Case, uuid.UUID(start.case_id))
        assert case is not None
        case.phase = "decided"
    state = CaseState(start=start, phase=Phase.decided, decision=decision)
    return await _start_workflow(client, task_queue, CaseInput(start=start, state=state))


async def wait_for(
    handle: WorkflowHandle[Any, Any], predicate: Callable[[CaseSnapshot], bool], timeout: float = 20.0
) -> CaseSnapshot:
    """Query until the workflow reaches a state (its activities run on real time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        snapshot = await handle.query(CaseWorkflow.snapshot)
        if predicate(snapshot):
            return snapshot
        if loop.time() > deadline:
            raise AssertionError(f"workflow never reached the expected state: {snapshot}")
        await asyncio.sleep(0.05)


async def first_open_task(handle: WorkflowHandle[Any, Any]) -> str:
    snapshot = await wait_for(handle, lambda s: bool(s.open_tasks))
    return snapshot.open_tasks[0]["task_id"]


async def officer_ids() -> list[str]:
    return [str((await _user(name)).id) for name in ("officer1", "officer2")]


async def submit(
    handle: WorkflowHandle[Any, Any], step: str, payload: dict[str, Any], actor: Actor | None = None
) -> StepOutcome:
    request = StepRequest(step, actor or await officer_actor(), payload, str(uuid.uuid4()))
    outcome: StepOutcome = await handle.execute_update(CaseWorkflow.submit_step, request)
    return outcome


async def decide(
    handle: WorkflowHandle[Any, Any], task_id: str, decision: str = "approve", opinion: str = "同意"
) -> StepOutcome:
    outcome: StepOutcome = await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(task_id, decision, await leader_actor(), opinion)
    )
    return outcome


async def records(case_id: uuid.UUID) -> list[Record]:
    async with transaction() as session:
        query = select(Record).where(Record.case_id == case_id).order_by(Record.created_at)
        return list((await session.execute(query)).scalars())


async def record_of(case_id: uuid.UUID, kind: str, timeout: float = 20.0) -> Record:
    """The one record of a kind, waiting for it: a start's intake records are committed by an activity
    the workflow runs after taking its first phase, so on a busy machine a query can see the phase first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (found := [r for r in await records(case_id) if r.kind == kind]) and loop.time() < deadline:
        await asyncio.sleep(0.1)
    assert len(found) == 1, [r.kind for r in await records(case_id)]
    return found[0]


async def deadlines(case_id: uuid.UUID) -> dict[str, Deadline]:
    async with transaction() as session:
        rows = (await session.execute(select(Deadline).where(Deadline.case_id == case_id))).scalars()
        return {row.key: row for row in rows}


async def case_row(case_id: uuid.UUID) -> Case:
    async with transaction() as session:
        case = await session.get(Case, case_id)
    assert case is not None
    return case


async def filed_case(
    env: WorkflowEnvironment, *, profile_id: str | None = None
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """An ex-officio case the leader has filed: in ``investigation`` with its 90-day clock."""
    handle, case_id = await start_case(env.client, TIME_SKIPPING_QUEUE, profile_id=profile_id)
    await decide(handle, await first_open_task(handle))
    return handle, case_id


def on_site(officers: list[str], **fields: Any) -> dict[str, Any]:
    """The attendance part of an act's payload: both case officers, certificates shown."""
    return {"officer_ids": officers, "certificates_shown": True, "place": "某某超市经营场所", **fields}


CST = timezone(timedelta(hours=8))


async def env_now(env: WorkflowEnvironment) -> datetime:
    """The workflow clock of the (possibly time-skipped) test server, in Beijing time."""
    return (await env.get_current_time()).astimezone(CST)


async def wait_for_service(
    client: Client, case: WorkflowHandle[Any, Any], purpose: str
) -> WorkflowHandle[Any, Any]:
    """The service child once it runs (the case starts it inside the step)."""
    service = client.get_workflow_handle_for(ServiceWorkflow.run, service_workflow_id(case.id, purpose))
    STARTED.append(service)
    for _ in range(200):
        try:
            await service.query(ServiceWorkflow.snapshot)
            return service
        except RPCError:
            await asyncio.sleep(0.05)
    raise AssertionError(f"no service workflow for {purpose}")


async def attempt(
    service: WorkflowHandle[Any, Any], way: str, payload: dict[str, Any], *, username: str = "officer1"
) -> ServiceSnapshot:
    result = await service.execute_update(
        ServiceWorkflow.attempt, ServiceAttempt(way, await actor(username, Role.officer), payload)
    )
    assert isinstance(result, ServiceSnapshot)
    return result


async def step(
    case: WorkflowHandle[Any, Any], name: str, payload: dict[str, Any], *, username: str = "officer1"
) -> StepOutcome:
    """``submit`` as ``username`` (the archivist takes the archiving steps)."""
    role = Role.archivist if username == "archivist" else Role.officer
    return await submit(case, name, payload, await actor(username, role))


async def approve(case: WorkflowHandle[Any, Any], task_id: str, opinion: str = "同意") -> StepOutcome:
    return await decide(case, task_id, "approve", opinion)


async def refused(update: Awaitable[Any]) -> CasetrailError:
    """The domain error an Update was refused with (it must be refused)."""
    try:
        await update
    except WorkflowUpdateFailedError as exc:
        error = from_failure(exc)
        assert error is not None, exc
        return error
    raise AssertionError("the update was accepted")


# The name the earlier workflow tests use for the same check.
refusal = refused


async def served_case(
    env: WorkflowEnvironment, decision: DecisionFacts | None = None
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """A decided case whose decision was handed over directly just now (处罚法 Art. 61)."""
    now = await env_now(env)
    case, case_id = await start_decided_case(
        env.client, TIME_SKIPPING_QUEUE, decision=decision or penalty_decision(now, party_present=True)
    )
    await step(case, "serve_decision", {})
    service = await wait_for_service(env.client, case, "decision")
    await attempt(service, "direct", {"place": "执法现场", "receiver": "张三", "signed_at": now.isoformat()})
    return case, case_id


def deadline_of(snapshot: CaseSnapshot, key: str) -> datetime:
    due = next(d["due_at"] for d in snapshot.deadlines if d["key"] == key)
    assert isinstance(due, str)
    return datetime.fromisoformat(due)


async def sleep_past(env: WorkflowEnvironment, moment: datetime) -> None:
    """Skip time until just after ``moment`` (a deadline's end)."""
    await env.sleep(max(moment - await env_now(env), timedelta(0)) + timedelta(hours=1))


async def issued_documents(case_id: uuid.UUID, kind: str) -> list[tuple[IssuedDocument, str]]:
    """The case's issued documents of ``kind``, each with the text a reader of its stored PDF gets."""
    async with transaction() as session:
        query = select(IssuedDocument).where(IssuedDocument.case_id == case_id, IssuedDocument.kind == kind)
        rows = list((await session.execute(query)).scalars())
    return [(row, pdf_text(default_store().read(row.sha256))) for row in rows]


# An inquiry's own fields: its session times, the questions and answers, the signature (询问笔录).
INQUIRY: dict[str, Any] = {
    "person": "店主刘某",
    "person_role": "party",
    "started_at": "2026-03-02T09:30:00+08:00",
    "ended_at": "2026-03-02T10:05:00+08:00",
    "exchanges": [{"question": "酸奶从何处进货？", "answer": "从本市批发市场进货。"}],
    "signed_by": "刘某",
}
# An inspection's own fields (现场检查笔录).
INSPECTION: dict[str, Any] = {
    "findings": "货架有过期酸奶",
    "present": "店主刘某",
    "started_at": "2026-03-02T09:00:00+08:00",
    "ended_at": "2026-03-02T09:25:00+08:00",
    "signed_by": "刘某",
}

# A planned routine inspection (行政检查) as its workflow starts (start_type "inspection").
PLANNED_INSPECTION: dict[str, Any] = {
    "plan": "planned",
    "target": "测试当事人",
    "matters": "食品经营场所日常监督检查",
}


async def inspection_on_site(
    env: WorkflowEnvironment, **findings: Any
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """A planned inspection whose on-site inspection is recorded (with its recording) just now."""
    handle, case_id = await start_case(
        env.client, TIME_SKIPPING_QUEUE, start_type="inspection", intake=PLANNED_INSPECTION
    )
    await wait_for(handle, lambda s: s.phase == "inspecting")
    now = await env_now(env)
    # What the 现场检查笔录 prints besides the findings: when, and who was there for the party.
    record = {"started_at": (now - timedelta(hours=1)).isoformat(), "ended_at": now.isoformat(),
              "present": "刘某（负责人）", "signed_by": "刘某"}  # fmt: skip
    await step(
        handle, "record_site_inspection", on_site(await officer_ids(), av_recorded=True, **record, **findings)
    )
    return handle, case_id


# What a seal or seizure's documents need besides the scene (决定书, 清单, 现场笔录).
SEIZURE_DOCUMENTS: dict[str, Any] = {
    "started_at": "2026-03-02T09:00:00+08:00",
    "ended_at": "2026-03-02T09:40:00+08:00",
    "remedies": {"review_body": "泰安市人民政府", "court": "泰安市泰山区人民法院"},
}

# A request to register and preserve evidence (先行登记保存), with what its notice prints.
PRESERVATION: dict[str, Any] = {
    "reason": "证据可能被销毁",
    "holder": "刘某",
    "items": [{"name": "进货单", "quantity": "3", "unit": "张"}],
    "storage_place": "本局证据保管室",
    "storage_method": "登记后封存，由本局保管",
}


async def archiving_case(env: WorkflowEnvironment) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """A no-penalty case served, closed and waiting for the archivist."""
    now = await env_now(env)
    case, case_id = await served_case(
        env, penalty_decision(now, fine_fen=None, party_present=True, kind=DecisionKind.NO_PENALTY)
    )
    await wait_for(case, lambda s: s.phase == "decision_served")
    closing = await step(case, "request_closing", {"summary": "不予处罚决定已送达", "outcome": "不予处罚"})
    assert closing.task_id
    await approve(case, await first_open_task(case), "同意结案")
    await wait_for(case, lambda s: s.phase == "archiving")
    return case, case_id
