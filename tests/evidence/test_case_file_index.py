"""The 卷内目录 as a person reads it: a recording names the record of the act it records, never the
step key that links them; a text record's 文号 column stays empty (its title says what it is)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy import select

from casetrail.store.db import transaction
from casetrail.store.models import Record
from tests.api.helpers import approve_filing, open_case
from tests.issuing.case_file_check import check_case_file

from .conftest import EvLogin, add_obligation, metadata, upload, video_bytes


async def test_index_names_the_recorded_act_by_its_title_not_its_key(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    officer, leader = await ev_login("officer1"), await ev_login("leader")
    case_id = uuid.UUID((await open_case(ev_api, officer))["id"])
    assert (await approve_filing(ev_api, officer, leader, str(case_id))).status_code == 200
    async with transaction() as session:
        act = (
            await session.execute(
                select(Record).where(Record.case_id == case_id, Record.kind == "filing_request")
            )
        ).scalar_one()
    # A duty as the workflow opens one: keyed by the step key of the act's record.
    await add_obligation(case_id, act.step_key, due_in=timedelta(days=1))
    linked = await upload(
        ev_api, officer, case_id, video_bytes(256), metadata=metadata(obligation_key=act.step_key)
    )
    assert linked.status_code == 201, linked.text
    assert (await upload(ev_api, officer, case_id, video_bytes(128))).status_code == 201

    # check_case_file also asserts that no step key or evidence kind code appears in the index's text.
    bound = await check_case_file(case_id)
    evidence = [e for e in bound.index_snapshot["entries"] if e.get("sha256")]
    assert [e["number"] for e in evidence] == [act.title, None]
    records = [e for e in bound.index_snapshot["entries"] if e.get("kept_at") and not e.get("sha256")]
    assert records and all(e["number"] is None for e in records)


async def test_a_recording_whose_act_left_no_record_is_named_by_its_act(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    """A duty need not share its key with a text record: the 文号 cell then names the act recorded."""
    officer, leader = await ev_login("officer1"), await ev_login("leader")
    case_id = uuid.UUID((await open_case(ev_api, officer))["id"])
    assert (await approve_filing(ev_api, officer, leader, str(case_id))).status_code == 200
    await add_obligation(case_id, "0009-on_site_inspection", due_in=timedelta(days=1))
    meta = metadata(obligation_key="0009-on_site_inspection")
    assert (await upload(ev_api, officer, case_id, video_bytes(256), metadata=meta)).status_code == 201

    bound = await check_case_file(case_id)
    (recording,) = [e for e in bound.index_snapshot["entries"] if e.get("sha256")]
    assert recording["number"] == "音像记录：现场检查（勘验）"
