"""An act marked 容易引发争议 or 在执法办案场所 is recorded at the strictest of its rules (pure rules)."""

from __future__ import annotations

import pytest

from casetrail.rules.acts import EnforcementAct as Act
from casetrail.rules.recording import AvCircumstance, recording_obligation, strictest_requirement
from casetrail.rules.registry import get_profile

DISPUTE = AvCircumstance.dispute_prone
AREA = AvCircumstance.case_handling_area


@pytest.mark.parametrize(
    ("profile_id", "act", "marked", "level", "article", "raised_by"),
    [
        # As strict as the act's own: the marked circumstance's article says why it is recorded.
        ("taian-2017", Act.INQUIRY, (DISPUTE,), "mandatory", "第十五条第（五）项", DISPUTE),
        ("taian-2017", Act.INQUIRY, (), "mandatory", "第十五条", None),
        # 泰安 Art. 15(5): an act the list does not name becomes mandatory once dispute-prone.
        ("taian-2017", Act.CORRECTION_CHECK, (DISPUTE,), "mandatory", "第十五条第（五）项", DISPUTE),
        ("taian-2017", Act.CORRECTION_CHECK, (), "not_required", "第四十七条", None),
        # 山西 Art. 10(6) makes the case-handling area mandatory over Art. 11's "as the situation requires".
        ("shanxi", Act.INQUIRY, (AREA,), "mandatory", "第十条第（六）项", AREA),
        ("shanxi", Act.INQUIRY, (DISPUTE, AREA), "mandatory", "第十条第（六）项", AREA),
        # 山西 Art. 11(1): dispute-prone asks only as the situation requires; a direct service is raised to it.
        ("shanxi", Act.DIRECT_SERVICE, (DISPUTE,), "situational", "第十一条第（一）项", DISPUTE),
        ("shanxi", Act.INQUIRY, (DISPUTE,), "situational", "第十一条第（一）项", DISPUTE),
        # Stricter than the mark: the act's own article stays (山西 Art. 10(1), (2) seal and seize).
        ("shanxi", Act.SEAL_SEIZE, (DISPUTE,), "mandatory", "第十条", None),
        # 广东 Art. 16 names 容易引发争议的行政执法过程 among the mandatory ones.
        ("guangdong-2018", Act.CORRECTION_CHECK, (DISPUTE,), "mandatory", "第十六条", DISPUTE),
        # 明山 Art. 22(2) speaks of the simple procedure only; other acts keep the national default.
        ("mingshan-emergency", Act.SIMPLE_PROCEDURE, (DISPUTE,), "mandatory", "第二十二条第二款", DISPUTE),
        ("mingshan-emergency", Act.SIMPLE_PROCEDURE, (), "situational", "第二十二条", None),
        ("mingshan-emergency", Act.DIRECT_SERVICE, (DISPUTE,), "not_required", "第四十七条", None),
        # 新乡镇 names neither circumstance: a marked act keeps its own requirement.
        ("wanzhou-xinxiang-2024", Act.HEARING, (DISPUTE, AREA), "situational", "第十五条", None),
        ("wanzhou-xinxiang-2024", Act.DIRECT_SERVICE, (AREA,), "not_required", "第四十七条", None),
    ],
)
def test_the_strictest_requirement_wins_with_its_article(
    profile_id: str,
    act: Act,
    marked: tuple[AvCircumstance, ...],
    level: str,
    article: str,
    raised_by: AvCircumstance | None,
) -> None:
    obligation = recording_obligation(get_profile(profile_id), act, marked)
    assert obligation.av == level and obligation.raised_by is raised_by
    assert obligation.av_citation is not None and obligation.av_citation.article == article
    assert obligation.act is act and obligation.circumstances == marked


def test_a_recording_owed_without_a_break_by_any_applying_rule_is_owed_without_one() -> None:
    guangdong = get_profile("guangdong-2018")
    # 广东 Art. 16(2): liberty, life, major property -> uninterrupted; dispute-prone (Art. 16(1)) is not.
    assert not recording_obligation(guangdong, Act.INQUIRY, (DISPUTE,)).uninterrupted
    # 山西 Art. 14: every recording runs from arrival to the end, so the raised duty keeps it.
    assert recording_obligation(get_profile("shanxi"), Act.DIRECT_SERVICE, (AREA,)).uninterrupted


def test_marking_a_circumstance_twice_counts_once_and_a_tie_cites_the_first_mark() -> None:
    shanxi = get_profile("shanxi")
    tie = strictest_requirement(shanxi, Act.INQUIRY, (DISPUTE, DISPUTE))
    assert tie.raised_by is DISPUTE and tie.requirement.act is Act.DISPUTE_PRONE
    # Mandatory (Art. 10(6)) beats situational (Art. 11(1)) whatever the order of the marks.
    assert strictest_requirement(shanxi, Act.INQUIRY, (AREA, DISPUTE)).raised_by is AREA
    assert recording_obligation(shanxi, Act.INQUIRY, (AREA, AREA)).circumstances == (AREA,)


def test_each_circumstance_has_a_chinese_title_and_the_act_it_is_kept_as() -> None:
    assert DISPUTE.title_zh == "容易引发争议" and DISPUTE.act is Act.DISPUTE_PRONE
    assert AREA.title_zh == "在执法办案场所进行" and AREA.act.title_zh == "在执法办案场所开展的执法活动"
