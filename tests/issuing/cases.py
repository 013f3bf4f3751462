"""Cases written straight into the read model, for tests of what happens to a case's documents."""

from __future__ import annotations

import uuid
from typing import Any

from tests.workflows.factory import insert_case

#: A legal person with everything the case documents print about a party.
PARTY: dict[str, Any] = {
    "name": "泰安市岱宗食品有限公司",
    "kind": "organisation",
    "id_number": "91370902MA3C7Q2X4Y",
    "address": "泰安市泰山区温泉路16号",
    "representative": "张明远",
}


async def new_case(party: dict[str, Any] | None = None) -> uuid.UUID:
    """A case of the district agency in investigation, handled by officer1 (lead) and officer2."""
    case, _, _ = await insert_case(cause="经营超过保质期食品", party=party or PARTY, phase="investigation")
    return case.id
