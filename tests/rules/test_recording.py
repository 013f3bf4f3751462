from __future__ import annotations

from datetime import date, datetime

import pytest

from casetrail.errors import InvalidInput
from casetrail.rules.acts import EnforcementAct as Act
from casetrail.rules.calendar import WorkingCalendar
from casetrail.rules.checklist import recording_checklist
from casetrail.rules.legal_time import SHANGHAI
from casetrail.rules.recording import (
    RETENTION_BY_RECORD,
    AvCircumstance,
    av_storage_deadline,
    document_retention,
    electronic_record_fields,
    recording_obligation,
    recording_retention,
    required_records,
    strictest_requirement,
)
from casetrail.rules.registry import get_profile
from casetrail.rules.steps import ProcedureStep as Step


def at(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=SHANGHAI)


# Recording ends 2026-09-30 17:00, the eve of National Day (off 10-01..10-07, 10-10 Saturday works).
@pytest.mark.parametrize(
    ("profile_id", "end"),
    [
        ("taian-2017", "2026-10-10T00:00"),  # 2 working days: 10-08, 10-09 -> 24:00 of 10-09
        ("mingshan-emergency", "2026-10-01T17:00"),  # 24 wall-clock hours, holiday or not
        ("shanxi", "2026-10-10T00:00"),
        ("guangdong-2018", "2026-10-01T17:00"),
        ("wanzhou-xinxiang-2024", "2026-10-10T00:00"),
    ],
)
def test_av_storage_deadline_per_profile(calendar: WorkingCalendar, profile_id: str, end: str) -> None:
    result = av_storage_deadline(get_profile(profile_id), at("2026-09-30T17:00"), calendar)
    assert result is not None
    assert result.end == at(end)
    assert result.citation.law == get_profile(profile_id).regulation_title


def test_storage_across_spring_festival_counts_the_make_up_saturday(calendar: WorkingCalendar) -> None:
    result = av_storage_deadline(get_profile("taian-2017"), at("2026-02-13T09:00"), calendar)
    assert result is not None and result.last_day == date(2026, 2, 24)  # 02-14 (Saturday, works), 02-24


@pytest.mark.parametrize(
    ("profile_id", "end"),
    [("shanxi", "2026-10-15T00:00"), ("guangdong-2018", "2026-10-13T08:30")],
)
def test_after_return_variant(calendar: WorkingCalendar, profile_id: str, end: str) -> None:
    result = av_storage_deadline(
        get_profile(profile_id), at("2026-09-30T17:00"), calendar, returned_at=at("2026-10-12T08:30")
    )
    assert result is not None and result.end == at(end)


@pytest.mark.parametrize(
    "profile_id", ["taian-2017", "mingshan-emergency", "wanzhou-xinxiang-2024", "national"]
)
def test_after_return_refused_where_not_provided(calendar: WorkingCalendar, profile_id: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        av_storage_deadline(
            get_profile(profile_id), at("2026-09-30T17:00"), calendar, returned_at=at("2026-10-12T08:30")
        )
    assert raised.value.rule == "after_return_not_allowed"


def test_return_before_recording_end_is_invalid(calendar: WorkingCalendar) -> None:
    with pytest.raises(InvalidInput):
        av_storage_deadline(
            get_profile("shanxi"), at("2026-09-30T17:00"), calendar, returned_at=at("2026-09-30T08:00")
        )


def test_national_sets_no_storage_deadline(calendar: WorkingCalendar) -> None:
    assert av_storage_deadline(get_profile("national"), at("2026-09-30T17:00"), calendar) is None


@pytest.mark.parametrize(
    ("profile_id", "act", "level", "article"),
    [
        ("national", Act.INQUIRY, "not_required", "第四十七条"),
        ("national", Act.LODGING_SERVICE, "situational", "第八十九条"),
        ("taian-2017", Act.INQUIRY, "mandatory", "第十五条"),
        ("taian-2017", Act.PUBLIC_NOTICE_SERVICE, "mandatory", "第十五条"),
        ("taian-2017", Act.CORRECTION_CHECK, "not_required", "第四十七条"),
        ("mingshan-emergency", Act.INSPECTION, "mandatory", "第十三条"),
        ("mingshan-emergency", Act.INQUIRY, "situational", "第十三条"),
        ("mingshan-emergency", Act.POWER_CUT, "mandatory", "第十五条"),
        ("mingshan-emergency", Act.SIMPLE_PROCEDURE, "situational", "第二十二条"),
        ("mingshan-emergency", Act.LODGING_SERVICE, "mandatory", "第二十五条"),
        ("mingshan-emergency", Act.PUBLIC_NOTICE_SERVICE, "mandatory", "第二十七条"),
        ("mingshan-emergency", Act.CORRECTION_CHECK, "mandatory", "第二十八条"),
        ("mingshan-emergency", Act.REMOVE_OBSTRUCTION, "mandatory", "第三十条"),
        ("shanxi", Act.SEAL_SEIZE, "mandatory", "第十条"),
        ("shanxi", Act.SUBSTITUTE_PERFORMANCE, "mandatory", "第十条"),
        ("shanxi", Act.HEARING, "situational", "第十一条"),
        ("shanxi", Act.LODGING_SERVICE, "situational", "第十一条"),
        ("guangdong-2018", Act.RANDOM_CHECK, "mandatory", "第十六条"),
        ("guangdong-2018", Act.DIRECT_SERVICE, "mandatory", "第十六条"),
        ("wanzhou-xinxiang-2024", Act.SEARCH, "mandatory", "第十一条"),
        ("wanzhou-xinxiang-2024", Act.HEARING, "situational", "第十五条"),
        ("wanzhou-xinxiang-2024", Act.LODGING_SERVICE, "mandatory", "第二十条"),
        ("wanzhou-xinxiang-2024", Act.CORRECTION_CHECK, "situational", "第二十三条"),
        ("wanzhou-xinxiang-2024", Act.FORCED_DEMOLITION, "mandatory", "第二十四条"),
        ("wanzhou-xinxiang-2024", Act.FREEZE, "not_required", "第四十七条"),
    ],
)
def test_av_levels(profile_id: str, act: Act, level: str, article: str) -> None:
    obligation = recording_obligation(get_profile(profile_id), act)
    assert obligation.av == level
    assert obligation.av_citation is not None and obligation.av_citation.article == article


@pytest.mark.parametrize(
    ("profile_id", "act", "uninterrupted", "conditional"),
    [
        ("guangdong-2018", Act.RESTRICT_LIBERTY, True, False),
        ("guangdong-2018", Act.SEAL_SEIZE, False, True),
        ("shanxi", Act.SEAL_SEIZE, True, False),
        ("shanxi", Act.INQUIRY, True, False),
        ("taian-2017", Act.SEAL_SEIZE, False, False),
    ],
)
def test_uninterrupted(profile_id: str, act: Act, uninterrupted: bool, conditional: bool) -> None:
    obligation = recording_obligation(get_profile(profile_id), act)
    assert obligation.uninterrupted is uninterrupted
    assert bool(obligation.uninterrupted_when) is conditional


def test_obligation_accepts_strings_and_rejects_unknown_acts() -> None:
    assert recording_obligation(get_profile("shanxi"), "forced_demolition").av == "mandatory"
    with pytest.raises(InvalidInput) as raised:
        recording_obligation(get_profile("shanxi"), "teleport")
    assert raised.value.allowed is not None and "forced_demolition" in raised.value.allowed


def test_description_fields() -> None:
    assert electronic_record_fields(get_profile("taian-2017")) == (
        "制作方法",
        "制作时间",
        "制作人",
        "证明对象",
    )
    guangdong = electronic_record_fields(get_profile("guangdong-2018"))
    assert {"取证人员", "取证时间", "取证地点", "证明对象"} <= set(guangdong)
    assert recording_obligation(get_profile("wanzhou-xinxiang-2024"), Act.INQUIRY).audio_transcript


def test_required_records_by_step() -> None:
    mingshan = required_records(get_profile("mingshan-emergency"), Step.START_EX_OFFICIO)
    filing = next(r for r in mingshan if r.record_kind == "filing_approval")
    assert filing.fields == ("立案原因", "当事人基本情况", "承办人意见", "承办机构意见", "行政机关负责人意见")
    assert filing.citation is not None and str(filing.citation).endswith("第八条")
    xinxiang_lodging = required_records(get_profile("wanzhou-xinxiang-2024"), "service_lodging")
    assert {r.record_kind for r in xinxiang_lodging} == {"lodging_service", "lodging_service_details"}
    national_complaint = required_records(get_profile("national"), Step.START_BY_COMPLAINT)
    assert national_complaint == []
    assert [
        r.record_kind for r in required_records(get_profile("mingshan-emergency"), Step.INTERNAL_APPROVAL)
    ] == ["internal_approval"]


def test_every_step_has_a_record_somewhere() -> None:
    covered = {
        r.step
        for p in ("mingshan-emergency", "wanzhou-xinxiang-2024")
        for r in get_profile(p).record_requirements
    }
    assert covered == set(Step)


def test_unknown_step_is_invalid() -> None:
    with pytest.raises(InvalidInput) as raised:
        required_records(get_profile("national"), "lunch")
    assert raised.value.allowed is not None and "decision" in raised.value.allowed


def test_checklist_rows() -> None:
    rows = recording_checklist(get_profile("guangdong-2018"))
    liberty = next(row for row in rows if row.act is Act.RESTRICT_LIBERTY)
    assert liberty.uninterrupted and liberty.av == "mandatory"
    assert (
        liberty.storage_deadline
        == "24小时；连续工作、异地执法、在水上、边远、交通不便地区执法的，返回单位后24小时"
    )
    assert all(row.av != "not_required" for row in rows)
    assert {row.act for row in recording_checklist(get_profile("shanxi"))} >= {Act.SEAL_SEIZE, Act.HEARING}
    assert recording_checklist(get_profile("taian-2017"))[0].storage_deadline == "2个工作日"


def test_each_record_kind_has_a_retention_class() -> None:
    """保管期限 in the 卷内目录: decisions for good, what proves them long-term (广东 Art. 24 for recordings)."""
    assert document_retention("行政处罚决定书").title_zh == "永久"
    assert document_retention("查封扣押决定书").title_zh == "永久"
    assert document_retention("询问笔录").title_zh == "长期（定期30年）"
    assert set(RETENTION_BY_RECORD) >= {
        "decision",
        "case_file",
        "document",
        "text_record",
        "evidence",
        "recording",
    }
    guangdong = recording_retention(get_profile("guangdong-2018"), used_as_evidence=True)
    assert guangdong.disc_copy and "第二十四条" in str(guangdong.citation)
    assert not recording_retention(get_profile("guangdong-2018"), used_as_evidence=False).disc_copy


def test_an_act_touching_liberty_life_or_major_property_is_recorded_without_a_break() -> None:
    """广东 Art. 16 already asks an inquiry to be recorded; marked as touching liberty, life or major
    property it must also run unbroken from arrival to departure (Art. 19); 山西 raises it to 应当 (Art. 10(6))."""
    marked = (AvCircumstance.liberty_life_property,)
    guangdong = strictest_requirement(get_profile("guangdong-2018"), Act.INQUIRY, marked)
    assert guangdong.requirement.level == "mandatory" and guangdong.requirement.uninterrupted
    shanxi = strictest_requirement(get_profile("shanxi"), Act.INQUIRY, marked)
    assert (
        shanxi.requirement.level == "mandatory" and shanxi.raised_by is AvCircumstance.liberty_life_property
    )
    assert not strictest_requirement(get_profile("guangdong-2018"), Act.INQUIRY).requirement.uninterrupted
