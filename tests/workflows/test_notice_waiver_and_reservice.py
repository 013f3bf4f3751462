"""Waivers while a rights notice is being served, and a 听证通知书 served again through the service workflow
(real time-skipping server and PostgreSQL).

- A right is waived only once the party has been told of it (处罚法 Art. 44; 泰安 Art. 10-11 record waivers
  of rights told): no waiver while the 事先告知书 is still being served, unless the party, present, receives
  it directly (民诉法 Art. 88) and then waives in writing.
- A party who asked for a hearing may give it up while its 听证通知书 is being served; the service stops.
- A hearing notice whose first service failed, and then came too late, is served again: the 7 working days
  (Art. 64(2)) run from the date the second service reports.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from typing import Any

from temporalio.client import WorkflowExecutionStatus, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from casetrail.rules import national_citations as law
from casetrail.rules import national_deadlines
from casetrail.store.db import transaction
from casetrail.store.models import Case
from casetrail.workflows.service import ServiceSnapshot, ServiceWorkflow

from .decision_steps import (
    CST,
    case_in_investigation,
    notice,
    records,
    refused,
    report,
    submit,
    wait_for,
    workflow_today,
)
from .factory import attempt, env_now, wait_for_service
from .test_notice_service import HEARING_PENALTY, PENALTY_64_2, by_service, expected_end

WRITTEN_WAIVER = {"form": "written", "note": "当事人到场签收告知书后书面表示放弃"}
HEARING_STAFF = {"place": "本局听证室", "host": "赵六", "clerk": "孙八"}


async def direct(env: WorkflowEnvironment) -> dict[str, Any]:
    """The party, present at the office, signs the receipt now (直接送达, 民诉法 Art. 88)."""
    return {"place": "本局办公室", "receiver": "测试当事人", "signed_at": (await env_now(env)).isoformat()}


async def hearing_requested(env: WorkflowEnvironment) -> tuple[WorkflowHandle[Any, Any], Any, date]:
    handle, case_id = await case_in_investigation(env)
    await submit(handle, "finish_investigation", report(HEARING_PENALTY))
    today = await workflow_today(env)
    await submit(handle, "notify_rights", notice(HEARING_PENALTY, today))  # on the spot: served today
    await submit(
        handle,
        "request_hearing",
        {"requested_on": today.isoformat(), "applicant": "测试当事人", "form": "书面"},
    )
    return handle, case_id, today


async def test_no_waiver_before_the_notice_is_served_unless_received_on_the_spot(
    time_env: WorkflowEnvironment,
) -> None:
    handle, _ = await case_in_investigation(time_env)
    await submit(handle, "finish_investigation", report(HEARING_PENALTY))
    today = await workflow_today(time_env)
    await submit(handle, "notify_rights", by_service(HEARING_PENALTY, today))
    await wait_for(handle, lambda s: s.phase == "serving_rights_notice")

    for scope in ("all", "hearing"):
        error = await refused(handle, "record_waiver", {"scope": scope, **WRITTEN_WAIVER})
        assert (error.field, error.rule, error.citation) == (
            "step",
            "waiver_before_notice_served",
            str(law.PENALTY_44),
        )
        assert "尚未被告知" in error.message and "直接送达" in error.message
    # The waiver is not offered as a next step while the notice is on its way.
    assert "record_waiver" not in (await wait_for(handle, lambda s: True)).allowed_steps

    # The party comes in: handed the notice, it signs the receipt; then it waives in writing.
    service = await wait_for_service(time_env.client, handle, "rights_notice")
    await attempt(service, "direct", await direct(time_env))
    await wait_for(handle, lambda s: s.phase == "rights_window")
    await submit(handle, "record_waiver", {"scope": "all", **WRITTEN_WAIVER})
    concluded = await wait_for(handle, lambda s: s.phase == "rights_concluded")
    assert concluded.allowed_steps, "the case goes on to its decision"


async def test_a_hearing_given_up_while_its_notice_is_served_stops_the_service(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id, today = await hearing_requested(time_env)
    hearing_at = datetime.combine(today + timedelta(days=20), time(9), CST)
    await submit(
        handle,
        "notify_hearing",
        {"delivery": "service", "hearing_at": hearing_at.isoformat(), **HEARING_STAFF},
    )
    await wait_for(handle, lambda s: s.phase == "serving_hearing_notice")
    service = await wait_for_service(time_env.client, handle, "hearing_notice")

    # Only the hearing can be given up once asked for.
    error = await refused(handle, "record_waiver", {"scope": "all", **WRITTEN_WAIVER})
    assert (error.field, error.rule) == ("scope", "waiver_scope")
    await submit(handle, "record_waiver", {"scope": "hearing", **WRITTEN_WAIVER})
    concluded = await wait_for(handle, lambda s: s.phase == "rights_concluded")
    assert concluded.allowed_steps
    waiver = next(r for r in await records(case_id) if r.kind == "rights_waiver")
    assert waiver.title == "放弃听证权利记录"

    # The notice's service is withdrawn: nothing more can be served, and no late result moves the case.
    for _ in range(100):
        if (await service.describe()).status == WorkflowExecutionStatus.CANCELED:
            break
        await asyncio.sleep(0.05)
    assert (await service.describe()).status == WorkflowExecutionStatus.CANCELED


async def second_service(
    client: Any, handle: WorkflowHandle[Any, Any], number: str
) -> WorkflowHandle[Any, Any]:
    """The service child of the second notice (same id, a new run): once it serves ``number``."""
    service = await wait_for_service(client, handle, "hearing_notice")
    for _ in range(200):
        snapshot: ServiceSnapshot = await client.get_workflow_handle_for(
            ServiceWorkflow.run, service.id
        ).query(ServiceWorkflow.snapshot)
        if snapshot.document.number == number and snapshot.status == "serving":
            return client.get_workflow_handle_for(ServiceWorkflow.run, service.id)
        await asyncio.sleep(0.05)
    raise AssertionError("the second notice's service did not start")


async def test_a_hearing_notice_served_again_counts_from_the_second_service(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id, today = await hearing_requested(time_env)
    first_at = datetime.combine(today + timedelta(days=3), time(9), CST)
    await submit(
        handle, "notify_hearing", {"delivery": "service", "hearing_at": first_at.isoformat(), **HEARING_STAFF}
    )
    service = await wait_for_service(time_env.client, handle, "hearing_notice")
    # The mail comes back undelivered; the notice is then handed over, too late for the day it names.
    returned = {
        "carrier": "express",
        "tracking_no": "EMS1190000009",
        "posted_on": today.isoformat(),
        "outcome": "failed",
        "failure_reason": "查无此人，邮件退回",
    }
    snapshot = await attempt(service, "mail", returned)
    assert snapshot.status == "serving" and snapshot.ways
    await attempt(service, "direct", await direct(time_env))
    late = await wait_for(handle, lambda s: s.phase == "hearing_scheduled")
    assert "hearing_notice_too_late" in late.flags

    # Notified again, through the service workflow, for a later day.
    # Served on a later working day, so the first service would allow days the second does not.
    first_earliest = (await expected_end(today, national_deadlines.HEARING_NOTICE)).last_day
    earliest = first_earliest
    while earliest - timedelta(days=1) < first_earliest:
        await time_env.sleep(timedelta(days=1))
        second_day = await workflow_today(time_env)
        earliest = (await expected_end(second_day, national_deadlines.HEARING_NOTICE)).last_day
    later = datetime.combine(earliest + timedelta(days=3), time(9), CST)
    await submit(
        handle, "notify_hearing", {"delivery": "service", "hearing_at": later.isoformat(), **HEARING_STAFF}
    )
    await wait_for(handle, lambda s: s.phase == "serving_hearing_notice")
    notices = [r for r in await records(case_id) if r.kind == "hearing_notice"]
    assert len(notices) == 2
    second = await second_service(time_env.client, handle, str(notices[-1].fields["document_number"]))
    await attempt(second, "direct", await direct(time_env))
    scheduled = await wait_for(handle, lambda s: s.phase == "hearing_scheduled")

    served = [r for r in await records(case_id) if r.kind == "hearing_notice_served"]
    assert [r.fields["送达日期"] for r in served] == [today.isoformat(), second_day.isoformat()]
    assert served[-1].fields["听证最早举行日期"] == earliest.isoformat()
    assert "说明" not in served[-1].fields  # in time for the day it names
    # The late notice's mark is lifted, recorded as its own entry; no third notice is offered.
    assert "hearing_notice_too_late" not in scheduled.flags
    assert "notify_hearing" not in scheduled.allowed_steps
    [cleared] = [r for r in await records(case_id) if r.kind == "flag_cleared"]
    assert cleared.fields["解除的标记"] == "听证通知书送达过迟，须另定听证时间"
    assert second_day.isoformat() in cleared.fields["解除原因"] and cleared.citation == PENALTY_64_2
    async with transaction() as session:
        case = await session.get(Case, case_id)
        assert case is not None and "hearing_notice_too_late" not in case.flags
    held = {
        "place": "本局听证室", "host": "赵六", "recorder": "孙八", "av_recorded": True,
        "participants": [{"name": "测试当事人", "capacity": "当事人"}],
        "investigator_case": "违法事实清楚", "party_defence": "无异议", "party_signed": True,
    }  # fmt: skip
    # Counted from the second service: the day before its seventh working day is refused, though the
    # first service (two days earlier) would have allowed it.
    day_before = datetime.combine(earliest - timedelta(days=1), time(15), CST)
    assert day_before.date() >= first_earliest
    await time_env.sleep(day_before + timedelta(hours=1) - await time_env.get_current_time())
    error = await refused(handle, "record_hearing", {**held, "held_at": day_before.isoformat()})
    assert (error.field, error.rule, error.citation) == (
        "held_at",
        "hearing_before_notice_period",
        PENALTY_64_2,
    )
    assert earliest.isoformat() in error.message


async def test_a_hearing_given_up_after_a_late_notice_lifts_its_mark(time_env: WorkflowEnvironment) -> None:
    """The notice came too late for its day ("须另定听证时间"); the party then gives the hearing up: no new
    time is needed, so the mark is lifted, recorded as its own entry."""
    handle, case_id, today = await hearing_requested(time_env)
    too_soon = datetime.combine(today + timedelta(days=3), time(9), CST)
    await submit(
        handle, "notify_hearing", {"delivery": "service", "hearing_at": too_soon.isoformat(), **HEARING_STAFF}
    )
    service = await wait_for_service(time_env.client, handle, "hearing_notice")
    await attempt(service, "direct", await direct(time_env))
    await wait_for(handle, lambda s: "hearing_notice_too_late" in s.flags)

    await submit(handle, "record_waiver", {"scope": "hearing", **WRITTEN_WAIVER})
    lifted = await wait_for(handle, lambda s: s.phase == "rights_concluded" and "flag_cleared" in s.history)
    assert "hearing_notice_too_late" not in lifted.flags
    [entry] = [r for r in await records(case_id) if r.kind == "flag_cleared"]
    assert entry.fields["解除原因"] == "当事人放弃听证，无须另定听证时间"
