"""The stages' records are typed fields of ``CaseState``: a state continued as new under older code,
with them in the untyped facts bag, reads into them; and they travel through the Temporal converter
(continue-as-new) unchanged, the ``facts`` query answering with the JSON they were kept as before."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import get_type_hints

from temporalio.converter import DataConverter

from casetrail.rules.penalties import Penalty, PenaltyKind
from casetrail.workflows.case_workflow import CaseInput
from casetrail.workflows.decision_records import DecisionProposal, Deliberation, RightsFacts, Signature
from casetrail.workflows.execution_records import DueInstalment, EnforcementPlan, FinePayment, Remedy
from casetrail.workflows.phases import Phase
from casetrail.workflows.records import ExtensionRequested, ServiceStarted
from casetrail.workflows.state import CaseState, stage_records
from casetrail.workflows.state_upgrade import ArrivingState, upgrade_state
from casetrail.workflows.steps.simple_procedure import OnTheSpotDecision
from casetrail.workflows.types import ServedDocument

from .decision_steps import fine, proposal
from .factory import DECISION_TERMS, plain_case_start
from .test_simple_procedure import form as on_the_spot_form

CST = timezone(timedelta(hours=8))
SERVED_AT = datetime(2026, 3, 5, 9, 30, tzinfo=CST)
PLANNED_AT = datetime(2026, 6, 1, 9, 0, tzinfo=CST)
INSTALMENTS = [
    {"due_on": "2026-04-20", "amount_fen": 300_000},
    {"due_on": "2026-05-20", "amount_fen": 200_000},
]

# As the stages stored them in ``state.facts`` before they were typed.
LEGACY = {
    "payment": {
        "fine_fen": 500_000,
        "last_day": "2026-03-20",
        "paid_fen": 100_000,
        "plan": {"instalments": INSTALMENTS, "paid_before": 100_000},
        "pending_deferral": {
            "kind": "deferral",
            "reason": "经营困难",
            "until": "2026-06-30",
            "instalments": [],
        },
    },
    "remedies": [
        {
            "kind": "review",
            "filed_on": "2026-03-10",
            "body": "泰安市人民政府",
            "reference": "",
            "concluded_on": "2026-04-01",
            "outcome": "upheld",
        }
    ],
    "reminder": {
        "perform_by": "2026-05-10",
        "statement": "waived",
        "document_no": "泰示岱监催字〔2026〕第3号",
        "obligation": "缴纳罚款",
        "served_at": SERVED_AT.isoformat(),
        "statement_handling": "当事人收到催告书后放弃陈述、申辩。",
    },
    "enforcement": {  # the whole EnforcementRequest payload, as it was kept
        "mode": "transfer",
        "reasons": "逾期不缴纳罚款",
        "basis": "《中华人民共和国行政强制法》第四十七条",
        "planned_at": PLANNED_AT.isoformat(),
        "urgent": False,
        "urgent_reason": "",
        "substitute_reminder_served_at": None,
        "supply_to_residence": False,
        "demolition_notice_on": None,
        "demolition_deadline": None,
    },
    "services": {
        "decision": {
            "workflow_id": "case-1-service-decision",
            "key": "decision0007",
            "status": "served",
            "document": {
                "kind": "penalty_decision",
                "title": "行政处罚决定书",
                "number": "泰示岱监罚决字〔2026〕第7号",
            },
            "served_at": SERVED_AT.isoformat(),
            "way": "direct",
        },
        "reminder": {
            "workflow_id": "case-1-service-reminder",
            "key": "reminder0012",
            "status": "serving",
            "document": {"kind": "reminder_notice", "title": "催告书", "number": "泰示岱监催字〔2026〕第3号"},
        },
    },
    "electronic_consent": {
        "channel": "email",
        "address": "a@b.cn",
        "signed_on": "2026-03-03",
        "signer": "李四",
    },
    "correction": {"corrected": True, "checked_at": SERVED_AT.isoformat()},
    "investigation_report": {"facts": "经查"},
    "record_access_pending": {
        "task-9": {
            "requester_name": "李四",
            "relation": "party",
            "grantee_user_id": None,
            "id_number": "",
            "mode": "copy",
            "purpose": "复议需要",
            "evidence_ids": [],
            "valid_days": 30,
        }
    },
    "case_extension:task-3": {
        "basis": "amr_complex",
        "days": 30,
        "reason": "案情复杂",
        "collective_discussion": "",
    },
    "case_extension_days": 30,
    "case_extension_bases": ["amr_complex"],
}


def legacy_state() -> ArrivingState:
    return ArrivingState(start=plain_case_start(), phase=Phase.enforcing, facts=dict(LEGACY))


def test_execution_facts_of_an_older_state_read_into_typed_fields() -> None:
    state = upgrade_state(legacy_state())
    assert type(state) is CaseState
    payment = state.payment
    assert (
        isinstance(payment, FinePayment)
        and payment.unpaid
        and payment.last_day_date.isoformat() == "2026-03-20"
    )
    assert payment.plan is not None and payment.plan.instalments[0] == DueInstalment("2026-04-20", 300_000)
    assert payment.pending_deferral is not None and payment.pending_deferral.until == "2026-06-30"
    assert state.remedies == [Remedy("review", "2026-03-10", "泰安市人民政府", "", "2026-04-01", "upheld")]
    reminder = state.reminder
    assert reminder is not None and reminder.served_at == SERVED_AT and reminder.statement == "waived"
    assert state.enforcement == EnforcementPlan(
        mode="transfer",
        reasons="逾期不缴纳罚款",
        basis="《中华人民共和国行政强制法》第四十七条",
        planned_at=PLANNED_AT,
        urgent=False,
    )
    decision, running = state.services["decision"], state.services["reminder"]
    assert isinstance(decision, ServiceStarted) and decision.document == ServedDocument(
        "penalty_decision", "行政处罚决定书", "泰示岱监罚决字〔2026〕第7号"
    )
    assert (decision.status, decision.served_at, running.status, running.served_at) == (
        "served",
        SERVED_AT,
        "serving",
        None,
    )
    assert state.electronic_consent is not None and state.electronic_consent.signed_on == "2026-03-03"
    assert state.correction is not None and state.correction.checked_at == SERVED_AT
    assert state.record_access_pending["task-9"].mode == "copy"
    extensions = state.case_extensions
    assert extensions.pending == {"task-3": ExtensionRequested("amr_complex", 30, "案情复杂")}
    assert (extensions.days, extensions.bases_used) == (30, ["amr_complex"])


def through_continue_as_new(state: CaseState) -> CaseState:
    """``state`` handed to the next run: encoded, decoded as ``CaseInput.state`` is, upgraded."""
    converter = DataConverter.default.payload_converter
    [payload] = converter.to_payloads([state])
    [arrived] = converter.from_payloads([payload], [get_type_hints(CaseInput)["state"]])
    assert isinstance(arrived, CaseState)
    return upgrade_state(arrived)


def test_typed_records_survive_continue_as_new_and_the_facts_query_keeps_their_shape() -> None:
    # The payload older code wrote (with its facts) arrives as an ArrivingState and is upgraded.
    state = through_continue_as_new(legacy_state())
    assert state == upgrade_state(legacy_state())
    # Today's state goes on without any facts and comes back the same.
    assert "facts" not in json.loads(DataConverter.default.payload_converter.to_payloads([state])[0].data)
    decoded = through_continue_as_new(state)
    assert decoded == state
    facts = stage_records(decoded)
    # The query answers under the old keys, the records as JSON of the same shape as before.
    assert facts["payment"]["plan"]["instalments"] == INSTALMENTS
    assert facts["remedies"] == LEGACY["remedies"]
    assert facts["record_access_pending"] == LEGACY["record_access_pending"]
    assert facts["electronic_consent"] == LEGACY["electronic_consent"]
    assert facts["services"]["decision"]["document"]["number"] == "泰示岱监罚决字〔2026〕第7号"


def test_rights_deliberation_and_on_the_spot_of_an_older_state_read_into_typed_fields() -> None:
    rights = RightsFacts(
        noticed=Penalty(kinds=[PenaltyKind.FINE], fine_fen=200_000),
        served_on=date(2026, 3, 2),
        hearing_grounds=[],
        window_due_at=datetime(2026, 3, 10, tzinfo=CST),
        statements=1,
        unreviewed_statements=1,
        unreviewed_points=["张三：无异议"],
    )
    signed = Signature(signer="王五", signer_id="u5", signed_at=SERVED_AT.isoformat(), opinion="同意")
    deliberation = Deliberation(
        proposal=DecisionProposal.model_validate(proposal(fine(2000))),
        revision=2,
        drafter="张三",
        unit_review=signed,
    )
    form = OnTheSpotDecision.model_validate(
        on_the_spot_form("2026-03-02T10:00:00+08:00", 5000)["on_the_spot"]
    )
    # As save_fact stored them: each model as JSON under its key.
    legacy = {
        "rights": rights.model_dump(mode="json"),
        "deliberation": deliberation.model_dump(mode="json"),
        "on_the_spot": {
            "decision": form.model_dump(mode="json"),
            "record_id": "r9",
            "document_no": "当罚第1号",
        },
    }
    state = through_continue_as_new(
        ArrivingState(start=plain_case_start(), phase=Phase.on_the_spot, facts=dict(legacy))
    )
    assert state.rights == rights and state.deliberation == deliberation
    on_the_spot = state.on_the_spot
    assert on_the_spot is not None and (on_the_spot.fine_fen, on_the_spot.procedure) == (5000, "simple")
    assert (on_the_spot.record_id, on_the_spot.document_no) == ("r9", "当罚第1号")
    assert on_the_spot.payment == DECISION_TERMS["payment"]

    decoded = through_continue_as_new(state)
    assert decoded == state and isinstance(decoded.rights, RightsFacts)
    facts = stage_records(decoded)
    assert (facts["rights"], facts["deliberation"]) == (legacy["rights"], legacy["deliberation"])
    assert facts["on_the_spot"]["document_no"] == "当罚第1号"
