"""Investigation acts: two case officers with certificates shown, records per the profile, AV duties."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from temporalio.testing import WorkflowEnvironment

from casetrail.store.db import transaction
from casetrail.store.models import AvObligation

from .factory import (
    INQUIRY,
    INSPECTION,
    SEIZURE_DOCUMENTS,
    case_row,
    deadlines,
    filed_case,
    officer_ids,
    on_site,
    record_of,
    refusal,
    submit,
    wait_for,
)


async def obligations(case_id: uuid.UUID) -> list[AvObligation]:
    async with transaction() as session:
        query = select(AvObligation).where(AvObligation.case_id == case_id).order_by(AvObligation.created_at)
        return list((await session.execute(query)).scalars())


async def test_an_act_by_one_officer_alone_is_refused_with_the_citation(
    time_env: WorkflowEnvironment,
) -> None:
    handle, _ = await filed_case(time_env)
    officers = await officer_ids()
    error = await refusal(submit(handle, "inquiry", on_site(officers[:1], **INQUIRY)))
    assert (error.rule, error.field) == ("two_officers", "officer_ids")
    assert error.citation == "《中华人民共和国行政处罚法》第四十二条" and error.allowed
    # The same officer twice is still one officer.
    error = await refusal(submit(handle, "inspection", on_site([officers[0]] * 2, **INSPECTION)))
    assert error.rule == "two_officers"
    stranger = await refusal(submit(handle, "inquiry", on_site([officers[0], str(uuid.uuid4())], **INQUIRY)))
    assert stranger.rule == "case_officer" and stranger.field == "officer_ids"
    # Named in words: how many are strangers and whom to choose from, never the id picked.
    assert "1人不是本案承办人" in stranger.message and officers[1] not in stranger.message


async def test_an_act_without_certificates_shown_is_refused(time_env: WorkflowEnvironment) -> None:
    handle, _ = await filed_case(time_env)
    payload = on_site(await officer_ids(), **INQUIRY) | {"certificates_shown": False}
    error = await refusal(submit(handle, "inquiry", payload))
    assert (error.rule, error.field) == ("certificate_shown", "certificates_shown")
    assert error.citation == "《中华人民共和国行政处罚法》第五十五条"
    seizure = await refusal(
        submit(
            handle,
            "request_seizure",
            on_site(
                await officer_ids(),
                measure="seize",
                reason="涉嫌过期食品",
                legal_basis="《中华人民共和国食品安全法》第一百一十条",
                items=[{"name": "酸奶", "quantity": "12", "unit": "盒"}],
                party_present=True,
                rights_told=True,
                **SEIZURE_DOCUMENTS,
            )
            | {"certificates_shown": False},
        )
    )
    assert seizure.citation and "《中华人民共和国行政强制法》第十八条" in seizure.citation


async def test_an_inquiry_records_who_was_there_and_opens_the_av_duty(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    await submit(handle, "inquiry", on_site(await officer_ids(), **INQUIRY))
    record = await record_of(case_id, "inquiry")
    assert record.title == "询问笔录" and record.fields["exchanges"][0]["question"] == "酸奶从何处进货？"
    assert record.fields["officer_count"] == 2 and record.fields["certificates_shown"] is True
    assert {o["certificate_no"] for o in record.fields["officers"]} == {"37090020260001", "37090020260002"}
    assert record.citation == "《中华人民共和国行政处罚法》第四十二条、《中华人民共和国行政处罚法》第五十五条"
    assert record.fields["av"]["requirement"] == "应当音像记录"

    [obligation] = await obligations(case_id)
    assert obligation.key == record.step_key and obligation.act == "inquiry"
    assert obligation.requirement == "mandatory" and "泰安市行政执法全过程记录办法》第十五条" in (
        obligation.citation or ""
    )
    assert obligation.description_fields == ["制作方法", "制作时间", "制作人", "证明对象"]
    deadline = (await deadlines(case_id))[f"av:{obligation.key}"]
    assert deadline.due_at == obligation.storage_due_at and "第十七条" in (deadline.citation or "")


async def test_av_storage_deadlines_follow_the_profile(time_env: WorkflowEnvironment) -> None:
    """Taian: 2 working days (Art. 17); Guangdong: 24 hours (Art. 23); Mingshan: inquiry only as needed."""
    ended = datetime.fromisoformat("2026-09-30T16:00:00+08:00")  # before the National Day holiday
    payload = on_site(await officer_ids(), **INQUIRY, recording_ended_at=ended.isoformat())

    taian, taian_id = await filed_case(time_env)
    await submit(taian, "inquiry", payload)
    [taian_duty] = await obligations(taian_id)
    # 2 working days from 09-30 skip the National Day holiday (10-01..10-07): 10-08 and 10-09.
    assert taian_duty.storage_due_at == datetime.fromisoformat("2026-10-10T00:00:00+08:00")

    guangdong, guangdong_id = await filed_case(time_env, profile_id="guangdong-2018")
    await submit(guangdong, "inquiry", payload)
    [guangdong_duty] = await obligations(guangdong_id)
    assert guangdong_duty.storage_due_at == ended + timedelta(hours=24)
    assert "广东省行政执法全过程记录办法（试行）》第十六条" in (guangdong_duty.citation or "")
    assert "取证人员" in guangdong_duty.description_fields

    # Guangdong counts from the return to the unit after remote work; Taian does not allow it.
    remote = payload | INSPECTION | {"returned_at": (ended + timedelta(days=3)).isoformat()}
    await submit(guangdong, "inspection", remote)
    assert (await obligations(guangdong_id))[1].storage_due_at == ended + timedelta(days=3, hours=24)
    error = await refusal(submit(taian, "inspection", remote))
    assert error.field == "returned_at" and "第十七条" in (error.citation or "")
    early = remote | {"returned_at": (ended - timedelta(hours=1)).isoformat()}
    assert (await refusal(submit(guangdong, "inspection", early))).rule == "return_after_recording"

    mingshan, mingshan_id = await filed_case(time_env, profile_id="mingshan-emergency")
    unanswered = await refusal(submit(mingshan, "inquiry", payload | {"signed_by": "刘某"}))
    assert unanswered.field == "av_recorded" and "第十三条" in (unanswered.citation or "")
    # Mingshan Art. 10: the record is signed by the party or a person present.
    unsigned = await refusal(submit(mingshan, "inquiry", payload | {"av_recorded": False, "signed_by": ""}))
    assert unsigned.field == "signed_by" and "第十条" in (unsigned.citation or "")
    await submit(mingshan, "inquiry", payload | {"av_recorded": False, "signed_by": "刘某"})
    assert await obligations(mingshan_id) == []
    assert (await record_of(mingshan_id, "inquiry")).fields["av"]["recorded"] is False


async def test_a_mandatory_recording_is_left_out_only_for_a_named_exception(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env)
    payload = on_site(await officer_ids(), **INQUIRY, av_recorded=False)
    error = await refusal(submit(handle, "inquiry", payload))
    assert (
        error.rule == "av_mandatory"
        and error.field == "av_exception"
        and "第十五条" in (error.citation or "")
    )
    # Any free text is not a ground: only the named exception, and it must be explained.
    error = await refusal(submit(handle, "inquiry", payload | {"av_not_recorded_reason": "设备不够"}))
    assert error.field == "av_exception"
    error = await refusal(submit(handle, "inquiry", payload | {"av_exception": "state_secret"}))
    assert error.field == "av_not_recorded_reason"
    await submit(
        handle,
        "inquiry",
        payload | {"av_exception": "state_secret", "av_not_recorded_reason": "询问内容涉及军工企业定密事项"},
    )
    assert await obligations(case_id) == []


async def test_av_obligation_unfulfilled_goes_overdue_and_fulfilled_is_met(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env, profile_id="guangdong-2018")
    officers = await officer_ids()
    await submit(handle, "inquiry", on_site(officers, **INQUIRY))
    await submit(handle, "inspection", on_site(officers, **INSPECTION))
    stored, missing = await obligations(case_id)
    # The upload API marks a recording stored by setting the status (another module's job).
    async with transaction() as session:
        await session.execute(
            update(AvObligation).where(AvObligation.id == stored.id).values(status="fulfilled")
        )

    await time_env.sleep(timedelta(hours=25))
    await wait_for(handle, lambda s: "av_storage_overdue" in s.flags)
    assert "av_storage_overdue" in (await case_row(case_id)).flags
    stored, missing = await obligations(case_id)
    assert (stored.status, missing.status) == ("fulfilled", "overdue")
    rows = await deadlines(case_id)
    assert rows[f"av:{stored.key}"].status == "met" and rows[f"av:{missing.key}"].status == "overdue"
    assert rows[f"av:{missing.key}"].due_at == missing.storage_due_at
    overdue = await record_of(case_id, "av_storage_overdue")
    assert overdue.fields["obligation_key"] == missing.key and "第二十三条" in (overdue.citation or "")


async def test_refusal_to_be_investigated_is_recorded(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    refusal_payload = on_site(
        await officer_ids(), refused_by="店主刘某", refused_act="现场检查", circumstances="锁闭仓库拒不开门"
    )
    await submit(handle, "record_refusal", refusal_payload)
    record = await record_of(case_id, "record_refusal")
    assert record.fields["circumstances"] == "锁闭仓库拒不开门"
    assert "泰安市行政执法全过程记录办法》第九条" in (record.citation or "")
    assert await obligations(case_id) == []
