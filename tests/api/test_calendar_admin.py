"""Calendar administration through the API: admins only, audited, and the cases are told."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from casetrail.rules import national_deadlines
from casetrail.rules.legal_time import SHANGHAI, day_start
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from casetrail.store.models import AuditEvent, CalendarChange
from tests.calendar_helpers import last_day_of, mark_unpublished, notice_making_holiday

from .conftest import Login
from .helpers import approve_filing, ids_of, open_case, wait_for_phase


async def test_everyone_reads_the_calendar_only_admins_change_it(
    api: httpx.AsyncClient, login: Login
) -> None:
    year = (await api.get("/calendar/years/2026", headers=await login("officer1"))).json()
    assert year["published"] is True and len(year["days"]) == 365
    national_day = next(d for d in year["days"] if d["day"] == "2026-10-05")
    assert national_day["is_working"] is False and "国庆" in national_day["note"]
    assert national_day["source"] == "seed" and national_day["weekday"] == "周一"

    body = {"is_working": True, "note": "调休上班"}
    for user in ("officer1", "leader", "supervisor", "ops"):
        refused = await api.put("/calendar/days/2029-03-03", json=body, headers=await login(user))
        assert refused.status_code == 403, user
        assert refused.json()["error"]["rule"] == "calendar_admin"
    notice = {"notice": "国办发明电〔2028〕1号", "holidays": [{"day": "2029-01-01", "note": "元旦"}]}
    assert (
        await api.put("/calendar/years/2029/notice", json=notice, headers=await login("ops"))
    ).status_code == 403


async def test_setting_a_day_is_audited(api: httpx.AsyncClient, login: Login) -> None:
    admin = await login("admin")
    # 2029-03-03 is a Saturday: make it a make-up working day.
    response = await api.put(
        "/calendar/days/2029-03-03", json={"is_working": True, "note": "调休上班"}, headers=admin
    )
    assert response.status_code == 200, response.text
    change = response.json()
    assert change["changed_days"] == ["2029-03-03"] and "2029-03-03设为工作日" in change["summary"]
    assert change["announcement"]["failed"] == 0

    days = (await api.get("/calendar/years/2029", headers=admin)).json()["days"]
    saturday = next(d for d in days if d["day"] == "2029-03-03")
    assert saturday == {**saturday, "is_working": True, "note": "调休上班", "source": "admin"}
    async with transaction() as session:
        assert (await load_calendar(session)).is_working_day(date(2029, 3, 3))

    # A note-only correction is audited too, but changes no day's status.
    again = await api.put(
        "/calendar/days/2029-03-03", json={"is_working": True, "note": "补班"}, headers=admin
    )
    assert again.json()["changed_days"] == []

    audit = (await api.get("/calendar/changes", params={"year": 2029}, headers=admin)).json()
    first, second = (c for c in audit if c["id"] in {change["change_id"], again.json()["change_id"]})
    admin_id = (await ids_of("admin"))[0]
    assert first["actor_id"] == second["actor_id"] == admin_id and first["action"] == "day.set"
    assert first["detail"]["before"] is None and first["detail"]["after"]["note"] == "调休上班"
    assert second["detail"]["before"]["note"] == "调休上班" and second["detail"]["after"]["note"] == "补班"


async def test_calendar_changes_cannot_be_rewritten(api: httpx.AsyncClient, login: Login) -> None:
    await api.put(
        "/calendar/days/2029-04-07",
        json={"is_working": True, "note": "调休上班"},
        headers=await login("admin"),
    )
    with pytest.raises(DBAPIError, match="全过程记录不得修改或删除"):
        async with transaction() as session:
            await session.execute(text("UPDATE calendar_changes SET detail = '{}'::jsonb"))
    with pytest.raises(DBAPIError, match="全过程记录不得修改或删除"):
        async with transaction() as session:
            await session.execute(text("DELETE FROM calendar_changes"))


async def test_entering_a_notice_replaces_the_year_and_publishes_it(
    api: httpx.AsyncClient, login: Login
) -> None:
    admin = await login("admin")
    before = (await api.get("/calendar/years/2030", headers=admin)).json()
    assert before["published"] is False  # the holidays package has no 2030 notice
    notice = {
        "notice": "国办发明电〔2029〕9号",
        "holidays": [
            {"day": "2030-01-01", "note": "元旦"},
            {"day": "2030-10-01", "note": "国庆节"},
            {"day": "2030-10-02", "note": "国庆节"},
            {"day": "2030-10-03", "note": "国庆节"},
            {"day": "2030-10-04", "note": "国庆节"},
            {"day": "2030-10-07", "note": "国庆节"},
            {"day": "2030-10-08"},
        ],
        "workdays": [{"day": "2030-09-29", "note": "调休上班"}, {"day": "2030-10-12"}],
    }
    response = await api.put("/calendar/years/2030/notice", json=notice, headers=admin)
    assert response.status_code == 200, response.text
    change = response.json()
    assert "2030-09-29" in change["changed_days"] and "2030-10-08" in change["changed_days"]

    after = (await api.get("/calendar/years/2030", headers=admin)).json()
    assert after["published"] is True and after["notice"] == "国办发明电〔2029〕9号"
    by_day = {d["day"]: d for d in after["days"]}
    assert by_day["2030-10-08"] == {**by_day["2030-10-08"], "is_working": False, "note": "法定节假日"}
    assert by_day["2030-10-12"] == {**by_day["2030-10-12"], "is_working": True, "note": "调休上班"}
    assert by_day["2030-09-29"]["source"] == "notice"
    # The notice replaced the package's guesses for the year: 2030 Spring Festival is not in it.
    assert all(d["source"] in {"notice", "weekday"} for d in after["days"])
    # A deadline in 2030 is final now; one running into 2031 still is not.
    async with transaction() as session:
        calendar = await load_calendar(session)
    assert calendar.is_published(2030) and not calendar.is_published(2031)


async def test_a_malformed_notice_names_the_field(api: httpx.AsyncClient, login: Login) -> None:
    admin = await login("admin")

    async def put(body: dict[str, object], year: int = 2028) -> dict[str, str]:
        response = await api.put(f"/calendar/years/{year}/notice", json=body, headers=admin)
        assert response.status_code == 422, response.text
        error: dict[str, str] = response.json()["error"]
        return error

    one = [{"day": "2028-01-01", "note": "元旦"}]
    assert (await put({"notice": "", "holidays": one}))["field"] == "notice"
    assert (await put({"notice": "x", "holidays": []}))["field"] == "holidays"
    assert (await put({"notice": "x", "holidays": [{"day": "2028-02-30"}]}))["field"] == "holidays.0.day"
    wrong_year = await put({"notice": "x", "holidays": [{"day": "2027-12-31"}]})
    assert wrong_year["field"] == "holidays[0].day" and wrong_year["rule"] == "day_in_year"
    twice = await put({"notice": "x", "holidays": one, "workdays": [{"day": "2028-01-01"}]})
    assert twice["field"] == "workdays[0].day" and twice["rule"] == "day_listed_once"
    weekday = await put({"notice": "x", "holidays": one, "workdays": [{"day": "2028-01-04"}]})
    assert weekday["rule"] == "makeup_day_on_weekend"
    assert (await put({"notice": "x", "holidays": one}, year=1900))["rule"] == "year_range"
    bad_day = await api.put(
        "/calendar/days/2028-13-01", json={"is_working": True, "note": "x"}, headers=admin
    )
    assert bad_day.status_code == 422 and bad_day.json()["error"]["field"] == "day"
    unknown = await api.post("/calendar/changes/999999999/announce", headers=admin)
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "change_id"


async def test_entering_the_notice_recomputes_a_provisional_case_deadline(
    api: httpx.AsyncClient, login: Login
) -> None:
    """Dev server end to end: the 90-day clock runs into a year without its notice; the notice moves it."""
    officer, leader, admin = await login("officer1"), await login("leader"), await login("admin")
    clock_ends = datetime.now(SHANGHAI).date() + timedelta(days=national_deadlines.CASE_HANDLING.amount)
    await mark_unpublished(clock_ends.year)

    case = await open_case(api, officer)
    await approve_filing(api, officer, leader, case["id"])
    detail = await wait_for_phase(api, officer, case["id"], "investigation")
    (clock,) = detail["deadlines"]
    assert clock["key"] == "case_handling" and clock["provisional"] is True
    old_last_day = last_day_of(datetime.fromisoformat(clock["due_at"]))

    notice = await notice_making_holiday(old_last_day)
    response = await api.put(
        f"/calendar/years/{old_last_day.year}/notice", json=notice.model_dump(mode="json"), headers=admin
    )
    assert response.status_code == 200, response.text
    assert response.json()["changed_days"] == [old_last_day.isoformat()]
    assert response.json()["announcement"]["notified"] >= 1

    async with transaction() as session:
        calendar = await load_calendar(session, use_cache=False)
    new_last_day = calendar.next_working_day(old_last_day)
    assert new_last_day > old_last_day
    moved = await _wait_for_deadline(api, officer, case["id"], lambda d: not d["provisional"])
    assert last_day_of(datetime.fromisoformat(moved["due_at"])) == new_last_day
    assert datetime.fromisoformat(moved["due_at"]) == day_start(new_last_day + timedelta(days=1))
    detail = (await api.get(f"/cases/{case['id']}", headers=officer)).json()
    assert datetime.fromisoformat(detail["case"]["next_deadline_at"]) == datetime.fromisoformat(
        moved["due_at"]
    )

    async with transaction() as session:
        event = (
            await session.execute(
                select(AuditEvent).where(
                    AuditEvent.case_id == uuid.UUID(case["id"]), AuditEvent.action == "deadline.recomputed"
                )
            )
        ).scalar_one()
        change = await session.get(CalendarChange, response.json()["change_id"])
    assert change is not None and event.detail["calendar_change_id"] == change.id
    (entry,) = event.detail["moved"]
    assert entry["key"] == "case_handling" and entry["from_provisional"] is True
    assert entry["provisional"] is False and entry["last_day"] == new_last_day.isoformat()


async def _wait_for_deadline(
    api: httpx.AsyncClient, headers: dict[str, str], case_id: str, done: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """Poll the read model until the workflow's recomputation has been written."""
    for _ in range(200):
        (deadline,) = (await api.get(f"/cases/{case_id}", headers=headers)).json()["deadlines"]
        if done(deadline):
            return dict(deadline)
        await asyncio.sleep(0.1)
    raise AssertionError(f"the deadline was never recomputed: {deadline}")
