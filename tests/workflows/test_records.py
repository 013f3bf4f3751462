"""Stage records are typed, and a case continued as new with the decision still in the old facts
bag reads it back as the typed record."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from casetrail.rules.penalties import DecisionKind, PenaltyKind
from casetrail.workflows.phases import Phase
from casetrail.workflows.records import DecisionFacts
from casetrail.workflows.state import CaseState
from casetrail.workflows.state_upgrade import ArrivingState, upgrade_state

from .factory import penalty_decision, plain_case_start

CST = timezone(timedelta(hours=8))


def test_a_state_continued_under_older_code_reads_into_the_typed_fields() -> None:
    decided_at = datetime(2026, 3, 2, 10, 0, tzinfo=CST)
    facts = {
        "decision": {  # as DecisionFacts.model_dump(mode="json") stored it before
            "kind": "penalty",
            "fine_fen": 500_000,
            "penalties": ["fine"],
            "penalty_text": ["罚款5000.00元"],
            "decided_at": decided_at.isoformat(),
            "record_id": "r1",
            "document_no": "泰示岱监罚决字〔2026〕第7号",
            "document_id": None,
            "payment": None,
            "remedies": None,
            "party_present": True,
            "procedure": "general",
            "collected_on_the_spot": False,
            "transfer_to": "",
        },
        "filed_at": decided_at.isoformat(),
    }
    facts |= {
        "phase_before_closing": "performed",
        "application_supplement_requested": True,
        "court_window": {
            "remedy_periods_end": "2026-09-10T00:00:00+08:00",
            "review_last_day": "2026-05-08",
            "lawsuit_last_day": "2026-09-09",
            "after_reminder_end": "2026-06-01T00:00:00+08:00",
            "opens_at": "2026-09-10T00:00:00+08:00",
            "closes_at": "2026-12-10T00:00:00+08:00",
            "explanation": ["六个月"],
        },
        "closing_request": {
            "summary": "已履行",
            "outcome": "罚款",
            "handler": "张三",
            "requested_on": "2026-03-09",
        },
    }
    state = upgrade_state(ArrivingState(start=plain_case_start(), phase=Phase.closing_approval, facts=facts))
    record = state.decision
    assert isinstance(record, DecisionFacts) and record.decided_at == decided_at
    assert record.kind is DecisionKind.PENALTY and record.penalties == [PenaltyKind.FINE]
    assert state.milestones.filed_at == decided_at and state.phase_before_closing is Phase.performed
    assert state.supplement_requested and type(state) is CaseState
    closing = state.closing_request
    assert closing is not None and closing.requested_at.date().isoformat() == "2026-03-09"
    assert (closing.handler, closing.outcome) == ("张三", "罚款")
    window = state.court_window
    assert window is not None and window.closes_at == datetime(2026, 12, 10, tzinfo=CST)
    assert window.as_fields()["opens_at"] == "2026-09-10T00:00:00+08:00"


def test_the_fixture_is_a_record_the_decision_stage_could_make() -> None:
    warning = penalty_decision(datetime(2026, 3, 2, tzinfo=CST), fine_fen=None)
    assert warning.is_penalty and warning.penalties == [PenaltyKind.WARNING] and warning.fine_fen is None
    none = penalty_decision(datetime(2026, 3, 2, tzinfo=CST), kind=DecisionKind.NO_PENALTY)
    assert not none.is_penalty and none.penalties == [] and none.fine_fen is None


def test_freezes_kept_in_the_old_facts_bag_read_into_typed_freezes() -> None:
    plan = {"bank": "中国工商银行泰安分行", "account": "1606020129200999999", "amount_fen": 5_000_000}
    facts = {
        "freezes": {  # as freezing.py stored them before they were typed
            "freeze-1": {"plan": plan, "status": "active", "task_id": "t1", "extended": False},
            "freeze-2": {
                "plan": plan,
                "status": "active",
                "task_id": "t2",
                "extended": False,
                "extension_task": "t3",
                "extension_days": 30,
            },
        }
    }
    state = upgrade_state(ArrivingState(start=plain_case_start(), phase=Phase.investigation, facts=facts))
    first, second = state.freezes["freeze-1"], state.freezes["freeze-2"]
    assert (first.status, first.task_id, first.extension_task, first.extension_days) == (
        "active",
        "t1",
        None,
        0,
    )
    assert (second.extension_task, second.extension_days) == ("t3", 30)
    assert first.account == "中国工商银行泰安分行账户1606020129200999999"
