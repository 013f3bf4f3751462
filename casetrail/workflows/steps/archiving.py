"""Archiving the case file (归档) after closing: within the profile's deadline, by an archivist,
with the index of everything the case holds (Taian Art. 18, Mingshan Art. 32, Xinxiang Art. 28)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta

from pydantic import BaseModel, Field
from temporalio import workflow

from casetrail.roles import Role
from casetrail.statuses import DeadlineStatus
from casetrail.workflows.context import ACTIVITY_RETRY, CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.procedure import on_expiry, step
from casetrail.workflows.types import CaseStart, DeadlineDraft, RecordDraft, StepOutcome, StepRequest

from ..fields import MissingRecordingKey
from .av_duties import TIMER_PREFIX as AV_TIMER_PREFIX
from .common import outcome
from .escalation import mark_overdue

with workflow.unsafe.imports_passed_through():
    from casetrail.activities.archive import RECORDING_EXCEPTION, CaseFileIndex, build_case_file_index
    from casetrail.rules import national_citations as law
    from casetrail.rules.citation import Citation
    from casetrail.rules.periods import Period, calendar_days
    from casetrail.rules.registry import get_profile


def archive_period(start: CaseStart) -> tuple[Period, str] | None:
    """The archiving period and what it counts from: the pinned profile's, else the agency's own.

    Where the regulation sets none (山西 Art. 17 refers to the archives law; 广东 is silent), the agency's
    configured period applies, cited to its own policy; with none configured there is no deadline.
    """
    rule = get_profile(start.profile_id, start.profile_version).archive
    if rule.period is not None:
        return rule.period, rule.counted_from or "执行终结之日"
    if start.agency_archive_days is None:
        return None
    policy = Citation(
        law=start.agency_archive_policy or f"{start.agency_name}案卷归档制度",
        article="",
        text=f"本机关规定的归档期限（{rule.citation or '规定'}未设期限）",
    )
    return calendar_days(start.agency_archive_days, policy), "执行终结之日（按本机关制度）"


ARCHIVE_TIMER = "archive"


async def arm_archive_deadline(ctx: CaseContext) -> DeadlineDraft | None:
    found = archive_period(ctx.state.start)
    if found is None or ARCHIVE_TIMER in ctx.state.timers:
        return None
    period, counted_from = found
    ended = ctx.state.milestones.execution_ended_at
    return await ctx.arm(
        "archive",
        period,
        label=f"案卷归档（自{counted_from}起）",
        on_expiry="archive_overdue",
        start=ended or ctx.now(),
    )


async def execution_ended(ctx: CaseContext, at: datetime) -> DeadlineDraft | None:
    """Execution ended at ``at``: the archive clock starts now, whether or not anyone proposes closing
    (明山 Art. 32, 泰安 Art. 18, 新乡镇 Art. 28 count from the end of execution)."""
    ctx.state.milestones.execution_ended_at = at
    return await arm_archive_deadline(ctx)


@on_expiry("archive_overdue", title="归档期限届满")
async def archive_overdue(ctx: CaseContext, key: str) -> None:
    await mark_overdue(ctx, key, name=f"{key}_overdue", flag="archive_overdue")


class ArchiveRequest(BaseModel):
    file_no: str = Field(min_length=1, description="档号")
    retention: str = Field(min_length=1, description="保管期限")
    location: str = Field(default="", description="存放位置")


@step(
    "archive_case",
    title="案卷归档",
    moves_to={Phase.archived},
    phases={Phase.archiving},
    payload=ArchiveRequest,
    roles={Role.archivist},
)
async def archive_case(ctx: CaseContext, request: StepRequest, payload: ArchiveRequest) -> StepOutcome:
    index: CaseFileIndex = await workflow.execute_activity(
        build_case_file_index,
        ctx.state.start.case_id,
        start_to_close_timeout=timedelta(seconds=60),
        retry_policy=ACTIVITY_RETRY,
    )
    await ctx.apply(
        "archived",
        action="case.archived",
        actor=request.actor,
        record=RecordDraft(
            kind="archive",
            title="案卷归档记录（卷内目录）",
            fields={
                **payload.model_dump(),
                "archivist": request.actor.name,
                "archived_at": ctx.now().isoformat(),
                "records": index.records,
                "documents": index.documents,
                "recordings": index.recordings,
                "recordings_not_stored": index.recordings_not_stored,
                "index": [asdict(entry) for entry in index.entries],
            },
            citation=str(law.PENALTY_47),
        ),
        phase=Phase.archived,
        status="archived",
        deadlines=[
            ctx.clear_timer("archive", status=DeadlineStatus.met),
            *(
                ctx.clear_timer(key, status=_ended_by_archiving(ctx, key, index))
                for key in list(ctx.state.timers)
                if key != "archive"
            ),
        ],
    )
    return outcome(ctx, f"案卷已归档，卷内目录{len(index.entries)}项")


def _ended_by_archiving(ctx: CaseContext, key: str, index: CaseFileIndex) -> DeadlineStatus:
    """A timer still running at archiving: an AV storage duty whose recording is already stored was met
    (its check had not fired yet); anything else ends with the file, cancelled."""
    duty = (
        ctx.state.av_duties.get(key.removeprefix(AV_TIMER_PREFIX))
        if key.startswith(AV_TIMER_PREFIX)
        else None
    )
    if duty is None or duty.key not in index.stored:
        return DeadlineStatus.cancelled
    duty.status = DeadlineStatus.met
    return DeadlineStatus.met


class RecordingException(BaseModel):
    """A leader's signed exception: the case may be archived without this mandatory recording."""

    obligation_key: MissingRecordingKey = Field(min_length=1, description="未能存储的音像记录义务")
    reason: str = Field(min_length=2, description="未能存储的原因（如设备损毁、数据灭失经鉴定无法恢复）")


@step(
    "approve_recording_exception",
    title="负责人签署音像记录例外说明",
    phases={Phase.archiving},
    payload=RecordingException,
    roles={Role.leader},
)
async def approve_recording_exception(
    ctx: CaseContext, request: StepRequest, payload: RecordingException
) -> StepOutcome:
    await ctx.apply(
        "recording_exception",
        action="av.exception_signed",
        actor=request.actor,
        record=RecordDraft(
            kind=RECORDING_EXCEPTION,
            title="未存储音像记录例外说明（负责人签署）",
            fields={
                **payload.model_dump(),
                "signer": request.actor.name,
                "signed_at": ctx.now().isoformat(),
            },
        ),
    )
    return outcome(ctx, "负责人已签署例外说明，可以归档")
