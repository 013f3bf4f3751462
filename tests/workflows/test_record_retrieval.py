"""广东 Art. 25(2): upper agencies and 监察、法制、信访 may retrieve records and may not be refused but for a
legal ground; the party's access rests on Art. 26(1) (not released without approval), not on Art. 25."""

from __future__ import annotations

from temporalio.testing import WorkflowEnvironment

from casetrail.evidence.access import party_access_citation
from casetrail.rules.registry import get_profile

from .factory import filed_case, record_of, refusal, submit

GUANGDONG = "《广东省行政执法全过程记录办法（试行）》"


def test_guangdong_party_access_cites_article_26_not_25() -> None:
    assert party_access_citation(get_profile("guangdong-2018")) == f"{GUANGDONG}第二十六条第一款"


async def test_petitions_office_retrieves_a_guangdong_record(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env, profile_id="guangdong-2018")
    retrieval = {
        "body": "petitions",
        "body_name": "某某市信访局",
        "requested_by": "赵某",
        "purpose": "办理群众信访事项需要",
    }
    unfounded = await refusal(
        submit(handle, "record_retrieval", retrieval | {"withheld_reason": "other_legal_ground"})
    )
    assert (unfounded.rule, unfounded.citation) == (
        "retrieval_refusal_needs_ground",
        f"{GUANGDONG}第二十五条第二款",
    )
    await submit(handle, "record_retrieval", retrieval)
    record = await record_of(case_id, "record_retrieval")
    assert record.fields["provided"] is True and record.fields["body_zh"] == "信访部门"
    assert record.citation == f"{GUANGDONG}第二十五条第二款"


async def test_retrieval_is_not_a_step_where_the_regulation_has_none(time_env: WorkflowEnvironment) -> None:
    handle, _ = await filed_case(time_env, profile_id="taian-2017")
    error = await refusal(
        submit(
            handle,
            "record_retrieval",
            {"body": "supervision", "body_name": "某某区监委", "requested_by": "钱某", "purpose": "监督检查"},
        )
    )
    assert error.rule == "retrieval_not_provided"
