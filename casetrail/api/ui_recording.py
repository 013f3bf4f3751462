"""What the case page shows and asks about recordings: the points a recording's description must
answer under the case's regulation, and the keeping marks of each stored item (广东 Art. 24)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from casetrail.rules.profile_model import ProcedureObligation, Profile
from casetrail.store.models import EvidenceItem

PointGroupName = Literal["content", "opening", "device_checked"]


@dataclass(frozen=True)
class PointGroup:
    """One list of items the upload form asks about, each answered in the description's ``name`` field."""

    name: PointGroupName
    legend: str
    citation: str
    items: tuple[str, ...]
    checkboxes: bool = False


def upload_points(profile: Profile) -> list[PointGroup]:
    """重点记录内容 (泰安 Art. 16, 山西 Art. 12, 广东 Art. 17, 新乡镇 Art. 12), the spoken opening
    (山西 Art. 14, 广东 Art. 18) and the device check (山西 Art. 13), where the regulation asks them."""
    procedure = profile.av_procedure
    wanted: list[tuple[PointGroupName, ProcedureObligation | None, str, bool]] = [
        ("content", procedure.content_points, "音像记录重点记录的内容（逐项写明，未涉及的写明原因）", False),
        ("opening", procedure.spoken_opening, "开始记录时语音说明的内容（逐项）", False),
        ("device_checked", procedure.device_check, "记录开始前检查的设备项目", True),
    ]
    return [
        PointGroup(name, legend, str(rule.citation) if rule.citation else "", rule.items, checkboxes)
        for name, rule, legend, checkboxes in wanted
        if rule is not None and rule.items
    ]


def keeping_marks(item: EvidenceItem) -> str:
    """保管期限 and, for a recording used as evidence under 广东 Art. 24, the disc copy, as a person reads it."""
    meta = item.meta or {}
    retention = meta.get("retention")
    if not retention:
        return ""
    marks = f"保管期限：{retention}"
    if meta.get("disc_copy"):
        marks += "；复制到光盘后附卷归档"
    basis = meta.get("retention_basis")
    return f"{marks}（{basis}）" if basis else marks
