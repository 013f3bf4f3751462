"""Stage records are typed, and a case continued as new with the decision still in the old facts
bag reads it back as the typed record."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from casetrail.rules.penalties import DecisionKind, PenaltyKind
from casetrail.workflows.records import DecisionFacts, upgrade_decision

from .factory import penalty_decision

CST = timezone(timedelta(hours=8))


def test_the_old_facts_entry_becomes_the_typed_record() -> None:
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
    record = upgrade_decision(facts)
    assert isinstance(record, DecisionFacts) and record.decided_at == decided_at
    assert record.kind is DecisionKind.PENALTY and record.penalties == [PenaltyKind.FINE]
    assert "decision" not in facts and "filed_at" in facts


def test_the_fixture_is_a_record_the_decision_stage_could_make() -> None:
    warning = penalty_decision(datetime(2026, 3, 2, tzinfo=CST), fine_fen=None)
    assert warning.is_penalty and warning.penalties == [PenaltyKind.WARNING] and warning.fine_fen is None
    none = penalty_decision(datetime(2026, 3, 2, tzinfo=CST), kind=DecisionKind.NO_PENALTY)
    assert not none.is_penalty and none.penalties == [] and none.fine_fen is None
