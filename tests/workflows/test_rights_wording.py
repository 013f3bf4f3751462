"""The decision's account of the party's rights, for the combinations the workflow paths do not drive."""

from __future__ import annotations

from datetime import date

from casetrail.rules.penalties import HearingGround, Penalty
from casetrail.workflows.decision_records import ReviewFacts, RightsFacts, WaiverFacts

SERVED = date(2026, 12, 1)
GROUND = HearingGround(
    citation="《中华人民共和国行政处罚法》第六十三条第一款第（一）项", reason="较大数额罚款"
)


def rights(**values: object) -> RightsFacts:
    return RightsFacts.model_validate(
        {"noticed": Penalty(kinds=["fine"], fine_fen=20_000_000), "served_on": SERVED, "hearing_grounds": []}
        | values
    )


def test_a_statement_with_the_hearing_right_left_unused_says_so() -> None:
    review = ReviewFacts(points=["甲：初犯"], adoption="not_adopted", reasons="不属实", reviewed_on=SERVED)
    text = rights(
        hearing_grounds=[GROUND], statements=1, reviews=[review], window_lapsed=True
    ).statement_handling()
    assert "对其意见不予采纳，理由是：不属实" in text
    assert text.endswith("当事人在规定期限内未要求听证，视为放弃听证权利。")
    assert "未提出陈述" not in text


def test_a_hearing_waiver_then_silence_states_both_and_nothing_more() -> None:
    waiver = WaiverFacts(scope="hearing", form="oral", recorded_on=SERVED)
    text = rights(hearing_grounds=[GROUND], hearing="waived", waivers=[waiver], window_lapsed=True)
    assert text.statement_handling().endswith(
        "当事人于2026年12月1日口头明确放弃听证的权利。当事人在规定期限内未提出陈述、申辩，视为放弃陈述、申辩的权利。"
    )


def test_a_case_from_before_the_facts_were_kept_keeps_its_old_account() -> None:
    assert (
        rights(statements=2, unreviewed_statements=0)
        .statement_handling()
        .endswith("当事人提出陈述、申辩2次，本机关已进行复核，复核后维持拟作出的处罚。")
    )
    assert rights(waived_all=True).statement_handling().endswith("当事人明确放弃陈述、申辩和听证的权利。")
