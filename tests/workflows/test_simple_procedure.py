"""Simple procedure (当场处罚) as a workflow: the Art. 71 handover deadline as a durable timer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from temporalio.client import WorkflowFailureError
from temporalio.testing import WorkflowEnvironment

from casetrail.workflows.case_workflow import CaseWorkflow
from tests.issuing.case_file_check import check_case_file

from .conftest import TIME_SKIPPING_QUEUE
from .decision_steps import CST, deadline, facts, kinds, records, refused, submit
from .factory import DECISION_TERMS, issued_documents, start_case, wait_for


def form(decided_at: str, fine_fen: int, **overrides: Any) -> dict[str, Any]:
    return {
        "summary": "占道经营",
        "on_the_spot": {
            "facts": "在禁止区域占道经营",
            "legal_basis": "《泰安市市容和环境卫生管理条例》第二十条",
            "violated_provision": "《泰安市市容和环境卫生管理条例》第十二条",
            "occurred_at": decided_at,
            **DECISION_TERMS,
            "penalty": {"kinds": ["fine"], "fine_fen": fine_fen},
            "place": "东岳大街",
            "decided_at": decided_at,
            "certificates_shown": True,
            "statement": "无异议",
            "statement_review": "当事人无异议，无需复核",
            "party_signed": True,
            **overrides,
        },
    }


async def test_fine_not_handed_over_in_two_working_days_is_marked_overdue(
    time_env: WorkflowEnvironment,
) -> None:
    now = (await time_env.get_current_time()).astimezone(CST).isoformat()
    handle, case_id = await start_case(
        time_env.client,
        TIME_SKIPPING_QUEUE,
        start_type="simple",
        facts=form(now, 5000, collected_on_the_spot=True, receipt_no="鲁财罚0001"),
    )
    await wait_for(handle, lambda s: s.phase == "on_the_spot")
    error = await refused(handle, "file_on_the_spot_decision", {})
    assert error.rule == "handover_required" and (error.citation or "").endswith("第七十一条")

    await time_env.sleep(timedelta(days=7))
    await wait_for(handle, lambda s: "fine_handover_overdue" in s.flags)
    assert (await deadline(case_id, "fine_handover")).status == "overdue"

    late = (await time_env.get_current_time()).astimezone(CST).isoformat()
    await submit(
        handle, "file_on_the_spot_decision", {"fine_handed_over_at": late, "note": "逾期交款，已说明情况"}
    )
    assert (await handle.query(CaseWorkflow.snapshot)).phase == "decided"
    assert kinds(await records(case_id)) == ["on_the_spot_decision", "deadline_overdue", "on_the_spot_filing"]
    # Art. 71: the agency pays it into the bank within 2 working days of receiving it, on its own clock.
    bank = await deadline(case_id, "fine_bank_deposit")
    assert bank.status == "open" and (bank.citation or "").startswith(
        "《中华人民共和国行政处罚法》第七十一条"
    )
    await time_env.sleep(timedelta(days=7))
    await wait_for(handle, lambda s: "fine_bank_deposit_overdue" in s.flags)
    assert (await deadline(case_id, "fine_bank_deposit")).status == "overdue"
    deposited = (await time_env.get_current_time()).astimezone(CST).isoformat()
    await submit(
        handle,
        "record_bank_deposit",
        {"deposited_at": deposited, "bank": "中国工商银行泰安分行", "receipt_no": "缴2026-001"},
    )
    assert "fine_bank_deposit" in kinds(await records(case_id))
    assert "record_bank_deposit" not in (await handle.query(CaseWorkflow.snapshot)).allowed_steps
    decided = (await facts(handle))["decision"]
    assert decided["procedure"] == "simple"
    [(issued, text)] = await issued_documents(case_id, "summary_penalty_decision")
    assert issued.number == decided["document_no"] and issued.number is not None
    assert issued.number.startswith("泰示岱监简罚字〔") and issued.number in text and "测试当事人" in text
    # Its 卷宗: the decision at the index's page, the filing and the bank deposit listed as records.
    bound = await check_case_file(case_id)
    titles = [entry["title"] for entry in bound.index_snapshot["entries"]]
    assert titles[0] == issued.title


async def test_a_form_above_the_limit_fails_the_workflow_with_the_citation(
    time_env: WorkflowEnvironment,
) -> None:
    """The API refuses it first; a workflow started directly with it fails visibly, never retries forever."""
    now = (await time_env.get_current_time()).astimezone(CST).isoformat()
    handle, _ = await start_case(
        time_env.client, TIME_SKIPPING_QUEUE, start_type="simple", facts=form(now, 20_001)
    )
    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()
    assert "200.00元" in str(failure.value.cause)


async def test_an_incomplete_form_fails_the_workflow_in_chinese(time_env: WorkflowEnvironment) -> None:
    """Not pydantic's English message: the field and the reason, as parse_model names them."""
    now = (await time_env.get_current_time()).astimezone(CST).isoformat()
    incomplete = form(now, 5000)
    del incomplete["on_the_spot"]["place"]
    handle, _ = await start_case(time_env.client, TIME_SKIPPING_QUEUE, start_type="simple", facts=incomplete)
    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()
    message = str(failure.value.cause)
    assert "当场处罚决定内容不完整" in message and "place" in message
    assert "Field required" not in message
