"""Closing marks met only what it met: duties that outlive the case keep running, the rest is cancelled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casetrail.errors import ProcedureViolation
from casetrail.statuses import FreezeStatus, MeasureStatus
from casetrail.workflows.context import CaseContext
from casetrail.workflows.phases import Phase
from casetrail.workflows.state import CaseState, Freeze, Measure, MeasureKind, Timer
from casetrail.workflows.steps.av_duties import AV_STORAGE_CHECK
from casetrail.workflows.steps.closing import ClosingRequest, _no_measure_in_force, closing_clocks
from casetrail.workflows.types import Actor, StepRequest

from .factory import plain_case_start

LATER = datetime(2026, 6, 1, tzinfo=UTC)


def timer(key: str, on_expiry: str) -> Timer:
    return Timer(key, key, LATER + timedelta(days=len(key)), "《中华人民共和国行政处罚法》", on_expiry)


def test_closing_marks_only_the_handling_clock_met_and_keeps_open_duties_running() -> None:
    running = [
        timer("case_handling", "case_handling_overdue"),
        timer("case_handling_approaching", "case_handling_approaching"),
        timer("fine_bank_deposit", "fine_bank_deposit_overdue"),
        timer("av-storage-1", AV_STORAGE_CHECK),
        timer("archive", "archive_overdue"),
        timer("rights_window", "rights_window_closed"),
    ]
    state = CaseState(start=plain_case_start(), phase=Phase.investigation)
    state.timers = {t.key: t for t in running}
    ctx = CaseContext(state, lambda: None)

    drafts = [d for d in closing_clocks(ctx) if d is not None]

    assert {d.key: d.status for d in drafts} == {"case_handling": "met", "rights_window": "cancelled"}
    # A pending bank deposit, an AV storage check and the archive clock are not the closing's to end.
    assert set(state.timers) == {"fine_bank_deposit", "av-storage-1", "archive"}


def test_a_case_does_not_close_over_a_seizure_or_a_freeze_still_in_force() -> None:
    state = CaseState(start=plain_case_start(), phase=Phase.investigation)
    state.measures["seizure-1"] = Measure(
        "seizure-1", MeasureKind.seizure, {}, "张三", status=MeasureStatus.overdue
    )
    state.freezes["freeze-1"] = Freeze(
        {"bank": "中国工商银行泰安分行", "account": "160602"}, "t1", FreezeStatus.active
    )
    request = StepRequest("request_closing", Actor("u1", "张三", ["officer"]))
    payload = ClosingRequest(summary="撤销立案", outcome="不予处罚")
    with pytest.raises(ProcedureViolation) as refused:
        _no_measure_in_force(state, request, payload)
    error = refused.value
    assert error.rule == "measures_in_force" and "seizure-1" not in error.message
    assert "查封、扣押" in error.message and "中国工商银行泰安分行账户160602" in error.message
    assert error.citation == "《中华人民共和国行政强制法》第二十七条；《中华人民共和国行政强制法》第三十二条"

    state.measures["seizure-1"].status = "released"
    state.freezes["freeze-1"].status = "released"
    _no_measure_in_force(state, request, payload)  # decided on or released: the case may close
