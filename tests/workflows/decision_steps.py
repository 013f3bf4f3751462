"""Drive a case from the investigation to the decision in workflow tests (no API)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer

from casetrail.errors import CasetrailError
from casetrail.store.db import transaction
from casetrail.store.models import Deadline, Record, Role
from casetrail.worker import WORKFLOWS, workflow_runner
from casetrail.workflows.case_workflow import CaseWorkflow
from casetrail.workflows.failures import from_failure
from casetrail.workflows.types import Actor, StepOutcome, StepRequest, TaskDecision

from .conftest import TIME_SKIPPING_QUEUE
from .factory import DECISION_TERMS, actor, first_open_task, leader_actor, start_case, wait_for

CST = timezone(timedelta(hours=8))
Handle = WorkflowHandle[Any, Any]

SIGNERS = {
    "unit_head": ("head", Role.unit_head),
    "legal_reviewer": ("legal", Role.legal_reviewer),
    "leader": ("leader", Role.leader),
}


async def workflow_today(env: WorkflowEnvironment) -> date:
    """Today as the (time-skipping) server sees it: earlier tests may have moved its clock on."""
    return (await env.get_current_time()).astimezone(CST).date()


async def case_in_investigation(env: WorkflowEnvironment) -> tuple[Handle, uuid.UUID]:
    handle, case_id = await start_case(env.client, TIME_SKIPPING_QUEUE)
    task_id = await first_open_task(handle)
    await handle.execute_update(
        CaseWorkflow.decide_task, TaskDecision(task_id, "approve", await leader_actor(), "同意立案")
    )
    return handle, case_id


async def officer() -> Actor:
    return await actor("officer1", Role.officer)


async def submit(
    handle: Handle, step: str, payload: dict[str, Any] | None = None, by: Actor | None = None
) -> StepOutcome:
    result = await handle.execute_update(
        CaseWorkflow.submit_step,
        StepRequest(step, by or await officer(), payload or {}, str(uuid.uuid4())),
    )
    assert isinstance(result, StepOutcome)
    return result


async def sign(handle: Handle, role: str, decision: str = "approve", opinion: str = "同意") -> StepOutcome:
    """Sign the open task of ``role`` as the demo user holding it."""
    snapshot = await wait_for(handle, lambda s: bool(s.open_tasks))
    [task] = snapshot.open_tasks
    username, user_role = SIGNERS[role]
    result = await handle.execute_update(
        CaseWorkflow.decide_task,
        TaskDecision(task["task_id"], decision, await actor(username, user_role), opinion),
    )
    assert isinstance(result, StepOutcome)
    return result


async def refused(
    handle: Handle, step: str, payload: dict[str, Any] | None = None, by: Actor | None = None
) -> CasetrailError:
    with pytest.raises(WorkflowUpdateFailedError) as failure:
        await submit(handle, step, payload, by)
    error = from_failure(failure.value)
    assert error is not None, failure.value
    return error


async def facts(handle: Handle) -> dict[str, Any]:
    result = await handle.query(CaseWorkflow.facts)
    assert isinstance(result, dict)
    return result


async def replays(handle: Handle) -> None:
    """The history replays deterministically through the current code (running cases must not break)."""
    history = await handle.fetch_history()
    await Replayer(workflows=WORKFLOWS, workflow_runner=workflow_runner()).replay_workflow(history)


async def records(case_id: uuid.UUID) -> list[Record]:
    async with transaction() as session:
        query = select(Record).where(Record.case_id == case_id).order_by(Record.step_key)
        return list((await session.execute(query)).scalars())


async def deadline(case_id: uuid.UUID, key: str) -> Deadline:
    async with transaction() as session:
        query = select(Deadline).where(Deadline.case_id == case_id, Deadline.key == key)
        return (await session.execute(query)).scalar_one()


def kinds(found: Sequence[Record]) -> list[str]:
    return [r.kind for r in found]


# ---- payloads --------------------------------------------------------------------------------

FINDINGS = {
    "facts": "当事人于货架销售超过保质期的酸奶12盒",
    "evidence": ["现场检查笔录", "询问笔录", "现场照片6张"],
    "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
}


# Where, how and to whom the party states (printed in the 事先告知书, 处罚法 Art. 44).
STATEMENT_CONTACT = {
    "contact_person": "李明",
    "contact_phone": "0538-8221234",
    "statement_address": "泰安市岱岳区擂鼓石大街1号三楼法制科",
}


def hearing_record(held_at: datetime, **changes: Any) -> dict[str, Any]:
    """The 听证笔录 the host enters after a hearing held at ``held_at``."""
    return {
        "held_at": held_at.isoformat(),
        "place": "本局听证室",
        "host": "赵六",
        "recorder": "孙八",
        "participants": [
            {"name": "测试当事人", "capacity": "当事人"},
            {"name": "张三", "capacity": "调查人员"},
        ],
        "investigator_case": "销售过期食品，建议罚款二万元并吊销许可证",
        "party_defence": "对事实无异议，请求不吊销许可证",
        "party_signed": True,
        **changes,
    }


def fine(yuan: int) -> dict[str, Any]:
    return {"kinds": ["fine"], "fine_fen": yuan * 100}


def report(penalty: dict[str, Any]) -> dict[str, Any]:
    return {**FINDINGS, "handling": {"kind": "penalty", "penalty": penalty}}


def notice(penalty: dict[str, Any], served_on: date) -> dict[str, Any]:
    return {
        **FINDINGS,
        "reasons": "违法事实清楚，证据确实充分",
        "penalty": penalty,
        "served_on": served_on.isoformat(),
        "violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "penalty_provision": FINDINGS["legal_basis"],
        "evidence_proves": "当事人销售超过保质期的食品",
        **STATEMENT_CONTACT,
    }


def decision(*, party_present: bool) -> dict[str, Any]:
    """The ``issue_decision`` payload: presence at announcement and the terms the document names."""
    return {"party_present": party_present, **DECISION_TERMS}


def proposal(penalty: dict[str, Any], **flags: bool) -> dict[str, Any]:
    return {
        **FINDINGS,
        "handling": {"kind": "penalty", "penalty": penalty},
        "discretion_rule": "市场监管行政处罚裁量基准：一般情节",
        "considerations": "首次违法，积极配合调查",
        **flags,
    }
