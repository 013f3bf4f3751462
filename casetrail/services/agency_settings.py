"""An agency's settings changed by its administrator (the API's ``PATCH /admin/agencies/{id}`` and the
workbench's 机关设置 page): each change is kept with who made it and on what basis, append-only
(``agency_setting_changes``), since the settings decide outcomes of the cases opened after them.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from pydantic import BaseModel, Field, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from casetrail import limits
from casetrail.errors import InvalidInput
from casetrail.rules.national_citations import PENALTY_44
from casetrail.rules.registry import get_profile
from casetrail.store.models import Agency, AgencySettingChange

# A landline with area code, a mobile number, an extension (转): digits and the usual separators.
_PHONE = re.compile(r"[0-9+＋\-－—（）() 转]+")
PHONE_RULE = f"联系电话应为座机或手机号码，如 0538-8221234 或 13800000000（事先告知书载明，{PENALTY_44}）"


class StatementContact(BaseModel):
    """Whom, by what telephone and where a party states its case: the 事先告知书 names them (处罚法 Art. 44);
    the agency's defaults prefill the notice's form."""

    statement_contact_person: str | None = Field(
        default=None, min_length=1, max_length=limits.NAME_MAX, description="受理陈述、申辩的联系人"
    )
    statement_contact_phone: str | None = Field(
        default=None, max_length=limits.PHONE_MAX, description="受理陈述、申辩的联系电话"
    )
    statement_address: str | None = Field(
        default=None, min_length=1, max_length=limits.SHORT_TEXT_MAX, description="陈述、申辩的地点（地址）"
    )

    @field_validator("statement_contact_phone")
    @classmethod
    def _a_telephone_number(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 7:
            raise ValueError(PHONE_RULE)
        return value


SETTING_TITLES = {
    "name": "机关全称",
    "profile_id": "适用的全过程记录规定",
    "field_of_law": "执法领域",
    "hearing_threshold": "本机关公布的较大数额罚款标准",
    "archive_days": "本机关规定的归档期限（天）",
    "archive_policy": "规定归档期限的本机关制度名称",
    "statement_contact_person": "受理陈述、申辩的联系人",
    "statement_contact_phone": "受理陈述、申辩的联系电话",
    "statement_address": "陈述、申辩的地点（地址）",
}
_NOT_CLEARED = ("name", "profile_id")


async def change_settings(
    session: AsyncSession, *, agency: Agency, actor_id: uuid.UUID, sent: dict[str, Any], basis: str
) -> dict[str, dict[str, Any]]:
    """Apply the settings ``sent`` (JSON values; None clears one) that differ from the agency's, with
    their audit row, and commit. Returns {setting: {"from": old, "to": new}}."""
    for key in _NOT_CLEARED:
        if key in sent and sent[key] is None:
            raise InvalidInput(f"{SETTING_TITLES[key]}不能清空", field=key, rule="required")
    if "profile_id" in sent:
        get_profile(sent["profile_id"])  # NotFound listing the valid profiles
    changes = {
        key: {"from": getattr(agency, key), "to": value}
        for key, value in sent.items()
        if getattr(agency, key) != value
    }
    if not changes:
        raise InvalidInput("所填设置与现有设置相同，没有需要变更的内容", field="body", rule="no_change")
    for key, change in changes.items():
        setattr(agency, key, change["to"])
    session.add(AgencySettingChange(agency_id=agency.id, actor_id=actor_id, changes=changes, basis=basis))
    await session.commit()
    return changes
