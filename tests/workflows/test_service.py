"""Serving the decision in every way (民诉法 Art. 87-95), as a child workflow of the case, against
the real time-skipping server and PostgreSQL. The district agency's profile is taian-2017, which
makes AV mandatory for lodging and posted public notices (Taian Art. 15)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from casetrail.errors import InvalidInput, ProcedureViolation
from casetrail.rules import national_deadlines
from casetrail.rules.legal_time import explain_deadline
from casetrail.services.calendar import load_calendar
from casetrail.store.db import transaction
from casetrail.store.models import AvObligation, Case, Deadline, Record
from casetrail.workflows.service import ServiceWorkflow
from casetrail.workflows.service_ways import day_in_cst

from .conftest import TIME_SKIPPING_QUEUE
from .factory import (
    attempt,
    env_now,
    issued_documents,
    penalty_decision,
    refused,
    start_decided_case,
    step,
    wait_for,
    wait_for_service,
)

DECISION_NO = "泰示岱监罚决字〔2026〕第1号"


async def serve(
    env: WorkflowEnvironment, **decision: Any
) -> tuple[WorkflowHandle[Any, Any], uuid.UUID, WorkflowHandle[Any, Any], datetime]:
    now = await env_now(env)
    case, case_id = await start_decided_case(
        env.client,
        TIME_SKIPPING_QUEUE,
        decision=replace(penalty_decision(now, **decision), document_no=DECISION_NO),
    )
    await step(case, "serve_decision", {})
    return case, case_id, await wait_for_service(env.client, case, "decision"), now


async def records_of(case_id: uuid.UUID, kind: str) -> list[Record]:
    async with transaction() as session:
        query = (
            select(Record).where(Record.case_id == case_id, Record.kind == kind).order_by(Record.created_at)
        )
        return list((await session.execute(query)).scalars())


async def deadline(case_id: uuid.UUID, key: str) -> Deadline:
    async with transaction() as session:
        query = select(Deadline).where(Deadline.case_id == case_id, Deadline.key.like(f"{key}%"))
        return (await session.execute(query)).scalar_one()


async def test_direct_service_on_announcement_opens_performance(time_env: WorkflowEnvironment) -> None:
    case, case_id, service, now = await serve(time_env, party_present=True)
    missing_reason = await refused(attempt(service, "direct", {"place": "当事人住所", "outcome": "failed"}))
    assert isinstance(missing_reason, InvalidInput) and missing_reason.field == "failure_reason"

    snapshot = await attempt(
        service, "direct", {"place": "执法现场", "receiver": "张三", "signed_at": now.isoformat()}
    )
    assert snapshot.status == "served" and snapshot.way == "direct"
    # Served: the service workflow completes with its result; nothing more can be attempted.
    assert (await service.result()).way == "direct"
    assert (await service.query(ServiceWorkflow.snapshot)).ways == []

    state = await wait_for(case, lambda s: s.phase == "performance")
    keys = {d["key"] for d in state.deadlines}
    # The party was there: no 7-working-day service clock, but the 15-day payment clock runs.
    assert "fine_payment" in keys and "decision_service" not in keys
    (receipt,) = await records_of(case_id, "service_direct")
    assert receipt.title == "送达回证（直接送达）"
    assert receipt.fields["受送达人或签收人"] == "张三" and receipt.fields["文号"] == DECISION_NO
    assert "第八十七条" in (receipt.citation or "") and "第八十八条" in (receipt.citation or "")
    # The 送达回证 is an issued document naming the served decision by its number.
    [(issued, text)] = await issued_documents(case_id, "service_receipt")
    assert receipt.fields["document_id"] == str(issued.id)
    assert DECISION_NO in text and "张三" in text and "测试当事人" in text


async def test_mail_service_counts_from_the_return_receipt(time_env: WorkflowEnvironment) -> None:
    case, case_id, service, now = await serve(time_env)
    posted, received = (now - timedelta(days=6)).date(), (now - timedelta(days=1)).date()
    early = await refused(
        attempt(
            service,
            "mail",
            {
                "carrier": "registered",
                "tracking_no": "XA1",
                "posted_on": received.isoformat(),
                "receipt_date": posted.isoformat(),
            },
        )
    )
    assert early.rule == "receipt_after_posting"
    await attempt(
        service,
        "mail",
        {
            "carrier": "express",
            "tracking_no": "SF123456",
            "posted_on": posted.isoformat(),
            "receipt_date": received.isoformat(),
            "mailing_list_no": "QD-7",
        },
    )
    await wait_for(case, lambda s: s.phase == "performance")

    # Time in transit is not counted: 15 days run from the date on the return receipt.
    async with transaction() as session:
        calendar = await load_calendar(session)
    expected = explain_deadline(day_in_cst(received), national_deadlines.FINE_PAYMENT, calendar)
    payment = await deadline(case_id, "fine_payment")
    assert payment.due_at == expected.end and "第六十七条" in (payment.citation or "")
    assert (await deadline(case_id, "decision_service")).status == "met"
    (receipt,) = await records_of(case_id, "service_mail")
    assert receipt.fields["邮寄方式"] == "快递" and receipt.fields["回执收件日期"] == received.isoformat()


async def test_lodging_needs_a_witness_or_recording_and_the_profiles_av(
    time_env: WorkflowEnvironment,
) -> None:
    case, case_id, service, now = await serve(time_env)
    lodging = {
        "refusal_reason": "当事人拒绝签收",
        "receiver": "张三",
        "place": "当事人住所",
        "lodged_at": now.isoformat(),
    }
    bare = await refused(attempt(service, "lodging", lodging))
    assert isinstance(bare, InvalidInput) and bare.rule == "witness_or_av"
    assert bare.citation and "第八十九条" in bare.citation
    # Taian makes AV mandatory for lodging service even with a witness (Taian Art. 15).
    witnessed = await refused(attempt(service, "lodging", {**lodging, "witness": "李四（社区居委会）"}))
    assert witnessed.rule == "av_mandatory" and witnessed.citation and "泰安" in witnessed.citation

    await attempt(service, "lodging", {**lodging, "witness": "李四（社区居委会）", "av_recorded": True})
    await wait_for(case, lambda s: s.phase == "performance")
    (record,) = await records_of(case_id, "service_lodging")
    assert record.fields["见证人"] == "李四（社区居委会）" and record.fields["拒收事由"] == "当事人拒绝签收"
    async with transaction() as session:
        (duty,) = (
            await session.execute(select(AvObligation).where(AvObligation.case_id == case_id))
        ).scalars()
    assert duty.act == "lodging_service" and duty.requirement == "mandatory"
    assert duty.storage_due_at is not None and duty.key == record.step_key  # 2 working days (Taian Art. 17)


async def test_forwarded_service_dates_from_the_signature(time_env: WorkflowEnvironment) -> None:
    case, case_id, service, now = await serve(time_env)
    signed = (now - timedelta(days=2)).date()
    await attempt(
        service,
        "entrusted",
        {
            "mode": "forwarded_detention",
            "reason": "当事人被羁押",
            "intermediary": "泰安市看守所",
            "server": "王五",
            "receiver": "张三",
            "signed_on": signed.isoformat(),
        },
    )
    await wait_for(case, lambda s: s.phase == "performance")
    (record,) = await records_of(case_id, "service_entrusted")
    assert record.fields["签收日期"] == signed.isoformat() and "第九十三条" in record.fields["依据"]
    assert "第九十四条" in (record.citation or "")


async def test_electronic_service_only_with_written_consent(time_env: WorkflowEnvironment) -> None:
    case, case_id, service, now = await serve(time_env)
    email = {
        "channel": "email",
        "address": "zhang@example.cn",
        "sent_at": now.isoformat(),
        "arrived_at": now.isoformat(),
    }
    no_consent = await refused(attempt(service, "electronic", email))
    assert isinstance(no_consent, ProcedureViolation) and no_consent.rule == "electronic_consent_required"
    assert (
        no_consent.citation
        and "第六十一条第二款" in no_consent.citation
        and "第九十条" in no_consent.citation
    )

    consent = {
        "channel": "email",
        "address": "zhang@example.cn",
        "signed_on": now.date().isoformat(),
        "signer": "张三",
    }
    await step(case, "record_service_consent", consent)
    await wait_for_consent(service)
    other_address = await refused(attempt(service, "electronic", {**email, "address": "li@example.cn"}))
    assert other_address.rule == "consented_address"
    await attempt(service, "electronic", email)
    await wait_for(case, lambda s: s.phase == "performance")
    assert [r.kind for r in await records_of(case_id, "electronic_service_consent")] == [
        "electronic_service_consent"
    ]
    assert len(await records_of(case_id, "service_electronic")) == 1


async def wait_for_consent(service: WorkflowHandle[Any, Any]) -> None:
    for _ in range(200):
        if (await service.query(ServiceWorkflow.snapshot)).consent_on_file:
            return
    raise AssertionError("the consent never reached the service workflow")


async def test_public_notice_is_a_last_resort_and_deemed_served_after_30_days(
    time_env: WorkflowEnvironment,
) -> None:
    case, case_id, service, now = await serve(time_env)
    notice = {
        "reason_others_failed": "当事人下落不明，直接送达未果",
        "carrier": "本机关公告栏及门户网站",
        "posted": True,
        "published_on": now.date().isoformat(),
        "notice_text": "限你自公告之日起三十日内领取行政处罚决定书",
        "collection_place": "本局政务服务窗口",
    }
    first = await refused(attempt(service, "public_notice", notice))
    assert isinstance(first, ProcedureViolation) and first.rule == "public_notice_last_resort"
    assert first.citation and "第九十五条" in first.citation

    await attempt(
        service, "direct", {"place": "当事人住所", "outcome": "failed", "failure_reason": "下落不明"}
    )
    unrecorded = await refused(attempt(service, "public_notice", notice))
    assert unrecorded.rule == "av_mandatory"  # posting the notice (Taian Art. 15)
    snapshot = await attempt(service, "public_notice", {**notice, "av_recorded": True})
    assert snapshot.status == "public_notice" and snapshot.deemed_served_at
    assert (await deadline(case_id, "service-decision")).status == "open"
    [(issued, text)] = await issued_documents(case_id, "public_notice")
    assert issued.number is not None and issued.number.startswith("泰示岱监公告字〔")
    assert DECISION_NO in text and "本局政务服务窗口" in text and "测试当事人" in text
    assert await issued_documents(case_id, "service_receipt") == []  # the direct attempt failed

    # 30 days from publication, moved to the next working day when the 30th is not one (民诉法 Art. 85).
    deemed_at = datetime.fromisoformat(snapshot.deemed_served_at)
    assert deemed_at - now >= timedelta(days=30)
    await time_env.sleep(deemed_at - await env_now(time_env) + timedelta(hours=1))
    state = await wait_for(case, lambda s: s.phase == "performance")
    # 30 days of notice outlast the 7 working days to serve an absent party (处罚法 Art. 61).
    assert "decision_service_overdue" in state.flags
    result = await service.result()
    assert result.way == "public_notice"
    assert (
        result.served_at.date()
        == (datetime.fromisoformat(snapshot.deemed_served_at) - timedelta(days=1)).date()
    )
    (deemed,) = await records_of(case_id, "service_public_notice_deemed")
    assert "第九十五条" in (deemed.citation or "")
    assert (await deadline(case_id, "service-decision")).status == "met"
    assert [r.fields["结果"] for r in await records_of(case_id, "service_direct")] == ["未能送达"]
    async with transaction() as session:
        row = await session.get(Case, case_id)
    assert row is not None and "decision_service_overdue" in row.flags and row.phase == "performance"
