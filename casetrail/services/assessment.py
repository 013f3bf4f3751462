"""The 考核 report: per agency or per officer for a period, the recording and handling figures with
the case-file review, naming the article of each agency's regulation it assesses against."""

from __future__ import annotations

import asyncio
import enum
import uuid
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail.rules.assessment import assessment_basis
from casetrail.store.models import Agency, Case, CaseOfficer, Membership, Role, User

from . import dashboard, review
from .dashboard import Rate, Scope

CST = timezone(timedelta(hours=8))


class By(enum.StrEnum):
    agency = "agency"
    officer = "officer"


@dataclass(frozen=True)
class Row:
    name: str
    cases: int
    closed: int
    overdue: int
    recording: Rate
    documents: Rate
    reviewed: int
    review_average: float | None
    review_passed: int


@dataclass(frozen=True)
class Report:
    title: str
    period: str
    basis: list[str]
    rows: list[Row]


HEADER = (
    "考核对象",
    "案件数",
    "已结案",
    "逾期",
    "音像记录按时存储率",
    "文书完整率",
    "评查案卷数",
    "评查平均分",
    "评查合格数",
)


def percent(rate: Rate) -> str:
    return (
        f"{rate.value * 100:.1f}%（{rate.numerator}/{rate.denominator}）" if rate.value is not None else "—"
    )


def cells(row: Row) -> list[str]:
    average = f"{row.review_average:.1f}" if row.review_average is not None else "—"
    return [
        row.name,
        str(row.cases),
        str(row.closed),
        str(row.overdue),
        percent(row.recording),
        percent(row.documents),
        str(row.reviewed),
        average,
        str(row.review_passed),
    ]


async def _row(session: AsyncSession, name: str, scope: Scope, now: datetime) -> Row:
    figures = await dashboard.figures(session, scope=scope, now=now)
    closed = (
        await session.execute(
            dashboard.drill(scope, dashboard.Figure.closed, None, now).with_only_columns(Case.id)
        )
    ).scalars()
    reviews = [await review.review_case(session, case_id=case_id) for case_id in list(closed)]
    return Row(
        name=name,
        cases=figures.total,
        closed=figures.closed,
        overdue=figures.overdue,
        recording=figures.recording,
        documents=figures.documents,
        reviewed=len(reviews),
        review_average=round(sum(r.score for r in reviews) / len(reviews), 1) if reviews else None,
        review_passed=sum(1 for r in reviews if r.passed),
    )


async def report(
    session: AsyncSession,
    *,
    agencies: Collection[uuid.UUID],
    by: By,
    opened_from: datetime | None,
    opened_to: datetime | None,
    now: datetime,
) -> Report:
    rows_in = (
        await session.execute(select(Agency).where(Agency.id.in_(agencies)).order_by(Agency.code))
    ).scalars()
    chosen = list(rows_in)
    rows: list[Row] = []
    if by is By.agency:
        for agency in chosen:
            scope = Scope([agency.id], opened_from, opened_to)
            rows.append(await _row(session, agency.name, scope, now))
    else:
        officers = (
            await session.execute(
                select(User.id, User.full_name)
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.agency_id.in_(agencies), Membership.role == Role.officer)
                .where(select(CaseOfficer.id).where(CaseOfficer.user_id == User.id).exists())
                .distinct()
                .order_by(User.full_name)
            )
        ).all()
        for officer_id, name in officers:
            scope = Scope(list(agencies), opened_from, opened_to, officer_id=officer_id)
            rows.append(await _row(session, name, scope, now))
    basis = sorted({assessment_basis(a.profile_id) for a in chosen})
    return Report(
        title="行政执法全过程记录考核报告（按执法机关）"
        if by is By.agency
        else "行政执法全过程记录考核报告（按执法人员）",
        period=_period(opened_from, opened_to),
        basis=basis,
        rows=rows,
    )


def _period(opened_from: datetime | None, opened_to: datetime | None) -> str:
    start = opened_from.astimezone(CST).date().isoformat() if opened_from else "不限"
    end = (opened_to - timedelta(days=1)).astimezone(CST).date().isoformat() if opened_to else "不限"
    return f"立案日期 {start} 至 {end}"


async def rows_of(report_: Report) -> AsyncIterator[list[str]]:
    yield [report_.period]
    for line in report_.basis:
        yield [f"考核依据：{line}"]
    yield list(HEADER)
    for row in report_.rows:
        yield cells(row)


def html_of(report_: Report) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in HEADER)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells(r)) + "</tr>" for r in report_.rows
    )
    basis = "".join(f"<li>{escape(b)}</li>" for b in report_.basis)
    return (
        '<html lang="zh-CN"><head><meta charset="utf-8"><style>'
        "@page { size: A4 landscape; margin: 18mm; } table { border-collapse: collapse; width: 100%; }"
        "td, th { border: 0.5pt solid #333; padding: 3pt; font-size: 9pt; } h1 { font-size: 16pt; text-align: center; }"
        "</style></head><body>"
        f"<h1>{escape(report_.title)}</h1><p>{escape(report_.period)}</p>"
        f"<p>考核依据：</p><ul>{basis}</ul>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )


async def pdf_of(report_: Report) -> bytes:
    from casetrail.documents.render import render_html

    return await asyncio.to_thread(render_html, html_of(report_))
