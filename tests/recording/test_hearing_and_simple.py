"""Hearings and on-the-spot decisions ask about their recording (issue 12): 泰安 Art. 15(1) and 广东
Art. 16 make a hearing's recording mandatory, 山西 Art. 11(3) and 新乡镇 Art. 15 leave it to the
situation; 明山 Art. 22 asks it of a dispute-prone simple procedure. A recording made opens a duty
with its storage timer like every other."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from temporalio.client import WorkflowFailureError, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from casetrail.errors import InvalidInput
from casetrail.rules.penalties import HearingGround, Penalty
from casetrail.rules.registry import get_profile
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation, Case, Role
from casetrail.workflows.case_workflow import CaseInput
from casetrail.workflows.decision_records import RightsFacts
from casetrail.workflows.phases import Phase
from casetrail.workflows.state import CaseState
from casetrail.workflows.steps.simple_procedure import OnTheSpotDecision, check_on_the_spot_recording
from tests.workflows.conftest import TIME_SKIPPING_QUEUE
from tests.workflows.decision_steps import hearing_record
from tests.workflows.factory import (
    DECISION_TERMS,
    _start_workflow,
    actor,
    deadlines,
    env_now,
    prepare_case,
    record_of,
    refused,
    start_case,
    submit,
    wait_for,
)


async def hearing_case(
    env: WorkflowEnvironment, profile_id: str
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID]:
    """A case whose hearing was notified for an hour ago, under ``profile_id``."""
    now = await env_now(env)
    start = await prepare_case(profile_id=profile_id)
    async with transaction() as session:
        case = await session.get(Case, uuid.UUID(start.case_id))
        assert case is not None
        case.phase = Phase.hearing_scheduled
    rights = RightsFacts(
        noticed=Penalty(kinds=["fine"], fine_fen=2_000_000),
        served_on=(now - timedelta(days=20)).date(),
        hearing_grounds=[
            HearingGround(reason="较大数额罚款", citation="《中华人民共和国行政处罚法》第六十三条")
        ],
        window_open=False,
        hearing="scheduled",
        hearing_at=now - timedelta(hours=1),
    )
    state = CaseState(start=start, phase=Phase.hearing_scheduled, rights=rights)
    return await _start_workflow(env.client, TIME_SKIPPING_QUEUE, CaseInput(start=start, state=state))


async def record_hearing(case: WorkflowHandle[Any, Any], payload: dict[str, Any]) -> Any:
    return await submit(case, "record_hearing", payload, await actor("legal", Role.legal_reviewer))


async def duties(case_id: uuid.UUID) -> list[AvObligation]:
    async with transaction() as session:
        query = select(AvObligation).where(AvObligation.case_id == case_id)
        return list((await session.execute(query)).scalars())


@pytest.mark.parametrize(
    ("profile_id", "article"),
    [
        ("taian-2017", "泰安市行政执法全过程记录办法》第十五条"),
        ("guangdong-2018", "第十六条"),
        ("mingshan-emergency", "第十三条"),
    ],
)
async def test_taian_art_15_guangdong_art_16_a_hearing_is_recorded(
    time_env: WorkflowEnvironment, profile_id: str, article: str
) -> None:
    case, case_id = await hearing_case(time_env, profile_id)
    now = await env_now(time_env)
    skipped = await refused(record_hearing(case, hearing_record(now - timedelta(hours=1), av_recorded=False)))
    assert skipped.rule == "av_mandatory" and skipped.field == "av_exception"
    assert article in (skipped.citation or "") and "听证" in skipped.message

    await record_hearing(
        case, hearing_record(now - timedelta(hours=1), av_recorded=True, recording_ended_at=now.isoformat())
    )
    [duty] = await duties(case_id)
    assert duty.act == "hearing" and duty.requirement == "mandatory" and article in (duty.citation or "")
    record = await record_of(case_id, "hearing_record")
    assert record.step_key == duty.key and record.fields["av"]["obligation_key"] == duty.key
    # The storage deadline is a timer of the case, reminded and checked like every duty's.
    await wait_for(case, lambda s: any(d["key"] == f"av:{duty.key}" for d in s.deadlines))
    assert (await deadlines(case_id))[f"av:{duty.key}"].due_at == duty.storage_due_at


@pytest.mark.parametrize(
    ("profile_id", "article"),
    [
        ("shanxi", "第十一条"),
        ("wanzhou-xinxiang-2024", "第十五条"),
    ],
)
async def test_shanxi_art_11_xinxiang_art_15_a_hearing_answers_whether_it_was_recorded(
    time_env: WorkflowEnvironment, profile_id: str, article: str
) -> None:
    case, case_id = await hearing_case(time_env, profile_id)
    now = await env_now(time_env)
    unanswered = await refused(record_hearing(case, hearing_record(now - timedelta(hours=1))))
    assert unanswered.rule == "av_situational_answer" and unanswered.field == "av_recorded"
    assert article in (unanswered.citation or "") and "根据实际情况" in unanswered.message

    await record_hearing(case, hearing_record(now - timedelta(hours=1), av_recorded=False))
    assert await duties(case_id) == []
    assert (await record_of(case_id, "hearing_record")).fields["av"]["recorded"] is False


def on_the_spot(decided_at: datetime, **av: Any) -> dict[str, Any]:
    return {
        "summary": "占道经营",
        "on_the_spot": {
            "facts": "在禁止区域占道经营，当事人情绪激动",
            "legal_basis": "《城市市容和环境卫生管理条例》第三十六条",
            "violated_provision": "《城市市容和环境卫生管理条例》第十四条",
            "occurred_at": decided_at.isoformat(),
            **DECISION_TERMS,
            "penalty": {"kinds": ["warning"]},
            "place": "东岳大街",
            "decided_at": decided_at.isoformat(),
            "certificates_shown": True,
            "statement": "对处罚有异议",
            "statement_review": "当事人所述不成立，不予采纳",
            "party_signed": True,
            **av,
        },
    }


def test_mingshan_art_22_the_api_asks_whether_a_simple_procedure_was_recorded() -> None:
    profile = get_profile("mingshan-emergency")
    now = datetime.now(UTC)
    decision = OnTheSpotDecision.model_validate(on_the_spot(now)["on_the_spot"])
    with pytest.raises(InvalidInput) as refused_here:
        check_on_the_spot_recording(decision, profile, now=now)
    error = refused_here.value
    assert error.field == "on_the_spot.av_recorded" and error.rule == "av_situational_answer"
    assert "明山区应急管理局行政执法全过程记录制度》第二十二条" in (error.citation or "")
    assert "简易程序" in error.message
    # Taian leaves the simple procedure to the officer: nothing to answer.
    check_on_the_spot_recording(decision, get_profile("taian-2017"), now=now)


async def test_mingshan_art_22_a_recorded_simple_procedure_opens_a_duty(
    time_env: WorkflowEnvironment,
) -> None:
    now = await env_now(time_env)
    case, case_id = await start_case(
        time_env.client,
        TIME_SKIPPING_QUEUE,
        start_type="simple",
        profile_id="mingshan-emergency",
        facts=on_the_spot(now, av_recorded=True, recording_ended_at=now.isoformat()),
    )
    await wait_for(case, lambda s: s.phase == "on_the_spot")
    [duty] = await duties(case_id)
    assert duty.act == "simple_procedure" and duty.requirement == "situational"
    assert "第二十二条" in (duty.citation or "")
    record = await record_of(case_id, "on_the_spot_decision")
    assert record.step_key == duty.key and record.fields["av"]["recorded"] is True
    await wait_for(case, lambda s: any(d["key"] == f"av:{duty.key}" for d in s.deadlines))


async def test_mingshan_art_22_an_unanswered_simple_procedure_fails_its_workflow_with_the_article(
    time_env: WorkflowEnvironment,
) -> None:
    """The API refuses it first; a workflow started directly with it fails visibly, naming the article."""
    now = await env_now(time_env)
    case, _ = await start_case(
        time_env.client,
        TIME_SKIPPING_QUEUE,
        start_type="simple",
        profile_id="mingshan-emergency",
        facts=on_the_spot(now),
    )
    with pytest.raises(WorkflowFailureError) as failure:
        await case.result()
    message = str(failure.value.cause)
    assert "简易程序" in message and "音像记录" in message
