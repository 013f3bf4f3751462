"""较大数额 for the hearing right (处罚法 Art. 63) as data per field of law and province."""

from __future__ import annotations

from casetrail.api.case_service import agency_hearing_threshold
from casetrail.rules.hearing_thresholds import (
    STANDARDS,
    FieldOfLaw,
    LargeAmount,
    ThresholdStandard,
    standard_for,
)
from casetrail.rules.penalties import Penalty, PenaltyKind, hearing_grounds
from casetrail.rules.registry import get_profile
from casetrail.store.models import Agency

ART_63_1 = "《中华人民共和国行政处罚法》第六十三条第一款第（一）项"


def fine(yuan: int) -> Penalty:
    return Penalty(kinds=[PenaltyKind.FINE], fine_fen=yuan * 100)


def test_60000_yuan_on_a_company_under_mingshan_carries_the_hearing_right() -> None:
    """安全生产违法行为行政处罚办法 Art. 33 ¶2: 3万元 for a 生产经营单位, 1万元 for a person, where the
    province sets none."""
    threshold = get_profile("mingshan-emergency").hearing_threshold()
    grounds = hearing_grounds(fine(60_000), "organisation", threshold)
    assert [g.citation for g in grounds] == [ART_63_1]
    assert "安全生产违法行为行政处罚办法第三十三条" in grounds[0].reason
    assert [g.citation for g in hearing_grounds(fine(30_000), "organisation", threshold)] == [ART_63_1]
    assert hearing_grounds(fine(29_999), "organisation", threshold) == []
    assert [g.citation for g in hearing_grounds(fine(10_000), "person", threshold)] == [ART_63_1]
    assert hearing_grounds(fine(9_999), "person", threshold) == []


def test_market_regulation_keeps_its_own_amounts() -> None:
    threshold = get_profile("taian-2017").hearing_threshold()
    assert hearing_grounds(fine(60_000), "organisation", threshold) == []
    assert threshold.source == "市场监督管理行政处罚听证办法第五条"
    assert get_profile("taian-2017").hearing_threshold(FieldOfLaw.WORK_SAFETY).organisation_fen == 3_000_000


def test_a_provincial_standard_wins_over_the_national_one() -> None:
    local = LargeAmount(person_fen=300_000, organisation_fen=3_000_000, source="某省安全生产听证标准")
    standards = (*STANDARDS, ThresholdStandard(field=FieldOfLaw.WORK_SAFETY, province="某省", amount=local))
    assert standard_for(FieldOfLaw.WORK_SAFETY, "某省", standards) == local
    assert standard_for(FieldOfLaw.WORK_SAFETY, "他省", standards).organisation_fen == 3_000_000


def test_an_agency_published_standard_overrides_field_and_province() -> None:
    own = LargeAmount(person_fen=500_000, organisation_fen=4_000_000, source="本局较大数额罚款标准公告")
    published = Agency(profile_id="mingshan-emergency", hearing_threshold=own.model_dump())
    assert agency_hearing_threshold(published) == own
    work_safety = Agency(profile_id="taian-2017", field_of_law="work_safety", hearing_threshold=None)
    assert agency_hearing_threshold(work_safety).organisation_fen == 3_000_000
    mingshan = Agency(profile_id="mingshan-emergency", field_of_law=None, hearing_threshold=None)
    assert [
        g.citation for g in hearing_grounds(fine(60_000), "organisation", agency_hearing_threshold(mingshan))
    ] == [ART_63_1]
