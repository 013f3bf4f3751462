"""Each step issues the documents it produces, from the structured data it collected."""

from __future__ import annotations

from temporalio.testing import WorkflowEnvironment

from tests.workflows.factory import (
    INQUIRY,
    INSPECTION,
    PRESERVATION,
    SEIZURE_DOCUMENTS,
    decide,
    filed_case,
    issued_documents,
    officer_ids,
    on_site,
    record_of,
    refusal,
    submit,
)


async def test_inquiry_issues_the_inquiry_record_with_times_answers_and_signature(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env)
    await submit(handle, "inquiry", on_site(await officer_ids(), **INQUIRY))
    [(document, text)] = await issued_documents(case_id, "inquiry_record")
    for fragment in ("询问笔录", "2026年3月2日9时30分至2026年3月2日10时05分", "被询问人：店主刘某（当事人）"):
        assert fragment in text, fragment
    assert "问：酸奶从何处进货？" in text and "答：从本市批发市场进货。" in text and "签名：刘某" in text
    record = await record_of(case_id, "inquiry")
    assert record.fields["documents"] == [
        {"document_id": str(document.id), "title": "询问笔录", "number": None}
    ]


async def test_a_record_neither_signed_nor_noted_as_refused_is_refused(
    time_env: WorkflowEnvironment,
) -> None:
    handle, case_id = await filed_case(time_env)
    unsigned = on_site(await officer_ids(), **INQUIRY) | {"signed_by": ""}
    error = await refusal(submit(handle, "inquiry", unsigned))
    assert (error.field, error.rule) == ("signed_by", "record_signed_or_refusal_noted")
    refused = unsigned | {"refusal_note": "当事人拒绝签名，由在场人员王某见证"}
    await submit(handle, "inquiry", refused)
    [(_, text)] = await issued_documents(case_id, "inquiry_record")
    assert "拒绝签名情况：当事人拒绝签名，由在场人员王某见证" in text


async def test_inspection_issues_the_inspection_record(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    await submit(handle, "inspection", on_site(await officer_ids(), **INSPECTION, persons_present=["王某"]))
    [(_, text)] = await issued_documents(case_id, "inspection_record")
    assert (
        "现场检查（勘验）笔录" in text
        and "店主刘某" in text
        and "货架有过期酸奶（其他在场人员：王某）" in text
    )


async def test_sampling_issues_the_notice_and_the_list_that_names_it(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    items = [{"name": "过期酸奶", "quantity": "6", "unit": "盒", "specification": "200ml"}]
    payload = on_site(await officer_ids(), items=items, sampled_from="某某超市", purpose="检验是否变质")
    await submit(handle, "sampling", payload | {"av_recorded": True})
    [(notice, notice_text)] = await issued_documents(case_id, "sampling_notice")
    [(_, list_text)] = await issued_documents(case_id, "sampling_list")
    assert notice.number and "抽样字" in notice.number and "检验是否变质" in notice_text
    assert notice.number in list_text and "过期酸奶" in list_text and "200ml" in list_text
    bad = payload | {"items": [{"name": "酸奶", "quantity": "0", "unit": "盒"}]}
    error = await refusal(submit(handle, "sampling", bad))
    assert error.field == "items.0.quantity"


async def test_approved_preservation_issues_the_notice_and_its_list(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    request = on_site(await officer_ids(), **PRESERVATION)
    await decide(handle, (await submit(handle, "request_evidence_preservation", request)).task_id)
    [(notice, text)] = await issued_documents(case_id, "preservation_notice")
    [(_, listed)] = await issued_documents(case_id, "preservation_list")
    assert notice.number and "先保字" in notice.number and "本局证据保管室" in text
    assert notice.number in listed and "进货单" in listed


async def test_approved_seizure_issues_decision_list_and_scene_record(time_env: WorkflowEnvironment) -> None:
    handle, case_id = await filed_case(time_env)
    payload = on_site(
        await officer_ids(),
        measure="seize",
        reason="涉嫌销售过期食品，需防止转移",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        items=[{"name": "过期酸奶", "quantity": "12", "unit": "盒"}],
        party_present=False,
        witness="社区工作人员王某",
        rights_told=True,
        refusal_note="当事人不在场，由见证人签名",
        **SEIZURE_DOCUMENTS,
    )
    await decide(handle, (await submit(handle, "request_seizure", payload)).task_id)
    [(decision, decision_text)] = await issued_documents(case_id, "seizure_decision")
    [(_, list_text)] = await issued_documents(case_id, "seizure_list")
    [(_, scene)] = await issued_documents(case_id, "on_site_record")
    assert decision.number and "封扣字" in decision.number
    assert "扣押" in decision_text and "过期酸奶12盒" in decision_text and "泰安市人民政府" in decision_text
    assert decision.number in list_text
    assert "见证人：社区工作人员王某" in scene and "当事人不在场，由见证人签名" in scene
    record = await record_of(case_id, "seizure_decision")
    assert [d["title"] for d in record.fields["documents"]] == ["查封扣押决定书", "查封扣押清单", "现场笔录"]
