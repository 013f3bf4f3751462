"""The check that a worker polls before an Update: a read the dev server cancels now and then is asked
again, and does not turn into "Temporal unreachable" when a worker was seen polling just before."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from temporalio.service import RPCError, RPCStatusCode

from casetrail.api.gateway import CaseGateway
from casetrail.errors import Unavailable


class _Service:
    def __init__(self, *answers: Exception | Any) -> None:
        self.answers, self.calls = list(answers), 0

    async def describe_task_queue(self, request: Any, timeout: Any) -> Any:
        self.calls += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def _gateway(service: _Service) -> CaseGateway:
    client = SimpleNamespace(namespace="default", workflow_service=service)
    return CaseGateway(client, task_queue="q", update_timeout=5)  # type: ignore[arg-type]


def _polled_now() -> Any:
    seen = Timestamp()
    seen.GetCurrentTime()
    return SimpleNamespace(pollers=[SimpleNamespace(last_access_time=seen)])


CANCELLED = RPCError("operation was canceled", RPCStatusCode.CANCELLED, b"")


async def test_a_cancelled_check_is_asked_again() -> None:
    service = _Service(CANCELLED, _polled_now())
    assert await _gateway(service).worker_is_polling() and service.calls == 2


async def test_twice_cancelled_passes_only_if_a_worker_was_seen_recently() -> None:
    gateway = _gateway(_Service(CANCELLED, CANCELLED))
    with pytest.raises(Unavailable, match="暂时无法访问"):
        await gateway.worker_is_polling()
    gateway = _gateway(_Service(CANCELLED, CANCELLED))
    gateway._worker_seen_at = time.monotonic()
    assert await gateway.worker_is_polling()


async def test_an_unavailable_server_is_reported_at_once() -> None:
    service = _Service(RPCError("connection refused", RPCStatusCode.UNAVAILABLE, b""))
    with pytest.raises(Unavailable, match="casetrail doctor"):
        await _gateway(service).worker_is_polling()
    assert service.calls == 1
