"""Cases set up through the JSON API for browser tests that start mid-procedure."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.conftest import Login
from tests.api.helpers import approve_filing, open_case, wait_for_phase


async def case_in_investigation(api: httpx.AsyncClient, login: Login) -> dict[str, Any]:
    """An ex-officio case of officer1 and officer2, filing signed by the leader."""
    officer, leader = await login("officer1"), await login("leader")
    case = await open_case(api, officer)
    assert (await approve_filing(api, officer, leader, case["id"])).status_code == 200
    await wait_for_phase(api, officer, case["id"], "investigation")
    return case
