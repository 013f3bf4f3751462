"""Query parameters of the case and task lists, the next-page header, and the exported columns."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, AsyncIterator
from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated, Any

from fastapi import Depends, Query, Response

from casetrail.rules.deadline_text import deadline_text
from casetrail.services.search import CaseFilter, Page
from casetrail.statuses import CaseStatus
from casetrail.store.models import Case
from casetrail.workflows.phases import phase_title

CST = timezone(timedelta(hours=8))
NEXT_CURSOR_HEADER = "X-Next-Cursor"

START_TYPE_TITLES = {
    "ex_officio": "依职权",
    "complaint": "投诉举报",
    "application": "依申请",
    "emergency": "先行启动",
    "simple": "简易程序",
    "inspection": "行政检查",
}
FLAG_TITLES = {
    "archive_overdue": "归档逾期",
    "av_storage_overdue": "音像记录存储逾期",
    "case_handling_approaching": "办案期限即将届满",
    "case_handling_overdue": "办案期限已届满",
    "correction_check_due": "改正期限届满待复查",
    "court_application_window_passed": "申请法院强制执行期限已过",
    "decision_service_overdue": "决定书送达逾期",
    "emergency_backfill_overdue": "先行启动补办逾期",
    "emergency_measure_report_overdue": "紧急措施报告逾期",
    "evidence_preservation_overdue": "证据先行登记保存处理逾期",
    "fine_bank_deposit_overdue": "当场收缴罚款缴付银行逾期",
    "fine_handover_overdue": "当场收缴罚款交纳逾期",
    "fine_payment_overdue": "罚款缴纳逾期",
    "hearing_notice_too_late": "听证通知书送达过迟，须另定听证时间",
    "freeze_delivery_overdue": "冻结决定书交付逾期",
    "freeze_period_ended": "冻结期限届满",
    "liberty_overdue": "限制人身自由超过法定期限",
    "not_performed": "当事人未履行",
    "rights_not_exercised": "当事人未行使陈述申辩权",
    "seizure_overdue": "查封扣押期限届满",
}


def flag_title(flag: object) -> str:
    return FLAG_TITLES.get(str(flag), "其他标记")


def day_start(day: date | None, *, next_day: bool = False) -> datetime | None:
    """Beijing midnight of ``day`` (or of the day after: an inclusive "to" date)."""
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1 if next_day else 0), time(), CST)


def case_filter(
    q: Annotated[
        str | None, Query(max_length=100, description="案件编号、当事人名称或信用代码（包含即可）")
    ] = None,
    officer_id: Annotated[uuid.UUID | None, Query(description="承办人")] = None,
    phase: Annotated[str | None, Query(description="阶段")] = None,
    start_type: Annotated[str | None, Query(description="启动方式")] = None,
    profile_id: Annotated[str | None, Query(description="适用规定")] = None,
    status: Annotated[CaseStatus | None, Query(description="状态")] = None,
    agency_id: Annotated[uuid.UUID | None, Query(description="执法机关（含下级机关）")] = None,
    opened_from: Annotated[date | None, Query(description="立案日期起（含）")] = None,
    opened_to: Annotated[date | None, Query(description="立案日期止（含）")] = None,
    deadline_from: Annotated[date | None, Query(description="下一期限起（含）")] = None,
    deadline_to: Annotated[date | None, Query(description="下一期限止（含）")] = None,
    overdue: Annotated[bool | None, Query(description="是否已逾期")] = None,
    flagged: Annotated[bool | None, Query(description="是否有标记（逾期、提醒等）")] = None,
    flag: Annotated[str | None, Query(description="含有该标记")] = None,
) -> CaseFilter:
    return CaseFilter(
        q=q,
        officer_id=officer_id,
        phase=phase,
        start_type=start_type,
        profile_id=profile_id,
        status=status,
        agency_id=agency_id,
        opened_from=day_start(opened_from),
        opened_to=day_start(opened_to, next_day=True),
        deadline_from=day_start(deadline_from),
        deadline_to=day_start(deadline_to, next_day=True),
        overdue=overdue,
        flagged=flagged,
        flag=flag,
    )


CaseFilterDep = Annotated[CaseFilter, Depends(case_filter)]


def announce_next(response: Response, page: Page[Any]) -> None:
    """The next page's cursor goes in a header, so that the body stays the plain list it always was."""
    if page.next_cursor:
        response.headers[NEXT_CURSOR_HEADER] = page.next_cursor


def beijing(value: datetime | None) -> str:
    return value.astimezone(CST).strftime("%Y-%m-%d %H:%M") if value else ""


CASE_HEADER = (
    "案件编号",
    "当事人",
    "统一社会信用代码/身份证号",
    "案由",
    "启动方式",
    "阶段",
    "状态",
    "下一期限",
    "期限事项",
    "标记",
    "立案时间",
)


def status_title(case: Case) -> str:
    """The case's status; an inspection that ended says how (已办结, 已移送立案), as its phase does: no
    case was closed (已结案) when an inspection found nothing or handed its findings to one."""
    if case.start_type == "inspection" and case.status == CaseStatus.closed:
        return phase_title(case.phase)
    return case.status.title


def case_row(case: Case) -> list[str]:
    party = case.party or {}
    return [
        case.case_no,
        str(party.get("name", "")),
        str(party.get("id_number", "")),
        case.cause,
        START_TYPE_TITLES.get(case.start_type, case.start_type),
        phase_title(case.phase),
        status_title(case),
        deadline_text(case.next_deadline_at),
        case.next_deadline_label or "",
        "、".join(flag_title(f) for f in case.flags),
        beijing(case.created_at),
    ]


async def case_rows(cases: AsyncIterable[Case]) -> AsyncIterator[list[str]]:
    async for case in cases:
        yield case_row(case)
