"""Restricting a citizen's liberty (限制公民人身自由, 行政强制法 Art. 9(1), 10, 18, 20): only by a law, recorded
where the profile says so (山西 Art. 10(5)), the family told, the legal period a durable timer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from casetrail.errors import CasetrailError
from casetrail.statuses import MeasureStatus
from casetrail.workflows.phases import Phase
from casetrail.workflows.state import CaseState, Measure, MeasureKind
from casetrail.workflows.steps.closing import ClosingRequest, _no_measure_in_force
from casetrail.workflows.types import Actor, StepRequest
from tests.issuing.case_file_check import check_case_file

from .factory import (
    case_row,
    deadlines,
    decide,
    env_now,
    filed_case,
    officer_ids,
    on_site,
    plain_case_start,
    record_of,
    records,
    refusal,
    submit,
    wait_for,
)

COERCION = "《中华人民共和国行政强制法》"


async def restriction(env: WorkflowEnvironment, **overrides: Any) -> dict[str, Any]:
    now = await env_now(env)
    return (
        on_site(
            await officer_ids(),
            person="王某",
            reason="拒不说明身份且有违法犯罪嫌疑，需继续盘问",
            law_name="《中华人民共和国人民警察法》",
            law_article="第九条",
            period_hours=24,
            held_at="某某派出所候问室",
            rights_told=True,
            party_statement="要求通知家属",
            signed_by="王某",
            av_recorded=True,
            started_at=(now - timedelta(minutes=30)).isoformat(),
            ended_at=(now - timedelta(minutes=5)).isoformat(),
        )
        | overrides
    )


def family_notice(env_now_iso: str) -> dict[str, Any]:
    return {"family_member": "李某", "relation": "配偶", "way": "telephone", "notified_at": env_now_iso}


async def test_only_a_law_named_with_its_article_may_restrict_liberty(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    blank = await refusal(
        submit(handle, "request_liberty_restriction", await restriction(time_env, law_name=""))
    )
    assert blank.field == "law_name" and blank.rule == "liberty_legal_basis"
    assert f"{COERCION}第十条" in (blank.citation or "")
    no_article = await refusal(
        submit(
            handle,
            "restrict_liberty_on_the_spot",
            await restriction(
                time_env,
                law_article=" ",
                urgency="当事人正在逃离现场",
                taken_at=(await env_now(time_env)).isoformat(),
            ),
        )
    )
    assert no_article.field == "law_article" and "第十条" in (no_article.citation or "")
    # A regulation is no law: 行政法规 and 地方性法规 may not set it (Art. 10).
    regulation = await refusal(
        submit(
            handle, "request_liberty_restriction", await restriction(time_env, law_name="某省治安管理条例")
        )
    )
    assert regulation.field == "law_name" and regulation.rule == "liberty_set_by_law_only"
    assert "不是法律" in regulation.message and "第十条" in (regulation.citation or "")
    assert not [r for r in await records(case_id) if r.kind.startswith("liberty")]


@pytest.mark.parametrize(
    ("profile_id", "citation"),
    [
        ("shanxi", "《山西省行政执法全过程记录办法》第十条第（五）项"),
        ("guangdong-2018", "《广东省行政执法全过程记录办法（试行）》第十六条"),
        ("taian-2017", "《泰安市行政执法全过程记录办法》第十五条"),
    ],
)
async def test_an_unrecorded_restriction_is_refused_where_recording_is_mandatory(
    time_env: WorkflowEnvironment, profile_id: str, citation: str
) -> None:
    handle, case_id = await filed_case(time_env, profile_id=profile_id)
    unrecorded = await refusal(
        submit(handle, "request_liberty_restriction", await restriction(time_env, av_recorded=False))
    )
    assert unrecorded.rule == "av_mandatory" and unrecorded.field == "av_exception"
    assert unrecorded.citation == citation
    # The named exception only, with its particulars.
    secret = await refusal(
        submit(
            handle,
            "request_liberty_restriction",
            await restriction(time_env, av_recorded=False, av_exception="state_secret"),
        )
    )
    assert secret.field == "av_not_recorded_reason"
    if profile_id == "taian-2017":
        return
    # Recorded: the duty is to record without a break, arrival to departure (山西 Art. 14, 广东 Art. 19).
    requested = await submit(handle, "request_liberty_restriction", await restriction(time_env))
    assert requested.task_id
    await decide(handle, requested.task_id)
    av = (await record_of(case_id, "liberty_restriction")).fields["av"]
    assert av["uninterrupted"] is True and av["requirement_citation"] == citation
    assert av["storage_due_at"] and f"av:{av['obligation_key']}" in await deadlines(case_id)


async def test_a_restriction_not_released_by_its_legal_period_is_flagged(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env)
    requested = await submit(handle, "request_liberty_restriction", await restriction(time_env))
    assert requested.task_id
    await decide(handle, requested.task_id)
    taken = await record_of(case_id, "liberty_restriction")
    assert taken.fields["legal_basis"] == "《中华人民共和国人民警察法》第九条"
    assert taken.fields["officer_count"] == 2 and taken.fields["av"]["recorded"] is True
    assert f"{COERCION}第二十条" in (taken.citation or "") and "第十八条" in (taken.citation or "")
    assert [d["title"] for d in taken.fields["documents"]] == ["现场笔录"]
    period = (await deadlines(case_id))["liberty-1"]
    assert period.status == "open" and "第二十条" in (period.citation or "")
    assert "王某" in period.label and "24小时" in period.label
    # The AV duty of the act has its storage timer (泰安 Art. 15, 17).
    assert any(key.startswith("av:") for key in await deadlines(case_id))

    await submit(handle, "notify_liberty_family", family_notice((await env_now(time_env)).isoformat()))
    told = await record_of(case_id, "liberty_family_notice")
    assert told.fields["way"] == "电话通知" and told.fields["held_at"] == "某某派出所候问室"
    assert told.fields["agency"] and told.fields["period_hours"] == 24
    assert told.citation == f"{COERCION}第二十条"

    await time_env.sleep(period.due_at - await time_env.get_current_time() + timedelta(hours=1))
    await wait_for(handle, lambda s: "liberty_overdue" in s.flags)
    assert (await deadlines(case_id))["liberty-1"].status == "overdue"
    assert "liberty_overdue" in (await case_row(case_id)).flags
    (overdue,) = [r for r in await records(case_id) if r.kind == "deadline_overdue"]
    assert overdue.fields["measure_id"] == "liberty-1" and overdue.fields["family_notified"] is True
    assert "第二十条" in (overdue.citation or "")

    await submit(
        handle,
        "release_liberty",
        {
            "ground": "period_ended",
            "detail": "已超过期限，立即解除",
            "released_at": (await env_now(time_env)).isoformat(),
        },
    )
    released = await record_of(case_id, "liberty_release")
    assert released.fields["was_overdue"] is True and released.citation == f"{COERCION}第二十条"
    assert released.fields["within_legal_period"] is False and released.fields["family_notified"] is True
    await check_case_file(case_id)


async def test_released_in_time_on_the_spot_raises_no_flag(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    now = await env_now(time_env)
    payload = await restriction(
        time_env, urgency="当事人正在逃离现场", taken_at=now.isoformat(), period_hours=4
    )
    taken = await submit(handle, "restrict_liberty_on_the_spot", payload)
    assert taken.task_id and "立即通知其家属" in taken.message
    rows = await deadlines(case_id)
    assert "第十九条" in (rows["liberty-1:report"].citation or "")
    # Reported on return and approved (Art. 20(2)); the family told on the spot (Art. 20(1)).
    await decide(handle, taken.task_id)
    await submit(handle, "notify_liberty_family", {**family_notice(now.isoformat()), "way": "on_the_spot"})
    early = await refusal(
        submit(
            handle,
            "release_liberty",
            {
                "ground": "purpose_achieved",
                "detail": "身份已查明",
                "released_at": (now - timedelta(hours=1)).isoformat(),
            },
        )
    )
    assert early.field == "released_at"
    await submit(
        handle,
        "release_liberty",
        {"ground": "purpose_achieved", "detail": "身份已查明", "released_at": now.isoformat()},
    )
    released = await record_of(case_id, "liberty_release")
    assert released.fields["was_overdue"] is False and "目的已经达到" in released.fields["reason"]
    assert released.fields["within_legal_period"] is True
    rows = await deadlines(case_id)
    assert (rows["liberty-1"].status, rows["liberty-1:report"].status) == ("met", "met")

    await time_env.sleep(timedelta(hours=5))
    snapshot = await wait_for(handle, lambda s: s.phase == "investigation")
    assert "liberty_overdue" not in snapshot.flags
    assert "liberty_overdue" not in (await case_row(case_id)).flags
    # Released: nothing is left to release.
    gone = await refusal(
        submit(
            handle,
            "release_liberty",
            {"ground": "purpose_achieved", "detail": "再次", "released_at": now.isoformat()},
        )
    )
    assert gone.field == "measure_id" and gone.allowed == []


async def test_the_leader_disagreeing_releases_it_at_once(time_env: WorkflowEnvironment) -> None:
    """强制法 Art. 19, 20(2): reported on return; a restriction the leader holds wrong ends at once."""
    handle, case_id = await filed_case(time_env)
    now = await env_now(time_env)
    payload = await restriction(time_env, urgency="当事人正在逃离现场", taken_at=now.isoformat())
    taken = await submit(handle, "restrict_liberty_on_the_spot", payload)
    assert taken.task_id
    await decide(handle, taken.task_id, "return", "不应当限制人身自由")
    released = await record_of(case_id, "liberty_release")
    assert released.title == "解除限制人身自由记录" and "恢复人身自由" in released.fields["returned"]
    assert released.citation == f"{COERCION}第十九条"
    rows = await deadlines(case_id)
    assert (rows["liberty-1"].status, rows["liberty-1:report"].status) == ("met", "met")


CLOSING = ClosingRequest(summary="已作出处理决定并执行完毕", outcome="罚款已缴纳")


def test_a_case_does_not_close_over_a_restriction_in_force() -> None:
    state = CaseState(start=plain_case_start(), phase=Phase.decision_served)
    state.measures["liberty-1"] = Measure(
        "liberty-1", MeasureKind.liberty, {}, "张三", status=MeasureStatus.overdue
    )
    with pytest.raises(CasetrailError) as error:
        _no_measure_in_force(state, StepRequest("request_closing", Actor("u1", "张三", ["officer"])), CLOSING)
    assert error.value.rule == "measures_in_force" and "限制公民人身自由" in error.value.message
    assert error.value.citation == f"{COERCION}第二十条"
