"""Freezing deposits (冻结, 强制法 Art. 29-33): amount, no double freeze, the 3-working-day delivery, the
30 days and their one extension, release with the bank and the party told."""

from __future__ import annotations

from temporalio.testing import WorkflowEnvironment

from .factory import deadlines, decide, env_now, filed_case, officer_ids, on_site, record_of, refusal, submit

COERCION = "《中华人民共和国行政强制法》"


async def test_freeze_from_approval_to_release(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    request = on_site(
        await officer_ids(),
        bank="中国工商银行泰安分行",
        account="1606020129200999999",
        amount_fen=5_000_000,
        involved_fen=5_000_000,
        reason="防止转移违法所得",
        legal_basis="《中华人民共和国行政强制法》第九条",
    )
    too_much = await refusal(submit(handle, "request_freeze", request | {"amount_fen": 6_000_000}))
    assert (too_much.rule, too_much.citation) == ("freeze_amount", f"{COERCION}第二十九条")
    double = await refusal(submit(handle, "request_freeze", request | {"frozen_elsewhere": True}))
    assert double.rule == "no_double_freeze"

    task = (await submit(handle, "request_freeze", request)).task_id
    assert task
    await decide(handle, task)
    rows = await deadlines(case_id)
    assert rows["freeze-1:delivery"].status == "open" and "第三十一条" in (
        rows["freeze-1:delivery"].citation or ""
    )
    assert rows["freeze-1"].status == "open" and "第三十二条" in (rows["freeze-1"].citation or "")
    first_due = rows["freeze-1"].due_at

    now = (await env_now(time_env)).isoformat()
    await submit(
        handle, "deliver_freeze_decision", {"freeze_id": "freeze-1", "delivered_at": now, "way": "直接送达"}
    )
    assert (await deadlines(case_id))["freeze-1:delivery"].status == "met"

    too_long = await refusal(
        submit(handle, "request_freeze_extension", {"freeze_id": "freeze-1", "days": 31, "reason": "复杂"})
    )
    assert too_long.field == "days"
    extension = (
        await submit(
            handle, "request_freeze_extension", {"freeze_id": "freeze-1", "days": 30, "reason": "案情复杂"}
        )
    ).task_id
    assert extension
    await decide(handle, extension)
    assert (await deadlines(case_id))["freeze-1"].due_at > first_due
    assert (await record_of(case_id, "freeze_extension")).fields["extended_days"] == 30
    again = await refusal(
        submit(handle, "request_freeze_extension", {"freeze_id": "freeze-1", "days": 10, "reason": "再延"})
    )
    assert (again.rule, again.citation) == ("freeze_extended_once", f"{COERCION}第三十二条")

    release = {
        "freeze_id": "freeze-1",
        "reason": "no_violation",
        "bank_notified": False,
        "party_notified": True,
    }
    untold = await refusal(submit(handle, "release_freeze", release))
    assert (untold.rule, untold.citation) == ("release_notice", f"{COERCION}第三十三条")
    await submit(handle, "release_freeze", release | {"bank_notified": True})
    assert (await deadlines(case_id))["freeze-1"].status == "met"
    # A released freeze is named by its account, not its id, with the article (强制法 Art. 32).
    released = await refusal(
        submit(handle, "request_freeze_extension", {"freeze_id": "freeze-1", "days": 10, "reason": "再延"})
    )
    assert released.rule == "freeze_not_active" and released.citation == f"{COERCION}第三十二条"
    assert "freeze-1" not in released.message and "1606020129200999999" in released.message
    assert "已经解除" in released.message
