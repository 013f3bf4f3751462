"""Stored statuses are enumerations with a Chinese title each; the store reads them back typed and
refuses a value outside them, so no English status can reach a page or an export."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from casetrail.statuses import (
    ApprovalStatus,
    AvObligationStatus,
    AvRequirement,
    CaseStatus,
    DeadlineStatus,
    UploadStatus,
)
from casetrail.store import db
from casetrail.store.models import Agency, Case, User

ENUMERATIONS = (CaseStatus, ApprovalStatus, DeadlineStatus, AvRequirement, AvObligationStatus, UploadStatus)
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("enumeration", ENUMERATIONS, ids=lambda e: e.__name__)
def test_every_status_has_a_chinese_title(enumeration: type[CaseStatus]) -> None:
    for member in enumeration:
        assert HAN.search(member.title) and not re.search(r"[A-Za-z]", member.title), member


def test_same_value_in_two_enumerations_keeps_its_own_title() -> None:
    # "open" is a case being handled, a task waiting for a signature and a recording not yet stored.
    assert CaseStatus.open.title == "办理中"
    assert ApprovalStatus.open.title == "待签批"
    assert AvObligationStatus.open.title == "待上传"


class _RolledBack(Exception):
    pass


async def test_the_store_reads_statuses_typed_and_refuses_an_unknown_one(database: str) -> None:
    with pytest.raises(_RolledBack):  # nothing of this test stays in the shared database
        async with db.transaction() as session:
            agency = (await session.execute(select(Agency).limit(1))).scalar_one()
            user = (await session.execute(select(User).limit(1))).scalar_one()
            case = Case(
                case_no="测试状态〔2026〕1号",
                agency_id=agency.id,
                workflow_id=f"status-test-{uuid.uuid4()}",
                profile_id="taian",
                profile_version="1",
                start_type="ex_officio",
                cause="状态类型测试",
                party={},
                phase="filing",
                created_by=user.id,
            )
            session.add(case)
            await session.flush()
            await session.execute(
                text("UPDATE cases SET status = 'archived' WHERE id = :id"), {"id": case.id}
            )
            await session.refresh(case)
            assert case.status is CaseStatus.archived and case.status.title == "已归档"
            case.status = "pending"  # type: ignore[assignment]  # what a careless writer could do
            with pytest.raises(StatementError, match="is not among the defined enum values"):
                await session.flush()
            raise _RolledBack
