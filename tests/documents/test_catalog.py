from __future__ import annotations

import pytest

from casetrail.documents.base import CaseDocument, DocumentData
from casetrail.documents.catalog import CATALOG, get_kind
from casetrail.documents.environment import TEMPLATE_DIR, template_version
from casetrail.errors import InvalidInput

REQUIRED_TITLES = set(
    [
        "立案审批表",
        "不予立案告知书",
        "受理通知书",
        "不予受理通知书",
        "补正通知书",
        "询问笔录",
        "现场检查（勘验）笔录",
        "调取证据通知书",
        "抽样取证通知书",
        "抽样取证物品清单",
        "先行登记保存证据通知书",
        "先行登记保存证据清单",
        "检验（鉴定）委托书",
        "查封扣押决定书",
        "查封扣押清单",
        "现场笔录",
        "行政处罚事先告知书",
        "陈述申辩笔录",
        "复核意见书",
        "听证告知书",
        "听证通知书",
        "听证笔录",
        "听证报告",
        "案件调查终结报告",
        "法制审核意见书",
        "集体讨论记录",
        "行政处罚决定书",
        "当场行政处罚决定书",
        "送达回证",
        "公告",
        "催告书",
        "加处罚款决定书",
        "行政强制执行决定书",
        "强制执行申请书",
        "结案审批表",
        "卷内目录",
        "音像记录说明",
        "查阅申请审批表",
    ]
)


def test_catalog_covers_every_required_document() -> None:
    assert {kind.title for kind in CATALOG.values()} >= REQUIRED_TITLES


@pytest.mark.parametrize("key", list(CATALOG))
def test_kind_is_complete(key: str) -> None:
    kind = CATALOG[key]
    assert (TEMPLATE_DIR / kind.template_name).is_file()
    assert issubclass(kind.model, DocumentData)
    assert kind.legal_basis and all(basis.startswith("《中华人民共和国") for basis in kind.legal_basis)
    assert kind.number_code is None or kind.number_code.endswith("字")


def test_number_codes_are_unique() -> None:
    codes = [kind.number_code for kind in CATALOG.values() if kind.number_code]
    assert len(codes) == len(set(codes))


def test_case_documents_share_the_base_fields() -> None:
    shared = set(CaseDocument.model_fields)
    assert {"agency", "party", "case_number", "issued_on", "officers"} <= shared
    for kind in CATALOG.values():
        if issubclass(kind.model, CaseDocument):
            assert shared <= set(kind.model.model_fields)


def test_template_version_changes_with_the_template_source() -> None:
    version = template_version("penalty_decision.html.j2")
    assert version.startswith("penalty_decision@")
    assert version != template_version("penalty_notice.html.j2")


def test_unknown_kind_lists_every_valid_kind() -> None:
    with pytest.raises(InvalidInput) as raised:
        get_kind("penalty_decison")
    assert raised.value.field == "kind"
    assert raised.value.allowed == list(CATALOG)
    assert "penalty_decision（行政处罚决定书）" in raised.value.message
    assert "record_access_approval" in raised.value.message
