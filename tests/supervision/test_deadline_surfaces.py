"""Every surface shows a deadline's true last day (issue 17): a day-counted period "ends at the end of"
its last day, stored as 00:00 of the next day, and must never read as that next day. An hour-counted
period shows its exact time.

The three kinds are computed by the real legal-time code from fixed starts; the expected texts below
are counted by hand from the 2026 calendar (民诉法 Art. 85, 处罚法 Art. 85)."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from casetrail.config import Settings
from casetrail.notifications import service
from casetrail.notifications.delivery import deliver
from casetrail.notifications.digest import digest_for
from casetrail.rules import national_deadlines as periods
from casetrail.rules.calendar_seed import seed_calendar
from casetrail.rules.escalation import Rung
from casetrail.rules.legal_time import explain_deadline
from casetrail.store.db import transaction
from casetrail.store.models import Deadline, Record, Role
from tests.api.conftest import Login

from .channels import Mailbox, smtp_server
from .helpers import add_agency, add_case, add_task, add_user, user_id

CST = timezone(timedelta(hours=8))
CALENDAR = seed_calendar(range(2026, 2028))

# 5 working days (处罚法 Art. 64(1), Art. 85) from Monday 2026-11-30: 12-01..12-04 and Monday 12-07.
WORKING = explain_deadline(datetime(2026, 11, 30, 10, tzinfo=CST), periods.HEARING_REQUEST, CALENDAR)
# 15 calendar days (处罚法 Art. 67) from 2026-11-27 end on Saturday 12-12: rolled to Monday 12-14.
CALENDAR_DAYS = explain_deadline(datetime(2026, 11, 27, 9, tzinfo=CST), periods.FINE_PAYMENT, CALENDAR)
# 24 hours (强制法 Art. 19) from 2026-12-07 15:30: its exact time, not rolled over anything.
HOURS = explain_deadline(
    datetime(2026, 12, 7, 15, 30, tzinfo=CST), periods.EMERGENCY_MEASURE_REPORT, CALENDAR
)

SHOWN = {
    "working": "2026-12-07（星期一）24:00前",
    "calendar": "2026-12-14（星期一）24:00前",
    "hours": "2026-12-08（星期二）15:30前",
}
SHORT = {"working": "2026-12-07 当日届满", "calendar": "2026-12-14 当日届满", "hours": "2026-12-08 15:30前"}
# What the machine instants would read as if printed: the day after the last day, at 00:00.
WRONG = ("2026-12-08 00:00", "2026年12月08日 00:00", "2026-12-15 00:00", "2026年12月15日 00:00")
LABELS = {"working": "听证申请期限", "calendar": "罚款缴纳期限", "hours": "紧急措施补办手续"}


@pytest.fixture(scope="module")
async def world() -> dict[str, Any]:
    district = await add_agency("期限表述测试局")
    officer = await add_user("期限承办", roles={district: (Role.officer,)}, certificate=True)
    leader = await add_user("期限局长", roles={district: (Role.leader,)})
    case_id = await add_case(
        agency_id=district,
        case_no=f"期限〔2026〕{uuid.uuid4().hex[:6]}号",
        party_name="某期限公司",
        officers=(await user_id(officer),),
        next_deadline_at=WORKING.end,
        next_deadline_label=LABELS["working"],
    )
    async with transaction() as session:
        for kind, result in (("working", WORKING), ("calendar", CALENDAR_DAYS), ("hours", HOURS)):
            session.add(Deadline(case_id=case_id, key=f"shown-{kind}", label=LABELS[kind], due_at=result.end))
        # A record quoting a deadline, as the overdue records do (due_at in its fields).
        session.add(
            Record(
                case_id=case_id,
                step_key="shown-overdue",
                kind="deadline_overdue",
                title="期限已届满：听证申请期限",
                fields={
                    "deadline": LABELS["working"],
                    "due_at": WORKING.end.isoformat(),
                    "correct_by": "2026-12-14",
                },
            )
        )
    task_id = await add_task(
        case_id=case_id, agency_id=district, role="leader", due_at=HOURS.end, title="紧急措施补办审批"
    )
    return {"officer": officer, "leader": leader, "case_id": case_id, "task_id": task_id}


async def test_the_case_page_and_lists_show_the_last_day(
    reads_api: httpx.AsyncClient, reads_login: Login, world: dict[str, Any]
) -> None:
    officer = await reads_login(world["officer"])
    page = await reads_api.get(f"/ui/cases/{world['case_id']}", headers=officer)
    assert page.status_code == 200, page.text
    for kind in SHOWN:
        assert SHOWN[kind] in page.text, kind
    timeline = page.text.split('id="records"', 1)[1]
    assert f"<dt>期限届满</dt><dd>{SHOWN['working']}</dd>" in timeline, timeline
    assert f"<dt>期限</dt><dd>{LABELS['working']}</dd>" in timeline, timeline
    assert f"<dd>{SHOWN['calendar']}</dd>" in timeline, timeline  # a last day recorded as a date
    listed = (await reads_api.get("/ui/cases", headers=officer)).text
    assert SHOWN["working"] in listed
    leader = await reads_login(world["leader"])
    for path in ("/ui/tasks", "/ui/desk"):
        text = (await reads_api.get(path, headers=leader)).text
        assert SHOWN["hours"] in text, path
    for text in (page.text, listed):
        assert not [wrong for wrong in WRONG if wrong in text]


async def test_the_api_gives_the_machine_instant_and_the_last_day_in_words(
    reads_api: httpx.AsyncClient, reads_login: Login, world: dict[str, Any]
) -> None:
    officer = await reads_login(world["officer"])
    detail = (await reads_api.get(f"/cases/{world['case_id']}", headers=officer)).json()
    shown = {d["key"].removeprefix("shown-"): d for d in detail["deadlines"]}
    for kind, result in (("working", WORKING), ("calendar", CALENDAR_DAYS), ("hours", HOURS)):
        assert datetime.fromisoformat(shown[kind]["due_at"]) == result.end
        assert shown[kind]["due_text"] == SHOWN[kind]
    assert [shown[k]["last_day"] for k in SHOWN] == ["2026-12-07", "2026-12-14", "2026-12-08"]
    # The machine value stays the exclusive instant: 00:00 after the last day, or the exact hour.
    assert WORKING.end == datetime(2026, 12, 8, tzinfo=CST) and CALENDAR_DAYS.end == datetime(
        2026, 12, 15, tzinfo=CST
    )
    assert HOURS.end == datetime(2026, 12, 8, 15, 30, tzinfo=CST)
    assert detail["case"]["next_deadline_text"] == SHOWN["working"]

    leader = await reads_login(world["leader"])
    tasks = (await reads_api.get("/tasks", params={"case_id": str(world["case_id"])}, headers=leader)).json()
    assert [t["due_text"] for t in tasks] == [SHOWN["hours"]]
    desk = (await reads_api.get("/desk", params={"limit": 200}, headers=leader)).json()
    assert [i["due_text"] for i in desk if i["task_id"] == str(world["task_id"])] == [SHOWN["hours"]]

    export = await reads_api.get("/cases/export.csv", headers=officer)
    rows = [
        r
        for r in csv.reader(io.StringIO(export.content.decode("utf-8-sig")))
        if detail["case"]["case_no"] in r
    ]
    assert rows and SHOWN["working"] in rows[0]


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as (box, port):
        yield box, port


async def test_reminder_emails_name_the_last_day(
    reads_api: httpx.AsyncClient,
    reads_login: Login,
    world: dict[str, Any],
    mailbox: tuple[Mailbox, int],
) -> None:
    box, port = mailbox
    address = f"{world['officer']}@example.test"
    response = await reads_api.put(
        "/notifications/preferences", json={"email": address}, headers=await reads_login(world["officer"])
    )
    assert response.status_code == 200, response.text
    settings = Settings(CASETRAIL_SMTP_HOST="127.0.0.1", CASETRAIL_SMTP_PORT=port)  # type: ignore[call-arg]
    for kind, result in (("working", WORKING), ("calendar", CALENDAR_DAYS), ("hours", HOURS)):
        async with transaction() as session:
            deliveries = await service.fire_rung(
                session,
                case_id=world["case_id"],
                deadline_key=f"shown-{kind}",
                due_at=result.end,
                rung=Rung.approaching,
                settings=settings,
            )
        assert len(deliveries) == 1
        await deliver(deliveries[0], settings=settings, now=datetime.now(UTC))
        [(_, body)] = [m for m in box.bodies if m[0] == address and LABELS[kind] in m[1]]
        assert SHOWN[kind] in body, body
        assert not [wrong for wrong in WRONG if wrong in body]


async def test_the_daily_digest_names_the_last_day(world: dict[str, Any]) -> None:
    # A week on: two of the deadlines have passed, the third ends within the digest's horizon.
    now = datetime(2026, 12, 13, 9, tzinfo=CST)
    async with transaction() as session:
        officer = await digest_for(session, user_id=await user_id(world["officer"]), now=now)
        leader = await digest_for(session, user_id=await user_id(world["leader"]), now=now)
    assert officer is not None and leader is not None
    for kind in SHORT:
        assert f"{LABELS[kind]}（{SHORT[kind]}）" in officer, officer
    assert f"紧急措施补办审批（{SHORT['hours']}）" in leader, leader
    assert not [wrong for wrong in ("12月08日 00:00", "12月15日 00:00") if wrong in officer]
