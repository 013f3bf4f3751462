from __future__ import annotations

from datetime import date

import pytest

from casetrail.errors import NotFound
from casetrail.rules import national_citations as law
from casetrail.rules.acts import EnforcementAct as Act
from casetrail.rules.profile_model import ProfileRef
from casetrail.rules.registry import get_pinned, get_profile, list_profiles, list_versions

SEED_IDS = ["taian-2017", "mingshan-emergency", "shanxi", "guangdong-2018", "wanzhou-xinxiang-2024"]


def test_list_profiles() -> None:
    assert [p.id for p in list_profiles()] == ["national", *SEED_IDS]


def test_unknown_profile_lists_valid_ids() -> None:
    with pytest.raises(NotFound) as raised:
        get_profile("beijing")
    assert raised.value.allowed == ["national", *SEED_IDS]
    assert raised.value.field == "profile_id"


def test_unknown_version_lists_valid_versions() -> None:
    with pytest.raises(NotFound) as raised:
        get_profile("taian-2017", "99")
    assert raised.value.allowed == ["1"]
    assert list_versions("taian-2017") == ["1"]


def test_pinned_ref_returns_the_same_rules() -> None:
    profile = get_profile("guangdong-2018")
    assert profile.ref == ProfileRef(id="guangdong-2018", version="1")
    assert get_pinned(profile.ref) is profile
    assert str(profile.ref) == "guangdong-2018@1"


@pytest.mark.parametrize("profile_id", SEED_IDS)
def test_seed_profiles_inherit_national(profile_id: str) -> None:
    national = get_profile("national")
    profile = get_profile(profile_id)
    assert profile.based_on == national.ref
    # every act covered exactly once
    assert sorted(r.act for r in profile.av_requirements) == sorted(Act)
    # national record duties are never dropped, local ones come after
    assert profile.record_requirements[: len(national.record_requirements)] == national.record_requirements
    assert profile.electronic_records[0] == national.electronic_records[0]
    # every AV rule and record carries a citation
    assert all(r.citation is not None for r in profile.av_requirements)
    assert all(r.citation is not None for r in profile.record_requirements)


@pytest.mark.parametrize(
    ("profile_id", "valid_from"),
    [
        ("taian-2017", date(2017, 8, 1)),
        ("guangdong-2018", date(2018, 2, 1)),
        ("wanzhou-xinxiang-2024", date(2024, 10, 15)),
        ("mingshan-emergency", None),  # 自印发之日起实施, no date in the text
        ("shanxi", None),
    ],
)
def test_valid_from(profile_id: str, valid_from: date | None) -> None:
    profile = get_profile(profile_id)
    assert profile.valid_from == valid_from
    local = [r for r in profile.av_requirements if r.citation and r.citation.law == profile.regulation_title]
    assert local and all(r.valid_from == valid_from for r in local)


def test_national_rules_date_from_their_law() -> None:
    national = get_profile("national")
    fine = next(r for r in national.record_requirements if r.citation == law.PENALTY_59)
    assert fine.valid_from == date(2021, 7, 15)


@pytest.mark.parametrize(
    ("profile_id", "allowed", "form"),
    [
        ("national", False, ""),
        ("taian-2017", True, "审批表"),
        ("mingshan-emergency", True, "立案审批表"),
        ("shanxi", False, ""),
        ("guangdong-2018", False, ""),
        ("wanzhou-xinxiang-2024", False, ""),
    ],
)
def test_emergency_start(profile_id: str, allowed: bool, form: str) -> None:
    rule = get_profile(profile_id).emergency_start
    assert (rule.allowed, rule.form) == (allowed, form)
    if allowed:
        assert rule.backfill is not None and (rule.backfill.amount, rule.backfill.unit) == (24, "hours")
        assert rule.citation is not None and rule.citation.article == "第八条"


@pytest.mark.parametrize(
    ("profile_id", "days", "counted_from"),
    [
        ("national", None, ""),
        ("taian-2017", 30, "行政执法行为执行终结之日"),
        ("mingshan-emergency", 30, "行政执法行为终结之日"),
        ("shanxi", None, ""),
        ("guangdong-2018", None, ""),
        ("wanzhou-xinxiang-2024", 30, "行政执法行为执行终结之日"),
    ],
)
def test_archive(profile_id: str, days: int | None, counted_from: str) -> None:
    rule = get_profile(profile_id).archive
    assert (rule.period.amount if rule.period else None) == days
    assert rule.counted_from == counted_from
    if rule.period is not None:
        assert rule.period.unit == "calendar_days"


@pytest.mark.parametrize(
    ("profile_id", "party_access", "supervisors"),
    [
        ("national", "not_set", False),
        ("taian-2017", "leader_approval", False),
        ("mingshan-emergency", "leader_approval", False),
        ("shanxi", "per_rules", False),
        ("guangdong-2018", "not_set", True),
        ("wanzhou-xinxiang-2024", "leader_approval", False),
    ],
)
def test_record_access(profile_id: str, party_access: str, supervisors: bool) -> None:
    rule = get_profile(profile_id).record_access
    assert (rule.party_access, rule.supervisor_retrieval_guaranteed) == (party_access, supervisors)


def test_av_procedure() -> None:
    shanxi = get_profile("shanxi").av_procedure
    assert shanxi.device_check is not None and "电量" in shanxi.device_check.items
    assert shanxi.spoken_opening is not None and "执法对象" in shanxi.spoken_opening.items
    assert shanxi.interruption is not None and shanxi.interruption.citation is not None
    guangdong = get_profile("guangdong-2018").av_procedure
    assert guangdong.device_check is None
    assert guangdong.interruption is not None
    assert any("负责人报告" in item for item in guangdong.interruption.items)
    assert get_profile("taian-2017").av_procedure.spoken_opening is None


def test_checklist_publication() -> None:
    assert get_profile("guangdong-2018").checklist is not None
    assert get_profile("guangdong-2018").checklist.public  # type: ignore[union-attr]
    shanxi = get_profile("shanxi").checklist
    assert shanxi is not None and not shanxi.public
    assert get_profile("taian-2017").checklist is None


def test_the_secrets_article_is_profile_data() -> None:
    """Taian Art. 19(4), Mingshan Art. 35, Shanxi Art. 18(2), Guangdong Art. 26(3), Xinxiang Art. 29(2)."""
    expected = {
        "taian-2017": "第十九条第四款",
        "mingshan-emergency": "第三十五条",
        "shanxi": "第十八条第二款",
        "guangdong-2018": "第二十六条第三款",
        "wanzhou-xinxiang-2024": "第二十九条第二款",
    }
    for profile_id, article_zh in expected.items():
        profile = get_profile(profile_id)
        secrets = profile.record_access.secrets
        assert secrets is not None and str(secrets) == f"《{profile.regulation_title}》{article_zh}"
        assert "秘密" in secrets.text
    assert get_profile("national").record_access.secrets is None
