"""Reminders and escalation: the ladder fires each rung once from durable timers, through a worker
restart; email goes to a real local SMTP server, robot messages to a real local HTTP receiver."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from temporalio.client import Client

from casetrail.activities.notify import LadderRef, ladder_workflow_id
from casetrail.api.routes.notifications import shown_target
from casetrail.config import get_settings
from casetrail.notifications import service
from casetrail.notifications.schedule import ensure_digest_schedule
from casetrail.rules.escalation import DEFAULT, Rung, ladder_for, plan
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from casetrail.store.models import Channel, Deadline, Delivery, DeliveryStatus, Notification, Role
from casetrail.worker import build_worker
from casetrail.workflows.reminders import DeadlineLadderWorkflow
from tests.api.conftest import Login
from tests.api.helpers import approve_filing, open_case, wait_for_phase

from .channels import Mailbox, Robot, robot_server, smtp_server
from .helpers import add_agency, add_case, add_user, user_id


@pytest.fixture(scope="module")
def outside() -> Iterator[tuple[Mailbox, Robot, str]]:
    with smtp_server() as (mailbox, port), robot_server() as (robot, base):
        saved = {k: os.environ.get(k) for k in ("CASETRAIL_SMTP_HOST", "CASETRAIL_SMTP_PORT")}
        os.environ["CASETRAIL_SMTP_HOST"] = "127.0.0.1"
        os.environ["CASETRAIL_SMTP_PORT"] = str(port)
        get_settings.cache_clear()
        yield mailbox, robot, base
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


async def until(check: Callable[[], bool], *, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)


async def people(api: httpx.AsyncClient, login: Login, robot_base: str) -> dict[str, Any]:
    """A city (with a supervisor) over a district (two officers, a leader); every one chose email and a robot."""
    city = await add_agency("提醒测试市局")
    district = await add_agency("提醒测试分局", parent=city)
    names = {
        "officer_a": await add_user("承办甲", roles={district: (Role.officer,)}, certificate=True),
        "officer_b": await add_user("承办乙", roles={district: (Role.officer,)}, certificate=True),
        "leader": await add_user("局长", roles={district: (Role.leader,)}),
        "supervisor": await add_user("法制科", roles={city: (Role.supervisor,)}),
    }
    for key, username in names.items():
        response = await api.put(
            "/notifications/preferences",
            json={"email": f"{key}@example.test", "webhook_url": f"{robot_base}/robot-{key}"},
            headers=await login(username),
        )
        assert response.status_code == 200, response.text
    return {"city": city, "district": district, "names": names}


async def add_deadline(case_id: uuid.UUID, key: str, due_at: datetime) -> None:
    async with transaction() as session:
        session.add(Deadline(case_id=case_id, key=key, label="作出处理决定（测试期限）", due_at=due_at))


async def test_each_rung_once_by_email_and_robot_through_a_worker_restart(
    reads_api: httpx.AsyncClient,
    reads_login: Login,
    temporal_client: Client,
    outside: tuple[Mailbox, Robot, str],
) -> None:
    mailbox, robot, robot_base = outside
    world = await people(reads_api, reads_login, robot_base)
    officers = (await user_id(world["names"]["officer_a"]), await user_id(world["names"]["officer_b"]))
    case_id = await add_case(
        agency_id=world["district"],
        case_no=f"提醒〔2026〕{uuid.uuid4().hex[:6]}号",
        party_name="某公司",
        officers=officers,
    )
    due_at = datetime.now(UTC) + timedelta(seconds=6)
    await add_deadline(case_id, "reminder_test", due_at)
    async with transaction() as session:
        calendar = await load_calendar(session)
    planned = plan(DEFAULT, due_at=due_at, calendar=calendar)
    before_due = [p.rung for p in planned if p.fire_at < due_at]
    assert Rung.approaching in before_due and Rung.overdue not in before_due
    # What fires as the deadline runs out: the overdue rung, and "due today" too when the deadline falls
    # before that day's 08:30 notice in Beijing (it never fires after the deadline), e.g. from 16:00 UTC.
    at_due = [p.rung for p in planned if p.fire_at == due_at]
    assert Rung.overdue in at_due
    fired = len(before_due) + len(at_due)

    queue = f"reminders-{uuid.uuid4().hex[:6]}"
    officer_mail = {"officer_a@example.test", "officer_b@example.test"}

    def officer_emails() -> list[tuple[str, str]]:
        return [m for m in mailbox.messages if m[0] in officer_mail]

    def officer_calls() -> list[tuple[str, str]]:
        return [c for c in robot.calls if c[0] in ("/robot-officer_a", "/robot-officer_b")]

    async with build_worker(temporal_client, queue):
        handle = await temporal_client.start_workflow(
            DeadlineLadderWorkflow.run,
            LadderRef(str(case_id), "reminder_test", retry_initial_seconds=0.2),
            id=ladder_workflow_id(str(case_id), "reminder_test"),
            task_queue=queue,
        )
        await until(
            lambda: (
                len(officer_emails()) == 2 * len(before_due) and len(officer_calls()) == 2 * len(before_due)
            )
        )
    # The worker is gone while the deadline runs out: nothing can be sent, the timer is durable.
    await asyncio.sleep(max(0.0, (due_at - datetime.now(UTC)).total_seconds()) + 1.5)
    assert len(officer_emails()) == 2 * len(before_due)
    async with build_worker(temporal_client, queue):
        await until(lambda: len(officer_emails()) == 2 * fired and len(officer_calls()) == 2 * fired)
        await asyncio.sleep(2)  # room for a duplicate to show up
    # And once more, a restart that finds nothing left to do before the escalation days.
    async with build_worker(temporal_client, queue):
        await asyncio.sleep(2)
    emails = Counter(officer_emails())
    assert len(emails) == 2 * fired and set(emails.values()) == {1}, emails
    subjects = {subject for _, subject in emails}
    assert any("期限已届满" in s for s in subjects) and any("期限即将届满" in s for s in subjects)
    calls = Counter(officer_calls())
    assert len(calls) == 2 * fired and set(calls.values()) == {1}
    assert all("作出处理决定（测试期限）" in text for _, text in calls)
    # Nobody but the officers has been told yet: the escalations wait for their working days.
    assert not [m for m in mailbox.messages if m[0] in ("leader@example.test", "supervisor@example.test")]
    description = await handle.describe()
    assert description.status is not None and description.status.name == "RUNNING"
    await handle.terminate("test finished")


async def test_escalation_reaches_the_leader_then_the_legal_office_once(
    reads_api: httpx.AsyncClient, reads_login: Login, outside: tuple[Mailbox, Robot, str]
) -> None:
    _, _, robot_base = outside
    world = await people(reads_api, reads_login, robot_base)
    officers = (await user_id(world["names"]["officer_a"]),)
    case_id = await add_case(
        agency_id=world["district"],
        case_no=f"督办〔2026〕{uuid.uuid4().hex[:6]}号",
        party_name="某商行",
        officers=officers,
    )
    due_at = datetime.now(UTC) - timedelta(days=10)
    await add_deadline(case_id, "escalation_test", due_at)
    settings = get_settings()
    for rung, who in ((Rung.escalated_leader, "leader"), (Rung.escalated_legal, "supervisor")):
        for attempt in range(2):  # a retried activity writes nothing twice
            async with transaction() as session:
                deliveries = await service.fire_rung(
                    session,
                    case_id=case_id,
                    deadline_key="escalation_test",
                    due_at=due_at,
                    rung=rung,
                    settings=settings,
                )
            assert len(deliveries) == 2, attempt  # email + robot; a retry hands over the same, unsent ones
        async with transaction() as session:
            rows = (
                (
                    await session.execute(
                        select(Notification.user_id).where(
                            Notification.kind == rung.value, Notification.case_id == case_id
                        )
                    )
                )
                .scalars()
                .all()
            )
        assert rows == [await user_id(world["names"][who])]
    async with transaction() as session:
        nxt = await service.next_rung(session, case_id=case_id, deadline_key="escalation_test")
    assert nxt.rung is Rung.approaching  # the earlier rungs are still owed: the ladder would fire them now


async def test_a_failing_robot_retries_with_backoff_and_shows_in_ops(
    reads_api: httpx.AsyncClient,
    reads_login: Login,
    temporal_client: Client,
    outside: tuple[Mailbox, Robot, str],
) -> None:
    _, robot, robot_base = outside
    officer = await add_user(
        "承办丙", roles={await add_agency("重试测试局"): (Role.officer,)}, certificate=True
    )
    officer_id = await user_id(officer)
    headers = await reads_login(officer)
    response = await reads_api.put(
        "/notifications/preferences",
        json={"webhook_url": f"{robot_base}/flaky-2", "email": ""},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    case_id = await add_case(
        agency_id=await add_agency("重试测试局二"),
        case_no=f"重试〔2026〕{uuid.uuid4().hex[:6]}号",
        party_name="某店",
        officers=(officer_id,),
    )
    await add_deadline(case_id, "retry_test", datetime.now(UTC) - timedelta(minutes=1))
    queue = f"retry-{uuid.uuid4().hex[:6]}"
    async with build_worker(temporal_client, queue):
        handle = await temporal_client.start_workflow(
            DeadlineLadderWorkflow.run,
            LadderRef(str(case_id), "retry_test", retry_initial_seconds=0.2),
            id=ladder_workflow_id(str(case_id), "retry_test"),
            task_queue=queue,
        )
        # approaching, due today, overdue: all three are past, each one message to the flaky robot.
        await until(lambda: sum(1 for path, _ in robot.calls if path == "/flaky-2") == 3, timeout=40)
        await handle.terminate("test finished")
    async with transaction() as session:
        delivered = (
            (
                await session.execute(
                    select(Delivery)
                    .join(Notification, Notification.id == Delivery.notification_id)
                    .where(Notification.case_id == case_id)
                )
            )
            .scalars()
            .all()
        )
    assert len(delivered) == 3 and all(d.status is DeliveryStatus.sent for d in delivered)
    assert sum(d.attempts for d in delivered) == 3 + 2  # the two refusals were retried, nothing else
    retried = next(d for d in delivered if d.attempts > 1)
    assert retried.last_error is not None and "HTTP 500" in retried.last_error
    ops = await reads_login("ops")
    listed = (await reads_api.get("/ops/deliveries", headers=ops)).json()
    shown = next(d for d in listed if d["id"] == str(retried.id))
    assert shown["status_title"] == "已发送" and shown["attempts"] == retried.attempts
    assert shown["channel_title"].startswith("群机器人") and "HTTP 500" in shown["last_error"]
    refused = await reads_api.get("/ops/deliveries", headers=headers)
    assert refused.status_code == 403 and "运维" in refused.json()["error"]["message"]


async def test_notification_centre_counts_and_marks_read(
    reads_api: httpx.AsyncClient, reads_login: Login
) -> None:
    username = await add_user("通知测试", roles={await add_agency("通知测试局"): (Role.officer,)})
    uid = await user_id(username)
    for index in range(3):  # one transaction each: created_at (now()) orders them
        async with transaction() as session:
            await service.notify(
                session,
                key=f"test:{uid}:{index}",
                user_id=uid,
                case_id=None,
                kind="digest",
                title=f"通知{index}",
                body="正文",
                link=None,
            )
    headers = await reads_login(username)
    assert (await reads_api.get("/notifications/unread-count", headers=headers)).json() == {"unread": 3}
    listed = (await reads_api.get("/notifications", headers=headers)).json()
    assert [n["title"] for n in listed] == ["通知2", "通知1", "通知0"]
    marked = await reads_api.post(f"/notifications/{listed[0]['id']}/read", headers=headers)
    assert marked.json() == {"marked": 1}
    assert (await reads_api.get("/notifications/unread-count", headers=headers)).json() == {"unread": 2}
    assert (await reads_api.post("/notifications/read-all", headers=headers)).json() == {"marked": 2}
    other = await reads_api.post(f"/notifications/{uuid.uuid4()}/read", headers=headers)
    assert other.status_code == 404 and other.json()["error"]["field"] == "notification_id"
    bad = await reads_api.put("/notifications/preferences", json={"email": "not-an-address"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "email"


async def test_a_step_writing_a_deadline_starts_its_ladder(
    api: httpx.AsyncClient, login: Login, temporal_client: Client
) -> None:
    officer = await login("officer1")
    case = await open_case(api, officer)
    await approve_filing(api, officer, await login("leader"), case["id"])
    detail = await wait_for_phase(api, officer, case["id"], "investigation")
    keys = [d["key"] for d in detail["deadlines"]]
    assert "case_handling" in keys  # the 90 days of 处罚法 Art. 60 start at filing
    for key in keys:
        handle = temporal_client.get_workflow_handle(ladder_workflow_id(case["id"], key))
        for _ in range(100):
            description = await handle.describe()
            if description.status is not None:
                break
            await asyncio.sleep(0.1)
        assert description.status is not None and description.status.name in ("RUNNING", "COMPLETED")


async def test_daily_digest_schedule_at_0830_beijing_sends_each_user_one_digest(
    reads_api: httpx.AsyncClient,
    reads_login: Login,
    temporal_client: Client,
    outside: tuple[Mailbox, Robot, str],
) -> None:
    mailbox, _, _ = outside
    district = await add_agency("汇总测试局")
    username = await add_user("汇总承办", roles={district: (Role.officer,)}, certificate=True)
    headers = await reads_login(username)
    address = f"{username}@example.test"
    response = await reads_api.put("/notifications/preferences", json={"email": address}, headers=headers)
    assert response.status_code == 200
    case_id = await add_case(
        agency_id=district,
        case_no=f"汇总〔2026〕{uuid.uuid4().hex[:6]}号",
        party_name="某厂",
        officers=(await user_id(username),),
    )
    await add_deadline(case_id, "digest_test", datetime.now(UTC) - timedelta(days=1))
    queue = f"digest-{uuid.uuid4().hex[:6]}"
    handle = await ensure_digest_schedule(
        temporal_client, queue, schedule_id=f"test-digest-{uuid.uuid4().hex[:6]}"
    )
    try:
        described = await handle.describe()
        spec = described.schedule.spec
        assert spec.time_zone_name == "Asia/Shanghai"
        async with build_worker(temporal_client, queue):
            for _ in range(2):  # a second run the same day composes nothing new
                await handle.trigger()
                await asyncio.sleep(1)
            await until(lambda: any(m[0] == address for m in mailbox.messages))
            await asyncio.sleep(2)
    finally:
        await handle.delete()
    digests = [m for m in mailbox.messages if m[0] == address]
    assert len(digests) == 1 and "每日待办汇总" in digests[0][1]
    listed = (await reads_api.get("/notifications", headers=headers)).json()
    assert len(listed) == 1 and "已逾期期限（1项）" in listed[0]["body"]


async def test_ladder_rungs_fall_on_working_days_at_0830(database: str) -> None:
    """A deadline ending at 24:00 on Friday 20 November 2026 (a plain working week)."""
    cst = timezone(timedelta(hours=8))
    due_at = datetime(2026, 11, 21, tzinfo=cst)
    async with transaction() as session:
        calendar = await load_calendar(session)
    fired = {p.rung: p.fire_at.astimezone(cst) for p in plan(DEFAULT, due_at=due_at, calendar=calendar)}
    assert fired == {
        Rung.approaching: datetime(2026, 11, 18, 8, 30, tzinfo=cst),
        Rung.due_today: datetime(2026, 11, 20, 8, 30, tzinfo=cst),
        Rung.overdue: due_at,
        Rung.escalated_leader: datetime(2026, 11, 23, 8, 30, tzinfo=cst),  # Monday: the weekend skipped
        Rung.escalated_legal: datetime(2026, 11, 25, 8, 30, tzinfo=cst),
    }
    assert ladder_for("case_handling").rungs[0].working_days == -5
    assert ladder_for("seizure:abc") is DEFAULT
    assert ladder_for("m-1:report").rungs[0].rung is Rung.due_today  # 24 hours: no "approaching" rung


def test_the_deliveries_list_hides_a_robots_secret() -> None:
    wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"
    assert shown_target(Channel.webhook, wecom) == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
    dingtalk = "https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1"
    assert "abc123" not in shown_target(Channel.webhook, dingtalk)
    assert shown_target(Channel.email, "leader@example.gov.cn") == "leader@example.gov.cn"
