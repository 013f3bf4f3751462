"""The API's way into Temporal: start case workflows, send Updates, read snapshots.

An Update needs a running worker (DESIGN.md): we check that a worker polls the task queue and
bound the wait, so the caller gets a clear 503 within seconds instead of a hang. The submission id
is the Update id, so a retried request never applies a step twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.common import WorkflowIDReusePolicy
from temporalio.service import RPCError, RPCStatusCode

from casetrail import search_attributes
from casetrail.errors import NotFound, ProcedureViolation, Unavailable
from casetrail.workflows.case_workflow import CaseInput, CaseSnapshot, CaseWorkflow
from casetrail.workflows.failures import from_failure
from casetrail.workflows.service import ServiceAttempt, ServiceSnapshot, ServiceWorkflow, service_workflow_id
from casetrail.workflows.types import StepOutcome, StepRequest, TaskDecision

# A healthy worker long-polls about once a minute; older than this means nobody is polling.
POLLER_FRESHNESS = timedelta(seconds=75)
WORKER_CHECK_CACHE_SECONDS = 3.0
# Failures of the worker check that say nothing about Temporal being down.
PASSING_FAILURES = frozenset({RPCStatusCode.CANCELLED, RPCStatusCode.DEADLINE_EXCEEDED})

log = logging.getLogger(__name__)

# What a person reads when Temporal does not answer; gRPC's own (English) reason goes to the log.
TEMPORAL_DOWN = "流程引擎（Temporal）暂时无法访问，请稍后重试；运维人员可运行 `casetrail doctor` 查看原因"

NO_WORKER = (
    "没有工作进程（worker）在处理任务队列 {queue}：请启动 `casetrail worker` 或 `casetrail dev` 后重试"
)


class CaseGateway:
    def __init__(self, client: Client, *, task_queue: str, update_timeout: float) -> None:
        self.client = client
        self.task_queue = task_queue
        self.update_timeout = update_timeout
        self._worker_seen_at = 0.0

    async def worker_is_polling(self) -> bool:
        request = DescribeTaskQueueRequest(
            namespace=self.client.namespace,
            task_queue=TaskQueue(name=self.task_queue),
            task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        )
        for attempt in (1, 2):
            try:
                response = await self.client.workflow_service.describe_task_queue(
                    request,
                    timeout=timedelta(seconds=15),  # a loaded dev server answers slowly
                )
                break
            except RPCError as exc:
                # The dev server now and then cancels this one read ("operation was canceled") while
                # starts and Updates go through: ask once more, and if a worker was seen polling
                # within the freshness window, let the step go on (its Update has its own timeout).
                if exc.status not in PASSING_FAILURES:
                    raise _unreachable("describe task queue", exc) from None
                if attempt == 2:
                    if time.monotonic() - self._worker_seen_at < POLLER_FRESHNESS.total_seconds():
                        log.warning("describe task queue failed twice (%s); worker seen recently", exc.status)
                        return True
                    raise _unreachable("describe task queue", exc) from None
        now = datetime.now(UTC)
        return any(
            now - p.last_access_time.ToDatetime(tzinfo=UTC) < POLLER_FRESHNESS for p in response.pollers
        )

    async def require_worker(self) -> None:
        if time.monotonic() - self._worker_seen_at < WORKER_CHECK_CACHE_SECONDS:
            return
        if not await self.worker_is_polling():
            raise Unavailable(NO_WORKER.format(queue=self.task_queue), rule="no_worker")
        self._worker_seen_at = time.monotonic()

    async def start_case(self, case_input: CaseInput, *, workflow_id: str, agency_code: str) -> None:
        try:
            await self.client.start_workflow(
                CaseWorkflow.run,
                case_input,
                id=workflow_id,
                task_queue=self.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                search_attributes=search_attributes.initial(case_input.start.case_no, agency_code),
                rpc_timeout=timedelta(seconds=10),
            )
        except RPCError as exc:
            raise _unreachable(f"start {workflow_id}", exc) from None

    async def workflow_exists(self, workflow_id: str) -> bool:
        """Whether a start that failed on our side (a timeout) reached Temporal after all."""
        try:
            await self.client.get_workflow_handle(workflow_id).describe(rpc_timeout=timedelta(seconds=5))
        except RPCError:
            return False
        return True

    async def submit_step(self, workflow_id: str, request: StepRequest) -> StepOutcome:
        result = await self._update(workflow_id, CaseWorkflow.submit_step, request, request.submission_id)
        assert isinstance(result, StepOutcome)
        return result

    async def decide_task(self, workflow_id: str, decision: TaskDecision, submission_id: str) -> StepOutcome:
        result = await self._update(workflow_id, CaseWorkflow.decide_task, decision, submission_id)
        assert isinstance(result, StepOutcome)
        return result

    async def snapshot(self, workflow_id: str) -> CaseSnapshot:
        try:
            result = await self.client.get_workflow_handle(workflow_id).query(
                CaseWorkflow.snapshot, rpc_timeout=timedelta(seconds=self.update_timeout)
            )
        except RPCError as exc:
            raise self._rpc_error(exc) from None
        assert isinstance(result, CaseSnapshot)
        return result

    async def service_snapshot(self, case_workflow_id: str, purpose: str) -> ServiceSnapshot:
        """The service of one document (送达), running or done."""
        handle = self.client.get_workflow_handle(service_workflow_id(case_workflow_id, purpose))
        try:
            result = await handle.query(
                ServiceWorkflow.snapshot, rpc_timeout=timedelta(seconds=self.update_timeout)
            )
        except RPCError as exc:
            if exc.status == RPCStatusCode.NOT_FOUND:
                raise NotFound(
                    f"本案没有“{purpose}”文书的送达", field="purpose", rule="service_not_found"
                ) from None
            raise self._rpc_error(exc) from None
        assert isinstance(result, ServiceSnapshot)
        return result

    async def attempt_service(
        self, case_workflow_id: str, purpose: str, attempt: ServiceAttempt
    ) -> ServiceSnapshot:
        done = await self.service_snapshot(case_workflow_id, purpose)
        if done.status == "served" and any(
            a.get("submission_id") == attempt.submission_id for a in done.attempts if attempt.submission_id
        ):
            return done  # a retry of the attempt that served it: its original outcome
        if done.status == "served":
            # The service workflow completed with its result: say so rather than "not found".
            raise ProcedureViolation(
                f"{done.document.title}已于{done.served_at}送达，无需再次送达",
                field="way",
                rule="already_served",
                allowed=[],
            )
        workflow_id = service_workflow_id(case_workflow_id, purpose)
        result = await self._update(workflow_id, ServiceWorkflow.attempt, attempt, attempt.submission_id)
        assert isinstance(result, ServiceSnapshot)
        return result

    async def _update(self, workflow_id: str, update: Any, arg: Any, update_id: str) -> Any:
        await self.require_worker()
        handle = self.client.get_workflow_handle(workflow_id)
        try:
            return await asyncio.wait_for(
                handle.execute_update(update, arg, id=update_id or None), timeout=self.update_timeout
            )
        except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
            # Ours or Temporal's own deadline: either way the worker has not taken the Update.
            raise Unavailable(
                f"工作进程 {self.update_timeout:.0f} 秒内未处理该请求；请确认 worker 正在运行，"
                "并以相同的 submission_id 重试（不会重复执行）",
                rule="update_timeout",
            ) from None
        except WorkflowUpdateFailedError as exc:
            domain = from_failure(exc)
            if domain is None:
                raise
            raise domain from None
        except RPCError as exc:
            raise self._rpc_error(exc) from None

    @staticmethod
    def _rpc_error(exc: RPCError) -> Exception:
        if exc.status == RPCStatusCode.NOT_FOUND:
            if "completed" in exc.message:
                return ProcedureViolation("案件流程已结束（已归档或终止），不能再办理", rule="case_finished")
            return NotFound("案件流程不存在", rule="workflow_not_found")
        return _unreachable("update", exc)


def _unreachable(what: str, exc: RPCError) -> Unavailable:
    log.warning("Temporal %s failed: %s (%s)", what, exc.message, exc.status)
    return Unavailable(TEMPORAL_DOWN, rule="temporal_unreachable")
