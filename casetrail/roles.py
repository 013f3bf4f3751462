"""Roles a person holds in an agency, each with the one Chinese name people see.

A leaf module (stdlib only): the store, the API and the workflows all name roles through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    officer = "officer"  # 执法人员 (holds an enforcement certificate, 执法证)
    unit_head = "unit_head"  # 承办机构负责人
    legal_reviewer = "legal_reviewer"  # 法制审核人员
    leader = "leader"  # 行政机关负责人
    archivist = "archivist"  # 档案管理人员
    supervisor = "supervisor"  # 监督人员（法制机构、上级机关）
    ops = "ops"  # 运维
    admin = "admin"  # 系统管理员

    @property
    def title(self) -> str:  # type: ignore[override]  # the Chinese name, not str.title()
        return ROLE_TITLES[self]


ROLE_TITLES: dict[Role, str] = {
    Role.officer: "执法人员",
    Role.unit_head: "承办机构负责人",
    Role.legal_reviewer: "法制审核人员",
    Role.leader: "行政机关负责人",
    Role.archivist: "档案管理人员",
    Role.supervisor: "监督人员",
    Role.ops: "运维人员",
    Role.admin: "系统管理员",
}


def role_title(role: str) -> str:
    """The Chinese name of a stored role value (an unknown value is never shown as it is)."""
    try:
        return Role(role).title
    except ValueError:
        return "未知角色"


def role_titles(roles: Iterable[str]) -> str:
    """Roles as people read them: "执法人员、档案管理人员" (stable order: the enumeration's)."""
    held = {str(r) for r in roles}
    return "、".join(role.title for role in Role if role.value in held)
