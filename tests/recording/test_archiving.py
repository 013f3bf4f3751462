"""Archiving is refused, with the article, while a mandatory recording is missing, unless a
leader signs a recorded exception."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from casetrail.errors import ProcedureViolation
from casetrail.store.db import transaction
from casetrail.store.models import Record, Role
from tests.evidence.conftest import add_obligation
from tests.workflows.factory import (
    actor,
    archiving_case,
    refused,
    step,
    submit,
)

TAIAN_17 = "《泰安市行政执法全过程记录办法》第十七条"


async def test_archiving_waits_for_a_mandatory_recording_or_a_signed_exception(
    time_env: WorkflowEnvironment,
) -> None:
    case, case_id = await archiving_case(time_env)
    # A duty an on-site act opened and nobody fulfilled (the upload API never saw its recording).
    await add_obligation(case_id, "0009-inspection", due_in=-timedelta(days=3))

    archive = {"file_no": "泰示岱监档〔2027〕8号", "retention": "长期"}
    error = await refused(step(case, "archive_case", archive, username="archivist"))
    assert isinstance(error, ProcedureViolation) and error.rule == "mandatory_recording_missing"
    assert error.citation == TAIAN_17 and "现场检查（勘验）（应于" in error.message
    # Named as a person knows it: the act and its due time, the step offered by its title, no key.
    assert "0009-inspection" not in error.message and error.allowed == ["负责人签署音像记录例外说明"]

    # Only a leader signs the exception; then the file may be archived, the exception in it.
    officer = await refused(
        step(case, "approve_recording_exception", {"obligation_key": "0009-inspection", "reason": "设备损毁"})
    )
    assert officer.rule == "role" and "行政机关负责人" in officer.message, officer
    exception = {"obligation_key": "0009-inspection", "reason": "执法记录仪存储卡损坏，经鉴定数据无法恢复"}
    await submit(case, "approve_recording_exception", exception, await actor("leader", Role.leader))
    assert (await step(case, "archive_case", archive, username="archivist")).phase == "archived"
    async with transaction() as session:
        signed = (
            await session.execute(
                select(Record).where(Record.case_id == case_id, Record.kind == "recording_exception")
            )
        ).scalar_one()
    assert signed.fields["signer"] == "钱七" and signed.fields["obligation_key"] == "0009-inspection"
    async with transaction() as session:
        archived = (
            await session.execute(select(Record).where(Record.case_id == case_id, Record.kind == "archive"))
        ).scalar_one()
    # Each kind of record has its retention class in the 卷内目录; Taian copies no recording to disc.
    index = archived.fields["index"]
    assert all(entry["description"]["保管期限"] for entry in index)
    [recording] = [entry for entry in index if entry["kind"] == "recording"]
    assert (
        recording["description"]["保管期限"] == "长期（定期30年）"
        and recording["description"]["光盘备份"] is None
    )
    texts = [e for e in index if e["kind"] == "record"]
    assert texts and all(e["description"]["保管期限"] == "长期（定期30年）" for e in texts)
