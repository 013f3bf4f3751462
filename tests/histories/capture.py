"""Record full histories of the main paths so CI replays them against every later code change.

    .venv/bin/python -m tests.histories.capture [scenario ...]

Each scenario is an existing workflow test (tests/workflows) run as it is on a time-skipping server
with the real worker and an embedded PostgreSQL; every case workflow it started is stored as
``<scenario>[-n].json.gz`` (and, after continue-as-new, the later run as ``…-run2``). Re-capture only
as docs/changing-running-behaviour.md allows; otherwise change running behaviour with
``workflow.patched``.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from casetrail import search_attributes
from casetrail.seed import seed_demo
from casetrail.services.calendar import seed_calendar
from casetrail.store import db, migrate
from casetrail.worker import build_worker
from tests.conftest import scratch_dir
from tests.issuing import test_inspection_issuers, test_new_step_issuers
from tests.recording import test_hearing_and_simple, test_storage_timers
from tests.workflows import (
    test_continue_as_new,
    test_deadline_recompute,
    test_execution,
    test_measures,
    test_rights_and_decision,
    test_rights_paths,
    test_service,
    test_simple_procedure,
    test_starts,
)
from tests.workflows.conftest import TIME_SKIPPING_QUEUE, test_server_binary
from tests.workflows.factory import STARTED

HERE = Path(__file__).parent

Scenario = Callable[[WorkflowEnvironment], Awaitable[None]]

SCENARIOS: dict[str, Scenario] = {
    "penalty_waiver_returned": test_rights_and_decision.test_waiver_then_leader_returns_and_handler_revises,
    "penalty_statement_review": (
        test_rights_and_decision.test_statement_review_legal_review_collective_discussion_to_decision
    ),
    "penalty_hearing": test_rights_and_decision.test_hearing_path,
    "simple_procedure": test_simple_procedure.test_fine_not_handed_over_in_two_working_days_is_marked_overdue,
    "complaint_declined": test_starts.test_declining_a_named_complaint_requires_telling_the_complainant,
    "application_refused": test_starts.test_application_refused_ends_the_case,
    "application_accepted": test_starts.test_application_supplement_is_asked_once_then_accepted,
    "emergency_late_backfill": (
        test_starts.test_emergency_start_investigates_at_once_and_escalates_a_late_backfill
    ),
    "seizure_extension": test_measures.test_a_seizure_is_extended_once_only,
    "seizure_overdue_released": test_measures.test_seizure_runs_30_days_then_is_marked_overdue,
    "reminder_enforcement": test_execution.test_agency_enforcement_follows_reminder_statement_and_the_law_on_time,
    "court_application": test_execution.test_court_application_refused_early_then_accepted_in_the_window,
    "public_notice_service": test_service.test_public_notice_is_a_last_resort_and_deemed_served_after_30_days,
    "calendar_moves_provisional": test_deadline_recompute.test_entering_the_notice_moves_the_provisional_timer,
    "continue_as_new": test_continue_as_new.test_case_continues_as_new_and_keeps_its_state,
    # Past the issue-remaining-catalog-kinds marker: the 听证告知书 and 听证笔录 issued inside their steps.
    "penalty_hearing_documents": test_rights_and_decision.test_hearing_path,
    "surcharge_decision": test_new_step_issuers.test_surcharge_decision_after_the_fine_goes_unpaid,
    # Past the rights-notice-states-window marker: heard, reviewed, and declared nothing further to add.
    "penalty_statement_declared": (
        test_rights_paths.test_statement_partly_adopted_goes_to_decision_without_a_waiver
    ),
    "penalty_hearing_waived_declared": test_rights_paths.test_hearing_waived_after_a_statement,
    # Past the av-duty-timers-for-every-act marker: the lodging's duty signalled to the case, its timer there.
    "lodging_recording_overdue": test_storage_timers.test_taian_art_17_a_lodging_recording_left_unstored_is_flagged_overdue,
    # Past the inspection-issues-its-documents and inspection-ends-closed-or-referred markers: a routine
    # inspection's 现场检查笔录, 指令书 with its 送达回证, the deadline's expiry, the 复查 and 已办结.
    "inspection_documents": (
        test_inspection_issuers.test_a_mingshan_inspection_issues_record_order_and_check_then_is_closed
    ),
    # Past the av-report-hearing-and-simple-procedure marker: the hearing's recording duty.
    "hearing_recorded": lambda env: (
        test_hearing_and_simple.test_taian_art_15_guangdong_art_16_a_hearing_is_recorded(
            env, "taian-2017", "泰安市行政执法全过程记录办法》第十五条"
        )
    ),
}


def _write(name: str, history_json: str) -> int:
    path = HERE / f"{name}.json.gz"
    # mtime=0: the same history gives the same bytes (no churn in git on a re-capture).
    path.write_bytes(gzip.compress(history_json.encode(), compresslevel=9, mtime=0))
    return path.stat().st_size


async def _store_cases(env: WorkflowEnvironment, name: str) -> None:
    cases: list[WorkflowHandle[Any, Any]] = [h for h in STARTED if h.id.startswith("case-")]
    for index, handle in enumerate(cases, start=1):
        stem = name if len(cases) == 1 else f"{name}-{index}"
        first_run = handle.first_execution_run_id
        first = await env.client.get_workflow_handle(handle.id, run_id=first_run).fetch_history()
        size = _write(stem, first.to_json())
        print(f"captured {stem}: {len(first.events)} events, {size} bytes")
        # The latest run: another one than the first after continue-as-new (``describe`` cannot be
        # used here: the time-skipping server returns search attributes it cannot decode).
        later = await env.client.get_workflow_handle(handle.id).fetch_history()
        if later.run_id != first.run_id:
            size = _write(f"{stem}-run2", later.to_json())
            print(f"captured {stem}-run2: {len(later.events)} events, {size} bytes")


async def capture(names: list[str]) -> None:
    from casetrail.runtime.postgres import EmbeddedPostgres

    with scratch_dir("casetrail-capture-") as home:
        postgres = EmbeddedPostgres(home / "pg")
        url = postgres.start()
        try:
            await asyncio.to_thread(migrate.upgrade, url)
            db.configure(url)
            async with db.transaction() as session:
                await seed_calendar(session)
                await seed_demo(session)
            env = await WorkflowEnvironment.start_time_skipping(
                test_server_existing_path=test_server_binary()
            )
            await search_attributes.register(env.client)
            async with env, build_worker(env.client, TIME_SKIPPING_QUEUE, strict=True):
                for name in names:
                    STARTED.clear()
                    await SCENARIOS[name](env)
                    await _store_cases(env, name)
                    for handle in STARTED:
                        with contextlib.suppress(RPCError):
                            await handle.terminate("captured")
            await db.dispose()
        finally:
            postgres.stop()


if __name__ == "__main__":
    asyncio.run(capture(sys.argv[1:] or list(SCENARIOS)))
