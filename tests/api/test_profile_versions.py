"""Profiles really have versions: a case opened now pins the newest, a running case keeps its own."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from casetrail.rules import registry
from casetrail.store.db import transaction
from casetrail.store.models import Case

from .conftest import Login
from .helpers import open_case, wait_for_phase


async def _pinned(case_id: str) -> str:
    async with transaction() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        return case.profile_version


async def test_new_cases_pin_the_newest_version_and_running_cases_keep_theirs(
    api: httpx.AsyncClient, login: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = await login("officer1")
    before = await open_case(api, officer)
    profile_id = before["profile_id"]
    assert await _pinned(before["id"]) == "1"

    # A new version is published (appended, never edited): the same rules under version "2".
    current = registry.get_profile(profile_id)
    versions: dict[str, Any] = {
        **registry._INDEX[profile_id],
        "2": current.model_copy(update={"version": "2"}),
    }
    monkeypatch.setitem(registry._INDEX, profile_id, versions)

    after = await open_case(api, officer)
    assert await _pinned(after["id"]) == "2"
    assert await _pinned(before["id"]) == "1"
    # The running case goes on under version 1: its workflow reads the rules it pinned.
    detail = await wait_for_phase(api, officer, before["id"], "filing_approval")
    assert detail["case"]["profile_version"] == "1"
