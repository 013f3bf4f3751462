"""The statuses the store keeps for cases, approval tasks, deadlines, recording duties and uploads, each
with the one Chinese title people see.

A leaf module (stdlib only), like roles.py: the store types its columns with these enumerations, and the
API and the workbench show ``.title``. A stored value outside an enumeration is refused when read, so no
English status can reach a page.
"""

from __future__ import annotations

from enum import StrEnum


class _Titled(StrEnum):
    @property
    def title(self) -> str:  # type: ignore[override]  # the Chinese title, not str.title()
        # Keyed by class: members of different enumerations with the same value compare equal.
        return _TITLES[type(self)][self.value]


class CaseStatus(_Titled):
    open = "open"
    closed = "closed"
    archived = "archived"
    voided = "voided"  # the workflow never started; the number is spoiled with its reason


class ApprovalStatus(_Titled):
    open = "open"
    signed = "signed"


class DeadlineStatus(_Titled):
    open = "open"
    met = "met"
    overdue = "overdue"
    cancelled = "cancelled"


class AvRequirement(_Titled):
    mandatory = "mandatory"
    situational = "situational"


class AvObligationStatus(_Titled):
    open = "open"
    fulfilled = "fulfilled"
    overdue = "overdue"


class MeasureStatus(_Titled):
    """A 先行登记保存 or 查封/扣押 (强制法 Art. 24-28) from the request to its end."""

    pending = "pending"
    refused = "refused"
    active = "active"
    overdue = "overdue"
    released = "released"
    decided = "decided"


class FreezeStatus(_Titled):
    """A freeze of deposits or remittances (冻结, 强制法 Art. 29-33)."""

    pending = "pending"
    refused = "refused"
    active = "active"
    released = "released"
    lapsed = "lapsed"


class UploadStatus(_Titled):
    open = "open"
    completed = "completed"
    rejected = "rejected"  # the bytes did not match the declared sha256


_TITLES: dict[type[_Titled], dict[str, str]] = {
    CaseStatus: {
        "open": "办理中",
        "closed": "已结案",
        "archived": "已归档",
        "voided": "已作废（流程未能启动）",
    },
    ApprovalStatus: {
        "open": "待签批",
        "signed": "已签批",
    },
    DeadlineStatus: {
        "open": "进行中",
        "met": "已完成",
        "overdue": "已超期",
        "cancelled": "已撤销",
    },
    MeasureStatus: {
        "pending": "尚待审批",
        "refused": "未获批准",
        "active": "正在实施",
        "overdue": "期限已届满未作处理",
        "released": "已经解除",
        "decided": "已作出处理决定",
    },
    FreezeStatus: {
        "pending": "尚待审批",
        "refused": "未获批准",
        "active": "冻结中",
        "released": "已经解除",
        "lapsed": "期限已届满",
    },
    AvRequirement: {
        "mandatory": "应当全程音像记录",
        "situational": "视情况音像记录",
    },
    AvObligationStatus: {
        "open": "待上传",
        "fulfilled": "已上传",
        "overdue": "已超期",
    },
    UploadStatus: {
        "open": "上传中",
        "completed": "已完成",
        "rejected": "已作废（校验未通过）",
    },
}
