"""Which archive period a case gets (归档期限): the regulation's, else the agency's own configured one."""

from __future__ import annotations

from casetrail.workflows.steps.archiving import archive_period
from casetrail.workflows.types import CaseStart

from .factory import plain_case_start


def start(profile_id: str, days: int | None = None, policy: str = "") -> CaseStart:
    return plain_case_start(profile_id=profile_id, agency_archive_days=days, agency_archive_policy=policy)


def test_shanxi_and_guangdong_set_no_period_so_the_agency_configured_one_applies() -> None:
    """山西 Art. 17 refers to the archives law and 广东 sets no period: nothing may be invented."""
    for profile_id in ("shanxi", "guangdong-2018"):
        assert archive_period(start(profile_id)) is None
        found = archive_period(start(profile_id, 60, "某某县市场监督管理局执法案卷管理办法"))
        assert found is not None
        period, counted_from = found
        assert (period.amount, period.unit) == (60, "calendar_days")
        assert str(period.citation) == "《某某县市场监督管理局执法案卷管理办法》"
        assert "第十七条" not in str(period.citation) and "本机关" in counted_from


def test_a_regulation_period_wins_over_the_agency_configuration() -> None:
    """明山 Art. 32 and 泰安 Art. 18: 30 days, whatever the agency configured."""
    for profile_id, article in (("mingshan-emergency", "第三十二条"), ("taian-2017", "第十八条")):
        found = archive_period(start(profile_id, 60, "本局制度"))
        assert found is not None and found[0].amount == 30 and article in str(found[0].citation)
