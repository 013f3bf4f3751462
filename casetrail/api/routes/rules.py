"""The rules as the law states them, for anyone (no login): statutes and the recording checklist
are public (Guangdong Art. 16 requires the checklist to be published).

Profiles and their rules with citations, recording obligations per act, required records per
step, the published checklist (JSON, HTML, PDF), and the what-if deadline calculator.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Header, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, field_validator

from casetrail import limits
from casetrail.errors import InvalidInput
from casetrail.rules import national_deadlines
from casetrail.rules.acts import EnforcementAct, parse_act
from casetrail.rules.checklist import ChecklistRow, recording_checklist
from casetrail.rules.legal_time import SHANGHAI, explain_deadline
from casetrail.rules.national_citations import CIVIL_PROCEDURE_85
from casetrail.rules.periods import UNIT_ZH, Pause, Period, TimeUnit
from casetrail.rules.profile_model import Profile, RecordRequirement
from casetrail.rules.recording import RecordingObligation, recording_obligation, required_records
from casetrail.rules.registry import get_profile, list_profiles, list_versions
from casetrail.rules.steps import ProcedureStep, parse_step
from casetrail.services.calendar import load_calendar

from ..deps import SessionDep
from ..pages import checklist_html
from ..pdf import html_to_pdf

router = APIRouter(tags=["rules"])

Version = Annotated[str | None, Query(description="规则版本；缺省为最新版本")]


class ProfileSummary(BaseModel):
    id: str
    name: str
    version: str
    versions: list[str]
    valid_from: date | None
    regulation: str
    scope: str
    checklist_required: bool


# A what-if question spans at most a few decades: longer periods or pauses are no statutory
# question, and computing them day by day would occupy a worker thread for tens of seconds.
WHAT_IF_YEARS = (limits.YEAR_MIN, limits.YEAR_MAX)
LONGEST: dict[TimeUnit, int] = {"hours": 24 * 366, "calendar_days": 3660, "working_days": 2500, "months": 120}
PAUSES_MAX = 20
PAUSED_DAYS_MAX = 3660


class WhatIfBody(BaseModel):
    """ "Served on X, 5 working days: when does it end, and why?" Either a preset or amount + unit."""

    start: datetime = Field(description="起算时间或日期（ISO 8601）；未带时区的按北京时间")
    preset: str | None = Field(
        default=None, description="法定期间，如 hearing_request；见 /deadlines/presets"
    )
    amount: int | None = Field(default=None, gt=0, le=10_000, description="期间数量（自定义期间）")
    unit: TimeUnit | None = Field(default=None, description="hours | calendar_days | working_days | months")
    pauses: list[Pause] = Field(
        default_factory=list, max_length=PAUSES_MAX, description="中止期间（整日，含首尾）"
    )

    @field_validator("start")
    @classmethod
    def _start_bounded(cls, start: datetime) -> datetime:
        first, last = WHAT_IF_YEARS
        if not first <= start.year <= last:
            raise ValueError(f"起算时间应在 {first} 年至 {last} 年之间")
        return start

    @field_validator("pauses")
    @classmethod
    def _pauses_bounded(cls, pauses: list[Pause]) -> list[Pause]:
        first, last = WHAT_IF_YEARS
        if sum((p.last_day - p.first_day).days + 1 for p in pauses) > PAUSED_DAYS_MAX:
            raise ValueError(f"中止期间合计不得超过 {PAUSED_DAYS_MAX} 日")
        if any(not first <= p.first_day.year <= last for p in pauses):
            raise ValueError(f"中止期间应在 {first} 年至 {last} 年之间")
        return pauses


class PresetOut(BaseModel):
    name: str
    label: str
    unit: TimeUnit
    citation: str


class WhatIfOut(BaseModel):
    preset: str | None
    period: str
    start: datetime
    end: datetime = Field(description="届满时刻（最后一日 24:00，北京时间）")
    last_day: date
    counting_rule: str
    citation: str
    citations: list[str]
    provisional: bool = Field(description="跨越尚未公布节假日安排的年份，公布后可能变化")
    paused_days: int
    explanation: list[str]


@router.get("/profiles", response_model=list[ProfileSummary])
async def profiles() -> list[ProfileSummary]:
    """Every jurisdiction profile (latest version), national defaults first."""
    return [
        ProfileSummary(
            id=p.id,
            name=p.name,
            version=p.version,
            versions=list_versions(p.id),
            valid_from=p.valid_from,
            regulation=p.regulation_title,
            scope=p.scope,
            checklist_required=p.checklist is not None,
        )
        for p in list_profiles()
    ]


@router.get("/profiles/{profile_id}", response_model=Profile)
async def profile_rules(profile_id: str, version: Version = None) -> Profile:
    """All rules of one profile, each with its citation and the date it applies from."""
    return get_profile(profile_id, version)


@router.get("/profiles/{profile_id}/recording", response_model=list[RecordingObligation])
async def recording_obligations(profile_id: str, version: Version = None) -> list[RecordingObligation]:
    """What every enforcement act must be recorded with under the profile."""
    profile = get_profile(profile_id, version)
    return [recording_obligation(profile, act) for act in EnforcementAct]


@router.get("/profiles/{profile_id}/recording/{act}", response_model=RecordingObligation)
async def recording_obligation_of_act(
    profile_id: str, act: str, version: Version = None
) -> RecordingObligation:
    return recording_obligation(get_profile(profile_id, version), parse_act(act))


@router.get("/profiles/{profile_id}/records", response_model=dict[ProcedureStep, list[RecordRequirement]])
async def records_per_step(
    profile_id: str, version: Version = None
) -> dict[ProcedureStep, list[RecordRequirement]]:
    """The records every procedural step must produce, national ones first."""
    profile = get_profile(profile_id, version)
    return {step: required_records(profile, step) for step in ProcedureStep}


@router.get("/profiles/{profile_id}/records/{step}", response_model=list[RecordRequirement])
async def records_of_step(profile_id: str, step: str, version: Version = None) -> list[RecordRequirement]:
    return required_records(get_profile(profile_id, version), parse_step(step))


@router.get("/profiles/{profile_id}/checklist", response_model=list[ChecklistRow])
async def checklist(
    profile_id: str, version: Version = None, accept: Annotated[str, Header()] = ""
) -> list[ChecklistRow] | HTMLResponse:
    """The recording checklist: JSON, or the published page when the client asks for HTML."""
    profile = get_profile(profile_id, version)
    if "text/html" in accept:
        return HTMLResponse(checklist_html(profile))
    return recording_checklist(profile)


@router.get("/profiles/{profile_id}/checklist.html", response_class=HTMLResponse)
async def checklist_page(profile_id: str, version: Version = None) -> HTMLResponse:
    return HTMLResponse(checklist_html(get_profile(profile_id, version)))


@router.get("/profiles/{profile_id}/checklist.pdf", response_class=Response)
async def checklist_pdf(profile_id: str, version: Version = None) -> Response:
    """The checklist as an A4 PDF in Noto Serif CJK SC, for printing and posting."""
    profile = get_profile(profile_id, version)
    pdf = await _checklist_pdf(profile.id, profile.version)
    filename = quote(f"{profile.name}-记录清单.pdf")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f"inline; filename*=UTF-8''{filename}"},
    )


# A profile version never changes (registry.py), so neither does its checklist PDF.
_pdf_cache: dict[tuple[str, str], bytes] = {}


async def _checklist_pdf(profile_id: str, version: str) -> bytes:
    key = (profile_id, version)
    if key not in _pdf_cache:
        _pdf_cache[key] = await html_to_pdf(checklist_html(get_profile(profile_id, version)))
    return _pdf_cache[key]


@router.get("/deadlines/presets", response_model=list[PresetOut])
async def presets() -> list[PresetOut]:
    """The national periods a what-if question may name (处罚法, 强制法, 民诉法, 复议法, 诉讼法)."""
    return [
        PresetOut(name=name, label=period.label_zh(), unit=period.unit, citation=str(period.citation))
        for name, period in national_deadlines.PRESETS.items()
    ]


@router.post("/deadlines/what-if", response_model=WhatIfOut)
async def what_if(body: WhatIfBody, session: SessionDep) -> WhatIfOut:
    """When does the period end, by the working-day calendar in force, and why (in Chinese)?"""
    period = _period_of(body)
    start = body.start if body.start.tzinfo else body.start.replace(tzinfo=SHANGHAI)
    # Pure CPU work: off the event loop, so one question never stalls the other requests.
    result = await asyncio.to_thread(
        explain_deadline, start, period, await load_calendar(session), body.pauses
    )
    return WhatIfOut(
        preset=body.preset,
        period=period.label_zh(),
        start=result.start,
        end=result.end,
        last_day=result.last_day,
        counting_rule=result.counting_rule,
        citation=str(result.citation),
        citations=[str(c) for c in result.citations],
        provisional=result.provisional,
        paused_days=result.paused_days,
        explanation=list(result.explanation),
    )


def _period_of(body: WhatIfBody) -> Period:
    if body.preset is not None:
        if body.amount is not None or body.unit is not None:
            raise InvalidInput(
                "指定了法定期间（preset）时不能再指定 amount/unit", field="amount", rule="preset_or_custom"
            )
        period = national_deadlines.PRESETS.get(body.preset)
        if period is None:
            raise InvalidInput(
                f"未知的法定期间：{body.preset}",
                field="preset",
                rule="known_preset",
                allowed=list(national_deadlines.PRESETS),
            )
        return period
    if body.amount is None or body.unit is None:
        missing = "amount" if body.amount is None else "unit"
        raise InvalidInput(
            "请指定法定期间（preset），或同时指定期间数量（amount）和单位（unit）",
            field=missing,
            rule="preset_or_custom",
            allowed=list(UNIT_ZH) if missing == "unit" else None,
        )
    if body.amount > LONGEST[body.unit]:
        raise InvalidInput(
            f"期间过长：以“{UNIT_ZH[body.unit]}”计最多 {LONGEST[body.unit]}",
            field="amount",
            rule="period_bounded",
        )
    # A custom period has no statute of its own: it is counted by the rules on 期间 (民诉法 Art. 85).
    return Period(amount=body.amount, unit=body.unit, citation=CIVIL_PROCEDURE_85)
