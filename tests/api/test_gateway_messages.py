"""What a person reads when Temporal does not answer: Chinese and a next step, never gRPC's English."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from casetrail.api.gateway import TEMPORAL_DOWN, CaseGateway
from casetrail.errors import Unavailable


class _Refusing:
    namespace = "default"

    async def start_workflow(self, *args: Any, **kwargs: Any) -> None:
        raise RPCError("connection refused: tcp connect error", RPCStatusCode.UNAVAILABLE, b"")


async def test_an_unreachable_temporal_is_reported_in_chinese(caplog: pytest.LogCaptureFixture) -> None:
    gateway = CaseGateway(cast(Client, _Refusing()), task_queue="q", update_timeout=1)
    with pytest.raises(Unavailable) as refused:
        case = SimpleNamespace(start=SimpleNamespace(case_no="泰市监立字〔2026〕第1号"))
        await gateway.start_case(cast(Any, case), workflow_id="case-x", agency_code="a")
    assert refused.value.message == TEMPORAL_DOWN and refused.value.rule == "temporal_unreachable"
    assert "connection refused" not in refused.value.message
    assert "connection refused" in caplog.text  # the reason is kept for ops
