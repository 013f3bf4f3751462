"""Phases and roles are enumerations with one Chinese title each, and stored values stay strings."""

from __future__ import annotations

import json

from casetrail.roles import Role, role_title, role_titles
from casetrail.store.models import ROLE_NAMES_ZH
from casetrail.workflows.phases import PHASE_TITLES, Phase, phase_title


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and not any(
        ch.isascii() and ch.isalpha() for ch in text
    )


def test_every_phase_and_role_has_a_chinese_title() -> None:
    assert set(PHASE_TITLES) == set(Phase)
    assert all(_chinese(phase.title) for phase in Phase)
    assert all(_chinese(role.title) for role in Role)
    assert len({phase.title for phase in Phase}) == len(Phase)
    assert ROLE_NAMES_ZH[Role.archivist] == "档案管理人员"


def test_stored_values_stay_plain_strings() -> None:
    # Histories and the read model hold the string values; the enumeration must serialise to them.
    assert json.dumps({"phase": Phase.rights_window}) == '{"phase": "rights_window"}'
    assert Phase("overdue") is Phase.overdue and "investigation" in {Phase.investigation}


def test_titles_of_stored_values() -> None:
    assert phase_title("overdue") == "逾期未履行"
    assert phase_title("no_such_phase") == "未知阶段"
    assert role_title("leader") == "行政机关负责人"
    assert role_titles(["archivist", "officer"]) == "执法人员、档案管理人员"
