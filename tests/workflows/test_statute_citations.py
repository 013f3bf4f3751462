"""A refusal that follows from a statute names its article (STATUTES.md), not only its rule."""

from __future__ import annotations

from datetime import date

import pytest

from casetrail.errors import CasetrailError
from casetrail.workflows.execution_records import DeferralRequested, FinePayment
from casetrail.workflows.phases import Phase
from casetrail.workflows.state import CaseState
from casetrail.workflows.steps.performance import DeferralRequest, _check_deferral
from casetrail.workflows.steps.reminder import ReminderStatement, _check_statement
from casetrail.workflows.types import Actor, StepRequest

from .factory import plain_case_start

REQUEST = StepRequest("any", Actor("u1", "张三", ["officer"]))


def refusal(check: object, state: CaseState, payload: object) -> CasetrailError:
    assert callable(check)
    with pytest.raises(CasetrailError) as error:
        check(state, REQUEST, payload)
    return error.value


def test_a_reminder_statement_left_empty_cites_the_right_to_state_and_defend() -> None:
    state = CaseState(start=plain_case_start(), phase=Phase.reminded)
    error = refusal(_check_statement, state, ReminderStatement(waived=False))
    assert error.rule == "statement_required"
    assert error.citation == "《中华人民共和国行政强制法》第三十六条"


def test_a_deferral_not_later_than_the_due_day_cites_the_deferral_article() -> None:
    payment = FinePayment(fine_fen=100_000, last_day="2026-03-20")
    state = CaseState(start=plain_case_start(), phase=Phase.performance, payment=payment)
    payload = DeferralRequest(kind="deferral", reason="经营困难", until=date(2026, 3, 20))
    error = refusal(_check_deferral, state, payload)
    assert error.rule == "later_than_due" and (error.citation or "").startswith(
        "《中华人民共和国行政处罚法》第六十六条"
    )
    payment.pending_deferral = DeferralRequested(kind="deferral", reason="经营困难", until="2026-04-20")
    assert refusal(_check_deferral, state, payload).citation == error.citation
