"""Each profile's recording rules, one case per article (issue 12, "Done when").

Every case drives the rule the system really applies — a step refused by the case workflow, an upload
refused by the evidence API, the check the API runs before an on-the-spot decision — and asserts the
refusal's field and the article it cites. The articles already proven elsewhere are not repeated here:

- 泰安 Art. 15(1) inquiry, exception only for 国家秘密: tests/workflows/test_investigation.py
  ``test_a_mandatory_recording_is_left_out_only_for_a_named_exception``; (1) hearing:
  tests/recording/test_hearing_and_simple.py ``test_taian_art_15_guangdong_art_16_a_hearing_is_recorded``;
  (3) coercive execution: tests/workflows/test_execution.py; (4) lodging and posted notice:
  tests/workflows/test_service.py ``test_lodging_needs_a_witness_or_recording_and_the_profiles_av``.
- 泰安 Art. 16, 山西 Art. 12, 广东 Art. 17, 新乡镇 Art. 12 (what a recording must show):
  tests/recording/test_procedure.py ``test_taian_16_shanxi_12_guangdong_17_xinxiang_12_…`` and, through
  the upload API, tests/recording/test_media.py ``test_taian_art_16_…_is_refused_at_upload``.
- 泰安 Art. 17 (2 working days to store): tests/rules/test_recording.py ``test_av_storage_deadline_per_profile``;
  the timer, overdue flag and met mark: tests/recording/test_storage_timers.py.
- 泰安 Art. 18 (audio transcript): tests/evidence/test_uploads.py ``test_description_is_checked_against_the_profile``
  (here: what the recording proves, the other point Art. 18 names).
- 山西 Art. 13 (device check), Art. 14 (spoken opening), Art. 15 (reason on resuming), 广东 Art. 18 and
  Art. 20 (break reported to the leader): tests/recording/test_procedure.py.
- 山西 Art. 11(3) and 新乡镇 Art. 15 (hearing as the situation requires):
  tests/recording/test_hearing_and_simple.py ``test_shanxi_art_11_xinxiang_art_15_…``.
- 广东 Art. 16 (hearing mandatory): tests/recording/test_hearing_and_simple.py; its storage: Art. 23 in
  tests/workflows/test_investigation.py ``test_av_storage_deadlines_follow_the_profile``.
- 广东 Art. 24 (disc copy, long-term retention): tests/recording/test_media.py
  ``test_guangdong_art_24_a_recording_used_as_evidence_goes_to_disc_and_is_kept_long`` and
  tests/recording/test_case_page.py.
- 明山 Art. 13 (inquiry as needed): tests/workflows/test_investigation.py
  ``test_av_storage_deadlines_follow_the_profile``; 明山 Art. 22(1) (the simple procedure answers):
  tests/recording/test_hearing_and_simple.py ``test_mingshan_art_22_…``.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from casetrail.activities.archive import refuse_missing_recordings
from casetrail.errors import CasetrailError
from casetrail.rules.recording import recording_obligation
from casetrail.rules.registry import get_profile
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation, Case
from casetrail.workflows.failures import from_failure
from casetrail.workflows.steps.simple_procedure import OnTheSpotDecision, check_on_the_spot_recording
from tests.evidence.conftest import GD_OPENING, EvLogin, metadata, new_case, upload_body
from tests.workflows.factory import (
    INQUIRY,
    INSPECTION,
    SEIZURE_DOCUMENTS,
    attempt,
    deadlines,
    filed_case,
    officer_ids,
    on_site,
    record_of,
    refused,
    submit,
    wait_for,
)
from tests.workflows.test_service import serve

from .test_hearing_and_simple import on_the_spot
from .test_procedure import SHANXI_OPENING

TAIAN = "《泰安市行政执法全过程记录办法》"
SHANXI = "《山西省行政执法全过程记录办法》"
GUANGDONG = "《广东省行政执法全过程记录办法（试行）》"
MINGSHAN = "《明山区应急管理局行政执法全过程记录制度》"


@dataclass(frozen=True)
class Drive:
    """What a case needs to run: the workflow test server, the evidence API and its logins."""

    env: WorkflowEnvironment
    api: httpx.AsyncClient
    login: EvLogin


@dataclass(frozen=True)
class Refusal:
    field: str
    citation: str | None


Run = Callable[[Drive], Awaitable[Refusal]]


def of(error: CasetrailError) -> Refusal:
    return Refusal(error.field or "", error.citation)


# ---- the case workflow refuses the step -------------------------------------------------------


async def act_refused(drive: Drive, profile_id: str, step: str, payload: dict[str, Any]) -> Refusal:
    case, _ = await filed_case(drive.env, profile_id=profile_id)
    return of(await refused(submit(case, step, on_site(await officer_ids(), **payload))))


async def taian_dispute_prone_inquiry_unrecorded(drive: Drive) -> Refusal:
    return await act_refused(
        drive, "taian-2017", "inquiry", INQUIRY | {"dispute_prone": True, "av_recorded": False}
    )


async def shanxi_seizure_unrecorded(drive: Drive) -> Refusal:
    seizure = {
        "measure": "seize",
        "reason": "涉嫌过期食品",
        "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
        "items": [{"name": "酸奶", "quantity": "12", "unit": "盒"}],
        "party_present": True,
        "rights_told": True,
        "av_recorded": False,
        **SEIZURE_DOCUMENTS,
    }
    return await act_refused(drive, "shanxi", "request_seizure", seizure)


async def shanxi_inquiry_in_the_case_handling_area_unrecorded(drive: Drive) -> Refusal:
    payload = INQUIRY | {"at_case_handling_area": True, "av_recorded": False}
    return await act_refused(drive, "shanxi", "inquiry", payload)


async def shanxi_inquiry_touching_liberty_unrecorded(drive: Drive) -> Refusal:
    payload = INQUIRY | {"touches_liberty_life_property": True, "av_recorded": False}
    return await act_refused(drive, "shanxi", "inquiry", payload)


async def shanxi_dispute_prone_inquiry_unanswered(drive: Drive) -> Refusal:
    return await act_refused(drive, "shanxi", "inquiry", INQUIRY | {"dispute_prone": True})


async def mingshan_inspection_unrecorded(drive: Drive) -> Refusal:
    return await act_refused(drive, "mingshan-emergency", "inspection", INSPECTION | {"av_recorded": False})


# ---- the API refuses an on-the-spot decision before starting its case -------------------------


async def on_the_spot_refused(profile_id: str, **av: Any) -> Refusal:
    now = datetime.now(UTC)
    decision = OnTheSpotDecision.model_validate(on_the_spot(now, **av)["on_the_spot"])
    with pytest.raises(CasetrailError) as caught:
        check_on_the_spot_recording(decision, get_profile(profile_id), now=now)
    return of(caught.value)


async def guangdong_dispute_prone_simple_procedure_unrecorded(drive: Drive) -> Refusal:
    return await on_the_spot_refused("guangdong-2018", dispute_prone=True, av_recorded=False)


async def mingshan_dispute_prone_simple_procedure_unrecorded(drive: Drive) -> Refusal:
    return await on_the_spot_refused("mingshan-emergency", dispute_prone=True, av_recorded=False)


async def shanxi_dispute_prone_simple_procedure_unanswered(drive: Drive) -> Refusal:
    return await on_the_spot_refused("shanxi", dispute_prone=True)


# ---- the evidence API refuses an upload for a duty owed without a break -----------------------

ARRIVED = {"arrived_at": "2026-03-02T09:00:00+08:00", "departed_at": "2026-03-02T09:40:00+08:00"}
BREAK = {
    "stopped_at": "2026-03-02T09:10:00+08:00",
    "resumed_at": "2026-03-02T09:12:00+08:00",
    "reason": "电量不足",
}


async def uninterrupted_duty(
    profile_id: str, agency: str, officers: tuple[str, str]
) -> tuple[uuid.UUID, str]:
    """A case under ``profile_id`` with one open duty owed without a break (as the workflow opens it)."""
    case_id = await new_case(agency, officers)
    key = f"seizure-{uuid.uuid4().hex[:8]}"
    async with transaction() as session:
        await session.execute(update(Case).where(Case.id == case_id).values(profile_id=profile_id))
        session.add(
            AvObligation(
                case_id=case_id,
                key=key,
                act="seal_seize",
                requirement="mandatory",
                uninterrupted=True,
                storage_due_at=datetime.now(UTC) + timedelta(days=2),
                citation=str(recording_obligation(get_profile(profile_id), "seal_seize").av_citation),
            )
        )
    return case_id, key


async def upload_refused(
    drive: Drive, profile_id: str, meta: dict[str, Any], officers: tuple[str, str] = ("officer1", "officer2")
) -> Refusal:
    agency = "demo-other-amr" if officers[0].startswith("gd_") else "demo-district-amr"
    case_id, key = await uninterrupted_duty(profile_id, agency, officers)
    body = upload_body(b"recording") | {"metadata": metadata(obligation_key=key, **meta)}
    response = await drive.api.post(
        f"/cases/{case_id}/uploads", json=body, headers=await drive.login(officers[0])
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    return Refusal(error["field"], error.get("citation"))


async def taian_description_without_what_it_proves(drive: Drive) -> Refusal:
    case_id = await new_case("demo-district-amr")
    body = upload_body(b"recording") | {"metadata": metadata(proves=" ")}
    response = await drive.api.post(
        f"/cases/{case_id}/uploads", json=body, headers=await drive.login("officer1")
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    return Refusal(error["field"], error.get("citation"))


SHANXI_DESCRIBED = {"device_checked": ["设备性能", "电量", "储存空间"], "opening": SHANXI_OPENING}


async def shanxi_recording_started_after_arrival(drive: Drive) -> Refusal:
    late_start = ARRIVED | {"arrived_at": "2026-03-02T08:50:00+08:00"}
    return await upload_refused(drive, "shanxi", SHANXI_DESCRIBED | late_start)


async def shanxi_break_resumed_without_its_reason(drive: Drive) -> Refusal:
    return await upload_refused(drive, "shanxi", SHANXI_DESCRIBED | ARRIVED | {"interruptions": [BREAK]})


async def guangdong_break_in_a_recording_owed_without_one(drive: Drive) -> Refusal:
    explained = BREAK | {"reason_stated_on_resume": True}
    described = {"opening": GD_OPENING, **ARRIVED, "interruptions": [explained]}
    return await upload_refused(drive, "guangdong-2018", described, ("gd_officer", "gd_officer2"))


@dataclass(frozen=True)
class Article:
    run: Run
    field: str
    citation: str


ARTICLES: dict[str, Article] = {
    "taian-art15(5)-dispute-prone-inquiry-unrecorded": Article(
        taian_dispute_prone_inquiry_unrecorded, "dispute_prone", f"{TAIAN}第十五条第（五）项"
    ),
    "taian-art18-description-without-what-it-proves": Article(
        taian_description_without_what_it_proves, "metadata.proves", f"{TAIAN}第十八条"
    ),
    "shanxi-art10(1)(2)-seizure-unrecorded": Article(
        shanxi_seizure_unrecorded, "av_exception", f"{SHANXI}第十条"
    ),
    "shanxi-art10(6)-inquiry-in-case-handling-area-unrecorded": Article(
        shanxi_inquiry_in_the_case_handling_area_unrecorded,
        "at_case_handling_area",
        f"{SHANXI}第十条第（六）项",
    ),
    "shanxi-art10(6)-inquiry-touching-liberty-life-property-unrecorded": Article(
        shanxi_inquiry_touching_liberty_unrecorded,
        "touches_liberty_life_property",
        f"{SHANXI}第十条第（六）项",
    ),
    "shanxi-art11(1)-dispute-prone-inquiry-unanswered": Article(
        shanxi_dispute_prone_inquiry_unanswered, "av_recorded", f"{SHANXI}第十一条第（一）项"
    ),
    "shanxi-art11(1)-dispute-prone-simple-procedure-unanswered": Article(
        shanxi_dispute_prone_simple_procedure_unanswered,
        "on_the_spot.av_recorded",
        f"{SHANXI}第十一条第（一）项",
    ),
    "shanxi-art14-recording-starts-after-arrival": Article(
        shanxi_recording_started_after_arrival, "metadata.recorded_from", f"{SHANXI}第十四条"
    ),
    "shanxi-art15-break-resumed-without-its-reason": Article(
        shanxi_break_resumed_without_its_reason,
        "metadata.interruptions.0.reason_stated_on_resume",
        f"{SHANXI}第十五条",
    ),
    "guangdong-art16-dispute-prone-simple-procedure-unrecorded": Article(
        guangdong_dispute_prone_simple_procedure_unrecorded,
        "on_the_spot.dispute_prone",
        f"{GUANGDONG}第十六条",
    ),
    "guangdong-art19-break-in-a-recording-owed-without-one": Article(
        guangdong_break_in_a_recording_owed_without_one, "metadata.interruptions", f"{GUANGDONG}第十九条"
    ),
    "mingshan-art13-inspection-unrecorded": Article(
        mingshan_inspection_unrecorded, "av_exception", f"{MINGSHAN}第十三条"
    ),
    "mingshan-art22(2)-dispute-prone-simple-procedure-unrecorded": Article(
        mingshan_dispute_prone_simple_procedure_unrecorded,
        "on_the_spot.dispute_prone",
        f"{MINGSHAN}第二十二条第二款",
    ),
}


@pytest.mark.parametrize("name", list(ARTICLES), ids=list(ARTICLES))
async def test_each_article_is_enforced_with_its_field_and_citation(
    name: str, time_env: WorkflowEnvironment, ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    article = ARTICLES[name]
    refusal = await article.run(Drive(time_env, ev_api, ev_login))
    assert refusal == Refusal(article.field, article.citation)


async def test_shanxi_art_15_an_explained_break_fulfils_a_duty_art_14_asks_to_cover(
    ev_api: httpx.AsyncClient, ev_login: EvLogin
) -> None:
    """山西 Art. 14 asks for arrival to the end, Art. 15 lets a break for an objective reason stand once
    its reason is stated on resuming: unlike 广东 Art. 19, the break does not void the recording."""
    case_id, key = await uninterrupted_duty("shanxi", "demo-district-amr", ("officer1", "officer2"))
    explained = BREAK | {"reason_stated_on_resume": True}
    meta = SHANXI_DESCRIBED | ARRIVED | {"interruptions": [explained], "obligation_key": key}
    body = upload_body(b"recording") | {"metadata": metadata(**meta)}
    response = await ev_api.post(f"/cases/{case_id}/uploads", json=body, headers=await ev_login("officer1"))
    assert response.status_code == 201, response.text


async def only_duty(case_id: uuid.UUID, act: str, citation: str) -> AvObligation:
    """The case's one recording duty: of ``act``, mandatory, citing ``citation``."""
    async with transaction() as session:
        [duty] = (
            await session.execute(select(AvObligation).where(AvObligation.case_id == case_id))
        ).scalars()
    assert (duty.act, duty.requirement, duty.citation) == (act, "mandatory", citation)
    return duty


async def test_a_duty_a_mark_made_mandatory_is_opened_and_timed_like_any_other(
    time_env: WorkflowEnvironment,
) -> None:
    """山西 Art. 10(6): an inquiry in the 执法办案场所 is recorded; the duty cites the article, carries
    its storage timer (Art. 17) and is what archiving waits for (a mandatory duty like every other)."""
    case, case_id = await filed_case(time_env, profile_id="shanxi")
    await submit(case, "inquiry", on_site(await officer_ids(), **INQUIRY, at_case_handling_area=True))
    duty = await only_duty(case_id, "inquiry", f"{SHANXI}第十条第（六）项")
    assert duty.uninterrupted  # 山西 Art. 14
    timer = (await deadlines(case_id))[f"av:{duty.key}"]
    assert timer.due_at == duty.storage_due_at and "第十七条" in (timer.citation or "")
    with pytest.raises(ApplicationError) as unarchived:
        refuse_missing_recordings([duty], [])
    refusal = from_failure(unarchived.value)
    assert refusal is not None and refusal.rule == "mandatory_recording_missing"
    assert refusal.citation == f"{SHANXI}第十条第（六）项"
    record = await record_of(case_id, "inquiry")
    assert record.fields["av"]["circumstances"] == ["在执法办案场所进行"]
    assert "at_case_handling_area" not in record.fields  # shown once, in the record's AV section


async def test_taian_art_15_5_a_service_marked_dispute_prone_is_recorded_and_timed(
    time_env: WorkflowEnvironment,
) -> None:
    """A direct service is not on 泰安 Art. 15's list; marked dispute-prone it is, by (5): refused unrecorded,
    and once recorded its duty is kept by the case with the storage timer of Art. 17."""
    case, case_id, service, now = await serve(time_env)
    served = {
        "place": "当事人经营场所",
        "receiver": "张三",
        "signed_at": now.isoformat(),
        "dispute_prone": True,
    }
    unrecorded = await refused(attempt(service, "direct", served))
    assert of(unrecorded) == Refusal("dispute_prone", f"{TAIAN}第十五条第（五）项")
    await attempt(service, "direct", served | {"av_recorded": True})
    await wait_for(case, lambda s: s.phase == "performance")
    duty = await only_duty(case_id, "direct_service", f"{TAIAN}第十五条第（五）项")
    state = await wait_for(case, lambda s: any(d["key"] == f"av:{duty.key}" for d in s.deadlines))
    assert state.phase == "performance"
