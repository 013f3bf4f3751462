"""What a recording's description must answer, article by article (pure checks, no server)."""

from __future__ import annotations

from typing import Any

import pytest

from casetrail.errors import InvalidInput
from casetrail.evidence.items import check_uninterrupted
from casetrail.evidence.metadata import EvidenceMetadata, check_against_profile
from casetrail.rules.registry import get_profile
from tests.evidence.conftest import CONTENT_ANSWERS, GD_OPENING

SHANXI_OPENING = {
    "时间": "2026年3月2日9时",
    "地点": "太原市某商场",
    "执法人员": "王一、王二",
    "执法事由": "涉嫌销售假冒商品",
    "执法对象": "某商贸有限公司",
    "需要记录的执法环节": "现场检查和查封",
}
STOPPED = {"stopped_at": "2026-03-02T09:10:00+08:00", "reason": "执法记录仪电量不足"}


def described(**overrides: Any) -> EvidenceMetadata:
    body: dict[str, Any] = {
        "recorder": "王一",
        "method": "执法记录仪现场录像",
        "device": "DSJ-0001",
        "recorded_from": "2026-03-02T09:00:00+08:00",
        "recorded_to": "2026-03-02T09:40:00+08:00",
        "place": "某商场",
        "proves": "货架陈列假冒商品",
        "device_checked": ["设备性能", "电量", "储存空间"],
        "opening": SHANXI_OPENING,
        "content": CONTENT_ANSWERS,
    }
    return EvidenceMetadata.model_validate(body | overrides)


def refusal(profile_id: str, metadata: EvidenceMetadata, kind: str = "video") -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        check_against_profile(get_profile(profile_id), kind, metadata)
    return caught.value


def test_shanxi_art_13_device_checked_before_recording() -> None:
    error = refusal("shanxi", described(device_checked=["设备性能", "电量"]))
    assert error.field == "metadata.device_checked" and "储存空间" in error.message
    assert "山西省行政执法全过程记录办法》第十三条" in (error.citation or "")
    check_against_profile(get_profile("shanxi"), "video", described())


def test_shanxi_art_14_opening_states_every_item_and_not_a_placeholder() -> None:
    error = refusal("shanxi", described(opening=SHANXI_OPENING | {"执法对象": "略"}))
    assert error.field == "metadata.opening.执法对象" and "第十四条" in (error.citation or "")
    missing = refusal("shanxi", described(opening={k: v for k, v in SHANXI_OPENING.items() if k != "时间"}))
    assert missing.field == "metadata.opening.时间"


def test_guangdong_art_18_opening_items() -> None:
    error = refusal("guangdong-2018", described(opening=SHANXI_OPENING))
    assert (
        error.field == "metadata.opening.执法行为"
        and "广东省行政执法全过程记录办法（试行）》第十八条" in (error.citation or "")
    )
    check_against_profile(get_profile("guangdong-2018"), "video", described(opening=GD_OPENING))


def test_shanxi_art_15_reason_stated_on_resuming() -> None:
    resumed = STOPPED | {"resumed_at": "2026-03-02T09:15:00+08:00"}
    error = refusal("shanxi", described(interruptions=[resumed]))
    assert error.field == "metadata.interruptions.0.reason_stated_on_resume" and "第十五条" in (
        error.citation or ""
    )
    check_against_profile(
        get_profile("shanxi"), "video", described(interruptions=[resumed | {"reason_stated_on_resume": True}])
    )


def test_guangdong_art_20_a_break_that_cannot_resume_is_reported_to_the_leader() -> None:
    noted = STOPPED | {"written_note": "电量耗尽，无法继续记录，已书面说明"}
    error = refusal("guangdong-2018", described(opening=GD_OPENING, interruptions=[noted]))
    assert error.field == "metadata.interruptions.0.reported_to_leader" and "第二十条" in (
        error.citation or ""
    )
    check_against_profile(
        get_profile("guangdong-2018"),
        "video",
        described(opening=GD_OPENING, interruptions=[noted | {"reported_to_leader": True}]),
    )
    # Shanxi asks for the written note but names no report to the leader.
    check_against_profile(get_profile("shanxi"), "video", described(interruptions=[noted]))


GD_19 = "《广东省行政执法全过程记录办法（试行）》第十九条"


def test_guangdong_art_19_no_breaks_from_arrival_to_departure() -> None:
    times = {"arrived_at": "2026-03-02T09:00:00+08:00", "departed_at": "2026-03-02T09:40:00+08:00"}
    check_uninterrupted(described(**times), GD_19)
    cases = [
        (
            described(**times, interruptions=[STOPPED | {"resumed_at": "2026-03-02T09:12:00+08:00"}]),
            "interruptions",
        ),
        (described(), "arrived_at"),
        (described(**times, recorded_from="2026-03-02T09:05:00+08:00"), "recorded_from"),
        (described(**times, recorded_to="2026-03-02T09:30:00+08:00"), "recorded_to"),
    ]
    for metadata, field in cases:
        with pytest.raises(InvalidInput) as caught:
            check_uninterrupted(metadata, GD_19)
        assert caught.value.field == f"metadata.{field}" and caught.value.citation == GD_19


@pytest.mark.parametrize(
    ("profile_id", "article", "point"),
    [
        ("taian-2017", "《泰安市行政执法全过程记录办法》第十六条", "行政执法现场的环境状况"),
        ("shanxi", "《山西省行政执法全过程记录办法》第十二条", "执法现场环境"),
        (
            "guangdong-2018",
            "《广东省行政执法全过程记录办法（试行）》第十七条",
            "执法人员现场制作、送达法律文书的情况",
        ),
        (
            "wanzhou-xinxiang-2024",
            "《重庆市万州区新乡镇行政执法全过程记录制度》第十二条",
            "行政执法人员现场送达执法文书的情况",
        ),
    ],
)
def test_taian_16_shanxi_12_guangdong_17_xinxiang_12_a_recording_answers_each_content_point(
    profile_id: str, article: str, point: str
) -> None:
    opening = SHANXI_OPENING | GD_OPENING
    without = {item: text for item, text in CONTENT_ANSWERS.items() if item != point}
    for answers in (without, without | {point: "略"}, without | {point: "无"}):
        error = refusal(profile_id, described(opening=opening, content=answers))
        assert (error.field, error.rule, error.citation) == (
            f"metadata.content.{point}",
            "evidence_description",
            article,
        )
        assert f"应当重点记录“{point}”" in error.message
    check_against_profile(get_profile(profile_id), "video", described(opening=opening))
    # The point is what the act had, not a form to fill: "未涉及" with its reason answers it.
    check_against_profile(
        get_profile(profile_id),
        "video",
        described(opening=opening, content=without | {point: "本次未送达文书"}),
    )


def test_shanxi_art_12_the_start_and_end_times_are_answered_by_the_recording_times() -> None:
    points = {k: v for k, v in CONTENT_ANSWERS.items() if k != "执法活动开始和结束的时间"}
    check_against_profile(get_profile("shanxi"), "video", described(content=points))


def test_mingshan_names_no_content_points() -> None:
    check_against_profile(get_profile("mingshan-emergency"), "video", described(content={}))
