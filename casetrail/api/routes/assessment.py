"""考核 reports (JSON, Excel, PDF) and 案卷评查 of one closed case file, with supervisors' manual scores."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, Field

from casetrail.services import assessment, review
from casetrail.services.assessment import By
from casetrail.services.exports import MEDIA_TYPES, ExportFormat, Sheet, attachment_name, render

from ..deps import CurrentCase, CurrentUser, SessionDep
from .dashboard import ScopeDep

router = APIRouter(tags=["assessment"])


class ReportOut(BaseModel):
    title: str
    period: str
    basis: list[str]
    header: list[str]
    rows: list[list[str]]


class ReviewOut(BaseModel):
    score: int
    vetoed: bool
    passed: bool
    verdict: str
    findings: list[review.Finding]  # each deduction with the rule it cites
    manual: list[review.ManualFinding]


class ManualScoreBody(BaseModel):
    deduction: int = Field(description="扣分（负数为加回）")
    comment: str = Field(min_length=1, max_length=2000, description="评查意见")


async def build(
    session: SessionDep,
    scope: ScopeDep,
    by: Annotated[By, Query(description="按执法机关或执法人员")] = By.agency,
) -> assessment.Report:
    return await assessment.report(
        session,
        agencies=scope.agencies,
        by=by,
        opened_from=scope.opened_from,
        opened_to=scope.opened_to,
        now=datetime.now(UTC),
    )


ReportDep = Annotated[assessment.Report, Depends(build)]


@router.get("/assessment", response_model=ReportOut)
async def assessment_report(report: ReportDep) -> ReportOut:
    return ReportOut(
        title=report.title,
        period=report.period,
        basis=report.basis,
        header=list(assessment.HEADER),
        rows=[assessment.cells(r) for r in report.rows],
    )


@router.get("/assessment/report.xlsx")
async def assessment_excel(report: ReportDep) -> Response:
    body = await render(Sheet("考核", [report.title], assessment.rows_of(report)), ExportFormat.xlsx)
    return Response(
        body,
        media_type=MEDIA_TYPES[ExportFormat.xlsx],
        headers={"Content-Disposition": attachment_name(report.title, ExportFormat.xlsx.value)},
    )


@router.get("/assessment/report.pdf")
async def assessment_pdf(report: ReportDep) -> Response:
    body = await assessment.pdf_of(report)
    disposition = attachment_name(report.title, "pdf")
    return Response(body, media_type="application/pdf", headers={"Content-Disposition": disposition})


def _review_out(result: review.Review) -> ReviewOut:
    verdict = "不合格（否决项）" if result.vetoed else ("合格" if result.passed else "不合格（得分不足）")
    return ReviewOut(
        score=result.score,
        vetoed=result.vetoed,
        passed=result.passed,
        verdict=verdict,
        findings=result.findings,
        manual=result.manual,
    )


@router.get("/cases/{case_id}/review", response_model=ReviewOut)
async def case_review(case: CurrentCase, session: SessionDep) -> ReviewOut:
    """The case file scored against the rubric: each deduction with its rule, veto items first."""
    return _review_out(await review.review_case(session, case_id=case.id))


@router.post("/cases/{case_id}/review/scores", response_model=ReviewOut, status_code=status.HTTP_201_CREATED)
async def add_score(
    body: ManualScoreBody, case: CurrentCase, session: SessionDep, user: CurrentUser
) -> ReviewOut:
    await review.add_manual_score(
        session, case=case, reviewer=user, deduction=body.deduction, comment=body.comment
    )
    return _review_out(await review.review_case(session, case_id=case.id))
